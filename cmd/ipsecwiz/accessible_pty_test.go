package main

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// echoOn reports whether the terminal echoes what is typed (the master side
// of a Linux pty reads the terminal's settings).
func (r *ptyRun) echoOn() bool {
	r.t.Helper()
	st, err := unix.IoctlGetTermios(int(r.ptmx.Fd()), unix.TCGETS)
	if err != nil {
		r.t.Fatalf("reading the terminal's settings: %v", err)
	}
	return st.Lflag&unix.ECHO != 0
}

// waitEcho waits until the terminal's echo is on (want) or off.
func (r *ptyRun) waitEcho(timeout time.Duration, want bool) {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for r.echoOn() != want {
		if time.Now().After(deadline) {
			r.t.Fatalf("the terminal's echo never turned %v; screen:\n%s", map[bool]string{true: "on", false: "off"}[want], r.screen())
		}
		time.Sleep(10 * time.Millisecond) // polling the terminal's mode, which sends no event
	}
}

// In accessible mode a key typed at the terminal is not echoed (the screen
// and the scrollback never hold it), and the echo is back once it is read.
func TestAccessibleKeyIsNotEchoed(t *testing.T) {
	t.Parallel()
	const key = "Typed-Key-Never-Shown-42"
	r := startPTY(t, cleanEnv(t.TempDir()), 100, 40, "create", "--sandbox", "--accessible", "--no-wait",
		"--vpn-gateway-id", readyGW, "--local-subnet", "172.16.0.0/16", "--client-ip-pool", "10.9.0.0/24",
		"--name", "acc", "--security-profile", "recommended")
	r.waitFor(20*time.Second, "3. Type one")
	r.send("3" + keyEnter)
	r.waitFor(10*time.Second, "Pre-shared key:")
	r.waitEcho(5*time.Second, false)
	r.send(key + keyEnter)
	r.waitFor(10*time.Second, "Pre-shared key, again:")
	r.waitEcho(5*time.Second, false)
	r.send(key + keyEnter)
	r.waitFor(10*time.Second, "Server name")
	if !r.echoOn() {
		t.Error("the echo stayed off after the key was read")
	}
	if strings.Contains(r.rawText(), key) {
		t.Fatalf("the typed key reached the terminal:\n%s", r.screen())
	}
	for range 6 {
		r.send(keyEnter)
	}
	if code := r.wait(60 * time.Second); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, r.screen())
	}
	if strings.Contains(r.rawText()+r.stdoutText(), key) {
		t.Fatal("the key was printed")
	}
}

// ctrl+c at the key's prompt ends the run with the echo back on.
func TestAccessibleKeyPromptInterrupted(t *testing.T) {
	t.Parallel()
	r := startPTY(t, cleanEnv(t.TempDir()), 100, 40, "create", "--sandbox", "--accessible", "--no-wait",
		"--vpn-gateway-id", readyGW, "--local-subnet", "172.16.0.0/16", "--client-ip-pool", "10.9.0.0/24",
		"--name", "acc", "--security-profile", "recommended")
	r.waitFor(20*time.Second, "3. Type one")
	r.send("3" + keyEnter)
	r.waitFor(10*time.Second, "Pre-shared key:")
	r.waitEcho(5*time.Second, false)
	r.send("\x03")
	if code := r.wait(20 * time.Second); code != 130 {
		t.Fatalf("exit %d; screen:\n%s", code, r.screen())
	}
	if !r.echoOn() {
		t.Errorf("ctrl+c left the terminal without echo; screen:\n%s", r.screen())
	}
}
