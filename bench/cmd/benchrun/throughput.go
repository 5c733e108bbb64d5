package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// offeredRate is the open-loop load of the latency figure, in requests/s: the
// throughput the project targets, offered on a fixed timetable.
const offeredRate = 2000

// throughputRows: signed requests through the official V1 SDK (one client per
// goroutine: a V1 client is not safe for concurrent use) against an
// in-process sandbox with its log off, for a fixed time per run. Two
// questions, measured apart:
//
//   - saturation (closed loop): how many requests/s the sandbox answers when
//     every client sends its next request as soon as the last one is answered.
//     Its p99 is informative only: at saturation the latency is set by the
//     queue (Little's law: clients / throughput), not by the server.
//   - latency at an offered load (open loop): requests are due on a fixed
//     timetable (offeredRate per second) whoever is free to send them, and
//     each latency runs from the time the request was due, so a sender that
//     falls behind is counted (no coordinated omission).
func throughputRows(o options) []row {
	var rows []row
	for _, action := range []string{"DescribeVpnGateway", "CreateIpsecServer(DryRun)"} {
		for _, conc := range []int{1, 8, 64} {
			rpsName := fmt.Sprintf("sandbox %s, %d clients", action, conc)
			p99Name := fmt.Sprintf("sandbox %s p99 at saturation, %d clients", action, conc)
			var rps, p99 []float64
			var err error
			for range o.runs {
				var r, p float64
				r, p, err = loadRun(action, conc, o.duration)
				if err != nil {
					break
				}
				rps, p99 = append(rps, r), append(p99, p)
			}
			if err != nil {
				rows = append(rows, errRow(rpsName, "", err))
				continue
			}
			rpsRow := row{name: rpsName, unit: "req/s", values: rps}
			p99Row := row{name: p99Name, unit: "ms", values: p99} // informative: no target
			if action == "DescribeVpnGateway" {
				rpsRow.target, rpsRow.targetText = &target{stat: "median", limit: 2000}, "median >= 2000 req/s"
			}
			rows = append(rows, rpsRow, p99Row)
		}
	}
	for _, action := range []string{"DescribeVpnGateway", "CreateIpsecServer(DryRun)"} {
		for _, conc := range []int{8, 64} {
			at := fmt.Sprintf("at %d req/s offered, %d clients", offeredRate, conc)
			p99Name := fmt.Sprintf("sandbox %s p99 %s", action, at)
			rateName := fmt.Sprintf("sandbox %s achieved rate %s", action, at)
			var p99, rate []float64
			var err error
			for range o.runs {
				var res openResult
				res, err = openLoopRun(action, conc, offeredRate, o.duration)
				if err != nil {
					break
				}
				if res.unsent > 0 {
					logf("  %s %s: %d of %d requests never sent (counted as late)", action, at, res.unsent, res.scheduled)
				}
				logf("  %s %s: p99 %.3f ms, %.0f req/s, pacer p99 late %s", action, at, res.p99, res.rate, res.pacerLate.Round(time.Microsecond))
				p99, rate = append(p99, res.p99), append(rate, res.rate)
			}
			if err != nil {
				rows = append(rows, errRow(p99Name, "", err))
				continue
			}
			p99Row := row{name: p99Name, unit: "ms", values: p99}
			if action == "DescribeVpnGateway" {
				p99Row.target, p99Row.targetText = &target{stat: "median", less: true, limit: 5}, "median < 5 ms"
			}
			rows = append(rows, p99Row, row{name: rateName, unit: "req/s", values: rate})
		}
	}
	return rows
}

// startSandbox starts an in-process sandbox with cfg on loopback (cfg.Log
// nil: its log off).
func startSandbox(cfg sandbox.Config) (*sandbox.Server, error) {
	srv, err := sandbox.New(cfg)
	if err != nil {
		return nil, err
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		srv.Close()
		return nil, err
	}
	return srv, nil
}

// newClient is one V1 SDK client of the sandbox at addr (Shutdown it).
func newClient(addr string) (*vpc.Client, error) {
	c, err := vpc.NewClientWithAccessKey(sandbox.RegionHangzhou, sandbox.AccessKeyID, sandbox.AccessKeySecret)
	if err != nil {
		return nil, err
	}
	c.Domain = addr
	c.SetNoProxy(".*")
	c.SetReadTimeout(10 * time.Second)
	return c, nil
}

// percentile99 sorts d and returns its 99th percentile.
func percentile99(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(0.99*float64(len(d)-1))]
}

// loadRun runs conc closed-loop clients sending action for d and returns
// req/s and the p99 latency in ms.
func loadRun(action string, conc int, d time.Duration) (rps, p99 float64, err error) {
	srv, err := startSandbox(sandbox.Config{})
	if err != nil {
		return 0, 0, err
	}
	defer srv.Close()
	var (
		mu       sync.Mutex
		all      []time.Duration
		firstErr error
		wg       sync.WaitGroup
	)
	start := time.Now()
	stop := start.Add(d)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			err := func() error {
				c, err := newClient(srv.Addr())
				if err != nil {
					return err
				}
				defer c.Shutdown()
				for time.Now().Before(stop) {
					t0 := time.Now()
					err := send(c, action)
					mine = append(mine, time.Since(t0))
					if err != nil {
						return err
					}
				}
				return nil
			}()
			mu.Lock()
			defer mu.Unlock()
			all = append(all, mine...)
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return 0, 0, firstErr
	}
	if len(all) == 0 {
		return 0, 0, fmt.Errorf("no request completed")
	}
	return float64(len(all)) / elapsed.Seconds(), ms(percentile99(all)), nil
}

