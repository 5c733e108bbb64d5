package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// cachedField keeps a huh field's last drawing until something that can
// change it happens. huh's group draws every field of the page on every
// update (the focused one twice), so on a page of selects most of a
// keystroke went into drawing fields the key never reached.
//
// What changes a drawing: an update while the field has the focus (keys go
// to the focused field only), gaining or losing the focus, a new theme,
// key map, size or position, a new value or error, and a description the
// wizard sets (it calls stale). The fields this wizard builds have no
// dynamic titles or options, so nothing else moves them.
type cachedField struct {
	huh.Field
	// changed runs when huh has changed the field (an update with the
	// focus, the focus gained or lost), before huh draws it: the wizard
	// gives it the description its value earns there, so one update of
	// huh's draws it right.
	changed func()
	focused bool
	valid   bool
	view    string
	value   any
	err     string
	pos     huh.FieldPosition
}

func newCachedField(f huh.Field, changed func()) *cachedField {
	return &cachedField{Field: f, changed: changed}
}

// stale drops the drawing: the wizard changed the field behind huh's back.
func (c *cachedField) stale() { c.valid = false }

// fresh reports whether the kept drawing is the field as it is now.
func (c *cachedField) fresh() bool {
	return c.valid && errText(c.Field.Error()) == c.err && sameValue(c.Field.GetValue(), c.value)
}

func (c *cachedField) View() string {
	if c.fresh() {
		return c.view
	}
	c.view, c.value, c.err = c.Field.View(), c.Field.GetValue(), errText(c.Field.Error())
	c.valid = cacheable(c.value)
	return c.view
}

func (c *cachedField) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if !c.focused && c.fresh() {
		// Without the focus, a field of static text and options has nothing
		// to update (keys go to the focused field), and huh's select
		// measures itself again on every update.
		return c, nil
	}
	m, cmd := c.Field.Update(msg)
	c.Field = m.(huh.Field)
	if c.focused {
		c.valid = false
		c.changed()
	}
	return c, cmd
}

func (c *cachedField) Focus() tea.Cmd {
	c.focused, c.valid = true, false
	cmd := c.Field.Focus()
	c.changed()
	return cmd
}

func (c *cachedField) Blur() tea.Cmd {
	c.focused, c.valid = false, false
	cmd := c.Field.Blur()
	c.changed()
	return cmd
}

func (c *cachedField) WithTheme(t *huh.Theme) huh.Field {
	c.Field, c.valid = c.Field.WithTheme(t), false
	return c
}

func (c *cachedField) WithKeyMap(k *huh.KeyMap) huh.Field {
	c.Field, c.valid = c.Field.WithKeyMap(k), false
	return c
}

func (c *cachedField) WithWidth(n int) huh.Field {
	c.Field, c.valid = c.Field.WithWidth(n), false
	return c
}

func (c *cachedField) WithHeight(n int) huh.Field {
	c.Field, c.valid = c.Field.WithHeight(n), false
	return c
}

// WithPosition comes with every update of the form: only a new position
// changes the drawing.
func (c *cachedField) WithPosition(p huh.FieldPosition) huh.Field {
	if p != c.pos {
		c.pos, c.valid = p, false
	}
	c.Field = c.Field.WithPosition(p)
	return c
}

func (c *cachedField) WithAccessible(a bool) huh.Field {
	c.Field, c.valid = c.Field.WithAccessible(a), false
	return c
}

// cacheable reports whether a value can be told apart from the next one
// by ==: the wizard's fields hold strings and booleans.
func cacheable(v any) bool {
	switch v.(type) {
	case string, bool:
		return true
	}
	return false
}

func sameValue(a, b any) bool { return cacheable(a) && a == b }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
