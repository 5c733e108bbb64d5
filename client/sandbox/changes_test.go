package sandbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/dara"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestUpdateChecks: UpdateIpsecServer checks every parameter the way CreateIpsecServer does, and a DryRun
// answers the first failing check, not DryRunOperation.
func TestUpdateChecks(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: time.Hour})
	c := v1(t, srv)
	for _, tc := range []struct {
		mut  func(r *vpc.UpdateIpsecServerRequest)
		code string
	}{
		{func(r *vpc.UpdateIpsecServerRequest) { r.IpsecServerId = "" }, "MissingParameter"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.IpsecServerId = "iss-sandbox-nope" }, "InvalidIpsecServerId.NotFound"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.RegionId = sandbox.RegionShanghai }, "InvalidIpsecServerId.NotFound"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.LocalSubnet = "172.19.0.1/16" }, "IllegalParam.LocalSubnet"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.LocalSubnet = "0.0.0.0/0" }, "OperationFailed.AddVpcRoute"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.LocalSubnet = elevenSubnets() }, "QuotaExceeded.VpnRouteEntry"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.ClientIpPool = "172.19.8.0/24" }, "InvalidClientIpPool.Conflict"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.ClientIpPool = "10.50.0.0/30" }, "ClientIpPool.NetmaskInvalid"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.ClientIpPool = "pool" }, "IllegalParam.ClientIpPool"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.ClientIpPool = "10.50.0.1/28" }, "ClientIpPool.SubnetInvalid"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.IkeConfig = `{"IkeMode":"fast"}` }, "InvalidParameter"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.IpsecConfig = `{"IpsecPfs":"group24"}` }, "OperationUnsupported.IpsecPfs"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.Psk = strings.Repeat("k", 101) }, "InvalidParameter"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.IpsecServerName = strings.Repeat("n", 101) }, "InvalidParameter"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.PskEnabled = requests.NewBoolean(false) }, "IllegalParam.AuthMethod"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.EffectImmediately = "maybe" }, "InvalidParameter"},
		{func(r *vpc.UpdateIpsecServerRequest) { r.IDaaSInstanceId = "idaas-nope" }, "InvalidIDaaSInstanceId.NotFound"},
	} {
		for _, dry := range []string{"", "true"} {
			r := vpc.CreateUpdateIpsecServerRequest()
			r.IpsecServerId, r.DryRun = sandbox.ExistingServerID, dry
			tc.mut(r)
			_, err := c.UpdateIpsecServer(r)
			if o := fromErr(t, err); o.code != tc.code {
				t.Errorf("DryRun=%q: %s (%s), want %s", dry, o.code, o.msg, tc.code)
			}
		}
	}
	if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)[0]; got.LocalSubnet != "172.19.0.0/16" ||
		got.ClientIpPool != sandbox.ExistingServerPool {
		t.Fatalf("a refused update changed the server: %+v", got)
	}

	// ClientToken: a retry replays, other parameters are refused, and the change was made once.
	r := vpc.CreateUpdateIpsecServerRequest()
	r.IpsecServerId, r.LocalSubnet, r.ClientToken = sandbox.ExistingServerID, "172.19.0.0/17", "up-1"
	for i := 0; i < 2; i++ {
		if _, err := c.UpdateIpsecServer(r); err != nil {
			t.Fatalf("update %d with one token: %v", i, err)
		}
	}
	r.LocalSubnet = "172.19.0.0/18"
	_, err := c.UpdateIpsecServer(r)
	wantCode(t, err, "IdempotentParameterMismatch", 400)
	// Any other change waits for the first: pending (OperationConflict), deletes included.
	r = vpc.CreateUpdateIpsecServerRequest()
	r.IpsecServerId, r.ClientIpPool = sandbox.ExistingServerID, "10.51.0.0/24"
	_, err = c.UpdateIpsecServer(r)
	wantCode(t, err, "OperationConflict", 409)
	_, err = c.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID))
	wantCode(t, err, "OperationConflict", 409)
}

func TestDeleteChecksAndBusyGateway(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: -1, Settle: time.Hour})
	c := v1(t, srv)
	del := deleteReq("")
	_, err := c.DeleteIpsecServer(del)
	wantCode(t, err, "MissingParameter", 400)
	del.IpsecServerId = "iss-sandbox-nope"
	_, err = c.DeleteIpsecServer(del)
	wantCode(t, err, "InvalidIpsecServerId.NotFound", 404)
	del.IpsecServerId, del.DryRun = sandbox.ExistingServerID, "maybe"
	_, err = c.DeleteIpsecServer(del)
	wantCode(t, err, "InvalidParameter", 400)
	// A change makes the gateway updating; every further change is VpnGateway.Configuring.
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId, up.LocalSubnet = sandbox.ExistingServerID, "172.19.0.0/17"
	if _, err := c.UpdateIpsecServer(up); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID))
	wantCode(t, err, "VpnGateway.Configuring", 400)
	up.LocalSubnet = "172.19.0.0/18"
	_, err = c.UpdateIpsecServer(up)
	wantCode(t, err, "VpnGateway.Configuring", 400)
	// A rename alone is synchronous, but it is a change too: refused while the gateway is busy.
	up = vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId, up.IpsecServerName = sandbox.ExistingServerID, "renamed"
	_, err = c.UpdateIpsecServer(up)
	wantCode(t, err, "VpnGateway.Configuring", 400)
}

