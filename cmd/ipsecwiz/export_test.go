package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/zclconf/go-cty/cty"
)

// exportArgs sets every field of the request; the name needs shell quoting.
func exportArgs(pskFile string) []string {
	return []string{"--vpn-gateway-id", readyGW, "--local-subnet", "172.16.0.0/16", "--local-subnet", "10.10.0.0/16",
		"--client-ip-pool", "192.168.4.0/24", "--name", "Bob's office $HOME", "--effect-immediately",
		"--client-token", "tok-export-1", "--psk-file", pskFile,
		"--ike-version", "ikev1", "--ike-mode", "aggressive", "--ike-enc-alg", "aes256", "--ike-auth-alg", "sha256",
		"--ike-pfs", "group14", "--ike-lifetime", "3600", "--local-id", "vpn.example.com", "--remote-id", "client.example.com",
		"--ipsec-enc-alg", "aes192", "--ipsec-auth-alg", "sha512", "--ipsec-pfs", "disabled", "--ipsec-lifetime", "1800"}
}

// exportSpec is the request exportArgs describes.
func exportSpec() ipsec.ServerSpec {
	return ipsec.ServerSpec{
		RegionId: regionHZ, VpnGatewayId: readyGW, LocalSubnet: ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16"},
		ClientIpPool: "192.168.4.0/24", IpSecServerName: "Bob's office $HOME", EffectImmediately: true, PskEnabled: true,
		ClientToken: "tok-export-1",
		IkeConfig: &ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "aggressive", IkeEncAlg: "aes256", IkeAuthAlg: "sha256",
			IkePfs: "group14", IkeLifetime: 3600, LocalId: "vpn.example.com", RemoteId: "client.example.com"},
		IpsecConfig: &ipsec.IpsecConfig{IpsecEncAlg: "aes192", IpsecAuthAlg: "sha512", IpsecPfs: "disabled", IpsecLifetime: 1800},
	}
}

// runExport runs `create --export FORMAT` against a test sandbox and checks
// that nothing was created.
func runExportFormat(t *testing.T, format string, extra ...string) (result, *testSandbox) {
	t.Helper()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	psk := writeFile(t, dir, "psk", canaryPsk, 0o600)
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"create", "--export", format}, exportArgs(psk), extra)...)...)
	expect(t, r, 0)
	if n := sb.creates(); n != 0 {
		t.Errorf("--export %s sent %d CreateIpsecServer requests", format, n)
	}
	if n := len(sb.IpsecServers(regionHZ, readyGW)); n != 0 {
		t.Errorf("--export %s created %d servers", format, n)
	}
	if strings.Contains(r.stdout, canaryPsk) {
		t.Errorf("--export %s printed the key", format)
	}
	return r, sb
}

func TestExportJSONIsTheSpec(t *testing.T) {
	t.Parallel()
	for _, extra := range [][]string{nil, {"--dry-run"}, {"--no-input", "--output", "json"}} {
		t.Run(strings.Join(extra, " "), func(t *testing.T) {
			t.Parallel()
			r, _ := runExportFormat(t, "json", extra...)
			var got ipsec.ServerSpec
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			want := exportSpec()
			want.DryRun = len(extra) == 1
			if !reflect.DeepEqual(got, want) {
				t.Errorf("--export json gave\n%+v\nwant\n%+v", got, want)
			}
			m := decodeOne(t, r.stdout)
			if _, ok := m["Psk"]; ok {
				t.Errorf("the spec holds a Psk key")
			}
			hasKeys(t, "spec", m, "RegionId", "VpnGatewayId", "LocalSubnet", "ClientIpPool", "IpSecServerName",
				"EffectImmediately", "IkeConfig", "IpsecConfig", "PskEnabled", "ClientToken", "DryRun")
		})
	}
}

