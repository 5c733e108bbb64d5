package sandbox_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/alibabacloud-go/tea/dara"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func gatewayIDs(gws []vpc.VpnGateway) string {
	var ids []string
	for _, g := range gws {
		ids = append(ids, strings.TrimPrefix(g.VpnGatewayId, "vpn-sandbox-"))
	}
	return strings.Join(ids, ",")
}

// TestGatewayFeaturesAndVersionRule: Tag is the feature JSON, its VpnVersion decides whether a create is
// possible, and SupportsIpsecServer tells a client so before anything is sent.
func TestGatewayFeaturesAndVersionRule(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	gws, err := c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gws.VpnGateways.VpnGateway {
		var f sandbox.GatewayFeatures
		if err := json.Unmarshal([]byte(g.Tag), &f); err != nil || f.VpnVersion == "" || f.VpnEnableBgp == "" {
			t.Fatalf("%s: Tag %q is not feature JSON: %v", g.VpnGatewayId, g.Tag, err)
		}
		supported, known := sandbox.SupportsIpsecServer(g.Tag)
		if !known || supported != (g.VpnGatewayId != sandbox.GatewayLegacy) {
			t.Errorf("%s (%s): supported %v known %v", g.VpnGatewayId, f.VpnVersion, supported, known)
		}
		if g.ChargeType != "POSTPAY" {
			t.Errorf("%s: ChargeType %q", g.VpnGatewayId, g.ChargeType)
		}
		if (g.SslVpnInternetIp != "") != (g.SslVpn == "enable") {
			t.Errorf("%s: SslVpnInternetIp %q with SslVpn %s", g.VpnGatewayId, g.SslVpnInternetIp, g.SslVpn)
		}
	}
	// The rule the client would apply is the one the sandbox enforces.
	_, err = c.CreateIpsecServer(createReq(sandbox.GatewayLegacy, "172.21.0.0/16", "192.168.0.0/24"))
	wantCode(t, err, "OperationUnsupported.IPsecServer", 400)

	for _, tc := range []struct {
		a, b string
		cmp  int
		ok   bool
	}{
		{"v1.2.4", sandbox.MinIpsecServerVersion, 1, true}, {"v1.10", "v1.9", 1, true}, {"v1.2", "v1.2.0", 0, true},
		{sandbox.LegacyVpnVersion, sandbox.MinIpsecServerVersion, -1, true}, {"1.2.4", "v1.2.4", 0, false}, {"v1.x", "v1", 0, false},
	} {
		if cmp, ok := sandbox.CompareVpnVersions(tc.a, tc.b); cmp != tc.cmp || ok != tc.ok {
			t.Errorf("CompareVpnVersions(%q, %q) = %d %v", tc.a, tc.b, cmp, ok)
		}
	}
	if _, known := sandbox.SupportsIpsecServer(""); known {
		t.Error("an empty Tag counted as known")
	}
}

