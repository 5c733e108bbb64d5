package client_test

// What the service answers is untrusted: these tests put a real HTTP server
// on loopback in front of the real client, answering as the real service
// (or a proxy before it) would when it misbehaves, and check what reaches
// the errors, explanations and JSON every front end shows.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// Secrets of the upstream tests. The key has characters that change under
// percent-encoding, so every encoded form of it is put to the test.
const (
	upstreamKeyID  = "LTAI-upstream-id"
	upstreamSecret = "upstream/Secret+Key=42"
	upstreamToken  = "CAIS+sts/Token=="
	upstreamPsk    = "Xk7+pQ2/vL9=&x%y~*z"
)

// apiRequest is what the test server read of a request: every parameter,
// from the query and the form body.
type apiRequest struct {
	method string
	params url.Values
}

func readAPIRequest(r *http.Request) apiRequest {
	params := r.URL.Query()
	if err := r.ParseForm(); err == nil {
		for k, v := range r.PostForm {
			params[k] = append(params[k], v...)
		}
	}
	return apiRequest{method: r.Method, params: params}
}

// percentEncode is the API's signature encoding (RFC 3986).
func percentEncode(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
}

// stringToSign is what the real service signs and, on
// SignatureDoesNotMatch, quotes: METHOD&%2F&the sorted, encoded parameters,
// encoded once more (so the PSK is in it twice encoded).
func (r apiRequest) stringToSign() string {
	var keys []string
	for k := range r.params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		pairs = append(pairs, percentEncode(k)+"="+percentEncode(r.params.Get(k)))
	}
	return r.method + "&" + percentEncode("/") + "&" + percentEncode(strings.Join(pairs, "&"))
}

