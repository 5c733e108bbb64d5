package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// statusOptions are status's flags.
type statusOptions struct {
	g         *globalOptions
	gatewayID string
	until     string
	timeout   time.Duration
}

func newStatusCommand(g *globalOptions) *cobra.Command {
	o := &statusOptions{g: g}
	cmd := &cobra.Command{
		Use:   "status GATEWAY_ID",
		Short: "Follow one gateway live until it settles, then print it",
		Long: `Follow a VPN gateway until it is active (the default --until), showing each
status change, then print the gateway. Exit 0 when it settled, 1 on timeout
or error. Stopping with ctrl+c stops only the watching (exit 130).`,
		Example: "  ipsecwiz status vpn-bp1... --region cn-hangzhou",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.gatewayID = args[0]
			return o.run(cmd)
		},
	}
	cmd.Flags().StringVar(&o.until, "until", ipsec.StatusActive, "the status to wait for")
	cmd.Flags().DurationVar(&o.timeout, "wait-timeout", 10*time.Minute, "give up after DURATION (exit 1)")
	cmd.ValidArgsFunction = gatewayCompletion(g)
	return cmd
}

func (o *statusOptions) run(cmd *cobra.Command) error {
	g := o.g
	if o.until != ipsec.StatusActive {
		return usageErrorf("--until: only %q is supported, got %q", ipsec.StatusActive, o.until)
	}
	if err := ipsec.ValidateGatewayID(o.gatewayID); err != nil {
		return &exitError{code: client.ExitUsage, err: err}
	}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	report := client.FollowReport{Target: g.target(""), GatewayID: o.gatewayID}
	c, cleanup, err := g.connect(ia.ctx)
	if err != nil {
		ia.Stop()
		return o.finish(report, err)
	}
	defer cleanup()
	report.Target.Region = c.Region()
	if g.f.IO.CanPrompt() && g.output == "text" && !g.accessible {
		// A terminal gets the live view, which reads the signals itself;
		// pipes, JSON and --accessible get the plain lines below.
		ia.Stop()
		outcome, err := tui.Follow(cmd.Context(), tui.FollowConfig{API: c, Target: report.Target, GatewayID: o.gatewayID,
			Timeout: o.timeout, Input: g.f.IO.In, Output: g.f.IO.ErrOut, Signals: g.f.Signals, NoColor: g.noColor})
		if err != nil {
			return &exitError{code: client.ExitFailure, err: fmt.Errorf("the terminal UI failed: %w", err)}
		}
		if outcome.ExitCode != 0 {
			fmt.Fprint(g.f.IO.Out, outcome.Summary)
			return &exitError{code: outcome.ExitCode, err: outcome.Err, printed: true}
		}
		return o.settled(cmd, c, report)
	}
	defer ia.Stop()
	p := g.progress()
	ctx := client.WithTrace(ia.ctx, p.retryTrace())
	last := ""
	for ev := range c.WatchGateway(ctx, report.Target.Region, o.gatewayID, client.WatchOptions{Timeout: o.timeout}) {
		p.event(o.gatewayID, ev, &last)
		if ev.Status == "" {
			ev.Status = report.Final.Status
		}
		report.Final = ev
		if ev.Done {
			if ev.Err != nil && ia.Interrupted() {
				return o.finish(report, ia.err()) // "stopped by SIGINT", not the context's words
			}
			if ev.Err != nil {
				return o.finish(report, ev.Err)
			}
			break
		}
	}
	return o.settled(cmd, c, report)
}

// settled reads the gateway once more and prints it.
func (o *statusOptions) settled(cmd *cobra.Command, c *client.Client, report client.FollowReport) error {
	gw, err := c.DescribeGateway(cmd.Context(), report.Target.Region, o.gatewayID)
	if err != nil {
		return o.finish(report, err)
	}
	report.Gateway = &gw
	return o.finish(report, nil)
}

func (o *statusOptions) finish(report client.FollowReport, err error) error {
	g := o.g
	report.Err = err
	s := report.Summary()
	var werr error
	switch {
	case g.output == "json":
		_, werr = g.f.IO.Product().Write(s.JSON())
	case err == nil || report.Final.Polls > 0:
		_, werr = fmt.Fprint(g.f.IO.Product(), s.Text())
	}
	code := client.ExitCode(err)
	if werr != nil {
		return &exitError{code: max(code, client.ExitFailure), err: fmt.Errorf("the status could not be written to standard output: %w", werr)}
	}
	if err != nil {
		if g.output != "json" {
			explainOn(g.f.IO.ErrOut, err, s.Error)
		}
		return &exitError{code: code, err: err, printed: true}
	}
	return nil
}
