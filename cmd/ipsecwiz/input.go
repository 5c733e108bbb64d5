package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/charmbracelet/x/term"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// What ipsecwiz reads from a file or stdin is bounded before it is read,
// so /dev/zero, /dev/urandom or a huge file cannot run the process out of
// memory; what is not a regular file (a FIFO, a device) is refused before a
// read could block; and a read of stdin ends on an interrupt.

// maxPskInput bounds --psk-file: a key is at most 100 characters.
const maxPskInput = 4096

// readInputFile reads path for flag: a regular file of at most limit bytes.
// It is opened without blocking, so a FIFO is refused instead of waited on.
func readInputFile(flag, path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, usageErrorf("%s: %v", flag, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, usageErrorf("%s: %v", flag, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, usageErrorf("%s: %s is %s, not a regular file: give a file, or for the key pass - and redirect it, e.g. --psk-file - < key.txt",
			flag, path, describeMode(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, tooLarge(flag, path, limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, usageErrorf("%s: %v", flag, err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(flag, path, limit) // it grew while being read
	}
	return b, nil
}

func tooLarge(flag, path string, limit int64) error {
	what := "an answers file is a few hundred bytes"
	if flag == "--psk-file" {
		what = "a pre-shared key is 1 to 100 characters"
	}
	return usageErrorf("%s: %s is larger than the limit of %d bytes (%s)", flag, describePath(path), limit, what)
}

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a plain file"
}

// readStdin reads at most limit bytes of in for flag; an interrupt (SIGINT,
// SIGTERM, SIGHUP, SIGQUIT) ends the wait, since a read of a pipe nobody
// writes to would otherwise never end.
func (f *Factory) readStdin(flag string, in io.Reader, limit int64) ([]byte, error) {
	return f.untilSignal(func() ([]byte, error) {
		b, err := io.ReadAll(io.LimitReader(in, limit+1))
		if err != nil {
			return nil, usageErrorf("%s: reading standard input: %v", flag, err)
		}
		if int64(len(b)) > limit {
			return nil, tooLarge(flag, "-", limit)
		}
		return b, nil
	}, nil)
}

// readHidden prompts on stderr and reads one line from the terminal on
// stdin without echoing it, so a key typed there stays out of the
// scrollback. The terminal's mode is restored on every way out.
func (f *Factory) readHidden(flag, prompt string, limit int) ([]byte, error) {
	file, ok := f.IO.In.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(file.Fd()) {
		return nil, usageErrorf("%s -: standard input is not a terminal that can hide what is typed: redirect the key instead, e.g. %s - < key.txt", flag, flag)
	}
	fd := file.Fd()
	state, err := term.GetState(fd)
	if err != nil {
		return nil, usageErrorf("%s -: cannot read the terminal's mode (%v): redirect the key instead, e.g. %s - < key.txt", flag, err, flag)
	}
	fmt.Fprint(f.IO.ErrOut, prompt)
	b, err := f.untilSignal(func() ([]byte, error) {
		b, err := term.ReadPassword(fd)
		if err != nil {
			return nil, usageErrorf("%s: reading the terminal: %v", flag, err)
		}
		return b, nil
	}, func() { _ = term.Restore(fd, state) })
	fmt.Fprintln(f.IO.ErrOut) // the Enter typed was not echoed
	if err == nil && len(b) > limit {
		return nil, tooLarge(flag, "-", int64(limit))
	}
	return b, err
}

// untilSignal runs read, returning early with an interrupted error (exit
// 130) when a signal comes first; onSignal undoes what read changed. The
// read is left behind blocked: the run is ending.
func (f *Factory) untilSignal(read func() ([]byte, error), onSignal func()) ([]byte, error) {
	type answer struct {
		b   []byte
		err error
	}
	done := make(chan answer, 1)
	go func() {
		b, err := read()
		done <- answer{b, err}
	}()
	select {
	case a := <-done:
		return a.b, a.err
	case sig := <-f.Signals:
		if onSignal != nil {
			onSignal()
		}
		e := &client.InterruptedError{Signal: interrupt.Name(sig)}
		return nil, &exitError{code: client.ExitCanceled, err: fmt.Errorf("%w while waiting for input", e)}
	}
}
