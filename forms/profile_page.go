package forms

import (
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) profileFields() []Field {
	return []Field{{Key: "Profile", Kind: KindChoice, Title: "Security profile (IkeConfig, IpsecConfig)", Text: &s.a.m.profile,
		Description: "The algorithms both negotiation phases use; clients must use the same ones. Default: Recommended. " +
			"Service defaults sends nothing and the service applies IKEv2, AES-128, SHA-1, DH group 2, which are weak. " +
			"Custom shows two more pages.",
		Options: []Choice{
			{"Recommended (IKEv2, AES-256, SHA-256, group 14)", ipsec.ProfileRecommended},
			{"Service defaults (AES-128, SHA-1, group 2: weak)", ipsec.ProfileServiceDefault},
			{"Custom (choose every value)", ipsec.ProfileCustom},
		}}}
}

func (s *session) profileDone() step {
	a := s.a
	a.Profile = a.m.profile
	switch a.Profile {
	case ipsec.ProfileRecommended, ipsec.ProfileServiceDefault:
		ipsec.ApplyProfile(&a.Spec, a.Profile)
	case ipsec.ProfileCustom:
		// The IKE and IPsec pages fill them; until then nothing is sent.
		if ipsec.ProfileOf(a.Spec) == ipsec.ProfileRecommended {
			a.Spec.IkeConfig, a.Spec.IpsecConfig = nil, nil
		}
		if s.returnToReview {
			// Custom needs the two proposal pages before the review.
			return step{kind: stepEdit, page: PageIke}
		}
	}
	return next()
}
