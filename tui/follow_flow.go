package tui

import (
	"context"
	"errors"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// followFlow is `ipsecwiz status` on a terminal: the tracking screen alone,
// until the gateway is active, the timeout passes or ctrl+c stops watching.
type followFlow struct {
	ctx       *Context
	cfg       Config
	run       context.Context
	gatewayID string
	track     *trackModel

	watchCancel context.CancelFunc
	watchCh     <-chan client.GatewayEvent
	final       client.GatewayEvent
	done        bool
	outcome     Outcome
}

func newFollowFlow(run context.Context, c *Context, cfg Config, gatewayID string) *followFlow {
	return &followFlow{ctx: c, cfg: cfg, run: run, gatewayID: gatewayID, track: newTrack(c)}
}

func (f *followFlow) Init() tea.Cmd {
	ctx, cancel := context.WithCancel(f.run)
	f.watchCancel = cancel
	spec := ipsec.ServerSpec{RegionId: f.ctx.Region, VpnGatewayId: f.gatewayID}
	return tea.Batch(f.track.start(spec, client.CreateResult{}, ""),
		watchCmd(ctx, f.cfg.API, f.ctx.Region, f.gatewayID, client.WatchOptions{Timeout: f.ctx.WaitTimeout}))
}

func (f *followFlow) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case watchStartedMsg:
		f.watchCh = msg.ch
		return waitForEvent(msg.ch)
	case gatewayEventMsg:
		if f.done {
			return nil
		}
		ev := msg.ev
		if msg.closed {
			ev = client.GatewayEvent{Done: true, Err: errors.New("the gateway watch ended early")}
		}
		f.track.event(ev)
		if ev.Status == "" {
			ev.Status = f.final.Status
		}
		f.final = ev
		if !ev.Done {
			return waitForEvent(f.watchCh)
		}
		code := client.ExitCode(ev.Err)
		return f.quit(code, ev.Err)
	}
	return f.track.Update(msg)
}

func (f *followFlow) View() string             { return f.track.View() }
func (f *followFlow) Bare() bool               { return false }
func (f *followFlow) Keys() help.KeyMap        { return f.track.Keys() }
func (f *followFlow) SetSize(w, h int) tea.Cmd { f.track.SetSize(w, h); return nil }
func (f *followFlow) Screen() string           { return "tracking" }

func (f *followFlow) Interrupt() tea.Cmd {
	f.track.stopping = true
	return f.quit(exitCanceled, context.Canceled)
}

func (f *followFlow) quit(code int, err error) tea.Cmd {
	f.outcome = f.ended(code, err)
	f.done = true
	return msgCmd(doneMsg{})
}

func (f *followFlow) ended(code int, err error) Outcome {
	f.stop()
	t := f.cfg.Target
	t.Region = f.ctx.Region
	r := client.FollowReport{Target: t, GatewayID: f.gatewayID, Final: f.final, Err: err}
	s := r.Summary()
	return Outcome{Report: client.Report{Target: t, Spec: ipsec.ServerSpec{RegionId: t.Region, VpnGatewayId: f.gatewayID},
		Final: f.final, Watched: true, Settled: err == nil, Err: err}, Err: err, ExitCode: code, Summary: s.Text(), JSON: s.JSON()}
}

func (f *followFlow) Outcome() Outcome { return f.outcome }

func (f *followFlow) stop() {
	if f.watchCancel != nil {
		f.watchCancel()
		f.watchCancel = nil
	}
}
