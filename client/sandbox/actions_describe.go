package sandbox

import (
	"strconv"
	"strings"
)

// Read-only actions. They copy what they need under the read lock and encode after releasing it.
// JSON types satisfy both SDKs: V1 (int/int64/bool fields, fuzzy) and V2 (*int32/*int64/*bool, strict).

type regionJSON struct {
	RegionId       string `json:"RegionId"`
	LocalName      string `json:"LocalName"`
	RegionEndpoint string `json:"RegionEndpoint"`
}

type describeRegionsResponse struct {
	RequestId string `json:"RequestId"`
	Regions   struct {
		Region []regionJSON `json:"Region"`
	} `json:"Regions"`
}

// describeRegions: AcceptLanguage zh-CN (the documented default) or en-US picks the LocalName; ProductType
// takes its documented default VPC only [I].
func (s *Server) describeRegions(c *call) (any, *apiError) {
	lang, err := enumParam(c.params, "AcceptLanguage", "zh-CN", "en-US")
	if err != nil {
		return nil, err
	}
	if pt := c.params["ProductType"]; pt != "" && !strings.EqualFold(pt, "VPC") {
		return nil, invalidParam("ProductType", "the sandbox serves the VPC product type only")
	}
	resp := &describeRegionsResponse{RequestId: c.requestID}
	resp.Regions.Region = []regionJSON{}
	endpoint := c.host // the sandbox is every region's endpoint
	if endpoint == "" {
		endpoint = DefaultAddr
	}
	s.mu.RLock()
	for _, r := range s.regions {
		name := r.LocalName
		if lang == "en-US" {
			name = r.EnglishName
		}
		resp.Regions.Region = append(resp.Regions.Region, regionJSON{r.ID, name, endpoint})
	}
	s.mu.RUnlock()
	return resp, nil
}

type tagJSON struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type reservationJSON struct {
	ReservationEndTime        string `json:"ReservationEndTime,omitempty"`
	ReservationOrderType      string `json:"ReservationOrderType,omitempty"`
	ReservationIpsec          string `json:"ReservationIpsec,omitempty"`
	ReservationMaxConnections int    `json:"ReservationMaxConnections,omitempty"`
	ReservationSpec           string `json:"ReservationSpec,omitempty"`
	ReservationSsl            string `json:"ReservationSsl,omitempty"`
	Status                    string `json:"Status,omitempty"`
}

// gatewayJSON is one gateway, as DescribeVpnGateway answers it and as a DescribeVpnGateways item. Fields the
// API reference returns only in some cases are omitted otherwise: SslVpnInternetIp (SSL-VPN on),
// ReservationData (IncludeReservationData=true), the disaster-recovery pair (dual-tunnel gateways, which the
// fixture has none of).
type gatewayJSON struct {
	RequestId                  string `json:"RequestId,omitempty"`
	VpnGatewayId               string `json:"VpnGatewayId"`
	Name                       string `json:"Name"`
	Description                string `json:"Description"`
	VpcId                      string `json:"VpcId"`
	VSwitchId                  string `json:"VSwitchId"`
	InternetIp                 string `json:"InternetIp"`
	SslVpnInternetIp           string `json:"SslVpnInternetIp,omitempty"`
	DisasterRecoveryInternetIp string `json:"DisasterRecoveryInternetIp,omitempty"`
	DisasterRecoveryVSwitchId  string `json:"DisasterRecoveryVSwitchId,omitempty"`
	Status                     string `json:"Status"`
	BusinessStatus             string `json:"BusinessStatus"`
	SslVpn                     string `json:"SslVpn"`
	IpsecVpn                   string `json:"IpsecVpn"`
	SslMaxConnections          int64  `json:"SslMaxConnections"`
	Spec                       string `json:"Spec"`
	ChargeType                 string `json:"ChargeType"`
	CreateTime                 int64  `json:"CreateTime"`
	EndTime                    int64  `json:"EndTime"`
	EnableBgp                  bool   `json:"EnableBgp"`
	AutoPropagate              bool   `json:"AutoPropagate"`
	NetworkType                string `json:"NetworkType"`
	VpnType                    string `json:"VpnType"`
	ResourceGroupId            string `json:"ResourceGroupId"`
	Tag                        string `json:"Tag"` // the feature JSON (GatewayFeatures)
	Tags                       struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tags"`
	EniInstanceIds struct {
		EniInstanceId []string `json:"EniInstanceId"`
	} `json:"EniInstanceIds"`
	ReservationData *reservationJSON `json:"ReservationData,omitempty"`
}

