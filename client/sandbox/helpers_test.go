package sandbox_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// TestMain initialises the V1 SDK's lazily built global endpoint map once: its first use races when clients
// are created concurrently. (A V1 client itself is not safe for concurrent use either: setTimeout writes its
// http.Client on every call, so each goroutine gets its own client.)
func TestMain(m *testing.M) {
	vpc.GetEndpointMap()
	os.Exit(m.Run())
}

// syncBuffer is a log sink safe for the sandbox's concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a sandbox on a free loopback port for the test's lifetime.
func start(t testing.TB, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if err := srv.Listen("127.0.0.1:0"); err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// v1 is the official V1 SDK client on the sandbox with the full-rights key.
func v1(t testing.TB, srv *sandbox.Server) *vpc.Client {
	return v1With(t, srv, sandbox.AccessKeyID, sandbox.AccessKeySecret)
}

func v1With(t testing.TB, srv *sandbox.Server, id, secret string) *vpc.Client {
	t.Helper()
	c, err := vpc.NewClientWithAccessKey("cn-hangzhou", id, secret)
	if err != nil {
		t.Fatalf("NewClientWithAccessKey: %v", err)
	}
	c.Domain = srv.Addr()
	c.SetNoProxy(".*") // the SDK honours HTTP_PROXY even for loopback
	c.SetReadTimeout(10 * time.Second)
	return c
}

// wantCode asserts err is a server error with the code and HTTP status.
func wantCode(t testing.TB, err error, code string, status int) {
	t.Helper()
	var se *sdkerrors.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("want %s (%d), got %v", code, status, err)
	}
	if se.ErrorCode() != code || se.HttpStatus() != status {
		t.Fatalf("want %s (%d), got %s (%d): %s", code, status, se.ErrorCode(), se.HttpStatus(), se.Message())
	}
	if se.RequestId() == "" {
		t.Fatalf("%s: no RequestId", code)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func createReq(gw, local, pool string) *vpc.CreateIpsecServerRequest {
	r := vpc.CreateCreateIpsecServerRequest()
	r.VpnGatewayId = gw
	r.LocalSubnet = local
	r.ClientIpPool = pool
	r.PskEnabled = "true"
	return r
}

// signedRPC builds a hand-signed RPC v1 request; mutate may change the parameters before signing.
type rawCall struct {
	params map[string]string
	secret string
	method string
	inBody bool   // parameters in a form body instead of the query
	sign   bool   // compute Signature (false: leave as given)
	sigAlg string // HMAC-SHA1 (default)
}

// nonceSeq makes hand-signed nonces unique: parallel callers can read the same UnixNano, and a repeated nonce
// is (rightly) answered SignatureNonceUsed.
var nonceSeq atomic.Int64

func newRawCall(action string) *rawCall {
	return &rawCall{
		params: map[string]string{
			"Action": action, "Version": "2016-04-28", "Format": "JSON", "AccessKeyId": sandbox.AccessKeyID,
			"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureType": "",
			"SignatureNonce": fmt.Sprintf("nonce-%d-%d", time.Now().UnixNano(), nonceSeq.Add(1)),
			"Timestamp":      time.Now().UTC().Format("2006-01-02T15:04:05Z"), "RegionId": "cn-hangzhou",
		},
		secret: sandbox.AccessKeySecret, method: http.MethodPost, sign: true,
	}
}

func enc(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
}

func (c *rawCall) signature() string {
	keys := make([]string, 0, len(c.params))
	for k := range c.params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, enc(k)+"="+enc(c.params[k]))
	}
	sts := c.method + "&%2F&" + enc(strings.Join(parts, "&"))
	mac := hmac.New(sha1.New, []byte(c.secret+"&"))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// do sends the call and returns status and body; a transport error fails the test.
func (c *rawCall) do(t testing.TB, addr string) (int, string) {
	t.Helper()
	status, body, err := c.send(addr)
	if err != nil {
		t.Fatalf("raw %s: %v", c.params["Action"], err)
	}
	return status, body
}

// send signs (unless told not to) and sends the call.
func (c *rawCall) send(addr string) (int, string, error) {
	if c.sign {
		c.params["Signature"] = c.signature()
	}
	v := url.Values{}
	for k, val := range c.params {
		v.Set(k, val)
	}
	var req *http.Request
	var err error
	if c.inBody {
		req, err = http.NewRequest(c.method, "http://"+addr+"/", strings.NewReader(v.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequest(c.method, "http://"+addr+"/?"+v.Encode(), nil)
	}
	if err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func deleteReq(id string) *vpc.DeleteIpsecServerRequest {
	r := vpc.CreateDeleteIpsecServerRequest()
	r.IpsecServerId = id
	return r
}

func describeReq(gw string) *vpc.DescribeVpnGatewayRequest {
	r := vpc.CreateDescribeVpnGatewayRequest()
	r.VpnGatewayId = gw
	return r
}
