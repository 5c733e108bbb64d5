package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// startSandbox runs a sandbox on loopback for one test, fast by default.
func startSandbox(t *testing.T, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	if cfg.Settle == 0 {
		cfg.Settle = 300 * time.Millisecond
	}
	if cfg.UpdatingDelay == 0 {
		cfg.UpdatingDelay = 100 * time.Millisecond
	}
	srv, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatalf("sandbox Listen: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// sandboxOptions talks to srv with the full-rights key and fast retries.
func sandboxOptions(srv *sandbox.Server) client.Options {
	return client.Options{
		Endpoint:    srv.Addr(),
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret},
		Retry:       client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond},
	}
}

func newClient(t *testing.T, opts client.Options) *client.Client {
	t.Helper()
	c, err := client.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// readySpec is a create that succeeds on vpn-sandbox-ready.
func readySpec() ipsec.ServerSpec {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	spec.IpSecServerName = "office"
	spec.Psk = "s3cret-Key"
	ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
	spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	return spec
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		<-tick.C
	}
}

// drain collects a watch's events until the channel closes.
func drain(t *testing.T, ch <-chan client.GatewayEvent, within time.Duration) []client.GatewayEvent {
	t.Helper()
	var events []client.GatewayEvent
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return events
			}
			events = append(events, ev)
		case <-timer.C:
			t.Fatalf("watch did not end within %v; events so far: %+v", within, events)
		}
	}
}
