package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/forms"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// runAccessible is Run for screen readers (--accessible, ACCESSIBLE=1,
// TERM=dumb): the forms pages as plain line prompts (forms.RunAccessible),
// then one plain line per step of the submit and per gateway transition; no
// animation, no cursor movement. It drives the same operations as the
// program and ends with the same client.Report.
func runAccessible(ctx context.Context, c *Context, cfg Config) (Outcome, error) {
	in := cfg.Input
	if in == nil {
		in = os.Stdin
	}
	out := cfg.Output
	// Every line may hold what the API answered (ids are kept raw in the
	// data): shown escaped, never acted on by the terminal.
	say := func(format string, args ...any) { fmt.Fprintln(out, termsafe.Lines(fmt.Sprintf(format, args...))) }
	answers := cfg.Answers
	if answers == nil {
		answers = forms.NewAnswers(ipsec.NewServerSpec())
	}
	if answers.Spec.RegionId == "" {
		answers.Spec.RegionId = cfg.Target.Region
	}
	report := client.Report{Target: cfg.Target, Spec: answers.Spec.Clone()}
	end := func(code int, err error) (Outcome, error) {
		report.Err = err
		if report.KeySource == "" {
			report.KeySource = keySourceOfAnswers(answers, report.Spec)
		}
		return outcomeOf(report, code), nil
	}

	ia := interrupt.New(ctx, cfg.Signals, out)
	defer ia.Stop()
	ctx = ia.Context()
	// One buffered reader for the prompts and our own questions, so no
	// typed-ahead line is lost between them; reads end with the context.
	br := bufio.NewReader(&ctxReader{ctx: ctx, lines: readLines(in)})

	if err := cfg.apiErr(); err != nil {
		sayExplanation(say, "Could not start", err)
		say("Ways out: configure credentials (aliyun configure, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET); use another endpoint (--endpoint HOST[:PORT]); or try it without an account (--sandbox).")
		return end(client.ExitCode(err), err)
	}
	api := cfg.API
	region := answers.Spec.RegionId
	say("Loading regions and the VPN gateways of %s...", region)
	regions, err := api.DescribeRegions(ctx)
	var gws []ipsec.Gateway
	if err == nil {
		gws, err = api.ListGateways(ctx, region)
	}
	if err != nil {
		sayExplanation(say, "Could not read your VPN gateways", err)
		say("Ways out: configure credentials (aliyun configure), use another endpoint (--endpoint HOST[:PORT]), or try --sandbox.")
		return end(client.ExitCode(err), err)
	}
	facts := ipsec.Facts{Regions: regions, Gateways: gws}
	pskFile := ""
	if cfg.SavePsk != nil {
		pskFile = cfg.PskFile
	}
	hooks := forms.AccessibleHooks{
		LoadGateways: api.ListGateways,
		SkipReview:   cfg.SkipReview,
		PskFile:      pskFile,
		Command:      export.AliyunCLICommand,
		HideInput:    hideInput(in),
		GatewayDetails: func(ctx context.Context, g ipsec.Gateway, wait bool) (*ipsec.GatewayDetails, error) {
			say("Checking %s...", g.VpnGatewayId)
			opts := client.PrepareOptions{}
			if wait {
				opts = client.PrepareOptions{WaitBusy: true, WaitTimeout: c.WaitTimeout}
			}
			d, err := api.Prepare(ctx, cmpOr(g.RegionId, answers.Spec.RegionId), g.VpnGatewayId, opts)
			if d != nil {
				report.Gateway = d.Gateway
			}
			return d, err
		},
	}
	action, err := forms.RunAccessible(ctx, br, out, answers, &facts, hooks)
	report.Spec = answers.Spec.Clone()
	switch {
	case errors.Is(err, forms.ErrInputEnded):
		return end(client.ExitUsage, ipsec.NewFieldError("input", err.Error(), ""))
	case err != nil:
		return end(exitCanceled, context.Canceled)
	}
	if g, ok := facts.Gateway(report.Spec.VpnGatewayId); ok && report.Gateway.VpnGatewayId != g.VpnGatewayId {
		report.Gateway = g
	}
	userToken := answers.Spec.ClientToken
	spec := answers.Spec.Clone()
	spec.DryRun = action == forms.ActionDryRun
	for {
		if spec.ClientToken == "" && !spec.DryRun {
			spec.ClientToken, _ = client.NewClientToken()
		}
		report.Spec, report.Sent = spec, true
		report.KeySource = keySourceOfAnswers(answers, spec)
		say("Sending %s...", callName(spec))
		var sent client.Submitted
		ia.Hold(wireOf("CreateIpsecServer", spec, "a server being created"), func(leave context.Context) {
			sent = api.Submit(client.WithTrace(leave, retrySayer(say)), spec)
		})
		spec = sent.Spec
		report.Spec = spec
		if sent.Err != nil {
			sayExplanation(say, strings.TrimSuffix(callName(spec), " (DryRun: checks only)")+" failed", sent.Err)
			return end(client.ExitCode(sent.Err), sent.Err)
		}
		res := sent.Result
		report.Result = &res
		if spec.DryRun || res.DryRunPassed {
			say("Precheck passed: nothing was created (RequestId %s).", res.RequestId)
			if ia.Interrupted() || !askYes(br, out, "Create the IPsec server for real with the same answers? (y/N): ") {
				return end(client.ExitOK, nil)
			}
			spec.DryRun = false
			spec.ClientToken = userToken
			continue
		}
		say("Created %s on %s (ClientToken %s).", res.IpsecServerId, spec.VpnGatewayId, res.ClientToken)
		if ia.Interrupted() {
			return end(exitCanceled, context.Canceled)
		}
		if report.KeySource == ipsec.KeyGenerated {
			offerGeneratedPsk(ctx, cfg, &report, br, out, say)
		}
		break
	}
	if cfg.NoWait {
		return end(client.ExitOK, nil)
	}
	say("Following the gateway until it is active again. %s", c.stopWatchingLine(spec.VpnGatewayId))
	report.Watched = true
	last := ""
	for ev := range api.WatchGateway(ctx, spec.RegionId, spec.VpnGatewayId, client.WatchOptions{Timeout: cfg.WaitTimeout,
		ExpectChange: true, IpsecServerId: report.Result.IpsecServerId}) {
		if ev.Status != "" {
			report.Final = ev
			if ev.Status != last {
				say("%s  gateway %s (check %d, %s elapsed)", ev.Time.Format("15:04:05"), ev.Status, ev.Polls, ev.Elapsed.Round(time.Second))
				last = ev.Status
			}
		} else if ev.Err != nil && !ev.Done {
			say("A check failed, retrying: %s", firstLine(ev.Err.Error()))
		}
		if ev.Done {
			if ev.Status == "" {
				ev.Status = report.Final.Status
			}
			report.Final = ev
			switch {
			case ev.Err == nil:
				report.Settled = true
				return end(client.ExitOK, nil)
			case errors.Is(ev.Err, context.Canceled):
				return end(exitCanceled, ev.Err)
			default:
				return end(client.ExitFailure, ev.Err)
			}
		}
	}
	return end(exitCanceled, context.Canceled)
}

