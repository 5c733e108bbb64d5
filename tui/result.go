package tui

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// resultModel is the end of a successful run: the server, what a VPN client
// needs (address, PSK masked until revealed, proposals, subnets, pool), next
// steps, and a key that writes a strongSwan swanctl.conf (mode 0600).
type resultModel struct {
	ctx     *Context
	spec    ipsec.ServerSpec
	result  client.CreateResult
	gateway ipsec.Gateway
	final   client.GatewayEvent
	settled bool // the watch saw the gateway active again (false with --no-wait)

	server         *ipsec.Server // read back with ListIpsecServers
	loadingServers bool
	serversErr     error

	reveal    bool
	revealed  bool           // the key was shown at least once
	generated bool           // the key was made by ipsecwiz: it exists nowhere else
	leaving   bool           // q asked once while the key is kept nowhere: q again leaves
	changes   []ipsec.Change // an update: what it changed
	stopped   bool           // the watch was stopped (ctrl+c while tracking): leaving is a cancel
	written   string         // the last client configuration written
	writeErr  error
	writeWhat string // the format of the last write, or of its failure
	copied    bool   // the key went to the terminal's clipboard
	copyErr   error

	// Config.SavePsk ran for a generated key: where, and how it went.
	pskFile    string
	pskSaved   bool
	pskSaveErr error
}

func newResult(ctx *Context) *resultModel { return &resultModel{ctx: ctx} }

func (m *resultModel) start(spec ipsec.ServerSpec, res client.CreateResult, gw ipsec.Gateway, final client.GatewayEvent, settled bool) {
	*m = resultModel{ctx: m.ctx, spec: spec, result: res, gateway: gw, final: final, settled: settled, loadingServers: true}
}

func (m *resultModel) serversLoaded(msg serversLoadedMsg) {
	m.loadingServers = false
	m.serversErr = msg.err
	for i := range msg.servers {
		s := msg.servers[i]
		if s.IpsecServerId == m.result.IpsecServerId || (m.result.IpsecServerId == "" && s.VpnGatewayId == m.spec.VpnGatewayId) {
			m.server = &s
			break
		}
	}
}

// psk is the key in use: the one given, or the one the service generated.
func (m *resultModel) psk() ipsec.Secret {
	if m.spec.Psk != "" {
		return m.spec.Psk
	}
	if m.server != nil {
		return m.server.Psk
	}
	return ""
}

// serverAddress is the gateway's public IP.
func (m *resultModel) serverAddress() string {
	if m.server != nil && m.server.InternetIp != "" {
		return m.server.InternetIp
	}
	if m.gateway.InternetIp != "" {
		return m.gateway.InternetIp
	}
	return m.gateway.SslVpnInternetIp
}

// clientFormats are the VPN client configurations the registry offers, in
// its order: the result screen writes each (1, 2, ...; w the first).
func clientFormats() []export.Format {
	var out []export.Format
	for _, f := range export.Formats() {
		if f.Client {
			out = append(out, f)
		}
	}
	return out
}

// writeClient writes the i-th client configuration, with the key (mode
// 0600); a setting the client cannot take is said, and nothing written.
func (m *resultModel) writeClient(i int) tea.Cmd {
	formats := clientFormats()
	if i < 0 || i >= len(formats) {
		return nil
	}
	f := formats[i]
	m.writeWhat, m.leaving = f.Name, false
	// A refusal comes back as a write's outcome does, so the screen scrolls
	// to it.
	if m.psk() == "" || m.serverAddress() == "" {
		return msgCmd(fileWrittenMsg{err: errNotReady})
	}
	in := export.Input{Spec: m.spec, Gateway: ipsec.Gateway{InternetIp: m.serverAddress()}, Server: m.server,
		Psk: m.psk(), IncludeKey: true}
	r, err := f.Export(in)
	if err != nil {
		return msgCmd(fileWrittenMsg{err: err})
	}
	return writeFileCmd(m.clientPath(f), string(r.Data))
}

// clientPath is where format f's file goes: in the working directory,
// named after the server (or its gateway).
func (m *resultModel) clientPath(f export.Format) string {
	if f.Name == "strongswan" && m.ctx.SwanctlPath != "" {
		return m.ctx.SwanctlPath
	}
	// The id came from the API: it names a file only if it is a plain
	// name, so an answer cannot choose where the file goes.
	name := "ipsec-server" + f.FileSuffix
	for _, id := range []string{m.result.IpsecServerId, m.spec.VpnGatewayId} {
		if plainFileName(id) {
			name = id + f.FileSuffix
			break
		}
	}
	if m.ctx.ClientDir != "" {
		return filepath.Join(m.ctx.ClientDir, name)
	}
	return name
}

// swanctlPath is where the strongSwan configuration goes.
func (m *resultModel) swanctlPath() string { return m.clientPath(clientFormats()[0]) }

