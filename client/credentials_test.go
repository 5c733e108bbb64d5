package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// isolate gives the test an empty HOME and no Alibaba Cloud variables, and
// returns the HOME.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "ALIBABA_CLOUD_") || strings.HasPrefix(name, "ALICLOUD_") {
			t.Setenv(name, "")
		}
	}
	for _, name := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_CREDENTIALS_FILE",
		"ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"} {
		t.Setenv(name, "")
	}
	return home
}

// writeProfiles writes an aliyun CLI config.json into home.
func writeProfiles(t *testing.T, home, current string, profiles ...map[string]any) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"current": current, "profiles": profiles})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, ".aliyun")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func akProfile(name, id, secret, region string) map[string]any {
	return map[string]any{"name": name, "mode": "AK", "access_key_id": id, "access_key_secret": secret, "region_id": region}
}

func TestNoCredentials(t *testing.T) {
	isolate(t)
	start := time.Now()
	_, err := client.New(context.Background(), client.Options{Endpoint: "127.0.0.1:1"})
	if d := time.Since(start); d > time.Second {
		t.Errorf("New without credentials took %v", d)
	}
	var credErr *client.CredentialsError
	if !errors.As(err, &credErr) {
		t.Fatalf("New without credentials = %v, want *CredentialsError", err)
	}
	for _, want := range []string{"aliyun configure", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "--sandbox"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %s", err, want)
		}
	}
	if client.ExitCode(err) != client.ExitCredentials {
		t.Errorf("ExitCode = %d, want 4", client.ExitCode(err))
	}
	if x := client.Explain(err); x.Code != client.CodeCredentialsMissing || !strings.Contains(x.Remedy, "aliyun configure") {
		t.Errorf("Explain = %+v", x)
	}
}

func TestExplicitCredentialsNeedBothHalves(t *testing.T) {
	isolate(t)
	_, err := client.New(context.Background(), client.Options{Credentials: &client.Credentials{AccessKeyId: "x"}})
	var credErr *client.CredentialsError
	if !errors.As(err, &credErr) {
		t.Errorf("New with a key id only = %v", err)
	}
}

func TestEnvironmentCredentials(t *testing.T) {
	isolate(t)
	srv := startSandbox(t, sandbox.Config{})
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", sandbox.AccessKeyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", sandbox.AccessKeySecret)
	t.Setenv("ALIBABA_CLOUD_REGION_ID", sandbox.RegionShanghai)
	c := newClient(t, client.Options{Endpoint: srv.Addr()})
	if c.Region() != sandbox.RegionShanghai || c.CredentialSource() != "environment" || c.Endpoint() != srv.Addr() {
		t.Errorf("Region %q, source %q, endpoint %q", c.Region(), c.CredentialSource(), c.Endpoint())
	}
	gws, err := c.ListGateways(testContext(t), "")
	if err != nil || len(gws) != 1 || gws[0].VpnGatewayId != sandbox.GatewayShReady {
		t.Errorf("ListGateways with env credentials = %+v, %v", gws, err)
	}
}

