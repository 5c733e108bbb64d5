package sandbox_test

import (
	"testing"

	"github.com/alibabacloud-go/tea/dara"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestSslVpnV1: the SSL-VPN server whose pool conflicts with an IPsec client pool, and its client online
// (which shares SslMaxConnections with IPsec clients).
func TestSslVpnV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	servers := func(mut func(r *vpc.DescribeSslVpnServersRequest)) *vpc.DescribeSslVpnServersResponse {
		t.Helper()
		r := vpc.CreateDescribeSslVpnServersRequest()
		mut(r)
		resp, err := c.DescribeSslVpnServers(r)
		if err != nil {
			t.Fatal(err)
		}
		if resp.TotalCount < len(resp.SslVpnServers.SslVpnServer) {
			t.Fatalf("TotalCount %d for %d", resp.TotalCount, len(resp.SslVpnServers.SslVpnServer))
		}
		return resp
	}
	ready := servers(func(r *vpc.DescribeSslVpnServersRequest) { r.VpnGatewayId = sandbox.GatewayReady })
	if ready.TotalCount != 1 {
		t.Fatalf("ready's SSL-VPN servers: %+v", ready)
	}
	if s := ready.SslVpnServers.SslVpnServer[0]; s.ClientIpPool != sandbox.ReadySslClientPool || s.SslVpnServerId != sandbox.ReadySslVpnServerID ||
		s.Connections != 1 || s.MaxConnections != 5 || s.Port != 1194 || s.InternetIp != "203.0.113.10" || s.CreateTime == 0 {
		t.Errorf("ready's SSL-VPN server %+v", s)
	}
	for name, tc := range map[string]struct {
		mut  func(r *vpc.DescribeSslVpnServersRequest)
		want int
	}{
		"all in the region":   {func(r *vpc.DescribeSslVpnServersRequest) {}, 1},
		"by id":               {func(r *vpc.DescribeSslVpnServersRequest) { r.SslVpnServerId = sandbox.ReadySslVpnServerID }, 1},
		"by name":             {func(r *vpc.DescribeSslVpnServersRequest) { r.Name = "ready-ssl" }, 1},
		"other name":          {func(r *vpc.DescribeSslVpnServersRequest) { r.Name = "nope" }, 0},
		"resource group":      {func(r *vpc.DescribeSslVpnServersRequest) { r.ResourceGroupId = sandbox.LegacyResourceGroupID }, 0},
		"gateway without one": {func(r *vpc.DescribeSslVpnServersRequest) { r.VpnGatewayId = sandbox.GatewayHasServer }, 0},
		"shanghai":            {func(r *vpc.DescribeSslVpnServersRequest) { r.RegionId = sandbox.RegionShanghai }, 1},
		"page 2 of one per page": {func(r *vpc.DescribeSslVpnServersRequest) {
			r.PageNumber, r.PageSize = requests.NewInteger(2), requests.NewInteger(1)
		}, 0},
	} {
		resp := servers(tc.mut)
		if len(resp.SslVpnServers.SslVpnServer) != tc.want {
			t.Errorf("%s: %d servers, want %d", name, len(resp.SslVpnServers.SslVpnServer), tc.want)
		}
	}

	cl := vpc.CreateDescribeSslVpnClientsRequest()
	cl.VpnGatewayId = sandbox.GatewayReady
	clients, err := c.DescribeSslVpnClients(cl)
	if err != nil || clients.TotalCount != 1 || clients.VpnGatewayId != sandbox.GatewayReady {
		t.Fatalf("ready's SSL clients: %v %+v", err, clients)
	}
	if x := clients.ClientInfoList[0]; x.CommonName != sandbox.ReadySslClientCommonName || x.Status != "online" ||
		x.ConnectedTime == 0 || x.PrivateIp == "" {
		t.Errorf("SSL client %+v", x)
	}
	cl.VpnGatewayId = sandbox.GatewayHasServer // IPsec clients are not SSL-VPN clients
	if clients, err = c.DescribeSslVpnClients(cl); err != nil || clients.TotalCount != 0 || clients.ClientInfoList == nil {
		t.Fatalf("hasserver's SSL clients: %v %+v", err, clients)
	}
	cl.VpnGatewayId = "vpn-sandbox-nope"
	_, err = c.DescribeSslVpnClients(cl)
	wantCode(t, err, "InvalidVpnGatewayInstanceId.NotFound", 404)
	_, err = c.DescribeSslVpnClients(vpc.CreateDescribeSslVpnClientsRequest())
	wantCode(t, err, "MissingParameter", 400)

	// What DescribeSslVpnServers shows is what a create is refused for.
	_, err = c.CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", ready.SslVpnServers.SslVpnServer[0].ClientIpPool))
	wantCode(t, err, "VpnRouteEntry.Conflict", 400)
}

