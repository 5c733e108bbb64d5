package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

func (w *Wizard) optionsFields() []huh.Field {
	m := &w.a.m
	return []huh.Field{
		huh.NewInput().Key(FieldName).
			Title(Title(FieldName)).
			Description(Info(FieldName).Description).
			Placeholder("office-vpn").
			CharLimit(100).
			Value(&m.name).
			Validate(ValidateName),
		huh.NewConfirm().Key(FieldEffectImmediately).
			Title(Title(FieldEffectImmediately)).
			Description(Info(FieldEffectImmediately).Description).
			Affirmative("Yes, now").
			Negative("No, on traffic").
			Value(&m.effect),
		huh.NewConfirm().Key(FieldDryRun).
			Title(Title(FieldDryRun)).
			Description(Info(FieldDryRun).Description).
			Affirmative("Yes, check only").
			Negative("No, create").
			Value(&m.dryRun),
	}
}

func (w *Wizard) optionsDone() tea.Cmd {
	m := &w.a.m
	if err := ValidateName(m.name); err != nil {
		return w.refuse(err)
	}
	w.a.Spec.IpSecServerName = m.name
	w.a.Spec.EffectImmediately = m.effect
	w.a.Spec.DryRun = m.dryRun
	return w.advance()
}
