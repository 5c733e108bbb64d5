package client

import "time"

// CreateResult is the outcome of CreateIpsecServer. For a DryRun that
// passed, DryRunPassed is true and no server exists (IpsecServerId empty).
type CreateResult struct {
	IpsecServerId   string `json:"IpsecServerId,omitempty"`
	IpsecServerName string `json:"IpsecServerName,omitempty"`
	VpnGatewayId    string `json:"VpnGatewayId"`
	RegionId        string `json:"RegionId"`
	CreationTime    string `json:"CreationTime,omitempty"`
	RequestId       string `json:"RequestId"`
	ClientToken     string `json:"ClientToken"`
	DryRun          bool   `json:"DryRun"`
	DryRunPassed    bool   `json:"DryRunPassed,omitempty"`
	Attempts        int    `json:"Attempts"`
}

// GatewayEvent is one observation of WatchGateway.
type GatewayEvent struct {
	Time           time.Time     // when the poll answered
	Elapsed        time.Duration // since the watch started
	Polls          int           // calls made so far
	Status         string        // "" when this event is a transient error
	BusinessStatus string
	Changed        bool  // Status differs from the previous observation
	Err            error // transient error (the watch goes on) or, when Done, the final error
	Done           bool  // last event: settled (Err nil), timeout or cancellation (Err set)
	Settled        bool  // the change has shown up and the gateway is active again
}
