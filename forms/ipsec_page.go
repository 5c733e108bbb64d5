package forms

import (
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

func (w *Wizard) ipsecFields() []huh.Field {
	c := &w.a.m.ipsec
	return []huh.Field{
		w.enumSelect(FieldIpsecEncAlg, &c.IpsecEncAlg),
		w.enumSelect(FieldIpsecAuthAlg, &c.IpsecAuthAlg),
		w.enumSelect(FieldIpsecPfs, &c.IpsecPfs),
		lifetimeInput(FieldIpsecLifetime, &w.a.m.ipsecLifetime),
	}
}

func (w *Wizard) ipsecDone() tea.Cmd {
	m := &w.a.m
	n, err := ParseLifetime(FieldIpsecLifetime, m.ipsecLifetime)
	if err != nil {
		return w.refuse(err)
	}
	cfg := m.ipsec
	cfg.IpsecLifetime = n
	for _, f := range [][2]string{{FieldIpsecEncAlg, cfg.IpsecEncAlg}, {FieldIpsecAuthAlg, cfg.IpsecAuthAlg}, {FieldIpsecPfs, cfg.IpsecPfs}} {
		if err := ValidateEnum(f[0], f[1]); err != nil {
			return w.refuse(err)
		}
	}
	m.ipsecLifetime = strconv.Itoa(n)
	w.a.Spec.IpsecConfig = &cfg
	return w.advance()
}
