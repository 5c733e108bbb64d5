package ipsec

import (
	"encoding/json"
	"strconv"
	"strings"
)

// SpecFromServer is the spec that describes an existing server as
// ListIpsecServers reads it: its settings, its key (as read back), and its
// proposals as they stand (the service fills every member). Sending it
// unchanged with UpdateIpsecServer changes nothing.
func SpecFromServer(s Server) ServerSpec {
	ike, phase2 := s.IkeConfig, s.IpsecConfig
	return ServerSpec{
		RegionId: s.RegionId, VpnGatewayId: s.VpnGatewayId, LocalSubnet: append(CIDRList(nil), s.LocalSubnet...),
		ClientIpPool: s.ClientIpPool, IpSecServerName: s.IpsecServerName, EffectImmediately: s.EffectImmediately,
		IkeConfig: &ike, IpsecConfig: &phase2, PskEnabled: s.PskEnabled, Psk: s.Psk,
	}
}

// Change is one field that differs between two specs. Old and New are as a
// person reads them; a key's values are masked.
type Change struct {
	Field string `json:"field"` // the API name, e.g. "ClientIpPool"
	Label string `json:"label"` // the plain name
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Diff lists, field by field in review order, what after changes in
// before. Proposals are compared as they take effect (nil is the
// service's default), so sending the defaults explicitly is no change. A
// changed key shows as "********" on both sides.
func Diff(before, after ServerSpec) []Change {
	var out []Change
	add := func(field, old, new string) {
		if old != new {
			out = append(out, Change{Field: field, Label: Label(field), Old: old, New: new})
		}
	}
	add(FieldName, before.IpSecServerName, after.IpSecServerName)
	add(FieldLocalSubnet, strings.Join(before.LocalSubnet, ", "), strings.Join(after.LocalSubnet, ", "))
	add(FieldClientIPPool, before.ClientIpPool, after.ClientIpPool)
	bi, ai := before.EffectiveIke(), after.EffectiveIke()
	add(FieldIkeVersion, bi.IkeVersion, ai.IkeVersion)
	add(FieldIkeMode, bi.IkeMode, ai.IkeMode)
	add(FieldIkeEncAlg, bi.IkeEncAlg, ai.IkeEncAlg)
	add(FieldIkeAuthAlg, bi.IkeAuthAlg, ai.IkeAuthAlg)
	add(FieldIkePfs, bi.IkePfs, ai.IkePfs)
	add(FieldIkeLifetime, strconv.Itoa(bi.IkeLifetime), strconv.Itoa(ai.IkeLifetime))
	add(FieldLocalID, bi.LocalId, ai.LocalId)
	add(FieldRemoteID, bi.RemoteId, ai.RemoteId)
	bp, ap := before.EffectiveIpsec(), after.EffectiveIpsec()
	add(FieldIpsecEncAlg, bp.IpsecEncAlg, ap.IpsecEncAlg)
	add(FieldIpsecAuthAlg, bp.IpsecAuthAlg, ap.IpsecAuthAlg)
	add(FieldIpsecPfs, bp.IpsecPfs, ap.IpsecPfs)
	add(FieldIpsecLifetime, strconv.Itoa(bp.IpsecLifetime), strconv.Itoa(ap.IpsecLifetime))
	if before.Psk != after.Psk && after.Psk != "" {
		out = append(out, Change{Field: FieldPsk, Label: Label(FieldPsk), Old: before.Psk.String(), New: after.Psk.String() + " (a new key)"})
	}
	add(FieldEffectImmediately, strconv.FormatBool(before.EffectImmediately), strconv.FormatBool(after.EffectImmediately))
	return out
}

// NameOnly reports whether changes touch the name alone: UpdateIpsecServer
// then applies them at once, without the gateway going updating.
func NameOnly(changes []Change) bool {
	for _, c := range changes {
		if c.Field != FieldName {
			return false
		}
	}
	return len(changes) > 0
}

// Impacts says in plain words what changes do to the VPN clients already
// set up, most disruptive first; effectImmediately tears the tunnels down
// at once.
func Impacts(changes []Change, effectImmediately bool) []string {
	has := map[string]bool{}
	for _, c := range changes {
		has[c.Field] = true
	}
	var out []string
	if has[FieldPsk] {
		out = append(out, "a new pre-shared key: every client needs it before it can connect again")
	}
	proposals := false
	for _, f := range []string{FieldIkeVersion, FieldIkeMode, FieldIkeEncAlg, FieldIkeAuthAlg, FieldIkePfs, FieldIkeLifetime,
		FieldLocalID, FieldRemoteID, FieldIpsecEncAlg, FieldIpsecAuthAlg, FieldIpsecPfs, FieldIpsecLifetime} {
		proposals = proposals || has[f]
	}
	if proposals {
		out = append(out, "new proposals or identities: clients renegotiate, and each client's configuration must match them")
	}
	if has[FieldClientIPPool] {
		out = append(out, "a new client IP pool: clients renegotiate and get addresses from the new pool")
	}
	if has[FieldLocalSubnet] {
		out = append(out, "new local subnets: clients renegotiate their routes (their configurations list the subnets)")
	}
	if effectImmediately {
		out = append(out, "EffectImmediately: the tunnels are torn down now and renegotiated")
	}
	return out
}

// Param is one parameter of a request, under the API's name. The Psk
// parameter carries the key itself (Secret): renderers put a placeholder
// there, and printing a Param never shows it.
type Param struct {
	Name, Value string
	Secret      bool
}

func (p Param) String() string {
	if p.Secret {
		return p.Name + "=" + Secret(p.Value).String()
	}
	return p.Name + "=" + p.Value
}

// GoString keeps %#v from printing the key.
func (p Param) GoString() string { return "ipsec.Param{" + p.String() + "}" }

// UpdateParams are the parameters UpdateIpsecServer needs to turn before
// into after, besides RegionId, IpsecServerId, ClientToken and DryRun: only
// what changes, whole proposals when any of their members changes.
// effectImmediately asks for the tunnels to renegotiate now.
func UpdateParams(before Server, after ServerSpec, effectImmediately bool) []Param {
	was := SpecFromServer(before)
	var out []Param
	for _, c := range Diff(was, after) {
		switch c.Field {
		case FieldName:
			out = append(out, Param{Name: "IpsecServerName", Value: after.IpSecServerName})
		case FieldLocalSubnet:
			out = append(out, Param{Name: "LocalSubnet", Value: after.LocalSubnet.String()})
		case FieldClientIPPool:
			out = append(out, Param{Name: "ClientIpPool", Value: after.ClientIpPool})
		case FieldPsk:
			out = append(out, Param{Name: "Psk", Value: after.Psk.Reveal(), Secret: true}, Param{Name: "PskEnabled", Value: "true"})
		}
	}
	if ike := after.EffectiveIke(); ike != was.EffectiveIke() {
		out = append(out, Param{Name: "IkeConfig", Value: proposalJSON(ike)})
	}
	if p2 := after.EffectiveIpsec(); p2 != was.EffectiveIpsec() {
		out = append(out, Param{Name: "IpsecConfig", Value: proposalJSON(p2)})
	}
	if effectImmediately || after.EffectImmediately != was.EffectImmediately {
		out = append(out, Param{Name: "EffectImmediately", Value: strconv.FormatBool(effectImmediately || after.EffectImmediately)})
	}
	return out
}

func proposalJSON(v any) string {
	b, _ := json.Marshal(v) // plain structs of strings and ints: cannot fail
	return string(b)
}
