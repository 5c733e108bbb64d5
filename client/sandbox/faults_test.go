package sandbox_test

import (
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestFaultKinds: at rate 1 every kind shows up, a drop after acting applies the change, and rate 0 heals.
func TestFaultKinds(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	srv := start(t, sandbox.Config{FaultRate: 1, FaultSeed: 42, Log: log, UpdatingDelay: -1})
	seen := map[string]int{}
	done := func() bool {
		return len(seen) == 4 && len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")) == 1 &&
			strings.Contains(log.String(), "fault=drop-before")
	}
	for i := 0; i < 200 && !done(); i++ {
		c := newRawCall("CreateIpsecServer")
		for k, v := range map[string]string{"VpnGatewayId": "vpn-sandbox-ready", "LocalSubnet": "172.16.0.0/16",
			"ClientIpPool": "192.168.0.0/24", "PskEnabled": "true"} {
			c.params[k] = v
		}
		status, body, err := c.send(srv.Addr())
		switch {
		case err != nil:
			seen["dropped"]++
		case status == 503 && strings.Contains(body, `"ServiceUnavailable"`):
			seen["ServiceUnavailable"]++
		case status == 400 && strings.Contains(body, `"Throttling"`):
			seen["Throttling"]++
		case status == 400 && strings.Contains(body, `"SystemBusy"`):
			seen["SystemBusy"]++
		default:
			t.Fatalf("unexpected answer at rate 1: %d %s", status, body)
		}
	}
	if len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")) != 1 {
		t.Fatal("no drop-after-acting within 200 calls")
	}
	out := log.String()
	if !strings.Contains(out, "code=OK") || !strings.Contains(out, "fault=drop-after") {
		t.Errorf("the applied-then-dropped call is not logged:\n%s", out)
	}
	for _, k := range []string{"ServiceUnavailable", "Throttling", "SystemBusy", "dropped"} {
		if seen[k] == 0 {
			t.Errorf("fault %s never seen: %v", k, seen)
		}
	}
	if !strings.Contains(out, "fault=drop-before") {
		t.Errorf("no drop-before in the log: %v", seen)
	}

	srv.SetFaultRate(0)
	if status, body := newRawCall("DescribeVpnGateways").do(t, srv.Addr()); status != 200 {
		t.Fatalf("rate 0: %d %s", status, body)
	}
}

// TestFaultsDeterministic: the same seed and call order give the same faults.
func TestFaultsDeterministic(t *testing.T) {
	t.Parallel()
	run := func() string {
		srv := start(t, sandbox.Config{FaultRate: 0.5, FaultSeed: 9})
		var out []string
		for i := 0; i < 30; i++ {
			status, _, err := newRawCall("DescribeRegions").send(srv.Addr())
			if err != nil {
				out = append(out, "drop")
			} else {
				out = append(out, string(rune('0'+status/100)))
			}
		}
		return strings.Join(out, ",")
	}
	if a, b := run(), run(); a != b {
		t.Fatalf("not deterministic:\n%s\n%s", a, b)
	}
}

func TestBanner(t *testing.T) {
	b := sandbox.Banner(sandbox.DefaultAddr)
	for _, want := range []string{
		"127.0.0.1:8642", "sandbox-secret", "sandbox-readonly-secret",
		"aliyun configure set --profile sandbox --mode AK --access-key-id sandbox --access-key-secret sandbox-secret --region cn-hangzhou",
		"aliyun vpc DescribeVpnGateways --RegionId cn-hangzhou --endpoint 127.0.0.1:8642 --insecure",
		"aliyun vpc CreateIpsecServer",
		"aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-sandbox-ready --waiter expr=Status to=active",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("banner lacks %q:\n%s", want, b)
		}
	}
}
