package sandbox_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestLogFormat(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	srv := start(t, sandbox.Config{Log: log, UpdatingDelay: -1, Settle: time.Millisecond})
	c := v1(t, srv)
	one := vpc.CreateDescribeVpnGatewayRequest()
	one.VpnGatewayId = "vpn-sandbox-ready"
	if _, err := c.DescribeVpnGateway(one); err != nil {
		t.Fatal(err)
	}
	one.VpnGatewayId = "vpn-sandbox-nope"
	_, _ = c.DescribeVpnGateway(one)
	r := createReq("vpn-sandbox-sh-ready", "172.30.0.0/16", "192.168.0.0/24")
	r.RegionId = "cn-shanghai"
	r.Psk = "PSK-canary-7f3a"
	if _, err := c.CreateIpsecServer(r); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "transition to active logged", 5*time.Second, func() bool {
		return strings.Contains(log.String(), "transition gateway=vpn-sandbox-sh-ready from=updating to=active")
	})
	reqLine := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z request action=\S+ gateway=\S+ code=\S+ duration=\S+ status=\d+ region=\S+( fault=\S+)?$`)
	trLine := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z transition gateway=\S+ from=(active|updating) to=(active|updating) region=\S+$`)
	var requests int
	for _, line := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		switch {
		case strings.Contains(line, " request "):
			requests++
			if !reqLine.MatchString(line) {
				t.Errorf("request line %q", line)
			}
		case strings.Contains(line, " transition "):
			if !trLine.MatchString(line) {
				t.Errorf("transition line %q", line)
			}
		}
	}
	out := log.String()
	if requests != 3 || !strings.Contains(out, "code=InvalidVpnGatewayInstanceId.NotFound") || strings.Contains(out, "PSK-canary-7f3a") {
		t.Errorf("log:\n%s", out)
	}
}

// TestLatencyLetsClientsTimeOut: Latency delays the answer past a client's read timeout.
func TestLatencyLetsClientsTimeOut(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{Latency: time.Hour})
	c := v1(t, srv)
	c.SetReadTimeout(100 * time.Millisecond)
	if _, err := c.DescribeRegions(vpc.CreateDescribeRegionsRequest()); err == nil {
		t.Fatal("no timeout")
	}
}
