package sandbox

import (
	"net/netip"
	"strings"
	"time"
)

// Fixture gateway ids (DESIGN.md, "The sandbox").
const (
	GatewayReady     = "vpn-sandbox-ready"
	GatewayNoSSL     = "vpn-sandbox-nossl"
	GatewayVpnConn   = "vpn-sandbox-vpnconn"
	GatewayHasServer = "vpn-sandbox-hasserver"
	GatewayLocked    = "vpn-sandbox-locked"
	GatewayLegacy    = "vpn-sandbox-legacy"
	GatewayBusy      = "vpn-sandbox-busy"
	GatewayShReady   = "vpn-sandbox-sh-ready"

	RegionHangzhou = "cn-hangzhou"
	RegionShanghai = "cn-shanghai"
	RegionBeijing  = "cn-beijing"

	// The IPsec server vpn-sandbox-hasserver holds from the start.
	ExistingServerID  = "iss-sandbox-hasserver"
	ExistingServerPsk = "sandbox-existing-psk"

	// SSL-VPN servers: vpn-sandbox-ready's has one client online (it counts against SslMaxConnections,
	// which the IPsec server shares), vpn-sandbox-sh-ready's none. No other gateway has one.
	ReadySslVpnServerID      = "vss-sandbox-ready"
	ShReadySslVpnServerID    = "vss-sandbox-sh-ready"
	ShReadySslClientPool     = "192.168.201.0/24"
	ReadySslClientCommonName = "CN=vsc-sandbox-ready-laptop"

	// Route tables: every VPC has one system route table, vtb-<VPC id without vpc->, with a system route to
	// its vSwitch (the first /24 of its CIDR) and to 100.64.0.0/10; vpc-sandbox-ready's also holds the custom
	// route ReadyVpcRouteDest through an ECS instance.
	ReadyRouteTableID    = "vtb-sandbox-ready"
	ReadyVpcRouteEntryID = "rte-sandbox-ready-branch"
	ReadyVpcRouteNextHop = "i-sandbox-ready-nva"

	// AccountID owns every fixture resource (OwnerId, the DescribeVpcs VpcOwnerId filter).
	AccountID int64 = 1234567890123456
	// ReadyDhcpOptionsSetID is attached to vpc-sandbox-ready; no other VPC has one.
	ReadyDhcpOptionsSetID = "dopt-sandbox-ready"
	// vpn-sandbox-vpnconn's IPsec-VPN connection and its customer gateway.
	VpnConnectionID   = "vco-sandbox-vpnconn"
	CustomerGatewayID = "cgw-sandbox-office"

	// Resource groups: every fixture resource is in ResourceGroupID, but vpn-sandbox-legacy and its VPC.
	ResourceGroupID       = "rg-sandbox"
	LegacyResourceGroupID = "rg-sandbox-legacy"

	// Gateway versions (VpnVersion in Tag): every gateway runs CurrentVpnVersion, vpn-sandbox-legacy runs
	// LegacyVpnVersion, older than MinIpsecServerVersion.
	CurrentVpnVersion = "v1.2.4"
	LegacyVpnVersion  = "v1.1.6"
)

var (
	currentFeatures = GatewayFeatures{VpnEnableBgp: "true", VisuallySsl: "true", PbrPriority: "true",
		VpnNewImage: "true", Description: "forwarding1.3.7", VpnVersion: CurrentVpnVersion, IDaaSNewVersion: "true"}
	legacyFeatures = GatewayFeatures{VpnEnableBgp: "false", VisuallySsl: "false", PbrPriority: "false",
		VpnNewImage: "false", Description: "forwarding1.1.2", VpnVersion: LegacyVpnVersion, IDaaSNewVersion: "false"}
)

// fixture is the world the sandbox starts with. Keep 192.168.0.0/24 .. 192.168.9.0/24 free of every conflict:
// the wizard pre-fills the first free one of them as the client pool.
type fixture struct {
	regions  []region
	gateways []*gateway
	vpcs     []*vpc
	conns    []vpnConnection
	servers  []IpsecServerRecord
	idaas    []idaasInstance
}

func ms(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 8, 0, 0, 0, time.UTC).UnixMilli()
}

