package export_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// tfFile is a parsed Terraform export, its top-level blocks by type.
type tfFile struct {
	blocks map[string][]*hcl.Block
	src    []byte
}

var tfTopLevel = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"}, {Type: "provider", LabelNames: []string{"name"}}, {Type: "variable", LabelNames: []string{"name"}},
	{Type: "import"}, {Type: "resource", LabelNames: []string{"type", "name"}},
}}

// parseTF parses src and fails on anything but the blocks an export holds.
func parseTF(t *testing.T, src []byte) tfFile {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, "main.tf")
	if diags.HasErrors() {
		t.Fatalf("does not parse: %v\n%s", diags, src)
	}
	content, diags := f.Body.Content(tfTopLevel)
	if diags.HasErrors() {
		t.Fatalf("top level: %v\n%s", diags, src)
	}
	out := tfFile{blocks: map[string][]*hcl.Block{}, src: src}
	for _, b := range content.Blocks {
		out.blocks[b.Type] = append(out.blocks[b.Type], b)
	}
	return out
}

func (f tfFile) one(t *testing.T, typ string) *hcl.Block {
	t.Helper()
	if len(f.blocks[typ]) != 1 {
		t.Fatalf("%d %s blocks in:\n%s", len(f.blocks[typ]), typ, f.src)
	}
	return f.blocks[typ][0]
}

var tfResource = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "vpn_gateway_id"}, {Name: "local_subnet"}, {Name: "client_ip_pool"},
		{Name: "ipsec_server_name"}, {Name: "effect_immediately"}, {Name: "psk_enabled"}, {Name: "psk"}},
	Blocks: []hcl.BlockHeaderSchema{{Type: "ike_config"}, {Type: "ipsec_config"}},
}

func value(t *testing.T, attrs hcl.Attributes, name string) cty.Value {
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

func terraform(t *testing.T, in export.Input) (tfFile, export.Rendering) {
	t.Helper()
	r, err := export.Terraform(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.HasKey {
		t.Errorf("a Terraform rendering claims to hold the key")
	}
	return parseTF(t, r.Data), r
}

func TestTerraform(t *testing.T) {
	spec := readySpec()
	spec.IkeConfig.LocalId = "vpn.example.com"
	spec.EffectImmediately = true
	f, r := terraform(t, export.Input{Spec: spec, Psk: "other", IncludeKey: true})
	if strings.Contains(string(r.Data), spec.Psk.Reveal()) || strings.Contains(string(r.Data), "other") {
		t.Fatalf("the PSK is in the Terraform output:\n%s", r.Data)
	}
	if len(f.blocks["import"]) != 0 {
		t.Errorf("an import block for a create")
	}

	tf, _ := f.one(t, "terraform").Body.Content(&hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "required_version"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "required_providers"}}})
	providers, _ := tf.Blocks[0].Body.JustAttributes()
	if v := value(t, providers, "alicloud"); v.GetAttr("source") != cty.StringVal("aliyun/alicloud") {
		t.Errorf("required_providers.alicloud = %#v", v)
	}
	provider := f.one(t, "provider")
	pattrs, _ := provider.Body.JustAttributes()
	if provider.Labels[0] != "alicloud" || !value(t, pattrs, "region").RawEquals(cty.StringVal("cn-hangzhou")) {
		t.Errorf("provider block: %v %v", provider.Labels, pattrs)
	}
	variable := f.one(t, "variable")
	vattrs, _ := variable.Body.JustAttributes()
	if variable.Labels[0] != export.TerraformPskVariable || value(t, vattrs, "sensitive") != cty.True {
		t.Errorf("variable %v not sensitive", variable.Labels)
	}

	resource := f.one(t, "resource")
	if resource.Labels[0] != "alicloud_vpn_ipsec_server" || resource.Labels[1] != "vpn_sandbox_ready" {
		t.Fatalf("resource labels %v", resource.Labels)
	}
	res, diags := resource.Body.Content(tfResource)
	if diags.HasErrors() {
		t.Fatalf("resource: %v", diags)
	}
	for name, want := range map[string]cty.Value{
		"vpn_gateway_id": cty.StringVal(spec.VpnGatewayId), "local_subnet": cty.StringVal("172.16.0.0/16,10.10.0.0/16"),
		"client_ip_pool": cty.StringVal(spec.ClientIpPool), "ipsec_server_name": cty.StringVal("office"),
		"effect_immediately": cty.True, "psk_enabled": cty.True,
	} {
		if got := value(t, res.Attributes, name); !got.RawEquals(want) {
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
		if got := value(t, ike, name); !got.RawEquals(want) {
			t.Errorf("ike_config.%s = %#v, want %#v", name, got, want)
		}
	}
	phase2, _ := res.Blocks[1].Body.JustAttributes()
	for name, want := range map[string]cty.Value{
		"ipsec_enc_alg": cty.StringVal("aes256"), "ipsec_auth_alg": cty.StringVal("sha256"),
		"ipsec_pfs": cty.StringVal("group14"), "ipsec_lifetime": cty.NumberIntVal(86400),
	} {
		if got := value(t, phase2, name); !got.RawEquals(want) {
			t.Errorf("ipsec_config.%s = %#v, want %#v", name, got, want)
		}
	}
	// The provider's create sends ipsec_config as null: said in the file and
	// as a warning.
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "second time") || !strings.Contains(string(r.Data), "sends these as null") {
		t.Errorf("warnings %q", r.Warnings)
	}
}

