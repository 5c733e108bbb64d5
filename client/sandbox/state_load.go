package sandbox

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Loading the state file. A file is taken whole or not at all: anything the sandbox would have to drop,
// default or reinterpret (an unknown field, a server on a gateway the fixture lacks, two servers on one
// gateway, a missing list) refuses the start with the reason, and the file is left untouched.

// resolveStatePath follows symlinks to the file they name, so that the atomic rename replaces the target and
// the link stays a link. A path that does not exist (yet) is returned as is; a directory or device is refused.
func resolveStatePath(path string) (string, error) {
	for hops := 0; hops < 40; hops++ {
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", fmt.Errorf("sandbox: state file: %w", err)
		}
		switch {
		case info.Mode().IsRegular():
			return path, nil
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return "", fmt.Errorf("sandbox: state file: %w", err)
			}
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(path), target)
			}
			path = target
		default:
			return "", fmt.Errorf("sandbox: state file %s is not a regular file (%v)", path, info.Mode().Type())
		}
	}
	return "", fmt.Errorf("sandbox: state file %s: too many levels of symbolic links", path)
}

// readStateFile loads path; found is false when it does not exist. A file that does not load whole is an
// error naming the reason.
func (s *Server) readStateFile(path string) (st stateFile, found bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("sandbox: read state file: %w", err)
	}
	if st, err = s.parseState(b); err != nil {
		return st, true, fmt.Errorf("sandbox: state file %s refused, left untouched (fix it, or move it away to start from the fixture): %w", path, err)
	}
	return st, true, nil
}

// parseState decodes and checks a state file against the fixture (loaded in s).
func (s *Server) parseState(b []byte) (stateFile, error) {
	var st stateFile
	var present map[string]json.RawMessage
	if err := json.Unmarshal(b, &present); err != nil {
		return st, fmt.Errorf("corrupt: not a JSON object: %w", err)
	}
	for _, k := range []string{"Format", "SavedAt", "Servers", "Tokens", "Changes"} {
		if v, ok := present[k]; !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			return st, fmt.Errorf("%s is missing (a file the sandbox wrote always has it)", k)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return st, fmt.Errorf("corrupt: %w", err)
	}
	if dec.More() {
		return st, errors.New("corrupt: trailing data")
	}
	_, hasRuntime := present["Runtime"]
	switch {
	case st.Format == stateFileFormat && (st.Runtime == nil || !hasRuntime):
		return st, errors.New("Runtime is missing (a file the sandbox wrote always has it)")
	case st.Format == stateFileFormatNoLogs && hasRuntime:
		return st, errors.New("Runtime in a format 1 file")
	case st.Format != stateFileFormat && st.Format != stateFileFormatNoLogs:
		return st, fmt.Errorf("format %d, want %d (or %d)", st.Format, stateFileFormat, stateFileFormatNoLogs)
	}
	if err := s.checkServers(st.Servers); err != nil {
		return st, err
	}
	if err := checkTokens(st.Tokens); err != nil {
		return st, err
	}
	if err := s.checkChanges(st.Changes); err != nil {
		return st, err
	}
	return st, s.checkRuntime(st)
}

