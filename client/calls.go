package client

import (
	"context"
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// Page sizes: the API's maximum for each listing (variables so that tests can
// make several pages of the sandbox's fixture).
var (
	gatewayPageSize     = 50
	ipsecServerPageSize = 20
)

// DescribeRegions lists the regions.
func (c *Client) DescribeRegions(ctx context.Context) ([]ipsec.Region, error) {
	var resp *vpc.DescribeRegionsResponse
	_, err := c.invoke(ctx, "DescribeRegions", c.region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateDescribeRegionsRequest()
		req.RegionId = c.region
		resp, err = cl.DescribeRegions(req)
		return err
	})
	if err != nil {
		return nil, err
	}
	regions := make([]ipsec.Region, 0, len(resp.Regions.Region))
	for _, r := range resp.Regions.Region {
		regions = append(regions, ipsec.Region{RegionId: r.RegionId, LocalName: shown(r.LocalName, maxNameWidth),
			RegionEndpoint: shown(r.RegionEndpoint, maxNameWidth)})
	}
	return regions, nil
}

// ListGateways returns every VPN gateway of region (all pages).
func (c *Client) ListGateways(ctx context.Context, region string) ([]ipsec.Gateway, error) {
	region = c.regionOr(region)
	var (
		gateways []ipsec.Gateway
		first    string // the first id of the last page
	)
	for page := 1; ; page++ {
		if page > maxListPages {
			return gateways, listTooLong("DescribeVpnGateways", c.domain(region))
		}
		var resp *vpc.DescribeVpnGatewaysResponse
		_, err := c.invoke(ctx, "DescribeVpnGateways", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateDescribeVpnGatewaysRequest()
			req.RegionId = region
			req.PageNumber = requests.NewInteger(page)
			req.PageSize = requests.NewInteger(gatewayPageSize)
			resp, err = cl.DescribeVpnGateways(req)
			return err
		})
		if err != nil {
			return nil, err
		}
		// A page like the last one: the service ignores the page number,
		// and asking on would never end.
		if list := resp.VpnGateways.VpnGateway; len(list) > 0 && page > 1 && list[0].VpnGatewayId == first {
			return gateways, nil
		} else if len(list) > 0 {
			first = list[0].VpnGatewayId
		}
		for _, g := range resp.VpnGateways.VpnGateway {
			gateways = append(gateways, displayGateway(ipsec.Gateway{
				VpnGatewayId: g.VpnGatewayId, Name: g.Name, Description: g.Description, RegionId: region,
				VpcId: g.VpcId, VSwitchId: g.VSwitchId, InternetIp: g.InternetIp, SslVpnInternetIp: g.SslVpnInternetIp,
				Status: g.Status, BusinessStatus: g.BusinessStatus, SslVpnEnabled: g.SslVpn == "enable",
				IpsecVpnEnabled: g.IpsecVpn == "enable", SslMaxConnections: int(g.SslMaxConnections), Spec: g.Spec,
				VpnType: g.VpnType,
			}))
		}
		// An empty page ends the loop even if TotalCount promised more.
		if len(resp.VpnGateways.VpnGateway) == 0 || len(gateways) >= resp.TotalCount {
			return gateways, nil
		}
	}
}

// DescribeGateway returns one gateway.
func (c *Client) DescribeGateway(ctx context.Context, region, gatewayID string) (ipsec.Gateway, error) {
	region = c.regionOr(region)
	var resp *vpc.DescribeVpnGatewayResponse
	_, err := c.invoke(ctx, "DescribeVpnGateway", region, describeGateway(region, gatewayID, &resp))
	if err != nil {
		return ipsec.Gateway{}, err
	}
	return gatewayOf(region, resp), nil
}

// describeGateway is one DescribeVpnGateway attempt, shared with the watcher
// (which polls without retries).
func describeGateway(region, gatewayID string, resp **vpc.DescribeVpnGatewayResponse) func(*vpc.Client) error {
	return func(cl *vpc.Client) (err error) {
		req := vpc.CreateDescribeVpnGatewayRequest()
		req.RegionId = region
		req.VpnGatewayId = gatewayID
		*resp, err = cl.DescribeVpnGateway(req)
		return err
	}
}