// hostileServer is an HTTP server on loopback that answers every call with
// answer(request).
func hostileServer(t *testing.T, answer func(w http.ResponseWriter, req apiRequest)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer(w, readAPIRequest(r))
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

func upstreamClient(t *testing.T, endpoint string) *client.Client {
	t.Helper()
	return newClient(t, client.Options{Endpoint: endpoint,
		Credentials: &client.Credentials{AccessKeyId: upstreamKeyID, AccessKeySecret: upstreamSecret, SecurityToken: upstreamToken},
		Retry:       client.RetryPolicy{MaxAttempts: 1}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// everyForm is each way a message could quote a secret.
func everyForm(secret string) []string {
	return []string{secret, url.QueryEscape(secret), percentEncode(secret), percentEncode(percentEncode(secret)),
		url.QueryEscape(url.QueryEscape(secret)), url.PathEscape(secret)}
}

// shownTexts are the texts of err every front end can show: its message,
// the explanation and the JSON error object.
func shownTexts(err error) map[string]string {
	x := client.Explain(err)
	js, _ := json.Marshal(client.NewErrorInfo(err))
	return map[string]string{"Error()": err.Error(), "Summary": x.Summary, "Detail": x.Detail, "Remedy": x.Remedy,
		"RequestId": x.RequestId, "Link": x.Link, "JSON": string(js), "Summary JSON": string(client.ErrorSummary(err).JSON()),
		"Summary text": client.ErrorSummary(err).Text()}
}

// safeText: a text of lines (a summary, indented JSON) safe for a terminal.
func safeText(s string) bool { return termsafe.Safe(strings.ReplaceAll(s, "\n", "")) }

func checkNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for where, text := range shownTexts(err) {
		for _, s := range secrets {
			for _, form := range everyForm(s) {
				if strings.Contains(text, form) {
					t.Errorf("%s quotes a secret (%q as %q):\n%s", where, s, form, text)
				}
			}
		}
	}
}

// The real API's SignatureDoesNotMatch quotes the string it signed: with a
// create, every parameter, the PSK in it. A proxy in front may echo the
// signed URL, Signature and SecurityToken included. None of it is shown.
func TestUpstreamMessagesAreScrubbed(t *testing.T) {
	t.Parallel()
	var (
		mu        sync.Mutex
		signature string
	)
	noteSignature := func(req apiRequest) {
		mu.Lock()
		defer mu.Unlock()
		signature = req.params.Get("Signature")
	}
	cases := []struct {
		name   string
		answer func(w http.ResponseWriter, req apiRequest)
	}{
		{"SignatureDoesNotMatch", func(w http.ResponseWriter, req apiRequest) {
			noteSignature(req)
			writeJSON(w, 400, map[string]string{
				"RequestId": "5E5E1A43-0C8A-4B2F-9B3E-2A1F0E8D7C6B", "HostId": "vpc.aliyuncs.com", "Code": "SignatureDoesNotMatch",
				"Message":   "Specified signature is not matched with our calculation. server string to sign is:" + req.stringToSign(),
				"Recommend": "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=Vpc&Signature=" + url.QueryEscape(req.params.Get("Signature")),
			})
		}},
		{"proxy echoing the URL", func(w http.ResponseWriter, req apiRequest) {
			noteSignature(req)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body><h1>502 Bad Gateway</h1><p>upstream failed for POST http://vpc.aliyuncs.com/?%s</p><p>form: Psk=%s SecurityToken: %s</p></body></html>",
				req.params.Encode(), req.params.Get("Psk"), req.params.Get("SecurityToken"))
		}},
		{"proxy echoing the signed string raw", func(w http.ResponseWriter, req apiRequest) {
			noteSignature(req)
			w.WriteHeader(503)
			fmt.Fprintf(w, "denied: psk=%s signature %s token %s secret %s", req.params.Get("Psk"), req.params.Get("Signature"),
				req.params.Get("SecurityToken"), upstreamSecret)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := upstreamClient(t, hostileServer(t, tc.answer))
			spec := readySpec()
			spec.Psk = upstreamPsk
			_, err := c.CreateIpsecServer(testContext(t), &spec)
			if err == nil {
				t.Fatal("the create succeeded against a server that refuses it")
			}
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %T %v, want an *APIError", err, err)
			}
			mu.Lock()
			sig := signature
			mu.Unlock()
			if sig == "" {
				t.Fatal("the request carried no Signature: the test proves nothing")
			}
			checkNoSecret(t, err, upstreamPsk, upstreamSecret, upstreamToken, sig)
			if strings.Contains(err.Error(), "POST&") {
				t.Errorf("the string to sign is still quoted: %v", err)
			}
		})
	}
}

// A hostile answer's texts reach every front end escaped: names and
// descriptions of gateways and regions, and an error's code, message and
// RequestId; the ids, which go back to the API, are kept as they came.
func TestHostileAnswersAreMadeSafe(t *testing.T) {
	t.Parallel()
	hostile := []string{
		"\x1b[2J\x1b[Hwiped", "\x1b]0;pwned title\x07", "\x1b]52;c;cm0gLXJmIH4K\x07", "杭州-办公室-网关-" + strings.Repeat("宽", 200),
		strings.Repeat("long", 125), "new\nline\u202eevil\u009b2J",
	}
	endpoint := hostileServer(t, func(w http.ResponseWriter, req apiRequest) {
		switch req.params.Get("Action") {
		case "DescribeRegions":
			var regions []map[string]string
			for i, h := range hostile {
				regions = append(regions, map[string]string{"RegionId": fmt.Sprintf("cn-h%d", i), "LocalName": h, "RegionEndpoint": h})
			}
			writeJSON(w, 200, map[string]any{"RequestId": "r", "Regions": map[string]any{"Region": regions}})
		case "DescribeVpnGateways":
			var gws []map[string]any
			for i, h := range hostile {
				gws = append(gws, map[string]any{"VpnGatewayId": fmt.Sprintf("vpn-hostile%d", i), "Name": h, "Description": h,
					"Status": "active" + h, "BusinessStatus": h, "Spec": h, "VpnType": h})
			}
			writeJSON(w, 200, map[string]any{"RequestId": "r", "TotalCount": len(gws), "VpnGateways": map[string]any{"VpnGateway": gws}})
		case "DescribeVpnGateway":
			writeJSON(w, 200, map[string]any{"RequestId": "r", "VpnGatewayId": "vpn-\x1b]0;id\x07", "Name": hostile[1], "Status": hostile[0]})
		case "CreateIpsecServer":
			writeJSON(w, 400, map[string]string{"RequestId": "req\x1b]0;t\x07", "Code": "Hostile.\x1b[2J", "Message": hostile[2] + hostile[0],
				"Recommend": "https://x/\x1b]52;c;eA==\x07"})
		default:
			w.WriteHeader(500)
			io.WriteString(w, "<html>\x1b[2J\x1b]0;down\x07 internal error "+strings.Repeat("z", 2000)+"</html>")
		}
	})
	c := upstreamClient(t, endpoint)
	ctx := testContext(t)
	safe := func(where, s string, width int) {
		t.Helper()
		if !termsafe.Safe(s) {
			t.Errorf("%s is not safe for a terminal: %q", where, s)
		}
		if width > 0 && termsafe.Width(s) > width {
			t.Errorf("%s is %d cells wide, over %d", where, termsafe.Width(s), width)
		}
	}
	regions, err := c.DescribeRegions(ctx)
	if err != nil || len(regions) != len(hostile) {
		t.Fatalf("DescribeRegions: %v %v", regions, err)
	}
	for _, r := range regions {
		safe("region LocalName", r.LocalName, 128)
		safe("region endpoint", r.RegionEndpoint, 128)
	}
	gws, err := c.ListGateways(ctx, "")
	if err != nil || len(gws) != len(hostile) {
		t.Fatalf("ListGateways: %v %v", gws, err)
	}
	for i, g := range gws {
		safe("gateway Name", g.Name, 128)
		safe("gateway Description", g.Description, 256)
		for _, s := range []string{g.Status, g.BusinessStatus, g.Spec, g.VpnType} {
			safe("gateway status field", s, 64)
		}
		if g.VpnGatewayId != fmt.Sprintf("vpn-hostile%d", i) {
			t.Errorf("the id was changed: %q", g.VpnGatewayId)
		}
	}
	if !strings.Contains(gws[0].Name, `\x1b[2J`) || !strings.Contains(gws[3].Name, "杭州-办公室-网关") {
		t.Errorf("the hostile names are not shown escaped: %q, %q", gws[0].Name, gws[3].Name)
	}
	gw, err := c.DescribeGateway(ctx, "", "vpn-x")
	if err != nil {
		t.Fatal(err)
	}
	safe("DescribeVpnGateway Name", gw.Name, 128)
	safe("DescribeVpnGateway Status", gw.Status, 64)
	if gw.VpnGatewayId != "vpn-\x1b]0;id\x07" {
		t.Errorf("the id was changed in the data: %q (display sites escape it)", gw.VpnGatewayId)
	}
	if text := client.GatewayText(gw); !termsafe.Safe(strings.ReplaceAll(text, "\n", "")) {
		t.Errorf("GatewayText is not safe: %q", text)
	}

	spec := readySpec()
	_, err = c.CreateIpsecServer(ctx, &spec)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("create: %T %v", err, err)
	}
	for where, s := range map[string]string{"Code": apiErr.Code, "Message": apiErr.Message, "RequestId": apiErr.RequestId, "Recommend": apiErr.Recommend} {
		safe("APIError."+where, s, 0)
	}
	for where, s := range shownTexts(err) {
		if !safeText(s) {
			t.Errorf("%s is not safe: %q", where, s)
		}
	}
	if !strings.Contains(apiErr.Message, `\x1b]52;`) {
		t.Errorf("the message is not shown escaped: %q", apiErr.Message)
	}

	// A non-JSON 5xx: its body is the message, cut and escaped.
	_, err = c.VpcCIDRs(ctx, "", "vpc-x")
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 500 {
		t.Fatalf("VpcCIDRs: %T %v", err, err)
	}
	safe("5xx body", apiErr.Message, 0)
	if len(apiErr.Message) > 600 {
		t.Errorf("the 5xx body is not cut: %d bytes", len(apiErr.Message))
	}
}

