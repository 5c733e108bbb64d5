package forms

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/ipsecwiz/ipsecwiz/client"
)

func (w *Wizard) vpcCIDRs() []string { return w.data.vpcCIDRs(w.a.m.gatewayID) }

func (w *Wizard) subnetsFields() []huh.Field {
	m := &w.a.m
	ld := Info(FieldLocalSubnet).Description
	if vpc := w.vpcCIDRs(); len(vpc) > 0 {
		ld += " This gateway's VPC: " + strings.Join(vpc, ", ") + "."
	}
	local := huh.NewInput().Key(FieldLocalSubnet).
		Title(Title(FieldLocalSubnet)).
		Description(ld).
		Placeholder("172.16.0.0/16, 10.10.0.0/16").
		Value(&m.localSubnets).
		Validate(ValidateLocalSubnets)
	pool := huh.NewInput().Key(FieldClientIPPool).
		Title(Title(FieldClientIPPool)).
		Description(Info(FieldClientIPPool).Description).
		Placeholder("192.168.0.0/24").
		Value(&m.pool).
		Validate(func(s string) error {
			return ValidateClientIpPool(s, client.ParseCIDRList(m.localSubnets), w.vpcCIDRs())
		})
	return []huh.Field{local, pool}
}

func (w *Wizard) subnetsDone() tea.Cmd {
	m := &w.a.m
	local, err := CanonicalCIDRList(m.localSubnets)
	if err != nil {
		return w.refuse(err)
	}
	pool := strings.TrimSpace(m.pool)
	if err := ValidateClientIpPool(pool, local, w.vpcCIDRs()); err != nil {
		return w.refuse(err)
	}
	m.localSubnets = strings.Join(local, ", ")
	m.pool = pool
	w.a.Spec.LocalSubnet = local
	w.a.Spec.ClientIpPool = pool
	return w.advance()
}
