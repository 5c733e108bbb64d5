package forms

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func testHooks() AccessibleHooks {
	return AccessibleHooks{
		Command:      export.AliyunCLICommand,
		LoadGateways: func(_ context.Context, region string) ([]ipsec.Gateway, error) { return testGateways[region], nil },
		GatewayDetails: func(_ context.Context, g ipsec.Gateway, _ bool) (*ipsec.GatewayDetails, error) {
			if d := testDetails[g.VpnGatewayId]; d != nil {
				return d, nil
			}
			return nil, errors.New("InvalidVpnGatewayInstanceId.NotFound")
		},
	}
}

func TestAccessibleFullRun(t *testing.T) {
	input := strings.Join([]string{
		"",              // region: cn-hangzhou
		"2",             // nossl: refused
		"1",             // ready
		"",              // local subnets: the VPC's
		"10.10.0.0/24",  // pool overlapping the VPC: refused
		"",              // pool: the suggestion
		"3",             // custom
		"", "4", "", "", // ike version, enc=des (4th), auth, pfs (no mode under IKEv2)
		"90000", "", // lifetime refused, then default
		"vpn", "vpn.example.com", "-", // local id refused then given; remote none
		"", "", "1", "3600", // ipsec enc, auth, pfs=disabled, lifetime
		"3", "Kx9canaryPsk", "Kx9canaryPsq", "Kx9canaryPsk", // typed key, a mismatched repeat, then the right one
		"", "y", "", // name default, effect yes, dry run no
		"x", "2", // review: bad number, then dry run
	}, "\n") + "\n"
	var out strings.Builder
	data := testData()
	data.Gateways = nil
	a := NewAnswers(ipsec.NewServerSpec())
	act, err := RunAccessible(context.Background(), strings.NewReader(input), &out, a, &data, testHooks())
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	o := out.String()
	for _, want := range []string{"Step 1 of 6 · VPN gateway", "SSL-VPN is off on this gateway", "overlaps the local subnet 10.10.0.0/16",
		"90000 is out of range", "neither an IP address", "the two entries differ", "is not a number from 1 to 4",
		"aliyun vpc CreateIpsecServer", "Region (RegionId)", "des (weak: DES is broken: use aes256)"} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(o, "Kx9canaryPs") {
		t.Error("the typed key (or its mistyped repeat) was printed")
	}
	s := a.Spec
	if act != ActionDryRun || !s.DryRun || s.VpnGatewayId != "vpn-sandbox-ready" || s.ClientIpPool != "192.168.0.0/24" ||
		s.IkeConfig.IkeEncAlg != "des" || s.IkeConfig.LocalId != "vpn.example.com" || s.IkeConfig.RemoteId != "" ||
		s.IpsecConfig.IpsecPfs != "disabled" || s.IpsecConfig.IpsecLifetime != 3600 || s.Psk.Reveal() != "Kx9canaryPsk" ||
		s.IpSecServerName != "ipsec-ready-hz" || !s.EffectImmediately {
		t.Fatalf("act %v spec %+v ike %+v ipsec %+v", act, s, s.IkeConfig, s.IpsecConfig)
	}
}

func TestAccessibleInputEnds(t *testing.T) {
	data := testData()
	a := NewAnswers(ipsec.NewServerSpec())
	// The pool answer is invalid and the input ends: never let it through.
	_, err := RunAccessible(context.Background(), strings.NewReader("\n1\n\n10.10.0.0/24"), &strings.Builder{}, a, &data, testHooks())
	if !errors.Is(err, ErrInputEnded) {
		t.Fatalf("err = %v", err)
	}
	if a.Spec.ClientIpPool != "" {
		t.Fatalf("invalid pool stored: %q", a.Spec.ClientIpPool)
	}
}

func TestAccessiblePrefilledRevalidates(t *testing.T) {
	// An answers file gave a pool inside the VPC: the wizard starts on the
	// subnets page and goes on page by page from there, as the Wizard does.
	a, data := readyAnswers(PageOptions)
	a.Spec.ClientIpPool = "10.10.5.0/24"
	var out strings.Builder
	// subnets (2), profile, key, name + two yes/no, review.
	act, err := RunAccessible(context.Background(), strings.NewReader("\n\n\n\n\n\n\n1\n"), &out, a, &data, testHooks())
	if err != nil || act != ActionCreate {
		t.Fatalf("act %v err %v\n%s", act, err, out.String())
	}
	if strings.Contains(out.String(), "Step 1 of") || !strings.Contains(out.String(), "Step 2 of 6") {
		t.Fatalf("wrong pages asked:\n%s", out.String())
	}
	if a.Spec.ClientIpPool != "192.168.0.0/24" || len(ipsec.ValidateSpec(a.Spec, data)) != 0 {
		t.Fatalf("pool %q", a.Spec.ClientIpPool)
	}
}

// A busy gateway is offered a wait, in words: yes waits (the host is asked
// with wait), then the wizard goes on with the gateway active.
func TestAccessibleWaitsForABusyGateway(t *testing.T) {
	data := testData()
	active := gwBusy
	active.Status = ipsec.StatusActive
	hooks := testHooks()
	var waited bool
	hooks.GatewayDetails = func(_ context.Context, g ipsec.Gateway, wait bool) (*ipsec.GatewayDetails, error) {
		if !wait {
			return &ipsec.GatewayDetails{Gateway: gwBusy, VpcCIDRs: []string{"172.16.0.0/16"}}, nil
		}
		waited = true
		return &ipsec.GatewayDetails{Gateway: active, VpcCIDRs: []string{"172.16.0.0/16"}}, nil
	}
	var out strings.Builder
	a := NewAnswers(ipsec.NewServerSpec())
	_, err := RunAccessible(context.Background(), strings.NewReader("\n6\ny\n"), &out, a, &data, hooks)
	if !errors.Is(err, ErrInputEnded) {
		t.Fatalf("err = %v\n%s", err, out.String())
	}
	o := out.String()
	for _, want := range []string{"(busy: can wait)", "Wait here until " + gwBusy.VpnGatewayId + " is active?", "Waiting until",
		"Step 2 of"} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q:\n%s", want, o)
		}
	}
	if !waited || a.Spec.VpnGatewayId != gwBusy.VpnGatewayId {
		t.Errorf("waited %v, gateway %q", waited, a.Spec.VpnGatewayId)
	}
}
