package export_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func TestTerraformHCL(t *testing.T) {
	spec := readySpec()
	spec.IkeConfig.LocalId = "vpn.example.com"
	spec.EffectImmediately = true
	out, err := export.TerraformHCL(spec)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), spec.Psk.Reveal()) {
		t.Fatalf("the PSK is in the Terraform output:\n%s", out)
	}
	f, diags := hclparse.NewParser().ParseHCL(out, "main.tf")
	if diags.HasErrors() {
		t.Fatalf("output does not parse: %v\n%s", diags, out)
	}
	content, diags := f.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
	}})
	if diags.HasErrors() {
		t.Fatalf("top level: %v", diags)
	}
	var resource, variable *hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "resource":
			resource = b
		case "variable":
			variable = b
		}
	}
	if resource == nil || resource.Labels[0] != "alicloud_vpn_ipsec_server" || resource.Labels[1] != "office" {
		t.Fatalf("resource block = %+v\n%s", resource, out)
	}
	if variable == nil || variable.Labels[0] != export.TerraformPskVariable {
		t.Fatalf("variable block = %+v", variable)
	}
	vattrs, _ := variable.Body.JustAttributes()
	if v, _ := vattrs["sensitive"].Expr.Value(nil); v != cty.True {
		t.Errorf("variable not sensitive: %#v", v)
	}

	res, diags := resource.Body.Content(&hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "vpn_gateway_id"}, {Name: "local_subnet"}, {Name: "client_ip_pool"},
			{Name: "ipsec_server_name"}, {Name: "effect_immediately"}, {Name: "psk_enabled"}, {Name: "psk"}},
		Blocks: []hcl.BlockHeaderSchema{{Type: "ike_config"}, {Type: "ipsec_config"}},
	})
	if diags.HasErrors() {
		t.Fatalf("resource: %v", diags)
	}
	value := func(attrs hcl.Attributes, name string) cty.Value {
		t.Helper()
		a, ok := attrs[name]
		if !ok {
			t.Fatalf("attribute %s missing", name)
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		return v
	}
	for name, want := range map[string]cty.Value{
		"vpn_gateway_id":     cty.StringVal(spec.VpnGatewayId),
		"local_subnet":       cty.StringVal("172.16.0.0/16,10.10.0.0/16"),
		"client_ip_pool":     cty.StringVal(spec.ClientIpPool),
		"ipsec_server_name":  cty.StringVal("office"),
		"effect_immediately": cty.True,
		"psk_enabled":        cty.True,
	} {
		if got := value(res.Attributes, name); !got.RawEquals(want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	trav, diags := hcl.AbsTraversalForExpr(res.Attributes["psk"].Expr)
	if diags.HasErrors() || len(trav) != 2 || trav.RootName() != "var" || trav[1].(hcl.TraverseAttr).Name != export.TerraformPskVariable {
		t.Errorf("psk is not var.%s: %v", export.TerraformPskVariable, trav)
	}
	if len(res.Blocks) != 2 {
		t.Fatalf("blocks = %d", len(res.Blocks))
	}
	ike, _ := res.Blocks[0].Body.JustAttributes()
	for name, want := range map[string]cty.Value{
		"ike_version": cty.StringVal("ikev2"), "ike_mode": cty.StringVal("main"), "ike_enc_alg": cty.StringVal("aes256"),
		"ike_auth_alg": cty.StringVal("sha256"), "ike_pfs": cty.StringVal("group14"), "ike_lifetime": cty.NumberIntVal(86400),
		"local_id": cty.StringVal("vpn.example.com"),
	} {
		if got := value(ike, name); !got.RawEquals(want) {
			t.Errorf("ike_config.%s = %#v, want %#v", name, got, want)
		}
	}
	phase2, _ := res.Blocks[1].Body.JustAttributes()
	for name, want := range map[string]cty.Value{
		"ipsec_enc_alg": cty.StringVal("aes256"), "ipsec_auth_alg": cty.StringVal("sha256"),
		"ipsec_pfs": cty.StringVal("group14"), "ipsec_lifetime": cty.NumberIntVal(86400),
	} {
		if got := value(phase2, name); !got.RawEquals(want) {
			t.Errorf("ipsec_config.%s = %#v, want %#v", name, got, want)
		}
	}
}

func TestTerraformHCLMinimal(t *testing.T) {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId, spec.ClientIpPool = "vpn-1", "192.168.0.0/24"
	spec.LocalSubnet = ipsec.CIDRList{"10.0.0.0/8"}
	out, err := export.TerraformHCL(spec)
	if err != nil {
		t.Fatal(err)
	}
	if _, diags := hclparse.NewParser().ParseHCL(out, "main.tf"); diags.HasErrors() {
		t.Fatalf("does not parse: %v\n%s", diags, out)
	}
	for _, absent := range []string{"variable", "psk =", "ike_config", "ipsec_config"} {
		if strings.Contains(string(out), absent) {
			t.Errorf("minimal spec renders %q:\n%s", absent, out)
		}
	}
	if !strings.Contains(string(out), `resource "alicloud_vpn_ipsec_server" "ipsecwiz"`) {
		t.Errorf("unexpected resource name:\n%s", out)
	}
}

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
