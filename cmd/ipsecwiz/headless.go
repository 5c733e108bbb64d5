package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// requiredFlags maps each required spec field to the flag that gives it.
var requiredFlags = []struct {
	field, flag string
	missing     func(ipsec.ServerSpec) bool
}{
	{"VpnGatewayId", "--vpn-gateway-id", func(s ipsec.ServerSpec) bool { return s.VpnGatewayId == "" }},
	{"LocalSubnet", "--local-subnet", func(s ipsec.ServerSpec) bool { return len(s.LocalSubnet) == 0 }},
	{"ClientIpPool", "--client-ip-pool", func(s ipsec.ServerSpec) bool { return s.ClientIpPool == "" }},
}

func missingRequired(spec ipsec.ServerSpec) error {
	var flags []string
	for _, r := range requiredFlags {
		if r.missing(spec) {
			flags = append(flags, r.flag)
		}
	}
	if len(flags) == 0 {
		return nil
	}
	return usageErrorf("missing required values: pass %s (or put them in an --answers file); nothing was sent", strings.Join(flags, ", "))
}

// validationError joins the forms' messages (the wizard's own words) into
// one usage error.
func validationError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return &exitError{code: exitUsage, err: errors.New("invalid input, nothing was sent:\n  " + strings.Join(msgs, "\n  "))}
}

// prepareUnattended checks what a run without prompts needs before anything
// else: the required values, a place for a key generated here (mode names
// --no-input or --export in the message), then every value, with the
// wizard's messages.
func prepareUnattended(o *createOptions, spec ipsec.ServerSpec, mode, why string) (ipsec.ServerSpec, error) {
	if err := missingRequired(spec); err != nil {
		return spec, err
	}
	if o.generatePsk {
		if o.pskFile == "" || o.pskFile == "-" {
			return spec, usageErrorf("--generate-psk with %s needs --psk-file PATH: the new key is written there (mode 0600), %s", mode, why)
		}
		psk, err := ipsec.GeneratePsk()
		if err != nil {
			return spec, &exitError{code: exitFailed, err: err}
		}
		spec.Psk = psk
	}
	return spec, validationError(ipsec.ValidateSpec(spec, ipsec.Facts{}))
}

// keepGeneratedPsk writes a key generated here to --psk-file, which must not
// exist yet, so the key is never lost nor overwrites another.
func keepGeneratedPsk(o *createOptions, spec ipsec.ServerSpec) error {
	if err := writeNewSecretFile(o.pskFile, []byte(spec.Psk.Reveal()+"\n")); err != nil {
		return usageErrorf("--psk-file: %v", err)
	}
	return nil
}

// progress writes plain progress lines to stderr; it stays quiet for --output
// json so scripts read only stdout.
type progress struct {
	w io.Writer
}

func (p progress) printf(format string, args ...any) {
	if p.w != nil {
		fmt.Fprintf(p.w, format+"\n", args...)
	}
}

// runHeadless is create with --no-input: validate everything, send, follow
// the gateway, print the summary. No prompt, no animation.
func runHeadless(cmd *cobra.Command, g *globalOptions, o *createOptions, spec ipsec.ServerSpec) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	p := progress{w: cmd.ErrOrStderr()}

	pskSource := pskSourceOf(o, spec)
	spec, err := prepareUnattended(o, spec, "--no-input", "since it is never printed")
	if err != nil {
		return err
	}

	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return failure(g, out, spec, err)
	}
	defer cleanup()

	gw, err := c.DescribeGateway(ctx, spec.RegionId, spec.VpnGatewayId)
	if err != nil {
		return failure(g, out, spec, err)
	}
	if busy(gw.Status) {
		// A gateway still applying another change is not bad input: a script
		// would only retry, so wait for it here (bounded by --wait-timeout).
		p.printf("Gateway %s is %s: waiting until it is active (at most %s, --wait-timeout)...", spec.VpnGatewayId, gw.Status, o.waitTimeout)
		if _, err := follow(ctx, c, p, spec.RegionId, spec.VpnGatewayId, o.waitTimeout, ""); err != nil {
			return failure(g, out, spec, err)
		}
		if gw, err = c.DescribeGateway(ctx, spec.RegionId, spec.VpnGatewayId); err != nil {
			return failure(g, out, spec, err)
		}
	}
	details, err := fetchDetails(ctx, c, spec.RegionId, spec.VpnGatewayId, gw)
	if err != nil {
		return failure(g, out, spec, err)
	}
	if err := ipsec.GatewayEligibility(details.Gateway, details); err != nil {
		return validationError([]error{err})
	}
	if err := validationError(ipsec.ValidateSpec(spec, ipsec.Facts{Details: details})); err != nil {
		return err
	}

	// The answers are final: keep what must outlive the run before sending.
	if o.generatePsk {
		if err := keepGeneratedPsk(o, spec); err != nil {
			return err
		}
		p.printf("Generated pre-shared key written to %s (mode 0600).", o.pskFile)
	}
	if o.saveAnswers != "" {
		if err := writeAnswersFile(o.saveAnswers, spec, o.includePsk); err != nil {
			return usageErrorf("%v", err)
		}
		p.printf("Answers saved to %s.", o.saveAnswers)
	}

	what := "CreateIpsecServer"
	if spec.DryRun {
		what = "CreateIpsecServer (DryRun precheck)"
	}
	p.printf("Sending %s on %s in %s...", what, spec.VpnGatewayId, spec.RegionId)
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		return failure(g, out, spec, err)
	}
	summary := client.Summary{OK: true, DryRun: spec.DryRun, DryRunPassed: res.DryRunPassed, Result: &res}
	if res.DryRunPassed {
		return printSummary(g, out, summary)
	}
	p.printf("Created %s (ClientToken %s).", res.IpsecServerId, res.ClientToken)

	summary.Status = details.Gateway.Status
	if !o.noWait {
		final, err := follow(ctx, c, p, spec.RegionId, spec.VpnGatewayId, o.waitTimeout, res.IpsecServerId)
		summary.Waited = true
		summary.Status = final.Status
		if err != nil {
			summary.OK = false
			s := client.ErrorSummary(spec, err)
			summary.Error = s.Error
			summary.Next = []string{"the change goes on in the cloud; follow it with: ipsecwiz status " + spec.VpnGatewayId + regionFlag(spec.RegionId)}
			_ = printSummary(g, out, summary)
			return &exitError{code: client.ExitCode(err), err: err, printed: g.output == "json"}
		}
	} else {
		summary.Next = append(summary.Next, "follow the gateway with: ipsecwiz status "+spec.VpnGatewayId+regionFlag(spec.RegionId))
	}
	summary.Client = client.NewClientInfo(details.Gateway, spec, pskSource)
	if o.generatePsk {
		summary.Next = append(summary.Next, "generated pre-shared key saved to "+o.pskFile+" (mode 0600)")
	}
	summary.Next = append(summary.Next, "write a client configuration: ipsecwiz create --answers FILE --export strongswan")
	return printSummary(g, out, summary)
}

