package tui

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
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
	r := newTestRoot(context.Background(), Config{API: c})
	r.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	gws, err := c.ListGateways(context.Background(), sandbox.RegionHangzhou)
	if err != nil {
		b.Fatal(err)
	}
	r.cf().wizard = defaultWizard(r.ctx, wizardInit{Answers: forms.NewAnswers(ipsec.NewServerSpec()),
		Regions: []ipsec.Region{{RegionId: "cn-hangzhou"}}, Region: "cn-hangzhou", Gateways: gws})
	runCmd(r, r.cf().wizard.Init())
	r.cf().state = stateWizard
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

// BenchmarkTransitionToScreen is the tracking target (a gateway
// transition in the sandbox appears on screen within 1 s, median, during the
// first 30 s): each iteration creates a server through the root on a fresh
// sandbox and measures, for both flips (updating, then active), the time from
// the sandbox's log line to the screen first showing it. Run it with
// go test ./tui/ -run '^$' -bench TransitionToScreen -benchtime 5x
func BenchmarkTransitionToScreen(b *testing.B) {
	var (
		mu        sync.Mutex
		latencies []time.Duration
	)
	for i := 0; b.Loop(); i++ {
		latencyRun(b, i%3, &mu, &latencies)
	}
	if len(latencies) == 0 {
		b.Fatal("no transition observed")
	}
	slices.Sort(latencies)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(latencies[len(latencies)/2]), "median-ms")
	b.ReportMetric(ms(latencies[len(latencies)-1]), "max-ms")
	b.ReportMetric(0, "ns/op")
}
