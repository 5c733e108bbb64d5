package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// runExport prints the spec in another tool's terms and sends nothing.
func runExport(cmd *cobra.Command, g *globalOptions, o *createOptions, spec ipsec.ServerSpec) error {
	// The export holds a placeholder, never the key: a generated key must be
	// kept somewhere, or it is lost.
	spec, err := prepareUnattended(o, spec, "--export", "since exports never hold it")
	if err != nil {
		return err
	}
	if o.generatePsk {
		if err := keepGeneratedPsk(o, spec); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "Generated pre-shared key written to %s (mode 0600).\n", o.pskFile)
	}
	out := cmd.OutOrStdout()
	f, err := export.Lookup(o.export)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	in := export.Input{Spec: spec}
	if f.Client {
		addr := serverAddress(cmd.Context(), g, spec)
		if addr == "" {
			addr = serverAddressPlaceholder
			fmt.Fprintf(cmd.ErrOrStderr(), "ipsecwiz: could not look up the public IP of %s: replace %s in the configuration.\n", spec.VpnGatewayId, serverAddressPlaceholder)
		}
		in.Gateway = ipsec.Gateway{VpnGatewayId: spec.VpnGatewayId, RegionId: spec.RegionId, InternetIp: addr}
	}
	b, err := f.Render(in)
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	_, _ = out.Write(b)
	return nil
}

// serverAddressPlaceholder stands for the gateway's public IP in a strongSwan
// export made without working credentials.
const serverAddressPlaceholder = "<gateway public IP>"

// serverAddress looks the gateway's public IP up when credentials work; the
// export still succeeds offline, with a placeholder to fill in.
func serverAddress(ctx context.Context, g *globalOptions, spec ipsec.ServerSpec) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, cleanup, err := g.connect(ctx)
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
