package forms

import (
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// Palette is the one set of colours every screen of ipsecwiz draws with:
// the wizard's pages (through their huh theme) and the other screens (the
// tui package builds its styles on it too), so the program looks like one.
// The colours are the 16 ANSI ones, which read on dark and light terminals
// alike without asking the terminal for its background; lipgloss's colour
// profile (NO_COLOR, --no-color, a dumb terminal) decides whether any are
// drawn.
type Palette struct {
	Accent  lipgloss.TerminalColor // the name, titles, selections
	Section lipgloss.TerminalColor // headings inside a screen
	Success lipgloss.TerminalColor
	Warning lipgloss.TerminalColor
	Error   lipgloss.TerminalColor
	Muted   lipgloss.TerminalColor // descriptions, labels, what is pending
	Focus   lipgloss.TerminalColor // the text on a focused button
}

// DefaultPalette is ipsecwiz's palette.
func DefaultPalette() Palette {
	return Palette{
		Accent:  lipgloss.Color("6"), // cyan
		Section: lipgloss.Color("4"), // blue
		Success: lipgloss.Color("2"),
		Warning: lipgloss.Color("3"),
		Error:   lipgloss.Color("1"),
		Muted:   lipgloss.Color("8"),
		Focus:   lipgloss.Color("0"),
	}
}

// Styles are the wizard's styles, all in one place.
type Styles struct {
	Theme    *huh.Theme
	Header   lipgloss.Style // "ipsecwiz"
	Step     lipgloss.Style // "Step 3 of 8 · Security profile"
	Subtle   lipgloss.Style // the header's separators
	Progress lipgloss.Style // done dots
	Pending  lipgloss.Style // remaining dots
	Error    lipgloss.Style
	Warning  lipgloss.Style
	Note     lipgloss.Style
	Muted    lipgloss.Style
	Section  lipgloss.Style // review section headings
	Key      lipgloss.Style // review labels
	Value    lipgloss.Style // review values
	Code     lipgloss.Style // the CLI command
}

// DefaultStyles is the wizard's look on DefaultPalette.
func DefaultStyles() Styles { return StylesFor(DefaultPalette()) }

// StylesFor is the wizard's look on p, the huh theme included.
func StylesFor(p Palette) Styles {
	return Styles{
		Theme:    Theme(p),
		Header:   lipgloss.NewStyle().Bold(true).Foreground(p.Accent),
		Step:     lipgloss.NewStyle().Bold(true),
		Subtle:   lipgloss.NewStyle().Foreground(p.Muted),
		Progress: lipgloss.NewStyle().Foreground(p.Success),
		Pending:  lipgloss.NewStyle().Foreground(p.Muted),
		Error:    lipgloss.NewStyle().Bold(true).Foreground(p.Error),
		Warning:  lipgloss.NewStyle().Bold(true).Foreground(p.Warning),
		Note:     lipgloss.NewStyle().Foreground(p.Success),
		Muted:    lipgloss.NewStyle().Foreground(p.Muted),
		Section:  lipgloss.NewStyle().Bold(true).Foreground(p.Section),
		Key:      lipgloss.NewStyle().Foreground(p.Muted),
		Value:    lipgloss.NewStyle(),
		Code:     lipgloss.NewStyle().Foreground(p.Accent),
	}
}

// Theme is huh's theme in p's colours. The focused button of a yes/no
// question is also bracketed, "[Yes]  No ", so it shows without colour.
func Theme(p Palette) *huh.Theme {
	t := huh.ThemeBase()
	f := &t.Focused
	f.Base = f.Base.BorderForeground(p.Accent)
	f.Card = f.Base
	f.Title = f.Title.Foreground(p.Accent).Bold(true)
	f.NoteTitle = f.NoteTitle.Foreground(p.Accent).Bold(true).MarginBottom(1)
	f.Directory = f.Directory.Foreground(p.Accent)
	f.Description = f.Description.Foreground(p.Muted)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(p.Error)
	f.ErrorMessage = f.ErrorMessage.Foreground(p.Error)
	f.SelectSelector = f.SelectSelector.Foreground(p.Accent)
	f.NextIndicator = f.NextIndicator.Foreground(p.Accent)
	f.PrevIndicator = f.PrevIndicator.Foreground(p.Accent)
	f.MultiSelectSelector = f.MultiSelectSelector.Foreground(p.Accent)
	f.SelectedOption = f.SelectedOption.Foreground(p.Success)
	f.SelectedPrefix = lipgloss.NewStyle().Foreground(p.Success).SetString("✓ ")
	f.UnselectedPrefix = lipgloss.NewStyle().Foreground(p.Muted).SetString("• ")
	f.FocusedButton = lipgloss.NewStyle().Padding(0, 1).MarginRight(1).Bold(true).
		Foreground(p.Focus).Background(p.Accent).Transform(func(s string) string { return "[" + s + "]" })
	f.BlurredButton = lipgloss.NewStyle().Padding(0, 1).MarginRight(1).Foreground(p.Muted).
		Transform(func(s string) string { return " " + s + " " })
	f.Next = f.FocusedButton
	f.TextInput.Cursor = f.TextInput.Cursor.Foreground(p.Accent)
	f.TextInput.Placeholder = f.TextInput.Placeholder.Foreground(p.Muted)
	f.TextInput.Prompt = f.TextInput.Prompt.Foreground(p.Accent)

	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.NextIndicator = lipgloss.NewStyle()
	t.Blurred.PrevIndicator = lipgloss.NewStyle()
	t.Group.Title = t.Focused.Title
	t.Group.Description = t.Focused.Description
	return t
}
