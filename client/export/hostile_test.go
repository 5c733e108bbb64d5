package export_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"howett.net/plist"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Hostile values (an API answer or answers file an attacker shaped) in any
// field: every rendering either refuses with a typed error or writes a file
// that parses and holds nothing but what an export holds, so no value can
// add a line (an include, another connection, a secret).

// hostileFields set one field of an Input to a value.
var hostileFields = []struct {
	name string
	set  func(*export.Input, string)
}{
	{"Gateway.InternetIp", func(in *export.Input, v string) { in.Gateway.InternetIp = v }},
	{"Server.InternetIp", func(in *export.Input, v string) { in.Server.InternetIp = v }},
	{"Server.IpsecServerId", func(in *export.Input, v string) { in.Server.IpsecServerId = v }},
	{"Server.LocalId", func(in *export.Input, v string) { in.Spec.IkeConfig.LocalId = ""; in.Server.IkeConfig.LocalId = v }},
	{"LocalId", func(in *export.Input, v string) { in.Spec.IkeConfig.LocalId = v }},
	{"RemoteId", func(in *export.Input, v string) { in.Spec.IkeConfig.RemoteId = v }},
	{"LocalSubnet", func(in *export.Input, v string) { in.Spec.LocalSubnet = ipsec.CIDRList{"10.0.0.0/8", v} }},
	{"ClientIpPool", func(in *export.Input, v string) { in.Spec.ClientIpPool = v }},
	{"IpSecServerName", func(in *export.Input, v string) { in.Spec.IpSecServerName = v }},
	{"VpnGatewayId", func(in *export.Input, v string) { in.Spec.VpnGatewayId = v }},
	{"RegionId", func(in *export.Input, v string) { in.Spec.RegionId = v }},
	{"IkeVersion", func(in *export.Input, v string) { in.Spec.IkeConfig.IkeVersion = v }},
	{"IkeMode", func(in *export.Input, v string) { in.Spec.IkeConfig.IkeMode = v }},
	{"IkeEncAlg", func(in *export.Input, v string) { in.Spec.IkeConfig.IkeEncAlg = v }},
	{"IkeAuthAlg", func(in *export.Input, v string) { in.Spec.IkeConfig.IkeAuthAlg = v }},
	{"IkePfs", func(in *export.Input, v string) { in.Spec.IkeConfig.IkePfs = v }},
	{"IpsecEncAlg", func(in *export.Input, v string) { in.Spec.IpsecConfig.IpsecEncAlg = v }},
	{"IpsecAuthAlg", func(in *export.Input, v string) { in.Spec.IpsecConfig.IpsecAuthAlg = v }},
	{"IpsecPfs", func(in *export.Input, v string) { in.Spec.IpsecConfig.IpsecPfs = v }},
	{"Psk", func(in *export.Input, v string) { in.Psk = ipsec.Secret(v) }},
}

