package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

const (
	existingID = sandbox.ExistingServerID
	existingGW = sandbox.GatewayHasServer
)

func (s *testSandbox) existing(t *testing.T) sandbox.IpsecServerRecord {
	t.Helper()
	return s.onlyServer(t, regionHZ, existingGW)
}

func (s *testSandbox) updates() int { return s.RequestCount("UpdateIpsecServer") }
func (s *testSandbox) deletes() int { return s.RequestCount("DeleteIpsecServer") }

// transitions counts the gateway's status changes in the sandbox log.
func (s *testSandbox) transitions(gw string) int {
	return strings.Count(s.log.String(), "transition gateway="+gw+" ")
}

// Each kind of change reaches the server, sending only what changes: a
// rename at once without touching the gateway, the rest followed until
// the server reads back as asked.
func TestUpdateEachKindOfChange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		sync   bool
		want   []string
		verify func(t *testing.T, rec sandbox.IpsecServerRecord)
	}{
		{name: "rename", args: []string{"--name", "office-renamed"}, sync: true,
			want: []string{"applied at once", "Server name        existing-hz -> office-renamed"},
			verify: func(t *testing.T, rec sandbox.IpsecServerRecord) {
				if rec.IpsecServerName != "office-renamed" {
					t.Errorf("name %q", rec.IpsecServerName)
				}
			}},
		{name: "pool", args: []string{"--client-ip-pool", "10.60.0.0/24"},
			want: []string{"updated; the gateway is active", "10.50.0.0/28 -> 10.60.0.0/24", "clients renegotiate"},
			verify: func(t *testing.T, rec sandbox.IpsecServerRecord) {
				if rec.ClientIpPool != "10.60.0.0/24" {
					t.Errorf("pool %q", rec.ClientIpPool)
				}
			}},
		{name: "subnets", args: []string{"--local-subnet", "172.19.0.0/16,172.19.1.0/24"},
			want: []string{"updated; the gateway is active", "new local subnets"},
			verify: func(t *testing.T, rec sandbox.IpsecServerRecord) {
				if rec.LocalSubnet != "172.19.0.0/16,172.19.1.0/24" {
					t.Errorf("subnets %q", rec.LocalSubnet)
				}
			}},
		{name: "phase 1 and phase 2", args: []string{"--ike-lifetime", "3600", "--ipsec-pfs", "group14", "--ike-auth-alg", "sha256"},
			want: []string{"Phase 1 lifetime   86400 -> 3600", "each client's configuration must match them"},
			verify: func(t *testing.T, rec sandbox.IpsecServerRecord) {
				if rec.IkeConfig.IkeLifetime != 3600 || rec.IkeConfig.IkeAuthAlg != "sha256" || rec.IpsecConfig.IpsecPfs != "group14" ||
					rec.IkeConfig.IkeEncAlg != "aes" || rec.IpsecConfig.IpsecAuthAlg != "sha1" {
					t.Errorf("proposals %+v %+v", rec.IkeConfig, rec.IpsecConfig)
				}
			}},
		{name: "security profile", args: []string{"--security-profile", "recommended"},
			verify: func(t *testing.T, rec sandbox.IpsecServerRecord) {
				if rec.IkeConfig.IkeEncAlg != "aes256" || rec.IpsecConfig.IpsecPfs != "group14" {
					t.Errorf("proposals %+v %+v", rec.IkeConfig, rec.IpsecConfig)
				}
			}},
		{name: "effect immediately alone", args: []string{"--effect-immediately"},
			want: []string{"torn down now and renegotiated"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			r := runCLI(t, "", sb.env(t.TempDir()), sb.args(append([]string{"update", existingID, "--no-input"}, tc.args...)...)...)
			expect(t, r, 0, tc.want...)
			if n := sb.updates(); n != 1 {
				t.Errorf("%d updates sent", n)
			}
			if got := sb.transitions(existingGW) > 0; got == tc.sync {
				t.Errorf("gateway transitions: %v, want %v", got, !tc.sync)
			}
			if tc.verify != nil {
				tc.verify(t, sb.existing(t))
			}
			if !strings.Contains(r.stderr, "ClientToken ") {
				t.Errorf("the request was not named with its ClientToken:\n%s", r.stderr)
			}
		})
	}
}

