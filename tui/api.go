package tui

import (
	"context"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// API is the part of the VPC API the TUI uses. *client.Client satisfies it.
type API interface {
	DescribeRegions(ctx context.Context) ([]ipsec.Region, error)
	ListGateways(ctx context.Context, region string) ([]ipsec.Gateway, error)
	DescribeGateway(ctx context.Context, region, gatewayID string) (ipsec.Gateway, error)
	VpcCIDRs(ctx context.Context, region, vpcID string) ([]string, error)
	CountVpnConnections(ctx context.Context, region, gatewayID string) (int, error)
	ListIpsecServers(ctx context.Context, region, gatewayID string) ([]ipsec.Server, error)
	CreateIpsecServer(ctx context.Context, spec *ipsec.ServerSpec) (client.CreateResult, error)
	WatchGateway(ctx context.Context, region, gatewayID string, opts client.WatchOptions) <-chan client.GatewayEvent
}

var _ API = (*client.Client)(nil)
