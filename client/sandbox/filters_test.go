package sandbox_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/dara"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func vpcIDs(vs []vpc.Vpc) string {
	var ids []string
	for _, v := range vs {
		ids = append(ids, strings.TrimPrefix(v.VpcId, "vpc-sandbox-"))
	}
	return strings.Join(ids, ",")
}

func TestVpcFiltersV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	all := "ready,nossl,vpnconn,hasserver,locked,legacy,busy"
	for _, tc := range []struct {
		name   string
		region string
		mut    func(r *vpc.DescribeVpcsRequest)
		want   string
	}{
		{"name", "", func(r *vpc.DescribeVpcsRequest) { r.VpcName = "hasserver-hz" }, "hasserver"},
		{"name without a match", "", func(r *vpc.DescribeVpcsRequest) { r.VpcName = "nope" }, ""},
		{"default VPC", sandbox.RegionBeijing, func(r *vpc.DescribeVpcsRequest) { r.IsDefault = requests.NewBoolean(true) }, "bj"},
		{"no default VPC here", "", func(r *vpc.DescribeVpcsRequest) { r.IsDefault = requests.NewBoolean(true) }, ""},
		{"non-default VPCs", "", func(r *vpc.DescribeVpcsRequest) { r.IsDefault = requests.NewBoolean(false) }, all},
		{"resource group", "", func(r *vpc.DescribeVpcsRequest) { r.ResourceGroupId = sandbox.LegacyResourceGroupID }, "legacy"},
		{"tag", "", func(r *vpc.DescribeVpcsRequest) {
			r.Tag = &[]vpc.DescribeVpcsTag{{Key: "case", Value: "busy"}}
		}, "busy"},
		{"DHCP options set", "", func(r *vpc.DescribeVpcsRequest) { r.DhcpOptionsSetId = sandbox.ReadyDhcpOptionsSetID }, "ready"},
		{"owner", "", func(r *vpc.DescribeVpcsRequest) {
			r.VpcOwnerId = requests.NewInteger64(sandbox.AccountID)
		}, all},
		{"another owner", "", func(r *vpc.DescribeVpcsRequest) { r.VpcOwnerId = requests.NewInteger64(42) }, ""},
		{"IPv6", "", func(r *vpc.DescribeVpcsRequest) { r.EnableIpv6 = requests.NewBoolean(true) }, ""},
		{"id list", "", func(r *vpc.DescribeVpcsRequest) { r.VpcId = "vpc-sandbox-busy, vpc-sandbox-ready" }, "ready,busy"},
	} {
		r := vpc.CreateDescribeVpcsRequest()
		if tc.region != "" {
			r.RegionId = tc.region
		}
		r.PageSize = requests.NewInteger(50)
		tc.mut(r)
		resp, err := c.DescribeVpcs(r)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := vpcIDs(resp.Vpcs.Vpc); got != tc.want || resp.TotalCount != len(resp.Vpcs.Vpc) {
			t.Errorf("%s: got %q (TotalCount %d), want %q", tc.name, got, resp.TotalCount, tc.want)
		}
	}
	one := vpc.CreateDescribeVpcsRequest()
	one.VpcId = "vpc-sandbox-ready"
	resp, err := c.DescribeVpcs(one)
	if err != nil {
		t.Fatal(err)
	}
	if v := resp.Vpcs.Vpc[0]; v.OwnerId != sandbox.AccountID || v.DhcpOptionsSetId != sandbox.ReadyDhcpOptionsSetID ||
		len(v.RouterTableIds.RouterTableIds) != 1 || len(v.Tags.Tag) != 2 {
		t.Errorf("ready VPC %+v", v)
	}

	dry := vpc.CreateDescribeVpcsRequest()
	dry.DryRun = requests.NewBoolean(true)
	_, err = c.DescribeVpcs(dry)
	wantCode(t, err, "DryRunOperation", 400)
	dry.PageSize = requests.NewInteger(51) // a failing check wins over DryRun
	_, err = c.DescribeVpcs(dry)
	wantCode(t, err, "InvalidParameter", 400)
	ro := v1With(t, srv, sandbox.ReadOnlyAccessKeyID, sandbox.ReadOnlyAccessKeySecret)
	dry = vpc.CreateDescribeVpcsRequest()
	dry.DryRun = requests.NewBoolean(true)
	_, err = ro.DescribeVpcs(dry) // a read: the read-only key passes the permission check
	wantCode(t, err, "DryRunOperation", 400)

	var ids []string
	for i := 0; i < 21; i++ {
		ids = append(ids, "vpc-"+strconv.Itoa(i))
	}
	many := vpc.CreateDescribeVpcsRequest()
	many.VpcId = strings.Join(ids, ",")
	_, err = c.DescribeVpcs(many)
	wantCode(t, err, "InvalidParameter", 400)
	bad := vpc.CreateDescribeVpcsRequest()
	bad.GetQueryParams()["VpcOwnerId"] = "me"
	_, err = c.DescribeVpcs(bad)
	wantCode(t, err, "InvalidParameter", 400)
}

