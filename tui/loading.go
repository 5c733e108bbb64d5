package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// loadingModel is the first screen: a spinner while the regions and the
// gateways of the region load, or, when that fails, the cause and the ways
// out (credentials, --endpoint, --sandbox).
type loadingModel struct {
	ctx  *Context
	spin spinner.Model

	regionsDone, gatewaysDone bool
	// serverID: an update or delete reads this server (and its gateway)
	// instead of the regions and gateways.
	serverID string
	// waiting: the server's gateway is applying another change, and the
	// flow waits for it before going on.
	waiting  *ipsec.Gateway
	err      error
	canRetry bool // false when there is no API to retry with
}

func newLoading(ctx *Context) *loadingModel {
	return &loadingModel{ctx: ctx, spin: ctx.newSpinner(), canRetry: true}
}

func (m *loadingModel) Init() tea.Cmd { return m.spin.Tick }

func (m *loadingModel) SetSize(w, h int) {}

// reset restarts the loading (retry).
func (m *loadingModel) reset() tea.Cmd {
	m.regionsDone, m.gatewaysDone, m.err = false, false, nil
	return m.spin.Tick
}

func (m *loadingModel) fail(err error) { m.err, m.waiting = err, nil }

// waitFor shows the server's gateway busy with another change and waits
// for it to be active again; cancel stops the wait.
func (m *loadingModel) waitFor(run context.Context, api API, gw ipsec.Gateway) (cmd tea.Cmd, cancel context.CancelFunc) {
	m.waiting = &gw
	ctx, cancel := context.WithCancel(run)
	return waitActiveCmd(ctx, api, gw.RegionId, gw.VpnGatewayId, m.ctx.WaitTimeout), cancel
}

// waitedFor goes on once the wait has ended: next (read the server again),
// or the reason the wait failed.
func (m *loadingModel) waitedFor(msg gatewayActiveMsg, next tea.Cmd) tea.Cmd {
	if msg.err != nil {
		m.fail(msg.err)
		return nil
	}
	m.waiting = nil
	return next
}

func (m *loadingModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.err != nil {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.KeyMsg:
		if m.err == nil {
			return nil
		}
		km := m.ctx.KeyMap
		switch {
		case m.canRetry && key.Matches(msg, km.Retry):
			return msgCmd(retryLoadMsg{})
		case key.Matches(msg, km.Quit):
			return msgCmd(quitMsg{code: client.ExitCode(m.err)})
		}
	}
	return nil
}

func (m *loadingModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	if m.err != nil && m.canRetry {
		return keysOf(km, km.Retry, km.Quit)
	}
	if m.err != nil {
		return keysOf(km, km.Quit)
	}
	return keysOf(km, km.Cancel)
}

func (m *loadingModel) View() string {
	st := m.ctx.Styles
	if m.err == nil {
		var b strings.Builder
		if gw := m.waiting; gw != nil {
			b.WriteString(m.spin.View() + " Gateway " + termsafe.String(gw.VpnGatewayId) + " is " + gw.Status + ": it is applying another change.\n\n")
			b.WriteString(m.ctx.wrap("Waiting until it is active, then reading "+m.serverID+" again; nothing has been sent. "+
				"ctrl+c stops waiting.") + "\n")
			return b.String()
		}
		if m.serverID != "" {
			b.WriteString(m.spin.View() + " Reading " + m.serverID + "...\n\n")
			b.WriteString(step(st, false, "the server (ListIpsecServers)") + "\n")
			b.WriteString(step(st, false, "its gateway, VPC, connections (DescribeVpnGateway, DescribeVpcs, DescribeVpnConnections)"))
			return b.String()
		}
		b.WriteString(m.spin.View() + " Loading your VPN gateways...\n\n")
		b.WriteString(step(st, m.regionsDone, "regions (DescribeRegions)") + "\n")
		b.WriteString(step(st, m.gatewaysDone, "VPN gateways in "+m.ctx.Region+" (DescribeVpnGateways)"))
		return b.String()
	}
	return m.errorView()
}

func step(st *Styles, done bool, what string) string {
	if done {
		return st.Success.Render("✓") + " " + what
	}
	return st.Subtle.Render("·") + " " + what
}

func (m *loadingModel) errorView() string {
	st := m.ctx.Styles
	ex := explain(m.err)
	var b strings.Builder
	var ce *client.CredentialsError
	switch {
	case errors.As(m.err, &ce):
		b.WriteString(st.Error.Render("✗ No Alibaba Cloud credentials found") + "\n\n")
		b.WriteString(m.ctx.wrap("ipsecwiz needs an access key to read your VPN gateways. Nothing was sent.") + "\n")
	case isCredentialsErr(m.err):
		b.WriteString(st.Error.Render("✗ The VPC API refused the credentials") + "\n\n")
		b.WriteString(m.ctx.wrap(ex.Summary) + "\n")
	default:
		where := "the VPC API"
		if m.ctx.Target.Endpoint != "" {
			where += " at " + m.ctx.Target.Endpoint
		}
		what := "your VPN gateways"
		if m.serverID != "" {
			what = m.serverID
		}
		b.WriteString(st.Error.Render("✗ Could not read "+what+" from "+where) + "\n\n")
		b.WriteString(m.ctx.wrap(ex.Summary) + "\n")
	}
	if ex.Remedy != "" && ce == nil {
		b.WriteString(m.ctx.wrap(ex.Remedy) + "\n")
	}
	var ids []string
	if ex.Code != "" && ex.Code != "Unknown" {
		ids = append(ids, "Code "+ex.Code)
	}
	if ex.RequestId != "" {
		ids = append(ids, "RequestId "+ex.RequestId)
	}
	if len(ids) > 0 {
		b.WriteString(st.Subtle.Render(strings.Join(ids, " · ")) + "\n")
	}
	b.WriteString("\n" + st.Section.Render("Ways out") + "\n")
	b.WriteString(m.ctx.bullet("•", fmt.Sprintf("Configure credentials: %s (or set %s and %s)",
		st.Code.Render("aliyun configure"), st.Code.Render("ALIBABA_CLOUD_ACCESS_KEY_ID"),
		st.Code.Render("ALIBABA_CLOUD_ACCESS_KEY_SECRET"))) + "\n")
	b.WriteString(m.ctx.bullet("•", fmt.Sprintf("Use another endpoint: %s", st.Code.Render("ipsecwiz --endpoint HOST[:PORT]"))) + "\n")
	b.WriteString(m.ctx.bullet("•", fmt.Sprintf("Try it without an account: %s", st.Code.Render("ipsecwiz --sandbox"))))
	return b.String()
}
