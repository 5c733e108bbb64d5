package tui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// formsWizard adapts forms.Wizard to wizardModel: it translates the forms'
// messages out into the root's, and the root's answers back in.
type formsWizard struct {
	ctx *Context
	w   *forms.Wizard
}

// defaultWizard builds the forms wizard from the pre-filled answers and the
// data loaded so far.
func defaultWizard(ctx *Context, init wizardInit) wizardModel {
	a := init.Answers
	if a == nil {
		a = forms.NewAnswers(init.Spec)
	}
	data := ipsec.Facts{Regions: init.Regions, Gateways: init.Gateways}
	opts := []forms.Option{forms.WithSize(ctx.Width, ctx.Height), forms.WithCommand(export.AliyunCLICommand)}
	if init.SkipReview {
		opts = append(opts, forms.WithSkipReview())
	}
	if init.PskFile != "" {
		opts = append(opts, forms.WithPskFile(init.PskFile))
	}
	return &formsWizard{ctx: ctx, w: forms.NewWizard(a, data, opts...)}
}

func (f *formsWizard) Init() tea.Cmd { return f.w.Init() }

func (f *formsWizard) Update(msg tea.Msg) tea.Cmd {
	_, cmd := f.w.Update(msg)
	return cmd
}

func (f *formsWizard) View() string { return f.w.View() }

func (f *formsWizard) SetSize(w, h int) tea.Cmd { return f.w.SetSize(w, h) }

// Keys is nil: the wizard draws its own help footer (its ? toggles it).
func (f *formsWizard) Keys() help.KeyMap { return nil }

func (f *formsWizard) SetGateways(region string, gws []ipsec.Gateway, err error) tea.Cmd {
	return f.w.SetGateways(region, gws, err)
}

func (f *formsWizard) SetDetails(d gatewayDetails, err error) tea.Cmd {
	if err != nil {
		return f.w.SetGatewayDetails(nil, err)
	}
	return f.w.SetGatewayDetails(d.forForms(), nil)
}

// forForms is d as the forms package validates against it.
func (d gatewayDetails) forForms() *ipsec.GatewayDetails {
	return &ipsec.GatewayDetails{Gateway: d.Gateway, VpcCIDRs: d.VpcCIDRs, VpnConnections: d.VpnConnections,
		Servers: d.Servers}
}

func (f *formsWizard) Edit(field string) tea.Cmd { return f.w.EditSection(pageForField(field)) }

func (f *formsWizard) Spec() ipsec.ServerSpec { return f.w.Spec() }

func (f *formsWizard) Answers() *forms.Answers { return f.w.Answers() }

func (f *formsWizard) Event(msg tea.Msg) (tea.Msg, bool) {
	switch m := msg.(type) {
	case forms.RegionChangedMsg:
		return wizRegionMsg{region: m.Region}, true
	case forms.GatewayChosenMsg:
		return wizGatewayMsg{gateway: m.Gateway}, true
	case forms.SubmitMsg:
		spec := m.Spec.Clone()
		return wizSubmitMsg{dryRun: m.Action == forms.ActionDryRun, spec: &spec}, true
	case forms.CancelMsg:
		return wizCancelMsg{}, true
	}
	return nil, false
}

// pageForField maps an API field name (client.Explanation.Field) to the
// wizard page where it is edited; "" (or unknown) is the review page.
func pageForField(field string) forms.Page {
	switch field {
	case "VpnGatewayId", "RegionId":
		return forms.PageGateway
	case "LocalSubnet", "ClientIpPool":
		return forms.PageSubnets
	case "IkeConfig":
		return forms.PageIke
	case "IpsecConfig":
		return forms.PageIpsec
	case "Psk", "PskEnabled":
		return forms.PageAuth
	case "IpSecServerName", "EffectImmediately":
		return forms.PageOptions
	}
	return forms.PageReview
}

// pageLabelForField names, for the failure screen, the page where field is
// edited ("" when none).
func pageLabelForField(field string) string {
	if p := pageForField(field); p != forms.PageReview {
		return p.Title()
	}
	return ""
}
