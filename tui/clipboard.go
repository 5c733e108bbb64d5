package tui

import (
	"encoding/base64"
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// Copying to the clipboard goes through the terminal (OSC 52), so it works
// over ssh too, where the terminal allows it: many do (kitty, iTerm2,
// WezTerm, Windows Terminal, foot, xterm with allowWindowOps, tmux with
// set-clipboard on), others ignore the sequence. Nothing tells the program
// whether it worked, so the screens say where else the value is.

// maxClipboard is the most a terminal is sure to take in one OSC 52.
const maxClipboard = 74994 // xterm's limit on the base64 payload, decoded

// osc52 is the sequence that puts text on the system clipboard.
func osc52(text string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
}

// copiedMsg: text was handed to the terminal's clipboard (err: it could not
// be written).
type copiedMsg struct {
	what string
	err  error
}

// copyCmd writes the OSC 52 sequence for text to the terminal in one write,
// between two frames of the renderer's, which writes whole frames too.
func copyCmd(w io.Writer, what, text string) tea.Cmd {
	return func() tea.Msg {
		if len(text) > maxClipboard {
			return copiedMsg{what: what, err: errTooLongToCopy}
		}
		_, err := io.WriteString(w, osc52(text))
		return copiedMsg{what: what, err: err}
	}
}

type tooLongErr struct{}

func (tooLongErr) Error() string { return "too long for the terminal's clipboard" }

var errTooLongToCopy error = tooLongErr{}
