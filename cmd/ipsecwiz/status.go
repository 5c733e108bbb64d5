package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/spf13/cobra"
)

func newStatusCommand(g *globalOptions) *cobra.Command {
	var (
		until   string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "status GATEWAY_ID",
		Short: "Follow one gateway live until it settles, then print it",
		Long: `Follow a VPN gateway until it is active (the default --until), showing each
status change, then print the gateway. Exit 0 when it settled, 1 on timeout
or error. Stopping with ctrl+c stops only the watching (exit 130).`,
		Example: "  ipsecwiz status vpn-bp1... --region cn-hangzhou",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if until != ipsec.StatusActive {
				return usageErrorf("--until: only %q is supported, got %q", ipsec.StatusActive, until)
			}
			ctx := cmd.Context()
			out := cmd.OutOrStdout()
			gatewayID := args[0]
			spec := ipsec.NewServerSpec()
			spec.VpnGatewayId = gatewayID
			c, cleanup, err := g.connect(ctx)
			if err != nil {
				return failure(g, out, spec, err)
			}
			defer cleanup()
			region := c.Region()
			if stdinIsTerminal() && stderrIsTerminal() && g.output == "text" && !g.accessible {
				// A terminal gets the live view; pipes, JSON and
				// --accessible get the plain lines below.
				return runStatusTUI(cmd, g, c, region, gatewayID, timeout)
			}
			p := progress{w: cmd.ErrOrStderr()}
			if g.output == "json" {
				p.w = nil
			}
			final, err := follow(ctx, c, p, region, gatewayID, timeout, "")
			if err != nil {
				return failure(g, out, spec, err)
			}
			gw, err := c.DescribeGateway(ctx, region, gatewayID)
			if err != nil {
				return failure(g, out, spec, err)
			}
			if g.output == "json" {
				b, _ := json.MarshalIndent(struct {
					OK      bool          `json:"ok"`
					Gateway ipsec.Gateway `json:"gateway"`
					Polls   int           `json:"polls"`
					Elapsed string        `json:"elapsed"`
				}{true, gw, final.Polls, final.Elapsed.Round(time.Millisecond).String()}, "", "  ")
				fmt.Fprintln(out, string(b))
				return nil
			}
			fmt.Fprint(out, gatewayText(gw))
			return nil
		},
	}
	cmd.Flags().StringVar(&until, "until", ipsec.StatusActive, "the status to wait for")
	cmd.Flags().DurationVar(&timeout, "wait-timeout", 10*time.Minute, "give up after DURATION (exit 1)")
	cmd.ValidArgsFunction = gatewayCompletion(g)
	return cmd
}

func gatewayText(gw ipsec.Gateway) string {
	onOff := map[bool]string{true: "on", false: "off"}
	return fmt.Sprintf("%s (%s) is %s\n  region            %s\n  VPC               %s\n  public IP         %s\n  business status   %s\n  SSL-VPN           %s\n  max connections   %d\n",
		gw.VpnGatewayId, gw.Name, gw.Status, gw.RegionId, gw.VpcId, gw.InternetIp, gw.BusinessStatus,
		onOff[gw.SslVpnEnabled], gw.SslMaxConnections)
}
