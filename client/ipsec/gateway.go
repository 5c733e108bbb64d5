package ipsec

// Region is one entry of DescribeRegions.
type Region struct {
	RegionId       string `json:"RegionId"`
	LocalName      string `json:"LocalName"`
	RegionEndpoint string `json:"RegionEndpoint"`
}

// Gateway statuses and business statuses as the API spells them.
const (
	StatusActive       = "active"
	StatusUpdating     = "updating"
	StatusInit         = "init"
	StatusProvisioning = "provisioning"
	StatusDeleting     = "deleting"

	BusinessNormal          = "Normal"
	BusinessFinancialLocked = "FinancialLocked"

	// VpnTypeNationalStandard gateways take the SM algorithms (sm3, sm4).
	VpnTypeNationalStandard = "NationalStandard"
)

// Gateway is a VPN gateway as DescribeVpnGateway(s) reports it, reduced to
// what ipsecwiz needs.
type Gateway struct {
	VpnGatewayId      string `json:"VpnGatewayId"`
	Name              string `json:"Name"`
	Description       string `json:"Description,omitempty"`
	RegionId          string `json:"RegionId"`
	VpcId             string `json:"VpcId"`
	VSwitchId         string `json:"VSwitchId,omitempty"`
	InternetIp        string `json:"InternetIp"`
	SslVpnInternetIp  string `json:"SslVpnInternetIp,omitempty"`
	Status            string `json:"Status"`
	BusinessStatus    string `json:"BusinessStatus"`
	SslVpnEnabled     bool   `json:"SslVpnEnabled"`
	IpsecVpnEnabled   bool   `json:"IpsecVpnEnabled"`
	SslMaxConnections int    `json:"SslMaxConnections"`
	Spec              string `json:"Spec,omitempty"`
	VpnType           string `json:"VpnType,omitempty"`
	// VpnVersion is the gateway's version, from the feature JSON the API
	// returns as Tag: see SupportsIpsecServer.
	VpnVersion string `json:"VpnVersion,omitempty"`

	// What a listing learns of the region (ListGateways), so a picker can
	// mark each gateway before one is chosen; a preflight reads them afresh.
	VpnConnections int      `json:"VpnConnections,omitempty"` // IPsec-VPN connections on it
	IpsecServerIds []string `json:"IpsecServerIds,omitempty"` // the IPsec servers it holds
}

// Busy reports a passing status that ends in active by itself.
func (g Gateway) Busy() bool {
	switch g.Status {
	case StatusUpdating, StatusInit, StatusProvisioning:
		return true
	}
	return false
}

// Server is an IPsec server as ListIpsecServers reads it back. Psk stays
// masked when printed.
type Server struct {
	IpsecServerId     string      `json:"IpsecServerId"`
	IpsecServerName   string      `json:"IpsecServerName"`
	VpnGatewayId      string      `json:"VpnGatewayId"`
	RegionId          string      `json:"RegionId"`
	CreationTime      string      `json:"CreationTime"`
	ClientIpPool      string      `json:"ClientIpPool"`
	LocalSubnet       CIDRList    `json:"LocalSubnet"`
	InternetIp        string      `json:"InternetIp"`
	PskEnabled        bool        `json:"PskEnabled"`
	Psk               Secret      `json:"-"`
	EffectImmediately bool        `json:"EffectImmediately"`
	MaxConnections    int         `json:"MaxConnections"`
	OnlineClientCount int         `json:"OnlineClientCount"`
	IkeConfig         IkeConfig   `json:"IkeConfig"`
	IpsecConfig       IpsecConfig `json:"IpsecConfig"`
}
