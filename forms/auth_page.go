package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (w *Wizard) authFields(sub int) []huh.Field {
	m := &w.a.m
	if sub == 1 {
		return []huh.Field{
			huh.NewInput().Key(ipsec.FieldPsk).
				Title(ipsec.Title(ipsec.FieldPsk)).
				Description("1 to 100 printable ASCII characters; it is masked. Every client needs the same key. Example: a random 24-character key.").
				EchoMode(huh.EchoModePassword).
				Value(&m.psk).
				Validate(ipsec.ValidatePsk),
			huh.NewInput().Key("PskConfirm").
				Title("Pre-shared key, again (Psk)").
				Description("Type the same key again, to be sure of it.").
				EchoMode(huh.EchoModePassword).
				Value(&m.pskConfirm).
				Validate(func(s string) error { return ipsec.ValidatePskConfirm(m.psk, s) }),
		}
	}
	return []huh.Field{w.list(huh.NewSelect[string]().Key("PskMode").
		Title("Pre-shared key (Psk)").
		Description("The secret the server and every client share. Default: generate a strong one here "+
			"(24 random characters, shown once after creation). Alibaba Cloud's own key has 16 characters; "+
			"read it later with ListIpsecServers.").
		Options(
			huh.NewOption("Generate a strong key here (24 characters)", PskGenerate),
			huh.NewOption("Let Alibaba Cloud generate it (16 characters)", PskService),
			huh.NewOption("Type one (masked, twice)", PskTyped),
		).
		Value(&m.pskMode))}
}

func (w *Wizard) authDone() tea.Cmd {
	a, m := w.a, &w.a.m
	if w.sub == 1 {
		if err := ipsec.ValidatePsk(m.psk); err != nil {
			return w.refuse(err)
		}
		if err := ipsec.ValidatePskConfirm(m.psk, m.pskConfirm); err != nil {
			return w.refuse(err)
		}
		a.PskMode = PskTyped
		a.Spec.Psk = ipsec.Secret(m.psk)
		a.PskConfirm = ipsec.Secret(m.pskConfirm)
		a.Spec.PskEnabled = true
		return w.advance()
	}
	switch m.pskMode {
	case PskTyped:
		return w.enter(PageAuth, 1)
	case PskService:
		a.Spec.Psk, a.PskConfirm = "", ""
	case PskGenerate:
		if a.PskMode != PskGenerate || ipsec.ValidatePsk(a.Spec.Psk.Reveal()) != nil {
			k, err := ipsec.GeneratePsk()
			if err != nil {
				return w.refuse(err)
			}
			a.Spec.Psk, a.PskConfirm = k, k
		}
	}
	a.PskMode = m.pskMode
	a.Spec.PskEnabled = true
	return w.advance()
}
