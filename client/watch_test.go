package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// statuses returns the statuses of the events that carry one.
func statuses(events []client.GatewayEvent) []string {
	var out []string
	for _, ev := range events {
		if ev.Status != "" && (len(out) == 0 || out[len(out)-1] != ev.Status) {
			out = append(out, ev.Status)
		}
	}
	return out
}

func checkDoneLast(t *testing.T, events []client.GatewayEvent) client.GatewayEvent {
	t.Helper()
	if len(events) == 0 {
		t.Fatal("no events")
	}
	for i, ev := range events[:len(events)-1] {
		if ev.Done {
			t.Fatalf("event %d of %d is Done: %+v", i, len(events), ev)
		}
	}
	last := events[len(events)-1]
	if !last.Done {
		t.Fatalf("last event not Done: %+v", last)
	}
	return last
}

// TestWatchAfterCreate: the watch starts right after the create, before the
// gateway turns updating; it must see active -> updating -> active and settle
// only at the end.
func TestWatchAfterCreate(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{UpdatingDelay: 700 * time.Millisecond, Settle: 1500 * time.Millisecond})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	spec := readySpec()
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	var settledAt string
	events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayReady,
		client.WatchOptions{ExpectChange: true, IpsecServerId: res.IpsecServerId}), 10*time.Second)
	settledAt, _ = srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady)

	last := checkDoneLast(t, events)
	if !last.Settled || last.Err != nil || last.Status != ipsec.StatusActive {
		t.Fatalf("last event = %+v, want settled", last)
	}
	got := statuses(events)
	want := []string{ipsec.StatusActive, ipsec.StatusUpdating, ipsec.StatusActive}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if !events[0].Changed || events[0].Status != ipsec.StatusActive {
		t.Errorf("first event = %+v", events[0])
	}
	if settledAt != ipsec.StatusActive {
		t.Errorf("sandbox says %s when the watch settled", settledAt)
	}
	for i := 1; i < len(events); i++ {
		if events[i].Polls <= events[i-1].Polls || events[i].Elapsed < events[i-1].Elapsed {
			t.Errorf("events out of order: %+v then %+v", events[i-1], events[i])
		}
	}
	// Pace: never more than two calls a second.
	calls := srv.RequestCount("DescribeVpnGateway") + srv.RequestCount("ListIpsecServers")
	if limit := int(last.Elapsed/(500*time.Millisecond)) + 1; calls > limit {
		t.Errorf("%d calls in %v: more than 2 per second", calls, last.Elapsed)
	}
	// A transition shows within a second.
	for i := 1; i < len(events); i++ {
		if gap := events[i].Time.Sub(events[i-1].Time); gap > time.Second {
			t.Errorf("gap of %v between polls in the first 30 s", gap)
		}
	}
}

// TestWatchConfirmsByListing: the gateway was updating only between two polls,
// so the watcher never sees it; the server list confirms the change.
func TestWatchConfirmsByListing(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{UpdatingDelay: 50 * time.Millisecond, Settle: 100 * time.Millisecond})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	spec := readySpec()
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	// Watch only once the whole change is over.
	status := func(want string) func() bool {
		return func() bool {
			st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady)
			return st == want
		}
	}
	eventually(t, 5*time.Second, "updating", status(ipsec.StatusUpdating))
	eventually(t, 5*time.Second, "active again", status(ipsec.StatusActive))
	events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayReady,
		client.WatchOptions{ExpectChange: true, IpsecServerId: res.IpsecServerId}), 10*time.Second)
	last := checkDoneLast(t, events)
	if !last.Settled || last.Err != nil {
		t.Fatalf("last event = %+v, want settled by listing", last)
	}
	if srv.RequestCount("ListIpsecServers") == 0 {
		t.Error("settled without asking ListIpsecServers")
	}
	if last.Elapsed < 2*time.Second {
		t.Errorf("settled after %v, before the confirmation grace", last.Elapsed)
	}
}

func TestWatchWithoutChange(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	events := drain(t, c.WatchGateway(testContext(t), "", sandbox.GatewayReady, client.WatchOptions{}), 5*time.Second)
	if last := checkDoneLast(t, events); len(events) != 1 || !last.Settled || last.Polls != 1 {
		t.Errorf("events = %+v, want one settled event", events)
	}
}

func TestWatchUnknownGatewayEnds(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	events := drain(t, c.WatchGateway(testContext(t), "", "vpn-sandbox-nope", client.WatchOptions{}), 5*time.Second)
	last := checkDoneLast(t, events)
	var apiErr *client.APIError
	if !errors.As(last.Err, &apiErr) || apiErr.Code != "InvalidVpnGatewayInstanceId.NotFound" || last.Settled {
		t.Errorf("last event = %+v", last)
	}
}

