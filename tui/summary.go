package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// buildOutcome is the run's end: what cmd prints to stdout and exits with.
func (r *root) buildOutcome(code int, err error) Outcome {
	o := Outcome{Spec: r.spec, Final: r.final, Err: err, ExitCode: code}
	var s client.Summary
	var text string
	resume := resumeCommand(r.spec.RegionId, r.spec.VpnGatewayId, r.ctx.Endpoint)
	switch {
	case r.follow:
		s = client.Summary{OK: err == nil, Status: r.final.Status, Waited: true}
		elapsed := r.final.Elapsed.Round(time.Second)
		switch {
		case err == nil:
			text = fmt.Sprintf("Gateway %s is %s (after %s, %s).\n", r.spec.VpnGatewayId, r.final.Status, elapsed, plural(r.final.Polls, "check"))
		case errors.Is(err, context.Canceled):
			s.Error = client.ErrorSummary(r.spec, err).Error
			text = fmt.Sprintf("Stopped watching %s (last status %s). Resume with: %s\n", r.spec.VpnGatewayId,
				orNone(r.final.Status), resume)
		default:
			s.Error = client.ErrorSummary(r.spec, err).Error
			text = fmt.Sprintf("Gateway %s did not settle: %s (last status %s). Resume with: %s\n", r.spec.VpnGatewayId,
				explain(err).Summary, orNone(r.final.Status), resume)
		}
		if err != nil {
			s.Next = []string{"follow it again with: " + resume}
		}
	case r.created != nil:
		res := *r.created
		o.Result = &res
		s = client.Summary{OK: err == nil, Result: &res, Status: r.final.Status,
			Waited: r.final.Done || r.track.polls > 0, Client: r.clientInfo()}
		if err != nil {
			s.Error = client.ErrorSummary(r.spec, err).Error
		}
		settled := err == nil && r.state == stateResult && r.result.settled
		if !settled {
			s.Next = append(s.Next, "the change goes on in the cloud; follow it with: "+resume)
		}
		if n := r.pskSavedNote(); n != "" {
			s.Next = append(s.Next, n)
		}
		if p := r.result.written; p != "" && r.result.writeErr == nil {
			s.Next = append(s.Next, "strongSwan client configuration written to "+p+" (mode 0600)")
		}
		check := "check the server"
		if r.pskGenerated() && !(r.pskSaveTried && r.pskSaveErr == nil) {
			// Shown at most on the result screen, kept nowhere here: say
			// where it can still be read.
			check = "check the server and read the generated pre-shared key back"
		}
		s.Next = append(s.Next, check+": aliyun vpc ListIpsecServers --RegionId "+r.spec.RegionId+
			" --VpnGatewayId "+r.spec.VpnGatewayId)
		switch {
		case errors.Is(err, context.Canceled):
			text = fmt.Sprintf("Stopped watching: IPsec server %s was created and the gateway is still applying it.\n", res.IpsecServerId) +
				"The change goes on in the cloud. Resume with: " + resume + "\n"
			s.Error = nil
			text += s.Text()
		case err != nil:
			text = fmt.Sprintf("Timed out: IPsec server %s was created, but the gateway did not settle in time (%s).\n",
				res.IpsecServerId, explain(err).Summary) + "The change goes on in the cloud. Resume with: " + resume + "\n"
			e := s.Error
			s.Error = nil
			text += s.Text()
			s.Error = e
		default:
			text = s.Text()
		}
	case r.submit.dryRunPassed && err == nil:
		res := r.submit.result
		o.Result = &res
		s = client.Summary{OK: true, DryRun: true, DryRunPassed: true, Result: &res}
		text = s.Text()
	case errors.Is(err, context.Canceled):
		s = client.ErrorSummary(r.spec, err)
		switch {
		case r.state == stateFailure || (r.submit.quitRequested && !r.submit.dryRunPassed):
			text = "Cancelled: the last request was answered with an error, nothing was created.\n"
		case r.submit.dryRunPassed:
			text = "Cancelled after a passed precheck: nothing was created.\n"
		default:
			text = "Cancelled: nothing was sent, nothing was created.\n"
		}
	case err != nil:
		s = client.ErrorSummary(r.spec, err)
		text = s.Text()
	default:
		s = client.Summary{OK: true}
		text = "Nothing was created.\n"
	}
	o.Summary = text
	o.JSON = s.JSON()
	return o
}

func (r *root) clientInfo() *client.ClientInfo {
	addr := r.result.serverAddress()
	if addr == "" {
		addr = r.gateway.InternetIp
	}
	src := r.pskSource
	if src == "" {
		src = r.pskSourceOf(r.spec)
	}
	return &client.ClientInfo{ServerAddress: addr, PskSource: src, LocalSubnet: r.spec.LocalSubnet,
		ClientIpPool: r.spec.ClientIpPool, IkeConfig: r.spec.EffectiveIke(), IpsecConfig: r.spec.EffectiveIpsec(),
		MaxConnections: r.gateway.SslMaxConnections}
}

// pskSourceOf says where spec's key comes from, for client.ClientInfo:
// "service" (none sent: Alibaba Cloud generates it), "generated" (made by
// ipsecwiz: --generate-psk or the wizard's "generate" choice) or "provided"
// (typed, or read from --psk-file or an answers file).
func (r *root) pskSourceOf(spec client.ServerSpec) string {
	if spec.Psk == "" {
		return "service"
	}
	var a *forms.Answers
	if w, ok := r.wizard.(interface{ Answers() *forms.Answers }); ok {
		a = w.Answers()
	} else {
		a = r.cfg.Answers
	}
	if a != nil && a.PskMode == forms.PskGenerate && a.Spec.Psk == spec.Psk {
		return "generated"
	}
	return "provided"
}

// pskGenerated: the key last sent was generated by ipsecwiz, so it exists
// nowhere else yet (unless Config.SavePsk kept it).
func (r *root) pskGenerated() bool {
	if r.pskSource != "" {
		return r.pskSource == "generated"
	}
	return r.pskSourceOf(r.spec) == "generated"
}

// pskSavedNote is the summary's line about Config.SavePsk ("" when it did
// not run).
func (r *root) pskSavedNote() string {
	switch {
	case !r.pskSaveTried:
		return ""
	case r.pskSaveErr != nil:
		return fmt.Sprintf("the generated pre-shared key could not be saved to %s (%v); read it back with: aliyun vpc ListIpsecServers --RegionId %s --VpnGatewayId %s",
			r.cfg.PskFile, r.pskSaveErr, r.spec.RegionId, r.spec.VpnGatewayId)
	}
	return "generated pre-shared key saved to " + r.cfg.PskFile + " (mode 0600)"
}
