package forms

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// enumSelect is an inline select of the allowed values of field, weak ones
// marked.
func (w *Wizard) enumSelect(field string, value *string) huh.Field {
	ns := w.data.NationalStandard(w.a.m.gatewayID)
	var opts []huh.Option[string]
	for _, v := range ipsec.AllowedValues(field, ns) {
		label := v
		if ipsec.IsWeak(v) {
			label += " ⚠ weak"
		}
		if v == ipsec.Recommended(field) {
			label += " (recommended)"
		}
		opts = append(opts, huh.NewOption(label, v))
	}
	return huh.NewSelect[string]().Key(field).
		Title(ipsec.Title(field)).
		Description(ipsec.Info(field).Description + " ←/→ to change.").
		Options(opts...).
		Inline(true).
		Value(value).
		Validate(func(v string) error { return ipsec.ValidateEnum(field, v) })
}

func lifetimeInput(field string, value *string) huh.Field {
	return huh.NewInput().Key(field).
		Title(ipsec.Title(field)).
		Description(ipsec.Info(field).Description).
		Placeholder("86400").
		CharLimit(6).
		Value(value).
		Validate(func(s string) error { _, err := ipsec.ParseLifetime(field, s); return err })
}

func identityInput(field string, value *string) huh.Field {
	return huh.NewInput().Key(field).
		Title(ipsec.Title(field)).
		Description(ipsec.Info(field).Description).
		Placeholder("optional").
		Value(value).
		Validate(func(s string) error { return ipsec.ValidateIdentity(field, s) })
}

// ikeFields: the algorithms (sub 0), then the lifetime and identities (sub
// 1), so each part fits 80x24 without scrolling.
func (w *Wizard) ikeFields(sub int) []huh.Field {
	c := &w.a.m.ike
	if sub == 1 {
		return []huh.Field{
			lifetimeInput(ipsec.FieldIkeLifetime, &w.a.m.ikeLifetime),
			identityInput(ipsec.FieldLocalID, &c.LocalId),
			identityInput(ipsec.FieldRemoteID, &c.RemoteId),
		}
	}
	return []huh.Field{
		w.enumSelect(ipsec.FieldIkeVersion, &c.IkeVersion),
		w.enumSelect(ipsec.FieldIkeMode, &c.IkeMode),
		w.enumSelect(ipsec.FieldIkeEncAlg, &c.IkeEncAlg),
		w.enumSelect(ipsec.FieldIkeAuthAlg, &c.IkeAuthAlg),
		w.enumSelect(ipsec.FieldIkePfs, &c.IkePfs),
	}
}

func (w *Wizard) ikeDone() tea.Cmd {
	m := &w.a.m
	cfg := m.ike
	for _, f := range [][2]string{{ipsec.FieldIkeVersion, cfg.IkeVersion}, {ipsec.FieldIkeMode, cfg.IkeMode}, {ipsec.FieldIkeEncAlg, cfg.IkeEncAlg},
		{ipsec.FieldIkeAuthAlg, cfg.IkeAuthAlg}, {ipsec.FieldIkePfs, cfg.IkePfs}} {
		if err := ipsec.ValidateEnum(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	if w.sub == 0 {
		return w.enter(PageIke, 1)
	}
	n, err := ipsec.ParseLifetime(ipsec.FieldIkeLifetime, m.ikeLifetime)
	if err != nil {
		return w.refuse(err)
	}
	cfg.IkeLifetime = n
	for _, f := range [][2]string{{ipsec.FieldLocalID, cfg.LocalId}, {ipsec.FieldRemoteID, cfg.RemoteId}} {
		if err := ipsec.ValidateIdentity(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	m.ikeLifetime = strconv.Itoa(n)
	w.a.Spec.IkeConfig = &cfg
	return w.advance()
}
