package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// What an IPsec server's log records of its own life: created (and ready once its gateway is active again),
// changed (and the clients a change cuts off or renegotiates), deleted. Callers hold s.mu for writing, inside
// the change's tx.

// serverCreated starts the log of a new server; Config.SimulatedClients connect once it is ready.
func (s *Server) serverCreated(rec *IpsecServerRecord, gs *gatewayState, now time.Time) {
	rt := &ipsecRuntime{serverID: rec.IpsecServerId, region: rec.RegionId}
	s.runtime[rec.IpsecServerId] = rt
	rt.write(now, rec.Psk, cfgThread, "CFG", 0, "IPsec server created: %s", describeServer(rec))
	ready := gs.activeAt
	rt.write(ready, rec.Psk, cfgThread, "CFG", 0, "IPsec server ready: listening on %s[500] and %s[4500]",
		gs.g.InternetIP, gs.g.InternetIP)
	s.autoClients(rt, rec, gs, ready)
}

// autoClients connects Config.SimulatedClients plain clients (client-1, client-2, ...) at t.
func (s *Server) autoClients(rt *ipsecRuntime, rec *IpsecServerRecord, gs *gatewayState, t time.Time) {
	for i := 1; i <= s.cfg.SimulatedClients; i++ {
		s.negotiate(rt, rec, gs, ClientSim{Name: fmt.Sprintf("client-%d", i)}, rec.Psk, t)
	}
}

// serverUpdated logs a change and its effect on the clients: with EffectImmediately every client is torn
// down and renegotiates with the new settings (those that no longer match fail, with the line saying why);
// otherwise only the clients that no longer match are cut off.
func (s *Server) serverUpdated(old IpsecServerRecord, rec *IpsecServerRecord, gs *gatewayState, effect bool, now time.Time) {
	changes := configChanges(old, *rec)
	if len(changes) == 0 && !effect {
		return
	}
	rt := s.runtimeOf(rec)
	if len(changes) == 0 {
		changes = []string{"no setting changed"}
	}
	rt.write(now, rec.Psk, cfgThread, "CFG", 0, "IPsec server updated: %s", strings.Join(changes, ", "))
	clients := slices.Clone(rt.clients)
	if effect {
		if len(clients) > 0 {
			rt.write(now, rec.Psk, cfgThread, "IKE", 0, "EffectImmediately: renegotiating %d IKE_SA(s) with the new configuration", len(clients))
		}
		for _, c := range clients {
			s.teardown(rt, rec, gs, c, now, "renegotiating with the new configuration (EffectImmediately)")
			s.negotiate(rt, rec, gs, c.sim(), old.Psk, now) // the client still has the key it connected with
		}
		return
	}
	for _, c := range clients {
		if why := noLongerMatches(c, old, *rec); why != "" {
			s.teardown(rt, rec, gs, c, now, "configuration changed: %s", why)
		}
	}
}

// serverDeleted cuts every client off; the log stays readable until the gateway is active again.
func (s *Server) serverDeleted(rec *IpsecServerRecord, gs *gatewayState, now time.Time) {
	rt := s.runtimeOf(rec)
	for _, c := range slices.Clone(rt.clients) {
		s.teardown(rt, rec, gs, c, now, "IPsec server deleted")
	}
	rt.write(now, rec.Psk, cfgThread, "CFG", 0, "IPsec server deleted")
	rt.goneAt = gs.activeAt
	gone := *rec
	rt.deleted = &gone
}

// pruneRuntime forgets deleted servers whose logs are past reading. Callers hold s.mu for writing.
func (s *Server) pruneRuntime(now time.Time) {
	for id, rt := range s.runtime {
		if !rt.goneAt.IsZero() && !now.Before(rt.goneAt) {
			delete(s.runtime, id)
		}
	}
}

// sim is what the client offered when it connected.
func (c *simClient) sim() ClientSim {
	return ClientSim{Name: c.name, Identity: c.identity, ServerID: c.serverID, PublicIP: c.publicIP,
		IkeVersion: c.ikeVersion, IkeMode: c.ikeMode, Ike: c.ike, Esp: c.esp}
}

