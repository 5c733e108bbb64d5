package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// Report is what a create came to, as the front end lived it: the wizard,
// accessible mode and --no-input fill one and let Summary say it, so the
// three end alike. The zero value is a run that did nothing.
type Report struct {
	Kind      ChangeKind // what the run does: create (the zero value), update, delete
	Target    Target
	Spec      ipsec.ServerSpec // as last sent, or as answered when nothing was sent
	Gateway   ipsec.Gateway    // as last read: its address and name
	KeySource ipsec.KeySource
	Key       KeyFate
	Sent      bool          // a request (the create or its DryRun) went out
	Result    *CreateResult // the create's answer, or a passed dry run's
	Watched   bool          // the gateway was followed after the create
	Final     GatewayEvent  // the last gateway observation while following
	Settled   bool          // the gateway showed the change done
	Err       error         // what ended the run; nil when it ended as asked
	// Extra are next steps the front end adds (a file it wrote).
	Extra []string

	// Update and delete: the server as it was, what the update sends, and
	// the answer (Result is the create's).
	Before  *ipsec.Server
	Changes []ipsec.Change
	Change  *ChangeResult
}

// KeyFate is where a key generated here, or read from a file, is now.
type KeyFate struct {
	File    string // the file it was read from, or written to ("" none)
	Written bool   // File was written by this run
	FileErr error  // writing File failed
	Shown   bool   // it was shown on screen, on request
}

// created reports whether the service created a server.
func (r Report) created() bool {
	return r.Result != nil && r.Result.IpsecServerId != "" && !r.Result.DryRunPassed
}

func (r Report) cancelled() bool { return errors.Is(r.Err, context.Canceled) }

// Summary says what happened, what a VPN client needs, and what to do next.
func (r Report) Summary() Summary {
	s := r.summary()
	s.Advice = r.advice()
	return s
}

// advice is what Assess says of the settings sent (for an update, of
// those it changes), nil when nothing was sent.
func (r Report) advice() []ipsec.Advice {
	if !r.Sent && !(r.Kind == KindCreate && r.created()) {
		return nil
	}
	all := ipsec.Assess(r.Spec)
	if r.Kind == KindCreate {
		return all
	}
	changed := map[string]bool{}
	for _, c := range r.Changes {
		changed[c.Field] = true
	}
	var out []ipsec.Advice
	for _, a := range all {
		if changed[a.Field] {
			out = append(out, a)
		}
	}
	return out
}

