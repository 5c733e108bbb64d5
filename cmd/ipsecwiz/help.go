package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagGroups are the headings create's (and update's) --help lists its
// flags under, in the order a request is built; a flag named in none goes
// under "Other flags".
var flagGroups = []struct {
	title string
	names []string
}{
	{"The request", []string{"vpn-gateway-id", "local-subnet", "client-ip-pool", "name", "effect-immediately", "dry-run", "client-token"}},
	{"The key", []string{"psk-file", "generate-psk"}},
	{"Phase 1 (IKE)", append([]string{"security-profile"}, ikeFlags...)},
	{"Phase 2 (IPsec)", ipsecFlags},
	{"The run", []string{"answers", "save-answers", "include-psk", "export", "export-file", "force", "no-input", "yes", "no-wait", "wait-timeout"}},
}

// groupedUsage is the usage of a command with create's flags: its usage
// lines, subcommands and examples as cobra writes them, then the flags under
// flagGroups' headings instead of one alphabetical list of forty.
func groupedUsage(cmd *cobra.Command) error {
	w := cmd.OutOrStderr()
	var b strings.Builder
	b.WriteString("Usage:\n")
	if cmd.Runnable() {
		fmt.Fprintf(&b, "  %s\n", cmd.UseLine())
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "  %s [command]\n", cmd.CommandPath())
		b.WriteString("\nCommands:\n")
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() || c.Name() == "help" {
				fmt.Fprintf(&b, "  %-11s %s\n", c.Name(), c.Short)
			}
		}
	}
	if cmd.HasExample() {
		fmt.Fprintf(&b, "\nExamples:\n%s\n", cmd.Example)
	}
	local := cmd.LocalFlags()
	placed := map[string]bool{"help": true}
	for _, g := range flagGroups {
		set := pflag.NewFlagSet(g.title, pflag.ContinueOnError)
		for _, name := range g.names {
			if f := local.Lookup(name); f != nil && !f.Hidden && !placed[name] {
				set.AddFlag(f)
				placed[name] = true
			}
		}
		writeFlags(&b, g.title, set)
	}
	rest := pflag.NewFlagSet("other", pflag.ContinueOnError)
	local.VisitAll(func(f *pflag.Flag) {
		if !placed[f.Name] && !f.Hidden && cmd.InheritedFlags().Lookup(f.Name) == nil && cmd.PersistentFlags().Lookup(f.Name) == nil {
			rest.AddFlag(f)
		}
	})
	if h := local.Lookup("help"); h != nil {
		rest.AddFlag(h)
	}
	writeFlags(&b, "Other flags", rest)
	global := pflag.NewFlagSet("global", pflag.ContinueOnError)
	cmd.InheritedFlags().VisitAll(global.AddFlag)
	if !cmd.HasParent() {
		cmd.PersistentFlags().VisitAll(global.AddFlag)
	}
	writeFlags(&b, "Global flags", global)
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\nUse \"%s [command] --help\" for more about a command.\n", cmd.CommandPath())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFlags(b *strings.Builder, title string, set *pflag.FlagSet) {
	if !set.HasFlags() {
		return
	}
	set.SortFlags = false
	fmt.Fprintf(b, "\n%s:\n%s", title, set.FlagUsagesWrapped(100))
}
