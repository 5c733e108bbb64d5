package ipsec

import (
	"strings"
	"testing"
)

func TestAssess(t *testing.T) {
	if got := Assess(goodSpec()); len(got) != 0 {
		t.Fatalf("the recommended spec draws advice: %v", got)
	}
	s := goodSpec()
	s.IkeConfig.IkeEncAlg, s.IkeConfig.IkeLifetime = "3des", 0
	s.IpsecConfig.IpsecPfs, s.IpsecConfig.IpsecLifetime = "disabled", 30
	s.Psk = "abc"
	got := Assess(s)
	fields := map[string]string{}
	for _, a := range got {
		fields[a.Field] = a.Level
		if strings.Contains(a.Message, "abc") || a.Value == "abc" {
			t.Errorf("the key is in the advice: %+v", a)
		}
	}
	for field, level := range map[string]string{FieldIkeEncAlg: AdviceWeak, FieldIpsecPfs: AdviceWeak,
		FieldIkeLifetime: AdviceRisky, FieldIpsecLifetime: AdviceRisky, FieldPsk: AdviceRisky} {
		if fields[field] != level {
			t.Errorf("%s: %q, want %q (all: %v)", field, fields[field], level, got)
		}
	}
	// No proposals sent: the service's weak defaults are what runs.
	d := goodSpec()
	d.IkeConfig, d.IpsecConfig = nil, nil
	if n := len(Assess(d)); n < 4 {
		t.Errorf("the service defaults draw %d findings", n)
	}
}

func TestDiffAndSpecFromServer(t *testing.T) {
	srv := Server{IpsecServerId: "iss-1", IpsecServerName: "office", VpnGatewayId: "vpn-1", RegionId: "cn-hangzhou",
		ClientIpPool: "192.168.0.0/24", LocalSubnet: CIDRList{"172.16.0.0/16"}, PskEnabled: true, Psk: "old-key-123456789",
		IkeConfig: ServiceDefaultIke(), IpsecConfig: ServiceDefaultIpsec()}
	before := SpecFromServer(srv)
	if d := Diff(before, before); len(d) != 0 {
		t.Fatalf("a spec differs from itself: %v", d)
	}
	svc := before.Clone()
	svc.IkeConfig, svc.IpsecConfig = nil, nil
	if d := Diff(before, svc); len(d) != 0 {
		t.Fatalf("the service's defaults written out differ from none sent: %v", d)
	}
	after := before.Clone()
	after.IpSecServerName = "hq"
	if d := Diff(before, after); !NameOnly(d) {
		t.Fatalf("a rename: %v", d)
	}
	after.ClientIpPool = "192.168.1.0/24"
	after.Psk = "new-key-123456789"
	d := Diff(before, after)
	if NameOnly(d) || len(d) != 3 || d[1].Field != FieldClientIPPool || d[1].Old != "192.168.0.0/24" || d[2].Field != FieldPsk {
		t.Fatalf("diff %+v", d)
	}
	for _, c := range d {
		if strings.Contains(c.Old+c.New, "key-123") {
			t.Fatalf("a key in the diff: %+v", c)
		}
	}
}
