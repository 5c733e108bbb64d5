package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// createServer makes a server on gw in region through the API, as a user
// would have.
func createServer(t *testing.T, c *client.Client, region, gw, subnet string) string {
	t.Helper()
	spec := readySpec()
	spec.RegionId, spec.VpnGatewayId, spec.LocalSubnet = region, gw, ipsec.CIDRList{subnet}
	res, err := c.CreateIpsecServer(testContext(t), &spec)
	if err != nil {
		t.Fatalf("CreateIpsecServer on %s: %v", gw, err)
	}
	return res.IpsecServerId
}

func serverIDs(servers []ipsec.Server) []string {
	var ids []string
	for _, s := range servers {
		ids = append(ids, s.IpsecServerId)
	}
	slices.Sort(ids)
	return ids
}

// ListServers reads every page: with pages of one server, the two servers
// of cn-hangzhou take two calls, each listed once, with what a listing shows.
func TestListServersEveryPage(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	created := createServer(t, c, sandbox.RegionHangzhou, sandbox.GatewayReady, "172.16.0.0/16")
	before := srv.RequestCount("ListIpsecServers")

	servers, err := c.ListServers(ctx, sandbox.RegionHangzhou, client.ListServersOptions{PageSize: 1})
	if err != nil {
		t.Fatalf("ListServers: %v", err)
	}
	want := []string{created, sandbox.ExistingServerID}
	slices.Sort(want)
	if got := serverIDs(servers); !slices.Equal(got, want) {
		t.Errorf("ListServers over pages of 1 = %v, want %v", got, want)
	}
	if n := srv.RequestCount("ListIpsecServers") - before; n != 2 {
		t.Errorf("ListIpsecServers calls = %d, want 2 (pages of 1 for 2 servers)", n)
	}
	for _, s := range servers {
		if s.IpsecServerId != sandbox.ExistingServerID {
			continue
		}
		if s.OnlineClientCount != sandbox.ExistingServerOnline || s.MaxConnections != 5 || s.InternetIp != "203.0.113.13" ||
			s.Psk.Reveal() != sandbox.ExistingServerPsk || s.RegionId != sandbox.RegionHangzhou {
			t.Errorf("the fixture server reads back as %+v", s)
		}
	}

	// The gateway filter, and the default page size (one call).
	before = srv.RequestCount("ListIpsecServers")
	one, err := c.ListServers(ctx, "", client.ListServersOptions{VpnGatewayId: sandbox.GatewayReady})
	if err != nil || len(one) != 1 || one[0].IpsecServerId != created {
		t.Errorf("ListServers(VpnGatewayId=%s) = %v, %v", sandbox.GatewayReady, serverIDs(one), err)
	}
	if n := srv.RequestCount("ListIpsecServers") - before; n != 1 {
		t.Errorf("a filtered listing took %d calls", n)
	}
	// An empty region is an empty list, not an error.
	if none, err := c.ListServers(ctx, sandbox.RegionBeijing, client.ListServersOptions{}); err != nil || len(none) != 0 {
		t.Errorf("ListServers(cn-beijing) = %v, %v", none, err)
	}
	// Bad options are refused before anything is sent.
	before = srv.RequestCount("ListIpsecServers")
	for _, opts := range []client.ListServersOptions{{PageSize: 21}, {PageSize: -1}, {VpnGatewayId: "gw 1"},
		{IpsecServerIds: []string{"ISS-1"}}} {
		if _, err := c.ListServers(ctx, "", opts); client.ExitCode(err) != client.ExitUsage {
			t.Errorf("ListServers(%+v) = %v, want a usage error", opts, err)
		}
	}
	if n := srv.RequestCount("ListIpsecServers") - before; n != 0 {
		t.Errorf("refused options sent %d calls", n)
	}
}

// The package's page size (what ListIpsecServers and a zero PageSize use)
// can be made small for a test.
func TestServerPageSizeHook(t *testing.T) {
	client.SetServerPageSize(t, 1)
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	createServer(t, c, sandbox.RegionHangzhou, sandbox.GatewayReady, "172.16.0.0/16")
	before := srv.RequestCount("ListIpsecServers")
	servers, err := c.ListServers(testContext(t), "", client.ListServersOptions{})
	if err != nil || len(servers) != 2 {
		t.Fatalf("ListServers = %v, %v", serverIDs(servers), err)
	}
	if n := srv.RequestCount("ListIpsecServers") - before; n != 2 {
		t.Errorf("calls = %d, want 2", n)
	}
}