var hostileSeeds = []string{
	"203.0.113.10\ninclude /etc/swanctl/evil.conf", "include /etc/swanctl/evil.conf", "1.2.3.4 }", "}\nsecrets {\nx {",
	`vpn.example.com" }`, "a\rb", "\"", `\`, "{", "#", "$", "${file(\"/etc/passwd\")}", "%{ if true }x%{ endif }",
	"</string><key>VPNType</key><string>L2TP", "<!--", "]]>", "&amp;", "\x00", "é", "10.0.0.0/8,11.0.0.0/8",
	"10.0.0.0/8 include", "0.0.0.0/0", "aes256\n}", "vpn-1\n# x", "iss-1\"", "cn-hangzhou\n", "::1", "fe80::1%eth0",
	"x", "9lives", "a.b", strings.Repeat("a", 300),
}

func FuzzExportHostileValues(f *testing.F) {
	for i := range hostileFields {
		for _, s := range hostileSeeds {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, field uint8, value string) {
		hf := hostileFields[int(field)%len(hostileFields)]
		for _, render := range []struct {
			name  string
			check func(*testing.T, []byte)
			fn    func(export.Input) ([]byte, error)
		}{
			{"strongswan", checkSwanctl, export.StrongSwan},
			{"apple", checkAppleProfile, export.AppleProfile},
			{"terraform", checkTerraform, func(in export.Input) ([]byte, error) { r, err := export.Terraform(in); return r.Data, err }},
		} {
			in := clientInput(readySpec())
			in.IncludeKey = true
			in.Server = &ipsec.Server{IpsecServerId: "iss-fuzz", InternetIp: gatewayIP}
			hf.set(&in, value)
			out, err := render.fn(in)
			if err != nil {
				var inv *export.InvalidValueError
				var uns *export.UnsupportedError
				var mis *export.MissingValueError
				if !errors.As(err, &inv) && !errors.As(err, &uns) && !errors.As(err, &mis) {
					t.Fatalf("%s %s=%q: untyped refusal %T: %v", render.name, hf.name, value, err, err)
				}
				if out != nil {
					t.Fatalf("%s: refused, yet wrote %d bytes", render.name, len(out))
				}
				continue
			}
			render.check(t, out)
		}
	})
}

// swanctlSchema is every key a strongSwan export holds, by section path
// (children by pattern).
var swanctlSchema = map[string][]string{
	"connections.ipsecwiz": {"version", "aggressive", "remote_addrs", "vips", "proposals", "rekey_time", "reauth_time",
		"rand_time", "over_time", "dpd_delay", "dpd_timeout", "send_certreq"},
	"connections.ipsecwiz.local":    {"auth", "id"},
	"connections.ipsecwiz.remote":   {"auth", "id"},
	"connections.ipsecwiz.children": {},
	"connections.ipsecwiz.children.CHILD": {"esp_proposals", "remote_ts", "rekey_time", "rand_time", "life_time",
		"dpd_action", "close_action", "start_action"},
	"connections":          {},
	"secrets":              {},
	"secrets.ike-ipsecwiz": {"id", "secret"},
}

var (
	swanSection = regexp.MustCompile(`^([A-Za-z0-9_.-]+) \{$`)
	swanKV      = regexp.MustCompile(`^([A-Za-z0-9_]+) = ("[^"]*"|[^"#{}\s]+)$`)
	swanChild   = regexp.MustCompile(`^connections\.ipsecwiz\.children\.ipsecwiz(-[0-9]+)?$`)
)

// checkSwanctl parses a swanctl.conf the way swanctl's grammar reads it
// (sections, key = value, comments) and fails on any section or key an
// export does not hold.
func checkSwanctl(t *testing.T, conf []byte) {
	t.Helper()
	var path []string
	seen := map[string]bool{}
	for i, line := range strings.Split(string(conf), "\n") {
		l := strings.TrimSpace(line)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case l == "}":
			if len(path) == 0 {
				t.Fatalf("line %d: unbalanced }:\n%s", i+1, conf)
			}
			path = path[:len(path)-1]
		case swanSection.MatchString(l):
			path = append(path, swanSection.FindStringSubmatch(l)[1])
			if _, ok := swanctlSchema[schemaPath(path)]; !ok {
				t.Fatalf("line %d: section %s is not an export's:\n%s", i+1, strings.Join(path, "."), conf)
			}
		case swanKV.MatchString(l):
			key := swanKV.FindStringSubmatch(l)[1]
			p := schemaPath(path)
			if !contains(swanctlSchema[p], key) || seen[strings.Join(path, ".")+"."+key] {
				t.Fatalf("line %d: key %s in %s is not an export's (or twice):\n%s", i+1, key, p, conf)
			}
			seen[strings.Join(path, ".")+"."+key] = true
		default:
			t.Fatalf("line %d: %q is not swanctl.conf syntax an export writes:\n%s", i+1, l, conf)
		}
	}
	if len(path) != 0 {
		t.Fatalf("unclosed sections %v", path)
	}
}

func schemaPath(path []string) string {
	p := strings.Join(path, ".")
	if swanChild.MatchString(p) {
		return "connections.ipsecwiz.children.CHILD"
	}
	if strings.HasPrefix(p, "connections.ipsecwiz.children.") {
		return "!" + p
	}
	return p
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func checkAppleProfile(t *testing.T, b []byte) {
	t.Helper()
	var v any
	if _, err := plist.Unmarshal(b, &v); err != nil {
		t.Fatalf("not a property list: %v\n%s", err, b)
	}
	checkPlist(t, "profile", v, appleProfileSchema)
}

// checkTerraform parses the HCL and fails on any block or attribute an
// export does not hold, and on any expression but a literal or the known
// references (var.ipsec_psk, the import's target, the variable's type).
func checkTerraform(t *testing.T, src []byte) {
	t.Helper()
	f := parseTF(t, src)
	res, diags := f.one(t, "resource").Body.Content(tfResource)
	if diags.HasErrors() {
		t.Fatalf("resource: %v\n%s", diags, src)
	}
	attrs := []hcl.Attributes{res.Attributes}
	for _, b := range res.Blocks {
		a, diags := b.Body.JustAttributes()
		if diags.HasErrors() {
			t.Fatalf("%s: %v", b.Type, diags)
		}
		attrs = append(attrs, a)
	}
	for _, typ := range []string{"variable", "import", "provider"} {
		for _, b := range f.blocks[typ] {
			a, diags := b.Body.JustAttributes()
			if diags.HasErrors() {
				t.Fatalf("%s: %v", typ, diags)
			}
			attrs = append(attrs, a)
		}
	}
	allowedRefs := map[string]bool{"psk": true, "to": true, "type": true}
	for _, set := range attrs {
		for name, a := range set {
			if len(a.Expr.Variables()) > 0 && !allowedRefs[name] {
				t.Fatalf("attribute %s holds an expression %s:\n%s", name, fmt.Sprint(a.Expr.Variables()), src)
			}
		}
	}
	if _, diags := hclparse.NewParser().ParseHCL(src, "again.tf"); diags.HasErrors() {
		t.Fatal(diags)
	}
}
