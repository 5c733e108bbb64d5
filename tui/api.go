package tui

import (
	"context"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// API is the part of the VPC API the program uses: the reads behind the
// pickers and the client's operations. *client.Client satisfies it.
type API interface {
	DescribeRegions(ctx context.Context) ([]ipsec.Region, error)
	ListGateways(ctx context.Context, region string) ([]ipsec.Gateway, error)
	Prepare(ctx context.Context, region, gatewayID string, opts client.PrepareOptions) (*ipsec.GatewayDetails, error)
	Submit(ctx context.Context, spec ipsec.ServerSpec) client.Submitted
	SubmitChange(ctx context.Context, ch client.Change) client.ChangeSubmitted
	GetServer(ctx context.Context, region, id string) (ipsec.Server, error)
	ListIpsecServers(ctx context.Context, region, gatewayID string) ([]ipsec.Server, error)
	WatchGateway(ctx context.Context, region, gatewayID string, opts client.WatchOptions) <-chan client.GatewayEvent
}

var _ API = (*client.Client)(nil)
