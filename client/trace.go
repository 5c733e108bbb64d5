package client

import (
	"context"
	"time"
)

// Trace observes a call while it runs, as net/http/httptrace does for HTTP:
// a front end attaches one to the context to show that a slow or failing
// call is still being worked on. Hooks must not block.
type Trace struct {
	// Retry runs, on the calling goroutine, before waiting to try action
	// again: attempt failed with err, the next try starts after wait.
	Retry func(action string, attempt int, err error, wait time.Duration)
	// Waiting runs, on a goroutine of its own, while one attempt of action
	// has gone unanswered for SlowCallNotice, then every SlowCallRepeat:
	// a slow answer that needs no retry is not silent either.
	Waiting func(action string, elapsed time.Duration)
}

// When Trace.Waiting speaks up about an attempt still unanswered.
const (
	SlowCallNotice = 3 * time.Second
	SlowCallRepeat = 5 * time.Second
)

// watchSlow calls t.Waiting while the attempt of action runs; the returned
// func ends it.
func watchSlow(t *Trace, action string) (stop func()) {
	if t == nil || t.Waiting == nil {
		return func() {}
	}
	start := time.Now()
	done := make(chan struct{})
	go func() {
		timer := time.NewTimer(SlowCallNotice)
		defer timer.Stop()
		for {
			select {
			case <-done:
				return
			case <-timer.C:
				t.Waiting(action, time.Since(start))
				timer.Reset(SlowCallRepeat)
			}
		}
	}()
	return func() { close(done) }
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
