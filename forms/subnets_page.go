package forms

import (
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) vpcCIDRs() []string { return s.facts.VpcCIDRs(s.a.m.gatewayID) }

func (s *session) subnetsFields() []Field {
	m := &s.a.m
	ld := ipsec.Info(ipsec.FieldLocalSubnet).Description
	if vpc := s.vpcCIDRs(); len(vpc) > 0 {
		ld += " This gateway's VPC: " + strings.Join(vpc, ", ") + "."
	}
	return []Field{
		{Key: ipsec.FieldLocalSubnet, Kind: KindText, Title: ipsec.Title(ipsec.FieldLocalSubnet), Description: ld,
			Placeholder: "172.16.0.0/16, 10.10.0.0/16", Text: &m.localSubnets, Validate: ipsec.ValidateLocalSubnets},
		{Key: ipsec.FieldClientIPPool, Kind: KindText, Title: ipsec.Title(ipsec.FieldClientIPPool),
			Description: ipsec.Info(ipsec.FieldClientIPPool).Description, Placeholder: "192.168.0.0/24", Text: &m.pool,
			Validate: func(v string) error {
				return ipsec.ValidateClientIpPool(v, ipsec.SplitCIDRList(m.localSubnets), s.vpcCIDRs())
			},
			Note: s.poolNote},
	}
}

// poolNote is the capacity of a valid pool, against the gateway's limit.
func (s *session) poolNote(pool string) string {
	n := ipsec.PoolCapacity(pool)
	if n == 0 {
		return ""
	}
	note := fmt.Sprintf("ℹ %s holds %d clients (one /30 each)", strings.TrimSpace(pool), n)
	if d := s.facts.Details; d != nil && d.Gateway.SslMaxConnections > 0 {
		limit := d.Gateway.SslMaxConnections
		note += fmt.Sprintf("; the gateway allows %d connections (SslMaxConnections, shared with SSL-VPN)", limit)
		if n < limit {
			note += fmt.Sprintf(": too small for %d clients, use a larger pool", limit)
		}
	}
	return note
}

func (s *session) subnetsDone() step {
	m := &s.a.m
	local, err := ipsec.CanonicalCIDRList(m.localSubnets)
	if err != nil {
		return refuse(err)
	}
	pool := strings.TrimSpace(m.pool)
	if err := ipsec.ValidateClientIpPool(pool, local, s.vpcCIDRs()); err != nil {
		return refuse(err)
	}
	m.localSubnets = strings.Join(local, ", ")
	m.pool = pool
	s.a.Spec.LocalSubnet = local
	s.a.Spec.ClientIpPool = pool
	return next()
}
