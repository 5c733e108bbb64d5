package forms

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Minimum terminal size the wizard draws in.
const (
	MinWidth  = 60
	MinHeight = 20
)

// Wizard is the tea.Model that walks through the pages: a step indicator,
// the current page's huh form, its errors and notes, and a help footer. It
// does no I/O: it asks its host with RegionChangedMsg and GatewayChosenMsg
// and reports the outcome with SubmitMsg or CancelMsg.
type Wizard struct {
	a    *Answers
	data ipsec.Facts
	st   Styles
	keys KeyMap
	hk   *huh.KeyMap
	// hkReview is hk with enter labelled "choose" (the review page).
	hkReview *huh.KeyMap
	help     help.Model

	width, height int
	page          Page
	sub           int
	form          *huh.Form
	fields        []huh.Field
	formID        int
	formH         int
	review        viewport.Model

	returnToReview bool
	skipReview     bool // WithSkipReview, until the review would first show
	confirmCancel  bool
	dirty          bool
	filtering      bool
	initialCheck   bool
	poolSuggested  bool

	loadedRegion    string
	loadingGateways bool
	gatewaysErr     error
	checking        string // gateway id whose details are awaited
	pageErr         error  // shown above the help: refusals, failed checks
	status          string // a one-line note

	pskFile string                        // WithPskFile: where a key generated here is kept
	command func(ipsec.ServerSpec) string // WithCommand: the request as a command line, for the review

	startCmd tea.Cmd
	lists    []*huh.Select[string] // list selects to scroll to their value
	foot     string                // the footer, computed by layout
}

// Option configures a Wizard.
type Option func(*Wizard)

// WithStyles sets the wizard's styles (DefaultStyles otherwise).
func WithStyles(s Styles) Option { return func(w *Wizard) { w.st = s } }

// WithSize sets the initial size (80x24 otherwise).
func WithSize(width, height int) Option {
	return func(w *Wizard) { w.width, w.height = width, height }
}

// WithPskFile names the file a key generated here is written to once the
// server is created (the host's --generate-psk --psk-file PATH). The
// authentication and review pages say when the answers mean it will not be
// written (the key is not generated here).
func WithPskFile(path string) Option { return func(w *Wizard) { w.pskFile = path } }

// PskFileNote is the warning shown when a key file was asked for but the
// key is not generated here ("" when there is nothing to say).
func PskFileNote(pskFile, pskMode string) string {
	if pskFile == "" || pskMode == PskGenerate || pskMode == "" {
		return ""
	}
	return "--psk-file " + pskFile + " will not be written: the key is not generated here."
}

// WithCommand shows the request on the review page as the command line
// render makes of it (the host passes export.AliyunCLICommand; forms links
// no renderer itself).
func WithCommand(render func(ipsec.ServerSpec) string) Option {
	return func(w *Wizard) { w.command = render }
}

// WithKeyMap sets the wizard's keys.
func WithKeyMap(k KeyMap) Option { return func(w *Wizard) { w.keys = k } }

// WithSkipReview skips the review confirmation (the host's --yes): the first
// time the wizard would show the review page with every answer valid, it
// sends SubmitMsg (ActionCreate, or ActionDryRun when Spec.DryRun) instead.
// Pages that still need answers are asked first; pages already complete are
// not shown again on the way. Later visits to the review
// (EditSection after a failed call) show it as usual.
func WithSkipReview() Option { return func(w *Wizard) { w.skipReview = true } }

