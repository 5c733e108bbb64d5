package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"howett.net/plist"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

const fixtureID = sandbox.ExistingServerID

func TestShowMasksTheKey(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("show", fixtureID)...)
	expect(t, r, 0)
	for _, want := range []string{
		"IPsec server iss-sandbox-hasserver (existing-hz)",
		"vpn-sandbox-hasserver (hasserver-hz), active",
		"2 of 5 connections",
		"Local subnets (LocalSubnet)", "172.19.0.0/16",
		"10.50.0.0/28 (4 clients, a /30 each)",
		"ikev2, aes-sha1-group2, lifetime 86400s",
		"Local identity (LocalId)", "203.0.113.13",
		"Remote identity (RemoteId)", "any",
		"weak   IkeAuthAlg: sha1 is weak", "weak   IpsecPfs: group2 is weak",
		"Server address        203.0.113.13",
		"Server identity       203.0.113.13 (the client's remote ID)",
		"Pre-shared key        ********",
		"--reveal-psk",
		"ipsecwiz show iss-sandbox-hasserver --export strongswan --region cn-hangzhou",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, sandbox.ExistingServerPsk) {
		t.Error("show printed the key without --reveal-psk")
	}
	// JSON: no key anywhere.
	r = runCLI(t, "", sb.env(t.TempDir()), sb.args("show", fixtureID, "--output", "json")...)
	expect(t, r, 0)
	m := decodeOne(t, r.stdout)
	hasKeys(t, "show", m, "server", "gateway", "assessment", "client")
	srv := obj(t, m, "server")
	if _, ok := srv["Psk"]; ok || strings.Contains(r.stdout, sandbox.ExistingServerPsk) {
		t.Errorf("JSON without --reveal-psk holds the key:\n%s", r.stdout)
	}
	if srv["IpsecServerId"] != fixtureID || srv["OnlineClientCount"] != float64(2) || srv["security"] != "weak" {
		t.Errorf("server = %v", srv)
	}
	if gw := obj(t, m, "gateway"); gw["Status"] != "active" || gw["VpnGatewayId"] != sandbox.GatewayHasServer {
		t.Errorf("gateway = %v", gw)
	}
	c := obj(t, m, "client")
	hasKeys(t, "client", c, "serverAddress", "serverIdentity", "IkeConfig", "IpsecConfig", "ClientIpPool", "poolClients",
		"LocalSubnet", "MaxConnections", "OnlineClientCount", "exports")
	if c["serverAddress"] != "203.0.113.13" || c["serverIdentity"] != "203.0.113.13" || c["poolClients"] != float64(4) {
		t.Errorf("client = %v", c)
	}
	if a, ok := m["assessment"].([]any); !ok || len(a) != 4 {
		t.Errorf("assessment = %v, want the four weak settings", m["assessment"])
	}
}

func TestShowRevealsTheKeyOnRequest(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("show", fixtureID, "--reveal-psk")...)
	expect(t, r, 0, "Pre-shared key        "+sandbox.ExistingServerPsk)
	r = runCLI(t, "", sb.env(t.TempDir()), sb.args("show", fixtureID, "--reveal-psk", "--output", "json")...)
	expect(t, r, 0)
	if got := obj(t, decodeOne(t, r.stdout), "server")["Psk"]; got != sandbox.ExistingServerPsk {
		t.Errorf("JSON Psk with --reveal-psk = %v", got)
	}
	// On a terminal too, as asked.
	r = runCLIOnTerminal(t, sb.env(t.TempDir()), 120, sb.args("show", fixtureID, "--reveal-psk")...)
	expect(t, r, 0, sandbox.ExistingServerPsk)
}

