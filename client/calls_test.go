package client_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestReadCalls(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)

	regions, err := c.DescribeRegions(ctx)
	if err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	var ids []string
	for _, r := range regions {
		ids = append(ids, r.RegionId)
	}
	for _, want := range []string{sandbox.RegionHangzhou, sandbox.RegionShanghai} {
		if !slices.Contains(ids, want) {
			t.Errorf("DescribeRegions = %v, missing %s", ids, want)
		}
	}

	gateways, err := c.ListGateways(ctx, sandbox.RegionHangzhou)
	if err != nil {
		t.Fatalf("ListGateways: %v", err)
	}
	byID := map[string]ipsec.Gateway{}
	for _, g := range gateways {
		byID[g.VpnGatewayId] = g
	}
	for _, id := range []string{sandbox.GatewayReady, sandbox.GatewayNoSSL, sandbox.GatewayVpnConn, sandbox.GatewayHasServer,
		sandbox.GatewayLocked, sandbox.GatewayLegacy, sandbox.GatewayBusy} {
		if _, ok := byID[id]; !ok {
			t.Errorf("ListGateways(cn-hangzhou) lacks %s", id)
		}
	}
	if g := byID[sandbox.GatewayNoSSL]; g.SslVpnEnabled {
		t.Errorf("%s: SslVpnEnabled = true", g.VpnGatewayId)
	}
	if g := byID[sandbox.GatewayLocked]; g.BusinessStatus != ipsec.BusinessFinancialLocked {
		t.Errorf("%s: BusinessStatus = %q", g.VpnGatewayId, g.BusinessStatus)
	}
	sh, err := c.ListGateways(ctx, sandbox.RegionShanghai)
	if err != nil || len(sh) != 1 || sh[0].VpnGatewayId != sandbox.GatewayShReady {
		t.Errorf("ListGateways(cn-shanghai) = %+v, %v", sh, err)
	}

	g, err := c.DescribeGateway(ctx, "", sandbox.GatewayReady)
	if err != nil {
		t.Fatalf("DescribeGateway: %v", err)
	}
	if g.Status != ipsec.StatusActive || !g.SslVpnEnabled || g.VpcId == "" || g.InternetIp == "" || g.RegionId != sandbox.RegionHangzhou {
		t.Errorf("DescribeGateway(ready) = %+v", g)
	}
	cidrs, err := c.VpcCIDRs(ctx, "", g.VpcId)
	if err != nil {
		t.Fatalf("VpcCIDRs: %v", err)
	}
	if !slices.Equal(cidrs, []string{"172.16.0.0/16", "10.10.0.0/16"}) {
		t.Errorf("VpcCIDRs = %v", cidrs)
	}

	for id, want := range map[string]int{sandbox.GatewayVpnConn: 1, sandbox.GatewayReady: 0} {
		n, err := c.CountVpnConnections(ctx, "", id)
		if err != nil || n != want {
			t.Errorf("CountVpnConnections(%s) = %d, %v; want %d", id, n, err, want)
		}
	}

	servers, err := c.ListIpsecServers(ctx, "", sandbox.GatewayHasServer)
	if err != nil {
		t.Fatalf("ListIpsecServers: %v", err)
	}
	if len(servers) != 1 || servers[0].IpsecServerId != sandbox.ExistingServerID ||
		servers[0].Psk.Reveal() != sandbox.ExistingServerPsk || servers[0].IkeConfig.IkeVersion == "" {
		t.Errorf("ListIpsecServers(hasserver) = %+v", servers)
	}
	if servers, err := c.ListIpsecServers(ctx, "", sandbox.GatewayReady); err != nil || len(servers) != 0 {
		t.Errorf("ListIpsecServers(ready) = %+v, %v", servers, err)
	}

	_, err = c.DescribeGateway(ctx, "", "vpn-sandbox-nope")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidVpnGatewayInstanceId.NotFound" || apiErr.RequestId == "" {
		t.Fatalf("DescribeGateway(nope) = %v, want InvalidVpnGatewayInstanceId.NotFound", err)
	}
	if x := client.Explain(err); x.Field != "VpnGatewayId" || x.RequestId != apiErr.RequestId {
		t.Errorf("Explain(NotFound) = %+v", x)
	}
}

