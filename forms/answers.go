package forms

import (
	"strconv"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Answers is the state the pages edit. Spec is the request as far as it has
// been answered with valid values; the fields edit string mirrors of it and
// a completed part writes them back, so a value still being typed never
// reaches Spec.
//
// The host pre-fills Answers from flags or an answers file: set Spec, and
// Profile/KeySource when known (NewAnswers derives them where it can).
// Pages whose answers are complete and valid are skipped at the start.
type Answers struct {
	Spec       ipsec.ServerSpec
	Profile    string          // ipsec.Profile*; "" not chosen yet
	KeySource  ipsec.KeySource // "" not chosen yet
	PskConfirm ipsec.Secret    // the second entry of a typed key

	loaded   bool
	nameAuto bool // the name is the one derived from the gateway: it follows the gateway until edited
	m        mirrors
}

// mirrors are the values the fields are bound to.
type mirrors struct {
	region, gatewayChoice, gatewayID string
	localSubnets, pool               string
	profile                          string
	ike                              ipsec.IkeConfig
	ikeLifetime                      string
	phase2                           ipsec.IpsecConfig
	ipsecLifetime                    string
	keyChoice, psk, pskConfirm       string
	name                             string
	effect, dryRun                   bool
	reviewAction, editSection        string
	serverAction, busyAction         string
}

// NewAnswers wraps spec, deriving Profile (no proposals: not chosen;
// exactly the recommended ones: recommended; otherwise custom) and KeySource
// (a key present: provided).
func NewAnswers(spec ipsec.ServerSpec) *Answers {
	a := &Answers{Spec: spec.Clone()}
	if spec.IkeConfig != nil || spec.IpsecConfig != nil {
		a.Profile = ipsec.ProfileOf(spec)
	}
	if spec.Psk != "" {
		a.KeySource = ipsec.KeyProvided
		a.PskConfirm = spec.Psk
	}
	return a
}

// load fills the mirrors from Spec (once).
func (a *Answers) load() {
	if a.loaded {
		return
	}
	a.loaded = true
	s := &a.Spec
	if s.RegionId == "" {
		s.RegionId = ipsec.DefaultRegion
	}
	if s.Psk != "" || a.KeySource == "" {
		// PskEnabled is the API's only valid value for a PSK server.
		s.PskEnabled = true
	}
	a.m.region = s.RegionId
	a.m.gatewayID = s.VpnGatewayId
	a.m.localSubnets = strings.Join(s.LocalSubnet, ", ")
	a.m.pool = s.ClientIpPool
	a.m.profile = cmpOr(a.Profile, ipsec.ProfileRecommended)
	a.m.ike = ipsec.RecommendedIke()
	if s.IkeConfig != nil {
		a.m.ike = *s.IkeConfig
	}
	a.m.phase2 = ipsec.RecommendedIpsec()
	if s.IpsecConfig != nil {
		a.m.phase2 = *s.IpsecConfig
	}
	a.m.ikeLifetime = strconv.Itoa(a.m.ike.IkeLifetime)
	a.m.ipsecLifetime = strconv.Itoa(a.m.phase2.IpsecLifetime)
	a.m.keyChoice = string(a.KeySource)
	if a.m.keyChoice == "" {
		a.m.keyChoice = string(ipsec.KeyGenerated)
	}
	if a.KeySource == ipsec.KeyProvided {
		a.m.psk = s.Psk.Reveal()
		a.m.pskConfirm = a.PskConfirm.Reveal()
	}
	a.m.name = s.IpSecServerName
	a.nameAuto = s.IpSecServerName == ""
	a.m.effect = s.EffectImmediately
	a.m.dryRun = s.DryRun
}

// Complete reports whether page p has a valid answer in Spec.
func (a *Answers) Complete(p Page, facts ipsec.Facts) bool {
	s := a.Spec
	switch p {
	case PageGateway:
		if ipsec.ValidateRegion(s.RegionId, facts.Regions) != nil || ipsec.ValidateGatewayID(s.VpnGatewayId) != nil {
			return false
		}
		d := facts.Details
		return d != nil && d.Gateway.VpnGatewayId == s.VpnGatewayId && ipsec.GatewayEligibility(d.Gateway, d) == nil
	case PageSubnets:
		return ipsec.ValidateLocalSubnets(s.LocalSubnet.String()) == nil &&
			ipsec.ValidateClientIpPool(s.ClientIpPool, s.LocalSubnet, facts.PoolAvoid(s.VpnGatewayId)) == nil
	case PageProfile:
		switch a.Profile {
		case ipsec.ProfileRecommended, ipsec.ProfileServiceDefault, ipsec.ProfileCustom:
			return true
		}
		return false
	case PageIke:
		return a.Profile != ipsec.ProfileCustom || (s.IkeConfig != nil && proposalValid(s.IkeConfig, nil, facts))
	case PageIpsec:
		return a.Profile != ipsec.ProfileCustom || (s.IpsecConfig != nil && proposalValid(nil, s.IpsecConfig, facts))
	case PageAuth:
		switch a.KeySource {
		case ipsec.KeyService:
			return s.Psk == ""
		case ipsec.KeyGenerated:
			return ipsec.ValidatePsk(s.Psk.Reveal()) == nil
		case ipsec.KeyProvided:
			return ipsec.ValidatePsk(s.Psk.Reveal()) == nil && a.PskConfirm == s.Psk
		}
		return false
	case PageOptions:
		return ipsec.ValidateName(s.IpSecServerName) == nil
	}
	return false
}

// proposalValid reports whether ValidateSpec accepts the given proposal in
// an otherwise valid spec.
func proposalValid(ike *ipsec.IkeConfig, phase2 *ipsec.IpsecConfig, facts ipsec.Facts) bool {
	probe := ipsec.ServerSpec{RegionId: "x", VpnGatewayId: "vpn-x", LocalSubnet: ipsec.CIDRList{"10.0.0.0/8"},
		ClientIpPool: "192.168.0.0/24", PskEnabled: true, IkeConfig: ike, IpsecConfig: phase2}
	return len(ipsec.ValidateSpec(probe, ipsec.Facts{Details: facts.Details})) == 0
}

// FirstIncompletePage is the first page that still needs an answer
// (PageReview when every page is complete): where the wizard starts.
func (a *Answers) FirstIncompletePage(facts ipsec.Facts) Page {
	for p := PageGateway; p < PageReview; p++ {
		if !a.Complete(p, facts) {
			return p
		}
	}
	return PageReview
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
