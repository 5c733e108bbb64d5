package forms

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
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
// the current part's huh form with each field's error or note beside it, the
// page's refusals, and a help footer. It does no I/O: it asks its host with
// RegionChangedMsg and GatewayChosenMsg and reports the outcome with
// SubmitMsg or CancelMsg.
type Wizard struct {
	s    *session
	st   Styles
	keys KeyMap
	hk   *huh.KeyMap
	// hkReview is hk with enter labelled "choose" (the review page).
	hkReview *huh.KeyMap
	help     help.Model

	width, height int
	frame         int // columns the host draws beside the wizard (WithFrame)
	page          Page
	sub           int
	part          []Field        // the part's fields as described
	fields        []huh.Field    // the same fields as huh renders them
	drawn         []*cachedField // fields as the group holds them, each keeping its drawing
	descs         []string       // the description each was last given
	lastFocus     int            // the field focused when descriptions were last set
	form          *huh.Form
	formID        int
	formH         int
	review        viewport.Model

	skipReview    bool // WithSkipReview, until the review would first show
	confirmCancel bool
	dirty         bool
	filtering     bool
	initialCheck  bool

	checking string // gateway id whose details are awaited
	waiting  bool   // ... once it is active again: it was busy
	pageErr  error  // shown above the help: refusals, failed checks
	status   string // a one-line note

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

// WithFrame says how many columns the host draws beside the wizard (its
// margin): the terminal is that much wider than the wizard's size, and the
// minimum terminal size is checked, and reported, as the terminal's.
func WithFrame(columns int) Option { return func(w *Wizard) { w.frame = columns } }

// WithPskFile names the file a key generated here is written to once the
// server is created (the host's --generate-psk --psk-file PATH). The
// authentication and review pages say when the answers mean it will not be
// written (the key is not generated here).
func WithPskFile(path string) Option { return func(w *Wizard) { w.s.pskFile = path } }

// WithCommand shows the request on the review page as the command line
// render makes of it (the host passes export.AliyunCLICommand; forms links
// no renderer itself).
func WithCommand(render func(ipsec.ServerSpec) string) Option {
	return func(w *Wizard) { w.s.command = render }
}

// WithServer makes the wizard edit an existing server (an update): a holds
// its settings (NewAnswers(ipsec.SpecFromServer(srv))) and facts its
// gateway's details. The gateway is fixed, the key can be kept, the review
// shows what changes and what that does to the clients, and the action sent
// is ActionUpdate (or ActionDryRun).
func WithServer(srv ipsec.Server) Option {
	return func(w *Wizard) {
		w.s.editing(srv)
	}
}

// WithKeyMap sets the wizard's keys.
func WithKeyMap(k KeyMap) Option { return func(w *Wizard) { w.keys = k } }

// WithSkipReview skips the review confirmation (the host's --yes): the first
// time the wizard would show the review page with every answer valid, it
// sends SubmitMsg (ActionCreate, or ActionDryRun when Spec.DryRun) instead.
// Pages that still need answers are asked first; pages already complete are
// not shown again on the way. Later visits to the review (EditSection after
// a failed call) show it as usual.
func WithSkipReview() Option { return func(w *Wizard) { w.skipReview = true } }

// NewWizard returns a wizard editing a, validating against facts. It starts
// on the first page that still needs an answer; when the gateway is given
// but not checked yet, Init asks the host to check it first.
func NewWizard(a *Answers, facts ipsec.Facts, opts ...Option) *Wizard {
	w := &Wizard{s: newSession(a, facts), st: DefaultStyles(), keys: DefaultKeyMap(), hk: huhKeyMap(),
		help: help.New(), width: 80, height: 24}
	for _, o := range opts {
		o(w)
	}
	w.help.Styles.ShortKey = w.st.Muted.Bold(true)
	w.help.Styles.FullKey = w.st.Muted.Bold(true)
	a = w.s.a
	d := facts.Details
	needCheck := ipsec.ValidateRegion(a.Spec.RegionId, facts.Regions) == nil && ipsec.ValidateGatewayID(a.Spec.VpnGatewayId) == nil &&
		(d == nil || d.Gateway.VpnGatewayId != a.Spec.VpnGatewayId)
	if needCheck {
		// Check the given gateway first; the wizard moves on when the details arrive.
		w.startCmd = w.enter(PageGateway, 0)
		g, ok := facts.Gateway(a.Spec.VpnGatewayId)
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
		w.startCmd = w.enter(w.s.firstIncomplete(), 0)
	}
	w.layout()
	return w
}

// Answers returns the answers being edited.
func (w *Wizard) Answers() *Answers { return w.s.a }

// Spec returns a copy of the request as answered so far.
func (w *Wizard) Spec() ipsec.ServerSpec { return w.s.a.Spec.Clone() }

// Page is the page shown.
func (w *Wizard) Page() Page { return w.page }

// Init returns the commands of the first page.
func (w *Wizard) Init() tea.Cmd { return w.startCmd }

// SetSize resizes the wizard; the current part is redrawn for the new size
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
	if !w.s.setGateways(region, gws, err) {
		return nil
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
	prev := w.s.facts.Details
	if err := w.s.setDetails(id, d, err); errors.Is(err, errHasServer) || errors.Is(err, errBusy) {
		// The gateway holds a server, or is busy: ask what to do.
		w.page, w.sub = PageGateway, 2
		if errors.Is(err, errBusy) {
			w.sub = 3
		}
		cmd := w.build(0)
		w.pageErr = nil
		w.layout()
		return cmd
	} else if err != nil {
		var cmd tea.Cmd
		if initial || w.page != PageGateway {
			w.page, w.sub = PageGateway, 0
			cmd = w.build(lastField)
		}
		w.pageErr = err
		w.layout()
		return cmd
	}
	w.pageErr = nil
	changed := prev == nil || prev.Gateway.VpnGatewayId != id
	switch {
	case initial:
		return w.enter(w.s.firstIncomplete(), 0)
	case w.s.returnToReview && changed:
		return w.enter(PageSubnets, 0)
	}
	return w.advance()
}

// EditSection shows page p with every value kept; completing it returns to
// the review page. The host uses it after a failure to send the user to
// the field at fault.
func (w *Wizard) EditSection(p Page) tea.Cmd {
	if p < PageGateway || p > PageReview {
		return nil
	}
	w.confirmCancel = false
	w.s.returnToReview = p != PageReview
	if w.s.skipped(p) {
		p = PageProfile
	}
	return w.enter(p, 0)
}

// formMsg carries a message produced by a command of the form formID, so a
// late message of a part that is gone never reaches the next one (huh's own
// messages carry no form identity).
type formMsg struct {
	id  int
	msg tea.Msg
}

func wrapCmd(id int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch m := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, 0, len(m))
			for _, c := range m {
				if c != nil {
					out = append(out, wrapCmd(id, c))
				}
			}
			return out
		case tea.WindowSizeMsg:
			return msg // the program's own
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
	case RegionChangedMsg, GatewayChosenMsg, SubmitMsg, CancelMsg, ServerActionMsg:
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
		w.refresh()
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
		cmds = append(cmds, w.apply(w.s.commit(w.page, w.sub)))
	} else {
		if _, ok := msg.(tea.KeyMsg); ok {
			w.pageErr = nil
			w.status = ""
		}
		cmds = append(cmds, w.afterKey())
		w.refresh()
	}
	return tea.Batch(cmds...)
}