func TestExportTerraformParses(t *testing.T) {
	t.Parallel()
	r, _ := runExportFormat(t, "terraform")
	file, diags := hclparse.NewParser().ParseHCL([]byte(r.stdout), "ipsec.tf")
	if diags.HasErrors() {
		t.Fatalf("the Terraform does not parse: %v\n%s", diags, r.stdout)
	}
	body := file.Body.(*hclsyntax.Body)
	var res, variable *hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == "alicloud_vpn_ipsec_server":
			res = b
		case b.Type == "variable" && len(b.Labels) == 1:
			variable = b
		}
	}
	if res == nil {
		t.Fatalf("no resource \"alicloud_vpn_ipsec_server\":\n%s", r.stdout)
	}
	spec := exportSpec()
	wantRes := map[string]string{
		"vpn_gateway_id": spec.VpnGatewayId, "local_subnet": spec.LocalSubnet.String(), "client_ip_pool": spec.ClientIpPool,
		"ipsec_server_name": spec.IpSecServerName, "effect_immediately": "true", "psk_enabled": "true",
	}
	if got := attrs(t, res.Body, "psk"); !reflect.DeepEqual(got, wantRes) {
		t.Errorf("resource attributes\n%v\nwant\n%v", got, wantRes)
	}
	// The key is a reference to a sensitive variable, never a value.
	psk, ok := res.Body.Attributes["psk"]
	if !ok {
		t.Fatal("no psk attribute")
	}
	trav, d := hcl.AbsTraversalForExpr(psk.Expr)
	if d.HasErrors() || len(trav) != 2 || trav.RootName() != "var" || trav[1].(hcl.TraverseAttr).Name != variable.Labels[0] {
		t.Errorf("psk is not var.%s", variable.Labels[0])
	}
	if got := attrs(t, variable.Body, "type"); got["sensitive"] != "true" {
		t.Errorf("variable %s is not sensitive: %v", variable.Labels[0], got)
	}
	ike, phase2 := spec.IkeConfig, spec.IpsecConfig
	wantBlocks := map[string]map[string]string{
		"ike_config": {"ike_version": ike.IkeVersion, "ike_mode": ike.IkeMode, "ike_enc_alg": ike.IkeEncAlg,
			"ike_auth_alg": ike.IkeAuthAlg, "ike_pfs": ike.IkePfs, "ike_lifetime": fmt.Sprint(ike.IkeLifetime),
			"local_id": ike.LocalId, "remote_id": ike.RemoteId},
		"ipsec_config": {"ipsec_enc_alg": phase2.IpsecEncAlg, "ipsec_auth_alg": phase2.IpsecAuthAlg, "ipsec_pfs": phase2.IpsecPfs,
			"ipsec_lifetime": fmt.Sprint(phase2.IpsecLifetime)},
	}
	seen := 0
	for _, b := range res.Body.Blocks {
		want, ok := wantBlocks[b.Type]
		if !ok {
			t.Errorf("unexpected block %s", b.Type)
			continue
		}
		seen++
		if got := attrs(t, b.Body); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n%v\nwant\n%v", b.Type, got, want)
		}
	}
	if seen != 2 {
		t.Errorf("want ike_config and ipsec_config blocks, saw %d", seen)
	}
}

// attrs evaluates a body's constant attributes (skipping the named ones) as
// strings.
func attrs(t *testing.T, body *hclsyntax.Body, skip ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, a := range body.Attributes {
		if slices.Contains(skip, name) {
			continue
		}
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			t.Errorf("%s: %v", name, d)
			continue
		}
		switch v.Type() {
		case cty.String:
			out[name] = v.AsString()
		case cty.Bool:
			out[name] = fmt.Sprint(v.True())
		case cty.Number:
			out[name] = v.AsBigFloat().Text('f', -1)
		default:
			out[name] = v.GoString()
		}
	}
	return out
}

