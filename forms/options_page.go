package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (w *Wizard) optionsFields() []huh.Field {
	m := &w.a.m
	return []huh.Field{
		huh.NewInput().Key(ipsec.FieldName).
			Title(ipsec.Title(ipsec.FieldName)).
			Description(ipsec.Info(ipsec.FieldName).Description).
			Placeholder("office-vpn").
			CharLimit(100).
			Value(&m.name).
			Validate(ipsec.ValidateName),
		huh.NewConfirm().Key(ipsec.FieldEffectImmediately).
			Title(ipsec.Title(ipsec.FieldEffectImmediately)).
			Description(ipsec.Info(ipsec.FieldEffectImmediately).Description).
			Affirmative("Yes, now").
			Negative("No, on traffic").
			Value(&m.effect),
		huh.NewConfirm().Key(ipsec.FieldDryRun).
			Title(ipsec.Title(ipsec.FieldDryRun)).
			Description(ipsec.Info(ipsec.FieldDryRun).Description).
			Affirmative("Yes, check only").
			Negative("No, create").
			Value(&m.dryRun),
	}
}

func (w *Wizard) optionsDone() tea.Cmd {
	m := &w.a.m
	if err := ipsec.ValidateName(m.name); err != nil {
		return w.refuse(err)
	}
	w.a.Spec.IpSecServerName = m.name
	w.a.Spec.EffectImmediately = m.effect
	w.a.Spec.DryRun = m.dryRun
	return w.advance()
}