func sayExplanation(say func(string, ...any), what string, err error) {
	ex := explain(err)
	say("%s: %s", what, ex.Code)
	say("What happened: %s", ex.Summary)
	if ex.Remedy != "" {
		say("What to do: %s", ex.Remedy)
	}
	if ex.RequestId != "" {
		say("RequestId: %s", ex.RequestId)
	}
}

// askYes asks a yes/no question; only y or yes is yes.
func askYes(in *bufio.Reader, out io.Writer, q string) bool {
	fmt.Fprint(out, q)
	line, err := in.ReadString('\n')
	if err != nil && line == "" {
		return false
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

// offerGeneratedPsk keeps a key generated here (Config.SavePsk), then asks
// before showing it: a secret reaches the screen only when the user asks.
// When it is not shown, it says where the key can be found.
func offerGeneratedPsk(ctx context.Context, cfg Config, report *client.Report, br *bufio.Reader, out io.Writer, say func(string, ...any)) {
	spec := report.Spec
	if cfg.SavePsk != nil {
		report.Key.File = cfg.PskFile
		report.Key.FileErr = cfg.SavePsk(spec.Psk)
		report.Key.Written = report.Key.FileErr == nil
		if report.Key.Written {
			say("Generated pre-shared key saved to %s (mode 0600).", cfg.PskFile)
		} else {
			say("The generated pre-shared key could not be saved to %s: %v.", cfg.PskFile, report.Key.FileErr)
		}
	}
	if ctx.Err() == nil && askYes(br, out, "Show the generated pre-shared key now? It will not be shown again. (y/N): ") {
		report.Key.Shown = true
		say("Pre-shared key (generated here; give it to your users over a safe channel): %s", spec.Psk.Reveal())
		return
	}
	if report.Key.Written {
		say("The pre-shared key was not shown and will not be shown again; it is in %s (mode 0600).", cfg.PskFile)
		return
	}
	say("The pre-shared key was not shown and will not be shown again; ipsecwiz keeps no copy. Read it back with: %s",
		report.Target.AliyunCommand("ListIpsecServers", "VpnGatewayId", spec.VpnGatewayId))
}

// keySourceOfAnswers says where spec's key comes from.
func keySourceOfAnswers(a *forms.Answers, spec ipsec.ServerSpec) ipsec.KeySource {
	switch {
	case spec.Psk == "":
		return ipsec.KeyService
	case a != nil && a.KeySource == ipsec.KeyGenerated && a.Spec.Psk == spec.Psk:
		return ipsec.KeyGenerated
	}
	return ipsec.KeyProvided
}

// wireOf names a request of action for spec, for the warning of an
// interrupt while it is on the wire.
func wireOf(action string, spec ipsec.ServerSpec, hides string) interrupt.Wire {
	what := action
	if spec.DryRun {
		what += " (DryRun: checks only)"
	}
	return interrupt.Wire{Action: what, GatewayID: spec.VpnGatewayId, ClientToken: spec.ClientToken, Hides: hides}
}

// retrySayer is a Trace that says each retry on its own line.
func retrySayer(say func(string, ...any)) *client.Trace {
	return &client.Trace{Retry: func(_ string, n int, err error, _ time.Duration) {
		say("Attempt %d failed, trying again (same ClientToken): %s", n, firstLine(explain(err).Summary))
	}}
}

// readLines reads r in the background, one chunk per read, so a prompt can
// stop waiting for input when the run is interrupted.
func readLines(r io.Reader) <-chan []byte {
	ch := make(chan []byte)
	go func() {
		defer close(ch)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				ch <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// ctxReader reads what readLines delivers until ctx ends.
type ctxReader struct {
	ctx   context.Context
	lines <-chan []byte
	rest  []byte
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if len(c.rest) == 0 {
		select {
		case b, ok := <-c.lines:
			if !ok {
				return 0, io.EOF
			}
			c.rest = b
		case <-c.ctx.Done():
			return 0, c.ctx.Err()
		}
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
