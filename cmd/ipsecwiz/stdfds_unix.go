//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// guardStdStreams makes a lost stdout an error a write reports, so the exit
// code can say the result went nowhere: SIGPIPE is received rather than
// left to kill the process, so a write to a pipe whose reader is gone fails
// with EPIPE, the run ends with exit 1, and a create that was made is still
// named on stderr. (A descriptor closed with >&- the Go runtime reserves
// with /dev/null before main, so it cannot be reused by a connection or a
// file; stdoutClosed tells it from the user's own /dev/null.)
func guardStdStreams() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// stdoutClosed reports whether stdout was closed when the process started
// (>&-): the Go runtime then opens /dev/null read-write in its place, where
// a shell's > /dev/null opens it write-only.
func stdoutClosed() bool {
	var st unix.Stat_t
	if err := unix.Fstat(1, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != unix.Mkdev(1, 3) {
		return false
	}
	fl, err := unix.FcntlInt(1, unix.F_GETFL, 0)
	return err == nil && fl&unix.O_ACCMODE == unix.O_RDWR
}
