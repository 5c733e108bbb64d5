package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

type state int

const (
	stateLoading state = iota
	stateWizard
	stateChecking
	stateSubmitting
	stateTracking
	stateResult
	stateFailure
	stateQuitting
)

func (s state) String() string {
	return [...]string{"loading", "wizard", "checking", "submitting", "tracking", "result", "failure", "quitting"}[s]
}

// screen is one model of the state machine. Screens mutate in place and
// return typed messages (as Cmds) the root reacts to.
type screen interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Keys() help.KeyMap
}

// root is the state machine: it owns the data loaded so far and the screens,
// and routes each message to the screen of the current state.
type root struct {
	ctx   *Context
	cfg   Config
	api   API
	run   context.Context // the program's context: every call derives from it
	state state

	loading  *loadingModel
	checking *checkingModel
	submit   *submitModel
	track    *trackModel
	result   *resultModel
	failure  *failureModel
	wizard   wizardModel

	newWizard func(*Context, wizardInit) wizardModel

	// data
	regions       []ipsec.Region
	gateways      map[string][]ipsec.Gateway
	gateway       ipsec.Gateway // the one chosen
	spec          ipsec.ServerSpec
	userToken     string // a ClientToken given by the user, kept across edits
	sent          bool   // a create (or dry run) was sent at least once
	follow        bool   // Follow: only the tracking screen, no wizard
	created       *client.CreateResult
	pskSource     string // of the key last sent: "service", "generated" or "provided"
	pskSaveTried  bool   // Config.SavePsk ran
	pskSaveErr    error
	final         client.GatewayEvent
	regionsLoaded bool
	gwLoaded      bool

	detailsSeq    int
	detailsCancel context.CancelFunc
	watchCancel   context.CancelFunc
	watchCh       <-chan client.GatewayEvent

	outcome Outcome

	// The body of a screen taller than the terminal scrolls (scrollBody).
	scroll       viewport.Model
	scrollState  state // the screen scroll belongs to
	scrollable   bool  // the last drawn body did not fit
	scrollBottom bool  // scroll to the bottom at the next draw
	sized        bool  // a WindowSizeMsg came in
}

func newRoot(run context.Context, cfg Config) *root {
	ctx := newContext(cfg)
	spec := ipsec.NewServerSpec()
	if cfg.Answers != nil {
		spec = cfg.Answers.Spec.Clone()
	}
	if cfg.followSpec != nil {
		spec = cfg.followSpec.Clone()
	}
	if spec.RegionId == "" {
		spec.RegionId = ipsec.DefaultRegion
	}
	ctx.Region = spec.RegionId
	r := &root{
		ctx: ctx, cfg: cfg, api: cfg.API, run: run,
		loading: newLoading(ctx), checking: newChecking(ctx), submit: newSubmit(ctx),
		track: newTrack(ctx), result: newResult(ctx), failure: newFailure(ctx),
		gateways: map[string][]ipsec.Gateway{}, spec: spec, userToken: spec.ClientToken,
		newWizard: cfg.newWizard, follow: cfg.follow,
		scroll: viewport.New(0, 0), scrollState: -1,
	}
	if r.newWizard == nil {
		r.newWizard = defaultWizard
	}
	return r
}

func (r *root) Init() tea.Cmd {
	if r.follow {
		return r.startFollow()
	}
	if r.cfg.NewAPIErr != nil || r.api == nil {
		err := r.cfg.NewAPIErr
		if err == nil {
			err = &client.CredentialsError{Err: errors.New("no API client was configured")}
		}
		r.loading.fail(err)
		r.loading.canRetry = false // nothing to retry with: the fix is outside
		return nil
	}
	return r.startLoading()
}

func (r *root) startLoading() tea.Cmd {
	r.state = stateLoading
	r.regionsLoaded, r.gwLoaded = false, false
	return tea.Batch(r.loading.reset(), loadRegionsCmd(r.run, r.api), loadGatewaysCmd(r.run, r.api, r.ctx.Region))
}

// active is the screen of the current state.
func (r *root) active() screen {
	switch r.state {
	case stateLoading:
		return r.loading
	case stateChecking:
		return r.checking
	case stateSubmitting:
		return r.submit
	case stateTracking:
		return r.track
	case stateResult:
		return r.result
	case stateFailure:
		return r.failure
	}
	return nil
}

