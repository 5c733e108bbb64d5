package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// transitions records, from the sandbox's log, when each gateway turned
// active ("<time> transition gateway=ID from=updating to=active ...").
type transitions struct {
	mu      sync.Mutex
	partial []byte
	active  map[string][]time.Time
	polls   []time.Time // DescribeVpnGateway answers, any gateway
}

func (l *transitions) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := strings.IndexByte(string(l.partial), '\n')
		if i < 0 {
			break
		}
		line := string(l.partial[:i])
		l.partial = l.partial[i+1:]
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		at, err := time.Parse("2006-01-02T15:04:05.000Z", f[0])
		if err != nil {
			continue
		}
		if f[1] == "request" && f[2] == "action=DescribeVpnGateway" {
			l.polls = append(l.polls, at)
		}
		if f[1] != "transition" || !contains(f, "to=active") {
			continue
		}
		gw := strings.TrimPrefix(f[2], "gateway=")
		if l.active == nil {
			l.active = map[string][]time.Time{}
		}
		l.active[gw] = append(l.active[gw], at)
	}
	return len(p), nil
}

// pollsBetween are the DescribeVpnGateway answers logged from a to b.
func (l *transitions) pollsBetween(a, b time.Time) []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []time.Time
	for _, t := range l.polls {
		if !t.Before(a.Truncate(time.Millisecond)) && !t.After(b) {
			out = append(out, t)
		}
	}
	return out
}

func (l *transitions) activeAt(gw string) []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Time(nil), l.active[gw]...)
}

// trackingRows: for each wait (how long the gateway stays updating), the lag
// from the moment the sandbox logs the gateway active to the moment
// `ipsecwiz status` prints it, and the DescribeVpnGateway calls it made per
// minute of waiting. Every run of every wait goes in parallel: they are
// mostly idle, and each has its own sandbox and process.
func trackingRows(o options) []row {
	waits := []time.Duration{5 * time.Second, 30 * time.Second, 120 * time.Second}
	type result struct {
		lag, perMin, gap float64
		err              error
	}
	res := make([][]result, len(waits))
	var wg sync.WaitGroup
	for wi, w := range waits {
		if w > time.Minute && !o.long {
			continue
		}
		res[wi] = make([]result, o.runs)
		for i := range o.runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lag, perMin, gap, err := trackOnce(o.bin, w)
				res[wi][i] = result{ms(lag), perMin, ms(gap), err}
			}()
		}
	}
	wg.Wait()
	var rows []row
	for wi, w := range waits {
		lagName := fmt.Sprintf("tracking lag, %v wait", w)
		callName := fmt.Sprintf("DescribeVpnGateway calls/min, %v wait", w)
		lagTarget := &target{stat: "median", less: true, limit: 1000}
		lagText := "median < 1000 ms"
		if w >= 30*time.Second { // past the first 30 s: within 3 s
			lagTarget, lagText = &target{stat: "max", less: true, limit: 3000}, "max < 3000 ms"
		}
		gapName := fmt.Sprintf("shortest gap between calls, %v wait", w)
		callTarget, callText := &target{stat: "max", less: true, limit: 120.5}, "max <= 120/min"
		gapTarget, gapText := &target{stat: "min", limit: 495}, "min >= 495 ms (<= 2/s)"
		if res[wi] == nil {
			rows = append(rows, row{name: lagName, targetText: lagText, note: "skipped (use -long)"},
				row{name: callName, targetText: callText, note: "skipped (use -long)"},
				row{name: gapName, targetText: gapText, note: "skipped (use -long)"})
			continue
		}
		var lags, calls, gaps []float64
		var errs []error
		for _, r := range res[wi] {
			if r.err != nil {
				errs = append(errs, r.err)
				continue
			}
			lags, calls, gaps = append(lags, r.lag), append(calls, r.perMin), append(gaps, r.gap)
		}
		if len(errs) > 0 {
			rows = append(rows, errRow(lagName, lagText, errors.Join(errs...)))
			continue
		}
		rows = append(rows,
			row{name: lagName, unit: "ms", values: lags, targetText: lagText, target: lagTarget},
			row{name: callName, unit: "/min", values: calls, targetText: callText, target: callTarget},
			row{name: gapName, unit: "ms", values: gaps, targetText: gapText, target: gapTarget})
	}
	return rows
}

