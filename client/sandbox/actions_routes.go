package sandbox

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// DescribeRouteTableList and DescribeRouteEntryList: a VPC's route table, so a client can see the custom
// route that a client pool must not contain (EnableHaCheck.IpsecServerCidrContainsVpcRouteDest) before it
// sends a create.

const (
	routeSystem = "System"
	routeCustom = "Custom"
)

type routeTableJSON struct {
	RouteTableId           string `json:"RouteTableId"`
	RouteTableName         string `json:"RouteTableName"`
	RouteTableType         string `json:"RouteTableType"`
	VpcId                  string `json:"VpcId"`
	RouterId               string `json:"RouterId"`
	RouterType             string `json:"RouterType"`
	AssociateType          string `json:"AssociateType"`
	Status                 string `json:"Status"`
	Description            string `json:"Description"`
	CreationTime           string `json:"CreationTime"`
	OwnerId                int64  `json:"OwnerId"`
	ResourceGroupId        string `json:"ResourceGroupId"`
	RoutePropagationEnable bool   `json:"RoutePropagationEnable"`
	VSwitchIds             struct {
		VSwitchId []string `json:"VSwitchId"`
	} `json:"VSwitchIds"`
	GatewayIds struct {
		GatewayIds []string `json:"GatewayIds"`
	} `json:"GatewayIds"`
	Tags struct {
		Tag []tagJSON `json:"Tag"`
	} `json:"Tags"`
}

type describeRouteTableListResponse struct {
	RequestId       string `json:"RequestId"`
	Success         bool   `json:"Success"`
	Code            string `json:"Code"`
	Message         string `json:"Message"`
	TotalCount      int    `json:"TotalCount"`
	PageNumber      int    `json:"PageNumber"`
	PageSize        int    `json:"PageSize"`
	RouterTableList struct {
		RouterTableListType []routeTableJSON `json:"RouterTableListType"`
	} `json:"RouterTableList"`
}

func (s *Server) describeRouteTableList(c *call) (any, *apiError) {
	p := c.params
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	tableType, err := enumParam(p, "RouteTableType", routeSystem, routeCustom)
	if err != nil {
		return nil, err
	}
	routerType, err := enumParam(p, "RouterType", "VRouter", "VBR")
	if err != nil {
		return nil, err
	}
	tags, err := tagFilter(p)
	if err != nil {
		return nil, err
	}
	resp := &describeRouteTableListResponse{RequestId: c.requestID, Success: true, Code: "200", Message: "successful",
		PageNumber: page, PageSize: size}
	var all []routeTableJSON
	s.mu.RLock()
	for _, v := range s.vpcOrder {
		// Every fixture table is its VPC's system table on the VPC's vRouter, with no name and no tags.
		if v.RegionID != c.region || !is(p["RouteTableId"], v.RouteTableID) || !is(p["RouteTableName"], "") ||
			!is(tableType, routeSystem) || !is(p["RouterId"], v.VRouterID) || !is(routerType, "VRouter") ||
			!is(p["VpcId"], v.ID) || !is(p["ResourceGroupId"], v.ResourceGroupID) || !hasTags(nil, tags) {
			continue
		}
		j := routeTableJSON{RouteTableId: v.RouteTableID, RouteTableType: routeSystem, VpcId: v.ID,
			RouterId: v.VRouterID, RouterType: "VRouter", AssociateType: "VSwitch", Status: "Available",
			CreationTime: v.CreationTime, OwnerId: AccountID, ResourceGroupId: v.ResourceGroupID,
			RoutePropagationEnable: true}
		j.VSwitchIds.VSwitchId = append([]string{}, v.VSwitchIDs...)
		j.GatewayIds.GatewayIds = []string{}
		j.Tags.Tag = []tagJSON{}
		all = append(all, j)
	}
	s.mu.RUnlock()
	from, to := window(len(all), page, size)
	resp.TotalCount = len(all)
	resp.RouterTableList.RouterTableListType = append([]routeTableJSON{}, all[from:to]...)
	return resp, nil
}

type nextHopJSON struct {
	NextHopId          string `json:"NextHopId"`
	NextHopType        string `json:"NextHopType"`
	NextHopRelatedInfo struct {
		InstanceId   string `json:"InstanceId"`
		InstanceType string `json:"InstanceType"`
		RegionId     string `json:"RegionId"`
	} `json:"NextHopRelatedInfo"`
}

type routeEntryJSON struct {
	RouteEntryId         string `json:"RouteEntryId"`
	RouteEntryName       string `json:"RouteEntryName"`
	RouteTableId         string `json:"RouteTableId"`
	DestinationCidrBlock string `json:"DestinationCidrBlock"`
	IpVersion            string `json:"IpVersion"`
	Type                 string `json:"Type"`
	Origin               string `json:"Origin"`
	Status               string `json:"Status"`
	Description          string `json:"Description"`
	GmtModified          string `json:"GmtModified"`
	ServiceType          string `json:"ServiceType"`
	NextHops             struct {
		NextHop []nextHopJSON `json:"NextHop"`
	} `json:"NextHops"`
}

type describeRouteEntryListResponse struct {
	RequestId   string `json:"RequestId"`
	NextToken   string `json:"NextToken"`
	RouteEntrys struct {
		RouteEntry []routeEntryJSON `json:"RouteEntry"`
	} `json:"RouteEntrys"`
}

