package sandbox_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// settled starts a sandbox on a test clock whose changes settle in a second, so the test moves the clock
// instead of waiting.
func settled(t *testing.T, cfg sandbox.Config) (*sandbox.Server, *clock) {
	t.Helper()
	clk := newClock()
	cfg.Now, cfg.Settle, cfg.UpdatingDelay = clk.Now, time.Second, -1
	return start(t, cfg), clk
}

func onlineCount(t *testing.T, c *vpc.Client, id string) int {
	t.Helper()
	r := vpc.CreateListIpsecServersRequest()
	r.IpsecServerId = &[]string{id}
	resp, err := c.ListIpsecServers(r)
	if err != nil || len(resp.IpsecServers) != 1 {
		t.Fatalf("ListIpsecServers %s: %v %+v", id, err, resp)
	}
	return resp.IpsecServers[0].OnlineClientCount
}

func connect(t *testing.T, srv *sandbox.Server, id string, sim sandbox.ClientSim, want sandbox.Outcome) sandbox.ClientResult {
	t.Helper()
	res, err := srv.ConnectClient(id, sim)
	if err != nil {
		t.Fatalf("ConnectClient %s: %v", sim.Name, err)
	}
	if res.Outcome != want {
		t.Fatalf("client %s: %s, want %s:\n%s", sim.Name, res.Outcome, want, strings.Join(res.Lines, "\n"))
	}
	return res
}

