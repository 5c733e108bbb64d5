package tui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// wizardModel is what the create flow needs from the forms wizard.
// formsWizard adapts forms.Wizard to it; tests may use a stand-in.
type wizardModel interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int) tea.Cmd
	// Keys is the wizard's help for the flow's footer; nil when the
	// wizard draws its own help.
	Keys() help.KeyMap
	SetGateways(region string, gws []ipsec.Gateway, err error) tea.Cmd
	SetDetails(d *ipsec.GatewayDetails, err error) tea.Cmd
	// Edit goes back to the page of field (an API name; "" = the review
	// page), every answer kept.
	Edit(field string) tea.Cmd
	// Answers are the answers as edited so far.
	Answers() *forms.Answers
	// Event translates a message the wizard sent out (region changed,
	// gateway chosen, submit, cancel) into the flow's wiz* messages.
	Event(msg tea.Msg) (tea.Msg, bool)
}

// What the wizard tells the flow.
type (
	wizRegionMsg  struct{ region string }
	wizGatewayMsg struct {
		gateway ipsec.Gateway
		wait    bool // busy: wait until it is active, then check it
	}
	wizSubmitMsg struct {
		dryRun bool
		spec   *ipsec.ServerSpec // nil: the answers' spec
	}
	wizCancelMsg struct{}
	// wizServerMsg: act on the server the chosen gateway holds instead.
	wizServerMsg struct {
		action forms.Action
		server ipsec.Server
	}
)

// wizardInit is what the wizard starts from.
type wizardInit struct {
	Answers    *forms.Answers
	Regions    []ipsec.Region
	Region     string
	Gateways   []ipsec.Gateway
	SkipReview bool   // Config.SkipReview
	PskFile    string // where a key generated here is saved; "" when none
	// Server and Details: an update edits this server, on this gateway.
	Server  *ipsec.Server
	Details *ipsec.GatewayDetails
}

// formsWizard adapts forms.Wizard to wizardModel.
type formsWizard struct {
	ctx *Context
	w   *forms.Wizard
}

// defaultWizard builds the forms wizard from the pre-filled answers and the
// data loaded so far.
func defaultWizard(ctx *Context, init wizardInit) wizardModel {
	facts := ipsec.Facts{Regions: init.Regions, Gateways: init.Gateways, Details: init.Details}
	opts := []forms.Option{forms.WithSize(max(ctx.Width-wizardFrame, 1), ctx.Height), forms.WithFrame(wizardFrame),
		forms.WithCommand(export.AliyunCLICommand)}
	if srv := init.Server; srv != nil {
		before := *srv
		opts = append(opts, forms.WithServer(before),
			forms.WithCommand(func(spec ipsec.ServerSpec) string { return export.AliyunCLIUpdateCommand(before, spec) }))
	}
	if init.SkipReview {
		opts = append(opts, forms.WithSkipReview())
	}
	if init.PskFile != "" {
		opts = append(opts, forms.WithPskFile(init.PskFile))
	}
	return &formsWizard{ctx: ctx, w: forms.NewWizard(init.Answers, facts, opts...)}
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

func (f *formsWizard) SetDetails(d *ipsec.GatewayDetails, err error) tea.Cmd {
	return f.w.SetGatewayDetails(d, err)
}

func (f *formsWizard) Edit(field string) tea.Cmd { return f.w.EditSection(pageForField(field)) }

func (f *formsWizard) Answers() *forms.Answers { return f.w.Answers() }

func (f *formsWizard) Event(msg tea.Msg) (tea.Msg, bool) {
	switch m := msg.(type) {
	case forms.RegionChangedMsg:
		return wizRegionMsg{region: m.Region}, true
	case forms.GatewayChosenMsg:
		return wizGatewayMsg{gateway: m.Gateway, wait: m.Wait}, true
	case forms.SubmitMsg:
		spec := m.Spec.Clone()
		return wizSubmitMsg{dryRun: m.Action == forms.ActionDryRun, spec: &spec}, true
	case forms.CancelMsg:
		return wizCancelMsg{}, true
	case forms.ServerActionMsg:
		return wizServerMsg{action: m.Action, server: m.Server}, true
	}
	return nil, false
}

// pageForField maps an API field name (client.Explanation.Field) to the
// wizard page where it is edited; "" (or unknown) is the review page.
func pageForField(field string) forms.Page {
	switch field {
	case ipsec.FieldVpnGatewayID, ipsec.FieldRegionID:
		return forms.PageGateway
	case ipsec.FieldLocalSubnet, ipsec.FieldClientIPPool:
		return forms.PageSubnets
	case "IkeConfig":
		return forms.PageIke
	case "IpsecConfig":
		return forms.PageIpsec
	case ipsec.FieldPsk, ipsec.FieldPskEnabled:
		return forms.PageAuth
	case ipsec.FieldName, ipsec.FieldEffectImmediately:
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
