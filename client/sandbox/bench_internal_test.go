package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkServeHTTP: the handler alone (no network, no SDK) on the calls the throughput figures use.
func BenchmarkServeHTTP(b *testing.B) {
	for _, tc := range []struct {
		name   string
		action string
		extra  map[string]string
	}{
		{"DescribeVpnGateway", "DescribeVpnGateway", map[string]string{"VpnGatewayId": "vpn-sandbox-ready"}},
		{"CreateIpsecServerDryRun", "CreateIpsecServer", map[string]string{"VpnGatewayId": "vpn-sandbox-ready",
			"LocalSubnet": "172.16.0.0/16", "ClientIpPool": "192.168.0.0/24", "PskEnabled": "true", "DryRun": "true"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := fuzzServer(b)
			queries := make([]string, b.N)
			for i := range queries {
				extra := map[string]string{"SignatureNonce": fmt.Sprintf("bench-%d", i)}
				for k, v := range tc.extra {
					extra[k] = v
				}
				queries[i] = signedQuery(tc.action, extra)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := httptest.NewRequest(http.MethodPost, "/?"+queries[i], nil)
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				if w.Code != 200 && w.Code != 400 {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
