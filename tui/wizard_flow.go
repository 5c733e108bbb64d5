package tui

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
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
	stateDone
	stateConfirm // a delete asks for the server's id typed back
)

func (s state) String() string {
	return [...]string{"loading", "wizard", "checking", "submitting", "tracking", "result", "failure", "done", "confirm"}[s]
}

// screen is one model of a flow. Screens mutate in place and return typed
// messages (as Cmds) the flow reacts to.
type screen interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Keys() help.KeyMap
}

// wizardFlow is the create, from loading the gateways to the result: the
// wizard asks, the client's operations do (Prepare, Submit, WatchGateway),
// and report keeps what happened for the summary.
type wizardFlow struct {
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

	regions       []ipsec.Region
	gateways      map[string][]ipsec.Gateway
	regionsLoaded bool
	gwLoaded      bool

	report       client.Report
	userToken    string // a ClientToken given by the user, kept across edits
	pskSaveTried bool
	outcome      Outcome

	detailsSeq    int
	detailsCancel context.CancelFunc
	watchCancel   context.CancelFunc
	watchCh       <-chan client.GatewayEvent
	leave         context.CancelFunc // ends the wait for a submit in flight (a second interrupt)
	retries       chan retryMsg

	// An update (kind update) edits serverID: read first, then the wizard
	// pre-filled from it, with prefill applied (the command line's flags).
	kind     client.ChangeKind
	serverID string
	prefill  Prefill
	server   *ipsec.Server
	details  *ipsec.GatewayDetails
	change   client.Change // the update last sent
}

func newWizardFlow(run context.Context, c *Context, cfg Config) *wizardFlow {
	answers := cfg.Answers
	if answers == nil {
		answers = forms.NewAnswers(ipsec.NewServerSpec())
	}
	if answers.Spec.RegionId == "" {
		answers.Spec.RegionId = cfg.Target.Region
	}
	c.Region = answers.Spec.RegionId
	f := &wizardFlow{
		ctx: c, cfg: cfg, api: cfg.API, run: run,
		loading: newLoading(c), checking: newChecking(c), submit: newSubmit(c),
		track: newTrack(c), result: newResult(c), failure: newFailure(c),
		gateways: map[string][]ipsec.Gateway{}, userToken: answers.Spec.ClientToken,
		newWizard: cfg.newWizard,
	}
	f.cfg.Answers = answers
	f.report = client.Report{Target: cfg.Target, Spec: answers.Spec.Clone()}
	if f.newWizard == nil {
		f.newWizard = defaultWizard
	}
	return f
}

// newUpdateFlow is the wizard on an existing server: it reads the server,
// pre-fills the pages from it (then prefill, when not nil) and sends
// UpdateIpsecServer with what changes.
func newUpdateFlow(run context.Context, c *Context, cfg Config, serverID string,
	prefill Prefill) *wizardFlow {
	f := newWizardFlow(run, c, cfg)
	f.kind, f.serverID, f.prefill = client.KindUpdate, serverID, prefill
	f.report.Kind = client.KindUpdate
	f.loading.serverID = serverID
	c.Kind = client.KindUpdate
	return f
}

func (f *wizardFlow) Init() tea.Cmd {
	if err := f.cfg.apiErr(); err != nil {
		f.loading.fail(err)
		f.loading.canRetry = false // nothing to retry with: the fix is outside
		return nil
	}
	return f.startLoading()
}

func (f *wizardFlow) startLoading() tea.Cmd {
	f.state = stateLoading
	if f.kind == client.KindUpdate {
		return tea.Batch(f.loading.reset(), loadServerCmd(f.run, f.api, f.ctx.Region, f.serverID))
	}
	f.regionsLoaded, f.gwLoaded = false, false
	return tea.Batch(f.loading.reset(), loadRegionsCmd(f.run, f.api), loadGatewaysCmd(f.run, f.api, f.ctx.Region))
}

// active is the screen of the current state.
func (f *wizardFlow) active() screen {
	switch f.state {
	case stateLoading:
		return f.loading
	case stateChecking:
		return f.checking
	case stateSubmitting:
		return f.submit
	case stateTracking:
		return f.track
	case stateResult:
		return f.result
	case stateFailure:
		return f.failure
	}
	return nil
}

func (f *wizardFlow) Bare() bool     { return f.state == stateWizard }
func (f *wizardFlow) Screen() string { return f.state.String() }

func (f *wizardFlow) View() string {
	if f.state == stateWizard {
		return f.wizard.View()
	}
	if s := f.active(); s != nil {
		return s.View()
	}
	return ""
}

