package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// End-to-end tests of the scriptable surface: the built binary (see
// harness_test.go) against sandboxes started here, so each test can look at
// what reached the API. The helpers below are shared with secrets_test.go,
// export_test.go and answers_e2e_test.go.

const (
	readyGW   = "vpn-sandbox-ready"
	readyVPC1 = "172.16.0.0/16"
	freePool  = "192.168.0.0/24"
	regionHZ  = "cn-hangzhou"
	canaryPsk = "PSK-canary-7f3a9e1b"
)

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testSandbox is a sandbox in the test process, so a test can look at what
// the binary sent: the servers it holds, request counts and its log.
type testSandbox struct {
	*sandbox.Server
	log *syncBuffer
}

// newSandbox starts a sandbox with a short settle time (the gateway goes
// updating 50ms after a change, and active again settle later).
func newSandbox(t *testing.T, settle time.Duration) *testSandbox {
	t.Helper()
	log := &syncBuffer{}
	srv, err := sandbox.New(sandbox.Config{Settle: settle, UpdatingDelay: 50 * time.Millisecond, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &testSandbox{Server: srv, log: log}
}

// newBusySandbox is a sandbox whose gateways stay updating after a change
// until the test calls settle (its clock moves past the settle time, within
// the signatures' timestamp window): no test races the settle.
func newBusySandbox(t *testing.T) (sb *testSandbox, settle func()) {
	t.Helper()
	log := &syncBuffer{}
	var ahead atomic.Int64
	srv, err := sandbox.New(sandbox.Config{Settle: 5 * time.Minute, UpdatingDelay: -1, Log: log,
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &testSandbox{Server: srv, log: log}, func() { ahead.Store(int64(6 * time.Minute)) }
}

// env is a hermetic environment with the sandbox's full-rights key.
func (s *testSandbox) env(home string, extra ...string) []string {
	return cleanEnv(home, append([]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + sandbox.AccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + sandbox.AccessKeySecret,
		"TMPDIR=" + home,
	}, extra...)...)
}

// args puts --endpoint ADDR in front of args.
func (s *testSandbox) args(args ...string) []string {
	return append([]string{"--endpoint", s.Addr()}, args...)
}

// creates is how many CreateIpsecServer requests reached the sandbox.
func (s *testSandbox) creates() int { return s.RequestCount("CreateIpsecServer") }

// onlyServer is the one server the binary created on gw.
func (s *testSandbox) onlyServer(t *testing.T, region, gw string) sandbox.IpsecServerRecord {
	t.Helper()
	recs := s.IpsecServers(region, gw)
	if len(recs) != 1 {
		t.Fatalf("want exactly 1 IPsec server on %s, the sandbox holds %d: %+v", gw, len(recs), recs)
	}
	return recs[0]
}

// required are the three flags --no-input cannot do without, on the ready
// gateway with a pool free of every conflict.
func required() []string {
	return []string{"--vpn-gateway-id", readyGW, "--local-subnet", readyVPC1, "--client-ip-pool", freePool}
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// writeFile writes a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	return path
}

// child is ipsecwiz running in the background without a terminal, its
// output readable while it runs.
type child struct {
	t       *testing.T
	cmd     *exec.Cmd
	stdout  syncBuffer
	stderr  syncBuffer
	cmdline string // /proc/PID/cmdline, read right after the start
	done    chan struct{}
	err     error
}

func startChild(t *testing.T, stdin string, env []string, args ...string) *child {
	t.Helper()
	c := &child{t: t, done: make(chan struct{})}
	c.cmd = exec.Command(binPath, args...)
	c.cmd.Env = env
	c.cmd.Dir = t.TempDir() // a file written by default lands here
	c.cmd.Stdin = strings.NewReader(stdin)
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Start returns once the child has exec'd: its argv is final. A child
	// that already exited shows none; its argv is then what was passed.
	if c.cmdline = readCmdline(c.cmd.Process.Pid); c.cmdline == "" {
		c.cmdline = strings.Join(c.cmd.Args, " ")
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = c.cmd.Process.Kill()
			<-c.done
		}
	})
	return c
}

func readCmdline(pid int) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(string(b), "\x00", " ")
}

// waitStderr waits until stderr contains want, or fails.
func (c *child) waitStderr(timeout time.Duration, want string) {
	c.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(c.stderr.String(), want) {
		select {
		case <-tick.C:
		case <-c.done:
			if !strings.Contains(c.stderr.String(), want) {
				c.t.Fatalf("ipsecwiz exited (%v) before stderr showed %q\nstdout: %s\nstderr: %s", c.err, want, c.stdout.String(), c.stderr.String())
			}
		case <-deadline.C:
			c.t.Fatalf("stderr never showed %q within %s\nstderr: %s", want, timeout, c.stderr.String())
		}
	}
}

func (c *child) interrupt() {
	c.t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		c.t.Fatal(err)
	}
}

func (c *child) wait(timeout time.Duration) result {
	c.t.Helper()
	select {
	case <-c.done:
	case <-time.After(timeout):
		_ = c.cmd.Process.Kill()
		<-c.done
		c.t.Fatalf("ipsecwiz did not exit within %s\nstdout: %s\nstderr: %s", timeout, c.stdout.String(), c.stderr.String())
	}
	return result{code: exitCode(c.err), stdout: c.stdout.String(), stderr: c.stderr.String()}
}

// decodeOne decodes stdout as exactly one JSON object and nothing else.
func decodeOne(t *testing.T, stdout string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("stdout holds more than one JSON object (%v):\n%s", err, stdout)
	}
	return m
}

// obj reads a nested object of a decoded JSON document.
func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	v, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("JSON has no object %q: %v", key, m)
	}
	return v
}

func hasKeys(t *testing.T, where string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: JSON lacks key %q: %v", where, k, m)
		}
	}
}

// expect checks a finished run's exit code and that each of want is in its
// stderr (or stdout, for texts on stdout).
func expect(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	all := r.stdout + r.stderr
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", w, r.stdout, r.stderr)
		}
	}
}

// --- create: every flag reaches the request ---

