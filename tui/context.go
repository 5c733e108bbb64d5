package tui

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
	"github.com/muesli/termenv"

	"github.com/ipsecwiz/ipsecwiz/client"
)

// Context is what every screen shares: the terminal size, the styles, the key
// map and help, and the run's settings. Screens hold it by pointer, so a
// resize or a help toggle reaches all of them at once.
type Context struct {
	Width, Height int
	Styles        *Styles
	KeyMap        *KeyMap
	Help          help.Model

	Region       string            // the region in use (the wizard may change it)
	Kind         client.ChangeKind // what the run does: create, update or delete (screens word it so)
	Target       client.Target     // where calls go: suggested commands carry its flags
	Accessible   bool
	NoWait       bool
	WaitTimeout  time.Duration
	SwanctlPath  string           // where the result screen writes swanctl.conf ("" = derived from the server id)
	ClientDir    string           // where it writes the other client configurations ("" = the working directory)
	Now          func() time.Time // the clock (tests pin it)
	ShowFullHelp bool
	// Terminal is where the program draws, for what goes to the terminal
	// itself rather than the screen (a clipboard copy, OSC 52).
	Terminal io.Writer

	// bodyHeight is the lines a screen's body gets (set by the root before
	// each draw; 0 until the first one).
	bodyHeight int
}

func newContext(cfg Config) *Context {
	st := newStylesWith(lipgloss.DefaultRenderer(), cfg.NoColor || lipgloss.DefaultRenderer().ColorProfile() == termenv.Ascii)
	h := help.New()
	h.Styles.ShortKey = st.KeyHint
	h.Styles.FullKey = st.KeyHint
	h.Styles.ShortDesc = st.Subtle
	h.Styles.FullDesc = st.Subtle
	h.Styles.ShortSeparator = st.Subtle
	h.Styles.FullSeparator = st.Subtle
	h.Styles.Ellipsis = st.Subtle
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Context{
		Width: 80, Height: 24,
		Styles: st, KeyMap: DefaultKeyMap(), Help: h,
		Region: cfg.Target.Region, Target: cfg.Target, Accessible: cfg.Accessible,
		NoWait: cfg.NoWait, WaitTimeout: cfg.WaitTimeout, SwanctlPath: cfg.SwanctlPath, ClientDir: cfg.ClientDir,
		Now: now, Terminal: cfg.Output,
	}
}

// resume is the command that follows gatewayID again, on the target with
// the region in use.
func (c *Context) resume(gatewayID string) string {
	t := c.Target
	t.Region = c.Region
	return t.Command("status", gatewayID)
}

// stopWatching says what who (ctrl+c, or interrupting) does while a
// gateway is followed, and gives the command that follows it again: none
// in a --sandbox run, whose sandbox ends with the run (a new run would
// find a fresh one).
func (c *Context) stopWatching(who, gatewayID string) (say, resume string) {
	if c.Target.Sandbox {
		return who + " only stops watching, and this run's sandbox (--sandbox) ends with it: to follow a change " +
			"across runs, start `ipsecwiz sandbox` and use its --endpoint.", ""
	}
	return who + " only stops watching: the change goes on in the cloud.", c.resume(gatewayID)
}

// stopWatchingLine is stopWatching as one line of accessible mode.
func (c *Context) stopWatchingLine(gatewayID string) string {
	say, resume := c.stopWatching("Interrupting", gatewayID)
	if resume != "" {
		say += " Resume with " + resume + "."
	}
	return say
}

// contentWidth is the width a screen may draw in (inside the app margin).
func (c *Context) contentWidth() int {
	w := c.Width - 2
	if w < 20 {
		w = 20
	}
	return w
}

// newSpinner is the one spinner style every waiting screen uses. In
// accessible mode it does not animate (a static marker).
func (c *Context) newSpinner() spinner.Model {
	sp := spinner.Dot
	if c.Accessible {
		sp = spinner.Spinner{Frames: []string{"..."}, FPS: time.Second}
	}
	return spinner.New(spinner.WithSpinner(sp), spinner.WithStyle(c.Styles.Spinner))
}

