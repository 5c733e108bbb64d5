package sandbox_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// referenceCodes is the error table of CreateIpsecServer.txt (shared/reference), copied so the test does not
// depend on a file outside the module; TestReferenceTableMatchesCopy checks the copy when the file is there.
var referenceCodes = []string{
	"OperationUnsupported.IPsecServer", "VpnGateway.SslVpnDisabled", "VpnGateway.Configuring",
	"VpnGateway.FinancialLocked", "OperationFailed.IPsecServerExist", "OperationUnsupported.IpsecPfs",
	"IllegalParam.AuthMethod", "IllegalParam.LocalSubnet", "IllegalParam.ClientIpPool",
	"MissingParam.IDaaSInstanceId", "OperationFailed.NoRamPermission", "ClientIpPool.NetmaskInvalid",
	"VpnRouteEntry.Conflict", "ClientIpPool.SubnetInvalid", "InvalidClientIpPool.Conflict",
	"OperationFailed.AddVpcRoute", "QuotaExceeded.VpnRouteEntry", "SystemBusy",
	"EnableHaCheck.IpsecServerCidrContainsVpcRouteDest", "VpnGateway.IPsecServerAndVpnConnectionConflict",
	"Forbidden", "InvalidVpnGatewayInstanceId.NotFound", "InvalidIDaaSInstanceId.NotFound", "OperationConflict",
}

func TestReferenceTableMatchesCopy(t *testing.T) {
	b, err := os.ReadFile("../../../shared/reference/CreateIpsecServer.txt")
	if err != nil {
		t.Skipf("reference not available: %v", err)
	}
	re := regexp.MustCompile(`(?m)^(?:400|403|404|409)([A-Za-z][A-Za-z.]+?)(?:The |One |Vpn |Ipsec |It |User |An |Operations )`)
	var found []string
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		found = append(found, m[1])
	}
	if strings.Join(found, ",") != strings.Join(referenceCodes, ",") {
		t.Fatalf("reference table codes changed:\n got %v\nwant %v", found, referenceCodes)
	}
}

func TestCatalogueCoversReference(t *testing.T) {
	cat := map[string]sandbox.DocumentedError{}
	for _, e := range sandbox.ErrorCatalogue() {
		if _, dup := cat[e.Code]; dup {
			t.Errorf("%s listed twice", e.Code)
		}
		if e.Trigger == "" || e.HTTPStatus < 400 {
			t.Errorf("%s: incomplete %+v", e.Code, e)
		}
		cat[e.Code] = e
	}
	for _, code := range referenceCodes {
		if _, ok := cat[code]; !ok {
			t.Errorf("reference code %s missing from the catalogue", code)
		}
	}
}

// observed is the code and status an error carries (V1 SDK error or raw JSON answer).
type observed struct {
	code   string
	status int
	msg    string
}

func fromErr(t *testing.T, err error) observed {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want a server error, got %v", err)
	}
	return observed{se.ErrorCode(), se.HttpStatus(), se.Message()}
}

func fromRaw(t *testing.T, status int, body string) observed {
	t.Helper()
	var b map[string]string // every value must be a string
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	if b["RequestId"] == "" || b["HostId"] == "" || b["Message"] == "" || b["Recommend"] == "" {
		t.Fatalf("incomplete error body %q", body)
	}
	return observed{b["Code"], status, b["Message"]}
}

