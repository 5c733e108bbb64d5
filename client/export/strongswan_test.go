package export_test

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func TestStrongSwanConfig(t *testing.T) {
	spec := readySpec()
	spec.IkeConfig.RemoteId = "laptop.example.com"
	in := clientInput(spec)
	out := swan(t, in)
	for _, want := range []string{
		"version = 2\n", "remote_addrs = 203.0.113.10\n", "vips = 0.0.0.0\n",
		"proposals = aes256-sha256-modp2048\n", "esp_proposals = aes256-sha256-modp2048\n",
		"remote_ts = 172.16.0.0/16,10.10.0.0/16\n", "auth = psk\n", "id = laptop.example.com\n", "id = 203.0.113.10\n",
		"dpd_delay = 30s\n", "dpd_action = restart\n", "start_action = start\n", "send_certreq = no\n",
		`secret = "` + export.PskSecretPlaceholder + `"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	for _, absent := range []string{spec.Psk.Reveal(), "aggressive", "dpd_timeout", "reauth_time"} {
		if strings.Contains(out, absent) {
			t.Errorf("%q in an IKEv2 export without the key:\n%s", absent, out)
		}
	}
	if strings.Count(out, "{") != strings.Count(out, "}") {
		t.Errorf("unbalanced braces:\n%s", out)
	}

	in.IncludeKey = true
	out = swan(t, in)
	if want := `secret = "0s` + base64.StdEncoding.EncodeToString([]byte("s3cret-Key")) + `"`; !strings.Contains(out, want) {
		t.Errorf("the key is not written as 0s + base64 (%s):\n%s", want, out)
	}
	if strings.Contains(out, "s3cret-Key") || strings.Contains(out, export.PskSecretPlaceholder) {
		t.Errorf("the key is written as it is, or the placeholder stayed:\n%s", out)
	}
}

// Every key is written as 0s + base64, which swanctl decodes back to the key
// whatever it holds: a leading 0x or 0s would otherwise be decoded as hex or
// base64 (the interop test proves both fail the old way).
func TestStrongSwanSecretEncoding(t *testing.T) {
	for _, key := range []string{"0xdeadbeef", "0sSGVsbG8=", `quote " and \ backslash`, "a # $HOME, b", strings.Repeat("k", 100), "plain"} {
		spec := readySpec()
		in := clientInput(spec)
		in.Psk, in.IncludeKey = ipsec.Secret(key), true
		out, err := export.StrongSwan(in)
		if err != nil {
			t.Fatalf("%q: %v", key, err)
		}
		line := secretLine(t, string(out))
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(line, `"0s`), `"`))
		if err != nil || string(raw) != key {
			t.Errorf("secret %s does not decode to the key: %v", line, err)
		}
	}
}

func secretLine(t *testing.T, conf string) string {
	t.Helper()
	for _, l := range strings.Split(conf, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "secret = "); ok {
			return v
		}
	}
	t.Fatalf("no secret in:\n%s", conf)
	return ""
}

func TestStrongSwanProposals(t *testing.T) {
	for _, tt := range []struct {
		ike    ipsec.IkeConfig
		phase2 ipsec.IpsecConfig
		want   []string
	}{
		{ipsec.ServiceDefaultIke(), ipsec.ServiceDefaultIpsec(),
			[]string{"proposals = aes128-sha1-modp1024\n", "esp_proposals = aes128-sha1-modp1024\n"}},
		{ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "aggressive", IkeEncAlg: "3des", IkeAuthAlg: "md5", IkePfs: "group1"},
			ipsec.IpsecConfig{IpsecEncAlg: "des", IpsecAuthAlg: "sha512", IpsecPfs: "disabled"},
			[]string{"version = 1\n", "aggressive = yes\n", "proposals = 3des-md5-modp768\n", "esp_proposals = des-sha512\n"}},
		{ipsec.IkeConfig{IkeVersion: "ikev2", IkeEncAlg: "aes192", IkeAuthAlg: "sha384", IkePfs: "group5"},
			ipsec.IpsecConfig{IpsecEncAlg: "aes", IpsecAuthAlg: "sha256", IpsecPfs: "group14"},
			[]string{"proposals = aes192-sha384-modp1536\n", "esp_proposals = aes128-sha256-modp2048\n"}},
		{ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha512", IkePfs: "group2"},
			ipsec.IpsecConfig{IpsecEncAlg: "3des", IpsecAuthAlg: "md5", IpsecPfs: "group5"},
			[]string{"version = 1\n", "proposals = aes256-sha512-modp1024\n", "esp_proposals = 3des-md5-modp1536\n"}},
	} {
		spec := readySpec()
		spec.IkeConfig, spec.IpsecConfig = &tt.ike, &tt.phase2
		out := swan(t, clientInput(spec))
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("missing %q in:\n%s", want, out)
			}
		}
		if tt.ike.IkeMode != "aggressive" && strings.Contains(out, "aggressive") {
			t.Errorf("aggressive written for main mode:\n%s", out)
		}
	}
}

