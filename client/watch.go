package client

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// DefaultWatchTimeout bounds WatchGateway when WatchOptions.Timeout is zero.
const DefaultWatchTimeout = 10 * time.Minute

// watchPace is the watcher's rhythm. Every call, DescribeVpnGateway or
// ListIpsecServers, waits for its slot, so the watcher never makes more than
// one call per fast interval.
type watchPace struct {
	fast     time.Duration // interval while the change is young: a transition shows within a second
	fastFor  time.Duration // how long the fast interval lasts
	slow     time.Duration // interval afterwards: a transition shows within 3 s
	throttle time.Duration // the cap when Throttling makes the watcher back off
	// confirmAfter: when the gateway never showed "updating", the server list
	// may confirm the change only this long after the watch started, so a
	// gateway that has not yet turned "updating" is not taken for settled.
	confirmAfter time.Duration
}

func defaultWatchPace() watchPace {
	return watchPace{
		// 510 ms, not 500: two calls a second at most must also hold where
		// the server sees them, after a few ms of jitter on the way.
		fast:         510 * time.Millisecond,
		fastFor:      30 * time.Second,
		slow:         2 * time.Second,
		throttle:     10 * time.Second,
		confirmAfter: 2 * time.Second,
	}
}

// WatchGateway follows a gateway and streams events until it settles, the
// context ends or opts.Timeout passes; the channel is closed after the event
// with Done set.
//
// Transient failures (network, throttling, 5xx) arrive as events with Err
// set and the watch goes on; a lasting one (no such gateway, refused
// credentials) ends it. With opts.ExpectChange the gateway reading "active"
// counts only after it was seen "updating", or, failing that, once
// ListIpsecServers shows the change (opts.IpsecServerId listed, or gone
// when opts.ServerDeleted); without an IpsecServerId only "updating" can
// confirm it.
//
// The watcher ends when ctx does, even if nobody reads the channel: the Done
// event then replaces an unread one, so it is never lost.
func (c *Client) WatchGateway(ctx context.Context, region, gatewayID string, opts WatchOptions) <-chan GatewayEvent {
	ch := make(chan GatewayEvent, 8)
	w := &watcher{c: c, region: c.regionOr(region), gatewayID: gatewayID, opts: opts, ch: ch, pace: c.pace}
	go w.run(ctx)
	return ch
}

type watcher struct {
	c         *Client
	region    string
	gatewayID string
	opts      WatchOptions
	pace      watchPace
	ch        chan GatewayEvent

	start        time.Time
	polls        int
	last         string // last status seen
	lastBusiness string
	sawUpdating  bool
	listed       bool // the last call was a ListIpsecServers
	slowdown     int  // doublings of the interval after Throttling
}

