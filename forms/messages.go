package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Messages the Wizard sends to its host (as the result of a tea.Cmd it
// returns). The host handles them and does the I/O; the Wizard ignores them if
// they come back to it.
type (
	// RegionChangedMsg asks the host to load the gateways of Region and to
	// answer with SetGateways or a GatewaysLoadedMsg.
	RegionChangedMsg struct{ Region string }

	// GatewayChosenMsg asks the host to check the gateway (DescribeVpnGateway,
	// the VPC's CIDR blocks, IPsec-VPN connections, IPsec servers) and to
	// answer with a GatewayDetailsMsg or SetGatewayDetails. Only
	// VpnGatewayId and RegionId are sure to be set when the id was typed.
	// Wait: the gateway is busy with another change and the user chose to
	// wait here; the host answers once it is active (or the wait fails).
	GatewayChosenMsg struct {
		Gateway ipsec.Gateway
		Wait    bool
	}

	// SubmitMsg is the review page's "create" or "dry-run precheck": Spec is
	// a copy of the request, DryRun set for ActionDryRun.
	SubmitMsg struct {
		Action Action
		Spec   ipsec.ServerSpec
	}

	// CancelMsg: the user cancelled the wizard (after confirming, when
	// anything had been entered).
	CancelMsg struct{}

	// ServerActionMsg: the gateway chosen already holds a server, and the
	// user wants to change (ActionUpdate) or delete (ActionDelete) it
	// instead of creating one.
	ServerActionMsg struct {
		Action Action
		Server ipsec.Server
	}
)

// Messages the host sends to the Wizard.
type (
	// GatewaysLoadedMsg answers RegionChangedMsg.
	GatewaysLoadedMsg struct {
		Region   string
		Gateways []ipsec.Gateway
		Err      error
	}

	// GatewayDetailsMsg answers GatewayChosenMsg. With Err set the wizard
	// stays on the gateway page and shows it.
	GatewayDetailsMsg struct {
		Details *ipsec.GatewayDetails
		Err     error
	}
)

// Action is what the review page asks the host to do.
type Action int

// Review page actions.
const (
	ActionCreate Action = iota + 1
	ActionDryRun
	ActionUpdate // send the update (the wizard edits an existing server: WithServer)
	ActionDelete // the existing server on the gateway chosen: delete it instead
)

func (a Action) String() string {
	switch a {
	case ActionCreate:
		return "create"
	case ActionDryRun:
		return "dry-run"
	case ActionUpdate:
		return "update"
	case ActionDelete:
		return "delete"
	}
	return "none"
}

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }
