//go:build linux

package tui

import (
	"io"

	"golang.org/x/sys/unix"
)

// hideInput is forms.AccessibleHooks.HideInput for in: while a key is
// typed the terminal stops echoing (lines and signals work as before), and
// the returned func puts the echo back. nil when in is no terminal.
func hideInput(in io.Reader) func() (restore func()) {
	f, ok := in.(interface{ Fd() uintptr })
	if !ok {
		return nil
	}
	fd := int(f.Fd())
	if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
		return nil
	}
	return func() func() {
		was, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		if err != nil {
			return func() {}
		}
		quiet := *was
		quiet.Lflag &^= unix.ECHO
		if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
			return func() {}
		}
		return func() { _ = unix.IoctlSetTermios(fd, unix.TCSETS, was) }
	}
}
