package client

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// An IPsec server's own log (ListIpsecServerLogs): what the gateway's IKE
// daemon wrote about each client's negotiation. The API serves a window of
// at most ten minutes per call (From/To in Unix seconds, both included) in
// pages of at most 50 lines; these calls split any window into the API's,
// page through each, and hand the lines over in time order, each once.

// LogLine is one line of an IPsec server's log.
type LogLine struct {
	// Time is when the line says it happened, in UTC; zero when the line
	// starts with no time ParseLogTime reads.
	Time time.Time
	Text string // the line as the service answered it
}

// The API's limits for ListIpsecServerLogs.
const (
	// MaxLogWindow is the longest From..To one call takes (MinutePeriod is
	// 1..10 minutes; a longer From..To is InvalidParameter).
	MaxLogWindow = 10 * time.Minute
	// MaxLogPageSize is the most lines per page (PageSize 1..50).
	MaxLogPageSize = 50
	// MaxLogSpan is the longest window ListServerLogs reads in one go: a day
	// is 144 calls at the least.
	MaxLogSpan = 24 * time.Hour
)

// logPageSize is PageSize per call (a variable so tests can make pages).
var logPageSize = MaxLogPageSize

// maxLogPages bounds the pages of one window: 500,000 lines in ten
// minutes is a service that ignores PageNumber, not a busy server.
const maxLogPages = 10000

// The layouts a log line may start with: the service's ("2006-01-02
// 15:04:05.000", in UTC, as the sandbox writes it [I]), without the
// milliseconds, or RFC 3339.
var logTimeLayouts = []string{"2006-01-02 15:04:05.000", "2006-01-02 15:04:05"}

// ParseLogTime reads the time at the start of a ListIpsecServerLogs line:
// "2006-01-02 15:04:05.000" (UTC), the same without milliseconds, or an RFC
// 3339 time (any zone). The result is in UTC.
func ParseLogTime(line string) (time.Time, bool) {
	for _, layout := range logTimeLayouts {
		if len(line) < len(layout) {
			continue
		}
		if len(line) > len(layout) && line[len(layout)] != ' ' {
			continue // more digits or a zone: not this layout
		}
		if t, err := time.ParseInLocation(layout, line[:len(layout)], time.UTC); err == nil {
			return t.UTC(), true
		}
	}
	first, _, _ := strings.Cut(line, " ")
	if t, err := time.Parse(time.RFC3339Nano, first); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// LogWindow is one call's window: Unix seconds, both ends included.
type LogWindow struct {
	From, To int64
}

// SplitLogWindow splits from..to into the windows the API takes, oldest
// first, each second in exactly one of them: [from, from+600], [from+601,
// from+1201], ... (both ends are included, so a window of 600 seconds'
// difference is the longest one allowed). Times are cut to whole seconds.
func SplitLogWindow(from, to time.Time) []LogWindow {
	f, t := from.Unix(), to.Unix()
	if t < f {
		return nil
	}
	span := int64(MaxLogWindow / time.Second)
	var out []LogWindow
	for w := f; w <= t; w += span + 1 {
		out = append(out, LogWindow{From: w, To: min(w+span, t)})
	}
	return out
}

// LogStats is what reading a log took.
type LogStats struct {
	Lines   int  // lines handed over
	Windows int  // windows read
	Calls   int  // ListIpsecServerLogs pages asked for
	Partial bool // a window answered IsCompleted=false: lines may still come, or are gone
}

// ListServerLogs returns the log lines of server id in region between from
// and to (both included, to the second), in time order, each once. A window
// longer than MaxLogSpan is an *ipsec.FieldError and nothing is sent.
func (c *Client) ListServerLogs(ctx context.Context, region, id string, from, to time.Time) ([]LogLine, error) {
	var lines []LogLine
	_, err := c.WalkServerLogs(ctx, region, id, from, to, func(l LogLine) error {
		lines = append(lines, l)
		return nil
	})
	return lines, err
}

// WalkServerLogs is ListServerLogs handing each line to fn as soon as its
// window is read (windows oldest first, lines in time order within each);
// an error of fn stops the walk and is returned.
func (c *Client) WalkServerLogs(ctx context.Context, region, id string, from, to time.Time, fn func(LogLine) error) (LogStats, error) {
	region = c.regionOr(region)
	if err := serverIDError(id); err != nil {
		return LogStats{}, err
	}
	if to.Before(from) {
		return LogStats{}, ipsec.NewFieldError("To", "the end of the window must not be before its start", from.UTC().Format(time.RFC3339))
	}
	if to.Sub(from) > MaxLogSpan {
		return LogStats{}, ipsec.NewFieldError("From", "a window of at most 24 hours (the API serves 10 minutes per call)",
			to.Add(-time.Hour).UTC().Format(time.RFC3339))
	}
	var st LogStats
	d := newLogDeduper()
	for _, w := range SplitLogWindow(from, to) {
		lines, complete, calls, err := c.readLogWindow(ctx, region, id, w)
		st.Calls += calls
		if err != nil {
			return st, err
		}
		st.Windows++
		st.Partial = st.Partial || !complete
		for _, l := range lines {
			if !d.first(l) {
				continue
			}
			st.Lines++
			if err := fn(l); err != nil {
				return st, err
			}
		}
		d.forgetBefore(w.From)
	}
	return st, nil
}

// readLogWindow reads every page of one window: until a page is short
// (Count is the lines on the page, as the SDK model documents it), empty,
// or the same as the one before (a service that ignores PageNumber). The
// lines come back sorted by time; a line without a time keeps its place
// after the line before it.
func (c *Client) readLogWindow(ctx context.Context, region, id string, w LogWindow) (lines []LogLine, complete bool, calls int, err error) {
	size := logPageSize
	complete = true
	prevFirst := ""
	for page := 1; ; page++ {
		if page > maxLogPages {
			return nil, false, calls, fmt.Errorf("ListIpsecServerLogs: more than %d pages in one window: the service keeps answering full pages", maxLogPages)
		}
		var resp *vpc.ListIpsecServerLogsResponse
		calls++
		_, err := c.invoke(ctx, "ListIpsecServerLogs", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateListIpsecServerLogsRequest()
			req.RegionId = region
			req.IpsecServerId = id
			req.From = requests.NewInteger64(w.From)
			req.To = requests.NewInteger64(w.To)
			req.PageNumber = requests.NewInteger(page)
			req.PageSize = requests.NewInteger(size)
			resp, err = cl.ListIpsecServerLogs(req)
			return err
		})
		if err != nil {
			return nil, false, calls, err
		}
		if len(resp.Data) > 0 && page > 1 && resp.Data[0] == prevFirst {
			break
		}
		complete = resp.IsCompleted
		var last time.Time
		for _, text := range resp.Data {
			t, ok := ParseLogTime(text)
			if !ok {
				t = last
			}
			last = t
			lines = append(lines, LogLine{Time: t, Text: text})
		}
		if len(resp.Data) < size {
			break
		}
		prevFirst = resp.Data[0]
	}
	slices.SortStableFunc(lines, func(a, b LogLine) int { return a.Time.Compare(b.Time) })
	for i := range lines {
		if _, ok := ParseLogTime(lines[i].Text); !ok {
			lines[i].Time = time.Time{} // its place was borrowed, not its time
		}
	}
	return lines, complete, calls, nil
}

