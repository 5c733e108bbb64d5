package client

import "time"

// SetWatchPace lets tests poll faster than the real rhythm allows.
func SetWatchPace(c *Client, interval, confirmAfter time.Duration) {
	c.pace.fast, c.pace.slow, c.pace.confirmAfter = interval, interval, confirmAfter
}
