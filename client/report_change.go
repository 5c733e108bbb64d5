package client

import (
	"errors"
	"fmt"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// changeSummary is Summary for an update or a delete.
func (r Report) changeSummary() Summary {
	s := Summary{Action: string(r.Kind), OK: r.Err == nil, DryRun: r.Spec.DryRun, Waited: r.Watched,
		Status: cmpOr(r.Final.Status, r.Gateway.Status), Changes: r.Changes}
	id, gw := r.Spec.VpnGatewayId, r.Spec.VpnGatewayId
	if r.Before != nil {
		id, gw = r.Before.IpsecServerId, r.Before.VpnGatewayId
	}
	status := r.Target.Command("status", gw)
	what, done, undone := "update of "+id, "updated", "nothing was changed"
	if r.Kind == KindDelete {
		what, done, undone = "deletion of "+id, "deleted", "nothing was deleted"
	}
	if r.Change != nil {
		c := *r.Change
		s.Change = &c
	}
	s.details = []string{"Server", id, "Gateway", gw, "Region", r.Target.Region}
	if r.Change != nil {
		s.details = append(s.details, "RequestId", r.Change.RequestId, "ClientToken", r.Change.ClientToken)
	}
	for _, c := range r.Changes {
		s.details = append(s.details, c.Label, c.Old+" -> "+c.New)
	}
	applied := r.Change != nil && !r.Change.DryRunPassed && r.Change.RequestId != ""
	switch {
	case applied && r.Err == nil && r.Change.AlreadyGone:
		s.headline = fmt.Sprintf("IPsec server %s is gone: another request deleted it after it was read.", id)
	case r.Kind == KindUpdate && len(r.Changes) == 0 && r.Err == nil && !r.Sent:
		s.headline = "Nothing to change: " + id + " already has these settings."
	case applied && r.Err == nil && r.Change.Synchronous:
		s.headline = fmt.Sprintf("IPsec server %s %s (applied at once: a rename does not touch the gateway).", id, done)
	case applied && r.Err == nil && r.Settled:
		s.headline = fmt.Sprintf("IPsec server %s %s; the gateway is active.", id, done)
	case applied && r.Err == nil:
		s.headline = fmt.Sprintf("The %s was accepted; the gateway is still applying it.", what)
		s.Next = append(s.Next, "follow the gateway with: "+status)
	case applied && r.cancelled():
		s.Error = NewErrorInfo(r.Err)
		s.Error.Explanation = "Stopped watching after the " + what + " was accepted; the gateway goes on applying it."
		s.Error.Remedy = "Follow it with " + status + "."
		s.headline = fmt.Sprintf("Stopped watching: the %s was accepted and the gateway is still applying it.\nResume with: %s", what, status)
		s.Next = append(s.Next, "follow it with: "+status)
	case applied:
		s.Error = NewErrorInfo(r.Err)
		s.Error.Remedy = "The change goes on in the cloud: follow it with " + status + "; nothing needs to be sent again."
		s.headline = fmt.Sprintf("The %s was accepted, but the gateway did not settle in time (%s).\nResume with: %s",
			what, Explain(r.Err).Summary, status)
		s.Next = append(s.Next, "follow it with: "+status)
	case r.Change != nil && r.Change.DryRunPassed && r.Err == nil:
		s.DryRunPassed, s.DryRun = true, true
		s.headline = fmt.Sprintf("Precheck passed: the %s would be accepted; %s.", what, undone)
		s.Next = append(s.Next, "do it for real: run the same command without --dry-run")
	case r.Sent && !r.Spec.DryRun && MayHaveReached(r.Err):
		token := ""
		var u *UnknownOutcomeError
		if asUnknown(r.Err, &u) {
			token = u.ClientToken
		} else if r.Change != nil {
			token = r.Change.ClientToken
		}
		s.MayHaveBeenMade, s.ClientToken = true, token
		s.Error = NewErrorInfo(r.Err)
		s.headline = fmt.Sprintf("The %s may have been carried out: %s was sent, but %s\nIts ClientToken is %s: the same request with that token is safe to repeat.",
			what, r.Kind.Action(), lowerFirst(Explain(r.Err).Summary), token)
		s.Error.Remedy = "Check the server first: " + r.Target.Command("show", id) + "; then repeat with the same ClientToken if it is needed."
		s.Next = append(s.Next, "check the gateway: "+status, "check the server: "+r.Target.Command("show", id))
	case r.cancelled():
		s.Error = NewErrorInfo(r.Err)
		s.headline = "Cancelled: nothing was sent, " + undone + "."
		s.Error.Explanation = "Stopped before anything was sent: " + undone + "."
		if r.Sent {
			s.headline = "Cancelled: the last request was answered with an error, " + undone + "."
			s.Error.Explanation = "Stopped after the request was refused: " + undone + "."
		}
		s.Error.Remedy = "Run ipsecwiz again when you are ready; nothing needs to be undone."
	case r.Err != nil && r.Before == nil && IsNotFound(r.Err):
		s.Error = NewErrorInfo(r.Err)
		s.Error.Remedy = "Check the server id and the region: " + r.Target.Command("list") + " lists the servers of " +
			r.Target.Region + " (add --all-regions for every region)."
		s.headline = "Failed: " + s.Error.Code + " (" + undone + ")"
	case r.Err != nil:
		s.Error = NewErrorInfo(r.Err)
		s.headline = "Failed: " + s.Error.Code
		if r.Sent {
			s.headline += " (" + r.Kind.Action() + " was refused: " + undone + ")"
		}
	default:
		s.headline = "Nothing was " + done + "."
	}
	if r.Err == nil && applied {
		switch r.Kind {
		case KindUpdate:
			s.Next = append(s.Next, r.impactNext()...)
			s.Next = append(s.Next, "see it as it is now: "+r.Target.Command("show", id))
		case KindDelete:
			s.Next = append(s.Next, "the gateway can take a new server: "+r.Target.Command("create", "--vpn-gateway-id", gw))
		}
	}
	if note := r.Target.SandboxNote(); note != "" && len(s.Next) > 0 {
		s.Next = append(s.Next, note)
	}
	return s
}

// impactNext says what an applied update means for the VPN clients.
func (r Report) impactNext() []string {
	return ipsec.Impacts(r.Changes, r.Spec.EffectImmediately)
}

func asUnknown(err error, target **UnknownOutcomeError) bool { return errors.As(err, target) }