func (r Report) summary() Summary {
	if r.Kind != KindCreate {
		return r.changeSummary()
	}
	s := Summary{OK: r.Err == nil, DryRun: r.Spec.DryRun, Waited: r.Watched,
		Status: cmpOr(r.Final.Status, r.Gateway.Status)}
	gw := r.Spec.VpnGatewayId
	status := r.Target.Command("status", gw)
	switch {
	case r.created():
		res := *r.Result
		s.Result = &res
		s.Client = NewClientInfo(r.Gateway, r.Spec, r.KeySource)
		s.details = []string{"Server", res.IpsecServerId, "Name", res.IpsecServerName, "Gateway", res.VpnGatewayId,
			"Region", res.RegionId, "Created", res.CreationTime, "Gateway status", s.Status, "ClientToken", res.ClientToken}
		var watchErr *WatchTimeoutError
		switch {
		case r.Err == nil && r.Settled:
			s.headline = "IPsec server created; the gateway is active."
		case r.Err == nil:
			s.headline = "IPsec server creation accepted; the gateway is still applying it."
			s.Next = append(s.Next, "follow the gateway with: "+status)
		case r.cancelled():
			s.headline = fmt.Sprintf("Stopped watching: IPsec server %s was created and the gateway is still applying it.\n"+
				"The change goes on in the cloud. Resume with: %s", res.IpsecServerId, status)
			s.Error = NewErrorInfo(r.Err)
			s.Error.Explanation = "Stopped after IPsec server " + res.IpsecServerId + " was created on " + gw +
				"; the gateway goes on applying the change."
			s.Next = append(s.Next, "the change goes on in the cloud; follow it with: "+status)
		case errors.As(r.Err, &watchErr) && watchErr.LastStatus == "":
			s.headline = fmt.Sprintf("IPsec server %s was created, but the gateway could not be read since (%s).\n"+
				"The change goes on in the cloud. Resume with: %s", res.IpsecServerId, Explain(r.Err).Summary, status)
			s.Error = NewErrorInfo(r.Err)
			s.Next = append(s.Next, "the change goes on in the cloud; follow it with: "+status)
		default:
			s.headline = fmt.Sprintf("Timed out: IPsec server %s was created, but the gateway did not settle in time (%s).\n"+
				"The change goes on in the cloud. Resume with: %s", res.IpsecServerId, Explain(r.Err).Summary, status)
			s.Error = NewErrorInfo(r.Err)
			s.Next = append(s.Next, "the change goes on in the cloud; follow it with: "+status)
		}
		if s.Error != nil {
			s.Error.Remedy = "The change goes on in the cloud: follow it with " + status + "; nothing needs to be sent again."
		}
		s.Next = append(s.Next, r.keyNext()...)
		s.Next = append(s.Next, r.Extra...)
		s.Next = append(s.Next, "check the server: "+r.Target.AliyunCommand("ListIpsecServers", "VpnGatewayId", gw))
	case r.Result != nil && r.Result.DryRunPassed && r.Err == nil:
		res := *r.Result
		s.Result, s.DryRunPassed, s.DryRun = &res, true, true
		s.headline = "Precheck passed: nothing was created."
		s.details = []string{"Gateway", res.VpnGatewayId, "Region", res.RegionId, "RequestId", res.RequestId}
		s.Next = append(s.Next, "create it for real: run the same command without --dry-run")
	case r.Sent && !r.Spec.DryRun && MayHaveReached(r.Err):
		s.MayHaveBeenMade, s.ClientToken = true, r.Spec.ClientToken
		s.Error = NewErrorInfo(r.Err)
		s.headline = fmt.Sprintf("The IPsec server may have been created on %s: CreateIpsecServer was sent, but %s\n"+
			"Its ClientToken is %s: the same request with that token is safe to repeat, it cannot make a second server.",
			gw, lowerFirst(Explain(r.Err).Summary), r.Spec.ClientToken)
		s.Error.Remedy = "Check the gateway first: " + status + "; then, if it holds no server of yours, repeat with the same ClientToken."
		s.Next = append(s.Next, "check the gateway: "+status,
			"check for the server: "+r.Target.AliyunCommand("ListIpsecServers", "VpnGatewayId", gw))
		if repeat := r.repeatCommand(); repeat != "" {
			s.Next = append(s.Next, "repeat it safely (same ClientToken): "+repeat)
		}
		s.Next = append(s.Next, r.keyNext()...)
	case r.cancelled():
		s.Error = NewErrorInfo(r.Err)
		switch {
		case r.Result != nil && r.Result.DryRunPassed:
			s.headline = "Cancelled after a passed precheck: nothing was created."
		case r.Sent:
			s.headline = "Cancelled: the last request was answered with an error, nothing was created."
			s.Error.Explanation = "Stopped after the request was refused: nothing was created."
		default:
			s.headline = "Cancelled: nothing was sent, nothing was created."
			s.Error.Explanation = "Stopped before anything was sent: nothing was created."
		}
		s.Error.Remedy = "Run ipsecwiz again when you are ready; nothing needs to be undone."
	case r.Err != nil:
		s.Error = NewErrorInfo(r.Err)
		s.headline = "Failed: " + s.Error.Code
		var watchErr *WatchTimeoutError
		switch {
		case !r.Sent && errors.As(r.Err, &watchErr):
			s.headline = fmt.Sprintf("Failed: gateway %s was still %s after %v, so nothing was sent.", gw,
				cmpOr(watchErr.LastStatus, "unreadable"), watchErr.Timeout.Round(time.Second))
			s.Error.Remedy = "Wait until the gateway is active (" + status + "), then run again; nothing was sent, nothing needs to be undone."
		case r.Sent && !r.Spec.DryRun:
			s.headline += " (CreateIpsecServer was refused: nothing was created)"
		}
	default:
		s.headline = "Nothing was created."
	}
	if note := r.Target.SandboxNote(); note != "" && len(s.Next) > 0 {
		s.Next = append(s.Next, note)
	}
	return s
}

