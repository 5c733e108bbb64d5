package client

import (
	"context"
	"sync"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// PrepareOptions tune Prepare.
type PrepareOptions struct {
	// WaitBusy waits, up to WaitTimeout, for a gateway that is still
	// applying another change, instead of returning it as it is (busy).
	WaitBusy    bool
	WaitTimeout time.Duration
	// OnWait sees the gateway's events while Prepare waits; may be nil.
	OnWait func(GatewayEvent)
}

// Prepare reads what a change on a gateway needs known before anything is
// sent: the gateway afresh, then, in parallel, its VPC's CIDR blocks, its
// IPsec-VPN connections and the IPsec servers it holds. With
// opts.WaitBusy a gateway still applying a change is followed until it is
// active first. Deciding whether the change may go ahead is
// ipsec.Eligibility's and ipsec.ValidateSpec's, on what Prepare returns.
func (c *Client) Prepare(ctx context.Context, region, gatewayID string, opts PrepareOptions) (*ipsec.GatewayDetails, error) {
	region = c.regionOr(region)
	gw, err := c.DescribeGateway(ctx, region, gatewayID)
	if err != nil {
		return nil, err
	}
	if opts.WaitBusy && gw.Busy() {
		for ev := range c.WatchGateway(ctx, region, gatewayID, WatchOptions{Timeout: opts.WaitTimeout}) {
			if opts.OnWait != nil {
				opts.OnWait(ev)
			}
			if ev.Done && ev.Err != nil {
				return &ipsec.GatewayDetails{Gateway: gw}, ev.Err
			}
		}
		if gw, err = c.DescribeGateway(ctx, region, gatewayID); err != nil {
			return nil, err
		}
	}
	return c.details(ctx, region, gw)
}

// details fetches, in parallel, what Prepare adds to the gateway.
func (c *Client) details(ctx context.Context, region string, gw ipsec.Gateway) (*ipsec.GatewayDetails, error) {
	if gw.RegionId == "" {
		gw.RegionId = region
	}
	d := &ipsec.GatewayDetails{Gateway: gw}
	var (
		wg   sync.WaitGroup
		errs [3]error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		if gw.VpcId != "" {
			d.VpcCIDRs, errs[0] = c.VpcCIDRs(ctx, region, gw.VpcId)
		}
	}()
	go func() {
		defer wg.Done()
		d.VpnConnections, errs[1] = c.CountVpnConnections(ctx, region, gw.VpnGatewayId)
	}()
	go func() {
		defer wg.Done()
		d.Servers, errs[2] = c.ListIpsecServers(ctx, region, gw.VpnGatewayId)
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return d, err
		}
	}
	return d, nil
}
