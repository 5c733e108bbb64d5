package main

import (
	"context"
	"strings"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
	"github.com/spf13/cobra"
)

// enumFlags maps create's enum flags to the API key whose values they take.
var enumFlags = map[string]string{
	"ike-version": "IkeVersion", "ike-mode": "IkeMode", "ike-enc-alg": "IkeEncAlg", "ike-auth-alg": "IkeAuthAlg",
	"ike-pfs": "IkePfs", "ipsec-enc-alg": "IpsecEncAlg", "ipsec-auth-alg": "IpsecAuthAlg", "ipsec-pfs": "IpsecPfs",
}

// registerCreateCompletions wires value completion for create's flags on
// both the root (create is the default command) and create itself.
func registerCreateCompletions(cmd *cobra.Command, g *globalOptions) {
	for flag, key := range enumFlags {
		_ = cmd.RegisterFlagCompletionFunc(flag, fixedCompletion(ipsec.AllowedValues(key, false)...))
	}
	_ = cmd.RegisterFlagCompletionFunc("export", fixedCompletion(export.Names()...))
	_ = cmd.RegisterFlagCompletionFunc("security-profile", securityProfileCompletion)
	_ = cmd.RegisterFlagCompletionFunc("vpn-gateway-id", gatewayCompletion(g))
}

// gatewayCompletion lists the region's gateway ids when credentials work;
// completion must stay fast and silent, so it gives up after a few seconds.
func gatewayCompletion(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if cmd.Name() == "status" && len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, cleanup, err := g.connect(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer cleanup()
		gws, err := c.ListGateways(ctx, c.Region())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, gw := range gws {
			// An id that is not one could only be refused, and its bytes
			// would land on the command line: it is not offered.
			if strings.HasPrefix(gw.VpnGatewayId, prefix) && ipsec.ValidateGatewayID(gw.VpnGatewayId) == nil {
				out = append(out, cobra.CompletionWithDesc(gw.VpnGatewayId, completionDesc(gw.Name+" ("+gw.Status+")")))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func regionCompletion(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, cleanup, err := g.connect(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer cleanup()
		regions, err := c.DescribeRegions(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, r := range regions {
			if strings.HasPrefix(r.RegionId, prefix) && ipsec.ValidateRegion(r.RegionId, nil) == nil {
				out = append(out, cobra.CompletionWithDesc(r.RegionId, completionDesc(r.LocalName)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionDesc is a description from the API as a shell shows it, beside
// the value: escaped, on one line, cut so the columns stay aligned.
func completionDesc(s string) string { return termsafe.Truncate(s, 60) }

// securityProfileCompletion offers the profiles.
var securityProfileCompletion = fixedCompletion(ipsec.Profiles...)
