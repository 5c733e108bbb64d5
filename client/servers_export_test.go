package client

import "testing"

// SetServerPageSize makes ListServers (and ListIpsecServers) ask for pages of
// n until the test ends.
func SetServerPageSize(t *testing.T, n int) {
	old := ipsecServerPageSize
	ipsecServerPageSize = n
	t.Cleanup(func() { ipsecServerPageSize = old })
}

// SetLogPageSize makes the log reads ask for pages of n lines until the test
// ends.
func SetLogPageSize(t *testing.T, n int) {
	old := logPageSize
	logPageSize = n
	t.Cleanup(func() { logPageSize = old })
}
