package tui

import (
	"context"
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// FollowConfig is what `ipsecwiz status GATEWAY_ID` gives Follow.
type FollowConfig struct {
	API       API
	Region    string
	GatewayID string
	Timeout   time.Duration // 0 = the client's default

	Input    io.Reader // nil = stdin
	Output   io.Writer // nil = stderr
	NoColor  bool
	Endpoint string // shown, and used in the resume command
}

// Follow shows the tracking screen alone: the gateway's status as a badge,
// elapsed time, checks made and the timeline, until it is active (exit 0),
// the timeout passes (1) or ctrl+c stops watching (130). Outcome.Summary and
// JSON describe the last status.
func Follow(ctx context.Context, fc FollowConfig) (Outcome, error) {
	cfg := Config{API: fc.API, Input: fc.Input, Output: fc.Output, NoColor: fc.NoColor, WaitTimeout: fc.Timeout,
		Endpoint: fc.Endpoint, follow: true}
	spec := ipsec.NewServerSpec()
	if fc.Region != "" {
		spec.RegionId = fc.Region
	}
	spec.VpnGatewayId = fc.GatewayID
	cfg.followSpec = &spec
	return Run(ctx, cfg)
}

// startFollow puts the root straight into tracking.
func (r *root) startFollow() tea.Cmd {
	r.state = stateTracking
	ctx, cancel := context.WithCancel(r.run)
	r.watchCancel = cancel
	return tea.Batch(
		r.track.start(r.spec, client.CreateResult{}, ""),
		watchCmd(ctx, r.api, r.spec.RegionId, r.spec.VpnGatewayId, client.WatchOptions{Timeout: r.ctx.WaitTimeout}),
	)
}
