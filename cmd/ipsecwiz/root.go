package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// globalOptions are the flags every command takes, and what they resolve
// to.
type globalOptions struct {
	f *Factory

	region     string
	profile    string
	endpoint   string
	sandbox    bool
	accessible bool
	noColor    bool
	output     string
}

func newRootCommand(f *Factory) (*cobra.Command, *globalOptions) {
	g := &globalOptions{f: f}
	create := newCreateCommand(g)
	root := &cobra.Command{
		Use:   "ipsecwiz",
		Short: "Set up an Alibaba Cloud IPsec server (client-to-site VPN) on a VPN gateway",
		Long: `ipsecwiz walks you through creating an IPsec server on an existing Alibaba Cloud
VPN gateway: the gateway, the subnets, IKE and IPsec settings and the key, with
every value checked as you type. It shows the exact request, sends it (or a
dry-run precheck) and follows the gateway until the change is done.

Try it without an account:  ipsecwiz --sandbox`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		// The wizard is the default command: `ipsecwiz --sandbox` runs create.
		RunE: create.RunE,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.finish()
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.region, "region", "", "region id, e.g. cn-hangzhou (default: the profile's, ALIBABA_CLOUD_REGION_ID, or cn-hangzhou)")
	pf.StringVar(&g.profile, "profile", "", "aliyun CLI profile in ~/.aliyun/config.json (default: ALIBABA_CLOUD_PROFILE or the current one)")
	pf.StringVar(&g.endpoint, "endpoint", "", "API endpoint HOST[:PORT] (plain HTTP only for loopback)")
	pf.BoolVar(&g.sandbox, "sandbox", false, "start a local VPC API sandbox and use it: no account needed")
	pf.BoolVar(&g.accessible, "accessible", false, "plain line prompts for screen readers (also ACCESSIBLE=1, TERM=dumb)")
	pf.BoolVar(&g.noColor, "no-color", false, "no colours (also NO_COLOR)")
	pf.StringVar(&g.output, "output", "text", "result format on stdout: text or json")
	_ = root.RegisterFlagCompletionFunc("output", fixedCompletion("text", "json"))
	_ = root.RegisterFlagCompletionFunc("region", regionCompletion(g))

	// create's flags also belong to the root, since create is the default.
	root.Flags().AddFlagSet(create.Flags())
	registerCreateCompletions(root, g)
	registerCreateCompletions(create, g)

	root.AddCommand(create, newUpdateCommand(g), newDeleteCommand(g), newStatusCommand(g), newSandboxCommand(g), newVersionCommand())
	root.AddCommand(newListCommand(g), newShowCommand(g), newLogsCommand(g))
	// Every subcommand inherits it: a flag of the wrong type gets an example.
	root.SetFlagErrorFunc(flagErrorWithExample)
	return root, g
}

var flagInErr = regexp.MustCompile(`for "(?:-\w, )?--([\w-]+)" flag`)

// flagErrorWithExample adds an example of a valid value to pflag's parse
// errors, as every other input error has.
func flagErrorWithExample(cmd *cobra.Command, err error) error {
	m := flagInErr.FindStringSubmatch(err.Error())
	if m == nil {
		return usageErrorf("%v (see %s --help)", err, cmd.CommandPath())
	}
	f := cmd.Flags().Lookup(m[1])
	example := ""
	if f != nil {
		switch f.Value.Type() {
		case "duration":
			example = "a duration such as 90s, 10m or 1h30m"
		case "int", "int64":
			example = "a whole number such as " + map[bool]string{true: "86400", false: "7"}[strings.HasSuffix(m[1], "lifetime")]
		case "float64":
			example = "a number such as 0.3"
		case "bool":
			example = "true or false"
		}
	}
	if example == "" {
		return usageErrorf("%v (see %s --help)", err, cmd.CommandPath())
	}
	return usageErrorf("--%s: want %s (%v)", m[1], example, err)
}

// finish applies the environment's say in the global flags.
func (g *globalOptions) finish() error {
	if forms.AccessibleRequested(g.f.Getenv) {
		g.accessible = true
	}
	if g.f.Getenv("NO_COLOR") != "" {
		g.noColor = true
	}
	switch g.output {
	case "text", "json":
	default:
		return usageErrorf("--output: want text or json, got %q", g.output)
	}
	if g.sandbox && g.endpoint != "" {
		return usageErrorf("--sandbox and --endpoint cannot be used together: the sandbox is the endpoint")
	}
	return nil
}

// connect builds the API client; with --sandbox it first starts an
// in-process sandbox and points the client at it. The returned cleanup stops
// the sandbox.
func (g *globalOptions) connect(ctx context.Context) (*client.Client, func(), error) {
	opts := client.Options{Region: g.region, Profile: g.profile, Endpoint: g.endpoint, Getenv: g.f.Getenv}
	cleanup := func() {}
	if g.sandbox {
		srv, err := sandbox.New(sandbox.Config{Log: io.Discard})
		if err != nil {
			return nil, cleanup, fmt.Errorf("starting the sandbox: %w", err)
		}
		if err := srv.Listen("127.0.0.1:0"); err != nil {
			return nil, cleanup, fmt.Errorf("starting the sandbox: %w", err)
		}
		cleanup = func() { _ = srv.Close() }
		opts.Endpoint = srv.Addr()
		opts.Credentials = &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret}
		if opts.Region == "" {
			opts.Region = ipsec.DefaultRegion
		}
	}
	c, err := client.New(ctx, opts)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	return c, cleanup, nil
}

// configuredRegion is the region a client built from the global flags uses
// when --region is not given. It needs no credentials and sends nothing.
func (g *globalOptions) configuredRegion() string {
	if g.region != "" {
		return g.region
	}
	if g.sandbox {
		return ipsec.DefaultRegion // as connect does
	}
	// Placeholder credentials: only the region is wanted, no call is made.
	c, err := client.New(context.Background(), client.Options{Profile: g.profile, Getenv: g.f.Getenv,
		Credentials: &client.Credentials{AccessKeyId: "region-lookup", AccessKeySecret: "region-lookup"}})
	if err != nil {
		return ipsec.DefaultRegion
	}
	defer c.Close()
	return c.Region()
}

// target is where the calls go, for the commands ipsecwiz suggests.
func (g *globalOptions) target(region string) client.Target {
	if region == "" {
		region = g.configuredRegion()
	}
	return client.Target{Region: region, Profile: g.profile, Endpoint: g.endpoint, Sandbox: g.sandbox}
}

func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, prefix) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
