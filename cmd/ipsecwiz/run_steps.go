package main

import (
	"context"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// The steps a run without prompts shares, whatever it changes: waiting for
// a busy gateway before anything is sent, and following the gateway after.

// prepareWaiting is the preflight of a change on gatewayID. A gateway still
// applying another change is not bad input: a script would only retry, so
// it is waited for (at most timeout), each of its changes on a line;
// waited says whether it was.
func (g *globalOptions) prepareWaiting(ctx context.Context, c *client.Client, region, gatewayID string,
	timeout time.Duration, report *client.Report) (details *ipsec.GatewayDetails, waited bool, err error) {
	p := g.progress()
	last := ""
	details, err = c.Prepare(ctx, region, gatewayID, client.PrepareOptions{WaitBusy: true, WaitTimeout: timeout,
		OnWait: func(ev client.GatewayEvent) {
			if !waited {
				waited = true
				p.printf("Gateway %s is %s: waiting until it is active (at most %s, --wait-timeout)...", gatewayID,
					cmpOr(ev.Status, "busy"), timeout)
			}
			p.event(gatewayID, ev, &last)
		}})
	if details != nil {
		report.Gateway = details.Gateway
	}
	return details, waited, err
}

// follow watches the gateway until the change shows (opts), a line per
// status change, then prints the summary: an interrupt ends it as stopped
// by that signal, the change going on in the cloud.
func (g *globalOptions) follow(ctx context.Context, c *client.Client, ia *interrupts, report client.Report,
	region, gatewayID string, opts client.WatchOptions) error {
	p := g.progress()
	report.Watched = true
	last := ""
	for ev := range c.WatchGateway(ctx, region, gatewayID, opts) {
		p.event(gatewayID, ev, &last)
		if ev.Status == "" {
			ev.Status = report.Final.Status
		}
		report.Final = ev
		if ev.Done {
			report.Settled = ev.Err == nil
			if ev.Err != nil && ia.Interrupted() {
				return g.finishReport(report, ia.err())
			}
			return g.finishReport(report, ev.Err)
		}
	}
	return g.finishReport(report, ia.err())
}

// keepAnswers writes --save-answers once the answers are final, and says
// so.
func (o *createOptions) keepAnswers(spec ipsec.ServerSpec) error {
	if o.saveAnswers == "" {
		return nil
	}
	if err := writeAnswersFile(o.saveAnswers, spec, o.includePsk, o.force); err != nil {
		return usageErrorf("%v", err)
	}
	o.g.progress().printf("Answers saved to %s.", o.saveAnswers)
	return nil
}
