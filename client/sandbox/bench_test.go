package sandbox_test

import (
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// latencies collects per-call durations from parallel workers and reports req/s and p50/p99.
type latencies struct {
	mu  sync.Mutex
	all []time.Duration
}

func (l *latencies) add(d []time.Duration) {
	l.mu.Lock()
	l.all = append(l.all, d...)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B, elapsed time.Duration) {
	if len(l.all) == 0 {
		return
	}
	sort.Slice(l.all, func(i, j int) bool { return l.all[i] < l.all[j] })
	q := func(p float64) float64 { return float64(l.all[int(p*float64(len(l.all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(l.all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkDescribeVpnGateway: the official V1 SDK over loopback HTTP with keep-alive, one client per worker
// (a V1 client is not safe for concurrent use).
func BenchmarkDescribeVpnGateway(b *testing.B) {
	srv := start(b, sandbox.Config{Log: io.Discard}) // with logging: one line per request
	var lat latencies
	b.ResetTimer()
	begin := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		c := v1(b, srv)
		req := vpc.CreateDescribeVpnGatewayRequest()
		req.VpnGatewayId = "vpn-sandbox-ready"
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			resp, err := c.DescribeVpnGateway(req)
			mine = append(mine, time.Since(t0))
			if err != nil || resp.Status != "active" {
				b.Errorf("DescribeVpnGateway: %v", err)
				return
			}
		}
		lat.add(mine)
	})
	elapsed := time.Since(begin)
	b.StopTimer()
	lat.report(b, elapsed)
}

// BenchmarkDescribeVpnGatewayRaw: hand-signed requests through net/http, i.e. the sandbox's own cost
// without the V1 SDK's overhead.
func BenchmarkDescribeVpnGatewayRaw(b *testing.B) {
	srv := start(b, sandbox.Config{})
	var lat latencies
	b.ResetTimer()
	begin := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			c := newRawCall("DescribeVpnGateway")
			c.params["VpnGatewayId"] = "vpn-sandbox-ready"
			t0 := time.Now()
			status, _, err := c.send(srv.Addr())
			mine = append(mine, time.Since(t0))
			if err != nil || status != 200 {
				b.Errorf("raw: %d %v", status, err)
				return
			}
		}
		lat.add(mine)
	})
	elapsed := time.Since(begin)
	b.StopTimer()
	lat.report(b, elapsed)
}