// nextHopTypes are DescribeRouteEntryList's documented NextHopType values.
var nextHopTypes = []string{"Instance", "HaVip", "VpnGateway", "NatGateway", "NetworkInterface", "RouterInterface",
	"IPv6Gateway", "Attachment", "Ipv4Gateway", "GatewayEndpoint", "CenBasic", "Ecr"}

func (s *Server) describeRouteEntryList(c *call) (any, *apiError) {
	p := c.params
	if p["RouteTableId"] == "" {
		return nil, missingParam("RouteTableId")
	}
	maxResult, err := intParam(p, "MaxResult", 10, 1, 100)
	if err != nil {
		return nil, err
	}
	offset, err := nextToken(p["NextToken"])
	if err != nil {
		return nil, err
	}
	ipVersion, err := enumParam(p, "IpVersion", "IPv4", "IPv6")
	if err != nil {
		return nil, err
	}
	hopType, err := enumParam(p, "NextHopType", nextHopTypes...)
	if err != nil {
		return nil, err
	}
	entryType, err := enumParam(p, "RouteEntryType", routeCustom, routeSystem, "BGP", "CEN", "ECR")
	if err != nil {
		return nil, err
	}
	service, err := enumParam(p, "ServiceType", "TR")
	if err != nil {
		return nil, err
	}
	dest, err := cidrFilter(p["DestinationCidrBlock"], "DestinationCidrBlock")
	if err != nil {
		return nil, err
	}
	var destList []string
	for k, v := range p {
		n, ok := strings.CutPrefix(k, "DestCidrBlockList.")
		if !ok {
			continue
		}
		if i, e := strconv.Atoi(n); e != nil || i < 1 || i > 20 || strconv.Itoa(i) != n {
			return nil, invalidParam(sanitize(k), "DestCidrBlockList.N takes N from 1 to 20")
		}
		d, err := cidrFilter(v, sanitize(k))
		if err != nil {
			return nil, err
		}
		destList = append(destList, d)
	}
	var all []routeEntryJSON
	s.mu.RLock()
	var table *vpc
	for _, v := range s.vpcOrder {
		if v.RegionID == c.region && v.RouteTableID == p["RouteTableId"] {
			table = v
		}
	}
	for _, r := range routesOf(table) {
		if !is(dest, r.Dest) || (len(destList) > 0 && !slices.Contains(destList, r.Dest)) ||
			!is(ipVersion, "IPv4") || !is(hopType, r.NextHopType) || !is(p["NextHopId"], r.NextHopID) ||
			!is(p["RouteEntryId"], r.ID) || !is(p["RouteEntryName"], r.Name) || !is(entryType, r.Type) ||
			service != "" { // no fixture route is hosted by a transit router
			continue
		}
		all = append(all, routeView(table, r))
	}
	s.mu.RUnlock()
	if table == nil {
		return nil, newErr(CodeRouteTableNotFound)
	}
	resp := &describeRouteEntryListResponse{RequestId: c.requestID}
	from, to := min(offset, len(all)), min(offset+maxResult, len(all))
	resp.RouteEntrys.RouteEntry = append([]routeEntryJSON{}, all[from:to]...)
	if to < len(all) {
		resp.NextToken = strconv.Itoa(to)
	}
	return resp, nil
}

func routesOf(v *vpc) []routeEntry {
	if v == nil {
		return nil
	}
	return v.Routes
}

func routeView(v *vpc, r routeEntry) routeEntryJSON {
	j := routeEntryJSON{RouteEntryId: r.ID, RouteEntryName: r.Name, RouteTableId: v.RouteTableID,
		DestinationCidrBlock: r.Dest, IpVersion: "IPv4", Type: r.Type, Origin: "SystemCreate", Status: "Available",
		Description: r.Description, GmtModified: v.CreationTime}
	j.NextHops.NextHop = []nextHopJSON{}
	if r.Type == routeCustom {
		j.Origin = "CustomCreate"
		hop := nextHopJSON{NextHopId: r.NextHopID, NextHopType: r.NextHopType}
		hop.NextHopRelatedInfo.InstanceId, hop.NextHopRelatedInfo.InstanceType = r.NextHopID, r.NextHopType
		hop.NextHopRelatedInfo.RegionId = v.RegionID
		j.NextHops.NextHop = append(j.NextHops.NextHop, hop)
	}
	return j
}

// cidrFilter normalizes a CIDR filter value so 192.168.50.0/24 finds the route however it is written.
func cidrFilter(raw, name string) (string, *apiError) {
	if raw == "" {
		return "", nil
	}
	pfx, err := netip.ParsePrefix(strings.TrimSpace(raw)) // IPv6 too, as documented (no fixture route has one)
	if err != nil {
		return "", invalidParam(name, "it must be a CIDR block")
	}
	return pfx.Masked().String(), nil
}

// nextToken reads a NextToken this sandbox handed out (an offset), "" meaning the start.
func nextToken(tok string) (int, *apiError) {
	if tok == "" {
		return 0, nil
	}
	n, e := strconv.Atoi(tok)
	if e != nil || n < 0 || strconv.Itoa(n) != tok {
		return 0, invalidParam("NextToken", "it is not a token this API returned")
	}
	return n, nil
}
