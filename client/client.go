package client

import (
	"context"
	"net/http"
	"os"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"golang.org/x/net/http/httpproxy"
)

// Credentials are an explicit access key pair (the sandbox's, or a test's).
// Without them New looks where the SDK's default chain looks (see New).
type Credentials struct {
	AccessKeyId     string
	AccessKeySecret ipsec.Secret
	SecurityToken   ipsec.Secret
}

// Options configure a Client. The zero value talks to the public endpoint of
// DefaultRegion with the default credential chain.
type Options struct {
	Region      string       // default region for calls that take none; "" = profile's, env's, or DefaultRegion
	Profile     string       // aliyun CLI profile name in ~/.aliyun/config.json; "" = ALIBABA_CLOUD_PROFILE or current
	Endpoint    string       // host[:port]; plain HTTP is allowed for loopback only
	Credentials *Credentials // explicit credentials; nil = default chain
	Retry       RetryPolicy  // zero = DefaultRetryPolicy
	// ConnectTimeout and ReadTimeout bound each HTTP attempt; zero = 5s / 10s.
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	// Getenv reads the environment (credentials, region, profile, proxy,
	// HOME); nil means os.Getenv. Tests pass their own to stay hermetic.
	// Credential modes that the SDK resolves itself (RamRoleArn, OIDC, ECS,
	// the credentials file) still read the process environment.
	Getenv func(string) string
}

// Default per-attempt timeouts, the SDK's own.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultReadTimeout    = 10 * time.Second
)

// RetryPolicy is capped exponential backoff with full jitter, always bounded
// by the context's deadline.
type RetryPolicy struct {
	MaxAttempts int           // including the first; zero = 8
	BaseDelay   time.Duration // zero = 200ms
	MaxDelay    time.Duration // zero = 5s
}

// DefaultRetryPolicy is the policy a zero RetryPolicy stands for.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 8, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second}
}

// withDefaults fills the zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	return p
}

// WatchOptions tune WatchGateway. Zero values take the defaults.
type WatchOptions struct {
	Timeout time.Duration // zero = 10 minutes
	// ExpectChange: the caller just made a change, so "active" counts only once
	// the change has shown up (updating seen, or the server listed).
	ExpectChange bool
	// IpsecServerId of the server just created or deleted, to confirm the change
	// with ListIpsecServers when the gateway never showed "updating".
	IpsecServerId string
	// ServerDeleted: the change was a delete (confirm by absence).
	ServerDeleted bool
	// Matches (an update): the listed server confirms the change when it
	// shows the settings sent; nil confirms by presence alone.
	Matches func(ipsec.Server) bool
}

// Client is the VPC API, as ipsecwiz uses it. It is safe for concurrent use.
type Client struct {
	region         string
	endpoint       string // host[:port] override; "" = the public endpoint of each region
	scheme         string // "HTTP" (loopback only) or "HTTPS"
	creds          credentialSource
	transport      *http.Transport
	retry          RetryPolicy
	connectTimeout time.Duration
	readTimeout    time.Duration
	pace           watchPace
}

// New builds a Client from opts. It fails with a *CredentialsError when no
// credentials can be found, and an *ipsec.FieldError for a malformed endpoint.
// It sends nothing: the first call shows whether the credentials work.
//
// Credentials come from, in order: opts.Credentials; the profile opts.Profile
// names; ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET (and _SECURITY_TOKEN); OIDC
// (ALIBABA_CLOUD_OIDC_TOKEN_FILE); the aliyun CLI profile
// (ALIBABA_CLOUD_PROFILE, else the file's current one; modes AK and StsToken
// here, RamRoleArn, EcsRamRole, OIDC and ChainableRamRoleArn through the SDK);
// ~/.alibabacloud/credentials; the ECS RAM role named by
// ALIBABA_CLOUD_ECS_METADATA; ALIBABA_CLOUD_CREDENTIALS_URI. The region is
// opts.Region, the profile's region_id, ALIBABA_CLOUD_REGION_ID, then
// DefaultRegion.
func New(ctx context.Context, opts Options) (*Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	endpoint, scheme, err := parseEndpoint(opts.Endpoint)
	if err != nil {
		return nil, err
	}
	env := opts.Getenv
	if env == nil {
		env = os.Getenv
	}
	confPath := cliConfigPath(env)
	conf, err := readCLIConfig(confPath)
	if err != nil {
		return nil, &CredentialsError{Err: err}
	}
	profile := profileName(opts.Profile, conf, env)

	region := opts.Region
	if p := conf.profile(profile); region == "" && p != nil {
		region = p.RegionID
	}
	if region == "" {
		region = env(envRegion)
	}
	if region == "" {
		region = ipsec.DefaultRegion
	}
	if !validRegion(region) {
		return nil, ipsec.NewFieldError("RegionId", "a region ID of letters, digits and dashes", ipsec.DefaultRegion)
	}

	src, err := resolveCredentials(opts, conf, confPath, profile, env)
	if err != nil {
		return nil, err
	}
	src.provider = credentialsProvider{inner: src.provider}

	c := &Client{
		region:         region,
		endpoint:       endpoint,
		scheme:         scheme,
		creds:          src,
		retry:          opts.Retry.withDefaults(),
		connectTimeout: orDefault(opts.ConnectTimeout, DefaultConnectTimeout),
		readTimeout:    orDefault(opts.ReadTimeout, DefaultReadTimeout),
		pace:           defaultWatchPace(),
	}
	// The proxy settings are read once, here: the SDK would read them on
	// every call and proxy even loopback endpoints.
	c.transport = newTransport(c.connectTimeout, proxyConfig(env).ProxyFunc())
	return c, nil
}

// Close releases idle connections. The Client must not be used afterwards.
func (c *Client) Close() error {
	c.transport.CloseIdleConnections()
	return nil
}

// Region is the client's default region.
func (c *Client) Region() string { return c.region }

// Endpoint is the host[:port] the client talks to ("" = the public one).
func (c *Client) Endpoint() string { return c.endpoint }

// CredentialSource names where the credentials came from ("explicit",
// "environment", "profile NAME", ...), for the UI; never the key itself.
func (c *Client) CredentialSource() string { return c.creds.name }

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func validRegion(r string) bool {
	for _, ch := range r {
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return r != ""
}

// regionOr returns r, or the client's region when r is empty.
func (c *Client) regionOr(r string) string {
	if r == "" {
		return c.region
	}
	return r
}

// proxyConfig reads the proxy variables as net/http does, from env.
func proxyConfig(env func(string) string) *httpproxy.Config {
	either := func(a, b string) string { return cmpOr(env(a), env(b)) }
	return &httpproxy.Config{
		HTTPProxy:  either("HTTP_PROXY", "http_proxy"),
		HTTPSProxy: either("HTTPS_PROXY", "https_proxy"),
		NoProxy:    either("NO_PROXY", "no_proxy"),
		CGI:        env("REQUEST_METHOD") != "",
	}
}