func (s *Server) gatewayView(gs *gatewayState, withReservation bool) gatewayJSON {
	g := gs.g
	v := gatewayJSON{
		VpnGatewayId: g.ID, Name: g.Name, Description: g.Description, VpcId: g.VpcID, VSwitchId: g.VSwitchID,
		InternetIp: g.InternetIP, Status: gs.status(s.now()),
		BusinessStatus: g.BusinessStatus, SslVpn: g.SslVpn, IpsecVpn: g.IpsecVpn,
		SslMaxConnections: g.SslMaxConnections, Spec: g.Spec, ChargeType: g.ChargeType,
		CreateTime: g.CreateTime, EndTime: g.EndTime, NetworkType: "public", VpnType: "Normal",
		ResourceGroupId: g.ResourceGroupID, Tag: g.FeaturesJSON,
	}
	if g.SslVpn == "enable" {
		v.SslVpnInternetIp = g.InternetIP
	}
	if withReservation {
		v.ReservationData = &reservationJSON{}
		if r := g.Reservation; r != nil {
			v.ReservationData = &reservationJSON{r.EndTime, r.OrderType, r.Ipsec, r.MaxConnections, r.Spec, r.Ssl, r.Status}
		}
	}
	v.Tags.Tag = tagsJSON(g.Tags)
	v.EniInstanceIds.EniInstanceId = []string{}
	return v
}

func (s *Server) describeVpnGateway(c *call) (any, *apiError) {
	if c.gateway == "" {
		return nil, missingParam("VpnGatewayId")
	}
	withRes, _, err := boolParam(c.params, "IncludeReservationData")
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	gs := s.gateways[c.region+"/"+c.gateway]
	var v gatewayJSON
	if gs != nil {
		v = s.gatewayView(gs, withRes)
	}
	s.mu.RUnlock()
	if gs == nil {
		return nil, newErr(CodeGatewayNotFound)
	}
	v.RequestId = c.requestID
	return &v, nil
}

// paging parses PageNumber (>= 1, default 1) and PageSize (1..50, default 10).
func paging(p map[string]string) (page, size int, err *apiError) {
	page, err = intParam(p, "PageNumber", 1, 1, 1<<30)
	if err != nil {
		return 0, 0, err
	}
	size, err = intParam(p, "PageSize", 10, 1, 50)
	return page, size, err
}

func intParam(p map[string]string, name string, def, lo, hi int) (int, *apiError) {
	raw, ok := p[name]
	if !ok || raw == "" {
		return def, nil
	}
	n, e := strconv.Atoi(raw)
	if e != nil || n < lo || n > hi {
		return 0, invalidParam(name, "it must be an integer from %d to %d", lo, hi)
	}
	return n, nil
}

// window returns the [from, to) bounds of a page over n items.
func window(n, page, size int) (int, int) {
	from := (page - 1) * size
	if from > n || from < 0 {
		return n, n
	}
	return from, min(from+size, n)
}

type describeVpnGatewaysResponse struct {
	RequestId   string `json:"RequestId"`
	TotalCount  int    `json:"TotalCount"`
	PageNumber  int    `json:"PageNumber"`
	PageSize    int    `json:"PageSize"`
	VpnGateways struct {
		VpnGateway []gatewayJSON `json:"VpnGateway"`
	} `json:"VpnGateways"`
}

