package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// Styles holds every lipgloss style the screens use, on forms.Palette (ANSI
// 16 colours, so they read on dark and light terminals without querying
// the background); with no colour every style keeps its layout and drops
// colour.
type Styles struct {
	NoColor bool

	App       lipgloss.Style // outer margin
	Title     lipgloss.Style // app title in the header
	Subtle    lipgloss.Style // secondary text (header details, timestamps)
	Heading   lipgloss.Style // a screen's main line
	Section   lipgloss.Style // section titles inside a screen
	Label     lipgloss.Style // key of a key/value line
	Value     lipgloss.Style // value of a key/value line
	Code      lipgloss.Style // commands and identifiers to copy
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Error     lipgloss.Style
	Spinner   lipgloss.Style
	Footer    lipgloss.Style // the help line
	KeyHint   lipgloss.Style // a key named in running text
	BadgeBase lipgloss.Style

	badgeActive   lipgloss.Style
	badgeUpdating lipgloss.Style
	badgeOther    lipgloss.Style
	badgeBad      lipgloss.Style
}

func newStylesWith(r *lipgloss.Renderer, noColor bool) *Styles {
	// One palette for every screen, the wizard's pages included
	// (forms.Palette): the same accent, the same warnings.
	p := forms.DefaultPalette()
	var (
		green  = p.Success
		yellow = p.Warning
		red    = p.Error
		blue   = p.Section
		cyan   = p.Accent
		grey   = p.Muted
		white  = lipgloss.Color("15")
		black  = lipgloss.Color("0")
	)
	s := &Styles{NoColor: noColor}
	s.App = r.NewStyle().Margin(0, 1)
	s.Title = r.NewStyle().Bold(true).Foreground(cyan)
	s.Subtle = r.NewStyle().Foreground(grey)
	s.Heading = r.NewStyle().Bold(true)
	s.Section = r.NewStyle().Bold(true).Foreground(blue)
	s.Label = r.NewStyle().Foreground(grey)
	s.Value = r.NewStyle()
	s.Code = r.NewStyle().Foreground(cyan)
	s.Success = r.NewStyle().Bold(true).Foreground(green)
	s.Warning = r.NewStyle().Bold(true).Foreground(yellow)
	s.Error = r.NewStyle().Bold(true).Foreground(red)
	s.Spinner = r.NewStyle().Foreground(cyan)
	s.Footer = r.NewStyle().MarginTop(1)
	s.KeyHint = r.NewStyle().Bold(true)
	s.BadgeBase = r.NewStyle().Padding(0, 1).Bold(true)
	if noColor {
		// Without colour a badge must still stand out: brackets instead.
		s.BadgeBase = r.NewStyle().Bold(true)
	}
	s.badgeActive = s.BadgeBase.Background(green).Foreground(black)
	s.badgeUpdating = s.BadgeBase.Background(yellow).Foreground(black)
	s.badgeOther = s.BadgeBase.Background(grey).Foreground(white)
	s.badgeBad = s.BadgeBase.Background(red).Foreground(white)
	return s
}

// Badge renders a gateway status: active green, updating yellow, deleting or
// an error red, anything else grey. Without colour it is "[status]".
func (s *Styles) Badge(status string) string {
	label := status
	if label == "" {
		label = "unknown"
	}
	if s.NoColor {
		return s.BadgeBase.Render("[" + label + "]")
	}
	switch status {
	case ipsec.StatusActive:
		return s.badgeActive.Render(label)
	case ipsec.StatusUpdating:
		return s.badgeUpdating.Render(label)
	case ipsec.StatusDeleting, "error":
		return s.badgeBad.Render(label)
	default:
		return s.badgeOther.Render(label)
	}
}

// KVWrap renders aligned "label  value" lines within total columns (0: no
// limit): a long value wraps under itself, not under the labels.
func (s *Styles) KVWrap(width, total int, rows ...[2]string) string {
	var b strings.Builder
	indent := strings.Repeat(" ", width+2)
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		lbl := r[0]
		if pad := width - lipgloss.Width(lbl); pad > 0 {
			lbl += strings.Repeat(" ", pad)
		}
		b.WriteString(s.Label.Render(lbl))
		b.WriteString("  ")
		v := r[1]
		if vw := total - width - 2; total > 0 && vw >= 10 && lipgloss.Width(v) > vw {
			v = strings.ReplaceAll(ansi.Wrap(v, vw, ""), "\n", "\n"+indent)
		}
		b.WriteString(s.Value.Render(v))
	}
	return b.String()
}
