package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// timelineEntry is one status transition of the gateway.
type timelineEntry struct {
	at      time.Time
	elapsed time.Duration
	from    string
	to      string
}

// trackModel follows the gateway after the create: a spinner, the status as
// a coloured badge, elapsed time, checks made, and a timeline of
// transitions. Its footer says ctrl+c only stops watching.
type trackModel struct {
	ctx     *Context
	spin    spinner.Model
	spec    ipsec.ServerSpec
	result  client.CreateResult
	started time.Time

	status   string
	polls    int
	lastErr  error // last transient error
	timeline []timelineEntry
	last     client.GatewayEvent
	stopping bool // ctrl+c: stop watching requested
	follow   bool // `ipsecwiz status`: watching a gateway, no create of ours
	copied   *copiedMsg
}

func newTrack(ctx *Context) *trackModel {
	return &trackModel{ctx: ctx, spin: ctx.newSpinner()}
}

func (m *trackModel) start(spec ipsec.ServerSpec, res client.CreateResult, initialStatus string) tea.Cmd {
	m.spec, m.result, m.follow = spec, res, res.IpsecServerId == "" && res.RequestId == ""
	m.started = m.ctx.Now()
	m.status, m.polls, m.lastErr, m.stopping = initialStatus, 0, nil, false
	m.timeline = m.timeline[:0]
	m.last = client.GatewayEvent{}
	return m.spin.Tick
}

// event records one GatewayEvent.
func (m *trackModel) event(ev client.GatewayEvent) {
	m.last = ev
	if ev.Polls > m.polls {
		m.polls = ev.Polls
	}
	if ev.Status == "" {
		if ev.Err != nil && !ev.Done {
			m.lastErr = ev.Err
		}
		return
	}
	m.lastErr = nil
	if ev.Status != m.status {
		at := ev.Time
		if at.IsZero() {
			at = m.ctx.Now()
		}
		m.timeline = append(m.timeline, timelineEntry{at: at, elapsed: ev.Elapsed, from: m.status, to: ev.Status})
	}
	m.status = ev.Status
}

func (m *trackModel) SetSize(w, h int) {}

func (m *trackModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case copiedMsg:
		m.copied = &msg
	case tea.KeyMsg:
		if _, resume := m.ctx.stopWatching("ctrl+c", m.spec.VpnGatewayId); key.Matches(msg, m.ctx.KeyMap.Copy) && m.ctx.Terminal != nil && resume != "" {
			return copyCmd(m.ctx.Terminal, "the command", resume)
		}
	}
	return nil
}

func (m *trackModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	if _, resume := m.ctx.stopWatching("ctrl+c", m.spec.VpnGatewayId); resume == "" {
		return keysOf(km, km.StopWatching) // nothing to resume: the sandbox ends with the run
	}
	cp := km.Copy
	cp.SetHelp(cp.Help().Key, "copy the resume command")
	return keysOf(km, km.StopWatching, cp)
}

func (m *trackModel) View() string {
	st := m.ctx.Styles
	var b strings.Builder
	id := termsafe.String(m.result.IpsecServerId) // from the API: shown escaped
	if id == "" {
		id = "the IPsec server"
	}
	if m.follow {
		b.WriteString(st.Heading.Render("Following "+m.spec.VpnGatewayId+" until it is active") + "\n\n")
	} else {
		b.WriteString(st.Heading.Render(m.ctx.words().doing+" "+id+" on "+m.spec.VpnGatewayId) + "\n\n")
	}
	elapsed := m.ctx.Now().Sub(m.started).Truncate(time.Second)
	if elapsed < 0 {
		elapsed = 0
	}
	b.WriteString(m.spin.View() + " Gateway " + st.Badge(m.status) + "  " +
		st.Subtle.Render(fmt.Sprintf("elapsed %s · %s", elapsed, plural(m.polls, "check"))) + "\n")
	switch {
	case m.stopping:
		b.WriteString(st.Warning.Render("Stopping the watch...") + "\n")
	case m.lastErr != nil:
		b.WriteString(st.Warning.Render("A check failed, retrying: ") + st.Subtle.Render(firstLine(m.lastErr.Error())) + "\n")
	case m.status == ipsec.StatusUpdating:
		b.WriteString(st.Subtle.Render("The gateway is applying the change; it turns active when done.") + "\n")
	default:
		b.WriteString(st.Subtle.Render("Waiting for the change to show up on the gateway.") + "\n")
	}
	// The command on its own line: wrapping must not split it.
	say, resume := m.ctx.stopWatching("ctrl+c", m.spec.VpnGatewayId)
	if resume != "" {
		say += " Resume with:"
	}
	foot := m.ctx.wrap(st.Subtle.Render(say))
	if resume != "" {
		foot += "\n  " + st.Code.Render(resume)
	}
	if c := m.copied; c != nil && c.err == nil {
		foot += "\n" + st.Subtle.Render("(c sent it to the terminal's clipboard)")
	} else if c != nil {
		foot += "\n" + st.Error.Render("✗ Not copied: "+c.err.Error())
	}
	var tl []string
	if !m.follow {
		tl = append(tl, st.Subtle.Render(m.started.Format("15:04:05"))+"  "+padRight("+0s", 7)+m.ctx.words().action+" accepted")
	}
	for _, e := range m.timeline {
		what := e.from + " → " + st.Badge(e.to)
		if e.from == "" {
			what = "first check: " + st.Badge(e.to)
		}
		tl = append(tl, st.Subtle.Render(e.at.Format("15:04:05"))+"  "+
			padRight("+"+e.elapsed.Truncate(time.Second).String(), 7)+what)
	}
	// Keep the timeline to what fits with the footer note in view; the
	// oldest transitions go first (the first line, the create, stays).
	room := m.ctx.Height - 14
	if m.ctx.bodyHeight > 0 {
		room = m.ctx.bodyHeight - lipgloss.Height(m.ctx.wrap(b.String())) - lipgloss.Height(foot) - 3
	}
	if room = max(room, 3); len(tl) > room {
		var head []string
		if !m.follow {
			head, tl = tl[:1], tl[1:]
		}
		keep := tl[len(tl)-(room-1-len(head)):]
		more := st.Subtle.Render(fmt.Sprintf("…         %s", plural(len(tl)-len(keep), "earlier transition")))
		tl = append(append(head, more), keep...)
	}
	b.WriteString("\n" + st.Section.Render("Timeline") + "\n")
	b.WriteString(strings.Join(tl, "\n") + "\n")
	b.WriteString("\n" + foot)
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func itoa(n int) string { return strconv.Itoa(n) }

func padRight(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