func TestWatchTimeout(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	start := time.Now()
	events := drain(t, c.WatchGateway(testContext(t), "", sandbox.GatewayBusy, client.WatchOptions{Timeout: time.Second}), 5*time.Second)
	last := checkDoneLast(t, events)
	var timeoutErr *client.WatchTimeoutError
	if !errors.Is(last.Err, context.DeadlineExceeded) || !errors.As(last.Err, &timeoutErr) || last.Settled {
		t.Fatalf("last event = %+v, want a WatchTimeoutError", last)
	}
	if timeoutErr.LastStatus != ipsec.StatusUpdating || timeoutErr.VpnGatewayId != sandbox.GatewayBusy {
		t.Errorf("WatchTimeoutError = %+v", timeoutErr)
	}
	if d := time.Since(start); d < time.Second || d > 2*time.Second {
		t.Errorf("a 1s watch took %v", d)
	}
	if x := client.Explain(last.Err); x.Code != client.CodeWatchTimeout || x.Remedy == "" {
		t.Errorf("Explain(watch timeout) = %+v", x)
	}
	for _, ev := range events[:len(events)-1] {
		if ev.Status != ipsec.StatusUpdating {
			t.Errorf("busy gateway reported %+v", ev)
		}
	}
}

func TestWatchCancel(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))

	t.Run("while running", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ch := c.WatchGateway(ctx, "", sandbox.GatewayBusy, client.WatchOptions{})
		if ev := <-ch; ev.Status != ipsec.StatusUpdating {
			t.Fatalf("first event = %+v", ev)
		}
		cancel()
		start := time.Now()
		events := drain(t, ch, time.Second)
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("channel closed %v after cancel", d)
		}
		last := checkDoneLast(t, events)
		if !errors.Is(last.Err, context.Canceled) || client.ExitCode(last.Err) != client.ExitCanceled {
			t.Errorf("last event = %+v, want context.Canceled", last)
		}
	})

	t.Run("already cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayReady, client.WatchOptions{}), time.Second)
		if last := checkDoneLast(t, events); !errors.Is(last.Err, context.Canceled) || len(events) != 1 {
			t.Errorf("events = %+v", events)
		}
	})

	t.Run("nobody reads", func(t *testing.T) {
		fast := newClient(t, sandboxOptions(srv))
		client.SetWatchPace(fast, 5*time.Millisecond, time.Second)
		before := srv.RequestCount("DescribeVpnGateway")
		ctx, cancel := context.WithCancel(context.Background())
		ch := fast.WatchGateway(ctx, "", sandbox.GatewayBusy, client.WatchOptions{})
		// Let unread events fill the channel and block the watcher, then give up on it.
		eventually(t, 5*time.Second, "a full channel", func() bool { return srv.RequestCount("DescribeVpnGateway")-before >= 9 }) // 8 buffered + 1 blocked
		cancel()
		events := drain(t, ch, time.Second) // closes: the goroutine is gone
		if last := checkDoneLast(t, events); !errors.Is(last.Err, context.Canceled) {
			t.Errorf("last event = %+v", last)
		}
	})
}

func TestWatchTransientErrors(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{FaultRate: 0.5, FaultSeed: 7})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayBusy, client.WatchOptions{Timeout: 3 * time.Second}), 6*time.Second)
	last := checkDoneLast(t, events)
	var timeoutErr *client.WatchTimeoutError
	if !errors.As(last.Err, &timeoutErr) {
		t.Fatalf("last event = %+v, want a timeout (the gateway stays busy)", last)
	}
	transient := 0
	for _, ev := range events[:len(events)-1] {
		if ev.Err != nil {
			transient++
			if ev.Status != "" || !client.IsRetryable(ev.Err) {
				t.Errorf("transient event = %+v", ev)
			}
		}
	}
	if transient == 0 {
		t.Error("no transient errors reported with half the calls failing")
	}
}

// TestWatchUnconfirmedChange: the gateway never changes and the server never
// shows up; the watch must not call that settled, and keeps polling the
// gateway between listings.
func TestWatchUnconfirmedChange(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	client.SetWatchPace(c, 20*time.Millisecond, 50*time.Millisecond)
	events := drain(t, c.WatchGateway(testContext(t), "", sandbox.GatewayReady,
		client.WatchOptions{ExpectChange: true, IpsecServerId: "iss-never", Timeout: 600 * time.Millisecond}), 5*time.Second)
	last := checkDoneLast(t, events)
	var timeoutErr *client.WatchTimeoutError
	if !errors.As(last.Err, &timeoutErr) || timeoutErr.ChangeSeen || last.Settled {
		t.Fatalf("last event = %+v, want a timeout with the change unseen", last)
	}
	lists, polls := srv.RequestCount("ListIpsecServers"), srv.RequestCount("DescribeVpnGateway")
	if lists == 0 || polls <= lists {
		t.Errorf("%d listings, %d polls: want listings interleaved with more polls", lists, polls)
	}
}