// openResult is one open-loop run.
type openResult struct {
	p99       float64       // ms, from each request's due time to its answer
	rate      float64       // requests answered per second
	scheduled int           // requests on the timetable
	unsent    int           // of them, never sent before the run was cut off
	pacerLate time.Duration // p99 of how late the pacer released a request: the generator's own error
}

// openLoopRun offers action at rate requests/s for d through conc workers,
// each with its own SDK client (and so its own keep-alive connection).
// Request i is due at start + i/rate. A pacer on its own OS thread releases
// each request at its due time into a queue that never blocks it; a free
// worker takes the oldest released request and sends it at once. The latency
// runs from the due time, so time spent waiting for a free worker counts. Each
// worker first sends one untimed request to open its connection. Requests
// still queued d/2 after the timetable ends are not sent but count with the
// latency they had reached (a lower bound), so a run that cannot keep up shows
// in both the p99 and the achieved rate.
func openLoopRun(action string, conc, rate int, d time.Duration) (openResult, error) {
	srv, err := startSandbox(sandbox.Config{})
	if err != nil {
		return openResult{}, err
	}
	defer srv.Close()

	clients := make([]*vpc.Client, conc)
	for i := range clients {
		c, err := newClient(srv.Addr())
		if err != nil {
			return openResult{}, err
		}
		defer c.Shutdown()
		if err := send(c, action); err != nil { // warm-up: open the connection
			return openResult{}, err
		}
		clients[i] = c
	}

	n := max(int(d.Seconds()*float64(rate)), 1)
	interval := time.Second / time.Duration(rate)
	queue := make(chan int, n) // room for the whole timetable: the pacer never waits
	var (
		mu       sync.Mutex
		all      []time.Duration
		unsent   int
		lastDone time.Time
		firstErr error
		failed   atomic.Bool
		wg       sync.WaitGroup
	)
	start := time.Now().Add(10 * time.Millisecond)
	cutoff := start.Add(time.Duration(n)*interval + d/2)
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var done time.Time
			var skipped int
			var err error
			for i := range queue {
				due := start.Add(time.Duration(i) * interval)
				if now := time.Now(); err != nil || now.After(cutoff) {
					mine = append(mine, now.Sub(due)) // not sent: at least this late
					skipped++
					continue
				}
				err = send(c, action)
				done = time.Now()
				mine = append(mine, done.Sub(due))
				if err != nil {
					failed.Store(true)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			all = append(all, mine...)
			unsent += skipped
			if done.After(lastDone) {
				lastDone = done
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	late := pace(queue, n, start, interval, &failed)
	wg.Wait()
	if firstErr != nil {
		return openResult{}, firstErr
	}
	res := openResult{scheduled: n, unsent: unsent, pacerLate: late}
	if unsent == n {
		return res, fmt.Errorf("no request completed")
	}
	// The timetable spans n intervals; a run that kept up finishes right after.
	span := max(time.Duration(n)*interval, lastDone.Sub(start))
	res.rate = float64(n-unsent) / span.Seconds()
	res.p99 = ms(percentile99(all))
	return res, nil
}

// pace puts 0..n-1 on queue, request i at start + i*interval, then closes
// it, and returns the p99 of how late it put them. It runs on its own OS
// thread and sleeps with sleepUntil: the Go timers wake up to a millisecond
// late when the process is idle (the netpoller waits in whole milliseconds),
// which would add the load generator's lateness to every figure.
func pace(queue chan<- int, n int, start time.Time, interval time.Duration, stop *atomic.Bool) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(queue)
	late := make([]time.Duration, 0, n)
	for i := range n {
		if stop.Load() {
			break
		}
		due := start.Add(time.Duration(i) * interval)
		sleepUntil(due)
		late = append(late, time.Since(due))
		queue <- i
	}
	if len(late) == 0 {
		return 0
	}
	return percentile99(late)
}

func send(c *vpc.Client, action string) error {
	switch action {
	case "DescribeVpnGateway":
		req := vpc.CreateDescribeVpnGatewayRequest()
		req.RegionId = sandbox.RegionHangzhou
		req.VpnGatewayId = sandbox.GatewayReady
		resp, err := c.DescribeVpnGateway(req)
		if err == nil && resp.Status != "active" {
			err = fmt.Errorf("DescribeVpnGateway: status %q", resp.Status)
		}
		return err
	default: // CreateIpsecServer with DryRun: every check, nothing created
		req := vpc.CreateCreateIpsecServerRequest()
		req.RegionId = sandbox.RegionHangzhou
		req.VpnGatewayId = sandbox.GatewayReady
		req.LocalSubnet = "172.16.0.0/16"
		req.ClientIpPool = "192.168.0.0/24"
		req.PskEnabled = "true"
		req.DryRun = "true"
		_, err := c.CreateIpsecServer(req)
		if se, ok := err.(*errors.ServerError); ok && se.ErrorCode() == "DryRunOperation" {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("CreateIpsecServer DryRun: created instead of a precheck")
		}
		return err
	}
}
