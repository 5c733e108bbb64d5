package forms

import (
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) optionsFields() []Field {
	m := &s.a.m
	return []Field{
		{Key: ipsec.FieldName, Kind: KindText, Title: ipsec.Title(ipsec.FieldName), Description: ipsec.Info(ipsec.FieldName).Description,
			Placeholder: "office-vpn", CharLimit: 100, Text: &m.name, Validate: ipsec.ValidateName},
		{Key: ipsec.FieldEffectImmediately, Kind: KindYesNo, Title: ipsec.Title(ipsec.FieldEffectImmediately),
			Description: ipsec.Info(ipsec.FieldEffectImmediately).Description, Yes: "Yes, now", No: "No, on traffic", Bool: &m.effect},
		{Key: ipsec.FieldDryRun, Kind: KindYesNo, Title: ipsec.Title(ipsec.FieldDryRun),
			Description: ipsec.Info(ipsec.FieldDryRun).Description, Yes: "Yes, check only", No: "No, create", Bool: &m.dryRun},
	}
}

func (s *session) optionsDone() step {
	m := &s.a.m
	if err := ipsec.ValidateName(m.name); err != nil {
		return refuse(err)
	}
	if d := s.facts.Details; d == nil || m.name != autoName(d.Gateway) {
		s.a.nameAuto = false // edited: it no longer follows the gateway
	}
	s.a.Spec.IpSecServerName = m.name
	s.a.Spec.EffectImmediately = m.effect
	s.a.Spec.DryRun = m.dryRun
	return next()
}