// NewWizard returns a wizard editing a, validating against data. It starts on
// the first page that still needs an answer; when the gateway is given but
// not checked yet, Init asks the host to check it first.
func NewWizard(a *Answers, data ipsec.Facts, opts ...Option) *Wizard {
	if a == nil {
		a = NewAnswers(ipsec.NewServerSpec())
	}
	a.load()
	w := &Wizard{a: a, data: data, st: DefaultStyles(), keys: DefaultKeyMap(), hk: huhKeyMap(),
		help: help.New(), width: 80, height: 24}
	for _, o := range opts {
		o(w)
	}
	if len(data.Gateways) > 0 {
		w.loadedRegion = a.m.region
	}
	w.help.Styles.ShortKey = w.st.Muted.Bold(true)
	w.help.Styles.FullKey = w.st.Muted.Bold(true)
	if a.m.gatewayChoice == "" && a.m.gatewayID != "" {
		a.m.gatewayChoice = a.m.gatewayID
		if _, ok := data.Gateway(a.m.gatewayID); !ok || len(data.Gateways) == 0 {
			a.m.gatewayChoice = typedGateway
		}
	}
	d := data.Details
	needCheck := ipsec.ValidateRegion(a.Spec.RegionId, data.Regions) == nil && ipsec.ValidateGatewayID(a.Spec.VpnGatewayId) == nil &&
		(d == nil || d.Gateway.VpnGatewayId != a.Spec.VpnGatewayId)
	if needCheck {
		// Check the given gateway first; the wizard moves on when the details arrive.
		w.startCmd = w.enter(PageGateway, 0)
		g, ok := data.Gateway(a.Spec.VpnGatewayId)
		if !ok {
			g = ipsec.Gateway{VpnGatewayId: a.Spec.VpnGatewayId, RegionId: a.Spec.RegionId}
		}
		if err := ipsec.GatewayEligibility(g, nil); ok && err != nil {
			w.pageErr = err
		} else {
			w.initialCheck = true
			w.checking = g.VpnGatewayId
			w.startCmd = tea.Batch(w.startCmd, msgCmd(GatewayChosenMsg{Gateway: g}))
		}
	} else {
		if d != nil {
			w.prefill(nil, d)
		}
		w.startCmd = w.enter(a.FirstIncompletePage(data), 0)
	}
	w.layout()
	return w
}

// Answers returns the answers being edited.
func (w *Wizard) Answers() *Answers { return w.a }

// Spec returns a copy of the request as answered so far.
func (w *Wizard) Spec() ipsec.ServerSpec { return w.a.Spec.Clone() }

// Page is the page shown.
func (w *Wizard) Page() Page { return w.page }

// Init returns the commands of the first page.
func (w *Wizard) Init() tea.Cmd { return w.startCmd }

// SetSize resizes the wizard; the current page is redrawn for the new size
// with its values and focus kept.
func (w *Wizard) SetSize(width, height int) tea.Cmd {
	if width == w.width && height == w.height {
		return nil
	}
	w.width, w.height = width, height
	if w.tooSmall() {
		return nil
	}
	return w.rebuild()
}

// SetGateways gives the wizard the gateways of region (the answer to
// RegionChangedMsg). An error is shown on the gateway page, where the id can
// still be typed.
func (w *Wizard) SetGateways(region string, gws []ipsec.Gateway, err error) tea.Cmd {
	if region != w.a.m.region {
		return nil // an answer for a region the user has left
	}
	w.loadedRegion = region
	w.loadingGateways = false
	w.gatewaysErr = err
	w.data.Gateways = gws
	if w.a.m.gatewayChoice == typedGateway || w.a.m.gatewayChoice == loadingGateway {
		w.a.m.gatewayChoice = ""
	}
	if w.a.m.gatewayID != "" {
		w.a.m.gatewayChoice = w.a.m.gatewayID
		if _, ok := w.data.Gateway(w.a.m.gatewayID); !ok {
			w.a.m.gatewayChoice = typedGateway
		}
	}
	if w.page == PageGateway && w.sub == 0 {
		return w.rebuild()
	}
	return nil
}