// Every value the API offers (outside NationalStandard gateways) has a
// strongSwan name, so a value added to the allowed table without one shows
// here rather than as a broken proposal.
func TestStrongSwanMapsEveryAllowedValue(t *testing.T) {
	proposal := regexp.MustCompile(`^(esp_)?proposals = (aes128|aes192|aes256|des|3des)-(md5|sha1|sha256|sha384|sha512)(-modp(768|1024|1536|2048))?$`)
	for _, field := range []string{ipsec.FieldIkeEncAlg, ipsec.FieldIkeAuthAlg, ipsec.FieldIkePfs,
		ipsec.FieldIpsecEncAlg, ipsec.FieldIpsecAuthAlg, ipsec.FieldIpsecPfs} {
		for _, v := range ipsec.AllowedValues(field, false) {
			spec := readySpec()
			ike, phase2 := spec.IkeConfig, spec.IpsecConfig
			for f, p := range map[string]*string{ipsec.FieldIkeEncAlg: &ike.IkeEncAlg, ipsec.FieldIkeAuthAlg: &ike.IkeAuthAlg,
				ipsec.FieldIkePfs: &ike.IkePfs, ipsec.FieldIpsecEncAlg: &phase2.IpsecEncAlg,
				ipsec.FieldIpsecAuthAlg: &phase2.IpsecAuthAlg, ipsec.FieldIpsecPfs: &phase2.IpsecPfs} {
				if f == field {
					*p = v
				}
			}
			for _, l := range strings.Split(swan(t, clientInput(spec)), "\n") {
				if l = strings.TrimSpace(l); strings.Contains(l, "proposals = ") && !proposal.MatchString(l) {
					t.Errorf("%s %s: %q", field, v, l)
				}
			}
		}
	}
}

