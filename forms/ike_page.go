package forms

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// enumSelect is an inline select of the allowed values of field, weak ones
// marked.
func (w *Wizard) enumSelect(field string, value *string) huh.Field {
	ns := w.data.nationalStandard(w.a.m.gatewayID)
	var opts []huh.Option[string]
	for _, v := range AllowedValues(field, ns) {
		label := v
		if IsWeak(v) {
			label += " ⚠ weak"
		}
		if v == Recommended(field) {
			label += " (recommended)"
		}
		opts = append(opts, huh.NewOption(label, v))
	}
	return huh.NewSelect[string]().Key(field).
		Title(Title(field)).
		Description(Info(field).Description + " ←/→ to change.").
		Options(opts...).
		Inline(true).
		Value(value).
		Validate(func(v string) error { return ValidateEnum(field, v) })
}

func lifetimeInput(field string, value *string) huh.Field {
	return huh.NewInput().Key(field).
		Title(Title(field)).
		Description(Info(field).Description).
		Placeholder("86400").
		CharLimit(6).
		Value(value).
		Validate(func(s string) error { _, err := ParseLifetime(field, s); return err })
}

func identityInput(field string, value *string) huh.Field {
	return huh.NewInput().Key(field).
		Title(Title(field)).
		Description(Info(field).Description).
		Placeholder("optional").
		Value(value).
		Validate(func(s string) error { return ValidateIdentity(field, s) })
}

// ikeFields: the algorithms (sub 0), then the lifetime and identities (sub
// 1), so each part fits 80x24 without scrolling.
func (w *Wizard) ikeFields(sub int) []huh.Field {
	c := &w.a.m.ike
	if sub == 1 {
		return []huh.Field{
			lifetimeInput(FieldIkeLifetime, &w.a.m.ikeLifetime),
			identityInput(FieldLocalID, &c.LocalId),
			identityInput(FieldRemoteID, &c.RemoteId),
		}
	}
	return []huh.Field{
		w.enumSelect(FieldIkeVersion, &c.IkeVersion),
		w.enumSelect(FieldIkeMode, &c.IkeMode),
		w.enumSelect(FieldIkeEncAlg, &c.IkeEncAlg),
		w.enumSelect(FieldIkeAuthAlg, &c.IkeAuthAlg),
		w.enumSelect(FieldIkePfs, &c.IkePfs),
	}
}

func (w *Wizard) ikeDone() tea.Cmd {
	m := &w.a.m
	cfg := m.ike
	for _, f := range [][2]string{{FieldIkeVersion, cfg.IkeVersion}, {FieldIkeMode, cfg.IkeMode}, {FieldIkeEncAlg, cfg.IkeEncAlg},
		{FieldIkeAuthAlg, cfg.IkeAuthAlg}, {FieldIkePfs, cfg.IkePfs}} {
		if err := ValidateEnum(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	if w.sub == 0 {
		return w.enter(PageIke, 1)
	}
	n, err := ParseLifetime(FieldIkeLifetime, m.ikeLifetime)
	if err != nil {
		return w.refuse(err)
	}
	cfg.IkeLifetime = n
	for _, f := range [][2]string{{FieldLocalID, cfg.LocalId}, {FieldRemoteID, cfg.RemoteId}} {
		if err := ValidateIdentity(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	m.ikeLifetime = strconv.Itoa(n)
	w.a.Spec.IkeConfig = &cfg
	return w.advance()
}
