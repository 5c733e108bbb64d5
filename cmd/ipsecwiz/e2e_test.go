package main

import (
	"strings"
	"testing"
	"time"
)

// TestEndToEndWizardCreatesServer is a newcomer's first run: the built binary
// in a pseudo-terminal, `ipsecwiz --sandbox`, answered with real keystrokes
// and the defaults, until the gateway is active again and the summary is on
// stdout.
func TestEndToEndWizardCreatesServer(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	r := startPTY(t, cleanEnv(home), 100, 30, "--sandbox")

	r.waitFor(15*time.Second, "Step 1 of 6", "vpn-sandbox-ready")
	r.send(keyEnter) // region: cn-hangzhou
	r.send(keyEnter) // gateway: the first, vpn-sandbox-ready
	r.waitFor(10*time.Second, "Step 2 of 6", "172.16.0.0/16", "192.168.0.0/24")
	r.send(keyEnter) // local subnets, pre-filled with the VPC
	r.send(keyEnter) // client pool, pre-filled with a free /24
	r.waitFor(5*time.Second, "Step 3 of 6", "Recommended")
	r.send(keyEnter)
	r.waitFor(5*time.Second, "Step 4 of 6", "Pre-shared key")
	r.send(keyEnter) // generate a strong key here
	r.waitFor(5*time.Second, "Step 5 of 6", "Server name")
	r.send(keyEnter, keyEnter, keyEnter)
	screen := r.waitFor(5*time.Second, "Step 6 of 6", "Create the IPsec server")
	if !strings.Contains(screen, "vpn-sandbox-ready") || !strings.Contains(screen, "aes256") {
		t.Fatalf("review does not show the answers:\n%s", screen)
	}
	r.send(keyEnter)
	r.waitFor(10*time.Second, "updating")
	r.waitFor(30*time.Second, "IPsec server created")
	screen = r.waitFor(2*time.Second, "203.0.113.10")
	if strings.Contains(screen, "PSK-") {
		t.Fatalf("the result screen should mask the key:\n%s", screen)
	}
	r.send("q") // the key was generated here and is kept nowhere yet: leaving asks first
	r.waitFor(5*time.Second, "has not been shown or saved")
	r.send("q")
	if code := r.wait(10 * time.Second); code != 0 {
		t.Fatalf("exit code %d, want 0; screen:\n%s", code, r.screen())
	}
	out := r.stdoutText()
	for _, want := range []string{"IPsec server created; the gateway is active.", "iss-", "vpn-sandbox-ready", "203.0.113.10"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout summary lacks %q:\n%s", want, out)
		}
	}
	if raw := r.rawText(); strings.Contains(raw, "panic:") {
		t.Fatalf("the program panicked:\n%s", raw)
	}
}

// TestEndToEndCancelBeforeSubmit: ctrl+c on the first page sends nothing
// and exits 130 with the terminal restored.
func TestEndToEndCancelBeforeSubmit(t *testing.T) {
	t.Parallel()
	r := startPTY(t, cleanEnv(t.TempDir()), 80, 24, "--sandbox")
	r.waitFor(15*time.Second, "Step 1 of 6")
	r.send(keyCtrlC)
	if code := r.wait(10 * time.Second); code != 130 {
		t.Fatalf("exit code %d, want 130; screen:\n%s", code, r.screen())
	}
	raw := r.rawText()
	if i, j := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h"); i > j {
		t.Errorf("the cursor was left hidden")
	}
	if i, j := strings.LastIndex(raw, "\x1b[?1049h"), strings.LastIndex(raw, "\x1b[?1049l"); i > j {
		t.Errorf("the alternate screen was left on")
	}
	if out := r.stdoutText(); strings.Contains(out, "iss-") {
		t.Errorf("nothing should have been created:\n%s", out)
	}
}
