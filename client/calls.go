package client

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

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

// DescribeRegions lists the regions, named in English.
func (c *Client) DescribeRegions(ctx context.Context) ([]ipsec.Region, error) {
	var resp *vpc.DescribeRegionsResponse
	_, err := c.invoke(ctx, "DescribeRegions", c.region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateDescribeRegionsRequest()
		req.RegionId = c.region
		req.AcceptLanguage = "en-US" // the UI is English; the service's default is zh-CN
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
			break
		} else if len(list) > 0 {
			first = list[0].VpnGatewayId
		}
		for _, g := range resp.VpnGateways.VpnGateway {
			gateways = append(gateways, displayGateway(ipsec.Gateway{
				VpnGatewayId: g.VpnGatewayId, Name: g.Name, Description: g.Description, RegionId: region,
				VpcId: g.VpcId, VSwitchId: g.VSwitchId, InternetIp: g.InternetIp, SslVpnInternetIp: g.SslVpnInternetIp,
				Status: g.Status, BusinessStatus: g.BusinessStatus, SslVpnEnabled: g.SslVpn == "enable",
				IpsecVpnEnabled: g.IpsecVpn == "enable", SslMaxConnections: int(g.SslMaxConnections), Spec: g.Spec,
				VpnType: g.VpnType, VpnVersion: vpnVersion(g.Tag),
			}))
		}
		// An empty page ends the loop even if TotalCount promised more.
		if len(resp.VpnGateways.VpnGateway) == 0 || len(gateways) >= resp.TotalCount {
			break
		}
	}
	c.markGateways(ctx, region, gateways)
	return gateways, nil
}

// markGateways adds what a listing can learn of the whole region at once,
// the IPsec servers and the IPsec-VPN connections of each gateway, so a
// picker marks every gateway that cannot take a server. Best effort: a
// failed read leaves the marks out (the chosen gateway's preflight reads
// them again).
func (c *Client) markGateways(ctx context.Context, region string, gws []ipsec.Gateway) {
	if len(gws) == 0 {
		return
	}
	var (
		wg      sync.WaitGroup
		servers []ipsec.Server
		conns   map[string]int
		sErr    error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		servers, sErr = c.ListServers(ctx, region, ListServersOptions{})
	}()
	go func() {
		defer wg.Done()
		conns, _ = c.vpnConnectionsByGateway(ctx, region)
	}()
	wg.Wait()
	for i := range gws {
		g := &gws[i]
		g.VpnConnections = conns[g.VpnGatewayId]
		if sErr != nil {
			continue
		}
		for _, s := range servers {
			if s.VpnGatewayId == g.VpnGatewayId {
				g.IpsecServerIds = append(g.IpsecServerIds, s.IpsecServerId)
			}
		}
	}
}

// vpnConnectionsByGateway counts the region's IPsec-VPN connections per
// gateway (DescribeVpnConnections, every page).
func (c *Client) vpnConnectionsByGateway(ctx context.Context, region string) (map[string]int, error) {
	out := map[string]int{}
	seen := 0
	for page := 1; ; page++ {
		var resp *vpc.DescribeVpnConnectionsResponse
		_, err := c.invoke(ctx, "DescribeVpnConnections", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateDescribeVpnConnectionsRequest()
			req.RegionId = region
			req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(50)
			resp, err = cl.DescribeVpnConnections(req)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, v := range resp.VpnConnections.VpnConnection {
			out[v.VpnGatewayId]++
		}
		seen += len(resp.VpnConnections.VpnConnection)
		if len(resp.VpnConnections.VpnConnection) == 0 || seen >= resp.TotalCount {
			return out, nil
		}
	}
}

// vpnVersion is the VpnVersion of a gateway's feature JSON (the API's Tag
// field), "" when it holds none.
func vpnVersion(tag string) string {
	var f struct{ VpnVersion string }
	if json.Unmarshal([]byte(tag), &f) != nil {
		return ""
	}
	return f.VpnVersion
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
		VpnType: g.VpnType, VpnVersion: vpnVersion(g.Tag),
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
	g.VpnVersion = shown(g.VpnVersion, maxWordWidth)
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