func TestCreateFlagsReachTheRequest(t *testing.T) {
	t.Parallel()
	type check func(t *testing.T, sb *testSandbox, dir string, r result)
	cases := []struct {
		name   string
		args   func(dir string) []string
		stdin  string
		env    func(sb *testSandbox, home string) []string
		region string
		gw     string
		check  check
	}{{
		name: "every request flag",
		args: func(dir string) []string {
			return []string{"create", "--no-input", "--yes", "--no-wait", "--accessible", "--no-color", "--region", regionHZ,
				"--vpn-gateway-id", readyGW, "--local-subnet", "172.16.0.0/16", "--local-subnet", "10.10.0.0/16",
				"--client-ip-pool", "192.168.3.0/24", "--name", "office vpn", "--effect-immediately",
				"--client-token", "tok-every-flag-1",
				"--psk-file", writeFile(t, dir, "psk", canaryPsk+"\n", 0o600),
				"--ike-version", "ikev1", "--ike-mode", "aggressive", "--ike-enc-alg", "aes256", "--ike-auth-alg", "sha256",
				"--ike-pfs", "group14", "--ike-lifetime", "3600", "--local-id", "vpn.example.com", "--remote-id", "client.example.com",
				"--ipsec-enc-alg", "aes192", "--ipsec-auth-alg", "sha512", "--ipsec-pfs", "disabled", "--ipsec-lifetime", "1800"}
		},
		check: func(t *testing.T, sb *testSandbox, dir string, r result) {
			rec := sb.onlyServer(t, regionHZ, readyGW)
			want := sandbox.IpsecServerRecord{
				IpsecServerId: rec.IpsecServerId, CreationTime: rec.CreationTime, RegionId: regionHZ, VpnGatewayId: readyGW,
				IpsecServerName: "office vpn", LocalSubnet: "172.16.0.0/16,10.10.0.0/16", ClientIpPool: "192.168.3.0/24",
				Psk: canaryPsk, PskEnabled: true, EffectImmediately: true,
				IkeConfig: sandbox.IkeConfig{IkeVersion: "ikev1", IkeMode: "aggressive", IkeEncAlg: "aes256", IkeAuthAlg: "sha256",
					IkePfs: "group14", IkeLifetime: 3600, LocalId: "vpn.example.com", RemoteId: "client.example.com"},
				IpsecConfig: sandbox.IpsecConfig{IpsecEncAlg: "aes192", IpsecAuthAlg: "sha512", IpsecPfs: "disabled", IpsecLifetime: 1800},
			}
			if rec != want {
				t.Errorf("the sandbox stored\n%+v\nwant\n%+v", rec, want)
			}
			if !strings.Contains(r.stderr, "ClientToken tok-every-flag-1") {
				t.Errorf("stderr does not confirm the ClientToken: %s", r.stderr)
			}
			if !strings.Contains(r.stdout, "still applying") || strings.Contains(r.stderr, "updating") {
				t.Errorf("--no-wait still followed the gateway:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
			}
		},
	}, {
		name: "defaults: the recommended proposals (the wizard's default) and a service-generated key",
		args: func(string) []string { return cat([]string{"--no-input", "--no-wait"}, required()) },
		check: func(t *testing.T, sb *testSandbox, dir string, r result) {
			rec := sb.onlyServer(t, regionHZ, readyGW)
			if rec.LocalSubnet != readyVPC1 || rec.ClientIpPool != freePool || rec.EffectImmediately || !rec.PskEnabled {
				t.Errorf("stored %+v", rec)
			}
			if rec.IkeConfig.IkeEncAlg != "aes256" || rec.IkeConfig.IkePfs != "group14" || rec.IpsecConfig.IpsecPfs != "group14" {
				t.Errorf("without proposal flags the recommended profile applies; stored %+v %+v", rec.IkeConfig, rec.IpsecConfig)
			}
			if rec.IkeConfig.LocalId != "203.0.113.10" {
				t.Errorf("LocalId defaults to the gateway's IP, got %q", rec.IkeConfig.LocalId)
			}
			if len(rec.Psk) != 16 {
				t.Errorf("without a key the service generates one (16 characters), got %d characters", len(rec.Psk))
			}
			expect(t, r, 0, "generated by Alibaba Cloud")
		},
	}, {
		name: "local subnets as a comma list, partial proposals completed from the recommended profile",
		args: func(string) []string {
			return []string{"--no-input", "--no-wait", "--vpn-gateway-id", readyGW, "--local-subnet", "172.16.0.0/16, 10.10.0.0/16",
				"--client-ip-pool", "192.168.9.0/24", "--ike-enc-alg", "aes256", "--ipsec-pfs", "group5"}
		},
		check: func(t *testing.T, sb *testSandbox, dir string, r result) {
			rec := sb.onlyServer(t, regionHZ, readyGW)
			if rec.LocalSubnet != "172.16.0.0/16,10.10.0.0/16" || rec.ClientIpPool != "192.168.9.0/24" {
				t.Errorf("stored %q %q", rec.LocalSubnet, rec.ClientIpPool)
			}
			wantIke := sandbox.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha256", IkePfs: "group14", IkeLifetime: 86400, LocalId: rec.IkeConfig.LocalId}
			if rec.IkeConfig != wantIke {
				t.Errorf("IkeConfig %+v, want %+v", rec.IkeConfig, wantIke)
			}
			if rec.IpsecConfig.IpsecPfs != "group5" || rec.IpsecConfig.IpsecEncAlg != "aes256" {
				t.Errorf("IpsecConfig %+v", rec.IpsecConfig)
			}
		},
	}, {
		name:  "the key from standard input",
		args:  func(string) []string { return cat([]string{"--no-input", "--no-wait", "--psk-file", "-"}, required()) },
		stdin: canaryPsk + "\n",
		check: func(t *testing.T, sb *testSandbox, dir string, r result) {
			if rec := sb.onlyServer(t, regionHZ, readyGW); rec.Psk != canaryPsk {
				t.Errorf("Psk %q, want the one from stdin", rec.Psk)
			}
			expect(t, r, 0, "the one you provided")
		},
	}, {
		name: "--generate-psk keeps the key in a new 0600 file",
		args: func(dir string) []string {
			return cat([]string{"--no-input", "--no-wait", "--generate-psk", "--psk-file", filepath.Join(dir, "new.psk")}, required())
		},
		check: func(t *testing.T, sb *testSandbox, dir string, r result) {
			path := filepath.Join(dir, "new.psk")
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
			}
			b, _ := os.ReadFile(path)
			key := strings.TrimSpace(string(b))
			if len(key) != 24 {
				t.Errorf("generated key has %d characters, want 24", len(key))
			}
			if rec := sb.onlyServer(t, regionHZ, readyGW); rec.Psk != key {
				t.Errorf("the server got another key than the file holds")
			}
			if strings.Contains(r.stdout+r.stderr, key) {
				t.Errorf("the generated key was printed")
			}
			expect(t, r, 0, "written to "+path)
		},
	}, {
		name:   "--region picks the region",
		args:   func(string) []string { return shArgs("--region", "cn-shanghai") },
		region: "cn-shanghai", gw: "vpn-sandbox-sh-ready",
	}, {
		name: "the region of ALIBABA_CLOUD_REGION_ID",
		args: func(string) []string { return shArgs() },
		env: func(sb *testSandbox, home string) []string {
			return sb.env(home, "ALIBABA_CLOUD_REGION_ID=cn-shanghai")
		},
		region: "cn-shanghai", gw: "vpn-sandbox-sh-ready",
	}, {
		name: "--profile: the key and region of an aliyun CLI profile",
		args: func(string) []string { return shArgs("--profile", "sb") },
		env: func(sb *testSandbox, home string) []string {
			writeAliyunConfig(t, home, "other", "sb", sandbox.AccessKeyID, sandbox.AccessKeySecret, "cn-shanghai")
			return cleanEnv(home, "TMPDIR="+home)
		},
		region: "cn-shanghai", gw: "vpn-sandbox-sh-ready",
	}, {
		name: "the current aliyun CLI profile, with no flag",
		args: func(string) []string { return shArgs() },
		env: func(sb *testSandbox, home string) []string {
			writeAliyunConfig(t, home, "sb", "sb", sandbox.AccessKeyID, sandbox.AccessKeySecret, "cn-shanghai")
			return cleanEnv(home, "TMPDIR="+home)
		},
		region: "cn-shanghai", gw: "vpn-sandbox-sh-ready",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 500*time.Millisecond)
			dir := t.TempDir()
			env := sb.env(dir)
			if tc.env != nil {
				env = tc.env(sb, dir)
			}
			r := runCLI(t, tc.stdin, env, sb.args(tc.args(dir)...)...)
			expect(t, r, 0)
			if tc.check != nil {
				tc.check(t, sb, dir, r)
			}
			if tc.gw != "" {
				rec := sb.onlyServer(t, tc.region, tc.gw)
				if rec.RegionId != tc.region || rec.LocalSubnet != "172.30.0.0/16" {
					t.Errorf("stored %+v", rec)
				}
			}
		})
	}
}

