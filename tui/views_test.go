package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

func sampleSpec() ipsec.ServerSpec {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = "vpn-sandbox-ready"
	spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16"}
	spec.ClientIpPool = "192.168.0.0/24"
	spec.IkeConfig = &ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha256",
		IkePfs: "group14", IkeLifetime: 86400}
	return spec
}

// screensRoot returns a root and a function that puts it in each state in
// turn, calling f with the state's name.
func eachScreen(t testing.TB, f func(name string, r *root)) {
	// The screens are set up by hand; the API (a real client on a sandbox)
	// is there for what a key may start.
	_, c := startSandbox(t, sandbox.Config{})
	r := newTestRoot(context.Background(), Config{API: c, newWizard: newStubWizard, Target: client.Target{Region: "cn-hangzhou", Endpoint: "127.0.0.1:8642"}})
	r.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	spec := sampleSpec()
	res := client.CreateResult{IpsecServerId: "iss-abc", VpnGatewayId: spec.VpnGatewayId, RegionId: "cn-hangzhou",
		CreationTime: "2025-01-01T00:00:00Z"}

	r.cf().loading.fail(&client.CredentialsError{})
	f("loading-credentials", r)
	r.cf().loading.fail(&client.NetworkError{Action: "DescribeRegions", Endpoint: "127.0.0.1:8642", Err: errors.New("connection refused")})
	f("loading-network", r)
	r.cf().loading.err = nil
	f("loading", r)
	r.cf().wizard = newStubWizard(r.ctx, wizardInit{Answers: forms.NewAnswers(spec)})
	r.cf().state = stateWizard
	f("wizard", r)
	r.cf().state = stateChecking
	r.cf().checking.start(ipsec.Gateway{VpnGatewayId: "vpn-sandbox-ready", Name: "ready"}, false)
	f("checking", r)
	r.cf().state = stateSubmitting
	r.cf().submit.start(spec)
	f("submitting", r)
	r.cf().submit.quitRequested = true
	f("submitting-quit", r)
	r.cf().submit.passed(client.CreateResult{RequestId: "REQ-1"})
	f("dry-run-passed", r)
	r.cf().state = stateTracking
	r.cf().track.start(spec, res, "active")
	now := time.Now()
	for i := range 30 {
		st := ipsec.StatusUpdating
		if i%2 == 0 {
			st = ipsec.StatusActive
		}
		r.cf().track.event(client.GatewayEvent{Time: now, Elapsed: time.Duration(i) * time.Second, Polls: i + 1, Status: st})
	}
	f("tracking", r)
	r.cf().state = stateResult
	r.cf().result.start(spec, res, ipsec.Gateway{VpnGatewayId: spec.VpnGatewayId, Name: "ready", InternetIp: "47.1.2.3"},
		client.GatewayEvent{}, true)
	f("result-loading", r)
	r.cf().result.serversLoaded(serversLoadedMsg{servers: []ipsec.Server{{IpsecServerId: "iss-abc", Psk: "abcdEFGH12345678"}}})
	f("result", r)
	r.cf().state = stateFailure
	r.cf().failure.start(spec, &client.APIError{Action: "CreateIpsecServer", Code: "VpnGateway.SslVpnDisabled",
		Message: "SSL off", RequestId: "REQ-9", HTTPStatus: 400})
	f("failure", r)
}

// Every screen draws at every size, tiny to huge, and at 80x24 fits: no
// line wider than the terminal, no more lines than it has, and the help
// footer is there.
func TestViewsEverySize(t *testing.T) {
	t.Parallel()
	eachScreen(t, func(name string, r *root) {
		for _, sz := range [][2]int{{1, 1}, {10, 3}, {20, 5}, {40, 12}, {300, 100}, {80, 24}} {
			r.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			for _, full := range []bool{false, true} {
				r.ctx.ShowFullHelp = full
				v := r.View()
				if v == "" {
					t.Errorf("%s %v: empty view", name, sz)
				}
			}
			r.ctx.ShowFullHelp = false
		}
		v := r.View()
		lines := strings.Split(v, "\n")
		if name != "wizard" && len(lines) > 24 {
			t.Errorf("%s: %d lines at 80x24:\n%s", name, len(lines), v)
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("%s: line %d wide at 80x24: %q", name, w, ansi.Strip(l))
			}
		}
		if name != "wizard" && !strings.Contains(v, "? more keys") {
			t.Errorf("%s: no help footer:\n%s", name, v)
		}
		if testing.Verbose() {
			t.Logf("===== %s\n%s", name, ansi.Strip(v))
		}
	})
}

