package client

import "time"

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
)

// Gateway is a VPN gateway as DescribeVpnGateway(s) reports it, reduced to
// what the wizard needs.
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
}

// IpsecServer is one entry of ListIpsecServers. Psk is masked when printed.
type IpsecServer struct {
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

// CreateResult is the outcome of CreateIpsecServer. For a DryRun that
// passed, DryRunPassed is true and no server exists (IpsecServerId empty).
type CreateResult struct {
	IpsecServerId   string `json:"IpsecServerId,omitempty"`
	IpsecServerName string `json:"IpsecServerName,omitempty"`
	VpnGatewayId    string `json:"VpnGatewayId"`
	RegionId        string `json:"RegionId"`
	CreationTime    string `json:"CreationTime,omitempty"`
	RequestId       string `json:"RequestId"`
	ClientToken     string `json:"ClientToken"`
	DryRun          bool   `json:"DryRun"`
	DryRunPassed    bool   `json:"DryRunPassed,omitempty"`
	Attempts        int    `json:"Attempts"`
}

// GatewayEvent is one observation of WatchGateway.
type GatewayEvent struct {
	Time           time.Time     // when the poll answered
	Elapsed        time.Duration // since the watch started
	Polls          int           // calls made so far
	Status         string        // "" when this event is a transient error
	BusinessStatus string
	Changed        bool  // Status differs from the previous observation
	Err            error // transient error (the watch goes on) or, when Done, the final error
	Done           bool  // last event: settled (Err nil), timeout or cancellation (Err set)
	Settled        bool  // the change has shown up and the gateway is active again
}
