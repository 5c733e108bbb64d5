package main

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// fixtureLine is the fixture server as list prints it when piped.
const fixtureLine = "iss-sandbox-hasserver\texisting-hz\tvpn-sandbox-hasserver\tcn-hangzhou\t10.50.0.0/28\t172.19.0.0/16\t2\t5\t2024-02-01T08:00:00Z\tweak"

// listLines splits piped output into its lines' fields.
func listLines(t *testing.T, stdout string) [][]string {
	t.Helper()
	var out [][]string
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if l == "" {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 10 {
			t.Fatalf("a line of %d fields, want 10: %q", len(f), l)
		}
		out = append(out, f)
	}
	return out
}

func TestListOneRegionPiped(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("list")...)
	expect(t, r, 0)
	if r.stdout != fixtureLine+"\n" {
		t.Errorf("stdout = %q, want exactly\n%q", r.stdout, fixtureLine+"\n")
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
	if strings.Contains(r.stdout, sandbox.ExistingServerPsk) {
		t.Error("list printed the key")
	}
}

// Every page is read: with --page-size 1 the two servers of cn-hangzhou take
// two ListIpsecServers calls, and both are listed once; the gateway filter
// leaves one.
func TestListEveryPage(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	id := createServerVia(t, sb, regionHZ, readyGW, readyVPC1)
	env := sb.env(t.TempDir())
	before := sb.RequestCount("ListIpsecServers")
	r := runCLI(t, "", env, sb.args("list", "--page-size", "1")...)
	expect(t, r, 0)
	if n := sb.RequestCount("ListIpsecServers") - before; n != 2 {
		t.Errorf("ListIpsecServers calls = %d, want 2 (two pages of one)", n)
	}
	var ids []string
	for _, f := range listLines(t, r.stdout) {
		ids = append(ids, f[0])
	}
	slices.Sort(ids)
	want := []string{id, sandbox.ExistingServerID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("listed %v, want %v", ids, want)
	}
	// The new server: its recommended proposals are not weak.
	for _, f := range listLines(t, r.stdout) {
		if f[0] == id && (f[1] != "office" || f[2] != readyGW || f[4] != freePool || f[6] != "0" || f[9] != "ok") {
			t.Errorf("the new server's line: %q", f)
		}
	}

	r = runCLI(t, "", env, sb.args("list", "--vpn-gateway-id", readyGW, "--page-size", "1")...)
	expect(t, r, 0)
	if lines := listLines(t, r.stdout); len(lines) != 1 || lines[0][0] != id {
		t.Errorf("--vpn-gateway-id %s listed %q", readyGW, r.stdout)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--page-size", "21"}, "--page-size"},
		{[]string{"list", "--vpn-gateway-id", "VPN-X"}, "--vpn-gateway-id"},
		{[]string{"list", "--all-regions", "--region", regionHZ}, "--all-regions"},
		{[]string{"list", "extra"}, "unknown command"},
	} {
		before := sb.RequestCount("ListIpsecServers")
		expect(t, runCLI(t, "", env, sb.args(tc.args...)...), 2, tc.want)
		if n := sb.RequestCount("ListIpsecServers") - before; n != 0 {
			t.Errorf("%v sent %d calls", tc.args, n)
		}
	}
}

