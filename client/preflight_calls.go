package client

import (
	"context"
	"net/netip"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// The reads a complete preflight adds to the gateway's own: what else
// holds addresses a client pool must stay clear of.

// SslVpnPools returns the client IP pools of the gateway's SSL-VPN servers
// (DescribeSslVpnServers, every page).
func (c *Client) SslVpnPools(ctx context.Context, region, gatewayID string) ([]string, error) {
	region = c.regionOr(region)
	var pools []string
	for page := 1; ; page++ {
		var resp *vpc.DescribeSslVpnServersResponse
		_, err := c.invoke(ctx, "DescribeSslVpnServers", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateDescribeSslVpnServersRequest()
			req.RegionId, req.VpnGatewayId = region, gatewayID
			req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(50)
			resp, err = cl.DescribeSslVpnServers(req)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, s := range resp.SslVpnServers.SslVpnServer {
			if s.VpnGatewayId == gatewayID && s.ClientIpPool != "" {
				pools = append(pools, s.ClientIpPool)
			}
		}
		if len(resp.SslVpnServers.SslVpnServer) == 0 || page*50 >= resp.TotalCount {
			return pools, nil
		}
	}
}

// VpcRouteDestinations returns the IPv4 destinations of the custom routes
// of the VPC's route tables (DescribeRouteTableList, then
// DescribeRouteEntryList for each table, every page): the service refuses
// a client pool that holds one.
func (c *Client) VpcRouteDestinations(ctx context.Context, region, vpcID string) ([]string, error) {
	region = c.regionOr(region)
	var tables []string
	for page := 1; ; page++ {
		var resp *vpc.DescribeRouteTableListResponse
		_, err := c.invoke(ctx, "DescribeRouteTableList", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateDescribeRouteTableListRequest()
			req.RegionId, req.VpcId = region, vpcID
			req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(50)
			resp, err = cl.DescribeRouteTableList(req)
			return err
		})
		if err != nil {
			return nil, err
		}
		list := resp.RouterTableList.RouterTableListType
		for _, t := range list {
			if t.VpcId == vpcID {
				tables = append(tables, t.RouteTableId)
			}
		}
		if len(list) == 0 || page*50 >= resp.TotalCount {
			break
		}
	}
	var dests []string
	seen := map[string]bool{}
	for _, table := range tables {
		for token := ""; ; {
			var resp *vpc.DescribeRouteEntryListResponse
			_, err := c.invoke(ctx, "DescribeRouteEntryList", region, func(cl *vpc.Client) (err error) {
				req := vpc.CreateDescribeRouteEntryListRequest()
				req.RegionId, req.RouteTableId, req.RouteEntryType, req.IpVersion = region, table, "Custom", "IPv4"
				req.MaxResult, req.NextToken = requests.NewInteger(100), token
				resp, err = cl.DescribeRouteEntryList(req)
				return err
			})
			if err != nil {
				return nil, err
			}
			for _, e := range resp.RouteEntrys.RouteEntry {
				if p, err := netip.ParsePrefix(e.DestinationCidrBlock); err == nil && p.Addr().Is4() && !seen[p.String()] {
					seen[p.String()] = true
					dests = append(dests, p.Masked().String())
				}
			}
			if resp.NextToken == "" || resp.NextToken == token {
				break
			}
			token = resp.NextToken
		}
	}
	return dests, nil
}
