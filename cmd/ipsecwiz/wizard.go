package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// runWizard runs the interactive wizard on the terminal (stderr), then
// leaves a plain summary on stdout for the scrollback.
func runWizard(cmd *cobra.Command, g *globalOptions, o *createOptions, spec client.ServerSpec) error {
	ctx := cmd.Context()
	answers := forms.NewAnswers(spec)
	if o.generatePsk {
		psk, err := forms.GeneratePsk()
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
		NewAPIErr:    apiErr,
		Answers:      answers,
		Output:       os.Stderr,
		NoColor:      g.noColor,
		Accessible:   g.accessible,
		WaitTimeout:  o.waitTimeout,
		NoWait:       o.noWait,
		Endpoint:     g.endpoint,
		OutputFormat: g.output,
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

// runStatusTUI follows a gateway with the live tracking view.
func runStatusTUI(cmd *cobra.Command, g *globalOptions, c *client.Client, region, gatewayID string, timeout time.Duration) error {
	return errStatusTUIPending
}

var errStatusTUIPending = errors.New("pending")
