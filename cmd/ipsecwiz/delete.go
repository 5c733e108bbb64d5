package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// deleteOptions are delete's flags.
type deleteOptions struct {
	g           *globalOptions
	serverID    string
	yes         bool
	dryRun      bool
	clientToken string
	noWait      bool
	waitTimeout time.Duration
}

func newDeleteCommand(g *globalOptions) *cobra.Command {
	o := &deleteOptions{g: g}
	cmd := &cobra.Command{
		Use:   "delete SERVER_ID",
		Short: "Delete an IPsec server, after its id is typed back; tracked until it is gone",
		Long: `Delete an IPsec server. It names the server and the clients online it cuts off
and, on a terminal, asks for the server's id (or name) typed back. Without a
terminal --yes is required. DeleteIpsecServer is then sent (or its DryRun
precheck with --dry-run) and the gateway followed until it is active and the
server gone. Every VPN client connected is cut off at once.`,
		Example: `  ipsecwiz delete iss-bp1... --sandbox
  ipsecwiz delete iss-bp1... --dry-run
  ipsecwiz delete iss-bp1... --yes --output json`,
		Args: serverIDArg("delete"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.serverID = args[0]
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.yes, "yes", false, "delete without asking for the id typed back (required without a terminal)")
	f.BoolVar(&o.dryRun, "dry-run", false, "precheck only: nothing is deleted (DryRun)")
	f.StringVar(&o.clientToken, "client-token", "", "idempotency token (ClientToken); generated when not given")
	f.BoolVar(&o.noWait, "no-wait", false, "do not follow the gateway after the delete")
	f.DurationVar(&o.waitTimeout, "wait-timeout", 10*time.Minute, "give up following the gateway after DURATION (exit 1)")
	cmd.ValidArgsFunction = serverCompletion(g)
	return cmd
}

func (o *deleteOptions) run(cmd *cobra.Command) error {
	g := o.g
	if o.clientToken != "" {
		if err := ipsec.ValidateClientToken(o.clientToken); err != nil {
			return &exitError{code: client.ExitUsage, err: err}
		}
	}
	if g.f.IO.CanPrompt() && o.clientToken == "" {
		return o.runTerminal(cmd)
	}
	if !o.yes && !o.dryRun {
		if g.f.IO.CanPrompt() {
			return usageErrorf("--client-token runs the delete without the terminal view: pass --yes as well to delete %s without asking", o.serverID)
		}
		return usageErrorf("no terminal to confirm on: pass --yes to delete %s without asking (or --dry-run to precheck); nothing was sent", o.serverID)
	}
	return o.runHeadless(cmd)
}

// runTerminal is the delete on a terminal: the server shown, its id typed
// back (unless --yes), the gateway followed live.
func (o *deleteOptions) runTerminal(cmd *cobra.Command) error {
	g := o.g
	ctx := cmd.Context()
	c, cleanup, apiErr := g.connect(ctx)
	defer cleanup()
	cfg := tui.Config{NewAPIErr: apiErr, Target: g.target(g.region), Input: g.f.IO.In, Output: g.f.IO.ErrOut,
		Signals: g.f.Signals, NoColor: g.noColor, Accessible: g.accessible, WaitTimeout: o.waitTimeout, NoWait: o.noWait,
		Now: g.f.Now}
	if apiErr == nil {
		cfg.API = c
		cfg.Target.Region = c.Region()
	}
	outcome, err := tui.Delete(ctx, cfg, o.serverID, o.dryRun, o.yes)
	if err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the terminal UI failed: %w", err)}
	}
	return g.printOutcome(outcome)
}

// runHeadless is the delete without prompts: read the server, wait for a
// busy gateway, send, follow until it is gone.
func (o *deleteOptions) runHeadless(cmd *cobra.Command) error {
	g := o.g
	p := g.progress()
	report := client.Report{Kind: client.KindDelete, Target: g.target(g.region)}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	defer ia.Stop()
	ctx := client.WithTrace(ia.ctx, p.retryTrace())
	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return g.finishReport(report, err)
	}
	defer cleanup()
	report.Target.Region = c.Region()
	srv, err := c.GetServer(ctx, "", o.serverID)
	if err != nil {
		return g.finishReport(report, err)
	}
	report.Before, report.Spec = &srv, ipsec.SpecFromServer(srv)
	// A deletion already under way (or any change) is waited for; the delete
	// of a server gone meanwhile is what was asked (AlreadyGone).
	if _, _, err := g.prepareWaiting(ctx, c, srv.RegionId, srv.VpnGatewayId, o.waitTimeout, &report); err != nil {
		return g.finishReport(report, err)
	}
	if srv.OnlineClientCount > 0 && !o.dryRun {
		p.printf("%s has %d client(s) online: they are cut off now.", srv.IpsecServerId, srv.OnlineClientCount)
	}
	ch := client.Change{Kind: client.KindDelete, Server: srv, DryRun: o.dryRun, ClientToken: o.clientToken}
	if ch.ClientToken == "" && !ch.DryRun {
		if ch.ClientToken, err = client.NewClientToken(); err != nil {
			return g.finishReport(report, err)
		}
	}
	report.Spec.DryRun, report.Spec.ClientToken = ch.DryRun, ch.ClientToken
	return followChange(ctx, g, c, ia, report, ch, o.noWait, o.waitTimeout)
}