// The label comes from the gateway id, so a rename is an update.
func TestTerraformLabelSurvivesRename(t *testing.T) {
	var labels []string
	for _, name := range []string{"office", "branch-2", ""} {
		spec := readySpec()
		spec.IpSecServerName = name
		f, _ := terraform(t, export.Input{Spec: spec})
		labels = append(labels, f.one(t, "resource").Labels[1])
	}
	if labels[0] != "vpn_sandbox_ready" || labels[1] != labels[0] || labels[2] != labels[0] {
		t.Errorf("labels %v", labels)
	}
}

// local_id is written, the gateway's public IP when LocalId is not set;
// unknown, the plan would drift, which a warning says.
func TestTerraformLocalID(t *testing.T) {
	spec := readySpec()
	localID := func(f tfFile) cty.Value {
		res, _ := f.one(t, "resource").Body.Content(tfResource)
		attrs, _ := res.Blocks[0].Body.JustAttributes()
		if _, ok := attrs["local_id"]; !ok {
			return cty.NilVal
		}
		return value(t, attrs, "local_id")
	}
	f, _ := terraform(t, export.Input{Spec: spec, Gateway: ipsec.Gateway{InternetIp: gatewayIP}})
	if got := localID(f); !got.RawEquals(cty.StringVal(gatewayIP)) {
		t.Errorf("local_id = %#v, want the gateway IP", got)
	}
	f, _ = terraform(t, export.Input{Spec: spec, Server: &ipsec.Server{IpsecServerId: "iss-1", InternetIp: "198.51.100.4"}})
	if got := localID(f); !got.RawEquals(cty.StringVal("198.51.100.4")) {
		t.Errorf("local_id = %#v, want the server's IP", got)
	}
	f, r := terraform(t, export.Input{Spec: spec})
	if got := localID(f); got != cty.NilVal || len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "local_id") {
		t.Errorf("local_id %#v unknown without a warning: %q", got, r.Warnings)
	}
}

// An existing server gets an import block (Terraform 1.5+) to the resource.
func TestTerraformImport(t *testing.T) {
	spec := readySpec()
	f, r := terraform(t, export.Input{Spec: spec, Server: &ipsec.Server{IpsecServerId: "iss-bp1abc", InternetIp: gatewayIP}})
	imp, _ := f.one(t, "import").Body.JustAttributes()
	trav, diags := hcl.AbsTraversalForExpr(imp["to"].Expr)
	if diags.HasErrors() || trav.RootName() != "alicloud_vpn_ipsec_server" || trav[1].(hcl.TraverseAttr).Name != f.one(t, "resource").Labels[1] {
		t.Errorf("import.to = %v", trav)
	}
	if !value(t, imp, "id").RawEquals(cty.StringVal("iss-bp1abc")) {
		t.Errorf("import.id = %#v", value(t, imp, "id"))
	}
	tf, _ := f.one(t, "terraform").Body.JustAttributes()
	if !value(t, tf, "required_version").RawEquals(cty.StringVal(">= 1.5")) {
		t.Errorf("required_version for an import block")
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings for an import: %q", r.Warnings)
	}
	_, err := export.Terraform(export.Input{Spec: spec, Server: &ipsec.Server{IpsecServerId: "iss-1\"\n}"}})
	var inv *export.InvalidValueError
	if !errors.As(err, &inv) || inv.Field != "IpsecServerId" {
		t.Errorf("hostile server id: %v", err)
	}
}

