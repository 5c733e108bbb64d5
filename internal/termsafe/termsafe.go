// Package termsafe owns the one rule for showing text that ipsecwiz did not
// write (API answers, error messages, file contents) on a terminal: control
// and escape characters are shown escaped (ESC as \x1b), never interpreted,
// so an answer cannot clear the screen, set the window title or write the
// clipboard; and a value can be cut to a display width, counting wide
// (CJK, emoji) characters as the two cells they take.
//
// It is a leaf: pure functions, no I/O, importable by client, forms, tui and
// cmd. client applies String where API answers become display-only fields
// (gateway and region names, error messages); display code calls it for
// values it must keep raw in the data (ids, server names that go back to the
// API) at the point where they are drawn.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// String returns s with every character a terminal would act on instead of
// print replaced by an escape that shows it: C0 controls (newline and tab
// included, so one value stays one line), DEL, C1 controls (0x80-0x9f, which
// some terminals read as ESC [ and the like), the bidirectional overrides
// that reorder what is shown, and bytes that are not UTF-8. Everything else
// is kept. Backslashes are kept as they are, so String is idempotent: text
// made safe once passes through unchanged.
func String(s string) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Lines is String applied to each line of s: for a text whose line breaks
// are the writer's own (a summary), and whose values may not be.
func Lines(s string) string {
	if Safe(strings.ReplaceAll(s, "\n", "")) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = String(l)
	}
	return strings.Join(lines, "\n")
}

// JSON returns the JSON document b with every character String would
// escape written as a \u escape instead: the same document to a decoder,
// but nothing in it a terminal acts on. (encoding/json escapes the C0
// controls already; DEL, the C1 controls and the bidi overrides it writes
// raw.) Outside strings JSON is ASCII, so only string contents change.
func JSON(b []byte) []byte {
	if Safe(strings.ReplaceAll(string(b), "\n", "")) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			out = append(out, b[i:i+size]...) // white space between tokens
		case r == utf8.RuneError && size <= 1:
			out = append(out, `\ufffd`...)
		case r < 0x20 || r == 0x7f || unsafeRune(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

// Safe reports whether s holds nothing String would escape.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// unsafeRune: C1 controls and the invisible characters that reorder or hide
// text (bidi embeddings, overrides and isolates: "Trojan Source").
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators: a line break to some
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Truncate is String(s) cut to at most width terminal cells, ending in "…"
// when something was cut. A wide character that would straddle the limit
// goes whole.
func Truncate(s string, width int) string {
	s = String(s)
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// Width is the number of terminal cells String(s) takes.
func Width(s string) int { return ansi.StringWidth(String(s)) }
