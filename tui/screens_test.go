package tui

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
)

func TestLoadingCredentialsMissing(t *testing.T) {
	h := startRoot(t, Config{NewAPIErr: &client.CredentialsError{}})
	h.waitFor("No Alibaba Cloud credentials found", "aliyun configure", "--endpoint", "--sandbox", "q quit")
	h.key("r") // nothing to retry with: ignored
	h.resize()
	h.key("q")
	o := h.outcome()
	if o.ExitCode != ExitCredentials {
		t.Fatalf("exit code %d, want 4", o.ExitCode)
	}
	if !strings.Contains(o.Summary, "CredentialsMissing") {
		t.Errorf("summary %q", o.Summary)
	}
}

func TestLoadingNetworkErrorRetry(t *testing.T) {
	api := newFakeAPI()
	api.regionErr = &client.NetworkError{Action: "DescribeRegions", Endpoint: "127.0.0.1:1", Err: errors.New("connection refused")}
	h := startRoot(t, Config{API: api, Endpoint: "127.0.0.1:1"})
	h.waitFor("Could not load your VPN gateways", "127.0.0.1:1", "--sandbox")
	api.mu.Lock()
	api.regionErr = nil
	api.mu.Unlock()
	h.key("r")
	h.waitFor("STUB WIZARD region=cn-hangzhou gateways=1")
	h.key("ctrl+c")
	if o := h.outcome(); o.ExitCode != ExitCancelled || api.createCount() != 0 {
		t.Fatalf("exit %d, creates %d", o.ExitCode, api.createCount())
	}
}

func TestHappyPathFake(t *testing.T) {
	api := newFakeAPI()
	dir := t.TempDir()
	path := filepath.Join(dir, "client.swanctl.conf")
	h := startRoot(t, Config{API: api, SwanctlPath: path})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("IPsec server created", "iss-fake1", "203.0.113.7", "(p shows it)")
	h.resize()
	h.key("p")
	h.waitFor("generated-key-16")
	h.key("w")
	h.waitFor("Wrote " + path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "generated-key-16") || !strings.Contains(string(b), "203.0.113.7") {
		t.Errorf("swanctl.conf:\n%s", b)
	}
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || o.Result == nil || o.Result.IpsecServerId != "iss-fake1" {
		t.Fatalf("outcome %+v", o)
	}
	if strings.Contains(o.Summary, "generated-key-16") || strings.Contains(string(o.JSON), "generated-key-16") {
		t.Error("the PSK leaked into the summary")
	}
	if !strings.Contains(o.Summary, "iss-fake1") {
		t.Errorf("summary: %s", o.Summary)
	}
}

func TestCtrlCDuringSubmitWaits(t *testing.T) {
	api := newFakeAPI()
	api.createGate = make(chan struct{})
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("CreateIpsecServer on vpn-fake")
	h.key("ctrl+c")
	h.waitFor("Waiting for the answer before quitting")
	h.resize()
	if h.state() == stateQuitting {
		t.Fatal("quit while the create was in flight")
	}
	close(api.createGate)
	o := h.outcome()
	if o.ExitCode != ExitCancelled || api.createCount() != 1 {
		t.Fatalf("exit %d creates %d", o.ExitCode, api.createCount())
	}
	if !strings.Contains(o.Summary, "iss-fake1") || !strings.Contains(o.Summary, "ipsecwiz status vpn-fake") {
		t.Errorf("summary: %s", o.Summary)
	}
}

func TestTrackingCtrlCAndTimeline(t *testing.T) {
	api := newFakeAPI()
	api.events = make(chan client.GatewayEvent, 4)
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("Creating iss-fake1 on vpn-fake", "ctrl+c only stops watching", "ipsecwiz status vpn-fake")
	api.events <- client.GatewayEvent{Time: time.Now(), Elapsed: time.Second, Polls: 2, Status: "updating", Changed: true}
	h.waitFor("[updating]", "2 checks")
	h.resize()
	h.key("ctrl+c")
	o := h.outcome()
	if o.ExitCode != ExitCancelled {
		t.Fatalf("exit %d", o.ExitCode)
	}
	if !strings.Contains(o.Summary, "Resume with: ipsecwiz status vpn-fake") {
		t.Errorf("summary: %s", o.Summary)
	}
}

func TestTrackingTimeout(t *testing.T) {
	api := newFakeAPI()
	api.events = make(chan client.GatewayEvent, 4)
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("Creating iss-fake1")
	api.events <- client.GatewayEvent{Polls: 3, Status: "updating", Changed: true}
	api.events <- client.GatewayEvent{Polls: 4, Done: true,
		Err: &client.WatchTimeoutError{VpnGatewayId: "vpn-fake", Timeout: time.Second, LastStatus: "updating", ChangeSeen: true}}
	o := h.outcome()
	if o.ExitCode != ExitFailure {
		t.Fatalf("exit %d", o.ExitCode)
	}
	if !strings.Contains(o.Summary, "Timed out") || !strings.Contains(o.Summary, "ipsecwiz status vpn-fake") {
		t.Errorf("summary: %s", o.Summary)
	}
}

