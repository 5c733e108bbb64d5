package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// IPsec server actions. Writes hold s.mu for their whole check-and-apply, so two racing changes on one
// gateway cannot both pass the state checks; ServeHTTP persists after the lock is released.

// sortedServers lists servers oldest first (ties by id). Callers hold s.mu.
func (s *Server) sortedServers() []*IpsecServerRecord {
	out := make([]*IpsecServerRecord, 0, len(s.servers))
	for _, rec := range s.servers {
		out = append(out, rec)
	}
	sortServers(out)
	return out
}

// listedServers are the servers ListIpsecServers shows at now: those that exist and those being deleted
// ([I]: a deletion takes the gateway's updating time, and the server is listed until it is done), oldest
// first. Callers hold s.mu.
func (s *Server) listedServers(now time.Time) []*IpsecServerRecord {
	out := s.sortedServers()
	for _, rt := range s.runtime {
		if rt.deleted != nil && now.Before(rt.goneAt) {
			out = append(out, rt.deleted)
		}
	}
	sortServers(out)
	return out
}

// beingDeleted is the server id names while its deletion is under way, nil otherwise. Callers hold s.mu.
func (s *Server) beingDeleted(id string, now time.Time) *IpsecServerRecord {
	if rt := s.runtime[id]; rt != nil && rt.deleted != nil && now.Before(rt.goneAt) {
		return rt.deleted
	}
	return nil
}

func sortServers(out []*IpsecServerRecord) {
	sort.Slice(out, func(i, j int) bool {
		if out[i].CreationTime != out[j].CreationTime {
			return out[i].CreationTime < out[j].CreationTime
		}
		return out[i].IpsecServerId < out[j].IpsecServerId
	})
}

type ipsecServerItem struct {
	IpsecServerRecord
	InternetIp        string `json:"InternetIp"`
	OnlineClientCount int    `json:"OnlineClientCount"`
	MaxConnections    int    `json:"MaxConnections"`
	ResourceGroupId   string `json:"ResourceGroupId"`
}

type listIpsecServersResponse struct {
	RequestId    string            `json:"RequestId"`
	TotalCount   int               `json:"TotalCount"`
	MaxResults   int               `json:"MaxResults"`
	NextToken    string            `json:"NextToken"`
	IpsecServers []ipsecServerItem `json:"IpsecServers"`
}

// serverIDs reads IpsecServerId.N (N = 1..20, as the V1 SDK sends them) or IpsecServerId as a JSON array.
func serverIDs(p map[string]string) (map[string]bool, *apiError) {
	ids := map[string]bool{}
	for k, v := range p {
		if k == "IpsecServerId" {
			var list []string
			if err := json.Unmarshal([]byte(v), &list); err != nil {
				list = []string{v}
			}
			for _, id := range list {
				ids[id] = true
			}
			continue
		}
		n, ok := strings.CutPrefix(k, "IpsecServerId.")
		if !ok {
			continue
		}
		if i, err := strconv.Atoi(n); err != nil || i < 1 || i > 20 {
			return nil, invalidParam(sanitize(k), "IpsecServerId.N takes N from 1 to 20")
		}
		ids[v] = true
	}
	if len(ids) > 20 {
		return nil, invalidParam("IpsecServerId", "at most 20 ids")
	}
	return ids, nil
}

