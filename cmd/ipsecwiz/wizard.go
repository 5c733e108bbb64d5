package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// runWizard runs the interactive wizard on the terminal (stderr), then
// leaves a plain summary on stdout for the scrollback.
func runWizard(cmd *cobra.Command, g *globalOptions, o *createOptions, spec ipsec.ServerSpec) error {
	ctx := cmd.Context()
	answers := forms.NewAnswers(spec)
	var savePsk func(ipsec.Secret) error
	if o.generatePsk && o.pskFile != "" {
		// --psk-file names where the generated key is kept. It is written
		// as soon as a create with it succeeded (tui.Config.SavePsk), not
		// before sending: the wizard may still be cancelled, end with a
		// dry run, fail, or switch to another key, and a file written
		// early would hold a key no server uses and refuse the next run.
		// The path is checked now, so a bad one stops before anything is
		// sent.
		if err := checkNewSecretPath(o.pskFile); err != nil {
			return err
		}
		path := o.pskFile
		savePsk = func(psk ipsec.Secret) error { return writeNewSecretFile(path, []byte(psk.Reveal()+"\n")) }
	}
	if o.generatePsk {
		psk, err := ipsec.GeneratePsk()
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		answers.Spec.Psk = psk
		answers.PskMode = forms.PskGenerate
		answers.PskConfirm = psk
	}
	c, cleanup, apiErr := g.connect(ctx)
	defer cleanup()
	cfg := tui.Config{
		NewAPIErr:   apiErr,
		Answers:     answers,
		Output:      os.Stderr,
		NoColor:     g.noColor,
		Accessible:  g.accessible,
		WaitTimeout: o.waitTimeout,
		NoWait:      o.noWait,
		Endpoint:    g.endpoint,
		SkipReview:  o.yes,
		SavePsk:     savePsk,
		PskFile:     o.pskFile,
	}
	if apiErr == nil {
		cfg.API = c
	}
	outcome, err := tui.Run(ctx, cfg)
	if err != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("the terminal UI failed: %w", err)}
	}
	if o.saveAnswers != "" && outcome.Result != nil {
		if err := writeAnswersFile(o.saveAnswers, outcome.Spec, o.includePsk); err != nil {
			fmt.Fprintln(os.Stderr, "ipsecwiz:", err)
		}
	}
	out := cmd.OutOrStdout()
	if g.output == "json" {
		_, _ = out.Write(outcome.JSON)
	} else {
		fmt.Fprint(out, outcome.Summary)
	}
	if outcome.ExitCode != 0 {
		return &exitError{code: outcome.ExitCode, err: outcome.Err, printed: true}
	}
	return nil
}

// checkNewSecretPath refuses, before anything is sent, a --psk-file that
// writeNewSecretFile would refuse later: "-", an existing file, a missing
// directory.
func checkNewSecretPath(path string) error {
	if path == "-" {
		return usageErrorf("--generate-psk with --psk-file needs a PATH, not -: the new key is written there (mode 0600)")
	}
	if _, err := os.Lstat(path); err == nil {
		return usageErrorf("--psk-file: %s already exists: choose a new file for the generated key", path)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return usageErrorf("--psk-file: the directory of %s does not exist", path)
	}
	return nil
}

// runStatusTUI follows a gateway with the live tracking view (tui.Follow) on
// the terminal, then prints the gateway (or what stopped the watch) to
// stdout, as the plain path does.
func runStatusTUI(cmd *cobra.Command, g *globalOptions, c *client.Client, region, gatewayID string, timeout time.Duration) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	outcome, err := tui.Follow(ctx, tui.FollowConfig{API: c, Region: region, GatewayID: gatewayID, Timeout: timeout,
		Output: os.Stderr, NoColor: g.noColor, Endpoint: g.endpoint})
	if err != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("the terminal UI failed: %w", err)}
	}
	if outcome.ExitCode != 0 {
		fmt.Fprint(out, outcome.Summary)
		return &exitError{code: outcome.ExitCode, err: outcome.Err, printed: true}
	}
	gw, err := c.DescribeGateway(ctx, region, gatewayID)
	if err != nil {
		spec := ipsec.NewServerSpec()
		spec.VpnGatewayId = gatewayID
		return failure(g, out, spec, err)
	}
	fmt.Fprint(out, gatewayText(gw))
	return nil
}
