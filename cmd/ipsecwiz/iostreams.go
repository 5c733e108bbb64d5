package main

import (
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
}

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
			StdinTTY: isTerminal(os.Stdin), StdoutTTY: isTerminal(os.Stdout), StderrTTY: isTerminal(os.Stderr)},
		Getenv:  os.Getenv,
		Signals: sig,
		Now:     time.Now,
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
