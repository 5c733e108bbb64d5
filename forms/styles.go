package forms

import (
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// Styles are the wizard's colours, all in one place. Colours are adaptive and
// go through lipgloss, so its colour profile (NO_COLOR, --no-color, a dumb
// terminal) decides whether any are drawn.
type Styles struct {
	Theme    *huh.Theme
	Header   lipgloss.Style // "ipsecwiz"
	Step     lipgloss.Style // "Step 3 of 8 · Security profile"
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

// DefaultStyles is the wizard's default look, on huh's Charm theme.
func DefaultStyles() Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A56E0", Dark: "#7571F9"}
	red := lipgloss.AdaptiveColor{Light: "#D32F2F", Dark: "#FF5F87"}
	yellow := lipgloss.AdaptiveColor{Light: "#B26A00", Dark: "#FFD75F"}
	muted := lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	green := lipgloss.AdaptiveColor{Light: "#02A35A", Dark: "#02BF87"}
	return Styles{
		Theme:    huh.ThemeCharm(),
		Header:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Step:     lipgloss.NewStyle().Bold(true),
		Progress: lipgloss.NewStyle().Foreground(green),
		Pending:  lipgloss.NewStyle().Foreground(muted),
		Error:    lipgloss.NewStyle().Foreground(red),
		Warning:  lipgloss.NewStyle().Foreground(yellow),
		Note:     lipgloss.NewStyle().Foreground(green),
		Muted:    lipgloss.NewStyle().Foreground(muted),
		Section:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Key:      lipgloss.NewStyle().Foreground(muted),
		Value:    lipgloss.NewStyle(),
		Code:     lipgloss.NewStyle().Foreground(green),
	}
}
