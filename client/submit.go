package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Submitted is what a create (or its DryRun) came to.
type Submitted struct {
	Spec   ipsec.ServerSpec // as sent: the ClientToken filled in
	Result CreateResult
	Err    error
}

// Submit sends spec with CreateIpsecServer (a DryRun when spec.DryRun). The
// ClientToken is settled before anything is sent, so every outcome can name
// it. The call runs on a context that ignores ctx's cancellation: once a
// request may have reached the service, only its answer says what happened,
// and a create must never be abandoned silently. ctx ending stops only the
// waiting: Submit then returns at once with an *UnknownOutcomeError naming
// the gateway and the ClientToken, and the call runs on to its end in the
// background. A Trace on ctx sees the retries.
func (c *Client) Submit(ctx context.Context, spec ipsec.ServerSpec) Submitted {
	spec = spec.Clone()
	if spec.ClientToken == "" && !spec.DryRun {
		token, err := NewClientToken()
		if err != nil {
			return Submitted{Spec: spec, Err: err}
		}
		spec.ClientToken = token
	}
	done := make(chan Submitted, 1)
	go func() {
		s := spec.Clone()
		res, err := c.CreateIpsecServer(context.WithoutCancel(ctx), &s)
		done <- Submitted{Spec: s, Result: res, Err: err}
	}()
	select {
	case s := <-done:
		return s
	case <-ctx.Done():
		return Submitted{Spec: spec, Err: &UnknownOutcomeError{Action: "CreateIpsecServer",
			VpnGatewayId: spec.VpnGatewayId, RegionId: c.regionOr(spec.RegionId), ClientToken: spec.ClientToken, DryRun: spec.DryRun}}
	}
}

// UnknownOutcomeError: the run stopped waiting for a request that may have
// reached the service. The change may have been made; the ClientToken makes
// repeating the same request safe.
type UnknownOutcomeError struct {
	Action       string
	VpnGatewayId string
	RegionId     string
	ClientToken  string
	DryRun       bool
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("%s on %s: left before the answer came; the request may have been carried out (ClientToken %s)",
		e.Action, e.VpnGatewayId, e.ClientToken)
}

// Unwrap makes the error match context.Canceled: the user left.
func (e *UnknownOutcomeError) Unwrap() error { return context.Canceled }

// MayHaveReached reports whether err leaves open that the request it answers
// was carried out: no answer came (the network failed, the run stopped
// waiting) or the service failed on its side. A refusal (a 4xx code) means
// nothing was done.
func MayHaveReached(err error) bool {
	var (
		netErr     *NetworkError
		apiErr     *APIError
		unknownErr *UnknownOutcomeError
	)
	switch {
	case err == nil:
		return false
	case errors.As(err, &unknownErr):
		return !unknownErr.DryRun
	case errors.As(err, &netErr):
		return true
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatus >= 500
	}
	return errors.Is(err, context.DeadlineExceeded)
}