func TestExportAliyunCLI(t *testing.T) {
	t.Parallel()
	for _, dry := range []bool{false, true} {
		t.Run(fmt.Sprintf("dry-run=%v", dry), func(t *testing.T) {
			t.Parallel()
			var extra []string
			if dry {
				extra = []string{"--dry-run"}
			}
			r, _ := runExportFormat(t, "aliyun-cli", extra...)
			words, err := shellWords(r.stdout)
			if err != nil {
				t.Fatalf("%v\n%s", err, r.stdout)
			}
			if len(words) < 3 || words[0].text != "aliyun" || words[1].text != "vpc" || words[2].text != "CreateIpsecServer" {
				t.Fatalf("not an aliyun vpc CreateIpsecServer command:\n%s", r.stdout)
			}
			params := map[string]word{}
			for i := 3; i < len(words); i += 2 {
				if !strings.HasPrefix(words[i].text, "--") || i+1 >= len(words) {
					t.Fatalf("want --Param value pairs, got %q", words[i].text)
				}
				if _, dup := params[words[i].text[2:]]; dup {
					t.Errorf("%s given twice", words[i].text)
				}
				params[words[i].text[2:]] = words[i+1]
			}
			spec := exportSpec()
			want := map[string]string{
				"RegionId": spec.RegionId, "VpnGatewayId": spec.VpnGatewayId, "LocalSubnet": spec.LocalSubnet.String(),
				"ClientIpPool": spec.ClientIpPool, "IpSecServerName": spec.IpSecServerName, "EffectImmediately": "true",
				"PskEnabled": "true", "ClientToken": spec.ClientToken,
			}
			if dry {
				want["DryRun"] = "true"
			}
			for k, v := range want {
				if params[k].text != v {
					t.Errorf("--%s is %q, want %q", k, params[k].text, v)
				}
			}
			var ike ipsec.IkeConfig
			if err := json.Unmarshal([]byte(params["IkeConfig"].text), &ike); err != nil || ike != *spec.IkeConfig {
				t.Errorf("--IkeConfig %q (%v), want %+v", params["IkeConfig"].text, err, *spec.IkeConfig)
			}
			var phase2 ipsec.IpsecConfig
			if err := json.Unmarshal([]byte(params["IpsecConfig"].text), &phase2); err != nil || phase2 != *spec.IpsecConfig {
				t.Errorf("--IpsecConfig %q (%v), want %+v", params["IpsecConfig"].text, err, *spec.IpsecConfig)
			}
			if params["Psk"].raw != `"$IPSEC_PSK"` {
				t.Errorf(`--Psk is %s, want "$IPSEC_PSK"`, params["Psk"].raw)
			}
			if len(params) != len(want)+3 {
				t.Errorf("parameters %v, want those of the spec only", keysOf(params))
			}

			// It runs as printed: a shell hands a stand-in aliyun exactly these
			// words, with the key from the environment.
			sh, err := exec.LookPath("sh")
			if err != nil {
				t.Skip("no sh")
			}
			dir := t.TempDir()
			writeFile(t, dir, "aliyun", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n", 0o755)
			cmd := exec.Command(sh, "-c", r.stdout)
			cmd.Env = []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "IPSEC_PSK=" + canaryPsk, "HOME=/nonexistent"}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("the command does not run: %v", err)
			}
			got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
			var wantArgs []string
			for _, w := range words[1:] {
				if w.raw == `"$IPSEC_PSK"` {
					wantArgs = append(wantArgs, canaryPsk)
				} else {
					wantArgs = append(wantArgs, w.text)
				}
			}
			if !reflect.DeepEqual(got, wantArgs) {
				t.Errorf("the shell ran aliyun with\n%q\nwant\n%q", got, wantArgs)
			}
		})
	}
}

func keysOf(m map[string]word) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// word is one shell word: its value, and its text as written.
type word struct {
	text string
	raw  string
}

// shellWords splits a POSIX shell command line: blanks separate words,
// backslash-newline continues the line, single quotes are literal, double
// quotes keep $ and backslash escapes, a backslash escapes the next
// character. Expansions are left as written.
func shellWords(s string) ([]word, error) {
	var (
		out   []word
		cur   strings.Builder
		raw   strings.Builder
		inAny bool
	)
	flush := func() {
		if inAny {
			out = append(out, word{text: cur.String(), raw: raw.String()})
		}
		cur.Reset()
		raw.Reset()
		inAny = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i++
		case c == '\\' && i+1 < len(s):
			raw.WriteString(s[i : i+2])
			cur.WriteByte(s[i+1])
			inAny = true
			i++
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote at %d", i)
			}
			cur.WriteString(s[i+1 : i+1+j])
			raw.WriteString(s[i : i+2+j])
			inAny = true
			i += j + 1
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && strings.IndexByte("$`\"\\\n", s[j+1]) >= 0 {
					j++
					cur.WriteByte(s[j])
					continue
				}
				cur.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated double quote at %d", i)
			}
			raw.WriteString(s[i : j+1])
			inAny = true
			i = j
		case c == ' ' || c == '\t' || c == '\n':
			flush()
		case strings.IndexByte("|&;<>()`", c) >= 0:
			return nil, fmt.Errorf("unquoted shell operator %q at %d", c, i)
		default:
			cur.WriteByte(c)
			raw.WriteByte(c)
			inAny = true
		}
	}
	flush()
	return out, nil
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	got, err := shellWords("a \\\n  'b c' \"$X\" 'it'\\''s' d\\ e \"q\\\"\"")
	if err != nil {
		t.Fatal(err)
	}
	want := []word{{"a", "a"}, {"b c", "'b c'"}, {"$X", `"$X"`}, {"it's", `'it'\''s'`}, {"d e", `d\ e`}, {`q"`, `"q\""`}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
}