func (s *Server) describeVpnGateways(c *call) (any, *apiError) {
	page, size, err := paging(c.params)
	if err != nil {
		return nil, err
	}
	p := c.params
	status, err := enumParam(p, "Status", "init", "provisioning", "active", "updating", "deleting")
	if err != nil {
		return nil, err
	}
	business, err := enumParam(p, "BusinessStatus", businessNormal, businessLocked)
	if err != nil {
		return nil, err
	}
	gwType, err := enumParam(p, "GatewayType", "Traditional", "Enhance.SiteToSite")
	if err != nil {
		return nil, err
	}
	withRes, _, err := boolParam(p, "IncludeReservationData")
	if err != nil {
		return nil, err
	}
	tags, err := tagFilter(p)
	if err != nil {
		return nil, err
	}
	resp := &describeVpnGatewaysResponse{RequestId: c.requestID, PageNumber: page, PageSize: size}
	var all []gatewayJSON
	s.mu.RLock()
	for _, gs := range s.gwOrder {
		g := gs.g
		if g.RegionID != c.region || !is(p["VpnGatewayId"], g.ID) || !is(p["VpcId"], g.VpcID) ||
			!is(business, g.BusinessStatus) || !is(gwType, g.GatewayType) ||
			!is(p["ResourceGroupId"], g.ResourceGroupID) || !hasTags(g.Tags, tags) {
			continue
		}
		v := s.gatewayView(gs, withRes)
		if !is(status, v.Status) {
			continue
		}
		all = append(all, v)
	}
	s.mu.RUnlock()
	from, to := window(len(all), page, size)
	resp.TotalCount = len(all)
	resp.VpnGateways.VpnGateway = append([]gatewayJSON{}, all[from:to]...)
	return resp, nil
}

// vpcBase is what DescribeVpcs items and DescribeVpcAttribute share.
type vpcBase struct {
	VpcId                string `json:"VpcId"`
	VpcName              string `json:"VpcName"`
	RegionId             string `json:"RegionId"`
	Status               string `json:"Status"`
	CidrBlock            string `json:"CidrBlock"`
	Description          string `json:"Description"`
	CreationTime         string `json:"CreationTime"`
	VRouterId            string `json:"VRouterId"`
	IsDefault            bool   `json:"IsDefault"`
	OwnerId              int64  `json:"OwnerId"`
	ResourceGroupId      string `json:"ResourceGroupId"`
	DhcpOptionsSetId     string `json:"DhcpOptionsSetId"`
	DhcpOptionsSetStatus string `json:"DhcpOptionsSetStatus"`
	EnabledIpv6          bool   `json:"EnabledIpv6"`
	Ipv6CidrBlock        string `json:"Ipv6CidrBlock"`
	SecondaryCidrBlocks  struct {
		SecondaryCidrBlock []string `json:"SecondaryCidrBlock"`
	} `json:"SecondaryCidrBlocks"`
	UserCidrs struct {
		UserCidr []string `json:"UserCidr"`
	} `json:"UserCidrs"`
	VSwitchIds struct {
		VSwitchId []string `json:"VSwitchId"`
	} `json:"VSwitchIds"`
	Tags struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tags"`
}

type vpcJSON struct {
	vpcBase
	RouterTableIds struct {
		RouterTableIds []string `json:"RouterTableIds"`
	} `json:"RouterTableIds"`
	NatGatewayIds struct {
		NatGatewayIds []string `json:"NatGatewayIds"`
	} `json:"NatGatewayIds"`
}

type describeVpcsResponse struct {
	RequestId  string `json:"RequestId"`
	TotalCount int    `json:"TotalCount"`
	PageNumber int    `json:"PageNumber"`
	PageSize   int    `json:"PageSize"`
	Vpcs       struct {
		Vpc []vpcJSON `json:"Vpc"`
	} `json:"Vpcs"`
}

func vpcBaseView(v *vpc) vpcBase {
	j := vpcBase{VpcId: v.ID, VpcName: v.Name, RegionId: v.RegionID, Status: "Available", CidrBlock: v.CidrBlock,
		Description: v.Description, CreationTime: v.CreationTime, VRouterId: v.VRouterID, IsDefault: v.IsDefault,
		OwnerId: AccountID, ResourceGroupId: v.ResourceGroupID, DhcpOptionsSetId: v.DhcpOptionsSetID}
	if v.DhcpOptionsSetID != "" {
		j.DhcpOptionsSetStatus = "InUse"
	}
	j.SecondaryCidrBlocks.SecondaryCidrBlock = append([]string{}, v.Secondary...)
	j.UserCidrs.UserCidr = append([]string{}, v.UserCidrs...)
	j.VSwitchIds.VSwitchId = append([]string{}, v.VSwitchIDs...)
	j.Tags.Tag = tagsJSON(v.Tags)
	return j
}

