package sandbox_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/jmespath/go-jmespath"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestAliyunCLIFlow does what `aliyun vpc CreateIpsecServer ... --endpoint
// ADDR --insecure` followed by `aliyun vpc DescribeVpnGateway ... --waiter
// expr=Status to=active` does: the aliyun CLI sends RPC calls as the V1
// SDK's CommonRequest over plain HTTP (--insecure) to the endpoint, and its
// waiter evaluates the JMESPath expression on each answer until it equals the
// target. (The CLI binary itself is not installable on this machine; this is
// its request path, through the same SDK.)
func TestAliyunCLIFlow(t *testing.T) {
	srv := start(t, sandbox.Config{Settle: 400 * time.Millisecond, UpdatingDelay: 50 * time.Millisecond})
	cli, err := sdk.NewClientWithAccessKey("cn-hangzhou", sandbox.AccessKeyID, sandbox.AccessKeySecret)
	if err != nil {
		t.Fatal(err)
	}
	cli.SetNoProxy(".*")

	call := func(action string, params map[string]string) map[string]any {
		t.Helper()
		req := requests.NewCommonRequest()
		req.Method = "POST"
		req.Scheme = "http" // --insecure
		req.Domain = srv.Addr()
		req.Version = "2016-04-28"
		req.ApiName = action
		req.Product = "Vpc"
		req.QueryParams["RegionId"] = "cn-hangzhou"
		for k, v := range params {
			req.QueryParams[k] = v
		}
		resp, err := cli.ProcessCommonRequest(req)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		var body map[string]any
		if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
			t.Fatalf("%s: not JSON: %v", action, err)
		}
		return body
	}

	created := call("CreateIpsecServer", map[string]string{
		"VpnGatewayId": "vpn-sandbox-ready", "LocalSubnet": "172.16.0.0/16",
		"ClientIpPool": "192.168.0.0/24", "PskEnabled": "true",
	})
	if id, _ := created["IpsecServerId"].(string); id == "" {
		t.Fatalf("no IpsecServerId in %v", created)
	}

	// The waiter: --waiter expr=Status to=active. Seeing another status before
	// `active` proves the waiter really waited for the change.
	expr, err := jmespath.Compile("Status")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	deadline := time.Now().Add(10 * time.Second)
	interval := time.NewTicker(20 * time.Millisecond) // the waiter's poll interval (2..10 s in the CLI)
	defer interval.Stop()
	for {
		got, err := expr.Search(call("DescribeVpnGateway", map[string]string{"VpnGatewayId": "vpn-sandbox-ready"}))
		if err != nil {
			t.Fatal(err)
		}
		status, _ := got.(string)
		if len(seen) == 0 || seen[len(seen)-1] != status {
			seen = append(seen, status)
		}
		if status == "active" && len(seen) > 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the waiter never saw updating then active: %v", seen)
		}
		<-interval.C
	}
	if servers := srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready"); len(servers) != 1 {
		t.Fatalf("want one server, got %d", len(servers))
	}
}