// SetGatewayDetails gives the wizard the checked gateway (the answer to
// GatewayChosenMsg). With err, or when the details show the gateway cannot
// take an IPsec server, the wizard stays on the gateway page and says why.
// Otherwise it pre-fills the subnets and moves on.
func (w *Wizard) SetGatewayDetails(d *ipsec.GatewayDetails, err error) tea.Cmd {
	id := w.checking
	if id == "" || (d != nil && d.Gateway.VpnGatewayId != id) {
		return nil // not waiting, or an answer for another gateway
	}
	w.checking = ""
	initial := w.initialCheck
	w.initialCheck = false
	if err == nil && d == nil {
		err = fmt.Errorf("no details returned")
	}
	if err != nil {
		rule := fmt.Sprintf("could not check %s: %v: choose it again to retry, or choose another gateway", id, err)
		var nf interface{ NotFound() bool }
		if errors.As(err, &nf) && nf.NotFound() {
			// Retrying cannot help: the id or the region is wrong.
			rule = fmt.Sprintf("there is no gateway %s in %s (%v): check the id, or choose the region it is in",
				id, w.a.m.region, err)
		}
		return w.stayOnGateway(initial, &ipsec.FieldError{Field: ipsec.FieldVpnGatewayID, Label: ipsec.Label(ipsec.FieldVpnGatewayID), Rule: rule})
	}
	if e := ipsec.GatewayEligibility(d.Gateway, d); e != nil {
		return w.stayOnGateway(initial, e)
	}
	prev := w.data.Details
	w.data.Details = d
	if !slices.ContainsFunc(w.data.Gateways, func(g ipsec.Gateway) bool { return g.VpnGatewayId == d.Gateway.VpnGatewayId }) &&
		d.Gateway.RegionId == w.a.m.region && w.loadedRegion == w.a.m.region {
		w.data.Gateways = append(w.data.Gateways, d.Gateway)
	}
	w.a.Spec.RegionId = w.a.m.region
	w.a.Spec.VpnGatewayId = id
	w.a.m.gatewayID = id
	w.pageErr = nil
	changed := prev == nil || prev.Gateway.VpnGatewayId != id
	w.prefill(prev, d)
	switch {
	case initial:
		return w.enter(w.a.FirstIncompletePage(w.data), 0)
	case w.returnToReview && changed:
		return w.enter(PageSubnets, 0)
	}
	return w.advance()
}

func (w *Wizard) stayOnGateway(initial bool, err error) tea.Cmd {
	var cmd tea.Cmd
	if initial || w.page != PageGateway {
		w.page, w.sub = PageGateway, 0
		cmd = w.build(lastField)
	}
	w.pageErr = err
	w.layout()
	return cmd
}

// prefill fills the subnet mirrors from a newly checked gateway.
func (w *Wizard) prefill(prev, d *ipsec.GatewayDetails) {
	m := &w.a.m
	vpc := strings.Join(d.VpcCIDRs, ", ")
	if strings.TrimSpace(m.localSubnets) == "" ||
		(prev != nil && prev.Gateway.VpnGatewayId != d.Gateway.VpnGatewayId && m.localSubnets == strings.Join(prev.VpcCIDRs, ", ")) {
		m.localSubnets = vpc
	}
	local := ipsec.SplitCIDRList(m.localSubnets)
	changed := prev != nil && prev.Gateway.VpnGatewayId != d.Gateway.VpnGatewayId
	if m.pool == "" || (changed && w.poolSuggested && ipsec.ValidateClientIpPool(m.pool, local, d.VpcCIDRs) != nil) {
		m.pool = ipsec.SuggestClientIpPool(append(append([]string(nil), local...), d.VpcCIDRs...))
		w.poolSuggested = true
	}
	if m.name == "" {
		n := d.Gateway.Name
		if n == "" {
			n = d.Gateway.VpnGatewayId
		}
		m.name = truncateRunes("ipsec-"+n, 100)
	}
}

// EditSection shows page p with every value kept; completing it returns to
// the review page. The host uses it after a failure to send the user to
// the field at fault.
func (w *Wizard) EditSection(p Page) tea.Cmd {
	if p < PageGateway || p > PageReview {
		return nil
	}
	w.confirmCancel = false
	w.returnToReview = p != PageReview
	if (p == PageIke || p == PageIpsec) && w.a.Profile != ipsec.ProfileCustom {
		p = PageProfile
	}
	return w.enter(p, 0)
}

// formMsg carries a message produced by a command of the form formID, so a
// late message of a page that is gone never reaches the next one.
type formMsg struct {
	id  int
	msg tea.Msg
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func wrapCmd(id int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, 0, len(b))
			for _, c := range b {
				if c != nil {
					out = append(out, wrapCmd(id, c))
				}
			}
			return out
		}
		v := reflect.ValueOf(msg)
		t := v.Type()
		if t.Kind() == reflect.Slice && t.Elem() == cmdType { // tea's sequenceMsg
			out := reflect.MakeSlice(t, 0, v.Len())
			for i := range v.Len() {
				if c, _ := v.Index(i).Interface().(tea.Cmd); c != nil {
					out = reflect.Append(out, reflect.ValueOf(wrapCmd(id, c)))
				}
			}
			return out.Interface()
		}
		if t.PkgPath() == "github.com/charmbracelet/bubbletea" {
			return msg // the program's own requests (window size, quit, ...)
		}
		return formMsg{id: id, msg: msg}
	}
}

