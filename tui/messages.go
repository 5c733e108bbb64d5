package tui

import (
	"os"

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

type detailsLoadedMsg struct {
	seq     int
	details *ipsec.GatewayDetails
	err     error
}

type submitDoneMsg struct{ client.Submitted }

// changeDoneMsg: an update or delete was answered (or the wait stopped).
type changeDoneMsg struct{ client.ChangeSubmitted }

// gatewayActiveMsg: the gateway an update or delete waited for is active
// (err: the wait failed or timed out).
type gatewayActiveMsg struct{ err error }

// serverLoadedMsg: the server an update or delete acts on, with its
// gateway's details.
type serverLoadedMsg struct {
	server  ipsec.Server
	details *ipsec.GatewayDetails
	err     error
}

// switchFlowMsg hands the run to another flow (the gateway chosen holds a
// server: change or delete it instead).
type switchFlowMsg struct{ flow flow }

// pskSavedMsg: Config.SavePsk ran after the create succeeded.
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

// retryMsg: a call of the submit is being tried again (client.Trace).
type retryMsg struct {
	attempt int
	err     error
}

// signalMsg is a signal the host caught (the program installs no handler
// of its own).
type signalMsg struct{ sig os.Signal }

// doneMsg: the flow has ended; its Outcome is ready.
type doneMsg struct{}

// Screen requests: what a screen asks its flow to do.

type retryLoadMsg struct{}          // loading error: try again
type createForRealMsg struct{}      // dry run passed: same answers, DryRun off
type editMsg struct{ field string } // back to the wizard, at the page of field (API name; "" = review)
type retrySubmitMsg struct{}        // failure: resubmit with the same ClientToken
type backToGatewayMsg struct{}      // checking: abandon, choose another gateway
type quitMsg struct{ code int }     // leave with this exit code
