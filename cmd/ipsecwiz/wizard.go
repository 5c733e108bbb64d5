package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/tui"
)

// runWizard runs the interactive wizard on the terminal (stderr), then
// leaves the summary on stdout for the scrollback.
func (o *createOptions) runWizard(cmd *cobra.Command, spec ipsec.ServerSpec, profile string) error {
	g := o.g
	ctx := cmd.Context()
	answers := forms.NewAnswers(spec)
	if profile != "" {
		answers.Profile = profile
	}
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
			return &exitError{code: client.ExitFailure, err: err}
		}
		answers.Spec.Psk = psk
		answers.KeySource = ipsec.KeyGenerated
		answers.PskConfirm = psk
	}
	c, cleanup, apiErr := g.connect(ctx)
	defer cleanup()
	cfg := o.tuiConfig(apiErr, savePsk)
	cfg.Answers, cfg.Target = answers, g.target(spec.RegionId)
	if apiErr == nil {
		cfg.API = c
	}
	outcome, err := tui.Run(ctx, cfg)
	if err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the terminal UI failed: %w", err)}
	}
	if rep := outcome.Report; o.pskFile != "" && o.pskFile != "-" && !o.generatePsk && rep.Key.File == "" &&
		rep.KeySource == ipsec.KeyProvided && rep.Spec.Psk == spec.Psk {
		// The key sent is still the one in --psk-file: the summary may
		// name the file, so a create whose answer was lost can be
		// repeated (same ClientToken, same key) from the command line.
		rep.Key.File = o.pskFile
		s := rep.Summary()
		outcome.Summary, outcome.JSON = s.Text(), s.JSON()
	}
	if o.saveAnswers != "" && outcome.Report.Result != nil {
		if err := writeAnswersFile(o.saveAnswers, outcome.Report.Spec, o.includePsk, o.force); err != nil {
			fmt.Fprintln(g.f.IO.ErrOut, "ipsecwiz:", err)
		}
	}
	return g.printOutcome(outcome)
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