// Update handles keys, resizes, the host's answers and the form's messages.
func (w *Wizard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		return w, w.SetSize(m.Width, m.Height)
	case formMsg:
		if m.id != w.formID {
			return w, nil
		}
		return w, w.updateForm(m.msg)
	case GatewaysLoadedMsg:
		return w, w.SetGateways(m.Region, m.Gateways, m.Err)
	case GatewayDetailsMsg:
		return w, w.SetGatewayDetails(m.Details, m.Err)
	case RegionChangedMsg, GatewayChosenMsg, SubmitMsg, CancelMsg:
		return w, nil
	case tea.KeyMsg:
		return w, w.handleKey(m)
	}
	return w, nil
}

func (w *Wizard) handleKey(k tea.KeyMsg) tea.Cmd {
	if w.confirmCancel {
		switch {
		case key.Matches(k, w.keys.Yes):
			w.confirmCancel = false
			return msgCmd(CancelMsg{})
		case key.Matches(k, w.keys.No), key.Matches(k, w.keys.Cancel):
			w.confirmCancel = false
			w.layout()
		}
		return nil
	}
	if key.Matches(k, w.keys.Cancel) {
		return w.cancel()
	}
	if w.tooSmall() {
		return nil
	}
	if w.checking != "" {
		if key.Matches(k, w.keys.Back) {
			w.checking = "" // stop waiting; a late answer is ignored
			w.initialCheck = false
			w.layout()
		}
		return nil
	}
	if w.filtering {
		if k.Type == tea.KeyEnter || k.Type == tea.KeyEsc {
			w.filtering = false
		}
		return w.updateForm(k)
	}
	switch {
	case key.Matches(k, w.keys.Back):
		return w.back()
	case key.Matches(k, w.keys.PrevField):
		if w.focusIndex() <= 0 {
			return w.back()
		}
		// huh refuses to leave a select with an error backwards: move
		// focus ourselves, back is always allowed.
		cmd := w.wrap(w.form.PrevField())
		w.layout()
		return cmd
	case key.Matches(k, w.keys.Help) && !w.focusOnInput():
		w.help.ShowAll = !w.help.ShowAll
		w.layout()
		return nil
	case key.Matches(k, w.keys.Fix):
		if s, ok := w.suggestion(); ok {
			w.applySuggestion(s)
			return w.rebuild()
		}
		return nil
	case w.page == PageReview && key.Matches(k, w.keys.ScrollUp):
		w.review.HalfPageUp()
		return nil
	case w.page == PageReview && key.Matches(k, w.keys.ScrollDown):
		w.review.HalfPageDown()
		return nil
	}
	if k.String() == "/" && !w.focusOnInput() {
		w.filtering = true
	}
	switch k.Type {
	case tea.KeyRunes, tea.KeyBackspace, tea.KeyDelete, tea.KeySpace, tea.KeyCtrlU, tea.KeyCtrlW, tea.KeyCtrlK:
		w.dirty = true
	}
	return w.updateForm(k)
}

func (w *Wizard) cancel() tea.Cmd {
	if w.dirty {
		w.confirmCancel = true
		w.layout()
		return nil
	}
	return msgCmd(CancelMsg{})
}

func (w *Wizard) updateForm(msg tea.Msg) tea.Cmd {
	m, cmd := w.form.Update(msg)
	w.form = m.(*huh.Form)
	cmds := []tea.Cmd{w.wrap(cmd)}
	if w.form.State == huh.StateCompleted {
		w.status = ""
		cmds = append(cmds, w.complete())
	} else {
		if _, ok := msg.(tea.KeyMsg); ok {
			w.pageErr = nil
			w.status = ""
		}
		cmds = append(cmds, w.afterKey())
	}
	w.layout()
	return tea.Batch(cmds...)
}

