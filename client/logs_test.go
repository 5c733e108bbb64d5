package client_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestParseLogTime(t *testing.T) {
	t.Parallel()
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	for _, tc := range []struct {
		line string
		want time.Time
		ok   bool
	}{
		{"2026-11-26 10:03:04.120 iss-x 09[CFG] IPsec server created", utc("2026-11-26T10:03:04.120Z"), true},
		{"2026-11-26 10:03:04 iss-x 09[CFG] x", utc("2026-11-26T10:03:04Z"), true},
		{"2026-11-26 10:03:04.120", utc("2026-11-26T10:03:04.120Z"), true},
		{"2026-11-26T10:03:04.12+08:00 iss-x", utc("2026-11-26T02:03:04.12Z"), true},
		{"2026-11-26T10:03:04Z x", utc("2026-11-26T10:03:04Z"), true},
		{"2026-11-26 10:03:04.1201 x", time.Time{}, false}, // more digits: no layout of ours
		{"10:03:04 iss-x", time.Time{}, false},
		{"", time.Time{}, false},
		{"2026-13-26 10:03:04.120 x", time.Time{}, false},
	} {
		got, ok := client.ParseLogTime(tc.line)
		if ok != tc.ok || !got.Equal(tc.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("ParseLogTime(%q) = %v, %v; want %v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

// The client's own parser reads every line the sandbox writes as the
// sandbox itself does.
func TestParseLogTimeAgreesWithSandbox(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	now := time.Now()
	lines, err := c.ListServerLogs(testContext(t), "", sandbox.ExistingServerID, now.Add(-11*time.Minute), now)
	if err != nil {
		t.Fatalf("ListServerLogs: %v", err)
	}
	if len(lines) < 50 {
		t.Fatalf("only %d lines of history", len(lines))
	}
	for _, l := range lines {
		want, ok := sandbox.ParseServerLogTime(l.Text)
		got, ok2 := client.ParseLogTime(l.Text)
		if !ok || !ok2 || !got.Equal(want) || !l.Time.Equal(want) {
			t.Errorf("%q: client %v (%v, line %v), sandbox %v (%v)", l.Text, got, ok2, l.Time, want, ok)
		}
	}
}

func TestSplitLogWindow(t *testing.T) {
	t.Parallel()
	base := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		span    time.Duration
		windows int
	}{{0, 1}, {time.Second, 1}, {10 * time.Minute, 1}, {10*time.Minute + time.Second, 2}, {25 * time.Minute, 3},
		{time.Hour, 6}, {24 * time.Hour, 144}} {
		from, to := base.Add(300*time.Millisecond), base.Add(tc.span)
		ws := client.SplitLogWindow(from, to)
		if len(ws) != tc.windows {
			t.Errorf("%v: %d windows, want %d: %v", tc.span, len(ws), tc.windows, ws)
			continue
		}
		// Every second once, in order, each window within the API's 600 s.
		next := from.Unix()
		for _, w := range ws {
			if w.From != next || w.To < w.From || w.To-w.From > 600 {
				t.Errorf("%v: window %+v after %d", tc.span, w, next)
			}
			next = w.To + 1
		}
		if next != to.Unix()+1 {
			t.Errorf("%v: windows end at %d, want %d", tc.span, next-1, to.Unix())
		}
	}
	if ws := client.SplitLogWindow(base, base.Add(-time.Second)); ws != nil {
		t.Errorf("a reversed window splits into %v", ws)
	}
}

// A window of 25 minutes is three calls' windows, each paged through; the
// lines come once each, in time order, and paging by 7 or by 50 gives the
// same lines.
func TestListServerLogsSplitsAndPages(t *testing.T) {
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx := testContext(t)
	to := time.Now()
	from := to.Add(-25 * time.Minute)

	read := func(pageSize int) ([]client.LogLine, client.LogStats) {
		client.SetLogPageSize(t, pageSize)
		var lines []client.LogLine
		st, err := c.WalkServerLogs(ctx, "", sandbox.ExistingServerID, from, to, func(l client.LogLine) error {
			lines = append(lines, l)
			return nil
		})
		if err != nil {
			t.Fatalf("WalkServerLogs (pages of %d): %v", pageSize, err)
		}
		return lines, st
	}
	before := srv.RequestCount("ListIpsecServerLogs")
	lines, st := read(50)
	calls := srv.RequestCount("ListIpsecServerLogs") - before
	if st.Windows != 3 || st.Lines != len(lines) || st.Calls != calls {
		t.Errorf("stats %+v for %d lines in %d calls", st, len(lines), calls)
	}
	if calls < 3+len(lines)/50 {
		t.Errorf("%d calls for %d lines over 3 windows: the pages were not all read", calls, len(lines))
	}
	seen := map[string]bool{}
	for i, l := range lines {
		if seen[l.Text] {
			t.Errorf("line twice: %s", l.Text)
		}
		seen[l.Text] = true
		if i > 0 && l.Time.Before(lines[i-1].Time) {
			t.Errorf("out of order: %s after %s", l.Text, lines[i-1].Text)
		}
		if l.Time.Before(from.Truncate(time.Second)) || l.Time.After(to) {
			t.Errorf("outside the window: %s", l.Text)
		}
	}
	// The whole history is there: every client of the fixture.
	// (oscar fails in phase 1, before any identity: his proposal stands
	// for him.)
	for _, h := range sandbox.FixtureHistory() {
		mark := h.Client + ".clients.example"
		if h.Client == sandbox.ClientOscar {
			mark = "received proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128"
		}
		if !slices.ContainsFunc(lines, func(l client.LogLine) bool { return strings.Contains(l.Text, mark) }) {
			t.Errorf("no line of %s (%s)", h.Client, h.Outcome)
		}
	}
	small, _ := read(7)
	if !slices.Equal(texts(small), texts(lines)) {
		t.Errorf("pages of 7 gave %d lines, pages of 50 %d", len(small), len(lines))
	}
	if len(lines) <= 50 {
		t.Errorf("only %d lines: the fixture should need several pages of 50", len(lines))
	}

	// Past the API: more than a day, a reversed window, a bad id; nothing sent.
	before = srv.RequestCount("ListIpsecServerLogs")
	for _, tc := range []struct {
		id       string
		from, to time.Time
	}{{sandbox.ExistingServerID, to.Add(-25 * time.Hour), to}, {sandbox.ExistingServerID, to, from}, {"bad id", from, to}} {
		if _, err := c.ListServerLogs(ctx, "", tc.id, tc.from, tc.to); client.ExitCode(err) != client.ExitUsage {
			t.Errorf("ListServerLogs(%s, %v..%v) = %v, want a usage error", tc.id, tc.from, tc.to, err)
		}
	}
	if n := srv.RequestCount("ListIpsecServerLogs") - before; n != 0 {
		t.Errorf("refused windows sent %d calls", n)
	}
	// The service's refusals come back explained.
	if _, err := c.ListServerLogs(ctx, "", "iss-sandbox-nope", from, to); !isCode(err, "InvalidIpsecServerId.NotFound") {
		t.Errorf("unknown server: %v", err)
	}
	nologs := sandboxOptions(srv)
	nologs.Credentials = &client.Credentials{AccessKeyId: sandbox.NoLogsAccessKeyID, AccessKeySecret: sandbox.NoLogsAccessKeySecret}
	_, err := newClient(t, nologs).ListServerLogs(ctx, "", sandbox.ExistingServerID, from, to)
	if !isCode(err, "Forbidden") || client.ExitCode(err) != client.ExitCredentials || client.Explain(err).Remedy == "" {
		t.Errorf("without vpc:ListIpsecServerLogs: %v", err)
	}
}

func isCode(err error, code string) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

func texts(lines []client.LogLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// Following sees a client that connects after it started, each line once
// although every poll reads the last seconds again, and ends with the
// context (or at Until).
func TestFollowServerLogs(t *testing.T) {
	t.Parallel()
	srv := startSandbox(t, sandbox.Config{})
	c := newClient(t, sandboxOptions(srv))
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()

	var mu sync.Mutex
	var lines []string
	has := func(s string) bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, s) })
	}
	done := make(chan error, 1)
	go func() {
		done <- c.FollowServerLogs(ctx, "", sandbox.ExistingServerID, time.Now().Add(-10*time.Minute),
			client.FollowLogsOptions{Interval: 20 * time.Millisecond}, func(l client.LogLine) error {
				mu.Lock()
				lines = append(lines, l.Text)
				mu.Unlock()
				return nil
			})
	}()
	eventually(t, 5*time.Second, "the history", func() bool { return has("'bob.clients.example'") })
	if _, err := srv.ConnectClient(sandbox.ExistingServerID, sandbox.ClientSim{Name: "zed"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "zed's negotiation", func() bool { return has("CHILD_SA") && has("to peer 'zed.clients.example'") })
	polls := srv.RequestCount("ListIpsecServerLogs")
	eventually(t, 5*time.Second, "two more polls", func() bool { return srv.RequestCount("ListIpsecServerLogs") >= polls+2 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("FollowServerLogs ended with %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("FollowServerLogs did not end with its context")
	}
	mu.Lock()
	defer mu.Unlock()
	seen := map[string]bool{}
	for _, l := range lines {
		if seen[l] {
			t.Errorf("followed twice: %s", l)
		}
		seen[l] = true
	}

	// Until in the past: one read, then done.
	n := 0
	err := c.FollowServerLogs(testContext(t), "", sandbox.ExistingServerID, time.Now().Add(-10*time.Minute),
		client.FollowLogsOptions{Until: time.Now()}, func(client.LogLine) error { n++; return nil })
	if err != nil || n < 50 {
		t.Errorf("FollowServerLogs until now = %v after %d lines", err, n)
	}
	// A bad id is refused before anything is sent.
	if err := c.FollowServerLogs(testContext(t), "", "nope", time.Now(), client.FollowLogsOptions{}, nil); client.ExitCode(err) != client.ExitUsage {
		t.Errorf("FollowServerLogs(nope) = %v", err)
	}
}