func TestExportStrongSwan(t *testing.T) {
	t.Parallel()
	conf := filepath.Join(t.TempDir(), "client.swanctl.conf")
	r, sb := runExportFormat(t, "strongswan", "--export-file", conf)
	b, err := os.ReadFile(conf)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, r.stderr)
	}
	r.stdout = string(b)
	for _, want := range []string{
		"version = 1", "aggressive = yes", "remote_addrs = 203.0.113.10", "proposals = aes256-sha256-modp2048",
		"reauth_time = 2880s", "rand_time = 360s", "over_time = 720s", "id = client.example.com", "id = vpn.example.com",
		"esp_proposals = aes192-sha512\n", "rekey_time = 1440s", "life_time = 1800s",
		// IKEv1 interprets one traffic selector a child: one child per subnet.
		"ipsecwiz-1 {", "remote_ts = 172.16.0.0/16\n", "ipsecwiz-2 {", "remote_ts = 10.10.0.0/16\n",
		`secret = "0s` + base64.StdEncoding.EncodeToString([]byte(canaryPsk)),
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("swanctl.conf lacks %q:\n%s", want, r.stdout)
		}
	}
	if sb.RequestCount("DescribeVpnGateway") == 0 {
		t.Errorf("the gateway's address was not looked up")
	}
	if strings.Count(r.stdout, "{") != strings.Count(r.stdout, "}") {
		t.Errorf("unbalanced braces:\n%s", r.stdout)
	}

	// Without credentials the gateway's address is unknown: no file with a
	// placeholder where the address belongs, a refusal that says why.
	dir := t.TempDir()
	off := runCLI(t, "", cleanEnv(dir), cat([]string{"--export", "strongswan"}, required())...)
	expect(t, off, client.ExitCredentials, "needs the gateway's public IP")
	if off.stdout != "" {
		t.Errorf("an export was printed anyway:\n%s", off.stdout)
	}
}

// With the key known (--psk-file), a key-holding export is written ready to
// a file of mode 0600, never to stdout; an existing file is not replaced
// without --force.
func TestExportWithTheKeyWritesAPrivateFile(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	key := writeFile(t, dir, "psk", "0xAwkward key\n", 0o600)
	out := filepath.Join(dir, "client.conf")
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "strongswan", "--psk-file", key, "--export-file", out}, required())...)...)
	expect(t, r, 0, "Wrote "+out, "with the pre-shared key", "mode 0600")
	if r.stdout != "" || strings.Contains(r.stderr, "0xAwkward") {
		t.Fatalf("the key reached the terminal:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file %v mode %v", err, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), `secret = "0s`) || strings.Contains(string(b), "<your pre-shared key>") ||
		!strings.Contains(string(b), "remote_addrs = 203.0.113.10") {
		t.Errorf("not a ready file:\n%s", b)
	}
	again := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "strongswan", "--psk-file", key, "--export-file", out}, required())...)...)
	expect(t, again, client.ExitUsage, "already exists", "--force")
	forced := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "strongswan", "--psk-file", key, "--export-file", out, "--force"}, required())...)...)
	expect(t, forced, 0, "Wrote "+out)

	// An Apple profile cannot do without the key.
	apple := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "apple"}, required())...)...)
	expect(t, apple, client.ExitUsage, "needs the pre-shared key", "--psk-file")
	// Windows cannot take this server's authentication: the answer says why.
	win := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--export", "windows"}, required())...)...)
	expect(t, win, client.ExitUsage, "--export windows")
}

// Exports validate like the wizard and need the same required values.
func TestExportRefusesBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{cat([]string{"--export", "terraform", "--ike-enc-alg", "blowfish"}, required()), `Phase 1 encryption (IkeEncAlg): "blowfish" is not one of`},
		{[]string{"--export", "aliyun-cli", "--vpn-gateway-id", readyGW}, "missing required values: pass --local-subnet, --client-ip-pool"},
		{cat([]string{"--export", "json", "--generate-psk"}, required()), "--generate-psk with --export needs --psk-file PATH"},
	} {
		r := runCLI(t, "", cleanEnv(dir), tc.args...)
		expect(t, r, 2, tc.want)
		if r.stdout != "" {
			t.Errorf("stdout: %s", r.stdout)
		}
	}
}

// --generate-psk with an export keeps the new key in --psk-file (0600); the
// export holds the placeholder.
func TestExportGeneratePskKeepsTheKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "new.psk")
	r := runCLI(t, "", cleanEnv(dir), cat([]string{"--export", "aliyun-cli", "--generate-psk", "--psk-file", path}, required())...)
	expect(t, r, 0, `--Psk "$IPSEC_PSK"`, "written to "+path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	key, _ := os.ReadFile(path)
	if k := strings.TrimSpace(string(key)); len(k) != 24 || strings.Contains(r.stdout+r.stderr, k) {
		t.Errorf("key %d characters, printed: %v", len(k), strings.Contains(r.stdout+r.stderr, k))
	}
}
