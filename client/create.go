package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// CreateIpsecServer sends the spec. spec.ClientToken is generated once if
// empty (the spec is updated so a later retry reuses it). A DryRun that
// passes returns DryRunPassed and a nil error.
//
// Every attempt carries the same ClientToken, so a create whose answer got
// lost is repeated without making a second server. A dry run creates
// nothing, so when the spec has no token it goes without one and leaves the
// spec untouched: the real create that follows must not share its token.
func (c *Client) CreateIpsecServer(ctx context.Context, spec *ipsec.ServerSpec) (CreateResult, error) {
	if spec == nil {
		return CreateResult{}, ipsec.NewFieldError("ServerSpec", "a request to send", "")
	}
	if err := checkRequired(spec); err != nil {
		return CreateResult{}, err
	}
	if spec.ClientToken == "" && !spec.DryRun {
		token, err := NewClientToken()
		if err != nil {
			return CreateResult{}, err
		}
		spec.ClientToken = token
	}
	region := c.regionOr(spec.RegionId)
	var ike, phase2 string
	if spec.IkeConfig != nil {
		b, err := json.Marshal(spec.IkeConfig)
		if err != nil {
			return CreateResult{}, err
		}
		ike = string(b)
	}
	if spec.IpsecConfig != nil {
		b, err := json.Marshal(spec.IpsecConfig)
		if err != nil {
			return CreateResult{}, err
		}
		phase2 = string(b)
	}

	var resp *vpc.CreateIpsecServerResponse
	// The transport notes the key as sent; naming it here too keeps it out
	// of every message even if the SDK ever sends it another way.
	ctx = withSecrets(ctx, spec.Psk.Reveal())
	attempts, err := c.invoke(ctx, "CreateIpsecServer", region, func(cl *vpc.Client) (err error) {
		req := vpc.CreateCreateIpsecServerRequest()
		req.RegionId = region
		req.VpnGatewayId = spec.VpnGatewayId
		req.LocalSubnet = spec.LocalSubnet.String()
		req.ClientIpPool = spec.ClientIpPool
		req.IpSecServerName = spec.IpSecServerName
		req.EffectImmediately = requests.NewBoolean(spec.EffectImmediately)
		req.IkeConfig = ike
		req.IpsecConfig = phase2
		req.PskEnabled = requests.NewBoolean(spec.PskEnabled)
		req.Psk = spec.Psk.Reveal()
		req.ClientToken = spec.ClientToken
		if spec.DryRun {
			req.DryRun = "true"
		}
		resp, err = cl.CreateIpsecServer(req)
		return err
	})
	res := CreateResult{
		VpnGatewayId: spec.VpnGatewayId,
		RegionId:     region,
		ClientToken:  spec.ClientToken,
		DryRun:       spec.DryRun,
		Attempts:     attempts,
	}
	var apiErr *APIError
	if spec.DryRun && errors.As(err, &apiErr) && apiErr.Code == "DryRunOperation" {
		res.DryRunPassed = true
		res.RequestId = apiErr.RequestId
		return res, nil
	}
	if err != nil {
		return res, err
	}
	res.IpsecServerId = resp.IpsecServerId
	res.IpsecServerName = resp.IpsecServerName
	res.CreationTime = resp.CreationTime
	res.RequestId = resp.RequestId
	if resp.VpnGatewayId != "" {
		res.VpnGatewayId = resp.VpnGatewayId
	}
	if resp.RegionId != "" {
		res.RegionId = resp.RegionId
	}
	return res, nil
}

// checkRequired refuses a spec the API would refuse for a missing parameter,
// before anything is sent. The forms validate values; this only guards the
// call.
func checkRequired(spec *ipsec.ServerSpec) error {
	switch {
	case spec.VpnGatewayId == "":
		return ipsec.NewFieldError("VpnGatewayId", "required", "vpn-bp17lofy9fd0dnvzv****")
	case len(spec.LocalSubnet) == 0:
		return ipsec.NewFieldError("LocalSubnet", "at least one CIDR block is required", "172.16.0.0/16")
	case spec.ClientIpPool == "":
		return ipsec.NewFieldError("ClientIpPool", "required", "192.168.0.0/24")
	case len(spec.Psk) > 100:
		return ipsec.NewFieldError("Psk", "at most 100 characters", "")
	}
	return nil
}

// NewClientToken returns a random UUID (version 4): ASCII, unique, what the
// API documents for ClientToken.
func NewClientToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("client token: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
