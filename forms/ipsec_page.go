package forms

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (w *Wizard) ipsecFields() []huh.Field {
	c := &w.a.m.phase2
	return []huh.Field{
		w.enumSelect(ipsec.FieldIpsecEncAlg, &c.IpsecEncAlg),
		w.enumSelect(ipsec.FieldIpsecAuthAlg, &c.IpsecAuthAlg),
		w.enumSelect(ipsec.FieldIpsecPfs, &c.IpsecPfs),
		lifetimeInput(ipsec.FieldIpsecLifetime, &w.a.m.ipsecLifetime),
	}
}

func (w *Wizard) ipsecDone() tea.Cmd {
	m := &w.a.m
	n, err := ipsec.ParseLifetime(ipsec.FieldIpsecLifetime, m.ipsecLifetime)
	if err != nil {
		return w.refuse(err)
	}
	cfg := m.phase2
	cfg.IpsecLifetime = n
	for _, f := range [][2]string{{ipsec.FieldIpsecEncAlg, cfg.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, cfg.IpsecAuthAlg}, {ipsec.FieldIpsecPfs, cfg.IpsecPfs}} {
		if err := ipsec.ValidateEnum(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	m.ipsecLifetime = strconv.Itoa(n)
	w.a.Spec.IpsecConfig = &cfg
	return w.advance()
}
