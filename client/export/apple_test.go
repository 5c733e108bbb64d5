package export_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"howett.net/plist"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// plistKey is one key of Apple's Device Management reference (the
// com.apple.vpn.managed profile, its IKEv2 dictionary and
// SecurityAssociationParameters, the TopLevel and common payload keys), as
// much of it as a profile may use: type, presence, allowed values, range.
type plistKey struct {
	typ      string // string, integer, boolean, array, dict
	required bool
	values   []any // the rangelist; nil: any
	min, max uint64
	keys     map[string]plistKey // a dict's keys
	item     *plistKey           // an array's items
}

var appleSAKeys = map[string]plistKey{
	"EncryptionAlgorithm": {typ: "string", values: []any{"DES", "3DES", "AES-128", "AES-256", "AES-128-GCM", "AES-256-GCM", "ChaCha20Poly1305"}},
	"IntegrityAlgorithm":  {typ: "string", values: []any{"SHA1-96", "SHA1-160", "SHA2-256", "SHA2-384", "SHA2-512"}},
	"DiffieHellmanGroup":  {typ: "integer", values: []any{uint64(1), uint64(2), uint64(5), uint64(14), uint64(15), uint64(16), uint64(17), uint64(18), uint64(19), uint64(20), uint64(21), uint64(31), uint64(32)}},
	"LifeTimeInMinutes":   {typ: "integer", min: 10, max: 1440},
}

var zeroOne = []any{uint64(0), uint64(1)}

var appleIKEv2Keys = map[string]plistKey{
	"RemoteAddress":                      {typ: "string", required: true},
	"LocalIdentifier":                    {typ: "string", required: true},
	"RemoteIdentifier":                   {typ: "string", required: true},
	"AuthenticationMethod":               {typ: "string", required: true, values: []any{"None", "SharedSecret", "Certificate"}},
	"SharedSecret":                       {typ: "string"},
	"ExtendedAuthEnabled":                {typ: "integer", values: zeroOne},
	"DeadPeerDetectionRate":              {typ: "string", values: []any{"None", "Low", "Medium", "High"}},
	"EnablePFS":                          {typ: "integer", values: zeroOne},
	"DisableMOBIKE":                      {typ: "integer", values: zeroOne},
	"IKESecurityAssociationParameters":   {typ: "dict", keys: appleSAKeys},
	"ChildSecurityAssociationParameters": {typ: "dict", keys: appleSAKeys},
}

func commonPayloadKeys(payloadType string, extra map[string]plistKey) map[string]plistKey {
	keys := map[string]plistKey{
		"PayloadIdentifier":   {typ: "string", required: true},
		"PayloadUUID":         {typ: "string", required: true},
		"PayloadType":         {typ: "string", required: true, values: []any{payloadType}},
		"PayloadVersion":      {typ: "integer", required: true, values: []any{uint64(1)}},
		"PayloadDescription":  {typ: "string"},
		"PayloadDisplayName":  {typ: "string"},
		"PayloadOrganization": {typ: "string"},
	}
	for k, v := range extra {
		keys[k] = v
	}
	return keys
}

var appleProfileSchema = plistKey{typ: "dict", keys: commonPayloadKeys("Configuration", map[string]plistKey{
	"PayloadRemovalDisallowed": {typ: "boolean"},
	"PayloadContent": {typ: "array", required: true, item: &plistKey{typ: "dict", keys: commonPayloadKeys("com.apple.vpn.managed", map[string]plistKey{
		"VPNType":         {typ: "string", required: true, values: []any{"VPN", "L2TP", "IPSec", "IKEv2", "AlwaysOn", "TransparentProxy"}},
		"UserDefinedName": {typ: "string", required: true},
		"IKEv2":           {typ: "dict", keys: appleIKEv2Keys},
	})}},
})}

// checkPlist checks v against the reference, path naming where.
func checkPlist(t *testing.T, path string, v any, k plistKey) {
	t.Helper()
	typ := map[string]string{"string": "string", "uint64": "integer", "bool": "boolean", "[]interface {}": "array",
		"map[string]interface {}": "dict"}[fmt.Sprintf("%T", v)]
	if typ != k.typ {
		t.Errorf("%s: %T, want %s", path, v, k.typ)
		return
	}
	if k.values != nil && !slices.Contains(k.values, v) {
		t.Errorf("%s = %v, not one of Apple's values %v", path, v, k.values)
	}
	if n, ok := v.(uint64); ok && k.max > 0 && (n < k.min || n > k.max) {
		t.Errorf("%s = %d, outside Apple's range %d..%d", path, n, k.min, k.max)
	}
	switch v := v.(type) {
	case map[string]any:
		for name, sub := range v {
			sk, ok := k.keys[name]
			if !ok {
				t.Errorf("%s.%s: not a key of Apple's reference", path, name)
				continue
			}
			checkPlist(t, path+"."+name, sub, sk)
		}
		for name, sk := range k.keys {
			if _, ok := v[name]; sk.required && !ok {
				t.Errorf("%s.%s: required by Apple's reference, missing", path, name)
			}
		}
	case []any:
		for i, item := range v {
			checkPlist(t, fmt.Sprintf("%s[%d]", path, i), item, *k.item)
		}
	}
}

