package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// updateOptions are update's flags: create's, where each one given
// changes its setting and every other setting stays as the server has it.
type updateOptions struct {
	createOptions
	serverID string
}

func newUpdateCommand(g *globalOptions) *cobra.Command {
	o := &updateOptions{createOptions: createOptions{g: g}}
	cmd := &cobra.Command{
		Use:   "update SERVER_ID",
		Short: "Change an IPsec server: the wizard pre-filled from it, a diff, then tracked",
		Long: `Change an existing IPsec server. The wizard opens on the server's own settings
(the gateway cannot change); each flag given changes one of them. The review
shows what changes and what it does to the VPN clients, then UpdateIpsecServer
sends only what changes, or its DryRun precheck. A rename alone is applied at
once; any other change puts the gateway to updating, and it is followed until
the server reads back as asked.

With --no-input nothing is asked: the flags given are the change.`,
		Example: `  ipsecwiz update iss-bp1... --sandbox
  ipsecwiz update iss-bp1... --client-ip-pool 10.60.0.0/24 --no-input
  ipsecwiz update iss-bp1... --generate-psk --psk-file new.psk --no-input
  ipsecwiz update iss-bp1... --ike-lifetime 3600 --dry-run --no-input
  ipsecwiz update iss-bp1... --name office --export aliyun-cli`,
		Args: serverIDArg("update"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.flags, o.serverID = cmd.Flags(), args[0]
			return o.run(cmd)
		},
	}
	o.addFlags(cmd.Flags(), true)
	cmd.SetUsageFunc(groupedUsage)
	registerCreateCompletions(cmd, g)
	cmd.ValidArgsFunction = serverCompletion(g)
	return cmd
}

// serverIDArg wants exactly one IPsec server id, of the right form.
func serverIDArg(command string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageErrorf("%s takes one IPsec server id, e.g. ipsecwiz %s %s (ipsecwiz list shows them); got %d arguments",
				command, command, ipsec.ExampleServerID, len(args))
		}
		if err := ipsec.ValidateServerID(args[0]); err != nil {
			return &exitError{code: client.ExitUsage, err: err}
		}
		return nil
	}
}

func (o *updateOptions) run(cmd *cobra.Command) error {
	if err := o.checkCombinations(); err != nil {
		return err
	}
	apply, err := o.overlay(o.g.f.IO.In)
	if err != nil {
		return err
	}
	switch {
	case o.export != "":
		return o.runExport(cmd, apply)
	case o.noInput:
		return o.runHeadless(cmd, apply)
	case !o.g.f.IO.CanPrompt():
		return usageErrorf("no terminal: run ipsecwiz update in a terminal, or pass --no-input with the flags that change (e.g. --client-ip-pool 10.60.0.0/24)")
	default:
		return o.runWizard(cmd, apply)
	}
}

type overlayFunc = func(ipsec.ServerSpec) (ipsec.ServerSpec, string, error)

// wanted is the server as the flags want it: its settings with the given
// flags over them (a key generated here when asked). The gateway and the
// region are the server's: a server does not move.
func (o *updateOptions) wanted(srv ipsec.Server, apply overlayFunc) (ipsec.ServerSpec, string, error) {
	was := ipsec.SpecFromServer(srv)
	spec, profile, err := apply(was)
	if err != nil {
		return spec, profile, err
	}
	if spec.VpnGatewayId != was.VpnGatewayId || spec.RegionId != was.RegionId {
		return spec, profile, usageErrorf("--answers names gateway %s in %s, but %s is on %s in %s: a server cannot move; "+
			"delete it and create one there, or drop VpnGatewayId and RegionId from the file",
			spec.VpnGatewayId, spec.RegionId, srv.IpsecServerId, was.VpnGatewayId, was.RegionId)
	}
	if o.generatePsk && spec.Psk == was.Psk {
		psk, err := ipsec.GeneratePsk()
		if err != nil {
			return spec, profile, &exitError{code: client.ExitFailure, err: err}
		}
		spec.Psk = psk
	}
	return spec, profile, nil
}

// keySource is where the wanted key comes from.
func (o *updateOptions) keySource(srv ipsec.Server, spec ipsec.ServerSpec) ipsec.KeySource {
	switch {
	case spec.Psk == srv.Psk:
		return "" // kept
	case o.generatePsk:
		return ipsec.KeyGenerated
	}
	return ipsec.KeyProvided
}

// change is the update spec asks of srv.
func (o *updateOptions) change(srv ipsec.Server, spec ipsec.ServerSpec) client.Change {
	// --effect-immediately renegotiates now even when the server already
	// has the setting; without it the setting is only sent when it changes.
	return client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec,
		EffectImmediately: o.flags.Changed("effect-immediately") && o.effectImmediately,
		DryRun:            spec.DryRun, ClientToken: spec.ClientToken}
}

