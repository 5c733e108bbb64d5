package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (w *Wizard) profileFields() []huh.Field {
	return []huh.Field{w.list(huh.NewSelect[string]().Key("Profile").
		Title("Security profile (IkeConfig, IpsecConfig)").
		Description("The algorithms both negotiation phases use; clients must use the same ones. Default: Recommended. "+
			"Service defaults sends nothing and the service applies IKEv2, AES-128, SHA-1, DH group 2, which are weak. "+
			"Custom shows two more pages.").
		Options(
			huh.NewOption("Recommended (IKEv2, AES-256, SHA-256, group 14)", ipsec.ProfileRecommended),
			huh.NewOption("Service defaults (AES-128, SHA-1, group 2: weak)", ProfileServiceDefaults),
			huh.NewOption("Custom (choose every value)", ipsec.ProfileCustom),
		).
		Value(&w.a.m.profile))}
}

func (w *Wizard) profileDone() tea.Cmd {
	a := w.a
	a.Profile = a.m.profile
	switch a.Profile {
	case ipsec.ProfileRecommended:
		ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
		a.Spec.IkeConfig, a.Spec.IpsecConfig = &ike, &phase2
	case ProfileServiceDefaults:
		a.Spec.IkeConfig, a.Spec.IpsecConfig = nil, nil
	case ipsec.ProfileCustom:
		// The IKE and IPsec pages fill them; until then nothing is sent.
		if a.Spec.IkeConfig != nil && *a.Spec.IkeConfig == ipsec.RecommendedIke() &&
			a.Spec.IpsecConfig != nil && *a.Spec.IpsecConfig == ipsec.RecommendedIpsec() {
			a.Spec.IkeConfig, a.Spec.IpsecConfig = nil, nil
		}
	}
	if a.Profile == ipsec.ProfileCustom && w.returnToReview {
		// Custom needs the two proposal pages before the review.
		return w.enter(PageIke, 0)
	}
	return w.advance()
}
