package ipsec

// Gateways and regions the validator tests check against (the sandbox's
// fixture, as plain values: this package does no I/O).

func gw(id, name string, mod func(*Gateway)) Gateway {
	g := Gateway{VpnGatewayId: id, Name: name, RegionId: "cn-hangzhou", VpcId: "vpc-bp1sandbox0001",
		Status: StatusActive, BusinessStatus: BusinessNormal, SslVpnEnabled: true, IpsecVpnEnabled: true,
		SslMaxConnections: 5, InternetIp: "203.0.113.10"}
	if mod != nil {
		mod(&g)
	}
	return g
}

var (
	testRegions = []Region{
		{RegionId: "cn-hangzhou", LocalName: "China (Hangzhou)"},
		{RegionId: "cn-shanghai", LocalName: "China (Shanghai)"},
	}
	gwReady     = gw("vpn-sandbox-ready", "ready-hz", nil)
	gwNoSSL     = gw("vpn-sandbox-nossl", "nossl-hz", func(g *Gateway) { g.SslVpnEnabled = false })
	gwVpnConn   = gw("vpn-sandbox-vpnconn", "vpnconn-hz", nil)
	gwHasServer = gw("vpn-sandbox-hasserver", "hasserver-hz", nil)
	gwLocked    = gw("vpn-sandbox-locked", "locked-hz", func(g *Gateway) { g.BusinessStatus = BusinessFinancialLocked })
	gwBusy      = gw("vpn-sandbox-busy", "busy-hz", func(g *Gateway) { g.Status = StatusUpdating })

	testDetails = map[string]*GatewayDetails{
		gwReady.VpnGatewayId:     {Gateway: gwReady, VpcCIDRs: []string{"172.16.0.0/16", "10.10.0.0/16"}},
		gwVpnConn.VpnGatewayId:   {Gateway: gwVpnConn, VpcCIDRs: []string{"172.16.0.0/16"}, VpnConnections: 1},
		gwHasServer.VpnGatewayId: {Gateway: gwHasServer, VpcCIDRs: []string{"172.16.0.0/16"}, Servers: []Server{{IpsecServerId: "iss-sandbox-hasserver"}}},
	}
)

func testData() Facts {
	return Facts{Regions: testRegions, Gateways: []Gateway{gwReady, gwNoSSL, gwVpnConn, gwHasServer, gwLocked, gwBusy}}
}
