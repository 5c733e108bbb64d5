package sandbox

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // RPC signature v1 is HMAC-SHA1 by definition
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"net/url"
	"sort"
	"strings"
	"time"
)

// secretFor maps the sandbox's access key ids to their secrets.
func secretFor(keyID string) (string, bool) {
	switch keyID {
	case AccessKeyID:
		return AccessKeySecret, true
	case ReadOnlyAccessKeyID:
		return ReadOnlyAccessKeySecret, true
	case NoLogsAccessKeyID:
		return NoLogsAccessKeySecret, true
	}
	return "", false
}

// verify checks the call's signature (RPC v1 or ACS3) and nonce; it returns the access key id.
// Order: mandatory parameters, access key, timestamp, signature, nonce (a bad signature burns no nonce).
func (s *Server) verify(q *request) (string, *apiError) {
	var keyID, nonce string
	var err *apiError
	if q.acs3 {
		keyID, nonce, err = s.verifyACS3(q)
	} else {
		keyID, nonce, err = s.verifyRPC(q)
	}
	if err != nil {
		return "", err
	}
	if !s.nonces.add(keyID+"\x00"+nonce, s.now()) {
		return "", newErr(CodeSignatureNonceUsed)
	}
	return keyID, nil
}

// checkTimestamp accepts ISO 8601 UTC within TimestampWindow of the sandbox clock.
func (s *Server) checkTimestamp(ts string) *apiError {
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return newErr(CodeInvalidTimeStampFormat)
	}
	if d := s.now().Sub(t); d > TimestampWindow || d < -TimestampWindow {
		return newErr(CodeInvalidTimeStampExpired)
	}
	return nil
}

func (s *Server) verifyRPC(q *request) (keyID, nonce string, e *apiError) {
	p := q.params
	for _, name := range []string{"Action", "Version", "AccessKeyId", "Signature", "SignatureMethod",
		"SignatureVersion", "SignatureNonce", "Timestamp"} {
		if p[name] == "" {
			return "", "", missingParam(name)
		}
	}
	var newHash func() hash.Hash
	switch p["SignatureMethod"] {
	case "HMAC-SHA1":
		newHash = sha1.New
	case "HMAC-SHA256":
		newHash = sha256.New
	default:
		return "", "", newErr(CodeIncompleteSignature, "SignatureMethod "+sanitize(p["SignatureMethod"])+" is not supported")
	}
	if p["SignatureVersion"] != "1.0" {
		return "", "", newErr(CodeIncompleteSignature, "SignatureVersion "+sanitize(p["SignatureVersion"])+" is not supported")
	}
	keyID = p["AccessKeyId"]
	secret, ok := secretFor(keyID)
	if !ok {
		return "", "", newErr(CodeInvalidAccessKeyIDNotFound)
	}
	if err := s.checkTimestamp(p["Timestamp"]); err != nil {
		return "", "", err
	}
	mac := hmac.New(newHash, []byte(secret+"&"))
	mac.Write([]byte(rpcStringToSign(q.method, p)))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(p["Signature"])) {
		return "", "", newErr(CodeSignatureDoesNotMatch)
	}
	return keyID, p["SignatureNonce"], nil
}

// rpcStringToSign is METHOD&%2F&enc(sorted enc(k)=enc(v) joined by &), over every parameter but Signature.
func rpcStringToSign(method string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(percentEncode(k))
		b.WriteByte('=')
		b.WriteString(percentEncode(params[k]))
	}
	return method + "&%2F&" + percentEncode(b.String())
}

// acsEscaper turns url.QueryEscape output into RFC 3986 encoding as Alibaba Cloud signs it: space as %20,
// * as %2A, ~ kept.
var acsEscaper = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

func percentEncode(s string) string { return acsEscaper.Replace(url.QueryEscape(s)) }