// runHeadless is update with --no-input: read the server, lay the flags
// over it, wait for a busy gateway, validate against the gateway as it is,
// send what changes, follow the gateway until the server reads back as
// asked, print the summary.
func (o *updateOptions) runHeadless(cmd *cobra.Command, apply overlayFunc) error {
	g := o.g
	p := g.progress()
	report := client.Report{Kind: client.KindUpdate, Target: g.target(g.region)}
	if o.generatePsk && (o.pskFile == "" || o.pskFile == "-") {
		return usageErrorf("--generate-psk with --no-input needs --psk-file PATH: the new key is written there (mode 0600), since it is never printed")
	}
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
	spec, _, err := o.wanted(srv, apply)
	if err != nil {
		return err
	}
	report.Spec, report.KeySource = spec, o.keySource(srv, spec)
	if err := validationError(ipsec.ValidateSpec(spec, ipsec.Facts{})); err != nil {
		return err
	}

	// A gateway still applying another change is waited for; then the
	// server is read again, since that change may have been to it.
	details, waited, err := g.prepareWaiting(ctx, c, srv.RegionId, srv.VpnGatewayId, o.waitTimeout, &report)
	if err != nil {
		return g.finishReport(report, err)
	}
	if waited {
		if srv, err = c.GetServer(ctx, srv.RegionId, srv.IpsecServerId); err != nil {
			return g.finishReport(report, err)
		}
		report.Before = &srv
		if spec, _, err = o.wanted(srv, apply); err != nil {
			return err
		}
		report.Spec = spec
	}
	if err := validationError(ipsec.ValidateSpec(spec, ipsec.Facts{Details: details}.Excluding(srv.IpsecServerId))); err != nil {
		return err
	}
	ch := o.change(srv, spec)
	report.Changes = ch.Changes()
	if len(report.Changes) == 0 && !ch.EffectImmediately {
		return g.finishReport(report, nil) // "Nothing to change"
	}
	o.warnAdvice(spec, report.Changes)

	if report.KeySource == ipsec.KeyGenerated {
		if err := o.keepGeneratedPsk(spec); err != nil {
			return err
		}
		report.Key = client.KeyFate{File: o.pskFile, Written: true}
		p.printf("New pre-shared key written to %s (mode 0600).", o.pskFile)
	}
	if err := o.keepAnswers(spec); err != nil {
		return err
	}
	if ch.ClientToken == "" && !ch.DryRun {
		if ch.ClientToken, err = client.NewClientToken(); err != nil {
			return g.finishReport(report, err)
		}
	}
	report.Spec.ClientToken = ch.ClientToken
	return o.send(ctx, c, ia, report, ch)
}

// warnAdvice prints, for a run without prompts, what the wizard would show
// beside a weak or risky value: advice, never a refusal. For an update,
// only about the values it changes (show assesses the whole server).
func (o *createOptions) warnAdvice(spec ipsec.ServerSpec, changes []ipsec.Change) {
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Field] = true
	}
	for _, a := range ipsec.Assess(spec) {
		if changes == nil || changed[a.Field] {
			fmt.Fprintf(o.g.f.IO.ErrOut, "ipsecwiz: warning: %s\n", a)
		}
	}
}

func (o *updateOptions) send(ctx context.Context, c *client.Client, ia *interrupts, report client.Report, ch client.Change) error {
	return followChange(ctx, o.g, c, ia, report, ch, o.noWait, o.waitTimeout)
}

// runWizard is update on a terminal: the wizard on the server's settings,
// the flags over them.
func (o *updateOptions) runWizard(cmd *cobra.Command, apply overlayFunc) error {
	g := o.g
	ctx := cmd.Context()
	var savePsk func(ipsec.Secret) error
	if o.generatePsk && o.pskFile != "" {
		if err := checkNewSecretPath(o.pskFile); err != nil {
			return err
		}
		path := o.pskFile
		savePsk = func(psk ipsec.Secret) error { return writeNewSecretFile(path, []byte(psk.Reveal()+"\n")) }
	}
	prefill := func(srv ipsec.Server) (*forms.Answers, error) {
		spec, profile, err := o.wanted(srv, apply)
		if err != nil {
			return nil, err
		}
		a := forms.NewAnswers(spec)
		if profile != "" {
			a.Profile = profile
		}
		if o.keySource(srv, spec) == ipsec.KeyGenerated {
			a.KeySource, a.PskConfirm = ipsec.KeyGenerated, spec.Psk
		}
		return a, nil
	}
	c, cleanup, apiErr := g.connect(ctx)
	defer cleanup()
	cfg := o.tuiConfig(apiErr, savePsk)
	if apiErr == nil {
		cfg.API = c
		cfg.Target.Region = c.Region()
	}
	outcome, err := tui.Update(ctx, cfg, o.serverID, prefill)
	if err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the terminal UI failed: %w", err)}
	}
	if o.saveAnswers != "" && outcome.Report.Change != nil && !outcome.Report.Change.DryRunPassed {
		if err := writeAnswersFile(o.saveAnswers, outcome.Report.Spec, o.includePsk, o.force); err != nil {
			fmt.Fprintln(g.f.IO.ErrOut, "ipsecwiz:", err)
		}
	}
	return g.printOutcome(outcome)
}