func TestTerraformMinimal(t *testing.T) {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId, spec.ClientIpPool = "vpn-1", "192.168.0.0/24"
	spec.LocalSubnet = ipsec.CIDRList{"10.0.0.0/8"}
	f, r := terraform(t, export.Input{Spec: spec})
	for _, absent := range []string{"variable", "psk ", "ike_config", "ipsec_config", "import"} {
		if strings.Contains(string(r.Data), absent) {
			t.Errorf("minimal spec renders %q:\n%s", absent, r.Data)
		}
	}
	if l := f.one(t, "resource").Labels; l[1] != "vpn_1" {
		t.Errorf("resource labels %v", l)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings %q", r.Warnings)
	}
	if b, err := export.TerraformHCL(spec); err != nil || string(b) != string(r.Data) {
		t.Errorf("TerraformHCL differs from Terraform: %v", err)
	}
}

// Names the provider refuses are refused here, with a name it takes.
func TestTerraformRefusesProviderNames(t *testing.T) {
	for name, suggestion := range map[string]string{"x": "x-vpn", "9lives": "vpn-9lives", "a.b": "a-b", "-x": "x-vpn", "办公室": "vpn"} {
		spec := readySpec()
		spec.IpSecServerName = name
		_, err := export.Terraform(export.Input{Spec: spec})
		var u *export.UnsupportedError
		if !errors.As(err, &u) || !strings.Contains(u.Remedy, `"`+suggestion+`"`) {
			t.Errorf("%q: %v", name, err)
		}
	}
	for _, name := range []string{"ab", "office vpn", "ab.c", "Office_VPN-2"} { // the provider's check is unanchored at the end
		spec := readySpec()
		spec.IpSecServerName = name
		if _, err := export.Terraform(export.Input{Spec: spec}); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
}

func TestTerraformRefusesHostileValues(t *testing.T) {
	for _, tt := range []struct {
		field string
		set   func(*ipsec.ServerSpec)
	}{
		{ipsec.FieldVpnGatewayID, func(s *ipsec.ServerSpec) { s.VpnGatewayId = "vpn-1\"\nresource \"x\" \"y\" {}" }},
		{ipsec.FieldRegionID, func(s *ipsec.ServerSpec) { s.RegionId = "cn-hangzhou\"\n" }},
		{ipsec.FieldLocalSubnet, func(s *ipsec.ServerSpec) { s.LocalSubnet = ipsec.CIDRList{"10.0.0.0/8 ${file(\"/etc/passwd\")}"} }},
		{ipsec.FieldClientIPPool, func(s *ipsec.ServerSpec) { s.ClientIpPool = "192.168.0.0/24,10.0.0.0/24" }},
		{ipsec.FieldName, func(s *ipsec.ServerSpec) { s.IpSecServerName = "office\n}" }},
		{ipsec.FieldIkeAuthAlg, func(s *ipsec.ServerSpec) { s.IkeConfig.IkeAuthAlg = "${var.x}" }},
		{ipsec.FieldRemoteID, func(s *ipsec.ServerSpec) { s.IkeConfig.RemoteId = "%{ for x in y }" }},
		{ipsec.FieldIpsecLifetime, func(s *ipsec.ServerSpec) { s.IpsecConfig.IpsecLifetime = 86401 }},
	} {
		spec := readySpec()
		tt.set(&spec)
		r, err := export.Terraform(export.Input{Spec: spec})
		var inv *export.InvalidValueError
		if !errors.As(err, &inv) || inv.Field != tt.field || r.Data != nil {
			t.Errorf("%s: %v", tt.field, err)
		}
	}
}
