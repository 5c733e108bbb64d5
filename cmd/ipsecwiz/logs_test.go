package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
	"github.com/ipsecwiz/ipsecwiz/internal/interrupt"
)

// logLines checks that stdout is log lines in time order, each once, and
// returns them.
func logLines(t *testing.T, stdout string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	seen := map[string]bool{}
	var last time.Time
	for _, l := range lines {
		at, ok := client.ParseLogTime(l)
		if !ok {
			t.Fatalf("not a log line: %q", l)
		}
		if seen[l] {
			t.Errorf("line twice: %s", l)
		}
		seen[l] = true
		if at.Before(last) {
			t.Errorf("out of order: %s", l)
		}
		last = at
	}
	return lines
}

// A window of 25 minutes is three of the API's, every page of each is read,
// and stdout holds the lines alone; the summary goes to stderr.
func TestLogsWindowSplitAndPaged(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	r := runCLI(t, "", env, sb.args("logs", fixtureID, "--since", "25m")...)
	expect(t, r, 0, "5 negotiation failures in", "wrong pre-shared key (AUTH_FAILED): mallory.clients.example",
		"what to check:")
	lines := logLines(t, r.stdout)
	if len(lines) < 150 {
		t.Errorf("%d lines: the fixture's history has more", len(lines))
	}
	calls := sb.RequestCount("ListIpsecServerLogs")
	if calls < 3+len(lines)/50 {
		t.Errorf("%d ListIpsecServerLogs calls for %d lines in 3 windows: not every window and page was read", calls, len(lines))
	}
	if strings.Contains(r.stdout, "→") || strings.Contains(r.stdout, "negotiation failure") {
		t.Errorf("piped stdout holds more than the log's lines")
	}
	for _, want := range []string{"'mallory.clients.example' authentication failed", "received proposals unacceptable",
		"no matching peer config found", "address pool 10.50.0.0/28 exhausted", "CHILD_SA iss-sandbox-hasserver{10} established"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the log lacks %q", want)
		}
	}

	// The same window by --from/--to, in Unix seconds and in RFC 3339.
	now := time.Now()
	from, to := now.Add(-25*time.Minute), now
	for _, args := range [][]string{
		{"--from", strconv.FormatInt(from.Unix(), 10), "--to", strconv.FormatInt(to.Unix(), 10)},
		{"--from", from.Format(time.RFC3339), "--to", to.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339)},
	} {
		r2 := runCLI(t, "", env, sb.args(append([]string{"logs", fixtureID}, args...)...)...)
		expect(t, r2, 0)
		if got := logLines(t, r2.stdout); len(got) != len(lines) {
			t.Errorf("%v: %d lines, --since 25m gave %d", args, len(got), len(lines))
		}
	}
}

// Failing clients that try now are explained on a terminal: an arrow line
// after the line that decides each failure, and the summary on stdout.
func TestLogsExplainFailuresOnTerminal(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	for _, sim := range []sandbox.ClientSim{
		{Name: "wendy", Psk: "not-the-key"},
		{Name: "ivan", Ike: []sandbox.Proposal{{EncAlg: "aes256", AuthAlg: "sha512", Pfs: "group14"}}},
	} {
		if _, err := sb.ConnectClient(fixtureID, sim); err != nil {
			t.Fatal(err)
		}
	}
	r := runCLIOnTerminal(t, sb.env(t.TempDir()), 200, sb.args("logs", fixtureID, "--since", "20s")...)
	expect(t, r, 0)
	out := r.stdout
	for _, want := range []string{
		"but MAC mismatched\n  → Client wendy.clients.example authenticated with a pre-shared key that is not the server's",
		"sending NO_PROPOSAL_CHOSEN\n  → Client 192.0.2.",
		"offered phase 1 (IKE) aes256-sha512-group14, none of which the server accepts: it is configured for aes-sha1-group2.",
		"2 negotiation failures in",
		"1× wrong pre-shared key (AUTH_FAILED): wendy.clients.example",
		"1× no common proposal (NO_PROPOSAL_CHOSEN)",
		"`ipsecwiz show iss-sandbox-hasserver --region cn-hangzhou",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "mallory") {
		t.Errorf("--since 20s reached back into the fixture's history")
	}
}

// --output json: one object per line, with what a recognised line means.
func TestLogsJSONLines(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("logs", fixtureID, "--output", "json")...)
	expect(t, r, 0)
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
	kinds := map[string]int{}
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %v: %q", err, l)
		}
		n++
		text, _ := m["text"].(string)
		at, err := time.Parse(time.RFC3339Nano, m["time"].(string))
		if want, _ := client.ParseLogTime(text); err != nil || !at.Equal(want) {
			t.Errorf("time %v for %q", m["time"], text)
		}
		if k, ok := m["kind"].(string); ok {
			kinds[k]++
			hasKeys(t, k, m, "title", "explanation", "remedy")
			if k == client.LogAuthFailed && m["peer"] != "mallory.clients.example" {
				t.Errorf("auth failure of %v", m["peer"])
			}
		}
	}
	want := map[string]int{client.LogAuthFailed: 1, client.LogNoProposal: 2, client.LogIdentityMismatch: 1, client.LogPoolExhausted: 1}
	for k, c := range want {
		if kinds[k] != c {
			t.Errorf("%s: %d lines, want %d (all: %v)", k, kinds[k], c, kinds)
		}
	}
	if n < 100 {
		t.Errorf("%d JSON lines", n)
	}
}

