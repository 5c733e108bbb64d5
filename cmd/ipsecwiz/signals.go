package main

import (
	"context"
	"io"
	"os"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// interrupts is what signals mean to a command without a TUI
// (interrupt.Handler: the first ends the run, except while a change is on
// the wire), with the run's context at hand.
type interrupts struct {
	*interrupt.Handler
	ctx context.Context
}

func newInterrupts(parent context.Context, signals <-chan os.Signal, errOut io.Writer) *interrupts {
	h := interrupt.New(parent, signals, errOut)
	return &interrupts{Handler: h, ctx: h.Context()}
}

// submit sends a create with a context only the second interrupt ends.
func (ia *interrupts) submit(spec ipsec.ServerSpec, send func(leave context.Context) client.Submitted) client.Submitted {
	var s client.Submitted
	ia.Hold(interrupt.Wire{Action: "CreateIpsecServer", GatewayID: spec.VpnGatewayId, ClientToken: spec.ClientToken,
		Hides: "a server being created"}, func(leave context.Context) { s = send(leave) })
	return s
}

// err is the error of a run an interrupt stopped.
func (ia *interrupts) err() error { return &client.InterruptedError{Signal: ia.SignalName()} }
