package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// benchKey measures Update plus View for one key on the screen of name.
func benchKey(b *testing.B, name string, k tea.KeyMsg) {
	found := false
	eachScreen(b, func(n string, r *root) {
		if n != name {
			return
		}
		found = true
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			r.Update(k)
			_ = r.View()
		}
		b.StopTimer()
	})
	if !found {
		b.Fatalf("no screen %s", name)
	}
}

var keyHelp = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")}

func BenchmarkLoadingKey(b *testing.B)  { benchKey(b, "loading-network", keyHelp) }
func BenchmarkCheckingKey(b *testing.B) { benchKey(b, "checking", keyHelp) }
func BenchmarkSubmitKey(b *testing.B)   { benchKey(b, "submitting", keyHelp) }
func BenchmarkDryRunKey(b *testing.B)   { benchKey(b, "dry-run-passed", keyHelp) }
func BenchmarkTrackingKey(b *testing.B) { benchKey(b, "tracking", keyHelp) }
func BenchmarkResultKey(b *testing.B) {
	benchKey(b, "result", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p")})
}
func BenchmarkFailureKey(b *testing.B) { benchKey(b, "failure", keyHelp) }

// The forms wizard inside the root: a cursor key on the gateway page.
func BenchmarkWizardKey(b *testing.B) {
	_, c := startSandbox(b, sandbox.Config{})
	r := newRoot(context.Background(), Config{API: c})
	r.setSize(80, 24)
	gws, err := c.ListGateways(context.Background(), sandbox.RegionHangzhou)
	if err != nil {
		b.Fatal(err)
	}
	r.wizard = defaultWizard(r.ctx, wizardInit{Answers: forms.NewAnswers(client.NewServerSpec()),
		Regions: []client.Region{{RegionId: "cn-hangzhou"}}, Region: "cn-hangzhou", Gateways: gws})
	runCmd(r, r.wizard.Init())
	r.state = stateWizard
	down := tea.KeyMsg{Type: tea.KeyDown}
	up := tea.KeyMsg{Type: tea.KeyUp}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		k := down
		if i%2 == 1 {
			k = up
		}
		i++
		r.Update(k)
		_ = r.View()
	}
}

// runCmd runs cmd's messages (not ticks) into r, synchronously, a few levels deep.
func runCmd(r *root, cmd tea.Cmd) {
	var run func(tea.Cmd, int)
	run = func(c tea.Cmd, depth int) {
		if c == nil || depth > 4 {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(50 * time.Millisecond):
			return // a tick or a blocking read: skip it
		}
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				run(c, depth+1)
			}
			return
		}
		if msg != nil {
			_, next := r.Update(msg)
			run(next, depth+1)
		}
	}
	run(cmd, 0)
}