// footer renders the help of km within the content width. The short help
// drops the screen's last bindings before the final one (? more keys) until
// it fits: bubbles/help alone can overshoot by one item when its ellipsis
// does not fit. Every line is cut to the width as a last resort.
func (c *Context) footer(km help.KeyMap) string {
	h := c.Help
	width := c.contentWidth()
	h.Width = width
	h.ShowAll = c.ShowFullHelp
	var v string
	if h.ShowAll {
		cols := km.FullHelp()
		for i, col := range cols {
			col = slices.Clone(col)
			for j, b := range col {
				if b.Help().Key == c.KeyMap.Help.Help().Key {
					b.SetHelp(b.Help().Key, "fewer keys")
					col[j] = b
				}
			}
			cols[i] = col
		}
		v = h.FullHelpView(cols)
	} else {
		// Measure without help's own cut (which would drop "? more keys"
		// at the end behind an ellipsis), then draw what fits.
		b := slices.Clone(km.ShortHelp())
		wide := h
		wide.Width = 0
		for len(b) > 1 && lipgloss.Width(wide.ShortHelpView(b)) > width {
			b = slices.Delete(b, len(b)-2, len(b)-1)
		}
		v = h.ShortHelpView(b)
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return c.Styles.Footer.Render(strings.Join(lines, "\n"))
}

// wrap renders s wrapped to the content width.
func (c *Context) wrap(s string) string {
	// lipgloss's wrapping, without padding every line to the width: a
	// screen is wrapped on each draw, within a keystroke's 1 ms.
	return cellbuf.Wrap(s, c.contentWidth(), "")
}

// item is one entry of a list: lead (a key or an indent), then text
// wrapped under itself, then code (a path or command, "" for none) after it
// when it fits on the line, else on a line of its own: code is never split.
func (c *Context) item(lead, text, code string) string {
	indent := lipgloss.Width(lead)
	if code == "" || indent+lipgloss.Width(text)+1+lipgloss.Width(code) <= c.contentWidth() {
		return hang(lead, strings.TrimSuffix(text+" "+code, " "), c.contentWidth())
	}
	return hang(lead, text, c.contentWidth()) + "\n" + strings.Repeat(" ", indent) + code
}

// hang is text wrapped to width after lead, its other lines under its
// first (not padded to the width: a screen is drawn within a keystroke).
func hang(lead, text string, width int) string {
	indent := lipgloss.Width(lead)
	body := cellbuf.Wrap(text, max(width-indent, 10), "")
	return lead + strings.ReplaceAll(body, "\n", "\n"+strings.Repeat(" ", indent))
}

// sections joins a screen's sections with a blank line between them, or,
// when that would not fit the body's height (a small terminal), without:
// the compact layout keeps as much as possible in view before the body
// has to scroll.
func (c *Context) sections(parts ...string) string {
	spaced := strings.Join(parts, "\n\n")
	if c.bodyHeight <= 0 || lipgloss.Height(c.wrap(spaced)) <= c.bodyHeight {
		return spaced
	}
	return strings.Join(parts, "\n")
}

// bullet renders "  • text" (or another mark) wrapped to the content width
// with a hanging indent: continuation lines start under the text.
func (c *Context) bullet(mark, text string) string {
	return hang("  "+mark+" ", text, c.contentWidth())
}

// words are how the screens name the run's change.
type words struct {
	action  string // the API call, e.g. CreateIpsecServer
	doing   string // "Creating"
	done    string // "created"
	nothing string // "nothing was created"
	verb    string // "create"
}

func (c *Context) words() words {
	switch c.Kind {
	case client.KindUpdate:
		return words{"UpdateIpsecServer", "Updating", "updated", "nothing was changed", "update"}
	case client.KindDelete:
		return words{"DeleteIpsecServer", "Deleting", "deleted", "nothing was deleted", "delete"}
	}
	return words{"CreateIpsecServer", "Creating", "created", "nothing was created", "create"}
}
