package interrupt

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

type buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *buffer) Write(p []byte) (int, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.b.Write(p) }
func (b *buffer) String() string              { b.mu.Lock(); defer b.mu.Unlock(); return b.b.String() }

func waitDone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not end", what)
	}
}

// Outside a held request the first interrupt ends the run.
func TestFirstInterruptEnds(t *testing.T) {
	sig := make(chan os.Signal, 1)
	h := New(context.Background(), sig, &buffer{})
	defer h.Stop()
	sig <- syscall.SIGTERM
	waitDone(t, h.Context(), "the run")
	if !h.Interrupted() || h.SignalName() != "SIGTERM" {
		t.Fatalf("interrupted %v, name %q", h.Interrupted(), h.SignalName())
	}
}

// While a request is held the first interrupt warns, naming it, and waits;
// the second leaves it.
func TestHeldRequestWaitsForTheSecond(t *testing.T) {
	sig := make(chan os.Signal, 1)
	warn := &buffer{}
	h := New(context.Background(), sig, warn)
	defer h.Stop()
	held := make(chan error, 1)
	inside := make(chan struct{})
	go h.Hold(Wire{Action: "DeleteIpsecServer", GatewayID: "vpn-x", ClientToken: "tok-1", Hides: "a server being deleted"},
		func(leave context.Context) {
			close(inside)
			<-leave.Done()
			held <- leave.Err()
		})
	<-inside
	sig <- syscall.SIGINT
	waitDone(t, h.Context(), "the run's context")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(warn.String(), "Interrupt again") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	for _, want := range []string{"DeleteIpsecServer on vpn-x", "ClientToken tok-1", "a server being deleted"} {
		if !strings.Contains(warn.String(), want) {
			t.Errorf("warning lacks %q: %s", want, warn.String())
		}
	}
	select {
	case <-held:
		t.Fatal("the first interrupt left the request")
	default:
	}
	sig <- syscall.SIGINT
	select {
	case err := <-held:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("leave ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second interrupt did not leave the request")
	}
}

// A hangup leaves at once, request held or not.
func TestHangupLeavesAtOnce(t *testing.T) {
	sig := make(chan os.Signal, 1)
	warn := &buffer{}
	h := New(context.Background(), sig, warn)
	defer h.Stop()
	left := make(chan struct{})
	inside := make(chan struct{})
	go h.Hold(Wire{Action: "CreateIpsecServer"}, func(leave context.Context) {
		close(inside)
		<-leave.Done()
		close(left)
	})
	<-inside
	sig <- syscall.SIGHUP
	select {
	case <-left:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGHUP did not leave")
	}
	if warn.String() != "" || !Hangup(syscall.SIGQUIT) || Hangup(syscall.SIGINT) || Name(nil) != "" {
		t.Errorf("warned %q", warn.String())
	}
}
