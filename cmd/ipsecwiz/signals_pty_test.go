package main

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
	"golang.org/x/sys/unix"
)

// signalRuns is how many wizards each signal test stops.
const signalRuns = 20

// stopWizardWith starts the wizard in a pty, waits for its first page,
// sends sig from outside (as kill or timeout would) and checks it ends
// cleanly: exit 130 within a deadline, the cursor shown again after the
// last time it was hidden, the alternate screen left, and the terminal
// back in cooked mode (echo and line editing on).
func stopWizardWith(t *testing.T, sig syscall.Signal) {
	t.Helper()
	r := startPTY(t, cleanEnv(t.TempDir()), 80, 24, "--sandbox")
	r.waitFor(20*time.Second, "Step 1 of 6", "vpn-sandbox-ready")
	if err := r.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	code := r.wait(10 * time.Second)
	raw := r.rawText()
	if code != 130 {
		t.Errorf("exit %d after %v, want 130\nscreen:\n%s", code, sig, r.screen())
	}
	if hide, show := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h"); hide > show {
		t.Errorf("%v left the cursor hidden (last ESC[?25l at %d, last ESC[?25h at %d)", sig, hide, show)
	}
	if enter, leave := strings.LastIndex(raw, "\x1b[?1049h"), strings.LastIndex(raw, "\x1b[?1049l"); enter > leave {
		t.Errorf("%v left the alternate screen on", sig)
	}
	if tio := termiosOf(t, r.ptmx); tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 {
		t.Errorf("%v left the terminal raw (lflag %#x)", sig, tio.Lflag)
	}
	if strings.Contains(raw+r.stdoutText(), "goroutine ") {
		t.Errorf("%v: a crash dump:\n%s", sig, raw)
	}
}

// SIGTERM and SIGINT from outside end the wizard every time (they used to
// hang it in 10-60 % of runs, when two handlers raced for the signal), and
// SIGHUP and SIGQUIT with the terminal still open leave it as it was: each
// signal, many times, the runs at once.
func TestWizardStopsCleanlyOnEverySignal(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT} {
		runs := signalRuns
		if sig == syscall.SIGHUP || sig == syscall.SIGQUIT {
			runs = signalRuns / 4 // a race was never seen there: fewer runs
		}
		t.Run(interrupt.Name(sig), func(t *testing.T) {
			t.Parallel()
			for i := range runs {
				t.Run(fmt.Sprint(i), func(t *testing.T) {
					t.Parallel()
					slots <- struct{}{}
					defer func() { <-slots }()
					stopWizardWith(t, sig)
				})
			}
		})
	}
}

// slots bounds how many wizards the signal test runs at once: each is a
// process with its own sandbox, on a machine of two cores.
var slots = make(chan struct{}, 8)
