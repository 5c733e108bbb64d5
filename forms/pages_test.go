package forms

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// A message produced for a part that is gone (the user moved on before it
// arrived) never reaches the part shown now: huh's messages carry no form
// identity, the wizard's scoping does.
func TestLateMessageOfAGonePartIsDropped(t *testing.T) {
	a, data := readyAnswers(PageSubnets)
	w := NewWizard(a, data, WithSize(80, 24))
	if w.Page() != PageProfile {
		t.Fatalf("page %v", w.Page())
	}
	gone := w.formID
	w.enter(PageProfile, 0) // the part is built again: its form is a new one
	before := w.s.a.m.profile
	w.Update(formMsg{id: gone, msg: tea.KeyMsg{Type: tea.KeyDown}})
	if w.s.a.m.profile != before {
		t.Fatalf("a message of a gone form moved the choice to %q", w.s.a.m.profile)
	}
	w.Update(formMsg{id: w.formID, msg: tea.KeyMsg{Type: tea.KeyDown}})
	if w.s.a.m.profile == before {
		t.Fatal("a message of the form shown was dropped")
	}
	// What huh's commands return is scoped by wrapCmd, batches included.
	up := func() tea.Msg { return tea.KeyMsg{Type: tea.KeyUp} }
	msg := wrapCmd(w.formID, tea.Batch(up, up))()
	batch, ok := msg.(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("batch %T %v", msg, msg)
	}
	if fm, ok := batch[0]().(formMsg); !ok || fm.id != w.formID {
		t.Fatalf("a batched message is not scoped: %T", batch[0]())
	}
}

// IKE mode is an IKEv1 setting: under IKEv2 neither front end asks it, and
// the spec carries the API's default.
func TestIkeModeOnlyForIkev1(t *testing.T) {
	s := newSession(NewAnswers(ipsec.NewServerSpec()), testData())
	keys := func(fs []Field) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Key)
		}
		return strings.Join(out, ",")
	}
	if k := keys(s.part(PageIke, 1)); strings.Contains(k, ipsec.FieldIkeMode) {
		t.Fatalf("IKEv2 asks the mode: %s", k)
	}
	s.a.m.ike.IkeVersion = "ikev1"
	if k := keys(s.part(PageIke, 1)); !strings.HasPrefix(k, ipsec.FieldIkeMode) {
		t.Fatalf("IKEv1 does not ask the mode: %s", k)
	}
	s.a.m.ike.IkeVersion, s.a.m.ike.IkeMode = "ikev2", "aggressive"
	if st := s.commit(PageIke, 1); st.kind != stepNext || s.a.Spec.IkeConfig.IkeMode != ipsec.DefaultIkeMode {
		t.Fatalf("IKEv2 with a stale mode: step %v, mode %q", st.kind, s.a.Spec.IkeConfig.IkeMode)
	}
}

// The default server name follows the gateway until the user edits it.
func TestNameFollowsTheGatewayUntilEdited(t *testing.T) {
	s := newSession(NewAnswers(ipsec.NewServerSpec()), testData())
	pick := func(g ipsec.Gateway) {
		t.Helper()
		d := *testDetails[gwReady.VpnGatewayId]
		d.Gateway = g
		s.a.m.region = g.RegionId
		if err := s.setDetails(g.VpnGatewayId, &d, nil); err != nil {
			t.Fatal(err)
		}
	}
	other := gwReady
	other.VpnGatewayId, other.Name = "vpn-sandbox-other", "other-hz"
	pick(gwReady)
	pick(other)
	if s.a.m.name != "ipsec-other-hz" {
		t.Fatalf("name %q after choosing another gateway", s.a.m.name)
	}
	s.a.m.name = "office"
	if st := s.commit(PageOptions, 0); st.kind != stepNext {
		t.Fatal(st.err)
	}
	pick(gwReady)
	if s.a.m.name != "office" {
		t.Fatalf("an edited name changed to %q", s.a.m.name)
	}
}

func TestAccessibleRequested(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"ACCESSIBLE": "1"}, true},
		{map[string]string{"ACCESSIBLE": "true"}, true},
		{map[string]string{"ACCESSIBLE": "0"}, false},
		{map[string]string{"ACCESSIBLE": "false"}, false},
		{map[string]string{"TERM": "dumb"}, true},
	} {
		if got := AccessibleRequested(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}

// The two front ends render the same pages: taking every default, the huh
// wizard and the line prompter end with the same request.
func TestBothFrontEndsAgree(t *testing.T) {
	a1, data := readyAnswers(PageGateway)
	h := newHost(a1, data)
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
	r := &run{t: t, tm: tm, h: h}
	r.wait("Step 2 of 6")
	for _, want := range []string{"Client IP pool", "Step 3 of 6", "Step 4 of 6", "Step 5 of 6", "Connect immediately",
		"Precheck only", "Step 6 of 6"} {
		r.key(tea.KeyEnter)
		r.wait(want)
	}
	r.key(tea.KeyEnter)
	got := r.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if got.submitted == nil {
		t.Fatal("the wizard sent nothing")
	}

	a2, data2 := readyAnswers(PageGateway)
	var out strings.Builder
	act, err := RunAccessible(context.Background(), strings.NewReader(strings.Repeat("\n", 12)), &out, a2, &data2, testHooks())
	if err != nil || act != got.submitted.Action {
		t.Fatalf("accessible: %v %v\n%s", act, err, out.String())
	}
	w, l := got.submitted.Spec, a2.Spec
	w.Psk, l.Psk = "", "" // each generated its own
	wj, _ := ipsec.SpecJSON(w)
	lj, _ := ipsec.SpecJSON(l)
	if string(wj) != string(lj) {
		t.Fatalf("the front ends disagree:\nwizard     %s\naccessible %s", wj, lj)
	}
}
