package sandbox

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// connLimiter bounds the open connections. Past the bound, a new connection makes room by closing the
// connection that has waited longest without a request in flight (idle keep-alive, or accepted and silent);
// only when every connection is busy does it wait. So idle clients can neither exhaust the descriptors nor
// lock new clients out.
//
// Closing a connection races with a request arriving on it. A connection is only chosen while it is not
// active, under mu, and net/http marks it active (through ConnState, which takes mu) before it runs the
// handler; the handler then finds it evicted and does nothing. A request is never acted on without an
// answer because of the bound.
type connLimiter struct {
	net.Listener
	max int

	mu     sync.Mutex
	cond   *sync.Cond
	open   map[net.Conn]*connInfo
	closed bool
}

type connInfo struct {
	active  bool
	since   time.Time   // when it last stopped being active (or was accepted)
	evicted atomic.Bool // closed to make room; set under mu, read by the handler without it
}

type connKey struct{}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	l := &connLimiter{Listener: ln, max: max, open: map[net.Conn]*connInfo{}}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *connLimiter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.open) >= l.max && !l.closed {
		if !l.evictOne() {
			l.cond.Wait()
		}
	}
	if l.closed {
		_ = c.Close()
		return nil, net.ErrClosed
	}
	l.open[c] = &connInfo{since: time.Now()}
	return c, nil
}

// evictOne closes the longest-waiting inactive connection. Callers hold l.mu.
func (l *connLimiter) evictOne() bool {
	var victim net.Conn
	var oldest *connInfo
	for c, info := range l.open {
		if !info.active && (oldest == nil || info.since.Before(oldest.since)) {
			victim, oldest = c, info
		}
	}
	if victim == nil {
		return false
	}
	oldest.evicted.Store(true)
	_ = victim.Close()
	delete(l.open, victim) // its slot is free now; ConnState's StateClosed finds nothing left to do
	return true
}

func (l *connLimiter) Close() error {
	l.mu.Lock()
	l.closed = true
	l.cond.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}

// connState is http.Server.ConnState.
func (l *connLimiter) connState(c net.Conn, state http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	info := l.open[c]
	switch state {
	case http.StateActive:
		if info != nil {
			info.active = true
		}
	case http.StateIdle:
		if info != nil {
			info.active, info.since = false, time.Now()
		}
	case http.StateClosed, http.StateHijacked:
		delete(l.open, c)
		l.cond.Broadcast()
	}
}

// evicted reports whether the connection of a request was closed to make room (the handler must not act).
// It needs no lock: the flag is set under mu before net/http's StateActive hook for this request can take
// mu, and the handler runs after that hook.
func evicted(r *http.Request) bool {
	info, ok := r.Context().Value(connKey{}).(*connInfo)
	return ok && info.evicted.Load()
}

func (l *connLimiter) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.open)
}

// connContext is http.Server.ConnContext: it hands each request its connection's info.
func (l *connLimiter) connContext(ctx context.Context, c net.Conn) context.Context {
	l.mu.Lock()
	info := l.open[c]
	l.mu.Unlock()
	if info == nil {
		return ctx
	}
	return context.WithValue(ctx, connKey{}, info)
}