// shArgs creates on the Shanghai gateway.
func shArgs(extra ...string) []string {
	return append([]string{"--no-input", "--no-wait", "--vpn-gateway-id", "vpn-sandbox-sh-ready",
		"--local-subnet", "172.30.0.0/16", "--client-ip-pool", freePool}, extra...)
}

// writeAliyunConfig writes ~/.aliyun/config.json with one AK profile.
func writeAliyunConfig(t *testing.T, home, current, name, id, secret, region string) {
	t.Helper()
	conf := map[string]any{"current": current, "profiles": []map[string]string{{
		"name": name, "mode": "AK", "access_key_id": id, "access_key_secret": secret, "region_id": region}}}
	b, _ := json.Marshal(conf)
	if err := os.MkdirAll(filepath.Join(home, ".aliyun"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(home, ".aliyun"), "config.json", string(b), 0o600)
}

// The ClientToken given is the one the request carried: the sandbox replays
// the same request with that token as the same server.
func TestCreateClientTokenReachesTheRequest(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	const token = "tok-replay-7"
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait", "--output", "json", "--client-token", token}, required())...)...)
	expect(t, r, 0)
	res := obj(t, decodeOne(t, r.stdout), "result")
	if res["ClientToken"] != token {
		t.Fatalf("result.ClientToken = %v, want %s", res["ClientToken"], token)
	}
	rec := sb.onlyServer(t, regionHZ, readyGW)

	c, err := client.New(context.Background(), client.Options{Endpoint: sb.Addr(), Region: regionHZ,
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret}})
	if err != nil {
		t.Fatal(err)
	}
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId, spec.LocalSubnet, spec.ClientIpPool, spec.ClientToken = readyGW, ipsec.CIDRList{readyVPC1}, freePool, token
	ipsec.ApplyProfile(&spec, ipsec.ProfileRecommended) // what --no-input sends when no profile is named
	again, err := c.CreateIpsecServer(context.Background(), &spec)
	if err != nil {
		t.Fatalf("replaying the token: %v", err)
	}
	if again.IpsecServerId != rec.IpsecServerId {
		t.Errorf("the replay made %s, the binary's request made %s: the token did not reach the API", again.IpsecServerId, rec.IpsecServerId)
	}
}

// Without --no-wait the run follows the gateway, one plain line per
// transition, and ends when it is active again.
func TestCreateWaitsUntilActive(t *testing.T) {
	t.Parallel()
	sb, settle := newBusySandbox(t)
	dir := t.TempDir()
	run := startCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input"}, required())...)...)
	run.waitStderr(30*time.Second, "vpn-sandbox-ready  updating (check")
	settle()
	r := run.wait(60 * time.Second)
	expect(t, r, 0, "IPsec server created; the gateway is active.")
	if !regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d  vpn-sandbox-ready  updating \(check \d+`).MatchString(r.stderr) ||
		!regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d  vpn-sandbox-ready  active \(check \d+`).MatchString(r.stderr) {
		t.Errorf("stderr lacks the transition lines:\n%s", r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "\x1b[") {
		t.Errorf("escape sequences without a terminal:\n%q", r.stderr)
	}
	if st, _ := sb.GatewayStatus(regionHZ, readyGW); st != "active" {
		t.Errorf("exited while the gateway is %s", st)
	}
}

// --wait-timeout: giving up following is exit 1, and says how to go on.
func TestCreateWaitTimeout(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 30*time.Second)
	dir := t.TempDir()
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--wait-timeout", "700ms"}, required())...)...)
	expect(t, r, 1, "did not settle within 700ms", "ipsecwiz status vpn-sandbox-ready")
	if sb.creates() != 1 {
		t.Errorf("%d creates sent", sb.creates())
	}
}

// --dry-run: the precheck passes, exit 0, nothing is created.
func TestCreateDryRun(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--dry-run"}, required())...)...)
	expect(t, r, 0, "Precheck passed")
	if n := len(sb.IpsecServers(regionHZ, readyGW)); n != 0 {
		t.Errorf("a dry run created %d servers", n)
	}
	if sb.creates() != 1 {
		t.Errorf("%d CreateIpsecServer requests, want the 1 precheck", sb.creates())
	}
	if st, _ := sb.GatewayStatus(regionHZ, readyGW); st != "active" {
		t.Errorf("the gateway went %s after a dry run", st)
	}
}

// --- create: refused input, each with its exit code and message ---

func TestCreateRefusesBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 101)
	cases := []struct {
		name   string
		args   []string // after --no-input; required() is added unless noReq
		noReq  bool
		stdin  string
		files  map[string]string // written in the temp dir first; "$DIR" in args is replaced
		code   int
		want   []string
		noJSON bool // cobra's own parse errors come before --output is known
	}{
		// Missing required values name the flags to pass.
		{name: "nothing given", noReq: true, code: 2,
			want: []string{"missing required values: pass --vpn-gateway-id, --local-subnet, --client-ip-pool"}},
		{name: "no gateway", noReq: true, args: []string{"--local-subnet", readyVPC1, "--client-ip-pool", freePool}, code: 2,
			want: []string{"pass --vpn-gateway-id (or put them in an --answers file); nothing was sent"}},
		{name: "no local subnet", noReq: true, args: []string{"--vpn-gateway-id", readyGW, "--client-ip-pool", freePool}, code: 2,
			want: []string{"pass --local-subnet (or"}},
		{name: "no pool", noReq: true, args: []string{"--vpn-gateway-id", readyGW, "--local-subnet", readyVPC1}, code: 2,
			want: []string{"pass --client-ip-pool (or"}},
		// Bad values: the forms' messages, naming the field, the rule and an example or the fix.
		{name: "gateway id form", noReq: true, args: []string{"--vpn-gateway-id", "gw-1", "--local-subnet", readyVPC1, "--client-ip-pool", freePool}, code: 2,
			want: []string{"invalid input, nothing was sent", `VPN gateway (VpnGatewayId): "gw-1" is not a VPN gateway id: it starts with vpn-, e.g. vpn-`}},
		{name: "gateway id case", noReq: true, args: []string{"--vpn-gateway-id", "VPN-SANDBOX-READY", "--local-subnet", readyVPC1, "--client-ip-pool", freePool}, code: 2,
			want: []string{"VPN gateway (VpnGatewayId): gateway ids are lower case: did you mean vpn-sandbox-ready?"}},
		{name: "local subnet host bits", args: []string{"--local-subnet", "10.1.2.3/16"}, code: 2,
			want: []string{"Local subnets (LocalSubnet): host bits must be zero in 10.1.2.3/16: did you mean 10.1.0.0/16?"}},
		{name: "local subnet without mask", args: []string{"--local-subnet", "172.16.0.0"}, code: 2,
			want: []string{`Local subnets (LocalSubnet): "172.16.0.0" is an address, not a CIDR block: add the mask, e.g. `}},
		{name: "local subnet reserved", args: []string{"--local-subnet", "127.0.0.0/8"}, code: 2,
			want: []string{"Local subnets (LocalSubnet): 127.0.0.0/8 overlaps the reserved range", "e.g. 172.16.0.0/16"}},
		{name: "pool mask", args: []string{"--client-ip-pool", "192.168.0.0/30"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): the network mask must be /16 to /29, e.g. 192.168.0.0/24"}},
		{name: "pool host bits", args: []string{"--client-ip-pool", "192.168.0.1/24"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): host bits must be zero in 192.168.0.1/24: did you mean 192.168.0.0/24?"}},
		{name: "pool reserved", args: []string{"--client-ip-pool", "100.64.0.0/24"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): 100.64.0.0/24 overlaps the reserved range 100.64.0.0/10, e.g. "}},
		{name: "pool overlaps a local subnet", args: []string{"--client-ip-pool", "172.16.5.0/24"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): 172.16.5.0/24 overlaps the local subnet 172.16.0.0/16"}},
		{name: "pool overlaps the VPC (known only from the API)", args: []string{"--client-ip-pool", "10.10.1.0/24"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): 10.10.1.0/24 overlaps", "10.10.0.0/16"}},
		{name: "pool overlaps the SSL-VPN pool (known only from the API)", args: []string{"--client-ip-pool", "192.168.200.0/24"}, code: 2,
			want: []string{"Client IP pool (ClientIpPool): 192.168.200.0/24 overlaps the gateway's SSL-VPN client pool 192.168.200.0/24"}},
		{name: "pool holds a VPC route (known only from the API)", args: []string{"--client-ip-pool", "192.168.48.0/21"}, code: 2,
			want: []string{"overlaps the destination of the VPC's custom route 192.168.50.0/24", "e.g. 192.168.0.0/24"}},
		{name: "local subnet too broad", args: []string{"--local-subnet", "0.0.0.0/0"}, code: 2,
			want: []string{"Local subnets (LocalSubnet): 0.0.0.0/0 is too broad"}},
		// required() gives 172.16.0.0/16 first; these come after it.
		{name: "local subnet empty entry", args: []string{"--local-subnet", "10.10.0.0/16,,10.20.0.0/16"}, code: 2,
			want: []string{"Local subnets (LocalSubnet): entry 3 of 4 is empty"}},
		{name: "eleven local subnets", args: []string{"--local-subnet", "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24,10.0.3.0/24,10.0.4.0/24,10.0.5.0/24,10.0.6.0/24,10.0.7.0/24,10.0.8.0/24,10.0.9.0/24"}, code: 2,
			want: []string{"at most 10 local subnets", "there are 11"}},
		{name: "name too long", args: []string{"--name", long}, code: 2,
			want: []string{"Server name (IpSecServerName): the name has 101 characters, at most 100 are allowed, e.g. office-vpn"}},
		{name: "ike encryption", args: []string{"--ike-enc-alg", "blowfish"}, code: 2,
			want: []string{`Phase 1 encryption (IkeEncAlg): "blowfish" is not one of aes, aes192, aes256, des, 3des`, "e.g. aes256"}},
		{name: "ike integrity case", args: []string{"--ike-auth-alg", "SHA256"}, code: 2,
			want: []string{`Phase 1 integrity (IkeAuthAlg): "SHA256" is written in lower case: did you mean sha256?`}},
		{name: "ike version, mode and group at once", args: []string{"--ike-version", "ikev3", "--ike-mode", "fast", "--ike-pfs", "group24"}, code: 2,
			want: []string{`IKE version (IkeVersion): "ikev3" is not one of ikev1, ikev2, e.g. ikev2`,
				`IKE mode (IkeMode): "fast" is not one of main, aggressive, e.g. main`,
				`Phase 1 DH group (IkePfs): "group24" is not one of group1, group2, group5, group14, e.g. group14`}},
		{name: "sm4 on a normal gateway", args: []string{"--ike-enc-alg", "sm4"}, code: 2,
			want: []string{"Phase 1 encryption (IkeEncAlg): sm4 needs a NationalStandard (SM) gateway, e.g. aes256"}},
		{name: "lifetimes", args: []string{"--ike-lifetime", "90000", "--ipsec-lifetime", "-1"}, code: 2,
			want: []string{"Phase 1 lifetime (IkeLifetime): 90000 is out of range: use 0 to 86400 seconds, e.g. 86400",
				"Phase 2 lifetime (IpsecLifetime): -1 is out of range"}},
		{name: "identities", args: []string{"--local-id", "not an id", "--remote-id", "a b"}, code: 2,
			want: []string{`Local identity (LocalId): "not an id" is neither an IP address nor a fully qualified domain name, e.g. vpn.example.com`,
				`Remote identity (RemoteId): "a b" is neither`}},
		{name: "phase 2", args: []string{"--ipsec-enc-alg", "rc4", "--ipsec-auth-alg", "crc", "--ipsec-pfs", "group24"}, code: 2,
			want: []string{`Phase 2 encryption (IpsecEncAlg): "rc4" is not one of`, `Phase 2 integrity (IpsecAuthAlg): "crc" is not one of`,
				`Phase 2 PFS group (IpsecPfs): "group24" is not one of disabled, group1, group2, group5, group14, e.g. group14`}},
		{name: "client token", args: []string{"--client-token", "has space"}, code: 2,
			want: []string{"Client token (ClientToken): use at most 64 printable ASCII characters without spaces, e.g. "}},
		{name: "psk not printable", args: []string{"--psk-file", "$DIR/bad.psk"}, files: map[string]string{"bad.psk": "x\x01y"}, code: 2,
			want: []string{"Pre-shared key (Psk): use printable ASCII characters only", "e.g. a random 24-character key"}},
		{name: "psk too long", args: []string{"--psk-file", "-"}, stdin: strings.Repeat("k", 101), code: 2,
			want: []string{"Pre-shared key (Psk): the key has 101 characters, at most 100 are allowed"}},
		{name: "psk file empty", args: []string{"--psk-file", "$DIR/empty.psk"}, files: map[string]string{"empty.psk": ""}, code: 2,
			want: []string{"--psk-file: ", "empty.psk is empty: the pre-shared key must be 1 to 100 printable ASCII characters"}},
		{name: "psk file missing", args: []string{"--psk-file", "$DIR/none"}, code: 2, want: []string{"--psk-file: open ", "no such file"}},
		{name: "generate-psk needs a file", args: []string{"--generate-psk"}, code: 2,
			want: []string{"--generate-psk with --no-input needs --psk-file PATH"}},
		{name: "generate-psk never overwrites a key", args: []string{"--generate-psk", "--psk-file", "$DIR/old.psk"}, files: map[string]string{"old.psk": "keep-me"}, code: 2,
			want: []string{"old.psk already exists: choose a new file for the generated key"}},
		// Usage.
		{name: "export format", args: []string{"--export", "yaml"}, code: 2, want: []string{`--export: want one of aliyun-cli, terraform, strongswan, apple, json, got "yaml"`}},
		{name: "include-psk alone", args: []string{"--include-psk"}, code: 2, want: []string{"--include-psk only goes with --save-answers FILE"}},
		{name: "output format", args: []string{"--output", "yaml"}, code: 2, want: []string{`--output: want text or json, got "yaml"`}, noJSON: true},
		{name: "sandbox and endpoint", args: []string{"--sandbox"}, code: 2, want: []string{"--sandbox and --endpoint cannot be used together"}},
		{name: "duration", args: []string{"--wait-timeout", "soon"}, code: 2, want: []string{`invalid argument "soon" for "--wait-timeout"`}},
		{name: "unknown flag", args: []string{"--bogus"}, code: 2, want: []string{"unknown flag: --bogus"}},
		{name: "lifetime not a number", args: []string{"--ike-lifetime", "long"}, code: 2, want: []string{`invalid argument "long" for "--ike-lifetime"`}},
		// Gateways that cannot take a server are refused before the create.
		{name: "gateway without SSL-VPN", noReq: true, args: gwArgs("vpn-sandbox-nossl"), code: 2,
			want: []string{"VPN gateway (VpnGatewayId): vpn-sandbox-nossl: SSL-VPN is off on this gateway: turn it on"}},
		{name: "gateway with an IPsec-VPN connection", noReq: true, args: gwArgs("vpn-sandbox-vpnconn"), code: 2,
			want: []string{"vpn-sandbox-vpnconn: the gateway has 1 IPsec-VPN connection(s) and cannot also host an IPsec server"}},
		{name: "gateway with a server", noReq: true, args: gwArgs("vpn-sandbox-hasserver"), code: 2,
			want: []string{"vpn-sandbox-hasserver: the gateway already has an IPsec server"}},
		{name: "locked gateway", noReq: true, args: gwArgs("vpn-sandbox-locked"), code: 2,
			want: []string{"vpn-sandbox-locked: the gateway is locked for an overdue payment (FinancialLocked)"}},
		// A busy gateway is waited for, not refused; it stays busy for 60 s,
		// so the wait times out (exit 1) and nothing is sent.
		{name: "busy gateway", noReq: true, args: append(gwArgs("vpn-sandbox-busy"), "--wait-timeout", "1s"), code: 1,
			want: []string{"gateway vpn-sandbox-busy did not settle within 1s (last status updating)", "Gateway vpn-sandbox-busy is updating: waiting until it is active"}},
		{name: "no such gateway", noReq: true, args: gwArgs("vpn-sandbox-nope"), code: 1,
			want: []string{"InvalidVpnGatewayInstanceId.NotFound", "No VPN gateway with this ID exists in the region."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			dir := t.TempDir()
			for name, content := range tc.files {
				writeFile(t, dir, name, content, 0o600)
			}
			args := []string{"--no-input"}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "$DIR", dir))
			}
			if !tc.noReq {
				args = append(required(), args...) // later flags win
			}
			r := runCLI(t, tc.stdin, sb.env(dir), sb.args(args...)...)
			expect(t, r, tc.code, tc.want...)
			if r.stdout != "" {
				t.Errorf("an error printed on stdout:\n%s", r.stdout)
			}
			if strings.Contains(r.stderr, "Sending CreateIpsecServer") {
				t.Errorf("said it was sending:\n%s", r.stderr)
			}

			// The same refusal as one JSON object on stdout.
			if !tc.noJSON {
				j := runCLI(t, tc.stdin, sb.env(dir), sb.args(append([]string{"--output", "json"}, args...)...)...)
				if j.code != tc.code {
					t.Fatalf("--output json: exit %d, want %d\n%s%s", j.code, tc.code, j.stdout, j.stderr)
				}
				e := obj(t, decodeOne(t, j.stdout), "error")
				hasKeys(t, "error", e, "code", "message", "explanation", "remedy")
				if tc.code == 2 && e["code"] != "InvalidInput" {
					t.Errorf("error.code = %v, want InvalidInput", e["code"])
				}
				if msg, _ := e["message"].(string); !strings.Contains(msg, tc.want[0]) {
					t.Errorf("error.message = %q, want it to hold %q", msg, tc.want[0])
				}
			}
			if n := sb.creates(); n != 0 {
				t.Errorf("%d CreateIpsecServer requests reached the API; nothing may be sent", n)
			}
		})
	}
}

func gwArgs(gw string) []string {
	return []string{"--vpn-gateway-id", gw, "--local-subnet", "172.31.0.0/16", "--client-ip-pool", freePool}
}

// A gateway whose version cannot take a server is refused before anything
// is sent, from the version in its features (exit 2); a create on it sent
// anyway (a ClientToken leaves the existing-server check to the service, not
// this one) is never needed. The service's own refusal of another kind
// still gets its explanation (exit 1): here a second server on a gateway,
// under another token.
func TestCreateLegacyGatewayRefusedFirst(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input"}, gwArgs("vpn-sandbox-legacy"))...)...)
	expect(t, r, 2, "runs version v1.1.6, older than v1.2.0", "OperationUnsupported.IPsecServer", "nothing was sent")
	r = runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--client-token", "another-run"}, gwArgs(sandbox.GatewayHasServer))...)...)
	expect(t, r, 1, "OperationFailed.IPsecServerExist", "what happened:", "what to do:", "RequestId:")
	if sb.creates() != 1 {
		t.Errorf("%d creates", sb.creates())
	}
}

func TestCreateWithoutTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	for _, args := range [][]string{nil, {"create"}, required(), cat([]string{"create"}, required())} {
		r := runCLI(t, "", sb.env(dir), sb.args(args...)...)
		expect(t, r, 2, "no terminal: run ipsecwiz in a terminal, or pass --no-input with the flags",
			"--vpn-gateway-id, --local-subnet and --client-ip-pool")
	}
	if sb.creates() != 0 {
		t.Errorf("%d creates", sb.creates())
	}
}