func TestConnectionAndServerFiltersV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	conns := func(mut func(r *vpc.DescribeVpnConnectionsRequest)) int {
		t.Helper()
		r := vpc.CreateDescribeVpnConnectionsRequest()
		mut(r)
		resp, err := c.DescribeVpnConnections(r)
		if err != nil {
			t.Fatal(err)
		}
		if resp.TotalCount != len(resp.VpnConnections.VpnConnection) {
			t.Fatalf("TotalCount %d for %d items", resp.TotalCount, len(resp.VpnConnections.VpnConnection))
		}
		return resp.TotalCount
	}
	for name, tc := range map[string]struct {
		mut  func(r *vpc.DescribeVpnConnectionsRequest)
		want int
	}{
		"customer gateway":       {func(r *vpc.DescribeVpnConnectionsRequest) { r.CustomerGatewayId = sandbox.CustomerGatewayID }, 1},
		"other customer gateway": {func(r *vpc.DescribeVpnConnectionsRequest) { r.CustomerGatewayId = "cgw-nope" }, 0},
		"tag": {func(r *vpc.DescribeVpnConnectionsRequest) {
			r.Tag = &[]vpc.DescribeVpnConnectionsTag{{Key: "site", Value: "office"}}
		}, 1},
		"tag without a match": {func(r *vpc.DescribeVpnConnectionsRequest) {
			r.Tag = &[]vpc.DescribeVpnConnectionsTag{{Key: "site", Value: "home"}}
		}, 0},
		"resource group": {func(r *vpc.DescribeVpnConnectionsRequest) { r.ResourceGroupId = "rg-nope" }, 0},
		"connection id":  {func(r *vpc.DescribeVpnConnectionsRequest) { r.VpnConnectionId = sandbox.VpnConnectionID }, 1},
	} {
		if got := conns(tc.mut); got != tc.want {
			t.Errorf("%s: %d connections, want %d", name, got, tc.want)
		}
	}
	one, err := c.DescribeVpnConnections(vpc.CreateDescribeVpnConnectionsRequest())
	if err != nil {
		t.Fatal(err)
	}
	if v := one.VpnConnections.VpnConnection[0]; v.IkeConfig.Psk == "" || v.IkeConfig.LocalId == "" ||
		len(v.Tag.TagItem) != 2 || v.ResourceGroupId != sandbox.ResourceGroupID {
		t.Errorf("connection %+v", v)
	}

	list := vpc.CreateListIpsecServersRequest()
	list.ResourceGroupId = sandbox.ResourceGroupID
	lr, err := c.ListIpsecServers(list)
	if err != nil || lr.TotalCount != 1 || lr.IpsecServers[0].ResourceGroupId != sandbox.ResourceGroupID {
		t.Fatalf("ListIpsecServers in rg-sandbox: %v %+v", err, lr)
	}
	list.ResourceGroupId = sandbox.LegacyResourceGroupID
	if lr, err = c.ListIpsecServers(list); err != nil || lr.TotalCount != 0 || len(lr.IpsecServers) != 0 {
		t.Fatalf("ListIpsecServers in another group: %v %+v", err, lr)
	}
}