func (r *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if r.state == stateQuitting {
		return r, nil
	}
	if r.wizard != nil {
		if ev, ok := r.wizard.Event(msg); ok {
			msg = ev
		}
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// A terminal that changed size has reflowed what was drawn for the
		// old one (this program draws inline): clear it, then redraw.
		var clear tea.Cmd
		if r.sized && (msg.Width != r.ctx.Width || msg.Height != r.ctx.Height) {
			clear = tea.ClearScreen
		}
		r.sized = true
		r.setSize(msg.Width, msg.Height)
		if r.wizard != nil {
			return r, tea.Batch(clear, r.wizard.SetSize(msg.Width, msg.Height))
		}
		return r, clear
	case tea.KeyMsg:
		if r.state == stateWizard {
			// The wizard owns its keys, ctrl+c included: it asks before
			// dropping what was entered, then sends forms.CancelMsg.
			return r, r.wizard.Update(msg)
		}
		if key.Matches(msg, r.ctx.KeyMap.Cancel) {
			return r, r.interrupt()
		}
		if key.Matches(msg, r.ctx.KeyMap.Help) {
			r.ctx.ShowFullHelp = !r.ctx.ShowFullHelp
			return r, nil
		}
		if r.scrollKey(msg) {
			return r, nil
		}
		if s := r.active(); s != nil {
			return r, s.Update(msg)
		}
		return r, nil

	// Data.
	case regionsLoadedMsg:
		return r, r.regionsLoadedMsg(msg)
	case gatewaysLoadedMsg:
		return r, r.gatewaysLoadedMsg(msg)
	case detailsLoadedMsg:
		if msg.seq != r.detailsSeq || r.state != stateChecking {
			return r, nil // stale: the user went back
		}
		r.state = stateWizard
		return r, r.wizard.SetDetails(msg.details, msg.err)
	case submitDoneMsg:
		return r, r.submitDone(msg)
	case pskSavedMsg:
		r.pskSaveErr = msg.err
		return r, r.afterSubmit(msg.done)
	case watchStartedMsg:
		r.watchCh = msg.ch
		return r, waitForEvent(msg.ch)
	case gatewayEventMsg:
		return r, r.gatewayEvent(msg)
	case serversLoadedMsg:
		r.result.serversLoaded(msg)
		return r, nil
	case fileWrittenMsg:
		r.scrollBottom = true // the outcome is at the bottom: show it
		return r, r.result.Update(msg)

	// The wizard.
	case wizRegionMsg:
		r.ctx.Region = msg.region
		if gws, ok := r.gateways[msg.region]; ok {
			return r, r.wizard.SetGateways(msg.region, gws, nil)
		}
		return r, loadGatewaysCmd(r.run, r.api, msg.region)
	case wizGatewayMsg:
		return r, r.startChecking(msg.gateway)
	case wizSubmitMsg:
		spec := r.wizard.Spec()
		if msg.spec != nil {
			spec = msg.spec.Clone()
		}
		spec.DryRun = msg.dryRun
		if spec.ClientToken == "" {
			spec.ClientToken = r.userToken
		}
		return r, r.startSubmit(spec)
	case wizCancelMsg:
		return r, r.quit(ExitCancelled, context.Canceled)

	// Screens.
	case quitMsg:
		return r, r.quitWith(msg.code)
	case retryLoadMsg:
		if r.api == nil {
			return r, nil
		}
		return r, r.startLoading()
	case backToGatewayMsg:
		// The wizard's esc while it waits for details: stop waiting, stay
		// on the gateway page.
		r.cancelDetails()
		r.state = stateWizard
		return r, r.wizard.Update(tea.KeyMsg{Type: tea.KeyEsc})
	case createForRealMsg:
		spec := r.spec.Clone()
		spec.DryRun = false
		spec.ClientToken = r.userToken // a real create gets its own token
		return r, r.startSubmit(spec)
	case editMsg:
		if r.wizard == nil {
			return r, nil
		}
		r.state = stateWizard
		return r, r.wizard.Edit(msg.field)
	case retrySubmitMsg:
		return r, r.startSubmit(r.spec) // same ClientToken
	}

	// Anything else (spinner ticks, the forms' own messages).
	var cmds []tea.Cmd
	if s := r.active(); s != nil {
		cmds = append(cmds, s.Update(msg))
	}
	if r.wizard != nil && (r.state == stateWizard || r.state == stateChecking) {
		cmds = append(cmds, r.wizard.Update(msg))
	}
	return r, tea.Batch(cmds...)
}

