package client

import (
	"context"
	"errors"
	"time"
)

// Credentials are an explicit access key pair (the sandbox's, or a test's).
// Without them New uses the SDK's default credential chain.
type Credentials struct {
	AccessKeyId     string
	AccessKeySecret Secret
	SecurityToken   Secret
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
}

// RetryPolicy is capped exponential backoff with full jitter, always bounded
// by the context's deadline.
type RetryPolicy struct {
	MaxAttempts int           // including the first; zero = 8
	BaseDelay   time.Duration // zero = 200ms
	MaxDelay    time.Duration // zero = 5s
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
}

// ErrNotImplemented marks stubs while the package is built.
var ErrNotImplemented = errors.New("not implemented")

// Client is the VPC API, as ipsecwiz uses it.
type Client struct {
	opts Options
}

// New builds a Client from opts. It fails with a *CredentialsError when no
// credentials can be found.
func New(ctx context.Context, opts Options) (*Client, error) {
	return &Client{opts: opts}, ErrNotImplemented
}

// Region is the client's default region.
func (c *Client) Region() string { return c.opts.Region }

// Endpoint is the host[:port] the client talks to ("" = the public one).
func (c *Client) Endpoint() string { return c.opts.Endpoint }

// DescribeRegions lists the regions.
func (c *Client) DescribeRegions(ctx context.Context) ([]Region, error) {
	return nil, ErrNotImplemented
}

// ListGateways returns every VPN gateway of region (all pages).
func (c *Client) ListGateways(ctx context.Context, region string) ([]Gateway, error) {
	return nil, ErrNotImplemented
}

// DescribeGateway returns one gateway.
func (c *Client) DescribeGateway(ctx context.Context, region, gatewayID string) (Gateway, error) {
	return Gateway{}, ErrNotImplemented
}

// VpcCIDRs returns a VPC's primary, secondary and user CIDR blocks.
func (c *Client) VpcCIDRs(ctx context.Context, region, vpcID string) ([]string, error) {
	return nil, ErrNotImplemented
}

// CountVpnConnections returns how many IPsec-VPN connections the gateway has.
func (c *Client) CountVpnConnections(ctx context.Context, region, gatewayID string) (int, error) {
	return 0, ErrNotImplemented
}

// ListIpsecServers returns the IPsec servers of a gateway.
func (c *Client) ListIpsecServers(ctx context.Context, region, gatewayID string) ([]IpsecServer, error) {
	return nil, ErrNotImplemented
}

// CreateIpsecServer sends the spec. spec.ClientToken is generated once if
// empty (the spec is updated so a later retry reuses it). A DryRun that
// passes returns DryRunPassed and a nil error.
func (c *Client) CreateIpsecServer(ctx context.Context, spec *ServerSpec) (CreateResult, error) {
	return CreateResult{}, ErrNotImplemented
}

// DeleteIpsecServer deletes a server.
func (c *Client) DeleteIpsecServer(ctx context.Context, region, serverID string) error {
	return ErrNotImplemented
}

// WatchGateway follows a gateway and streams events until it settles, the
// context ends or opts.Timeout passes; the channel is closed after the event
// with Done set.
func (c *Client) WatchGateway(ctx context.Context, region, gatewayID string, opts WatchOptions) <-chan GatewayEvent {
	ch := make(chan GatewayEvent, 1)
	ch <- GatewayEvent{Done: true, Err: ErrNotImplemented}
	close(ch)
	return ch
}
