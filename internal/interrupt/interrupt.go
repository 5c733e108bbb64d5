// Package interrupt owns what an interrupt means to a run that reads its
// signals itself (ipsecwiz without a full-screen program: --no-input, the
// accessible prompts): the first SIGINT or SIGTERM ends the run's context
// (prompts, reads, waits, watching), except while a change is on the wire;
// then it says that the run waits for the answer and that a second one
// leaves without it, naming the request, the gateway and the ClientToken,
// since leaving could hide a change the service went on to make. SIGHUP and
// SIGQUIT always end at once. The full-screen program routes the same rule
// through its own messages.
package interrupt

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// Wire names a request on the wire, for the warning of the first
// interrupt.
type Wire struct {
	Action      string // e.g. CreateIpsecServer
	GatewayID   string
	ClientToken string // "" for a DryRun
	Hides       string // what leaving could hide, e.g. "a server being created"
}

// Handler reads a run's signals. Its Context ends on the first interrupt
// (or the second, while a request is held on the wire).
type Handler struct {
	ctx    context.Context
	cancel context.CancelFunc
	warn   io.Writer
	quit   chan struct{}

	mu     sync.Mutex
	leave  context.CancelFunc // set while a request is on the wire
	wire   Wire
	warned bool
	sig    os.Signal // the first one
}

// New reads signals (nil: none) until Stop; warn is where the warning of
// an interrupt during a held request goes.
func New(parent context.Context, signals <-chan os.Signal, warn io.Writer) *Handler {
	ctx, cancel := context.WithCancel(parent)
	h := &Handler{ctx: ctx, cancel: cancel, warn: warn, quit: make(chan struct{})}
	if signals != nil {
		go h.loop(signals)
	}
	return h
}

// Context is the run's context: it ends on an interrupt.
func (h *Handler) Context() context.Context { return h.ctx }

func (h *Handler) loop(signals <-chan os.Signal) {
	for {
		select {
		case sig := <-signals:
			h.handle(sig)
		case <-h.quit:
			return
		}
	}
}

func (h *Handler) handle(sig os.Signal) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sig == nil {
		h.sig = sig
	}
	switch {
	case h.leave != nil && !h.warned && !Hangup(sig):
		h.warned = true
		token := h.wire.ClientToken
		if token == "" {
			token = "none"
		}
		fmt.Fprintf(h.warn, "ipsecwiz: waiting for the answer of %s on %s (ClientToken %s): leaving now could hide %s. Interrupt again to leave without the answer.\n",
			h.wire.Action, h.wire.GatewayID, token, h.wire.Hides)
		h.cancel() // nothing else starts once the answer is in
	case h.leave != nil:
		h.leave()
		h.cancel()
	default:
		h.cancel()
	}
}

// Hold runs send, a request on the wire, with a context only a second
// interrupt ends: a first one waits for the answer.
func (h *Handler) Hold(w Wire, send func(leave context.Context)) {
	leave, cancel := context.WithCancel(context.WithoutCancel(h.ctx))
	defer cancel()
	h.mu.Lock()
	h.leave, h.wire, h.warned = cancel, w, false
	h.mu.Unlock()
	send(leave)
	h.mu.Lock()
	h.leave = nil
	h.mu.Unlock()
}

// Interrupted reports whether an interrupt came.
func (h *Handler) Interrupted() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sig != nil
}

// Signal is the first signal that came, nil when none did.
func (h *Handler) Signal() os.Signal {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sig
}

// SignalName is the usual name of the first signal (SIGINT...), "" when
// none came.
func (h *Handler) SignalName() string { return Name(h.Signal()) }

// Name is the usual name of a signal (SIGINT...), "" for nil.
func Name(sig os.Signal) string {
	s, ok := sig.(syscall.Signal)
	if !ok {
		return ""
	}
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

// Stop ends the handling (the signals are left to whoever reads next) and
// the context.
func (h *Handler) Stop() {
	close(h.quit)
	h.cancel()
}

// Hangup reports the signals that end a run at once: the terminal is gone
// (SIGHUP) or the user asked to quit now (SIGQUIT).
func Hangup(sig os.Signal) bool { return sig == syscall.SIGHUP || sig == syscall.SIGQUIT }