func TestCreateListDelete(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{Settle: 800 * time.Millisecond}) // long enough for a poll to see updating
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)

	spec := readySpec()
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("CreateIpsecServer: %v", err)
	}
	if res.IpsecServerId == "" || res.RequestId == "" || res.Attempts != 1 || res.ClientToken == "" ||
		res.ClientToken != spec.ClientToken || res.RegionId != sandbox.RegionHangzhou {
		t.Errorf("CreateIpsecServer = %+v (spec token %q)", res, spec.ClientToken)
	}
	servers, err := c.ListIpsecServers(ctx, "", sandbox.GatewayReady)
	if err != nil || len(servers) != 1 {
		t.Fatalf("ListIpsecServers after create = %+v, %v", servers, err)
	}
	s := servers[0]
	if s.IpsecServerId != res.IpsecServerId || s.ClientIpPool != spec.ClientIpPool ||
		!slices.Equal(s.LocalSubnet, spec.LocalSubnet) || s.Psk != spec.Psk || s.IkeConfig.IkeEncAlg != "aes256" ||
		s.IpsecConfig.IpsecPfs != "group14" || s.IpsecServerName != "office" {
		t.Errorf("listed server = %+v", s)
	}

	// Wait for the gateway to settle before the delete, as the wizard does.
	events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayReady,
		client.WatchOptions{ExpectChange: true, IpsecServerId: res.IpsecServerId}), 10*time.Second)
	if last := events[len(events)-1]; !last.Settled {
		t.Fatalf("watch ended unsettled: %+v", last)
	}
	listed, err := c.GetServer(ctx, "", res.IpsecServerId)
	if err != nil {
		t.Fatalf("GetServer: %v", err)
	}
	if _, err := c.Apply(ctx, client.Change{Kind: client.KindDelete, Server: listed}); err != nil {
		t.Fatalf("DeleteIpsecServer: %v", err)
	}
	if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 0 {
		t.Errorf("servers after delete: %+v", got)
	}
	events = drain(t, c.WatchGateway(ctx, "", sandbox.GatewayReady,
		client.WatchOptions{ExpectChange: true, IpsecServerId: res.IpsecServerId, ServerDeleted: true}), 10*time.Second)
	if last := events[len(events)-1]; !last.Settled {
		t.Fatalf("watch after delete ended unsettled: %+v", last)
	}
	if _, err := c.Apply(ctx, client.Change{Kind: client.KindDelete}); client.ExitCode(err) != client.ExitUsage {
		t.Errorf("a delete without a server = %v, want a usage error", err)
	}
	if _, err := c.GetServer(ctx, "", res.IpsecServerId); !client.IsNotFound(err) {
		t.Errorf("GetServer of a deleted server = %v, want not found", err)
	}
}

func TestCreateInShanghai(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	opts := sandboxOptions(srv)
	opts.Region = sandbox.RegionShanghai
	c := newClient(t, opts)
	spec := readySpec()
	spec.RegionId = "" // the client's region
	spec.VpnGatewayId = sandbox.GatewayShReady
	spec.LocalSubnet = ipsec.CIDRList{"172.30.0.0/16"}
	res, err := c.CreateIpsecServer(testContext(t), &spec)
	if err != nil {
		t.Fatalf("CreateIpsecServer(sh): %v", err)
	}
	if res.RegionId != sandbox.RegionShanghai || len(srv.IpsecServers(sandbox.RegionShanghai, sandbox.GatewayShReady)) != 1 {
		t.Errorf("create in Shanghai = %+v", res)
	}
}

