package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// acs3Auth is a parsed "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex" header.
type acs3Auth struct {
	keyID         string
	signedHeaders []string
	signature     string
}

const acs3Algorithm = "ACS3-HMAC-SHA256"

func parseACS3Auth(h string) (acs3Auth, bool) {
	rest, ok := strings.CutPrefix(h, acs3Algorithm+" ")
	if !ok {
		return acs3Auth{}, false
	}
	var a acs3Auth
	var haveCred, haveSigned, haveSig bool
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return acs3Auth{}, false
		}
		switch k {
		case "Credential":
			a.keyID, haveCred = v, true
		case "SignedHeaders":
			if v == "" {
				return acs3Auth{}, false
			}
			a.signedHeaders, haveSigned = strings.Split(v, ";"), true
		case "Signature":
			a.signature, haveSig = v, true
		default:
			return acs3Auth{}, false
		}
	}
	return a, haveCred && haveSigned && haveSig && a.keyID != "" && a.signature != ""
}

// verifyACS3 checks an ACS3-HMAC-SHA256 request as darabonba-openapi v2 signs it (openapi-util
// GetAuthorization): canonical request = method, path, sorted query, canonical headers, signed header list,
// hex SHA-256 of the body; signature = hex HMAC-SHA256(secret, algorithm + "\n" + hex SHA-256(canonical)).
func (s *Server) verifyACS3(q *request) (keyID, nonce string, e *apiError) {
	for _, name := range []string{"x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
		"x-acs-content-sha256"} {
		if q.header.Get(name) == "" {
			return "", "", missingParam(name)
		}
	}
	auth, ok := parseACS3Auth(q.rawAuth)
	if !ok {
		return "", "", newErr(CodeIncompleteSignature, "the Authorization header is malformed or not "+acs3Algorithm)
	}
	signed := map[string]bool{}
	for _, h := range auth.signedHeaders {
		if h != strings.ToLower(h) || h == "" {
			return "", "", newErr(CodeIncompleteSignature, "SignedHeaders must be lower case")
		}
		signed[h] = true
	}
	if !signed["host"] {
		return "", "", newErr(CodeIncompleteSignature, "SignedHeaders must include host")
	}
	for name := range q.header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-acs-") && !signed[l] {
			return "", "", newErr(CodeIncompleteSignature, "header "+sanitize(l)+" is not signed")
		}
	}
	secret, ok := secretFor(auth.keyID)
	if !ok {
		return "", "", newErr(CodeInvalidAccessKeyIDNotFound)
	}
	if err := s.checkTimestamp(q.header.Get("x-acs-date")); err != nil {
		return "", "", err
	}
	payloadHash := q.header.Get("x-acs-content-sha256")
	bodySum := sha256.Sum256(q.body)
	if !strings.EqualFold(payloadHash, hex.EncodeToString(bodySum[:])) {
		return "", "", newErr(CodeSignatureDoesNotMatch)
	}
	canonical := acs3CanonicalRequest(q, auth.signedHeaders, payloadHash)
	sum := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(acs3Algorithm + "\n" + hex.EncodeToString(sum[:])))
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(auth.signature))) {
		return "", "", newErr(CodeSignatureDoesNotMatch)
	}
	return auth.keyID, q.header.Get("x-acs-signature-nonce"), nil
}

func acs3CanonicalRequest(q *request, signedHeaders []string, payloadHash string) string {
	uri := q.path
	if uri == "" {
		uri = "/"
	}
	uri = acsEscaper.Replace(uri)

	var qs strings.Builder
	for i, k := range slices.Sorted(maps.Keys(q.query)) {
		if i > 0 {
			qs.WriteByte('&')
		}
		qs.WriteString(k)
		qs.WriteByte('=')
		qs.WriteString(url.QueryEscape(q.query[k]))
	}

	var hs strings.Builder
	for _, h := range signedHeaders {
		var vals []string
		if h == "host" {
			vals = []string{q.host}
		} else {
			for _, v := range q.header.Values(h) {
				vals = append(vals, strings.TrimSpace(v))
			}
			sort.Strings(vals)
		}
		hs.WriteString(h)
		hs.WriteByte(':')
		hs.WriteString(strings.Join(vals, ","))
		hs.WriteByte('\n')
	}
	return q.method + "\n" + uri + "\n" + acsEscaper.Replace(qs.String()) + "\n" + hs.String() + "\n" +
		strings.Join(signedHeaders, ";") + "\n" + payloadHash
}
