package sandbox

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Simulated VPN clients. A client negotiates with an IPsec server's real settings, the way charon on the
// gateway would decide: the IKE version and mode, the IKE proposal, the identities, the pre-shared key, a
// connection (the gateway's SslMaxConnections, shared with SSL-VPN clients), a virtual IP (one /30 of the
// client pool per client, so size/4 clients), then the ESP proposal. Each negotiation writes its lines into
// the server's log, and a client that got through counts in ListIpsecServers' OnlineClientCount. Everything
// is deterministic: the same server, clients and clock give the same lines.

// Proposal is one IKE or ESP proposal a client offers, in the API's value names (IkeEncAlg, IkeAuthAlg,
// IkePfs / IpsecEncAlg, IpsecAuthAlg, IpsecPfs): e.g. {"aes256", "sha256", "group14"}; Pfs "disabled" is ESP
// without PFS.
type Proposal struct {
	EncAlg  string `json:"EncAlg"`
	AuthAlg string `json:"AuthAlg"`
	Pfs     string `json:"Pfs"`
}

// ClientSim describes a simulated client. Zero fields take what the server is configured with, so
// ClientSim{Name: "x"} connects (pool and connections permitting).
type ClientSim struct {
	Name       string     // required, unique among a server's online clients; no spaces
	Psk        string     // the key it uses; "" means the server's own
	Identity   string     // its IKE identity; "" means Name + ".clients.example"
	ServerID   string     // the server identity it expects (its remote ID); "" accepts any
	PublicIP   string     // "" derives one in 192.0.2.0/24 from Name
	IkeVersion string     // ikev1 | ikev2; "" means the server's
	IkeMode    string     // main | aggressive (IKEv1); "" means the server's
	Ike        []Proposal // its IKE proposals; nil means exactly the server's
	Esp        []Proposal // its ESP proposals; nil means exactly the server's
}

// Outcome is how a negotiation ended.
type Outcome string

// The outcomes, each with the log line an admin would diagnose it by (see doc.go for examples).
const (
	OutcomeConnected        Outcome = "connected"         // "IKE_SA ... established", "assigning virtual IP", "CHILD_SA ... established"
	OutcomeAuthFailed       Outcome = "auth-failed"       // wrong key: "... but MAC mismatched", "authentication failed (AUTH_FAILED)"
	OutcomeNoProposal       Outcome = "no-proposal"       // version, mode, IKE or ESP proposal: "NO_PROPOSAL_CHOSEN", naming both sides
	OutcomeIdentityMismatch Outcome = "identity-mismatch" // "no matching peer config found (identity mismatch ...)"
	OutcomeConnectionLimit  Outcome = "connection-limit"  // SslMaxConnections reached (SSL-VPN clients included)
	OutcomePoolExhausted    Outcome = "pool-exhausted"    // "no virtual IP found ... address pool ... exhausted"
)

// ClientResult is what a negotiation did: its outcome, the virtual IP when connected, and the log lines it
// wrote.
type ClientResult struct {
	Outcome   Outcome
	VirtualIP string
	Lines     []string
}

// OnlineClient is a simulated client online now.
type OnlineClient struct {
	Name, Identity, PublicIP, VirtualIP string
	ConnectedAt                         time.Time
}

// Errors of the client API (not negotiation outcomes: those are in ClientResult).
var (
	ErrServerNotFound = errors.New("sandbox: no such IPsec server")
	ErrServerNotReady = errors.New("sandbox: the IPsec server's gateway is applying a change; connect once it is active")
	ErrClientNotFound = errors.New("sandbox: no such client online")
)

// simClient is a client online (or, with connectedAt ahead, about to be); it keeps what it negotiated with,
// so a change of the server can tell whether it still matches. Its key is not kept: it matched the server's
// key of the time, so it matches a new key only if the key did not change.
type simClient struct {
	name, identity, publicIP, serverID string
	ikeVersion, ikeMode                string
	ike, esp                           []Proposal
	virtualIP                          string
	sa                                 int
	connectedAt                        time.Time
}