// apply goes where a completed part leads.
func (w *Wizard) apply(st step) tea.Cmd {
	switch st.kind {
	case stepPart:
		return w.enter(w.page, st.part)
	case stepNext:
		return w.advance()
	case stepCheck:
		w.dirty = true
		cmd := w.build(lastField)
		w.checking, w.waiting = st.gateway.VpnGatewayId, st.wait
		w.layout()
		return tea.Batch(cmd, msgCmd(GatewayChosenMsg{Gateway: st.gateway, Wait: st.wait}))
	case stepLoadRegion:
		w.s.loadRegion()
		return tea.Batch(w.refuse(nil), msgCmd(RegionChangedMsg{Region: st.region}))
	case stepSubmit:
		cmd := w.build(lastField)
		w.status = "Sent: " + st.action.String() + "…"
		w.layout()
		return tea.Batch(cmd, msgCmd(SubmitMsg{Action: st.action, Spec: w.s.submitSpec(st.action)}))
	case stepCancel:
		w.dirty = true
		return tea.Batch(w.build(lastField), w.cancel())
	case stepEdit:
		if w.page == PageReview {
			return w.EditSection(st.page)
		}
		return w.enter(st.page, 0)
	case stepReview:
		return w.enter(PageReview, 0)
	case stepServer:
		cmd := w.build(lastField)
		return tea.Batch(cmd, msgCmd(ServerActionMsg{Action: st.action, Server: *w.s.existing}))
	}
	return w.refuse(st.err)
}