// An answer the SDK cannot decode, or one far larger than the API sends,
// is a malformed answer: the message says so without quoting the body
// (ListIpsecServers answers hold each server's key).
func TestMalformedAndHugeAnswers(t *testing.T) {
	t.Parallel()
	endpoint := hostileServer(t, func(w http.ResponseWriter, req apiRequest) {
		switch req.params.Get("Action") {
		case "ListIpsecServers":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"RequestId":"r","IpsecServers":[{"IpsecServerId":"iss-1","Psk":"`+upstreamPsk+`","MaxConnections":"many"}]}`)
		default:
			w.Header().Set("Content-Type", "application/json")
			chunk := []byte(`{"RequestId":"` + strings.Repeat("x", 1<<16))
			for sent := 0; sent < client.MaxAnswerSize+(1<<20); sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	})
	c := upstreamClient(t, endpoint)
	ctx := testContext(t)
	_, err := c.ListIpsecServers(ctx, "", "vpn-x")
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "malformed answer") {
		t.Fatalf("undecodable answer: %T %v", err, err)
	}
	checkNoSecret(t, err, upstreamPsk)
	if !client.MayHaveReached(err) {
		t.Errorf("an unreadable answer must leave open that the call was carried out")
	}
	_, err = c.DescribeGateway(ctx, "", "vpn-x")
	if !errors.As(err, &netErr) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("huge answer: %T %v", err, err)
	}
}