func (s *Server) listIpsecServers(c *call) (any, *apiError) {
	p := c.params
	maxResults, err := intParam(p, "MaxResults", 10, 1, 20)
	if err != nil {
		return nil, err
	}
	offset, err := nextToken(p["NextToken"])
	if err != nil {
		return nil, err
	}
	ids, err := serverIDs(p)
	if err != nil {
		return nil, err
	}
	var all []ipsecServerItem
	now := s.now()
	s.mu.RLock()
	for _, rec := range s.listedServers(now) {
		gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
		// A server is in its gateway's resource group (the API reference says so).
		if rec.RegionId != c.region || !is(c.gateway, rec.VpnGatewayId) || !is(p["IpsecServerName"], rec.IpsecServerName) ||
			(len(ids) > 0 && !ids[rec.IpsecServerId]) || !is(p["ResourceGroupId"], gs.g.ResourceGroupID) {
			continue
		}
		item := ipsecServerItem{IpsecServerRecord: *rec, ResourceGroupId: gs.g.ResourceGroupID,
			InternetIp: gs.g.InternetIP, MaxConnections: int(gs.g.SslMaxConnections)}
		if rt := s.runtime[rec.IpsecServerId]; rt != nil {
			item.OnlineClientCount = len(rt.onlineAt(now))
		}
		all = append(all, item)
	}
	s.mu.RUnlock()
	resp := &listIpsecServersResponse{RequestId: c.requestID, TotalCount: len(all), MaxResults: maxResults,
		IpsecServers: []ipsecServerItem{}}
	from, to := min(offset, len(all)), min(offset+maxResults, len(all))
	resp.IpsecServers = append(resp.IpsecServers, all[from:to]...)
	if to < len(all) {
		resp.NextToken = strconv.Itoa(to)
	}
	return resp, nil
}

// --- idempotency ---