// runExport prints the request that would make the change, and sends
// nothing: aliyun-cli is UpdateIpsecServer with what changes; terraform the
// resource as wanted with an import block for the server; a client
// configuration is the server as it would be.
func (o *updateOptions) runExport(cmd *cobra.Command, apply overlayFunc) error {
	g := o.g
	f, err := export.Lookup(o.export)
	if err != nil {
		return exportLookupError(o.export, err)
	}
	ctx := cmd.Context()
	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return &exitError{code: client.ExitCode(err), err: fmt.Errorf("--export needs the server as it is, and it could not be read: %w", err)}
	}
	defer cleanup()
	srv, err := c.GetServer(ctx, "", o.serverID)
	if err != nil {
		return g.finishReport(client.Report{Kind: client.KindUpdate, Target: g.target(c.Region())}, err)
	}
	spec, _, err := o.wanted(srv, apply)
	if err != nil {
		return err
	}
	if err := validationError(ipsec.ValidateSpec(spec, ipsec.Facts{})); err != nil {
		return err
	}
	if ipsec.Diff(ipsec.SpecFromServer(srv), spec) == nil && !spec.EffectImmediately && f.Name == "aliyun-cli" {
		fmt.Fprintf(g.f.IO.ErrOut, "Nothing to change: %s already has these settings, so there is no UpdateIpsecServer to print.\n", srv.IpsecServerId)
		return nil
	}
	in := export.Input{Spec: spec, Server: &srv, Update: true}
	in.IncludeKey = f.HoldsKey && (o.pskFile != "" || o.generatePsk)
	if f.NeedsKey && !in.IncludeKey {
		return usageErrorf("--export %s needs the pre-shared key written into it: add --psk-file PATH (the server's key is used when the file holds it), or --generate-psk --psk-file PATH", f.Name)
	}
	if gw, err := c.DescribeGateway(ctx, srv.RegionId, srv.VpnGatewayId); err == nil {
		in.Gateway = gw
	} else if f.Client {
		return &exitError{code: client.ExitCode(err), err: fmt.Errorf("--export %s needs the gateway's public IP, and %s could not be read: %w", f.Name, srv.VpnGatewayId, err)}
	}
	if _, err := f.Export(in); err != nil {
		return exportError(f.Name, err) // refused before a key is written for it
	}
	if o.keySource(srv, spec) == ipsec.KeyGenerated {
		if err := o.keepGeneratedPsk(spec); err != nil {
			return err
		}
		fmt.Fprintf(g.f.IO.ErrOut, "New pre-shared key written to %s (mode 0600).\n", o.pskFile)
	}
	if err := o.keepAnswers(spec); err != nil {
		return err
	}
	return o.writeRendering(f, in)
}

// tuiConfig is the terminal UI's configuration for create and update.
func (o *createOptions) tuiConfig(apiErr error, savePsk func(ipsec.Secret) error) tui.Config {
	g := o.g
	return tui.Config{
		NewAPIErr:   apiErr,
		Target:      g.target(g.region),
		Input:       g.f.IO.In,
		Output:      g.f.IO.ErrOut,
		Signals:     g.f.Signals,
		NoColor:     g.noColor,
		Accessible:  g.accessible,
		WaitTimeout: o.waitTimeout,
		NoWait:      o.noWait,
		SkipReview:  o.yes,
		SavePsk:     savePsk,
		PskFile:     o.pskFile,
		Now:         g.f.Now,
	}
}

// printOutcome leaves a terminal run's summary on stdout (text or JSON)
// and turns its exit code into the command's.
func (g *globalOptions) printOutcome(outcome tui.Outcome) error {
	var werr error
	if g.output == "json" {
		_, werr = g.f.IO.Out.Write(outcome.JSON)
	} else {
		_, werr = fmt.Fprint(g.f.IO.Out, outcome.Summary)
	}
	if werr != nil {
		return g.lostOutput(outcome.Report, werr, outcome.ExitCode)
	}
	if outcome.ExitCode != 0 {
		return &exitError{code: outcome.ExitCode, err: outcome.Err, printed: true}
	}
	return nil
}

func joinFields(changes []ipsec.Change) string {
	names := make([]string, len(changes))
	for i, c := range changes {
		names[i] = c.Label
	}
	return strings.Join(names, ", ")
}
