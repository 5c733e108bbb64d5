package client_test

// Resilience of the client under injected faults and slow answers, at many
// seeds but quickly; the same properties for the built binary are in
// cmd/ipsecwiz/chaos_test.go. More seeds: IPSECWIZ_CHAOS_RUNS=500.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// resSeeds is how many fault seeds each resilience test runs.
func resSeeds(t *testing.T, def int) int {
	t.Helper()
	if s := os.Getenv("IPSECWIZ_CHAOS_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("IPSECWIZ_CHAOS_RUNS=%q: want a positive number", s)
		}
		return n
	}
	if testing.Short() {
		return def / 4
	}
	return def
}

func resSandbox(t *testing.T, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func resClient(t *testing.T, srv *sandbox.Server, retry client.RetryPolicy, readTimeout time.Duration) *client.Client {
	t.Helper()
	c, err := client.New(context.Background(), client.Options{
		Endpoint:    srv.Addr(),
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret},
		Retry:       retry,
		ReadTimeout: readTimeout,
	})
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func resSpec() ipsec.ServerSpec {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	return spec
}

// clearError: the error explains itself (what happened, what to do) and
// maps to the API/network exit code.
func clearError(t *testing.T, seed int64, err error) {
	t.Helper()
	x := client.Explain(err)
	if x.Code == "" || x.Code == "Unknown" || x.Summary == "" || x.Remedy == "" {
		t.Errorf("seed %d: unclear error %v: %+v", seed, err, x)
	}
	if code := client.ExitCode(err); code != client.ExitFailure {
		t.Errorf("seed %d: exit code %d for %v, want %d", seed, code, err, client.ExitFailure)
	}
}

// TestResilienceCreateUnderFaults: creates with a short retry budget against
// sandboxes failing 30 % of calls. Each ends with the server or a clear
// error; an error with the server made anyway (its answer was lost, then
// the budget ran out) must be retryable, and repeating the request (same
// ClientToken) must find that server. Never two.
func TestResilienceCreateUnderFaults(t *testing.T) {
	n := resSeeds(t, 60)
	var ok, failedClean, failedMade int
	for i := 0; i < n; i++ {
		seed := int64(1000 + i)
		srv := resSandbox(t, sandbox.Config{FaultRate: 0.3, FaultSeed: seed, Settle: 100 * time.Millisecond, UpdatingDelay: 20 * time.Millisecond})
		c := resClient(t, srv, client.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}, 0)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		spec := resSpec()
		res, err := c.CreateIpsecServer(ctx, &spec)
		servers := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)
		switch {
		case len(servers) > 1:
			t.Fatalf("seed %d: %d servers from one create: %+v", seed, len(servers), servers)
		case err == nil:
			if len(servers) != 1 || servers[0].IpsecServerId != res.IpsecServerId {
				t.Fatalf("seed %d: success %+v but the gateway holds %+v", seed, res, servers)
			}
			ok++
		case len(servers) == 0:
			clearError(t, seed, err)
			failedClean++
		default:
			clearError(t, seed, err)
			if !client.IsRetryable(err) {
				t.Errorf("seed %d: the server was made but the error %v says not to retry", seed, err)
			}
			failedMade++
		}
		if spec.ClientToken == "" {
			t.Fatalf("seed %d: the spec did not keep its ClientToken", seed)
		}
		// Repeat the same request on a healthy service: one server, the same.
		srv.SetFaultRate(0)
		again, err2 := c.CreateIpsecServer(ctx, &spec)
		cancel()
		if err2 != nil {
			t.Fatalf("seed %d: repeating the create without faults: %v", seed, err2)
		}
		servers = srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)
		if len(servers) != 1 || servers[0].IpsecServerId != again.IpsecServerId ||
			(err == nil && again.IpsecServerId != res.IpsecServerId) {
			t.Fatalf("seed %d: after the repeat the gateway holds %+v (first answer %+v, %v; repeat %+v)", seed, servers, res, err, again)
		}
		_ = srv.Close()
	}
	t.Logf("%d seeds: %d created, %d failed cleanly, %d failed after the server was made", n, ok, failedClean, failedMade)
	if n >= 20 && failedClean+failedMade == 0 {
		t.Error("no create failed: the faults never exhausted a 3-attempt budget, the error path went untested")
	}
}

