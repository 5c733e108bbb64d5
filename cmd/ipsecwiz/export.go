package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// runExport prints the spec in another tool's terms and sends nothing.
func (o *createOptions) runExport(cmd *cobra.Command, spec ipsec.ServerSpec, profile string) error {
	g := o.g
	// The export holds a placeholder, never the key: a generated key must be
	// kept somewhere, or it is lost.
	spec, err := o.prepareUnattended(spec, profile, "--export", "since exports never hold it")
	if err != nil {
		return err
	}
	f, err := export.Lookup(o.export)
	if err != nil {
		return &exitError{code: client.ExitUsage, err: err}
	}
	in := export.Input{Spec: spec}
	if f.Client {
		addr := o.serverAddress(cmd.Context(), spec)
		if addr == "" {
			addr = serverAddressPlaceholder
			fmt.Fprintf(g.f.IO.ErrOut, "ipsecwiz: could not look up the public IP of %s: replace %s in the configuration.\n", spec.VpnGatewayId, serverAddressPlaceholder)
		}
		in.Gateway = ipsec.Gateway{VpnGatewayId: spec.VpnGatewayId, RegionId: spec.RegionId, InternetIp: addr}
	}
	b, err := f.Render(in)
	if err != nil {
		return &exitError{code: client.ExitFailure, err: err}
	}
	if o.generatePsk {
		if err := o.keepGeneratedPsk(spec); err != nil {
			return err
		}
		fmt.Fprintf(g.f.IO.ErrOut, "Generated pre-shared key written to %s (mode 0600).\n", o.pskFile)
	}
	if _, err := g.f.IO.Out.Write(b); err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the export could not be written to standard output: %w", err)}
	}
	return nil
}

// serverAddressPlaceholder stands for the gateway's public IP in a strongSwan
// export made without working credentials.
const serverAddressPlaceholder = "<gateway public IP>"

// serverAddress looks the gateway's public IP up when credentials work; the
// export still succeeds offline, with a placeholder to fill in.
func (o *createOptions) serverAddress(ctx context.Context, spec ipsec.ServerSpec) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, cleanup, err := o.g.connect(ctx)
	if err != nil {
		return ""
	}
	defer cleanup()
	gw, err := c.DescribeGateway(ctx, spec.RegionId, spec.VpnGatewayId)
	if err != nil {
		return ""
	}
	return gw.InternetIp
}
