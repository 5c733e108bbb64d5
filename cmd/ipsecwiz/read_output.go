package main

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// What the read commands (list, show, logs) share: styles for stdout in the
// TUI's palette, the terminal's width, text made safe for a terminal, and
// how a failed read is reported.

// outStyles are the lipgloss styles of what the read commands print on
// stdout: tui/styles.go's ANSI 16 palette, so they read on dark and light
// terminals. Off the terminal and with --no-color (or NO_COLOR) every style
// renders plain text: no escape sequence at all.
type outStyles struct {
	Header  lipgloss.Style // a table's header row
	ID      lipgloss.Style // ids and commands to copy
	Subtle  lipgloss.Style // secondary text
	Section lipgloss.Style // a section's title
	Label   lipgloss.Style // the key of a key/value line
	OK      lipgloss.Style
	Warn    lipgloss.Style // weak settings, failures in a log
	Bad     lipgloss.Style
}

// outStyles builds the styles for stdout.
func (g *globalOptions) outStyles() outStyles {
	r := lipgloss.NewRenderer(g.f.IO.Out)
	if g.noColor || !g.f.IO.StdoutTTY {
		r.SetColorProfile(termenv.Ascii)
	}
	var (
		green  = lipgloss.Color("2")
		yellow = lipgloss.Color("3")
		red    = lipgloss.Color("1")
		blue   = lipgloss.Color("4")
		cyan   = lipgloss.Color("6")
		grey   = lipgloss.Color("8")
	)
	return outStyles{
		Header:  r.NewStyle().Bold(true),
		ID:      r.NewStyle().Foreground(cyan),
		Subtle:  r.NewStyle().Foreground(grey),
		Section: r.NewStyle().Bold(true).Foreground(blue),
		Label:   r.NewStyle().Foreground(grey),
		OK:      r.NewStyle().Foreground(green),
		Warn:    r.NewStyle().Bold(true).Foreground(yellow),
		Bad:     r.NewStyle().Bold(true).Foreground(red),
	}
}

// stdoutWidth is the terminal's width in columns when stdout is one, else
// COLUMNS, else 80.
func (g *globalOptions) stdoutWidth() int {
	if f, ok := g.f.IO.Out.(interface{ Fd() uintptr }); ok && term.IsTerminal(f.Fd()) {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(g.f.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// terminalWidth is the width text on stdout may be wrapped to: 0 when it
// is not a terminal (a script reads whole lines).
func (g *globalOptions) terminalWidth() int {
	if !g.f.IO.StdoutTTY {
		return 0
	}
	return g.stdoutWidth()
}

// visibleText is s as it may reach a terminal or a line a script splits
// (termsafe.String): control characters, the bidi overrides and invalid
// UTF-8 are shown escaped, so a name or a log line from the API can neither
// move the cursor nor add a field or a line.
func visibleText(s string) string { return termsafe.String(s) }

// readFailed reports a read command's failure: with --output json the one
// JSON error object on stdout (compact on one line when the command prints
// JSON lines), else the error, what happened and what to do on stderr. A
// remedy, when given, replaces the catalogue's (to name ipsecwiz's own
// commands). The exit code is client.ExitCode's.
func (g *globalOptions) readFailed(err error, remedy string, jsonLines bool) error {
	info := client.NewErrorInfo(err)
	if remedy != "" {
		info.Remedy = remedy
	}
	code := client.ExitCode(err)
	if g.output == "json" {
		s := client.ErrorSummary(err)
		s.Error = info
		if jsonLines {
			b, _ := json.Marshal(s)
			_, _ = g.f.IO.Out.Write(append(b, '\n'))
		} else {
			_, _ = g.f.IO.Out.Write(s.JSON())
		}
		return &exitError{code: code, err: err, printed: true}
	}
	explainOn(g.f.IO.ErrOut, err, info)
	return &exitError{code: code, err: err, printed: true}
}

// notFoundRemedy is what to do about a server id the region does not hold.
func (g *globalOptions) notFoundRemedy(err error, region string) string {
	var nf *client.ServerNotFoundError
	var apiErr *client.APIError
	if !(errors.As(err, &nf) || errors.As(err, &apiErr) && apiErr.Code == "InvalidIpsecServerId.NotFound") {
		return ""
	}
	return "Check the server id and the region: " + g.target(region).Command("list") + " lists the servers of " + region +
		" (add --all-regions for every region)."
}
