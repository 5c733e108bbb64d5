package sandbox

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The fuzz targets run their seed corpus under plain `go test`; `go test -fuzz=FuzzX` explores further.
// A fixed clock keeps the signed seeds valid forever.

func fixedNow() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

func signedQuery(action string, extra map[string]string) string {
	p := map[string]string{"Action": action, "Version": APIVersion, "Format": "JSON", "AccessKeyId": AccessKeyID,
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": "seed-nonce",
		"Timestamp": fixedNow().Format(creationLayout), "RegionId": "cn-hangzhou", "SignatureType": ""}
	for k, v := range extra {
		p[k] = v
	}
	mac := hmac.New(sha1.New, []byte(AccessKeySecret+"&"))
	mac.Write([]byte(rpcStringToSign(http.MethodPost, p)))
	p["Signature"] = base64.StdEncoding.EncodeToString(mac.Sum(nil))
	v := url.Values{}
	for k, val := range p {
		v.Set(k, val)
	}
	return v.Encode()
}

func fuzzServer(t testing.TB) *Server {
	s, err := New(Config{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func FuzzParseRequest(f *testing.F) {
	f.Add("Action=DescribeRegions&Version=2016-04-28", "", "")
	f.Add("a=%zz", "b=1", "application/x-www-form-urlencoded")
	f.Add("a=1&a=2", "", "")
	f.Add("", "a=1&a=2", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add("Action=X", "Action=Y", "application/x-www-form-urlencoded")
	f.Add(strings.Repeat("x", 100), "\x00\xff", "text/plain")
	f.Fuzz(func(t *testing.T, query, body, ctype string) {
		q, err := parseRequest(http.MethodPost, "/", "h", query, ctype, []byte(body), nil, "")
		if (q == nil) == (err == nil) {
			t.Fatalf("want exactly one of request and error: %v %v", q, err)
		}
		if q != nil {
			for k := range q.query {
				if q.params[k] != q.query[k] {
					t.Fatalf("query %q lost", k)
				}
			}
		}
	})
}

func FuzzVerifyRPC(f *testing.F) {
	s := fuzzServer(f)
	f.Add(signedQuery("DescribeVpnGateways", nil))
	f.Add(signedQuery("CreateIpsecServer", map[string]string{"Psk": "a b*c~d+e", "IkeConfig": `{"IkeVersion":"ikev2"}`}))
	f.Add("SignatureMethod=HMAC-SHA256&Signature=x&AccessKeyId=sandbox")
	f.Add("Action=A&Version=B&AccessKeyId=nobody&Signature=s&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&Timestamp=2026-01-02T03:04:05Z")
	f.Fuzz(func(t *testing.T, query string) {
		q, err := parseRequest(http.MethodPost, "/", "h", query, "", nil, nil, "")
		if err != nil {
			return
		}
		id, _, verr := s.verifyRPC(q)
		if verr == nil && id != AccessKeyID && id != ReadOnlyAccessKeyID {
			t.Fatalf("accepted key %q", id)
		}
	})
}

func acs3Seed(query, body string) (auth, date, nonce, sum string) {
	date, nonce = fixedNow().Format(creationLayout), "seed-nonce"
	b := sha256.Sum256([]byte(body))
	sum = hex.EncodeToString(b[:])
	q, _ := parseRequest(http.MethodPost, "/", "h", query, "", []byte(body), acs3Header("DescribeRegions", date, nonce, sum, ""), "")
	signed := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	c := sha256.Sum256([]byte(acs3CanonicalRequest(q, signed, sum)))
	mac := hmac.New(sha256.New, []byte(AccessKeySecret))
	mac.Write([]byte(acs3Algorithm + "\n" + hex.EncodeToString(c[:])))
	auth = acs3Algorithm + " Credential=" + AccessKeyID + ",SignedHeaders=" + strings.Join(signed, ";") +
		",Signature=" + hex.EncodeToString(mac.Sum(nil))
	return auth, date, nonce, sum
}

func acs3Header(action, date, nonce, sum, auth string) http.Header {
	h := http.Header{}
	h.Set("x-acs-action", action)
	h.Set("x-acs-version", APIVersion)
	h.Set("x-acs-date", date)
	h.Set("x-acs-signature-nonce", nonce)
	h.Set("x-acs-content-sha256", sum)
	if auth != "" {
		h.Set("Authorization", auth)
	}
	return h
}

func FuzzVerifyACS3(f *testing.F) {
	s := fuzzServer(f)
	auth, date, nonce, sum := acs3Seed("RegionId=cn-hangzhou", "")
	f.Add(auth, "RegionId=cn-hangzhou", "", date, nonce, sum)
	f.Add("ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=", "", "", date, nonce, sum)
	f.Add("ACS3-HMAC-SHA256 Credential=sandbox,SignedHeaders=host;x-acs-date,Signature=00", "a=b", "x", date, "n", sum)
	f.Add("ACS3-HMAC-SHA256 a,b,c", "", "", "bad", "", "")
	f.Fuzz(func(t *testing.T, auth, query, body, date, nonce, sum string) {
		h := acs3Header("DescribeRegions", date, nonce, sum, auth)
		q, err := parseRequest(http.MethodPost, "/", "h", query, "", []byte(body), h, auth)
		if err != nil {
			return
		}
		id, _, verr := s.verifyACS3(q)
		if verr == nil && id != AccessKeyID {
			t.Fatalf("accepted key %q", id)
		}
	})
}

// FuzzServeHTTP drives the whole handler; it must always answer JSON and never panic.
func FuzzServeHTTP(f *testing.F) {
	s := fuzzServer(f)
	f.Add("POST", signedQuery("DescribeVpnGateway", map[string]string{"VpnGatewayId": "vpn-sandbox-ready"}), "")
	f.Add("POST", signedQuery("CreateIpsecServer", map[string]string{"VpnGatewayId": "vpn-sandbox-ready",
		"LocalSubnet": "172.16.0.0/16,::/0", "ClientIpPool": "192.168.0.0/24", "PskEnabled": "true",
		"IkeConfig": `{"IkeLifetime":"86400","LocalId":"a b"}`, "IpsecConfig": `[1]`}), "")
	f.Add("GET", signedQuery("ListIpsecServers", map[string]string{"NextToken": "-1", "IpsecServerId.99": "x"}), "")
	f.Add("POST", signedQuery("ListIpsecServerLogs", map[string]string{"IpsecServerId": ExistingServerID,
		"From": "-1", "To": "99999999999999", "PageSize": "50"}), "")
	f.Add("POST", signedQuery("DescribeRouteEntryList", map[string]string{"RouteTableId": "vtb-sandbox-ready",
		"DestCidrBlockList.1": "::/0", "NextToken": "2"}), "")
	f.Add("POST", signedQuery("DescribeVpnGateways", map[string]string{"Tag.1.Key": "case", "Tag.21.Value": "x"}), "")
	f.Add("DELETE", "", "")
	f.Add("POST", "%", "%%")
	f.Fuzz(func(t *testing.T, method, query, body string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") {
			return
		}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Method = method
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code == http.StatusInternalServerError || !strings.HasPrefix(w.Body.String(), "{") {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
	})
}

// TestFuzzSeedsVerify keeps the signed seeds meaningful: they pass verification.
func TestFuzzSeedsVerify(t *testing.T) {
	s := fuzzServer(t)
	q, _ := parseRequest(http.MethodPost, "/", "h", signedQuery("DescribeRegions", map[string]string{"X": "a b*~"}), "", nil, nil, "")
	if _, _, err := s.verifyRPC(q); err != nil {
		t.Fatalf("RPC seed: %v", err)
	}
	auth, date, nonce, sum := acs3Seed("RegionId=cn-hangzhou&Name=a%20b%2A", "")
	q, _ = parseRequest(http.MethodPost, "/", "h", "RegionId=cn-hangzhou&Name=a%20b%2A", "", nil, acs3Header("DescribeRegions", date, nonce, sum, auth), auth)
	if _, _, err := s.verifyACS3(q); err != nil {
		t.Fatalf("ACS3 seed: %v", err)
	}
}

// FuzzStateFile: the state file parser never panics, and what it accepts survives a write and a read back
// unchanged (so a restart never rewrites state silently).
func FuzzStateFile(f *testing.F) {
	s := fuzzServer(f)
	s.mu.RLock()
	good, _ := json.Marshal(s.snapshot())
	s.mu.RUnlock()
	f.Add(good)
	f.Add([]byte(`{"Format":1,"Servers":null}`))
	f.Add([]byte(`{"Format":1,"SavedAt":"2026-01-02T03:04:05Z","Servers":[],"Tokens":[],"Changes":[]}`))
	f.Add([]byte(`{"Format":1,"SavedAt":"2026-01-02T03:04:05Z","Servers":[],"Tokens":[{"Key":"CreateIpsecServer\u0000t","Fingerprint":"` +
		strings.Repeat("0", 64) + `","Result":{},"At":"2026-01-02T03:04:05Z"}],"Changes":[{"RegionId":"cn-hangzhou","VpnGatewayId":"vpn-sandbox-ready","AcceptedAt":"2026-01-02T03:04:05Z","UpdatingAt":"2026-01-02T03:04:05Z","ActiveAt":"2026-01-02T03:04:06Z"}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := s.parseState(b)
		if err != nil {
			return
		}
		again, err := json.Marshal(st)
		if err != nil {
			t.Fatalf("accepted state does not encode: %v", err)
		}
		st2, err := s.parseState(again)
		if err != nil {
			t.Fatalf("accepted state refused after a round trip: %v\n%s", err, again)
		}
		if b2, _ := json.Marshal(st2); string(b2) != string(again) {
			t.Fatalf("round trip changed the state:\n%s\n%s", again, b2)
		}
	})
}