func TestGetServer(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)

	s, err := c.GetServer(ctx, "", sandbox.ExistingServerID)
	if err != nil {
		t.Fatalf("GetServer: %v", err)
	}
	if s.IpsecServerId != sandbox.ExistingServerID || s.VpnGatewayId != sandbox.GatewayHasServer ||
		s.ClientIpPool != sandbox.ExistingServerPool || s.Psk.Reveal() != sandbox.ExistingServerPsk {
		t.Errorf("GetServer = %+v", s)
	}

	// Unknown, or in another region: the listing is empty, and the error
	// says so as the API's own code.
	for _, tc := range []struct{ region, id string }{{"", "iss-sandbox-nope"}, {sandbox.RegionShanghai, sandbox.ExistingServerID}} {
		_, err := c.GetServer(ctx, tc.region, tc.id)
		var nf *client.ServerNotFoundError
		if !errors.As(err, &nf) || nf.IpsecServerId != tc.id || nf.RequestId == "" {
			t.Fatalf("GetServer(%s, %s) = %v, want a ServerNotFoundError with a RequestId", tc.region, tc.id, err)
		}
		want := "no IPsec server " + tc.id + " in " + cmpOr(tc.region, sandbox.RegionHangzhou) + " (InvalidIpsecServerId.NotFound)"
		if err.Error() != want {
			t.Errorf("error = %q, want %q", err, want)
		}
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "InvalidIpsecServerId.NotFound" || !apiErr.NotFound() {
			t.Errorf("%v does not unwrap to InvalidIpsecServerId.NotFound: %+v", err, apiErr)
		}
		x := client.Explain(err)
		if x.Code != "InvalidIpsecServerId.NotFound" || x.Remedy == "" || x.RequestId != nf.RequestId {
			t.Errorf("Explain = %+v", x)
		}
		if client.ExitCode(err) != client.ExitFailure {
			t.Errorf("ExitCode = %d, want 1", client.ExitCode(err))
		}
	}

	// A malformed id is refused here, with a suggestion, and never sent.
	before := srv.RequestCount("ListIpsecServers")
	for _, id := range []string{"", "vpn-sandbox-ready", " ISS-SANDBOX-HASSERVER", "iss-a b"} {
		_, err := c.GetServer(ctx, "", id)
		var fe *ipsec.FieldError
		if !errors.As(err, &fe) || fe.Field != "IpsecServerId" {
			t.Errorf("GetServer(%q) = %v, want a FieldError on IpsecServerId", id, err)
		}
		if id == " ISS-SANDBOX-HASSERVER" && fe != nil && fe.Suggestion != sandbox.ExistingServerID {
			t.Errorf("GetServer(%q) suggests %q", id, fe.Suggestion)
		}
	}
	if n := srv.RequestCount("ListIpsecServers") - before; n != 0 {
		t.Errorf("malformed ids sent %d calls", n)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// failingRegion is a proxy in front of srv that answers every call for one
// region with a refusal of the service (as a region the account may not use
// would be), passes the rest through untouched (signatures and all), and
// counts the ListIpsecServers calls in flight at once.
type failingRegion struct {
	*httptest.Server
	region      string
	inFlight    atomic.Int32
	maxInFlight atomic.Int32
	mu          sync.Mutex
	regions     []string
}

func newFailingRegion(t *testing.T, srv *sandbox.Server, region string) *failingRegion {
	t.Helper()
	target, _ := url.Parse("http://" + srv.Addr())
	proxy := httputil.NewSingleHostReverseProxy(target)
	p := &failingRegion{region: region}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		get := func(k string) string { return cmpOr(r.URL.Query().Get(k), form.Get(k)) }
		if get("Action") == "ListIpsecServers" {
			n := p.inFlight.Add(1)
			defer p.inFlight.Add(-1)
			for {
				m := p.maxInFlight.Load()
				if n <= m || p.maxInFlight.CompareAndSwap(m, n) {
					break
				}
			}
			p.mu.Lock()
			p.regions = append(p.regions, get("RegionId"))
			p.mu.Unlock()
		}
		if get("RegionId") == p.region && get("Action") != "DescribeRegions" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"RequestId": "req-region-refused", "Code": "InvalidRegionId",
				"Message": "The specified region is not open to this account."})
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func TestListServersAllRegions(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	direct := newClient(t, sandboxOptions(srv))
	sh := createServer(t, direct, sandbox.RegionShanghai, sandbox.GatewayShReady, "172.30.0.0/16")

	// Every region read: Beijing has none, which is no error.
	got, err := direct.ListServersAllRegions(testContext(t), client.ListServersOptions{PageSize: 1}, 2)
	if err != nil {
		t.Fatalf("ListServersAllRegions: %v", err)
	}
	var regions []string
	for _, r := range got {
		regions = append(regions, r.RegionId)
		if r.Err != nil {
			t.Errorf("%s: %v", r.RegionId, r.Err)
		}
	}
	if want := []string{sandbox.RegionHangzhou, sandbox.RegionShanghai, sandbox.RegionBeijing}; !slices.Equal(regions, want) {
		t.Fatalf("regions = %v, want DescribeRegions' order %v", regions, want)
	}
	if ids := serverIDs(got[0].Servers); !slices.Equal(ids, []string{sandbox.ExistingServerID}) {
		t.Errorf("cn-hangzhou = %v", ids)
	}
	if ids := serverIDs(got[1].Servers); !slices.Equal(ids, []string{sh}) {
		t.Errorf("cn-shanghai = %v, want [%s]", ids, sh)
	}
	if len(got[2].Servers) != 0 {
		t.Errorf("cn-beijing = %v, want none", serverIDs(got[2].Servers))
	}

	// A region that fails is reported with its error; the others are read.
	p := newFailingRegion(t, srv, sandbox.RegionShanghai)
	opts := sandboxOptions(srv)
	opts.Endpoint = strings.TrimPrefix(p.URL, "http://")
	c := newClient(t, opts)
	got, err = c.ListServersAllRegions(testContext(t), client.ListServersOptions{}, 2)
	if err != nil {
		t.Fatalf("ListServersAllRegions: %v", err)
	}
	if len(got) != 3 || got[1].RegionId != sandbox.RegionShanghai {
		t.Fatalf("got %+v", got)
	}
	var apiErr *client.APIError
	if !errors.As(got[1].Err, &apiErr) || apiErr.Code != "InvalidRegionId" || apiErr.RequestId != "req-region-refused" {
		t.Errorf("cn-shanghai: err = %v, want the proxy's InvalidRegionId", got[1].Err)
	}
	if got[0].Err != nil || len(got[0].Servers) != 1 || got[2].Err != nil {
		t.Errorf("the other regions: %+v, %+v", got[0], got[2])
	}
	if m := p.maxInFlight.Load(); m > 2 {
		t.Errorf("%d ListIpsecServers calls in flight at once, want at most the 2 workers", m)
	}

	// DescribeRegions failing fails the whole listing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ListServersAllRegions(ctx, client.ListServersOptions{}, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
