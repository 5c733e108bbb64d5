package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// KeyMap holds every binding of every screen. Screens pick theirs through
// helpKeys, which feeds bubbles/help in the footer; `?` toggles the full help.
type KeyMap struct {
	Help key.Binding // ? toggles the full help

	Cancel       key.Binding // ctrl+c before anything is sent: quit, nothing sent
	CancelSubmit key.Binding // ctrl+c while the create is in flight: wait, then quit
	LeaveNow     key.Binding // ctrl+c again: stop waiting for the answer
	StopWatching key.Binding // ctrl+c while tracking: stop watching (the change goes on)
	Quit         key.Binding // q: leave a finished screen

	Retry  key.Binding // r: try again (same ClientToken after a failed create)
	Edit   key.Binding // e: back to the form (the page of the field at fault)
	Create key.Binding // c: after a passed dry run, create for real (not enter: a stray enter must not create)
	Back   key.Binding // esc: back to the gateway page while checking

	Reveal      key.Binding // p: show/hide the PSK
	Copy        key.Binding // c: copy the key (result) or the command shown (tracking) to the clipboard
	WriteConfig key.Binding // w: write a strongSwan swanctl.conf
	Done        key.Binding // q: leave the result screen
}

// DefaultKeyMap returns the key map every screen shares.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Cancel:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit (nothing is sent)")),
		CancelSubmit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit once the answer is in")),
		LeaveNow:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "leave now, without the answer")),
		StopWatching: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "stop watching (the change goes on)")),
		Quit:         key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "quit")),
		Retry:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Edit:         key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit answers")),
		Create:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "create for real")),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the gateway")),
		Reveal:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "show PSK")),
		Copy:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy PSK")),
		WriteConfig:  key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write swanctl.conf")),
		Done:         key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "done")),
	}
}

// helpKeys is a screen's key map for bubbles/help: a short line and, for the
// full help, columns.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding { return h.short }

func (h helpKeys) FullHelp() [][]key.Binding {
	if h.full != nil {
		return h.full
	}
	return [][]key.Binding{h.short}
}

var _ help.KeyMap = helpKeys{}

// keysOf builds a screen's help: the screen's own bindings, then ? for help.
func keysOf(km *KeyMap, bindings ...key.Binding) helpKeys {
	short := append(append([]key.Binding(nil), bindings...), km.Help)
	return helpKeys{short: short, full: [][]key.Binding{bindings, {km.Help}}}
}