// --all-regions: every region DescribeRegions names, Beijing with none.
func TestListAllRegions(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	sh := createServerVia(t, sb, sandbox.RegionShanghai, sandbox.GatewayShReady, "172.30.0.0/16")
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, sb.args("list", "--all-regions")...)
	expect(t, r, 0)
	lines := listLines(t, r.stdout)
	if len(lines) != 2 || strings.Join(lines[0], "\t") != fixtureLine || lines[1][0] != sh || lines[1][3] != sandbox.RegionShanghai {
		t.Errorf("--all-regions printed\n%s", r.stdout)
	}
	if n := sb.RequestCount("ListIpsecServers"); n != 3 {
		t.Errorf("ListIpsecServers calls = %d, want one per region (3)", n)
	}

	// JSON: an array of servers with the API's names, never the key.
	r = runCLI(t, "", env, sb.args("list", "--all-regions", "--output", "json")...)
	expect(t, r, 0)
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, r.stdout)
	}
	if len(items) != 2 {
		t.Fatalf("%d servers in JSON, want 2", len(items))
	}
	for _, it := range items {
		hasKeys(t, "server", it, "IpsecServerId", "IpsecServerName", "VpnGatewayId", "RegionId", "ClientIpPool", "LocalSubnet",
			"InternetIp", "OnlineClientCount", "MaxConnections", "CreationTime", "IkeConfig", "IpsecConfig", "PskEnabled", "security")
		if _, ok := it["Psk"]; ok {
			t.Errorf("a server in JSON holds Psk")
		}
	}
	if items[0]["IpsecServerId"] != sandbox.ExistingServerID || items[0]["OnlineClientCount"] != float64(2) ||
		items[0]["security"] != "weak" || items[1]["RegionId"] != sandbox.RegionShanghai || items[1]["security"] != "ok" {
		t.Errorf("JSON = %s", r.stdout)
	}
	if strings.Contains(r.stdout, sandbox.ExistingServerPsk) || strings.Contains(r.stdout, canaryPsk) {
		t.Error("the JSON holds a key")
	}
}

// A region that cannot be read is named, with why, and the exit code says
// it; the regions that could be read are still listed.
func TestListRegionFailure(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	proxy := regionProxy(t, sb, sandbox.RegionShanghai)
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, "--endpoint", proxy, "list", "--all-regions")
	expect(t, r, 1, "region cn-shanghai could not be read", "InvalidRegionId", "req-region-refused", "what to do:")
	if r.stdout != fixtureLine+"\n" {
		t.Errorf("stdout = %q, want the servers of the other regions", r.stdout)
	}
	r = runCLI(t, "", env, "--endpoint", proxy, "list", "--all-regions", "--output", "json")
	expect(t, r, 1, "cn-shanghai")
	var items []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil || len(items) != 1 {
		t.Errorf("JSON stdout = %s (%v), want the one server that could be read", r.stdout, err)
	}
	// One region asked for, and it fails: the error alone.
	r = runCLI(t, "", env, "--endpoint", proxy, "--region", sandbox.RegionShanghai, "list", "--output", "json")
	expect(t, r, 1)
	m := decodeOne(t, r.stdout)
	if e := obj(t, m, "error"); e["code"] != "InvalidRegionId" || e["remedy"] == "" || e["requestId"] != "req-region-refused" {
		t.Errorf("error = %v", e)
	}
}

func TestListEmpty(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, sb.args("--region", sandbox.RegionBeijing, "list")...)
	expect(t, r, 0)
	if r.stdout != "" || r.stderr != "No IPsec servers in cn-beijing.\n" {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	r = runCLI(t, "", env, sb.args("--region", sandbox.RegionBeijing, "list", "--output", "json")...)
	expect(t, r, 0)
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("JSON stdout = %q, want []", r.stdout)
	}
	r = runCLIOnTerminal(t, env, 100, sb.args("list", "--vpn-gateway-id", readyGW)...)
	expect(t, r, 0)
	if r.stdout != "No IPsec server on gateway vpn-sandbox-ready in cn-hangzhou.\n" {
		t.Errorf("on a terminal: stdout %q", r.stdout)
	}
}

// A region the service does not have is an error, not an empty list that
// reads as "no servers there".
func TestListUnknownRegion(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("--region", "cn-nowhere", "list")...)
	expect(t, r, 1)
	if r.stdout != "" || !strings.Contains(r.stderr, "InvalidRegionId.NotFound") || !strings.Contains(r.stderr, "Check --region") {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
}

