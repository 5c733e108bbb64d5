package client

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// The read side of an IPsec server's life: the servers of a region (or of
// every region), one server by its id.

// MaxServerPageSize is the most servers ListIpsecServers answers per call
// (MaxResults 1..20).
const MaxServerPageSize = 20

// ListServersOptions narrow and pace ListServers. The zero value lists every
// server of the region.
type ListServersOptions struct {
	VpnGatewayId   string   // only the servers of this gateway
	IpsecServerIds []string // only these servers (IpsecServerId.N, at most 20)
	// PageSize is MaxResults per call, 1..20; 0 means 20, the API's maximum.
	// It changes how many calls a listing takes, never what it returns.
	PageSize int
}

// ListServers returns every IPsec server of region that matches opts, all
// pages (NextToken), in the service's order, each once.
func (c *Client) ListServers(ctx context.Context, region string, opts ListServersOptions) ([]ipsec.Server, error) {
	region = c.regionOr(region)
	size := opts.PageSize
	if size == 0 {
		size = ipsecServerPageSize
	}
	if size < 1 || size > MaxServerPageSize {
		return nil, ipsec.NewFieldError("MaxResults", "a page size of 1 to 20 servers", "20")
	}
	if len(opts.IpsecServerIds) > MaxServerPageSize {
		return nil, ipsec.NewFieldError("IpsecServerId", "at most 20 server ids at once", "iss-bp1jougp8cfsbo8y9****")
	}
	if opts.VpnGatewayId != "" {
		if err := ipsec.ValidateGatewayID(opts.VpnGatewayId); err != nil {
			return nil, err
		}
	}
	for _, id := range opts.IpsecServerIds {
		if err := serverIDError(id); err != nil {
			return nil, err
		}
	}
	var servers []ipsec.Server
	seen := map[string]bool{}
	for token := ""; ; {
		var resp *vpc.ListIpsecServersResponse
		_, err := c.invoke(ctx, "ListIpsecServers", region, func(cl *vpc.Client) (err error) {
			req := vpc.CreateListIpsecServersRequest()
			req.RegionId = region
			req.VpnGatewayId = opts.VpnGatewayId
			req.MaxResults = requests.NewInteger(size)
			req.NextToken = token
			if len(opts.IpsecServerIds) > 0 {
				ids := slices.Clone(opts.IpsecServerIds)
				req.IpsecServerId = &ids
			}
			resp, err = cl.ListIpsecServers(req)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, item := range resp.IpsecServers {
			if seen[item.IpsecServerId] {
				continue // a page boundary that moved: never list a server twice
			}
			seen[item.IpsecServerId] = true
			s := ipsecServerOf(item)
			if s.RegionId == "" {
				s.RegionId = region
			}
			servers = append(servers, s)
		}
		// Stop on a repeated token or an empty page too: a loop is worse
		// than a short list.
		if resp.NextToken == "" || resp.NextToken == token || len(resp.IpsecServers) == 0 {
			return servers, nil
		}
		token = resp.NextToken
	}
}

// ServerNotFoundError: the region holds no IPsec server with this id
// (ListIpsecServers with IpsecServerId.1 answered an empty list). It unwraps
// to the *APIError InvalidIpsecServerId.NotFound that UpdateIpsecServer and
// ListIpsecServerLogs answer for the same id, so Explain, ExitCode (1) and
// IsNotFound-style checks treat both alike; RequestId is the listing's.
type ServerNotFoundError struct {
	IpsecServerId string
	RegionId      string
	RequestId     string
}

func (e *ServerNotFoundError) Error() string {
	return fmt.Sprintf("no IPsec server %s in %s (InvalidIpsecServerId.NotFound)", e.IpsecServerId, e.RegionId)
}

func (e *ServerNotFoundError) Unwrap() error {
	return &APIError{Action: "ListIpsecServers", Code: "InvalidIpsecServerId.NotFound", HTTPStatus: 404,
		Message: e.Error() + " (ListIpsecServers with IpsecServerId.1 answered no server)", RequestId: e.RequestId}
}

// GetServer reads one server by its id, with its key as the service holds
// it (Psk: masked when printed, never to be logged). An id the region does
// not hold is a *ServerNotFoundError; a malformed id an *ipsec.FieldError,
// and nothing is sent.
func (c *Client) GetServer(ctx context.Context, region, id string) (ipsec.Server, error) {
	region = c.regionOr(region)
	if err := serverIDError(id); err != nil {
		return ipsec.Server{}, err
	}
	var resp *vpc.ListIpsecServersResponse
	_, err := c.invoke(ctx, "ListIpsecServers", region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateListIpsecServersRequest()
		req.RegionId = region
		req.IpsecServerId = &[]string{id}
		resp, err = cl.ListIpsecServers(req)
		return err
	})
	if err != nil {
		return ipsec.Server{}, err
	}
	for _, item := range resp.IpsecServers {
		if item.IpsecServerId == id { // a service that ignored the filter lists others
			s := ipsecServerOf(item)
			if s.RegionId == "" {
				s.RegionId = region
			}
			return s, nil
		}
	}
	return ipsec.Server{}, &ServerNotFoundError{IpsecServerId: id, RegionId: region, RequestId: resp.RequestId}
}

// serverIDError checks the form of an IPsec server id before anything is
// sent: ipsec.ValidateServerID, the one rule (with a suggestion for the usual
// slips, spaces and capitals).
func serverIDError(id string) error { return ipsec.ValidateServerID(id) }

// RegionServers is one region of a listing across regions: its servers, or
// why it could not be read.
type RegionServers struct {
	RegionId string
	Servers  []ipsec.Server
	Err      error
}

// DefaultRegionWorkers is how many regions ListServersAllRegions reads at
// once: enough to list every region in a few round trips, few enough not to
// be throttled.
const DefaultRegionWorkers = 4

// ListServersAllRegions lists the servers of every region DescribeRegions
// names, workers regions at a time (0 means DefaultRegionWorkers), and
// answers one RegionServers per region in DescribeRegions' order. A region
// that fails carries its error and the others are still listed; the error
// returned is DescribeRegions' own (nothing could be listed) or ctx's.
func (c *Client) ListServersAllRegions(ctx context.Context, opts ListServersOptions, workers int) ([]RegionServers, error) {
	regions, err := c.DescribeRegions(ctx)
	if err != nil {
		return nil, err
	}
	if workers <= 0 {
		workers = DefaultRegionWorkers
	}
	out := make([]RegionServers, len(regions))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(regions)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				servers, err := c.ListServers(ctx, regions[i].RegionId, opts)
				out[i] = RegionServers{RegionId: regions[i].RegionId, Servers: servers, Err: err}
			}
		}()
	}
	for i := range regions {
		select {
		case jobs <- i:
		case <-ctx.Done():
			out[i] = RegionServers{RegionId: regions[i].RegionId, Err: ctx.Err()}
			for j := i + 1; j < len(regions); j++ {
				out[j] = RegionServers{RegionId: regions[j].RegionId, Err: ctx.Err()}
			}
			close(jobs)
			wg.Wait()
			return out, ctx.Err()
		}
	}
	close(jobs)
	wg.Wait()
	return out, ctx.Err()
}
