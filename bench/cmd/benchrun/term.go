package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyCtrlC = "\x03"
)

// term is ipsecwiz running in a pseudo-terminal, its screen kept by a
// terminal emulator as a person would see it.
type term struct {
	cmd   *exec.Cmd
	ptmx  *os.File
	start time.Time

	mu      sync.Mutex
	emu     *vt.Emulator
	raw     bytes.Buffer
	markers []string  // the screen to watch for, see firstSeen
	seen    time.Time // when the screen first showed every marker

	done chan struct{}
	err  error
}

// startTerm starts bin with args in a cols x rows pseudo-terminal (stdin,
// stdout and stderr all on it). Each time output arrives the screen is
// checked for every string of markers; seenAt reports the first time.
func startTerm(bin string, env []string, cols, rows int, markers []string, args ...string) (*term, error) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		return nil, err
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		ptmx.Close()
		tty.Close()
		return nil, err
	}
	t := &term{ptmx: ptmx, emu: vt.NewEmulator(cols, rows), markers: markers, done: make(chan struct{})}
	t.cmd = exec.Command(bin, args...)
	t.cmd.Env = append(env, "TERM=xterm-256color")
	for _, kv := range env { // run in HOME: files the program writes stay there
		if h, ok := strings.CutPrefix(kv, "HOME="); ok {
			t.cmd.Dir = h
		}
	}
	t.cmd.Stdin, t.cmd.Stdout, t.cmd.Stderr = tty, tty, tty
	t.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	t.start = time.Now()
	if err := t.cmd.Start(); err != nil {
		ptmx.Close()
		tty.Close()
		return nil, err
	}
	tty.Close()
	go t.read()
	// The terminal's answers to the program's queries go back as input.
	go func() { _, _ = io.Copy(ptmx, t.emu) }()
	go func() {
		t.err = t.cmd.Wait()
		close(t.done)
	}()
	return t, nil
}

func (t *term) read() {
	buf := make([]byte, 32*1024)
	for {
		n, err := t.ptmx.Read(buf)
		if n > 0 {
			now := time.Now()
			t.mu.Lock()
			_, _ = t.emu.Write(buf[:n])
			t.raw.Write(buf[:n])
			if t.seen.IsZero() && len(t.markers) > 0 && containsAll(t.emu.String(), t.markers) {
				t.seen = now
			}
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// seenAt is when the screen first showed every marker (zero: not yet).
func (t *term) seenAt() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seen
}

func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// waitFor waits until the screen shows every one of want.
func (t *term) waitFor(timeout time.Duration, want ...string) error {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if containsAll(t.screen(), want) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the screen never showed %q within %s; it shows:\n%s", want, timeout, t.screen())
		}
		select {
		case <-tick.C:
		case <-t.done:
			if containsAll(t.screen(), want) {
				return nil
			}
			return fmt.Errorf("ipsecwiz exited (%v) before the screen showed %q; it shows:\n%s", t.err, want, t.screen())
		}
	}
}

func (t *term) send(keys ...string) error {
	for _, k := range keys {
		if _, err := t.ptmx.Write([]byte(k)); err != nil {
			return err
		}
	}
	return nil
}

// close kills the program if it still runs and releases the terminal.
func (t *term) close() {
	select {
	case <-t.done:
	default:
		_ = t.cmd.Process.Kill()
		<-t.done
	}
	_ = t.emu.Close()
	t.ptmx.Close()
}

// rssKB reads VmRSS of the process from /proc.
func (t *term) rssKB() (int, error) {
	return rssKB(t.cmd.Process.Pid)
}

func rssKB(pid int) (int, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				return strconv.Atoi(f[0])
			}
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// childEnv is a clean environment: a temporary HOME, no credentials, no
// proxies, no colour settings from the machine running the benchmark.
func childEnv(home string, extra ...string) []string {
	return append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}, extra...)
}

// sandboxCreds are the environment credentials of the sandbox's full-rights key.
var sandboxCreds = []string{"ALIBABA_CLOUD_ACCESS_KEY_ID=sandbox", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=sandbox-secret"}

// wizardToTracking drives the wizard with its defaults on vpn-sandbox-ready
// from the first page to the tracking screen: the keys a person presses.
func wizardToTracking(t *term, timeout time.Duration) error {
	steps := []struct {
		want []string
		keys []string
	}{
		{[]string{"Step 1 of 6", "vpn-sandbox-ready"}, []string{keyEnter}}, // region: the default
		{[]string{"┃ > ready-hz"}, []string{keyEnter}},                     // gateway: the first, ready
		{[]string{"Step 2 of 6", "192.168.0.0/24"}, []string{keyEnter, keyEnter}},
		{[]string{"Step 3 of 6"}, []string{keyEnter}},                     // recommended profile
		{[]string{"Step 4 of 6"}, []string{keyEnter}},                     // generate the key here
		{[]string{"Step 5 of 6"}, []string{keyEnter, keyEnter, keyEnter}}, // name, options
		{[]string{"Step 6 of 6", "Create the IPsec server"}, []string{keyEnter}},
	}
	for _, s := range steps {
		if err := t.waitFor(timeout, s.want...); err != nil {
			return err
		}
		if err := t.send(s.keys...); err != nil {
			return err
		}
	}
	return t.waitFor(timeout, "Creating iss-")
}