// TestEveryCatalogueCodeIsReachable sends each code's documented trigger and checks code and status.
func TestEveryCatalogueCodeIsReachable(t *testing.T) {
	t.Parallel()
	shared := start(t, sandbox.Config{})
	create := func(mut func(r *vpc.CreateIpsecServerRequest)) func(t *testing.T) observed {
		return func(t *testing.T) observed {
			r := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
			mut(r)
			_, err := v1(t, shared).CreateIpsecServer(r)
			return fromErr(t, err)
		}
	}
	onGateway := func(gw string) func(t *testing.T) observed {
		return create(func(r *vpc.CreateIpsecServerRequest) { r.VpnGatewayId = gw })
	}
	raw := func(mut func(c *rawCall)) func(t *testing.T) observed {
		return func(t *testing.T) observed {
			c := newRawCall("DescribeVpnGateways")
			mut(c)
			status, body := c.do(t, shared.Addr())
			return fromRaw(t, status, body)
		}
	}
	common := func(action, version string) func(t *testing.T) observed {
		return func(t *testing.T) observed {
			r := requests.NewCommonRequest()
			r.Product, r.Version, r.ApiName, r.Domain = "Vpc", version, action, shared.Addr()
			_, err := v1(t, shared).ProcessCommonRequest(r)
			return fromErr(t, err)
		}
	}
	fault := func(code string) func(t *testing.T) observed {
		return func(t *testing.T) observed {
			srv := start(t, sandbox.Config{FaultRate: 1, FaultSeed: 7})
			c := v1(t, srv)
			for i := 0; i < 200; i++ {
				_, err := c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
				var se *sdkerrors.ServerError
				if errors.As(err, &se) && se.ErrorCode() == code {
					return fromErr(t, err)
				}
			}
			t.Fatalf("fault %s never injected", code)
			return observed{}
		}
	}

	triggers := map[string]func(t *testing.T) observed{
		"UnsupportedHTTPMethod": raw(func(c *rawCall) { c.method = http.MethodPut }),
		"RequestEntityTooLarge": raw(func(c *rawCall) { c.params["Padding"] = strings.Repeat("x", 70<<10); c.inBody = true }),
		"MissingParameter":      create(func(r *vpc.CreateIpsecServerRequest) { r.LocalSubnet = "" }),
		"MissingRegionId": func(t *testing.T) observed {
			c, err := vpc.NewClientWithAccessKey("", sandbox.AccessKeyID, sandbox.AccessKeySecret)
			if err != nil {
				t.Fatal(err)
			}
			c.Domain = shared.Addr()
			c.SetNoProxy(".*")
			_, err = c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
			return fromErr(t, err)
		},
		"InvalidRegionId.NotFound": func(t *testing.T) observed {
			c, err := vpc.NewClientWithAccessKey("cn-nowhere", sandbox.AccessKeyID, sandbox.AccessKeySecret)
			if err != nil {
				t.Fatal(err)
			}
			c.Domain = shared.Addr()
			c.SetNoProxy(".*")
			req := vpc.CreateListIpsecServersRequest()
			req.RegionId = "cn-nowhere"
			_, err = c.ListIpsecServers(req)
			return fromErr(t, err)
		},
		"IncompleteSignature":         raw(func(c *rawCall) { c.params["SignatureMethod"] = "HMAC-MD5" }),
		"InvalidAccessKeyId.NotFound": func(t *testing.T) observed { return fromErr(t, describeWith(t, shared, "nobody", "x")) },
		"InvalidTimeStamp.Format":     raw(func(c *rawCall) { c.params["Timestamp"] = "2024-13-45" }),
		"InvalidTimeStamp.Expired": raw(func(c *rawCall) {
			c.params["Timestamp"] = time.Now().Add(-16 * time.Minute).UTC().Format("2006-01-02T15:04:05Z")
		}),
		"SignatureDoesNotMatch": func(t *testing.T) observed {
			return fromErr(t, describeWith(t, shared, sandbox.AccessKeyID, "wrong-secret"))
		},
		"SignatureNonceUsed": func(t *testing.T) observed {
			c := newRawCall("DescribeVpnGateways")
			if status, body := c.do(t, shared.Addr()); status != 200 {
				t.Fatalf("first call: %d %s", status, body)
			}
			c.params["Timestamp"] = time.Now().UTC().Format("2006-01-02T15:04:05Z")
			status, body := c.do(t, shared.Addr())
			return fromRaw(t, status, body)
		},
		"InvalidAction.NotFound": common("CreateVpnGateway", "2016-04-28"),
		"InvalidVersion":         common("DescribeVpnGateways", "2014-01-01"),
		"Forbidden": func(t *testing.T) observed {
			c := v1With(t, shared, sandbox.ReadOnlyAccessKeyID, sandbox.ReadOnlyAccessKeySecret)
			_, err := c.CreateIpsecServer(createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24"))
			return fromErr(t, err)
		},
		"InvalidParameter": create(func(r *vpc.CreateIpsecServerRequest) { r.IkeConfig = `{"IkeEncAlg":"blowfish"}` }),
		"IdempotentParameterMismatch": func(t *testing.T) observed {
			srv := start(t, sandbox.Config{})
			c := v1(t, srv)
			r := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
			r.ClientToken = "tok"
			if _, err := c.CreateIpsecServer(r); err != nil {
				t.Fatal(err)
			}
			r = createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.2.0/24")
			r.ClientToken = "tok"
			_, err := c.CreateIpsecServer(r)
			return fromErr(t, err)
		},
		"DryRunOperation":                      create(func(r *vpc.CreateIpsecServerRequest) { r.DryRun = "true" }),
		"Throttling":                           fault("Throttling"),
		"ServiceUnavailable":                   fault("ServiceUnavailable"),
		"SystemBusy":                           create(func(r *vpc.CreateIpsecServerRequest) { r.IpSecServerName = sandbox.SystemBusyName }),
		"InvalidVpnGatewayInstanceId.NotFound": onGateway("vpn-sandbox-nope"),
		"InvalidVpcId.NotFound": func(t *testing.T) observed {
			r := vpc.CreateDescribeVpcAttributeRequest()
			r.VpcId = "vpc-sandbox-nope"
			_, err := v1(t, shared).DescribeVpcAttribute(r)
			return fromErr(t, err)
		},
		"InvalidRouteTableId.NotFound": func(t *testing.T) observed {
			r := vpc.CreateDescribeRouteEntryListRequest()
			r.RouteTableId = "vtb-sandbox-nope"
			_, err := v1(t, shared).DescribeRouteEntryList(r)
			return fromErr(t, err)
		},
		"InvalidIpsecServerId.NotFound": func(t *testing.T) observed {
			r := vpc.CreateDeleteIpsecServerRequest()
			r.IpsecServerId = "iss-sandbox-nope"
			_, err := v1(t, shared).DeleteIpsecServer(r)
			return fromErr(t, err)
		},
		"VpnGateway.FinancialLocked":                        onGateway("vpn-sandbox-locked"),
		"OperationUnsupported.IPsecServer":                  onGateway("vpn-sandbox-legacy"),
		"VpnGateway.SslVpnDisabled":                         onGateway("vpn-sandbox-nossl"),
		"VpnGateway.IPsecServerAndVpnConnectionConflict":    onGateway("vpn-sandbox-vpnconn"),
		"OperationFailed.IPsecServerExist":                  onGateway("vpn-sandbox-hasserver"),
		"VpnGateway.Configuring":                            onGateway("vpn-sandbox-busy"),
		"IllegalParam.AuthMethod":                           create(func(r *vpc.CreateIpsecServerRequest) { r.PskEnabled = "" }),
		"MissingParam.IDaaSInstanceId":                      create(func(r *vpc.CreateIpsecServerRequest) { r.MultiFactorAuthEnabled = "true" }),
		"InvalidIDaaSInstanceId.NotFound":                   create(func(r *vpc.CreateIpsecServerRequest) { r.IDaaSInstanceId = "idaas-nope" }),
		"OperationFailed.NoRamPermission":                   create(func(r *vpc.CreateIpsecServerRequest) { r.IDaaSInstanceId = sandbox.IDaaSInstanceNoPermID }),
		"IllegalParam.LocalSubnet":                          create(func(r *vpc.CreateIpsecServerRequest) { r.LocalSubnet = "172.16.0.0/16,172.16.0.0/33" }),
		"QuotaExceeded.VpnRouteEntry":                       create(func(r *vpc.CreateIpsecServerRequest) { r.LocalSubnet = elevenSubnets() }),
		"OperationFailed.AddVpcRoute":                       create(func(r *vpc.CreateIpsecServerRequest) { r.LocalSubnet = "0.0.0.0/0" }),
		"IllegalParam.ClientIpPool":                         create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = "10.0.0.0" }),
		"ClientIpPool.NetmaskInvalid":                       create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = "192.168.0.0/30" }),
		"ClientIpPool.SubnetInvalid":                        create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = "100.64.0.0/24" }),
		"InvalidClientIpPool.Conflict":                      create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = "172.16.5.0/24" }),
		"VpnRouteEntry.Conflict":                            create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = sandbox.ReadySslClientPool }),
		"EnableHaCheck.IpsecServerCidrContainsVpcRouteDest": create(func(r *vpc.CreateIpsecServerRequest) { r.ClientIpPool = "192.168.50.0/24" }),
		"OperationUnsupported.IpsecPfs":                     create(func(r *vpc.CreateIpsecServerRequest) { r.IpsecConfig = `{"IpsecPfs":"group24"}` }),
		"OperationConflict": func(t *testing.T) observed {
			// A create right after a delete on the same gateway, before it turns updating.
			srv := start(t, sandbox.Config{UpdatingDelay: time.Hour})
			c := v1(t, srv)
			del := vpc.CreateDeleteIpsecServerRequest()
			del.IpsecServerId = sandbox.ExistingServerID
			if _, err := c.DeleteIpsecServer(del); err != nil {
				t.Fatal(err)
			}
			_, err := c.CreateIpsecServer(createReq("vpn-sandbox-hasserver", "172.19.0.0/16", "192.168.0.0/24"))
			return fromErr(t, err)
		},
	}
	notReachable := map[string]bool{"InternalError": true} // only a sandbox bug answers it

	for _, e := range sandbox.ErrorCatalogue() {
		trigger, ok := triggers[e.Code]
		if !ok {
			if !notReachable[e.Code] {
				t.Errorf("no test trigger for %s (documented: %s)", e.Code, e.Trigger)
			}
			continue
		}
		t.Run(e.Code, func(t *testing.T) {
			t.Parallel()
			got := trigger(t)
			if got.code != e.Code || got.status != e.HTTPStatus {
				t.Fatalf("trigger %q: got %s (%d) %q, want %s (%d)", e.Trigger, got.code, got.status, got.msg, e.Code, e.HTTPStatus)
			}
			if strings.Contains(got.msg, "%!") || strings.Contains(got.msg, "%s") {
				t.Errorf("message not filled: %q", got.msg)
			}
		})
	}
	for code := range triggers {
		found := false
		for _, e := range sandbox.ErrorCatalogue() {
			found = found || e.Code == code
		}
		if !found {
			t.Errorf("trigger for %s, which the catalogue lacks", code)
		}
	}
}

func describeWith(t *testing.T, srv *sandbox.Server, id, secret string) error {
	_, err := v1With(t, srv, id, secret).DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
	return err
}

func elevenSubnets() string {
	var s []string
	for i := 1; i <= 11; i++ {
		s = append(s, fmt.Sprintf("172.16.%d.0/24", i))
	}
	return strings.Join(s, ",")
}

// TestHaCheckMessageNamesRoute: the %s of the reference message is filled.
func TestHaCheckMessageNamesRoute(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	r := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.48.0/21")
	_, err := v1(t, srv).CreateIpsecServer(r)
	if o := fromErr(t, err); o.code != "EnableHaCheck.IpsecServerCidrContainsVpcRouteDest" || !strings.Contains(o.msg, sandbox.ReadyVpcRouteDest) {
		t.Fatalf("%+v", o)
	}
	r = createReq("vpn-sandbox-ready", "172.16.0.0/16,10.1.2.3/24", "192.168.0.0/24")
	_, err = v1(t, srv).CreateIpsecServer(r)
	if o := fromErr(t, err); o.code != "IllegalParam.LocalSubnet" || !strings.Contains(o.msg, "(10.1.2.3/24)") {
		t.Fatalf("%+v", o)
	}
}