func (w *watcher) run(ctx context.Context) {
	defer close(w.ch)
	timeout := w.opts.Timeout
	if timeout <= 0 {
		timeout = DefaultWatchTimeout
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	w.start = time.Now()
	next := w.start
	for {
		if err := waitUntil(wctx, next); err != nil {
			w.finish(ctx, w.ended(ctx, timeout))
			return
		}
		callStart := time.Now()
		var ev GatewayEvent
		var err error
		// A listing that did not confirm is followed by a poll again.
		if w.needConfirm() && !w.listed {
			ev, err = w.confirm(wctx)
			w.listed = true
		} else {
			ev, err = w.poll(wctx)
			w.listed = false
		}
		if err != nil && wctx.Err() != nil {
			w.finish(ctx, w.ended(ctx, timeout))
			return
		}
		if err != nil && !IsRetryable(err) {
			ev.Err = err
			w.finish(ctx, ev)
			return
		}
		if ev.Done {
			w.finish(ctx, ev)
			return
		}
		if !w.send(ctx, ev) {
			w.finish(ctx, w.ended(ctx, timeout))
			return
		}
		next = callStart.Add(w.interval(err))
	}
}

// poll makes one DescribeVpnGateway call.
func (w *watcher) poll(ctx context.Context) (GatewayEvent, error) {
	var resp *vpc.DescribeVpnGatewayResponse
	err := w.c.call(ctx, "DescribeVpnGateway", w.region, describeGateway(w.region, w.gatewayID, &resp))
	ev := w.event()
	if err != nil {
		ev.Err = err
		return ev, err
	}
	ev.Status, ev.BusinessStatus = shown(resp.Status, maxWordWidth), shown(resp.BusinessStatus, maxWordWidth)
	ev.Changed = ev.Status != w.last // the first observation counts as a change
	w.last, w.lastBusiness = ev.Status, ev.BusinessStatus
	if ev.Status == ipsec.StatusUpdating {
		w.sawUpdating = true
	}
	if ev.Status == ipsec.StatusActive && (!w.opts.ExpectChange || w.sawUpdating) {
		ev.Done, ev.Settled = true, true
	}
	return ev, nil
}

// needConfirm: the gateway reads active but the change has not shown, and
// the server list can tell.
func (w *watcher) needConfirm() bool {
	return w.opts.ExpectChange && !w.sawUpdating && w.last == ipsec.StatusActive && w.opts.IpsecServerId != "" &&
		time.Since(w.start) >= w.pace.confirmAfter
}

// confirm asks ListIpsecServers whether the change is there.
func (w *watcher) confirm(ctx context.Context) (GatewayEvent, error) {
	var resp *vpc.ListIpsecServersResponse
	err := w.c.call(ctx, "ListIpsecServers", w.region, listIpsecServers(w.region, w.gatewayID, "", &resp))
	ev := w.event()
	if err != nil {
		ev.Err = err
		return ev, err
	}
	i := slices.IndexFunc(resp.IpsecServers, func(s vpc.IpsecServer) bool { return s.IpsecServerId == w.opts.IpsecServerId })
	listed := i >= 0 && (w.opts.Matches == nil || w.opts.Matches(ipsecServerOf(resp.IpsecServers[i])))
	ev.Status, ev.BusinessStatus = w.last, w.lastBusiness
	if listed != w.opts.ServerDeleted {
		ev.Done, ev.Settled = true, true
	}
	return ev, nil
}

func (w *watcher) event() GatewayEvent {
	w.polls++
	now := time.Now()
	return GatewayEvent{Time: now, Elapsed: now.Sub(w.start), Polls: w.polls}
}

// interval is the wait until the next call: fast, then slow, doubled for
// every Throttling in a row (capped) and eased back one step per answer.
func (w *watcher) interval(err error) time.Duration {
	var apiErr *APIError
	if errors.As(err, &apiErr) && isThrottling(apiErr.Code) {
		w.slowdown++
	} else if err == nil && w.slowdown > 0 {
		w.slowdown--
	}
	d := w.pace.fast
	if time.Since(w.start) >= w.pace.fastFor {
		d = w.pace.slow
	}
	for i := 0; i < w.slowdown && d < w.pace.throttle; i++ {
		d *= 2
	}
	return min(d, max(w.pace.throttle, w.pace.slow))
}

// ended is the Done event when the watch stops early.
func (w *watcher) ended(ctx context.Context, timeout time.Duration) GatewayEvent {
	now := time.Now()
	ev := GatewayEvent{Time: now, Elapsed: now.Sub(w.start), Polls: w.polls, Status: w.last, BusinessStatus: w.lastBusiness}
	if err := ctx.Err(); err != nil {
		ev.Err = err
	} else {
		ev.Err = &WatchTimeoutError{VpnGatewayId: w.gatewayID, Timeout: timeout, LastStatus: w.last,
			ChangeSeen: !w.opts.ExpectChange || w.sawUpdating}
	}
	return ev
}

// send delivers a progress event unless ctx ends first.
func (w *watcher) send(ctx context.Context, ev GatewayEvent) bool {
	select {
	case w.ch <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// finish delivers the Done event. Once ctx has ended nobody may be reading,
// so it makes room by dropping the oldest unread event rather than block.
func (w *watcher) finish(ctx context.Context, ev GatewayEvent) {
	ev.Done = true
	select {
	case w.ch <- ev:
		return
	case <-ctx.Done():
	}
	for {
		select {
		case w.ch <- ev:
			return
		default:
		}
		select {
		case <-w.ch:
		default:
		}
	}
}

// waitUntil sleeps until t or until ctx ends.
func waitUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	return wait(ctx, d)
}
