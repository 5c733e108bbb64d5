package client_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestCreateErrors drives every fixture gateway and the documented inputs
// into their error, through the real SDK, and checks each one's Explanation.
func TestCreateErrors(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))

	tests := []struct {
		name  string
		edit  func(*ipsec.ServerSpec)
		code  string
		field string
	}{
		{"nossl", gateway(sandbox.GatewayNoSSL), "VpnGateway.SslVpnDisabled", "VpnGatewayId"},
		{"vpnconn", gateway(sandbox.GatewayVpnConn), "VpnGateway.IPsecServerAndVpnConnectionConflict", "VpnGatewayId"},
		{"hasserver", gateway(sandbox.GatewayHasServer), "OperationFailed.IPsecServerExist", "VpnGatewayId"},
		{"locked", gateway(sandbox.GatewayLocked), "VpnGateway.FinancialLocked", "VpnGatewayId"},
		{"legacy", gateway(sandbox.GatewayLegacy), "OperationUnsupported.IPsecServer", "VpnGatewayId"},
		{"busy", gateway(sandbox.GatewayBusy), "VpnGateway.Configuring", ""},
		{"unknown gateway", gateway("vpn-sandbox-nope"), "InvalidVpnGatewayInstanceId.NotFound", "VpnGatewayId"},
		{"wrong region", gateway(sandbox.GatewayShReady), "InvalidVpnGatewayInstanceId.NotFound", "VpnGatewayId"},
		{"netmask", pool("192.168.0.0/30"), "ClientIpPool.NetmaskInvalid", "ClientIpPool"},
		{"pool not a cidr", pool("10.0.0.0"), "IllegalParam.ClientIpPool", "ClientIpPool"},
		{"pool reserved", pool("100.64.0.0/24"), "ClientIpPool.SubnetInvalid", "ClientIpPool"},
		{"pool in vpc", pool("172.16.1.0/24"), "InvalidClientIpPool.Conflict", "ClientIpPool"},
		{"pool on ssl pool", pool(sandbox.ReadySslClientPool), "VpnRouteEntry.Conflict", "ClientIpPool"},
		{"pool holds a route", pool("192.168.48.0/22"), "EnableHaCheck.IpsecServerCidrContainsVpcRouteDest", "ClientIpPool"},
		{"bad subnet", func(s *ipsec.ServerSpec) { s.LocalSubnet = ipsec.CIDRList{"172.16.0.0/33"} }, "IllegalParam.LocalSubnet", "LocalSubnet"},
		{"default route", func(s *ipsec.ServerSpec) { s.LocalSubnet = ipsec.CIDRList{"0.0.0.0/0"} }, "OperationFailed.AddVpcRoute", "ClientIpPool"},
		{"route quota", func(s *ipsec.ServerSpec) {
			s.LocalSubnet = nil
			for i := range 11 {
				s.LocalSubnet = append(s.LocalSubnet, fmt.Sprintf("172.16.%d.0/24", i))
			}
		}, "QuotaExceeded.VpnRouteEntry", ""},
		{"no auth", func(s *ipsec.ServerSpec) { s.PskEnabled = false }, "IllegalParam.AuthMethod", "Psk"},
		{"pfs", func(s *ipsec.ServerSpec) { s.IpsecConfig.IpsecPfs = "group24" }, "OperationUnsupported.IpsecPfs", "IpsecConfig"},
		{"system busy", func(s *ipsec.ServerSpec) { s.IpSecServerName = sandbox.SystemBusyName }, "SystemBusy", ""},
		{"bad alg", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeEncAlg = "blowfish" }, "InvalidParameter", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := readySpec()
			tt.edit(&spec)
			res, err := c.CreateIpsecServer(testContext(t), &spec)
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("CreateIpsecServer = %+v, %v; want an *APIError", res, err)
			}
			if apiErr.Code != tt.code || apiErr.RequestId == "" || apiErr.Action != "CreateIpsecServer" || apiErr.HTTPStatus < 400 {
				t.Fatalf("APIError = %+v, want code %s", apiErr, tt.code)
			}
			x := client.Explain(err)
			if x.Code != tt.code || x.Summary == "" || x.Remedy == "" || x.Field != tt.field || x.RequestId != apiErr.RequestId {
				t.Errorf("Explain = %+v", x)
			}
			if retry := client.IsRetryable(err); retry != x.Retryable {
				t.Errorf("IsRetryable = %v but Explain says %v", retry, x.Retryable)
			}
			if retry := x.Retryable; retry && res.Attempts < 2 || !retry && res.Attempts != 1 {
				t.Errorf("Attempts = %d for a retryable=%v error", res.Attempts, retry)
			}
			if client.ExitCode(err) != client.ExitFailure {
				t.Errorf("ExitCode = %d, want 1", client.ExitCode(err))
			}
		})
	}
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)); n != 0 {
		t.Errorf("failed creates left %d servers", n)
	}
}