// keyNext says where the key of a created (or maybe created) server is.
func (r Report) keyNext() []string {
	readBack := r.Target.AliyunCommand("ListIpsecServers", "VpnGatewayId", r.Spec.VpnGatewayId)
	switch r.KeySource {
	case ipsec.KeyService:
		return []string{"read the pre-shared key Alibaba Cloud generated with: " + readBack}
	case ipsec.KeyGenerated:
		switch {
		case r.Key.Written && r.Key.FileErr == nil:
			return []string{"generated pre-shared key saved to " + r.Key.File + " (mode 0600)"}
		case r.Key.FileErr != nil:
			return []string{fmt.Sprintf("the generated pre-shared key could not be saved to %s (%v); read it back with: %s",
				r.Key.File, r.Key.FileErr, readBack)}
		}
		return []string{"the generated pre-shared key is kept nowhere by ipsecwiz; read it back with: " + readBack}
	}
	return nil
}

// repeatCommand is the create again, with the same values and ClientToken,
// as --no-input flags; "" when the key cannot be given again.
func (r Report) repeatCommand() string {
	spec := r.Spec
	args := []string{"create", "--no-input", "--vpn-gateway-id", spec.VpnGatewayId,
		"--local-subnet", spec.LocalSubnet.String(), "--client-ip-pool", spec.ClientIpPool}
	if spec.IpSecServerName != "" {
		args = append(args, "--name", spec.IpSecServerName)
	}
	if spec.EffectImmediately {
		args = append(args, "--effect-immediately")
	}
	args = append(args, ProposalFlags(spec)...)
	switch r.KeySource {
	case ipsec.KeyProvided, ipsec.KeyGenerated:
		if r.Key.File == "" || r.Key.FileErr != nil {
			return "" // the key lives only in this run: a repeat could not send the same one
		}
		args = append(args, "--psk-file", r.Key.File)
	}
	args = append(args, "--client-token", spec.ClientToken)
	return r.Target.Command(args...)
}

