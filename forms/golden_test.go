package forms

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// TestGolden pins every page at 80x24 (colour profile Ascii, see TestMain).
// Run with -update to rewrite testdata/TestGolden/*.golden.
func TestGolden(t *testing.T) {
	pages := []struct {
		name string
		page Page
		sub  int
	}{
		{"1-gateway", PageGateway, 0}, {"1-gateway-typed", PageGateway, 1}, {"2-subnets", PageSubnets, 0},
		{"3-profile", PageProfile, 0}, {"4-ike", PageIke, 0}, {"4-ike-lifetime", PageIke, 1}, {"5-ipsec", PageIpsec, 0}, {"6-auth", PageAuth, 0},
		{"6-auth-typed", PageAuth, 1}, {"7-options", PageOptions, 0}, {"8-review", PageReview, 0}, {"8-review-edit", PageReview, 1},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			a, data := readyAnswers(PageOptions)
			a.Profile = ipsec.ProfileCustom
			w := NewWizard(a, data, WithSize(80, 24), WithCommand(export.AliyunCLICommand))
			w.enter(p.page, p.sub)
			golden.RequireEqual(t, []byte(w.View()))
		})
	}
	t.Run("too-small", func(t *testing.T) {
		w := NewWizard(readyAnswers(PageOptions))
		w.Update(tea.WindowSizeMsg{Width: 50, Height: 15})
		golden.RequireEqual(t, []byte(w.View()))
	})
	t.Run("subnets-error", func(t *testing.T) {
		a, data := readyAnswers(PageGateway)
		w := NewWizard(a, data, WithSize(80, 24), WithCommand(export.AliyunCLICommand))
		w.Update(tea.KeyMsg{Type: tea.KeyEnter}) // huh moves focus with a command: run it
		w.form.NextField()
		w.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
		w.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("192.168.1.5/24")})
		w.Update(tea.KeyMsg{Type: tea.KeyEnter})
		golden.RequireEqual(t, []byte(w.View()))
	})
}

// BenchmarkKeystroke is one keystroke's Update plus View on the largest page
// (IKE algorithms: five fields); the budget is 1 ms.
func BenchmarkKeystroke(b *testing.B) {
	a, data := readyAnswers(PageOptions)
	a.Profile = ipsec.ProfileCustom
	w := NewWizard(a, data, WithSize(120, 40), WithCommand(export.AliyunCLICommand))
	w.enter(PageIke, 0)
	keys := []tea.KeyMsg{{Type: tea.KeyRight}, {Type: tea.KeyLeft}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w.Update(keys[i%2])
		_ = w.View()
		i++
	}
}

// BenchmarkTypeInGatewayPage types into the gateway id on the typed page.
func BenchmarkTyping(b *testing.B) {
	a, data := readyAnswers(PageGateway)
	w := NewWizard(a, data, WithSize(120, 40), WithCommand(export.AliyunCLICommand))
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("1")}, {Type: tea.KeyBackspace}}
	i := 0
	for b.Loop() {
		w.Update(keys[i%2])
		_ = w.View()
		i++
	}
}

// BenchmarkPages is one keystroke's Update plus View on every page at 80x24.
func BenchmarkPages(b *testing.B) {
	for p := PageGateway; p <= PageReview; p++ {
		b.Run(p.Title(), func(b *testing.B) {
			a, data := readyAnswers(PageOptions)
			a.Profile = ipsec.ProfileCustom
			w := NewWizard(a, data, WithSize(80, 24), WithCommand(export.AliyunCLICommand))
			w.enter(p, 0)
			keys := []tea.KeyMsg{{Type: tea.KeyRight}, {Type: tea.KeyLeft}}
			i := 0
			for b.Loop() {
				w.Update(keys[i%2])
				_ = w.View()
				i++
			}
		})
	}
}