func (w *Wizard) wrap(cmd tea.Cmd) tea.Cmd { return wrapCmd(w.formID, cmd) }

func (w *Wizard) focusIndex() int {
	f := w.form.GetFocusedField()
	for i, x := range w.drawn {
		if x == f {
			return i
		}
	}
	return -1
}

func (w *Wizard) focusOnInput() bool {
	i := w.focusIndex()
	if i < 0 {
		return false
	}
	_, ok := w.fields[i].(*huh.Input)
	return ok
}

// enter shows part sub of page p, focused on its first field.
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
	if w.s.needsGateways(p, sub) {
		w.s.loadRegion()
		extra = msgCmd(RegionChangedMsg{Region: w.s.a.m.region})
	}
	return tea.Batch(cmd, extra)
}

// submitWithoutReview sends the answers as they are, when every page is
// complete and the whole spec is valid; the page shown stays (the review is
// never drawn).
func (w *Wizard) submitWithoutReview() (tea.Cmd, bool) {
	if w.s.firstIncomplete() != PageReview || len(w.s.validate()) > 0 {
		return nil, false
	}
	action := ActionCreate
	if w.s.a.Spec.DryRun {
		action = ActionDryRun
	}
	var cmd tea.Cmd
	if w.form == nil {
		// Nothing drawn yet (complete answers and details given up front):
		// the last page before the review stands in.
		w.page, w.sub = w.s.prevPage(PageReview), 0
		cmd = w.build(lastField)
	}
	w.pageErr = nil
	w.status = "Sent without the review: " + action.String() + "…"
	w.layout()
	return tea.Batch(cmd, msgCmd(SubmitMsg{Action: action, Spec: w.s.submitSpec(action)})), true
}

