package export_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func TestSpecJSON(t *testing.T) {
	spec := readySpec()
	spec.ClientToken = "tok-1"
	out, err := ipsec.SpecJSON(spec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), spec.Psk.Reveal()) || strings.Contains(string(out), `"Psk"`) {
		t.Errorf("PSK in SpecJSON:\n%s", out)
	}
	if !strings.Contains(string(out), "\n  \"VpnGatewayId\"") {
		t.Errorf("not indented:\n%s", out)
	}
	var back ipsec.ServerSpec
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	back.Psk = spec.Psk
	if back.VpnGatewayId != spec.VpnGatewayId || back.LocalSubnet.String() != spec.LocalSubnet.String() ||
		*back.IkeConfig != *spec.IkeConfig || back.ClientToken != "tok-1" {
		t.Errorf("round trip = %+v", back)
	}
}

// gatewayIP is the public IP the tests' gateway has.
const gatewayIP = "203.0.113.10"

// clientInput is a client configuration's input for spec: the gateway's
// address known, the key not included.
func clientInput(spec ipsec.ServerSpec) export.Input {
	return export.Input{Spec: spec, Gateway: ipsec.Gateway{VpnGatewayId: spec.VpnGatewayId, InternetIp: gatewayIP}}
}

func swan(t *testing.T, in export.Input) string {
	t.Helper()
	b, err := export.StrongSwan(in)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readySpec is a create that succeeds on the sandbox's vpn-sandbox-ready.
func readySpec() ipsec.ServerSpec {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = "vpn-sandbox-ready"
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	spec.IpSecServerName = "office"
	spec.Psk = "s3cret-Key"
	ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
	spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	return spec
}
