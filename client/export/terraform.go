package export

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/zclconf/go-cty/cty"
)

// TerraformPskVariable is the variable that holds the PSK in TerraformHCL's
// output: the key itself is never written (set TF_VAR_ipsec_psk).
const TerraformPskVariable = "ipsec_psk"

// TerraformHCL renders spec as an alicloud_vpn_ipsec_server resource of the
// alicloud Terraform provider. A PSK becomes a reference to a sensitive
// variable; proposals are written only when the spec sets them, as the API
// call would send them.
func TerraformHCL(spec ipsec.ServerSpec) ([]byte, error) {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	body.AppendUnstructuredTokens(comment("# IPsec server on " + spec.VpnGatewayId + ", written by ipsecwiz."))
	if spec.Psk != "" {
		body.AppendUnstructuredTokens(comment("# The pre-shared key is not in this file: set it with TF_VAR_" + TerraformPskVariable + "."))
	}
	body.AppendNewline()

	if spec.Psk != "" {
		v := body.AppendNewBlock("variable", []string{TerraformPskVariable}).Body()
		v.SetAttributeTraversal("type", hcl.Traversal{hcl.TraverseRoot{Name: "string"}})
		v.SetAttributeValue("description", cty.StringVal("Pre-shared key of the IPsec server"))
		v.SetAttributeValue("sensitive", cty.True)
		body.AppendNewline()
	}

	r := body.AppendNewBlock("resource", []string{"alicloud_vpn_ipsec_server", terraformName(spec.IpSecServerName)}).Body()
	r.SetAttributeValue("vpn_gateway_id", cty.StringVal(spec.VpnGatewayId))
	r.SetAttributeValue("local_subnet", cty.StringVal(spec.LocalSubnet.String()))
	r.SetAttributeValue("client_ip_pool", cty.StringVal(spec.ClientIpPool))
	if spec.IpSecServerName != "" {
		r.SetAttributeValue("ipsec_server_name", cty.StringVal(spec.IpSecServerName))
	}
	r.SetAttributeValue("effect_immediately", cty.BoolVal(spec.EffectImmediately))
	r.SetAttributeValue("psk_enabled", cty.BoolVal(spec.PskEnabled))
	if spec.Psk != "" {
		r.SetAttributeTraversal("psk", hcl.Traversal{hcl.TraverseRoot{Name: "var"}, hcl.TraverseAttr{Name: TerraformPskVariable}})
	}
	if ike := spec.IkeConfig; ike != nil {
		r.AppendNewline()
		b := r.AppendNewBlock("ike_config", nil).Body()
		b.SetAttributeValue("ike_version", cty.StringVal(ike.IkeVersion))
		b.SetAttributeValue("ike_mode", cty.StringVal(ike.IkeMode))
		b.SetAttributeValue("ike_enc_alg", cty.StringVal(ike.IkeEncAlg))
		b.SetAttributeValue("ike_auth_alg", cty.StringVal(ike.IkeAuthAlg))
		b.SetAttributeValue("ike_pfs", cty.StringVal(ike.IkePfs))
		b.SetAttributeValue("ike_lifetime", cty.NumberIntVal(int64(ike.IkeLifetime)))
		if ike.LocalId != "" {
			b.SetAttributeValue("local_id", cty.StringVal(ike.LocalId))
		}
		if ike.RemoteId != "" {
			b.SetAttributeValue("remote_id", cty.StringVal(ike.RemoteId))
		}
	}
	if phase2 := spec.IpsecConfig; phase2 != nil {
		r.AppendNewline()
		b := r.AppendNewBlock("ipsec_config", nil).Body()
		b.SetAttributeValue("ipsec_enc_alg", cty.StringVal(phase2.IpsecEncAlg))
		b.SetAttributeValue("ipsec_auth_alg", cty.StringVal(phase2.IpsecAuthAlg))
		b.SetAttributeValue("ipsec_pfs", cty.StringVal(phase2.IpsecPfs))
		b.SetAttributeValue("ipsec_lifetime", cty.NumberIntVal(int64(phase2.IpsecLifetime)))
	}
	return f.Bytes(), nil
}

func comment(text string) hclwrite.Tokens {
	return hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(text + "\n")}}
}

// terraformName makes a resource name from the server's name: letters,
// digits, '_' and '-', not starting with a digit or '-'.
func terraformName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_-")
	if s == "" {
		return "ipsecwiz"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "ipsec_" + s
	}
	return s
}
