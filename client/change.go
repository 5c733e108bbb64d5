package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// ChangeKind is what a change does to an existing server.
type ChangeKind string

// Change kinds; a create is the zero value.
const (
	KindCreate ChangeKind = ""
	KindUpdate ChangeKind = "update"
	KindDelete ChangeKind = "delete"
)

// Action is the API call a change makes.
func (k ChangeKind) Action() string {
	switch k {
	case KindUpdate:
		return "UpdateIpsecServer"
	case KindDelete:
		return "DeleteIpsecServer"
	}
	return "CreateIpsecServer"
}

// Change is an update or a delete of an existing server.
type Change struct {
	Kind   ChangeKind
	Server ipsec.Server     // the server as read before the change
	Spec   ipsec.ServerSpec // update: the settings wanted (only what differs from Server is sent)
	// EffectImmediately (update): tear the tunnels down and renegotiate now.
	EffectImmediately bool
	DryRun            bool
	ClientToken       string
}

// ErrNoChange: the update asks for nothing the server does not already
// have, so there is nothing to send.
var ErrNoChange = errors.New("nothing to change: these settings are the server's own")

// ChangeResult is the answer to an update or a delete.
type ChangeResult struct {
	IpsecServerId string `json:"IpsecServerId"`
	VpnGatewayId  string `json:"VpnGatewayId"`
	RegionId      string `json:"RegionId"`
	RequestId     string `json:"RequestId"`
	ClientToken   string `json:"ClientToken,omitempty"`
	DryRun        bool   `json:"DryRun"`
	DryRunPassed  bool   `json:"DryRunPassed,omitempty"`
	Attempts      int    `json:"Attempts"`
	// Synchronous: the service applied it at once (a rename alone); the
	// gateway does not go updating.
	Synchronous bool `json:"synchronous,omitempty"`
	// AlreadyGone (a delete): the service no longer knew the server; another
	// request deleted it since it was read. What was asked holds.
	AlreadyGone bool `json:"alreadyGone,omitempty"`
}

// Changes is what an update sends: the fields of ch.Spec that differ from
// the server as read.
func (ch Change) Changes() []ipsec.Change {
	return ipsec.Diff(ipsec.SpecFromServer(ch.Server), ch.Spec)
}

// Apply sends ch: UpdateIpsecServer with only the parameters that change,
// or DeleteIpsecServer. The ClientToken (made here when empty, except for a
// dry run) covers every retry, so a lost answer never makes the change
// twice. A DryRun that passes returns DryRunPassed and a nil error.
func (c *Client) Apply(ctx context.Context, ch Change) (ChangeResult, error) {
	s := ch.Server
	if err := ipsec.ValidateServerID(s.IpsecServerId); err != nil {
		return ChangeResult{}, err
	}
	region := c.regionOr(s.RegionId)
	if ch.ClientToken == "" && !ch.DryRun {
		token, err := NewClientToken()
		if err != nil {
			return ChangeResult{}, err
		}
		ch.ClientToken = token
	}
	res := ChangeResult{IpsecServerId: s.IpsecServerId, VpnGatewayId: s.VpnGatewayId, RegionId: region,
		ClientToken: ch.ClientToken, DryRun: ch.DryRun}
	var (
		requestID string
		err       error
	)
	switch ch.Kind {
	case KindUpdate:
		var build func() *vpc.UpdateIpsecServerRequest
		if build, res.Synchronous, err = updateRequest(ch, region); err != nil {
			return res, err
		}
		res.Attempts, err = c.invoke(ctx, "UpdateIpsecServer", region, func(cl *vpc.Client) error {
			resp, err := cl.UpdateIpsecServer(build()) // a fresh request: a fresh nonce each try
			if err == nil {
				requestID = resp.RequestId
			}
			return err
		})
	case KindDelete:
		res.Attempts, err = c.invoke(ctx, "DeleteIpsecServer", region, func(cl *vpc.Client) error {
			req := vpc.CreateDeleteIpsecServerRequest()
			req.RegionId = region
			req.IpsecServerId = s.IpsecServerId
			req.ClientToken = ch.ClientToken
			if ch.DryRun {
				req.DryRun = "true"
			}
			resp, err := cl.DeleteIpsecServer(req)
			if err == nil {
				requestID = resp.RequestId
			}
			return err
		})
	default:
		return res, fmt.Errorf("Apply: %q is not an update or a delete", ch.Kind)
	}
	var apiErr *APIError
	if ch.DryRun && errors.As(err, &apiErr) && apiErr.Code == "DryRunOperation" {
		res.DryRunPassed, res.RequestId = true, apiErr.RequestId
		return res, nil
	}
	if ch.Kind == KindDelete && !ch.DryRun && errors.As(err, &apiErr) && apiErr.Code == "InvalidIpsecServerId.NotFound" {
		res.AlreadyGone, res.RequestId = true, apiErr.RequestId
		return res, nil
	}
	res.RequestId = requestID
	return res, err
}

