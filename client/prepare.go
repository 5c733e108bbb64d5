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
// IPsec-VPN connections, the IPsec servers it holds, its SSL-VPN client
// pools and its VPC's custom routes (the last two best effort: what could
// not be read is named in Unchecked). With
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
		wg               sync.WaitGroup
		errs             [3]error
		sslErr, routeErr error
	)
	wg.Add(5)
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
	go func() {
		defer wg.Done()
		if gw.SslVpnEnabled {
			d.SslVpnPools, sslErr = c.SslVpnPools(ctx, region, gw.VpnGatewayId)
		}
	}()
	go func() {
		defer wg.Done()
		if gw.VpcId != "" {
			d.VpcRoutes, routeErr = c.VpcRouteDestinations(ctx, region, gw.VpcId)
		}
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return d, err
		}
	}
	// The SSL-VPN pools and the routes only sharpen the pool's check (the
	// service makes it anyway): a key without those actions still goes on,
	// told what was not checked; a cancelled read is no such thing.
	for _, u := range []struct {
		what string
		err  error
	}{{"the SSL-VPN client pools (DescribeSslVpnServers)", sslErr}, {"the VPC's custom routes (DescribeRouteEntryList)", routeErr}} {
		switch {
		case u.err == nil:
		case ctx.Err() != nil:
			return d, u.err
		default:
			d.Unchecked = append(d.Unchecked, u.what+": "+Explain(u.err).Summary)
		}
	}
	return d, nil
}
