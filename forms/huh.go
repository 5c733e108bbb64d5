package forms

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// huhField renders a Field as huh draws it, bound to the same value and
// checked by the same validator.
func (w *Wizard) huhField(f Field) huh.Field {
	fw := w.formWidth() - 4
	switch f.Kind {
	case KindText, KindSecret:
		in := huh.NewInput().Key(f.Key).Title(f.Title).Description(f.Description).Placeholder(f.Placeholder).
			Value(f.Text).Validate(f.check)
		if f.CharLimit > 0 {
			in.CharLimit(f.CharLimit)
		}
		if f.Kind == KindSecret {
			in.EchoMode(huh.EchoModePassword)
		}
		return in
	case KindYesNo:
		return huh.NewConfirm().Key(f.Key).Title(f.Title).Description(f.Description).
			Affirmative(f.Yes).Negative(f.No).Value(f.Bool)
	}
	opts := make([]huh.Option[string], len(f.Options))
	for i, o := range f.Options {
		label := o.Label
		if f.Kind == KindChoice {
			label = truncateRunes(label, fw-2)
		}
		opts[i] = huh.NewOption(label, o.Value)
	}
	sel := huh.NewSelect[string]().Key(f.Key).Title(f.Title).Description(f.Description).Options(opts...).
		Value(f.Text).Validate(f.check)
	if f.Kind == KindInline {
		return sel.Inline(true)
	}
	rows := f.Rows
	if f.Key == ipsec.FieldVpnGatewayID {
		rows = max(3, w.height-17) // the gateway list takes the room there is
	}
	if rows > 0 {
		sel.Height(listHeight(joinLines(f.Description, f.Header), fw, len(opts), rows))
	}
	w.lists = append(w.lists, sel)
	return sel
}

// describe is field i's description with what its current value earns: the
// error beside the field while the value is wrong, else its note. A
// one-line choice (an algorithm, a group) shows its explanation while it
// has the focus only: a page of five is read one at a time, and the page
// stays short and quick to draw.
func (w *Wizard) describe(i int) string {
	f := w.part[i]
	desc := joinLines(f.Description, f.Header)
	if (f.Kind == KindInline || f.Quiet) && !w.drawn[i].focused {
		desc = f.Header
	}
	if f.Text == nil {
		return desc
	}
	v := *f.Text
	if err := f.check(v); err != nil && v != "" && (f.Kind == KindText || f.Kind == KindSecret) {
		return desc + "\n" + w.st.Error.Render("✗ "+errorRule(err))
	}
	if err := w.fields[i].Error(); err != nil {
		return desc + "\n" + w.st.Error.Render("✗ "+errorRule(err)) // a choice refused on enter
	}
	if n := f.note(v); n != "" {
		st := w.st.Warning
		if strings.HasPrefix(n, "ℹ") {
			st = w.st.Note
		}
		return strings.TrimPrefix(desc+"\n"+st.Render(n), "\n")
	}
	return desc
}

// joinLines joins the parts that are not empty, a line each.
func joinLines(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// errorRule is what to say beside a field: the rule and example, without
// the field's name (the title above already says it).
func errorRule(err error) string {
	var fe *ipsec.FieldError
	if !errors.As(err, &fe) {
		return err.Error()
	}
	c := *fe
	c.Label, c.Field = "", ""
	return c.Error()
}

// refresh makes sure the focused field and the one it left have the
// descriptions their values earn, then fits the layout. Their drawings
// have them already (the fields ask for them as huh changes them, see
// cachedField); this catches what changed them from outside a field.
func (w *Wizard) refresh() {
	i := w.focusIndex()
	changed := i >= 0 && w.setDescription(i)
	if i != w.lastFocus {
		// The focus moved: the field it left shows less now.
		if w.lastFocus >= 0 && w.lastFocus < len(w.fields) && w.setDescription(w.lastFocus) {
			changed = true
		}
		w.lastFocus = i
	}
	if changed {
		w.redraw() // huh redraws a changed description on its next update
		return
	}
	w.layout() // nothing to redraw: the keystroke's update drew the fields as they are
}

// refreshAll sets every field's description (after a build).
func (w *Wizard) refreshAll() {
	w.lastFocus = w.focusIndex()
	for i := range w.part {
		w.setDescription(i)
	}
	w.redraw()
}

// redrawMsg makes the form draw its fields again: huh caches a group's view
// until its next update.
type redrawMsg struct{}

func (w *Wizard) redraw() {
	if w.form != nil {
		m, _ := w.form.Update(redrawMsg{})
		w.form = m.(*huh.Form)
	}
	w.layout()
}

// setDescription gives field i the description its value earns, and
// reports whether it changed.
func (w *Wizard) setDescription(i int) bool {
	d := w.describe(i)
	if len(w.descs) != len(w.fields) {
		// What the fields were built with.
		w.descs = make([]string, len(w.fields))
		for j, f := range w.part {
			w.descs[j] = f.Description
		}
	}
	if w.descs[i] == d {
		return false
	}
	w.descs[i] = d
	w.drawn[i].stale()
	switch f := w.fields[i].(type) {
	case *huh.Input:
		f.Description(d)
	case *huh.Select[string]:
		f.Description(d)
	case *huh.Confirm:
		f.Description(d)
	}
	return true
}

func asFieldError(err error, fe **ipsec.FieldError) bool { return errors.As(err, fe) }

// listHeight is the Height of a list select: 0 (all options) when they fit
// in rows, else the title, description and rows.
func listHeight(desc string, width, options, rows int) int {
	if options <= rows {
		return 0
	}
	return 1 + descHeight(desc, width) + rows
}

func descHeight(desc string, width int) int {
	return lipgloss.Height(lipgloss.NewStyle().Width(max(width, 10)).Render(desc))
}

// scrollToValue shows a preselected option in context: huh scrolls it to
// the top of the list otherwise.
func scrollToValue(s *huh.Select[string]) {
	want := s.GetValue()
	s.Update(tea.KeyMsg{Type: tea.KeyHome})
	for range 256 {
		if s.GetValue() == want {
			return
		}
		s.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
}