// --- credentials and the network ---

func TestCreateCredentialsAndNetwork(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		env     func(sb *testSandbox, home string) []string
		args    func(sb *testSandbox) []string
		code    int
		want    []string
		creates int
	}{{
		name: "read-only key: the create is refused",
		env: func(sb *testSandbox, home string) []string {
			return cleanEnv(home, "ALIBABA_CLOUD_ACCESS_KEY_ID="+sandbox.ReadOnlyAccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+sandbox.ReadOnlyAccessKeySecret)
		},
		args: func(sb *testSandbox) []string { return sb.args(cat([]string{"--no-input"}, required())...) },
		code: 4, want: []string{"Forbidden", "RequestId:"}, creates: 1,
	}, {
		name: "wrong secret",
		env: func(sb *testSandbox, home string) []string {
			return cleanEnv(home, "ALIBABA_CLOUD_ACCESS_KEY_ID="+sandbox.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret")
		},
		args: func(sb *testSandbox) []string { return sb.args(cat([]string{"--no-input"}, required())...) },
		code: 4, want: []string{"SignatureDoesNotMatch"},
	}, {
		name: "no credentials anywhere",
		env:  func(sb *testSandbox, home string) []string { return cleanEnv(home) },
		args: func(sb *testSandbox) []string { return sb.args(cat([]string{"--no-input"}, required())...) },
		code: 4, want: []string{"no Alibaba Cloud credentials found", "aliyun configure",
			"ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET", "--sandbox"},
	}, {
		name: "a profile that does not exist",
		env:  func(sb *testSandbox, home string) []string { return sb.env(home) },
		args: func(sb *testSandbox) []string {
			return sb.args(cat([]string{"--no-input", "--profile", "nope"}, required())...)
		},
		code: 4, want: []string{`profile "nope" not found`},
	}, {
		name: "unreachable endpoint",
		env:  func(sb *testSandbox, home string) []string { return sb.env(home) },
		args: func(sb *testSandbox) []string {
			return cat([]string{"--endpoint", "127.0.0.1:1", "--no-input"}, required())
		},
		code: 1, want: []string{"cannot reach the VPC API at 127.0.0.1:1", "what to do:"},
	}, {
		name: "the built-in sandbox needs no account",
		env:  func(sb *testSandbox, home string) []string { return cleanEnv(home) },
		args: func(sb *testSandbox) []string {
			return cat([]string{"--sandbox", "--no-input", "--dry-run"}, required())
		},
		code: 0, want: []string{"Precheck passed"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			dir := t.TempDir()
			r := runCLI(t, "", tc.env(sb, dir), tc.args(sb)...)
			expect(t, r, tc.code, tc.want...)
			if n := sb.creates(); n != tc.creates {
				t.Errorf("%d creates reached the sandbox, want %d", n, tc.creates)
			}
			if n := len(sb.IpsecServers(regionHZ, readyGW)); n != 0 {
				t.Errorf("%d servers created", n)
			}
		})
	}
}