func gateway(id string) func(*ipsec.ServerSpec) {
	return func(s *ipsec.ServerSpec) {
		s.VpnGatewayId = id
		s.LocalSubnet = ipsec.CIDRList{"172.31.0.0/16"} // inside no fixture VPC's pool checks
	}
}

func pool(p string) func(*ipsec.ServerSpec) {
	return func(s *ipsec.ServerSpec) { s.ClientIpPool = p }
}

func TestSpecRemedies(t *testing.T) {
	for code, want := range map[string]string{
		"VpnGateway.SslVpnDisabled":   "enable SSL-VPN",
		"ClientIpPool.NetmaskInvalid": "between /16 and /29, e.g. 192.168.0.0/24",
	} {
		x := client.Explain(&client.APIError{Code: code, HTTPStatus: 400})
		if !strings.Contains(strings.ToLower(x.Remedy), strings.ToLower(want)) {
			t.Errorf("Explain(%s).Remedy = %q, want it to say %q", code, x.Remedy, want)
		}
	}
}

func TestLocalValidation(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	spec := readySpec()
	spec.ClientIpPool = ""
	_, err := c.CreateIpsecServer(testContext(t), &spec)
	var valErr *ipsec.FieldError
	if !errors.As(err, &valErr) || valErr.Field != "ClientIpPool" || client.ExitCode(err) != client.ExitUsage {
		t.Fatalf("CreateIpsecServer without a pool = %v, want a ValidationError on ClientIpPool", err)
	}
	if x := client.Explain(err); x.Field != "ClientIpPool" || x.Remedy == "" {
		t.Errorf("Explain(validation) = %+v", x)
	}
	if n := srv.RequestCount("CreateIpsecServer"); n != 0 {
		t.Errorf("an invalid spec sent %d requests", n)
	}
}

func TestReadOnlyKeyIsForbidden(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	opts := sandboxOptions(srv)
	opts.Credentials = &client.Credentials{AccessKeyId: sandbox.ReadOnlyAccessKeyID, AccessKeySecret: sandbox.ReadOnlyAccessKeySecret}
	c := newClient(t, opts)
	ctx := testContext(t)
	if _, err := c.DescribeGateway(ctx, "", sandbox.GatewayReady); err != nil {
		t.Fatalf("a read with the read-only key: %v", err)
	}
	spec := readySpec()
	_, err := c.CreateIpsecServer(ctx, &spec)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "Forbidden" || apiErr.HTTPStatus != 403 {
		t.Fatalf("create with the read-only key = %v, want 403 Forbidden", err)
	}
	if client.ExitCode(err) != client.ExitCredentials {
		t.Errorf("ExitCode(Forbidden) = %d, want 4", client.ExitCode(err))
	}
	if x := client.Explain(err); x.Remedy == "" || x.Retryable {
		t.Errorf("Explain(Forbidden) = %+v", x)
	}
}

func TestWrongSecret(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	for _, tt := range []struct{ id, secret, code string }{
		{sandbox.AccessKeyID, "wrong-secret", "SignatureDoesNotMatch"},
		{"nobody", "x", "InvalidAccessKeyId.NotFound"},
	} {
		opts := sandboxOptions(srv)
		opts.Credentials = &client.Credentials{AccessKeyId: tt.id, AccessKeySecret: ipsec.Secret(tt.secret)}
		c := newClient(t, opts)
		_, err := c.DescribeRegions(testContext(t))
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != tt.code || client.ExitCode(err) != client.ExitCredentials {
			t.Errorf("key %s: %v (exit %d), want %s and exit 4", tt.id, err, client.ExitCode(err), tt.code)
		}
	}
}

func TestDryRun(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)

	spec := readySpec()
	spec.DryRun = true
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil || !res.DryRunPassed || !res.DryRun || res.IpsecServerId != "" || res.RequestId == "" {
		t.Fatalf("dry run = %+v, %v; want DryRunPassed", res, err)
	}
	if client.ExitCode(err) != client.ExitOK {
		t.Errorf("ExitCode(passed dry run) = %d", client.ExitCode(err))
	}
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)); n != 0 {
		t.Errorf("a dry run created %d servers", n)
	}
	if st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady); st != ipsec.StatusActive {
		t.Errorf("gateway after a dry run: %s", st)
	}

	// A failing check answers with its own code, not DryRunOperation.
	bad := readySpec()
	bad.DryRun = true
	bad.VpnGatewayId = sandbox.GatewayNoSSL
	bad.LocalSubnet = ipsec.CIDRList{"172.17.0.0/16"}
	res, err = c.CreateIpsecServer(ctx, &bad)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "VpnGateway.SslVpnDisabled" || res.DryRunPassed {
		t.Errorf("failing dry run = %+v, %v", res, err)
	}

	// The real create after the dry run goes through.
	spec.DryRun = false
	res, err = c.CreateIpsecServer(ctx, &spec)
	if err != nil || res.IpsecServerId == "" {
		t.Fatalf("create after dry run = %+v, %v", res, err)
	}
}

