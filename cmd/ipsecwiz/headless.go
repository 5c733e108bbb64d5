package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
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

// validationError joins the validators' messages (the wizard's own words)
// into one usage error.
func validationError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return &exitError{code: client.ExitUsage, err: errors.New("invalid input, nothing was sent:\n  " + strings.Join(msgs, "\n  "))}
}

// prepareUnattended checks what a run without prompts needs before anything
// else: the required values, the proposals (the wizard's default profile
// when none was chosen), a place for a key generated here (mode names
// --no-input or --export in the message), then every value, with the
// wizard's messages.
func (o *createOptions) prepareUnattended(spec ipsec.ServerSpec, profile, mode, why string) (ipsec.ServerSpec, error) {
	if err := missingRequired(spec); err != nil {
		return spec, err
	}
	if profile == "" {
		ipsec.ApplyProfile(&spec, ipsec.ProfileRecommended)
	}
	if o.generatePsk {
		if o.pskFile == "" || o.pskFile == "-" {
			return spec, usageErrorf("--generate-psk with %s needs --psk-file PATH: the new key is written there (mode 0600), %s", mode, why)
		}
		psk, err := ipsec.GeneratePsk()
		if err != nil {
			return spec, &exitError{code: client.ExitFailure, err: err}
		}
		spec.Psk = psk
	}
	return spec, validationError(ipsec.ValidateSpec(spec, ipsec.Facts{}))
}

// keepGeneratedPsk writes a key generated here to --psk-file, which must not
// exist yet, so the key is never lost nor overwrites another.
func (o *createOptions) keepGeneratedPsk(spec ipsec.ServerSpec) error {
	if err := writeNewSecretFile(o.pskFile, []byte(spec.Psk.Reveal()+"\n")); err != nil {
		return usageErrorf("--psk-file: %v", err)
	}
	return nil
}

// progress writes plain progress lines to stderr.
type progress struct {
	w io.Writer
}

// printf writes one line; what it holds from the API (ids kept raw in the
// data) is made safe for the terminal.
func (p progress) printf(format string, args ...any) {
	if p.w != nil {
		fmt.Fprintln(p.w, termsafe.Lines(fmt.Sprintf(format, args...)))
	}
}

// event prints a gateway event as one plain line: transitions, and failed
// checks with what is done about them.
func (p progress) event(gatewayID string, ev client.GatewayEvent, last *string) {
	switch {
	case ev.Status != "":
		if ev.Status != *last {
			p.printf("%s  %s  %s (check %d, %s)", ev.Time.Format("15:04:05"), gatewayID, ev.Status, ev.Polls, ev.Elapsed.Round(100*time.Millisecond))
			*last = ev.Status
		}
	case ev.Err != nil && !ev.Done:
		p.printf("%s  %s  check failed, retrying: %s", ev.Time.Format("15:04:05"), gatewayID, client.Explain(ev.Err).Summary)
	}
}

// retryTrace prints every retry of a call, and a call still unanswered
// after a few seconds, so a slow or failing API never leaves the run
// silent.
func (p progress) retryTrace() *client.Trace {
	return &client.Trace{
		Retry: func(action string, attempt int, err error, wait time.Duration) {
			p.printf("%s: attempt %d failed (%s); trying again in %s", action, attempt, client.Explain(err).Summary, wait.Round(10*time.Millisecond))
		},
		Waiting: func(action string, elapsed time.Duration) {
			p.printf("still waiting for %s (%s)", action, elapsed.Round(time.Second))
		},
	}
}

