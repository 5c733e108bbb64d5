package sandbox_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// v2 is the V2 SDK (darabonba-openapi, ACS3-HMAC-SHA256) on the sandbox: the independent client.
func v2(t *testing.T, srv *sandbox.Server, secret string) *vpc2.Client {
	t.Helper()
	cfg := &openapiutil.Config{}
	cfg.SetAccessKeyId(sandbox.AccessKeyID).SetAccessKeySecret(secret).SetEndpoint(srv.Addr()).
		SetProtocol("HTTP").SetRegionId("cn-hangzhou")
	c, err := vpc2.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func v2Code(t *testing.T, err error) (string, int) {
	t.Helper()
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Fatalf("want an SDK error, got %T %v", err, err)
	}
	return tea.StringValue(se.Code), tea.IntValue(se.StatusCode)
}

func TestV2SDK(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{Settle: 50 * time.Millisecond, UpdatingDelay: -1})
	c := v2(t, srv, sandbox.AccessKeySecret)

	gw, err := c.DescribeVpnGateway(&vpc2.DescribeVpnGatewayRequest{
		RegionId: dara.String("cn-hangzhou"), VpnGatewayId: dara.String("vpn-sandbox-ready")})
	if err != nil {
		t.Fatal(err)
	}
	if b := gw.Body; dara.StringValue(b.Status) != "active" || dara.Int64Value(b.SslMaxConnections) != 5 ||
		dara.Int64Value(b.CreateTime) == 0 || dara.StringValue(b.RequestId) == "" || dara.BoolValue(b.EnableBgp) {
		t.Fatalf("V2 DescribeVpnGateway %+v", b)
	}
	gws, err := c.DescribeVpnGateways(&vpc2.DescribeVpnGatewaysRequest{RegionId: dara.String("cn-hangzhou"),
		PageSize: dara.Int32(2)})
	if err != nil || dara.Int32Value(gws.Body.TotalCount) != 7 || len(gws.Body.VpnGateways.VpnGateway) != 2 {
		t.Fatalf("V2 DescribeVpnGateways: %v %+v", err, gws)
	}
	vpcs, err := c.DescribeVpcs(&vpc2.DescribeVpcsRequest{RegionId: dara.String("cn-hangzhou"), VpcId: dara.String("vpc-sandbox-ready")})
	if err != nil || len(vpcs.Body.Vpcs.Vpc) != 1 || len(vpcs.Body.Vpcs.Vpc[0].SecondaryCidrBlocks.SecondaryCidrBlock) != 1 {
		t.Fatalf("V2 DescribeVpcs: %v %+v", err, vpcs)
	}
	conns, err := c.DescribeVpnConnections(&vpc2.DescribeVpnConnectionsRequest{RegionId: dara.String("cn-hangzhou"),
		VpnGatewayId: dara.String("vpn-sandbox-vpnconn")})
	if err != nil || dara.Int32Value(conns.Body.TotalCount) != 1 {
		t.Fatalf("V2 DescribeVpnConnections: %v %+v", err, conns)
	}
	if _, err := c.DescribeRegions(&vpc2.DescribeRegionsRequest{}); err != nil {
		t.Fatalf("V2 DescribeRegions: %v", err)
	}

	created, err := c.CreateIpsecServer(&vpc2.CreateIpsecServerRequest{
		RegionId: dara.String("cn-hangzhou"), VpnGatewayId: dara.String("vpn-sandbox-ready"),
		LocalSubnet: dara.String("172.16.0.0/16"), ClientIpPool: dara.String("192.168.3.0/24"),
		PskEnabled: dara.Bool(true), IpSecServerName: dara.String("v2 server *~"),
		IkeConfig: dara.String(`{"IkeVersion":"ikev2","IkeLifetime":600}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dara.StringValue(created.Body.IpsecServerId), "iss-") || dara.StringValue(created.Body.IpsecServerName) != "v2 server *~" {
		t.Fatalf("V2 create %+v", created.Body)
	}
	list, err := c.ListIpsecServers(&vpc2.ListIpsecServersRequest{RegionId: dara.String("cn-hangzhou"),
		VpnGatewayId: dara.String("vpn-sandbox-ready")})
	if err != nil || len(list.Body.IpsecServers) != 1 {
		t.Fatalf("V2 ListIpsecServers: %v %+v", err, list)
	}
	s := list.Body.IpsecServers[0]
	if dara.Int64Value(s.IkeConfig.IkeLifetime) != 600 || !dara.BoolValue(s.PskEnabled) || len(dara.StringValue(s.Psk)) != 16 ||
		dara.Int32Value(s.MaxConnections) != 5 {
		t.Fatalf("V2 server %+v", s)
	}
	waitFor(t, "active", 5*time.Second, func() bool { st, _ := srv.GatewayStatus("cn-hangzhou", "vpn-sandbox-ready"); return st == "active" })
	if _, err := c.DeleteIpsecServer(&vpc2.DeleteIpsecServerRequest{RegionId: dara.String("cn-hangzhou"),
		IpsecServerId: s.IpsecServerId}); err != nil {
		t.Fatal(err)
	}

	_, err = c.DescribeVpnGateway(&vpc2.DescribeVpnGatewayRequest{RegionId: dara.String("cn-hangzhou"),
		VpnGatewayId: dara.String("vpn-sandbox-nope")})
	if code, status := v2Code(t, err); code != "InvalidVpnGatewayInstanceId.NotFound" || status != 404 {
		t.Fatalf("V2 not found: %s %d", code, status)
	}
	_, err = v2(t, srv, "wrong-secret").DescribeVpnGateways(&vpc2.DescribeVpnGatewaysRequest{RegionId: dara.String("cn-hangzhou")})
	if code, status := v2Code(t, err); code != "SignatureDoesNotMatch" || status != 400 {
		t.Fatalf("V2 wrong secret: %s %d", code, status)
	}
}

// TestRawRPCVariants: GET, a form body, HMAC-SHA256, and the replay checks, hand-signed.
func TestRawRPCVariants(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	ok := func(name string, c *rawCall) {
		t.Helper()
		if status, body := c.do(t, srv.Addr()); status != 200 || !strings.Contains(body, `"VpnGateways"`) {
			t.Fatalf("%s: %d %s", name, status, body)
		}
	}
	ok("POST query", newRawCall("DescribeVpnGateways"))
	get := newRawCall("DescribeVpnGateways")
	get.method = http.MethodGet
	ok("GET", get)
	body := newRawCall("DescribeVpnGateways")
	body.inBody = true
	ok("form body", body)
	sha := newRawCall("DescribeVpnGateways")
	sha.params["SignatureMethod"] = "HMAC-SHA256"
	sha.sign = false
	sha.params["Signature"] = "wrong"
	if status, b := sha.do(t, srv.Addr()); status != 400 || !strings.Contains(b, "SignatureDoesNotMatch") {
		t.Fatalf("HMAC-SHA256 with a SHA1-shaped signature: %d %s", status, b)
	}

	for name, mut := range map[string]func(c *rawCall){
		"future timestamp": func(c *rawCall) {
			c.params["Timestamp"] = time.Now().Add(16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")
		},
		"stale timestamp": func(c *rawCall) {
			c.params["Timestamp"] = time.Now().Add(-time.Hour).UTC().Format("2006-01-02T15:04:05Z")
		},
	} {
		c := newRawCall("DescribeVpnGateways")
		mut(c)
		if status, b := c.do(t, srv.Addr()); status != 400 || !strings.Contains(b, `"InvalidTimeStamp.Expired"`) {
			t.Errorf("%s: %d %s", name, status, b)
		}
	}
	for _, p := range []string{"Signature", "SignatureNonce", "Timestamp", "AccessKeyId", "Action", "Version"} {
		c := newRawCall("DescribeVpnGateways")
		c.sign = false
		delete(c.params, p)
		if p != "Signature" {
			c.params["Signature"] = "x"
		}
		if status, b := c.do(t, srv.Addr()); status != 400 || !strings.Contains(b, `"MissingParameter"`) || !strings.Contains(b, p) {
			t.Errorf("without %s: %d %s", p, status, b)
		}
	}
	// A tampered parameter breaks the signature.
	c := newRawCall("DescribeVpnGateways")
	c.params["Signature"] = c.signature()
	c.sign = false
	c.params["PageSize"] = "3"
	if status, b := c.do(t, srv.Addr()); status != 400 || !strings.Contains(b, "SignatureDoesNotMatch") {
		t.Errorf("tampered: %d %s", status, b)
	}
}