func TestRoutesV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	tables := vpc.CreateDescribeRouteTableListRequest()
	tables.VpcId = "vpc-sandbox-ready"
	tr, err := c.DescribeRouteTableList(tables)
	if err != nil || tr.TotalCount != 1 || !tr.Success {
		t.Fatalf("ready's route tables: %v %+v", err, tr)
	}
	if tt := tr.RouterTableList.RouterTableListType[0]; tt.RouteTableId != sandbox.ReadyRouteTableID || tt.RouteTableType != "System" ||
		tt.RouterType != "VRouter" || tt.OwnerId != sandbox.AccountID || len(tt.VSwitchIds.VSwitchId) != 1 {
		t.Errorf("ready's route table %+v", tt)
	}
	for name, tc := range map[string]struct {
		mut  func(r *vpc.DescribeRouteTableListRequest)
		want int
	}{
		"region":               {func(r *vpc.DescribeRouteTableListRequest) { r.PageSize = requests.NewInteger(50) }, 7},
		"by id":                {func(r *vpc.DescribeRouteTableListRequest) { r.RouteTableId = sandbox.ReadyRouteTableID }, 1},
		"custom tables":        {func(r *vpc.DescribeRouteTableListRequest) { r.RouteTableType = "Custom" }, 0},
		"VBR tables":           {func(r *vpc.DescribeRouteTableListRequest) { r.RouterType = "VBR" }, 0},
		"by router":            {func(r *vpc.DescribeRouteTableListRequest) { r.RouterId = "vrt-sandbox-busy" }, 1},
		"by name":              {func(r *vpc.DescribeRouteTableListRequest) { r.RouteTableName = "main" }, 0},
		"by resource group":    {func(r *vpc.DescribeRouteTableListRequest) { r.ResourceGroupId = sandbox.LegacyResourceGroupID }, 1},
		"by tag (none tagged)": {func(r *vpc.DescribeRouteTableListRequest) { r.Tag = &[]vpc.DescribeRouteTableListTag{{Key: "env"}} }, 0},
	} {
		r := vpc.CreateDescribeRouteTableListRequest()
		tc.mut(r)
		resp, err := c.DescribeRouteTableList(r)
		if err != nil || resp.TotalCount != tc.want {
			t.Errorf("%s: %v, %d tables, want %d", name, err, resp.TotalCount, tc.want)
		}
	}

	entries := func(mut func(r *vpc.DescribeRouteEntryListRequest)) []vpc.RouteEntry {
		t.Helper()
		r := vpc.CreateDescribeRouteEntryListRequest()
		r.RouteTableId = sandbox.ReadyRouteTableID
		mut(r)
		resp, err := c.DescribeRouteEntryList(r)
		if err != nil {
			t.Fatal(err)
		}
		return resp.RouteEntrys.RouteEntry
	}
	all := entries(func(r *vpc.DescribeRouteEntryListRequest) {})
	if len(all) != 3 {
		t.Fatalf("ready's routes: %+v", all)
	}
	custom := entries(func(r *vpc.DescribeRouteEntryListRequest) { r.RouteEntryType = "Custom" })
	if len(custom) != 1 || custom[0].DestinationCidrBlock != sandbox.ReadyVpcRouteDest || custom[0].RouteEntryId != sandbox.ReadyVpcRouteEntryID ||
		len(custom[0].NextHops.NextHop) != 1 || custom[0].NextHops.NextHop[0].NextHopId != sandbox.ReadyVpcRouteNextHop {
		t.Fatalf("ready's custom route: %+v", custom)
	}
	for name, tc := range map[string]struct {
		mut  func(r *vpc.DescribeRouteEntryListRequest)
		want int
	}{
		"system":      {func(r *vpc.DescribeRouteEntryListRequest) { r.RouteEntryType = "System" }, 2},
		"destination": {func(r *vpc.DescribeRouteEntryListRequest) { r.DestinationCidrBlock = "192.168.50.0/24" }, 1},
		"destination list": {func(r *vpc.DescribeRouteEntryListRequest) {
			r.DestCidrBlockList = &[]string{"100.64.0.0/10", "10.9.9.0/24"}
		}, 1},
		"next hop id":       {func(r *vpc.DescribeRouteEntryListRequest) { r.NextHopId = sandbox.ReadyVpcRouteNextHop }, 1},
		"next hop type":     {func(r *vpc.DescribeRouteEntryListRequest) { r.NextHopType = "VpnGateway" }, 0},
		"entry id":          {func(r *vpc.DescribeRouteEntryListRequest) { r.RouteEntryId = sandbox.ReadyVpcRouteEntryID }, 1},
		"entry name":        {func(r *vpc.DescribeRouteEntryListRequest) { r.RouteEntryName = "to-branch" }, 1},
		"IPv6":              {func(r *vpc.DescribeRouteEntryListRequest) { r.IpVersion = "IPv6" }, 0},
		"hosted by a TR":    {func(r *vpc.DescribeRouteEntryListRequest) { r.ServiceType = "TR" }, 0},
		"first of two":      {func(r *vpc.DescribeRouteEntryListRequest) { r.MaxResult = requests.NewInteger(2) }, 2},
		"after the first 2": {func(r *vpc.DescribeRouteEntryListRequest) { r.NextToken = "2" }, 1},
	} {
		if got := entries(tc.mut); len(got) != tc.want {
			t.Errorf("%s: %d routes, want %d", name, len(got), tc.want)
		}
	}
	page := vpc.CreateDescribeRouteEntryListRequest()
	page.RouteTableId, page.MaxResult = sandbox.ReadyRouteTableID, requests.NewInteger(2)
	if resp, err := c.DescribeRouteEntryList(page); err != nil || resp.NextToken != "2" {
		t.Fatalf("NextToken: %v %+v", err, resp)
	}
	page.MaxResult = requests.NewInteger(101)
	_, err = c.DescribeRouteEntryList(page)
	wantCode(t, err, "InvalidParameter", 400)
	_, err = c.DescribeRouteEntryList(vpc.CreateDescribeRouteEntryListRequest())
	wantCode(t, err, "MissingParameter", 400)

	// What the route table shows is what a create is refused for.
	_, err = c.CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", custom[0].DestinationCidrBlock))
	wantCode(t, err, "EnableHaCheck.IpsecServerCidrContainsVpcRouteDest", 400)
}

