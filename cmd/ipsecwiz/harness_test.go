package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// binPath is the ipsecwiz binary built once for the end-to-end tests.
var binPath string

func TestMain(m *testing.M) {
	// The tests spend their time waiting on sandboxes, ptys and the
	// gateway's rhythm, not computing: run more of them at once than the
	// default of one per core, unless -parallel says otherwise.
	flag.Parse()
	if !flagSet("test.parallel") {
		_ = flag.Set("test.parallel", "12")
	}
	dir, err := os.MkdirTemp("", "ipsecwiz-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "ipsecwiz")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building ipsecwiz:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cleanEnv is the environment for a child: no credentials, no proxy and no
// colour settings leak in from the machine running the tests.
func cleanEnv(home string, extra ...string) []string {
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
	return append(env, extra...)
}

// result is a finished run of the binary.
type result struct {
	code   int
	stdout string
	stderr string
}

// runBinary runs ipsecwiz without a terminal and waits for it (bounded).
func runBinary(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir() // a file written by default lands here
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return result{code: exitCode(err), stdout: out.String(), stderr: errOut.String()}
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("ipsecwiz %s did not finish in 90s\nstdout: %s\nstderr: %s", strings.Join(args, " "), out.String(), errOut.String())
		return result{}
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return -1
}

// ptyRun is ipsecwiz running in a pseudo-terminal, its screen read through a
// terminal emulator as a person would see it. Stdin and stderr are the
// terminal; stdout is captured apart, as a shell redirect would.
type ptyRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	ptmx   *os.File
	mu     sync.Mutex
	emu    *vt.Emulator
	raw    bytes.Buffer // everything drawn, for diagnostics
	stdout bytes.Buffer
	outMu  sync.Mutex
	done   chan struct{}
	err    error
	// drained is closed once everything the program wrote to the terminal
	// has been read (it ended and the terminal reported end of file).
	drained chan struct{}
}

func startPTY(t *testing.T, env []string, cols, rows int, args ...string) *ptyRun {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		t.Fatal(err)
	}
	r := &ptyRun{t: t, ptmx: ptmx, emu: vt.NewEmulator(cols, rows), done: make(chan struct{}), drained: make(chan struct{})}
	r.cmd = exec.Command(binPath, args...)
	r.cmd.Env = append(env, "TERM=xterm-256color")
	r.cmd.Dir = t.TempDir() // files the result screen writes stay there
	r.cmd.Stdin, r.cmd.Stderr = tty, tty
	r.cmd.Stdout = writerFunc(func(p []byte) (int, error) {
		r.outMu.Lock()
		defer r.outMu.Unlock()
		return r.stdout.Write(p)
	})
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	// The screen: what the program draws goes through the emulator.
	go func() {
		defer close(r.drained)
		buf := make([]byte, 32*1024)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				r.mu.Lock()
				_, _ = r.emu.Write(buf[:n])
				r.raw.Write(buf[:n])
				r.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	// The terminal's answers to the program's queries go back as input.
	go func() { _, _ = io.Copy(ptmx, r.emu) }()
	go func() {
		r.err = r.cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = r.cmd.Process.Kill()
			<-r.done
		}
		// The emulator is not closed: vt v0.1.0 races between Close and a
		// Read in progress, and the reply goroutine is parked in that Read
		// until the test binary ends.
		ptmx.Close()
		<-r.drained
	})
	return r
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// screen is the visible text of the terminal now.
func (r *ptyRun) screen() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.emu.String()
}

// waitFor waits until the screen shows every one of want, or fails.
func (r *ptyRun) waitFor(timeout time.Duration, want ...string) string {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		s := r.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("screen never showed %q within %s; it shows:\n%s", want, timeout, s)
		}
		select {
		case <-tick.C:
		case <-r.done:
			if s := r.screen(); !containsAll(s, want) {
				r.t.Fatalf("ipsecwiz exited (%v) before the screen showed %q; it shows:\n%s\nstdout:\n%s", r.err, want, s, r.stdoutText())
			}
		}
	}
}