func TestFiltersV2(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v2(t, srv, sandbox.AccessKeySecret)
	hz := dara.String("cn-hangzhou")
	vpcs, err := c.DescribeVpcs(&vpc2.DescribeVpcsRequest{RegionId: hz, VpcName: dara.String("ready-hz"),
		IsDefault: dara.Bool(false), ResourceGroupId: dara.String(sandbox.ResourceGroupID),
		DhcpOptionsSetId: dara.String(sandbox.ReadyDhcpOptionsSetID), VpcOwnerId: dara.Int64(sandbox.AccountID),
		Tag: []*vpc2.DescribeVpcsRequestTag{{Key: dara.String("case"), Value: dara.String("ready")}}})
	if err != nil || dara.Int32Value(vpcs.Body.TotalCount) != 1 || dara.Int64Value(vpcs.Body.Vpcs.Vpc[0].OwnerId) != sandbox.AccountID {
		t.Fatalf("V2 DescribeVpcs with every filter: %v %+v", err, vpcs)
	}
	_, err = c.DescribeVpcs(&vpc2.DescribeVpcsRequest{RegionId: hz, DryRun: dara.Bool(true)})
	if code, status := v2Code(t, err); code != "DryRunOperation" || status != 400 {
		t.Fatalf("V2 DescribeVpcs DryRun: %s %d", code, status)
	}
	conns, err := c.DescribeVpnConnections(&vpc2.DescribeVpnConnectionsRequest{RegionId: hz,
		CustomerGatewayId: dara.String(sandbox.CustomerGatewayID), ResourceGroupId: dara.String(sandbox.ResourceGroupID),
		Tag: []*vpc2.DescribeVpnConnectionsRequestTag{{Key: dara.String("site"), Value: dara.String("office")}}})
	if err != nil || dara.Int32Value(conns.Body.TotalCount) != 1 {
		t.Fatalf("V2 DescribeVpnConnections: %v %+v", err, conns)
	}
	if v := conns.Body.VpnConnections.VpnConnection[0]; dara.StringValue(v.IkeConfig.Psk) == "" || len(v.Tag.Tag) != 2 {
		t.Fatalf("V2 connection %+v", v)
	}
	none, err := c.DescribeVpnConnections(&vpc2.DescribeVpnConnectionsRequest{RegionId: hz,
		CustomerGatewayId: dara.String("cgw-nope")})
	if err != nil || dara.Int32Value(none.Body.TotalCount) != 0 {
		t.Fatalf("V2 DescribeVpnConnections without a match: %v %+v", err, none)
	}
	servers, err := c.ListIpsecServers(&vpc2.ListIpsecServersRequest{RegionId: hz,
		ResourceGroupId: dara.String(sandbox.LegacyResourceGroupID)})
	if err != nil || dara.Int32Value(servers.Body.TotalCount) != 0 {
		t.Fatalf("V2 ListIpsecServers in another group: %v %+v", err, servers)
	}
	servers, err = c.ListIpsecServers(&vpc2.ListIpsecServersRequest{RegionId: hz,
		ResourceGroupId: dara.String(sandbox.ResourceGroupID), IpsecServerId: []*string{dara.String(sandbox.ExistingServerID)}})
	if err != nil || dara.Int32Value(servers.Body.TotalCount) != 1 {
		t.Fatalf("V2 ListIpsecServers by group and id: %v %+v", err, servers)
	}
}

func TestDescribeVpcAttribute(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	r := vpc.CreateDescribeVpcAttributeRequest()
	r.VpcId = "vpc-sandbox-ready"
	resp, err := c.DescribeVpcAttribute(r)
	if err != nil || resp.CidrBlock != "172.16.0.0/16" || len(resp.SecondaryCidrBlocks.SecondaryCidrBlock) != 1 ||
		resp.OwnerId != sandbox.AccountID || resp.DhcpOptionsSetId != sandbox.ReadyDhcpOptionsSetID || resp.RequestId == "" {
		t.Fatalf("ready VPC: %v %+v", err, resp)
	}
	r.IsDefault = requests.NewBoolean(true)
	_, err = c.DescribeVpcAttribute(r)
	wantCode(t, err, "InvalidVpcId.NotFound", 404)
	r.IsDefault, r.DryRun = "", requests.NewBoolean(true)
	_, err = c.DescribeVpcAttribute(r)
	wantCode(t, err, "DryRunOperation", 400)
	_, err = c.DescribeVpcAttribute(vpc.CreateDescribeVpcAttributeRequest())
	wantCode(t, err, "MissingParameter", 400)

	c2 := v2(t, srv, sandbox.AccessKeySecret)
	v, err := c2.DescribeVpcAttribute(&vpc2.DescribeVpcAttributeRequest{RegionId: dara.String(sandbox.RegionBeijing),
		VpcId: dara.String("vpc-sandbox-bj"), IsDefault: dara.Bool(true)})
	if err != nil || !dara.BoolValue(v.Body.IsDefault) || dara.Int64Value(v.Body.OwnerId) != sandbox.AccountID {
		t.Fatalf("V2 default VPC: %v %+v", err, v)
	}
	_, err = c2.DescribeVpcAttribute(&vpc2.DescribeVpcAttributeRequest{RegionId: dara.String("cn-hangzhou"),
		VpcId: dara.String("vpc-sandbox-ready"), DryRun: dara.Bool(true)})
	if code, status := v2Code(t, err); code != "DryRunOperation" || status != 400 {
		t.Fatalf("V2 DryRun: %s %d", code, status)
	}
}
