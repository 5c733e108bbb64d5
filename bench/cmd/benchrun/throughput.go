package main

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// throughputRows: signed requests through the official V1 SDK (one client per
// goroutine: a V1 client is not safe for concurrent use) against an
// in-process sandbox with its log off, for a fixed time per run.
func throughputRows(o options) []row {
	var rows []row
	for _, action := range []string{"DescribeVpnGateway", "CreateIpsecServer(DryRun)"} {
		for _, conc := range []int{1, 8, 64} {
			rpsName := fmt.Sprintf("sandbox %s, %d clients", action, conc)
			p99Name := fmt.Sprintf("sandbox %s p99, %d clients", action, conc)
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
			p99Row := row{name: p99Name, unit: "ms", values: p99}
			if action == "DescribeVpnGateway" {
				rpsRow.target, rpsRow.targetText = &target{stat: "median", limit: 2000}, "median >= 2000 req/s"
				p99Row.target, p99Row.targetText = &target{stat: "median", less: true, limit: 5}, "median < 5 ms"
			}
			rows = append(rows, rpsRow, p99Row)
		}
	}
	return rows
}

// loadRun runs conc clients sending action for d and returns req/s and the
// p99 latency in ms.
func loadRun(action string, conc int, d time.Duration) (rps, p99 float64, err error) {
	srv, err := sandbox.New(sandbox.Config{})
	if err != nil {
		return 0, 0, err
	}
	defer srv.Close()
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		return 0, 0, err
	}
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
				c, err := vpc.NewClientWithAccessKey(sandbox.RegionHangzhou, sandbox.AccessKeyID, sandbox.AccessKeySecret)
				if err != nil {
					return err
				}
				defer c.Shutdown()
				c.Domain = srv.Addr()
				c.SetNoProxy(".*")
				c.SetReadTimeout(10 * time.Second)
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
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return float64(len(all)) / elapsed.Seconds(), ms(all[int(0.99*float64(len(all)-1))]), nil
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
