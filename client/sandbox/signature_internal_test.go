package sandbox

import (
	"net/url"
	"testing"
)

// percentEncode is the one-pass form of the replacer over url.QueryEscape
// the SDKs' signing is described by: the same bytes for every input.
func FuzzPercentEncode(f *testing.F) {
	for _, s := range []string{"", "a b", "*~+%", "杭州", "\xff\x00", "Action=Create&x=1/2", "IkeConfig={\"IkeEncAlg\":\"aes\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := percentEncode(s), acsEscaper.Replace(url.QueryEscape(s)); got != want {
			t.Fatalf("percentEncode(%q) = %q, want %q", s, got, want)
		}
	})
}
