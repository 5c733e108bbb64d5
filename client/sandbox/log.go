package sandbox

import (
	"io"
	"strconv"
	"sync"
	"time"
)

const logTimeLayout = "2006-01-02T15:04:05.000Z"

// logger writes the line formats of doc.go. Lines are built outside the lock; the lock only serializes the
// single Write of each line.
type logger struct {
	mu sync.Mutex
	w  io.Writer
	on bool
}

func newLogger(w io.Writer) *logger {
	if w == nil {
		return &logger{w: io.Discard}
	}
	return &logger{w: w, on: true}
}

func (l *logger) write(b []byte) {
	l.mu.Lock()
	_, _ = l.w.Write(b)
	l.mu.Unlock()
}

func appendTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, logTimeLayout)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return sanitize(s)
}

func (l *logger) request(t time.Time, action, gw, code string, d time.Duration, status int, region string, f faultKind) {
	b := make([]byte, 0, 160)
	b = appendTime(b, t)
	b = append(b, " request action="...)
	b = append(b, orDash(action)...)
	b = append(b, " gateway="...)
	b = append(b, orDash(gw)...)
	b = append(b, " code="...)
	b = append(b, orDash(code)...)
	b = append(b, " duration="...)
	b = append(b, d.Round(time.Microsecond).String()...)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, " region="...)
	b = append(b, orDash(region)...)
	if f != faultNone {
		b = append(b, " fault="...)
		b = append(b, f.String()...)
	}
	b = append(b, '\n')
	l.write(b)
}

func (l *logger) transition(t time.Time, region, gw, from, to string) {
	if !l.on {
		return
	}
	b := make([]byte, 0, 128)
	b = appendTime(b, t)
	b = append(b, " transition gateway="...)
	b = append(b, gw...)
	b = append(b, " from="...)
	b = append(b, from...)
	b = append(b, " to="...)
	b = append(b, to...)
	b = append(b, " region="...)
	b = append(b, region...)
	b = append(b, '\n')
	l.write(b)
}

// event writes "TIME text" (start, stop, error lines).
func (l *logger) event(t time.Time, text string) {
	if !l.on {
		return
	}
	b := appendTime(make([]byte, 0, 64+len(text)), t)
	b = append(b, ' ')
	b = append(b, text...)
	b = append(b, '\n')
	l.write(b)
}
