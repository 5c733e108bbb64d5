package forms

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
)

// KeyMap is the wizard's own keys; the focused field adds its own in the help
// footer.
type KeyMap struct {
	Back       key.Binding
	PrevField  key.Binding
	Cancel     key.Binding
	Help       key.Binding
	Fix        key.Binding
	ScrollUp   key.Binding
	ScrollDown key.Binding
	Yes        key.Binding
	No         key.Binding
}

// DefaultKeyMap is the wizard's default keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "previous page")),
		PrevField:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
		Cancel:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "cancel")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Fix:        key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "use the suggestion")),
		ScrollUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll up")),
		ScrollDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll down")),
		Yes:        key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes, cancel")),
		No:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no, keep going")),
	}
}

// huhKeyMap is huh's default key map with the keys the wizard handles itself
// taken out: ctrl+c (cancel with confirmation) and shift+tab (back, which the
// wizard allows even while a field shows an error).
//
// enter is labelled for what it does in the wizard: huh's "submit" on a
// page's last field only moves to the next page (nothing is sent before the
// review), and on the review it picks the highlighted choice.
func huhKeyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit.SetEnabled(false)
	k.Input.AcceptSuggestion.SetEnabled(false)
	next := func(b *key.Binding) { b.SetHelp("enter", "next") }
	next(&k.Input.Submit)
	next(&k.Text.Submit)
	next(&k.Select.Next)
	next(&k.Select.Submit)
	next(&k.MultiSelect.Submit)
	next(&k.Confirm.Next)
	next(&k.Confirm.Submit)
	return k
}

// huhReviewKeyMap is huhKeyMap for the review page, where enter picks the
// highlighted choice.
func huhReviewKeyMap() *huh.KeyMap {
	k := huhKeyMap()
	k.Select.Submit.SetHelp("enter", "choose")
	k.Select.Next.SetHelp("enter", "choose")
	return k
}

type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
