package main

import (
	"context"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// followChange sends ch (an update or a delete) as a run without prompts
// does: one plain line before, the answer, then the gateway followed until
// the change shows (a rename needs no following), and the summary. The
// request is never abandoned on the wire without the warning of interrupts.
func followChange(ctx context.Context, g *globalOptions, c *client.Client, ia *interrupts, report client.Report,
	ch client.Change, noWait bool, waitTimeout time.Duration) error {
	p := g.progress()
	srv := ch.Server
	action := ch.Kind.Action()
	what := action
	if ch.DryRun {
		what += " (DryRun precheck)"
	}
	if ch.Kind == client.KindUpdate {
		what += " of " + joinFields(report.Changes)
	}
	p.printf("Sending %s for %s on %s in %s (ClientToken %s)...", what, srv.IpsecServerId, srv.VpnGatewayId,
		srv.RegionId, cmpOr(ch.ClientToken, "none"))
	hides := "a change being made"
	if ch.Kind == client.KindDelete {
		hides = "a server being deleted"
	}
	report.Sent = true
	var sent client.ChangeSubmitted
	ia.Hold(interrupt.Wire{Action: action, GatewayID: srv.VpnGatewayId, ClientToken: ch.ClientToken, Hides: hides}, func(leave context.Context) {
		sent = c.SubmitChange(client.WithTrace(leave, p.retryTrace()), ch)
	})
	if sent.Err != nil {
		return g.finishReport(report, sent.Err)
	}
	res := sent.Result
	report.Change = &res
	if res.DryRunPassed {
		return g.finishReport(report, nil)
	}
	p.printf("%s accepted (RequestId %s).", action, res.RequestId)
	if ia.Interrupted() {
		return g.finishReport(report, ia.err())
	}
	if res.Synchronous || noWait {
		report.Settled = res.Synchronous
		return g.finishReport(report, nil)
	}
	opts := client.WatchOptions{ExpectChange: !res.AlreadyGone, IpsecServerId: srv.IpsecServerId, Timeout: waitTimeout}
	if ch.Kind == client.KindDelete {
		opts.ServerDeleted = true
	} else {
		want := report.Spec
		opts.Matches = func(s ipsec.Server) bool { return len(ipsec.Diff(ipsec.SpecFromServer(s), want)) == 0 }
	}
	return g.follow(ctx, c, ia, report, srv.RegionId, srv.VpnGatewayId, opts)
}
