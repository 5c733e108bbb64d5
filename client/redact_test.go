package client

import (
	"net/url"
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	const psk = "Xk7+pQ2/vL9=&x%y"
	pe := percentEncode
	for _, tc := range []struct {
		name, in string
		secrets  []string
		gone     []string // must not survive
		kept     []string // must survive
	}{
		{name: "string to sign", in: "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Dtest%26Psk%3D" + pe(pe(psk)),
			gone: []string{"POST&", pe(pe(psk)), "AccessKeyId%3D"}, kept: []string{"Specified signature is not matched", "string to sign is:"}},
		{name: "known key, every encoding", in: "a " + psk + " b " + url.QueryEscape(psk) + " c " + pe(pe(psk)) + " d Xk7%2bpQ2%2fvL9%3d%26x%25y e",
			secrets: []string{psk}, gone: []string{psk, url.QueryEscape(psk), pe(pe(psk)), "Xk7%2bpQ2%2fvL9%3d%26x%25y"}, kept: []string{"a ", " b ", " d ", " e"}},
		{name: "a key that is not UTF-8", in: "x 000\xb1 y", secrets: []string{"000\xb1"}, gone: []string{"000\xb1"}, kept: []string{"x ", " y"}},
		{name: "unknown signature in a URL", in: "GET http://vpc/?AccessKeyId=id&Signature=abc%2Bdef%3D&SignatureMethod=HMAC-SHA1&SecurityToken=tok&x=1",
			gone: []string{"abc%2Bdef%3D", "=tok"}, kept: []string{"AccessKeyId=id", "SignatureMethod=HMAC-SHA1", "&x=1"}},
		{name: "encoded parameters end at an encoded &", in: "q=Signature%3Dsig%26SignatureNonce%3Dn1%26Psk%253Dk%2526Timestamp%253Dt",
			gone: []string{"sig", "%253Dk"}, kept: []string{"SignatureNonce%3Dn1", "Timestamp%253Dt"}},
		{name: "JSON", in: `{"Psk":"hunter2","PskEnabled":true,"access_key_secret": "s3"}`,
			gone: []string{"hunter2", `"s3"`}, kept: []string{`"PskEnabled":true`}},
		{name: "plain text is kept", in: "The gateway is being configured. Psk must be printable.",
			kept: []string{"The gateway is being configured. Psk must be printable."}},
	} {
		got := scrub(tc.in, tc.secrets)
		for _, g := range tc.gone {
			if strings.Contains(got, g) {
				t.Errorf("%s: %q survives in %q", tc.name, g, got)
			}
		}
		for _, k := range tc.kept {
			if !strings.Contains(got, k) {
				t.Errorf("%s: %q was lost: %q", tc.name, k, got)
			}
		}
	}
}

// FuzzScrub: a known secret never survives scrubbing in any of the forms a
// message may quote it in, wherever it sits in the message.
func FuzzScrub(f *testing.F) {
	f.Add("server string to sign is:POST&%2F&Psk%3D", "Xk7+pQ2/vL9=&x%y", "prefix ")
	f.Add("", "s3cret", "")
	f.Add("Signature=", "a b*c~d", "&x=1")
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		if len(secret) < 4 || strings.ContainsAny(secret, "\x00") {
			return
		}
		for _, form := range encodings(secret) {
			msg := before + form + after
			got := scrub(msg, []string{secret})
			for _, g := range []string{secret, url.QueryEscape(secret), percentEncode(secret), percentEncode(percentEncode(secret))} {
				if strings.Contains(got, g) && !strings.Contains(before+after, g) {
					t.Fatalf("scrub(%q) = %q keeps %q", msg, got, g)
				}
			}
		}
	})
}
