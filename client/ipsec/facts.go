package ipsec

// Facts is what validation knows besides the spec itself: the regions and
// gateways a picker offers, and the chosen gateway's details once the host
// has read them. Every part may be empty; a check whose facts are missing is
// left to the service.
type Facts struct {
	Regions  []Region        // DescribeRegions; empty: any well-formed region id
	Gateways []Gateway       // the gateways of the chosen region
	Details  *GatewayDetails // the chosen gateway, once read
}

// GatewayDetails is what a preflight learns about a gateway beyond its own
// description: its VPC's CIDR blocks and what already runs on it.
type GatewayDetails struct {
	Gateway        Gateway
	VpcCIDRs       []string
	VpnConnections int      // IPsec-VPN connections on the gateway
	Servers        []Server // the IPsec servers it holds (a gateway holds one at most)
	SslVpnPools    []string // the client pools of its SSL-VPN servers (DescribeSslVpnServers)
	VpcRoutes      []string // the destinations of its VPC's custom routes (DescribeRouteEntryList)
	// Unchecked names what the preflight could not read (a RAM policy
	// without the action, say): the service checks it on its own.
	Unchecked []string
}

// Excluding is f as a change of server serverID sees it: the server itself
// is no obstacle to its own update (its pool, its place on the gateway).
func (f Facts) Excluding(serverID string) Facts {
	if f.Details == nil {
		return f
	}
	d := *f.Details
	d.Servers = nil
	for _, s := range f.Details.Servers {
		if s.IpsecServerId != serverID {
			d.Servers = append(d.Servers, s)
		}
	}
	f.Details = &d
	return f
}

// PoolAvoid is what a client pool on gatewayID must not overlap, once its
// details are read.
func (f Facts) PoolAvoid(gatewayID string) PoolAvoid {
	if d := f.Details; d != nil && d.Gateway.VpnGatewayId == gatewayID {
		return PoolAvoid{VPC: d.VpcCIDRs, SslVpn: d.SslVpnPools, Routes: d.VpcRoutes}
	}
	return PoolAvoid{}
}

// VpcCIDRs is the VPC's CIDR blocks when the details are of gatewayID.
func (f Facts) VpcCIDRs(gatewayID string) []string {
	if f.Details != nil && f.Details.Gateway.VpnGatewayId == gatewayID {
		return f.Details.VpcCIDRs
	}
	return nil
}

// Gateway finds a gateway by id, in the details first, then in the list.
func (f Facts) Gateway(id string) (Gateway, bool) {
	if f.Details != nil && f.Details.Gateway.VpnGatewayId == id {
		return f.Details.Gateway, true
	}
	for _, g := range f.Gateways {
		if g.VpnGatewayId == id {
			return g, true
		}
	}
	return Gateway{}, false
}

// NationalStandard reports whether gateway id takes the SM algorithms.
func (f Facts) NationalStandard(id string) bool {
	g, ok := f.Gateway(id)
	return ok && g.VpnType == VpnTypeNationalStandard
}