// --- --output json: one object on stdout, and nothing else ---

func TestJSONOutputShapes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		settle time.Duration
		env    func(sb *testSandbox, home string) []string
		args   []string
		code   int
		check  func(t *testing.T, m map[string]any)
	}{{
		name: "created and followed until active", settle: 600 * time.Millisecond,
		args: cat([]string{"--no-input", "--psk-file", "-", "--ike-enc-alg", "aes256"}, required()), code: 0,
		check: func(t *testing.T, m map[string]any) {
			hasKeys(t, "top", m, "ok", "dryRun", "status", "waited", "result", "client")
			if m["ok"] != true || m["status"] != "active" || m["waited"] != true || m["dryRun"] != false {
				t.Errorf("ok/status/waited/dryRun: %v", m)
			}
			res := obj(t, m, "result")
			hasKeys(t, "result", res, "IpsecServerId", "VpnGatewayId", "RegionId", "RequestId", "ClientToken", "CreationTime")
			if res["VpnGatewayId"] != readyGW || res["RegionId"] != regionHZ {
				t.Errorf("result %v", res)
			}
			c := obj(t, m, "client")
			hasKeys(t, "client", c, "serverAddress", "pskSource", "LocalSubnet", "ClientIpPool", "IkeConfig", "IpsecConfig")
			if c["serverAddress"] != "203.0.113.10" || c["pskSource"] != "provided" || c["LocalSubnet"] != readyVPC1 || c["ClientIpPool"] != freePool {
				t.Errorf("client %v", c)
			}
			if obj(t, c, "IkeConfig")["IkeEncAlg"] != "aes256" {
				t.Errorf("ipsec.IkeConfig %v", c["IkeConfig"])
			}
		},
	}, {
		name: "created without waiting", args: cat([]string{"--no-input", "--no-wait"}, required()), code: 0,
		check: func(t *testing.T, m map[string]any) {
			if m["ok"] != true || m["waited"] != false {
				t.Errorf("%v", m)
			}
			if id, _ := obj(t, m, "result")["IpsecServerId"].(string); !strings.HasPrefix(id, "iss-") {
				t.Errorf("IpsecServerId %q", id)
			}
			if obj(t, m, "client")["pskSource"] != "service" {
				t.Errorf("pskSource %v", m["client"])
			}
		},
	}, {
		name: "dry run passed", args: cat([]string{"--no-input", "--dry-run"}, required()), code: 0,
		check: func(t *testing.T, m map[string]any) {
			if m["ok"] != true || m["dryRun"] != true || m["dryRunPassed"] != true {
				t.Errorf("%v", m)
			}
			res := obj(t, m, "result")
			hasKeys(t, "result", res, "VpnGatewayId", "RegionId", "RequestId")
			if _, ok := res["IpsecServerId"]; ok {
				t.Errorf("a dry run reports a server id: %v", res)
			}
		},
	}, {
		name: "API error", args: cat([]string{"--no-input", "--client-token", "another-run"}, gwArgs(sandbox.GatewayHasServer)), code: 1,
		check: func(t *testing.T, m map[string]any) {
			e := obj(t, m, "error")
			hasKeys(t, "error", e, "code", "message", "explanation", "remedy", "requestId")
			if m["ok"] != false || e["code"] != "OperationFailed.IPsecServerExist" || e["requestId"] == "" {
				t.Errorf("%v", m)
			}
		},
	}, {
		name: "wait timeout", settle: 30 * time.Second, args: cat([]string{"--no-input", "--wait-timeout", "600ms"}, required()), code: 1,
		check: func(t *testing.T, m map[string]any) {
			if m["ok"] != false || m["waited"] != true {
				t.Errorf("%v", m)
			}
			hasKeys(t, "top", m, "result", "error", "next")
			hasKeys(t, "error", obj(t, m, "error"), "code", "message", "explanation", "remedy")
		},
	}, {
		name: "credentials missing", env: func(sb *testSandbox, home string) []string { return cleanEnv(home) },
		args: cat([]string{"--no-input"}, required()), code: 4,
		check: func(t *testing.T, m map[string]any) {
			if e := obj(t, m, "error"); e["code"] != "CredentialsMissing" {
				t.Errorf("%v", e)
			}
		},
	}, {
		name: "status of a gateway", args: []string{"status", readyGW}, code: 0,
		check: func(t *testing.T, m map[string]any) {
			hasKeys(t, "top", m, "ok", "gateway", "polls", "elapsed")
			if gw := obj(t, m, "gateway"); gw["Status"] != "active" || gw["VpnGatewayId"] != readyGW || gw["InternetIp"] != "203.0.113.10" {
				t.Errorf("gateway %v", gw)
			}
		},
	}, {
		name: "status of no gateway", args: []string{"status", "vpn-sandbox-nope"}, code: 1,
		check: func(t *testing.T, m map[string]any) {
			if e := obj(t, m, "error"); e["code"] != "InvalidVpnGatewayInstanceId.NotFound" {
				t.Errorf("%v", e)
			}
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			settle := tc.settle
			if settle == 0 {
				settle = 300 * time.Millisecond
			}
			sb := newSandbox(t, settle)
			dir := t.TempDir()
			env := sb.env(dir)
			if tc.env != nil {
				env = tc.env(sb, dir)
			}
			r := runCLI(t, canaryPsk, env, sb.args(append([]string{"--output", "json"}, tc.args...)...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			tc.check(t, decodeOne(t, r.stdout))
			if strings.Contains(r.stdout, "Psk\"") || strings.Contains(r.stdout, canaryPsk) {
				t.Errorf("the JSON holds a key:\n%s", r.stdout)
			}
		})
	}
}

// --- status ---

func TestStatusWithoutTerminal(t *testing.T) {
	t.Parallel()
	line := regexp.MustCompile(`^\d\d:\d\d:\d\d  (vpn-[a-z-]+)  (active|updating) \(check \d+, [0-9.]+m?s\)$`)
	cases := []struct {
		name  string
		args  []string
		code  int
		lines []string // the statuses of stderr's transition lines, in order
		want  []string
	}{
		{name: "active gateway", args: []string{"status", readyGW}, code: 0, lines: []string{"active"},
			want: []string{"vpn-sandbox-ready (ready-hz) is active", "public IP         203.0.113.10"}},
		{name: "--until active is the default", args: []string{"status", readyGW, "--until", "active"}, code: 0, lines: []string{"active"}},
		{name: "another region", args: []string{"--region", "cn-shanghai", "status", "vpn-sandbox-sh-ready"}, code: 0, lines: []string{"active"},
			want: []string{"198.51.100.10"}},
		{name: "timeout", args: []string{"status", "vpn-sandbox-busy", "--wait-timeout", "1s"}, code: 1, lines: []string{"updating"},
			want: []string{"gateway vpn-sandbox-busy did not settle within 1s (last status updating)", "what to do:"}},
		{name: "no such gateway", args: []string{"status", "vpn-sandbox-nope"}, code: 1,
			want: []string{"InvalidVpnGatewayInstanceId.NotFound", "No VPN gateway with this ID exists in the region."}},
		{name: "other --until", args: []string{"status", readyGW, "--until", "updating"}, code: 2, want: []string{`--until: only "active" is supported`}},
		{name: "no gateway id", args: []string{"status"}, code: 2, want: []string{"accepts 1 arg(s), received 0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			dir := t.TempDir()
			r := runCLI(t, "", sb.env(dir), sb.args(tc.args...)...)
			expect(t, r, tc.code, tc.want...)
			var got []string
			for _, l := range strings.Split(r.stderr, "\n") {
				if m := line.FindStringSubmatch(l); m != nil {
					got = append(got, m[2])
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.lines, ",") {
				t.Errorf("transition lines %v, want %v\nstderr: %s", got, tc.lines, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "\x1b") {
				t.Errorf("escape sequences without a terminal: %q", r.stderr)
			}
		})
	}
}

// status follows a change: one line when it goes updating... and one when it
// is active again.
func TestStatusFollowsAChange(t *testing.T) {
	t.Parallel()
	sb, settle := newBusySandbox(t)
	dir := t.TempDir()
	expect(t, runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait"}, required())...)...), 0)
	run := startCLI(t, "", sb.env(dir), sb.args("status", readyGW)...)
	run.waitStderr(30*time.Second, "  updating (")
	settle()
	r := run.wait(60 * time.Second)
	expect(t, r, 0, "vpn-sandbox-ready (ready-hz) is active")
	up, act := strings.Index(r.stderr, "  updating ("), strings.Index(r.stderr, "  active (")
	if up < 0 || act < up || strings.Count(r.stderr, "\n") != 2 {
		t.Errorf("want one updating line then one active line:\n%s", r.stderr)
	}
}

// waitUntil polls cond until it holds, or fails after timeout.
func waitUntil(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline.C:
			t.Fatalf("condition not met within %s", timeout)
		}
	}
}

// --- ctrl+c: 130 everywhere ---

func TestInterruptExits130(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		args  []string
		after string // on stderr before the interrupt
		json  bool
	}{
		{name: "while following a create", args: cat([]string{"--no-input"}, required()), after: "Created iss-"},
		{name: "while following a create, json", args: cat([]string{"--no-input", "--output", "json"}, required()), after: "Created iss-", json: true},
		{name: "while following status", args: []string{"status", "vpn-sandbox-busy"}, after: "vpn-sandbox-busy  updating"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 30*time.Second)
			dir := t.TempDir()
			c := startCLI(t, "", sb.env(dir), sb.args(tc.args...)...)
			c.waitStderr(20*time.Second, tc.after)
			c.interrupt()
			r := c.wait(20 * time.Second)
			if r.code != 130 {
				t.Fatalf("exit %d after ctrl+c, want 130\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			if tc.json {
				if e := obj(t, decodeOne(t, r.stdout), "error"); e["code"] != "Canceled" {
					t.Errorf("error %v", e)
				}
			}
		})
	}
}