func TestUpdateDeleteV2(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: -1, Settle: time.Hour})
	c := v2(t, srv, sandbox.AccessKeySecret)
	hz := dara.String("cn-hangzhou")
	id := dara.String(sandbox.ExistingServerID)
	_, err := c.UpdateIpsecServer(&vpc2.UpdateIpsecServerRequest{RegionId: hz, IpsecServerId: id, DryRun: dara.String("true"),
		LocalSubnet: dara.String("172.19.0.0/17"), PskEnabled: dara.Bool(true), EffectImmediately: dara.Bool(true)})
	if code, status := v2Code(t, err); code != "DryRunOperation" || status != 400 {
		t.Fatalf("V2 update DryRun: %s %d", code, status)
	}
	_, err = c.UpdateIpsecServer(&vpc2.UpdateIpsecServerRequest{RegionId: hz, IpsecServerId: dara.String("iss-sandbox-nope"),
		IpsecServerName: dara.String("x")})
	if code, status := v2Code(t, err); code != "InvalidIpsecServerId.NotFound" || status != 404 {
		t.Fatalf("V2 update unknown: %s %d", code, status)
	}
	if _, err := c.UpdateIpsecServer(&vpc2.UpdateIpsecServerRequest{RegionId: hz, IpsecServerId: id,
		IpsecServerName: dara.String("renamed"), ClientToken: dara.String("v2-up")}); err != nil {
		t.Fatal(err)
	}
	if st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayHasServer); st != "active" {
		t.Fatalf("a V2 rename made the gateway %s", st)
	}
	if _, err := c.DeleteIpsecServer(&vpc2.DeleteIpsecServerRequest{RegionId: hz, IpsecServerId: id, ClientToken: dara.String("v2-del")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteIpsecServer(&vpc2.DeleteIpsecServerRequest{RegionId: hz, IpsecServerId: id, ClientToken: dara.String("v2-del")}); err != nil {
		t.Fatalf("V2 delete retry with its token: %v", err)
	}
	// Another delete while this one is under way is refused as any change
	// on a busy gateway is: the server is still listed until it is done.
	_, err = c.DeleteIpsecServer(&vpc2.DeleteIpsecServerRequest{RegionId: hz, IpsecServerId: id})
	if code, status := v2Code(t, err); code != "VpnGateway.Configuring" || status != 400 {
		t.Fatalf("V2 delete again: %s %d", code, status)
	}
	listed, err := c.ListIpsecServers(&vpc2.ListIpsecServersRequest{RegionId: hz, IpsecServerId: []*string{id}})
	if err != nil || len(listed.Body.IpsecServers) != 1 || dara.Int32Value(listed.Body.IpsecServers[0].OnlineClientCount) != 0 {
		t.Fatalf("a server being deleted should be listed, without clients: %+v %v", listed, err)
	}
}

// A deletion takes the gateway's updating time: the server is listed (no
// client online) and every change to it refused as the gateway is busy;
// once the gateway is active it is gone and a delete is NotFound.
func TestDeletionListedUntilDone(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: -1, Settle: 300 * time.Millisecond})
	c := v1(t, srv)
	if _, err := c.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID)); err != nil {
		t.Fatal(err)
	}
	list := vpc.CreateListIpsecServersRequest()
	list.RegionId = sandbox.RegionHangzhou
	list.IpsecServerId = &[]string{sandbox.ExistingServerID}
	resp, err := c.ListIpsecServers(list)
	if err != nil || len(resp.IpsecServers) != 1 || resp.IpsecServers[0].OnlineClientCount != 0 {
		t.Fatalf("during the deletion: %+v %v", resp, err)
	}
	if len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)) != 0 {
		t.Error("IpsecServers holds a deleted server")
	}
	_, err = c.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID))
	wantCode(t, err, "VpnGateway.Configuring", 400)
	waitFor(t, "the gateway active again", 5*time.Second, func() bool {
		st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayHasServer)
		return st == "active"
	})
	if resp, err = c.ListIpsecServers(list); err != nil || len(resp.IpsecServers) != 0 {
		t.Fatalf("after the deletion: %+v %v", resp, err)
	}
	_, err = c.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID))
	wantCode(t, err, "InvalidIpsecServerId.NotFound", 404)
}
