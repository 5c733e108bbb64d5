package main

// Resilience ("chaos") runs of the built binary and of the client against
// sandboxes that fail, die and dawdle. `go test ./...` makes the 100
// creates under faults (8 at a time, about 40 s); for longer runs:
//
//	IPSECWIZ_CHAOS_RUNS=500 go test ./cmd/ipsecwiz/ -run Chaos -count 3
//
// IPSECWIZ_CHAOS_RUNS sets the creates per TestChaosCreates run (default
// 100, 10 with -short); -count repeats every chaos test.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// chaosRuns is how many creates TestChaosCreates makes.
func chaosRuns(t *testing.T) int {
	t.Helper()
	s := os.Getenv("IPSECWIZ_CHAOS_RUNS")
	if s == "" {
		if testing.Short() {
			return 10
		}
		return 100
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("IPSECWIZ_CHAOS_RUNS=%q: want a positive number", s)
	}
	return n
}

// chaosSandbox runs an in-test sandbox on a free loopback port.
func chaosSandbox(t *testing.T, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatalf("sandbox Listen: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// chaosCreds are the environment credentials of the sandbox's full-rights key.
var chaosCreds = []string{
	"ALIBABA_CLOUD_ACCESS_KEY_ID=" + sandbox.AccessKeyID,
	"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + sandbox.AccessKeySecret,
}

// chaosRun runs the binary without a terminal; past limit it is killed and
// the test fails: a hang is a failure, whatever the answer would have been.
func chaosRun(t *testing.T, limit time.Duration, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ipsecwiz %s hung: killed after %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), limit, out.String(), errOut.String())
	}
	return result{code: exitCode(err), stdout: out.String(), stderr: errOut.String()}
}

// TestChaosCreates: non-interactive creates against sandboxes failing 30 % of
// the calls (503, Throttling, SystemBusy, connections dropped before and
// after acting). Every run ends with exactly one server and exit 0, or with
// a clear error; never two servers, never a hang.
func TestChaosCreates(t *testing.T) {
	t.Parallel()
	n := chaosRuns(t)
	var mu sync.Mutex
	outcomes := map[string]int{}
	// The runs spend their time waiting (backoffs, the gateway settling),
	// not computing, so they go many at a time, in the test process: t.Run
	// is called from workers rather than with t.Parallel, which -parallel
	// caps at GOMAXPROCS.
	const workers = 25
	seeds := make(chan int64)
	var wg sync.WaitGroup
	t.Run("runs", func(t *testing.T) {
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for seed := range seeds {
					t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
						o := chaosCreateOnce(t, seed)
						mu.Lock()
						outcomes[o]++
						mu.Unlock()
					})
				}
			}()
		}
		base := time.Now().UnixNano() % 1_000_000 * 1000
		for i := 1; i <= n; i++ {
			seeds <- base + int64(i)
		}
		close(seeds)
		wg.Wait()
	})
	t.Logf("%d creates under faults: %v", n, outcomes)
}

// chaosCreateOnce makes one create under faults and judges its end; it
// returns a word for the outcome.
func chaosCreateOnce(t *testing.T, seed int64) string {
	srv := chaosSandbox(t, sandbox.Config{FaultRate: 0.3, FaultSeed: seed, Settle: 200 * time.Millisecond, UpdatingDelay: 50 * time.Millisecond})
	r := startCLI(t, "", cleanEnv(t.TempDir(), chaosCreds...),
		"create", "--no-input", "--endpoint", srv.Addr(), "--vpn-gateway-id", sandbox.GatewayReady,
		"--local-subnet", "172.16.0.0/16", "--client-ip-pool", "192.168.0.0/24", "--wait-timeout", "20s").wait(60 * time.Second)
	servers := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)
	report := fmt.Sprintf("seed %d: exit %d, %d server(s)\nstdout: %s\nstderr: %s", seed, r.code, len(servers), r.stdout, r.stderr)
	if len(servers) > 1 {
		t.Fatalf("two servers from one create: %+v\n%s", servers, report)
	}
	for _, bad := range []string{"panic:", "goroutine "} {
		if strings.Contains(r.stdout+r.stderr, bad) {
			t.Fatalf("a panic:\n%s", report)
		}
	}
	if r.code == 0 {
		if len(servers) != 1 {
			t.Fatalf("exit 0 without exactly one server\n%s", report)
		}
		if !strings.Contains(r.stdout, servers[0].IpsecServerId) {
			t.Errorf("exit 0 but stdout does not name the server %s\n%s", servers[0].IpsecServerId, report)
		}
		return "created"
	}
	if r.code != client.ExitFailure {
		t.Errorf("a failure under faults exits 1 (the API or the network failed), got %d\n%s", r.code, report)
	}
	// A clear error: what happened, with the code or the explanation.
	if !strings.Contains(r.stderr, "ipsecwiz:") || !containsAny(r.stderr, "what happened", "ServiceUnavailable", "Throttling", "SystemBusy", "cannot reach", "timed out", "did not settle") {
		t.Errorf("the failure does not say what happened\n%s", report)
	}
	if len(servers) == 1 {
		// The server exists though the run failed (e.g. the create went
		// through but following the gateway gave up): the user must be told
		// which server it is, or they would make a second one.
		if !strings.Contains(r.stdout+r.stderr, servers[0].IpsecServerId) {
			t.Errorf("the run failed, server %s exists, and the output never names it\n%s", servers[0].IpsecServerId, report)
		}
		return "created-then-failed"
	}
	return "failed-clean"
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// chaosFreePort is a loopback port free a moment ago.
func chaosFreePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// chaosSandboxProcess is `ipsecwiz sandbox` running as a child process.
type chaosSandboxProcess struct {
	cmd  *exec.Cmd
	log  *bytes.Buffer
	done chan struct{}
}