func (f *wizardFlow) Keys() help.KeyMap {
	if s := f.active(); s != nil {
		return s.Keys()
	}
	return keysOf(f.ctx.KeyMap)
}

// wizardFrame is the columns the root keeps beside the wizard: its margin
// on the left, and the last column, which a terminal may wrap at.
const wizardFrame = 2

func (f *wizardFlow) SetSize(w, h int) tea.Cmd {
	for _, s := range []screen{f.loading, f.checking, f.submit, f.track, f.result, f.failure} {
		s.SetSize(w, h)
	}
	if f.wizard != nil {
		return f.wizard.SetSize(max(w-wizardFrame, 1), h)
	}
	return nil
}

func (f *wizardFlow) Update(msg tea.Msg) tea.Cmd {
	if f.state == stateDone {
		return nil
	}
	if f.wizard != nil {
		if ev, ok := f.wizard.Event(msg); ok {
			msg = ev
		}
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if f.state == stateWizard {
			return f.wizard.Update(msg)
		}
		if s := f.active(); s != nil {
			return s.Update(msg)
		}
		return nil

	// Data.
	case regionsLoadedMsg:
		return f.regionsLoaded_(msg)
	case gatewaysLoadedMsg:
		return f.gatewaysLoaded(msg)
	case detailsLoadedMsg:
		if msg.seq != f.detailsSeq || f.state != stateChecking {
			return nil // stale: the user went back
		}
		f.state = stateWizard
		if msg.details != nil {
			f.report.Gateway = msg.details.Gateway
		}
		return f.wizard.SetDetails(msg.details, msg.err)
	case submitDoneMsg:
		return f.submitDone(msg)
	case serverLoadedMsg:
		return f.serverLoaded(msg)
	case gatewayActiveMsg:
		if f.state != stateLoading {
			return nil
		}
		return f.loading.waitedFor(msg, loadServerCmd(f.run, f.api, f.ctx.Region, f.serverID))
	case changeDoneMsg:
		return f.changeDone(msg)
	case wizServerMsg:
		// The gateway chosen holds a server: change or delete that one.
		cfg := f.cfg
		cfg.Answers = nil
		f.ctx.Region = msg.server.RegionId
		f.stop()
		if msg.action == forms.ActionDelete {
			return msgCmd(switchFlowMsg{flow: newDeleteFlow(f.run, f.ctx, cfg, msg.server.IpsecServerId, false, false)})
		}
		return msgCmd(switchFlowMsg{flow: newUpdateFlow(f.run, f.ctx, cfg, msg.server.IpsecServerId, nil)})
	case retryMsg:
		if f.state != stateSubmitting {
			return nil
		}
		f.submit.retrying(msg)
		return waitRetry(f.retries)
	case pskSavedMsg:
		f.report.Key.FileErr = msg.err
		f.report.Key.Written = msg.err == nil
		return f.afterSubmit(msg.done)
	case watchStartedMsg:
		f.watchCh = msg.ch
		return waitForEvent(msg.ch)
	case gatewayEventMsg:
		return f.gatewayEvent(msg)
	case serversLoadedMsg:
		f.result.serversLoaded(msg)
		return nil
	case fileWrittenMsg:
		if msg.err == nil {
			f.report.Extra = append(f.report.Extra, "VPN client configuration written to "+msg.path+" (mode 0600)")
		}
		return f.result.Update(msg)

	// The wizard.
	case wizRegionMsg:
		f.ctx.Region = msg.region
		if gws, ok := f.gateways[msg.region]; ok {
			return f.wizard.SetGateways(msg.region, gws, nil)
		}
		return loadGatewaysCmd(f.run, f.api, msg.region)
	case wizGatewayMsg:
		return f.startChecking(msg.gateway, msg.wait)
	case wizSubmitMsg:
		spec := f.wizard.Answers().Spec.Clone()
		if msg.spec != nil {
			spec = msg.spec.Clone()
		}
		spec.DryRun = msg.dryRun
		if spec.ClientToken == "" {
			spec.ClientToken = f.userToken
		}
		return f.startSubmit(spec)
	case wizCancelMsg:
		return f.quit(exitCanceled, context.Canceled)

	// Screens.
	case quitMsg:
		return f.quitWith(msg.code)
	case retryLoadMsg:
		if f.api == nil {
			return nil
		}
		return f.startLoading()
	case backToGatewayMsg:
		// The wizard's esc while it waits for details: stop waiting, stay
		// on the gateway page.
		f.cancelDetails()
		f.state = stateWizard
		return f.wizard.Update(tea.KeyMsg{Type: tea.KeyEsc})
	case createForRealMsg:
		spec := f.report.Spec.Clone()
		spec.DryRun = false
		spec.ClientToken = f.userToken // a real change gets its own token
		return f.startSubmit(spec)
	case editMsg:
		if f.wizard == nil {
			return nil
		}
		f.state = stateWizard
		return f.wizard.Edit(msg.field)
	case retrySubmitMsg:
		if f.kind == client.KindUpdate {
			spec := f.report.Spec.Clone()
			spec.ClientToken = f.change.ClientToken // same ClientToken
			return f.startSubmit(spec)
		}
		return f.startSubmit(f.report.Spec) // same ClientToken
	}

	// Anything else (spinner ticks, the forms' own messages).
	var cmds []tea.Cmd
	if s := f.active(); s != nil {
		cmds = append(cmds, s.Update(msg))
	}
	if f.wizard != nil && (f.state == stateWizard || f.state == stateChecking) {
		cmds = append(cmds, f.wizard.Update(msg))
	}
	return tea.Batch(cmds...)
}

