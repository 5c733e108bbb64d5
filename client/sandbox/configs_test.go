package sandbox_test

import (
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestTerraformStyleConfigs: the Terraform provider sends every IkeConfig key ("" and 0 for the ones not set)
// and IpsecConfig members as null on create, and no name; its acceptance tests expect success and the name
// to stay empty.
func TestTerraformStyleConfigs(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: -1, Settle: time.Millisecond})
	c := v1(t, srv)
	r := createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24")
	r.IkeConfig = `{"IkeVersion":"ikev2","IkeMode":"","IkeEncAlg":"","IkeAuthAlg":"sha256","IkePfs":"","IkeLifetime":0,"LocalId":"","RemoteId":""}`
	r.IpsecConfig = `{"IpsecEncAlg":null,"IpsecAuthAlg":null,"IpsecPfs":null,"IpsecLifetime":null}`
	created, err := c.CreateIpsecServer(r)
	if err != nil {
		t.Fatalf("Terraform-style create: %v", err)
	}
	if created.IpsecServerName != "" {
		t.Errorf("an unnamed server answered name %q", created.IpsecServerName)
	}
	got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)[0]
	wantIke := sandbox.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes", IkeAuthAlg: "sha256",
		IkePfs: "group2", IkeLifetime: 0, LocalId: "203.0.113.10"}
	if got.IkeConfig != wantIke || got.IpsecConfig != (sandbox.IpsecConfig{IpsecEncAlg: "aes", IpsecAuthAlg: "sha1",
		IpsecPfs: "group2", IpsecLifetime: 86400}) || got.IpsecServerName != "" {
		t.Fatalf("stored %+v", got)
	}
	list := vpc.CreateListIpsecServersRequest()
	list.IpsecServerId = &[]string{created.IpsecServerId}
	lr, err := c.ListIpsecServers(list)
	if err != nil || lr.IpsecServers[0].IpsecServerName != "" || lr.IpsecServers[0].IkeConfig.IkeLifetime != 0 {
		t.Fatalf("read back: %v %+v", err, lr)
	}
	waitFor(t, "active", 5*time.Second, func() bool {
		st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady)
		return st == "active"
	})

	// An update with "" members changes only what is given; RemoteId "" leaves the RemoteId as it was.
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId = sandbox.ExistingServerID
	up.IkeConfig = `{"RemoteId":"alice.example"}`
	if _, err := c.UpdateIpsecServer(up); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "hasserver active", 5*time.Second, func() bool {
		st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayHasServer)
		return st == "active"
	})
	up.IkeConfig = `{"IkeVersion":"ikev1","IkeMode":"","IkeEncAlg":"","IkeAuthAlg":"","IkePfs":"","IkeLifetime":"","LocalId":"","RemoteId":""}`
	up.IpsecConfig = `{"IpsecEncAlg":"","IpsecAuthAlg":"","IpsecPfs":"","IpsecLifetime":0}`
	if _, err := c.UpdateIpsecServer(up); err != nil {
		t.Fatal(err)
	}
	s := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)[0]
	if s.IkeConfig.IkeVersion != "ikev1" || s.IkeConfig.IkeLifetime != 86400 || s.IkeConfig.RemoteId != "alice.example" ||
		s.IkeConfig.LocalId != "203.0.113.13" || s.IpsecConfig.IpsecLifetime != 0 || s.IpsecConfig.IpsecPfs != "group2" {
		t.Fatalf("after a Terraform-style update %+v", s)
	}

	// Unknown keys stay refused, whatever their value.
	bad := createReq(sandbox.GatewayShReady, "172.30.0.0/16", "192.168.0.0/24")
	bad.RegionId = sandbox.RegionShanghai
	bad.IkeConfig = `{"IkeVersoin":""}`
	_, err = c.CreateIpsecServer(bad)
	wantCode(t, err, "InvalidParameter", 400)
	bad.IkeConfig, bad.IpsecConfig = "", `{"Lifetime":null}`
	_, err = c.CreateIpsecServer(bad)
	wantCode(t, err, "InvalidParameter", 400)
}

// TestUpdateSyncOrAsync: a rename alone (or nothing) does not make the gateway busy; any other change and
// EffectImmediately=true do.
func TestUpdateSyncOrAsync(t *testing.T) {
	t.Parallel()
	srv := start(t, sandbox.Config{UpdatingDelay: -1, Settle: time.Hour})
	c := v1(t, srv)
	status := func() string { st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayHasServer); return st }
	up := vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId, up.IpsecServerName = sandbox.ExistingServerID, "renamed"
	up.IkeConfig = `{"IkeEncAlg":"aes"}` // the value it already has
	if _, err := c.UpdateIpsecServer(up); err != nil || status() != "active" {
		t.Fatalf("rename with an unchanged value: %v %s", err, status())
	}
	up = vpc.CreateUpdateIpsecServerRequest()
	up.IpsecServerId, up.EffectImmediately = sandbox.ExistingServerID, requests.NewBoolean(true)
	if _, err := c.UpdateIpsecServer(up); err != nil || status() != "updating" {
		t.Fatalf("EffectImmediately=true: %v %s", err, status())
	}
	if got := srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)[0]; got.IpsecServerName != "renamed" || !got.EffectImmediately {
		t.Fatalf("after the updates %+v", got)
	}
}
