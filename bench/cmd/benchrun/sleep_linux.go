package main

import (
	"syscall"
	"time"
)

// sleepUntil blocks the calling thread in nanosleep(2) until t: precise to
// tens of microseconds, unlike a Go timer in an idle process.
func sleepUntil(t time.Time) {
	for {
		w := time.Until(t)
		if w <= 0 {
			return
		}
		ts := syscall.NsecToTimespec(int64(w))
		_ = syscall.Nanosleep(&ts, nil) // EINTR: go round again
	}
}
