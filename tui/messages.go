package tui

import (
	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// I/O results: each tea.Cmd that talks to the API returns one of these.

type regionsLoadedMsg struct {
	regions []ipsec.Region
	err     error
}

type gatewaysLoadedMsg struct {
	region   string
	gateways []ipsec.Gateway
	err      error
}

// gatewayDetails is what the checking screen fetches once a gateway is
// chosen, so the next pages validate against real data.
type gatewayDetails struct {
	Gateway        ipsec.Gateway
	VpcCIDRs       []string
	VpnConnections int
	Servers        []ipsec.Server
}

type detailsLoadedMsg struct {
	seq     int
	details gatewayDetails
	err     error
}

type submitDoneMsg struct {
	spec   ipsec.ServerSpec // as sent (ClientToken filled in)
	result client.CreateResult
	err    error
}

// pskSavedMsg: Config.SavePsk ran after the create done succeeded.
type pskSavedMsg struct {
	err  error
	done submitDoneMsg
}

type watchStartedMsg struct {
	ch <-chan client.GatewayEvent
}

type gatewayEventMsg struct {
	ev     client.GatewayEvent
	closed bool // the channel closed without a Done event
}

type serversLoadedMsg struct {
	servers []ipsec.Server
	err     error
}

type fileWrittenMsg struct {
	path string
	err  error
}

// Screen requests: what a screen asks the root to do.

type retryLoadMsg struct{}          // loading error: try again
type createForRealMsg struct{}      // dry run passed: same answers, DryRun off
type editMsg struct{ field string } // back to the wizard, at the page of field (API name; "" = review)
type retrySubmitMsg struct{}        // failure: resubmit with the same ClientToken
type backToGatewayMsg struct{}      // checking: abandon, choose another gateway
type quitMsg struct{ code int }     // leave with this exit code
