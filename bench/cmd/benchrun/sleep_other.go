//go:build !linux

package main

import "time"

// sleepUntil waits until t (a Go timer: it may wake up to a millisecond late).
func sleepUntil(t time.Time) { time.Sleep(time.Until(t)) }