// plainFileName: letters, digits, dots, dashes and underscores, not hidden.
func plainFileName(s string) bool {
	if s == "" || s[0] == '.' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (m *resultModel) SetSize(w, h int) {}

func (m *resultModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case fileWrittenMsg:
		m.written, m.writeErr = msg.path, msg.err
		if msg.err != nil {
			m.written = ""
		}
	case copiedMsg:
		m.copied, m.copyErr = msg.err == nil, msg.err
		m.revealed = m.revealed || m.copied // the user has it now, as if shown
	case tea.KeyMsg:
		km := m.ctx.KeyMap
		switch {
		case key.Matches(msg, km.Reveal):
			m.reveal = !m.reveal
			m.revealed = m.revealed || (m.reveal && m.psk() != "")
			m.leaving = false
		case key.Matches(msg, km.Copy):
			if m.psk() == "" || m.ctx.Terminal == nil {
				m.copyErr = errNotReady
				return nil
			}
			m.leaving = false
			return copyCmd(m.ctx.Terminal, "the pre-shared key", m.psk().Reveal())
		case key.Matches(msg, km.WriteConfig):
			return m.writeClient(0)
		case msg.Type == tea.KeyRunes && len(msg.Runes) == 1 && msg.Runes[0] >= '1' && msg.Runes[0] <= '9':
			return m.writeClient(int(msg.Runes[0] - '1'))
		case key.Matches(msg, km.Done):
			return m.leave()
		}
	}
	return nil
}

// leave ends the result screen, unless a key generated here would be lost:
// then it asks first (the same key again leaves).
func (m *resultModel) leave() tea.Cmd {
	if m.keyAtRisk() && !m.leaving {
		m.leaving = true
		return nil
	}
	if m.stopped {
		return msgCmd(quitMsg{code: client.ExitCanceled})
	}
	return msgCmd(quitMsg{code: client.ExitOK})
}

// keyAtRisk: the key was generated here and is neither saved, written nor
// shown, so leaving would leave it only in ListIpsecServers.
func (m *resultModel) keyAtRisk() bool {
	return m.generated && !m.pskSaved && !m.revealed && !(m.written != "" && m.writeErr == nil)
}

type notReadyErr struct{}

func (notReadyErr) Error() string {
	return "the server address or the key is not known yet (still reading the server back)"
}

var errNotReady error = notReadyErr{}

func (m *resultModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	reveal := km.Reveal
	if m.reveal {
		reveal.SetHelp(reveal.Help().Key, "hide PSK")
	}
	write := km.WriteConfig
	if n := len(clientFormats()); n > 1 {
		write = key.NewBinding(key.WithKeys("w"), key.WithHelp(fmt.Sprintf("w/1-%d", n), "write a client configuration"))
	}
	return keysOf(km, reveal, km.Copy, write, km.Done)
}

func (m *resultModel) pskView() string {
	st := m.ctx.Styles
	psk := m.psk()
	switch {
	case psk == "" && m.loadingServers:
		return st.Subtle.Render("generated by the service; reading it back (ListIpsecServers)...")
	case psk == "" && m.serversErr != nil:
		return st.Warning.Render("could not read it back: ") + st.Subtle.Render(firstLine(m.serversErr.Error()))
	case psk == "":
		return st.Subtle.Render("generated by the service; see ListIpsecServers")
	case m.reveal:
		return st.Code.Render(termsafe.String(psk.Reveal())) + st.Subtle.Render("  (p hides it)")
	case m.generated && m.pskSaved:
		return "••••••••" + st.Subtle.Render("  (p shows it; saved to a file, see below)")
	case m.generated:
		return "••••••••" + st.Subtle.Render("  (p shows it; not saved)")
	default:
		return "••••••••" + st.Subtle.Render("  (p shows it)")
	}
}

