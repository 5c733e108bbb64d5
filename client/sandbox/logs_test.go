package sandbox_test

import (
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alibabacloud-go/tea/dara"
	vpc2 "github.com/alibabacloud-go/vpc-20160428/v6/client"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// clock is a sandbox clock the test moves (within the 15 minutes the signature check allows, since the SDKs
// stamp requests with the real time).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now().Truncate(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// allLogs pages through ListIpsecServerLogs until a page has fewer lines than PageSize, as a client must
// (Count is the number of lines on the page).
func allLogs(t *testing.T, c *vpc.Client, id string, mut func(r *vpc.ListIpsecServerLogsRequest)) ([]string, bool) {
	t.Helper()
	var lines []string
	complete := true
	for page := 1; ; page++ {
		r := vpc.CreateListIpsecServerLogsRequest()
		r.IpsecServerId = id
		r.PageSize, r.PageNumber = requests.NewInteger(50), requests.NewInteger(page)
		mut(r)
		resp, err := c.ListIpsecServerLogs(r)
		if err != nil {
			t.Fatalf("ListIpsecServerLogs page %d: %v", page, err)
		}
		if resp.Count != len(resp.Data) || resp.PageNumber != page || resp.PageSize != 50 {
			t.Fatalf("page %d: Count %d for %d lines, PageNumber %d, PageSize %d", page, resp.Count, len(resp.Data), resp.PageNumber, resp.PageSize)
		}
		lines = append(lines, resp.Data...)
		complete = complete && resp.IsCompleted
		if resp.Count < 50 {
			return lines, complete
		}
	}
}

func lastTen(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = requests.NewInteger(10) }

func grep(lines []string, all ...string) []string {
	var out []string
	for _, l := range lines {
		ok := true
		for _, s := range all {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			out = append(out, l)
		}
	}
	return out
}

// TestFixtureHistory: a fresh sandbox's existing server has two clients online and, within the last ten
// minutes, one failed negotiation of each kind an admin must diagnose, in lines that sort by time.
func TestFixtureHistory(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := start(t, sandbox.Config{Now: clk.Now})
	c := v1(t, srv)
	lines, complete := allLogs(t, c, sandbox.ExistingServerID, lastTen)
	if !complete {
		t.Error("a window ending now reported IsCompleted=false")
	}
	for _, want := range []struct {
		what string
		all  []string
	}{
		{"alice's IKE_SA", []string{"IKE_SA " + sandbox.ExistingServerID + "[1] established", "alice.clients.example"}},
		{"alice's virtual IP", []string{"assigning virtual IP 10.50.0.1 to peer 'alice.clients.example'"}},
		{"alice's CHILD_SA", []string{"CHILD_SA " + sandbox.ExistingServerID + "{1} established", "=== 10.50.0.1/32"}},
		{"frank: pool exhausted", []string{"no virtual IP found", "frank", "address pool " + sandbox.ExistingServerPool + " exhausted"}},
		{"mallory: wrong key", []string{"mallory", "authentication failed (AUTH_FAILED)"}},
		{"mallory: MAC", []string{"mallory", "but MAC mismatched"}},
		{"oscar: IKE proposals", []string{"received proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"}},
		{"oscar: configured", []string{"configured proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024"}},
		{"NO_PROPOSAL_CHOSEN", []string{"NO_PROPOSAL_CHOSEN"}},
		{"peggy: ESP proposals", []string{"received proposals: ESP:AES_CBC_256/HMAC_SHA2_256_128/MODP_2048/NO_EXT_SEQ"}},
		{"trent: identity", []string{"no matching peer config found (identity mismatch", "vpn.example.com"}},
		{"carol leaves", []string{"lease 10.50.0.5 by 'carol.clients.example' went offline"}},
		{"bob reuses carol's address", []string{"assigning virtual IP 10.50.0.5 to peer 'bob.clients.example'"}},
	} {
		if len(grep(lines, want.all...)) == 0 {
			t.Errorf("no line for %s (%q)", want.what, want.all)
		}
	}
	if n := len(grep(lines, "NO_PROPOSAL_CHOSEN")); n != 2 {
		t.Errorf("%d NO_PROPOSAL_CHOSEN lines, want oscar's and peggy's", n)
	}
	var prev time.Time
	for i, l := range lines {
		at, ok := sandbox.ParseServerLogTime(l)
		if !ok || !strings.HasPrefix(l[len(sandbox.ServerLogTimeLayout):], " "+sandbox.ExistingServerID+" ") {
			t.Fatalf("line %d %q has no time and server prefix", i, l)
		}
		if i > 0 && !at.After(prev) {
			t.Fatalf("line %d is not after line %d: %q", i, i-1, l)
		}
		if at.Before(clk.Now().Add(-10*time.Minute-time.Second)) || at.After(clk.Now()) {
			t.Fatalf("line %d outside the window: %q", i, l)
		}
		if strings.Contains(l, sandbox.ExistingServerPsk) || strings.Contains(l, "not-the-key") {
			t.Fatalf("line %d holds a key: %q", i, l)
		}
		prev = at
	}
	if !sort.StringsAreSorted(lines) {
		t.Error("lines do not sort by their text")
	}

	online := srv.OnlineClients(sandbox.ExistingServerID)
	if len(online) != sandbox.ExistingServerOnline || online[0].Name != sandbox.ClientAlice || online[1].Name != sandbox.ClientBob ||
		online[0].VirtualIP != "10.50.0.1" || online[1].VirtualIP != "10.50.0.5" {
		t.Fatalf("online %+v", online)
	}
	for _, h := range sandbox.FixtureHistory() {
		if h.Ago > 10*time.Minute || h.Ago <= 0 {
			t.Errorf("history entry %+v is outside the first 10-minute window", h)
		}
	}
	list, err := c.ListIpsecServers(vpc.CreateListIpsecServersRequest())
	if err != nil || list.IpsecServers[0].OnlineClientCount != sandbox.ExistingServerOnline {
		t.Fatalf("OnlineClientCount: %v %+v", err, list)
	}

	// The same start gives the same history, line for line.
	again := start(t, sandbox.Config{Now: clk.Now})
	if lines2, _ := allLogs(t, v1(t, again), sandbox.ExistingServerID, lastTen); strings.Join(lines2, "\n") != strings.Join(lines, "\n") {
		t.Error("the history is not deterministic")
	}
}

func TestListIpsecServerLogsWindows(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := start(t, sandbox.Config{Now: clk.Now})
	c := v1(t, srv)
	now := clk.Now().Unix()
	logs := func(mut func(r *vpc.ListIpsecServerLogsRequest)) (*vpc.ListIpsecServerLogsResponse, error) {
		r := vpc.CreateListIpsecServerLogsRequest()
		r.IpsecServerId = sandbox.ExistingServerID
		r.PageSize = requests.NewInteger(50)
		mut(r)
		return c.ListIpsecServerLogs(r)
	}
	ago := func(d time.Duration) requests.Integer { return requests.NewInteger64(now - int64(d/time.Second)) }
	for name, tc := range map[string]struct {
		mut  func(r *vpc.ListIpsecServerLogsRequest)
		code string
	}{
		"no window":            {func(r *vpc.ListIpsecServerLogsRequest) {}, "MissingParameter"},
		"From alone":           {func(r *vpc.ListIpsecServerLogsRequest) { r.From = ago(time.Minute) }, "MissingParameter"},
		"To alone":             {func(r *vpc.ListIpsecServerLogsRequest) { r.To = ago(0) }, "MissingParameter"},
		"MinutePeriod 0":       {func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = requests.NewInteger(0) }, "InvalidParameter"},
		"MinutePeriod 11":      {func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = requests.NewInteger(11) }, "InvalidParameter"},
		"a window over 10 min": {func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.To = ago(11*time.Minute), ago(0) }, "InvalidParameter"},
		"To before From":       {func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.To = ago(0), ago(time.Minute) }, "InvalidParameter"},
		"From not a number":    {func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.To = "yesterday", ago(0) }, "InvalidParameter"},
		"PageSize 51":          {func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod, r.PageSize = "1", requests.NewInteger(51) }, "InvalidParameter"},
		"no server id":         {func(r *vpc.ListIpsecServerLogsRequest) { r.IpsecServerId, r.MinutePeriod = "", "1" }, "MissingParameter"},
		"unknown server":       {func(r *vpc.ListIpsecServerLogsRequest) { r.IpsecServerId, r.MinutePeriod = "iss-sandbox-nope", "1" }, "InvalidIpsecServerId.NotFound"},
		"other region": {func(r *vpc.ListIpsecServerLogsRequest) {
			r.RegionId, r.MinutePeriod = sandbox.RegionShanghai, "1"
		}, "InvalidIpsecServerId.NotFound"},
	} {
		_, err := logs(tc.mut)
		o := fromErr(t, err)
		if o.code != tc.code {
			t.Errorf("%s: %s (%s), want %s", name, o.code, o.msg, tc.code)
		}
	}
	// Each form of the window selects what lies in it.
	count := func(mut func(r *vpc.ListIpsecServerLogsRequest)) (int, bool) {
		resp, err := logs(mut)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Count, resp.IsCompleted
	}
	// trent's attempt is the only one from 2m30s to 1m30s before the start.
	trent := func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.To = ago(150*time.Second), ago(90*time.Second) }
	n, complete := count(trent)
	resp, _ := logs(trent)
	if n == 0 || !complete || len(grep(resp.Data, "|9> ")) != n || len(grep(resp.Data, "trent")) == 0 {
		t.Fatalf("From..To around trent: %d lines %v: %q", n, complete, resp.Data)
	}
	if n2, _ := count(func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.MinutePeriod = ago(150*time.Second), "1" }); n2 != n {
		t.Errorf("From+MinutePeriod: %d lines, From..To: %d", n2, n)
	}
	if n3, _ := count(func(r *vpc.ListIpsecServerLogsRequest) { r.To, r.MinutePeriod = ago(90*time.Second), "1" }); n3 != n {
		t.Errorf("To+MinutePeriod: %d lines, From..To: %d", n3, n)
	}
	if _, complete := count(func(r *vpc.ListIpsecServerLogsRequest) { r.From, r.To = ago(time.Minute), ago(-time.Minute) }); complete {
		t.Error("a window reaching past now answered IsCompleted=true")
	}
	if n, _ := count(func(r *vpc.ListIpsecServerLogsRequest) { r.MinutePeriod = "1"; r.PageNumber = requests.NewInteger(99) }); n != 0 {
		t.Errorf("a page past the end has %d lines", n)
	}

	// Who may read: the read-only key may, a key without vpc:ListIpsecServerLogs may not.
	ro := v1With(t, srv, sandbox.ReadOnlyAccessKeyID, sandbox.ReadOnlyAccessKeySecret)
	r := vpc.CreateListIpsecServerLogsRequest()
	r.IpsecServerId, r.MinutePeriod = sandbox.ExistingServerID, "10"
	if _, err := ro.ListIpsecServerLogs(r); err != nil {
		t.Fatalf("read-only key: %v", err)
	}
	nologs := v1With(t, srv, sandbox.NoLogsAccessKeyID, sandbox.NoLogsAccessKeySecret)
	_, err := nologs.ListIpsecServerLogs(r)
	wantCode(t, err, "Forbidden", 403)
	if _, err := nologs.ListIpsecServers(vpc.CreateListIpsecServersRequest()); err != nil {
		t.Fatalf("the no-logs key reads servers: %v", err)
	}
	_, err = nologs.DeleteIpsecServer(deleteReq(sandbox.ExistingServerID))
	wantCode(t, err, "Forbidden", 403)
}

