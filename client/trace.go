package client

import (
	"context"
	"time"
)

// Trace observes a call while it runs, as net/http/httptrace does for HTTP:
// a front end attaches one to the context to show that a slow or failing
// call is still being worked on. Hooks run on the calling goroutine and
// must not block.
type Trace struct {
	// Retry runs before waiting to try action again: attempt failed with
	// err, the next try starts after wait.
	Retry func(action string, attempt int, err error, wait time.Duration)
}

type traceKey struct{}

// WithTrace returns ctx carrying t for the calls made with it.
func WithTrace(ctx context.Context, t *Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

func traceOf(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}
