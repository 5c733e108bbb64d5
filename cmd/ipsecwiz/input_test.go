package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// What --answers and --psk-file name is bounded and must be a regular file:
// a device, a FIFO or a huge file is refused at once, with the limit or the
// rule it broke, before anything is read (each of these used to run the
// process out of memory, or block forever).
func TestInputFilesAreBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: 1 GB, no disk used
		t.Fatal(err)
	}
	f.Close()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	env := cleanEnv(t.TempDir())
	for _, tc := range []struct {
		flag, path, want string
	}{
		{"--answers", "/dev/zero", "/dev/zero is a device, not a regular file"},
		{"--psk-file", "/dev/zero", "/dev/zero is a device, not a regular file"},
		{"--psk-file", "/dev/urandom", "/dev/urandom is a device, not a regular file"},
		{"--answers", huge, "larger than the limit of 65536 bytes"},
		{"--psk-file", huge, "larger than the limit of 4096 bytes"},
		{"--answers", fifo, "is a named pipe (FIFO), not a regular file"},
		{"--psk-file", fifo, "is a named pipe (FIFO), not a regular file"},
		{"--answers", dir, "is a directory, not a regular file"},
	} {
		t.Run(tc.flag+" "+filepath.Base(tc.path), func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			r := runCLI(t, "", env, cat([]string{"--sandbox", "--no-input", tc.flag, tc.path}, required())...)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to refuse", took)
			}
			expect(t, r, 2, tc.flag+": ", tc.want)
		})
	}
	// Standard input is bounded too.
	r := runCLI(t, strings.Repeat("k", 1<<20), env, cat([]string{"--sandbox", "--no-input", "--psk-file", "-"}, required())...)
	expect(t, r, 2, "--psk-file: standard input is larger than the limit of 4096 bytes")
}

// A read of standard input that never ends (a pipe nobody writes to) ends
// on SIGTERM or SIGINT: exit 130.
func TestStdinReadEndsOnInterrupt(t *testing.T) {
	t.Parallel()
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			f, out, errOut, sigs := newTestFactory("", cleanEnv(t.TempDir()))
			pr, pw := io.Pipe()
			t.Cleanup(func() { pw.Close() })
			f.IO.In = pr
			done := make(chan int, 1)
			go func() { done <- run(cat([]string{"--sandbox", "--no-input", "--psk-file", "-"}, required()), f) }()
			// The run is reading: nothing comes, and nothing may end it but
			// the signal.
			select {
			case code := <-done:
				t.Fatalf("ended (exit %d) without input\nstdout: %s\nstderr: %s", code, out, errOut)
			case <-time.After(200 * time.Millisecond):
			}
			sigs <- sig
			select {
			case code := <-done:
				if code != 130 {
					t.Errorf("exit %d, want 130\nstderr: %s", code, errOut)
				}
				if !strings.Contains(errOut.String(), "while waiting for input") {
					t.Errorf("stderr: %s", errOut)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("the read did not end within 5s of %v", sig)
			}
		})
	}
}

// --psk-file - on a terminal prompts on stderr and reads the key without
// echo: it never reaches the screen or the scrollback, and the server gets
// it. Ctrl+C at the prompt leaves with 130 and the terminal echoing again.
func TestPskPromptOnTerminal(t *testing.T) {
	t.Parallel()
	t.Run("typed", func(t *testing.T) {
		t.Parallel()
		sb := newSandbox(t, 300*time.Millisecond)
		r := startPTY(t, sb.env(t.TempDir()), 100, 30, sb.args(cat([]string{"--no-input", "--no-wait", "--psk-file", "-"}, required())...)...)
		r.waitFor(15*time.Second, "Pre-shared key (what you type is not shown):")
		waitUntil(t, 5*time.Second, func() bool { return termiosOf(t, r.ptmx).Lflag&unix.ECHO == 0 })
		r.send(canaryPsk + keyEnter)
		if code := r.wait(30 * time.Second); code != 0 {
			t.Fatalf("exit %d\nscreen:\n%s\nstdout:\n%s", code, r.screen(), r.stdoutText())
		}
		if strings.Contains(r.rawText(), canaryPsk) || strings.Contains(r.screen(), canaryPsk) || strings.Contains(r.stdoutText(), canaryPsk) {
			t.Errorf("the key reached the terminal:\n%s", r.rawText())
		}
		if rec := sb.onlyServer(t, regionHZ, readyGW); rec.Psk != canaryPsk {
			t.Errorf("the server got the key %q", mask(rec.Psk))
		}
		if tio := termiosOf(t, r.ptmx); tio.Lflag&unix.ECHO == 0 {
			t.Error("the terminal was left without echo")
		}
	})
	t.Run("ctrl+c", func(t *testing.T) {
		t.Parallel()
		r := startPTY(t, cleanEnv(t.TempDir()), 100, 30, cat([]string{"--sandbox", "--no-input", "--psk-file", "-"}, required())...)
		r.waitFor(15*time.Second, "Pre-shared key (what you type is not shown):")
		waitUntil(t, 5*time.Second, func() bool { return termiosOf(t, r.ptmx).Lflag&unix.ECHO == 0 })
		r.send("half-typed", keyCtrlC)
		if code := r.wait(10 * time.Second); code != 130 {
			t.Fatalf("exit %d after ctrl+c at the prompt\nscreen:\n%s", code, r.screen())
		}
		if tio := termiosOf(t, r.ptmx); tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 {
			t.Errorf("the terminal was left without echo or line mode (lflag %#x)", tio.Lflag)
		}
	})
}

// termiosOf is the terminal's mode as the program set it, read from the
// test's side of the pseudo-terminal (through SyscallConn: Fd would make
// the master blocking, and its reader could then never be closed).
func termiosOf(t *testing.T, ptmx *os.File) *unix.Termios {
	t.Helper()
	rc, err := ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var (
		tio  *unix.Termios
		ierr error
	)
	if err := rc.Control(func(fd uintptr) { tio, ierr = unix.IoctlGetTermios(int(fd), unix.TCGETS) }); err != nil {
		t.Fatal(err)
	}
	if ierr != nil {
		t.Fatalf("reading the terminal's mode: %v", ierr)
	}
	return tio
}