// runHeadless is create with --no-input: validate everything, prepare,
// send, follow the gateway, print the summary. No prompt, no animation.
func (o *createOptions) runHeadless(cmd *cobra.Command, spec ipsec.ServerSpec, profile string) error {
	g := o.g
	p := g.progress()
	report := client.Report{Target: g.target(spec.RegionId), Spec: spec, KeySource: o.keySource(spec)}
	if o.pskFile != "" && o.pskFile != "-" {
		report.Key.File = o.pskFile
	}
	spec, err := o.prepareUnattended(spec, profile, "--no-input", "since it is never printed")
	report.Spec = spec
	if err != nil {
		return err
	}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	defer ia.Stop()
	ctx := client.WithTrace(ia.ctx, p.retryTrace())

	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return g.finishReport(report, err)
	}
	defer cleanup()

	details, _, err := g.prepareWaiting(ctx, c, spec.RegionId, spec.VpnGatewayId, o.waitTimeout, &report)
	if err != nil {
		return g.finishReport(report, err)
	}
	if err := ipsec.CreateEligibility(details, spec.ClientToken); err != nil {
		return validationError([]error{err})
	}
	if err := validationError(ipsec.ValidateSpec(spec, ipsec.Facts{Details: details})); err != nil {
		return err
	}
	o.warnAdvice(spec, nil)

	// The answers are final: keep what must outlive the run before sending.
	if o.generatePsk {
		if err := o.keepGeneratedPsk(spec); err != nil {
			return err
		}
		report.Key.Written = true
		p.printf("Generated pre-shared key written to %s (mode 0600).", o.pskFile)
	}
	if err := o.keepAnswers(spec); err != nil {
		return err
	}
	if spec.ClientToken == "" && !spec.DryRun {
		if spec.ClientToken, err = client.NewClientToken(); err != nil {
			return g.finishReport(report, err)
		}
	}
	report.Spec = spec

	what := "CreateIpsecServer"
	if spec.DryRun {
		what = "CreateIpsecServer (DryRun precheck)"
	}
	p.printf("Sending %s on %s in %s (ClientToken %s)...", what, spec.VpnGatewayId, spec.RegionId, cmpOr(spec.ClientToken, "none"))
	report.Sent = true
	sent := ia.submit(spec, func(leave context.Context) client.Submitted {
		return c.Submit(client.WithTrace(leave, p.retryTrace()), spec)
	})
	report.Spec = sent.Spec
	if sent.Err != nil {
		return g.finishReport(report, sent.Err)
	}
	res := sent.Result
	report.Result = &res
	if res.DryRunPassed {
		return g.finishReport(report, nil)
	}
	p.printf("Created %s (ClientToken %s).", res.IpsecServerId, res.ClientToken)
	if ia.Interrupted() {
		return g.finishReport(report, ia.err())
	}
	if o.noWait {
		return g.finishReport(report, nil)
	}
	return g.follow(ctx, c, ia, report, spec.RegionId, spec.VpnGatewayId,
		client.WatchOptions{ExpectChange: true, IpsecServerId: res.IpsecServerId, Timeout: o.waitTimeout})
}

// progress is where plain progress lines go: stderr, whatever the output
// format (scripts read stdout; a long wait is never silent).
func (g *globalOptions) progress() progress { return progress{w: g.f.IO.ErrOut} }

// finishReport prints what the run came to and returns its exit code. The
// summary goes to stdout when anything was sent (a script may need the
// server it names) and always with --output json; an error is explained on
// stderr.
func (g *globalOptions) finishReport(report client.Report, err error) error {
	report.Err = err
	s := report.Summary()
	code := client.ExitCode(err)
	if err != nil && errors.Is(err, context.Canceled) {
		code = client.ExitCanceled
	}
	if g.output == "json" || report.Sent || err == nil {
		if werr := g.printSummary(s); werr != nil {
			return g.lostOutput(report, werr, code)
		}
	}
	if err == nil {
		return nil
	}
	if g.output != "json" {
		explainOn(g.f.IO.ErrOut, err, s.Error)
	}
	return &exitError{code: code, err: err, printed: true}
}

// explainOn writes err on w: the error, what happened, what to do and the
// RequestId, as every failure of a command without a TUI is shown.
func explainOn(w io.Writer, err error, info *client.ErrorInfo) {
	if info == nil {
		info = client.NewErrorInfo(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ipsecwiz: %s\n  what happened: %s\n  what to do:    %s\n", err, info.Explanation, info.Remedy)
	if info.RequestId != "" {
		fmt.Fprintf(&b, "  RequestId:     %s\n", info.RequestId)
	}
	// The client made the API's texts safe; the rest (a file's content in
	// an answers error) is made so here, where every failure is shown.
	_, _ = io.WriteString(w, termsafe.Lines(b.String()))
}

// lostOutput: the summary could not be written to stdout (a full disk, a
// closed pipe). A server that was created must still be named, on stderr,
// and the exit code says the run did not end as asked.
func (g *globalOptions) lostOutput(report client.Report, werr error, code int) error {
	msg := "the summary could not be written to standard output: " + werr.Error()
	if report.Result != nil && report.Result.IpsecServerId != "" {
		msg += fmt.Sprintf("; IPsec server %s was created on %s (ClientToken %s)", termsafe.String(report.Result.IpsecServerId),
			termsafe.String(report.Result.VpnGatewayId), report.Result.ClientToken)
	}
	if code == client.ExitOK {
		code = client.ExitFailure
	}
	return &exitError{code: code, err: errors.New(msg)}
}

func (g *globalOptions) printSummary(s client.Summary) error {
	if g.output == "json" {
		_, err := g.f.IO.Out.Write(s.JSON())
		return err
	}
	_, err := io.WriteString(g.f.IO.Out, s.Text())
	return err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