func (w *Wizard) wrap(cmd tea.Cmd) tea.Cmd { return wrapCmd(w.formID, cmd) }

func (w *Wizard) focusIndex() int {
	f := w.form.GetFocusedField()
	for i, x := range w.fields {
		if x == f {
			return i
		}
	}
	return -1
}

func (w *Wizard) focusOnInput() bool {
	_, ok := w.form.GetFocusedField().(*huh.Input)
	return ok
}

// enter shows sub-form sub of page p, focused on its first field.
func (w *Wizard) enter(p Page, sub int) tea.Cmd {
	if p == PageReview && sub == 0 && w.skipReview {
		w.skipReview = false
		if cmd, ok := w.submitWithoutReview(); ok {
			return cmd
		}
	}
	w.page, w.sub = p, sub
	w.pageErr, w.status = nil, ""
	cmd := w.build(0)
	var extra tea.Cmd
	if p == PageGateway && sub == 0 && w.loadedRegion != w.a.m.region && len(w.data.Regions) > 0 {
		extra = w.loadRegion()
	}
	return tea.Batch(cmd, extra)
}

// submitWithoutReview sends the answers as they are, when every page is
// complete and the whole spec is valid; the page shown stays (the review is
// never drawn).
func (w *Wizard) submitWithoutReview() (tea.Cmd, bool) {
	if w.a.FirstIncompletePage(w.data) != PageReview || len(ipsec.ValidateSpec(w.a.Spec, w.data)) > 0 {
		return nil, false
	}
	spec := w.a.Spec.Clone()
	action := ActionCreate
	if spec.DryRun {
		action = ActionDryRun
	}
	var cmd tea.Cmd
	if w.form == nil {
		// Nothing drawn yet (complete answers and details given up front):
		// the last page before the review stands in.
		w.page, w.sub = w.prevPage(PageReview), 0
		cmd = w.build(lastField)
	}
	w.pageErr = nil
	w.status = "Sent without the review: " + action.String() + "…"
	w.layout()
	return tea.Batch(cmd, msgCmd(SubmitMsg{Action: action, Spec: spec})), true
}

// rebuild redraws the current sub-form (after a resize or new data) with the
// focus where it was.
func (w *Wizard) rebuild() tea.Cmd {
	idx := 0
	if w.form != nil && w.form.State == huh.StateNormal {
		idx = max(w.focusIndex(), 0)
	}
	return w.build(idx)
}

func (w *Wizard) build(focus int) tea.Cmd {
	w.filtering = false
	w.lists = w.lists[:0]
	w.fields = w.pageFields(w.page, w.sub)
	w.formID++
	hk := w.hk
	if w.page == PageReview {
		if w.hkReview == nil {
			w.hkReview = huhReviewKeyMap()
		}
		hk = w.hkReview
	}
	w.form = huh.NewForm(huh.NewGroup(w.fields...)).
		WithTheme(w.st.Theme).
		WithKeyMap(hk).
		WithShowHelp(false).
		WithShowErrors(false).
		WithWidth(w.formWidth())
	for _, l := range w.lists { // needs the key map the form just gave it
		scrollToValue(l)
	}
	w.formH = 0
	cmds := []tea.Cmd{w.form.Init()}
	for i := 0; i < focus && i < len(w.fields)-1; i++ {
		cmds = append(cmds, w.form.NextField())
	}
	if w.page == PageReview {
		w.review = viewport.New(w.formWidth(), 5)
		w.review.SetContent(w.reviewText(w.formWidth()))
		w.review.KeyMap = viewport.KeyMap{}
	}
	w.layout()
	return w.wrap(tea.Batch(cmds...))
}

func (w *Wizard) loadRegion() tea.Cmd {
	w.loadedRegion = w.a.m.region
	w.loadingGateways = true
	w.gatewaysErr = nil
	w.data.Gateways = nil
	return msgCmd(RegionChangedMsg{Region: w.a.m.region})
}

// afterKey reacts to what a key changed on the page.
func (w *Wizard) afterKey() tea.Cmd {
	if w.page == PageGateway && w.sub == 0 && w.a.m.region != w.loadedRegion && w.focusIndex() > 0 {
		cmd := w.loadRegion()
		return tea.Batch(w.rebuild(), cmd)
	}
	return nil
}

