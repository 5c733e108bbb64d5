package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// recorder sits in front of a sandbox as a real HTTP hop: it keeps every
// request's parameters and, when told, hangs up on an action after the
// sandbox has acted (the answer is lost on the way back).
type recorder struct {
	sb *sandbox.Server

	mu      sync.Mutex
	calls   []url.Values
	hangups map[string]int // action → answers still to lose
}

func startRecorder(t *testing.T, sb *sandbox.Server) (*recorder, string) {
	t.Helper()
	r := &recorder{sb: sb, hangups: map[string]int{}}
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return r, strings.TrimPrefix(ts.URL, "http://")
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(body))
	params := req.URL.Query()
	if form, err := url.ParseQuery(string(body)); err == nil {
		for k, v := range form {
			params[k] = v
		}
	}
	action := params.Get("Action")
	r.mu.Lock()
	r.calls = append(r.calls, params)
	lose := r.hangups[action] > 0
	if lose {
		r.hangups[action]--
	}
	r.mu.Unlock()
	if !lose {
		r.sb.ServeHTTP(w, req)
		return
	}
	r.sb.ServeHTTP(httptest.NewRecorder(), req) // acted on, answer lost
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func (r *recorder) loseNext(action string, n int) {
	r.mu.Lock()
	r.hangups[action] = n
	r.mu.Unlock()
}

// sent is the parameters of every call to action, in order.
func (r *recorder) sent(action string) []url.Values {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []url.Values
	for _, p := range r.calls {
		if p.Get("Action") == action {
			out = append(out, p)
		}
	}
	return out
}

func existing(t *testing.T, c *client.Client) ipsec.Server {
	t.Helper()
	s, err := c.GetServer(testContext(t), "", sandbox.ExistingServerID)
	if err != nil {
		t.Fatalf("GetServer: %v", err)
	}
	return s
}

// A rename alone is applied at once and sends nothing but the name.
func TestApplyRenameSendsOnlyTheName(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	rec, addr := startRecorder(t, sb)
	opts := sandboxOptions(sb)
	opts.Endpoint = addr
	c := newClient(t, opts)
	srv := existing(t, c)
	spec := ipsec.SpecFromServer(srv)
	spec.IpSecServerName = "renamed"
	res, err := c.Apply(testContext(t), client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !res.Synchronous || res.ClientToken == "" || res.RequestId == "" {
		t.Errorf("result %+v", res)
	}
	sent := rec.sent("UpdateIpsecServer")
	if len(sent) != 1 {
		t.Fatalf("%d updates sent", len(sent))
	}
	for _, p := range []string{"LocalSubnet", "ClientIpPool", "Psk", "PskEnabled", "IkeConfig", "IpsecConfig", "EffectImmediately"} {
		if _, ok := sent[0][p]; ok {
			t.Errorf("a rename sent %s=%q", p, sent[0].Get(p))
		}
	}
	if sent[0].Get("IpsecServerName") != "renamed" || sent[0].Get("ClientToken") != res.ClientToken {
		t.Errorf("sent %v", sent[0])
	}
	if st, _ := sb.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayHasServer); st != "active" {
		t.Errorf("a rename put the gateway to %s", st)
	}
	if got := existing(t, c).IpsecServerName; got != "renamed" {
		t.Errorf("name read back %q", got)
	}
}

// A new pool and a new IKE lifetime: the pool and the whole IkeConfig are
// sent; the gateway goes updating, and a watch with Matches settles once
// the server reads back as asked.
func TestApplyPoolAndProposalIsTracked(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	rec, addr := startRecorder(t, sb)
	opts := sandboxOptions(sb)
	opts.Endpoint = addr
	c := newClient(t, opts)
	ctx := testContext(t)
	srv := existing(t, c)
	spec := ipsec.SpecFromServer(srv)
	spec.ClientIpPool = "10.60.0.0/24"
	ike := spec.EffectiveIke()
	ike.IkeLifetime = 3600
	spec.IkeConfig = &ike
	res, err := c.Apply(ctx, client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec})
	if err != nil || res.Synchronous {
		t.Fatalf("Apply = %+v, %v", res, err)
	}
	p := rec.sent("UpdateIpsecServer")[0]
	if p.Get("ClientIpPool") != "10.60.0.0/24" || !strings.Contains(p.Get("IkeConfig"), `"IkeLifetime":3600`) ||
		!strings.Contains(p.Get("IkeConfig"), `"IkeEncAlg"`) || p.Has("IpsecConfig") || p.Has("LocalSubnet") || p.Has("Psk") {
		t.Errorf("sent %v", p)
	}
	events := drain(t, c.WatchGateway(ctx, "", sandbox.GatewayHasServer, client.WatchOptions{ExpectChange: true,
		IpsecServerId: srv.IpsecServerId,
		Matches:       func(s ipsec.Server) bool { return len(ipsec.Diff(ipsec.SpecFromServer(s), spec)) == 0 }}), 10*time.Second)
	if last := events[len(events)-1]; !last.Settled {
		t.Fatalf("watch ended unsettled: %+v", last)
	}
	got := existing(t, c)
	if got.ClientIpPool != "10.60.0.0/24" || got.IkeConfig.IkeLifetime != 3600 {
		t.Errorf("read back %+v", got)
	}
}

