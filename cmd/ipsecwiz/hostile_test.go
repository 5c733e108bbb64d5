package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
)

// hostileProxy is an HTTP proxy on loopback in front of a sandbox, as a
// compromised or buggy service (or something in between) would answer:
// it forwards every call, and edit may rewrite an answer's JSON or answer
// a call itself.
type hostileProxy struct {
	srv *httptest.Server
	// refuse may answer a call itself (a body), so it never reaches the
	// sandbox; edit may then change the sandbox's answer in place.
	refuse func(action string, params url.Values) (status int, body []byte)
	edit   func(action string, answer map[string]any)
}

func newHostileProxy(t *testing.T, sb *testSandbox, refuse func(action string, params url.Values) (int, []byte), edit func(action string, answer map[string]any)) *hostileProxy {
	t.Helper()
	target, err := url.Parse("http://" + sb.Addr())
	if err != nil {
		t.Fatal(err)
	}
	p := &hostileProxy{refuse: refuse, edit: edit}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		action := resp.Request.Header.Get("X-Test-Action")
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var answer map[string]any
		if json.Unmarshal(body, &answer) == nil {
			p.edit(action, answer)
			body, _ = json.Marshal(answer)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		params := r.URL.Query()
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range form {
				params[k] = append(params[k], v...)
			}
		}
		action := params.Get("Action")
		if status, own := p.refuse(action, params); own != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write(own)
			return
		}
		r.Header.Set("X-Test-Action", action)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *hostileProxy) addr() string { return p.srv.Listener.Addr().String() }

func (p *hostileProxy) args(args ...string) []string {
	return append([]string{"--endpoint", p.addr()}, args...)
}

// Hostile texts: each would act on a terminal that printed it raw.
const (
	hostileClear = "\x1b[2J\x1b[HWIPED"
	hostileTitle = "\x1b]0;PWNED-TITLE\x07"
	hostileClip  = "\x1b]52;c;cm0gLXJmIH4K\x07"
	hostileCSI   = "\u009b2J"
)

var hostileNames = []string{hostileClear, hostileTitle, hostileClip, "杭州办公室网关" + strings.Repeat("宽", 60), strings.Repeat("long-name-", 50) + hostileCSI}

// rawControls are bytes that must never reach the terminal from the API.
func checkNoRawControls(t *testing.T, where, text string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\u009b"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s holds a raw %q:\n%q", where, bad, text)
		}
	}
}

// hostileGateways gives every gateway of a listing a hostile name and
// description, and with badID adds one with a hostile id.
func hostileGateways(action string, answer map[string]any, badID bool) {
	switch action {
	case "DescribeVpnGateways":
		gws, _ := answer["VpnGateways"].(map[string]any)["VpnGateway"].([]any)
		for i, g := range gws {
			m := g.(map[string]any)
			m["Name"] = hostileNames[i%len(hostileNames)]
			m["Description"] = hostileNames[(i+1)%len(hostileNames)]
			m["BusinessStatus"] = hostileTitle
		}
		if len(gws) > 0 && badID {
			bad := map[string]any{}
			for k, v := range gws[0].(map[string]any) {
				bad[k] = v
			}
			bad["VpnGatewayId"] = "vpn-" + hostileTitle
			answer["VpnGateways"].(map[string]any)["VpnGateway"] = append(gws, bad)
			answer["TotalCount"] = len(gws) + 1
		}
	case "DescribeVpnGateway":
		answer["Name"] = hostileTitle + hostileClip
		answer["BusinessStatus"] = hostileClear
		answer["Spec"] = hostileClip
	case "DescribeRegions":
		regions, _ := answer["Regions"].(map[string]any)["Region"].([]any)
		for i, r := range regions {
			r.(map[string]any)["LocalName"] = hostileNames[i%len(hostileNames)]
		}
	}
}