func startChaosSandbox(t *testing.T, addr string, args ...string) *chaosSandboxProcess {
	t.Helper()
	p := &chaosSandboxProcess{log: new(bytes.Buffer), done: make(chan struct{})}
	p.cmd = exec.Command(binPath, append([]string{"sandbox", "--addr", addr}, args...)...)
	p.cmd.Env = cleanEnv(t.TempDir())
	p.cmd.Stderr = p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(p.kill)
	// Ready when it accepts connections.
	chaosEventually(t, 10*time.Second, "the sandbox listening on "+addr, func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return p
}

func (p *chaosSandboxProcess) kill() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
}

// chaosEventually polls cond until it holds or fails the test at the deadline.
func chaosEventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		<-tick.C
	}
}

// chaosState is what the tests read of a sandbox state file.
type chaosState struct {
	Servers []struct {
		IpsecServerId string
		VpnGatewayId  string
	}
	Tokens []struct{ Key string }
}

func readChaosState(path string) (chaosState, []byte, error) {
	var st chaosState
	b, err := os.ReadFile(path)
	if err != nil {
		return st, b, err
	}
	return st, b, json.Unmarshal(b, &st)
}

func (st chaosState) serversOn(gw string) []string {
	var ids []string
	for _, s := range st.Servers {
		if s.VpnGatewayId == gw {
			ids = append(ids, s.IpsecServerId)
		}
	}
	return ids
}

// TestChaosSandboxKilled: the sandbox is SIGKILLed after it made the server
// but before it answered (its --latency holds the answer back), then
// restarted from its --state file. The client, retrying with the same
// ClientToken across the outage, gets the server that was made, not a second.
func TestChaosSandboxKilled(t *testing.T) {
	t.Parallel()
	addr := chaosFreePort(t)
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"--state", state, "--settle", "300ms", "--latency", "500ms"}
	first := startChaosSandbox(t, addr, args...)

	c, err := client.New(context.Background(), client.Options{
		Endpoint:    addr,
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret},
		Retry:       client.RetryPolicy{MaxAttempts: 30, BaseDelay: 50 * time.Millisecond, MaxDelay: 300 * time.Millisecond},
		ReadTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	spec.ClientToken = "chaos-killed-" + strconv.FormatInt(time.Now().UnixNano(), 36)

	type answer struct {
		res client.CreateResult
		err error
	}
	done := make(chan answer, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		s := spec
		res, err := c.CreateIpsecServer(ctx, &s)
		done <- answer{res, err}
	}()

	// The server is in the state file: the sandbox acted and is now holding
	// the answer back for --latency. Kill it there.
	var made []string
	chaosEventually(t, 10*time.Second, "the create to reach the state file", func() bool {
		st, _, err := readChaosState(state)
		made = st.serversOn(sandbox.GatewayReady)
		return err == nil && len(made) > 0
	})
	first.kill()
	select {
	case a := <-done:
		t.Fatalf("the create answered before the sandbox was killed (%+v, %v): the kill did not land mid-request", a.res, a.err)
	default:
	}
	st, raw, err := readChaosState(state)
	if err != nil {
		t.Fatalf("state file after SIGKILL is not valid JSON: %v\n%s", err, raw)
	}
	if ids := st.serversOn(sandbox.GatewayReady); len(ids) != 1 {
		t.Fatalf("state file after SIGKILL holds %v on %s, want one server", ids, sandbox.GatewayReady)
	}

	startChaosSandbox(t, addr, args...)
	var a answer
	select {
	case a = <-done:
	case <-time.After(25 * time.Second):
		t.Fatal("the create's retries did not end within 25s of the restart")
	}
	if a.err != nil {
		t.Fatalf("create across the restart: %v", a.err)
	}
	if a.res.IpsecServerId != made[0] {
		t.Errorf("the retry got %s, want the server made before the kill, %s", a.res.IpsecServerId, made[0])
	}
	if a.res.Attempts < 2 {
		t.Errorf("Attempts = %d: the create was not retried across the kill", a.res.Attempts)
	}
	lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer lcancel()
	list, err := c.ListIpsecServers(lctx, sandbox.RegionHangzhou, sandbox.GatewayReady)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].IpsecServerId != made[0] {
		t.Errorf("servers on the gateway after the restart: %+v, want only %s", list, made[0])
	}
	// The file also loads in a fresh sandbox (no corruption, nothing lost).
	copyPath := filepath.Join(t.TempDir(), "copy.json")
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Config{StateFile: copyPath})
	if err != nil {
		t.Fatalf("the state file left by SIGKILL does not load: %v", err)
	}
	defer srv.Close()
	if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 1 || got[0].IpsecServerId != made[0] {
		t.Errorf("reloaded state: %+v", got)
	}
}

