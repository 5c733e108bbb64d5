package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// slowSandbox answers every call after latency (it acts first, then waits):
// a create is made on the sandbox while its answer is still on the way.
func slowSandbox(t *testing.T, latency time.Duration) *testSandbox {
	t.Helper()
	log := &syncBuffer{}
	srv, err := sandbox.New(sandbox.Config{Settle: time.Second, UpdatingDelay: 50 * time.Millisecond, Latency: latency, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &testSandbox{Server: srv, log: log}
}

var tokenRe = regexp.MustCompile(`ClientToken ([0-9a-f-]{36})`)

// An interrupt while CreateIpsecServer is on the wire does not abandon it:
// the run says it waits for the answer and that a second interrupt leaves,
// naming the gateway and the ClientToken; the answer then tells the truth
// (the server was created: its id).
func TestNoInputInterruptWaitsForTheCreate(t *testing.T) {
	t.Parallel()
	sb := slowSandbox(t, 2*time.Second)
	dir := t.TempDir()
	c := startCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait"}, required())...)...)
	c.waitStderr(20*time.Second, "Sending CreateIpsecServer")
	c.interrupt()
	c.waitStderr(5*time.Second, "waiting for the answer of CreateIpsecServer on "+readyGW)
	r := c.wait(20 * time.Second)
	if r.code != 130 {
		t.Fatalf("exit %d, want 130\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	rec := sb.onlyServer(t, regionHZ, readyGW)
	all := r.stdout + r.stderr
	m := tokenRe.FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("the wait message names no ClientToken:\n%s", r.stderr)
	}
	for _, want := range []string{"Interrupt again to leave", rec.IpsecServerId, m[1], "ipsecwiz status " + readyGW, "--endpoint " + sb.Addr()} {
		if !strings.Contains(all, want) {
			t.Errorf("the outcome lacks %q\nstdout: %s\nstderr: %s", want, r.stdout, r.stderr)
		}
	}
	for _, bad := range []string{"GATEWAY_ID", "context canceled", "before it finished"} {
		if strings.Contains(all, bad) {
			t.Errorf("the outcome says %q\nstdout: %s\nstderr: %s", bad, r.stdout, r.stderr)
		}
	}
}

// A second interrupt leaves without the answer: the outcome says the server
// may have been created, names the gateway and the ClientToken, and gives
// the commands that check it and that repeat the create with that token.
func TestNoInputSecondInterruptLeavesHonestly(t *testing.T) {
	t.Parallel()
	sb := slowSandbox(t, 3*time.Second)
	dir := t.TempDir()
	args := sb.args(cat([]string{"--no-input", "--no-wait", "--output", "json"}, required())...)
	c := startCLI(t, "", sb.env(dir), args...)
	c.waitStderr(20*time.Second, "Sending CreateIpsecServer")
	c.interrupt()
	c.waitStderr(5*time.Second, "Interrupt again to leave")
	c.interrupt()
	r := c.wait(3 * time.Second) // well before the answer
	if r.code != 130 {
		t.Fatalf("exit %d, want 130\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	m := decodeOne(t, r.stdout)
	token, _ := m["clientToken"].(string)
	if m["mayHaveBeenMade"] != true || token == "" || !strings.Contains(r.stderr, token) {
		t.Fatalf("JSON %v", m)
	}
	next := strings.Join(func() (out []string) {
		for _, n := range m["next"].([]any) {
			out = append(out, n.(string))
		}
		return out
	}(), "\n")
	for _, want := range []string{"ipsecwiz status " + readyGW + " --region " + regionHZ + " --endpoint " + sb.Addr(),
		"--client-token " + token, "ListIpsecServers"} {
		if !strings.Contains(next, want) {
			t.Errorf("next steps lack %q:\n%s", want, next)
		}
	}
	// The create did reach the service: the repeat with the same token
	// finds that server instead of making a second one.
	waitUntil(t, 10*time.Second, func() bool { return len(sb.IpsecServers(regionHZ, readyGW)) == 1 })
	again := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait", "--client-token", token}, required())...)...)
	rec := sb.onlyServer(t, regionHZ, readyGW)
	if again.code != 0 || !strings.Contains(again.stdout, rec.IpsecServerId) {
		t.Errorf("repeating with the token: exit %d\nstdout: %s\nstderr: %s", again.code, again.stdout, again.stderr)
	}
}

// Every command ipsecwiz suggests reaches the endpoint, profile and region
// the run used; with --sandbox it says that sandbox ended with the run.
func TestResumeHintsReachTheSameEndpoint(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	dir := t.TempDir()
	r := runCLI(t, "", sb.env(dir), sb.args(cat([]string{"--no-input", "--no-wait"}, required())...)...)
	expect(t, r, 0, "ipsecwiz status "+readyGW+" --region "+regionHZ+" --endpoint "+sb.Addr())

	r = runCLI(t, "", cleanEnv(dir), cat([]string{"--sandbox", "--no-input", "--no-wait"}, required())...)
	expect(t, r, 0, "ipsecwiz status "+readyGW+" --region "+regionHZ+" --sandbox", "ended with the run")

	r = runCLI(t, "", cleanEnv(dir), cat([]string{"--sandbox", "--region", "cn-shanghai", "--no-input", "--no-wait",
		"--vpn-gateway-id", "vpn-sandbox-sh-ready", "--local-subnet", "172.30.0.0/16", "--client-ip-pool", "192.168.0.0/24"})...)
	expect(t, r, 0, "ipsecwiz status vpn-sandbox-sh-ready --region cn-shanghai --sandbox")
}