// ProposalFlags are the create flags that set spec's proposals exactly.
func ProposalFlags(spec ipsec.ServerSpec) []string {
	if spec.IkeConfig == nil && spec.IpsecConfig == nil {
		return []string{"--security-profile", ipsec.ProfileServiceDefault}
	}
	if ipsec.ProfileOf(spec) == ipsec.ProfileRecommended {
		return []string{"--security-profile", ipsec.ProfileRecommended}
	}
	var out []string
	if c := spec.IkeConfig; c != nil {
		out = append(out, "--ike-version", c.IkeVersion, "--ike-mode", c.IkeMode, "--ike-enc-alg", c.IkeEncAlg,
			"--ike-auth-alg", c.IkeAuthAlg, "--ike-pfs", c.IkePfs, "--ike-lifetime", fmt.Sprint(c.IkeLifetime))
		if c.LocalId != "" {
			out = append(out, "--local-id", c.LocalId)
		}
		if c.RemoteId != "" {
			out = append(out, "--remote-id", c.RemoteId)
		}
	}
	if c := spec.IpsecConfig; c != nil {
		out = append(out, "--ipsec-enc-alg", c.IpsecEncAlg, "--ipsec-auth-alg", c.IpsecAuthAlg,
			"--ipsec-pfs", c.IpsecPfs, "--ipsec-lifetime", fmt.Sprint(c.IpsecLifetime))
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// FollowReport is what following a gateway (ipsecwiz status) came to.
type FollowReport struct {
	Target    Target
	GatewayID string
	Final     GatewayEvent   // the last observation
	Gateway   *ipsec.Gateway // read once it settled
	Err       error
}

// FollowSummary is `ipsecwiz status` as --output json writes it.
type FollowSummary struct {
	OK      bool           `json:"ok"`
	Gateway *ipsec.Gateway `json:"gateway,omitempty"`
	Status  string         `json:"status,omitempty"`
	Polls   int            `json:"polls"`
	Elapsed string         `json:"elapsed"`
	Error   *ErrorInfo     `json:"error,omitempty"`
	Next    []string       `json:"next,omitempty"`

	text string
}

// JSON is the summary as one JSON object (with a trailing newline), with
// nothing in it a terminal would act on (termsafe.JSON).
func (s FollowSummary) JSON() []byte {
	b, _ := json.MarshalIndent(s, "", "  ")
	return termsafe.JSON(append(b, '\n'))
}

// Text is the summary as plain lines, safe for a terminal.
func (s FollowSummary) Text() string { return termsafe.Lines(s.text) }

// Summary says how the gateway stands, or why following it stopped.
func (r FollowReport) Summary() FollowSummary {
	s := FollowSummary{OK: r.Err == nil, Gateway: r.Gateway, Status: r.Final.Status, Polls: r.Final.Polls,
		Elapsed: r.Final.Elapsed.Round(time.Millisecond).String()}
	resume := r.Target.Command("status", r.GatewayID)
	elapsed := r.Final.Elapsed.Round(time.Second)
	var watchErr *WatchTimeoutError
	switch {
	case r.Err == nil && r.Gateway != nil:
		s.text = GatewayText(*r.Gateway)
	case r.Err == nil:
		s.text = fmt.Sprintf("Gateway %s is %s (after %s, %d checks).\n", r.GatewayID, r.Final.Status, elapsed, r.Final.Polls)
	case errors.Is(r.Err, context.Canceled):
		s.Error = NewErrorInfo(r.Err)
		s.Error.Remedy = "Follow it again with " + resume + "; stopping the watch changed nothing on the gateway."
		s.text = fmt.Sprintf("Stopped watching %s (last status %s). Resume with: %s\n", r.GatewayID, cmpOr(r.Final.Status, "unknown"), resume)
		s.Next = []string{"follow it again with: " + resume}
	case errors.As(r.Err, &watchErr) && watchErr.LastStatus == "":
		s.Error = NewErrorInfo(r.Err)
		s.Error.Explanation = "No check of the gateway was answered in " + watchErr.Timeout.String() + "."
		s.Error.Remedy = "Check the network and --endpoint, then follow it again with " + resume + "."
		s.text = fmt.Sprintf("Could not read gateway %s: no check was answered in %v. Try again with: %s\n",
			r.GatewayID, watchErr.Timeout, resume)
		s.Next = []string{"follow it again with: " + resume}
	case errors.As(r.Err, &watchErr):
		s.Error = NewErrorInfo(r.Err)
		s.Error.Remedy = "The gateway may still be applying a change: follow it again with " + resume + "."
		s.text = fmt.Sprintf("Gateway %s did not settle within %v (last status %s). Resume with: %s\n", r.GatewayID,
			watchErr.Timeout, cmpOr(r.Final.Status, "unknown"), resume)
		s.Next = []string{"follow it again with: " + resume}
	default:
		s.Error = NewErrorInfo(r.Err)
		s.text = Summary{headline: "Failed: " + s.Error.Code, Error: s.Error}.Text()
	}
	if note := r.Target.SandboxNote(); note != "" && len(s.Next) > 0 {
		s.Next = append(s.Next, note)
	}
	return s
}

// GatewayText is a gateway as `ipsecwiz status` prints it. Every value came
// from the API: each is made safe for the terminal, and the name, on the
// first line, is cut so that the line still fits a terminal.
func GatewayText(gw ipsec.Gateway) string {
	onOff := map[bool]string{true: "on", false: "off"}
	v := termsafe.String
	return fmt.Sprintf("%s (%s) is %s\n  region            %s\n  VPC               %s\n  public IP         %s\n  business status   %s\n  SSL-VPN           %s\n  max connections   %d\n",
		termsafe.Truncate(gw.VpnGatewayId, 40), termsafe.Truncate(gw.Name, 40), termsafe.Truncate(gw.Status, 20),
		v(gw.RegionId), v(gw.VpcId), v(gw.InternetIp), v(gw.BusinessStatus), onOff[gw.SslVpnEnabled], gw.SslMaxConnections)
}
