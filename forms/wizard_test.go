package forms

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

type run struct {
	t  *testing.T
	tm *teatest.TestModel
	h  *host
}

func startRun(t *testing.T, a *Answers, data ipsec.Facts) *run {
	t.Helper()
	h := newHost(a, data)
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
	return &run{t: t, tm: tm, h: h}
}

// flatten is the drawn text with escape sequences removed and wrapped lines
// joined by one space, so a message matches wherever the terminal wrapped it.
func flatten(b []byte) string {
	lines := strings.Split(strings.ReplaceAll(ansi.Strip(string(b)), "\r", ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}

// wait blocks until every one of subs has been drawn since the last wait.
func (r *run) wait(subs ...string) {
	r.t.Helper()
	seen := make([]bool, len(subs))
	var last []byte
	teatest.WaitFor(r.t, r.tm.Output(), func(b []byte) bool {
		last = b
		text := flatten(b)
		// huh marks the focused field's lines with a bar: a message
		// wrapped there reads on across it.
		bare := strings.ReplaceAll(text, " ┃ ", " ")
		all := true
		for i, s := range subs {
			seen[i] = seen[i] || strings.Contains(text, s) || strings.Contains(bare, s)
			all = all && seen[i]
		}
		return all
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	_ = last
}

func (r *run) key(t tea.KeyType, n ...int) {
	times := 1
	if len(n) > 0 {
		times = n[0]
	}
	for range times {
		r.tm.Send(tea.KeyMsg{Type: t})
	}
}

func (r *run) typ(s string) { r.tm.Type(s) }

type snapshotMsg chan string

// snapshot is the wizard's current View, read inside the program's loop.
func (r *run) snapshot() string {
	ch := make(snapshotMsg, 1)
	r.tm.Send(ch)
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		r.t.Fatal("no snapshot")
		return ""
	}
}

// focus waits until the field titled title has the focus (huh draws a
// thick bar before the focused field).
func (r *run) focus(title string) {
	r.t.Helper()
	r.wait("┃ " + title)
}

// next presses enter and waits for the focus to reach the field titled title.
func (r *run) next(title string) {
	r.t.Helper()
	r.key(tea.KeyEnter)
	r.focus(title)
}

// final stops the program (if it has not stopped) and returns the host.
func (r *run) final() *host {
	r.t.Helper()
	_ = r.tm.Quit()
	return r.tm.FinalModel(r.t, teatest.WithFinalTimeout(5*time.Second)).(*host)
}

// readyAnswers is a spec complete up to and including page upTo.
func readyAnswers(upTo Page) (*Answers, ipsec.Facts) {
	data := testData()
	s := ipsec.NewServerSpec()
	if upTo >= PageGateway {
		s.VpnGatewayId = gwReady.VpnGatewayId
		data.Details = testDetails[gwReady.VpnGatewayId]
	}
	if upTo >= PageSubnets {
		s.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16", "10.10.0.0/16"}
		s.ClientIpPool = "192.168.0.0/24"
	}
	a := NewAnswers(s)
	if upTo >= PageProfile {
		a.Profile = ipsec.ProfileRecommended
		ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
		a.Spec.IkeConfig, a.Spec.IpsecConfig = &ike, &phase2
	}
	if upTo >= PageAuth {
		a.KeySource = ipsec.KeyService
	}
	if upTo >= PageOptions {
		a.Spec.IpSecServerName = "office-vpn"
	}
	return a, data
}

func TestWizardHappyPath(t *testing.T) {
	r := startRun(t, NewAnswers(ipsec.NewServerSpec()), testData())
	r.wait("Step 1 of 6 · VPN gateway", "ready-hz")
	r.next("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyEnter) // the first gateway: ready
	r.wait("Step 2 of 6 · Subnets", "172.16.0.0/16, 10.10.0.0/16", "192.168.0.0/24 holds 64 clients", "allows 5")
	r.next("Client IP pool")
	r.key(tea.KeyEnter)
	r.wait("Step 3 of 6 · Security profile")
	r.key(tea.KeyEnter)
	r.wait("Step 4 of 6 · Authentication")
	r.key(tea.KeyEnter) // generate here
	r.wait("Step 5 of 6 · Name and options", "ipsec-ready-hz")
	r.next("Connect immediately")
	r.next("Precheck only")
	r.key(tea.KeyEnter)
	r.wait("Step 6 of 6 · Review", "192.168.0.0/24 (64 clients)")
	r.key(tea.KeyEnter) // create
	h := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if h.submitted == nil || h.submitted.Action != ActionCreate {
		t.Fatalf("not submitted: %+v", h.submitted)
	}
	s := h.submitted.Spec
	if s.VpnGatewayId != "vpn-sandbox-ready" || s.RegionId != "cn-hangzhou" || s.LocalSubnet.String() != "172.16.0.0/16,10.10.0.0/16" ||
		s.ClientIpPool != "192.168.0.0/24" || s.IpSecServerName != "ipsec-ready-hz" || s.DryRun || !s.PskEnabled {
		t.Fatalf("spec: %+v", s)
	}
	if *s.IkeConfig != ipsec.RecommendedIke() || *s.IpsecConfig != ipsec.RecommendedIpsec() {
		t.Fatalf("proposals: %+v %+v", s.IkeConfig, s.IpsecConfig)
	}
	if len(s.Psk.Reveal()) != ipsec.GeneratedPskLength {
		t.Fatalf("psk not generated")
	}
	if len(h.chosen) != 1 || h.chosen[0] != "vpn-sandbox-ready" {
		t.Fatalf("details requested for %v", h.chosen)
	}
}

func TestGatewayPageRefusals(t *testing.T) {
	r := startRun(t, NewAnswers(ipsec.NewServerSpec()), testData())
	r.wait("Step 1 of 6")
	r.next("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyDown) // nossl
	r.key(tea.KeyEnter)
	r.wait("SSL-VPN is off on this gateway")
	r.key(tea.KeyDown) // vpnconn: passes the list check, refused after the details
	r.key(tea.KeyEnter)
	r.wait("has 1 IPsec-VPN")
	r.key(tea.KeyDown) // hasserver: what to do with the server it holds
	r.key(tea.KeyEnter)
	r.wait("This gateway has an IPsec server", "already holds IPsec server iss-sandbox-hasserver", "Change it", "Delete it")
	r.key(tea.KeyEsc) // back to the list, the gateway still highlighted
	r.focus("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyDown) // locked
	r.key(tea.KeyEnter)
	r.wait("top up your account")
	r.key(tea.KeyDown) // busy: checked, then offered a wait
	r.key(tea.KeyEnter)
	r.wait("This gateway is busy", "Wait here until it is active", "Nothing has been sent")
	h := r.final()
	if h.w.Page() != PageGateway || h.w.s.a.Spec.VpnGatewayId != "" {
		t.Fatalf("advanced to %v with %q", h.w.Page(), h.w.s.a.Spec.VpnGatewayId)
	}
	if strings.Join(h.chosen, ",") != "vpn-sandbox-vpnconn,vpn-sandbox-hasserver,vpn-sandbox-busy" {
		t.Fatalf("details requested for %v (ineligible ones must be refused without a call)", h.chosen)
	}
}

func TestGatewayTypedAndUnknown(t *testing.T) {
	r := startRun(t, NewAnswers(ipsec.NewServerSpec()), testData())
	r.wait("Step 1 of 6")
	r.next("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyUp) // wraps to "Type a gateway ID…"
	r.key(tea.KeyEnter)
	r.wait("Type the id of a gateway in cn-hangzhou")
	r.typ("VPN-X")
	r.key(tea.KeyEnter)
	r.wait("did you mean vpn-x?")
	r.key(tea.KeyCtrlE) // use the suggestion
	r.key(tea.KeyEnter)
	r.wait("could not check vpn-x")
	r.key(tea.KeyShiftTab) // back to the list
	r.wait("ready-hz")
	h := r.final()
	if h.w.Page() != PageGateway || h.w.sub != 0 {
		t.Fatalf("page %v sub %d", h.w.Page(), h.w.sub)
	}
	if strings.Join(h.chosen, ",") != "vpn-x" {
		t.Fatalf("chosen %v", h.chosen)
	}
}

func TestRegionChangeLoadsGateways(t *testing.T) {
	r := startRun(t, NewAnswers(ipsec.NewServerSpec()), testData())
	r.wait("Step 1 of 6")
	r.key(tea.KeyDown)
	r.key(tea.KeyEnter)
	r.wait("ready-sh", "(1 in cn-shanghai)")
	r.key(tea.KeyEnter)
	r.wait("Step 2 of 6", "192.168.0.0/16", "10.0.0.0/24") // the pool avoids the VPC
	h := r.final()
	if strings.Join(h.regions, ",") != "cn-shanghai" || h.w.s.a.Spec.RegionId != "cn-shanghai" {
		t.Fatalf("regions %v spec %q", h.regions, h.w.s.a.Spec.RegionId)
	}
}

func TestSubnetsPage(t *testing.T) {
	a, data := readyAnswers(PageGateway)
	r := startRun(t, a, data)
	r.wait("Step 2 of 6 · Subnets")
	// A bad local subnet does not advance.
	r.typ(", 10.0.0.0/33")
	r.key(tea.KeyEnter)
	r.wait("10.0.0.0/33", "not a valid IPv4 CIDR block")
	r.key(tea.KeyBackspace, len("10.0.0.0/33"))
	r.typ("1.2.3.4/8")
	r.key(tea.KeyEnter)
	r.wait("did you mean 1.0.0.0/8?", "ctrl+e: use")
	r.key(tea.KeyCtrlE)
	r.wait("10.10.0.0/16, 1.0.0.0/8")
	r.next("Client IP pool")
	// Pool: host bits, then overlap, then a good one.
	r.key(tea.KeyCtrlU)
	r.typ("192.168.1.5/24")
	r.key(tea.KeyEnter)
	r.wait("did you mean 192.168.1.0/24?")
	r.key(tea.KeyCtrlU)
	r.typ("10.10.8.0/24")
	r.key(tea.KeyEnter)
	r.wait("overlaps the local subnet 10.10.0.0/16")
	r.key(tea.KeyCtrlU)
	r.typ("192.168.0.0/30")
	r.key(tea.KeyEnter)
	r.wait("must be /16 to /29")
	r.key(tea.KeyCtrlU)
	r.typ("192.168.8.0/29")
	r.wait("holds 2 clients")
	if v := flatten([]byte(r.snapshot())); !strings.Contains(strings.ReplaceAll(v, "┃ ", ""), "too small for 5 clients") {
		t.Fatalf("no capacity warning in %q", v)
	}
	r.key(tea.KeyEnter)
	r.wait("Step 3 of 6")
	h := r.final()
	if got := h.w.s.a.Spec.LocalSubnet.String(); got != "172.16.0.0/16,10.10.0.0/16,1.0.0.0/8" {
		t.Fatalf("local %q", got)
	}
	if h.w.s.a.Spec.ClientIpPool != "192.168.8.0/29" {
		t.Fatalf("pool %q", h.w.s.a.Spec.ClientIpPool)
	}
}

func TestBackFromInvalidField(t *testing.T) {
	a, data := readyAnswers(PageGateway)
	r := startRun(t, a, data)
	r.wait("Step 2 of 6")
	r.next("Client IP pool")
	r.key(tea.KeyCtrlU)
	r.typ("bad")
	r.key(tea.KeyEnter)
	r.wait("is not an IPv4 CIDR block")
	r.key(tea.KeyShiftTab) // to the local subnets, despite the error
	r.key(tea.KeyShiftTab) // to the previous page
	r.wait("Step 1 of 6")
	// On page 1, a select showing an error can be left backwards too.
	r.next("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyDown)
	r.key(tea.KeyEnter)
	r.wait("SSL-VPN is off")
	r.key(tea.KeyShiftTab)
	r.key(tea.KeyShiftTab)
	r.wait("This is the first page.")
	r.next("VPN gateway (VpnGatewayId)")
	r.key(tea.KeyUp) // back to ready
	r.key(tea.KeyEnter)
	r.wait("Step 2 of 6")
	r.next("Client IP pool")
	r.key(tea.KeyEsc)
	r.wait("Step 1 of 6")
	h := r.final()
	if h.w.Page() != PageGateway || h.w.s.a.m.pool != "bad" || h.w.s.a.Spec.ClientIpPool != "" {
		t.Fatalf("page %v pool mirror %q spec %q", h.w.Page(), h.w.s.a.m.pool, h.w.s.a.Spec.ClientIpPool)
	}
}

func TestCustomProfilePages(t *testing.T) {
	a, data := readyAnswers(PageSubnets)
	r := startRun(t, a, data)
	r.wait("Step 3 of 6")
	r.key(tea.KeyDown, 2)
	r.key(tea.KeyEnter)
	r.wait("Step 4 of 8 · IKE (phase 1)", "ikev2 (recommended)")
	r.next("Phase 1 encryption")
	r.key(tea.KeyLeft)     // aes192
	r.key(tea.KeyLeft)     // aes
	r.key(tea.KeyRight, 4) // aes192 aes256 des 3des
	r.wait("IkeEncAlg 3des is weak")
	r.next("Phase 1 integrity")
	r.next("Phase 1 DH group")
	r.key(tea.KeyEnter)
	r.focus("Phase 1 lifetime") // the second part: IKEv2 asks no mode
	r.key(tea.KeyBackspace, 5)
	r.typ("90000")
	r.key(tea.KeyEnter)
	r.wait("90000 is out of range")
	r.key(tea.KeyBackspace, 5)
	r.typ("28800")
	r.next("Local identity")
	r.typ("vpn")
	r.key(tea.KeyEnter)
	r.wait("neither an IP address")
	r.typ(".example.com")
	r.next("Remote identity")
	r.key(tea.KeyEnter) // remote id empty
	r.wait("Step 5 of 8 · IPsec (phase 2)")
	r.next("Phase 2 integrity")
	r.key(tea.KeyRight) // sha256 -> sha384
	r.next("Phase 2 PFS group")
	r.next("Phase 2 lifetime")
	r.key(tea.KeyEnter)
	r.wait("Step 6 of 8 · Authentication")
	h := r.final()
	ike, phase2 := h.w.s.a.Spec.IkeConfig, h.w.s.a.Spec.IpsecConfig
	if ike == nil || ike.IkeEncAlg != "3des" || ike.IkeLifetime != 28800 || ike.LocalId != "vpn.example.com" || ike.RemoteId != "" {
		t.Fatalf("ike %+v", ike)
	}
	if phase2 == nil || phase2.IpsecEncAlg != "aes256" || phase2.IpsecAuthAlg != "sha384" || phase2.IpsecLifetime != 86400 {
		t.Fatalf("ipsec %+v", phase2)
	}
	if h.w.s.a.Profile != ipsec.ProfileCustom {
		t.Fatalf("profile %q", h.w.s.a.Profile)
	}
}

func TestServiceDefaultsSkipsCustomPages(t *testing.T) {
	a, data := readyAnswers(PageSubnets)
	r := startRun(t, a, data)
	r.wait("Step 3 of 6")
	r.key(tea.KeyDown)
	r.key(tea.KeyEnter)
	r.wait("Step 4 of 6")
	r.key(tea.KeyEsc)
	r.wait("Step 3 of 6")
	h := r.final()
	if h.w.s.a.Spec.IkeConfig != nil || h.w.s.a.Spec.IpsecConfig != nil || h.w.s.a.Profile != ipsec.ProfileServiceDefault {
		t.Fatalf("service defaults must send nothing: %+v %+v", h.w.s.a.Spec.IkeConfig, h.w.s.a.Spec.IpsecConfig)
	}
}

func TestAuthTypedKey(t *testing.T) {
	a, data := readyAnswers(PageIpsec)
	r := startRun(t, a, data)
	r.wait("Step 4 of 6")
	r.key(tea.KeyDown, 2)
	r.key(tea.KeyEnter)
	r.wait("Pre-shared key, again")
	r.key(tea.KeyEnter)
	r.wait("a key of 1 to 100")
	r.typ("s3cret-Key")
	r.next("Pre-shared key, again")
	r.typ("s3cret-Kex")
	r.key(tea.KeyEnter)
	r.wait("the two entries differ")
	r.key(tea.KeyBackspace)
	r.typ("y")
	r.key(tea.KeyEnter)
	r.wait("Step 5 of 6")
	h := r.final()
	if h.w.s.a.Spec.Psk.Reveal() != "s3cret-Key" || h.w.s.a.KeySource != ipsec.KeyProvided {
		t.Fatalf("psk not stored")
	}
	if strings.Contains(h.w.View(), "s3cret") {
		t.Fatal("the key is on screen")
	}
}

func TestEditFromReview(t *testing.T) {
	a, data := readyAnswers(PageOptions)
	a.Spec.EffectImmediately = true
	r := startRun(t, a, data)
	r.wait("Step 6 of 6 · Review", "What now?")
	r.key(tea.KeyDown, 2) // edit a section
	r.key(tea.KeyEnter)
	r.wait("Edit which section?")
	r.key(tea.KeyDown) // subnets
	r.key(tea.KeyEnter)
	r.wait("┃ Local subnets (LocalSubnet)", "172.16.0.0/16, 10.10.0.0/16", "192.168.0.0/24")
	r.next("Client IP pool")
	r.key(tea.KeyCtrlU)
	r.typ("192.168.7.0/24")
	r.key(tea.KeyEnter)
	r.wait("Step 6 of 6", "192.168.7.0/24 (64 clients)")
	// esc while editing returns to the review too.
	r.key(tea.KeyDown, 2)
	r.key(tea.KeyEnter)
	r.wait("Edit which section?")
	r.key(tea.KeyDown, 4) // options
	r.key(tea.KeyEnter)
	r.focus("Server name (IpSecServerName)")
	r.key(tea.KeyEsc)
	r.wait("Step 6 of 6", "┃ What now?")
	r.key(tea.KeyDown) // dry run
	r.key(tea.KeyEnter)
	h := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if h.submitted == nil || h.submitted.Action != ActionDryRun || !h.submitted.Spec.DryRun {
		t.Fatalf("submitted %+v", h.submitted)
	}
	s := h.submitted.Spec
	if s.ClientIpPool != "192.168.7.0/24" || s.IpSecServerName != "office-vpn" || !s.EffectImmediately ||
		s.LocalSubnet.String() != "172.16.0.0/16,10.10.0.0/16" || s.VpnGatewayId != "vpn-sandbox-ready" {
		t.Fatalf("values not kept: %+v", s)
	}
}

func TestPrefilledStart(t *testing.T) {
	// Gateway given but not checked yet: the wizard asks the host, then
	// starts on the first page that needs an answer.
	s := ipsec.NewServerSpec()
	s.VpnGatewayId = gwReady.VpnGatewayId
	s.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	s.ClientIpPool = "192.168.50.0/24"
	a := NewAnswers(s)
	a.Profile = ipsec.ProfileRecommended
	r := startRun(t, a, testData())
	r.wait("Step 4 of 6 · Authentication")
	h := r.final()
	if strings.Join(h.chosen, ",") != gwReady.VpnGatewayId || h.w.Page() != PageAuth {
		t.Fatalf("chosen %v page %v", h.chosen, h.w.Page())
	}
	// Everything given: straight to the review.
	a2, data2 := readyAnswers(PageOptions)
	if p := NewWizard(a2, data2).Page(); p != PageReview {
		t.Fatalf("complete answers start on %v", p)
	}
	// A given gateway that cannot take a server: page 1 with the reason.
	s3 := ipsec.NewServerSpec()
	s3.VpnGatewayId = gwLocked.VpnGatewayId
	r3 := startRun(t, NewAnswers(s3), testData())
	r3.wait("Step 1 of 6", "top up your account")
	if h := r3.final(); h.w.Page() != PageGateway {
		t.Fatalf("page %v", h.w.Page())
	}
	// A given gateway that holds a server: what to do with it.
	s4 := ipsec.NewServerSpec()
	s4.VpnGatewayId = gwHasServer.VpnGatewayId
	r4 := startRun(t, NewAnswers(s4), testData())
	r4.wait("Step 1 of 6", "This gateway has an IPsec server")
	if h := r4.final(); h.w.Page() != PageGateway || h.w.sub != 2 {
		t.Fatalf("page %v part %d", h.w.Page(), h.w.sub)
	}
}

func TestCancel(t *testing.T) {
	r := startRun(t, NewAnswers(ipsec.NewServerSpec()), testData())
	r.wait("Step 1 of 6")
	r.key(tea.KeyCtrlC) // nothing entered: no question
	h := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if !h.cancelled {
		t.Fatal("not cancelled")
	}

	a, data := readyAnswers(PageGateway)
	r = startRun(t, a, data)
	r.wait("Step 2 of 6")
	r.typ("x")
	r.key(tea.KeyCtrlC)
	r.wait("Cancel the wizard?")
	r.typ("n")
	r.wait("enter next")
	r.key(tea.KeyCtrlC)
	r.wait("Cancel the wizard?")
	r.typ("y")
	h = r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if !h.cancelled {
		t.Fatal("not cancelled after y")
	}
	if h.w.s.a.m.localSubnets != "172.16.0.0/16, 10.10.0.0/16x" {
		t.Fatalf("n must keep the input: %q", h.w.s.a.m.localSubnets)
	}
}

func TestResize(t *testing.T) {
	a, data := readyAnswers(PageGateway)
	r := startRun(t, a, data)
	r.wait("Step 2 of 6")
	r.next("Client IP pool")
	r.tm.Send(tea.WindowSizeMsg{Width: 50, Height: 15})
	r.wait("at least 60x20")
	r.typ("zzz") // ignored while too small
	r.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	r.wait("Step 2 of 6", "Client IP pool (ClientIpPool)")
	r.typ("9")
	r.key(tea.KeyEnter)
	r.wait("is not a valid IPv4 CIDR block")
	h := r.final()
	if h.w.s.a.m.pool != "192.168.0.0/249" || h.w.focusIndex() != 1 {
		t.Fatalf("focus or value lost on resize: %q focus %d", h.w.s.a.m.pool, h.w.focusIndex())
	}
	if v := h.w.View(); len(strings.Split(v, "\n")) != 40 {
		t.Fatalf("view has %d lines, want 40", len(strings.Split(v, "\n")))
	}
}

func TestViewFitsSizes(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {200, 60}} {
		for p := PageGateway; p <= PageReview; p++ {
			a, data := readyAnswers(PageOptions)
			a.Profile = ipsec.ProfileCustom
			w := NewWizard(a, data, WithSize(size[0], size[1]))
			w.enter(p, 0)
			lines := strings.Split(w.View(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d %v: %d lines", size[0], size[1], p, len(lines))
			}
			for i, l := range lines {
				if n := lipglossWidth(l); n > size[0] {
					t.Errorf("%dx%d %v line %d is %d wide: %q", size[0], size[1], p, i, n, l)
				}
			}
			if !strings.Contains(lines[0], w.s.step(p)) {
				t.Errorf("%dx%d %v: no step indicator in %q", size[0], size[1], p, lines[0])
			}
		}
	}
}

// WithSkipReview (--yes): complete answers are sent as soon as the gateway is
// checked, pages still to answer are asked first, and the review is never
// drawn.
func TestSkipReview(t *testing.T) {
	noReview := func(t *testing.T, tm *teatest.TestModel, more ...string) {
		t.Helper()
		b, _ := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)))
		out := flatten(b)
		for _, s := range append([]string{"Step 6 of 6", "What now?"}, more...) {
			if strings.Contains(out, s) {
				t.Errorf("%q was drawn:\n%s", s, out)
			}
		}
	}
	t.Run("complete, gateway checked first", func(t *testing.T) {
		a, data := readyAnswers(PageOptions)
		data.Details = nil
		h := newHost(a, data, WithSkipReview())
		tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
		fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
		if fm.submitted == nil || fm.submitted.Action != ActionCreate || fm.submitted.Spec.DryRun ||
			strings.Join(fm.chosen, ",") != gwReady.VpnGatewayId {
			t.Fatalf("submitted %+v, chosen %v", fm.submitted, fm.chosen)
		}
		noReview(t, tm)
	})
	t.Run("complete with details, dry run", func(t *testing.T) {
		a, data := readyAnswers(PageOptions)
		a.Spec.DryRun = true
		h := newHost(a, data, WithSkipReview())
		tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
		fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
		if fm.submitted == nil || fm.submitted.Action != ActionDryRun || !fm.submitted.Spec.DryRun {
			t.Fatalf("submitted %+v", fm.submitted)
		}
		noReview(t, tm)
	})
	t.Run("pages to answer first", func(t *testing.T) {
		a, data := readyAnswers(PageSubnets)
		a.Spec.IpSecServerName = "office" // complete: not asked again
		r := &run{t: t, h: newHost(a, data, WithSkipReview())}
		r.tm = teatest.NewTestModel(t, r.h, teatest.WithInitialTermSize(80, 24))
		r.wait("Step 3 of 6 · Security profile")
		r.key(tea.KeyEnter)
		r.wait("Step 4 of 6 · Authentication")
		r.key(tea.KeyEnter) // generate here
		fm := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
		if fm.submitted == nil || fm.submitted.Action != ActionCreate || len(fm.submitted.Spec.Psk.Reveal()) != ipsec.GeneratedPskLength ||
			fm.submitted.Spec.IpSecServerName != "office" {
			t.Fatalf("submitted %+v", fm.submitted)
		}
		noReview(t, r.tm, "Step 5 of 6") // the complete options page is not shown either
	})
}

// No line of the wizard is wider than the terminal at the smallest size it
// draws in and at 80x24, on any page or sub-form, with the short or the full
// help, the cancel question or an error; and the short help keeps the ways
// out (esc, ctrl+c, ?) whatever the field's own keys.
func TestEveryPageFitsWidth(t *testing.T) {
	for _, size := range [][2]int{{MinWidth, MinHeight}, {80, 24}} {
		for p := PageGateway; p <= PageReview; p++ {
			for sub := range 2 {
				for _, state := range []string{"short", "full", "cancel", "error", "pskfile", "error+full"} {
					a, data := readyAnswers(PageOptions)
					a.Profile = ipsec.ProfileCustom
					w := NewWizard(a, data, WithSize(size[0], size[1]), WithPskFile("/home/admin/keys/office-vpn.psk"))
					w.enter(p, sub)
					switch state {
					case "full":
						w.help.ShowAll = true
					case "cancel":
						w.confirmCancel = true
					case "error", "error+full":
						w.pageErr = &ipsec.FieldError{Field: ipsec.FieldClientIPPool, Label: ipsec.Label(ipsec.FieldClientIPPool),
							Rule: "overlaps the VPC's CIDR block 172.16.0.0/16 and the local subnet 10.10.0.0/16: choose another private block"}
						w.help.ShowAll = state == "error+full"
					}
					w.layout()
					v := w.View()
					name := fmt.Sprintf("%dx%d %v sub %d %s", size[0], size[1], p, sub, state)
					if n := len(strings.Split(v, "\n")); n > size[1] {
						t.Errorf("%s: %d lines, more than the terminal's %d:\n%s", name, n, size[1], ansi.Strip(v))
					}
					for i, l := range strings.Split(v, "\n") {
						if n := lipglossWidth(l); n > size[0] {
							t.Errorf("%s: line %d is %d wide: %q", name, i, n, ansi.Strip(l))
						}
					}
					if state == "short" || state == "error" {
						foot := ansi.Strip(w.foot)
						for _, k := range []string{"esc back", "ctrl+c cancel", "? more keys"} {
							if !strings.Contains(foot, k) {
								t.Errorf("%s: the footer lost %q:\n%s", name, k, foot)
							}
						}
					}
					if state == "full" && !strings.Contains(ansi.Strip(w.foot), "fewer keys") {
						t.Errorf("%s: full help does not say how to close it:\n%s", name, ansi.Strip(w.foot))
					}
				}
			}
		}
	}
}

// --psk-file with --generate-psk (WithPskFile): switching away from
// "generate" on the authentication page says, there and on the review, that
// the file will not be written; keeping "generate" names the file instead.
func TestPskFileNotWrittenNote(t *testing.T) {
	const note = "--psk-file /tmp/k.psk will not be written: the key is not generated here"
	a, data := readyAnswers(PageIpsec)
	k, _ := ipsec.GeneratePsk()
	a.Spec.Psk, a.PskConfirm, a.KeySource = k, k, ipsec.KeyGenerated
	a.Spec.IpSecServerName = "office"
	h := newHost(a, data, WithPskFile("/tmp/k.psk"))
	if txt := flatten([]byte(h.w.s.reviewText(h.w.st, 80))); !strings.Contains(txt, "written to /tmp/k.psk after creation") || strings.Contains(txt, note) {
		t.Errorf("review with a generated key:\n%s", txt)
	}
	r := &run{t: t, h: h}
	r.tm = teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
	r.wait("Step 6 of 6", "What now?")
	r.key(tea.KeyDown, 2) // Edit a section
	r.key(tea.KeyEnter)
	r.wait("Edit which section?")
	r.key(tea.KeyDown, 3) // 6. Authentication
	r.key(tea.KeyEnter)
	r.wait("Step 4 of 6")
	r.key(tea.KeyDown) // Let Alibaba Cloud generate it
	r.wait(note)
	r.key(tea.KeyEnter)
	r.wait("Step 6 of 6", "┃ What now?")
	fh := r.final()
	if fh.w.s.a.KeySource != ipsec.KeyService {
		t.Fatalf("psk mode %q", fh.w.s.a.KeySource)
	}
	if !strings.Contains(ansi.Strip(fh.w.View()), "will not be written") {
		t.Errorf("the review's footer lost the note:\n%s", ansi.Strip(fh.w.View()))
	}
	if !strings.Contains(flatten([]byte(fh.w.s.reviewText(h.w.st, 80))), note) {
		t.Errorf("the review text lacks the note")
	}
	quiet := &session{a: NewAnswers(ipsec.NewServerSpec())}
	quiet.a.m.keyChoice = string(ipsec.KeyService)
	if quiet.pskFileNote() != "" {
		t.Error("a note with no --psk-file")
	}
	quiet.pskFile, quiet.a.m.keyChoice = "/x", string(ipsec.KeyGenerated)
	if quiet.pskFileNote() != "" {
		t.Error("a note for a key generated here")
	}
}

// A gateway the API does not know is not offered a pointless retry: the
// message says the id or the region is wrong.
func TestGatewayNotFoundMessage(t *testing.T) {
	a, data := readyAnswers(-1)
	w := NewWizard(a, data)
	w.checking = "vpn-nope"
	w.SetGatewayDetails(nil, &client.APIError{Action: "DescribeVpnGateway", Code: "InvalidVpnGatewayInstanceId.NotFound",
		HTTPStatus: 404, RequestId: "R-1"})
	if w.pageErr == nil || !strings.Contains(w.pageErr.Error(), "there is no gateway vpn-nope in cn-hangzhou") ||
		strings.Contains(w.pageErr.Error(), "retry") {
		t.Fatalf("error %v", w.pageErr)
	}
}

// On a page of one-line choices the focused one explains itself; moving on
// hands the explanation to the next, and a weak value's warning stays.
func TestInlineChoicesExplainWhenFocused(t *testing.T) {
	a, data := readyAnswers(PageOptions)
	a.Profile = ipsec.ProfileCustom
	ike := ipsec.RecommendedIke()
	ike.IkeAuthAlg = "md5"
	a.Spec.IkeConfig = &ike
	r := startRun(t, a, data)
	r.wait("Step")
	h := r.final()
	h.w.enter(PageIke, 0)
	v := h.w.View()
	if !strings.Contains(v, "The key exchange protocol version") || strings.Contains(v, "The cipher protecting the key exchange") {
		t.Fatalf("only the focused choice explains itself:\n%s", v)
	}
	if !strings.Contains(v, "md5 is weak") {
		t.Errorf("a blurred weak value lost its warning:\n%s", v)
	}
	h.w.form.NextField()
	h.w.refresh()
	v = h.w.View()
	if strings.Contains(v, "The key exchange protocol version") || !strings.Contains(v, "The cipher protecting the key exchange") {
		t.Fatalf("the explanation did not follow the focus:\n%s", v)
	}
}

// The gateway list fits the room it has: at the narrowest wizard (58
// columns inside a 60-column terminal) the status column goes and names get
// shorter, but every id and every note is whole; at 80 all columns show.
func TestGatewayListFitsTheWidth(t *testing.T) {
	for _, width := range []int{MinWidth - 2, 80} {
		a := NewAnswers(NewSpecForTest())
		w := NewWizard(a, testData(), WithSize(width, 40), WithFrame(2))
		w.enter(PageGateway, 0)
		v := ansi.Strip(w.View())
		for _, g := range testGateways["cn-hangzhou"] {
			_, note := ipsec.GatewayNote(g)
			if !strings.Contains(v, g.VpnGatewayId) || !strings.Contains(v, note) {
				t.Errorf("at %d columns %s or its note %q is not whole:\n%s", width, g.VpnGatewayId, note, v)
			}
		}
		if hasStatus := strings.Contains(v, "STATUS"); hasStatus != (width >= 80) {
			t.Errorf("at %d columns the STATUS column shown = %v:\n%s", width, hasStatus, v)
		}
	}
}