func TestSslVpnAndRoutesV2(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v2(t, srv, sandbox.AccessKeySecret)
	hz := dara.String("cn-hangzhou")
	ssl, err := c.DescribeSslVpnServers(&vpc2.DescribeSslVpnServersRequest{RegionId: hz,
		VpnGatewayId: dara.String(sandbox.GatewayReady), Name: dara.String("ready-ssl"),
		SslVpnServerId: dara.String(sandbox.ReadySslVpnServerID), ResourceGroupId: dara.String(sandbox.ResourceGroupID)})
	if err != nil || dara.Int32Value(ssl.Body.TotalCount) != 1 {
		t.Fatalf("V2 DescribeSslVpnServers: %v %+v", err, ssl)
	}
	if s := ssl.Body.SslVpnServers.SslVpnServer[0]; dara.StringValue(s.ClientIpPool) != sandbox.ReadySslClientPool ||
		dara.Int32Value(s.Connections) != 1 || dara.Int64Value(s.CreateTime) == 0 || dara.BoolValue(s.Compress) {
		t.Fatalf("V2 SSL-VPN server %+v", s)
	}
	clients, err := c.DescribeSslVpnClients(&vpc2.DescribeSslVpnClientsRequest{RegionId: hz,
		VpnGatewayId: dara.String(sandbox.GatewayReady), PageSize: dara.Int32(5)})
	if err != nil || dara.Int32Value(clients.Body.TotalCount) != 1 || dara.Int64Value(clients.Body.ClientInfoList[0].ConnectedTime) == 0 {
		t.Fatalf("V2 DescribeSslVpnClients: %v %+v", err, clients)
	}
	_, err = c.DescribeSslVpnClients(&vpc2.DescribeSslVpnClientsRequest{RegionId: hz, VpnGatewayId: dara.String("vpn-sandbox-nope")})
	if code, status := v2Code(t, err); code != "InvalidVpnGatewayInstanceId.NotFound" || status != 404 {
		t.Fatalf("V2 DescribeSslVpnClients unknown gateway: %s %d", code, status)
	}

	tables, err := c.DescribeRouteTableList(&vpc2.DescribeRouteTableListRequest{RegionId: hz,
		VpcId: dara.String("vpc-sandbox-ready"), RouteTableType: dara.String("System"), RouterType: dara.String("VRouter"),
		RouterId: dara.String("vrt-sandbox-ready"), RouteTableId: dara.String(sandbox.ReadyRouteTableID),
		ResourceGroupId: dara.String(sandbox.ResourceGroupID)})
	if err != nil || dara.Int32Value(tables.Body.TotalCount) != 1 ||
		dara.Int64Value(tables.Body.RouterTableList.RouterTableListType[0].OwnerId) != sandbox.AccountID {
		t.Fatalf("V2 DescribeRouteTableList: %v %+v", err, tables)
	}
	entries, err := c.DescribeRouteEntryList(&vpc2.DescribeRouteEntryListRequest{RegionId: hz,
		RouteTableId: dara.String(sandbox.ReadyRouteTableID), RouteEntryType: dara.String("Custom"),
		DestCidrBlockList: []*string{dara.String(sandbox.ReadyVpcRouteDest)}, MaxResult: dara.Int32(100),
		NextHopType: dara.String("Instance"), IpVersion: dara.String("IPv4")})
	if err != nil || len(entries.Body.RouteEntrys.RouteEntry) != 1 {
		t.Fatalf("V2 DescribeRouteEntryList: %v %+v", err, entries)
	}
	if e := entries.Body.RouteEntrys.RouteEntry[0]; dara.StringValue(e.NextHops.NextHop[0].NextHopId) != sandbox.ReadyVpcRouteNextHop ||
		dara.StringValue(e.Origin) != "CustomCreate" {
		t.Fatalf("V2 route %+v", e)
	}
	_, err = c.DescribeRouteEntryList(&vpc2.DescribeRouteEntryListRequest{RegionId: hz, RouteTableId: dara.String("vtb-sandbox-nope")})
	if code, status := v2Code(t, err); code != "InvalidRouteTableId.NotFound" || status != 404 {
		t.Fatalf("V2 unknown route table: %s %d", code, status)
	}
}