func (m *resultModel) View() string {
	st := m.ctx.Styles
	width := m.ctx.contentWidth()
	var head string
	done := m.ctx.words().done
	if m.settled {
		head = st.Success.Render("✓ IPsec server " + done + ": the gateway is active again")
	} else {
		head = st.Success.Render("✓ IPsec server "+done) + st.Subtle.Render(": the gateway may still be updating (follow it with "+
			m.ctx.resume(m.spec.VpnGatewayId)+")")
	}
	if len(m.changes) > 0 {
		var rows [][2]string
		for _, c := range m.changes {
			rows = append(rows, [2]string{c.Label, cmpOr(c.Old, "(none)") + " → " + cmpOr(c.New, "(none)")})
		}
		head += "\n\n" + st.Section.Render("What changed") + "\n" + st.KVWrap(22, width, rows...)
		for _, im := range ipsec.Impacts(m.changes, m.spec.EffectImmediately) {
			head += "\n" + m.ctx.bullet("⚠", im)
		}
	}
	// What the API answered is kept raw in the data; shown escaped.
	name := termsafe.String(m.result.IpsecServerName)
	if name == "" {
		name = m.spec.IpSecServerName
	}
	gw := m.spec.VpnGatewayId
	if m.gateway.Name != "" {
		gw += " (" + m.gateway.Name + ")"
	}
	id := termsafe.String(m.result.IpsecServerId)
	if name != "" && name != id {
		id += " (" + name + ")"
	}
	server := st.KVWrap(16, width,
		[2]string{"IpsecServerId", id},
		[2]string{"Gateway", gw + " in " + m.spec.RegionId},
		[2]string{"Created", orNone(termsafe.String(m.result.CreationTime))},
	)
	clients := st.Section.Render("For your VPN clients") + "\n" + st.KVWrap(16, width,
		[2]string{"Server address", orNone(termsafe.String(m.serverAddress()))},
		[2]string{"Pre-shared key", m.pskView()},
		[2]string{"IKE (phase 1)", ikeLine(m.spec.EffectiveIke())},
		[2]string{"IPsec (phase 2)", ipsecLine(m.spec.EffectiveIpsec())},
		[2]string{"Local subnets", cidrs(m.spec.LocalSubnet)},
		[2]string{"Client IP pool", m.spec.ClientIpPool},
	)
	var b strings.Builder
	b.WriteString(st.Section.Render("Next steps") + "\n")
	written := m.written != "" && m.writeErr == nil
	keyWarning := m.generated && !m.pskSaved && !written // the note names w already
	if m.generated && !written {
		b.WriteString(m.keyNote() + "\n")
	}
	if !keyWarning || written {
		b.WriteString("Write a VPN client's configuration, the key in it (mode 0600):\n")
		for i, f := range clientFormats() {
			k := strconv.Itoa(i + 1)
			if i == 0 {
				k = "w or 1"
			}
			k = fmt.Sprintf("%-6s", k) // under "w or 1"
			b.WriteString(m.ctx.item("  "+st.KeyHint.Render(k)+"  ", f.Summary+":", st.Code.Render(m.clientPath(f))) + "\n")
		}
		if _, err := export.Lookup("windows"); err != nil {
			b.WriteString(st.Subtle.Render(m.ctx.item("  ", "Windows' built-in client cannot use a pre-shared key over IKEv2: use a third-party IKEv2 client with the strongSwan file's settings.", "")) + "\n")
		}
	}
	// The outcome of a write last, where scrolling to the bottom shows it.
	switch {
	case m.writeErr != nil:
		b.WriteString(st.Error.Render("✗ The "+m.writeWhat+" configuration was not written: ") + m.writeErr.Error() + "\n")
	case written:
		b.WriteString(st.Success.Render("✓ Wrote "+m.written) + st.Subtle.Render(" (mode 0600: it holds the key)") + "\n")
	}
	switch {
	case m.copyErr != nil:
		b.WriteString(st.Error.Render("✗ Not copied: ") + m.copyErr.Error() + "\n")
	case m.copied:
		b.WriteString(st.Success.Render("✓ The key was sent to the terminal's clipboard (OSC 52)") +
			st.Subtle.Render(": paste it; a terminal that does not allow it copies nothing (p shows it)") + "\n")
	}
	if !keyWarning {
		b.WriteString("Give each user the server address and the key over a safe channel.")
	}
	if m.leaving {
		// First, where it cannot scroll out of sight.
		head += "\n" + m.ctx.wrap(st.Warning.Render("⚠ The key has not been shown or saved: press p to show it, c to copy it or w to write it; q or ctrl+c again leaves without it."))
	}
	return m.ctx.sections(head, server, clients, strings.TrimRight(b.String(), "\n"))
}

// cidrs lists CIDR blocks for reading ("a, b").
func cidrs(l ipsec.CIDRList) string { return strings.Join(l, ", ") }

// keyNote says what became of a key generated here: saved to a file, or
// shown on this screen only (ipsecwiz keeps no copy).
func (m *resultModel) keyNote() string {
	st := m.ctx.Styles
	if m.pskSaved {
		return st.Success.Render("✓ Pre-shared key saved to "+m.pskFile) + st.Subtle.Render(" (mode 0600)")
	}
	var b strings.Builder
	if m.pskSaveErr != nil {
		b.WriteString(st.Error.Render("✗ The key could not be saved: ") + firstLine(m.pskSaveErr.Error()) + "\n")
	}
	b.WriteString(st.Warning.Render("⚠ The key was generated here and is not saved anywhere.") +
		" Press p to show it, c to copy it, or w to write it into " + st.Code.Render(m.swanctlPath()) + " (mode 0600);" +
		" after this screen only ListIpsecServers returns it.")
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
