//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// guardStdStreams makes a lost stdout an error a write reports, so the exit
// code can say the result went nowhere: SIGPIPE is received rather than
// left to kill the process, so a write to a pipe whose reader is gone fails
// with EPIPE, the run ends with exit 1, and a create that was made is still
// named on stderr. (A descriptor closed with >&- needs nothing here: the Go
// runtime reserves it with /dev/null before main, so it cannot be reused by
// a connection or a file, and it reads as the user's /dev/null.)
func guardStdStreams() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}