// --follow sees a client that connects after it started, and ctrl+c (or
// SIGTERM) stops it with 130 after the summary.
func TestLogsFollow(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(interrupt.Name(sig), func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t, 300*time.Millisecond)
			c := startCLI(t, "", sb.env(t.TempDir()), sb.args("logs", fixtureID, "--follow", "--interval", "1s")...)
			c.waitStderr(10*time.Second, "Following the log of iss-sandbox-hasserver")
			c.waitStdout(10*time.Second, "'bob.clients.example'")
			polls := sb.RequestCount("ListIpsecServerLogs")
			if _, err := sb.ConnectClient(fixtureID, sandbox.ClientSim{Name: "zed"}); err != nil {
				t.Fatal(err)
			}
			c.waitStdout(10*time.Second, "assigning virtual IP 10.50.0.9 to peer 'zed.clients.example'")
			if sb.RequestCount("ListIpsecServerLogs") == polls {
				t.Error("zed's line came without another poll")
			}
			c.signal(sig)
			r := c.wait(10 * time.Second)
			expect(t, r, 130, "Stopped reading the log", "5 negotiation failures")
			logLines(t, r.stdout) // in order, each once, although every poll reads the last 30 s again
			if n := strings.Count(r.stdout, "to peer 'zed.clients.example'"); n != 1 {
				t.Errorf("zed's address assigned %d times in the output", n)
			}
		})
	}
}

// --follow --to stops by itself once the time has come (exit 0).
func TestLogsFollowUntil(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	until := time.Now().Add(1500 * time.Millisecond)
	r := runCLI(t, "", sb.env(t.TempDir()), sb.args("logs", fixtureID, "--follow", "--interval", "1s",
		"--to", until.Format(time.RFC3339Nano))...)
	expect(t, r, 0, "5 negotiation failures")
	if time.Now().Before(until) {
		t.Error("the follow ended before --to")
	}
	logLines(t, r.stdout)
}

func TestLogsRefusals(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	env := sb.env(t.TempDir())
	before := sb.RequestCount("ListIpsecServerLogs")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--since", "5m", "--from", "1767574800"}, "--since and --from"},
		{[]string{"--from", "yesterday"}, "RFC 3339"},
		{[]string{"--since", "25h"}, "at most 24h0m0s"},
		{[]string{"--since", "-5m"}, "positive duration"},
		{[]string{"--from", "1767574800", "--to", "1767574000"}, "is before --from"},
		{[]string{"--follow", "--interval", "10ms"}, "at least 1s"},
		{[]string{"--since", "soon"}, "a duration such as"},
	} {
		expect(t, runCLI(t, "", env, sb.args(append([]string{"logs", fixtureID}, tc.args...)...)...), 2, tc.want)
	}
	expect(t, runCLI(t, "", env, sb.args("logs", "bad id")...), 2, "IpsecServerId")
	if n := sb.RequestCount("ListIpsecServerLogs") - before; n != 0 {
		t.Errorf("refused input sent %d calls", n)
	}

	// The service's refusals, explained.
	expect(t, runCLI(t, "", env, sb.args("logs", "iss-sandbox-nope")...), 1, "InvalidIpsecServerId.NotFound",
		"ipsecwiz list --region cn-hangzhou")
	nologs := cleanEnv(t.TempDir(), "ALIBABA_CLOUD_ACCESS_KEY_ID="+sandbox.NoLogsAccessKeyID,
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET="+sandbox.NoLogsAccessKeySecret)
	expect(t, runCLI(t, "", nologs, sb.args("logs", fixtureID)...), 4, "Forbidden", "what to do:")
	r := runCLI(t, "", nologs, sb.args("logs", fixtureID, "--output", "json")...)
	expect(t, r, 4)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 {
		t.Errorf("the JSON error is %d lines, want one JSON line:\n%s", len(lines), r.stdout)
	} else if m := decodeOne(t, lines[0]); obj(t, m, "error")["code"] != "Forbidden" {
		t.Errorf("error = %v", m)
	}
	// An empty window is no error.
	r = runCLI(t, "", env, sb.args("logs", fixtureID, "--from", "1767574800", "--to", "1767575000")...)
	expect(t, r, 0, "No log lines for iss-sandbox-hasserver")
	if r.stdout != "" {
		t.Errorf("stdout = %q", r.stdout)
	}
}
