package sandbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestDescribeActionsV1(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)

	regions, err := c.DescribeRegions(vpc.CreateDescribeRegionsRequest())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range regions.Regions.Region {
		ids = append(ids, r.RegionId)
		if r.LocalName == "" || r.RegionEndpoint != srv.Addr() {
			t.Errorf("region %+v", r)
		}
	}
	if got := strings.Join(ids, ","); got != "cn-hangzhou,cn-shanghai,cn-beijing" {
		t.Errorf("regions %s", got)
	}

	gws, err := c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
	if err != nil {
		t.Fatal(err)
	}
	if gws.TotalCount != 7 || gws.PageSize != 10 || gws.PageNumber != 1 || len(gws.VpnGateways.VpnGateway) != 7 {
		t.Fatalf("gateways: total %d size %d page %d len %d", gws.TotalCount, gws.PageSize, gws.PageNumber, len(gws.VpnGateways.VpnGateway))
	}
	page := vpc.CreateDescribeVpnGatewaysRequest()
	page.PageSize, page.PageNumber = requests.NewInteger(3), requests.NewInteger(3)
	gws, err = c.DescribeVpnGateways(page)
	if err != nil || gws.TotalCount != 7 || len(gws.VpnGateways.VpnGateway) != 1 || gws.VpnGateways.VpnGateway[0].VpnGatewayId != "vpn-sandbox-busy" {
		t.Fatalf("page 3 of 3: %v %+v", err, gws)
	}
	filter := vpc.CreateDescribeVpnGatewaysRequest()
	filter.BusinessStatus = "FinancialLocked"
	gws, err = c.DescribeVpnGateways(filter)
	if err != nil || gws.TotalCount != 1 || gws.VpnGateways.VpnGateway[0].VpnGatewayId != "vpn-sandbox-locked" {
		t.Fatalf("BusinessStatus filter: %v %+v", err, gws)
	}
	filter = vpc.CreateDescribeVpnGatewaysRequest()
	filter.Status = "updating"
	gws, err = c.DescribeVpnGateways(filter)
	if err != nil || gws.TotalCount != 1 || gws.VpnGateways.VpnGateway[0].VpnGatewayId != "vpn-sandbox-busy" {
		t.Fatalf("Status filter: %v %+v", err, gws)
	}
	filter = vpc.CreateDescribeVpnGatewaysRequest()
	filter.VpcId = "vpc-sandbox-nossl"
	gws, err = c.DescribeVpnGateways(filter)
	if err != nil || gws.TotalCount != 1 || gws.VpnGateways.VpnGateway[0].SslVpn != "disable" {
		t.Fatalf("VpcId filter: %v %+v", err, gws)
	}
	sh := vpc.CreateDescribeVpnGatewaysRequest()
	sh.RegionId = "cn-shanghai"
	gws, err = c.DescribeVpnGateways(sh)
	if err != nil || gws.TotalCount != 1 || gws.VpnGateways.VpnGateway[0].VpnGatewayId != "vpn-sandbox-sh-ready" {
		t.Fatalf("cn-shanghai: %v %+v", err, gws)
	}
	bad := vpc.CreateDescribeVpnGatewaysRequest()
	bad.PageSize = requests.NewInteger(51)
	_, err = c.DescribeVpnGateways(bad)
	wantCode(t, err, "InvalidParameter", 400)

	one := vpc.CreateDescribeVpnGatewayRequest()
	one.VpnGatewayId = "vpn-sandbox-ready"
	gw, err := c.DescribeVpnGateway(one)
	if err != nil {
		t.Fatal(err)
	}
	if gw.Status != "active" || gw.SslVpn != "enable" || gw.VpcId != "vpc-sandbox-ready" || gw.SslMaxConnections != 5 ||
		gw.InternetIp != "203.0.113.10" || gw.Spec != "10M" || gw.VpnType != "Normal" || gw.CreateTime == 0 ||
		gw.EndTime == 0 || gw.Name != "ready-hz" || gw.BusinessStatus != "Normal" || gw.RequestId == "" {
		t.Errorf("ready gateway %+v", gw)
	}
	one.VpnGatewayId = "vpn-sandbox-busy"
	if gw, err = c.DescribeVpnGateway(one); err != nil || gw.Status != "updating" {
		t.Errorf("busy gateway: %v %q", err, gw.Status)
	}

	vpcs := vpc.CreateDescribeVpcsRequest()
	vpcs.VpcId = "vpc-sandbox-ready"
	vr, err := c.DescribeVpcs(vpcs)
	if err != nil || vr.TotalCount != 1 {
		t.Fatalf("DescribeVpcs: %v %+v", err, vr)
	}
	v := vr.Vpcs.Vpc[0]
	if v.CidrBlock != "172.16.0.0/16" || len(v.SecondaryCidrBlocks.SecondaryCidrBlock) != 1 ||
		v.SecondaryCidrBlocks.SecondaryCidrBlock[0] != "10.10.0.0/16" || v.UserCidrs.UserCidr == nil {
		t.Errorf("ready VPC %+v", v)
	}

	conns := vpc.CreateDescribeVpnConnectionsRequest()
	conns.VpnGatewayId = "vpn-sandbox-vpnconn"
	cr, err := c.DescribeVpnConnections(conns)
	if err != nil || cr.TotalCount != 1 || cr.VpnConnections.VpnConnection[0].VpnGatewayId != "vpn-sandbox-vpnconn" {
		t.Fatalf("DescribeVpnConnections: %v %+v", err, cr)
	}
	conns.VpnGatewayId = "vpn-sandbox-ready"
	if cr, err = c.DescribeVpnConnections(conns); err != nil || cr.TotalCount != 0 {
		t.Fatalf("ready has connections: %v %+v", err, cr)
	}

	list := vpc.CreateListIpsecServersRequest()
	list.VpnGatewayId = "vpn-sandbox-hasserver"
	lr, err := c.ListIpsecServers(list)
	if err != nil || lr.TotalCount != 1 || len(lr.IpsecServers) != 1 {
		t.Fatalf("ListIpsecServers: %v %+v", err, lr)
	}
	if s := lr.IpsecServers[0]; s.Psk != sandbox.ExistingServerPsk || s.IpsecServerId != sandbox.ExistingServerID ||
		s.IkeConfig.IkeVersion != "ikev2" || s.IpsecConfig.IpsecLifetime != 86400 || s.MaxConnections != 5 {
		t.Errorf("existing server %+v", s)
	}
	sids := []string{"iss-nope"}
	list = vpc.CreateListIpsecServersRequest()
	list.IpsecServerId = &sids
	if lr, err = c.ListIpsecServers(list); err != nil || lr.TotalCount != 0 {
		t.Fatalf("ListIpsecServers by id: %v %+v", err, lr)
	}
	sids = []string{sandbox.ExistingServerID}
	if lr, err = c.ListIpsecServers(list); err != nil || lr.TotalCount != 1 {
		t.Fatalf("ListIpsecServers by id: %v %+v", err, lr)
	}
	if n := srv.RequestCount("ListIpsecServers"); n != 3 {
		t.Errorf("RequestCount(ListIpsecServers) = %d", n)
	}
}