func TestListIpsecServerLogsV2(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv := start(t, sandbox.Config{Now: clk.Now})
	c := v2(t, srv, sandbox.AccessKeySecret)
	now := int32(clk.Now().Unix())
	resp, err := c.ListIpsecServerLogs(&vpc2.ListIpsecServerLogsRequest{RegionId: dara.String("cn-hangzhou"),
		IpsecServerId: dara.String(sandbox.ExistingServerID), From: dara.Int32(now - 600), To: dara.Int32(now),
		PageNumber: dara.Int32(2), PageSize: dara.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	b := resp.Body
	if dara.Int32Value(b.Count) != 10 || len(b.Data) != 10 || !dara.BoolValue(b.IsCompleted) || dara.Int32Value(b.PageNumber) != 2 ||
		dara.Int32Value(b.PageSize) != 10 || dara.StringValue(b.RequestId) == "" {
		t.Fatalf("V2 page 2: %+v", b)
	}
	if _, ok := sandbox.ParseServerLogTime(dara.StringValue(b.Data[0])); !ok {
		t.Fatalf("V2 line %q", dara.StringValue(b.Data[0]))
	}
	_, err = c.ListIpsecServerLogs(&vpc2.ListIpsecServerLogsRequest{RegionId: dara.String("cn-hangzhou"),
		IpsecServerId: dara.String(sandbox.ExistingServerID), MinutePeriod: dara.Int32(11)})
	if code, status := v2Code(t, err); code != "InvalidParameter" || status != 400 {
		t.Fatalf("V2 MinutePeriod 11: %s %d", code, status)
	}
	_, err = c.ListIpsecServerLogs(&vpc2.ListIpsecServerLogsRequest{RegionId: dara.String("cn-hangzhou"),
		IpsecServerId: dara.String("iss-sandbox-nope"), MinutePeriod: dara.Int32(1)})
	if code, status := v2Code(t, err); code != "InvalidIpsecServerId.NotFound" || status != 404 {
		t.Fatalf("V2 unknown server: %s %d", code, status)
	}
	_, err = c.ListIpsecServerLogs(&vpc2.ListIpsecServerLogsRequest{RegionId: dara.String("cn-hangzhou"),
		IpsecServerId: dara.String(sandbox.ExistingServerID), From: dara.Int32(now - 60)})
	if code, status := v2Code(t, err); code != "MissingParameter" || status != 400 {
		t.Fatalf("V2 From alone: %s %d", code, status)
	}
	list, err := c.ListIpsecServers(&vpc2.ListIpsecServersRequest{RegionId: dara.String("cn-hangzhou")})
	if err != nil || dara.Int32Value(list.Body.IpsecServers[0].OnlineClientCount) != sandbox.ExistingServerOnline {
		t.Fatalf("V2 OnlineClientCount: %v %+v", err, list)
	}
}
