//go:build !unix

package main

// guardStdStreams has nothing to guard where there is no SIGPIPE.
func guardStdStreams() {}