func TestCreateUpdateDeleteLifecycle(t *testing.T) {
	t.Parallel()
	log := &syncBuffer{}
	srv := start(t, sandbox.Config{Settle: 200 * time.Millisecond, UpdatingDelay: 50 * time.Millisecond, Log: log})
	c := v1(t, srv)
	status := func(want string) func() bool {
		return func() bool { s, _ := srv.GatewayStatus("cn-hangzhou", "vpn-sandbox-ready"); return s == want }
	}

	req := createReq("vpn-sandbox-ready", "172.16.0.0/16,10.10.0.0/16", "192.168.0.0/24")
	req.Psk = "PSK-canary-7f3a"
	req.IpSecServerName = "wizard"
	req.IkeConfig = `{"IkeVersion":"ikev1","IkeEncAlg":"aes256","IkeLifetime":3600,"RemoteId":"client.example"}`
	req.IpsecConfig = `{"IpsecPfs":"disabled"}`
	resp, err := c.CreateIpsecServer(req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.IpsecServerId, "iss-") || resp.IpsecServerName != "wizard" || resp.RegionId != "cn-hangzhou" ||
		resp.VpnGatewayId != "vpn-sandbox-ready" || resp.RequestId == "" {
		t.Fatalf("create response %+v", resp)
	}
	if _, err := time.Parse("2006-01-02T15:04:05Z", resp.CreationTime); err != nil {
		t.Fatalf("CreationTime %q: %v", resp.CreationTime, err)
	}
	waitFor(t, "updating", 5*time.Second, status("updating"))
	waitFor(t, "active", 5*time.Second, status("active"))

	servers := srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")
	if len(servers) != 1 {
		t.Fatalf("servers %+v", servers)
	}
	s := servers[0]
	wantIke := sandbox.IkeConfig{IkeVersion: "ikev1", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha1",
		IkePfs: "group2", IkeLifetime: 3600, LocalId: "203.0.113.10", RemoteId: "client.example"}
	if s.IkeConfig != wantIke || s.IpsecConfig != (sandbox.IpsecConfig{IpsecEncAlg: "aes", IpsecAuthAlg: "sha1",
		IpsecPfs: "disabled", IpsecLifetime: 86400}) || s.Psk != "PSK-canary-7f3a" || !s.PskEnabled {
		t.Fatalf("stored server %+v", s)
	}

	// A rename is synchronous: the gateway stays active.
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId = s.IpsecServerId
	up.IpsecServerName = "renamed"
	if _, err := c.UpdateIpsecServer(up); err != nil {
		t.Fatal(err)
	}
	if st, _ := srv.GatewayStatus("cn-hangzhou", "vpn-sandbox-ready"); st != "active" {
		t.Fatalf("after rename: %s", st)
	}
	// Anything else is asynchronous.
	up = vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId = s.IpsecServerId
	up.ClientIpPool = "192.168.1.0/24"
	if _, err := c.UpdateIpsecServer(up); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateIpsecServer(up) // pending: refused
	wantCode(t, err, "OperationConflict", 409)
	waitFor(t, "updating after update", 5*time.Second, status("updating"))
	_, err = c.UpdateIpsecServer(up)
	wantCode(t, err, "VpnGateway.Configuring", 400)
	waitFor(t, "active after update", 5*time.Second, status("active"))
	if got := srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")[0]; got.ClientIpPool != "192.168.1.0/24" || got.IpsecServerName != "renamed" {
		t.Fatalf("after update %+v", got)
	}

	del := vpc.CreateDeleteIpsecServerRequest()
	del.IpsecServerId = s.IpsecServerId
	if _, err := c.DeleteIpsecServer(del); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")); n != 0 {
		t.Fatalf("%d servers after delete", n)
	}
	waitFor(t, "updating after delete", 5*time.Second, status("updating"))
	waitFor(t, "active after delete", 5*time.Second, status("active"))
	_, err = c.DeleteIpsecServer(del)
	wantCode(t, err, "InvalidIpsecServerId.NotFound", 404)

	// The log: transitions in order, no secret anywhere.
	waitFor(t, "transition lines", 5*time.Second, func() bool {
		return strings.Count(log.String(), "transition gateway=vpn-sandbox-ready") == 6
	})
	out := log.String()
	if !strings.Contains(out, "transition gateway=vpn-sandbox-ready from=active to=updating region=cn-hangzhou") ||
		!strings.Contains(out, "transition gateway=vpn-sandbox-ready from=updating to=active region=cn-hangzhou") ||
		!strings.Contains(out, " request action=CreateIpsecServer gateway=vpn-sandbox-ready code=OK duration=") ||
		!strings.Contains(out, " request action=UpdateIpsecServer gateway=vpn-sandbox-ready code=OperationConflict ") {
		t.Errorf("log:\n%s", out)
	}
	for _, secret := range []string{"PSK-canary-7f3a", sandbox.AccessKeySecret, "Signature="} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
}

