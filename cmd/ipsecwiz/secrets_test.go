package main

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// The PSK and the access key secret never reach stdout, stderr, a file the
// run wrote, the sandbox's log or the process list, on any scriptable path,
// not even when the service's own messages quote the request (the signed
// string, the signed URL: the request's Signature is then a secret too);
// only an answers file written with --include-psk, an export to a file of
// show (mode 0600, the key as read back) and the --psk-file the key came from
// or went to hold the key, and show prints the server's key only when asked
// with --reveal-psk. A key counts as leaked in base64 too (strongSwan's 0s
// form).
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	// step is one run of the binary; "$DIR" in args and stdin is the run's
	// directory (also its HOME and TMPDIR), "$PSK" the key file.
	type step struct {
		args      []string
		stdin     string
		env       func(sb *testSandbox, dir string) []string
		code      int
		interrupt string // send ctrl+c once stderr shows this
		argvAfter string // read the live argv once stderr shows this
		reveals   bool   // --reveal-psk: stdout holds the fixture server's key, as asked
	}
	withPsk := func(extra ...string) []string { return cat([]string{"--psk-file", "$PSK"}, required(), extra) }
	readonly := func(sb *testSandbox, dir string) []string {
		return cleanEnv(dir, "ALIBABA_CLOUD_ACCESS_KEY_ID="+sandbox.ReadOnlyAccessKeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET="+sandbox.ReadOnlyAccessKeySecret, "TMPDIR="+dir)
	}
	nologs := func(sb *testSandbox, dir string) []string {
		return cleanEnv(dir, "ALIBABA_CLOUD_ACCESS_KEY_ID="+sandbox.NoLogsAccessKeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET="+sandbox.NoLogsAccessKeySecret, "TMPDIR="+dir)
	}
	const server = sandbox.ExistingServerID
	cases := []struct {
		name    string
		settle  time.Duration
		steps   []step
		allowed []string // files in $DIR that may hold the key
		// echo: the runs go through a proxy that answers the create by
		// quoting the request, as the real service and proxies do (the
		// echoProxy mode).
		echo string
	}{
		{name: "create and follow", settle: 2 * time.Second, steps: []step{{args: withPsk("--no-input"), argvAfter: "Created iss-"}}},
		{name: "create and follow, json", settle: 700 * time.Millisecond, steps: []step{{args: withPsk("--no-input", "--output", "json")}}},
		{name: "key from stdin", steps: []step{{args: cat([]string{"--psk-file", "-", "--no-input", "--no-wait"}, required()), stdin: canaryPsk + "\n"}}},
		{name: "generated key", steps: []step{{args: cat([]string{"--generate-psk", "--psk-file", "$DIR/gen.psk", "--no-input", "--no-wait", "--output", "json"}, required())}},
			allowed: []string{"gen.psk"}},
		{name: "dry run", steps: []step{{args: withPsk("--no-input", "--dry-run")}, {args: withPsk("--no-input", "--dry-run", "--output", "json")}}},
		{name: "answers saved without the key, then replayed", steps: []step{
			{args: withPsk("--no-input", "--dry-run", "--save-answers", "$DIR/answers.json")},
			{args: []string{"--no-input", "--no-wait", "--answers", "$DIR/answers.json", "--psk-file", "$PSK"}},
		}},
		{name: "answers saved with --include-psk, then replayed", steps: []step{
			{args: withPsk("--no-input", "--dry-run", "--save-answers", "$DIR/answers.yaml", "--include-psk")},
			{args: []string{"--no-input", "--no-wait", "--answers", "$DIR/answers.yaml"}},
		}, allowed: []string{"answers.yaml"}},
		{name: "every export", steps: []step{
			{args: withPsk("--export", "aliyun-cli")}, {args: withPsk("--export", "terraform")},
			{args: withPsk("--export", "strongswan")}, {args: withPsk("--export", "json")},
			{args: withPsk("--export", "json", "--no-input", "--output", "json")},
		}},
		{name: "refused values", steps: []step{
			{args: withPsk("--no-input", "--client-ip-pool", "192.168.0.0/30"), code: 2},
			{args: withPsk("--no-input", "--ike-enc-alg", "blowfish", "--output", "json"), code: 2},
			{args: cat([]string{"--psk-file", "-", "--no-input"}, required()), stdin: " " + canaryPsk, code: 2},
			{args: cat([]string{"--psk-file", "-", "--no-input", "--output", "json"}, required()), stdin: canaryPsk + "\x01", code: 2},
			{args: cat([]string{"--psk-file", "-", "--no-input"}, required()), stdin: canaryPsk + strings.Repeat("x", 90), code: 2},
			{args: withPsk(), code: 2}, // no terminal
			{args: cat([]string{"--psk-file", "$PSK", "--no-input"}, gwArgs("vpn-sandbox-nossl")), code: 2},
		}},
		{name: "API refusals", steps: []step{
			{args: cat([]string{"--psk-file", "$PSK", "--no-input", "--client-token", "another-run"}, gwArgs(sandbox.GatewayHasServer)), code: 1},
			{args: cat([]string{"--psk-file", "$PSK", "--no-input", "--client-token", "another-run", "--output", "json"}, gwArgs(sandbox.GatewayHasServer)), code: 1},
			{args: cat([]string{"--psk-file", "$PSK", "--no-input"}, gwArgs("vpn-sandbox-legacy")), code: 2},
			{args: withPsk("--no-input"), env: readonly, code: 4},
			{args: withPsk("--no-input", "--output", "json"), env: readonly, code: 4},
			{args: withPsk("--no-input"), env: func(sb *testSandbox, dir string) []string { return cleanEnv(dir) }, code: 4},
		}},
		{name: "unreachable endpoint", steps: []step{{args: cat([]string{"--endpoint", "127.0.0.1:1", "--psk-file", "$PSK", "--no-input"}, required()), code: 1}}},
		{name: "wait timeout", settle: 30 * time.Second, steps: []step{{args: withPsk("--no-input", "--wait-timeout", "600ms", "--output", "json"), code: 1}}},
		{name: "ctrl+c while following", settle: 30 * time.Second, steps: []step{{args: withPsk("--no-input"), code: 130, interrupt: "Created iss-"}}},
		// Without proposals the signed string is short: the key is in what
		// the service quotes, not past the cut of a long message.
		{name: "SignatureDoesNotMatch quoting the signed string", echo: "signature", steps: []step{
			{args: withPsk("--no-input", "--security-profile", "service-default"), code: 4},
			{args: withPsk("--no-input", "--security-profile", "service-default", "--output", "json"), code: 4},
			{args: withPsk("--no-input"), code: 4},
		}},
		{name: "a firewall page echoing the request", echo: "waf", steps: []step{
			{args: withPsk("--no-input"), code: 1},
			{args: cat([]string{"--psk-file", "-", "--no-input", "--output", "json"}, required()), stdin: canaryPsk + "\n", code: 1},
		}},
		{name: "update and delete", steps: []step{
			{args: []string{"update", sandbox.ExistingServerID, "--psk-file", "$PSK", "--export", "aliyun-cli"}},
			{args: []string{"update", sandbox.ExistingServerID, "--psk-file", "$PSK", "--no-input"}},
			{args: []string{"update", sandbox.ExistingServerID, "--client-ip-pool", "10.60.0.0/24", "--no-input", "--output", "json"}},
			{args: []string{"update", sandbox.ExistingServerID, "--name", "x", "--dry-run", "--no-input"}},
			{args: []string{"update", sandbox.ExistingServerID, "--name", "office-two", "--export", "terraform"}},
			{args: []string{"update", sandbox.ExistingServerID, "--generate-psk", "--psk-file", "$DIR/gen.psk", "--no-input", "--output", "json"}},
			{args: []string{"update", sandbox.ExistingServerID, "--client-ip-pool", "10.60.0.0/30", "--no-input"}, code: 2},
			{args: []string{"delete", sandbox.ExistingServerID, "--dry-run"}},
			{args: []string{"delete", sandbox.ExistingServerID}, code: 2},
			{args: []string{"delete", sandbox.ExistingServerID, "--yes", "--output", "json"}},
		}, allowed: []string{"gen.psk"}},
		{name: "status and completion", steps: []step{
			{args: []string{"status", readyGW}}, {args: []string{"status", readyGW, "--output", "json"}},
			{args: []string{"status", "vpn-sandbox-busy", "--wait-timeout", "300ms"}, code: 1},
			{args: []string{"__complete", "--vpn-gateway-id", "vpn-"}},
		}},
		{name: "list, show and logs", steps: []step{
			{args: []string{"list"}}, {args: []string{"list", "--output", "json"}}, {args: []string{"list", "--all-regions", "--output", "json"}},
			{args: []string{"show", server}}, {args: []string{"show", server, "--output", "json"}},
			{args: []string{"logs", server}}, {args: []string{"logs", server, "--since", "30m", "--output", "json"}},
			{args: []string{"__complete", "show", ""}}, {args: []string{"__complete", "logs", "iss-"}},
		}},
		{name: "show reveals the key only when asked", steps: []step{
			{args: []string{"show", server, "--reveal-psk"}, reveals: true},
			{args: []string{"show", server, "--reveal-psk", "--output", "json"}, reveals: true},
		}},
		{name: "show exports", steps: []step{
			{args: []string{"show", server, "--export", "strongswan", "--export-file", "$DIR/client.swanctl.conf"}},
			{args: []string{"show", server, "--export", "apple", "--export-file", "$DIR/client.mobileconfig"}},
			{args: []string{"show", server, "--export", "strongswan", "--export-file", "-"}},
			{args: []string{"show", server, "--export", "aliyun-cli"}}, {args: []string{"show", server, "--export", "json"}},
			{args: []string{"show", server, "--export", "apple", "--export-file", "-"}, code: 2},
			{args: []string{"show", server, "--export", "strongswan", "--export-file", "$DIR/client.swanctl.conf"}, code: 2},
		}, allowed: []string{"client.swanctl.conf", "client.mobileconfig"}},
		{name: "read refusals", steps: []step{
			{args: []string{"show", "iss-sandbox-nope"}, code: 1}, {args: []string{"show", "iss-sandbox-nope", "--output", "json"}, code: 1},
			{args: []string{"logs", "iss-sandbox-nope", "--output", "json"}, code: 1},
			{args: []string{"logs", server}, env: nologs, code: 4}, {args: []string{"logs", server, "--output", "json"}, env: nologs, code: 4},
			{args: []string{"show", server}, env: readonly}, {args: []string{"list", "--all-regions"}, env: readonly},
			{args: []string{"show", server}, env: func(sb *testSandbox, dir string) []string { return cleanEnv(dir) }, code: 4},
			{args: []string{"show", server, "--reveal-psk", "--export", "strongswan"}, code: 2},
		}},
		{name: "logs --follow interrupted", steps: []step{
			{args: []string{"logs", server, "--follow", "--interval", "1s"}, code: 130, interrupt: "Following the log"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			settle := tc.settle
			if settle == 0 {
				settle = 300 * time.Millisecond
			}
			sb := newSandbox(t, settle)
			endpoint := sb.Addr()
			var echo *echoProxy
			if tc.echo != "" {
				echo = newEchoProxy(t, sb, tc.echo)
				endpoint = echo.addr()
			}
			dir := t.TempDir()
			pskDir := t.TempDir() // the key file lives apart from what the runs write
			psk := writeFile(t, pskDir, "psk", canaryPsk+"\n", 0o600)
			// The fixture server's key (serverKeys) is a secret too, but show
			// --reveal-psk prints it as asked: it is checked apart.
			secrets := []string{canaryPsk, sandbox.AccessKeySecret, sandbox.ReadOnlyAccessKeySecret, sandbox.NoLogsAccessKeySecret}
			serverKeys := []string{sandbox.ExistingServerPsk, base64.StdEncoding.EncodeToString([]byte(sandbox.ExistingServerPsk))}
			revealed := map[string]bool{} // outputs that may hold the server's key
			var outputs []string
			for i, st := range tc.steps {
				var args []string
				for _, a := range st.args {
					a = strings.ReplaceAll(a, "$DIR", dir)
					args = append(args, strings.ReplaceAll(a, "$PSK", psk))
				}
				env := sb.env(dir)
				if st.env != nil {
					env = st.env(sb, dir)
				}
				if !slices.Contains(args, "--endpoint") {
					args = append([]string{"--endpoint", endpoint}, args...)
				}
				c := startChild(t, st.stdin, env, args...)
				cmdlines := []string{c.cmdline}
				if st.argvAfter != "" {
					// Read while it follows the gateway (seconds to go).
					c.waitStderr(20*time.Second, st.argvAfter)
					cmdlines = append(cmdlines, readCmdline(c.cmd.Process.Pid))
				}
				if st.interrupt != "" {
					// Alive until the interrupt: its argv must be readable.
					c.waitStderr(20*time.Second, st.interrupt)
					cmdlines = append(cmdlines, readCmdline(c.cmd.Process.Pid))
					// A run announces before it calls: let a call arrive first.
					waitUntil(t, 10*time.Second, func() bool { return strings.Contains(sb.log.String(), " request ") })
					c.interrupt()
				}
				r := c.wait(60 * time.Second)
				if r.code != st.code {
					t.Fatalf("step %d (%s): exit %d, want %d\nstdout: %s\nstderr: %s", i, strings.Join(args, " "), r.code, st.code, r.stdout, r.stderr)
				}
				for _, cl := range cmdlines {
					if cl == "" {
						t.Errorf("step %d: could not read the child's argv", i)
					}
					outputs = append(outputs, "argv of step "+strconv.Itoa(i)+"\x00"+cl)
				}
				outputs = append(outputs, "stdout of step "+strconv.Itoa(i)+"\x00"+r.stdout, "stderr of step "+strconv.Itoa(i)+"\x00"+r.stderr)
				if st.reveals {
					revealed["stdout of step "+strconv.Itoa(i)] = true
					if !strings.Contains(r.stdout, sandbox.ExistingServerPsk) {
						t.Errorf("step %d: --reveal-psk did not print the key:\n%s", i, r.stdout)
					}
				}
			}
			// A generated key is a secret too, from the moment it exists.
			if b, err := os.ReadFile(filepath.Join(dir, "gen.psk")); err == nil {
				secrets = append(secrets, strings.TrimSpace(string(b)))
			}
			if echo != nil {
				sigs := echo.seen()
				if len(sigs) == 0 {
					t.Fatal("no create reached the echoing proxy: the case proves nothing")
				}
				secrets = append(secrets, sigs...)
			}
			outputs = append(outputs, "sandbox log\x00"+sb.log.String())
			files := 0
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dir, path)
				if slices.Contains(tc.allowed, rel) {
					return nil
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files++
				outputs = append(outputs, "file "+rel+"\x00"+string(b))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range append([]string(nil), secrets...) {
				secrets = append(secrets, base64.StdEncoding.EncodeToString([]byte(s)))
			}
			for _, out := range outputs {
				where, text, _ := strings.Cut(out, "\x00")
				for _, s := range serverKeys {
					if !revealed[where] && strings.Contains(text, s) {
						t.Errorf("%s holds the server's key %q unasked:\n%s", where, mask(s), text)
					}
				}
				for _, s := range secrets {
					if strings.Contains(text, s) {
						t.Errorf("%s holds the secret %q:\n%s", where, mask(s), text)
					}
				}
			}
			// The allowed files hold the key indeed (the test would pass
			// vacuously if a path never handled it).
			for _, name := range tc.allowed {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Errorf("%s was not written: %v", name, err)
					continue
				}
				holds := false
				for _, k := range append(serverKeys, canaryPsk) {
					holds = holds || strings.Contains(string(b), k)
				}
				if name != "gen.psk" && !holds {
					t.Errorf("%s does not hold the key it was asked to keep", name)
				}
				if m := fileMode(t, filepath.Join(dir, name)); m != 0o600 {
					t.Errorf("%s holds a key with mode %04o, want 0600", name, m)
				}
			}
			if !strings.Contains(sb.log.String(), " request ") && tc.name != "every export" && tc.name != "unreachable endpoint" {
				t.Errorf("the sandbox log is empty: the runs never reached it")
			}
		})
	}
}

func mask(s string) string {
	if len(s) <= 6 {
		return "***"
	}
	return s[:6] + "***"
}