// appleProfile renders and parses a profile, checking it against the
// reference; it returns the profile and its IKEv2 dictionary.
func appleProfile(t *testing.T, in export.Input) (profile, ikev2 map[string]any, raw []byte) {
	t.Helper()
	raw, err := export.AppleProfile(in)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if _, err := plist.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not a property list: %v\n%s", err, raw)
	}
	if !strings.HasPrefix(string(raw), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("not an XML property list:\n%s", raw)
	}
	checkPlist(t, "profile", v, appleProfileSchema)
	profile = v.(map[string]any)
	content := profile["PayloadContent"].([]any)
	if len(content) != 1 {
		t.Fatalf("%d payloads", len(content))
	}
	vpn := content[0].(map[string]any)
	if vpn["VPNType"] != "IKEv2" {
		t.Errorf("VPNType %v", vpn["VPNType"])
	}
	return profile, vpn["IKEv2"].(map[string]any), raw
}

func appleInput(spec ipsec.ServerSpec) export.Input {
	in := clientInput(spec)
	in.IncludeKey = true
	return in
}

func TestAppleProfile(t *testing.T) {
	spec := readySpec()
	spec.IpSecServerName = `Office <VPN> & "HQ"`
	spec.IkeConfig.RemoteId = "laptop.example.com"
	profile, ikev2, raw := appleProfile(t, appleInput(spec))
	for k, want := range map[string]any{
		"RemoteAddress": gatewayIP, "RemoteIdentifier": gatewayIP, "LocalIdentifier": "laptop.example.com",
		"AuthenticationMethod": "SharedSecret", "SharedSecret": "s3cret-Key", "ExtendedAuthEnabled": uint64(0), "EnablePFS": uint64(1),
	} {
		if ikev2[k] != want {
			t.Errorf("IKEv2.%s = %#v, want %#v", k, ikev2[k], want)
		}
	}
	for _, sa := range []string{"IKESecurityAssociationParameters", "ChildSecurityAssociationParameters"} {
		got := ikev2[sa].(map[string]any)
		want := map[string]any{"EncryptionAlgorithm": "AES-256", "IntegrityAlgorithm": "SHA2-256",
			"DiffieHellmanGroup": uint64(14), "LifeTimeInMinutes": uint64(1440)}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", sa, got, want)
		}
	}
	vpn := profile["PayloadContent"].([]any)[0].(map[string]any)
	if vpn["UserDefinedName"] != spec.IpSecServerName || profile["PayloadDisplayName"] != spec.IpSecServerName {
		t.Errorf("names %q %q", vpn["UserDefinedName"], profile["PayloadDisplayName"])
	}
	id := export.AppleIdentifier(spec.VpnGatewayId)
	if profile["PayloadIdentifier"] != id || vpn["PayloadIdentifier"] != id+".ikev2" {
		t.Errorf("identifiers %v %v", profile["PayloadIdentifier"], vpn["PayloadIdentifier"])
	}
	uuid := regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
	for _, u := range []any{profile["PayloadUUID"], vpn["PayloadUUID"]} {
		if s, _ := u.(string); !uuid.MatchString(s) {
			t.Errorf("PayloadUUID %v is not a version 5 UUID", u)
		}
	}
	if profile["PayloadUUID"] == vpn["PayloadUUID"] {
		t.Errorf("the profile and its payload share a UUID")
	}

	// The same server gives the same identifiers and UUIDs, so a new
	// profile replaces the old one; another gateway gets others.
	again := spec.Clone()
	again.Psk, again.IpSecServerName = "another-key", "renamed"
	p2, _, _ := appleProfile(t, appleInput(again))
	if p2["PayloadUUID"] != profile["PayloadUUID"] || p2["PayloadIdentifier"] != profile["PayloadIdentifier"] {
		t.Errorf("identifiers change with the key or the name")
	}
	if b, _ := export.AppleProfile(appleInput(spec)); string(b) != string(raw) {
		t.Errorf("two renderings of one input differ")
	}
	other := spec.Clone()
	other.VpnGatewayId = "vpn-other"
	p3, _, _ := appleProfile(t, appleInput(other))
	if p3["PayloadUUID"] == profile["PayloadUUID"] {
		t.Errorf("two gateways share a UUID")
	}
}