// logDeduper remembers the lines already handed over, by their text (a
// server's lines carry their time to the millisecond, so the same text is
// the same line), for as long as a later read could answer them again.
type logDeduper struct {
	seen map[string]int64 // text -> Unix second of the line (0 when it has no time)
}

func newLogDeduper() *logDeduper { return &logDeduper{seen: map[string]int64{}} }

// first reports whether l is new, and remembers it.
func (d *logDeduper) first(l LogLine) bool {
	if _, ok := d.seen[l.Text]; ok {
		return false
	}
	var sec int64
	if !l.Time.IsZero() {
		sec = l.Time.Unix()
	}
	d.seen[l.Text] = sec
	return true
}

// forgetBefore drops the lines older than sec: no later read reaches them.
// Lines without a time are kept (they are few).
func (d *logDeduper) forgetBefore(sec int64) {
	for text, s := range d.seen {
		if s != 0 && s < sec {
			delete(d.seen, text)
		}
	}
}

// FollowLogsOptions pace FollowServerLogs. The zero value polls every
// DefaultFollowInterval until the context ends.
type FollowLogsOptions struct {
	Interval time.Duration // between polls; 0 means DefaultFollowInterval
	// Until ends the follow once a poll has read up to it; zero follows
	// until the context ends.
	Until time.Time
	// Lookback is how far back every poll reads again, so that a line the
	// service files a little late is still seen (each line is handed over
	// once); 0 means DefaultFollowLookback.
	Lookback time.Duration
	Now      func() time.Time // nil means time.Now
}

// Follow defaults: a poll every 5 s is live enough for a person watching a
// client connect and far below any throttling.
const (
	DefaultFollowInterval = 5 * time.Second
	DefaultFollowLookback = 30 * time.Second
)

// FollowServerLogs hands fn every line of server id's log from from on: the
// window up to now first, then what each poll finds, each line once, until
// ctx ends (it returns ctx's error, matching context.Canceled or
// DeadlineExceeded), opts.Until has been read (nil), fn fails, or a poll
// fails after its retries.
func (c *Client) FollowServerLogs(ctx context.Context, region, id string, from time.Time, opts FollowLogsOptions, fn func(LogLine) error) error {
	region = c.regionOr(region)
	if err := serverIDError(id); err != nil {
		return err
	}
	interval := orDefault(opts.Interval, DefaultFollowInterval)
	lookback := orDefault(opts.Lookback, DefaultFollowLookback)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	d := newLogDeduper()
	readFrom := from
	for {
		to := now()
		if !opts.Until.IsZero() && to.After(opts.Until) {
			to = opts.Until
		}
		if to.Before(readFrom) {
			to = readFrom
		}
		// A long pause (a suspended laptop) is read whole, at most a day back.
		if to.Sub(readFrom) > MaxLogSpan {
			readFrom = to.Add(-MaxLogSpan)
		}
		for _, w := range SplitLogWindow(readFrom, to) {
			lines, _, _, err := c.readLogWindow(ctx, region, id, w)
			if err != nil {
				return err
			}
			for _, l := range lines {
				if d.first(l) {
					if err := fn(l); err != nil {
						return err
					}
				}
			}
		}
		if !opts.Until.IsZero() && !to.Before(opts.Until) {
			return nil
		}
		readFrom = to.Add(-lookback)
		if readFrom.Before(from) {
			readFrom = from
		}
		d.forgetBefore(readFrom.Unix())
		if err := wait(ctx, interval); err != nil {
			return err
		}
	}
}