func containsAll(s string, want []string) bool {
	for _, w := range want {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// send types keys as a person would: text, or escape sequences for keys.
func (r *ptyRun) send(keys ...string) {
	r.t.Helper()
	for _, k := range keys {
		if _, err := r.ptmx.Write([]byte(k)); err != nil {
			r.t.Fatalf("typing %q: %v", k, err)
		}
	}
}

func (r *ptyRun) resize(cols, rows int) {
	r.mu.Lock()
	r.emu.Resize(cols, rows)
	r.mu.Unlock()
	_ = pty.Setsize(r.ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
}

// wait waits for the process to end, and for the terminal to hand over
// everything it wrote, and returns its exit code.
func (r *ptyRun) wait(timeout time.Duration) int {
	r.t.Helper()
	deadline := time.After(timeout)
	select {
	case <-r.done:
	case <-deadline:
		r.t.Fatalf("ipsecwiz did not exit within %s; screen:\n%s", timeout, r.screen())
	}
	select {
	case <-r.drained:
	case <-deadline:
		r.t.Fatalf("the terminal did not report end of file within %s of the start of wait", timeout)
	}
	return exitCode(r.err)
}

func (r *ptyRun) stdoutText() string {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	return r.stdout.String()
}

func (r *ptyRun) rawText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.raw.String()
}

// Keys as a terminal sends them.
const (
	keyEnter     = "\r"
	keyTab       = "\t"
	keyShiftTab  = "\x1b[Z"
	keyEsc       = "\x1b"
	keyCtrlC     = "\x03"
	keyDown      = "\x1b[B"
	keyUp        = "\x1b[A"
	keyBackspace = "\x7f"
)

// --- in-process runs ---

// envMap turns a child's environment ("K=V" entries) into the Getenv of an
// in-process run.
func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

// newTestFactory is a factory for an in-process run: stdin from in, stdout
// and stderr into buffers, env as the whole environment, no terminal, and
// signals the test sends on sig.
func newTestFactory(stdin string, env []string) (f *Factory, out, errOut *syncBuffer, sig chan os.Signal) {
	out, errOut = &syncBuffer{}, &syncBuffer{}
	sig = make(chan os.Signal, 4)
	m := envMap(env)
	return &Factory{
		IO:      &IOStreams{In: strings.NewReader(stdin), Out: out, ErrOut: errOut},
		Getenv:  func(k string) string { return m[k] },
		Signals: sig,
		Now:     time.Now,
	}, out, errOut, sig
}

// runCLI runs ipsecwiz in the test process: the same command tree as the
// binary, with the streams, environment and signals of a test factory.
func runCLI(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	c := startCLI(t, stdin, env, args...)
	return c.wait(90 * time.Second)
}

// cliRun is an in-process run in the background, its output readable while
// it runs and its signals sent by the test.
type cliRun struct {
	t      *testing.T
	out    *syncBuffer
	errOut *syncBuffer
	sig    chan os.Signal
	done   chan struct{}
	code   int
}

func startCLI(t *testing.T, stdin string, env []string, args ...string) *cliRun {
	t.Helper()
	f, out, errOut, sig := newTestFactory(stdin, env)
	c := &cliRun{t: t, out: out, errOut: errOut, sig: sig, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		c.code = run(args, f)
	}()
	return c
}

// waitStderr waits until stderr contains want, or fails.
func (c *cliRun) waitStderr(timeout time.Duration, want string) {
	c.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(c.errOut.String(), want) {
		select {
		case <-tick.C:
		case <-c.done:
			if !strings.Contains(c.errOut.String(), want) {
				c.t.Fatalf("ipsecwiz ended (exit %d) before stderr showed %q\nstdout: %s\nstderr: %s", c.code, want, c.out.String(), c.errOut.String())
			}
		case <-deadline.C:
			c.t.Fatalf("stderr never showed %q within %s\nstderr: %s", want, timeout, c.errOut.String())
		}
	}
}

// signal sends sig as the process's handler would deliver it.
func (c *cliRun) signal(sig os.Signal) { c.sig <- sig }

func (c *cliRun) interrupt() { c.signal(syscall.SIGINT) }

func (c *cliRun) wait(timeout time.Duration) result {
	c.t.Helper()
	select {
	case <-c.done:
	case <-time.After(timeout):
		c.t.Fatalf("ipsecwiz did not end within %s\nstdout: %s\nstderr: %s", timeout, c.out.String(), c.errOut.String())
	}
	return result{code: c.code, stdout: c.out.String(), stderr: c.errOut.String()}
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
