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
)

// runAccessible is Run for screen readers (--accessible, ACCESSIBLE=1,
// TERM=dumb): plain line prompts (forms.RunAccessible), then one plain line
// per step of the submit and per gateway transition; no animation, no cursor
// movement. It reuses the root's state and summary so both modes end alike.
func runAccessible(ctx context.Context, cfg Config) (Outcome, error) {
	in := cfg.Input
	if in == nil {
		in = os.Stdin
	}
	// One buffered reader for the prompts and our own questions, so no
	// typed-ahead line is lost between them.
	br := bufio.NewReader(in)
	out := cfg.Output
	r := newRoot(ctx, cfg)
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	if cfg.NewAPIErr != nil || cfg.API == nil {
		err := cfg.NewAPIErr
		if err == nil {
			err = &client.CredentialsError{Err: errors.New("no API client was configured")}
		}
		sayExplanation(say, "Could not start", err)
		say("Ways out: configure credentials (aliyun configure, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET); use another endpoint (--endpoint HOST[:PORT]); or try it without an account (--sandbox).")
		return r.buildOutcome(exitCodeFor(err), err), nil
	}
	api := cfg.API
	say("Loading regions and the VPN gateways of %s...", r.ctx.Region)
	regions, err := api.DescribeRegions(ctx)
	var gws []ipsec.Gateway
	if err == nil {
		gws, err = api.ListGateways(ctx, r.ctx.Region)
	}
	if err != nil {
		sayExplanation(say, "Could not load your VPN gateways", err)
		say("Ways out: configure credentials (aliyun configure), use another endpoint (--endpoint HOST[:PORT]), or try --sandbox.")
		return r.buildOutcome(exitCodeFor(err), err), nil
	}
	answers := cfg.Answers
	if answers == nil {
		answers = forms.NewAnswers(r.spec)
		r.cfg.Answers = answers // where the summary reads the key's source
	}
	data := ipsec.Facts{Regions: regions, Gateways: gws}
	hooks := forms.AccessibleHooks{
		LoadGateways: api.ListGateways,
		SkipReview:   cfg.SkipReview,
		PskFile:      r.pskFileToSave(),
		Command:      export.AliyunCLICommand,
		GatewayDetails: func(ctx context.Context, g ipsec.Gateway) (*ipsec.GatewayDetails, error) {
			region := g.RegionId
			if region == "" {
				region = answers.Spec.RegionId
			}
			say("Checking %s...", g.VpnGatewayId)
			d, err := fetchDetails(ctx, api, region, g)
			if err != nil {
				return nil, err
			}
			r.gateway = d.Gateway
			return d.forForms(), nil
		},
	}
	action, err := forms.RunAccessible(ctx, br, out, answers, &data, hooks)
	r.spec = answers.Spec.Clone()
	switch {
	case errors.Is(err, forms.ErrInputEnded):
		return r.buildOutcome(ExitUsage, ipsec.NewFieldError("input", err.Error(), "")), nil
	case err != nil:
		return r.buildOutcome(ExitCancelled, context.Canceled), nil
	}
	if g, ok := r.findGateway(r.spec.RegionId, r.spec.VpnGatewayId); ok {
		r.gateway = g
	}
	spec := answers.Spec.Clone()
	spec.DryRun = action == forms.ActionDryRun
	for {
		r.spec, r.sent = spec, true
		r.pskSource = r.pskSourceOf(spec)
		say("Sending %s...", callName(spec))
		// Once sent, the create is allowed to finish (a cancel waits for it).
		res, err := api.CreateIpsecServer(context.WithoutCancel(ctx), &spec)
		r.spec = spec
		if err != nil {
			sayExplanation(say, strings.TrimSuffix(callName(spec), " (DryRun: checks only)")+" failed", err)
			return r.buildOutcome(exitCodeFor(err), err), nil
		}
		if spec.DryRun || res.DryRunPassed {
			r.submit.dryRunPassed, r.submit.result = true, res
			say("Precheck passed: nothing was created (RequestId %s).", res.RequestId)
			if ctx.Err() != nil || !askYes(br, out, "Create the IPsec server for real with the same answers? (y/N): ") {
				return r.buildOutcome(ExitOK, nil), nil
			}
			spec.DryRun = false
			spec.ClientToken = r.userToken
			continue
		}
		r.created = &res
		say("Created %s on %s (ClientToken %s).", res.IpsecServerId, spec.VpnGatewayId, res.ClientToken)
		if r.pskGenerated() {
			r.offerGeneratedPsk(ctx, br, say, spec)
		}
		break
	}
	if cfg.NoWait {
		return r.buildOutcome(ExitOK, nil), nil
	}
	say("Following the gateway until it is active again. Interrupting only stops watching: the change goes on in the cloud; resume with %s.",
		resumeCommand(spec.RegionId, spec.VpnGatewayId, cfg.Endpoint))
	last := ""
	for ev := range api.WatchGateway(ctx, spec.RegionId, spec.VpnGatewayId, client.WatchOptions{Timeout: cfg.WaitTimeout,
		ExpectChange: true, IpsecServerId: r.created.IpsecServerId}) {
		r.track.event(ev)
		if ev.Status != "" {
			r.noteFinal(ev)
			if ev.Status != last {
				say("%s  gateway %s (check %d, %s elapsed)", ev.Time.Format("15:04:05"), ev.Status, ev.Polls, ev.Elapsed.Round(time.Second))
				last = ev.Status
			}
		} else if ev.Err != nil && !ev.Done {
			say("A check failed, retrying: %s", firstLine(ev.Err.Error()))
		}
		if ev.Done {
			r.noteFinal(ev)
			switch {
			case ev.Err == nil:
				r.state = stateResult
				r.result.start(spec, *r.created, r.gateway, r.final, true)
				return r.buildOutcome(ExitOK, nil), nil
			case errors.Is(ev.Err, context.Canceled):
				return r.buildOutcome(ExitCancelled, ev.Err), nil
			default:
				return r.buildOutcome(ExitFailure, ev.Err), nil
			}
		}
	}
	return r.buildOutcome(ExitCancelled, context.Canceled), nil
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
// When it is not shown, it says where the key can be found and that it will
// not be shown again.
func (r *root) offerGeneratedPsk(ctx context.Context, br *bufio.Reader, say func(string, ...any), spec ipsec.ServerSpec) {
	if r.needPskSave() {
		r.pskSaveTried = true
		r.pskSaveErr = r.cfg.SavePsk(spec.Psk)
		n := r.pskSavedNote()
		say("%s.", strings.ToUpper(n[:1])+n[1:])
	}
	readBack := "aliyun vpc ListIpsecServers --RegionId " + spec.RegionId + " --VpnGatewayId " + spec.VpnGatewayId
	if ctx.Err() == nil && askYes(br, r.cfg.Output, "Show the generated pre-shared key now? It will not be shown again. (y/N): ") {
		say("Pre-shared key (generated here; give it to your users over a safe channel): %s", spec.Psk.Reveal())
		return
	}
	if r.pskSaveTried && r.pskSaveErr == nil {
		say("The pre-shared key was not shown and will not be shown again; it is in %s (mode 0600).", r.cfg.PskFile)
		return
	}
	say("The pre-shared key was not shown and will not be shown again; ipsecwiz keeps no copy. Read it back with: %s", readBack)
}
