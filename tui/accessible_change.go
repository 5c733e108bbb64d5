package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// lineRun is what the line modes of update and delete share: the prompts'
// input, the interrupts, and the report they end with.
type lineRun struct {
	ctx    context.Context
	c      *Context
	cfg    Config
	ia     *interrupt.Handler
	br     *bufio.Reader
	say    func(string, ...any)
	report client.Report
	// hideInput turns the echo off while a key is typed (nil: not a terminal).
	hideInput func() (restore func())
}

func newLineRun(ctx context.Context, c *Context, cfg Config, kind client.ChangeKind) *lineRun {
	in := cfg.Input
	if in == nil {
		in = os.Stdin
	}
	ia := interrupt.New(ctx, cfg.Signals, cfg.Output)
	l := &lineRun{c: c, cfg: cfg, ia: ia, ctx: ia.Context(),
		say:    func(format string, args ...any) { fmt.Fprintf(cfg.Output, format+"\n", args...) },
		report: client.Report{Kind: kind, Target: cfg.Target}}
	l.br = bufio.NewReader(&ctxReader{ctx: ia.Context(), lines: readLines(in)})
	l.hideInput = hideInput(in)
	c.Kind = kind
	return l
}

func (l *lineRun) end(code int, err error) (Outcome, error) {
	l.ia.Stop()
	l.report.Err = err
	return outcomeOf(l.report, code), nil
}

// read reads the server the change acts on, with its gateway.
func (l *lineRun) read(id string) (ipsec.Server, *ipsec.GatewayDetails, error) {
	if err := l.cfg.apiErr(); err != nil {
		return ipsec.Server{}, nil, err
	}
	l.say("Reading %s...", id)
	srv, err := l.cfg.API.GetServer(l.ctx, l.c.Region, id)
	if err != nil {
		return srv, nil, err
	}
	d, err := l.cfg.API.Prepare(l.ctx, srv.RegionId, srv.VpnGatewayId, client.PrepareOptions{})
	return srv, d, err
}

// send sends ch and follows the gateway (unless --no-wait or the service
// applied it at once), saying each step on its own line.
func (l *lineRun) send(ch client.Change) (Outcome, error) {
	api, say := l.cfg.API, l.say
	if ch.ClientToken == "" && !ch.DryRun {
		ch.ClientToken, _ = client.NewClientToken()
	}
	spec := ch.Spec
	if ch.Kind == client.KindDelete {
		spec = ipsec.SpecFromServer(ch.Server)
	}
	spec.DryRun, spec.ClientToken = ch.DryRun, ch.ClientToken
	l.report.Spec, l.report.Sent = spec, true
	say("Sending %s...", callNameOf(ch.Kind.Action(), spec))
	var sent client.ChangeSubmitted
	hides := "a change being made"
	if ch.Kind == client.KindDelete {
		hides = "a server being deleted"
	}
	l.ia.Hold(wireOf(ch.Kind.Action(), spec, hides), func(leave context.Context) {
		sent = api.SubmitChange(client.WithTrace(leave, retrySayer(say)), ch)
	})
	if sent.Err != nil {
		sayExplanation(say, ch.Kind.Action()+" failed", sent.Err)
		return l.end(client.ExitCode(sent.Err), sent.Err)
	}
	res := sent.Result
	if res.AlreadyGone {
		say("%s is gone already: another request deleted it after it was read.", ch.Server.IpsecServerId)
	}
	l.report.Change = &res
	if res.DryRunPassed {
		say("Precheck passed: %s (RequestId %s).", l.c.words().nothing, res.RequestId)
		return l.end(client.ExitOK, nil)
	}
	say("%s accepted (ClientToken %s).", ch.Kind.Action(), res.ClientToken)
	if l.ia.Interrupted() {
		return l.end(exitCanceled, context.Canceled)
	}
	if res.Synchronous {
		l.report.Settled = true
		return l.end(client.ExitOK, nil)
	}
	if l.cfg.NoWait {
		return l.end(client.ExitOK, nil)
	}
	opts := client.WatchOptions{Timeout: l.cfg.WaitTimeout, ExpectChange: true, IpsecServerId: ch.Server.IpsecServerId,
		ServerDeleted: ch.Kind == client.KindDelete}
	if ch.Kind == client.KindUpdate {
		want := ch.Spec
		opts.Matches = func(s ipsec.Server) bool { return len(ipsec.Diff(ipsec.SpecFromServer(s), want)) == 0 }
	}
	say("Following the gateway until it is active again. %s", l.c.stopWatchingLine(ch.Server.VpnGatewayId))
	l.report.Watched = true
	last := ""
	for ev := range api.WatchGateway(l.ctx, ch.Server.RegionId, ch.Server.VpnGatewayId, opts) {
		if ev.Status != "" && ev.Status != last {
			say("%s  gateway %s (check %d, %s elapsed)", ev.Time.Format("15:04:05"), ev.Status, ev.Polls, ev.Elapsed.Round(time.Second))
			last = ev.Status
		} else if ev.Err != nil && !ev.Done {
			say("A check failed, retrying: %s", firstLine(ev.Err.Error()))
		}
		if ev.Status == "" {
			ev.Status = l.report.Final.Status
		}
		l.report.Final = ev
		if ev.Done {
			switch {
			case ev.Err == nil:
				l.report.Settled = true
				return l.end(client.ExitOK, nil)
			case errors.Is(ev.Err, context.Canceled):
				return l.end(exitCanceled, ev.Err)
			}
			return l.end(client.ExitFailure, ev.Err)
		}
	}
	return l.end(exitCanceled, context.Canceled)
}