// Each Alibaba value Apple lists, mapped to Apple's name.
func TestAppleMapping(t *testing.T) {
	for _, tt := range []struct {
		enc, auth, pfs string
		lifetime       int
		want           map[string]any
	}{
		{"aes", "sha1", "group2", 3600, map[string]any{"EncryptionAlgorithm": "AES-128", "IntegrityAlgorithm": "SHA1-96", "DiffieHellmanGroup": uint64(2), "LifeTimeInMinutes": uint64(60)}},
		{"aes256", "sha384", "group5", 0, map[string]any{"EncryptionAlgorithm": "AES-256", "IntegrityAlgorithm": "SHA2-384", "DiffieHellmanGroup": uint64(5), "LifeTimeInMinutes": uint64(1440)}},
		{"des", "sha512", "group1", 659, map[string]any{"EncryptionAlgorithm": "DES", "IntegrityAlgorithm": "SHA2-512", "DiffieHellmanGroup": uint64(1), "LifeTimeInMinutes": uint64(10)}},
		{"3des", "sha256", "group14", 86400, map[string]any{"EncryptionAlgorithm": "3DES", "IntegrityAlgorithm": "SHA2-256", "DiffieHellmanGroup": uint64(14), "LifeTimeInMinutes": uint64(1440)}},
	} {
		spec := readySpec()
		spec.IkeConfig = &ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: tt.enc, IkeAuthAlg: tt.auth, IkePfs: tt.pfs, IkeLifetime: tt.lifetime}
		spec.IpsecConfig = &ipsec.IpsecConfig{IpsecEncAlg: tt.enc, IpsecAuthAlg: tt.auth, IpsecPfs: tt.pfs, IpsecLifetime: tt.lifetime}
		_, ikev2, _ := appleProfile(t, appleInput(spec))
		for _, sa := range []string{"IKESecurityAssociationParameters", "ChildSecurityAssociationParameters"} {
			if got := ikev2[sa]; fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s %s %s %d: %s = %v, want %v", tt.enc, tt.auth, tt.pfs, tt.lifetime, sa, got, tt.want)
			}
		}
	}
	spec := readySpec()
	spec.IpsecConfig.IpsecPfs = "disabled"
	_, ikev2, _ := appleProfile(t, appleInput(spec))
	child := ikev2["ChildSecurityAssociationParameters"].(map[string]any)
	if ikev2["EnablePFS"] != uint64(0) || child["DiffieHellmanGroup"] != nil {
		t.Errorf("PFS disabled: EnablePFS %v, child group %v", ikev2["EnablePFS"], child["DiffieHellmanGroup"])
	}
	if ikev2["LocalIdentifier"] == "" {
		t.Errorf("no LocalIdentifier without a RemoteId")
	}
}

// What Apple cannot express is refused with the reason, never written.
func TestAppleRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, setting string
		set           func(*ipsec.ServerSpec)
	}{
		{"IKEv1", "IkeVersion ikev1", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeVersion = "ikev1" }},
		{"aggressive", "IkeVersion ikev1 (aggressive mode)", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeVersion, s.IkeConfig.IkeMode = "ikev1", "aggressive" }},
		{"IKE AES-192", "IkeEncAlg aes192", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeEncAlg = "aes192" }},
		{"ESP AES-192", "IpsecEncAlg aes192", func(s *ipsec.ServerSpec) { s.IpsecConfig.IpsecEncAlg = "aes192" }},
		{"IKE MD5", "IkeAuthAlg md5", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeAuthAlg = "md5" }},
		{"ESP MD5", "IpsecAuthAlg md5", func(s *ipsec.ServerSpec) { s.IpsecConfig.IpsecAuthAlg = "md5" }},
		{"short IKE lifetime", "IkeLifetime 599", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeLifetime = 599 }},
		{"short ESP lifetime", "IpsecLifetime 300", func(s *ipsec.ServerSpec) { s.IpsecConfig.IpsecLifetime = 300 }},
		{"SM4", "IkeEncAlg sm4", func(s *ipsec.ServerSpec) { s.IkeConfig.IkeEncAlg = "sm4" }},
	} {
		spec := readySpec()
		tt.set(&spec)
		out, err := export.AppleProfile(appleInput(spec))
		var u *export.UnsupportedError
		if !errors.As(err, &u) || out != nil || u.Setting != tt.setting || u.Format != "apple" || u.Reason == "" || u.Remedy == "" {
			t.Errorf("%s: %v (%+v)", tt.name, err, u)
		}
	}
	// Without the key: Apple documents no prompt for it, so no profile.
	spec := readySpec()
	_, err := export.AppleProfile(clientInput(spec))
	var m *export.MissingValueError
	if !errors.As(err, &m) || m.Field != ipsec.FieldPsk {
		t.Errorf("without the key: %v", err)
	}
	_, err = export.AppleProfile(export.Input{Spec: spec, IncludeKey: true})
	if !errors.As(err, &m) || m.Field != "InternetIp" {
		t.Errorf("without the address: %v", err)
	}
}