// back goes to the previous sub-form or page; it is never blocked.
func (w *Wizard) back() tea.Cmd {
	w.pageErr = nil
	if w.sub > 0 {
		return w.enter(w.page, w.sub-1)
	}
	if w.returnToReview && w.page != PageReview {
		w.returnToReview = false
		return w.enter(PageReview, 0)
	}
	if p := w.prevPage(w.page); p >= PageGateway {
		return w.enter(p, 0)
	}
	w.status = "This is the first page."
	w.layout()
	return nil
}

func (w *Wizard) skipped(p Page) bool {
	return (p == PageIke || p == PageIpsec) && w.a.Profile != ipsec.ProfileCustom
}

func (w *Wizard) prevPage(p Page) Page {
	for p--; p >= PageGateway && w.skipped(p); p-- {
	}
	return p
}

func (w *Wizard) nextPage(p Page) Page {
	for p++; p < PageReview && w.skipped(p); p++ {
	}
	return p
}

// advance leaves a completed page: to the next one, or back to the review
// when the page was edited from there.
func (w *Wizard) advance() tea.Cmd {
	w.dirty = true
	if w.returnToReview {
		if next := w.a.FirstIncompletePage(w.data); next < PageReview {
			return w.enter(next, 0)
		}
		w.returnToReview = false
		return w.enter(PageReview, 0)
	}
	next := w.nextPage(w.page)
	if w.skipReview {
		// --yes: only the pages that still need an answer are asked.
		for next < PageReview && w.a.Complete(next, w.data) {
			next = w.nextPage(next)
		}
	}
	return w.enter(next, 0)
}

// complete handles a completed sub-form.
func (w *Wizard) complete() tea.Cmd {
	switch w.page {
	case PageGateway:
		return w.gatewayDone()
	case PageSubnets:
		return w.subnetsDone()
	case PageProfile:
		return w.profileDone()
	case PageIke:
		return w.ikeDone()
	case PageIpsec:
		return w.ipsecDone()
	case PageAuth:
		return w.authDone()
	case PageOptions:
		return w.optionsDone()
	case PageReview:
		return w.reviewDone()
	}
	return nil
}

// refuse keeps the page, showing err.
func (w *Wizard) refuse(err error) tea.Cmd {
	cmd := w.build(lastField)
	w.pageErr = err
	w.layout()
	return cmd
}

func (w *Wizard) pageFields(p Page, sub int) []huh.Field {
	switch p {
	case PageGateway:
		return w.gatewayFields(sub)
	case PageSubnets:
		return w.subnetsFields()
	case PageProfile:
		return w.profileFields()
	case PageIke:
		return w.ikeFields(sub)
	case PageIpsec:
		return w.ipsecFields()
	case PageAuth:
		return w.authFields(sub)
	case PageOptions:
		return w.optionsFields()
	}
	return w.reviewFields(sub)
}

func (w *Wizard) tooSmall() bool { return w.width < MinWidth || w.height < MinHeight }

func (w *Wizard) formWidth() int { return max(w.width, 20) }

// suggestion is the corrected value offered for the focused input's error.
func (w *Wizard) suggestion() (string, bool) {
	in, ok := w.form.GetFocusedField().(*huh.Input)
	if !ok {
		return "", false
	}
	var fe *ipsec.FieldError
	if err := in.Error(); err == nil || !errors.As(err, &fe) || fe.Suggestion == "" {
		return "", false
	}
	if fe.Field == ipsec.FieldLocalSubnet {
		return ipsec.CorrectCIDRList(w.a.m.localSubnets), true
	}
	return fe.Suggestion, true
}

func (w *Wizard) applySuggestion(s string) {
	in := w.form.GetFocusedField().(*huh.Input)
	switch in.GetKey() {
	case ipsec.FieldLocalSubnet:
		w.a.m.localSubnets = s
	case ipsec.FieldClientIPPool:
		w.a.m.pool = s
	case ipsec.FieldVpnGatewayID:
		w.a.m.gatewayID = s
	case ipsec.FieldName:
		w.a.m.name = s
	case ipsec.FieldLocalID:
		w.a.m.ike.LocalId = s
	case ipsec.FieldRemoteID:
		w.a.m.ike.RemoteId = s
	}
	w.dirty = true
}