func TestClientOutcomes(t *testing.T) {
	t.Parallel()
	srv, clk := settled(t, sandbox.Config{})
	c := v1(t, srv)
	req := createReq(sandbox.GatewayReady, "172.16.0.0/16,10.10.0.0/16", "192.168.0.0/24")
	req.Psk = "PSK-canary-7f3a"
	created, err := c.CreateIpsecServer(req)
	if err != nil {
		t.Fatal(err)
	}
	id := created.IpsecServerId
	if _, err := srv.ConnectClient(id, sandbox.ClientSim{Name: "early"}); !errors.Is(err, sandbox.ErrServerNotReady) {
		t.Fatalf("a client before the server is up: %v", err)
	}
	clk.Add(2 * time.Second)

	// Each way a negotiation fails, with the line that says why.
	for _, tc := range []struct {
		sim   sandbox.ClientSim
		want  sandbox.Outcome
		lines []string
	}{
		{sandbox.ClientSim{Name: "bad-key", Psk: "wrong-key-1234"}, sandbox.OutcomeAuthFailed,
			[]string{"AUTH_FAILED", "authentication failed"}},
		{sandbox.ClientSim{Name: "modern", Ike: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha256", Pfs: "group14"}}}, sandbox.OutcomeNoProposal,
			[]string{"NO_PROPOSAL_CHOSEN", "received proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"}},
		{sandbox.ClientSim{Name: "no-pfs", Esp: []sandbox.Proposal{{EncAlg: "aes", AuthAlg: "sha1", Pfs: "disabled"}}}, sandbox.OutcomeNoProposal,
			[]string{"NO_PROPOSAL_CHOSEN", "received proposals: ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ"}},
		{sandbox.ClientSim{Name: "v1", IkeVersion: "ikev1"}, sandbox.OutcomeNoProposal,
			[]string{"NO_PROPOSAL_CHOSEN", "the peer offers ikev1 main mode, the server is configured for ikev2"}},
		{sandbox.ClientSim{Name: "picky", ServerID: "vpn.example.com"}, sandbox.OutcomeIdentityMismatch,
			[]string{"identity mismatch", "vpn.example.com", "203.0.113.10"}},
		// An identity that happens to be the key is redacted: the key never reaches the log.
		{sandbox.ClientSim{Name: "leaky", Identity: "PSK-canary-7f3a", ServerID: "vpn.example.com"}, sandbox.OutcomeIdentityMismatch,
			[]string{"<redacted>"}},
	} {
		res := connect(t, srv, id, tc.sim, tc.want)
		for _, want := range tc.lines {
			if len(grep(res.Lines, want)) == 0 {
				t.Errorf("%s: no line with %q:\n%s", tc.sim.Name, want, strings.Join(res.Lines, "\n"))
			}
		}
		for _, l := range res.Lines {
			if strings.Contains(l, "PSK-canary-7f3a") || strings.Contains(l, "wrong-key-1234") {
				t.Fatalf("a key in the log: %q", l)
			}
		}
	}
	// Five connections on vpn-sandbox-ready, one of them taken by its SSL-VPN client: four IPsec clients.
	for i, name := range []string{"c1", "c2", "c3", "c4"} {
		res := connect(t, srv, id, sandbox.ClientSim{Name: name}, sandbox.OutcomeConnected)
		if want := []string{"192.168.0.1", "192.168.0.5", "192.168.0.9", "192.168.0.13"}[i]; res.VirtualIP != want {
			t.Fatalf("%s got %s, want %s", name, res.VirtualIP, want)
		}
		if len(grep(res.Lines, "CHILD_SA", "established", "TS 172.16.0.0/16 10.10.0.0/16 === "+res.VirtualIP+"/32")) != 1 {
			t.Fatalf("%s: no CHILD_SA line:\n%s", name, strings.Join(res.Lines, "\n"))
		}
	}
	res := connect(t, srv, id, sandbox.ClientSim{Name: "c5"}, sandbox.OutcomeConnectionLimit)
	if len(grep(res.Lines, "maximum number of connections reached", "SslMaxConnections 5", "1 taken by SSL-VPN clients")) != 1 {
		t.Fatalf("connection limit lines:\n%s", strings.Join(res.Lines, "\n"))
	}
	if n := onlineCount(t, c, id); n != 4 {
		t.Fatalf("OnlineClientCount %d", n)
	}

	// The same name again replaces its session (charon's uniqueness policy).
	res = connect(t, srv, id, sandbox.ClientSim{Name: "c1"}, sandbox.OutcomeConnected)
	if len(grep(res.Lines, "deleting duplicate IKE_SA", "uniqueness policy")) != 1 || onlineCount(t, c, id) != 4 {
		t.Fatalf("duplicate:\n%s", strings.Join(res.Lines, "\n"))
	}
	if err := srv.DisconnectClient(id, "c2"); err != nil || onlineCount(t, c, id) != 3 {
		t.Fatalf("disconnect: %v", err)
	}
	if err := srv.DisconnectClient(id, "c2"); !errors.Is(err, sandbox.ErrClientNotFound) {
		t.Fatalf("disconnect twice: %v", err)
	}
	if _, err := srv.ConnectClient("iss-nope", sandbox.ClientSim{Name: "x"}); !errors.Is(err, sandbox.ErrServerNotFound) {
		t.Fatalf("unknown server: %v", err)
	}
	if _, err := srv.ConnectClient(id, sandbox.ClientSim{Name: "has space"}); err == nil {
		t.Fatal("a name with a space was accepted")
	}

	// A pool of /29 holds two clients.
	sh := createReq(sandbox.GatewayShReady, "172.30.0.0/16", "192.168.0.0/29")
	sh.RegionId = sandbox.RegionShanghai
	small, err := c.CreateIpsecServer(sh)
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(2 * time.Second)
	connect(t, srv, small.IpsecServerId, sandbox.ClientSim{Name: "a"}, sandbox.OutcomeConnected)
	connect(t, srv, small.IpsecServerId, sandbox.ClientSim{Name: "b"}, sandbox.OutcomeConnected)
	res = connect(t, srv, small.IpsecServerId, sandbox.ClientSim{Name: "c"}, sandbox.OutcomePoolExhausted)
	if len(grep(res.Lines, "no virtual IP found", "address pool 192.168.0.0/29 exhausted (2 of 2 /30 blocks in use)")) != 1 {
		t.Fatalf("pool exhausted lines:\n%s", strings.Join(res.Lines, "\n"))
	}
}

// TestChangesReachClients: a changed key cuts the clients off; a changed proposal with EffectImmediately
// renegotiates, and only the clients that offer the new proposal come back; a delete drops them all and its
// lines stay readable while the delete is applied.
func TestChangesReachClients(t *testing.T) {
	t.Parallel()
	srv, clk := settled(t, sandbox.Config{})
	c := v1(t, srv)
	id := sandbox.ExistingServerID
	connect(t, srv, id, sandbox.ClientSim{Name: "flexible", Ike: []sandbox.Proposal{
		{EncAlg: "aes", AuthAlg: "sha1", Pfs: "group2"}, {EncAlg: "aes256", AuthAlg: "sha256", Pfs: "group14"}}}, sandbox.OutcomeConnected)
	if n := onlineCount(t, c, id); n != 3 {
		t.Fatalf("online %d", n)
	}
	update := func(mut func(r *vpc.UpdateIpsecServerRequest)) {
		t.Helper()
		r := vpc.CreateUpdateIpsecServerRequest()
		r.IpsecServerId = id
		mut(r)
		if _, err := c.UpdateIpsecServer(r); err != nil {
			t.Fatal(err)
		}
		clk.Add(2 * time.Second)
	}
	update(func(r *vpc.UpdateIpsecServerRequest) {
		r.IkeConfig = `{"IkeEncAlg":"aes256","IkeAuthAlg":"sha256","IkePfs":"group14"}`
		r.EffectImmediately = requests.NewBoolean(true)
	})
	online := srv.OnlineClients(id)
	if len(online) != 1 || online[0].Name != "flexible" {
		t.Fatalf("after renegotiating with a new IKE proposal: %+v", online)
	}
	lines, _ := allLogs(t, c, id, func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = "1" })
	for _, want := range [][]string{
		{"IPsec server updated", `IkeEncAlg "aes" -> "aes256"`},
		{"EffectImmediately: renegotiating 3 IKE_SA(s)"},
		{"renegotiating with the new configuration (EffectImmediately)"},
		{"deleting IKE_SA", "alice.clients.example"},
		{"received proposals unacceptable, sending NO_PROPOSAL_CHOSEN"},
		{"IKE_SA", "established", "flexible.clients.example"},
	} {
		if len(grep(lines, want...)) == 0 {
			t.Errorf("no line with %q", want)
		}
	}
	connect(t, srv, id, sandbox.ClientSim{Name: "second", Ike: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha256", Pfs: "group14"}}},
		sandbox.OutcomeConnected)
	update(func(r *vpc.UpdateIpsecServerRequest) { r.Psk = "a-brand-new-key" })
	if n := onlineCount(t, c, id); n != 0 {
		t.Fatalf("%d clients still online after the key changed", n)
	}
	lines, _ = allLogs(t, c, id, func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = "1" })
	if len(grep(lines, "configuration changed: its pre-shared key no longer matches")) != 2 ||
		len(grep(lines, "pre-shared key changed")) != 1 || len(grep(lines, "a-brand-new-key")) != 0 {
		t.Fatalf("key change lines:\n%s", strings.Join(lines, "\n"))
	}

	connect(t, srv, id, sandbox.ClientSim{Name: "last", Psk: "a-brand-new-key",
		Ike: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha256", Pfs: "group14"}}}, sandbox.OutcomeConnected)
	if _, err := c.DeleteIpsecServer(deleteReq(id)); err != nil {
		t.Fatal(err)
	}
	if got := srv.OnlineClients(id); len(got) != 0 {
		t.Fatalf("a deleted server has clients: %+v", got)
	}
	lines, _ = allLogs(t, c, id, func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = "1" })
	if len(grep(lines, "deleting IKE_SA", "last.clients.example")) != 1 || !strings.HasSuffix(lines[len(lines)-1], "[CFG] IPsec server deleted") {
		t.Fatalf("delete lines:\n%s", strings.Join(lines, "\n"))
	}
	clk.Add(2 * time.Second) // the gateway is active again: the deleted server is gone for good
	r := vpc.CreateListIpsecServerLogsRequest()
	r.IpsecServerId, r.MinutePeriod = id, "1"
	_, err := c.ListIpsecServerLogs(r)
	wantCode(t, err, "InvalidIpsecServerId.NotFound", 404)
}

func TestSimulatedClients(t *testing.T) {
	t.Parallel()
	srv, clk := settled(t, sandbox.Config{SimulatedClients: 3})
	c := v1(t, srv)
	// The existing server's pool of four holds alice, bob and two of the three.
	online := srv.OnlineClients(sandbox.ExistingServerID)
	if len(online) != 4 || online[2].Name != "client-1" || online[3].Name != "client-2" {
		t.Fatalf("existing server: %+v", online)
	}
	created, err := c.CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	if n := onlineCount(t, c, created.IpsecServerId); n != 0 {
		t.Fatalf("%d clients before the server is up", n)
	}
	clk.Add(3 * time.Second)
	if n := onlineCount(t, c, created.IpsecServerId); n != 3 {
		t.Fatalf("%d clients once the server is up", n)
	}
	lines, _ := allLogs(t, c, created.IpsecServerId, lastTen)
	if len(grep(lines, "IPsec server created")) != 1 || len(grep(lines, "IPsec server ready")) != 1 ||
		len(grep(lines, "CHILD_SA", "established")) != 3 {
		t.Fatalf("created server's log:\n%s", strings.Join(lines, "\n"))
	}
}

// TestClientsSurviveRestart: clients and logs are state; a restart of the API does not cut tunnels.
func TestClientsSurviveRestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	clk := newClock()
	cfg := sandbox.Config{StateFile: path, Now: clk.Now}
	srv := start(t, cfg)
	connect(t, srv, sandbox.ExistingServerID, sandbox.ClientSim{Name: "carry-on"}, sandbox.OutcomeConnected)
	before, _ := allLogs(t, v1(t, srv), sandbox.ExistingServerID, lastTen)
	_ = srv.Close()
	again := start(t, cfg)
	if got := again.OnlineClients(sandbox.ExistingServerID); len(got) != 3 || got[2].Name != "carry-on" {
		t.Fatalf("after restart: %+v", got)
	}
	after, _ := allLogs(t, v1(t, again), sandbox.ExistingServerID, lastTen)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatal("the log changed across a restart")
	}
}
