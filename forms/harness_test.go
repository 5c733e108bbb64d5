package forms

import (
	"errors"
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

func gw(id, name string, mod func(*ipsec.Gateway)) ipsec.Gateway {
	g := ipsec.Gateway{VpnGatewayId: id, Name: name, RegionId: "cn-hangzhou", VpcId: "vpc-bp1sandbox0001",
		Status: ipsec.StatusActive, BusinessStatus: ipsec.BusinessNormal, SslVpnEnabled: true, IpsecVpnEnabled: true,
		SslMaxConnections: 5, InternetIp: "203.0.113.10"}
	if mod != nil {
		mod(&g)
	}
	return g
}

var (
	testRegions = []ipsec.Region{
		{RegionId: "cn-hangzhou", LocalName: "China (Hangzhou)"},
		{RegionId: "cn-shanghai", LocalName: "China (Shanghai)"},
	}
	gwReady     = gw("vpn-sandbox-ready", "ready-hz", nil)
	gwNoSSL     = gw("vpn-sandbox-nossl", "nossl-hz", func(g *ipsec.Gateway) { g.SslVpnEnabled = false })
	gwVpnConn   = gw("vpn-sandbox-vpnconn", "vpnconn-hz", nil)
	gwHasServer = gw("vpn-sandbox-hasserver", "hasserver-hz", nil)
	gwLocked    = gw("vpn-sandbox-locked", "locked-hz", func(g *ipsec.Gateway) { g.BusinessStatus = ipsec.BusinessFinancialLocked })
	gwBusy      = gw("vpn-sandbox-busy", "busy-hz", func(g *ipsec.Gateway) { g.Status = ipsec.StatusUpdating })
	gwSh        = gw("vpn-sandbox-sh-ready", "ready-sh", func(g *ipsec.Gateway) { g.RegionId = "cn-shanghai"; g.VpcId = "vpc-uf6sandbox0001" })

	testGateways = map[string][]ipsec.Gateway{
		"cn-hangzhou": {gwReady, gwNoSSL, gwVpnConn, gwHasServer, gwLocked, gwBusy},
		"cn-shanghai": {gwSh},
	}
	testDetails = map[string]*ipsec.GatewayDetails{
		gwReady.VpnGatewayId:     {Gateway: gwReady, VpcCIDRs: []string{"172.16.0.0/16", "10.10.0.0/16"}},
		gwVpnConn.VpnGatewayId:   {Gateway: gwVpnConn, VpcCIDRs: []string{"172.16.0.0/16"}, VpnConnections: 1},
		gwHasServer.VpnGatewayId: {Gateway: gwHasServer, VpcCIDRs: []string{"172.16.0.0/16"}, Servers: []ipsec.Server{{IpsecServerId: "iss-sandbox-hasserver"}}},
		gwSh.VpnGatewayId:        {Gateway: gwSh, VpcCIDRs: []string{"192.168.0.0/16"}},
		gwBusy.VpnGatewayId:      {Gateway: gwBusy, VpcCIDRs: []string{"172.16.0.0/16"}},
	}
)

func testData() ipsec.Facts {
	return ipsec.Facts{Regions: testRegions, Gateways: testGateways["cn-hangzhou"]}
}

// host plays the tui's part: it answers the wizard's requests from the
// fixtures and records the outcome.
type host struct {
	w         *Wizard
	submitted *SubmitMsg
	cancelled bool
	chosen    []string
	regions   []string
}

func newHost(a *Answers, data ipsec.Facts, opts ...Option) *host {
	return &host{w: NewWizard(a, data, append([]Option{WithCommand(export.AliyunCLICommand)}, opts...)...)}
}

func (h *host) Init() tea.Cmd { return h.w.Init() }

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case RegionChangedMsg:
		h.regions = append(h.regions, m.Region)
		return h, func() tea.Msg { return GatewaysLoadedMsg{Region: m.Region, Gateways: testGateways[m.Region]} }
	case GatewayChosenMsg:
		h.chosen = append(h.chosen, m.Gateway.VpnGatewayId)
		d := testDetails[m.Gateway.VpnGatewayId]
		return h, func() tea.Msg {
			if d == nil {
				return GatewayDetailsMsg{Err: errors.New("InvalidVpnGatewayInstanceId.NotFound: the gateway does not exist")}
			}
			return GatewayDetailsMsg{Details: d}
		}
	case SubmitMsg:
		h.submitted = &m
		return h, tea.Quit
	case CancelMsg:
		h.cancelled = true
		return h, tea.Quit
	case snapshotMsg:
		m <- h.w.View()
		return h, nil
	case inWizardMsg:
		m.f(h.w)
		close(m.done)
		return h, nil
	}
	_, cmd := h.w.Update(msg)
	return h, cmd
}

func (h *host) View() string { return h.w.View() }

func NewSpecForTest() ipsec.ServerSpec { return ipsec.NewServerSpec() }

func lipglossWidth(s string) int { return lipgloss.Width(s) }