// fingerprint identifies a write's parameters, leaving out what legitimately differs between retries.
func fingerprint(p map[string]string) string {
	skip := map[string]bool{"Signature": true, "SignatureNonce": true, "Timestamp": true, "AccessKeyId": true,
		"SignatureMethod": true, "SignatureVersion": true, "SignatureType": true, "Format": true,
		"SecurityToken": true, "ClientToken": true, "DryRun": true, "Version": true, "Action": true}
	keys := make([]string, 0, len(p))
	for k := range p {
		if !skip[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
		h.Write([]byte(p[k]))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

type idempotency struct{ key, fp string }

// checkToken replays an earlier write with the same ClientToken, refuses one with other parameters, or
// returns what to remember once this write is applied. A DryRun neither replays nor is remembered.
// Callers hold s.mu for writing.
func (s *Server) checkToken(c *call, dry bool) (*idempotency, *opResult, *apiError) {
	token := c.params["ClientToken"]
	if token == "" || dry {
		return nil, nil, nil
	}
	if len(token) > 64 || strings.ContainsFunc(token, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
		return nil, nil, invalidParam("ClientToken", "it must be 1 to 64 printable ASCII characters")
	}
	key, fp := c.action+"\x00"+token, fingerprint(c.params)
	if rec := s.tokens[key]; rec != nil {
		if rec.Fingerprint != fp {
			return nil, nil, newErr(CodeIdempotentParameterMismatch)
		}
		res := rec.Result
		return nil, &res, nil
	}
	return &idempotency{key, fp}, nil, nil
}

// rememberToken stores a token, forgetting the oldest beyond maxTokens. Callers hold s.mu for writing.
func (s *Server) rememberToken(t *tokenRecord) {
	if _, ok := s.tokens[t.Key]; !ok {
		s.tokenSeq = append(s.tokenSeq, t.Key)
	}
	s.tokens[t.Key] = t
	for len(s.tokenSeq) > maxTokens {
		delete(s.tokens, s.tokenSeq[0])
		s.tokenSeq = s.tokenSeq[1:]
	}
}

func (s *Server) remember(id *idempotency, res opResult, now time.Time) {
	if id != nil {
		s.rememberToken(&tokenRecord{Key: id.key, Fingerprint: id.fp, Result: res, At: now.UTC()})
	}
}

// --- gateway rules ---

// changeAllowed is the state check every change makes: FinancialLocked, updating, or a change pending.
func changeAllowed(gs *gatewayState, now time.Time) *apiError {
	if gs.g.BusinessStatus == businessLocked {
		return newErr(CodeFinancialLocked)
	}
	switch gs.phase(now) {
	case phaseUpdating:
		return newErr(CodeConfiguring)
	case phasePending:
		return newErr(CodeOperationConflict)
	}
	return nil
}

// createAllowed checks the gateway for CreateIpsecServer, in the documented order.
func (s *Server) createAllowed(gs *gatewayState, now time.Time) *apiError {
	g := gs.g
	switch {
	case g.BusinessStatus == businessLocked:
		return newErr(CodeFinancialLocked)
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
	for _, rec := range s.servers {
		if rec.RegionId == g.RegionID && rec.VpnGatewayId == g.ID {
			return newErr(CodeIPsecServerExist)
		}
	}
	return changeAllowed(gs, now)
}

// poolFactsFor gathers what a client pool of gs must not overlap. Callers hold s.mu.
func (s *Server) poolFactsFor(gs *gatewayState) poolFacts { return gs.pool }

// computePoolFacts gathers them once: they are fixture data. Callers own s.
func (s *Server) computePoolFacts(gs *gatewayState) poolFacts {
	var f poolFacts
	if v := s.vpcs[gs.g.RegionID+"/"+gs.g.VpcID]; v != nil {
		f.vpcCidrs = v.cidrs()
		for _, r := range v.Routes {
			if p, ok := parsePrefix4(r.Dest); ok && r.Type == routeCustom { // the reference: custom routes
				f.vpcRoutes = append(f.vpcRoutes, p)
			}
		}
	}
	if ssl := gs.g.SslServer; ssl != nil {
		if p, ok := parsePrefix4(ssl.ClientIpPool); ok {
			f.sslPool = p
		}
	}
	return f
}

// applyServerParams validates the parameters of a create (nameParam IpSecServerName) or an update
// (IpsecServerName) and applies them onto base. Callers hold s.mu.
func (s *Server) applyServerParams(p map[string]string, nameParam string, gs *gatewayState, base IpsecServerRecord, create bool) (IpsecServerRecord, *apiError) {
	rec := base
	if name := p[nameParam]; name != "" { // an empty parameter is not given, as for every parameter here
		if err := checkName(name, nameParam); err != nil {
			return rec, err
		}
		rec.IpsecServerName = name
	}
	pskEnabled, pskSet, err := boolParam(p, "PskEnabled")
	if err != nil {
		return rec, err
	}
	if pskSet {
		rec.PskEnabled = pskEnabled
	}
	if eff, set, err := boolParam(p, "EffectImmediately"); err != nil {
		return rec, err
	} else if set {
		rec.EffectImmediately = eff
	}
	mfa, mfaSet, err := boolParam(p, "MultiFactorAuthEnabled")
	if err != nil {
		return rec, err
	}
	if mfaSet {
		rec.MultiFactorAuthEnabled = mfa
	}
	if psk, ok := p["Psk"]; ok && psk != "" {
		if err := checkPsk(psk); err != nil {
			return rec, err
		}
		rec.Psk = psk
	}
	if id := p["IDaaSInstanceId"]; id != "" {
		rec.IDaaSInstanceId = id
	}
	if !rec.PskEnabled && rec.IDaaSInstanceId == "" {
		return rec, newErr(CodeIllegalAuthMethod)
	}
	if rec.MultiFactorAuthEnabled && rec.IDaaSInstanceId == "" {
		return rec, newErr(CodeMissingIDaaSInstanceID)
	}
	if id := p["IDaaSInstanceId"]; id != "" {
		inst, ok := s.idaas[id]
		if !ok {
			return rec, newErr(CodeIDaaSNotFound)
		}
		if !inst.Permission {
			return rec, newErr(CodeNoRamPermission)
		}
	}
	if raw := p["LocalSubnet"]; raw != "" || create {
		_, norm, err := parseLocalSubnets(raw)
		if err != nil {
			return rec, err
		}
		rec.LocalSubnet = norm
	}
	if poolSet := p["ClientIpPool"] != ""; poolSet || p["LocalSubnet"] != "" || create {
		raw := rec.ClientIpPool
		if poolSet {
			raw = p["ClientIpPool"]
		}
		facts := s.poolFactsFor(gs)
		facts.local, _, _ = parseLocalSubnets(rec.LocalSubnet)
		pool, err := checkClientIPPool(raw, facts)
		if err != nil {
			return rec, err
		}
		rec.ClientIpPool = pool.String()
	}
	if raw := p["IkeConfig"]; raw != "" {
		if rec.IkeConfig, err = mergeIkeConfig(raw, rec.IkeConfig); err != nil {
			return rec, err
		}
	}
	if raw := p["IpsecConfig"]; raw != "" {
		if rec.IpsecConfig, err = mergeIpsecConfig(raw, rec.IpsecConfig); err != nil {
			return rec, err
		}
	}
	if rec.PskEnabled && rec.Psk == "" {
		rec.Psk = randomString(16, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
	}
	return rec, nil
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// --- CreateIpsecServer ---

// createIpsecServerResponse has every field, an empty name included (a replay's opResult omits empties).
type createIpsecServerResponse struct {
	RequestId       string `json:"RequestId"`
	CreationTime    string `json:"CreationTime"`
	IpsecServerId   string `json:"IpsecServerId"`
	IpsecServerName string `json:"IpsecServerName"`
	VpnGatewayId    string `json:"VpnGatewayId"`
	RegionId        string `json:"RegionId"`
}

func createAnswer(requestID string, r opResult) *createIpsecServerResponse {
	return &createIpsecServerResponse{requestID, r.CreationTime, r.IpsecServerId, r.IpsecServerName, r.VpnGatewayId, r.RegionId}
}

func (s *Server) createIpsecServer(c *call) (any, *apiError) {
	p := c.params
	dry, _, dryErr := boolParam(p, "DryRun")
	s.mu.Lock()
	defer s.mu.Unlock()
	idem, replay, err := s.checkToken(c, dry)
	if err != nil {
		return nil, err
	}
	if replay != nil {
		return createAnswer(c.requestID, *replay), nil
	}
	for _, name := range []string{"VpnGatewayId", "LocalSubnet", "ClientIpPool"} {
		if p[name] == "" {
			return nil, missingParam(name)
		}
	}
	gs := s.gateways[c.region+"/"+c.gateway]
	if gs == nil {
		return nil, newErr(CodeGatewayNotFound)
	}
	now := s.now()
	if err := s.createAllowed(gs, now); err != nil {
		return nil, err
	}
	if dryErr != nil {
		return nil, dryErr
	}
	base := IpsecServerRecord{RegionId: c.region, VpnGatewayId: gs.g.ID,
		IkeConfig: defaultIkeConfig(gs.g.InternetIP), IpsecConfig: defaultIpsecConfig()}
	rec, err := s.applyServerParams(p, "IpSecServerName", gs, base, true)
	if err != nil {
		return nil, err
	}
	if rec.IpsecServerName == SystemBusyName {
		return nil, newErr(CodeSystemBusy)
	}
	if dry {
		return nil, newErr(CodeDryRunOperation)
	}
	rec.IpsecServerId = "iss-" + randomString(20, "0123456789abcdefghijklmnopqrstuvwxyz")
	rec.CreationTime = now.UTC().Format(creationLayout)
	t := s.begin()
	s.servers[rec.IpsecServerId] = &rec
	s.startChange(t, gs, now)
	s.serverCreated(&rec, gs, now)
	res := opResult{CreationTime: rec.CreationTime, IpsecServerId: rec.IpsecServerId,
		IpsecServerName: rec.IpsecServerName, VpnGatewayId: rec.VpnGatewayId, RegionId: rec.RegionId}
	s.remember(idem, res, now)
	if err := s.commit(t); err != nil {
		return nil, err
	}
	return createAnswer(c.requestID, res), nil
}

// --- UpdateIpsecServer / DeleteIpsecServer ---

type requestIDResponse struct {
	RequestId string `json:"RequestId"`
}

// serverForChange finds the server an update or delete names and checks its gateway. Callers hold s.mu.
func (s *Server) serverForChange(c *call, now time.Time) (*IpsecServerRecord, *gatewayState, *apiError) {
	id := c.params["IpsecServerId"]
	if id == "" {
		return nil, nil, missingParam("IpsecServerId")
	}
	rec := s.servers[id]
	if gone := s.beingDeleted(id, now); rec == nil && gone != nil && gone.RegionId == c.region {
		// Its gateway is busy deleting it: refused as the gateway's state refuses any change.
		c.gateway = gone.VpnGatewayId
		gs := s.gateways[gone.RegionId+"/"+gone.VpnGatewayId]
		if err := changeAllowed(gs, now); err != nil {
			return nil, nil, err
		}
	}
	if rec == nil || rec.RegionId != c.region {
		return nil, nil, newErr(CodeInvalidIpsecServerNotFound)
	}
	c.gateway = rec.VpnGatewayId
	gs := s.gateways[rec.RegionId+"/"+rec.VpnGatewayId]
	if gs == nil {
		return nil, nil, newErr(CodeGatewayNotFound)
	}
	return rec, gs, changeAllowed(gs, now)
}

// changeServer runs an update or delete: ClientToken, the server and its gateway, then change, which applies
// the action within t unless dry (then it answers DryRunOperation once its own checks pass, changing nothing).
func (s *Server) changeServer(c *call,
	change func(t *tx, rec *IpsecServerRecord, gs *gatewayState, now time.Time, dry bool) *apiError) (any, *apiError) {
	dry, _, dryErr := boolParam(c.params, "DryRun")
	s.mu.Lock()
	defer s.mu.Unlock()
	idem, replay, err := s.checkToken(c, dry)
	if err != nil {
		return nil, err
	}
	if replay != nil {
		return &requestIDResponse{c.requestID}, nil
	}
	now := s.now()
	rec, gs, err := s.serverForChange(c, now)
	if err != nil {
		return nil, err
	}
	if dryErr != nil {
		return nil, dryErr
	}
	t := s.begin()
	if err := change(t, rec, gs, now, dry); err != nil {
		return nil, err
	}
	s.remember(idem, opResult{}, now)
	if err := s.commit(t); err != nil {
		return nil, err
	}
	return &requestIDResponse{c.requestID}, nil
}

func (s *Server) updateIpsecServer(c *call) (any, *apiError) {
	return s.changeServer(c, func(t *tx, rec *IpsecServerRecord, gs *gatewayState, now time.Time, dry bool) *apiError {
		p := c.params
		next, err := s.applyServerParams(p, "IpsecServerName", gs, *rec, false)
		if err != nil {
			return err
		}
		if dry {
			return newErr(CodeDryRunOperation)
		}
		// A rename alone, or nothing, is synchronous; any other change, and EffectImmediately=true (which
		// renegotiates the tunnels), keeps the gateway updating like a create.
		renamedOnly := next
		renamedOnly.IpsecServerName = rec.IpsecServerName
		eff, _, _ := boolParam(p, "EffectImmediately")
		changed, old := renamedOnly != *rec, *rec
		*rec = next
		if changed || eff {
			s.startChange(t, gs, now)
		}
		s.serverUpdated(old, rec, gs, eff, now)
		return nil
	})
}

func (s *Server) deleteIpsecServer(c *call) (any, *apiError) {
	return s.changeServer(c, func(t *tx, rec *IpsecServerRecord, gs *gatewayState, now time.Time, dry bool) *apiError {
		if dry {
			return newErr(CodeDryRunOperation)
		}
		delete(s.servers, rec.IpsecServerId)
		s.startChange(t, gs, now)
		s.serverDeleted(rec, gs, now)
		return nil
	})
}