// noLongerMatches says why a connected client would not negotiate with the new settings, "" if it would.
func noLongerMatches(c *simClient, old, rec IpsecServerRecord) string {
	ike, ipsec := rec.IkeConfig, rec.IpsecConfig
	switch {
	case c.ikeVersion != ike.IkeVersion || (ike.IkeVersion == "ikev1" && c.ikeMode != ike.IkeMode):
		return "the peer offers " + versionMode(c.ikeVersion, c.ikeMode) + ", the server is now " + versionMode(ike.IkeVersion, ike.IkeMode)
	case !slices.Contains(c.ike, Proposal{ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs}):
		return "the peer did not offer the new " + ikeProposal(Proposal{ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs})
	case !slices.Contains(c.esp, Proposal{ipsec.IpsecEncAlg, ipsec.IpsecAuthAlg, ipsec.IpsecPfs}):
		return "the peer did not offer the new " + espProposal(Proposal{ipsec.IpsecEncAlg, ipsec.IpsecAuthAlg, ipsec.IpsecPfs})
	case identityMismatch(c, ike) != "":
		return "identity mismatch: " + identityMismatch(c, ike)
	case !rec.PskEnabled || old.Psk != rec.Psk:
		return "its pre-shared key no longer matches"
	case !virtualIPFits(c.virtualIP, mustPrefix(rec.ClientIpPool)):
		return "its virtual IP " + c.virtualIP + " is outside the new client pool " + rec.ClientIpPool
	}
	return ""
}

// describeServer is the settings line of a created server (never the key).
func describeServer(rec *IpsecServerRecord) string {
	ike, ipsec := rec.IkeConfig, rec.IpsecConfig
	remote := ike.RemoteId
	if remote == "" {
		remote = "any"
	}
	auth := "pre-shared key"
	if !rec.PskEnabled {
		auth = "IDaaS " + rec.IDaaSInstanceId
	}
	name := ""
	if rec.IpsecServerName != "" {
		name = fmt.Sprintf("name '%s', ", rec.IpsecServerName)
	}
	return fmt.Sprintf("%sLocalSubnet %s, ClientIpPool %s (%d clients), %s %s lifetime %ds, %s lifetime %ds, LocalId %s, RemoteId %s, %s authentication",
		name, rec.LocalSubnet, rec.ClientIpPool, poolCapacity(mustPrefix(rec.ClientIpPool)), versionMode(ike.IkeVersion, ike.IkeMode),
		ikeProposal(Proposal{ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs}), ike.IkeLifetime,
		espProposal(Proposal{ipsec.IpsecEncAlg, ipsec.IpsecAuthAlg, ipsec.IpsecPfs}), ipsec.IpsecLifetime, ike.LocalId, remote, auth)
}

// configChanges lists what an update changed, by the API's names (the key as "pre-shared key changed").
func configChanges(a, b IpsecServerRecord) []string {
	var out []string
	add := func(name, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s %q -> %q", name, x, y))
		}
	}
	add("IpsecServerName", a.IpsecServerName, b.IpsecServerName)
	add("LocalSubnet", a.LocalSubnet, b.LocalSubnet)
	add("ClientIpPool", a.ClientIpPool, b.ClientIpPool)
	if a.Psk != b.Psk {
		out = append(out, "pre-shared key changed")
	}
	add("PskEnabled", fmt.Sprint(a.PskEnabled), fmt.Sprint(b.PskEnabled))
	add("EffectImmediately", fmt.Sprint(a.EffectImmediately), fmt.Sprint(b.EffectImmediately))
	add("MultiFactorAuthEnabled", fmt.Sprint(a.MultiFactorAuthEnabled), fmt.Sprint(b.MultiFactorAuthEnabled))
	add("IDaaSInstanceId", a.IDaaSInstanceId, b.IDaaSInstanceId)
	ai, bi := a.IkeConfig, b.IkeConfig
	add("IkeVersion", ai.IkeVersion, bi.IkeVersion)
	add("IkeMode", ai.IkeMode, bi.IkeMode)
	add("IkeEncAlg", ai.IkeEncAlg, bi.IkeEncAlg)
	add("IkeAuthAlg", ai.IkeAuthAlg, bi.IkeAuthAlg)
	add("IkePfs", ai.IkePfs, bi.IkePfs)
	add("IkeLifetime", fmt.Sprint(ai.IkeLifetime), fmt.Sprint(bi.IkeLifetime))
	add("LocalId", ai.LocalId, bi.LocalId)
	add("RemoteId", ai.RemoteId, bi.RemoteId)
	ap, bp := a.IpsecConfig, b.IpsecConfig
	add("IpsecEncAlg", ap.IpsecEncAlg, bp.IpsecEncAlg)
	add("IpsecAuthAlg", ap.IpsecAuthAlg, bp.IpsecAuthAlg)
	add("IpsecPfs", ap.IpsecPfs, bp.IpsecPfs)
	add("IpsecLifetime", fmt.Sprint(ap.IpsecLifetime), fmt.Sprint(bp.IpsecLifetime))
	return out
}
