package tui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// startSandbox runs a sandbox on loopback and returns it with a real client.
func startSandbox(t testing.TB, cfg sandbox.Config) (*sandbox.Server, *client.Client) {
	t.Helper()
	if cfg.Settle == 0 {
		cfg.Settle = 500 * time.Millisecond
	}
	if cfg.UpdatingDelay == 0 {
		cfg.UpdatingDelay = -1
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	return sb, newSandboxClient(t, sb.Addr(),
		client.RetryPolicy{MaxAttempts: 3, BaseDelay: 50 * time.Millisecond, MaxDelay: 200 * time.Millisecond})
}

// busySandbox is a sandbox whose gateways stay updating after a change
// until the test calls done: its clock is moved past the settle time then
// (within the signatures' timestamp window), so no test races the settle.
func busySandbox(t testing.TB) (sb *sandbox.Server, c *client.Client, done func()) {
	t.Helper()
	var ahead atomic.Int64
	sb, c = startSandbox(t, sandbox.Config{Settle: 5 * time.Minute,
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }})
	return sb, c, func() { ahead.Store(int64(6 * time.Minute)) }
}

// newSandboxClient is the real client with the sandbox's credentials, on
// endpoint (a sandbox, or a port nothing listens on yet).
func newSandboxClient(t testing.TB, endpoint string, retry client.RetryPolicy) *client.Client {
	t.Helper()
	c, err := client.New(context.Background(), client.Options{
		Region:   sandbox.RegionHangzhou,
		Endpoint: endpoint,
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID,
			AccessKeySecret: ipsec.Secret(sandbox.AccessKeySecret)},
		Retry:          retry,
		ConnectTimeout: time.Second,
		ReadTimeout:    5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// createdServer is the IPsec server the sandbox holds on gw ("" if none).
func createdServer(sb *sandbox.Server, gw string) (id, psk string) {
	for _, s := range sb.IpsecServers(sandbox.RegionHangzhou, gw) {
		return s.IpsecServerId, s.Psk
	}
	return "", ""
}

// Each fixture gateway that refuses a create reaches the failure screen with
// its explanation. (The real wizard refuses most of them on the gateway page
// already; the stub sends them anyway, as a pre-filled --no-input run would.)
func TestSandboxFailingGateways(t *testing.T) {
	t.Parallel()
	cases := []struct{ gw, code string }{
		{sandbox.GatewayNoSSL, "VpnGateway.SslVpnDisabled"},
		{sandbox.GatewayVpnConn, "VpnGateway.IPsecServerAndVpnConnectionConflict"},
		{sandbox.GatewayHasServer, "OperationFailed.IPsecServerExist"},
		{sandbox.GatewayLocked, "VpnGateway.FinancialLocked"},
		{sandbox.GatewayLegacy, "OperationUnsupported.IPsecServer"},
		{sandbox.GatewayBusy, "VpnGateway.Configuring"},
	}
	for _, tc := range cases {
		t.Run(tc.gw, func(t *testing.T) {
			t.Parallel()
			_, c := startSandbox(t, sandbox.Config{})
			h := startRoot(t, Config{API: c, newWizard: stubWizardPicking(tc.gw)})
			h.waitFor("STUB WIZARD")
			h.key("G")
			h.waitFor("details=true")
			h.key("S")
			ex := client.Explain(&client.APIError{Code: tc.code})
			h.waitForWithin(60*time.Second, "CreateIpsecServer failed on "+tc.gw, tc.code, firstWords(ex.Summary), "RequestId")
			h.resize()
			h.key("e")
			h.waitFor("edited=[" + ex.Field + "]")
			h.key("ctrl+c")
			if o := h.outcome(); o.ExitCode != exitCanceled {
				t.Fatalf("exit %d", o.ExitCode)
			}
		})
	}
}

func firstWords(s string) string {
	f := strings.Fields(s)
	if len(f) > 5 {
		f = f[:5]
	}
	return strings.Join(f, " ")
}

func TestSandboxCtrlCBeforeSubmitSendsNothing(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startWithGateway(t, Config{API: c}, sandbox.GatewayReady)
	h.key("ctrl+c")
	o := h.outcome()
	if o.ExitCode != exitCanceled || !strings.Contains(o.Summary, "nothing was sent") {
		t.Fatalf("outcome %+v", o)
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 0 {
		t.Errorf("creates %d", n)
	}
}

// Both gateway transitions of a create (active -> updating -> active) reach
// the tracking screen, never before the sandbox logged them. How fast they
// get there (issue target: within 1 s, median) is a speed goal, so it is
// measured by BenchmarkTransitionToScreen, not asserted here.
func TestSandboxTransitionsOnScreen(t *testing.T) {
	t.Parallel()
	const runs = 3
	var (
		mu        sync.Mutex
		latencies []time.Duration
	)
	t.Run("runs", func(t *testing.T) {
		for i := range runs {
			t.Run(strconv.Itoa(i), func(t *testing.T) {
				t.Parallel()
				latencyRun(t, i, &mu, &latencies)
			})
		}
	})
	if len(latencies) != 2*runs {
		t.Fatalf("saw %d of %d transitions on screen", len(latencies), 2*runs)
	}
	for _, l := range latencies {
		if l < 0 {
			t.Errorf("a transition was on screen %v before the sandbox made it", -l)
		}
	}
	t.Logf("transition-to-screen latencies %v", latencies)
}

func latencyRun(t testing.TB, i int, mu *sync.Mutex, latencies *[]time.Duration) {
	log := &syncBuffer{}
	_, c := startSandbox(t, sandbox.Config{UpdatingDelay: time.Duration(300+200*i) * time.Millisecond,
		Settle: time.Duration(1500+300*i) * time.Millisecond, Log: log})
	h := startRoot(t, Config{API: c, newWizard: stubWizardPicking(sandbox.GatewayReady)})
	h.waitView("STUB WIZARD")
	h.key("G")
	h.waitView("details=true")
	h.key("S")
	var sawUpdating, sawActive time.Time
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && sawActive.IsZero() {
		v := h.view()
		now := time.Now()
		if sawUpdating.IsZero() && strings.Contains(v, "Gateway [updating]") {
			sawUpdating = now
		}
		if strings.Contains(v, "IPsec server created") {
			sawActive = now
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.key("q")
	h.outcome()
	flips := transitions(t, log.String(), sandbox.GatewayReady)
	mu.Lock()
	defer mu.Unlock()
	if up, ok := flips["updating"]; ok && !sawUpdating.IsZero() {
		*latencies = append(*latencies, sawUpdating.Sub(up))
	} else {
		t.Errorf("run %d: updating flip %v seen %v", i, flips["updating"], sawUpdating)
	}
	if act, ok := flips["active"]; ok && !sawActive.IsZero() {
		*latencies = append(*latencies, sawActive.Sub(act))
	} else {
		t.Errorf("run %d: active flip %v seen %v", i, flips["active"], sawActive)
	}
}

// transitions reads the sandbox log's transition lines for gw: the time of
// the last flip to each status.
func transitions(t testing.TB, log, gw string) map[string]time.Time {
	out := map[string]time.Time{}
	for _, line := range strings.Split(log, "\n") {
		f := strings.Fields(line)
		if len(f) < 5 || f[1] != "transition" || f[2] != "gateway="+gw {
			continue
		}
		at, err := time.Parse("2006-01-02T15:04:05.000Z", f[0])
		if err != nil {
			t.Fatalf("log time %q: %v", f[0], err)
		}
		out[strings.TrimPrefix(f[4], "to=")] = at
	}
	return out
}
