package client

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func TestParseAnswersJSONAndYAML(t *testing.T) {
	json := `{
  "RegionId": "cn-shanghai",
  "VpnGatewayId": "vpn-sandbox-sh-ready",
  "LocalSubnet": "172.16.0.0/16,10.10.0.0/16",
  "ClientIpPool": "192.168.0.0/24",
  "IkeConfig": {"IkeVersion": "ikev2", "IkeMode": "main", "IkeEncAlg": "aes256", "IkeAuthAlg": "sha256", "IkePfs": "group14", "IkeLifetime": 3600},
  "Psk": "from-file"
}`
	yml := `RegionId: cn-shanghai
VpnGatewayId: vpn-sandbox-sh-ready
LocalSubnet:
  - 172.16.0.0/16
  - 10.10.0.0/16
ClientIpPool: 192.168.0.0/24
IkeConfig:
  IkeVersion: ikev2
  IkeMode: main
  IkeEncAlg: aes256
  IkeAuthAlg: sha256
  IkePfs: group14
  IkeLifetime: 3600
Psk: from-file
`
	for name, data := range map[string]string{"a.json": json, "a.yaml": yml} {
		spec, err := ParseAnswers(name, []byte(data), ipsec.NewServerSpec())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if spec.RegionId != "cn-shanghai" || spec.VpnGatewayId != "vpn-sandbox-sh-ready" ||
			spec.LocalSubnet.String() != "172.16.0.0/16,10.10.0.0/16" || spec.ClientIpPool != "192.168.0.0/24" {
			t.Errorf("%s: got %+v", name, spec)
		}
		if spec.IkeConfig == nil || spec.IkeConfig.IkeLifetime != 3600 || spec.IkeConfig.IkeEncAlg != "aes256" {
			t.Errorf("%s: IkeConfig %+v", name, spec.IkeConfig)
		}
		if spec.Psk.Reveal() != "from-file" || !spec.PskEnabled {
			t.Errorf("%s: Psk/PskEnabled not kept from base and file", name)
		}
	}
}

func TestParseAnswersUnknownKeyNamesKeyAndLine(t *testing.T) {
	cases := map[string]struct {
		data string
		key  string
		line int
	}{
		"top":    {"VpnGatewayId: vpn-x\nClientIpPol: 192.168.0.0/24\n", "ClientIpPol", 2},
		"nested": {"{\n \"IkeConfig\": {\n  \"IkeVersion\": \"ikev2\",\n  \"IkeCipher\": \"aes\"\n }\n}", "IkeCipher", 4},
	}
	for name, c := range cases {
		_, err := ParseAnswers("answers", []byte(c.data), ipsec.NewServerSpec())
		var ae *AnswersError
		if !errors.As(err, &ae) {
			t.Fatalf("%s: want *AnswersError, got %v", name, err)
		}
		if ae.Key != c.key || ae.Line != c.line || !strings.Contains(ae.Error(), c.key) {
			t.Errorf("%s: got key %q line %d (%v), want %q line %d", name, ae.Key, ae.Line, ae, c.key, c.line)
		}
	}
}

func TestParseAnswersBadValues(t *testing.T) {
	for _, data := range []string{"", strings.Repeat(" ", MaxAnswersSize+1), "[1,2]", "EffectImmediately: [1]\n", "{\"IkeConfig\": 3}", "a: [\n"} {
		if _, err := ParseAnswers("f", []byte(data), ipsec.NewServerSpec()); err == nil {
			t.Errorf("%q: want an error", data)
		}
	}
}

