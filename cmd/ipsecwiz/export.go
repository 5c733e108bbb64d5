package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// runExport renders the spec in another tool's terms and sends nothing. A
// rendering that can hold the key holds it when the key is known here
// (--psk-file, --generate-psk), and then goes to a file of mode 0600, never
// to stdout; every other one goes to stdout (or --export-file).
func (o *createOptions) runExport(cmd *cobra.Command, spec ipsec.ServerSpec, profile string) error {
	g := o.g
	spec, err := o.prepareUnattended(spec, profile, "--export", "since it is not printed")
	if err != nil {
		return err
	}
	f, err := export.Lookup(o.export)
	if err != nil {
		return exportLookupError(o.export, err)
	}
	in := export.Input{Spec: spec, IncludeKey: f.HoldsKey && spec.Psk != ""}
	if f.NeedsKey && spec.Psk == "" {
		return usageErrorf("--export %s needs the pre-shared key, which the profile carries: give it with --psk-file PATH (or --generate-psk --psk-file PATH)", f.Name)
	}
	switch gw, err := o.lookupGateway(cmd.Context(), spec, f.Client); {
	case err != nil && f.Client:
		return &exitError{code: client.ExitCode(err), err: fmt.Errorf("--export %s needs the gateway's public IP, and %s could not be read: %w", f.Name, spec.VpnGatewayId, err)}
	case err == nil:
		in.Gateway = gw // the others write its address where it helps (Terraform's local_id)
	}
	if _, err := f.Export(in); err != nil {
		return exportError(f.Name, err) // refused before a key is written for it
	}
	if o.generatePsk {
		if err := o.keepGeneratedPsk(spec); err != nil {
			return err
		}
		fmt.Fprintf(g.f.IO.ErrOut, "Generated pre-shared key written to %s (mode 0600).\n", o.pskFile)
	}
	if err := o.keepAnswers(spec); err != nil {
		return err
	}
	return o.writeRendering(f, in)
}

// writeRendering renders in and writes it: to --export-file, to a file of
// its own when it holds the key, else to stdout.
func (o *createOptions) writeRendering(f export.Format, in export.Input) error {
	g := o.g
	r, err := f.Export(in)
	if err != nil {
		return exportError(f.Name, err)
	}
	for _, w := range r.Warnings {
		fmt.Fprintln(g.f.IO.ErrOut, "ipsecwiz: warning:", w)
	}
	path := o.exportFile
	if path == "" && r.HasKey {
		path = f.FileName(in) // a ready file with the key: never on stdout
	}
	if path == "" {
		if _, err := g.f.IO.Product().Write(r.Data); err != nil {
			return &exitError{code: client.ExitFailure, err: fmt.Errorf("the export could not be written to standard output: %w", err)}
		}
		if f.HoldsKey {
			fmt.Fprintf(g.f.IO.ErrOut, "ipsecwiz: the pre-shared key is not in it; with --psk-file PATH the export is written ready, key included, to a file (mode 0600).\n")
		}
		return nil
	}
	if err := writeExportFile(path, r, o.force); err != nil {
		return err
	}
	what := "without the key"
	if r.HasKey {
		what = "with the pre-shared key"
	}
	fmt.Fprintf(g.f.IO.ErrOut, "Wrote %s (%s, mode %04o).\n", path, what, r.FileMode())
	return nil
}

// exportLookupError is the refusal of an --export value.
func exportLookupError(name string, err error) error {
	var u *export.UnsupportedError
	if errors.As(err, &u) {
		return &exitError{code: client.ExitUsage, err: fmt.Errorf("--export %s: %w", name, err)}
	}
	return usageErrorf("--export: want one of %s, got %q", strings.Join(export.Names(), ", "), name)
}

// exportError is a refused rendering: what the format cannot express is the
// user's to change (2); a value that is not of its syntax came from the API
// (1).
func exportError(name string, err error) error {
	var (
		u *export.UnsupportedError
		m *export.MissingValueError
	)
	switch {
	case errors.As(err, &u), errors.As(err, &m):
		return &exitError{code: client.ExitUsage, err: err}
	}
	return &exitError{code: client.ExitFailure, err: err}
}

// lookupGateway reads the gateway a client configuration dials; when the
// rendering does not need it, it tries briefly.
func (o *createOptions) lookupGateway(ctx context.Context, spec ipsec.ServerSpec, needed bool) (ipsec.Gateway, error) {
	limit := 5 * time.Second
	if needed {
		limit = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	c, cleanup, err := o.g.connect(ctx)
	if err != nil {
		return ipsec.Gateway{}, err
	}
	defer cleanup()
	return c.DescribeGateway(ctx, spec.RegionId, spec.VpnGatewayId)
}
