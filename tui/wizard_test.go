package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// These tests drive the real forms wizard with keystrokes against a sandbox.

// enterOn waits until the field titled title has the focus, then presses enter.
func (h *harness) enterOn(title string) {
	h.t.Helper()
	h.waitView("┃ " + title)
	h.key("enter")
}

func (h *harness) arrow(t tea.KeyType, n int) {
	for range n {
		h.tm.Send(tea.KeyMsg{Type: t})
	}
}

// throughOptions answers the pages after the gateway with their defaults up
// to the review page.
func (h *harness) throughOptions() {
	h.t.Helper()
	h.enterOn("Local subnets (LocalSubnet)")
	h.enterOn("Client IP pool (ClientIpPool)")
	h.enterOn("Security profile")
	h.enterOn("Pre-shared key (Psk)")
	h.enterOn("Server name (IpSecServerName)")
	h.enterOn("Connect immediately")
}

func TestWizardNewcomerToActive(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	h := startRoot(t, Config{API: c, newWizard: defaultWizard, SwanctlPath: t.TempDir() + "/c.conf"})
	h.enterOn("Region (RegionId)")
	h.enterOn("VPN gateway (VpnGatewayId)")
	h.throughOptions()
	h.enterOn("Precheck only (dry run)")
	h.waitView("Step 8 of 8", "> Create the IPsec server")
	h.enterOn("What now?")
	v := h.waitView("IPsec server created: the gateway is active again", "(p shows it: generated here, save it now)")
	if !strings.Contains(v, "ipsec-ready-hz") {
		t.Errorf("result view:\n%s", v)
	}
	h.resize()
	h.key("p")
	h.waitView("(p hides it)")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || o.Result == nil || o.Final.Status != client.StatusActive {
		t.Fatalf("outcome %+v", o)
	}
	if o.Spec.Psk == "" || strings.Contains(o.Summary, o.Spec.Psk.Reveal()) {
		t.Errorf("PSK missing from the spec or leaked into the summary")
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 1 {
		t.Errorf("creates %d", n)
	}
}

func TestWizardDryRunThenCreate(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	h := startRoot(t, Config{API: c, newWizard: defaultWizard})
	h.enterOn("Region (RegionId)")
	h.enterOn("VPN gateway (VpnGatewayId)")
	h.throughOptions()
	h.waitView("┃ Precheck only (dry run)")
	h.key("y")
	h.key("enter")
	h.waitView("Step 8 of 8", "> Precheck only (DryRun)")
	h.key("enter")
	h.waitView("Precheck passed: nothing was created", "c create for real")
	if n := sb.RequestCount("CreateIpsecServer"); n != 1 {
		t.Fatalf("creates after the dry run: %d", n)
	}
	h.resize()
	h.key("c")
	h.waitView("IPsec server created")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || o.Result == nil || o.Result.DryRun || o.Result.IpsecServerId == "" {
		t.Fatalf("outcome %+v", o)
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 2 {
		t.Errorf("creates %d", n)
	}
}

// A gateway the wizard cannot tell apart (legacy) fails at the API; e goes
// back to the gateway page with every answer kept, and another gateway works.
func TestWizardEditAfterFailure(t *testing.T) {
	_, c := startSandbox(t, sandbox.Config{})
	h := startRoot(t, Config{API: c, newWizard: defaultWizard})
	h.enterOn("Region (RegionId)")
	h.waitView("┃ VPN gateway (VpnGatewayId)")
	h.arrow(tea.KeyDown, 5)
	h.waitView("> legacy-hz")
	h.key("enter")
	h.throughOptions()
	h.enterOn("Precheck only (dry run)")
	h.enterOn("What now?")
	h.waitView("CreateIpsecServer failed on vpn-sandbox-legacy", "OperationUnsupported.IPsecServer",
		"too old to host an IPsec server", "e edit VPN gateway")
	h.resize()
	h.key("e")
	h.enterOn("Region (RegionId)")
	h.waitView("┃ VPN gateway (VpnGatewayId)", "> legacy-hz")
	h.arrow(tea.KeyUp, 5)
	h.waitView("> ready-hz")
	h.key("enter")
	h.enterOn("Local subnets (LocalSubnet)")
	h.enterOn("Client IP pool (ClientIpPool)")
	// Back on the review page: the name pre-filled for the first gateway is kept.
	h.waitView("Step 8 of 8", "vpn-sandbox-ready (ready-hz)")
	h.enterOn("What now?")
	h.waitView("IPsec server created")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != 0 || o.Spec.VpnGatewayId != sandbox.GatewayReady || o.Spec.IpSecServerName != "ipsec-legacy-hz" {
		t.Fatalf("outcome %+v", o)
	}
}

func TestWizardCtrlCBeforeSubmit(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	h := startRoot(t, Config{API: c, newWizard: defaultWizard})
	h.enterOn("Region (RegionId)")
	h.enterOn("VPN gateway (VpnGatewayId)")
	h.waitView("┃ Local subnets (LocalSubnet)")
	h.resize()
	h.key("x") // typing makes the wizard ask before dropping the answers
	h.key("ctrl+c")
	h.waitView("Cancel the wizard?")
	h.key("y")
	o := h.outcome()
	if o.ExitCode != ExitCancelled || !strings.Contains(o.Summary, "nothing was sent") {
		t.Fatalf("outcome %+v", o)
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 0 {
		t.Errorf("creates %d", n)
	}
}

// Pre-filled answers (as flags give them) go straight to the gateway check
// (the checking screen), then to the first page still to answer; esc on the
// checking screen goes back to the gateway page.
func TestWizardPrefilledChecking(t *testing.T) {
	_, c := startSandbox(t, sandbox.Config{Latency: 400 * time.Millisecond})
	spec := client.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = client.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.5.0/24"
	spec.IpSecServerName = "office"
	h := startRoot(t, Config{API: c, Answers: newAnswers(spec), newWizard: defaultWizard})
	h.waitView("Checking gateway vpn-sandbox-ready", "esc back to the gateway")
	h.resize()
	h.waitView("Step 3 of 8 · Security profile")
	h.key("esc")
	h.key("esc")
	h.waitView("Step 1 of 8")
	h.enterOn("Region (RegionId)")
	h.enterOn("VPN gateway (VpnGatewayId)")
	h.waitView("Checking gateway vpn-sandbox-ready")
	h.key("esc")
	v := h.waitView("Step 1 of 8", "┃ VPN gateway (VpnGatewayId)")
	if strings.Contains(v, "Checking gateway") {
		t.Errorf("still checking:\n%s", v)
	}
	h.key("ctrl+c")
	h.waitView("Cancel the wizard?")
	h.key("y")
	if o := h.outcome(); o.ExitCode != ExitCancelled {
		t.Fatalf("outcome %+v", o)
	}
}

// ctrl+c while the create is in flight waits for its answer, then quits
// with the server's id and the resume command.
func TestWizardCtrlCDuringSubmit(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	h := startRoot(t, Config{API: slowCreate{c, time.Second}, newWizard: defaultWizard})
	h.enterOn("Region (RegionId)")
	h.enterOn("VPN gateway (VpnGatewayId)")
	h.throughOptions()
	h.enterOn("Precheck only (dry run)")
	h.enterOn("What now?")
	h.waitView("CreateIpsecServer on vpn-sandbox-ready")
	h.key("ctrl+c")
	h.waitView("Waiting for the answer before quitting")
	o := h.outcome()
	if o.ExitCode != ExitCancelled || o.Result == nil || !strings.Contains(o.Summary, o.Result.IpsecServerId) ||
		!strings.Contains(o.Summary, "ipsecwiz status vpn-sandbox-ready") {
		t.Fatalf("outcome %+v", o)
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 1 {
		t.Errorf("creates %d", n)
	}
}

// slowCreate is the real client with a create that takes d longer.
type slowCreate struct {
	*client.Client
	d time.Duration
}

func (s slowCreate) CreateIpsecServer(ctx context.Context, spec *client.ServerSpec) (client.CreateResult, error) {
	time.Sleep(s.d)
	return s.Client.CreateIpsecServer(ctx, spec)
}
