package ipsec

import "fmt"

// GatewayEligibility says why a gateway cannot take an IPsec server, with the
// fix; nil when it can. details (may be nil) adds the checks the gateway
// itself cannot answer: IPsec-VPN connections and an existing IPsec server
// (a listing's counts stand in for them until the details are read).
func GatewayEligibility(g Gateway, details *GatewayDetails) error {
	if details != nil && details.Gateway.VpnGatewayId == g.VpnGatewayId {
		g = details.Gateway
	}
	if err := GatewayObstacle(g, details); err != nil {
		return err
	}
	if g.Status != StatusActive {
		st := g.Status
		if st == "" {
			st = "in an unknown state"
		}
		return gatewayRefusal(g, fmt.Sprintf("the gateway is %s, not active: wait until it is active (ipsecwiz status %s), then try again", st, g.VpnGatewayId))
	}
	if details != nil && len(details.Servers) > 0 {
		return gatewayRefusal(g, "the gateway already has an IPsec server (one per gateway): edit that one or choose another gateway")
	}
	return nil
}

// GatewayObstacle is what keeps a gateway from taking an IPsec server
// however long one waits (SSL-VPN off, too old a version, locked, IPsec-VPN
// connections); nil when only time (a gateway busy with a change) or the
// server it holds stands in the way, or nothing.
func GatewayObstacle(g Gateway, details *GatewayDetails) error {
	if details != nil && details.Gateway.VpnGatewayId == g.VpnGatewayId {
		g = details.Gateway
	}
	if !g.SslVpnEnabled {
		return gatewayRefusal(g, "SSL-VPN is off on this gateway: turn it on in the VPN gateway console first")
	}
	if ok, known := SupportsIpsecServer(g.VpnVersion); known && !ok {
		return gatewayRefusal(g, fmt.Sprintf("the gateway runs version %s, older than %s, and cannot hold an IPsec server "+
			"(OperationUnsupported.IPsecServer): upgrade it in the VPN gateway console, or choose another gateway", g.VpnVersion, MinIpsecServerVersion))
	}
	if g.BusinessStatus == BusinessFinancialLocked {
		return gatewayRefusal(g, "the gateway is locked for an overdue payment (FinancialLocked): top up your account, then try again")
	}
	conns := g.VpnConnections
	if details != nil {
		conns = details.VpnConnections
	}
	if conns > 0 {
		return gatewayRefusal(g, fmt.Sprintf("the gateway has %d IPsec-VPN connection(s) and cannot also host an IPsec server: delete them or choose another gateway", conns))
	}
	if !g.Busy() && g.Status != StatusActive && g.Status != "" {
		return gatewayRefusal(g, fmt.Sprintf("the gateway is %s: it will not turn active by itself; choose another gateway", g.Status))
	}
	return nil
}

func gatewayRefusal(g Gateway, rule string) error {
	return &FieldError{Field: FieldVpnGatewayID, Label: Label(FieldVpnGatewayID), Rule: g.VpnGatewayId + ": " + rule}
}

// GatewayNote is a gateway's mark in a list, in at most 15 characters so
// that a line fits 80 columns: cannot is set when it cannot take an IPsec
// server at all (the reason, e.g. "SSL-VPN off"); otherwise note says what
// choosing it leads to ("busy: can wait", "has a server"), "" for a gateway
// ready to take one.
func GatewayNote(g Gateway) (cannot bool, note string) {
	switch {
	case !g.SslVpnEnabled:
		return true, "SSL-VPN off"
	case g.BusinessStatus == BusinessFinancialLocked:
		return true, "locked: unpaid"
	case g.VpnConnections > 0:
		return true, "VPN connections"
	}
	if ok, known := SupportsIpsecServer(g.VpnVersion); known && !ok {
		return true, "too old " + g.VpnVersion
	}
	switch {
	case g.Busy():
		return false, "busy: can wait"
	case g.Status != StatusActive && g.Status != "":
		return true, g.Status
	case len(g.IpsecServerIds) > 0:
		return false, "has a server"
	}
	return false, ""
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