// TestResilienceDryRunUnderFaults: a precheck under faults never creates
// anything, and ends passed or with a clear error.
func TestResilienceDryRunUnderFaults(t *testing.T) {
	n := resSeeds(t, 40)
	for i := 0; i < n; i++ {
		seed := int64(5000 + i)
		srv := resSandbox(t, sandbox.Config{FaultRate: 0.3, FaultSeed: seed})
		c := resClient(t, srv, client.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}, 0)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		spec := resSpec()
		spec.DryRun = true
		res, err := c.CreateIpsecServer(ctx, &spec)
		cancel()
		if err != nil {
			clearError(t, seed, err)
		} else if !res.DryRunPassed {
			t.Errorf("seed %d: dry run neither passed nor failed: %+v", seed, res)
		}
		if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 0 {
			t.Fatalf("seed %d: a dry run created %+v", seed, got)
		}
		_ = srv.Close()
	}
}

// TestResilienceSlowReads: answers slower than the read timeout are retried,
// then reported as a timeout with a remedy, within a bounded time; the
// watcher reports them as transient events and still ends at its timeout.
func TestResilienceSlowReads(t *testing.T) {
	srv := resSandbox(t, sandbox.Config{Latency: 300 * time.Millisecond})
	c := resClient(t, srv, client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}, 100*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	start := time.Now()
	_, err := c.DescribeGateway(ctx, sandbox.RegionHangzhou, sandbox.GatewayReady)
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("DescribeGateway on a slow sandbox = %v, want a timeout NetworkError", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("two 100ms attempts took %v", d)
	}
	if n := srv.RequestCount("DescribeVpnGateway"); n != 2 {
		t.Errorf("DescribeVpnGateway requests = %d, want 2 (retried once)", n)
	}
	x := client.Explain(err)
	if x.Code != client.CodeTimeout || !x.Retryable || x.Remedy == "" || !strings.Contains(x.Summary, srv.Addr()) {
		t.Errorf("Explain(slow read) = %+v: want a timeout naming the endpoint, with a remedy", x)
	}
	if !strings.Contains(err.Error(), "timed out") || strings.Contains(err.Error(), "Signature=") {
		t.Errorf("error text %q: want \"timed out\" and no signed URL", err)
	}

	// The watcher: every poll times out; it says so and ends at its timeout.
	wstart := time.Now()
	var transient int
	var last client.GatewayEvent
	for ev := range c.WatchGateway(ctx, sandbox.RegionHangzhou, sandbox.GatewayReady, client.WatchOptions{Timeout: 1500 * time.Millisecond}) {
		if !ev.Done && ev.Err != nil {
			transient++
			if !client.IsRetryable(ev.Err) {
				t.Errorf("a slow poll reported as lasting: %v", ev.Err)
			}
		}
		last = ev
	}
	if d := time.Since(wstart); d > 4*time.Second {
		t.Errorf("a 1.5s watch took %v", d)
	}
	if transient == 0 {
		t.Error("the watcher never reported its slow polls")
	}
	if !last.Done || !errors.Is(last.Err, context.DeadlineExceeded) {
		t.Errorf("the watch ended with %+v, want a timeout", last)
	}
	if x := client.Explain(last.Err); x.Remedy == "" {
		t.Errorf("Explain(watch timeout) has no remedy: %+v", x)
	}
}

// FuzzResilienceCIDRList: ipsec.SplitCIDRList (the --local-subnet and
// answers-file list parser) never yields an untrimmed or unsplit entry (an
// empty one only for an empty entry between commas, for validation to
// name), and a list survives its string and JSON forms unchanged.
func FuzzResilienceCIDRList(f *testing.F) {
	for _, s := range []string{"", "172.16.0.0/16", "172.16.0.0/16, 10.10.0.0/16", " ,,\t\n10.0.0.0/8 ,", "a\rb,\u00a0c", "\x00,\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := ipsec.SplitCIDRList(s)
		for _, e := range l {
			if strings.TrimSpace(e) != e || strings.ContainsAny(e, ", \n\t") || (e == "" && !strings.Contains(s, ",")) {
				t.Fatalf("ParseCIDRList(%q) = %q: bad entry %q", s, l, e)
			}
		}
		if again := ipsec.SplitCIDRList(l.String()); !reflect.DeepEqual(again, l) {
			t.Fatalf("ParseCIDRList(%q) = %q; through String() it becomes %q", s, l, again)
		}
		if !utf8.ValidString(s) {
			return // JSON itself cannot carry invalid UTF-8
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("Marshal(%q): %v", l, err)
		}
		var back ipsec.CIDRList
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, l) {
			t.Fatalf("JSON round trip of %q: %q, %v", l, back, err)
		}
	})
}