// On a terminal the table fits the width: every column when there is room,
// fewer (the creation time first) when there is not, never a line wider than
// the terminal, the id, the clients and the mark always.
func TestListTableFitsTheWidth(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	createServerVia(t, sb, regionHZ, readyGW, readyVPC1)
	env := sb.env(t.TempDir())
	for _, tc := range []struct {
		cols         int
		want, hidden []string
	}{
		{160, []string{"ID", "NAME", "GATEWAY", "CLIENT POOL", "LOCAL SUBNETS", "CLIENTS", "CREATED", "SECURITY", "existing-hz", "2024-02-01 08:00"}, nil},
		{120, []string{"NAME", "GATEWAY", "LOCAL SUBNETS", "existing-hz"}, []string{"CREATED"}},
		{80, []string{"NAME", "CLIENTS", "SECURITY"}, []string{"CREATED", "LOCAL SUBNETS"}},
		{45, []string{"ID", "CLIENTS", "SECURITY"}, []string{"CREATED", "GATEWAY", "NAME"}},
	} {
		r := runCLIOnTerminal(t, env, tc.cols, sb.args("list")...)
		expect(t, r, 0)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		wantLines := 5 // header, two servers, the footer, and a note of what is left out
		if tc.hidden == nil {
			wantLines = 4
		}
		if len(lines) != wantLines {
			t.Errorf("%d columns: %d lines:\n%s", tc.cols, len(lines), r.stdout)
			continue
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > tc.cols {
				t.Errorf("%d columns: a line of %d: %q", tc.cols, w, l)
			}
		}
		header := strings.Fields(lines[0])
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%d columns: no %q in\n%s", tc.cols, w, r.stdout)
			}
		}
		for _, h := range tc.hidden {
			if strings.Contains(lines[0], h) {
				t.Errorf("%d columns: %s still shown:\n%s", tc.cols, h, r.stdout)
			}
			if note := lines[len(lines)-1]; tc.cols >= 80 && !strings.Contains(note, strings.ToLower(h)) {
				t.Errorf("%d columns: the note does not say %s is left out: %q", tc.cols, h, note)
			}
		}
		for _, l := range lines[1:3] {
			if !strings.HasPrefix(l, "iss-") || !regexp.MustCompile(`\d/5\s.*\s(ok|weak)$`).MatchString(l) {
				t.Errorf("%d columns: row %q lacks its id, clients or mark", tc.cols, l)
			}
		}
		if header[0] != "ID" || strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("%d columns: header %v; escape sequences without a colour terminal: %q", tc.cols, header, r.stdout)
		}
		if !strings.HasPrefix(lines[3], "2 IPsec servers, 2 clients online") {
			t.Errorf("footer %q", lines[3])
		}
		if tc.hidden != nil && !strings.HasPrefix(lines[4], "Not shown for the width") {
			t.Errorf("note %q", lines[4])
		}
	}
}

// --accessible (or ACCESSIBLE=1) on a terminal: a line per server that
// names each value, for a screen reader.
func TestListAccessible(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLIOnTerminal(t, sb.env(t.TempDir(), "ACCESSIBLE=1"), 100, sb.args("list")...)
	expect(t, r, 0)
	want := "IPsec server iss-sandbox-hasserver, name existing-hz, gateway vpn-sandbox-hasserver, region cn-hangzhou, " +
		"client pool 10.50.0.0/28, local subnets 172.19.0.0/16, 2 of 5 clients online, created 2024-02-01T08:00:00Z, security weak.\n"
	if r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
}

// The built binary on a real pseudo-terminal: a coloured table that fits,
// and none of it coloured with NO_COLOR.
func TestListTableOnTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	for _, tc := range []struct {
		name    string
		cols    int
		env     []string
		colored bool
	}{{"colour", 100, nil, true}, {"NO_COLOR", 70, []string{"NO_COLOR=1"}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runOnTerminal(t, sb.env(t.TempDir(), tc.env...), tc.cols, 10, sb.args("list")...)
			if r.code != 0 {
				t.Fatalf("exit %d:\n%q", r.code, r.raw.String())
			}
			screen := r.screen()
			var header, row string
			for _, l := range screen {
				switch {
				case strings.HasPrefix(l, "ID "):
					header = l
				case strings.HasPrefix(l, sandbox.ExistingServerID):
					row = l
				}
			}
			if !strings.Contains(header, "CLIENTS") || !strings.Contains(header, "SECURITY") || !strings.HasSuffix(row, "weak") ||
				!strings.Contains(row, "2/5") {
				t.Errorf("the screen shows no fitting table (header %q, row %q):\n%s", header, row, strings.Join(screen, "\n"))
			}
			if got := sgr.MatchString(r.raw.String()); got != tc.colored {
				t.Errorf("colour sequences: %v, want %v:\n%q", got, tc.colored, r.raw.String())
			}
		})
	}
}