// footer is everything under the form: notes, errors, help.
func (w *Wizard) footer() []string {
	width := w.formWidth()
	wrapTo := func(s string, st lipgloss.Style) string { return st.Width(width).Render(s) }
	var lines []string
	if w.loadingGateways && w.page == PageGateway {
		lines = append(lines, wrapTo("Loading the gateways of "+w.a.m.region+"…", w.st.Muted))
	}
	if w.gatewaysErr != nil && w.page == PageGateway {
		lines = append(lines, wrapTo("✗ Could not list the gateways: "+w.gatewaysErr.Error()+". Type the gateway id instead.", w.st.Error))
	}
	if w.checking != "" {
		lines = append(lines, wrapTo("Checking "+w.checking+" (SSL-VPN, IPsec-VPN connections, existing server)… esc stops waiting", w.st.Muted))
	}
	if w.pageErr != nil {
		lines = append(lines, wrapTo("✗ "+w.pageErr.Error(), w.st.Error))
	}
	if w.form != nil {
		for _, err := range w.form.Errors() {
			lines = append(lines, wrapTo("✗ "+err.Error(), w.st.Error))
		}
		if s, ok := w.suggestion(); ok {
			lines = append(lines, wrapTo("ctrl+e: use "+s, w.st.Warning))
		}
	}
	lines = append(lines, w.notes(width)...)
	if w.status != "" {
		lines = append(lines, wrapTo(w.status, w.st.Muted))
	}
	if w.confirmCancel {
		lines = append(lines, wrapTo("Cancel the wizard? What you entered will be lost.  y: yes, cancel  n: no, keep going", w.st.Warning))
		return lines
	}
	w.help.Width = width
	for _, l := range strings.Split(w.help.View(w.helpKeys()), "\n") {
		lines = append(lines, ansi.Truncate(l, width, "…"))
	}
	return lines
}

// notes are the page's informational lines: pool capacity, weak choices.
func (w *Wizard) notes(width int) []string {
	st := w.st.Note.Width(width)
	switch w.page {
	case PageSubnets:
		if n := ipsec.PoolCapacity(w.a.m.pool); n > 0 {
			s := fmt.Sprintf("ℹ %s holds %d clients (one /30 each)", strings.TrimSpace(w.a.m.pool), n)
			if d := w.data.Details; d != nil && d.Gateway.SslMaxConnections > 0 {
				max := d.Gateway.SslMaxConnections
				s += fmt.Sprintf("; the gateway allows %d connections (SslMaxConnections, shared with SSL-VPN)", max)
				if n < max {
					s += fmt.Sprintf(": too small for %d clients, use a larger pool", max)
				}
			}
			return []string{st.Render(s)}
		}
	case PageAuth:
		if n := PskFileNote(w.pskFile, w.a.m.pskMode); n != "" {
			return []string{w.st.Warning.Width(width).Render("⚠ " + n)}
		}
	case PageReview:
		if n := PskFileNote(w.pskFile, w.a.PskMode); n != "" {
			n = strings.TrimSuffix(n, ".") + ` (to have it written, edit Authentication: "Generate a strong key here").`
			return []string{w.st.Warning.Width(width).Render("⚠ " + n)}
		}
	case PageIke, PageIpsec:
		var vals [][2]string
		if w.page == PageIke {
			c := w.a.m.ike
			vals = [][2]string{{ipsec.FieldIkeEncAlg, c.IkeEncAlg}, {ipsec.FieldIkeAuthAlg, c.IkeAuthAlg}, {ipsec.FieldIkePfs, c.IkePfs}}
		} else {
			c := w.a.m.phase2
			vals = [][2]string{{ipsec.FieldIpsecEncAlg, c.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, c.IpsecAuthAlg}, {ipsec.FieldIpsecPfs, c.IpsecPfs}}
		}
		var out []string
		for _, v := range vals {
			if ww := ipsec.WeakWarning(v[1]); ww != "" {
				out = append(out, w.st.Warning.Width(width).Render("⚠ "+v[0]+" "+v[1]+" is "+ww))
			}
		}
		return out
	}
	return nil
}

