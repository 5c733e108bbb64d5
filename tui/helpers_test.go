package tui

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	// The programs under test wait on sandboxes and the gateway's rhythm:
	// run more of them at once than one per core, unless -parallel says.
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "12")
	}
	os.Exit(m.Run())
}

// harness runs a root model under teatest.
type harness struct {
	t    testing.TB
	tm   *teatest.TestModel
	root *root
}

func startRoot(t testing.TB, cfg Config) *harness {
	t.Helper()
	if cfg.newWizard == nil {
		cfg.newWizard = newStubWizard
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	r := newTestRoot(ctx, cfg)
	tm := teatest.NewTestModel(t, probed{r}, teatest.WithInitialTermSize(80, 24))
	h := &harness{t: t, tm: tm, root: r}
	t.Cleanup(func() { _ = tm.Quit() })
	return h
}

// startFollowRoot runs a root following gatewayID (ipsecwiz status).
func startFollowRoot(t testing.TB, cfg Config, gatewayID string) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg = cfg.withDefaults()
	c := newContext(cfg)
	r := newRoot(c, newFollowFlow(ctx, c, cfg, gatewayID))
	tm := teatest.NewTestModel(t, probed{r}, teatest.WithInitialTermSize(80, 24))
	h := &harness{t: t, tm: tm, root: r}
	t.Cleanup(func() { _ = tm.Quit() })
	return h
}

// waitFor waits until every one of subs has appeared in the output (ANSI
// stripped) since the last wait.
func (h *harness) waitFor(subs ...string) {
	h.t.Helper()
	h.waitForWithin(20*time.Second, subs...) // generous: -race on two cores
}

func (h *harness) waitForWithin(d time.Duration, subs ...string) {
	h.t.Helper()
	teatest.WaitFor(h.t, h.tm.Output(), func(b []byte) bool {
		s := flatten(string(b))
		for _, sub := range subs {
			if !strings.Contains(s, flatten(sub)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(d), teatest.WithCheckInterval(10*time.Millisecond))
}

// flatten strips ANSI and collapses whitespace so a match survives wrapping
// and the renderer's cursor moves.
func flatten(s string) string {
	return strings.Join(strings.Fields(ansi.Strip(s)), " ")
}

func (h *harness) key(k string) {
	switch k {
	case "ctrl+c":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	case "enter":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	case "esc":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	case "tab":
		h.tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	default:
		h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
}

// resize sends tiny and large sizes, then back to 80x24.
func (h *harness) resize() {
	for _, sz := range [][2]int{{1, 1}, {10, 3}, {20, 5}, {300, 100}, {80, 24}} {
		h.tm.Send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
	}
}

// outcome waits for the program to end and returns the root's outcome.
func (h *harness) outcome() Outcome {
	h.t.Helper()
	h.tm.WaitFinished(h.t, teatest.WithFinalTimeout(15*time.Second))
	return h.root.outcome
}

// probed wraps the root so a test can read the current view from inside the
// program's loop (no race with Update).
type probed struct{ *root }

type probeMsg struct{ ch chan string }

// inspectMsg runs f on the root inside the program's loop.
type inspectMsg struct {
	f    func(*root)
	done chan struct{}
}

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case probeMsg:
		m.ch <- p.root.View() + "\x00state=" + p.root.flow.Screen()
		return p, nil
	case inspectMsg:
		m.f(p.root)
		close(m.done)
		return p, nil
	}
	_, cmd := p.root.Update(msg)
	return p, cmd
}

// view returns the current view ("" once the program has ended).
func (h *harness) view() string {
	ch := make(chan string, 1)
	go h.tm.Send(probeMsg{ch})
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return ""
	}
}

// inspect runs f on the root inside the program's loop (no race with
// Update); false when the program has ended.
func (h *harness) inspect(f func(*root)) bool {
	done := make(chan struct{})
	go h.tm.Send(inspectMsg{f: f, done: done})
	select {
	case <-done:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// waitView polls the live view until it contains every one of subs.
func (h *harness) waitView(subs ...string) string {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var v string
	for time.Now().Before(deadline) {
		v = h.view()
		ok := true
		for _, s := range subs {
			if !strings.Contains(flatten(v), flatten(s)) {
				ok = false
				break
			}
		}
		if ok {
			return v
		}
		time.Sleep(15 * time.Millisecond)
	}
	h.t.Fatalf("view never showed %q; last view:\n%s", subs, v)
	return v
}

// cf is the root's create flow, for tests that set its screens up by hand.
func (r *root) cf() *wizardFlow { return r.flow.(*wizardFlow) }

// newTestRoot is a root with a create flow on cfg.
func newTestRoot(run context.Context, cfg Config) *root {
	cfg = cfg.withDefaults()
	c := newContext(cfg)
	return newRoot(c, newWizardFlow(run, c, cfg))
}

// leaveResult leaves the result screen of a create whose key was generated
// here and kept nowhere: q asks first, q again leaves.
func (h *harness) leaveResult() {
	h.t.Helper()
	h.key("q")
	h.waitView("has not been shown or saved")
	h.key("q")
}