// TestChaosSlowAnswers: a sandbox answering after the client's read timeout.
// The call is retried, then fails with a timeout that says what to do, well
// within its deadline; once answers are fast enough, the same request (same
// ClientToken) gets the one server the slow attempts made.
func TestChaosSlowAnswers(t *testing.T) {
	t.Parallel()
	srv := chaosSandbox(t, sandbox.Config{Latency: 400 * time.Millisecond})
	opts := client.Options{
		Endpoint:    srv.Addr(),
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret},
		Retry:       client.RetryPolicy{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond},
		ReadTimeout: 150 * time.Millisecond,
	}
	c, err := client.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	res, err := c.CreateIpsecServer(ctx, &spec)
	took := time.Since(start)
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("create against a slow sandbox = %+v, %v; want a timeout NetworkError", res, err)
	}
	if took > 3*time.Second {
		t.Errorf("3 attempts of 150ms took %v: hung on a slow answer", took)
	}
	// The last attempt was abandoned on the client's side; on a loaded
	// machine the sandbox may count its request a moment later.
	chaosEventually(t, 5*time.Second, "the third request to arrive", func() bool { return srv.RequestCount("CreateIpsecServer") >= 3 })
	if n := srv.RequestCount("CreateIpsecServer"); n != 3 || res.Attempts != 3 {
		t.Errorf("requests = %d, Attempts = %d; want 3 (retried up to the policy)", n, res.Attempts)
	}
	x := client.Explain(err)
	if x.Code != client.CodeTimeout || x.Remedy == "" || !x.Retryable || client.ExitCode(err) != client.ExitFailure {
		t.Errorf("Explain(slow create) = %+v, exit %d", x, client.ExitCode(err))
	}
	// The sandbox acts before its latency: the slow attempts did make the
	// server, once; the token makes the next try find it.
	if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 1 {
		t.Fatalf("servers after the timed-out attempts: %+v, want exactly one", got)
	}
	if spec.ClientToken == "" || spec.ClientToken != res.ClientToken {
		t.Fatalf("ClientToken not kept in the spec for the retry: %q vs %q", spec.ClientToken, res.ClientToken)
	}
	opts.ReadTimeout = 5 * time.Second
	patient, err := client.New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer patient.Close()
	res2, err := patient.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("the same create with a longer read timeout: %v", err)
	}
	got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)
	if len(got) != 1 || got[0].IpsecServerId != res2.IpsecServerId {
		t.Errorf("servers: %+v, answer %s: want the one server", got, res2.IpsecServerId)
	}
}

// chaosScreen is a screen of the interactive program reachable by keys.
type chaosScreen struct {
	name   string
	settle time.Duration // the sandbox's; 0 = `--sandbox` (in-process, 5 s)
	// latency holds every answer of the test's sandbox this long, to keep a
	// screen that waits for the API (checking, submitting) on the glass.
	latency time.Duration
	keys    func(r *ptyRun) string
	code    int      // exit code of ctrl+c there
	creds   []string // the key's environment; nil means chaosCreds
}

