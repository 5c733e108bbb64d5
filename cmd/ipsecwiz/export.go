package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// runExport prints the spec in another tool's terms and sends nothing.
func runExport(cmd *cobra.Command, g *globalOptions, o *createOptions, spec client.ServerSpec) error {
	if err := missingRequired(spec); err != nil {
		return err
	}
	if o.generatePsk {
		psk, err := forms.GeneratePsk()
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		spec.Psk = psk
	}
	if err := validationError(forms.ValidateSpec(spec, forms.Data{})); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	switch o.export {
	case "aliyun-cli":
		fmt.Fprintln(out, client.AliyunCLICommand(spec))
	case "terraform":
		b, err := client.TerraformHCL(spec)
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		_, _ = out.Write(b)
	case "json":
		b, err := client.SpecJSON(spec)
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		_, _ = out.Write(b)
	case "strongswan":
		fmt.Fprint(out, client.StrongSwanConfig(client.ClientParams{
			ServerAddress: serverAddress(cmd.Context(), g, spec),
			Spec:          spec,
		}))
	}
	return nil
}

// serverAddress looks the gateway's public IP up when credentials work; the
// export still succeeds offline, with a placeholder to fill in.
func serverAddress(ctx context.Context, g *globalOptions, spec client.ServerSpec) string {
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