func (r *root) setSize(w, h int) {
	r.ctx.Width, r.ctx.Height = w, h
	for _, s := range []screen{r.loading, r.checking, r.submit, r.track, r.result, r.failure} {
		s.SetSize(w, h)
	}
}

func (r *root) regionsLoadedMsg(msg regionsLoadedMsg) tea.Cmd {
	if r.state != stateLoading {
		return nil
	}
	if msg.err != nil {
		r.loading.fail(msg.err)
		return nil
	}
	r.regions, r.regionsLoaded = msg.regions, true
	r.loading.regionsDone = true
	return r.maybeStartWizard()
}

func (r *root) gatewaysLoadedMsg(msg gatewaysLoadedMsg) tea.Cmd {
	if msg.err == nil {
		r.gateways[msg.region] = msg.gateways
	}
	if r.state != stateLoading {
		if r.wizard != nil {
			return r.wizard.SetGateways(msg.region, msg.gateways, msg.err)
		}
		return nil
	}
	if msg.err != nil {
		r.loading.fail(msg.err)
		return nil
	}
	r.gwLoaded = true
	r.loading.gatewaysDone = true
	return r.maybeStartWizard()
}

func (r *root) maybeStartWizard() tea.Cmd {
	if !r.regionsLoaded || !r.gwLoaded || r.loading.err != nil {
		return nil
	}
	r.state = stateWizard
	if r.wizard == nil {
		r.wizard = r.newWizard(r.ctx, wizardInit{Answers: r.cfg.Answers, Spec: r.spec, Regions: r.regions,
			Region: r.ctx.Region, Gateways: r.gateways[r.ctx.Region], SkipReview: r.cfg.SkipReview,
			PskFile: r.pskFileToSave()})
		return r.wizard.Init()
	}
	return nil
}

func (r *root) startChecking(gw ipsec.Gateway) tea.Cmd {
	r.cancelDetails()
	r.gateway = gw
	r.detailsSeq++
	ctx, cancel := context.WithCancel(r.run)
	r.detailsCancel = cancel
	r.state = stateChecking
	region := gw.RegionId
	if region == "" {
		region = r.ctx.Region
	}
	return tea.Batch(r.checking.start(gw), loadDetailsCmd(ctx, r.api, r.detailsSeq, region, gw))
}

func (r *root) cancelDetails() {
	if r.detailsCancel != nil {
		r.detailsCancel()
		r.detailsCancel = nil
	}
	r.detailsSeq++
}

func (r *root) startSubmit(spec ipsec.ServerSpec) tea.Cmd {
	r.spec = spec
	r.sent = true
	r.pskSource = r.pskSourceOf(spec)
	if g, ok := r.findGateway(spec.RegionId, spec.VpnGatewayId); ok {
		r.gateway = g
	}
	r.state = stateSubmitting
	// The create is not tied to the program's context: once sent, it is
	// allowed to finish (ctrl+c waits for it).
	return tea.Batch(r.submit.start(spec), submitCmd(context.WithoutCancel(r.run), r.api, spec))
}

func (r *root) findGateway(region, id string) (ipsec.Gateway, bool) {
	if r.gateway.VpnGatewayId == id && id != "" {
		return r.gateway, true
	}
	for _, g := range r.gateways[region] {
		if g.VpnGatewayId == id {
			return g, true
		}
	}
	return ipsec.Gateway{}, false
}

func (r *root) submitDone(msg submitDoneMsg) tea.Cmd {
	r.spec = msg.spec
	if msg.err == nil && !msg.spec.DryRun && !msg.result.DryRun && !msg.result.DryRunPassed && r.needPskSave() {
		// Keep the generated key first: the screen stays on the call (a
		// ctrl+c waits) until it is written.
		r.pskSaveTried = true
		return savePskCmd(r.cfg.SavePsk, msg.spec.Psk, msg)
	}
	return r.afterSubmit(msg)
}

// needPskSave: the key was generated here and the host keeps it somewhere.
func (r *root) needPskSave() bool {
	return r.cfg.SavePsk != nil && !r.pskSaveTried && r.pskGenerated()
}

