package main

import (
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
)

// IOStreams are a command's standard streams and what they are connected
// to, as gh's iostreams are: commands never touch os.Std* themselves, so a
// test can run one in-process with buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// What the streams are: terminals get the wizard, the live view and
	// prompts; anything else gets plain lines.
	StdinTTY, StdoutTTY, StderrTTY bool
	// StdoutClosed: stdout was closed before the run (>&-).
	StdoutClosed bool
}

// errStdoutClosed is what writing a command's product to a closed stdout
// says.
var errStdoutClosed = errors.New("standard output was closed (>&-): redirect it to a file, or to /dev/null to discard it")

// Product is where a command's product goes (a list, a server, a log, an
// export, a status): Out, or a writer that fails when stdout was closed, so
// the run cannot end with exit 0 and nothing written. A change's summary
// still goes to Out: the change's own outcome decides its exit code.
func (s *IOStreams) Product() io.Writer {
	if s.StdoutClosed {
		return failingWriter{errStdoutClosed}
	}
	return s.Out
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// CanPrompt reports whether the user can be asked: input from a terminal
// and a terminal to draw on (the UI draws on stderr).
func (s *IOStreams) CanPrompt() bool { return s.StdinTTY && s.StderrTTY }

// Factory is what every command gets its streams, environment, signals and
// clock from: one value, so a command runs the same in the process and in a
// test.
type Factory struct {
	IO     *IOStreams
	Getenv func(string) string // the environment; tests pass their own
	// Signals carries SIGINT, SIGTERM, SIGHUP and SIGQUIT. Exactly one part
	// of a run reads it (the TUI, or a command's interrupt handling), so no
	// two handlers race for a signal.
	Signals <-chan os.Signal
	Now     func() time.Time
}

// systemFactory is the process's own streams, environment and signals.
func systemFactory() *Factory {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	return &Factory{
		IO: &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
			StdinTTY: isTerminal(os.Stdin), StdoutTTY: isTerminal(os.Stdout), StderrTTY: isTerminal(os.Stderr),
			StdoutClosed: stdoutClosed()},
		Getenv:  os.Getenv,
		Signals: sig,
		Now:     time.Now,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
