package tui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// fakeAPI is an in-memory API for screen tests that need no sandbox.
type fakeAPI struct {
	mu        sync.Mutex
	regionErr error
	gateways  map[string][]client.Gateway
	createErr error
	// createGate, when set, holds CreateIpsecServer until it is closed.
	createGate chan struct{}
	creates    int
	specs      []client.ServerSpec
	events     chan client.GatewayEvent // WatchGateway's channel; nil = settle at once
	servers    []client.IpsecServer
	slowVpc    bool // VpcCIDRs waits for its context to end
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{gateways: map[string][]client.Gateway{
		"cn-hangzhou": {{VpnGatewayId: "vpn-fake", Name: "fake", RegionId: "cn-hangzhou", VpcId: "vpc-1",
			InternetIp: "203.0.113.7", Status: "active", BusinessStatus: "Normal", SslVpnEnabled: true}},
	}}
}

func (f *fakeAPI) DescribeRegions(ctx context.Context) ([]client.Region, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.regionErr != nil {
		return nil, f.regionErr
	}
	return []client.Region{{RegionId: "cn-hangzhou", LocalName: "Hangzhou"}, {RegionId: "cn-shanghai"}}, nil
}

func (f *fakeAPI) ListGateways(ctx context.Context, region string) ([]client.Gateway, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gateways[region], nil
}

func (f *fakeAPI) DescribeGateway(ctx context.Context, region, id string) (client.Gateway, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, g := range f.gateways[region] {
		if g.VpnGatewayId == id {
			return g, nil
		}
	}
	return client.Gateway{}, fmt.Errorf("no gateway %s", id)
}

func (f *fakeAPI) VpcCIDRs(ctx context.Context, region, vpcID string) ([]string, error) {
	f.mu.Lock()
	slow := f.slowVpc
	f.mu.Unlock()
	if slow {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return []string{"172.16.0.0/16"}, nil
}

func (f *fakeAPI) CountVpnConnections(ctx context.Context, region, id string) (int, error) {
	return 0, nil
}

func (f *fakeAPI) ListIpsecServers(ctx context.Context, region, id string) ([]client.IpsecServer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.servers, nil
}

func (f *fakeAPI) CreateIpsecServer(ctx context.Context, spec *client.ServerSpec) (client.CreateResult, error) {
	f.mu.Lock()
	gate := f.createGate
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return client.CreateResult{}, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.creates++
	if spec.ClientToken == "" {
		spec.ClientToken = fmt.Sprintf("token-%d", f.creates)
	}
	f.specs = append(f.specs, spec.Clone())
	if f.createErr != nil {
		return client.CreateResult{}, f.createErr
	}
	res := client.CreateResult{VpnGatewayId: spec.VpnGatewayId, RegionId: spec.RegionId, RequestId: "req-1",
		ClientToken: spec.ClientToken, DryRun: spec.DryRun}
	if spec.DryRun {
		res.DryRunPassed = true
		return res, nil
	}
	res.IpsecServerId = "iss-fake1"
	res.IpsecServerName = spec.IpSecServerName
	res.CreationTime = "2025-01-02T03:04:05Z"
	f.servers = []client.IpsecServer{{IpsecServerId: "iss-fake1", VpnGatewayId: spec.VpnGatewayId,
		InternetIp: "203.0.113.7", Psk: "generated-key-16"}}
	return res, nil
}

func (f *fakeAPI) WatchGateway(ctx context.Context, region, id string, opts client.WatchOptions) <-chan client.GatewayEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.events != nil {
		return f.events
	}
	ch := make(chan client.GatewayEvent, 2)
	ch <- client.GatewayEvent{Time: time.Now(), Polls: 1, Status: "active", Done: true, Settled: true}
	close(ch)
	return ch
}

func (f *fakeAPI) createCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.creates
}

// stubWizard stands in for the forms wizard: keys G (choose the first
// gateway), S (submit), D (dry run), R (switch region), X (cancel).
type stubWizard struct {
	ctx      *Context
	spec     client.ServerSpec
	gateways []client.Gateway
	region   string
	details  *gatewayDetails
	detErr   error
	edited   []string
	pick     string
}

func newStubWizard(ctx *Context, init wizardInit) wizardModel {
	spec := init.Spec
	if len(spec.LocalSubnet) == 0 {
		spec.LocalSubnet = client.CIDRList{"172.16.0.0/16"}
	}
	if spec.ClientIpPool == "" {
		spec.ClientIpPool = "192.168.0.0/24"
	}
	return &stubWizard{ctx: ctx, spec: spec, gateways: init.Gateways, region: init.Region}
}

// stubWizardPicking is a stub whose G key chooses the gateway id.
func stubWizardPicking(id string) func(*Context, wizardInit) wizardModel {
	return func(ctx *Context, init wizardInit) wizardModel {
		w := newStubWizard(ctx, init).(*stubWizard)
		w.pick = id
		return w
	}
}

func (w *stubWizard) Init() tea.Cmd { return nil }
func (w *stubWizard) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "esc":
		w.edited = append(w.edited, "esc")
	case "ctrl+c":
		return msgCmd(wizCancelMsg{})
	case "G":
		for _, g := range w.gateways {
			if w.pick != "" && g.VpnGatewayId == w.pick {
				w.spec.VpnGatewayId = g.VpnGatewayId
				return msgCmd(wizGatewayMsg{gateway: g})
			}
		}
		if len(w.gateways) > 0 {
			w.spec.VpnGatewayId = w.gateways[0].VpnGatewayId
			return msgCmd(wizGatewayMsg{gateway: w.gateways[0]})
		}
	case "S":
		return msgCmd(wizSubmitMsg{})
	case "D":
		return msgCmd(wizSubmitMsg{dryRun: true})
	case "R":
		return msgCmd(wizRegionMsg{region: "cn-shanghai"})
	case "X":
		return msgCmd(wizCancelMsg{})
	}
	return nil
}
func (w *stubWizard) View() string {
	return fmt.Sprintf("STUB WIZARD region=%s gateways=%d\ngateway=%s details=%v\nedited=%s",
		w.region, len(w.gateways), w.spec.VpnGatewayId, w.details != nil, strings.Join(w.edited, ","))
}
func (w *stubWizard) SetSize(int, int) tea.Cmd { return nil }
func (w *stubWizard) Keys() help.KeyMap        { return keysOf(w.ctx.KeyMap, w.ctx.KeyMap.Cancel) }
func (w *stubWizard) SetGateways(region string, gws []client.Gateway, err error) tea.Cmd {
	w.region, w.gateways = region, gws
	return nil
}
func (w *stubWizard) SetDetails(d gatewayDetails, err error) tea.Cmd {
	w.details, w.detErr = &d, err
	return nil
}
func (w *stubWizard) Edit(field string) tea.Cmd {
	w.edited = append(w.edited, "["+field+"]")
	return nil
}
func (w *stubWizard) Spec() client.ServerSpec       { return w.spec.Clone() }
func (w *stubWizard) Event(tea.Msg) (tea.Msg, bool) { return nil, false }

func newAnswers(spec client.ServerSpec) *forms.Answers { return forms.NewAnswers(spec) }
