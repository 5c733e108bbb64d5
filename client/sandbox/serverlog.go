package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// The IPsec server's own log, as ListIpsecServerLogs returns it: one string per line, modelled on what
// strongSwan's charon writes (Alibaba's VPN logs are charon's), after Alibaba's prefix of time and instance:
//
//	2026-11-26 10:03:04.120 iss-sandbox-hasserver 09[CFG] IPsec server created: ...
//	2026-11-26 10:03:05.001 iss-sandbox-hasserver 12[IKE] <iss-sandbox-hasserver|7> IKE_SA iss-sandbox-hasserver[7] established between ...
//
// The time comes first, in UTC with milliseconds (ServerLogTimeLayout), and strictly increases within one
// server's log, so lines sort by their text and a line seen twice (overlapping windows) is the same line.
// The pre-shared key never appears.

// ServerLogTimeLayout is the time at the start of every ListIpsecServerLogs line, in UTC.
const ServerLogTimeLayout = "2006-01-02 15:04:05.000"

// maxLogLines bounds one server's log; the oldest lines go first, and a window reaching into what was
// dropped answers IsCompleted=false.
const maxLogLines = 2000

// ParseServerLogTime reads the time at the start of a ListIpsecServerLogs line.
func ParseServerLogTime(line string) (time.Time, bool) {
	if len(line) < len(ServerLogTimeLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(ServerLogTimeLayout, line[:len(ServerLogTimeLayout)])
	return t, err == nil
}

// logLine is one line: at is the time it shows, due the moment it happened (at is bumped past the line
// before it, so it can run a few milliseconds ahead of due). A line is visible from due on: lines of a
// server that is still being built are written ahead, due when it is up.
type logLine struct {
	at, due time.Time
	text    string
}

// ipsecRuntime is what an IPsec server does at run time: its simulated clients and its log. It outlives a
// deleted server until goneAt, so the delete's own lines can still be read while it is applied.
type ipsecRuntime struct {
	serverID string
	region   string
	clients  []*simClient // oldest first; one with connectedAt in the future connects then
	log      []logLine
	dropped  time.Time // the newest line dropped for maxLogLines; zero if none
	nextSA   int       // IKE_SA unique ids, as charon numbers them
	goneAt   time.Time // zero while the server exists
	// deleted is the server as it was when deleted: listed (OnlineClientCount 0) until goneAt, when the
	// gateway is active again and the deletion done.
	deleted *IpsecServerRecord
}

// write appends a line at t (bumped past the last line: times strictly increase). psk is redacted
// should any caller-chosen text (a name, an identity) hold it.
func (rt *ipsecRuntime) write(due time.Time, psk string, thread int, group string, sa int, format string, args ...any) {
	t := due.UTC().Truncate(time.Millisecond)
	if n := len(rt.log); n > 0 && !t.After(rt.log[n-1].at) {
		t = rt.log[n-1].at.Add(time.Millisecond)
	}
	var b strings.Builder
	b.WriteString(t.Format(ServerLogTimeLayout))
	b.WriteByte(' ')
	b.WriteString(rt.serverID)
	fmt.Fprintf(&b, " %02d[%s] ", thread, group)
	if sa > 0 {
		fmt.Fprintf(&b, "<%s|%d> ", rt.serverID, sa)
	}
	fmt.Fprintf(&b, format, args...)
	line := b.String()
	if len(psk) >= 4 && strings.Contains(line, psk) {
		line = strings.ReplaceAll(line, psk, "<redacted>")
	}
	rt.log = append(rt.log, logLine{t, due, line})
	if over := len(rt.log) - maxLogLines; over > 0 {
		rt.dropped = rt.log[over-1].at
		rt.log = append(rt.log[:0:0], rt.log[over:]...)
	}
}

// onlineAt lists the clients online at t.
func (rt *ipsecRuntime) onlineAt(t time.Time) []*simClient {
	var out []*simClient
	for _, c := range rt.clients {
		if !c.connectedAt.After(t) {
			out = append(out, c)
		}
	}
	return out
}

func (rt *ipsecRuntime) clone() *ipsecRuntime {
	c := *rt
	c.log = append([]logLine(nil), rt.log...)
	c.clients = make([]*simClient, len(rt.clients))
	for i, cl := range rt.clients {
		cc := *cl
		c.clients[i] = &cc
	}
	return &c
}

// Charon's thread numbers: configuration lines on one thread, each IKE_SA on its own.
const cfgThread = 9

func saThread(sa int) int { return 5 + sa%11 }
