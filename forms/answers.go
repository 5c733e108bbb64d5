package forms

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Security profiles.
const (
	ProfileRecommended     = "recommended"
	ProfileServiceDefaults = "service-defaults"
	ProfileCustom          = "custom"
)

// Pre-shared key modes.
const (
	PskService  = "service"  // Alibaba Cloud generates it (Psk empty)
	PskGenerate = "generate" // GeneratePsk made it here
	PskTyped    = "typed"    // the user typed it (twice)
)

// Answers is the state the pages edit. Spec is the request as far as it has
// been answered with valid values; the pages edit string mirrors of it and
// write them back when a page is completed, so an invalid value being typed
// never reaches Spec.
//
// The host pre-fills Answers from flags or an answers file: set Spec, and
// Profile/PskMode when known (NewAnswers derives them where it can). Pages
// whose answers are complete and valid are skipped at the start.
type Answers struct {
	Spec       ipsec.ServerSpec
	Profile    string       // ProfileRecommended, ProfileServiceDefaults, ProfileCustom; "" not chosen
	PskMode    string       // PskService, PskGenerate, PskTyped; "" not chosen
	PskConfirm ipsec.Secret // the second entry of a typed key

	loaded bool
	m      mirrors
}

// mirrors are the values the huh fields are bound to.
type mirrors struct {
	region, gatewayChoice, gatewayID string
	localSubnets, pool               string
	profile                          string
	ike                              ipsec.IkeConfig
	ikeLifetime                      string
	phase2                           ipsec.IpsecConfig
	ipsecLifetime                    string
	pskMode, psk, pskConfirm         string
	name                             string
	effect, dryRun                   bool
	reviewAction, editSection        string
}

// NewAnswers wraps spec, deriving Profile (both proposals nil: not chosen;
// both the recommended ones: recommended; otherwise custom) and PskMode (a
// key present: typed).
func NewAnswers(spec ipsec.ServerSpec) *Answers {
	a := &Answers{Spec: spec.Clone()}
	switch {
	case spec.IkeConfig == nil && spec.IpsecConfig == nil:
	case spec.IkeConfig != nil && spec.IpsecConfig != nil &&
		*spec.IkeConfig == ipsec.RecommendedIke() && *spec.IpsecConfig == ipsec.RecommendedIpsec():
		a.Profile = ProfileRecommended
	default:
		a.Profile = ProfileCustom
	}
	if spec.Psk != "" {
		a.PskMode = PskTyped
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
	if s.Psk != "" || a.PskMode == "" {
		// PskEnabled is the API's only valid value for a PSK server.
		s.PskEnabled = true
	}
	a.m.region = s.RegionId
	a.m.gatewayID = s.VpnGatewayId
	a.m.localSubnets = strings.Join(s.LocalSubnet, ", ")
	a.m.pool = s.ClientIpPool
	a.m.profile = a.Profile
	if a.m.profile == "" {
		a.m.profile = ProfileRecommended
	}
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
	a.m.pskMode = a.PskMode
	if a.m.pskMode == "" {
		a.m.pskMode = PskGenerate
	}
	if a.PskMode == PskTyped {
		a.m.psk = s.Psk.Reveal()
		a.m.pskConfirm = a.PskConfirm.Reveal()
	}
	a.m.name = s.IpSecServerName
	a.m.effect = s.EffectImmediately
	a.m.dryRun = s.DryRun
}

// Complete reports whether page p has a valid answer in Spec.
func (a *Answers) Complete(p Page, data ipsec.Facts) bool {
	s := a.Spec
	switch p {
	case PageGateway:
		if ipsec.ValidateRegion(s.RegionId, data.Regions) != nil || ipsec.ValidateGatewayID(s.VpnGatewayId) != nil {
			return false
		}
		d := data.Details
		return d != nil && d.Gateway.VpnGatewayId == s.VpnGatewayId && ipsec.GatewayEligibility(d.Gateway, d) == nil
	case PageSubnets:
		return ipsec.ValidateLocalSubnets(s.LocalSubnet.String()) == nil && ipsec.ValidateClientIpPool(s.ClientIpPool, s.LocalSubnet, data.VpcCIDRs(s.VpnGatewayId)) == nil
	case PageProfile:
		return slices.Contains([]string{ProfileRecommended, ProfileServiceDefaults, ProfileCustom}, a.Profile)
	case PageIke:
		return a.Profile != ProfileCustom || (s.IkeConfig != nil && proposalValid(s.IkeConfig, nil, data))
	case PageIpsec:
		return a.Profile != ProfileCustom || (s.IpsecConfig != nil && proposalValid(nil, s.IpsecConfig, data))
	case PageAuth:
		switch a.PskMode {
		case PskService:
			return s.Psk == ""
		case PskGenerate:
			return ipsec.ValidatePsk(s.Psk.Reveal()) == nil
		case PskTyped:
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
func proposalValid(ike *ipsec.IkeConfig, phase2 *ipsec.IpsecConfig, data ipsec.Facts) bool {
	probe := ipsec.ServerSpec{RegionId: "x", VpnGatewayId: "vpn-x", LocalSubnet: ipsec.CIDRList{"10.0.0.0/8"},
		ClientIpPool: "192.168.0.0/24", PskEnabled: true, IkeConfig: ike, IpsecConfig: phase2}
	return len(ipsec.ValidateSpec(probe, ipsec.Facts{Details: data.Details})) == 0
}

// FirstIncompletePage is the first page that still needs an answer
// (PageReview when every page is complete): where the wizard starts.
func (a *Answers) FirstIncompletePage(data ipsec.Facts) Page {
	for p := PageGateway; p < PageReview; p++ {
		if !a.Complete(p, data) {
			return p
		}
	}
	return PageReview
}
