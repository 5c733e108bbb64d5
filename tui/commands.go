package tui

import (
	"context"
	"fmt"
	"os"
	"time"

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

// prepareCmd checks the chosen gateway (client.Prepare).
func prepareCmd(ctx context.Context, api API, seq int, region string, gw ipsec.Gateway, opts client.PrepareOptions) tea.Cmd {
	return func() tea.Msg {
		d, err := api.Prepare(ctx, region, gw.VpnGatewayId, opts)
		return detailsLoadedMsg{seq: seq, details: d, err: err}
	}
}

// submitCmd sends the create; ctx ending stops only the waiting (see
// client.Submit). Retries are reported on retries while it runs.
func submitCmd(ctx context.Context, api API, spec ipsec.ServerSpec, retries chan<- retryMsg) tea.Cmd {
	return func() tea.Msg {
		defer close(retries)
		tctx := client.WithTrace(ctx, &client.Trace{Retry: func(_ string, attempt int, err error, _ time.Duration) {
			select {
			case retries <- retryMsg{attempt: attempt, err: err}:
			default: // the screen shows the latest; none is worth blocking the call for
			}
		}})
		return submitDoneMsg{api.Submit(tctx, spec)}
	}
}

// submitChangeCmd sends an update or delete, as submitCmd sends a create.
func submitChangeCmd(ctx context.Context, api API, ch client.Change, retries chan<- retryMsg) tea.Cmd {
	return func() tea.Msg {
		defer close(retries)
		tctx := client.WithTrace(ctx, &client.Trace{Retry: func(_ string, attempt int, err error, _ time.Duration) {
			select {
			case retries <- retryMsg{attempt: attempt, err: err}:
			default:
			}
		}})
		return changeDoneMsg{api.SubmitChange(tctx, ch)}
	}
}

// loadServerCmd reads the server an update or delete acts on, then its
// gateway (client.Prepare).
func loadServerCmd(ctx context.Context, api API, region, id string) tea.Cmd {
	return func() tea.Msg {
		srv, err := api.GetServer(ctx, region, id)
		if err != nil {
			return serverLoadedMsg{err: err}
		}
		d, err := api.Prepare(ctx, srv.RegionId, srv.VpnGatewayId, client.PrepareOptions{})
		return serverLoadedMsg{server: srv, details: d, err: err}
	}
}

// waitActiveCmd waits until a busy gateway is active again.
func waitActiveCmd(ctx context.Context, api API, region, gatewayID string, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		_, err := api.Prepare(ctx, region, gatewayID, client.PrepareOptions{WaitBusy: true, WaitTimeout: timeout})
		return gatewayActiveMsg{err: err}
	}
}

// waitRetry delivers the next retry of a submit in flight.
func waitRetry(ch <-chan retryMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		return m
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