func vpcView(v *vpc) vpcJSON {
	j := vpcJSON{vpcBase: vpcBaseView(v)}
	j.RouterTableIds.RouterTableIds = []string{v.RouteTableID}
	j.NatGatewayIds.NatGatewayIds = []string{}
	return j
}

type vpcAttributeJSON struct {
	RequestId string `json:"RequestId"`
	vpcBase
	ClassicLinkEnabled bool `json:"ClassicLinkEnabled"`
	SupportIpv4Gateway bool `json:"SupportIpv4Gateway"`
	CloudResources     struct {
		CloudResourceSetType []struct{} `json:"CloudResourceSetType"`
	} `json:"CloudResources"`
}

// describeVpcAttribute: one VPC by id. [I] IsDefault, when given, must match the VPC or it is not found;
// DryRun=true answers DryRunOperation once the parameters check out.
func (s *Server) describeVpcAttribute(c *call) (any, *apiError) {
	p := c.params
	if p["VpcId"] == "" {
		return nil, missingParam("VpcId")
	}
	isDefault, byDefault, err := boolParam(p, "IsDefault")
	if err != nil {
		return nil, err
	}
	dry, _, err := boolParam(p, "DryRun")
	if err != nil {
		return nil, err
	}
	if dry {
		return nil, newErr(CodeDryRunOperation)
	}
	s.mu.RLock()
	v := s.vpcs[c.region+"/"+p["VpcId"]]
	var j vpcAttributeJSON
	if v != nil {
		j = vpcAttributeJSON{RequestId: c.requestID, vpcBase: vpcBaseView(v)}
		j.CloudResources.CloudResourceSetType = []struct{}{}
	}
	s.mu.RUnlock()
	if v == nil || (byDefault && v.IsDefault != isDefault) {
		return nil, newErr(CodeVpcNotFound)
	}
	return &j, nil
}

// describeVpcs filters by every documented filter; DryRun=true answers DryRunOperation once the parameters
// check out (the reference: credentials, permission, required parameters).
func (s *Server) describeVpcs(c *call) (any, *apiError) {
	p := c.params
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{} // VpcId takes a comma list of up to 20, as the API does
	for _, id := range strings.Split(p["VpcId"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			want[id] = true
		}
	}
	if len(want) > 20 {
		return nil, invalidParam("VpcId", "at most 20 ids")
	}
	isDefault, byDefault, err := boolParam(p, "IsDefault")
	if err != nil {
		return nil, err
	}
	ipv6, byIpv6, err := boolParam(p, "EnableIpv6")
	if err != nil {
		return nil, err
	}
	var owner int64
	if raw := p["VpcOwnerId"]; raw != "" {
		if owner, err = int64Param(raw, "VpcOwnerId"); err != nil {
			return nil, err
		}
	}
	tags, err := tagFilter(p)
	if err != nil {
		return nil, err
	}
	dry, _, err := boolParam(p, "DryRun")
	if err != nil {
		return nil, err
	}
	if dry {
		return nil, newErr(CodeDryRunOperation)
	}
	resp := &describeVpcsResponse{RequestId: c.requestID, PageNumber: page, PageSize: size}
	var all []vpcJSON
	s.mu.RLock()
	for _, v := range s.vpcOrder {
		if v.RegionID != c.region || (len(want) > 0 && !want[v.ID]) || !is(p["VpcName"], v.Name) ||
			(byDefault && v.IsDefault != isDefault) || (byIpv6 && ipv6) || // no fixture VPC has IPv6
			!is(p["ResourceGroupId"], v.ResourceGroupID) || !is(p["DhcpOptionsSetId"], v.DhcpOptionsSetID) ||
			(owner != 0 && owner != AccountID) || !hasTags(v.Tags, tags) {
			continue
		}
		all = append(all, vpcView(v))
	}
	s.mu.RUnlock()
	from, to := window(len(all), page, size)
	resp.TotalCount = len(all)
	resp.Vpcs.Vpc = append([]vpcJSON{}, all[from:to]...)
	return resp, nil
}

