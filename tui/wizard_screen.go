package tui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// wizardModel is what the root needs from the forms wizard. wizardScreen
// adapts forms.Wizard to it; tests may use a stand-in.
type wizardModel interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int) tea.Cmd
	// Keys is the wizard's help for the root's footer; nil when the
	// wizard draws its own help.
	Keys() help.KeyMap
	SetGateways(region string, gws []ipsec.Gateway, err error) tea.Cmd
	SetDetails(d gatewayDetails, err error) tea.Cmd
	// Edit goes back to the page of field (an API name; "" = the review page),
	// every answer kept.
	Edit(field string) tea.Cmd
	// Spec is the request as answered so far.
	Spec() ipsec.ServerSpec
	// Event translates a message the wizard sent out (region changed,
	// gateway chosen, submit, cancel) into the root's wiz* messages.
	Event(msg tea.Msg) (tea.Msg, bool)
}

// What the wizard tells the root.
type (
	wizRegionMsg  struct{ region string }
	wizGatewayMsg struct{ gateway ipsec.Gateway }
	wizSubmitMsg  struct {
		dryRun bool
		spec   *ipsec.ServerSpec // nil: ask Spec()
	}
	wizCancelMsg struct{}
)

// wizardInit is what the wizard starts from.
type wizardInit struct {
	Answers  *forms.Answers // nil: NewAnswers(Spec)
	Spec     ipsec.ServerSpec
	Regions  []ipsec.Region
	Region   string
	Gateways []ipsec.Gateway
	// SkipReview: Config.SkipReview.
	SkipReview bool
	// PskFile: where a key generated here is saved (Config.PskFile, when
	// Config.SavePsk is set); "" when none.
	PskFile string
}
