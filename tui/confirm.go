package tui

import (
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// confirmModel asks before a delete: it names the server and the clients it
// cuts off, and takes the server's id (or name) typed back, so a stray
// enter never deletes anything.
type confirmModel struct {
	ctx    *Context
	server ipsec.Server
	dryRun bool
	input  textinput.Model
	err    string
}

type confirmedMsg struct{}

func newConfirm(ctx *Context) *confirmModel { return &confirmModel{ctx: ctx} }

func (m *confirmModel) start(srv ipsec.Server, dryRun bool) tea.Cmd {
	m.server, m.dryRun, m.err = srv, dryRun, ""
	m.input = textinput.New()
	m.input.Prompt = "> "
	m.input.CharLimit = 128
	return m.input.Focus()
}

func (m *confirmModel) SetSize(w, h int) { m.input.Width = max(w-6, 10) }

func (m *confirmModel) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, m.ctx.KeyMap.Quit) && k.Type == tea.KeyEsc:
			return msgCmd(quitMsg{code: exitCanceled})
		case k.Type == tea.KeyEnter:
			typed := strings.TrimSpace(m.input.Value())
			if typed != "" && (typed == m.server.IpsecServerId || typed == m.server.IpsecServerName) {
				return msgCmd(confirmedMsg{})
			}
			m.err = fmt.Sprintf("%q is not this server's id or name: type %s to delete it, or esc to keep it", typed, termsafe.String(m.server.IpsecServerId))
			m.input.SetValue("")
			return nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *confirmModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	enter := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "delete"))
	esc := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "keep it (nothing is sent)"))
	return keysOf(km, enter, esc, km.Cancel)
}

func (m *confirmModel) View() string {
	st := m.ctx.Styles
	s := m.server
	name := termsafe.String(s.IpsecServerId)
	if s.IpsecServerName != "" {
		name += " (" + termsafe.String(s.IpsecServerName) + ")"
	}
	title := "Delete IPsec server " + name + "?"
	if m.dryRun {
		title = "Precheck (DryRun) the deletion of " + name + ": nothing is deleted"
	}
	cut := fmt.Sprintf("%d client(s) are online now and will be cut off; no client can connect until a new server is set up.", s.OnlineClientCount)
	parts := []string{
		st.Warning.Render("⚠ " + title),
		st.KVWrap(16, m.ctx.contentWidth(),
			[2]string{"Gateway", termsafe.String(s.VpnGatewayId) + " in " + termsafe.String(s.RegionId)},
			[2]string{"Client IP pool", s.ClientIpPool},
			[2]string{"Local subnets", cidrs(s.LocalSubnet)},
			[2]string{"Created", orNone(s.CreationTime)},
		),
		m.ctx.wrap(cut),
		"Type the server's id (" + st.Code.Render(termsafe.String(s.IpsecServerId)) + ") or its name to confirm:\n" + m.input.View(),
	}
	if m.err != "" {
		parts = append(parts, st.Error.Render("✗ "+m.err))
	}
	return m.ctx.sections(parts...)
}