func gatewayOf(region string, g *vpc.DescribeVpnGatewayResponse) ipsec.Gateway {
	return displayGateway(ipsec.Gateway{
		VpnGatewayId: g.VpnGatewayId, Name: g.Name, Description: g.Description, RegionId: region,
		VpcId: g.VpcId, VSwitchId: g.VSwitchId, InternetIp: g.InternetIp, SslVpnInternetIp: g.SslVpnInternetIp,
		Status: g.Status, BusinessStatus: g.BusinessStatus, SslVpnEnabled: g.SslVpn == "enable",
		IpsecVpnEnabled: g.IpsecVpn == "enable", SslMaxConnections: int(g.SslMaxConnections), Spec: g.Spec,
		VpnType: g.VpnType,
	})
}

// maxListPages bounds a listing: 1,000 pages is 50,000 gateways or 20,000
// servers, more than any region holds; a service that keeps saying "more"
// past that is not answering as documented.
const maxListPages = 1000

func listTooLong(action, endpoint string) error {
	return &NetworkError{Action: action, Endpoint: endpoint,
		Err: &MalformedAnswerError{Reason: fmt.Sprintf("the listing did not end after %d pages", maxListPages)}}
}

// The widest a display-only text of the API is kept: the API's own limits
// (128 characters for a name, 256 for a description), in terminal cells.
const (
	maxNameWidth        = 128
	maxDescriptionWidth = 256
	maxWordWidth        = 64 // a status, a spec, an address
)

// shown is an API text that is only ever displayed, made safe for a
// terminal (escapes shown, never acted on) and cut to width cells.
func shown(s string, width int) string { return termsafe.Truncate(s, width) }

// displayGateway makes a gateway's display-only texts safe for a terminal
// once, here, so that no front end shows them raw. What goes back to the
// API (the ids) or into a configuration (the addresses, which the exports
// check) is kept as it came; display code escapes the ids where it draws
// them.
func displayGateway(g ipsec.Gateway) ipsec.Gateway {
	g.Name = shown(g.Name, maxNameWidth)
	g.Description = shown(g.Description, maxDescriptionWidth)
	g.Status = shown(g.Status, maxWordWidth)
	g.BusinessStatus = shown(g.BusinessStatus, maxWordWidth)
	g.Spec = shown(g.Spec, maxWordWidth)
	g.VpnType = shown(g.VpnType, maxWordWidth)
	return g
}

// VpcCIDRs returns a VPC's primary, secondary and user CIDR blocks, each
// once, primary first.
func (c *Client) VpcCIDRs(ctx context.Context, region, vpcID string) ([]string, error) {
	region = c.regionOr(region)
	var resp *vpc.DescribeVpcsResponse
	_, err := c.invoke(ctx, "DescribeVpcs", region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateDescribeVpcsRequest()
		req.RegionId = region
		req.VpcId = vpcID
		resp, err = cl.DescribeVpcs(req)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, v := range resp.Vpcs.Vpc {
		if v.VpcId != vpcID {
			continue
		}
		var cidrs []string
		seen := map[string]bool{}
		add := func(list ...string) {
			for _, s := range list {
				if s != "" && !seen[s] {
					seen[s] = true
					cidrs = append(cidrs, s)
				}
			}
		}
		add(v.CidrBlock)
		add(v.SecondaryCidrBlocks.SecondaryCidrBlock...)
		add(v.UserCidrs.UserCidr...)
		return cidrs, nil
	}
	return nil, fmt.Errorf("DescribeVpcs: VPC %s not found in %s", vpcID, region)
}

// CountVpnConnections returns how many IPsec-VPN connections the gateway has.
func (c *Client) CountVpnConnections(ctx context.Context, region, gatewayID string) (int, error) {
	region = c.regionOr(region)
	var resp *vpc.DescribeVpnConnectionsResponse
	_, err := c.invoke(ctx, "DescribeVpnConnections", region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateDescribeVpnConnectionsRequest()
		req.RegionId = region
		req.VpnGatewayId = gatewayID
		req.PageSize = requests.NewInteger(1) // only TotalCount matters
		resp, err = cl.DescribeVpnConnections(req)
		return err
	})
	if err != nil {
		return 0, err
	}
	return resp.TotalCount, nil
}