// The command line shows what a hostile service answers escaped, never
// acted on: status, retry lines, errors, the JSON error, and shell
// completion (where an id that is not one is not offered).
func TestHostileAnswersOnTheCommandLine(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	var mu sync.Mutex
	creates := 0
	p := newHostileProxy(t, sb, func(action string, _ url.Values) (int, []byte) {
		if action != "CreateIpsecServer" {
			return 0, nil
		}
		mu.Lock()
		defer mu.Unlock()
		creates++
		// Per run: two hostile 5xx (retried), then a hostile refusal.
		body, _ := json.Marshal(map[string]string{"RequestId": "rid-" + hostileTitle, "Code": "Hostile." + hostileClear,
			"Message": "refused " + hostileClip + hostileTitle + hostileCSI})
		if creates%3 != 0 {
			return 500, body
		}
		return 400, body
	}, func(action string, answer map[string]any) { hostileGateways(action, answer, true) })
	home := t.TempDir()
	env := sb.env(home)

	r := runCLI(t, "", env, p.args("status", readyGW)...)
	expect(t, r, 0, `\x1b]0;PWNED-TITLE\x07`, "is active")
	checkNoRawControls(t, "status stdout", r.stdout)
	checkNoRawControls(t, "status stderr", r.stderr)
	if line := strings.SplitN(r.stdout, "\n", 2)[0]; len([]rune(line)) > 100 {
		t.Errorf("the first line of status is %d characters: the name was not cut\n%s", len([]rune(line)), line)
	}

	r = runCLI(t, "", env, p.args(cat([]string{"--no-input", "--no-wait"}, required())...)...)
	expect(t, r, 1, "attempt 1 failed", "attempt 2 failed", `refused \x1b]52;c;`, `Hostile.\x1b[2J`, `rid-\x1b]0;PWNED-TITLE\x07`)
	checkNoRawControls(t, "create stdout", r.stdout)
	checkNoRawControls(t, "create stderr", r.stderr)

	r = runCLI(t, "", env, p.args(cat([]string{"--no-input", "--no-wait", "--output", "json"}, required())...)...)
	if r.code != 1 {
		t.Fatalf("json create: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	m := decodeOne(t, r.stdout)
	msg, _ := obj(t, m, "error")["message"].(string)
	checkNoRawControls(t, "error.message", msg)
	checkNoRawControls(t, "json stderr", r.stderr)

	r = runCLI(t, "", env, p.args("__complete", "--vpn-gateway-id", "vpn-")...)
	if r.code != 0 || !strings.Contains(r.stdout, readyGW+"\t") {
		t.Fatalf("completion: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	checkNoRawControls(t, "completion", r.stdout)
	if strings.Contains(r.stdout, "PWNED-TITLE\x07\t") || strings.Contains(r.stdout, `vpn-\x1b`) {
		t.Errorf("a gateway whose id is not one was offered:\n%s", r.stdout)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if _, desc, ok := strings.Cut(line, "\t"); ok && len([]rune(desc)) > 60 {
			t.Errorf("a completion description is %d characters wide:\n%s", len([]rune(desc)), desc)
		}
	}
	r = runCLI(t, "", env, p.args("__complete", "--region", "cn-")...)
	checkNoRawControls(t, "region completion", r.stdout)
	if !strings.Contains(r.stdout, "cn-hangzhou\t") {
		t.Errorf("region completion:\n%s", r.stdout)
	}
}

// The wizard in a terminal shows hostile names and a hostile refusal
// escaped: the screen is never cleared by them, the title never set, the
// clipboard never written, and none of the sequences reach the terminal.
func TestHostileAnswersInTheWizard(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	p := newHostileProxy(t, sb, func(action string, _ url.Values) (int, []byte) {
		if action != "CreateIpsecServer" {
			return 0, nil
		}
		body, _ := json.Marshal(map[string]string{"RequestId": "rid-" + hostileTitle, "Code": "Hostile.Refusal",
			"Message": "refused " + hostileClip + hostileClear + hostileTitle})
		return 400, body
	}, func(action string, answer map[string]any) {
		// Ids stay as the sandbox has them: the picker draws them raw (see
		// the report: forms should escape them where it draws them).
		hostileGateways(action, answer, false)
	})
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	r := startPTY(t, sb.env(t.TempDir()), 120, 40, p.args("--yes", "--local-subnet", readyVPC1, "--client-ip-pool", freePool,
		"--name", "office", "--security-profile", "recommended", "--psk-file", psk)...)
	var titleMu sync.Mutex
	var titles []string
	r.mu.Lock()
	r.emu.SetCallbacks(vt.Callbacks{Title: func(s string) {
		titleMu.Lock()
		titles = append(titles, s)
		titleMu.Unlock()
	}})
	r.mu.Unlock()
	r.waitFor(20*time.Second, "Step 1 of", `cn-shanghai  \x1b]0;PWNED-TITLE\x07`)
	r.send(keyEnter) // the region
	r.waitFor(10*time.Second, `┃ > \x1b[2J\x1b[HWIPED`)
	// The ready gateway is the first of the list: pick it, the rest is given.
	r.send(keyEnter)
	screen := r.waitFor(30*time.Second, "Hostile.Refusal", `\x1b]52;c;cm0gLXJmIH4K\x07`, `RequestId rid-\x1b]0;PWNED-TITLE\x07`)
	if !strings.Contains(screen, "ipsecwiz") {
		t.Errorf("the screen lost its header:\n%s", screen)
	}
	r.send("q")
	if code := r.wait(15 * time.Second); code != 1 {
		t.Errorf("exit %d after quitting the failure, want 1", code)
	}
	raw := r.rawText()
	for _, bad := range []string{"\x1b]0;PWNED", "\x1b]52;", "\x1b[2J\x1b[HWIPED", "\u009b2J"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the terminal received the hostile %q", bad)
		}
	}
	titleMu.Lock()
	defer titleMu.Unlock()
	for _, title := range titles {
		if strings.Contains(title, "PWNED") {
			t.Errorf("the window title was set to %q", title)
		}
	}
}

// Accessible mode (plain lines for screen readers) shows a hostile refusal
// and hostile names escaped too.
func TestHostileAnswersInAccessibleMode(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	p := newHostileProxy(t, sb, func(action string, _ url.Values) (int, []byte) {
		if action != "CreateIpsecServer" {
			return 0, nil
		}
		body, _ := json.Marshal(map[string]string{"RequestId": "rid-" + hostileTitle, "Code": "Hostile." + hostileClip,
			"Message": "refused " + hostileClear + hostileTitle})
		return 400, body
	}, func(action string, answer map[string]any) { hostileGateways(action, answer, false) })
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	r := startPTY(t, sb.env(t.TempDir()), 120, 40, p.args(cat([]string{"--accessible", "--yes", "--name", "office",
		"--security-profile", "recommended", "--psk-file", psk}, required())...)...)
	code := r.wait(30 * time.Second)
	raw := r.rawText()
	if code != 1 || !strings.Contains(raw, `refused \x1b[2J\x1b[HWIPED`) {
		t.Fatalf("exit %d, want 1 with the refusal shown escaped:\n%s", code, raw)
	}
	for _, bad := range []string{"\x1b]0;PWNED", "\x1b]52;", "\x1b[2J\x1b[HWIPED", "\u009b2J"} {
		if strings.Contains(raw+r.stdoutText(), bad) {
			t.Errorf("the terminal received the hostile %q:\n%q", bad, raw)
		}
	}

	// A create answered with a hostile id: the data keeps it, the lines
	// that name it show it escaped.
	p = newHostileProxy(t, sb, func(string, url.Values) (int, []byte) { return 0, nil }, func(action string, answer map[string]any) {
		if action == "CreateIpsecServer" {
			answer["IpsecServerId"] = "iss-" + hostileTitle
		}
	})
	r = startPTY(t, sb.env(t.TempDir()), 120, 40, p.args(cat([]string{"--accessible", "--yes", "--no-wait", "--name", "office",
		"--security-profile", "recommended", "--psk-file", psk}, required())...)...)
	code = r.wait(30 * time.Second)
	raw = r.rawText()
	if code != 0 || !strings.Contains(raw, `Created iss-\x1b]0;PWNED-TITLE\x07`) {
		t.Fatalf("exit %d, want 0 naming the server escaped:\n%s\nstdout:\n%s", code, raw, r.stdoutText())
	}
	if strings.Contains(raw+r.stdoutText(), "\x1b]0;PWNED") {
		t.Errorf("the terminal received the hostile id raw:\n%q", raw)
	}
}

// A create answered with a hostile id and name: tracking and the result
// screen show them escaped, and the swanctl.conf the result screen writes
// is named after the gateway, in the working directory, not where the id
// would put it.
func TestHostileCreatedServerInTheWizard(t *testing.T) {
	t.Parallel()
	// Long enough updating for the watcher to see it: the hostile id can
	// never be confirmed in the server list.
	sb := newSandbox(t, 1500*time.Millisecond)
	const badID = "iss-" + hostileTitle + "/../../owned"
	p := newHostileProxy(t, sb, func(string, url.Values) (int, []byte) { return 0, nil }, func(action string, answer map[string]any) {
		if action == "CreateIpsecServer" {
			answer["IpsecServerId"], answer["IpsecServerName"] = badID, "name"+hostileClip
		}
	})
	psk := writeFile(t, t.TempDir(), "psk", canaryPsk+"\n", 0o600)
	r := startPTY(t, sb.env(t.TempDir()), 120, 40, p.args(cat([]string{"--yes", "--name", "office", "--security-profile", "recommended",
		"--psk-file", psk}, required())...)...)
	r.waitFor(20*time.Second, `Creating iss-\x1b]0;PWNED-TITLE\x07/../../owned on `+readyGW)
	r.waitFor(30*time.Second, "IPsec server created", `iss-\x1b]0;PWNED-TITLE\x07/../../owned`, `name\x1b]52;c;`)
	r.send("w")
	r.waitFor(10*time.Second, "Wrote "+readyGW+".swanctl.conf")
	r.send("q")
	if code := r.wait(15 * time.Second); code != 0 {
		t.Errorf("exit %d, want 0\nscreen:\n%s", code, r.screen())
	}
	raw := r.rawText()
	for _, bad := range []string{"\x1b]0;PWNED", "\x1b]52;"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the terminal received the hostile %q", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(r.cmd.Dir, readyGW+".swanctl.conf")); err != nil {
		t.Errorf("swanctl.conf is not in the working directory: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(r.cmd.Dir)), "owned*")); len(matches) > 0 {
		t.Errorf("the id chose where a file went: %v", matches)
	}
}