// A new key from a file: sent, never shown; the summary says the clients
// need it.
func TestUpdateKeyFromFile(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	psk := writeFile(t, dir, "new.psk", canaryPsk+"\n", 0o600)
	r := runCLI(t, "", sb.env(dir), sb.args("update", existingID, "--psk-file", psk, "--no-input")...)
	expect(t, r, 0, "Pre-shared key", "a new key")
	if rec := sb.existing(t); rec.Psk != canaryPsk {
		t.Errorf("key not changed")
	}
	if strings.Contains(r.stdout+r.stderr, canaryPsk) || strings.Contains(r.stdout+r.stderr, sandbox.ExistingServerPsk) {
		t.Errorf("a key was printed")
	}
}

// Asking for what the server already has sends nothing and says so; exit 0
// (the server is as asked).
func TestUpdateNothingToChange(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	rec := sb.existing(t)
	for _, args := range [][]string{
		{},
		{"--client-ip-pool", rec.ClientIpPool, "--name", rec.IpsecServerName},
	} {
		r := runCLI(t, "", sb.env(t.TempDir()), sb.args(append([]string{"update", existingID, "--no-input"}, args...)...)...)
		expect(t, r, 0, "Nothing to change: "+existingID+" already has these settings.")
	}
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--no-input", "--output", "json")...)
	expect(t, r, 0)
	m := decodeOne(t, r.stdout)
	if m["action"] != "update" || m["ok"] != true {
		t.Errorf("json %v", m)
	}
	if n := sb.updates(); n != 0 {
		t.Fatalf("%d updates sent", n)
	}
}

// A DryRun changes nothing and says what would.
func TestUpdateDryRun(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--client-ip-pool", "10.60.0.0/24", "--dry-run", "--no-input", "--output", "json")...)
	expect(t, r, 0)
	m := decodeOne(t, r.stdout)
	if m["dryRunPassed"] != true {
		t.Errorf("json %v", m)
	}
	if rec := sb.existing(t); rec.ClientIpPool != sandbox.ExistingServerPool {
		t.Errorf("a dry run changed the pool to %s", rec.ClientIpPool)
	}
	if sb.transitions(existingGW) != 0 {
		t.Errorf("a dry run moved the gateway")
	}
}

// Bad input is refused with exit 2 before anything is sent (the server is
// read, nothing is written).
func TestUpdateRefusesBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	other := writeFile(t, dir, "other.yaml", "VpnGatewayId: "+readyGW+"\n", 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"update", existingID, "--client-ip-pool", "10.60.0.0/30", "--no-input"}, "ClientIpPool"},
		{[]string{"update", existingID, "--client-ip-pool", "172.19.0.0/24", "--no-input"}, "ClientIpPool"},
		{[]string{"update", existingID, "--ike-enc-alg", "blowfish", "--no-input"}, "IkeEncAlg"},
		{[]string{"update", existingID, "--ike-lifetime", "90000", "--no-input"}, "IkeLifetime"},
		{[]string{"update", existingID, "--security-profile", "paranoid", "--no-input"}, "--security-profile"},
		{[]string{"update", existingID, "--answers", other, "--no-input"}, "a server cannot move"},
		{[]string{"update", existingID, "--generate-psk", "--no-input"}, "--psk-file PATH"},
		{[]string{"update", existingID, "--name", "x"}, "no terminal"},
		{[]string{"update", "iss-Bad ID", "--no-input"}, "IpsecServerId"},
		{[]string{"update", "vpn-sandbox-ready", "--no-input"}, "it starts with iss-"},
		{[]string{"update", "--no-input"}, "update takes one IPsec server id, e.g. ipsecwiz update iss-"},
		{[]string{"delete"}, "delete takes one IPsec server id"},
		{[]string{"delete", existingID, "--client-token", "has space"}, "ClientToken"},
	}
	for _, tc := range cases {
		r := runCLI(t, "", sb.env(dir), sb.args(tc.args...)...)
		expect(t, r, 2, tc.want)
	}
	if sb.updates() != 0 || sb.deletes() != 0 {
		t.Fatalf("%d updates, %d deletes sent", sb.updates(), sb.deletes())
	}
}

