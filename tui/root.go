package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// flow is one task the program carries out (create a server, follow a
// gateway): it owns that task's data and screens, and the root only routes.
type flow interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View is the body under the header; when Bare, the whole screen (the
	// wizard draws its own header and help).
	View() string
	Bare() bool
	Keys() help.KeyMap
	SetSize(w, h int) tea.Cmd
	// Screen names the screen shown: scrolling starts over when it changes.
	Screen() string
	// Interrupt is ctrl+c, SIGINT or SIGTERM; what it means depends on
	// where the flow stands (nothing sent: leave; a call in flight: wait).
	Interrupt() tea.Cmd
	// Outcome is how the flow ended, once it sent doneMsg.
	Outcome() Outcome
	// ended is the outcome when the program ends from outside.
	ended(code int, err error) Outcome
	// stop releases the flow's watchers and pending calls.
	stop()
}

// root keeps what every flow shares (size, styles, keys, the header, the
// scrolling of a tall body) and routes each message to the active flow.
type root struct {
	ctx     *Context
	flow    flow
	done    bool
	outcome Outcome

	// The body of a screen taller than the terminal scrolls (scrollBody).
	scroll       viewport.Model
	scrollScreen string
	scrollable   bool
	scrollBottom bool // scroll to the bottom at the next draw
	sized        bool // a WindowSizeMsg came in
}

func newRoot(c *Context, f flow) *root {
	return &root{ctx: c, flow: f, scroll: viewport.New(0, 0), scrollScreen: "-"}
}

func (r *root) Init() tea.Cmd { return r.flow.Init() }

func (r *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if r.done {
		return r, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// A terminal that changed size has reflowed what was drawn for the
		// old one (this program draws inline): clear it, then redraw.
		var clear tea.Cmd
		if r.sized && (msg.Width != r.ctx.Width || msg.Height != r.ctx.Height) {
			clear = tea.ClearScreen
		}
		r.sized = true
		r.ctx.Width, r.ctx.Height = msg.Width, msg.Height
		return r, tea.Batch(clear, r.flow.SetSize(msg.Width, msg.Height))
	case signalMsg:
		if interrupt.Hangup(msg.sig) {
			// The terminal is going (SIGHUP) or the user asked to quit at
			// once (SIGQUIT): end now, the terminal restored.
			r.flow.stop()
			r.outcome = r.flow.ended(exitCanceled, errInterrupted(msg.sig))
			r.done = true
			return r, tea.Quit
		}
		return r, r.flow.Interrupt()
	case doneMsg:
		r.outcome = r.flow.Outcome()
		r.done = true
		return r, tea.Quit
	case switchFlowMsg:
		r.flow = msg.flow
		return r, tea.Batch(r.flow.SetSize(r.ctx.Width, r.ctx.Height), r.flow.Init())
	case fileWrittenMsg:
		r.scrollBottom = true // the outcome is at the bottom: show it
	case tea.KeyMsg:
		if r.flow.Bare() {
			return r, r.flow.Update(msg) // the wizard owns its keys, ctrl+c included
		}
		switch {
		case key.Matches(msg, r.ctx.KeyMap.Cancel):
			return r, r.flow.Interrupt()
		case key.Matches(msg, r.ctx.KeyMap.Help):
			r.ctx.ShowFullHelp = !r.ctx.ShowFullHelp
			return r, nil
		case r.scrollKey(msg):
			return r, nil
		}
	}
	return r, r.flow.Update(msg)
}

// margin is the one-column margin every screen has (Styles.App), added
// without re-measuring every line.
func margin(s string) string { return " " + strings.ReplaceAll(s, "\n", "\n ") }

func (r *root) View() string {
	if r.done {
		return ""
	}
	if r.flow.Bare() {
		// The same one-column margin as every screen, added without
		// re-measuring every line (a keystroke's budget is 1 ms).
		return margin(r.flow.View())
	}
	footer := r.ctx.footer(r.flow.Keys())
	avail := r.ctx.Height - 2 - lipgloss.Height(footer) - 1
	r.ctx.bodyHeight = avail
	body := r.scrollBody(r.ctx.wrap(r.flow.View()), avail)
	return margin(r.header() + "\n\n" + body + "\n" + footer)
}

// scrollBody fits a screen's body in n lines. A body that does not fit is
// shown in a viewport (pgup/pgdn, up/down, home/end scroll) with a last line
// that says so: in an inline program a view taller than the terminal would
// lose its top, and a clipped one would hide what matters at the bottom.
func (r *root) scrollBody(body string, n int) string {
	n = max(n, 2)
	if s := r.flow.Screen(); r.scrollScreen != s {
		r.scrollScreen = s
		r.scroll.SetYOffset(0)
	}
	total := strings.Count(body, "\n") + 1
	if total <= n {
		r.scroll.SetYOffset(0)
		r.scrollable = false
		return body
	}
	r.scrollable = true
	r.scroll.Width = r.ctx.contentWidth()
	r.scroll.Height = n - 1
	r.scroll.SetContent(body)
	if r.scrollBottom {
		r.scroll.GotoBottom()
		r.scrollBottom = false
	}
	first := r.scroll.YOffset + 1
	last := min(r.scroll.YOffset+r.scroll.Height, total)
	var hint string
	switch {
	case r.scroll.AtBottom():
		hint = fmt.Sprintf("↑ lines %d-%d of %d · pgup/↑ scroll up", first, last, total)
	case r.scroll.AtTop():
		hint = fmt.Sprintf("↓ %d more lines · pgdn/↓ scroll down", total-last)
	default:
		hint = fmt.Sprintf("↕ lines %d-%d of %d · pgup/pgdn scroll", first, last, total)
	}
	hint = ansi.Truncate(hint, r.ctx.contentWidth(), "…")
	return r.scroll.View() + "\n" + r.ctx.Styles.Subtle.Render(hint)
}

// scrollKey scrolls a screen whose body does not fit; it reports whether
// the key was used.
func (r *root) scrollKey(k tea.KeyMsg) bool {
	if !r.scrollable || r.scrollScreen != r.flow.Screen() {
		return false
	}
	switch k.String() {
	case "pgup", "ctrl+u":
		r.scroll.HalfPageUp()
	case "pgdown", "ctrl+d", " ":
		r.scroll.HalfPageDown()
	case "up", "k":
		r.scroll.ScrollUp(1)
	case "down", "j":
		r.scroll.ScrollDown(1)
	case "home", "g":
		r.scroll.GotoTop()
	case "end", "G":
		r.scroll.GotoBottom()
	default:
		return false
	}
	return true
}

func (r *root) header() string {
	st := r.ctx.Styles
	// One line, always (the body's height counts on it): the parts that
	// do not fit go, the least useful first.
	where := r.ctx.Region
	if r.ctx.Target.Endpoint != "" {
		where += " · " + r.ctx.Target.Endpoint
	} else if r.ctx.Target.Sandbox {
		where += " · sandbox"
	}
	width := r.ctx.contentWidth()
	for _, parts := range [][]string{
		{" · IPsec server (client-to-site VPN)", " · " + where},
		{" · IPsec server", " · " + where},
		{" · " + where},
		{" · " + r.ctx.Region},
	} {
		rest := strings.Join(parts, "")
		if where != "" && lipgloss.Width("ipsecwiz"+rest) <= width {
			return st.Title.Render("ipsecwiz") + st.Subtle.Render(rest)
		}
	}
	return ansi.Truncate(st.Title.Render("ipsecwiz"), width, "")
}
