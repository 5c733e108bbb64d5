package tui

import (
	"context"
	"fmt"
	"os"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func loadRegionsCmd(ctx context.Context, api API) tea.Cmd {
	return func() tea.Msg {
		regions, err := api.DescribeRegions(ctx)
		return regionsLoadedMsg{regions: regions, err: err}
	}
}

func loadGatewaysCmd(ctx context.Context, api API, region string) tea.Cmd {
	return func() tea.Msg {
		gws, err := api.ListGateways(ctx, region)
		return gatewaysLoadedMsg{region: region, gateways: gws, err: err}
	}
}

// loadDetailsCmd checks the chosen gateway: see fetchDetails.
func loadDetailsCmd(ctx context.Context, api API, seq int, region string, gw ipsec.Gateway) tea.Cmd {
	return func() tea.Msg {
		d, err := fetchDetails(ctx, api, region, gw)
		return detailsLoadedMsg{seq: seq, details: d, err: err}
	}
}

// fetchDetails reads the gateway afresh (its status, and everything else
// when only the id was typed), then, in parallel, its VPC's CIDR blocks, its
// IPsec-VPN connections and its IPsec servers.
func fetchDetails(ctx context.Context, api API, region string, gw ipsec.Gateway) (gatewayDetails, error) {
	fresh, err := api.DescribeGateway(ctx, region, gw.VpnGatewayId)
	if err != nil {
		return gatewayDetails{Gateway: gw}, err
	}
	if fresh.RegionId == "" {
		fresh.RegionId = region
	}
	d := gatewayDetails{Gateway: fresh}
	var (
		wg   sync.WaitGroup
		errs [3]error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		if fresh.VpcId != "" {
			d.VpcCIDRs, errs[0] = api.VpcCIDRs(ctx, region, fresh.VpcId)
		}
	}()
	go func() {
		defer wg.Done()
		d.VpnConnections, errs[1] = api.CountVpnConnections(ctx, region, fresh.VpnGatewayId)
	}()
	go func() {
		defer wg.Done()
		d.Servers, errs[2] = api.ListIpsecServers(ctx, region, fresh.VpnGatewayId)
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return d, err
		}
	}
	return d, nil
}

// submitCmd sends the create. spec is the root's copy: CreateIpsecServer
// fills its ClientToken, and the message carries it back so a retry reuses it.
func submitCmd(ctx context.Context, api API, spec ipsec.ServerSpec) tea.Cmd {
	return func() tea.Msg {
		s := spec.Clone()
		res, err := api.CreateIpsecServer(ctx, &s)
		if s.ClientToken == "" {
			s.ClientToken = res.ClientToken
		}
		return submitDoneMsg{spec: s, result: res, err: err}
	}
}

// watchCmd starts the watcher; waitForEvent then reads its channel one event
// per Cmd.
func watchCmd(ctx context.Context, api API, region, gatewayID string, opts client.WatchOptions) tea.Cmd {
	return func() tea.Msg {
		return watchStartedMsg{ch: api.WatchGateway(ctx, region, gatewayID, opts)}
	}
}

func waitForEvent(ch <-chan client.GatewayEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return gatewayEventMsg{closed: true}
		}
		return gatewayEventMsg{ev: ev}
	}
}

// savePskCmd keeps a generated key (Config.SavePsk), then hands the
// create's answer on.
func savePskCmd(save func(ipsec.Secret) error, psk ipsec.Secret, done submitDoneMsg) tea.Cmd {
	return func() tea.Msg {
		return pskSavedMsg{err: save(psk), done: done}
	}
}

func loadServersCmd(ctx context.Context, api API, region, gatewayID string) tea.Cmd {
	return func() tea.Msg {
		s, err := api.ListIpsecServers(ctx, region, gatewayID)
		return serversLoadedMsg{servers: s, err: err}
	}
}

// writeFileCmd writes content to path with mode 0600 (also when the file
// already existed with a wider mode).
func writeFileCmd(path, content string) tea.Cmd {
	return func() tea.Msg {
		return fileWrittenMsg{path: path, err: writePrivateFile(path, content)}
	}
}

func writePrivateFile(path, content string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("restrict %s to its owner: %w", path, err)
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