// An id the region does not hold: the API's refusal explained, exit 1.
func TestUpdateAndDeleteUnknownServer(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	for _, args := range [][]string{
		{"update", "iss-nope", "--name", "x", "--no-input"},
		{"delete", "iss-nope", "--yes"},
		{"update", existingID, "--name", "x", "--no-input", "--region", "cn-shanghai"},
	} {
		r := runCLI(t, "", sb.env(t.TempDir()), sb.args(args...)...)
		expect(t, r, 1, "InvalidIpsecServerId.NotFound", "what to do:")
	}
	if sb.updates() != 0 || sb.deletes() != 0 {
		t.Fatalf("%d updates, %d deletes sent", sb.updates(), sb.deletes())
	}
}

// A gateway busy with another change is waited for; then the server is
// read again, so the change is made on the server as it now is.
func TestUpdateWaitsForABusyGateway(t *testing.T) {
	t.Parallel()
	sb, settle := newBusySandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.New(ctx, client.Options{Endpoint: sb.Addr(), Region: regionHZ,
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret}})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := c.GetServer(ctx, "", existingID)
	if err != nil {
		t.Fatal(err)
	}
	// Another change first: a new pool keeps the gateway updating.
	spec := ipsec.SpecFromServer(srv)
	spec.ClientIpPool = "10.70.0.0/24"
	if _, err := c.Apply(ctx, client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec}); err != nil {
		t.Fatal(err)
	}
	run := startCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--name", "after-wait", "--no-input", "--wait-timeout", "60s")...)
	run.waitStderr(20*time.Second, "waiting until it is active")
	settle()
	r := run.wait(60 * time.Second)
	expect(t, r, 0, "waiting until it is active", "applied at once")
	rec := sb.existing(t)
	if rec.IpsecServerName != "after-wait" || rec.ClientIpPool != "10.70.0.0/24" {
		t.Fatalf("server %+v", rec)
	}
}

// --export prints the request and sends nothing: aliyun-cli is the update
// with only what changes, the key as a variable; terraform imports the
// server.
func TestUpdateExport(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--client-ip-pool", "10.60.0.0/24", "--export", "aliyun-cli")...)
	expect(t, r, 0, "aliyun vpc UpdateIpsecServer", "--IpsecServerId "+existingID, "--ClientIpPool 10.60.0.0/24")
	for _, not := range []string{"--LocalSubnet", "--IkeConfig", "--Psk", "CreateIpsecServer"} {
		if strings.Contains(r.stdout, not) {
			t.Errorf("the update command carries %s:\n%s", not, r.stdout)
		}
	}
	r = runCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--name", "office-two", "--export", "terraform")...)
	expect(t, r, 0, "import {", existingID, `"office-two"`)
	if sb.updates() != 0 {
		t.Fatalf("an export sent %d updates", sb.updates())
	}
}