func TestGeneratedPskAndDefaults(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)
	sh := createReq("vpn-sandbox-sh-ready", "172.30.0.0/16", "192.168.0.0/24")
	sh.RegionId = "cn-shanghai"
	if _, err := c.CreateIpsecServer(sh); err != nil {
		t.Fatal(err)
	}
	list := vpc.CreateListIpsecServersRequest()
	list.RegionId = "cn-shanghai"
	lr, err := c.ListIpsecServers(list)
	if err != nil || len(lr.IpsecServers) != 1 {
		t.Fatalf("%v %+v", err, lr)
	}
	s := lr.IpsecServers[0]
	if len(s.Psk) != 16 || s.IkeConfig.LocalId != "198.51.100.10" || s.IkeConfig.IkePfs != "group2" ||
		s.IpsecConfig.IpsecEncAlg != "aes" || s.InternetIp != "198.51.100.10" || s.CreationTime == "" {
		t.Fatalf("server %+v", s)
	}
	// The same id in the other region does not exist.
	one := vpc.CreateDescribeVpnGatewayRequest()
	one.VpnGatewayId = "vpn-sandbox-sh-ready"
	_, err = c.DescribeVpnGateway(one)
	wantCode(t, err, "InvalidVpnGatewayInstanceId.NotFound", 404)
}