// runAccessibleUpdate is Update in line mode: the forms pages as line
// prompts on the server's settings, then the update's steps as lines.
func runAccessibleUpdate(ctx context.Context, c *Context, cfg Config, id string,
	prefill Prefill) (Outcome, error) {
	l := newLineRun(ctx, c, cfg, client.KindUpdate)
	srv, d, err := l.read(id)
	if err != nil {
		sayExplanation(l.say, "Could not read "+id, err)
		return l.end(client.ExitCode(err), err)
	}
	l.report.Before, l.report.Gateway = &srv, d.Gateway
	answers, err := prefill.answers(srv)
	if err != nil {
		return l.end(client.ExitCode(err), err)
	}
	l.report.Spec = answers.Spec.Clone()
	facts := ipsec.Facts{Details: d}
	hooks := forms.AccessibleHooks{Server: &srv, SkipReview: cfg.SkipReview, HideInput: l.hideInput,
		Command: func(s ipsec.ServerSpec) string { return export.AliyunCLIUpdateCommand(srv, s) }}
	action, err := forms.RunAccessible(l.ctx, l.br, cfg.Output, answers, &facts, hooks)
	l.report.Spec = answers.Spec.Clone()
	l.report.Changes = ipsec.Diff(ipsec.SpecFromServer(srv), l.report.Spec)
	switch {
	case errors.Is(err, forms.ErrInputEnded):
		return l.end(client.ExitUsage, ipsec.NewFieldError("input", err.Error(), ""))
	case err != nil:
		return l.end(exitCanceled, context.Canceled)
	}
	after := answers.Spec.Clone()
	return l.send(client.Change{Kind: client.KindUpdate, Server: srv, Spec: after, EffectImmediately: after.EffectImmediately && !srv.EffectImmediately,
		DryRun: action == forms.ActionDryRun, ClientToken: after.ClientToken})
}

// runAccessibleDelete is Delete in line mode: the server said in words, its
// id typed back (unless confirmed), then the delete's steps as lines.
func runAccessibleDelete(ctx context.Context, c *Context, cfg Config, id string, dryRun, confirmed bool) (Outcome, error) {
	l := newLineRun(ctx, c, cfg, client.KindDelete)
	srv, d, err := l.read(id)
	if err != nil {
		sayExplanation(l.say, "Could not read "+id, err)
		return l.end(client.ExitCode(err), err)
	}
	l.report.Before, l.report.Gateway, l.report.Spec = &srv, d.Gateway, ipsec.SpecFromServer(srv)
	l.say("IPsec server %s (%s) on %s: client pool %s, local subnets %s; %d client(s) online.", srv.IpsecServerId,
		cmpOr(srv.IpsecServerName, "no name"), srv.VpnGatewayId, srv.ClientIpPool, cidrs(srv.LocalSubnet), srv.OnlineClientCount)
	if !confirmed && !dryRun {
		l.say("Deleting it cuts off every client online; none can connect until a new server is set up.")
		for tries := 0; ; tries++ {
			fmt.Fprintf(cfg.Output, "Type the server's id (%s) or its name to delete it, or an empty line to keep it: ", srv.IpsecServerId)
			line, err := l.br.ReadString('\n')
			typed := strings.TrimSpace(line)
			if typed == srv.IpsecServerId || (typed != "" && typed == srv.IpsecServerName) {
				break
			}
			if typed == "" || err != nil || tries >= 2 {
				l.say("Kept: nothing was sent.")
				return l.end(exitCanceled, context.Canceled)
			}
			l.say("✗ %q is not this server's id or name.", typed)
		}
	}
	return l.send(client.Change{Kind: client.KindDelete, Server: srv, DryRun: dryRun})
}