func (f *wizardFlow) regionsLoaded_(msg regionsLoadedMsg) tea.Cmd {
	if f.state != stateLoading {
		return nil
	}
	if msg.err != nil {
		f.loading.fail(msg.err)
		return nil
	}
	f.regions, f.regionsLoaded = msg.regions, true
	f.loading.regionsDone = true
	return f.maybeStartWizard()
}

func (f *wizardFlow) gatewaysLoaded(msg gatewaysLoadedMsg) tea.Cmd {
	if msg.err == nil {
		f.gateways[msg.region] = msg.gateways
	}
	if f.state != stateLoading {
		if f.wizard != nil {
			return f.wizard.SetGateways(msg.region, msg.gateways, msg.err)
		}
		return nil
	}
	if msg.err != nil {
		f.loading.fail(msg.err)
		return nil
	}
	f.gwLoaded = true
	f.loading.gatewaysDone = true
	return f.maybeStartWizard()
}

func (f *wizardFlow) maybeStartWizard() tea.Cmd {
	if !f.regionsLoaded || !f.gwLoaded || f.loading.err != nil {
		return nil
	}
	f.state = stateWizard
	if f.wizard == nil {
		f.wizard = f.newWizard(f.ctx, wizardInit{Answers: f.cfg.Answers, Regions: f.regions,
			Region: f.ctx.Region, Gateways: f.gateways[f.ctx.Region], SkipReview: f.cfg.SkipReview,
			PskFile: f.pskFileToSave()})
		return f.wizard.Init()
	}
	return nil
}

func (f *wizardFlow) startChecking(gw ipsec.Gateway, wait bool) tea.Cmd {
	f.cancelDetails()
	f.report.Gateway = gw
	f.detailsSeq++
	ctx, cancel := context.WithCancel(f.run)
	f.detailsCancel = cancel
	f.state = stateChecking
	region := gw.RegionId
	if region == "" {
		region = f.ctx.Region
	}
	opts := client.PrepareOptions{}
	if wait {
		opts = client.PrepareOptions{WaitBusy: true, WaitTimeout: f.ctx.WaitTimeout}
	}
	return tea.Batch(f.checking.start(gw, wait), prepareCmd(ctx, f.api, f.detailsSeq, region, gw, opts))
}

func (f *wizardFlow) cancelDetails() {
	if f.detailsCancel != nil {
		f.detailsCancel()
		f.detailsCancel = nil
	}
	f.detailsSeq++
}

func (f *wizardFlow) startSubmit(spec ipsec.ServerSpec) tea.Cmd {
	if f.kind == client.KindUpdate {
		return f.startChange(spec)
	}
	if spec.ClientToken == "" && !spec.DryRun {
		// Settled before sending, so an interrupt can name it.
		if token, err := client.NewClientToken(); err == nil {
			spec.ClientToken = token
		}
	}
	f.report.Spec = spec
	f.report.Sent = true
	f.report.KeySource = f.keySourceOf(spec)
	if g, ok := f.findGateway(spec.RegionId, spec.VpnGatewayId); ok {
		f.report.Gateway = g
	}
	f.state = stateSubmitting
	ctx, cancel := context.WithCancel(f.run)
	f.leave = cancel
	f.retries = make(chan retryMsg, 4)
	return tea.Batch(f.submit.start(spec), submitCmd(ctx, f.api, spec, f.retries), waitRetry(f.retries))
}

