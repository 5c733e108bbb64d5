package tui

import (
	"strings"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// checkingModel is the spinner shown once a gateway is chosen, while its VPC
// CIDR blocks, IPsec-VPN connections and IPsec servers are fetched so the
// next pages validate against real data.
type checkingModel struct {
	ctx     *Context
	spin    spinner.Model
	gateway ipsec.Gateway
	wait    bool // the gateway is busy: waiting until it is active first
}

func newChecking(ctx *Context) *checkingModel {
	return &checkingModel{ctx: ctx, spin: ctx.newSpinner()}
}

func (m *checkingModel) start(gw ipsec.Gateway, wait bool) tea.Cmd {
	m.gateway, m.wait = gw, wait
	return m.spin.Tick
}

func (m *checkingModel) SetSize(w, h int) {}

func (m *checkingModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.KeyMsg:
		if key.Matches(msg, m.ctx.KeyMap.Back) {
			return msgCmd(backToGatewayMsg{})
		}
	}
	return nil
}

func (m *checkingModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	return keysOf(km, km.Back, km.Cancel)
}

func (m *checkingModel) View() string {
	st := m.ctx.Styles
	var b strings.Builder
	name := termsafe.String(m.gateway.VpnGatewayId)
	if m.gateway.Name != "" {
		name += " (" + m.gateway.Name + ")"
	}
	if m.wait {
		b.WriteString(m.spin.View() + " Waiting until gateway " + st.Code.Render(name) + " is active again...\n\n")
		b.WriteString(m.ctx.wrap("It is applying another change; then it is checked, and the wizard goes on. Nothing has been sent. "+
			"esc stops waiting and goes back to the gateways.") + "\n\n")
	} else {
		b.WriteString(m.spin.View() + " Checking gateway " + st.Code.Render(name) + "...\n\n")
	}
	b.WriteString(st.Subtle.Render(m.ctx.bullet("·", "the VPC's CIDR blocks (DescribeVpcs): the client pool must not overlap them")) + "\n")
	b.WriteString(st.Subtle.Render(m.ctx.bullet("·", "IPsec-VPN connections (DescribeVpnConnections): they exclude an IPsec server")) + "\n")
	b.WriteString(st.Subtle.Render(m.ctx.bullet("·", "existing IPsec servers (ListIpsecServers): one per gateway")))
	return b.String()
}