// checkRuntime holds the clients and logs to what the sandbox could have produced: clients of live servers
// only, each with a distinct name and virtual IP of the pool, no more than the pool and the gateway's
// connections hold; log lines of their own server in time order, never holding its key.
func (s *Server) checkRuntime(st stateFile) error {
	servers := map[string]*IpsecServerRecord{}
	for i := range st.Servers {
		servers[st.Servers[i].IpsecServerId] = &st.Servers[i]
	}
	seen := map[string]bool{}
	for _, r := range st.Runtime {
		id := r.IpsecServerId
		if seen[id] {
			return fmt.Errorf("runtime of %s is listed twice", id)
		}
		seen[id] = true
		rec := servers[id]
		switch {
		case rec != nil && (r.RegionId != rec.RegionId || !r.GoneAt.IsZero()):
			return fmt.Errorf("runtime of %s: region or deletion time does not match the server", id)
		case rec == nil && (r.GoneAt.IsZero() || !strings.HasPrefix(id, "iss-") || !s.knownRegion(r.RegionId)):
			return fmt.Errorf("runtime of %q belongs to no server", id)
		case rec == nil && len(r.Clients) > 0:
			return fmt.Errorf("deleted server %s has clients", id)
		case r.Deleted != nil && (rec != nil || r.Deleted.IpsecServerId != id || r.Deleted.RegionId != r.RegionId):
			return fmt.Errorf("runtime of %s: the server being deleted does not match", id)
		case r.NextSA < 0 || len(r.Log) > maxLogLines:
			return fmt.Errorf("runtime of %s: NextSA or log size out of range", id)
		}
		if err := s.checkClients(r, rec); err != nil {
			return fmt.Errorf("runtime of %s: %w", id, err)
		}
		var last time.Time
		for i, l := range r.Log {
			line := l.Line
			at, ok := ParseServerLogTime(line)
			if !ok || !strings.HasPrefix(line[len(ServerLogTimeLayout):], " "+id+" ") || (i > 0 && !at.After(last)) ||
				l.Due.IsZero() || l.Due.After(at.Add(time.Millisecond)) {
				return fmt.Errorf("runtime of %s: log line %d is not a line of this server in time order", id, i+1)
			}
			if rec != nil && len(rec.Psk) >= 4 && strings.Contains(line, rec.Psk) {
				return fmt.Errorf("runtime of %s: log line %d holds the pre-shared key", id, i+1)
			}
			last = at
		}
	}
	return nil
}

func (s *Server) checkClients(r runtimeRecord, rec *IpsecServerRecord) error {
	if rec == nil {
		return nil
	}
	gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
	pool := mustPrefix(rec.ClientIpPool)
	if len(r.Clients) > poolCapacity(pool) || len(r.Clients) > int(gs.g.SslMaxConnections)-sslOnline(gs) {
		return fmt.Errorf("%d clients, more than the pool and the gateway's connections hold", len(r.Clients))
	}
	names, vips := map[string]bool{}, map[string]bool{}
	for _, c := range r.Clients {
		sim := ClientSim{Name: c.Name, Identity: c.Identity, ServerID: c.ServerID, PublicIP: c.PublicIP,
			IkeVersion: c.IkeVersion, IkeMode: c.IkeMode, Ike: c.Ike, Esp: c.Esp}
		if err := checkSim(sim); err != nil || c.Identity == "" || c.PublicIP == "" || c.IkeVersion == "" ||
			c.IkeMode == "" || len(c.Ike) == 0 || len(c.Esp) == 0 {
			return fmt.Errorf("client %q is incomplete or invalid", c.Name)
		}
		if names[c.Name] || vips[c.VirtualIP] || !virtualIPFits(c.VirtualIP, pool) {
			return fmt.Errorf("client %q: a name or virtual IP twice, or an address outside the pool's /30 blocks", c.Name)
		}
		names[c.Name], vips[c.VirtualIP] = true, true
		if c.SA < 1 || c.SA > r.NextSA || c.ConnectedAt.IsZero() {
			return fmt.Errorf("client %q: its IKE_SA number or time is out of range", c.Name)
		}
	}
	return nil
}

func (s *Server) knownRegion(id string) bool {
	for _, r := range s.regions {
		if r.ID == id {
			return true
		}
	}
	return false
}

// checkServers holds every server to what the sandbox itself would have accepted on its gateway.
func (s *Server) checkServers(servers []IpsecServerRecord) error {
	ids, onGateway := map[string]bool{}, map[string]string{}
	for _, rec := range servers {
		id := rec.IpsecServerId
		if !strings.HasPrefix(id, "iss-") || len(id) > 64 {
			return fmt.Errorf("server id %q is not an IPsec server id (iss-...)", id)
		}
		if ids[id] {
			return fmt.Errorf("server %s is listed twice", id)
		}
		ids[id] = true
		gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
		if gs == nil {
			return fmt.Errorf("server %s is on gateway %q in region %q, which the fixture does not have", id, rec.VpnGatewayId, rec.RegionId)
		}
		if other, dup := onGateway[gs.g.RegionID+"/"+gs.g.ID]; dup {
			return fmt.Errorf("servers %s and %s are both on gateway %s (a gateway holds one)", other, id, gs.g.ID)
		}
		onGateway[gs.g.RegionID+"/"+gs.g.ID] = id
		if err := s.holdsServer(gs); err != nil {
			return fmt.Errorf("server %s is on gateway %s, which cannot hold one (%s)", id, gs.g.ID, err.code)
		}
		if err := s.checkRecord(rec, gs); err != nil {
			return fmt.Errorf("server %s: %w", id, err)
		}
	}
	return nil
}

// holdsServer is the part of createAllowed that no later change can make true: the gateway's kind.
func (s *Server) holdsServer(gs *gatewayState) *apiError {
	g := gs.g
	switch {
	case !gs.capable:
		return newErr(CodeOperationUnsupportedIPsecServer)
	case g.SslVpn != "enable":
		return newErr(CodeSslVpnDisabled)
	}
	for _, conn := range s.conns {
		if conn.RegionID == g.RegionID && conn.GatewayID == g.ID {
			return newErr(CodeIPsecServerAndVpnConnConflict)
		}
	}
	return nil
}

func (s *Server) checkRecord(rec IpsecServerRecord, gs *gatewayState) error {
	bad := func(field string, e *apiError) error {
		msg := e.code
		if e.code == CodeInvalidParameter && len(e.args) == 2 {
			msg = fmt.Sprint(e.args[1])
		}
		return fmt.Errorf("%s: %s", field, msg)
	}
	if _, err := time.Parse(creationLayout, rec.CreationTime); err != nil {
		return fmt.Errorf("CreationTime %q is not %s", rec.CreationTime, creationLayout)
	}
	if rec.IpsecServerName != "" {
		if err := checkName(rec.IpsecServerName, "IpsecServerName"); err != nil {
			return bad("IpsecServerName", err)
		}
	}
	local, norm, err := parseLocalSubnets(rec.LocalSubnet)
	if err != nil {
		return bad("LocalSubnet", err)
	}
	if norm != rec.LocalSubnet {
		return fmt.Errorf("LocalSubnet %q is not in the form the sandbox writes (%q)", rec.LocalSubnet, norm)
	}
	facts := s.poolFactsFor(gs)
	facts.local = local
	pool, err := checkClientIPPool(rec.ClientIpPool, facts)
	if err != nil {
		return bad("ClientIpPool", err)
	}
	if pool.String() != rec.ClientIpPool {
		return fmt.Errorf("ClientIpPool %q is not in the form the sandbox writes (%q)", rec.ClientIpPool, pool)
	}
	if rec.PskEnabled || rec.Psk != "" {
		if err := checkPsk(rec.Psk); err != nil {
			return bad("Psk", err)
		}
	}
	if !rec.PskEnabled && rec.IDaaSInstanceId == "" {
		return bad("PskEnabled", newErr(CodeIllegalAuthMethod))
	}
	if rec.MultiFactorAuthEnabled && rec.IDaaSInstanceId == "" {
		return bad("MultiFactorAuthEnabled", newErr(CodeMissingIDaaSInstanceID))
	}
	if id := rec.IDaaSInstanceId; id != "" {
		if inst, ok := s.idaas[id]; !ok || !inst.Permission {
			return fmt.Errorf("IDaaSInstanceId %q is not an instance the VPN service may use", id)
		}
	}
	return checkConfigs(rec.IkeConfig, rec.IpsecConfig)
}