func int64Param(raw, name string) (int64, *apiError) {
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalidParam(name, "it must be a positive integer")
	}
	return n, nil
}

// connIkeConfig is IkeConfig as DescribeVpnConnections has it: with the connection's pre-shared key.
type connIkeConfig struct {
	IkeConfig
	Psk string `json:"Psk"`
}

type vpnConnectionJSON struct {
	VpnConnectionId    string        `json:"VpnConnectionId"`
	Name               string        `json:"Name"`
	VpnGatewayId       string        `json:"VpnGatewayId"`
	CustomerGatewayId  string        `json:"CustomerGatewayId"`
	LocalSubnet        string        `json:"LocalSubnet"`
	RemoteSubnet       string        `json:"RemoteSubnet"`
	CreateTime         int64         `json:"CreateTime"`
	EffectImmediately  bool          `json:"EffectImmediately"`
	EnableDpd          bool          `json:"EnableDpd"`
	EnableNatTraversal bool          `json:"EnableNatTraversal"`
	Status             string        `json:"Status"`
	State              string        `json:"State"`
	Spec               string        `json:"Spec"`
	NetworkType        string        `json:"NetworkType"`
	InternetIp         string        `json:"InternetIp"`
	ResourceGroupId    string        `json:"ResourceGroupId"`
	IkeConfig          connIkeConfig `json:"IkeConfig"`
	IpsecConfig        IpsecConfig   `json:"IpsecConfig"`
	Tag                struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tag"`
}

type describeVpnConnectionsResponse struct {
	RequestId      string `json:"RequestId"`
	TotalCount     int    `json:"TotalCount"`
	PageNumber     int    `json:"PageNumber"`
	PageSize       int    `json:"PageSize"`
	VpnConnections struct {
		VpnConnection []vpnConnectionJSON `json:"VpnConnection"`
	} `json:"VpnConnections"`
}

func (s *Server) describeVpnConnections(c *call) (any, *apiError) {
	p := c.params
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	tags, err := tagFilter(p)
	if err != nil {
		return nil, err
	}
	resp := &describeVpnConnectionsResponse{RequestId: c.requestID, PageNumber: page, PageSize: size}
	var all []vpnConnectionJSON
	s.mu.RLock()
	for _, v := range s.conns {
		if v.RegionID != c.region || !is(c.gateway, v.GatewayID) || !is(p["VpnConnectionId"], v.ID) ||
			!is(p["CustomerGatewayId"], v.CustomerGatewayID) || !is(p["ResourceGroupId"], v.ResourceGroupID) ||
			!hasTags(v.Tags, tags) {
			continue
		}
		gw := s.gateways[v.RegionID+"/"+v.GatewayID].g
		ike := connIkeConfig{IkeConfig: defaultIkeConfig(gw.InternetIP), Psk: v.Psk}
		ike.RemoteId = v.RemoteIP
		j := vpnConnectionJSON{VpnConnectionId: v.ID, Name: v.Name, VpnGatewayId: v.GatewayID,
			CustomerGatewayId: v.CustomerGatewayID, LocalSubnet: v.LocalSubnet, RemoteSubnet: v.RemoteSubnet,
			CreateTime: v.CreateTime, EnableDpd: true, EnableNatTraversal: true, Status: "ipsec_sa_established",
			State: "active", Spec: "1000M", NetworkType: "public", InternetIp: gw.InternetIP,
			ResourceGroupId: v.ResourceGroupID, IkeConfig: ike, IpsecConfig: defaultIpsecConfig()}
		j.Tag.Tag = tagsJSON(v.Tags)
		all = append(all, j)
	}
	s.mu.RUnlock()
	from, to := window(len(all), page, size)
	resp.TotalCount = len(all)
	resp.VpnConnections.VpnConnection = append([]vpnConnectionJSON{}, all[from:to]...)
	return resp, nil
}