// --- shell completion ---

func TestCompletion(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	for _, tc := range []struct{ shell, marker string }{
		{"bash", "__start_ipsecwiz"}, {"zsh", "#compdef ipsecwiz"}, {"fish", "complete -c ipsecwiz"},
	} {
		t.Run(tc.shell, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", cleanEnv(t.TempDir()), "completion", tc.shell)
			expect(t, r, 0, tc.marker)
		})
	}
	fixtureIDs := []string{"vpn-sandbox-ready", "vpn-sandbox-nossl", "vpn-sandbox-vpnconn", "vpn-sandbox-hasserver",
		"vpn-sandbox-locked", "vpn-sandbox-legacy", "vpn-sandbox-busy"}
	cases := []struct {
		name  string
		env   func(home string) []string
		args  []string
		want  []string
		avoid []string
	}{
		{name: "ike encryption", args: []string{"__complete", "--ike-enc-alg", ""}, want: []string{"aes", "aes192", "aes256", "des", "3des"}},
		{name: "ike encryption prefix", args: []string{"__complete", "create", "--ike-enc-alg", "aes2"}, want: []string{"aes256"}, avoid: []string{"aes192"}},
		{name: "every enum flag", args: []string{"__complete", "--ike-version", ""}, want: []string{"ikev1", "ikev2"}},
		{name: "ike mode", args: []string{"__complete", "create", "--ike-mode", ""}, want: []string{"main", "aggressive"}},
		{name: "ike integrity", args: []string{"__complete", "--ike-auth-alg", ""}, want: []string{"md5", "sha1", "sha256", "sha384", "sha512"}},
		{name: "ike group", args: []string{"__complete", "--ike-pfs", ""}, want: []string{"group1", "group2", "group5", "group14"}},
		{name: "ipsec encryption", args: []string{"__complete", "--ipsec-enc-alg", ""}, want: []string{"aes256"}},
		{name: "ipsec integrity", args: []string{"__complete", "--ipsec-auth-alg", ""}, want: []string{"sha256"}},
		{name: "ipsec group", args: []string{"__complete", "--ipsec-pfs", ""}, want: []string{"disabled", "group14"}},
		{name: "export", args: []string{"__complete", "--export", ""}, want: []string{"aliyun-cli", "terraform", "strongswan", "json"}},
		{name: "output", args: []string{"__complete", "--output", ""}, want: []string{"text", "json"}},
		{name: "gateway ids with --sandbox", args: []string{"__complete", "--sandbox", "--vpn-gateway-id", "vpn-"}, want: fixtureIDs},
		{name: "gateway ids with working credentials",
			env:  func(home string) []string { return sb.env(home) },
			args: []string{"__complete", "--endpoint", sb.Addr(), "create", "--vpn-gateway-id", "vpn-sandbox-r"}, want: []string{"vpn-sandbox-ready"},
			avoid: []string{"vpn-sandbox-busy"}},
		{name: "status completes gateway ids",
			env:  func(home string) []string { return sb.env(home) },
			args: []string{"__complete", "--endpoint", sb.Addr(), "status", "vpn-sandbox-b"}, want: []string{"vpn-sandbox-busy"}},
		{name: "regions", args: []string{"__complete", "--sandbox", "--region", "cn-"}, want: []string{"cn-hangzhou", "cn-shanghai"}},
		{name: "no credentials, no ids and no error", args: []string{"__complete", "--vpn-gateway-id", "vpn-"}, avoid: []string{"vpn-sandbox", "Error"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			env := cleanEnv(home)
			if tc.env != nil {
				env = tc.env(home)
			}
			r := runCLI(t, "", env, tc.args...)
			expect(t, r, 0)
			got := map[string]bool{}
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			for _, l := range lines {
				got[strings.SplitN(l, "\t", 2)[0]] = true
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("completions lack %q:\n%s", w, r.stdout)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(r.stdout, a) {
					t.Errorf("completions hold %q:\n%s", a, r.stdout)
				}
			}
			if last := lines[len(lines)-1]; last != ":4" {
				t.Errorf("directive %q, want :4 (no file completion)", last)
			}
		})
	}
}