// The JSON of an applied update names the server, the token and each
// change.
func TestUpdateJSON(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("update", existingID, "--client-ip-pool", "10.60.0.0/24", "--no-input", "--output", "json")...)
	expect(t, r, 0)
	var m struct {
		Action  string `json:"action"`
		OK      bool   `json:"ok"`
		Changes []struct{ Field, Old, New string }
		Change  struct {
			IpsecServerId, VpnGatewayId, ClientToken, RequestId string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if m.Action != "update" || !m.OK || len(m.Changes) != 1 || m.Changes[0].Field != "ClientIpPool" ||
		m.Changes[0].New != "10.60.0.0/24" || m.Change.IpsecServerId != existingID || m.Change.VpnGatewayId != existingGW ||
		m.Change.ClientToken == "" || m.Change.RequestId == "" {
		t.Fatalf("json %+v\n%s", m, r.stdout)
	}
}

// Without a terminal a delete needs --yes; with it the server is deleted
// and the gateway followed until it is gone.
func TestDeleteWithoutTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("delete", existingID)...)
	expect(t, r, 2, "pass --yes", "nothing was sent")
	if sb.deletes() != 0 {
		t.Fatal("a delete was sent without --yes")
	}
	r = runCLI(t, "", sb.env(t.TempDir()), sb.args("delete", existingID, "--dry-run")...)
	expect(t, r, 0, "Precheck passed: the deletion of "+existingID+" would be accepted")
	if len(sb.IpsecServers(regionHZ, existingGW)) != 1 {
		t.Fatal("a dry run deleted the server")
	}
	r = runCLI(t, "", sb.env(t.TempDir()), sb.args("delete", existingID, "--yes")...)
	expect(t, r, 0, "IPsec server "+existingID+" deleted; the gateway is active.", "2 client(s) online: they are cut off",
		"ipsecwiz create --vpn-gateway-id "+existingGW)
	if len(sb.IpsecServers(regionHZ, existingGW)) != 0 {
		t.Fatal("the server is still there")
	}
	if st, _ := sb.GatewayStatus(regionHZ, existingGW); st != "active" {
		t.Errorf("the run ended with the gateway %s", st)
	}
}

// --no-wait leaves at once, naming how to follow.
func TestDeleteNoWait(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 5*time.Second)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("delete", existingID, "--yes", "--no-wait")...)
	expect(t, r, 0, "still applying it", "ipsecwiz status "+existingGW)
}

// On a terminal the delete names the server and what it cuts off, refuses
// a wrong id typed back, and deletes on the right one.
func TestDeleteConfirmInTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := startPTY(t, sb.env(t.TempDir()), 100, 30, sb.args("delete", existingID)...)
	r.waitFor(15*time.Second, "Delete IPsec server "+existingID, "2 client(s) are online", "Type the server's id")
	r.send("iss-wrong", keyEnter)
	r.waitFor(5*time.Second, `"iss-wrong" is not this server's id or name`)
	if sb.deletes() != 0 {
		t.Fatal("a wrong id deleted")
	}
	r.send("existing-hz", keyEnter) // its name does too
	if code := r.wait(30 * time.Second); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, r.screen())
	}
	if len(sb.IpsecServers(regionHZ, existingGW)) != 0 {
		t.Fatal("the server is still there")
	}
	if !strings.Contains(r.stdoutText(), "IPsec server "+existingID+" deleted; the gateway is active.") {
		t.Errorf("stdout:\n%s", r.stdoutText())
	}
}

// esc on the confirmation keeps the server: exit 130, nothing sent.
func TestDeleteEscapeInTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := startPTY(t, sb.env(t.TempDir()), 100, 30, sb.args("delete", existingID)...)
	r.waitFor(15*time.Second, "Type the server's id")
	r.send(keyEsc)
	if code := r.wait(10 * time.Second); code != 130 {
		t.Fatalf("exit %d; screen:\n%s", code, r.screen())
	}
	if sb.deletes() != 0 {
		t.Fatal("esc deleted")
	}
}

// The update wizard on a terminal: pre-filled from the server and the
// flags, straight to a review that shows the diff; enter updates and the
// gateway is followed to the result.
func TestUpdateWizardInTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := startPTY(t, sb.env(t.TempDir()), 100, 40, sb.args("update", existingID, "--client-ip-pool", "10.60.0.0/24")...)
	r.waitFor(15*time.Second, "Changes to "+existingID, "10.50.0.0/28 → 10.60.0.0/24", "Update the IPsec server")
	if sb.updates() != 0 {
		t.Fatal("sent before the review")
	}
	r.send(keyEnter)
	r.waitFor(30*time.Second, "IPsec server updated", "What changed")
	r.send("q")
	if code := r.wait(10 * time.Second); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, r.screen())
	}
	if rec := sb.existing(t); rec.ClientIpPool != "10.60.0.0/24" {
		t.Fatalf("pool %s", rec.ClientIpPool)
	}
	if strings.Contains(r.rawText(), sandbox.ExistingServerPsk) {
		t.Error("the server's key was drawn unasked")
	}
}

