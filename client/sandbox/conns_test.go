package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func listening(t *testing.T, cfg Config, prepare func(s *Server)) *Server {
	t.Helper()
	cfg.Now = fixedNow // the signed seeds' clock
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(s)
	}
	if err := s.Listen("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// ask sends one signed DescribeRegions on tr and reads the whole answer, so the connection goes back to tr's
// idle pool (a keep-alive connection left open).
func ask(t *testing.T, s *Server, tr *http.Transport, n int) {
	t.Helper()
	q := signedQuery("DescribeRegions", map[string]string{"SignatureNonce": fmt.Sprintf("conn-%d", n)})
	resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Post("http://"+s.Addr()+"/?"+q, "", nil)
	if err != nil {
		t.Fatalf("client %d: %v", n, err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"Regions"`) {
		t.Fatalf("client %d: %d %s", n, resp.StatusCode, body)
	}
}

// TestIdleConnectionsDoNotLockOutNewClients: far more idle keep-alive connections than the bound never hold
// more descriptors than the bound, and every new client is still answered.
func TestIdleConnectionsDoNotLockOutNewClients(t *testing.T) {
	t.Parallel()
	const max = 8
	s := listening(t, Config{MaxConnections: max}, nil)
	var idle []*http.Transport
	t.Cleanup(func() {
		for _, tr := range idle {
			tr.CloseIdleConnections()
		}
	})
	for i := 0; i < 5*max; i++ {
		tr := &http.Transport{}
		idle = append(idle, tr)
		ask(t, s, tr, i)
		if n := s.limiter.Load().count(); n > max {
			t.Fatalf("%d connections open, bound %d", n, max)
		}
	}
	fresh := &http.Transport{}
	defer fresh.CloseIdleConnections()
	ask(t, s, fresh, 1000)
	// An evicted client that comes back gets a new connection and an answer too.
	ask(t, s, idle[0], 1001)
}

// TestIdleTimeoutClosesConnections: an idle keep-alive connection is closed by the server after the idle
// timeout, without the client doing anything.
func TestIdleTimeoutClosesConnections(t *testing.T) {
	t.Parallel()
	s := listening(t, Config{}, func(s *Server) { s.idleTimeout = 20 * time.Millisecond })
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	ask(t, s, tr, 1)
	deadline := time.Now().Add(5 * time.Second)
	for s.limiter.Load().count() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d idle connections still open", s.limiter.Load().count())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