// TestChaosTerminal: on every screen reachable by keys, the terminal is
// resized to tiny and huge and back, then ctrl+c: no panic, the documented
// exit code, and the terminal restored (cursor shown, alternate screen left).
func TestChaosTerminal(t *testing.T) {
	t.Parallel()
	firstPage := func(r *ptyRun) string {
		r.waitFor(15*time.Second, "Step 1 of 6", "vpn-sandbox-ready")
		return "Step 1 of 6"
	}
	subnets := func(r *ptyRun) string {
		firstPage(r)
		r.send(keyEnter) // the region
		r.waitFor(5*time.Second, "┃ > ready-hz")
		r.send(keyEnter) // the ready gateway
		r.waitFor(10*time.Second, "Step 2 of 6", "192.168.0.0/24")
		return "Step 2 of 6"
	}
	// subnetsToReview takes the defaults from the subnets page (shown) to
	// the review.
	subnetsToReview := func(r *ptyRun) {
		r.send(keyEnter, keyEnter)
		r.waitFor(5*time.Second, "Step 3 of 6")
		r.send(keyEnter)
		r.waitFor(5*time.Second, "Step 4 of 6")
		r.send(keyEnter)
		r.waitFor(5*time.Second, "Step 5 of 6")
		r.send(keyEnter, keyEnter, keyEnter)
		r.waitFor(5*time.Second, "Step 6 of 6", "Create the IPsec server")
	}
	review := func(r *ptyRun) string {
		subnets(r)
		subnetsToReview(r)
		return "Step 6 of 6"
	}
	checking := func(r *ptyRun) string {
		r.waitFor(30*time.Second, "Step 1 of 6", "vpn-sandbox-ready")
		r.send(keyEnter) // the region
		r.waitFor(10*time.Second, "┃ > ready-hz")
		r.send(keyEnter) // the ready gateway: its details come slowly
		r.waitFor(10*time.Second, "Checking gateway")
		return "Checking gateway"
	}
	submitting := func(r *ptyRun) string {
		review(r)
		r.send(keyEnter)
		r.waitFor(10*time.Second, "CreateIpsecServer on vpn-sandbox-ready")
		return "CreateIpsecServer on vpn-sandbox-ready"
	}
	failure := func(r *ptyRun) string {
		firstPage(r)
		r.send(keyEnter) // the region
		r.waitFor(5*time.Second, "┃ > ready-hz")
		// The read-only key reads everything: only the create tells it may
		// not write.
		r.send(keyEnter)
		r.waitFor(10*time.Second, "Step 2 of 6", "192.168.0.0/24")
		subnetsToReview(r)
		r.send(keyEnter)
		r.waitFor(15*time.Second, "CreateIpsecServer failed", "Forbidden")
		return "Forbidden"
	}
	tracking := func(r *ptyRun) string {
		review(r)
		r.send(keyEnter)
		r.waitFor(10*time.Second, "Creating iss-")
		return "Creating iss-"
	}
	result := func(r *ptyRun) string {
		tracking(r)
		r.waitFor(15*time.Second, "IPsec server created")
		return "IPsec server created"
	}
	screens := []chaosScreen{
		{name: "first-page", keys: firstPage, code: client.ExitCanceled},
		{name: "subnets", keys: subnets, code: client.ExitCanceled},
		{name: "review", keys: review, code: client.ExitCanceled},
		{name: "checking", settle: time.Second, latency: 3 * time.Second, keys: checking, code: client.ExitCanceled},
		// ctrl+c waits for the create's answer, then leaves: cancelled.
		{name: "submitting", settle: time.Minute, latency: 1500 * time.Millisecond, keys: submitting, code: client.ExitCanceled},
		// ctrl+c is 130 everywhere, even after a failure.
		{name: "failure", settle: time.Second, keys: failure, code: client.ExitCanceled,
			creds: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=" + sandbox.ReadOnlyAccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + sandbox.ReadOnlyAccessKeySecret}},
		{name: "tracking", settle: time.Minute, keys: tracking, code: client.ExitCanceled},
		// Done: ctrl+c leaves the finished result, which succeeded.
		{name: "result", settle: 200 * time.Millisecond, keys: result, code: client.ExitOK},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			chaosTerminalOn(t, sc)
		})
	}
}