func TestIdempotentCreate(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)

	spec := readySpec()
	first, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("first create: %v", err)
	}
	token := spec.ClientToken
	if token == "" || first.ClientToken != token {
		t.Fatalf("token not written back: spec %q, result %q", token, first.ClientToken)
	}
	// The UI's "retry" sends the same spec again: same token, same server.
	second, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("second create: %v", err)
	}
	if spec.ClientToken != token || second.IpsecServerId != first.IpsecServerId {
		t.Errorf("second create = %+v (token %q), want the first server %s under token %q",
			second, spec.ClientToken, first.IpsecServerId, token)
	}
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)); n != 1 {
		t.Errorf("%d servers after two creates with one token", n)
	}
	if n := srv.RequestCount("CreateIpsecServer"); n != 2 {
		t.Errorf("RequestCount(CreateIpsecServer) = %d, want 2", n)
	}

	// The same token with other parameters is refused.
	other := spec.Clone()
	other.ClientIpPool = "192.168.1.0/24"
	_, err = c.CreateIpsecServer(ctx, &other)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "IdempotentParameterMismatch" {
		t.Errorf("same token, other pool = %v, want IdempotentParameterMismatch", err)
	}
}

// TestCreateUnderFaults: with 30% of calls failing (503, throttling, busy,
// dropped connections before or after the action), a create with retries
// ends with exactly one server, every time.
func TestCreateUnderFaults(t *testing.T) {
	retried := 0
	var log lockedBuffer
	for seed := int64(1); seed <= 20; seed++ {
		srv := startSandbox(t, sandbox.Config{FaultRate: 0.3, FaultSeed: seed, Log: &log})
		opts := sandboxOptions(srv)
		opts.Retry.MaxAttempts = 12
		c := newClient(t, opts)
		spec := readySpec()
		res, err := c.CreateIpsecServer(testContext(t), &spec)
		if err != nil {
			t.Fatalf("seed %d: create: %v", seed, err)
		}
		servers := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)
		if len(servers) != 1 || servers[0].IpsecServerId != res.IpsecServerId {
			t.Fatalf("seed %d: servers = %+v, result %+v", seed, servers, res)
		}
		if res.Attempts > 1 {
			retried++
		}
		srv.Close()
	}
	if retried == 0 {
		t.Error("no run needed a retry: the faults did not bite")
	}
	// The case the ClientToken exists for: a create that ran but whose
	// answer was lost, then retried.
	lost := 0
	for _, line := range strings.Split(log.String(), "\n") {
		if containsAll(line, "action=CreateIpsecServer", "code=OK", "fault=drop-after") {
			lost++
		}
	}
	if lost == 0 {
		t.Error("no create lost its answer in these seeds: idempotency under loss went untested")
	}
}

// lockedBuffer is a log sink safe for the sandbox's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRetryStaysWithinDeadline(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	opts := sandboxOptions(srv)
	opts.Retry = client.RetryPolicy{MaxAttempts: 100, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	c := newClient(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	spec := readySpec()
	spec.VpnGatewayId = sandbox.GatewayBusy
	spec.LocalSubnet = ipsec.CIDRList{"172.22.0.0/16"}
	start := time.Now()
	res, err := c.CreateIpsecServer(ctx, &spec)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "VpnGateway.Configuring" {
		t.Fatalf("create on busy = %v, want the last answer VpnGateway.Configuring", err)
	}
	// The client never starts a wait that would end past the deadline; the
	// slack only absorbs a slow machine's scheduling, not another backoff
	// (the next one would be at least 100 ms past).
	if d := time.Since(start); d > 700*time.Millisecond+80*time.Millisecond {
		t.Errorf("retries ran %v, past the 700ms deadline", d)
	}
	if res.Attempts < 2 {
		t.Errorf("Attempts = %d, want retries", res.Attempts)
	}
}

// TestCreateMinimal: no key, no proposals: the service generates the key
// and applies its defaults.
func TestCreateMinimal(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = sandbox.GatewayReady
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.1.0/24"
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("minimal create: %v", err)
	}
	servers, err := c.ListIpsecServers(ctx, "", sandbox.GatewayReady)
	if err != nil || len(servers) != 1 || servers[0].IpsecServerId != res.IpsecServerId {
		t.Fatalf("ListIpsecServers = %+v, %v", servers, err)
	}
	s := servers[0]
	if len(s.Psk.Reveal()) != ipsec.ServiceGeneratedPskLength {
		t.Errorf("generated PSK has %d characters", len(s.Psk.Reveal()))
	}
	if want := ipsec.ServiceDefaultIpsec(); s.IpsecConfig != want {
		t.Errorf("IpsecConfig = %+v, want the service default %+v", s.IpsecConfig, want)
	}
	if s.IkeConfig.IkeEncAlg != ipsec.DefaultEncAlg || s.IkeConfig.IkeVersion != ipsec.DefaultIkeVersion {
		t.Errorf("IkeConfig = %+v", s.IkeConfig)
	}
}