// The result screen masks the PSK until p, and p hides it again.
func TestResultPskMasked(t *testing.T) {
	t.Parallel()
	eachScreen(t, func(name string, r *root) {
		if name != "result" {
			return
		}
		if strings.Contains(r.View(), "abcdEFGH12345678") {
			t.Fatal("PSK shown before reveal")
		}
		r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p")})
		if !strings.Contains(r.View(), "abcdEFGH12345678") {
			t.Fatal("PSK not revealed by p")
		}
		r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p")})
		if strings.Contains(r.View(), "abcdEFGH12345678") {
			t.Fatal("PSK still shown after the second p")
		}
	})
}

var sgrColour = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// syncBuffer is a bytes.Buffer safe for the program's writer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Run end to end with real input bytes: the credentials screen, then q.
func TestRunCredentialsScreen(t *testing.T) {
	pr, pw := io.Pipe()
	out := &syncBuffer{}
	done := make(chan struct{})
	var o Outcome
	var err error
	go func() {
		defer close(done)
		o, err = Run(context.Background(), Config{NewAPIErr: &client.CredentialsError{}, Input: pr, Output: out, NoColor: true})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(flatten(out.String()), "No Alibaba Cloud credentials found") {
		if time.Now().After(deadline) {
			t.Fatalf("no credentials screen:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, _ = pw.Write([]byte("q"))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if err != nil || o.ExitCode != client.ExitCredentials {
		t.Fatalf("outcome %+v, err %v", o, err)
	}
	if sgrColour.MatchString(out.String()) {
		t.Errorf("colour written with NoColor")
	}
}

// Run whose context ends (cmd's signal handling) reports a cancel.
func TestRunContextCancelled(t *testing.T) {
	pr, _ := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	sb, c := startSandbox(t, sandbox.Config{})
	done := make(chan struct{})
	var o Outcome
	go func() {
		defer close(done)
		o, _ = Run(ctx, Config{API: c, Input: pr, Output: io.Discard})
	}()
	time.AfterFunc(200*time.Millisecond, cancel)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if o.ExitCode != exitCanceled || sb.RequestCount("CreateIpsecServer") != 0 {
		t.Fatalf("outcome %+v", o)
	}
}

// At the smallest size the wizard draws in (60x20) and at 80x24, no line of
// any screen is wider than the terminal, with the short or the full help:
// the root's screens and the forms wizard inside the root, on every page.
func TestViewsFitWidth(t *testing.T) {
	t.Parallel()
	sizes := [][2]int{{forms.MinWidth, forms.MinHeight}, {80, 24}}
	check := func(name string, sz [2]int, v string) {
		t.Helper()
		for i, l := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%s %dx%d: line %d is %d wide: %q", name, sz[0], sz[1], i, w, ansi.Strip(l))
			}
		}
	}
	checkHeight := func(name string, sz [2]int, v string) {
		t.Helper()
		if n := strings.Count(v, "\n") + 1; n > sz[1] {
			t.Errorf("%s %dx%d: %d lines, more than the terminal has:\n%s", name, sz[0], sz[1], n, ansi.Strip(v))
		}
	}
	eachScreen(t, func(name string, r *root) {
		for _, sz := range sizes {
			r.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			for _, full := range []bool{false, true} {
				r.ctx.ShowFullHelp = full
				check(fmt.Sprintf("%s (full help %v)", name, full), sz, r.View())
				checkHeight(fmt.Sprintf("%s (full help %v)", name, full), sz, r.View())
			}
			r.ctx.ShowFullHelp = false
		}
	})

	_, c := startSandbox(t, sandbox.Config{})
	r := newTestRoot(context.Background(), Config{API: c})
	gws, err := c.ListGateways(context.Background(), sandbox.RegionHangzhou)
	if err != nil {
		t.Fatal(err)
	}
	spec := sampleSpec()
	spec.IpSecServerName = "office"
	a := forms.NewAnswers(spec)
	a.KeySource = ipsec.KeyService
	r.cf().wizard = defaultWizard(r.ctx, wizardInit{Answers: a, Regions: []ipsec.Region{{RegionId: sandbox.RegionHangzhou}},
		Region: sandbox.RegionHangzhou, Gateways: gws})
	r.cf().state = stateWizard
	for _, field := range []string{"VpnGatewayId", "LocalSubnet", "IkeConfig", "IpsecConfig", "Psk", "IpSecServerName", ""} {
		for _, sz := range sizes {
			r.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			r.cf().wizard.Edit(field)
			if v := ansi.Strip(r.View()); strings.Contains(v, "needs a terminal") || !strings.Contains(v, "Step ") {
				t.Errorf("wizard page of %s at %dx%d, the smallest size it draws in, is not drawn:\n%s", orNone(field), sz[0], sz[1], v)
			}
			check("wizard page of "+orNone(field), sz, r.View())
			checkHeight("wizard page of "+orNone(field), sz, r.View())
			r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
			check("wizard page of "+orNone(field)+" (full help)", sz, r.View())
			checkHeight("wizard page of "+orNone(field)+" (full help)", sz, r.View())
			r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
		}
	}
}

// At 60x20 and 80x24 nothing of a screen is lost: a body taller than the
// room scrolls (pgdn/end), says so on its last line, and its last line can
// be brought into view; the view never has more lines than the terminal.
func TestViewsScrollWhenTall(t *testing.T) {
	t.Parallel()
	eachScreen(t, func(name string, r *root) {
		if name == "wizard" {
			return
		}
		for _, sz := range [][2]int{{forms.MinWidth, forms.MinHeight}, {80, 24}} {
			r.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := r.View()
			if n := strings.Count(v, "\n") + 1; n > sz[1] {
				t.Errorf("%s %v: %d lines", name, sz, n)
			}
			body := strings.Split(strings.TrimRight(ansi.Strip(r.ctx.wrap(r.cf().active().View())), "\n "), "\n")
			lastLine := strings.TrimSpace(body[len(body)-1])
			if !r.scrollable {
				if !strings.Contains(ansi.Strip(v), lastLine) {
					t.Errorf("%s %v: fits but its last line %q is not drawn:\n%s", name, sz, lastLine, ansi.Strip(v))
				}
				continue
			}
			if !strings.Contains(ansi.Strip(v), "pgdn") {
				t.Errorf("%s %v: cut without a scroll hint:\n%s", name, sz, ansi.Strip(v))
			}
			for range 10 {
				r.Update(tea.KeyMsg{Type: tea.KeyPgDown})
				v = r.View()
			}
			if !strings.Contains(ansi.Strip(v), lastLine) || !strings.Contains(ansi.Strip(v), "pgup") {
				t.Errorf("%s %v: pgdn does not reach the last line %q:\n%s", name, sz, lastLine, ansi.Strip(v))
			}
			if n := strings.Count(v, "\n") + 1; n > sz[1] {
				t.Errorf("%s %v scrolled: %d lines", name, sz, n)
			}
			r.Update(tea.KeyMsg{Type: tea.KeyHome})
			if v := ansi.Strip(r.View()); !strings.Contains(v, strings.TrimSpace(body[0])) {
				t.Errorf("%s %v: home does not go back to the top:\n%s", name, sz, v)
			}
		}
	})
}

// Writing swanctl.conf on a small terminal brings its outcome into view.
func TestResultWriteScrollsToOutcome(t *testing.T) {
	t.Parallel()
	eachScreen(t, func(name string, r *root) {
		if name != "result" {
			return
		}
		r.ctx.SwanctlPath = t.TempDir() + "/c.conf"
		r.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
		if v := ansi.Strip(r.View()); strings.Contains(v, "Wrote") || !r.scrollable {
			t.Fatalf("setup: %v\n%s", r.scrollable, v)
		}
		_, cmd := r.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("w")})
		if cmd == nil {
			t.Fatal("w wrote nothing")
		}
		r.Update(cmd())
		if v := ansi.Strip(r.View()); !strings.Contains(v, "✓ Wrote") || strings.Count(v, "\n")+1 > 20 {
			t.Errorf("the outcome of w is not in view:\n%s", v)
		}
	})
}

// A list entry wraps under its own text, and a path after it is never
// split: it moves to a line of its own when the line has no room.
func TestListItemKeepsCodeWhole(t *testing.T) {
	ctx := newContext(Config{})
	ctx.Width = 50
	path := "iss-37m8yxmd0ovkztduwwa3.mobileconfig"
	got := ctx.item("  2  ", "an IKEv2 profile (.mobileconfig) for macOS, iOS and iPadOS:", path)
	lines := strings.Split(got, "\n")
	if lines[len(lines)-1] != "     "+path {
		t.Errorf("the path is not whole on its own line under the text:\n%s", got)
	}
	for i, l := range lines {
		if i > 0 && !strings.HasPrefix(l, "     ") {
			t.Errorf("line %d is not under the text: %q\n%s", i, l, got)
		}
		if w := ansi.StringWidth(l); w > ctx.contentWidth() {
			t.Errorf("line %d is %d wide, over %d: %q", i, w, ctx.contentWidth(), l)
		}
	}
	if short := ctx.item("  1  ", "strongSwan:", "a.conf"); short != "  1  strongSwan: a.conf" {
		t.Errorf("a short entry = %q, want it on one line", short)
	}
}