// status on a terminal: it follows the gateway to active (exit 0), and
// ctrl+c stops the watching (exit 130). (A raw pseudo-terminal: startPTY's
// emulator trips the race detector when it is closed, see the report.)
func TestStatusOnTerminal(t *testing.T) {
	t.Parallel()
	t.Run("active", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, 300*time.Millisecond)
		p := startRawPTY(t, sb.env(t.TempDir()), sb.args("status", readyGW)...)
		if code := p.wait(20 * time.Second); code != 0 {
			t.Fatalf("exit %d\nterminal:\n%q\nstdout:\n%s", code, p.term.String(), p.stdout.String())
		}
		if out := p.stdout.String() + p.term.String(); !strings.Contains(out, "active") || strings.Contains(out, "pending") {
			t.Errorf("terminal:\n%q\nstdout:\n%s", p.term.String(), p.stdout.String())
		}
	})
	t.Run("ctrl+c", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, 300*time.Millisecond)
		p := startRawPTY(t, sb.env(t.TempDir()), sb.args("status", "vpn-sandbox-busy")...)
		p.waitTerm(20*time.Second, "updating")
		if _, err := p.ptmx.Write([]byte(keyCtrlC)); err != nil {
			t.Fatal(err)
		}
		if code := p.wait(20 * time.Second); code != 130 {
			t.Fatalf("exit %d after ctrl+c, want 130\nterminal:\n%q", code, p.term.String())
		}
	})
}

// rawPTY is ipsecwiz with a pseudo-terminal on stdin and stderr, its output
// kept as raw bytes; stdout is captured apart.
type rawPTY struct {
	t      *testing.T
	ptmx   *os.File
	term   syncBuffer
	stdout syncBuffer
	done   chan struct{}
	err    error
}

func startRawPTY(t *testing.T, env []string, args ...string) *rawPTY {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	_ = pty.Setsize(ptmx, &pty.Winsize{Cols: 100, Rows: 30})
	p := &rawPTY{t: t, ptmx: ptmx, done: make(chan struct{})}
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(env, "TERM=xterm-256color")
	cmd.Stdin, cmd.Stderr, cmd.Stdout = tty, tty, &p.stdout
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	go func() { _, _ = io.Copy(&p.term, ptmx) }()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		ptmx.Close()
	})
	return p
}

func (p *rawPTY) waitTerm(timeout time.Duration, want string) {
	p.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(p.term.String(), want) {
		select {
		case <-tick.C:
		case <-p.done:
			if !strings.Contains(p.term.String(), want) {
				p.t.Fatalf("exited (%v) before the terminal showed %q:\n%q", p.err, want, p.term.String())
			}
		case <-deadline.C:
			p.t.Fatalf("the terminal never showed %q:\n%q", want, p.term.String())
		}
	}
}

func (p *rawPTY) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return exitCode(p.err)
	case <-time.After(timeout):
		p.t.Fatalf("did not exit within %s; terminal:\n%q", timeout, p.term.String())
		return -1
	}
}

// TestCreateWaitsForABusyGateway: a gateway still applying a change (here a
// delete) is waited for, then the create goes through.
func TestCreateWaitsForABusyGateway(t *testing.T) {
	t.Parallel()
	sb, settle := newBusySandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.New(ctx, client.Options{Endpoint: sb.Addr(), Region: "cn-hangzhou",
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret}})
	if err != nil {
		t.Fatal(err)
	}
	// The gateway that already has a server loses it: it is busy until the
	// test lets it settle.
	servers, err := c.ListIpsecServers(ctx, "cn-hangzhou", "vpn-sandbox-hasserver")
	if err != nil || len(servers) != 1 {
		t.Fatalf("fixture server: %v %v", servers, err)
	}
	if _, err := c.Apply(ctx, client.Change{Kind: client.KindDelete, Server: servers[0]}); err != nil {
		t.Fatal(err)
	}
	run := startCLI(t, "", sb.env(t.TempDir()), sb.args("create", "--no-input", "--vpn-gateway-id", "vpn-sandbox-hasserver",
		"--local-subnet", "172.31.0.0/16", "--client-ip-pool", freePool, "--wait-timeout", "60s", "--no-wait")...)
	run.waitStderr(20*time.Second, "waiting until it is active")
	settle()
	r := run.wait(60 * time.Second)
	expect(t, r, 0, "waiting until it is active")
	if !strings.Contains(r.stdout, "IPsec server creation accepted") {
		t.Fatalf("no success summary:\n%s", r.stdout)
	}
	if n := len(sb.IpsecServers("cn-hangzhou", "vpn-sandbox-hasserver")); n != 1 {
		t.Fatalf("%d servers on the gateway, want the new one", n)
	}
}

// A flag of the wrong type gets an example of a valid value, like every
// other input error, and exit 2.
func TestFlagTypeErrorsGiveAnExample(t *testing.T) {
	t.Parallel()
	env := cleanEnv(t.TempDir())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "--no-input", "--wait-timeout", "1x"}, "--wait-timeout: want a duration such as 90s, 10m or 1h30m"},
		{[]string{"--ike-lifetime", "abc"}, "--ike-lifetime: want a whole number such as 86400"},
		{[]string{"sandbox", "--fault-rate", "lots"}, "--fault-rate: want a number such as 0.3"},
		{[]string{"status", "vpn-x", "--wait-timeout", "soon"}, "--wait-timeout: want a duration"},
	} {
		r := runCLI(t, "", env, tc.args...)
		expect(t, r, 2, tc.want)
	}
}