func TestShowUnknownServer(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, sb.args("show", "iss-sandbox-nope")...)
	expect(t, r, 1, "no IPsec server iss-sandbox-nope in cn-hangzhou", "No IPsec server with this ID exists",
		"ipsecwiz list --region cn-hangzhou", "RequestId:")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
	// In another region it is not there either.
	expect(t, runCLI(t, "", env, sb.args("--region", sandbox.RegionShanghai, "show", fixtureID)...), 1,
		"no IPsec server iss-sandbox-hasserver in cn-shanghai")
	r = runCLI(t, "", env, sb.args("show", "iss-sandbox-nope", "--output", "json")...)
	expect(t, r, 1)
	e := obj(t, decodeOne(t, r.stdout), "error")
	if e["code"] != "InvalidIpsecServerId.NotFound" || !strings.Contains(e["remedy"].(string), "ipsecwiz list") || e["requestId"] == "" {
		t.Errorf("error = %v", e)
	}
	// A malformed id is a usage error, and nothing is sent.
	before := sb.RequestCount("ListIpsecServers")
	expect(t, runCLI(t, "", env, sb.args("show", "ISS-SANDBOX-HASSERVER")...), 2, "iss-sandbox-hasserver")
	expect(t, runCLI(t, "", env, sb.args("show")...), 2, "accepts 1 arg")
	if n := sb.RequestCount("ListIpsecServers") - before; n != 0 {
		t.Errorf("refused input sent %d calls", n)
	}
}

