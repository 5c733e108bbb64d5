package sandbox

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// request is a parsed API call: the parameters from the query and a form body, plus what the signature
// verifiers need. Parsing is bounded and never panics.
type request struct {
	method  string
	path    string
	host    string
	header  http.Header
	query   map[string]string // query parameters only (ACS3 signs these)
	params  map[string]string // query + form body
	body    []byte
	acs3    bool   // the call carries an ACS3 Authorization header
	rawAuth string // the Authorization header
}

func (q *request) action() string {
	if q.acs3 {
		return q.header.Get("x-acs-action")
	}
	return q.params["Action"]
}

func (q *request) version() string {
	if q.acs3 {
		return q.header.Get("x-acs-version")
	}
	return q.params["Version"]
}

// readRequest parses r; its only errors are RequestEntityTooLarge and InvalidParameter.
func readRequest(r *http.Request) (*request, *apiError) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, MaxRequestBytes+1))
		if err != nil {
			return nil, invalidParam("body", "it could not be read")
		}
		if len(b) > MaxRequestBytes {
			return nil, newErr(CodeRequestEntityTooLarge, "body")
		}
		body = b
	}
	auth := r.Header.Get("Authorization")
	return parseRequest(r.Method, r.URL.Path, r.Host, r.URL.RawQuery, r.Header.Get("Content-Type"), body, r.Header, auth)
}

// parseRequest is readRequest without net/http, so it can be fuzzed.
func parseRequest(method, path, host, rawQuery, contentType string, body []byte, header http.Header, auth string) (*request, *apiError) {
	if len(rawQuery) > MaxRequestBytes {
		return nil, newErr(CodeRequestEntityTooLarge, "query")
	}
	q := &request{method: method, path: path, host: host, header: header, body: body, rawAuth: auth,
		acs3: strings.HasPrefix(auth, "ACS3-")}
	if q.header == nil {
		q.header = http.Header{}
	}
	var err *apiError
	if q.query, err = parseForm(rawQuery, "query"); err != nil {
		return nil, err
	}
	q.params = make(map[string]string, len(q.query)+8)
	for k, v := range q.query {
		q.params[k] = v
	}
	if len(body) > 0 && isForm(contentType) {
		form, err := parseForm(string(body), "body")
		if err != nil {
			return nil, err
		}
		for k, v := range form {
			if _, dup := q.params[k]; dup {
				return nil, invalidParam(sanitize(k), "it is given more than once")
			}
			q.params[k] = v
		}
	}
	return q, nil
}

func isForm(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// parseForm decodes a=b&c=d strictly: a malformed escape or a repeated key is an error (the SDKs never send
// either, and a repeated key would make the signed form ambiguous).
func parseForm(s, where string) (map[string]string, *apiError) {
	out := map[string]string{}
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, invalidParam(where, "it holds a malformed percent-escape")
		}
		if key == "" {
			continue
		}
		if _, dup := out[key]; dup {
			return nil, invalidParam(sanitize(key), "it is given more than once")
		}
		out[key] = val
	}
	return out, nil
}

// sanitize keeps log and message values on one line, free of spaces and control characters, and short.
func sanitize(s string) string {
	const max = 100
	safe := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '=' || c == '\\' {
			safe = false
			break
		}
	}
	if len(s) > max {
		s, safe = s[:max], false
	}
	if safe && s != "" {
		return s
	}
	return strconv.Quote(s)
}
