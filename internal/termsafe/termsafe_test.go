package termsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"office-hz", "office-hz"},
		{"", ""},
		{"杭州办公室", "杭州办公室"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"\x1b]52;c;cm0gLXJmIH4=\x1b\\", `\x1b]52;c;cm0gLXJmIH4=\x1b\`},
		{"line1\nline2\r\tx", `line1\nline2\r\tx`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b2J", `csi\u009b2J`},
		{"bad\xffutf8\xc2", `bad\xffutf8\xc2`},
		{"rtl\u202eevil", `rtl\u202eevil`},
		{`already \x1b escaped`, `already \x1b escaped`},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := String(String(tc.in)); got != String(tc.in) {
			t.Errorf("String is not idempotent on %q: %q", tc.in, got)
		}
	}
}

func TestLines(t *testing.T) {
	in := "Gateway vpn-1 (\x1b]0;t\x07) is active\n  region   cn\x1b[2J\n"
	want := "Gateway vpn-1 (\\x1b]0;t\\x07) is active\n  region   cn\\x1b[2J\n"
	if got := Lines(in); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
	if got := Lines("plain\ntext\n"); got != "plain\ntext\n" {
		t.Errorf("Lines changed plain text: %q", got)
	}
}

func TestJSON(t *testing.T) {
	in := []byte("{\n  \"name\": \"del\x7f csi\u009b2J rtl\u202e ok 杭州\"\n}\n")
	out := JSON(in)
	var a, b map[string]string
	if err := json.Unmarshal(in, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatalf("JSON made invalid JSON: %v\n%s", err, out)
	}
	if a["name"] != b["name"] {
		t.Errorf("JSON changed the value: %q, want %q", b["name"], a["name"])
	}
	if !Safe(strings.ReplaceAll(string(out), "\n", "")) || !strings.Contains(string(out), `\u009b`) {
		t.Errorf("JSON = %s", out)
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"longer than ten", 10, "longer th…"},
		// Each CJK character takes two cells.
		{"杭州办公室网关", 7, "杭州办…"},
		{"杭州办公室网关", 8, "杭州办…"},
		{"a\x1b[2J", 4, `a\x…`},
		{strings.Repeat("x", 500), 3, "xx…"},
		{"x", 0, ""},
	} {
		got := Truncate(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		if w := Width(got); w > tc.width {
			t.Errorf("Truncate(%q, %d) is %d cells wide", tc.in, tc.width, w)
		}
	}
}

// FuzzString: whatever comes in, what comes out is valid UTF-8 that a
// terminal only prints, passes String unchanged, and fits the width asked.
func FuzzString(f *testing.F) {
	for _, s := range []string{"\x1b[2J", "\x1b]0;t\x07", "杭州", "\xff\xfe", "\u009b31m", "a\u202eb", "\x1b]52;c;eA==\x07"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		out := String(s)
		if !utf8.ValidString(out) {
			t.Fatalf("String(%q) = %q: not UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 || r == 0x7f || unsafeRune(r) {
				t.Fatalf("String(%q) = %q keeps %U", s, out, r)
			}
		}
		if String(out) != out || !Safe(out) {
			t.Fatalf("String(%q) = %q is not stable", s, out)
		}
		if Safe(s) && out != s {
			t.Fatalf("safe %q was changed to %q", s, out)
		}
		js, _ := json.Marshal(map[string]string{"v": s})
		safeJS := JSON(js)
		var back map[string]string
		if err := json.Unmarshal(safeJS, &back); err != nil {
			t.Fatalf("JSON(%s) = %s: not JSON: %v", js, safeJS, err)
		}
		var orig map[string]string
		_ = json.Unmarshal(js, &orig)
		if back["v"] != orig["v"] || !Safe(string(safeJS)) {
			t.Fatalf("JSON(%s) = %s changed the value or is unsafe", js, safeJS)
		}
		width = width % 200
		if width < 0 {
			width = -width
		}
		tr := Truncate(s, width)
		if w := Width(tr); w > width {
			t.Fatalf("Truncate(%q, %d) = %q, %d cells", s, width, tr, w)
		}
		if !Safe(tr) {
			t.Fatalf("Truncate(%q, %d) = %q is not safe", s, width, tr)
		}
	})
}
