package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// The stub wizard replaces the forms wizard (not the API: every test talks
// to a sandbox through the real client) so the root's screens can be driven
// with one key per step; wizard_test.go drives the real forms.

// stubWizard stands in for the forms wizard: keys G (choose the first
// gateway), S (submit), D (dry run), R (switch region), X (cancel).
type stubWizard struct {
	ctx      *Context
	spec     ipsec.ServerSpec
	gateways []ipsec.Gateway
	region   string
	details  *ipsec.GatewayDetails
	detErr   error
	edited   []string
	pick     string
	answers  *forms.Answers
}

func newStubWizard(ctx *Context, init wizardInit) wizardModel {
	spec := init.Answers.Spec.Clone()
	if len(spec.LocalSubnet) == 0 {
		spec.LocalSubnet = ipsec.CIDRList{"172.16.0.0/16"}
	}
	if spec.ClientIpPool == "" {
		spec.ClientIpPool = "192.168.0.0/24"
	}
	return &stubWizard{ctx: ctx, spec: spec, gateways: init.Gateways, region: init.Region, answers: init.Answers}
}

// stubWizardPicking is a stub whose G key chooses the gateway id.
func stubWizardPicking(id string) func(*Context, wizardInit) wizardModel {
	return func(ctx *Context, init wizardInit) wizardModel {
		w := newStubWizard(ctx, init).(*stubWizard)
		w.pick = id
		return w
	}
}

// startWithGateway starts the root with a stub wizard, chooses gateway id
// (G) and waits until its details are in.
func startWithGateway(t testing.TB, cfg Config, id string) *harness {
	t.Helper()
	cfg.newWizard = stubWizardPicking(id)
	h := startRoot(t, cfg)
	h.waitFor("STUB WIZARD")
	h.key("G")
	h.waitFor("details=true")
	return h
}

func (w *stubWizard) Init() tea.Cmd { return nil }
func (w *stubWizard) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "esc":
		w.edited = append(w.edited, "esc")
	case "ctrl+c":
		return msgCmd(wizCancelMsg{})
	case "G":
		for _, g := range w.gateways {
			if w.pick != "" && g.VpnGatewayId == w.pick {
				w.spec.VpnGatewayId = g.VpnGatewayId
				return msgCmd(wizGatewayMsg{gateway: g})
			}
		}
		if len(w.gateways) > 0 {
			w.spec.VpnGatewayId = w.gateways[0].VpnGatewayId
			return msgCmd(wizGatewayMsg{gateway: w.gateways[0]})
		}
	case "S":
		return msgCmd(wizSubmitMsg{})
	case "D":
		return msgCmd(wizSubmitMsg{dryRun: true})
	case "R":
		return msgCmd(wizRegionMsg{region: "cn-shanghai"})
	case "X":
		return msgCmd(wizCancelMsg{})
	case "N": // an update's synchronous change
		w.spec.IpSecServerName = "renamed-by-stub"
	case "P": // an update's change the gateway applies in the background
		w.spec.ClientIpPool = "10.60.0.0/24"
	}
	return nil
}
func (w *stubWizard) View() string {
	return fmt.Sprintf("STUB WIZARD region=%s gateways=%d\ngateway=%s details=%v\nedited=%s",
		w.region, len(w.gateways), w.spec.VpnGatewayId, w.details != nil, strings.Join(w.edited, ","))
}
func (w *stubWizard) SetSize(int, int) tea.Cmd { return nil }
func (w *stubWizard) Keys() help.KeyMap        { return keysOf(w.ctx.KeyMap, w.ctx.KeyMap.Cancel) }
func (w *stubWizard) SetGateways(region string, gws []ipsec.Gateway, err error) tea.Cmd {
	w.region, w.gateways = region, gws
	return nil
}
func (w *stubWizard) SetDetails(d *ipsec.GatewayDetails, err error) tea.Cmd {
	if d == nil {
		d = &ipsec.GatewayDetails{}
	}
	w.details, w.detErr = d, err
	return nil
}
func (w *stubWizard) Edit(field string) tea.Cmd {
	w.edited = append(w.edited, "["+field+"]")
	return nil
}
func (w *stubWizard) Answers() *forms.Answers {
	w.answers.Spec = w.spec.Clone()
	return w.answers
}
func (w *stubWizard) Event(tea.Msg) (tea.Msg, bool) { return nil, false }

func newAnswers(spec ipsec.ServerSpec) *forms.Answers { return forms.NewAnswers(spec) }