// ListIpsecServers returns the IPsec servers of a gateway (all pages).
func (c *Client) ListIpsecServers(ctx context.Context, region, gatewayID string) ([]ipsec.Server, error) {
	region = c.regionOr(region)
	var servers []ipsec.Server
	for token, page := "", 1; ; page++ {
		if page > maxListPages {
			return servers, listTooLong("ListIpsecServers", c.domain(region))
		}
		var resp *vpc.ListIpsecServersResponse
		_, err := c.invoke(ctx, "ListIpsecServers", region, listIpsecServers(region, gatewayID, token, &resp))
		if err != nil {
			return nil, err
		}
		for _, s := range resp.IpsecServers {
			servers = append(servers, ipsecServerOf(s))
		}
		// Stop on a repeated token too: a loop is worse than a short list.
		if resp.NextToken == "" || resp.NextToken == token || len(resp.IpsecServers) == 0 {
			return servers, nil
		}
		token = resp.NextToken
	}
}

func listIpsecServers(region, gatewayID, token string, resp **vpc.ListIpsecServersResponse) func(*vpc.Client) error {
	return func(cl *vpc.Client) (err error) {
		req := vpc.CreateListIpsecServersRequest()
		req.RegionId = region
		req.VpnGatewayId = gatewayID
		req.MaxResults = requests.NewInteger(ipsecServerPageSize)
		req.NextToken = token
		*resp, err = cl.ListIpsecServers(req)
		return err
	}
}

func ipsecServerOf(s vpc.IpsecServer) ipsec.Server {
	return ipsec.Server{
		IpsecServerId: s.IpsecServerId, IpsecServerName: s.IpsecServerName, VpnGatewayId: s.VpnGatewayId,
		RegionId: s.RegionId, CreationTime: s.CreationTime, ClientIpPool: s.ClientIpPool,
		LocalSubnet: ipsec.SplitCIDRList(s.LocalSubnet), InternetIp: s.InternetIp, PskEnabled: s.PskEnabled,
		Psk: ipsec.Secret(s.Psk), EffectImmediately: s.EffectImmediately, MaxConnections: s.MaxConnections,
		OnlineClientCount: s.OnlineClientCount,
		IkeConfig: ipsec.IkeConfig{
			IkeVersion: s.IkeConfig.IkeVersion, IkeMode: s.IkeConfig.IkeMode, IkeEncAlg: s.IkeConfig.IkeEncAlg,
			IkeAuthAlg: s.IkeConfig.IkeAuthAlg, IkePfs: s.IkeConfig.IkePfs, IkeLifetime: int(s.IkeConfig.IkeLifetime),
			LocalId: s.IkeConfig.LocalId, RemoteId: s.IkeConfig.RemoteId,
		},
		IpsecConfig: ipsec.IpsecConfig{
			IpsecEncAlg: s.IpsecConfig.IpsecEncAlg, IpsecAuthAlg: s.IpsecConfig.IpsecAuthAlg,
			IpsecPfs: s.IpsecConfig.IpsecPfs, IpsecLifetime: int(s.IpsecConfig.IpsecLifetime),
		},
	}
}

// DeleteIpsecServer deletes a server. One ClientToken covers every retry, so
// a retry after a lost answer is harmless.
func (c *Client) DeleteIpsecServer(ctx context.Context, region, serverID string) error {
	region = c.regionOr(region)
	if serverID == "" {
		return ipsec.NewFieldError("IpsecServerId", "the ID of the server to delete", "iss-bp1jougp8cfsbo8y9****")
	}
	token, err := NewClientToken()
	if err != nil {
		return err
	}
	_, err = c.invoke(ctx, "DeleteIpsecServer", region, func(cl *vpc.Client) error {
		req := vpc.CreateDeleteIpsecServerRequest()
		req.RegionId = region
		req.IpsecServerId = serverID
		req.ClientToken = token
		_, err := cl.DeleteIpsecServer(req)
		return err
	})
	return err
}