// show --export strongswan writes a file of mode 0600 holding the server's
// key as 0s + base64, never the key on stdout; an existing file needs
// --force; "-" prints it without the key.
func TestShowExportStrongSwan(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	dir := t.TempDir()
	path := filepath.Join(dir, "office.conf")
	r := runCLI(t, "", env, sb.args("show", fixtureID, "--export", "strongswan", "--export-file", path)...)
	expect(t, r, 0, "Wrote "+path+" (with the pre-shared key, mode 0600)", "swanctl --load-all")
	if m := fileMode(t, path); m != 0o600 {
		t.Errorf("mode %04o, want 0600", m)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	key := "0s" + base64.StdEncoding.EncodeToString([]byte(sandbox.ExistingServerPsk))
	for _, want := range []string{key, "remote_addrs = 203.0.113.13", "aes128-sha1-modp1024", "172.19.0.0/16"} {
		if !strings.Contains(conf, want) {
			t.Errorf("the file lacks %q:\n%s", want, conf)
		}
	}
	if strings.Contains(r.stdout+r.stderr, sandbox.ExistingServerPsk) || strings.Contains(r.stdout+r.stderr, key) {
		t.Error("the key reached stdout or stderr")
	}
	expect(t, runCLI(t, "", env, sb.args("show", fixtureID, "--export", "strongswan", "--export-file", path)...), 2, "already exists", "--force")
	expect(t, runCLI(t, "", env, sb.args("show", fixtureID, "--export", "strongswan", "--export-file", path, "--force")...), 0, "Wrote")

	r = runCLI(t, "", env, sb.args("show", fixtureID, "--export", "strongswan", "--export-file", "-")...)
	expect(t, r, 0, "the pre-shared key is not in it")
	if !strings.Contains(r.stdout, "connections {") || strings.Contains(r.stdout, key) || strings.Contains(r.stdout, sandbox.ExistingServerPsk) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

// The default file is named after the server in the working directory: the
// built binary, in a directory of its own.
func TestShowExportDefaultFile(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	cmd := exec.Command(binPath, sb.args("show", fixtureID, "--export", "apple")...)
	cmd.Env, cmd.Dir = sb.env(t.TempDir()), dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if len(out) != 0 {
		t.Errorf("stdout = %q", out)
	}
	path := filepath.Join(dir, fixtureID+".mobileconfig")
	if m := fileMode(t, path); m != 0o600 {
		t.Errorf("mode %04o, want 0600", m)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var profile map[string]any
	if _, err := plist.Unmarshal(b, &profile); err != nil {
		t.Fatalf("the profile is no plist: %v", err)
	}
	content := profile["PayloadContent"].([]any)[0].(map[string]any)
	ikev2 := content["IKEv2"].(map[string]any)
	if ikev2["SharedSecret"] != sandbox.ExistingServerPsk || ikev2["RemoteAddress"] != "203.0.113.13" ||
		ikev2["RemoteIdentifier"] != "203.0.113.13" {
		t.Errorf("IKEv2 = %v", ikev2)
	}
	if strings.Contains(stderr.String(), sandbox.ExistingServerPsk) {
		t.Error("stderr holds the key")
	}
}

func TestShowExportRefusals(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	before := sb.RequestCount("ListIpsecServers")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--export", "windows"}, "L2TP"},
		{[]string{"--export", "nope"}, "want one of"},
		{[]string{"--export", "strongswan", "--reveal-psk"}, "--reveal-psk"},
		{[]string{"--export-file", "x"}, "go with --export"},
	} {
		expect(t, runCLI(t, "", env, sb.args(append([]string{"show", fixtureID}, tc.args...)...)...), 2, tc.want)
	}
	if n := sb.RequestCount("ListIpsecServers") - before; n != 0 {
		t.Errorf("refused exports sent %d calls", n)
	}
	// Apple's profile holds the key: never on stdout.
	expect(t, runCLI(t, "", env, sb.args("show", fixtureID, "--export", "apple", "--export-file", "-")...), 2,
		"never goes to standard output")
	// An export without the key goes to stdout.
	r := runCLI(t, "", env, sb.args("show", fixtureID, "--export", "aliyun-cli")...)
	expect(t, r, 0)
	if !strings.Contains(r.stdout, "aliyun vpc CreateIpsecServer") || !strings.Contains(r.stdout, `"$IPSEC_PSK"`) ||
		strings.Contains(r.stdout, sandbox.ExistingServerPsk) {
		t.Errorf("--export aliyun-cli:\n%s", r.stdout)
	}
}

// A gateway that cannot be read: the server is still shown, its gateway's
// status is said to be unknown, and the exit code says the read failed; an
// export needs only the server.
func TestShowGatewayUnreadable(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	proxy := refusingProxy(t, sb, func(action, _ string) bool { return action == "DescribeVpnGateway" })
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, "--endpoint", proxy, "show", fixtureID)
	expect(t, r, 1, "gateway vpn-sandbox-hasserver could not be read", "InvalidRegionId", "what to do:")
	if !strings.Contains(r.stdout, "status unknown") || !strings.Contains(r.stdout, "Server address        203.0.113.13") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	r = runCLI(t, "", env, "--endpoint", proxy, "show", fixtureID, "--output", "json")
	expect(t, r, 1)
	m := decodeOne(t, r.stdout)
	if m["gateway"] != nil || obj(t, m, "gatewayError")["code"] != "InvalidRegionId" || r.stderr != "" {
		t.Errorf("JSON %v, stderr %q", m, r.stderr)
	}
	path := filepath.Join(t.TempDir(), "c.conf")
	r = runCLI(t, "", env, "--endpoint", proxy, "show", fixtureID, "--export", "strongswan", "--export-file", path)
	expect(t, r, 0, "warning: gateway vpn-sandbox-hasserver could not be read", "Wrote "+path)
}

// On a terminal values wrap under themselves to the width; a command is
// never split, it takes a line of its own instead.
func TestShowOnATerminalWrapsValuesNotCommands(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	const cols = 60
	r := runCLIOnTerminal(t, sb.env(t.TempDir()), cols, sb.args("show", fixtureID)...)
	expect(t, r, 0)
	reveal := "ipsecwiz show iss-sandbox-hasserver --reveal-psk --region cn-hangzhou --endpoint " + sb.Addr()
	strongswan := "ipsecwiz show iss-sandbox-hasserver --export strongswan --region cn-hangzhou --endpoint " + sb.Addr()
	apple := "ipsecwiz show iss-sandbox-hasserver --export apple --region cn-hangzhou --endpoint " + sb.Addr()
	commands := 0
	for _, l := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		switch strings.TrimSpace(l) {
		case reveal, strongswan, apple:
			commands++
			continue
		}
		if w := len([]rune(l)); w > cols {
			t.Errorf("a %d-column line on a %d-column terminal: %q", w, cols, l)
		}
		if strings.HasPrefix(l, "ipsecwiz") || strings.HasPrefix(strings.TrimSpace(l), "--") {
			t.Errorf("a command was split: %q", l)
		}
	}
	if commands != 3 {
		t.Errorf("the key's and the exports' commands are not whole on their lines:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`\n {9}\S`).MatchString(r.stdout) {
		t.Errorf("a security note does not wrap under its text:\n%s", r.stdout)
	}
}