// serverLoaded starts the update's wizard on the server just read.
func (f *wizardFlow) serverLoaded(msg serverLoadedMsg) tea.Cmd {
	if f.state != stateLoading {
		return nil
	}
	if msg.err != nil {
		f.loading.fail(msg.err)
		return nil
	}
	if gw := msg.details.Gateway; gw.Busy() {
		return f.waitBusy(gw)
	}
	srv := msg.server
	f.server, f.details = &srv, msg.details
	f.report.Before, f.report.Gateway = &srv, msg.details.Gateway
	f.ctx.Region = srv.RegionId
	answers, err := f.prefill.answers(srv)
	if err != nil {
		f.loading.fail(err)
		f.loading.canRetry = false
		return nil
	}
	spec := answers.Spec.Clone()
	f.cfg.Answers = answers
	f.report.Spec = spec
	f.userToken = spec.ClientToken
	f.state = stateWizard
	f.wizard = f.newWizard(f.ctx, wizardInit{Answers: answers, Region: srv.RegionId, Server: &srv, Details: msg.details,
		SkipReview: f.cfg.SkipReview, PskFile: f.pskFileToSave()})
	return f.wizard.Init()
}

// waitBusy waits for the server's gateway, busy with another change, and
// then reads the server again: the change may have been to it.
func (f *wizardFlow) waitBusy(gw ipsec.Gateway) tea.Cmd {
	var cmd tea.Cmd
	cmd, f.watchCancel = f.loading.waitFor(f.run, f.api, gw)
	return cmd
}

// startChange sends the update spec describes.
func (f *wizardFlow) startChange(spec ipsec.ServerSpec) tea.Cmd {
	ch := client.Change{Kind: client.KindUpdate, Server: *f.server, Spec: spec, EffectImmediately: spec.EffectImmediately && !f.server.EffectImmediately,
		DryRun: spec.DryRun, ClientToken: spec.ClientToken}
	if ch.ClientToken == "" && !ch.DryRun {
		if token, err := client.NewClientToken(); err == nil {
			ch.ClientToken = token
		}
	}
	spec.ClientToken = ch.ClientToken
	f.change = ch
	f.report.Spec, f.report.Sent = spec, true
	f.report.Changes = ch.Changes()
	f.report.KeySource = f.keySourceOf(spec)
	f.state = stateSubmitting
	ctx, cancel := context.WithCancel(f.run)
	f.leave = cancel
	f.retries = make(chan retryMsg, 4)
	return tea.Batch(f.submit.start(spec), submitChangeCmd(ctx, f.api, ch, f.retries), waitRetry(f.retries))
}

// changeDone goes on from the update's answer.
func (f *wizardFlow) changeDone(msg changeDoneMsg) tea.Cmd {
	res := msg.Result
	if msg.Err == nil {
		f.report.Change = &res
	}
	if msg.Err == nil && !res.DryRunPassed && f.needPskSave() {
		f.pskSaveTried = true
		f.report.Key.File = f.cfg.PskFile
		if err := f.cfg.SavePsk(f.report.Spec.Psk); err != nil {
			f.report.Key.FileErr = err
		} else {
			f.report.Key.Written = true
		}
	}
	if f.submit.quitRequested {
		err := msg.Err
		if err == nil {
			err = context.Canceled
		}
		return f.quit(client.ExitCode(err), err)
	}
	if msg.Err != nil {
		f.state = stateFailure
		f.failure.start(f.report.Spec, msg.Err)
		return nil
	}
	if res.DryRunPassed {
		f.submit.passed(client.CreateResult{RequestId: res.RequestId, VpnGatewayId: res.VpnGatewayId, DryRun: true, DryRunPassed: true})
		return nil
	}
	if res.Synchronous || f.ctx.NoWait {
		f.report.Settled = res.Synchronous
		return f.showResult(res.Synchronous)
	}
	f.state = stateTracking
	ctx, cancel := context.WithCancel(f.run)
	f.watchCancel = cancel
	f.report.Watched = true
	want := f.report.Spec
	return tea.Batch(
		f.track.start(want, f.createResultOf(), f.report.Gateway.Status),
		watchCmd(ctx, f.api, f.server.RegionId, f.server.VpnGatewayId, client.WatchOptions{
			Timeout: f.ctx.WaitTimeout, ExpectChange: true, IpsecServerId: f.server.IpsecServerId,
			Matches: func(s ipsec.Server) bool { return len(ipsec.Diff(ipsec.SpecFromServer(s), want)) == 0 }}),
	)
}