// afterSubmit goes on from the create's (or dry run's) answer.
func (r *root) afterSubmit(msg submitDoneMsg) tea.Cmd {
	if r.submit.quitRequested {
		if msg.err == nil && !msg.result.DryRun && !msg.result.DryRunPassed {
			res := msg.result
			r.created = &res
		}
		err := msg.err
		if err == nil {
			err = context.Canceled
			r.submit.dryRunPassed = msg.result.DryRunPassed
		}
		return r.quit(ExitCancelled, err)
	}
	if msg.err != nil {
		r.state = stateFailure
		r.failure.start(msg.spec, msg.err)
		return nil
	}
	res := msg.result
	if res.DryRunPassed || msg.spec.DryRun {
		r.submit.passed(res)
		return nil
	}
	r.created = &res
	if r.ctx.NoWait {
		return r.showResult(false)
	}
	r.state = stateTracking
	ctx, cancel := context.WithCancel(r.run)
	r.watchCancel = cancel
	region := msg.spec.RegionId
	return tea.Batch(
		r.track.start(msg.spec, res, r.gateway.Status),
		watchCmd(ctx, r.api, region, msg.spec.VpnGatewayId, client.WatchOptions{
			Timeout: r.ctx.WaitTimeout, ExpectChange: true, IpsecServerId: res.IpsecServerId}),
	)
}

func (r *root) gatewayEvent(msg gatewayEventMsg) tea.Cmd {
	if r.state != stateTracking {
		return nil
	}
	if msg.closed {
		if r.final.Done {
			return nil
		}
		msg.ev = client.GatewayEvent{Done: true, Err: errors.New("the gateway watch ended early"), Status: r.track.status}
	}
	ev := msg.ev
	r.track.event(ev)
	r.noteFinal(ev)
	if !ev.Done {
		return waitForEvent(r.watchCh)
	}
	r.stopWatch()
	if ev.Err == nil && r.follow {
		return r.quit(ExitOK, nil)
	}
	if ev.Err == nil {
		return r.showResult(true)
	}
	if errors.Is(ev.Err, context.Canceled) {
		return r.quit(ExitCancelled, ev.Err)
	}
	// Timeout (or the watch failed): the change goes on in the cloud.
	return r.quit(ExitFailure, ev.Err)
}

// noteFinal keeps ev as the last gateway observation, with the last known
// status when ev carries none (an error, or the end of the watch).
func (r *root) noteFinal(ev client.GatewayEvent) {
	if ev.Status == "" {
		ev.Status = r.final.Status
	}
	r.final = ev
}

func (r *root) showResult(settled bool) tea.Cmd {
	r.state = stateResult
	r.result.start(r.spec, *r.created, r.gateway, r.final, settled)
	r.result.generated = r.pskGenerated()
	if r.pskSaveTried {
		r.result.pskFile, r.result.pskSaveErr, r.result.pskSaved = r.cfg.PskFile, r.pskSaveErr, r.pskSaveErr == nil
	}
	ctx := r.run
	return loadServersCmd(ctx, r.api, r.spec.RegionId, r.spec.VpnGatewayId)
}

func (r *root) stopWatch() {
	if r.watchCancel != nil {
		r.watchCancel()
		r.watchCancel = nil
	}
}

// interrupt is ctrl+c: what it means depends on the state.
func (r *root) interrupt() tea.Cmd {
	switch r.state {
	case stateSubmitting:
		if r.submit.sending {
			// Never abandon an in-flight create: wait for its answer.
			r.submit.quitRequested = true
			return nil
		}
		return r.quit(ExitCancelled, context.Canceled)
	case stateTracking:
		r.track.stopping = true
		r.stopWatch()
		return r.quit(ExitCancelled, context.Canceled)
	case stateResult:
		return r.quitWith(ExitOK)
	}
	r.cancelDetails()
	return r.quit(ExitCancelled, context.Canceled)
}

// quitWith leaves from a screen's quit key, with the error that screen shows.
func (r *root) quitWith(code int) tea.Cmd {
	switch r.state {
	case stateLoading:
		return r.quit(code, r.loading.err)
	case stateFailure:
		return r.quit(code, r.failure.err)
	}
	return r.quit(code, nil)
}