// A new key is sent as Psk with PskEnabled, and never printed.
func TestApplyKeyIsSentNotShown(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	rec, addr := startRecorder(t, sb)
	opts := sandboxOptions(sb)
	opts.Endpoint = addr
	c := newClient(t, opts)
	srv := existing(t, c)
	spec := ipsec.SpecFromServer(srv)
	spec.Psk = "a-new-key-of-some-length"
	if _, err := c.Apply(testContext(t), client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec}); err != nil {
		t.Fatal(err)
	}
	p := rec.sent("UpdateIpsecServer")[0]
	if p.Get("Psk") != "a-new-key-of-some-length" || p.Get("PskEnabled") != "true" {
		t.Errorf("sent %v", p)
	}
	for _, param := range ipsec.UpdateParams(srv, spec, false) {
		for _, s := range []string{param.String(), fmtAll(param)} {
			if strings.Contains(s, "a-new-key") {
				t.Errorf("a Param prints the key: %s", s)
			}
		}
	}
}

// Asking for what the server already has sends nothing.
func TestApplyNothingToChange(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(sb))
	srv := existing(t, c)
	_, err := c.Apply(testContext(t), client.Change{Kind: client.KindUpdate, Server: srv, Spec: ipsec.SpecFromServer(srv)})
	if !errors.Is(err, client.ErrNoChange) {
		t.Fatalf("err = %v", err)
	}
	if n := sb.RequestCount("UpdateIpsecServer"); n != 0 {
		t.Fatalf("%d updates sent", n)
	}
}

// A DryRun update or delete passes without a token and changes nothing.
func TestApplyDryRun(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(sb))
	ctx := testContext(t)
	srv := existing(t, c)
	spec := ipsec.SpecFromServer(srv)
	spec.ClientIpPool = "10.60.0.0/24"
	for _, ch := range []client.Change{
		{Kind: client.KindUpdate, Server: srv, Spec: spec, DryRun: true},
		{Kind: client.KindDelete, Server: srv, DryRun: true},
	} {
		res, err := c.Apply(ctx, ch)
		if err != nil || !res.DryRunPassed || res.ClientToken != "" || res.RequestId == "" {
			t.Errorf("%s DryRun = %+v, %v", ch.Kind, res, err)
		}
	}
	if got := existing(t, c); got.ClientIpPool != sandbox.ExistingServerPool {
		t.Errorf("a dry run changed the pool to %s", got.ClientIpPool)
	}
}

// The answer to an update is lost on the way back: the retry carries the
// same ClientToken, the service recognises it and the change is made once.
func TestApplyLostAnswerRetriesWithOneToken(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	rec, addr := startRecorder(t, sb)
	opts := sandboxOptions(sb)
	opts.Endpoint = addr
	c := newClient(t, opts)
	srv := existing(t, c)
	spec := ipsec.SpecFromServer(srv)
	spec.ClientIpPool = "10.60.0.0/24"
	rec.loseNext("UpdateIpsecServer", 1)
	res, err := c.Apply(testContext(t), client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	sent := rec.sent("UpdateIpsecServer")
	if len(sent) != 2 || res.Attempts != 2 {
		t.Fatalf("%d sent, %d attempts", len(sent), res.Attempts)
	}
	if sent[0].Get("ClientToken") == "" || sent[0].Get("ClientToken") != sent[1].Get("ClientToken") ||
		sent[1].Get("ClientToken") != res.ClientToken {
		t.Errorf("tokens %q, %q (result %q)", sent[0].Get("ClientToken"), sent[1].Get("ClientToken"), res.ClientToken)
	}
}

// The same for a delete: the retry of a delete the service already made
// answers as the first would have, not NotFound.
func TestApplyDeleteLostAnswer(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	rec, addr := startRecorder(t, sb)
	opts := sandboxOptions(sb)
	opts.Endpoint = addr
	c := newClient(t, opts)
	srv := existing(t, c)
	rec.loseNext("DeleteIpsecServer", 1)
	res, err := c.Apply(testContext(t), client.Change{Kind: client.KindDelete, Server: srv})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if res.Attempts != 2 || len(sb.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)) != 0 {
		t.Fatalf("attempts %d, servers %v", res.Attempts, sb.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer))
	}
	// Followed until it is gone; a delete of it now finds it gone, which is
	// what was asked.
	events := drain(t, c.WatchGateway(testContext(t), "", srv.VpnGatewayId, client.WatchOptions{ExpectChange: true,
		IpsecServerId: srv.IpsecServerId, ServerDeleted: true}), 10*time.Second)
	if last := events[len(events)-1]; !last.Settled {
		t.Fatalf("watch ended unsettled: %+v", last)
	}
	if _, err := c.GetServer(testContext(t), "", srv.IpsecServerId); !client.IsNotFound(err) {
		t.Errorf("GetServer after delete: %v", err)
	}
	again, err := c.Apply(testContext(t), client.Change{Kind: client.KindDelete, Server: srv})
	if err != nil || !again.AlreadyGone || again.RequestId == "" {
		t.Errorf("delete of a deleted server = %+v, %v", again, err)
	}
}