func (w *Wizard) helpKeys() help.KeyMap {
	var fk, nav []key.Binding
	var primary *key.Binding
	if w.form != nil {
		for _, b := range w.form.KeyBinds() {
			if !b.Enabled() || b.Help().Key == "" || b.Help().Key == "shift+tab" {
				continue
			}
			fk = append(fk, b)
			switch {
			case primary == nil && b.Help().Key == "enter":
				primary = &b
			default:
				nav = append(nav, b)
			}
		}
	}
	helpKey := w.keys.Help
	if w.help.ShowAll {
		helpKey.SetHelp(helpKey.Help().Key, "fewer keys")
	}
	own := []key.Binding{w.keys.PrevField, w.keys.Back, w.keys.Cancel, helpKey}
	if w.page == PageReview {
		own = append(own, w.keys.ScrollUp, w.keys.ScrollDown)
	}
	// The short help leads with what moves the wizard on, then the ways
	// out and to the other keys; the field's own keys (up, down, filter)
	// come last and are the first to go when the width runs out.
	back := w.keys.Back
	back.SetHelp(back.Help().Key, "back")
	var short []key.Binding
	if primary != nil {
		short = append(short, *primary)
	}
	short = append(short, back, w.keys.Cancel, helpKey)
	short = append(short, nav...)
	return helpKeys{short: short, full: [][]key.Binding{fk, own}}
}

func (w *Wizard) header() string {
	left := w.st.Header.Render("ipsecwiz") + "  " + w.st.Step.Render(w.page.Step())
	var dots strings.Builder
	for p := PageGateway; p <= PageReview; p++ {
		switch {
		case p == w.page:
			dots.WriteString(w.st.Step.Render("●"))
		case w.skipped(p):
			dots.WriteString(w.st.Pending.Render("·"))
		case p < w.page:
			dots.WriteString(w.st.Progress.Render("●"))
		default:
			dots.WriteString(w.st.Pending.Render("○"))
		}
	}
	gap := w.width - lipgloss.Width(left) - lipgloss.Width(dots.String())
	if gap < 2 {
		return left
	}
	return left + strings.Repeat(" ", gap) + dots.String()
}

const headerLines = 2

// lastField asks build to focus the last field.
const lastField = 1 << 10

// layout fits the form between the header and the footer.
func (w *Wizard) layout() {
	if w.form == nil || w.tooSmall() {
		return
	}
	w.foot = strings.Join(w.footer(), "\n")
	foot := lipgloss.Height(w.foot) + 1
	avail := max(w.height-headerLines-foot, 3)
	h := avail
	if w.page == PageReview {
		formH := min(lipgloss.Height(w.form.View()), avail/2)
		w.review.Width = w.formWidth()
		w.review.Height = max(avail-formH-1, 1)
		h = formH
	}
	if h != w.formH {
		w.formH = h
		w.form.WithHeight(h)
	}
}

// View draws the wizard, or asks for room when the terminal is too small.
func (w *Wizard) View() string {
	if w.tooSmall() {
		msg := fmt.Sprintf("ipsecwiz needs a terminal of at least %dx%d (now %dx%d): enlarge the window.", MinWidth, MinHeight, w.width, w.height)
		return lipgloss.NewStyle().Width(max(w.width, 1)).Render(msg)
	}
	avail := max(w.height-headerLines-lipgloss.Height(w.foot)-1, 3)
	body := w.form.View()
	if w.page == PageReview {
		body = w.review.View() + "\n" + body
	}
	body = fitHeight(body, avail)
	return w.header() + "\n\n" + body + "\n\n" + w.foot
}

// list registers a (non-inline) select whose preselected value should be
// shown in context: huh scrolls a preselected option to the top of the list.
func (w *Wizard) list(s *huh.Select[string]) *huh.Select[string] {
	w.lists = append(w.lists, s)
	return s
}

func scrollToValue(s *huh.Select[string]) {
	want := s.GetValue()
	s.Update(tea.KeyMsg{Type: tea.KeyHome})
	for range 256 {
		if s.GetValue() == want {
			return
		}
		s.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
}

// fitHeight pads or cuts s to exactly h lines.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