func TestFailureEditAndRetrySameToken(t *testing.T) {
	api := newFakeAPI()
	api.createErr = &client.APIError{Action: "CreateIpsecServer", Code: "InvalidClientIpPool.Conflict", Message: "overlap",
		RequestId: "REQ-42", HTTPStatus: 400}
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("CreateIpsecServer failed", "InvalidClientIpPool.Conflict", "overlaps CIDR blocks", "REQ-42", "e edit Subnets")
	h.resize()
	h.key("r")
	h.waitFor("CreateIpsecServer failed")
	if n := api.createCount(); n != 2 {
		t.Fatalf("creates %d", n)
	}
	api.mu.Lock()
	t1, t2 := api.specs[0].ClientToken, api.specs[1].ClientToken
	api.mu.Unlock()
	if t1 == "" || t1 != t2 {
		t.Errorf("retry tokens %q %q", t1, t2)
	}
	h.key("e")
	h.waitFor("edited=[ClientIpPool]")
	h.key("ctrl+c")
	if o := h.outcome(); o.ExitCode != ExitCancelled {
		t.Fatalf("exit %d", o.ExitCode)
	}
}

func TestDryRunThenCreate(t *testing.T) {
	api := newFakeAPI()
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("D")
	h.waitFor("Precheck passed: nothing was created", "c create for real", "e edit", "q quit")
	h.resize()
	h.key("c")
	h.waitFor("IPsec server created")
	h.key("q")
	o := h.outcome()
	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.specs) != 2 || !api.specs[0].DryRun || api.specs[1].DryRun {
		t.Fatalf("specs %+v", api.specs)
	}
	if o.ExitCode != 0 || o.Result.IpsecServerId == "" {
		t.Fatalf("outcome %+v", o)
	}
}

func TestDryRunQuit(t *testing.T) {
	api := newFakeAPI()
	h := startRoot(t, Config{API: api, OutputFormat: "json"})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("D")
	h.waitFor("Precheck passed")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || !strings.Contains(o.Summary, "Precheck passed: nothing was created") ||
		!strings.Contains(string(o.JSON), `"dryRunPassed": true`) {
		t.Fatalf("outcome %+v\n%s", o, o.JSON)
	}
}

func TestCheckingBack(t *testing.T) {
	api := newFakeAPI()
	api.slowVpc = true
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("Checking gateway vpn-fake (fake)", "esc back to the gateway")
	h.resize()
	h.key("esc")
	h.waitFor("edited=esc")
	h.key("ctrl+c")
	if o := h.outcome(); o.ExitCode != ExitCancelled || api.createCount() != 0 {
		t.Fatalf("exit %d creates %d", o.ExitCode, api.createCount())
	}
}

func TestNoWaitAndJSON(t *testing.T) {
	api := newFakeAPI()
	h := startRoot(t, Config{API: api, NoWait: true, OutputFormat: "json"})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("IPsec server created", "may still be updating", "ipsecwiz status vpn-fake")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || o.Final.Done {
		t.Fatalf("outcome %+v", o)
	}
	var s client.Summary
	if err := json.Unmarshal(o.JSON, &s); err != nil {
		t.Fatalf("JSON %s: %v", o.JSON, err)
	}
	if !s.OK || s.Result == nil || s.Result.IpsecServerId != "iss-fake1" || s.Client == nil || s.Client.ServerAddress != "203.0.113.7" {
		t.Errorf("summary %s", o.JSON)
	}
	if !strings.Contains(strings.Join(s.Next, "\n"), "ipsecwiz status vpn-fake") {
		t.Errorf("next steps %q", s.Next)
	}
}

func TestHelpToggle(t *testing.T) {
	api := newFakeAPI()
	api.createErr = &client.APIError{Code: "SystemBusy", HTTPStatus: 400, RequestId: "R"}
	h := startRoot(t, Config{API: api})
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	h.key("S")
	h.waitFor("CreateIpsecServer failed", "? more keys")
	h.key("?")
	h.waitView("ctrl+c quit (nothing is sent)")
	h.key("?")
	v := h.waitView("? more keys")
	if strings.Contains(v, "ctrl+c quit") {
		t.Errorf("full help still shown:\n%s", v)
	}
	h.key("q")
	if o := h.outcome(); o.ExitCode != ExitFailure {
		t.Fatalf("exit %d", o.ExitCode)
	}
}