func chaosTerminalOn(t *testing.T, sc chaosScreen) {
	home := t.TempDir()
	var r *ptyRun
	if sc.settle == 0 {
		r = startPTY(t, cleanEnv(home), 80, 24, "--sandbox")
	} else {
		srv := chaosSandbox(t, sandbox.Config{Settle: sc.settle, Latency: sc.latency})
		creds := sc.creds
		if creds == nil {
			creds = chaosCreds
		}
		r = startPTY(t, cleanEnv(home, creds...), 80, 24, "--endpoint", srv.Addr())
	}
	marker := sc.keys(r)
	for _, size := range [][2]int{{20, 5}, {300, 100}, {1, 1}, {80, 24}} {
		r.resize(size[0], size[1])
		select {
		case <-r.done:
			t.Fatalf("exited (%v) after a resize to %dx%d\n%s", r.err, size[0], size[1], r.rawText())
		default:
		}
	}
	// Still alive and drawing the same screen at the normal size.
	r.waitFor(10*time.Second, marker)
	r.send(keyCtrlC)
	chaosEventually(t, 5*time.Second, "ctrl+c to quit or ask", func() bool {
		select {
		case <-r.done:
			return true
		default:
		}
		return strings.Contains(r.screen(), "Cancel the wizard?") || strings.Contains(r.screen(), "has not been shown or saved")
	})
	switch screen := r.screen(); {
	case strings.Contains(screen, "Cancel the wizard?"):
		r.send("y")
	case strings.Contains(screen, "has not been shown or saved"):
		r.send(keyCtrlC) // the generated key was offered; leave without it
	}
	code := r.wait(10 * time.Second)
	raw := r.rawText()
	all := raw + r.stdoutText()
	if strings.Contains(all, "panic:") || strings.Contains(all, "goroutine ") {
		t.Fatalf("panic on %s:\n%s", sc.name, all)
	}
	if code != sc.code {
		t.Errorf("ctrl+c on %s: exit %d, want %d\nstdout: %s", sc.name, code, sc.code, r.stdoutText())
	}
	if hide, show := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h"); hide > show {
		t.Errorf("%s: the cursor is left hidden (last ESC[?25l at %d, last ESC[?25h at %d)", sc.name, hide, show)
	}
	if enter, leave := strings.LastIndex(raw, "\x1b[?1049h"), strings.LastIndex(raw, "\x1b[?1049l"); enter > leave {
		t.Errorf("%s: the alternate screen is left behind", sc.name)
	}
}

// TestChaosUpdates: a non-interactive update of the pool against sandboxes
// failing 30 % of the calls. A retry carries the same ClientToken, so the
// change is made once at most (one updating spell of the gateway); exit 0
// means the server reads back as asked, and a failure that may have
// reached the service names the ClientToken.
func TestChaosUpdates(t *testing.T) {
	t.Parallel()
	base := time.Now().UnixNano() % 1_000_000 * 1000
	outcomes := map[string]int{}
	var mu sync.Mutex
	t.Run("runs", func(t *testing.T) {
		for i := range 12 {
			seed := base + int64(i)
			t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
				t.Parallel()
				log := &syncBuffer{}
				srv := chaosSandbox(t, sandbox.Config{FaultRate: 0.3, FaultSeed: seed, Settle: 200 * time.Millisecond,
					UpdatingDelay: 50 * time.Millisecond, Log: log})
				r := startCLI(t, "", cleanEnv(t.TempDir(), chaosCreds...), "update", sandbox.ExistingServerID, "--no-input",
					"--endpoint", srv.Addr(), "--client-ip-pool", "10.60.0.0/24", "--wait-timeout", "20s").wait(60 * time.Second)
				report := fmt.Sprintf("seed %d: exit %d\nstdout: %s\nstderr: %s\nlog:\n%s", seed, r.code, r.stdout, r.stderr, log.String())
				spells := strings.Count(log.String(), "transition gateway="+sandbox.GatewayHasServer+" from=active to=updating")
				if spells > 1 {
					t.Fatalf("the update was made %d times\n%s", spells, report)
				}
				pool := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)[0].ClientIpPool
				word := "failed-clean"
				switch {
				case r.code == 0:
					if pool != "10.60.0.0/24" {
						t.Fatalf("exit 0 with the pool %s\n%s", pool, report)
					}
					word = "updated"
				case r.code != client.ExitFailure:
					t.Fatalf("a failure under faults exits 1, got %d\n%s", r.code, report)
				case pool == "10.60.0.0/24" || strings.Contains(r.stdout, "may have been carried out"):
					if !strings.Contains(r.stdout+r.stderr, "ClientToken") {
						t.Errorf("the update may have been made and the output names no ClientToken\n%s", report)
					}
					word = "updated-then-failed"
				}
				mu.Lock()
				outcomes[word]++
				mu.Unlock()
			})
		}
	})
	t.Logf("updates under faults: %v", outcomes)
}