func TestGatewayFiltersV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	list := func(mut func(r *vpc.DescribeVpnGatewaysRequest)) (*vpc.DescribeVpnGatewaysResponse, error) {
		r := vpc.CreateDescribeVpnGatewaysRequest()
		r.PageSize = requests.NewInteger(50)
		mut(r)
		return c.DescribeVpnGateways(r)
	}
	for _, tc := range []struct {
		name string
		mut  func(r *vpc.DescribeVpnGatewaysRequest)
		want string
	}{
		{"tag key and value", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.Tag = &[]vpc.DescribeVpnGatewaysTag{{Key: "case", Value: "nossl"}}
		}, "nossl"},
		{"tag key only", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.Tag = &[]vpc.DescribeVpnGatewaysTag{{Key: "case"}}
		}, "ready,nossl,vpnconn,hasserver,locked,legacy,busy"},
		{"two tags must both match", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.Tag = &[]vpc.DescribeVpnGatewaysTag{{Key: "env", Value: "sandbox"}, {Key: "case", Value: "busy"}}
		}, "busy"},
		{"tag without a match", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.Tag = &[]vpc.DescribeVpnGatewaysTag{{Key: "env", Value: "prod"}}
		}, ""},
		{"resource group", func(r *vpc.DescribeVpnGatewaysRequest) { r.ResourceGroupId = sandbox.LegacyResourceGroupID }, "legacy"},
		{"resource group without a match", func(r *vpc.DescribeVpnGatewaysRequest) { r.ResourceGroupId = "rg-nope" }, ""},
		{"gateway type", func(r *vpc.DescribeVpnGatewaysRequest) { r.GetQueryParams()["GatewayType"] = "Traditional" },
			"ready,nossl,vpnconn,hasserver,locked,legacy,busy"},
		{"site-to-site gateways", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.GetQueryParams()["GatewayType"] = "Enhance.SiteToSite"
		}, ""},
		{"id and VPC together", func(r *vpc.DescribeVpnGatewaysRequest) {
			r.VpnGatewayId, r.VpcId = sandbox.GatewayReady, "vpc-sandbox-nossl"
		}, ""},
	} {
		resp, err := list(tc.mut)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := gatewayIDs(resp.VpnGateways.VpnGateway); got != tc.want || resp.TotalCount != len(resp.VpnGateways.VpnGateway) {
			t.Errorf("%s: got %q (TotalCount %d), want %q", tc.name, got, resp.TotalCount, tc.want)
		}
	}
	for name, mut := range map[string]func(r *vpc.DescribeVpnGatewaysRequest){
		"status":         func(r *vpc.DescribeVpnGatewaysRequest) { r.Status = "Active" },
		"gateway type":   func(r *vpc.DescribeVpnGatewaysRequest) { r.GetQueryParams()["GatewayType"] = "traditional" },
		"tag N 21":       func(r *vpc.DescribeVpnGatewaysRequest) { r.GetQueryParams()["Tag.21.Key"] = "env" },
		"tag value only": func(r *vpc.DescribeVpnGatewaysRequest) { r.GetQueryParams()["Tag.1.Value"] = "sandbox" },
		"reservation":    func(r *vpc.DescribeVpnGatewaysRequest) { r.IncludeReservationData = "yes" },
	} {
		_, err := list(mut)
		wantCode(t, err, "InvalidParameter", 400)
		_ = name
	}

	// ReservationData only when asked for.
	one := describeReq(sandbox.GatewayNoSSL)
	gw, err := c.DescribeVpnGateway(one)
	if err != nil || strings.Contains(gw.GetHttpContentString(), "ReservationData") {
		t.Fatalf("ReservationData without IncludeReservationData: %v %s", err, gw.GetHttpContentString())
	}
	one.IncludeReservationData = requests.NewBoolean(true)
	if gw, err = c.DescribeVpnGateway(one); err != nil || gw.ReservationData.ReservationOrderType != "RENEWCHANGE" ||
		gw.ReservationData.ReservationSsl != "enable" || gw.ReservationData.ReservationMaxConnections != 5 {
		t.Fatalf("nossl's pending order: %v %+v", err, gw.ReservationData)
	}
	if strings.Contains(gw.GetHttpContentString(), "SslVpnInternetIp") {
		t.Errorf("SslVpnInternetIp on a gateway with SSL-VPN off")
	}

	// Region names in both documented languages, Chinese by default.
	regions, err := c.DescribeRegions(vpc.CreateDescribeRegionsRequest())
	if err != nil || regions.Regions.Region[0].LocalName != "华东1（杭州）" {
		t.Fatalf("default language: %v %+v", err, regions)
	}
	en := vpc.CreateDescribeRegionsRequest()
	en.AcceptLanguage = "en-US"
	if regions, err = c.DescribeRegions(en); err != nil || regions.Regions.Region[0].LocalName != "China (Hangzhou)" {
		t.Fatalf("en-US: %v %+v", err, regions)
	}
	en.AcceptLanguage = "fr-FR"
	_, err = c.DescribeRegions(en)
	wantCode(t, err, "InvalidParameter", 400)
}

func TestGatewayFiltersV2(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v2(t, srv, sandbox.AccessKeySecret)
	resp, err := c.DescribeVpnGateways(&vpc2.DescribeVpnGatewaysRequest{RegionId: dara.String("cn-hangzhou"),
		Tag:                    []*vpc2.DescribeVpnGatewaysRequestTag{{Key: dara.String("case"), Value: dara.String("legacy")}},
		ResourceGroupId:        dara.String(sandbox.LegacyResourceGroupID),
		IncludeReservationData: dara.Bool(true)})
	if err != nil || dara.Int32Value(resp.Body.TotalCount) != 1 {
		t.Fatalf("V2 tag + resource group: %v %+v", err, resp)
	}
	g := resp.Body.VpnGateways.VpnGateway[0]
	if supported, known := sandbox.SupportsIpsecServer(dara.StringValue(g.Tag)); supported || !known ||
		g.ReservationData == nil || dara.StringValue(g.ChargeType) != "POSTPAY" {
		t.Fatalf("V2 legacy gateway: %s %+v", dara.StringValue(g.Tag), g)
	}
	none, err := c.DescribeVpnGateways(&vpc2.DescribeVpnGatewaysRequest{RegionId: dara.String("cn-hangzhou"),
		Tag: []*vpc2.DescribeVpnGatewaysRequestTag{{Key: dara.String("env"), Value: dara.String("prod")}}})
	if err != nil || dara.Int32Value(none.Body.TotalCount) != 0 || len(none.Body.VpnGateways.VpnGateway) != 0 {
		t.Fatalf("V2 tag without a match: %v %+v", err, none)
	}
	one, err := c.DescribeVpnGateway(&vpc2.DescribeVpnGatewayRequest{RegionId: dara.String("cn-hangzhou"),
		VpnGatewayId: dara.String(sandbox.GatewayReady)})
	if err != nil || one.Body.ReservationData != nil || dara.StringValue(one.Body.SslVpnInternetIp) == "" {
		t.Fatalf("V2 DescribeVpnGateway conditional fields: %v %+v", err, one)
	}
	regions, err := c.DescribeRegions(&vpc2.DescribeRegionsRequest{AcceptLanguage: dara.String("en-US")})
	if err != nil || dara.StringValue(regions.Body.Regions.Region[1].LocalName) != "China (Shanghai)" {
		t.Fatalf("V2 en-US: %v %+v", err, regions)
	}
}