func TestProfileCredentials(t *testing.T) {
	home := isolate(t)
	srv := startSandbox(t, sandbox.Config{})
	writeProfiles(t, home, "main",
		akProfile("main", sandbox.AccessKeyID, sandbox.AccessKeySecret, sandbox.RegionShanghai),
		akProfile("ro", sandbox.ReadOnlyAccessKeyID, sandbox.ReadOnlyAccessKeySecret, ""),
		map[string]any{"name": "sts", "mode": "StsToken", "access_key_id": sandbox.AccessKeyID,
			"access_key_secret": sandbox.AccessKeySecret, "sts_token": "sandbox-token", "region_id": sandbox.RegionHangzhou},
		map[string]any{"name": "empty", "mode": "AK"},
		map[string]any{"name": "odd", "mode": "CloudSSO"},
	)
	ctx := testContext(t)

	// The current profile, with its region.
	c := newClient(t, client.Options{Endpoint: srv.Addr()})
	if c.Region() != sandbox.RegionShanghai || c.CredentialSource() != "profile main" {
		t.Errorf("current profile: region %q, source %q", c.Region(), c.CredentialSource())
	}
	if _, err := c.DescribeGateway(ctx, "", sandbox.GatewayShReady); err != nil {
		t.Errorf("DescribeGateway with the current profile: %v", err)
	}

	// Options.Region beats the profile's.
	c = newClient(t, client.Options{Endpoint: srv.Addr(), Region: sandbox.RegionHangzhou})
	if c.Region() != sandbox.RegionHangzhou {
		t.Errorf("Region = %q, want the explicit one", c.Region())
	}

	// A named profile; without a region_id the default region.
	c = newClient(t, client.Options{Endpoint: srv.Addr(), Profile: "ro"})
	if c.Region() != ipsec.DefaultRegion {
		t.Errorf("profile ro: region %q", c.Region())
	}
	spec := readySpec()
	_, err := c.CreateIpsecServer(ctx, &spec)
	if client.ExitCode(err) != client.ExitCredentials {
		t.Errorf("create with profile ro = %v, want Forbidden (exit 4)", err)
	}

	// ALIBABA_CLOUD_PROFILE picks the profile too; StsToken mode sends the token.
	t.Setenv("ALIBABA_CLOUD_PROFILE", "sts")
	c = newClient(t, client.Options{Endpoint: srv.Addr()})
	if c.CredentialSource() != "profile sts" || c.Region() != sandbox.RegionHangzhou {
		t.Errorf("profile sts: source %q region %q", c.CredentialSource(), c.Region())
	}
	if _, err := c.DescribeRegions(ctx); err != nil {
		t.Errorf("DescribeRegions with an STS profile: %v", err)
	}
	t.Setenv("ALIBABA_CLOUD_PROFILE", "")

	// Broken profiles are credential errors, found before anything is sent.
	for _, name := range []string{"missing", "empty", "odd"} {
		_, err := client.New(context.Background(), client.Options{Endpoint: srv.Addr(), Profile: name})
		var credErr *client.CredentialsError
		if !errors.As(err, &credErr) || !strings.Contains(err.Error(), name) {
			t.Errorf("profile %s: %v, want a CredentialsError naming it", name, err)
		}
	}

	// Environment credentials beat the file's current profile, not an explicit one.
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", sandbox.ReadOnlyAccessKeyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", sandbox.ReadOnlyAccessKeySecret)
	if c := newClient(t, client.Options{Endpoint: srv.Addr()}); c.CredentialSource() != "environment" {
		t.Errorf("with env and a profile file: source %q", c.CredentialSource())
	}
	if c := newClient(t, client.Options{Endpoint: srv.Addr(), Profile: "main"}); c.CredentialSource() != "profile main" {
		t.Errorf("with env and --profile: source %q", c.CredentialSource())
	}
}

func TestProxyDoesNotHijackLoopback(t *testing.T) {
	isolate(t)
	srv := startSandbox(t, sandbox.Config{})
	for _, name := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"} {
		t.Setenv(name, "http://127.0.0.1:1")
	}
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")
	opts := sandboxOptions(srv)
	opts.Retry.MaxAttempts = 1
	c := newClient(t, opts)
	if _, err := c.DescribeRegions(testContext(t)); err != nil {
		t.Fatalf("DescribeRegions with HTTP_PROXY set: %v", err)
	}
}

func TestEndpoints(t *testing.T) {
	isolate(t)
	creds := &client.Credentials{AccessKeyId: "x", AccessKeySecret: "y"}
	for _, tt := range []struct {
		endpoint string
		ok       bool
	}{
		{"127.0.0.1:8642", true},
		{"localhost:8642", true},
		{"[::1]:8642", true},
		{"http://127.0.0.1:8642", true},
		{"vpc.cn-hangzhou.aliyuncs.com", true},
		{"https://vpc.cn-hangzhou.aliyuncs.com", true},
		{"http://vpc.cn-hangzhou.aliyuncs.com", false}, // plain HTTP off loopback
		{"127.0.0.1:8642/path", false},
		{"ftp://127.0.0.1", false},
	} {
		_, err := client.New(context.Background(), client.Options{Endpoint: tt.endpoint, Credentials: creds})
		var valErr *ipsec.FieldError
		if tt.ok && err != nil || !tt.ok && (!errors.As(err, &valErr) || client.ExitCode(err) != client.ExitUsage) {
			t.Errorf("New(endpoint %q) = %v, want ok=%v", tt.endpoint, err, tt.ok)
		}
	}
}

// TestHTTPSEndpoint: an https:// endpoint speaks TLS (and verifies the
// certificate: the test server's is self-signed).
func TestHTTPSEndpoint(t *testing.T) {
	isolate(t)
	var plain atomic.Bool
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { plain.Store(r.TLS == nil) }))
	defer ts.Close()
	c := newClient(t, client.Options{
		Endpoint:    "https://" + ts.Listener.Addr().String(),
		Credentials: &client.Credentials{AccessKeyId: "x", AccessKeySecret: "y"},
		Retry:       client.RetryPolicy{MaxAttempts: 1},
	})
	_, err := c.DescribeRegions(testContext(t))
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "certificate") || plain.Load() {
		t.Errorf("DescribeRegions over TLS with an unknown certificate = %v", err)
	}
}
