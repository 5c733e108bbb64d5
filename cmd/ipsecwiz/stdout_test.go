package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// runWithStdout runs the binary with stdout on a full device, a pipe
// nobody reads, closed, or /dev/null (""), and returns its exit code and
// stderr.
func runWithStdout(t *testing.T, stdout string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	if stdout == "closed" {
		// As a shell's >&- leaves it: no descriptor 1 at all.
		cmd = exec.Command("/bin/sh", append([]string{"-c", `exec "$0" "$@" >&-`, binPath}, args...)...)
	}
	cmd.Env = env
	cmd.Dir = t.TempDir()
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	switch stdout {
	case "/dev/full":
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("no /dev/full here: %v", err)
		}
		defer f.Close()
		cmd.Stdout = f
	case "broken pipe":
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close() // nobody will ever read: every write is EPIPE
		defer w.Close()
		cmd.Stdout = w
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitCode(err), errOut.String()
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("did not end within 60s\nstderr: %s", errOut.String())
		return 0, ""
	}
}

// When stdout cannot take the result (a full disk, a pipe whose reader is
// gone) the exit code says the run did not end as
// asked (1, never 0, never "nothing was sent" after a create), and what
// was done is named on stderr.
func TestLostStdoutIsAFailure(t *testing.T) {
	t.Parallel()
	for _, out := range []string{"/dev/full", "broken pipe"} {
		t.Run(strings.ReplaceAll(out, "/", ""), func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			home := t.TempDir()
			psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)

			code, stderr := runWithStdout(t, out, sb.env(home), sb.args(cat([]string{"--no-input", "--no-wait", "--psk-file", psk}, required())...)...)
			rec := sb.onlyServer(t, regionHZ, readyGW)
			if code != 1 || !strings.Contains(stderr, "could not be written to standard output") ||
				!strings.Contains(stderr, "IPsec server "+rec.IpsecServerId+" was created on "+readyGW) {
				t.Errorf("create: exit %d, want 1 naming the server\nstderr: %s", code, stderr)
			}

			code, stderr = runWithStdout(t, out, sb.env(home), sb.args(cat([]string{"--export", "terraform", "--vpn-gateway-id", "vpn-sandbox-nossl"},
				required()[2:])...)...)
			if code != 1 || !strings.Contains(stderr, "the export could not be written to standard output") {
				t.Errorf("--export terraform: exit %d, want 1\nstderr: %s", code, stderr)
			}

			code, stderr = runWithStdout(t, out, sb.env(home), sb.args("status", "vpn-sandbox-nossl")...)
			if code != 1 || !strings.Contains(stderr, "could not be written to standard output") {
				t.Errorf("status: exit %d, want 1\nstderr: %s", code, stderr)
			}

			code, stderr = runWithStdout(t, out, sb.env(home), sb.args("status", "vpn-sandbox-nossl", "--output", "json")...)
			if code != 1 || !strings.Contains(stderr, "could not be written to standard output") {
				t.Errorf("status --output json: exit %d, want 1\nstderr: %s", code, stderr)
			}
		})
	}
}

// A stdout closed with >&- is told from > /dev/null (the Go runtime stands
// /dev/null in for it, read-write): a product (an export, a list) written
// there fails with exit 1 saying so, while /dev/null takes it; a create's
// outcome is still the create's own.
func TestClosedStdoutIsNotDevNull(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	home := t.TempDir()
	export := sb.args(cat([]string{"--export", "terraform", "--vpn-gateway-id", "vpn-sandbox-nossl"}, required()[2:])...)
	code, stderr := runWithStdout(t, "closed", sb.env(home), export...)
	if code != 1 || !strings.Contains(stderr, "standard output was closed (>&-)") {
		t.Errorf("--export terraform >&-: exit %d, want 1 saying stdout was closed\nstderr: %s", code, stderr)
	}
	if code, stderr = runWithStdout(t, "", sb.env(home), export...); code != 0 {
		t.Errorf("--export terraform > /dev/null: exit %d, want 0\nstderr: %s", code, stderr)
	}
	if code, stderr = runWithStdout(t, "closed", sb.env(home), sb.args("list")...); code != 1 || !strings.Contains(stderr, "standard output was closed") {
		t.Errorf("list >&-: exit %d, want 1\nstderr: %s", code, stderr)
	}
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	code, stderr = runWithStdout(t, "closed", sb.env(home), sb.args(cat([]string{"--no-input", "--no-wait", "--psk-file", psk}, required())...)...)
	if rec := sb.onlyServer(t, regionHZ, readyGW); code != 0 || rec.IpsecServerId == "" {
		t.Errorf("create >&-: exit %d, want 0 (the create was made)\nstderr: %s", code, stderr)
	}
}