// rebuild redraws the current part (after a resize or new data) with the
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
	w.s.width = w.formWidth() - 6 // the field's border, the list's cursor and its last column
	w.part = w.s.part(w.page, w.sub)
	w.fields = make([]huh.Field, len(w.part))
	w.drawn = make([]*cachedField, len(w.part))
	drawn := make([]huh.Field, len(w.part))
	w.descs = nil
	for i, f := range w.part {
		w.fields[i] = w.huhField(f)
		w.drawn[i] = newCachedField(w.fields[i], func() { w.setDescription(i) })
		drawn[i] = w.drawn[i]
	}
	w.formID++
	hk := w.hk
	if w.page == PageReview {
		if w.hkReview == nil {
			w.hkReview = huhReviewKeyMap()
		}
		hk = w.hkReview
	}
	group := huh.NewGroup(drawn...)
	w.form = huh.NewForm(group).
		WithTheme(w.st.Theme).
		WithKeyMap(hk).
		WithShowHelp(false).
		WithShowErrors(false)
	// The width goes to each field, not to the group: a group width makes
	// huh's viewport pad and cut every line again on each draw, the larger
	// part of a keystroke's cost, and the fields wrap to it already. (The
	// group's width is cleared too: huh gives one under TERM=dumb.)
	group.WithWidth(0)
	for _, f := range w.drawn {
		f.WithWidth(w.formWidth() - 1) // and its border's column
	}
	for _, l := range w.lists { // needs the key map the form just gave it
		scrollToValue(l)
	}
	// Init focuses the first field. Its command is not run: it is a
	// sequence of huh's internals (dynamic field updates this wizard does
	// not use, a window-size query the wizard answers itself) that cannot
	// be scoped to this form; the one thing of it that matters, the
	// cursor's blink, is asked for directly.
	_ = w.form.Init()
	w.formH = 0
	cmds := []tea.Cmd{textinput.Blink}
	for i := 0; i < focus && i < len(w.fields)-1; i++ {
		cmds = append(cmds, w.form.NextField())
	}
	if w.page == PageReview {
		w.review = viewport.New(w.formWidth(), 5)
		w.review.SetContent(w.s.reviewText(w.st, w.formWidth()-1))
		w.review.KeyMap = viewport.KeyMap{}
	}
	w.refreshAll()
	return w.wrap(tea.Batch(cmds...))
}

// afterKey reacts to what a key changed on the part.
func (w *Wizard) afterKey() tea.Cmd {
	if w.s.needsGateways(w.page, w.sub) && w.focusIndex() > 0 {
		w.s.loadRegion()
		return tea.Batch(w.rebuild(), msgCmd(RegionChangedMsg{Region: w.s.a.m.region}))
	}
	return nil
}

// back goes to the previous part or page; it is never blocked.
func (w *Wizard) back() tea.Cmd {
	w.pageErr = nil
	if w.page == PageGateway && w.sub == 2 {
		// Back to the list, on the gateway chosen.
		w.s.existing = nil
		w.sub = 0
		return w.build(lastField)
	}
	if w.sub > 0 {
		return w.enter(w.page, w.sub-1)
	}
	if w.s.returnToReview && w.page != PageReview {
		w.s.returnToReview = false
		return w.enter(PageReview, 0)
	}
	if p := w.s.prevPage(w.page); p >= PageGateway {
		return w.enter(p, 0)
	}
	w.status = "This is the first page."
	w.layout()
	return nil
}

// advance leaves a completed page: to the next one, or back to the review
// when the page was edited from there.
func (w *Wizard) advance() tea.Cmd {
	w.dirty = true
	if w.s.returnToReview {
		if next := w.s.firstIncomplete(); next < PageReview {
			return w.enter(next, 0)
		}
		w.s.returnToReview = false
		return w.enter(PageReview, 0)
	}
	next := w.s.nextPage(w.page)
	if w.skipReview {
		// --yes: only the pages that still need an answer are asked.
		for next < PageReview && w.s.complete(next) {
			next = w.s.nextPage(next)
		}
	}
	return w.enter(next, 0)
}

// refuse keeps the part, showing err.
func (w *Wizard) refuse(err error) tea.Cmd {
	cmd := w.build(lastField)
	w.pageErr = err
	w.layout()
	return cmd
}

func (w *Wizard) tooSmall() bool { return w.width+w.frame < MinWidth || w.height < MinHeight }

func (w *Wizard) formWidth() int { return max(w.width, 20) }

// suggestion is the value offered (ctrl+e) for the focused input's error.
func (w *Wizard) suggestion() (string, bool) {
	i := w.focusIndex()
	if i < 0 || w.part[i].Text == nil || w.part[i].Kind != KindText {
		return "", false
	}
	v := *w.part[i].Text
	if w.part[i].Key == ipsec.FieldLocalSubnet {
		if c := ipsec.CorrectCIDRList(v); c != v && w.part[i].check(c) == nil {
			return c, true
		}
	}
	return w.part[i].suggestion(v)
}