// SubmitChange stops waiting when ctx ends but names what may have been
// sent.
func TestSubmitChangeCanceledNamesTheToken(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{Latency: 300 * time.Millisecond})
	c := newClient(t, sandboxOptions(sb))
	srv := existing(t, c)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	go func() { // cancel once the delete is on the wire, before its answer
		for sb.RequestCount("DeleteIpsecServer") == 0 && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	got := c.SubmitChange(ctx, client.Change{Kind: client.KindDelete, Server: srv})
	var unknown *client.UnknownOutcomeError
	if !errors.As(got.Err, &unknown) {
		t.Fatalf("err = %v", got.Err)
	}
	if unknown.ClientToken == "" || unknown.ClientToken != got.Change.ClientToken || unknown.VpnGatewayId != sandbox.GatewayHasServer ||
		unknown.Action != "DeleteIpsecServer" {
		t.Errorf("unknown outcome %+v", unknown)
	}
}

func fmtAll(v any) string { return fmt.Sprintf("%v %+v %#v %s", v, v, v, v) }

// Prepare reads what a pool must avoid: the gateway's SSL-VPN pools and the
// VPC's custom routes; a read the key may not make is named, not fatal.
func TestPreparePoolFacts(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(sb))
	d, err := c.Prepare(testContext(t), "", sandbox.GatewayReady, client.PrepareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.SslVpnPools) != 1 || d.SslVpnPools[0] != sandbox.ReadySslClientPool {
		t.Errorf("SSL-VPN pools %v", d.SslVpnPools)
	}
	if len(d.VpcRoutes) != 1 || d.VpcRoutes[0] != sandbox.ReadyVpcRouteDest || len(d.Unchecked) != 0 {
		t.Errorf("routes %v, unchecked %v", d.VpcRoutes, d.Unchecked)
	}

	// A key that may not read routes: the preflight goes on and says so.
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Action") == "DescribeRouteEntryList" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"Code":"Forbidden.RAM","Message":"not authorized","RequestId":"R-1"}`))
			return
		}
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(refusing.Close)
	opts := sandboxOptions(sb)
	opts.Endpoint = strings.TrimPrefix(refusing.URL, "http://")
	d, err = newClient(t, opts).Prepare(testContext(t), "", sandbox.GatewayReady, client.PrepareOptions{})
	if err != nil {
		t.Fatalf("a refused route read failed the preflight: %v", err)
	}
	if len(d.Unchecked) != 1 || !strings.Contains(d.Unchecked[0], "custom routes") || len(d.SslVpnPools) != 1 {
		t.Errorf("unchecked %v, pools %v", d.Unchecked, d.SslVpnPools)
	}
}

// A listing marks what each gateway holds, from region-wide reads, and the
// version in its features: a picker can mark every gateway that cannot take
// a server before one is chosen.
func TestListGatewaysMarks(t *testing.T) {
	t.Parallel()
	sb := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(sb))
	gws, err := c.ListGateways(testContext(t), sandbox.RegionHangzhou)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]ipsec.Gateway{}
	for _, g := range gws {
		byID[g.VpnGatewayId] = g
	}
	if g := byID[sandbox.GatewayVpnConn]; g.VpnConnections == 0 {
		t.Errorf("%s: no connections counted", g.VpnGatewayId)
	}
	if g := byID[sandbox.GatewayHasServer]; len(g.IpsecServerIds) != 1 || g.IpsecServerIds[0] != sandbox.ExistingServerID {
		t.Errorf("%s: servers %v", g.VpnGatewayId, g.IpsecServerIds)
	}
	if g := byID[sandbox.GatewayLegacy]; g.VpnVersion != "v1.1.6" {
		t.Errorf("legacy version %q", g.VpnVersion)
	}
	if g := byID[sandbox.GatewayReady]; g.VpnVersion == "" || g.VpnConnections != 0 || len(g.IpsecServerIds) != 0 {
		t.Errorf("ready %+v", g)
	}
	for id, g := range byID {
		cannot, note := ipsec.GatewayNote(g)
		want := map[string]bool{sandbox.GatewayNoSSL: true, sandbox.GatewayVpnConn: true, sandbox.GatewayLocked: true,
			sandbox.GatewayLegacy: true}[id]
		if cannot != want || (id != sandbox.GatewayReady && note == "") || len(note) > 15 {
			t.Errorf("%s: cannot %v, note %q", id, cannot, note)
		}
	}
}
