package forms

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (w *Wizard) vpcCIDRs() []string { return w.data.VpcCIDRs(w.a.m.gatewayID) }

func (w *Wizard) subnetsFields() []huh.Field {
	m := &w.a.m
	ld := ipsec.Info(ipsec.FieldLocalSubnet).Description
	if vpc := w.vpcCIDRs(); len(vpc) > 0 {
		ld += " This gateway's VPC: " + strings.Join(vpc, ", ") + "."
	}
	local := huh.NewInput().Key(ipsec.FieldLocalSubnet).
		Title(ipsec.Title(ipsec.FieldLocalSubnet)).
		Description(ld).
		Placeholder("172.16.0.0/16, 10.10.0.0/16").
		Value(&m.localSubnets).
		Validate(ipsec.ValidateLocalSubnets)
	pool := huh.NewInput().Key(ipsec.FieldClientIPPool).
		Title(ipsec.Title(ipsec.FieldClientIPPool)).
		Description(ipsec.Info(ipsec.FieldClientIPPool).Description).
		Placeholder("192.168.0.0/24").
		Value(&m.pool).
		Validate(func(s string) error {
			return ipsec.ValidateClientIpPool(s, ipsec.SplitCIDRList(m.localSubnets), w.vpcCIDRs())
		})
	return []huh.Field{local, pool}
}

func (w *Wizard) subnetsDone() tea.Cmd {
	m := &w.a.m
	local, err := ipsec.CanonicalCIDRList(m.localSubnets)
	if err != nil {
		return w.refuse(err)
	}
	pool := strings.TrimSpace(m.pool)
	if err := ipsec.ValidateClientIpPool(pool, local, w.vpcCIDRs()); err != nil {
		return w.refuse(err)
	}
	m.localSubnets = strings.Join(local, ", ")
	m.pool = pool
	w.a.Spec.LocalSubnet = local
	w.a.Spec.ClientIpPool = pool
	return w.advance()
}