func TestCallCancelReturnsPromptly(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{Latency: 5 * time.Second})
	c := newClient(t, sandboxOptions(srv))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.DescribeRegions(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("DescribeRegions(cancelled) = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancelled call took %v", d)
	}
	if client.ExitCode(err) != client.ExitCanceled {
		t.Errorf("ExitCode = %d, want 130", client.ExitCode(err))
	}
}

func TestReadTimeoutIsANetworkError(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{Latency: 2 * time.Second})
	opts := sandboxOptions(srv)
	opts.ReadTimeout = 100 * time.Millisecond
	opts.Retry.MaxAttempts = 2
	c := newClient(t, opts)
	start := time.Now()
	_, err := c.DescribeRegions(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("DescribeRegions with a slow server = %v, want a timeout NetworkError", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("two 100ms attempts took %v", d)
	}
	if x := client.Explain(err); x.Code != client.CodeTimeout || !x.Retryable || client.ExitCode(err) != client.ExitFailure {
		t.Errorf("Explain(timeout) = %+v", x)
	}
}

func TestNetworkErrorNamesEndpoint(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	addr := srv.Addr()
	srv.Close() // nothing listens there any more
	opts := sandboxOptions(srv)
	opts.Endpoint = addr
	opts.Retry.MaxAttempts = 2
	c := newClient(t, opts)
	_, err := c.DescribeRegions(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || netErr.Endpoint != addr {
		t.Fatalf("DescribeRegions(closed) = %v, want a NetworkError naming %s", err, addr)
	}
	// The signed URL (key id, signature, PSK) stays out of the message.
	spec := readySpec()
	_, err2 := c.CreateIpsecServer(testContext(t), &spec)
	if err2 == nil || strings.Contains(err2.Error(), spec.Psk.Reveal()) || strings.Contains(err2.Error(), "Signature") {
		t.Errorf("create against a closed endpoint: %v", err2)
	}
	x := client.Explain(err)
	if x.Code != client.CodeNetworkError || !x.Retryable || x.Remedy == "" || !containsAll(x.Summary, addr) {
		t.Errorf("Explain(network) = %+v", x)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestConcurrentUse: one Client, many goroutines, a watch among them; the
// race detector checks the SDK is never shared between calls.
func TestConcurrentUse(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	watch := c.WatchGateway(ctx, "", sandbox.GatewayBusy, client.WatchOptions{Timeout: 600 * time.Millisecond})
	errs := make(chan error, 16)
	for range 16 {
		go func() {
			_, err := c.DescribeGateway(ctx, "", sandbox.GatewayReady)
			if err == nil {
				_, err = c.ListIpsecServers(ctx, "", sandbox.GatewayHasServer)
			}
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	drain(t, watch, 5*time.Second)
}

// ListGateways reads every page: with pages of 3, the 7 gateways of
// cn-hangzhou take 3 calls and none is lost or repeated.
func TestListGatewaysEveryPage(t *testing.T) {
	client.SetGatewayPageSize(t, 3)
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	gateways, err := c.ListGateways(testContext(t), sandbox.RegionHangzhou)
	if err != nil {
		t.Fatalf("ListGateways: %v", err)
	}
	var ids []string
	for _, g := range gateways {
		ids = append(ids, g.VpnGatewayId)
	}
	slices.Sort(ids)
	want := []string{sandbox.GatewayBusy, sandbox.GatewayHasServer, sandbox.GatewayLegacy, sandbox.GatewayLocked,
		sandbox.GatewayNoSSL, sandbox.GatewayReady, sandbox.GatewayVpnConn}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("ListGateways over pages of 3 = %v, want %v", ids, want)
	}
	if n := srv.RequestCount("DescribeVpnGateways"); n != 3 {
		t.Errorf("DescribeVpnGateways calls = %d, want 3 (pages of 3 for 7 gateways)", n)
	}
}