// createResultOf is the server an update edits, as the screens name it.
func (f *wizardFlow) createResultOf() client.CreateResult {
	s := f.server
	r := client.CreateResult{IpsecServerId: s.IpsecServerId, IpsecServerName: f.report.Spec.IpSecServerName,
		VpnGatewayId: s.VpnGatewayId, RegionId: s.RegionId, CreationTime: s.CreationTime}
	if f.report.Change != nil {
		r.RequestId, r.ClientToken = f.report.Change.RequestId, f.report.Change.ClientToken
	}
	return r
}

func (f *wizardFlow) findGateway(region, id string) (ipsec.Gateway, bool) {
	if f.report.Gateway.VpnGatewayId == id && id != "" {
		return f.report.Gateway, true
	}
	for _, g := range f.gateways[region] {
		if g.VpnGatewayId == id {
			return g, true
		}
	}
	return ipsec.Gateway{}, false
}

func (f *wizardFlow) submitDone(msg submitDoneMsg) tea.Cmd {
	f.report.Spec = msg.Spec
	res := msg.Result
	if msg.Err == nil && !res.DryRun && !res.DryRunPassed && f.needPskSave() {
		// Keep the generated key first: the screen stays on the call (a
		// ctrl+c waits) until it is written.
		f.pskSaveTried = true
		f.report.Key.File = f.cfg.PskFile
		return savePskCmd(f.cfg.SavePsk, msg.Spec.Psk, msg)
	}
	return f.afterSubmit(msg)
}

// needPskSave: the key was generated here and the host keeps it somewhere.
func (f *wizardFlow) needPskSave() bool {
	return f.cfg.SavePsk != nil && !f.pskSaveTried && f.report.KeySource == ipsec.KeyGenerated
}

// afterSubmit goes on from the create's (or dry run's) answer.
func (f *wizardFlow) afterSubmit(msg submitDoneMsg) tea.Cmd {
	res := msg.Result
	if msg.Err == nil {
		f.report.Result = &res
	}
	if f.submit.quitRequested {
		err := msg.Err
		if err == nil {
			err = context.Canceled
		}
		return f.quit(client.ExitCode(err), err)
	}
	if msg.Err != nil {
		f.state = stateFailure
		f.failure.start(msg.Spec, msg.Err)
		return nil
	}
	if res.DryRunPassed || msg.Spec.DryRun {
		f.submit.passed(res)
		return nil
	}
	if f.ctx.NoWait {
		return f.showResult(false)
	}
	f.state = stateTracking
	ctx, cancel := context.WithCancel(f.run)
	f.watchCancel = cancel
	f.report.Watched = true
	return tea.Batch(
		f.track.start(msg.Spec, res, f.report.Gateway.Status),
		watchCmd(ctx, f.api, msg.Spec.RegionId, msg.Spec.VpnGatewayId, client.WatchOptions{
			Timeout: f.ctx.WaitTimeout, ExpectChange: true, IpsecServerId: res.IpsecServerId}),
	)
}

func (f *wizardFlow) gatewayEvent(msg gatewayEventMsg) tea.Cmd {
	if f.state != stateTracking {
		return nil
	}
	if msg.closed {
		if f.report.Final.Done {
			return nil
		}
		msg.ev = client.GatewayEvent{Done: true, Err: errors.New("the gateway watch ended early"), Status: f.track.status}
	}
	ev := msg.ev
	f.track.event(ev)
	f.noteFinal(ev)
	if !ev.Done {
		return waitForEvent(f.watchCh)
	}
	f.stopWatch()
	if ev.Err == nil {
		f.report.Settled = true
		return f.showResult(true)
	}
	if errors.Is(ev.Err, context.Canceled) {
		return f.quit(exitCanceled, ev.Err)
	}
	// Timeout (or the watch failed): the change goes on in the cloud.
	return f.quit(client.ExitFailure, ev.Err)
}

// noteFinal keeps ev as the last gateway observation, with the last known
// status when ev carries none (an error, or the end of the watch).
func (f *wizardFlow) noteFinal(ev client.GatewayEvent) {
	if ev.Status == "" {
		ev.Status = f.report.Final.Status
	}
	f.report.Final = ev
}

