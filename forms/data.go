package forms

import "github.com/ipsecwiz/ipsecwiz/client"

// Data is what the pages validate against, loaded by the host.
type Data struct {
	Regions  []client.Region  // DescribeRegions; empty: the region is typed
	Gateways []client.Gateway // the gateways of the chosen region
	Details  *GatewayDetails  // the chosen gateway, once the host has checked it
}

// GatewayDetails is what the host learns about the chosen gateway beyond the
// list: its VPC's CIDR blocks and what already runs on it.
type GatewayDetails struct {
	Gateway        client.Gateway
	VpcCIDRs       []string
	VpnConnections int // IPsec-VPN connections on the gateway
	IpsecServers   int // IPsec servers on the gateway
}

func (d Data) vpcCIDRs(gatewayID string) []string {
	if d.Details != nil && d.Details.Gateway.VpnGatewayId == gatewayID {
		return d.Details.VpcCIDRs
	}
	return nil
}

func (d Data) gateway(id string) (client.Gateway, bool) {
	if d.Details != nil && d.Details.Gateway.VpnGatewayId == id {
		return d.Details.Gateway, true
	}
	for _, g := range d.Gateways {
		if g.VpnGatewayId == id {
			return g, true
		}
	}
	return client.Gateway{}, false
}

func (d Data) nationalStandard(id string) bool {
	g, ok := d.gateway(id)
	return ok && g.VpnType == "NationalStandard"
}