// The wizard's gateway page, on a gateway that holds a server, offers to
// change it (the update wizard on it) or delete it (the confirmation).
func TestGatewayPageServerActions(t *testing.T) {
	t.Parallel()
	t.Run("change", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, 300*time.Millisecond)
		r := startPTY(t, sb.env(t.TempDir()), 100, 34, sb.args("--vpn-gateway-id", existingGW)...)
		r.waitFor(15*time.Second, "This gateway has an IPsec server", existingID, "Change it", "Delete it", "Show its settings")
		r.send(keyEnter)
		r.waitFor(15*time.Second, "Changes to "+existingID, "Nothing to change yet")
		r.send(keyCtrlC)
		if code := r.wait(10 * time.Second); code != 130 {
			t.Fatalf("exit %d; screen:\n%s", code, r.screen())
		}
		if sb.updates() != 0 || sb.creates() != 0 {
			t.Fatalf("%d updates, %d creates", sb.updates(), sb.creates())
		}
	})
	t.Run("delete", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, 300*time.Millisecond)
		r := startPTY(t, sb.env(t.TempDir()), 100, 34, sb.args("--vpn-gateway-id", existingGW)...)
		r.waitFor(15*time.Second, "This gateway has an IPsec server")
		r.send(keyDown, keyEnter)
		r.waitFor(15*time.Second, "Delete IPsec server "+existingID, "Type the server's id")
		r.send(existingID, keyEnter)
		if code := r.wait(30 * time.Second); code != 0 {
			t.Fatalf("exit %d; screen:\n%s", code, r.screen())
		}
		if len(sb.IpsecServers(regionHZ, existingGW)) != 0 || sb.creates() != 0 {
			t.Fatal("not deleted, or a create was sent")
		}
	})
}

// Risky values are sent (the service accepts them) but never without a
// word: on stderr before sending, and in the summary, text and JSON.
func TestRiskyValuesAreAdvised(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	psk := writeFile(t, dir, "short.psk", "abc\n", 0o600)
	// The text summary says it; the recommended defaults draw no advice.
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--dry-run", "--ike-auth-alg", "md5"}, required())...)...)
	expect(t, r, 0, "Advice (accepted, but unwise):", "md5 is weak")
	r = runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--dry-run"}, required())...)...)
	if strings.Contains(r.stdout+r.stderr, "Advice") || strings.Contains(r.stderr, "warning") {
		t.Errorf("advice on the recommended settings:\n%s%s", r.stdout, r.stderr)
	}
	r = runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait", "--output", "json", "--psk-file", psk,
		"--ike-lifetime", "30", "--ipsec-lifetime", "0"}, required())...)...)
	expect(t, r, 0, "ipsecwiz: warning: IkeLifetime: the keys are renegotiated every 30 seconds", "ipsecwiz: warning: Psk: a key of 3 characters")
	var m struct {
		Advice []struct{ Field, Level, Message, Value string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range m.Advice {
		got[a.Field] = a.Level
		if a.Field == "Psk" && a.Value != "" {
			t.Errorf("the key's advice carries a value: %+v", a)
		}
	}
	if got["IkeLifetime"] != "risky" || got["IpsecLifetime"] != "risky" || got["Psk"] != "risky" {
		t.Errorf("advice %+v\n%s", m.Advice, r.stdout)
	}
	rec := sb.onlyServer(t, regionHZ, readyGW)
	if rec.IkeConfig.IkeLifetime != 30 || rec.IpsecConfig.IpsecLifetime != 0 {
		t.Errorf("the advised values were not sent as given: %+v %+v", rec.IkeConfig, rec.IpsecConfig)
	}
}

// --save-answers with --export keeps the answers the export rendered, and
// says so; interrupting a piped status says what stopped it, in words.
func TestExportSavesAnswersAndStatusStopsInWords(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	answers := dir + "/answers.yaml"
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "json", "--save-answers", answers}, required())...)...)
	expect(t, r, 0, "Answers saved to "+answers)
	b, err := os.ReadFile(answers)
	if err != nil || !strings.Contains(string(b), readyGW) {
		t.Fatalf("answers file: %v\n%s", err, b)
	}
	if sb.creates() != 0 {
		t.Fatal("an export sent a create")
	}

	c := startCLI(t, "", sb.env(dir), sb.args("status", sandbox.GatewayBusy)...)
	c.waitStderr(10*time.Second, sandbox.GatewayBusy+"  updating")
	c.interrupt()
	r = c.wait(10 * time.Second)
	expect(t, r, 130, "stopped by SIGINT", "Resume with: ipsecwiz status "+sandbox.GatewayBusy)
	if strings.Contains(r.stderr, "context canceled") || strings.Contains(r.stderr, "create") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// --help lists a server's flags in groups, each flag once, in the order a
