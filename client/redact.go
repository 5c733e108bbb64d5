package client

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// What comes back from the service is untrusted text: the real API's
// SignatureDoesNotMatch message quotes the string it signed (every
// parameter, the PSK included), and a proxy may echo the signed URL. So
// every message is scrubbed of the secrets its call carried before anyone
// can show, log or encode it, and then made safe for a terminal.

// callSecrets are the secret values one call carried: the request's
// sensitive parameters (as sent) and the credentials it was signed with.
type callSecrets struct {
	mu     sync.Mutex
	values []string
}

func (s *callSecrets) add(vals ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		if v != "" && !slices.Contains(s.values, v) {
			s.values = append(s.values, v)
		}
	}
}

func (s *callSecrets) list() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.values)
}

// sensitiveParams are the request parameters whose values are secrets, in
// the query, the form body or the headers (ACS3).
var (
	sensitiveParams  = []string{"Psk", "Signature", "SecurityToken", "AccessKeySecret"}
	sensitiveHeaders = []string{"Authorization", "X-Acs-Security-Token", "X-Acs-Accesskey-Secret"}
)

// recordRequest notes the secrets req carries. The body is read through
// GetBody, a copy, so the request goes out untouched.
func recordRequest(req *http.Request, s *callSecrets) {
	if s == nil {
		return
	}
	params := req.URL.Query()
	if req.GetBody != nil && strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if body, err := req.GetBody(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(body, 1<<20))
			body.Close()
			if form, err := url.ParseQuery(string(b)); err == nil {
				for k, v := range form {
					params[k] = append(params[k], v...)
				}
			}
		}
	}
	for _, k := range sensitiveParams {
		s.add(params[k]...)
	}
	for _, h := range sensitiveHeaders {
		s.add(req.Header.Values(h)...)
	}
}

// recordingProvider notes the credentials a call is signed with.
type recordingProvider struct {
	inner credentials.CredentialsProvider
	s     *callSecrets
}

func (p recordingProvider) GetCredentials() (*credentials.Credentials, error) {
	cc, err := p.inner.GetCredentials()
	if cc != nil {
		p.s.add(cc.AccessKeySecret, cc.SecurityToken)
	}
	return cc, err
}

func (p recordingProvider) GetProviderName() string { return p.inner.GetProviderName() }

// secretsKey carries secrets a caller names on top of what the transport
// notes from the request itself (CreateIpsecServer names its key, in case
// the SDK ever sends it some other way).
type secretsKey struct{}

// withSecrets returns ctx carrying vals, scrubbed from every message of the
// calls made with it.
func withSecrets(ctx context.Context, vals ...string) context.Context {
	prev, _ := ctx.Value(secretsKey{}).([]string)
	return context.WithValue(ctx, secretsKey{}, append(slices.Clone(prev), vals...))
}

func secretsOf(ctx context.Context) []string {
	v, _ := ctx.Value(secretsKey{}).([]string)
	return v
}

var (
	// The signed string the real API quotes in SignatureDoesNotMatch (and
	// the canonical request of ACS3): everything from there on goes.
	signedStringRe = regexp.MustCompile(`(?is)((?:string\s*to\s*sign|canonical\s*request)(?:\s*is)?\s*:?).*`)
	// A sensitive parameter and its value, in a query string (plain,
	// percent-encoded once or more, as a string to sign holds it), JSON or
	// headers. The value ends where the next parameter starts (&, or %26 in
	// any depth of encoding), at white space or at a quote.
	sensitiveValueRe = regexp.MustCompile(`(?i)(Signature|SecurityToken|AccessKeySecret|access_key_secret|sts_token|Psk|x-acs-security-token|Authorization)` +
		`(%(?:25)*3D|=|"?\s*:\s*"?)` +
		`((?:[^&\s"'<>,;%]|%(?:25)*(?:[013-9a-f][0-9a-f]|2[0-47-9a-f]))*)`)
)

// scrub removes secrets from a message that came from the service: every
// value in secrets, in each form a message may quote it (plain, percent-
// encoded as a query or a string to sign does, once or twice, JSON- or
// HTML-escaped); the value of any Signature, SecurityToken, AccessKeySecret
// or Psk parameter even when its value is unknown here; and a quoted string
// to sign, cut out entirely.
func scrub(msg string, secrets []string) string {
	if msg == "" {
		return msg
	}
	var forms []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, f := range encodings(s) {
			// Escapes may come back in either case (%2F, %2f).
			forms = append(forms, f, lowerEscapes(f))
		}
	}
	// Longest first, so a form is never cut short by one it contains.
	// Plain byte replacement: a secret may be any bytes, even not UTF-8.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	for _, f := range slices.Compact(forms) {
		msg = strings.ReplaceAll(msg, f, "***")
	}
	msg = signedStringRe.ReplaceAllString(msg, "$1 [removed: it quotes the request, secrets included]")
	return sensitiveValueRe.ReplaceAllString(msg, "$1$2***")
}

// encodings are the forms a message may quote s in.
func encodings(s string) []string {
	out := []string{s, html.EscapeString(s), jsonEscaped(s)}
	level := []string{s}
	for range 3 {
		var next []string
		for _, v := range level {
			next = append(next, url.QueryEscape(v), percentEncode(v), url.PathEscape(v))
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// lowerEscapes is s with the hex digits of its %XX escapes in lower case.
func lowerEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' && isHex(b[i+1]) && isHex(b[i+2]) {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// percentEncode is the encoding of the API's signature (RFC 3986: space as
// %20, * as %2A, ~ kept).
func percentEncode(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
}

func jsonEscaped(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "/", `\/`).Replace(s)
}

// upstream is a text from the service made fit to show: scrubbed of the
// call's secrets, made safe for a terminal, and cut to n runes (0: no cut).
func upstream(msg string, secrets []string, n int) string {
	msg = termsafe.String(scrub(msg, secrets))
	if n > 0 {
		msg = truncate(msg, n)
	}
	return msg
}

// cleanError is an error whose text has been through upstream; it unwraps
// to the original, so errors.Is and errors.As still see what happened.
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

func cleaned(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	return &cleanError{msg: upstream(err.Error(), secrets, 1000), err: err}
}