func TestSaveAnswersRoundTripAndPsk(t *testing.T) {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = "vpn-sandbox-ready"
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
	spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	spec.Psk = "PSK-canary-1234"
	spec.ClientToken = "tok"

	without, err := SaveAnswers(spec, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(without), "PSK-canary-1234") || strings.Contains(string(without), "tok") {
		t.Fatalf("saved answers leak the PSK or the token:\n%s", without)
	}
	with, _ := SaveAnswers(spec, true)
	if !strings.Contains(string(with), "PSK-canary-1234") {
		t.Fatalf("--include-psk lost the PSK:\n%s", with)
	}
	back, err := ParseAnswers("saved", with, ipsec.NewServerSpec())
	if err != nil {
		t.Fatal(err)
	}
	spec.ClientToken = ""
	if got, want := string(mustJSON(t, back)), string(mustJSON(t, spec)); got != want || back.Psk != spec.Psk {
		t.Errorf("round trip changed the spec:\n got %s\nwant %s", got, want)
	}
}

func mustJSON(t *testing.T, s ipsec.ServerSpec) []byte {
	t.Helper()
	b, err := s.MarshalJSONWithPsk()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzParseAnswers(f *testing.F) {
	f.Add([]byte(`{"VpnGatewayId":"vpn-x","LocalSubnet":["10.0.0.0/8"]}`))
	f.Add([]byte("IkeConfig:\n  IkeLifetime: 5\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("IkeConfig: &a {IkeVersion: ikev2}\nIpsecConfig: *a\n"))
	f.Add([]byte("LocalSubnet: [[[[[[[[[[10.0.0.0/8]]]]]]]]]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseAnswers("fuzz", data, ipsec.NewServerSpec())
		if err != nil {
			return
		}
		// Whatever is accepted must survive a save and a re-read unchanged.
		saved, err := SaveAnswers(spec, true)
		if err != nil {
			t.Fatalf("accepted spec cannot be saved: %v", err)
		}
		if _, err := ParseAnswers("saved", saved, ipsec.NewServerSpec()); err != nil {
			t.Fatalf("saved answers do not parse back: %v\n%s", err, saved)
		}
	})
}

// A proposal given in part is completed, never sent with holes: over a
// create the recommended values fill it (an absent lifetime is 86400, not
// 0), over an existing server that server's; null means none.
func TestParseAnswersCompletesPartialProposals(t *testing.T) {
	partial := []byte("IkeConfig:\n  IkeEncAlg: aes192\nIpsecConfig:\n  IpsecPfs: group5\n")
	spec, err := ParseAnswers("p.yaml", partial, ipsec.NewServerSpec())
	if err != nil {
		t.Fatal(err)
	}
	want := ipsec.RecommendedIke()
	want.IkeEncAlg = "aes192"
	want2 := ipsec.RecommendedIpsec()
	want2.IpsecPfs = "group5"
	if *spec.IkeConfig != want || *spec.IpsecConfig != want2 {
		t.Errorf("completed over a create: %+v %+v", *spec.IkeConfig, *spec.IpsecConfig)
	}
	if errs := ipsec.ValidateSpec(spec, ipsec.Facts{}); len(errs) > 0 && strings.Contains(fmt.Sprint(errs), "Ike") {
		t.Errorf("a completed proposal does not validate: %v", errs)
	}

	base := ipsec.NewServerSpec()
	server := ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "main", IkeEncAlg: "aes", IkeAuthAlg: "sha1", IkePfs: "group2", IkeLifetime: 3600}
	held := server
	base.IkeConfig = &held
	spec, err = ParseAnswers("p.yaml", []byte("IkeConfig:\n  IkeLifetime: 7200\n"), base)
	if err != nil {
		t.Fatal(err)
	}
	server.IkeLifetime = 7200
	if *spec.IkeConfig != server || spec.IpsecConfig != nil || base.IkeConfig.IkeLifetime != 3600 {
		t.Errorf("over a server: %+v, ipsec %+v, base %+v", *spec.IkeConfig, spec.IpsecConfig, *base.IkeConfig)
	}

	spec, err = ParseAnswers("p.json", []byte(`{"IkeConfig": null, "VpnGatewayId": "vpn-x"}`), base)
	if err != nil || spec.IkeConfig != nil || spec.VpnGatewayId != "vpn-x" {
		t.Errorf("null: %+v, %v", spec.IkeConfig, err)
	}
}