// A server that answers garbage instead of HTTP: the network error's text
// is safe for a terminal.
func TestGarbageAnswerIsSafe(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				_, _ = conn.Read(buf)
				_, _ = io.WriteString(conn, "\x1b[2J\x1b]0;owned\x07HTTP/9 nonsense\r\n\r\n")
			}()
		}
	}()
	c := upstreamClient(t, ln.Addr().String())
	_, err = c.DescribeGateway(testContext(t), "", "vpn-x")
	var netErr *client.NetworkError
	if !errors.As(err, &netErr) {
		t.Fatalf("garbage answer: %T %v", err, err)
	}
	for where, s := range shownTexts(err) {
		if !safeText(s) {
			t.Errorf("%s is not safe: %q", where, s)
		}
	}
}

// FuzzAPIAnswers: whatever a server answers (status and body), the client
// never panics, an error's every shown text is safe for a terminal and
// quotes no secret of the call, and a gateway's display texts are safe.
func FuzzAPIAnswers(f *testing.F) {
	f.Add(200, []byte(`{"RequestId":"r","TotalCount":1,"VpnGateways":{"VpnGateway":[{"VpnGatewayId":"vpn-1","Name":"\u001b[2J"}]}}`))
	f.Add(400, []byte(`{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&Psk%3D`+url.QueryEscape(url.QueryEscape(upstreamPsk))+`"}`))
	f.Add(500, []byte("<html>\x1b]0;t\x07</html>"))
	f.Add(200, []byte(`{"TotalCount":"x"}`))
	f.Add(200, []byte(`{"VpnGateways":{"VpnGateway":[{"SslMaxConnections":"1"}]}}`))
	f.Add(404, []byte(`{"Code":1,"Message":{"a":2}}`))
	var (
		mu     sync.Mutex
		status int
		body   []byte
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		st, b := status, body
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(st)
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	c, err := client.New(context.Background(), client.Options{Endpoint: srv.Listener.Addr().String(),
		Credentials: &client.Credentials{AccessKeyId: upstreamKeyID, AccessKeySecret: upstreamSecret},
		Retry:       client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		f.Fatal(err)
	}
	defer c.Close()
	f.Fuzz(func(t *testing.T, st int, b []byte) {
		if st < 200 || st > 599 {
			st = 200 + (st%400+400)%400
		}
		mu.Lock()
		status, body = st, b
		mu.Unlock()
		ctx := testContext(t)
		gws, err := c.ListGateways(ctx, "")
		for _, g := range gws {
			for _, s := range []string{g.Name, g.Description, g.Status, g.BusinessStatus, g.Spec, g.VpnType} {
				if !termsafe.Safe(s) {
					t.Fatalf("gateway text %q is not safe", s)
				}
			}
		}
		spec := readySpec()
		spec.Psk = ipsec.Secret(upstreamPsk)
		_, cerr := c.CreateIpsecServer(ctx, &spec)
		for _, e := range []error{err, cerr} {
			if e == nil {
				continue
			}
			for where, s := range shownTexts(e) {
				if !safeText(s) {
					t.Fatalf("%s is not safe: %q", where, s)
				}
				for _, secret := range []string{upstreamPsk, upstreamSecret} {
					if strings.Contains(s, secret) {
						t.Fatalf("%s quotes a secret: %q", where, s)
					}
				}
			}
		}
	})
}

// The key an update sends is scrubbed too, though no caller names it: the
// transport notes the secrets of every request as it goes out.
func TestUpdateKeyIsScrubbedFromTheRequest(t *testing.T) {
	t.Parallel()
	const newKey = "New-upstream-Key-9f2"
	c := upstreamClient(t, hostileServer(t, func(w http.ResponseWriter, req apiRequest) {
		writeJSON(w, 400, map[string]string{"Code": "InvalidParameter", "RequestId": "r",
			"Message": "The key " + req.params.Get("Psk") + " is refused; request was " + req.params.Encode()})
	}))
	server := ipsec.Server{IpsecServerId: "iss-bp1upstream", VpnGatewayId: "vpn-x", RegionId: "cn-hangzhou",
		LocalSubnet: ipsec.CIDRList{"10.0.0.0/8"}, ClientIpPool: "192.168.0.0/24", PskEnabled: true, Psk: "Old-Key-1234567"}
	spec := ipsec.SpecFromServer(server)
	spec.Psk = newKey
	_, err := c.Apply(testContext(t), client.Change{Kind: client.KindUpdate, Server: server, Spec: spec})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("update: %T %v", err, err)
	}
	checkNoSecret(t, err, newKey)
	if !strings.Contains(err.Error(), "is refused") {
		t.Errorf("the message is lost: %v", err)
	}
}
