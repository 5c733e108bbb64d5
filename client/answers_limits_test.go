package client

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Files that cost the parser far more than their size are refused before
// it runs, quickly, saying which limit they hit: each of these took the
// process to gigabytes (or out of memory) before.
func TestParseAnswersRefusesBombs(t *testing.T) {
	t.Parallel()
	laughs := "IkeConfig:\n" +
		"  IkeVersion: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
		"  IkeMode: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n" +
		"  IkeEncAlg: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
		"  IkeAuthAlg: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
		"  IkePfs: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n" +
		"  LocalId: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
		"  RemoteId: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n" +
		"IpSecServerName: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	var indented strings.Builder
	for i := range 40 {
		indented.WriteString(strings.Repeat(" ", i) + "IkeConfig:\n")
	}
	for _, tc := range []struct {
		name, data, want string
		line             int
	}{
		{"alias bomb", laughs, "anchors and aliases", 2},
		{"merge key", "IkeConfig: &base {IkeVersion: ikev2}\nIpsecConfig:\n  <<: *base\n", "anchors and aliases", 1},
		{"deep flow list", "LocalSubnet: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000), "nested more than 32 levels", 1},
		{"deep JSON", strings.Repeat(`{"IkeConfig":`, 3000) + "1" + strings.Repeat("}", 3000), "nested more than 32 levels", 1},
		{"deep block list", "LocalSubnet:\n" + strings.Repeat("- ", 20000) + "x\n", "nested more than 32 levels", 2},
		{"deep indentation", indented.String(), "nested more than 32 levels", 0},
		{"too large", "# " + strings.Repeat("x", MaxAnswersSize) + "\nVpnGatewayId: vpn-x\n", "over the limit of 65536", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := ParseAnswers("bomb.yaml", []byte(tc.data), ipsec.NewServerSpec())
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v to refuse", took)
			}
			var ae *AnswersError
			if !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseAnswers = %v, want an AnswersError saying %q", err, tc.want)
			}
			if tc.line > 0 && ae.Line != tc.line {
				t.Errorf("line %d, want %d: %v", ae.Line, tc.line, err)
			}
		})
	}
	// What a real file looks like still passes, nested as deep as it goes.
	ok := "RegionId: cn-hangzhou\nVpnGatewayId: vpn-x\nLocalSubnet:\n  - 10.0.0.0/8\n  - 172.16.0.0/16\n" +
		"IkeConfig:\n  IkeVersion: ikev2\n  IkeMode: main\nIpsecConfig: {IpsecEncAlg: aes, IpsecPfs: group14}\n"
	if _, err := ParseAnswers("ok.yaml", []byte(ok), ipsec.NewServerSpec()); err != nil {
		t.Errorf("a real answers file was refused: %v", err)
	}
	js := "{\n  \"VpnGatewayId\": \"vpn-x\",\n  \"LocalSubnet\": [\n    \"10.0.0.0/8\"\n  ],\n  \"IkeConfig\": {\n    \"IkeVersion\": \"ikev2\"\n  }\n}\n"
	if _, err := ParseAnswers("ok.json", []byte(js), ipsec.NewServerSpec()); err != nil {
		t.Errorf("a saved JSON answers file was refused: %v", err)
	}
}
