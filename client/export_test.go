package client

import (
	"testing"
	"time"
)

// SetWatchPace lets tests poll faster than the real rhythm allows.
func SetWatchPace(c *Client, interval, confirmAfter time.Duration) {
	c.pace.fast, c.pace.slow, c.pace.confirmAfter = interval, interval, confirmAfter
}

// SetGatewayPageSize makes ListGateways ask for pages of n until the test ends.
func SetGatewayPageSize(t *testing.T, n int) {
	old := gatewayPageSize
	gatewayPageSize = n
	t.Cleanup(func() { gatewayPageSize = old })
}