func TestIdempotencyAndDryRun(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1(t, srv)

	dry := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
	dry.DryRun = "true"
	dry.ClientToken = "token-1"
	_, err := c.CreateIpsecServer(dry)
	wantCode(t, err, "DryRunOperation", 400)
	if n := len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")); n != 0 {
		t.Fatalf("dry run created %d servers", n)
	}
	if st, _ := srv.GatewayStatus("cn-hangzhou", "vpn-sandbox-ready"); st != "active" {
		t.Fatalf("dry run changed status to %s", st)
	}

	req := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
	req.ClientToken = "token-1"
	first, err := c.CreateIpsecServer(req)
	if err != nil {
		t.Fatal(err)
	}
	again := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
	again.ClientToken = "token-1"
	second, err := c.CreateIpsecServer(again)
	if err != nil {
		t.Fatal(err)
	}
	if second.IpsecServerId != first.IpsecServerId || second.CreationTime != first.CreationTime || second.RequestId == first.RequestId {
		t.Fatalf("replay %+v vs %+v", second, first)
	}
	if n := len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")); n != 1 {
		t.Fatalf("%d servers after a replay", n)
	}
	other := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.1.0/24")
	other.ClientToken = "token-1"
	_, err = c.CreateIpsecServer(other)
	wantCode(t, err, "IdempotentParameterMismatch", 400)

	// Update and delete honour DryRun and ClientToken too (on the fixture server, whose gateway is idle).
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId, up.LocalSubnet, up.DryRun = sandbox.ExistingServerID, "172.19.0.0/17", "true"
	_, err = c.UpdateIpsecServer(up)
	wantCode(t, err, "DryRunOperation", 400)
	del := vpc.CreateDeleteIpsecServerRequest()
	del.IpsecServerId, del.DryRun = sandbox.ExistingServerID, "true"
	_, err = c.DeleteIpsecServer(del)
	wantCode(t, err, "DryRunOperation", 400)
	if got := srv.IpsecServers("cn-hangzhou", "vpn-sandbox-hasserver"); len(got) != 1 || got[0].LocalSubnet != "172.19.0.0/16" {
		t.Fatalf("a dry run changed the server: %+v", got)
	}
	del = vpc.CreateDeleteIpsecServerRequest()
	del.IpsecServerId, del.ClientToken = sandbox.ExistingServerID, "del-1"
	for i := 0; i < 2; i++ { // the retry replays instead of answering NotFound or OperationConflict
		if _, err := c.DeleteIpsecServer(del); err != nil {
			t.Fatalf("delete %d: %v", i, err)
		}
	}
	if n := len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-hasserver")); n != 0 {
		t.Fatalf("%d servers after delete", n)
	}
}

func TestReadOnlyKey(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	ro := v1With(t, srv, sandbox.ReadOnlyAccessKeyID, sandbox.ReadOnlyAccessKeySecret)
	one := vpc.CreateDescribeVpnGatewayRequest()
	one.VpnGatewayId = "vpn-sandbox-ready"
	if _, err := ro.DescribeVpnGateway(one); err != nil {
		t.Fatalf("read with the read-only key: %v", err)
	}
	_, err := ro.CreateIpsecServer(createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24"))
	wantCode(t, err, "Forbidden", 403)
	del := vpc.CreateDeleteIpsecServerRequest()
	del.IpsecServerId = sandbox.ExistingServerID
	_, err = ro.DeleteIpsecServer(del)
	wantCode(t, err, "Forbidden", 403)
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId = sandbox.ExistingServerID
	up.IpsecServerName = "x"
	_, err = ro.UpdateIpsecServer(up)
	wantCode(t, err, "Forbidden", 403)
	if n := len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-hasserver")); n != 1 {
		t.Fatalf("read-only key changed something: %d servers", n)
	}
}

func TestWrongSecret(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	c := v1With(t, srv, sandbox.AccessKeyID, "wrong-secret")
	_, err := c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
	wantCode(t, err, "SignatureDoesNotMatch", 400)
	c = v1With(t, srv, "nobody", "x")
	_, err = c.DescribeVpnGateways(vpc.CreateDescribeVpnGatewaysRequest())
	wantCode(t, err, "InvalidAccessKeyId.NotFound", 404)
}

// TestConcurrentCreates: of many racing creates on one gateway exactly one wins.
func TestConcurrentCreates(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{})
	const n = 8
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		c := v1(t, srv) // a V1 client is not safe for concurrent use
		go func() {
			_, err := c.CreateIpsecServer(createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24"))
			errs <- err
		}()
	}
	ok := 0
	for i := 0; i < n; i++ {
		if err := <-errs; err == nil {
			ok++
		} else {
			wantCode(t, err, "OperationFailed.IPsecServerExist", 400)
		}
	}
	if ok != 1 || len(srv.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")) != 1 {
		t.Fatalf("%d creates succeeded", ok)
	}
}