// updateRequest makes the builder of UpdateIpsecServer requests that send
// what changes (ipsec.UpdateParams); synchronous reports a rename alone.
func updateRequest(ch Change, region string) (func() *vpc.UpdateIpsecServerRequest, bool, error) {
	params := ipsec.UpdateParams(ch.Server, ch.Spec, ch.EffectImmediately)
	if len(params) == 0 {
		return nil, false, ErrNoChange
	}
	build := func() *vpc.UpdateIpsecServerRequest {
		r := vpc.CreateUpdateIpsecServerRequest()
		r.RegionId = region
		r.IpsecServerId, r.ClientToken = ch.Server.IpsecServerId, ch.ClientToken
		if ch.DryRun {
			r.DryRun = "true"
		}
		for _, p := range params {
			switch p.Name {
			case "IpsecServerName":
				r.IpsecServerName = p.Value
			case "LocalSubnet":
				r.LocalSubnet = p.Value
			case "ClientIpPool":
				r.ClientIpPool = p.Value
			case "Psk":
				r.Psk = p.Value
			case "PskEnabled":
				r.PskEnabled = requests.Boolean(p.Value)
			case "IkeConfig":
				r.IkeConfig = p.Value
			case "IpsecConfig":
				r.IpsecConfig = p.Value
			case "EffectImmediately":
				r.EffectImmediately = requests.Boolean(p.Value)
			}
		}
		return r
	}
	return build, ipsec.NameOnly(ch.Changes()) && !ch.EffectImmediately, nil
}

// ChangeSubmitted is what an update or delete came to.
type ChangeSubmitted struct {
	Change Change // as sent: the ClientToken filled in
	Result ChangeResult
	Err    error
}

// SubmitChange is Apply with Submit's promise: the call is never abandoned
// once it may be on the wire; ctx ending stops only the waiting, with an
// *UnknownOutcomeError naming the gateway and the ClientToken.
func (c *Client) SubmitChange(ctx context.Context, ch Change) ChangeSubmitted {
	if ch.ClientToken == "" && !ch.DryRun {
		token, err := NewClientToken()
		if err != nil {
			return ChangeSubmitted{Change: ch, Err: err}
		}
		ch.ClientToken = token
	}
	done := make(chan ChangeSubmitted, 1)
	go func() {
		res, err := c.Apply(context.WithoutCancel(ctx), ch)
		done <- ChangeSubmitted{Change: ch, Result: res, Err: err}
	}()
	select {
	case s := <-done:
		return s
	case <-ctx.Done():
		return ChangeSubmitted{Change: ch, Err: &UnknownOutcomeError{Action: ch.Kind.Action(), VpnGatewayId: ch.Server.VpnGatewayId,
			RegionId: c.regionOr(ch.Server.RegionId), ClientToken: ch.ClientToken, DryRun: ch.DryRun}}
	}
}
