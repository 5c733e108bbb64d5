package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// dyingProxy stands in front of a sandbox like an endpoint that dies in
// the middle of a create: calls go through until the first
// CreateIpsecServer, which the sandbox carries out; its answer is then
// lost (the connection closes without one) and every later connection is
// refused.
type dyingProxy struct {
	srv  *httptest.Server
	dead atomic.Bool
}

func newDyingProxy(t *testing.T, sb *testSandbox) *dyingProxy {
	t.Helper()
	target, err := url.Parse("http://" + sb.Addr())
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	p := &dyingProxy{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.dead.Load() {
			hangUp(w) // a kept-alive connection from before the death
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		if r.URL.Query().Get("Action") != "CreateIpsecServer" && form.Get("Action") != "CreateIpsecServer" {
			rp.ServeHTTP(w, r)
			return
		}
		rp.ServeHTTP(discardResponse{h: http.Header{}}, r) // the sandbox acts; the answer goes nowhere
		p.dead.Store(true)
		_ = p.srv.Listener.Close()
		hangUp(w)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *dyingProxy) args(args ...string) []string {
	return append([]string{"--endpoint", p.srv.Listener.Addr().String()}, args...)
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}

type discardResponse struct{ h http.Header }

func (d discardResponse) Header() http.Header         { return d.h }
func (d discardResponse) Write(b []byte) (int, error) { return len(b), nil }
func (d discardResponse) WriteHeader(int)             {}

// The endpoint dies after the create reached the service: --no-input says
// the server may have been created, names the ClientToken, and gives the
// command that repeats the create with it; that command, once the service
// is back, finds the server instead of making a second one.
func TestNoInputEndpointDiesAfterTheCreate(t *testing.T) {
	t.Parallel()
	for _, output := range []string{"text", "json"} {
		t.Run(output, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			p := newDyingProxy(t, sb)
			home := t.TempDir()
			psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
			r := runCLI(t, "", sb.env(home), p.args(cat([]string{"--no-input", "--no-wait", "--output", output, "--psk-file", psk}, required())...)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			rec := sb.onlyServer(t, regionHZ, readyGW) // it was made
			m := tokenRe.FindStringSubmatch(r.stderr)
			if m == nil {
				t.Fatalf("no ClientToken announced:\n%s", r.stderr)
			}
			token := m[1]
			var next string
			if output == "json" {
				js := decodeOne(t, r.stdout)
				if js["mayHaveBeenMade"] != true || js["clientToken"] != token {
					t.Fatalf("JSON: %v", js)
				}
				for _, n := range js["next"].([]any) {
					next += n.(string) + "\n"
				}
			} else {
				for _, want := range []string{"The IPsec server may have been created on " + readyGW, "Its ClientToken is " + token} {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
					}
				}
				next = r.stdout
			}
			for _, want := range []string{"repeat it safely (same ClientToken): ipsecwiz create --no-input", "--client-token " + token,
				"--psk-file " + psk, "ipsecwiz status " + readyGW} {
				if !strings.Contains(next, want) {
					t.Errorf("the next steps lack %q:\n%s", want, next)
				}
			}
			// The service is back (the sandbox itself): the same request
			// with that token answers with the server already made.
			again := runCLI(t, "", sb.env(home), sb.args(cat([]string{"--no-input", "--no-wait", "--psk-file", psk, "--client-token", token}, required())...)...)
			if again.code != 0 || !strings.Contains(again.stdout, rec.IpsecServerId) {
				t.Errorf("the repeat: exit %d\nstdout: %s\nstderr: %s", again.code, again.stdout, again.stderr)
			}
			sb.onlyServer(t, regionHZ, readyGW)
		})
	}
}

// The same in the wizard: the failure screen says the server may have
// been created, with its ClientToken and how to check or repeat, and the
// summary left on stdout says so too.
func TestWizardEndpointDiesAfterTheCreate(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	p := newDyingProxy(t, sb)
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	r := startPTY(t, sb.env(t.TempDir()), 120, 40, p.args(cat([]string{"--yes", "--name", "office", "--security-profile", "recommended",
		"--psk-file", psk}, required())...)...)
	screen := r.waitFor(60*time.Second, "may have been created on "+readyGW, "It may have been created", "r repeats the request")
	rec := sb.onlyServer(t, regionHZ, readyGW)
	r.send("q")
	if code := r.wait(15 * time.Second); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	out := r.stdoutText()
	m := regexp.MustCompile(`ClientToken is ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the summary names no ClientToken:\n%s", out)
	}
	token := m[1]
	// The screen wraps it: compare without the white space.
	if flat := strings.Join(strings.Fields(screen), ""); !strings.Contains(flat, "ItsClientTokenis"+token) {
		t.Errorf("the failure screen does not name the ClientToken %s:\n%s", token, screen)
	}
	for _, want := range []string{"may have been created on " + readyGW, token, "--client-token " + token} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "nothing was created") {
		t.Errorf("the summary claims nothing was created, yet %s exists:\n%s", rec.IpsecServerId, out)
	}
}

// While the create is retried (the service busy), the submitting screen
// says so at once, with the attempt and why, and that every try carries
// the same ClientToken; then the create goes through, once.
func TestWizardShowsRetries(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	var busy atomic.Int32
	p := newHostileProxy(t, sb, func(action string, _ url.Values) (int, []byte) {
		if action != "CreateIpsecServer" {
			return 0, nil
		}
		n := busy.Add(1)
		if n > 1 {
			// A stalling service: each try after the first takes a while,
			// so the screen has the retry on it (not one frame) meanwhile.
			time.Sleep(700 * time.Millisecond)
		}
		if n > 3 {
			return 0, nil
		}
		return 503, []byte(`{"RequestId":"busy-1","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}`)
	}, func(string, map[string]any) {})
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	r := startPTY(t, sb.env(t.TempDir()), 120, 40, p.args(cat([]string{"--yes", "--no-wait", "--name", "office",
		"--security-profile", "recommended", "--psk-file", psk}, required())...)...)
	r.waitFor(30*time.Second, "CreateIpsecServer on "+readyGW, "Attempt 1 failed, trying again", "same ClientToken")
	r.waitFor(30*time.Second, "IPsec server created")
	r.send("q")
	if code := r.wait(15 * time.Second); code != 0 {
		t.Errorf("exit %d, want 0\nscreen:\n%s", code, r.screen())
	}
	sb.onlyServer(t, regionHZ, readyGW)
	if n := busy.Load(); n < 4 {
		t.Errorf("%d create attempts reached the proxy, want the 3 refused and the one that went through", n)
	}
}