func (f *wizardFlow) showResult(settled bool) tea.Cmd {
	f.state = stateResult
	res := f.report.Result
	if f.kind == client.KindUpdate {
		r := f.createResultOf()
		res = &r
	}
	f.result.start(f.report.Spec, *res, f.report.Gateway, f.report.Final, settled)
	f.result.changes = f.report.Changes
	f.result.generated = f.report.KeySource == ipsec.KeyGenerated
	if f.pskSaveTried {
		f.result.pskFile, f.result.pskSaveErr, f.result.pskSaved = f.cfg.PskFile, f.report.Key.FileErr, f.report.Key.FileErr == nil
	}
	return loadServersCmd(f.run, f.api, f.report.Spec.RegionId, f.report.Spec.VpnGatewayId)
}

func (f *wizardFlow) stopWatch() {
	if f.watchCancel != nil {
		f.watchCancel()
		f.watchCancel = nil
	}
}

func (f *wizardFlow) stop() {
	f.stopWatch()
	f.cancelDetails()
}

// Interrupt is ctrl+c (or SIGINT, SIGTERM): what it means depends on the
// state.
func (f *wizardFlow) Interrupt() tea.Cmd {
	switch f.state {
	case stateWizard:
		return f.wizard.Update(tea.KeyMsg{Type: tea.KeyCtrlC}) // it asks before dropping answers
	case stateSubmitting:
		if f.submit.sending {
			if !f.submit.quitRequested {
				// Never abandon a request on the wire at the first
				// interrupt: wait for its answer, and say how to leave.
				f.submit.quitRequested = true
				return nil
			}
			f.leave() // the second: stop waiting; Submit returns at once
			return nil
		}
		return f.quit(exitCanceled, context.Canceled)
	case stateTracking:
		f.track.stopping = true
		f.stopWatch()
		if f.report.KeySource == ipsec.KeyGenerated && !f.report.Key.Written {
			// The key made here is kept nowhere yet: stop watching, but
			// show it can still be had before leaving.
			cmd := f.showResult(false)
			f.result.stopped, f.result.leaving = true, true
			return cmd
		}
		return f.quit(exitCanceled, context.Canceled)
	case stateResult:
		return f.result.leave()
	}
	f.cancelDetails()
	return f.quit(exitCanceled, context.Canceled)
}

// quitWith leaves from a screen's quit key, with the error that screen shows.
func (f *wizardFlow) quitWith(code int) tea.Cmd {
	switch f.state {
	case stateLoading:
		return f.quit(code, f.loading.err)
	case stateFailure:
		return f.quit(code, f.failure.err)
	case stateResult:
		if f.result.stopped {
			return f.quit(code, context.Canceled)
		}
	}
	return f.quit(code, nil)
}

func (f *wizardFlow) quit(code int, err error) tea.Cmd {
	f.outcome = f.ended(code, err)
	f.state = stateDone
	return msgCmd(doneMsg{})
}

func (f *wizardFlow) ended(code int, err error) Outcome {
	f.stop()
	if !f.report.Sent && f.wizard != nil {
		f.report.Spec = f.wizard.Answers().Spec.Clone() // what was answered, for the summary
	}
	if f.report.KeySource == "" {
		f.report.KeySource = f.keySourceOf(f.report.Spec)
	}
	if f.kind == client.KindUpdate && !f.report.Sent && f.server != nil {
		f.report.Changes = ipsec.Diff(ipsec.SpecFromServer(*f.server), f.report.Spec)
	}
	f.report.Key.Shown = f.result.revealed
	f.report.Err = err
	return outcomeOf(f.report, code)
}

func (f *wizardFlow) Outcome() Outcome { return f.outcome }

// keySourceOf says where spec's key comes from.
func (f *wizardFlow) keySourceOf(spec ipsec.ServerSpec) ipsec.KeySource {
	if spec.Psk == "" {
		return ipsec.KeyService
	}
	a := f.cfg.Answers
	if f.wizard != nil {
		a = f.wizard.Answers()
	}
	if a != nil && a.KeySource == ipsec.KeyGenerated && a.Spec.Psk == spec.Psk {
		return ipsec.KeyGenerated
	}
	return ipsec.KeyProvided
}

// pskFileToSave is where a key generated here is saved ("" when the host
// keeps none).
func (f *wizardFlow) pskFileToSave() string {
	if f.cfg.SavePsk == nil {
		return ""
	}
	return f.cfg.PskFile
}

// errInterrupted is the error of a run a signal ended.
func errInterrupted(sig os.Signal) error {
	return fmt.Errorf("%w by %v", context.Canceled, sig)
}