// trackOnce creates a server on vpn-sandbox-ready of a fresh sandbox whose
// gateways stay updating for wait (plus a random 0..2 s, so the flip falls
// at a random point between two polls), runs `ipsecwiz status` (no
// terminal: one plain line per transition on stderr, written at once) once
// the gateway is updating, and measures when the "active" line arrives. The
// call rate is the mean over the intervals between the DescribeVpnGateway
// calls up to then (n calls make n-1 intervals); gap is the shortest
// interval.
func trackOnce(bin string, wait time.Duration) (lag time.Duration, perMin float64, gap time.Duration, err error) {
	var log transitions
	settle := wait + rand.N(2*time.Second)
	srv, err := startSandbox(sandbox.Config{Settle: settle, Log: &log})
	if err != nil {
		return 0, 0, 0, err
	}
	defer srv.Close()
	c, err := newSandboxClient(srv)
	if err != nil {
		return 0, 0, 0, err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), settle+time.Minute)
	defer cancel()
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	if _, err := c.CreateIpsecServer(ctx, &spec); err != nil {
		return 0, 0, 0, err
	}
	// Without a change to expect, status is done at the first "active": start
	// it once the gateway is updating.
	if err := waitCond(ctx, func() bool {
		s, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady)
		return s == ipsec.StatusUpdating
	}); err != nil {
		return 0, 0, 0, fmt.Errorf("the gateway never turned updating: %w", err)
	}

	home, err := os.MkdirTemp("", "benchrun-home-")
	if err != nil {
		return 0, 0, 0, err
	}
	defer os.RemoveAll(home)
	cmd := exec.CommandContext(ctx, bin, "status", sandbox.GatewayReady, "--endpoint", srv.Addr(),
		"--wait-timeout", (settle + 30*time.Second).String())
	cmd.Env = childEnv(home, sandboxCreds...)
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	var seen time.Time
	var lines []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		if seen.IsZero() && strings.Contains(line, " active (") {
			seen = time.Now()
		}
	}
	werr := cmd.Wait()
	if seen.IsZero() {
		return 0, 0, 0, fmt.Errorf("ipsecwiz status never printed active (%v): %s", werr, strings.Join(lines, " | "))
	}
	if werr != nil {
		return 0, 0, 0, fmt.Errorf("ipsecwiz status: %v: %s", werr, strings.Join(lines, " | "))
	}
	actives := log.activeAt(sandbox.GatewayReady)
	if len(actives) == 0 {
		return 0, 0, 0, errors.New("the sandbox logged no transition to active")
	}
	turned := actives[len(actives)-1]
	// The watcher's polls end with the first answer after the flip; status
	// then reads the gateway once more to print it, which is not waiting.
	polls := log.pollsBetween(start, seen)
	for i, p := range polls {
		if !p.Before(turned) {
			polls = polls[:i+1]
			break
		}
	}
	if len(polls) < 2 {
		return 0, 0, 0, fmt.Errorf("only %d DescribeVpnGateway calls while waiting", len(polls))
	}
	gap = time.Hour
	for i := 1; i < len(polls); i++ {
		gap = min(gap, polls[i].Sub(polls[i-1]))
	}
	perMin = float64(len(polls)-1) / polls[len(polls)-1].Sub(polls[0]).Minutes()
	return seen.Sub(turned), perMin, gap, nil
}

// waitCond polls cond every 10 ms until it holds or ctx ends.
func waitCond(ctx context.Context, cond func() bool) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}
