package forms

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// inWizardMsg runs f inside the program's loop, where the wizard may be read.
type inWizardMsg struct {
	f    func(*Wizard)
	done chan struct{}
}

func (r *run) inWizard(f func(*Wizard)) {
	r.t.Helper()
	m := inWizardMsg{f: f, done: make(chan struct{})}
	r.tm.Send(m)
	select {
	case <-m.done:
	case <-time.After(5 * time.Second):
		r.t.Fatal("the wizard did not answer")
	}
}

// TestCachedDrawingsAreFresh walks every page with keys that move the
// focus, change values, type wrong and right text, refuse and resize, and
// after each key holds the frame to one drawn again from nothing, and every
// kept drawing to a fresh one: the cache may save work, never show
// something old.
func TestCachedDrawingsAreFresh(t *testing.T) {
	a := NewAnswers(ipsec.NewServerSpec())
	r := startRun(t, a, testData())
	script := []tea.Msg{
		tea.KeyMsg{Type: tea.KeyRight}, tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyDown},
		tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyRight},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}, tea.KeyMsg{Type: tea.KeyBackspace},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1")}, tea.KeyMsg{Type: tea.KeyEnter},
		tea.KeyMsg{Type: tea.KeyBackspace}, tea.KeyMsg{Type: tea.KeyShiftTab}, tea.KeyMsg{Type: tea.KeyUp},
		tea.WindowSizeMsg{Width: 100, Height: 30}, tea.KeyMsg{Type: tea.KeyTab},
		tea.KeyMsg{Type: tea.KeyLeft}, tea.WindowSizeMsg{Width: 80, Height: 24},
	}
	pages := map[Page]bool{}
	checked := 0
	for step := 0; step < 400; step++ {
		msg := script[step%len(script)]
		if step%len(script) == 0 && step > 0 {
			msg = tea.KeyMsg{Type: tea.KeyEnter} // and on to the next part
		}
		r.tm.Send(msg)
		var stop bool
		r.inWizard(func(w *Wizard) {
			pages[w.page] = true
			stop = w.page == PageReview
			// The frame as drawn equals the frame drawn again from nothing.
			shown := w.View()
			for _, c := range w.drawn {
				c.stale()
			}
			w.refreshAll()
			if again := w.View(); again != shown {
				t.Errorf("step %d (%T), page %v: the frame shown\n%s\ndrawn again from nothing\n%s", step, msg, w.page, shown, again)
			}
			for i, c := range w.drawn {
				if !c.valid {
					continue
				}
				kept, fresh := c.View(), c.Field.View()
				checked++
				if kept != fresh {
					t.Errorf("step %d (%v), page %v, field %d (%s): kept drawing\n%s\nfresh drawing\n%s",
						step, fmt.Sprintf("%T", msg), w.page, i, c.GetKey(), kept, fresh)
				}
			}
		})
		if stop || t.Failed() {
			break
		}
	}
	if !pages[PageReview] || len(pages) < 5 || checked < 100 {
		t.Fatalf("walked pages %v, %d kept drawings checked: the walk did not reach far enough", pages, checked)
	}
}
