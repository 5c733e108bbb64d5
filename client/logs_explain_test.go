package client_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

const showCmd = "ipsecwiz show iss-sandbox-hasserver --region cn-hangzhou"

// negotiation is the log lines of one simulated client's negotiation, as
// the sandbox writes them.
func negotiation(t *testing.T, srv *sandbox.Server, serverID string, sim sandbox.ClientSim) ([]string, sandbox.Outcome) {
	t.Helper()
	res, err := srv.ConnectClient(serverID, sim)
	if err != nil {
		t.Fatalf("ConnectClient(%s): %v", sim.Name, err)
	}
	return res.Lines, res.Outcome
}

// Every way a negotiation fails in the sandbox is recognised on its real
// lines, once, with the client named and the facts of the line in the
// explanation; a client that connects raises nothing.
func TestLogExplainerOnSandboxLines(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	// Five clients on vpn-sandbox-ready, whose gateway has room for four
	// (one of its five connections is an SSL-VPN client's).
	id := createServer(t, c, sandbox.RegionHangzhou, sandbox.GatewayReady, "172.16.0.0/16")
	eventually(t, 10*time.Second, "the new server to be up", func() bool {
		_, err := srv.ConnectClient(id, sandbox.ClientSim{Name: "c1"})
		return err == nil
	})
	for i := 2; i <= 4; i++ {
		if _, out := negotiation(t, srv, id, sandbox.ClientSim{Name: fmt.Sprintf("c%d", i)}); out != sandbox.OutcomeConnected {
			t.Fatalf("c%d: %s", i, out)
		}
	}
	limitLines, out := negotiation(t, srv, id, sandbox.ClientSim{Name: "c5"})
	if out != sandbox.OutcomeConnectionLimit {
		t.Fatalf("c5: %s, want the connection limit", out)
	}

	type tc struct {
		name  string
		lines []string
		kind  string // "" = no finding
		peer  string
		want  []string // in the explanation
	}
	cases := []tc{{name: "connection limit", lines: limitLines, kind: client.LogConnectionLimit, peer: "c5.clients.example",
		want: []string{"4 of 4 connections are in use", "SslMaxConnections"}}}
	for _, sim := range []struct {
		tc
		sim sandbox.ClientSim
	}{
		{tc{name: "wrong key", kind: client.LogAuthFailed, peer: "wendy.clients.example", want: []string{"pre-shared key that is not the server's"}},
			sandbox.ClientSim{Name: "wendy", Psk: "not-the-key"}},
		{tc{name: "phase 1 proposal", kind: client.LogNoProposal, peer: "192.0.2.", want: []string{"phase 1 (IKE) aes256-sha256-group14", "configured for aes-sha1-group2"}},
			sandbox.ClientSim{Name: "ivan", Ike: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha256", Pfs: "group14"}}}},
		{tc{name: "phase 2 proposal", kind: client.LogNoProposal, peer: "pat.clients.example", want: []string{"phase 2 (IPsec) aes256-sha256 (PFS disabled)", "configured for aes-sha1-group2"}},
			sandbox.ClientSim{Name: "pat", Esp: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha256", Pfs: "disabled"}}}},
		{tc{name: "IKE version", kind: client.LogNoProposal, peer: "192.0.2.", want: []string{"speaks ikev1 main mode", "configured for ikev2"}},
			sandbox.ClientSim{Name: "victor", IkeVersion: "ikev1"}},
		{tc{name: "server identity", kind: client.LogIdentityMismatch, peer: "ted.clients.example", want: []string{"expects the server to be 'vpn.example.com'", "LocalId '203.0.113.13'"}},
			sandbox.ClientSim{Name: "ted", ServerID: "vpn.example.com"}},
		{tc{name: "connected"}, sandbox.ClientSim{Name: "zoe"}},
		{tc{name: "pool exhausted", kind: client.LogPoolExhausted, peer: "yann.clients.example", want: []string{"10.50.0.0/28 is full (4 of 4 clients"}},
			sandbox.ClientSim{Name: "yann"}}, // alice, bob and zoe hold three of the four /30s, then...
	} {
		if sim.name == "pool exhausted" {
			if _, out := negotiation(t, srv, sandbox.ExistingServerID, sandbox.ClientSim{Name: "xena"}); out != sandbox.OutcomeConnected {
				t.Fatalf("xena: %s", out)
			}
		}
		lines, _ := negotiation(t, srv, sandbox.ExistingServerID, sim.sim)
		sim.lines = lines
		cases = append(cases, sim.tc)
	}
	// The server's own lines, and a change that cuts a client off (the
	// sandbox's line for it, as its documentation shows it).
	cases = append(cases,
		tc{name: "server lines", lines: []string{
			"2026-11-26 10:03:04.120 iss-x 09[CFG] IPsec server created: LocalSubnet 172.16.0.0/16, ClientIpPool 192.168.0.0/24 (64 clients), ikev2 IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024 lifetime 86400s",
			"2026-11-26 10:03:05.120 iss-x 09[CFG] IPsec server updated: IkeEncAlg \"aes\" -> \"aes256\", pre-shared key changed",
			"2026-11-26 10:03:05.121 iss-x 09[IKE] EffectImmediately: renegotiating 3 IKE_SA(s) with the new configuration",
		}},
		tc{name: "cut off by a change", lines: []string{
			"2026-11-26 10:03:05.122 iss-x 08[IKE] <iss-x|14> configuration changed: its pre-shared key no longer matches",
			"2026-11-26 10:03:05.123 iss-x 08[IKE] <iss-x|14> deleting IKE_SA iss-x[14] between 203.0.113.10[203.0.113.10]...192.0.2.9[amy.clients.example]",
		}, kind: client.LogCutOff, want: []string{"its pre-shared key no longer matches"}},
	)

	for _, tc := range cases {
		e := client.NewLogExplainer(showCmd)
		var found []client.LogFinding
		for _, l := range tc.lines {
			if f, ok := e.Explain(l); ok {
				found = append(found, f)
			}
		}
		if tc.kind == "" {
			if len(found) != 0 {
				t.Errorf("%s: findings %+v in\n%s", tc.name, found, strings.Join(tc.lines, "\n"))
			}
			continue
		}
		if len(found) != 1 {
			t.Errorf("%s: %d findings, want 1: %+v\n%s", tc.name, len(found), found, strings.Join(tc.lines, "\n"))
			continue
		}
		f := found[0]
		if f.Kind != tc.kind || !strings.HasPrefix(f.Peer, tc.peer) || f.Title == "" || f.Remedy == "" {
			t.Errorf("%s: %+v, want kind %s, peer %s", tc.name, f, tc.kind, tc.peer)
		}
		for _, w := range tc.want {
			if !strings.Contains(f.Explanation, w) {
				t.Errorf("%s: explanation %q lacks %q", tc.name, f.Explanation, w)
			}
		}
		if !strings.Contains(f.Remedy, "`"+showCmd) {
			t.Errorf("%s: remedy %q does not name %s", tc.name, f.Remedy, showCmd)
		}
		if fs := e.Failures(); len(fs) != 1 || fs[0].Count != 1 || fs[0].Kind != tc.kind {
			t.Errorf("%s: Failures() = %+v", tc.name, fs)
		}
	}
}

// The fixture's ten minutes of history hold one failure of each kind an
// admin must diagnose, and the summary counts them with their clients.
func TestLogExplainerOnFixtureHistory(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	now := time.Now()
	lines, err := c.ListServerLogs(testContext(t), "", sandbox.ExistingServerID, now.Add(-10*time.Minute), now)
	if err != nil {
		t.Fatal(err)
	}
	e := client.NewLogExplainer("")
	kinds := map[string][]string{}
	for _, l := range lines {
		if f, ok := e.Explain(l.Text); ok {
			kinds[f.Kind] = append(kinds[f.Kind], f.Peer)
		}
	}
	want := map[string]int{client.LogPoolExhausted: 1, client.LogAuthFailed: 1, client.LogNoProposal: 2, client.LogIdentityMismatch: 1}
	for k, n := range want {
		if len(kinds[k]) != n {
			t.Errorf("%s: %d findings %v, want %d", k, len(kinds[k]), kinds[k], n)
		}
	}
	if len(kinds) != len(want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	var total int
	for _, f := range e.Failures() {
		total += f.Count
		if !strings.Contains(f.Remedy, "ipsecwiz show SERVER_ID") {
			t.Errorf("%s: remedy %q", f.Kind, f.Remedy)
		}
		if f.Kind == client.LogAuthFailed && (len(f.Peers) != 1 || f.Peers[0] != "mallory.clients.example") {
			t.Errorf("auth failures of %v, want mallory", f.Peers)
		}
	}
	if total != 5 {
		t.Errorf("%d failures counted, want 5", total)
	}
}

// Lines as stock strongSwan writes them (no Alibaba prefix) are recognised
// too.
func TestLogExplainerOnCharonLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, kind string }{
		{"Dec  1 10:00:00 gw charon: 11[IKE] <rw|3> tried 1 shared key for 'gw' - 'alice', but MAC mismatched", client.LogAuthFailed},
		{"11[IKE] received AUTHENTICATION_FAILED notify error", client.LogAuthFailed},
		{"07[IKE] <rw|2> received proposals unacceptable", client.LogNoProposal},
		{"07[IKE] no acceptable proposal found", client.LogNoProposal},
		{"07[CFG] <3> no matching peer config found", client.LogIdentityMismatch},
		{"10[IKE] <rw|5> no virtual IP found for %any requested by 'carol'", client.LogPoolExhausted},
		{"10[ENC] <rw|5> generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]", ""},
		{"10[IKE] <rw|5> authentication of 'carol' with pre-shared key successful", ""},
		{"garbage", ""},
		{"", ""},
	} {
		f, ok := client.NewLogExplainer("").Explain(tc.line)
		if ok != (tc.kind != "") || f.Kind != tc.kind {
			t.Errorf("%q: %+v, %v; want %q", tc.line, f, ok, tc.kind)
		}
	}
}

func TestProposals(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048":                                        "aes256-sha256-group14",
		"IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024, IKE:3DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_768": "aes-sha1-group2, 3des-md5-group1",
		"ESP:AES_CBC_192/HMAC_SHA2_512_256/NO_EXT_SEQ":                                                         "aes192-sha512 (PFS disabled)",
		"ESP:SM4_CBC/HMAC_SM3/MODP_2048_256/NO_EXT_SEQ":                                                        "sm4-sm3-group24",
		"ESP:AES_GCM_16_256/NO_EXT_SEQ":                                                                        "aes_gcm_16_256 (PFS disabled)",
	} {
		if got := client.Proposals(in); got != want {
			t.Errorf("Proposals(%q) = %q, want %q", in, got, want)
		}
	}
}
