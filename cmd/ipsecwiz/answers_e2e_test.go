package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// sameRequest compares two stored servers, leaving out what the API assigns.
func sameRequest(t *testing.T, a, b sandbox.IpsecServerRecord) {
	t.Helper()
	a.IpsecServerId, a.CreationTime, b.IpsecServerId, b.CreationTime = "", "", "", ""
	if a != b {
		t.Errorf("the replay sent another request:\nfirst  %+v\nreplay %+v", a, b)
	}
}

// Save the reviewed answers, then replay them with --no-input: the same
// request reaches the API.
func TestAnswersRoundTrip(t *testing.T) {
	t.Parallel()
	for _, includePsk := range []bool{false, true} {
		name := "without the key"
		if includePsk {
			name = "with --include-psk"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			psk := writeFile(t, dir, "psk", canaryPsk, 0o600)
			answers := filepath.Join(dir, "answers.json")

			first := newSandbox(t, 300*time.Millisecond)
			args := cat([]string{"--no-input", "--no-wait", "--save-answers", answers}, exportArgs(psk))
			if includePsk {
				args = append(args, "--include-psk")
			}
			expect(t, runCLI(t, "", first.env(dir), first.args(args...)...), 0, "Answers saved to "+answers)
			rec := first.onlyServer(t, regionHZ, readyGW)

			fi, err := os.Stat(answers)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("answers file mode %v, want 0600", fi.Mode().Perm())
			}
			data, _ := os.ReadFile(answers)
			var saved map[string]any
			if err := json.Unmarshal(data, &saved); err != nil {
				t.Fatalf("the answers file is not JSON: %v\n%s", err, data)
			}
			if got := strings.Contains(string(data), canaryPsk); got != includePsk {
				t.Errorf("the key in the answers file: %v, want %v\n%s", got, includePsk, data)
			}
			if _, ok := saved["ClientToken"]; ok {
				t.Errorf("the answers file keeps the ClientToken of one request:\n%s", data)
			}
			hasKeys(t, "answers", saved, "RegionId", "VpnGatewayId", "LocalSubnet", "ClientIpPool", "IpSecServerName",
				"EffectImmediately", "IkeConfig", "IpsecConfig", "PskEnabled")

			replay := newSandbox(t, 300*time.Millisecond)
			rargs := []string{"--no-input", "--no-wait", "--answers", answers}
			if !includePsk {
				rargs = append(rargs, "--psk-file", psk)
			}
			expect(t, runCLI(t, "", replay.env(dir), replay.args(rargs...)...), 0)
			sameRequest(t, rec, replay.onlyServer(t, regionHZ, readyGW))
		})
	}
}

// A hand-written YAML answers file is read like the JSON one, and flags win
// over the file.
func TestAnswersYAMLAndFlagsWin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	yaml := writeFile(t, dir, "answers.yaml", `# prod IPsec server
RegionId: cn-hangzhou
VpnGatewayId: vpn-sandbox-ready
LocalSubnet:
  - 172.16.0.0/16
  - 10.10.0.0/16
ClientIpPool: 192.168.5.0/24
IpSecServerName: from-yaml
EffectImmediately: true
IkeConfig:
  IkeVersion: ikev2
  IkeMode: main
  IkeEncAlg: aes256
  IkeAuthAlg: sha256
  IkePfs: group14
  IkeLifetime: 7200
IpsecConfig:
  IpsecEncAlg: aes256
  IpsecAuthAlg: sha256
  IpsecPfs: group14
  IpsecLifetime: 3600
PskEnabled: true
Psk: `+canaryPsk+`
`, 0o600)
	sb := newSandbox(t, 300*time.Millisecond)
	expect(t, runCLI(t, "", sb.env(dir), sb.args("--no-input", "--no-wait", "--answers", yaml, "--name", "from-flag", "--ipsec-pfs", "group5")...), 0)
	rec := sb.onlyServer(t, regionHZ, readyGW)
	want := sandbox.IpsecServerRecord{
		IpsecServerId: rec.IpsecServerId, CreationTime: rec.CreationTime, RegionId: regionHZ, VpnGatewayId: readyGW,
		IpsecServerName: "from-flag", LocalSubnet: "172.16.0.0/16,10.10.0.0/16", ClientIpPool: "192.168.5.0/24",
		Psk: canaryPsk, PskEnabled: true, EffectImmediately: true,
		IkeConfig: sandbox.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha256",
			IkePfs: "group14", IkeLifetime: 7200, LocalId: "203.0.113.10"},
		IpsecConfig: sandbox.IpsecConfig{IpsecEncAlg: "aes256", IpsecAuthAlg: "sha256", IpsecPfs: "group5", IpsecLifetime: 3600},
	}
	if rec != want {
		t.Errorf("stored\n%+v\nwant\n%+v", rec, want)
	}
}

// Bad answers files: exit 2 before anything is sent, naming the key and its
// line; values are checked with the wizard's messages.
func TestAnswersFileErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, content string
		want                []string
	}{
		{name: "unknown key, JSON", file: "a.json", content: "{\n  \"VpnGatewayId\": \"vpn-sandbox-ready\",\n  \"LocalSubnets\": \"172.16.0.0/16\"\n}\n",
			want: []string{"a.json:3: ", `unknown key "LocalSubnets"`, "known keys: "}},
		{name: "unknown nested key, YAML", file: "a.yaml", content: "VpnGatewayId: vpn-sandbox-ready\nIkeConfig:\n  IkeVersion: ikev2\n  IkeCipher: aes\n",
			want: []string{"a.yaml:4: ", `unknown key "IkeCipher" in IkeConfig`}},
		{name: "wrong type", file: "a.yaml", content: "VpnGatewayId: vpn-sandbox-ready\nEffectImmediately: maybe\n",
			want: []string{"a.yaml:", "EffectImmediately"}},
		{name: "not JSON or YAML", file: "a.json", content: "{\"VpnGatewayId\": \n",
			want: []string{"a.json", "not valid JSON or YAML"}},
		{name: "empty", file: "a.yaml", content: "", want: []string{"a.yaml: the file is empty"}},
		{name: "bad value", file: "a.yaml", content: "VpnGatewayId: vpn-sandbox-ready\nLocalSubnet: 172.16.0.0/16\nClientIpPool: 192.168.0.0/30\n",
			want: []string{"Client IP pool (ClientIpPool): the network mask must be /16 to /29, e.g. 192.168.0.0/24"}},
		{name: "missing values name the flags", file: "a.yaml", content: "VpnGatewayId: vpn-sandbox-ready\n",
			want: []string{"missing required values: pass --local-subnet, --client-ip-pool"}},
		{name: "no such file", file: "", want: []string{"--answers: open ", "no such file"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			dir := t.TempDir()
			path := filepath.Join(dir, "missing.yaml")
			if tc.file != "" {
				path = writeFile(t, dir, tc.file, tc.content, 0o600)
			}
			r := runCLI(t, "", sb.env(dir), sb.args("--no-input", "--answers", path)...)
			expect(t, r, 2, tc.want...)
			if sb.creates() != 0 {
				t.Errorf("%d creates", sb.creates())
			}
		})
	}
}
