package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// parseEndpoint splits an endpoint override into host[:port] and the SDK's
// scheme. A scheme prefix is accepted; plain HTTP only for loopback hosts, so
// a typo can never send a signed request in the clear across a network.
func parseEndpoint(s string) (host, scheme string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "HTTPS", nil
	}
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, s = strings.ToUpper(s[:i]), s[i+3:]
	}
	s = strings.TrimSuffix(s, "/")
	bad := ipsec.NewFieldError("Endpoint", "host[:port], without a path", "127.0.0.1:8642")
	if s == "" || strings.ContainsAny(s, "/?#@ ") {
		return "", "", bad
	}
	hostname := s
	if h, _, err := net.SplitHostPort(s); err == nil {
		hostname = h
	}
	loopback := isLoopbackHost(hostname)
	switch scheme {
	case "":
		scheme = "HTTPS"
		if loopback {
			scheme = "HTTP"
		}
	case "HTTPS":
	case "HTTP":
		if !loopback {
			return "", "", ipsec.NewFieldError("Endpoint", "plain HTTP is allowed only for a loopback endpoint", "https://"+s)
		}
	default:
		return "", "", bad
	}
	return s, scheme, nil
}

func isLoopbackHost(h string) bool {
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if strings.EqualFold(h, "localhost") || strings.HasSuffix(strings.ToLower(h), ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// newTransport is the one HTTP transport of a Client. Loopback hosts never go
// through a proxy; others follow the environment captured in proxy.
func newTransport(connectTimeout time.Duration, proxy func(*url.URL) (*url.URL, error)) *http.Transport {
	dialer := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy: func(req *http.Request) (*url.URL, error) {
			if isLoopbackHost(req.URL.Hostname()) {
				return nil, nil
			}
			return proxy(req.URL)
		},
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: connectTimeout,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}
}

// boundTransport ties every request to one attempt's context. The SDK builds
// its requests without one; through this transport cancelling the context
// aborts the exchange, so no call outlives its context. It also notes the
// secrets the request carries (so that no message quoting them is shown)
// and bounds the answer, which the SDK reads whole into memory.
type boundTransport struct {
	ctx     context.Context
	base    http.RoundTripper
	secrets *callSecrets
}

func (t boundTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	recordRequest(req, t.secrets)
	resp, err := t.base.RoundTrip(req.WithContext(t.ctx))
	if resp != nil && resp.Body != nil {
		resp.Body = &boundedBody{ReadCloser: resp.Body, left: MaxAnswerSize}
	}
	return resp, err
}

// MaxAnswerSize bounds one answer of the API: the largest real one (a page
// of 50 gateways) is tens of kilobytes.
const MaxAnswerSize = 8 << 20

// errAnswerTooLarge: the answer went past MaxAnswerSize and was dropped.
var errAnswerTooLarge = &MalformedAnswerError{Reason: fmt.Sprintf("the answer is larger than %d MiB, far more than the API sends: dropped", MaxAnswerSize>>20)}

// MalformedAnswerError: an answer came, but not one the API documents (it
// could not be decoded, was far too large, or a listing never ended). It
// stands in a *NetworkError: whether the call was carried out is unknown.
type MalformedAnswerError struct {
	Reason string
}

func (e *MalformedAnswerError) Error() string { return "malformed answer: " + e.Reason }

type boundedBody struct {
	io.ReadCloser
	left int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errAnswerTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// domain is the host calls for region go to: the override, or the public
// endpoint as the SDK's tables give it (central for a few regions, regional
// for the rest).
func (c *Client) domain(region string) string {
	if c.endpoint != "" {
		return c.endpoint
	}
	switch region {
	case "cn-hangzhou", "cn-wuhan", "cn-zhangbei", "cn-fujian", "cn-hangzhou-finance",
		"cn-shanghai-finance-1", "cn-shenzhen-finance-1":
		return "vpc.aliyuncs.com"
	}
	return "vpc." + region + ".aliyuncs.com"
}

// call makes exactly one attempt of action in region. Each attempt gets a
// fresh SDK client bound to its own context: the SDK mutates its client on
// every request, so sharing one between goroutines would race, and the
// client is cheap. do must build a fresh request (the signer then draws a
// fresh nonce and timestamp).
func (c *Client) call(ctx context.Context, action, region string, do func(*vpc.Client) error) (err error) {
	actx, cancel := context.WithTimeout(ctx, c.readTimeout)
	defer cancel()
	defer watchSlow(traceOf(ctx), action)()

	secrets := &callSecrets{}
	secrets.add(secretsOf(ctx)...)
	cfg := sdk.NewConfig()
	cfg.AutoRetry = false // retries are ours: see retry.go
	cfg.Scheme = c.scheme
	cfg.UserAgent = "ipsecwiz"
	cfg.Transport = boundTransport{ctx: actx, base: c.transport, secrets: secrets}
	cl := new(vpc.Client)
	if err := cl.InitWithOptions(region, cfg, recordingProvider{inner: c.creds.provider, s: secrets}); err != nil {
		return fmt.Errorf("%s: %w", action, cleaned(err, secrets.list()))
	}
	// Setting the domain keeps the SDK from its endpoint tables (lazily
	// filled globals) and from the location service.
	cl.Domain = c.domain(region)
	cl.SetConnectTimeout(c.connectTimeout)
	cl.SetReadTimeout(c.readTimeout)

	defer func() {
		// The SDK panics on an error body whose fields are not strings.
		if r := recover(); r != nil {
			err = &NetworkError{Action: action, Endpoint: c.domain(region),
				Err: &MalformedAnswerError{Reason: upstream(fmt.Sprint(r), secrets.list(), 500)}}
		}
	}()
	return c.convert(ctx, action, region, do(cl), secrets.list())
}

// convert turns what the SDK returned into this package's errors. Every text
// that came from the service, or quotes the request, is scrubbed of secrets
// (the call's, and any Signature or string to sign) and made safe for a
// terminal here, so no front end can show it raw.
func (c *Client) convert(ctx context.Context, action, region string, err error, secrets []string) error {
	if err == nil {
		return nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s: %w", action, ctxErr)
	}
	var (
		serverErr *sdkerrors.ServerError
		clientErr *sdkerrors.ClientError
		credErr   *CredentialsError
		urlErr    *url.Error
		netErr    net.Error
	)
	switch {
	case errors.As(err, &serverErr):
		return &APIError{
			Action:     action,
			Code:       upstream(serverErr.ErrorCode(), secrets, 100),
			Message:    upstream(serverErr.Message(), secrets, 500),
			RequestId:  upstream(serverErr.RequestId(), secrets, 100),
			HTTPStatus: serverErr.HttpStatus(),
			Recommend:  upstream(serverErr.Recommend(), secrets, 500),
		}
	case errors.As(err, &credErr):
		credErr.Err = cleaned(credErr.Err, secrets)
		return credErr
	case errors.Is(err, errAnswerTooLarge):
		return &NetworkError{Action: action, Endpoint: c.domain(region), Err: errAnswerTooLarge}
	case errors.As(err, &clientErr) && clientErr.ErrorCode() == sdkerrors.JsonUnmarshalErrorCode:
		// The decoder's message quotes the answer, which may hold a key
		// (ListIpsecServers returns each server's Psk): say what, not that.
		return &NetworkError{Action: action, Endpoint: c.domain(region),
			Err: &MalformedAnswerError{Reason: "not the JSON the API documents for " + action}}
	case errors.As(err, &urlErr), errors.As(err, &netErr):
		return &NetworkError{Action: action, Endpoint: c.domain(region), Err: cleaned(unwrapURLError(err), secrets)}
	}
	return fmt.Errorf("%s: %w", action, cleaned(err, secrets))
}

// unwrapURLError drops url.Error's "Post <signed URL>" prefix: the URL holds
// the access key ID and the signature, which have no place in a message.
func unwrapURLError(err error) error {
	var u *url.Error
	if errors.As(err, &u) {
		return u.Err
	}
	return err
}

// truncate cuts s to n bytes at most, on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