// ConnectClient has a simulated client negotiate with the IPsec server now. The outcome follows the server's
// settings; the lines go to its log (ListIpsecServerLogs) and a connected client counts in OnlineClientCount.
// A client already online under the same name is replaced (charon's uniqueness policy). The server's gateway
// must be active (ErrServerNotReady while it applies a change); like an API change, the result is saved to
// the state file first and nothing happens when that fails.
func (s *Server) ConnectClient(serverID string, sim ClientSim) (ClientResult, error) {
	if err := checkSim(sim); err != nil {
		return ClientResult{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, gs, rt, err := s.liveServer(serverID)
	if err != nil {
		return ClientResult{}, err
	}
	now := s.now()
	t := s.begin()
	from := len(rt.log)
	if old := rt.client(sim.Name); old != nil {
		s.teardown(rt, rec, gs, old, now, "deleting duplicate IKE_SA for peer '%s' due to uniqueness policy", old.identity)
	}
	outcome, vip := s.negotiate(rt, rec, gs, sim, rec.Psk, now)
	lines := make([]string, 0, len(rt.log)-from)
	for _, l := range rt.log[from:] {
		lines = append(lines, l.text)
	}
	if apiErr := s.commit(t); apiErr != nil {
		return ClientResult{}, errors.New("sandbox: the state file could not be written; nothing was done")
	}
	s.log.event(now, "client server="+serverID+" name="+sanitize(sim.Name)+" outcome="+string(outcome))
	return ClientResult{Outcome: outcome, VirtualIP: vip, Lines: lines}, nil
}

// DisconnectClient has an online client end its session (it sends a DELETE), as a user closing the VPN.
func (s *Server) DisconnectClient(serverID, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, gs, rt, err := s.liveServer(serverID)
	if err != nil {
		return err
	}
	now := s.now()
	c := rt.client(name)
	if c == nil || c.connectedAt.After(now) {
		return ErrClientNotFound
	}
	t := s.begin()
	s.clientLeaves(rt, rec, gs, c, now)
	if apiErr := s.commit(t); apiErr != nil {
		return errors.New("sandbox: the state file could not be written; nothing was done")
	}
	return nil
}

// OnlineClients lists the simulated clients online now, oldest first.
func (s *Server) OnlineClients(serverID string) []OnlineClient {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rt := s.runtime[serverID]
	if rt == nil || !rt.goneAt.IsZero() {
		return nil
	}
	var out []OnlineClient
	for _, c := range rt.onlineAt(s.now()) {
		out = append(out, OnlineClient{c.name, c.identity, c.publicIP, c.virtualIP, c.connectedAt})
	}
	return out
}

// liveServer finds a server whose clients can negotiate now. Callers hold s.mu.
func (s *Server) liveServer(id string) (*IpsecServerRecord, *gatewayState, *ipsecRuntime, error) {
	rec := s.servers[id]
	if rec == nil {
		return nil, nil, nil, ErrServerNotFound
	}
	gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
	if gs.phase(s.now()) != phaseActive {
		return nil, nil, nil, ErrServerNotReady
	}
	return rec, gs, s.runtimeOf(rec), nil
}

// runtimeOf returns a server's runtime, creating it empty. Callers hold s.mu for writing.
func (s *Server) runtimeOf(rec *IpsecServerRecord) *ipsecRuntime {
	rt := s.runtime[rec.IpsecServerId]
	if rt == nil {
		rt = &ipsecRuntime{serverID: rec.IpsecServerId, region: rec.RegionId}
		s.runtime[rec.IpsecServerId] = rt
	}
	return rt
}

func (rt *ipsecRuntime) client(name string) *simClient {
	for _, c := range rt.clients {
		if c.name == name {
			return c
		}
	}
	return nil
}

func checkSim(sim ClientSim) error {
	if sim.Name == "" || len(sim.Name) > 64 || strings.ContainsFunc(sim.Name, func(r rune) bool { return r <= ' ' || r > '~' }) {
		return fmt.Errorf("sandbox: client name %q: 1 to 64 printable characters without spaces", sim.Name)
	}
	for _, id := range []string{sim.Identity, sim.ServerID} {
		if id != "" && !checkID(id) {
			return fmt.Errorf("sandbox: client %s: identity %q is not an FQDN or IP address", sim.Name, id)
		}
	}
	if sim.PublicIP != "" {
		if a, err := netip.ParseAddr(sim.PublicIP); err != nil || !a.Is4() {
			return fmt.Errorf("sandbox: client %s: public IP %q is not an IPv4 address", sim.Name, sim.PublicIP)
		}
	}
	if err := errors.Join(oneOfOrEmpty("IkeVersion", sim.IkeVersion, "ikev1", "ikev2"),
		oneOfOrEmpty("IkeMode", sim.IkeMode, "main", "aggressive")); err != nil {
		return fmt.Errorf("sandbox: client %s: %w", sim.Name, err)
	}
	for _, p := range sim.Ike {
		if err := checkProposal(p, false); err != nil {
			return fmt.Errorf("sandbox: client %s: IKE proposal: %w", sim.Name, err)
		}
	}
	for _, p := range sim.Esp {
		if err := checkProposal(p, true); err != nil {
			return fmt.Errorf("sandbox: client %s: ESP proposal: %w", sim.Name, err)
		}
	}
	return nil
}

func oneOfOrEmpty(key, val string, allowed ...string) error {
	if val == "" {
		return nil
	}
	return oneOf(key, val, allowed...)
}

// checkProposal accepts what a client could offer: the server's values, and the ones it lacks (sm4, sm3,
// group24) so a test can offer them.
func checkProposal(p Proposal, esp bool) error {
	groups := slices.Concat(ikePfsGroups, []string{"group24"})
	if esp {
		groups = append(groups, "disabled")
	}
	return errors.Join(oneOf("EncAlg", p.EncAlg, slices.Concat(encAlgs, []string{"sm4"})...),
		oneOf("AuthAlg", p.AuthAlg, slices.Concat(authAlgs, []string{"sm3"})...),
		oneOf("Pfs", p.Pfs, groups...))
}

// negotiate runs one negotiation at now against rec, the client holding clientPsk unless sim names its own
// key, and writes its lines.
// Callers hold s.mu for writing.
func (s *Server) negotiate(rt *ipsecRuntime, rec *IpsecServerRecord, gs *gatewayState, sim ClientSim, clientPsk string, now time.Time) (Outcome, string) {
	c := resolveSim(sim, rec)
	if sim.Psk != "" {
		clientPsk = sim.Psk
	}
	rt.nextSA++
	sa, th, gw, psk := rt.nextSA, saThread(rt.nextSA), gs.g.InternetIP, rec.Psk
	w := func(group, format string, args ...any) { rt.write(now, psk, th, group, sa, format, args...) }
	ike, ipsec := rec.IkeConfig, rec.IpsecConfig
	v1 := ike.IkeVersion == "ikev1"
	initEx, authEx, childEx := "IKE_SA_INIT", "IKE_AUTH", "IKE_AUTH"
	if v1 {
		initEx, authEx, childEx = "ID_PROT", "ID_PROT", "QUICK_MODE"
		if ike.IkeMode == "aggressive" {
			initEx, authEx = "AGGRESSIVE", "AGGRESSIVE"
		}
	}
	w("NET", "received packet: from %s[500] to %s[500] (%d bytes)", c.publicIP, gw, 464+len(c.ike)*40)
	if c.ikeVersion == "ikev1" {
		w("ENC", "parsed %s request 0 [ SA V V V V ]", v1Exchange(c.ikeMode))
	} else {
		w("ENC", "parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) ]")
	}
	w("IKE", "%s is initiating an IKE_SA", c.publicIP)
	if c.ikeVersion != ike.IkeVersion || (v1 && c.ikeMode != ike.IkeMode) {
		w("CFG", "no IKE config found for %s...%s: the peer offers %s, the server is configured for %s, sending NO_PROPOSAL_CHOSEN",
			gw, c.publicIP, versionMode(c.ikeVersion, c.ikeMode), versionMode(ike.IkeVersion, ike.IkeMode))
		w("ENC", "generating %s response 0 [ N(NO_PROP) ]", initEx)
		return OutcomeNoProposal, ""
	}
	server := Proposal{ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs}
	if !slices.Contains(c.ike, server) {
		w("CFG", "received proposals: %s", proposalList(c.ike, ikeProposal))
		w("CFG", "configured proposals: %s", ikeProposal(server))
		w("IKE", "received proposals unacceptable, sending NO_PROPOSAL_CHOSEN")
		w("ENC", "generating %s response 0 [ N(NO_PROP) ]", initEx)
		return OutcomeNoProposal, ""
	}
	w("CFG", "selected proposal: %s", ikeProposal(server))
	w("ENC", "generating %s response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]", initEx)
	w("NET", "received packet: from %s[4500] to %s[4500] (%d bytes)", c.publicIP, gw, 380)
	idr := "%any"
	if c.serverID != "" {
		idr = c.serverID
	}
	w("CFG", "looking for peer configs matching %s[%s]...%s[%s]", gw, idr, c.publicIP, c.identity)
	if why := identityMismatch(c, ike); why != "" {
		w("CFG", "no matching peer config found (identity mismatch: %s)", why)
		w("ENC", "generating %s response 1 [ N(AUTH_FAILED) ]", authEx)
		return OutcomeIdentityMismatch, ""
	}
	w("CFG", "selected peer config '%s'", rt.serverID)
	if !rec.PskEnabled || clientPsk != rec.Psk {
		w("IKE", "tried 1 shared key for '%s' - '%s', but MAC mismatched", ike.LocalId, c.identity)
		w("IKE", "peer '%s' authentication failed (AUTH_FAILED): its pre-shared key does not match the server's", c.identity)
		w("ENC", "generating %s response 1 [ N(AUTH_FAILED) ]", authEx)
		return OutcomeAuthFailed, ""
	}
	w("IKE", "authentication of '%s' with pre-shared key successful", c.identity)
	w("IKE", "authentication of '%s' (myself) with pre-shared key", ike.LocalId)
	w("IKE", "IKE_SA %s[%d] established between %s[%s]...%s[%s]", rt.serverID, sa, gw, ike.LocalId, c.publicIP, c.identity)
	if ike.IkeLifetime > 0 {
		w("IKE", "scheduling rekeying in %ds", ike.IkeLifetime)
	} else {
		w("IKE", "IkeLifetime 0: no time-based rekeying scheduled")
	}
	online := rt.clients // those about to connect (a batch stamped ahead) hold their connection too
	limit := int(gs.g.SslMaxConnections) - sslOnline(gs)
	if len(online) >= limit {
		w("IKE", "maximum number of connections reached: %d of %d in use by IPsec clients (SslMaxConnections %d, %d taken by SSL-VPN clients), refusing '%s'",
			len(online), max(limit, 0), gs.g.SslMaxConnections, sslOnline(gs), c.identity)
		w("IKE", "deleting IKE_SA %s[%d] between %s[%s]...%s[%s]", rt.serverID, sa, gw, ike.LocalId, c.publicIP, c.identity)
		return OutcomeConnectionLimit, ""
	}
	w("CFG", "peer requested virtual IP %%any")
	pool := mustPrefix(rec.ClientIpPool)
	vip, ok := freeVirtualIP(pool, online)
	if !ok {
		w("IKE", "no virtual IP found for %%any requested by '%s': address pool %s exhausted (%d of %d /30 blocks in use)",
			c.identity, pool, len(online), poolCapacity(pool))
		w("IKE", "no virtual IP found, sending INTERNAL_ADDRESS_FAILURE")
		w("ENC", "generating %s response 1 [ IDr AUTH N(INTERNAL_ADDR_FAILURE) ]", authEx)
		w("IKE", "deleting IKE_SA %s[%d] between %s[%s]...%s[%s]", rt.serverID, sa, gw, ike.LocalId, c.publicIP, c.identity)
		return OutcomePoolExhausted, ""
	}
	w("IKE", "assigning virtual IP %s to peer '%s'", vip, c.identity)
	espServer := Proposal{ipsec.IpsecEncAlg, ipsec.IpsecAuthAlg, ipsec.IpsecPfs}
	if !slices.Contains(c.esp, espServer) {
		w("CFG", "received proposals: %s", proposalList(c.esp, espProposal))
		w("CFG", "configured proposals: %s", espProposal(espServer))
		w("IKE", "no acceptable proposal found for the CHILD_SA, sending NO_PROPOSAL_CHOSEN")
		w("ENC", "generating %s response 1 [ N(NO_PROP) ]", childEx)
		w("IKE", "failed to establish CHILD_SA, releasing virtual IP %s and deleting IKE_SA %s[%d]", vip, rt.serverID, sa)
		return OutcomeNoProposal, ""
	}
	w("CFG", "selected proposal: %s", espProposal(espServer))
	w("IKE", "CHILD_SA %s{%d} established with SPIs %s_i %s_o and TS %s === %s/32", rt.serverID, sa,
		spi(rt.serverID, sa, "i"), spi(rt.serverID, sa, "o"), strings.ReplaceAll(rec.LocalSubnet, ",", " "), vip)
	w("ENC", "generating %s response 1 [ IDr AUTH CPRP(ADDR) SA TSi TSr ]", childEx)
	w("NET", "sending packet: from %s[4500] to %s[4500] (%d bytes)", gw, c.publicIP, 300)
	c.virtualIP, c.sa, c.connectedAt = vip.String(), sa, now
	rt.clients = append(rt.clients, c)
	return OutcomeConnected, c.virtualIP
}

// resolveSim fills a ClientSim's defaults from the server it negotiates with.
func resolveSim(sim ClientSim, rec *IpsecServerRecord) *simClient {
	ike, ipsec := rec.IkeConfig, rec.IpsecConfig
	c := &simClient{name: sim.Name, identity: sim.Identity, serverID: sim.ServerID, publicIP: sim.PublicIP,
		ikeVersion: sim.IkeVersion, ikeMode: sim.IkeMode, ike: slices.Clone(sim.Ike), esp: slices.Clone(sim.Esp)}
	if c.identity == "" {
		c.identity = sim.Name + ".clients.example"
	}
	if c.publicIP == "" {
		h := fnv.New32a()
		h.Write([]byte(sim.Name))
		c.publicIP = fmt.Sprintf("192.0.2.%d", 10+h.Sum32()%240)
	}
	if c.ikeVersion == "" {
		c.ikeVersion = ike.IkeVersion
	}
	if c.ikeMode == "" {
		c.ikeMode = ike.IkeMode
	}
	if c.ike == nil {
		c.ike = []Proposal{{ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs}}
	}
	if c.esp == nil {
		c.esp = []Proposal{{ipsec.IpsecEncAlg, ipsec.IpsecAuthAlg, ipsec.IpsecPfs}}
	}
	return c
}

func identityMismatch(c *simClient, ike IkeConfig) string {
	switch {
	case ike.RemoteId != "" && c.identity != ike.RemoteId:
		return fmt.Sprintf("the peer is '%s', the server accepts only RemoteId '%s'", c.identity, ike.RemoteId)
	case c.serverID != "" && c.serverID != ike.LocalId:
		return fmt.Sprintf("the peer expects the server to be '%s', the server is LocalId '%s'", c.serverID, ike.LocalId)
	}
	return ""
}

func v1Exchange(mode string) string {
	if mode == "aggressive" {
		return "AGGRESSIVE"
	}
	return "ID_PROT"
}

func versionMode(version, mode string) string {
	if version == "ikev1" {
		return version + " " + mode + " mode"
	}
	return version
}

// The transform names charon logs for the API's values.
var (
	encNames   = map[string]string{"aes": "AES_CBC_128", "aes192": "AES_CBC_192", "aes256": "AES_CBC_256", "des": "DES_CBC", "3des": "3DES_CBC", "sm4": "SM4_CBC"}
	integNames = map[string]string{"md5": "HMAC_MD5_96", "sha1": "HMAC_SHA1_96", "sha256": "HMAC_SHA2_256_128", "sha384": "HMAC_SHA2_384_192", "sha512": "HMAC_SHA2_512_256", "sm3": "HMAC_SM3"}
	prfNames   = map[string]string{"md5": "PRF_HMAC_MD5", "sha1": "PRF_HMAC_SHA1", "sha256": "PRF_HMAC_SHA2_256", "sha384": "PRF_HMAC_SHA2_384", "sha512": "PRF_HMAC_SHA2_512", "sm3": "PRF_HMAC_SM3"}
	dhNames    = map[string]string{"group1": "MODP_768", "group2": "MODP_1024", "group5": "MODP_1536", "group14": "MODP_2048", "group24": "MODP_2048_256"}
)

func ikeProposal(p Proposal) string {
	return "IKE:" + encNames[p.EncAlg] + "/" + integNames[p.AuthAlg] + "/" + prfNames[p.AuthAlg] + "/" + dhNames[p.Pfs]
}

func espProposal(p Proposal) string {
	s := "ESP:" + encNames[p.EncAlg] + "/" + integNames[p.AuthAlg]
	if p.Pfs != "disabled" {
		s += "/" + dhNames[p.Pfs]
	}
	return s + "/NO_EXT_SEQ"
}

func proposalList(ps []Proposal, name func(Proposal) string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = name(p)
	}
	return strings.Join(out, ", ")
}

// poolCapacity: one /30 per client.
func poolCapacity(pool netip.Prefix) int { return 1 << (32 - pool.Bits() - 2) }

// freeVirtualIP is the first address of the lowest /30 of pool no online client holds.
func freeVirtualIP(pool netip.Prefix, online []*simClient) (netip.Addr, bool) {
	used := map[netip.Addr]bool{}
	for _, c := range online {
		if a, err := netip.ParseAddr(c.virtualIP); err == nil {
			used[a] = true
		}
	}
	base := pool.Masked().Addr().As4()
	n := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	for k := 0; k < poolCapacity(pool); k++ {
		v := n + uint32(4*k) + 1
		a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		if !used[a] {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// virtualIPFits: a client's address is a /30 block's first address inside pool.
func virtualIPFits(vip string, pool netip.Prefix) bool {
	a, err := netip.ParseAddr(vip)
	if err != nil || !pool.Contains(a) {
		return false
	}
	b := a.As4()
	return b[3]%4 == 1
}

func spi(serverID string, sa int, dir string) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d/%s", serverID, sa, dir)
	return fmt.Sprintf("%08x", h.Sum32()|0xc0000000)
}

// clientLeaves is a client ending its session (it sends a DELETE). Callers hold s.mu for writing.
func (s *Server) clientLeaves(rt *ipsecRuntime, rec *IpsecServerRecord, gs *gatewayState, c *simClient, at time.Time) {
	th := saThread(c.sa)
	rt.write(at, rec.Psk, th, "NET", c.sa, "received packet: from %s[4500] to %s[4500] (80 bytes)", c.publicIP, gs.g.InternetIP)
	rt.write(at, rec.Psk, th, "ENC", c.sa, "parsed INFORMATIONAL request 2 [ D ]")
	rt.write(at, rec.Psk, th, "IKE", c.sa, "received DELETE for IKE_SA %s[%d]", rt.serverID, c.sa)
	s.teardown(rt, rec, gs, c, at, "peer closed the connection")
}

// teardown ends a client's session from the server side and removes it. Callers hold s.mu for writing.
func (s *Server) teardown(rt *ipsecRuntime, rec *IpsecServerRecord, gs *gatewayState, c *simClient, now time.Time, format string, args ...any) {
	th := saThread(c.sa)
	rt.write(now, rec.Psk, th, "IKE", c.sa, format, args...)
	rt.write(now, rec.Psk, th, "IKE", c.sa, "deleting IKE_SA %s[%d] between %s[%s]...%s[%s]", rt.serverID, c.sa,
		gs.g.InternetIP, rec.IkeConfig.LocalId, c.publicIP, c.identity)
	rt.write(now, rec.Psk, th, "CFG", c.sa, "lease %s by '%s' went offline", c.virtualIP, c.identity)
	rt.clients = slices.DeleteFunc(rt.clients, func(x *simClient) bool { return x == c })
}