// busy: the gateway is in a passing state that ends in active by itself.
func busy(status string) bool {
	switch status {
	case ipsec.StatusUpdating, ipsec.StatusInit, ipsec.StatusProvisioning:
		return true
	}
	return false
}

func regionFlag(region string) string {
	if region == "" || region == ipsec.DefaultRegion {
		return ""
	}
	return " --region " + region
}

func pskSourceOf(o *createOptions, spec ipsec.ServerSpec) string {
	switch {
	case o.generatePsk:
		return "generated"
	case spec.Psk != "":
		return "provided"
	default:
		return "service"
	}
}

// fetchDetails reads what validation needs about gw besides gw itself,
// which the caller has just described.
func fetchDetails(ctx context.Context, c *client.Client, region, gatewayID string, gw ipsec.Gateway) (*ipsec.GatewayDetails, error) {
	cidrs, err := c.VpcCIDRs(ctx, region, gw.VpcId)
	if err != nil {
		return nil, err
	}
	conns, err := c.CountVpnConnections(ctx, region, gatewayID)
	if err != nil {
		return nil, err
	}
	servers, err := c.ListIpsecServers(ctx, region, gatewayID)
	if err != nil {
		return nil, err
	}
	return &ipsec.GatewayDetails{Gateway: gw, VpcCIDRs: cidrs, VpnConnections: conns, Servers: servers}, nil
}

// follow watches the gateway until the change has settled, printing one
// plain line per transition.
func follow(ctx context.Context, c *client.Client, p progress, region, gatewayID string, timeout time.Duration, serverID string) (client.GatewayEvent, error) {
	opts := client.WatchOptions{ExpectChange: serverID != "", IpsecServerId: serverID, Timeout: timeout}
	var last client.GatewayEvent
	for ev := range c.WatchGateway(ctx, region, gatewayID, opts) {
		if ev.Status != "" {
			if ev.Changed || last.Status == "" {
				p.printf("%s  %s  %s (check %d, %s)", ev.Time.Format("15:04:05"), gatewayID, ev.Status, ev.Polls, ev.Elapsed.Round(100e6))
			}
			last.Status = ev.Status
		} else if ev.Err != nil && !ev.Done {
			p.printf("%s  %s  check failed, retrying: %v", ev.Time.Format("15:04:05"), gatewayID, ev.Err)
		}
		if ev.Done {
			ev.Status = last.Status
			return ev, ev.Err
		}
	}
	return last, ctx.Err()
}

func failure(g *globalOptions, out io.Writer, spec ipsec.ServerSpec, err error) error {
	code := client.ExitCode(err)
	if g.output == "json" {
		_ = printSummary(g, out, client.ErrorSummary(spec, err))
		return &exitError{code: code, err: err, printed: true}
	}
	ex := client.Explain(err)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n  what happened: %s\n  what to do:    %s", err, ex.Summary, ex.Remedy)
	if ex.RequestId != "" {
		fmt.Fprintf(&b, "\n  RequestId:     %s", ex.RequestId)
	}
	fmt.Fprintln(os.Stderr, "ipsecwiz:", b.String())
	return &exitError{code: code, err: err, printed: true}
}

func printSummary(g *globalOptions, out io.Writer, s client.Summary) error {
	if g.output == "json" {
		_, err := out.Write(s.JSON())
		return err
	}
	_, err := io.WriteString(out, s.Text())
	return err
}
