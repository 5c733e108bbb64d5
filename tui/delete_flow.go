package tui

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// deleteFlow is `ipsecwiz delete SERVER_ID` on a terminal: it reads the
// server, asks for its id typed back (unless confirmed on the command
// line), sends DeleteIpsecServer (or its DryRun) and follows the gateway
// until it is active and the server gone.
type deleteFlow struct {
	ctx      *Context
	cfg      Config
	api      API
	run      context.Context
	state    state
	serverID string
	dryRun   bool
	confirm  bool // ask for the id typed back

	loading *loadingModel
	ask     *confirmModel
	submit  *submitModel
	track   *trackModel
	failure *failureModel

	server  ipsec.Server
	report  client.Report
	change  client.Change
	outcome Outcome
	done    bool

	watchCancel context.CancelFunc
	watchCh     <-chan client.GatewayEvent
	leave       context.CancelFunc
	retries     chan retryMsg
}

func newDeleteFlow(run context.Context, c *Context, cfg Config, serverID string, dryRun, confirmed bool) *deleteFlow {
	c.Kind = client.KindDelete
	f := &deleteFlow{ctx: c, cfg: cfg, api: cfg.API, run: run, serverID: serverID, dryRun: dryRun, confirm: !confirmed,
		loading: newLoading(c), ask: newConfirm(c), submit: newSubmit(c), track: newTrack(c), failure: newFailure(c)}
	f.loading.serverID = serverID
	f.report = client.Report{Kind: client.KindDelete, Target: cfg.Target}
	return f
}

func (f *deleteFlow) Init() tea.Cmd {
	if err := f.cfg.apiErr(); err != nil {
		f.loading.fail(err)
		f.loading.canRetry = false
		return nil
	}
	f.state = stateLoading
	return tea.Batch(f.loading.reset(), loadServerCmd(f.run, f.api, f.ctx.Region, f.serverID))
}

func (f *deleteFlow) active() screen {
	switch f.state {
	case stateLoading:
		return f.loading
	case stateConfirm:
		return f.ask
	case stateSubmitting:
		return f.submit
	case stateTracking:
		return f.track
	case stateFailure:
		return f.failure
	}
	return nil
}

func (f *deleteFlow) Update(msg tea.Msg) tea.Cmd {
	if f.done {
		return nil
	}
	switch msg := msg.(type) {
	case serverLoadedMsg:
		if msg.err != nil && f.server.IpsecServerId != "" && client.IsNotFound(msg.err) {
			return f.gone(msg.err) // it was there before the wait: deleted meanwhile
		}
		if msg.err != nil {
			f.loading.fail(msg.err)
			return nil
		}
		f.server = msg.server
		if gw := msg.details.Gateway; gw.Busy() {
			// Another change (perhaps this server's deletion) is under way:
			// wait for it, then read the server again.
			var cmd tea.Cmd
			cmd, f.watchCancel = f.loading.waitFor(f.run, f.api, gw)
			return cmd
		}
		f.report.Before, f.report.Gateway = &msg.server, msg.details.Gateway
		f.report.Spec = ipsec.SpecFromServer(msg.server)
		f.ctx.Region = msg.server.RegionId
		if f.confirm && !f.dryRun {
			f.state = stateConfirm
			return f.ask.start(msg.server, f.dryRun)
		}
		return f.send()
	case confirmedMsg:
		return f.send()
	case gatewayActiveMsg:
		if f.state != stateLoading {
			return nil
		}
		return f.loading.waitedFor(msg, loadServerCmd(f.run, f.api, f.ctx.Region, f.serverID))
	case retryLoadMsg:
		return f.Init()
	case retryMsg:
		if f.state != stateSubmitting {
			return nil
		}
		f.submit.retrying(msg)
		return waitRetry(f.retries)
	case changeDoneMsg:
		return f.changeDone(msg)
	case watchStartedMsg:
		f.watchCh = msg.ch
		return waitForEvent(msg.ch)
	case gatewayEventMsg:
		return f.gatewayEvent(msg)
	case createForRealMsg:
		f.dryRun = false
		if f.confirm {
			f.state = stateConfirm
			return f.ask.start(f.server, false)
		}
		return f.send()
	case retrySubmitMsg:
		return f.sendChange(f.change)
	case quitMsg:
		switch f.state {
		case stateLoading:
			return f.quit(msg.code, f.loading.err)
		case stateFailure:
			return f.quit(msg.code, f.failure.err)
		case stateConfirm:
			return f.quit(exitCanceled, context.Canceled)
		}
		return f.quit(msg.code, nil)
	case editMsg:
		return nil // nothing to edit in a delete
	}
	if s := f.active(); s != nil {
		return s.Update(msg)
	}
	return nil
}

// gone ends a delete whose server disappeared while its gateway was waited
// for: what was asked holds, nothing was sent.
func (f *deleteFlow) gone(err error) tea.Cmd {
	res := client.ChangeResult{IpsecServerId: f.server.IpsecServerId, VpnGatewayId: f.server.VpnGatewayId,
		RegionId: f.server.RegionId, AlreadyGone: true}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		res.RequestId = apiErr.RequestId
	}
	f.report.Change, f.report.Settled = &res, true
	return f.quit(client.ExitOK, nil)
}

