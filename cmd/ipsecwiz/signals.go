package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// interrupts is what signals mean to a command without a TUI: the first
// SIGINT or SIGTERM ends the run's context (reads, waits, watching), except
// while a change is on the wire: then it says that the run waits for the
// answer and that a second one leaves without it, naming the gateway and
// the ClientToken; once the answer is in, the run ends and reports it.
// SIGHUP and SIGQUIT always end at once.
type interrupts struct {
	ctx    context.Context
	cancel context.CancelFunc
	errOut io.Writer
	quit   chan struct{}

	mu     sync.Mutex
	leave  context.CancelFunc // set while a request is on the wire
	wire   onWire
	warned bool
	hit    bool
	sig    os.Signal // the first one
}

func newInterrupts(parent context.Context, signals <-chan os.Signal, errOut io.Writer) *interrupts {
	ctx, cancel := context.WithCancel(parent)
	ia := &interrupts{ctx: ctx, cancel: cancel, errOut: errOut, quit: make(chan struct{})}
	if signals != nil {
		go ia.loop(signals)
	}
	return ia
}

func (ia *interrupts) loop(signals <-chan os.Signal) {
	for {
		select {
		case sig := <-signals:
			ia.handle(sig)
		case <-ia.quit:
			return
		}
	}
}

func (ia *interrupts) handle(sig os.Signal) {
	ia.mu.Lock()
	defer ia.mu.Unlock()
	if !ia.hit {
		ia.sig = sig
	}
	ia.hit = true
	hard := sig == syscall.SIGHUP || sig == syscall.SIGQUIT
	switch {
	case ia.leave != nil && !ia.warned && !hard:
		ia.warned = true
		fmt.Fprintf(ia.errOut, "ipsecwiz: waiting for the answer of %s on %s (ClientToken %s): leaving now could hide %s. Interrupt again to leave without the answer.\n",
			ia.wire.action, ia.wire.gatewayID, cmpOr(ia.wire.clientToken, "none"), ia.wire.hides)
		ia.cancel() // nothing else starts once the answer is in
	case ia.leave != nil:
		ia.leave()
		ia.cancel()
	default:
		ia.cancel()
	}
}

// onWire names a request on the wire, for the warning of the first
// interrupt.
type onWire struct {
	action, gatewayID, clientToken string
	hides                          string // what leaving could hide
}

// submit sends a create with a context only the second interrupt ends.
func (ia *interrupts) submit(spec ipsec.ServerSpec, send func(leave context.Context) client.Submitted) client.Submitted {
	var s client.Submitted
	ia.hold(onWire{"CreateIpsecServer", spec.VpnGatewayId, spec.ClientToken, "a server being created"}, func(leave context.Context) {
		s = send(leave)
	})
	return s
}

// hold runs send, a request on the wire, with a context only the second
// interrupt ends.
func (ia *interrupts) hold(w onWire, send func(leave context.Context)) {
	leave, cancel := context.WithCancel(context.WithoutCancel(ia.ctx))
	defer cancel()
	ia.mu.Lock()
	ia.leave, ia.wire, ia.warned = cancel, w, false
	ia.mu.Unlock()
	send(leave)
	ia.mu.Lock()
	ia.leave = nil
	ia.mu.Unlock()
}

// interrupted reports whether an interrupt came.
func (ia *interrupts) interrupted() bool {
	ia.mu.Lock()
	defer ia.mu.Unlock()
	return ia.hit
}

// err is the error of a run an interrupt stopped.
func (ia *interrupts) err() error {
	ia.mu.Lock()
	defer ia.mu.Unlock()
	e := &client.InterruptedError{}
	if s, ok := ia.sig.(syscall.Signal); ok {
		e.Signal = signalName(s)
	}
	return e
}

// signalName is the usual name of a signal (SIGINT...).
func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	}
	return s.String()
}

// stop ends the handling; the signals are left to whoever reads next.
func (ia *interrupts) stop() {
	close(ia.quit)
	ia.cancel()
}