// checkConfigs holds stored IkeConfig/IpsecConfig to the values a create or update accepts.
func checkConfigs(ike IkeConfig, ipsec IpsecConfig) error {
	for _, err := range []error{
		oneOf("IkeVersion", ike.IkeVersion, "ikev1", "ikev2"),
		oneOf("IkeMode", ike.IkeMode, "main", "aggressive"),
		oneOf("IkeEncAlg", ike.IkeEncAlg, encAlgs...),
		oneOf("IkeAuthAlg", ike.IkeAuthAlg, authAlgs...),
		oneOf("IkePfs", ike.IkePfs, ikePfsGroups...),
		oneOf("IpsecEncAlg", ipsec.IpsecEncAlg, encAlgs...),
		oneOf("IpsecAuthAlg", ipsec.IpsecAuthAlg, authAlgs...),
		oneOf("IpsecPfs", ipsec.IpsecPfs, ipsecPfsGroups...),
	} {
		if err != nil {
			return err
		}
	}
	if ike.IkeLifetime < 0 || ike.IkeLifetime > 86400 || ipsec.IpsecLifetime < 0 || ipsec.IpsecLifetime > 86400 {
		return errors.New("a lifetime outside 0..86400")
	}
	if !checkID(ike.LocalId) {
		return fmt.Errorf("LocalId %q is not an FQDN or IP address", ike.LocalId)
	}
	if ike.RemoteId != "" && !checkID(ike.RemoteId) {
		return fmt.Errorf("RemoteId %q is not an FQDN or IP address", ike.RemoteId)
	}
	return nil
}

var writeActions = map[string]bool{"CreateIpsecServer": true, "UpdateIpsecServer": true, "DeleteIpsecServer": true}

func checkTokens(tokens []tokenRecord) error {
	if len(tokens) > maxTokens {
		return fmt.Errorf("%d ClientTokens, more than the %d the sandbox keeps", len(tokens), maxTokens)
	}
	seen := map[string]bool{}
	for _, t := range tokens {
		action, token, ok := strings.Cut(t.Key, "\x00")
		if !ok || !writeActions[action] || token == "" || len(token) > 64 ||
			strings.ContainsFunc(token, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
			return fmt.Errorf("ClientToken key %q is not ACTION NUL TOKEN", t.Key)
		}
		if seen[t.Key] {
			return fmt.Errorf("ClientToken %q of %s is listed twice", token, action)
		}
		seen[t.Key] = true
		if fp, err := hex.DecodeString(t.Fingerprint); err != nil || len(fp) != 32 {
			return fmt.Errorf("ClientToken %q of %s has no SHA-256 fingerprint", token, action)
		}
		if t.At.IsZero() {
			return fmt.Errorf("ClientToken %q of %s has no time", token, action)
		}
	}
	return nil
}

func (s *Server) checkChanges(changes []changeRecord) error {
	seen := map[string]bool{}
	for _, c := range changes {
		key := c.RegionId + "/" + c.VpnGatewayId
		if s.gateways[key] == nil {
			return fmt.Errorf("a change of gateway %q in region %q, which the fixture does not have", c.VpnGatewayId, c.RegionId)
		}
		if seen[key] {
			return fmt.Errorf("gateway %s has two last changes", c.VpnGatewayId)
		}
		seen[key] = true
		if c.AcceptedAt.IsZero() || c.UpdatingAt.Before(c.AcceptedAt) || c.ActiveAt.Before(c.UpdatingAt) {
			return fmt.Errorf("gateway %s: the change's times are out of order", c.VpnGatewayId)
		}
	}
	return nil
}

// applyState replaces the fixture's mutable parts with st, which parseState accepted whole.
func (s *Server) applyState(st stateFile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sort.SliceStable(st.Tokens, func(i, j int) bool { return st.Tokens[i].At.Before(st.Tokens[j].At) })
	s.restore(st)
}