// send deletes the server (its DryRun with --dry-run).
func (f *deleteFlow) send() tea.Cmd {
	ch := client.Change{Kind: client.KindDelete, Server: f.server, DryRun: f.dryRun}
	if !ch.DryRun {
		if token, err := client.NewClientToken(); err == nil {
			ch.ClientToken = token
		}
	}
	return f.sendChange(ch)
}

func (f *deleteFlow) sendChange(ch client.Change) tea.Cmd {
	f.change = ch
	spec := ipsec.SpecFromServer(f.server)
	spec.DryRun, spec.ClientToken = ch.DryRun, ch.ClientToken
	f.report.Spec, f.report.Sent = spec, true
	f.state = stateSubmitting
	ctx, cancel := context.WithCancel(f.run)
	f.leave = cancel
	f.retries = make(chan retryMsg, 4)
	return tea.Batch(f.submit.start(spec), submitChangeCmd(ctx, f.api, ch, f.retries), waitRetry(f.retries))
}

func (f *deleteFlow) changeDone(msg changeDoneMsg) tea.Cmd {
	res, err := msg.Result, msg.Err
	if err == nil {
		f.report.Change = &res
	}
	if f.submit.quitRequested {
		if err == nil {
			err = context.Canceled
		}
		return f.quit(client.ExitCode(err), err)
	}
	if err != nil {
		f.state = stateFailure
		f.failure.start(f.report.Spec, err)
		return nil
	}
	if res.DryRunPassed {
		f.submit.passed(client.CreateResult{RequestId: res.RequestId, VpnGatewayId: res.VpnGatewayId, DryRun: true, DryRunPassed: true})
		return nil
	}
	if f.ctx.NoWait {
		return f.quit(client.ExitOK, nil)
	}
	f.state = stateTracking
	ctx, cancel := context.WithCancel(f.run)
	f.watchCancel = cancel
	f.report.Watched = true
	return tea.Batch(
		f.track.start(f.report.Spec, client.CreateResult{IpsecServerId: f.server.IpsecServerId, VpnGatewayId: f.server.VpnGatewayId,
			RequestId: res.RequestId}, f.report.Gateway.Status),
		watchCmd(ctx, f.api, f.server.RegionId, f.server.VpnGatewayId, client.WatchOptions{Timeout: f.ctx.WaitTimeout,
			ExpectChange: true, IpsecServerId: f.server.IpsecServerId, ServerDeleted: true}),
	)
}

func (f *deleteFlow) gatewayEvent(msg gatewayEventMsg) tea.Cmd {
	if f.state != stateTracking {
		return nil
	}
	ev := msg.ev
	if msg.closed {
		ev = client.GatewayEvent{Done: true, Err: errors.New("the gateway watch ended early")}
	}
	f.track.event(ev)
	if ev.Status == "" {
		ev.Status = f.report.Final.Status
	}
	f.report.Final = ev
	if !ev.Done {
		return waitForEvent(f.watchCh)
	}
	f.stop()
	if ev.Err == nil {
		f.report.Settled = true
		return f.quit(client.ExitOK, nil)
	}
	if errors.Is(ev.Err, context.Canceled) {
		return f.quit(exitCanceled, ev.Err)
	}
	return f.quit(client.ExitFailure, ev.Err)
}

func (f *deleteFlow) View() string {
	if s := f.active(); s != nil {
		return s.View()
	}
	return ""
}

func (f *deleteFlow) Bare() bool { return false }

func (f *deleteFlow) Keys() help.KeyMap {
	if s := f.active(); s != nil {
		return s.Keys()
	}
	return keysOf(f.ctx.KeyMap)
}

func (f *deleteFlow) SetSize(w, h int) tea.Cmd {
	for _, s := range []screen{f.loading, f.ask, f.submit, f.track, f.failure} {
		s.SetSize(w, h)
	}
	return nil
}

func (f *deleteFlow) Screen() string { return "delete-" + f.state.String() }

func (f *deleteFlow) Interrupt() tea.Cmd {
	switch f.state {
	case stateSubmitting:
		if f.submit.sending {
			if !f.submit.quitRequested {
				f.submit.quitRequested = true // wait for the answer first
				return nil
			}
			f.leave()
			return nil
		}
	case stateTracking:
		f.track.stopping = true
	}
	return f.quit(exitCanceled, context.Canceled)
}

func (f *deleteFlow) quit(code int, err error) tea.Cmd {
	f.outcome = f.ended(code, err)
	f.done = true
	return msgCmd(doneMsg{})
}

func (f *deleteFlow) ended(code int, err error) Outcome {
	f.stop()
	f.report.Err = err
	return outcomeOf(f.report, code)
}

func (f *deleteFlow) Outcome() Outcome { return f.outcome }

func (f *deleteFlow) stop() {
	if f.watchCancel != nil {
		f.watchCancel()
		f.watchCancel = nil
	}
}