func (w *Wizard) applySuggestion(v string) {
	if i := w.focusIndex(); i >= 0 && w.part[i].Text != nil {
		*w.part[i].Text = v
		w.dirty = true
	}
}

// footer is everything under the form: the page's refusal, notes, help.
func (w *Wizard) footer() []string {
	width := w.formWidth()
	wrapTo := func(s string, st lipgloss.Style) string { return st.Width(width).Render(s) }
	var lines []string
	if w.s.loadingGateways && w.page == PageGateway {
		lines = append(lines, wrapTo("Loading the gateways of "+w.s.a.m.region+"…", w.st.Muted))
	}
	if w.s.gatewaysErr != nil && w.page == PageGateway {
		lines = append(lines, wrapTo("✗ Could not list the gateways: "+w.s.gatewaysErr.Error()+". Type the gateway id instead.", w.st.Error))
	}
	if w.checking != "" {
		what := "Checking " + w.checking + " (SSL-VPN, IPsec-VPN connections, existing server)… esc stops waiting"
		if w.waiting {
			what = "Waiting until " + w.checking + " is active again, then checking it… esc stops waiting (nothing has been sent)"
		}
		lines = append(lines, wrapTo(what, w.st.Muted))
	}
	if w.pageErr != nil {
		lines = append(lines, wrapTo("✗ "+w.pageErr.Error(), w.st.Error))
	}
	if s, ok := w.suggestion(); ok {
		lines = append(lines, wrapTo("ctrl+e: use "+s, w.st.Warning))
	}
	if w.page == PageReview {
		if n := w.s.pskFileNote(); n != "" {
			lines = append(lines, wrapTo(n, w.st.Warning))
		}
	}
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

// header is the program's one header, as every screen has it: the name,
// then where one is, " · " between.
func (w *Wizard) header() string {
	left := w.st.Header.Render("ipsecwiz") + w.st.Subtle.Render(" · ") + w.st.Step.Render(w.s.step(w.page))
	var dots strings.Builder
	for _, p := range w.s.steps() {
		switch {
		case p == w.page:
			dots.WriteString(w.st.Step.Render("●"))
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
		w.review.Height = max(avail-formH-2, 1) // and a line that says how much is shown
		h = formH
	}
	if h != w.formH {
		w.formH = h
		w.form.WithHeight(h)
		// huh scrolled its fields for the old height: draw them again so a
		// page that fits now is not shown scrolled with room to spare.
		m, _ := w.form.Update(redrawMsg{})
		w.form = m.(*huh.Form)
	}
}

// View draws the wizard, or asks for room when the terminal is too small.
func (w *Wizard) View() string {
	if w.tooSmall() {
		msg := fmt.Sprintf("ipsecwiz needs a terminal of at least %dx%d (now %dx%d): enlarge the window.", MinWidth, MinHeight, w.width+w.frame, w.height)
		return lipgloss.NewStyle().Width(max(w.width, 1)).Render(msg)
	}
	avail := max(w.height-headerLines-lipgloss.Height(w.foot)-1, 3)
	body := w.form.View()
	if w.page == PageReview {
		body = w.review.View() + "\n" + w.reviewScroll() + "\n" + body
	}
	body = fitHeight(body, avail)
	return w.header() + "\n\n" + body + "\n\n" + w.foot
}

// reviewScroll says how much of the review is shown when it does not fit
// ("" when it does), so nothing below the fold goes unseen.
func (w *Wizard) reviewScroll() string {
	total := w.review.TotalLineCount()
	if total <= w.review.Height {
		return ""
	}
	first := w.review.YOffset + 1
	last := min(w.review.YOffset+w.review.Height, total)
	more := "pgdn for more"
	switch {
	case w.review.AtBottom():
		more = "the end; pgup goes back"
	case w.review.AtTop():
		more = "pgdn for the rest"
	}
	return w.st.Muted.Render(fmt.Sprintf("  ── lines %d-%d of %d · %s ──", first, last, total, more))
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
