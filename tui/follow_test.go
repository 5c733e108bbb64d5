package tui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestFollowActive(t *testing.T) {
	_, c := startSandbox(t, sandbox.Config{})
	pr, _ := io.Pipe()
	o, err := Follow(context.Background(), FollowConfig{API: c, Target: client.Target{Region: sandbox.RegionHangzhou}, GatewayID: sandbox.GatewayReady,
		Input: pr, Output: io.Discard})
	if err != nil || o.ExitCode != 0 || o.Report.Final.Status != ipsec.StatusActive ||
		!strings.Contains(o.Summary, "Gateway vpn-sandbox-ready is active") {
		t.Fatalf("outcome %+v, err %v", o, err)
	}
}

func TestFollowBusyTimeoutAndCtrlC(t *testing.T) {
	_, c := startSandbox(t, sandbox.Config{})
	pr, _ := io.Pipe()
	o, _ := Follow(context.Background(), FollowConfig{API: c, GatewayID: sandbox.GatewayBusy, Timeout: time.Second,
		Input: pr, Output: io.Discard})
	if o.ExitCode != client.ExitFailure || !strings.Contains(o.Summary, "ipsecwiz status vpn-sandbox-busy") {
		t.Fatalf("timeout outcome %+v", o)
	}

	h := startFollowRoot(t, Config{API: c}, sandbox.GatewayBusy)
	h.waitFor("Following vpn-sandbox-busy until it is active", "[updating]", "ctrl+c only stops watching")
	h.resize()
	h.key("ctrl+c")
	o = h.outcome()
	if o.ExitCode != exitCanceled || !strings.Contains(o.Summary, "Stopped watching vpn-sandbox-busy") {
		t.Fatalf("ctrl+c outcome %+v", o)
	}
}

// c on the tracking screen copies the resume command (OSC 52).
func TestTrackCopiesTheResumeCommand(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	term := &syncBuffer{}
	h := startFollowRoot(t, Config{API: c, Output: term, Target: hzTarget(sb)}, sandbox.GatewayBusy)
	h.waitFor("Following vpn-sandbox-busy until it is active")
	h.key("c")
	h.waitFor("sent it to the terminal's clipboard")
	if got, want := term.String(), osc52("ipsecwiz status vpn-sandbox-busy --region cn-hangzhou --endpoint "+sb.Addr()); got != want {
		t.Fatalf("terminal got %q, want %q", got, want)
	}
	h.key("ctrl+c")
	h.outcome()
}
