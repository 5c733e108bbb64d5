package sandbox

import (
	"time"
)

// The log history and clients iss-sandbox-hasserver starts with, so that list, show and logs against a
// fresh sandbox have something to show: a few clients came and went in the ten minutes before the start,
// one negotiation failed in each way an admin must be able to diagnose, and two clients are online. The
// history is made by the same negotiation the API's clients go through, at times relative to the start
// (Config.Now), so a 10-minute window (MinutePeriod=10, `ipsecwiz logs --since 10m`) right after the start
// sees all of it.

// ExistingServerPool is iss-sandbox-hasserver's client pool: four /30 blocks, so four clients at most.
const ExistingServerPool = "10.50.0.0/28"

// The fixture's simulated clients of iss-sandbox-hasserver (see FixtureHistory for when and how each did).
const (
	ClientAlice   = "alice"   // online from 9m30s before the start, virtual IP 10.50.0.1
	ClientBob     = "bob"     // online from 1m before the start, virtual IP 10.50.0.5
	ClientCarol   = "carol"   // came and went
	ClientDave    = "dave"    // came and went
	ClientErin    = "erin"    // came and went; she filled the pool
	ClientFrank   = "frank"   // OutcomePoolExhausted: the pool was full
	ClientMallory = "mallory" // OutcomeAuthFailed: a wrong pre-shared key
	ClientOscar   = "oscar"   // OutcomeNoProposal in phase 1: IKE aes256/sha256/group14
	ClientPeggy   = "peggy"   // OutcomeNoProposal in phase 2: ESP aes256/sha256/group14
	ClientTrent   = "trent"   // OutcomeIdentityMismatch: expects the server to be vpn.example.com
)

// ExistingServerOnline is how many clients iss-sandbox-hasserver has online at the start (alice and bob).
const ExistingServerOnline = 2

// HistoryEntry is one event of iss-sandbox-hasserver's history: a client connecting (with its outcome) or
// disconnecting, Ago before the sandbox started.
type HistoryEntry struct {
	Ago     time.Duration
	Client  string
	Connect bool    // false: the client disconnects
	Outcome Outcome // of a connect
}

var fixtureHistory = []HistoryEntry{
	{9*time.Minute + 30*time.Second, ClientAlice, true, OutcomeConnected},
	{9 * time.Minute, ClientCarol, true, OutcomeConnected},
	{8*time.Minute + 30*time.Second, ClientDave, true, OutcomeConnected},
	{8 * time.Minute, ClientErin, true, OutcomeConnected},
	{7*time.Minute + 30*time.Second, ClientFrank, true, OutcomePoolExhausted},
	{7 * time.Minute, ClientCarol, false, ""},
	{6*time.Minute + 30*time.Second, ClientDave, false, ""},
	{6 * time.Minute, ClientErin, false, ""},
	{5 * time.Minute, ClientMallory, true, OutcomeAuthFailed},
	{4 * time.Minute, ClientOscar, true, OutcomeNoProposal},
	{3 * time.Minute, ClientPeggy, true, OutcomeNoProposal},
	{2 * time.Minute, ClientTrent, true, OutcomeIdentityMismatch},
	{1 * time.Minute, ClientBob, true, OutcomeConnected},
}

// FixtureHistory lists iss-sandbox-hasserver's history, oldest first.
func FixtureHistory() []HistoryEntry { return append([]HistoryEntry(nil), fixtureHistory...) }

// historySims is how each fixture client differs from a plain one.
var historySims = map[string]ClientSim{
	ClientMallory: {Psk: "not-the-key"},
	ClientOscar:   {Ike: []Proposal{{"aes256", "sha256", "group14"}}},
	ClientPeggy:   {Esp: []Proposal{{"aes256", "sha256", "group14"}}},
	ClientTrent:   {ServerID: "vpn.example.com"},
}

// fixtureRuntime writes iss-sandbox-hasserver's history. Callers hold s.mu for writing (or own s).
func (s *Server) fixtureRuntime() {
	rec := s.servers[ExistingServerID]
	gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
	rt := s.runtimeOf(rec)
	created, _ := time.Parse(creationLayout, rec.CreationTime)
	rt.write(created, rec.Psk, cfgThread, "CFG", 0, "IPsec server created: %s", describeServer(rec))
	rt.write(created.Add(s.cfg.Settle), rec.Psk, cfgThread, "CFG", 0, "IPsec server ready: listening on %s[500] and %s[4500]",
		gs.g.InternetIP, gs.g.InternetIP)
	for _, h := range fixtureHistory {
		at := s.started.Add(-h.Ago)
		if !h.Connect {
			s.clientLeaves(rt, rec, gs, rt.client(h.Client), at)
			continue
		}
		sim := historySims[h.Client]
		sim.Name = h.Client
		s.negotiate(rt, rec, gs, sim, rec.Psk, at)
	}
	s.autoClients(rt, rec, gs, s.started.Add(-time.Second))
}
