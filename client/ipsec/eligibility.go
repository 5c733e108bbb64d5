package ipsec

import "fmt"

// GatewayEligibility says why a gateway cannot take an IPsec server, with the
// fix; nil when it can. details (may be nil) adds the checks the gateway list
// cannot answer: IPsec-VPN connections and an existing IPsec server.
func GatewayEligibility(g Gateway, details *GatewayDetails) error {
	refuse := func(rule string) error {
		return &FieldError{Field: FieldVpnGatewayID, Label: Label(FieldVpnGatewayID), Rule: g.VpnGatewayId + ": " + rule}
	}
	if details != nil && details.Gateway.VpnGatewayId == g.VpnGatewayId {
		g = details.Gateway
	}
	if !g.SslVpnEnabled {
		return refuse("SSL-VPN is off on this gateway: turn it on in the VPN gateway console first")
	}
	if g.BusinessStatus == BusinessFinancialLocked {
		return refuse("the gateway is locked for an overdue payment (FinancialLocked): top up your account, then try again")
	}
	if g.Status != StatusActive {
		st := g.Status
		if st == "" {
			st = "in an unknown state"
		}
		return refuse(fmt.Sprintf("the gateway is %s, not active: wait until it is active (ipsecwiz status %s), then try again", st, g.VpnGatewayId))
	}
	if details != nil {
		if details.VpnConnections > 0 {
			return refuse(fmt.Sprintf("the gateway has %d IPsec-VPN connection(s) and cannot also host an IPsec server: delete them or choose another gateway", details.VpnConnections))
		}
		if len(details.Servers) > 0 {
			return refuse("the gateway already has an IPsec server (one per gateway): edit that one or choose another gateway")
		}
	}
	return nil
}

// CreateEligibility is GatewayEligibility for a create with ClientToken
// token. With a token the gateway's existing server may be the one an
// earlier run of the same request made: the service answers that one again
// for the same token (or refuses a different request), so the check is left
// to it.
func CreateEligibility(d *GatewayDetails, token string) error {
	if token != "" && len(d.Servers) > 0 {
		c := *d
		c.Servers = nil
		return GatewayEligibility(c.Gateway, &c)
	}
	return GatewayEligibility(d.Gateway, d)
}