func newFixture() fixture {
	created, ends := ms(2024, time.January, 15), ms(2027, time.January, 15)
	gw := func(region, id, name, desc, vpcID, ip string) *gateway {
		return &gateway{
			RegionID: region, ID: id, Name: name, Description: desc, VpcID: vpcID,
			VSwitchID: "vsw-" + id[len("vpn-"):], InternetIP: ip,
			SslVpn: "enable", IpsecVpn: "enable", SslMaxConnections: 5, Spec: "10M",
			ChargeType:     "POSTPAY", // the only value the SDK model documents
			BusinessStatus: businessNormal, CreateTime: created, EndTime: ends,
			GatewayType: "Traditional", ResourceGroupID: ResourceGroupID,
			Tags:     []tag{{"env", "sandbox"}, {"case", strings.TrimPrefix(id, "vpn-sandbox-")}},
			Features: currentFeatures,
		}
	}
	ready := gw(RegionHangzhou, GatewayReady, "ready-hz", "Ready for an IPsec server: SSL-VPN on, no IPsec-VPN connection.",
		"vpc-sandbox-ready", "203.0.113.10")
	ready.SslServer = &sslVpnServer{ID: ReadySslVpnServerID, Name: "ready-ssl", ClientIpPool: ReadySslClientPool,
		LocalSubnet: "172.16.0.0/16", CreateTime: created,
		Clients: []sslVpnClient{{CommonName: ReadySslClientCommonName, IP: "192.0.2.200", Port: "51372",
			PrivateIP: "192.168.200.6", ConnectedAgo: 25 * time.Minute, ReceiveBytes: 60782, SendBytes: 57144}}}
	nossl := gw(RegionHangzhou, GatewayNoSSL, "nossl-hz", "SSL-VPN is disabled on this gateway.",
		"vpc-sandbox-nossl", "203.0.113.11")
	nossl.SslVpn, nossl.SslMaxConnections = "disable", 0
	nossl.Reservation = &reservation{EndTime: "2027-01-15T16:00:00Z", OrderType: "RENEWCHANGE", Ipsec: "enable",
		Spec: "10", Ssl: "enable", Status: "1", MaxConnections: 5} // a renewal that turns SSL-VPN on
	vpnconn := gw(RegionHangzhou, GatewayVpnConn, "vpnconn-hz", "Holds an IPsec-VPN connection (site-to-site).",
		"vpc-sandbox-vpnconn", "203.0.113.12")
	hasserver := gw(RegionHangzhou, GatewayHasServer, "hasserver-hz", "Already holds an IPsec server.",
		"vpc-sandbox-hasserver", "203.0.113.13")
	locked := gw(RegionHangzhou, GatewayLocked, "locked-hz", "Suspended for an overdue payment.",
		"vpc-sandbox-locked", "203.0.113.14")
	locked.BusinessStatus, locked.EndTime = businessLocked, ms(2025, time.January, 15)
	legacy := gw(RegionHangzhou, GatewayLegacy, "legacy-hz", "An old gateway version without IPsec server support.",
		"vpc-sandbox-legacy", "203.0.113.15")
	legacy.Features, legacy.CreateTime = legacyFeatures, ms(2019, time.March, 1)
	legacy.ResourceGroupID = LegacyResourceGroupID
	busy := gw(RegionHangzhou, GatewayBusy, "busy-hz", "Updating for the first 60 s after the sandbox starts.",
		"vpc-sandbox-busy", "203.0.113.16")
	sh := gw(RegionShanghai, GatewayShReady, "ready-sh", "Ready for an IPsec server.", "vpc-sandbox-sh-ready",
		"198.51.100.10")
	sh.SslServer = &sslVpnServer{ID: ShReadySslVpnServerID, Name: "ready-ssl-sh", ClientIpPool: ShReadySslClientPool,
		LocalSubnet: "172.30.0.0/16", CreateTime: created}

	v := func(region, id, name, cidr string, secondary ...string) *vpc {
		short := id[len("vpc-"):]
		vsw := netip.PrefixFrom(netip.MustParsePrefix(cidr).Addr(), 24).String() // its one vSwitch
		return &vpc{
			RegionID: region, ID: id, Name: name, Description: "sandbox VPC", CidrBlock: cidr,
			Secondary: append([]string{}, secondary...), UserCidrs: []string{},
			Routes: []routeEntry{
				{ID: "rte-" + short + "-vsw", Dest: vsw, Type: routeSystem, Description: "the vSwitch vsw-" + short},
				{ID: "rte-" + short + "-svc", Dest: "100.64.0.0/10", Type: routeSystem, Description: "cloud services"},
			},
			VRouterID: "vrt-" + short, RouteTableID: "vtb-" + short, VSwitchIDs: []string{"vsw-" + short},
			CreationTime: "2024-01-15T08:00:00Z", ResourceGroupID: ResourceGroupID,
			Tags: []tag{{"env", "sandbox"}, {"case", strings.TrimPrefix(id, "vpc-sandbox-")}},
		}
	}
	readyVpc := v(RegionHangzhou, "vpc-sandbox-ready", "ready-hz", "172.16.0.0/16", "10.10.0.0/16")
	readyVpc.Routes = append(readyVpc.Routes, routeEntry{ID: ReadyVpcRouteEntryID, Name: "to-branch",
		Description: "branch office through an appliance", Dest: ReadyVpcRouteDest, Type: routeCustom,
		NextHopType: "Instance", NextHopID: ReadyVpcRouteNextHop})
	readyVpc.DhcpOptionsSetID = ReadyDhcpOptionsSetID
	legacyVpc := v(RegionHangzhou, "vpc-sandbox-legacy", "legacy-hz", "172.21.0.0/16")
	legacyVpc.ResourceGroupID = LegacyResourceGroupID
	bjVpc := v(RegionBeijing, "vpc-sandbox-bj", "empty-bj", "172.31.0.0/16")
	bjVpc.IsDefault = true

	return fixture{
		regions: []region{
			{RegionHangzhou, "华东1（杭州）", "China (Hangzhou)"},
			{RegionShanghai, "华东2（上海）", "China (Shanghai)"},
			{RegionBeijing, "华北2（北京）", "China (Beijing)"},
		},
		gateways: []*gateway{ready, nossl, vpnconn, hasserver, locked, legacy, busy, sh},
		vpcs: []*vpc{
			readyVpc,
			v(RegionHangzhou, "vpc-sandbox-nossl", "nossl-hz", "172.17.0.0/16"),
			v(RegionHangzhou, "vpc-sandbox-vpnconn", "vpnconn-hz", "172.18.0.0/16"),
			v(RegionHangzhou, "vpc-sandbox-hasserver", "hasserver-hz", "172.19.0.0/16"),
			v(RegionHangzhou, "vpc-sandbox-locked", "locked-hz", "172.20.0.0/16"),
			legacyVpc,
			v(RegionHangzhou, "vpc-sandbox-busy", "busy-hz", "172.22.0.0/16"),
			v(RegionShanghai, "vpc-sandbox-sh-ready", "ready-sh", "172.30.0.0/16"),
			bjVpc,
		},
		conns: []vpnConnection{{
			RegionID: RegionHangzhou, ID: VpnConnectionID, Name: "office-hz", GatewayID: GatewayVpnConn,
			CustomerGatewayID: CustomerGatewayID, LocalSubnet: "172.18.0.0/16", RemoteSubnet: "10.200.0.0/16",
			RemoteIP: "198.51.100.20", Psk: "sandbox-vpnconn-psk", CreateTime: created, ResourceGroupID: ResourceGroupID,
			Tags: []tag{{"env", "sandbox"}, {"site", "office"}},
		}},
		servers: []IpsecServerRecord{{
			IpsecServerId: ExistingServerID, IpsecServerName: "existing-hz", RegionId: RegionHangzhou,
			VpnGatewayId: GatewayHasServer, CreationTime: "2024-02-01T08:00:00Z", LocalSubnet: "172.19.0.0/16",
			ClientIpPool: ExistingServerPool, Psk: ExistingServerPsk, PskEnabled: true,
			IkeConfig:   defaultIkeConfig("203.0.113.13"),
			IpsecConfig: defaultIpsecConfig(),
		}},
		idaas: []idaasInstance{{IDaaSInstanceID, true}, {IDaaSInstanceNoPermID, false}},
	}
}

func defaultIkeConfig(localID string) IkeConfig {
	return IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes", IkeAuthAlg: "sha1", IkePfs: "group2",
		IkeLifetime: 86400, LocalId: localID}
}

func defaultIpsecConfig() IpsecConfig {
	return IpsecConfig{IpsecEncAlg: "aes", IpsecAuthAlg: "sha1", IpsecPfs: "group2", IpsecLifetime: 86400}
}
