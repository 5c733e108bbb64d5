package forms

import (
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) vpcCIDRs() []string { return s.facts.VpcCIDRs(s.a.m.gatewayID) }

// poolAvoid is what the pool must not overlap on the gateway chosen.
func (s *session) poolAvoid() ipsec.PoolAvoid { return s.facts.PoolAvoid(s.a.m.gatewayID) }

// validPool checks a pool as the page does.
func (s *session) validPool(pool string) error {
	return ipsec.ValidateClientIpPool(pool, ipsec.SplitCIDRList(s.a.m.localSubnets), s.poolAvoid())
}

func (s *session) subnetsFields() []Field {
	m := &s.a.m
	ld := ipsec.Info(ipsec.FieldLocalSubnet).Description
	if vpc := s.vpcCIDRs(); len(vpc) > 0 {
		ld += " This gateway's VPC: " + strings.Join(vpc, ", ") + "."
	}
	pd := ipsec.Info(ipsec.FieldClientIPPool).Description
	if d := s.facts.Details; d != nil && d.Gateway.VpnGatewayId == m.gatewayID && len(d.Unchecked) > 0 {
		pd += " Not checked here, the service checks it: " + strings.Join(d.Unchecked, "; ") + "."
	}
	return []Field{
		{Key: ipsec.FieldLocalSubnet, Kind: KindText, Title: ipsec.Title(ipsec.FieldLocalSubnet), Description: ld,
			Placeholder: "172.16.0.0/16, 10.10.0.0/16", Text: &m.localSubnets, Validate: ipsec.ValidateLocalSubnets},
		{Key: ipsec.FieldClientIPPool, Kind: KindText, Title: ipsec.Title(ipsec.FieldClientIPPool),
			Description: pd, Placeholder: "192.168.0.0/24", Text: &m.pool,
			Validate: s.validPool,
			Note:     s.poolNote},
	}
}

// poolNote is the capacity of a valid pool, against the gateway's limit
// (nothing for a pool the page refuses: no praise of an invalid value).
func (s *session) poolNote(pool string) string {
	n := ipsec.PoolCapacity(pool)
	if n == 0 || s.validPool(pool) != nil {
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
	if err := ipsec.ValidateClientIpPool(pool, local, s.poolAvoid()); err != nil {
		return refuse(err)
	}
	m.localSubnets = strings.Join(local, ", ")
	m.pool = pool
	s.a.Spec.LocalSubnet = local
	s.a.Spec.ClientIpPool = pool
	return next()
}