func (r *root) quit(code int, err error) tea.Cmd {
	r.stopWatch()
	r.cancelDetails()
	if !r.sent && r.wizard != nil {
		r.spec = r.wizard.Spec() // what was answered, for the summary
	}
	r.outcome = r.buildOutcome(code, err)
	r.state = stateQuitting
	return tea.Quit
}

func (r *root) View() string {
	if r.state == stateQuitting {
		return ""
	}
	if r.state == stateWizard {
		// The wizard draws its own header and help, sized to the terminal.
		return r.wizard.View()
	}
	s := r.active()
	footer := r.ctx.footer(s.Keys())
	avail := r.ctx.Height - 2 - lipgloss.Height(footer) - 1
	r.ctx.bodyHeight = avail
	body := r.scrollBody(r.ctx.wrap(s.View()), avail)
	return r.ctx.Styles.App.Render(r.header() + "\n\n" + body + "\n" + footer)
}

// scrollBody fits a screen's body in n lines. A body that does not fit is
// shown in a viewport (pgup/pgdn, up/down, home/end scroll) with a last line
// that says so: in an inline program a view taller than the terminal would
// lose its top, and a clipped one would hide what matters at the bottom.
func (r *root) scrollBody(body string, n int) string {
	n = max(n, 2)
	if r.scrollState != r.state {
		r.scrollState = r.state
		r.scroll.SetYOffset(0)
	}
	total := strings.Count(body, "\n") + 1
	if total <= n {
		r.scroll.SetYOffset(0)
		r.scrollable = false
		return body
	}
	r.scrollable = true
	r.scroll.Width = r.ctx.contentWidth()
	r.scroll.Height = n - 1
	r.scroll.SetContent(body)
	if r.scrollBottom {
		r.scroll.GotoBottom()
		r.scrollBottom = false
	}
	first := r.scroll.YOffset + 1
	last := min(r.scroll.YOffset+r.scroll.Height, total)
	var hint string
	switch {
	case r.scroll.AtBottom():
		hint = fmt.Sprintf("↑ lines %d-%d of %d · pgup/↑ scroll up", first, last, total)
	case r.scroll.AtTop():
		hint = fmt.Sprintf("↓ %d more lines · pgdn/↓ scroll down", total-last)
	default:
		hint = fmt.Sprintf("↕ lines %d-%d of %d · pgup/pgdn scroll", first, last, total)
	}
	hint = ansi.Truncate(hint, r.ctx.contentWidth(), "…")
	return r.scroll.View() + "\n" + r.ctx.Styles.Subtle.Render(hint)
}

// scrollKey scrolls a screen whose body does not fit; it reports whether
// the key was used.
func (r *root) scrollKey(k tea.KeyMsg) bool {
	if !r.scrollable || r.scrollState != r.state {
		return false
	}
	switch k.String() {
	case "pgup", "ctrl+u":
		r.scroll.HalfPageUp()
	case "pgdown", "ctrl+d", " ":
		r.scroll.HalfPageDown()
	case "up", "k":
		r.scroll.ScrollUp(1)
	case "down", "j":
		r.scroll.ScrollDown(1)
	case "home", "g":
		r.scroll.GotoTop()
	case "end", "G":
		r.scroll.GotoBottom()
	default:
		return false
	}
	return true
}

func (r *root) header() string {
	st := r.ctx.Styles
	// One line, always (the body's height counts on it): the parts that
	// do not fit go, the least useful first.
	where := r.ctx.Region
	if r.ctx.Endpoint != "" {
		where += " · " + r.ctx.Endpoint
	}
	width := r.ctx.contentWidth()
	for _, parts := range [][]string{
		{" · IPsec server (client-to-site VPN)", " · " + where},
		{" · IPsec server", " · " + where},
		{" · " + where},
		{" · " + r.ctx.Region},
	} {
		rest := strings.Join(parts, "")
		if where != "" && lipgloss.Width("ipsecwiz"+rest) <= width {
			return st.Title.Render("ipsecwiz") + st.Subtle.Render(rest)
		}
	}
	return ansi.Truncate(st.Title.Render("ipsecwiz"), width, "")
}

// pskFileToSave is where a key generated here is saved ("" when the host
// keeps none).
func (r *root) pskFileToSave() string {
	if r.cfg.SavePsk == nil {
		return ""
	}
	return r.cfg.PskFile
}
