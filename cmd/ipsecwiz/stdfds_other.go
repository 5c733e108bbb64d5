//go:build !unix

package main

// guardStdStreams has nothing to guard where there is no SIGPIPE.
func guardStdStreams() {}

// stdoutClosed: only told apart where the Go runtime stands /dev/null in.
func stdoutClosed() bool { return false }
