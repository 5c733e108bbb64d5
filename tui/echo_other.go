//go:build !linux

package tui

import "io"

// hideInput: echo control is only done on Linux; elsewhere a key typed in
// accessible mode is echoed as the terminal does.
func hideInput(io.Reader) func() (restore func()) { return nil }