// An empty member of a proposal is the service's default, as the service
// treats it.
func TestStrongSwanEmptyMembersAreDefaults(t *testing.T) {
	spec := readySpec()
	spec.IkeConfig = &ipsec.IkeConfig{IkeEncAlg: "aes256"}
	spec.IpsecConfig = &ipsec.IpsecConfig{IpsecPfs: "disabled"}
	out := swan(t, clientInput(spec))
	for _, want := range []string{"version = 2\n", "proposals = aes256-sha1-modp1024\n", "esp_proposals = aes128-sha1\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// IKEv1 interprets only a child's first traffic selector, so several local
// subnets become one child each; IKEv2 takes them in one.
func TestStrongSwanIKEv1ChildPerSubnet(t *testing.T) {
	spec := readySpec()
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16", "10.20.30.0/24"}
	spec.IkeConfig.IkeVersion = "ikev1"
	out := swan(t, clientInput(spec))
	for i, want := range []string{"ipsecwiz-1 {\n", "ipsecwiz-2 {\n", "ipsecwiz-3 {\n"} {
		if !strings.Contains(out, want) || !strings.Contains(out, "remote_ts = "+spec.LocalSubnet[i]+"\n") {
			t.Errorf("child %d (%s) missing:\n%s", i+1, spec.LocalSubnet[i], out)
		}
	}
	if strings.Count(out, "remote_ts = ") != 3 || strings.Contains(out, ",10.10.0.0/16") {
		t.Errorf("not one selector per child:\n%s", out)
	}
	spec.LocalSubnet = spec.LocalSubnet[:1]
	if out := swan(t, clientInput(spec)); !strings.Contains(out, "            ipsecwiz {\n") {
		t.Errorf("one subnet, IKEv1: want one child named ipsecwiz:\n%s", out)
	}
}

// The client rekeys at 80% of the server's lifetime minus up to 10% of it,
// and keeps no SA past the server's lifetime; 0 plans with a day.
func TestStrongSwanLifetimes(t *testing.T) {
	for _, tt := range []struct {
		version        string
		ike, phase2    int
		ikeWant, child []string
	}{
		{"ikev2", 86400, 3600, []string{"rekey_time = 69120s\n", "rand_time = 8640s\n", "over_time = 17280s\n"},
			[]string{"rekey_time = 2880s\n", "rand_time = 360s\n", "life_time = 3600s\n"}},
		{"ikev2", 0, 0, []string{"rekey_time = 69120s\n", "over_time = 17280s\n"}, []string{"rekey_time = 69120s\n", "life_time = 86400s\n"}},
		{"ikev1", 28800, 10, []string{"reauth_time = 23040s\n", "rand_time = 2880s\n", "over_time = 5760s\n"},
			[]string{"rekey_time = 8s\n", "rand_time = 1s\n", "life_time = 10s\n"}},
		{"ikev2", 1, 1, []string{"rekey_time = 1s\n", "over_time = 1s\n"}, []string{"rekey_time = 1s\n", "rand_time = 0s\n", "life_time = 2s\n"}},
	} {
		spec := readySpec()
		spec.IkeConfig.IkeVersion, spec.IkeConfig.IkeLifetime, spec.IpsecConfig.IpsecLifetime = tt.version, tt.ike, tt.phase2
		out := swan(t, clientInput(spec))
		conn, children, _ := strings.Cut(out, "children {")
		for _, want := range tt.ikeWant {
			if !strings.Contains(conn, "        "+want) {
				t.Errorf("%s %d: IKE SA lacks %q:\n%s", tt.version, tt.ike, want, conn)
			}
		}
		for _, want := range tt.child {
			if !strings.Contains(children, want) {
				t.Errorf("%s %d: CHILD_SA lacks %q:\n%s", tt.version, tt.phase2, want, children)
			}
		}
		if tt.version == "ikev1" && (strings.Contains(conn, "rekey_time") || !strings.Contains(conn, "dpd_timeout = 150s")) {
			t.Errorf("IKEv1 reauthenticates (no rekey_time) and sets dpd_timeout:\n%s", conn)
		}
	}
}

// An existing server: its read-back address, LocalId and generated key.
func TestStrongSwanExistingServer(t *testing.T) {
	spec := readySpec()
	spec.Psk = ""
	spec.IkeConfig.LocalId = ""
	in := export.Input{Spec: spec, IncludeKey: true,
		Server: &ipsec.Server{IpsecServerId: "iss-1", InternetIp: "198.51.100.4", Psk: "Gen3rated",
			IkeConfig: ipsec.IkeConfig{LocalId: "vpn.example.org"}}}
	out := swan(t, in)
	for _, want := range []string{"remote_addrs = 198.51.100.4\n", "id = vpn.example.org\n",
		"0s" + base64.StdEncoding.EncodeToString([]byte("Gen3rated"))} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// NationalStandard gateways' SM algorithms are unknown to strongSwan (5.9.8
// rejects the whole connection): no file, and the reason.
func TestStrongSwanRefusesSM(t *testing.T) {
	for _, tt := range []struct{ field, value string }{
		{ipsec.FieldIkeEncAlg, "sm4"}, {ipsec.FieldIkeAuthAlg, "sm3"}, {ipsec.FieldIpsecEncAlg, "sm4"}, {ipsec.FieldIpsecAuthAlg, "sm3"},
	} {
		spec := readySpec()
		switch tt.field {
		case ipsec.FieldIkeEncAlg:
			spec.IkeConfig.IkeEncAlg = tt.value
		case ipsec.FieldIkeAuthAlg:
			spec.IkeConfig.IkeAuthAlg = tt.value
		case ipsec.FieldIpsecEncAlg:
			spec.IpsecConfig.IpsecEncAlg = tt.value
		case ipsec.FieldIpsecAuthAlg:
			spec.IpsecConfig.IpsecAuthAlg = tt.value
		}
		out, err := export.StrongSwan(clientInput(spec))
		var u *export.UnsupportedError
		if !errors.As(err, &u) || out != nil {
			t.Fatalf("%s %s: err %v, %d bytes", tt.field, tt.value, err, len(out))
		}
		if u.Setting != tt.field+" "+tt.value || !strings.Contains(u.Reason, "strongSwan") || u.Remedy == "" {
			t.Errorf("refusal %+v", u)
		}
	}
}

// No file with a placeholder for the gateway's address: a missing address
// is a *MissingValueError, a placeholder passed in is not an IP.
func TestStrongSwanRefusesUnknownAddress(t *testing.T) {
	spec := readySpec()
	out, err := export.StrongSwan(export.Input{Spec: spec, IncludeKey: true})
	var m *export.MissingValueError
	if !errors.As(err, &m) || m.Field != "InternetIp" || out != nil {
		t.Fatalf("no address: %v", err)
	}
	if !strings.Contains(err.Error(), "credentials") {
		t.Errorf("no way out in %q", err)
	}
	_, err = export.StrongSwan(export.Input{Spec: spec, Gateway: ipsec.Gateway{InternetIp: "<gateway public IP>"}})
	var inv *export.InvalidValueError
	if !errors.As(err, &inv) || inv.Field != "InternetIp" {
		t.Fatalf("placeholder address: %v", err)
	}
}

// A value not of its field's syntax is refused with the field and the value
// (quoted, so a line break shows), never written.
func TestClientExportsRefuseHostileValues(t *testing.T) {
	inject := "\ninclude /etc/swanctl/evil.conf"
	for _, tt := range []struct {
		field string
		set   func(*export.Input)
	}{
		{"InternetIp", func(in *export.Input) { in.Gateway.InternetIp += inject }},
		{"InternetIp", func(in *export.Input) { in.Server = &ipsec.Server{InternetIp: "1.2.3.4 }"} }},
		{ipsec.FieldLocalID, func(in *export.Input) { in.Spec.IkeConfig.LocalId = "vpn.example.com" + inject }},
		{ipsec.FieldRemoteID, func(in *export.Input) { in.Spec.IkeConfig.RemoteId = `a" } secrets { x {` }},
		{ipsec.FieldLocalSubnet, func(in *export.Input) { in.Spec.LocalSubnet = ipsec.CIDRList{"10.0.0.0/8" + inject} }},
		{ipsec.FieldIkeEncAlg, func(in *export.Input) { in.Spec.IkeConfig.IkeEncAlg = "aes256\n}" }},
		{ipsec.FieldIpsecPfs, func(in *export.Input) { in.Spec.IpsecConfig.IpsecPfs = "modp2048" }},
		{ipsec.FieldIkeVersion, func(in *export.Input) { in.Spec.IkeConfig.IkeVersion = "ikev3" }},
		{ipsec.FieldIkeLifetime, func(in *export.Input) { in.Spec.IkeConfig.IkeLifetime = -5 }},
		{ipsec.FieldVpnGatewayID, func(in *export.Input) { in.Spec.VpnGatewayId = "vpn-1\n# x" }},
		{ipsec.FieldLocalID, func(in *export.Input) {
			in.Spec.IkeConfig.LocalId = ""
			in.Server = &ipsec.Server{IkeConfig: ipsec.IkeConfig{LocalId: "x\ny"}}
		}},
	} {
		for _, render := range []struct {
			name string
			fn   func(export.Input) ([]byte, error)
		}{{"strongswan", export.StrongSwan}, {"apple", export.AppleProfile}} {
			in := clientInput(readySpec())
			in.IncludeKey = true
			tt.set(&in)
			out, err := render.fn(in)
			var inv *export.InvalidValueError
			if !errors.As(err, &inv) || out != nil {
				t.Errorf("%s %s: err %v\n%s", render.name, tt.field, err, out)
				continue
			}
			if inv.Field != tt.field || inv.Format != render.name || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: refusal %q (field %s)", render.name, err, inv.Field)
			}
		}
	}
}

// A key that is not the API's (here a line break) is refused without
// showing it.
func TestClientExportsNeverShowTheKey(t *testing.T) {
	in := clientInput(readySpec())
	in.Psk, in.IncludeKey = "secret\ninclude evil", true
	_, err := export.StrongSwan(in)
	var inv *export.InvalidValueError
	if !errors.As(err, &inv) || inv.Field != ipsec.FieldPsk || strings.Contains(err.Error(), "secret") {
		t.Fatalf("%v", err)
	}
}
