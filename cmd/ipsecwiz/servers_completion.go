package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
)

// serverCompletionTimeout bounds a completion: a shell waits for it.
const serverCompletionTimeout = 3 * time.Second

// serverCompletion completes a SERVER_ID argument (show, logs, update,
// delete) with the region's IPsec server ids, each described by its name
// and gateway. It completes the first argument only, gives up after a few
// seconds, and says nothing on any error: completion must stay fast and
// silent.
func serverCompletion(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), serverCompletionTimeout)
		defer cancel()
		c, cleanup, err := g.connect(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer cleanup()
		servers, err := c.ListServers(ctx, c.Region(), client.ListServersOptions{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, s := range servers {
			if !strings.HasPrefix(s.IpsecServerId, prefix) {
				continue
			}
			desc := "on " + s.VpnGatewayId
			if s.IpsecServerName != "" {
				desc = s.IpsecServerName + " " + desc
			}
			// A description is one line of plain text in every shell.
			out = append(out, cobra.CompletionWithDesc(visibleText(s.IpsecServerId), visibleText(desc)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
