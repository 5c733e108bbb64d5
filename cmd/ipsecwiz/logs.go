package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
)

// logsOptions are logs' flags.
type logsOptions struct {
	g        *globalOptions
	id       string
	since    time.Duration
	from, to string
	follow   bool
	interval time.Duration
}

// The window logs reads by default, and the slowest pace --follow may be
// made to poll at.
const (
	defaultLogsSince  = 10 * time.Minute
	minFollowInterval = time.Second
)

func newLogsCommand(g *globalOptions) *cobra.Command {
	o := &logsOptions{g: g}
	cmd := &cobra.Command{
		Use:   "logs SERVER_ID",
		Short: "Read an IPsec server's log (ListIpsecServerLogs) over a window, or follow it",
		Long: `Print the IPsec server's own log: every client's negotiation, in time order,
each line once. The window is the last --since (default 10m), or --from/--to
(RFC 3339 or Unix seconds; --to alone ends a --since window there), at most
24 hours; it is read in the API's windows of ten minutes and every page.
--follow keeps polling for new lines (every --interval, default 5s) until
ctrl+c (exit 130), or until --to when given (exit 0).

The common negotiation failures are recognised: a wrong pre-shared key
(AUTH_FAILED), no common proposal (NO_PROPOSAL_CHOSEN, with both sides'
proposals), an identity mismatch, an exhausted client pool, the connection
limit. On a terminal each gets an indented "→" line saying what it means,
and a summary of the failures with what to check ends the output; piped,
stdout holds the raw lines only and the summary goes to stderr.
--output json prints one JSON object per line: time, text and, when
recognised, kind, title, explanation, remedy and peer.

Exit codes: 0 done (no line is no error), 1 the API failed (an unknown server
included), 2 invalid input, 4 credentials missing or refused (a key without
vpc:ListIpsecServerLogs), 130 stopped.`,
		Example: `  ipsecwiz logs iss-bp1... --since 1h
  ipsecwiz logs iss-bp1... --from 2026-01-05T09:00:00+08:00 --to 2026-01-05T09:30:00+08:00
  ipsecwiz logs iss-bp1... --follow
  ipsecwiz logs iss-bp1... --output json | jq -r 'select(.kind) | .explanation'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	f.DurationVar(&o.since, "since", defaultLogsSince, "read the last DURATION (e.g. 30m, 2h)")
	f.StringVar(&o.from, "from", "", "start of the window: RFC 3339 or Unix seconds")
	f.StringVar(&o.to, "to", "", "end of the window (default now): RFC 3339 or Unix seconds")
	f.BoolVarP(&o.follow, "follow", "f", false, "keep printing new lines until interrupted (or until --to)")
	f.DurationVar(&o.interval, "interval", client.DefaultFollowInterval, "with --follow: how often to ask for new lines (at least 1s)")
	cmd.ValidArgsFunction = serverCompletion(g)
	return cmd
}

// parseTimeFlag reads --from/--to: Unix seconds or RFC 3339.
func parseTimeFlag(name, v string) (time.Time, error) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > 1<<40 {
			return time.Time{}, usageErrorf("--%s: %d is not a Unix time in seconds", name, n)
		}
		return time.Unix(n, 0), nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, usageErrorf("--%s: want RFC 3339 (2026-01-05T09:00:00+08:00) or Unix seconds (1767574800), got %q", name, v)
	}
	return t, nil
}

// window settles the window from the flags.
func (o *logsOptions) window(cmd *cobra.Command, now time.Time) (from, to time.Time, until time.Time, err error) {
	flags := cmd.Flags()
	if flags.Changed("since") && o.from != "" {
		return from, to, until, usageErrorf("--since and --from both set where the window starts: give one")
	}
	if o.since <= 0 {
		return from, to, until, usageErrorf("--since: want a positive duration such as 10m or 2h, got %s", o.since)
	}
	if o.follow && o.interval < minFollowInterval {
		return from, to, until, usageErrorf("--interval: want at least %s, got %s", minFollowInterval, o.interval)
	}
	to = now
	if o.to != "" {
		if to, err = parseTimeFlag("to", o.to); err != nil {
			return from, to, until, err
		}
		until = to
	}
	from = to.Add(-o.since)
	if o.from != "" {
		if from, err = parseTimeFlag("from", o.from); err != nil {
			return from, to, until, err
		}
	}
	switch {
	case to.Before(from):
		return from, to, until, usageErrorf("--to %s is before --from %s", to.UTC().Format(time.RFC3339), from.UTC().Format(time.RFC3339))
	case to.Sub(from) > client.MaxLogSpan:
		return from, to, until, usageErrorf("the window is %s long, at most %s is read at once (the API serves 10 minutes per call): narrow --since or --from/--to",
			to.Sub(from).Round(time.Minute), client.MaxLogSpan)
	}
	return from, to, until, nil
}

func (o *logsOptions) run(cmd *cobra.Command) error {
	g := o.g
	from, to, until, err := o.window(cmd, g.f.Now())
	if err != nil {
		return err
	}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	defer ia.Stop()
	ctx := client.WithTrace(ia.ctx, g.progress().retryTrace())
	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return g.readFailed(err, "", true)
	}
	defer cleanup()
	region := c.Region()
	target := g.target(region)
	p := &logPrinter{g: g, w: g.f.IO.Product(), st: g.outStyles(), tty: g.f.IO.StdoutTTY,
		explainer: client.NewLogExplainer(target.Command("show", o.id))}

	if o.follow {
		fmt.Fprintf(g.f.IO.ErrOut, "Following the log of %s in %s (a check every %s; ctrl+c to stop)...\n",
			visibleText(o.id), region, o.interval)
		err = c.FollowServerLogs(ctx, region, o.id, from,
			client.FollowLogsOptions{Interval: o.interval, Until: until, Now: g.f.Now}, p.line)
	} else {
		_, err = c.WalkServerLogs(ctx, region, o.id, from, to, p.line)
	}
	if p.werr != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the log could not be written to standard output: %w", p.werr)}
	}
	stopped := err != nil && ia.Interrupted()
	if err == nil || stopped {
		p.summary(o.id, from, to, o.follow)
	}
	switch {
	case stopped:
		fmt.Fprintf(g.f.IO.ErrOut, "Stopped reading the log of %s.\n", visibleText(o.id))
		return &exitError{code: client.ExitCanceled, err: ia.err(), printed: true}
	case err != nil:
		return g.readFailed(err, g.notFoundRemedy(err, region), true)
	}
	return nil
}

// logPrinter prints log lines as they come, in the form stdout calls for,
// and keeps the explainer's count for the summary.
type logPrinter struct {
	g         *globalOptions
	w         io.Writer
	st        outStyles
	tty       bool
	explainer *client.LogExplainer
	lines     int
	werr      error
}

// logLineJSON is one line of `logs --output json`.
type logLineJSON struct {
	Time string `json:"time,omitempty"` // RFC 3339 in UTC, to the millisecond; absent when the line shows none
	Text string `json:"text"`
	*client.LogFinding
}

var errOutputLost = errors.New("standard output is gone")

func (p *logPrinter) line(l client.LogLine) error {
	p.lines++
	f, found := p.explainer.Explain(l.Text)
	var out string
	switch {
	case p.g.output == "json":
		j := logLineJSON{Text: l.Text}
		if !l.Time.IsZero() {
			j.Time = l.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00")
		}
		if found {
			j.LogFinding = &f
		}
		b, _ := json.Marshal(j)
		out = string(b) + "\n"
	case p.tty && found:
		out = visibleText(l.Text) + "\n" + p.st.Warn.Render("  → "+visibleText(f.Explanation)) + "\n"
	default:
		out = visibleText(l.Text) + "\n"
	}
	if _, err := io.WriteString(p.w, out); err != nil {
		p.werr = err
		return errOutputLost
	}
	return nil
}

// summary says what the window held: how many lines, the failures seen with
// what to check. It goes to stdout on a terminal, else to stderr (stdout
// then holds the log's lines alone); JSON lines carry it in each line.
func (p *logPrinter) summary(id string, from, to time.Time, followed bool) {
	if p.g.output == "json" {
		return
	}
	w := p.g.f.IO.ErrOut
	if p.tty {
		w = p.w
	}
	span := fmt.Sprintf("%s to %s UTC", from.UTC().Format("2006-01-02 15:04:05"), to.UTC().Format("15:04:05"))
	if followed {
		span = "since " + from.UTC().Format("2006-01-02 15:04:05") + " UTC"
	}
	var b strings.Builder
	failures := p.explainer.Failures()
	switch {
	case p.lines == 0:
		fmt.Fprintf(&b, "No log lines for %s %s.\n", visibleText(id), span)
	case len(failures) == 0:
		fmt.Fprintf(&b, "No negotiation failures in %d line%s (%s).\n", p.lines, plural(p.lines), span)
	default:
		total := 0
		for _, f := range failures {
			total += f.Count
		}
		fmt.Fprintf(&b, "%s in %d line%s (%s):\n", p.st.Warn.Render(fmt.Sprintf("%d negotiation failure%s", total, plural(total))),
			p.lines, plural(p.lines), span)
		for _, f := range failures {
			peers := ""
			if len(f.Peers) > 0 {
				var safe []string
				for _, x := range f.Peers {
					safe = append(safe, visibleText(x))
				}
				peers = ": " + strings.Join(safe, ", ")
			}
			fmt.Fprintf(&b, "  %d× %s%s\n     what to check: %s\n", f.Count, f.Title, peers, f.Remedy)
		}
	}
	_, _ = io.WriteString(w, b.String())
}
