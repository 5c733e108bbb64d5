package sandbox

import (
	"net/netip"
	"slices"
	"time"
)

// IkeConfig is the phase 1 configuration of an IPsec server, as ListIpsecServers shows it.
type IkeConfig struct {
	IkeVersion  string `json:"IkeVersion"`
	IkeMode     string `json:"IkeMode"`
	IkeEncAlg   string `json:"IkeEncAlg"`
	IkeAuthAlg  string `json:"IkeAuthAlg"`
	IkePfs      string `json:"IkePfs"`
	IkeLifetime int64  `json:"IkeLifetime"`
	LocalId     string `json:"LocalId"` //nolint:revive // the API's spelling
	RemoteId    string `json:"RemoteId"`
}

// IpsecConfig is the phase 2 configuration of an IPsec server.
type IpsecConfig struct {
	IpsecEncAlg   string `json:"IpsecEncAlg"`
	IpsecAuthAlg  string `json:"IpsecAuthAlg"`
	IpsecPfs      string `json:"IpsecPfs"`
	IpsecLifetime int64  `json:"IpsecLifetime"`
}

// IpsecServerRecord is one IPsec server a gateway holds. Field names are the API's; it is also the item shape
// of ListIpsecServers and of the state file.
type IpsecServerRecord struct {
	IpsecServerId          string      `json:"IpsecServerId"`
	IpsecServerName        string      `json:"IpsecServerName"`
	RegionId               string      `json:"RegionId"`
	VpnGatewayId           string      `json:"VpnGatewayId"`
	CreationTime           string      `json:"CreationTime"`
	LocalSubnet            string      `json:"LocalSubnet"`
	ClientIpPool           string      `json:"ClientIpPool"`
	Psk                    string      `json:"Psk"`
	PskEnabled             bool        `json:"PskEnabled"`
	EffectImmediately      bool        `json:"EffectImmediately"`
	MultiFactorAuthEnabled bool        `json:"MultiFactorAuthEnabled"`
	IDaaSInstanceId        string      `json:"IDaaSInstanceId"`
	IkeConfig              IkeConfig   `json:"IkeConfig"`
	IpsecConfig            IpsecConfig `json:"IpsecConfig"`
}

// gateway is the fixed part of a VPN gateway (fixture data, never changed at run time).
type gateway struct {
	RegionID          string
	ID                string
	Name              string
	Description       string
	VpcID             string
	VSwitchID         string
	InternetIP        string
	SslVpn            string // enable | disable
	IpsecVpn          string // enable | disable
	SslMaxConnections int64
	SslServer         *sslVpnServer // its SSL-VPN server, nil if none (a gateway holds at most one)
	Spec              string
	ChargeType        string
	BusinessStatus    string
	CreateTime        int64  // ms
	EndTime           int64  // ms
	GatewayType       string // Traditional: IPsec and SSL-VPN (the DescribeVpnGateways filter's values)
	ResourceGroupID   string
	Tags              []tag
	Features          GatewayFeatures
	FeaturesJSON      string       // Features as DescribeVpnGateway(s) shows them in Tag
	Reservation       *reservation // a pending order, nil if none
}

// sslVpnServer is a gateway's SSL-VPN server; its clients share the gateway's SslMaxConnections with the
// IPsec server's.
type sslVpnServer struct {
	ID, Name, ClientIpPool, LocalSubnet string
	CreateTime                          int64 // ms
	Clients                             []sslVpnClient
}

// sslVpnClient is an SSL-VPN client online from before the sandbox started.
type sslVpnClient struct {
	CommonName, IP, Port, PrivateIP string
	ConnectedAgo                    time.Duration // before the sandbox started
	ReceiveBytes, SendBytes         int64
}

// routeEntry is a route of a VPC's route table.
type routeEntry struct {
	ID, Name, Description string
	Dest                  string
	Type                  string // System | Custom
	NextHopType           string // "" for a system route
	NextHopID             string
}

// tag is a resource tag (Tags.Tag[] in answers, Tag.N.Key/Value in filters).
type tag struct{ Key, Value string }

// reservation is a pending order of a gateway (DescribeVpnGateway(s) ReservationData).
type reservation struct {
	EndTime, OrderType, Ipsec, Spec, Ssl, Status string
	MaxConnections                               int
}

// supportsIpsecServer applies the version rule of MinIpsecServerVersion.
func (g *gateway) supportsIpsecServer() bool {
	c, ok := CompareVpnVersions(g.Features.VpnVersion, MinIpsecServerVersion)
	return ok && c >= 0
}

// gatewayState is a gateway plus its mutable timing; guarded by Server.mu.
type gatewayState struct {
	g         *gateway
	capable   bool      // g.supportsIpsecServer(), worked out once
	pool      poolFacts // what a client pool of g must not overlap (no local subnets), worked out once
	busyUntil time.Time // updating until then (vpn-sandbox-busy)
	// The last accepted change: active (but refusing changes) until updatingAt, updating until activeAt.
	acceptedAt, updatingAt, activeAt time.Time
	timers                           []pendingTransition
}

type phase int

const (
	phaseActive   phase = iota
	phasePending        // a change was accepted, the gateway still shows active
	phaseUpdating       // the gateway shows updating
)

func (gs *gatewayState) phase(now time.Time) phase {
	if now.Before(gs.busyUntil) {
		return phaseUpdating
	}
	if now.Before(gs.updatingAt) {
		return phasePending
	}
	if now.Before(gs.activeAt) {
		return phaseUpdating
	}
	return phaseActive
}

func (gs *gatewayState) status(now time.Time) string {
	if gs.phase(now) == phaseUpdating {
		return statusUpdating
	}
	return statusActive
}

type vpc struct {
	RegionID         string
	ID               string
	Name             string
	Description      string
	CidrBlock        string
	Secondary        []string
	UserCidrs        []string
	Routes           []routeEntry // of its system route table RouteTableID: system routes and custom ones
	VRouterID        string
	RouteTableID     string // its system route table
	VSwitchIDs       []string
	CreationTime     string
	IsDefault        bool
	ResourceGroupID  string
	DhcpOptionsSetID string // "" when none is attached
	Tags             []tag
}

// cidrs returns every CIDR block of the VPC.
func (v *vpc) cidrs() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range slices.Concat([]string{v.CidrBlock}, v.Secondary, v.UserCidrs) {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p)
		}
	}
	return out
}

type vpnConnection struct {
	RegionID          string
	ID                string
	Name              string
	GatewayID         string
	CustomerGatewayID string
	LocalSubnet       string
	RemoteSubnet      string
	RemoteIP          string
	Psk               string // returned in IkeConfig, as the SDK models have it
	CreateTime        int64
	ResourceGroupID   string
	Tags              []tag
}

type region struct {
	ID          string
	LocalName   string // zh-CN, the API's default language
	EnglishName string // en-US
}

type idaasInstance struct {
	ID         string
	Permission bool
}