// request is built; the global flags apart.
func TestHelpGroupsTheFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"create", "--help"}, {"update", "--help"}} {
		r := runCLI(t, "", cleanEnv(t.TempDir()), args...)
		expect(t, r, 0)
		out := r.stdout + r.stderr
		last := -1
		for _, h := range []string{"The request:", "The key:", "Phase 1 (IKE):", "Phase 2 (IPsec):", "The run:", "Global flags:"} {
			i := strings.Index(out, "\n"+h+"\n")
			if i < 0 || i < last {
				t.Fatalf("%v: heading %q missing or out of order:\n%s", args, h, out)
			}
			last = i
		}
		for _, f := range []string{"--client-ip-pool", "--psk-file", "--ike-enc-alg", "--ipsec-pfs", "--no-input", "--region "} {
			if n := strings.Count(out, "      "+f); n != 1 {
				t.Errorf("%v: %s listed %d times", args, f, n)
			}
		}
	}
}

// An interrupt while UpdateIpsecServer or DeleteIpsecServer is on the wire
// waits for the answer and says so; a second leaves without it, and the
// outcome says the change may have been made, naming the server, the
// gateway and the ClientToken.
func TestChangeInterruptedInFlight(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		action string
	}{
		{[]string{"update", existingID, "--client-ip-pool", "10.60.0.0/24", "--no-input", "--no-wait"}, "UpdateIpsecServer"},
		{[]string{"delete", existingID, "--yes", "--no-wait"}, "DeleteIpsecServer"},
	} {
		t.Run(tc.action, func(t *testing.T) {
			t.Parallel()
			sb := slowSandbox(t, 2*time.Second)
			c := startCLI(t, "", sb.env(t.TempDir()), sb.args(tc.args...)...)
			c.waitStderr(30*time.Second, "Sending "+tc.action)
			c.interrupt()
			c.waitStderr(5*time.Second, "waiting for the answer of "+tc.action+" on "+existingGW)
			c.interrupt()
			r := c.wait(5 * time.Second) // well before the answer
			m := tokenRe.FindStringSubmatch(r.stderr)
			if r.code != 130 || m == nil {
				t.Fatalf("exit %d, token %v\nstdout: %s\nstderr: %s", r.code, m, r.stdout, r.stderr)
			}
			for _, want := range []string{"may have been carried out", existingID, m[1], "ipsecwiz show " + existingID} {
				if !strings.Contains(r.stdout+r.stderr, want) {
					t.Errorf("the outcome lacks %q\nstdout: %s\nstderr: %s", want, r.stdout, r.stderr)
				}
			}
		})
	}
}
