package export

import (
	"fmt"
	"regexp"
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

// terraformResource is the provider's resource type.
const terraformResource = "alicloud_vpn_ipsec_server"

// terraformNamePattern is the provider's check of ipsec_server_name, as its
// schema has it (unanchored at the end: only the first two characters are
// really constrained). A name it refuses stops `terraform plan`.
var terraformNamePattern = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{1,127}`)

// TerraformHCL renders spec as an alicloud_vpn_ipsec_server configuration
// for a create; Terraform has the whole story (warnings, an existing
// server's import block).
func TerraformHCL(spec ipsec.ServerSpec) ([]byte, error) {
	r, err := Terraform(Input{Spec: spec})
	return r.Data, err
}

// Terraform renders in as a Terraform root module for the alicloud provider:
// required_providers and the provider block with the region, the key as a
// sensitive variable (never the key itself), for an existing server
// (in.Server) an import block (Terraform 1.5+), and the
// alicloud_vpn_ipsec_server resource. It is written to apply cleanly against
// the provider's own code:
//   - the resource's label is derived from the gateway id, which the
//     resource cannot change (vpn_gateway_id forces a new one), so renaming
//     the server is an update, not a destroy-and-create;
//   - ike_config.local_id is always written (the gateway's public IP when
//     LocalId is not set, as the service does), since the provider reads
//     back what the service reports and a block without it never plans empty;
//   - a name the provider refuses (^[a-zA-Z][a-zA-Z0-9_-]{1,127}: x, 9lives,
//     a.b) is an *UnsupportedError rather than a file `terraform plan`
//     rejects.
//
// Warnings say what will still show in a plan (an unknown gateway IP for
// local_id; the provider's create sending ipsec_config as null).
func Terraform(in Input) (Rendering, error) {
	const format = "terraform"
	spec := in.Spec
	c := checker{format: format}
	c.check(ipsec.FieldVpnGatewayID, spec.VpnGatewayId, ipsec.ValidateGatewayID(spec.VpnGatewayId))
	if spec.RegionId != "" {
		c.check(ipsec.FieldRegionID, spec.RegionId, ipsec.ValidateRegion(spec.RegionId, nil))
	}
	subnets := c.subnets(spec.LocalSubnet)
	pool := c.pool(spec.ClientIpPool)
	if spec.IpSecServerName != "" {
		c.check(ipsec.FieldName, spec.IpSecServerName, ipsec.ValidateName(spec.IpSecServerName))
	}
	ike, phase2 := effectiveProposals(spec)
	c.proposals(ike, phase2)
	address := ""
	if a := in.serverAddress(); a != "" {
		address = c.address("InternetIp", a)
	}
	importID := ""
	if in.Server != nil {
		importID = c.serverID(in.Server.IpsecServerId)
	}
	if c.err != nil {
		return Rendering{}, c.err
	}
	if name := spec.IpSecServerName; name != "" && !terraformNamePattern.MatchString(name) {
		return Rendering{}, &UnsupportedError{Format: format, Setting: fmt.Sprintf("IpSecServerName %q", name),
			Reason: "the alicloud provider refuses names that do not start with a letter followed by a letter, digit, _ or - " +
				"(^[a-zA-Z][a-zA-Z0-9_-]{1,127}), so terraform plan would stop",
			Remedy: fmt.Sprintf("rename the server to a name it takes, e.g. %q (ipsecwiz update --name), then export again", terraformSafeName(name))}
	}

	var warnings []string
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	label := strings.ReplaceAll(spec.VpnGatewayId, "-", "_") // checked: vpn-[a-z0-9-]
	where := spec.VpnGatewayId
	if spec.RegionId != "" {
		where += " (" + spec.RegionId + ")"
	}
	body.AppendUnstructuredTokens(comment("# The IPsec server on " + where + ", written by ipsecwiz."))
	body.AppendUnstructuredTokens(comment("# A complete root module; to add the resource to an existing configuration, keep your own"))
	body.AppendUnstructuredTokens(comment("# terraform and provider blocks instead of these."))
	if spec.Psk != "" {
		body.AppendUnstructuredTokens(comment("# The pre-shared key is not in this file: set it with TF_VAR_" + TerraformPskVariable + "."))
	}
	body.AppendNewline()

	tf := body.AppendNewBlock("terraform", nil).Body()
	if importID != "" {
		tf.SetAttributeValue("required_version", cty.StringVal(">= 1.5")) // import blocks
	}
	providers := tf.AppendNewBlock("required_providers", nil).Body()
	providers.SetAttributeValue("alicloud", cty.ObjectVal(map[string]cty.Value{
		"source":  cty.StringVal("aliyun/alicloud"),
		"version": cty.StringVal(">= 1.161.0"), // alicloud_vpn_ipsec_server's first release
	}))
	body.AppendNewline()
	provider := body.AppendNewBlock("provider", []string{"alicloud"}).Body()
	if spec.RegionId != "" {
		provider.SetAttributeValue("region", cty.StringVal(spec.RegionId))
	} else {
		provider.AppendUnstructuredTokens(comment("# No region in the request: the provider takes ALICLOUD_REGION."))
	}
	body.AppendNewline()

	if spec.Psk != "" {
		v := body.AppendNewBlock("variable", []string{TerraformPskVariable}).Body()
		v.SetAttributeTraversal("type", hcl.Traversal{hcl.TraverseRoot{Name: "string"}})
		v.SetAttributeValue("description", cty.StringVal("Pre-shared key of the IPsec server"))
		v.SetAttributeValue("sensitive", cty.True)
		body.AppendNewline()
	}

	if importID != "" {
		imp := body.AppendNewBlock("import", nil).Body()
		imp.SetAttributeTraversal("to", hcl.Traversal{hcl.TraverseRoot{Name: terraformResource}, hcl.TraverseAttr{Name: label}})
		imp.SetAttributeValue("id", cty.StringVal(importID))
		body.AppendNewline()
	}

	r := body.AppendNewBlock("resource", []string{terraformResource, label}).Body()
	r.SetAttributeValue("vpn_gateway_id", cty.StringVal(spec.VpnGatewayId))
	ts := make([]string, len(subnets))
	for i, p := range subnets {
		ts[i] = p.String()
	}
	r.SetAttributeValue("local_subnet", cty.StringVal(strings.Join(ts, ",")))
	r.SetAttributeValue("client_ip_pool", cty.StringVal(pool))
	if spec.IpSecServerName != "" {
		r.SetAttributeValue("ipsec_server_name", cty.StringVal(spec.IpSecServerName))
	}
	r.SetAttributeValue("effect_immediately", cty.BoolVal(spec.EffectImmediately))
	r.SetAttributeValue("psk_enabled", cty.BoolVal(spec.PskEnabled))
	if spec.Psk != "" {
		r.SetAttributeTraversal("psk", hcl.Traversal{hcl.TraverseRoot{Name: "var"}, hcl.TraverseAttr{Name: TerraformPskVariable}})
	}
	if spec.IkeConfig != nil {
		r.AppendNewline()
		b := r.AppendNewBlock("ike_config", nil).Body()
		b.SetAttributeValue("ike_version", cty.StringVal(ike.IkeVersion))
		b.SetAttributeValue("ike_mode", cty.StringVal(ike.IkeMode))
		b.SetAttributeValue("ike_enc_alg", cty.StringVal(ike.IkeEncAlg))
		b.SetAttributeValue("ike_auth_alg", cty.StringVal(ike.IkeAuthAlg))
		b.SetAttributeValue("ike_pfs", cty.StringVal(ike.IkePfs))
		b.SetAttributeValue("ike_lifetime", cty.NumberIntVal(int64(ike.IkeLifetime)))
		localID := ike.LocalId
		if localID == "" {
			localID = address // what the service reports when LocalId is not set
		}
		if localID != "" {
			b.SetAttributeValue("local_id", cty.StringVal(localID))
		} else {
			msg := "ike_config.local_id is not set and the gateway's public IP is unknown: the plan will show ike_config " +
				"changing until local_id is set to the gateway's public IP (export with credentials to have it filled in)"
			b.AppendUnstructuredTokens(comment("# Set local_id to the gateway's public IP, or every plan shows a change."))
			warnings = append(warnings, msg)
		}
		if ike.RemoteId != "" {
			b.SetAttributeValue("remote_id", cty.StringVal(ike.RemoteId))
		}
	}
	if spec.IpsecConfig != nil {
		r.AppendNewline()
		b := r.AppendNewBlock("ipsec_config", nil).Body()
		if importID == "" && phase2 != ipsec.ServiceDefaultIpsec() {
			// Seen in the provider's create: it reads ipsec_config under the
			// API's key names, so the members go out as null.
			b.AppendUnstructuredTokens(comment("# The provider's create sends these as null, so the server starts with the service's"))
			b.AppendUnstructuredTokens(comment("# phase 2 defaults; the next terraform apply sets them (UpdateIpsecServer)."))
			warnings = append(warnings, "the alicloud provider's create sends ipsec_config as null, so a new server starts with "+
				"the service's phase 2 defaults: run terraform apply a second time to set them")
		}
		b.SetAttributeValue("ipsec_enc_alg", cty.StringVal(phase2.IpsecEncAlg))
		b.SetAttributeValue("ipsec_auth_alg", cty.StringVal(phase2.IpsecAuthAlg))
		b.SetAttributeValue("ipsec_pfs", cty.StringVal(phase2.IpsecPfs))
		b.SetAttributeValue("ipsec_lifetime", cty.NumberIntVal(int64(phase2.IpsecLifetime)))
	}
	return Rendering{Data: f.Bytes(), Warnings: warnings}, nil
}

func comment(text string) hclwrite.Tokens {
	return hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(text + "\n")}}
}

// terraformSafeName suggests a name the provider takes: letters, digits, _
// and - kept, anything else as -, a leading letter ensured.
func terraformSafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "vpn-" + s
	}
	if len(s) < 2 {
		s += "-vpn"
	}
	return strings.TrimSuffix(s, "-")
}
