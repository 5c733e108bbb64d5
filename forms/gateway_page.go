package forms

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Special values of the gateway list.
const (
	typedGateway   = "\x00typed"
	loadingGateway = "\x00loading"
)

// GatewayLine is how a gateway appears in the list:
// "ready-hz  vpn-sandbox-ready  active  SSL-VPN on  vpc-...". widths are the
// column widths of name, id and status (0: as long as needed).
func GatewayLine(g ipsec.Gateway, widths [3]int) string {
	ssl := "SSL-VPN off"
	if g.SslVpnEnabled {
		ssl = "SSL-VPN on "
	}
	name := gatewayName(g)
	st := gatewayStatus(g)
	pad := func(s string, n int) string {
		if d := n - lipgloss.Width(s); d > 0 {
			return s + strings.Repeat(" ", d)
		}
		return s
	}
	return strings.TrimRight(pad(name, widths[0])+"  "+pad(g.VpnGatewayId, widths[1])+"  "+pad(st, widths[2])+"  "+ssl+"  "+g.VpcId, " ")
}

// gatewayName is the name a gateway is listed by.
func gatewayName(g ipsec.Gateway) string {
	if g.Name == "" {
		return "(no name)"
	}
	return g.Name
}

func (w *Wizard) gatewayFields(sub int) []huh.Field {
	m := &w.a.m
	if sub == 1 {
		return []huh.Field{huh.NewInput().Key(ipsec.FieldVpnGatewayID).
			Title(ipsec.Title(ipsec.FieldVpnGatewayID)).
			Description("Type the id of a gateway in " + m.region + ". " + ipsec.Info(ipsec.FieldVpnGatewayID).Description).
			Placeholder("vpn-bp17lofy9fd0dnvzv1234").
			Value(&m.gatewayID).
			Validate(ipsec.ValidateGatewayID)}
	}
	fw := w.formWidth() - 4
	var region huh.Field
	if len(w.data.Regions) > 0 {
		opts := make([]huh.Option[string], 0, len(w.data.Regions))
		for _, r := range w.data.Regions {
			opts = append(opts, huh.NewOption(r.RegionId+"  "+r.LocalName, r.RegionId))
		}
		desc := ipsec.Info(ipsec.FieldRegionID).Description + " Type / to filter."
		region = w.list(huh.NewSelect[string]().Key(ipsec.FieldRegionID).
			Title(ipsec.Title(ipsec.FieldRegionID)).
			Description(desc).
			Options(opts...).
			Height(listHeight(desc, fw, len(opts), 4)).
			Value(&m.region).
			Validate(func(s string) error { return ipsec.ValidateRegion(s, w.data.Regions) }))
	} else {
		region = huh.NewInput().Key(ipsec.FieldRegionID).
			Title(ipsec.Title(ipsec.FieldRegionID)).
			Description(ipsec.Info(ipsec.FieldRegionID).Description).
			Placeholder(ipsec.DefaultRegion).
			Value(&m.region).
			Validate(func(s string) error { return ipsec.ValidateRegion(s, nil) })
	}

	var opts []huh.Option[string]
	switch {
	case w.loadingGateways:
		opts = append(opts, huh.NewOption("Loading the gateways of "+m.region+"…", loadingGateway))
	default:
		var widths [3]int
		for _, g := range w.data.Gateways {
			widths[0] = max(widths[0], lipgloss.Width(gatewayName(g)))
			widths[1] = max(widths[1], len(g.VpnGatewayId))
			widths[2] = max(widths[2], len(gatewayStatus(g)))
		}
		for _, g := range w.data.Gateways {
			// The mark goes right after the name: the end of a long line
			// is cut on a narrow terminal.
			line := GatewayLine(g, widths)
			mark := "  "
			if ipsec.GatewayEligibility(g, nil) != nil {
				mark = " ✗"
			}
			name := gatewayName(g)
			if d := widths[0] - lipgloss.Width(name); d > 0 {
				name += strings.Repeat(" ", d)
			}
			line = name + mark + strings.TrimPrefix(line, name)
			opts = append(opts, huh.NewOption(truncateRunes(line, fw-2), g.VpnGatewayId))
		}
	}
	opts = append(opts, huh.NewOption("Type a gateway ID…", typedGateway))
	desc := fmt.Sprintf("The VPN gateway that will host the IPsec server (%d in %s). It needs SSL-VPN on, "+
		"no IPsec-VPN connection and no IPsec server yet; ✗ marks gateways that cannot take one.", len(w.data.Gateways), m.region)
	gw := w.list(huh.NewSelect[string]().Key(ipsec.FieldVpnGatewayID).
		Title(ipsec.Title(ipsec.FieldVpnGatewayID)).
		Description(desc).
		Options(opts...).
		Height(listHeight(desc, fw, len(opts), max(3, w.height-17))).
		Value(&m.gatewayChoice).
		Validate(func(v string) error {
			switch v {
			case typedGateway:
				return nil
			case loadingGateway:
				return &ipsec.FieldError{Field: ipsec.FieldVpnGatewayID, Label: ipsec.Label(ipsec.FieldVpnGatewayID),
					Rule: "the gateway list is still loading: wait a moment, or choose \"Type a gateway ID\""}
			}
			g, ok := w.data.Gateway(v)
			if !ok {
				return ipsec.ValidateGatewayID(v)
			}
			return ipsec.GatewayEligibility(g, nil)
		}))
	return []huh.Field{region, gw}
}

// listHeight is the Height of a list select: 0 (all options) when they fit
// in rows, else the title, description and rows.
func listHeight(desc string, width, options, rows int) int {
	if options <= rows {
		return 0
	}
	return 1 + descHeight(desc, width) + rows
}

func descHeight(desc string, width int) int {
	return lipgloss.Height(lipgloss.NewStyle().Width(max(width, 10)).Render(desc))
}

func (w *Wizard) gatewayDone() tea.Cmd {
	m := &w.a.m
	if w.sub == 0 {
		if err := ipsec.ValidateRegion(m.region, w.data.Regions); err != nil {
			return w.refuse(err)
		}
		w.a.Spec.RegionId = m.region
		if m.region != w.loadedRegion && len(w.data.Regions) > 0 {
			cmd := w.loadRegion()
			return tea.Batch(w.refuse(nil), cmd)
		}
		switch m.gatewayChoice {
		case typedGateway:
			return w.enter(PageGateway, 1)
		case loadingGateway:
			return w.refuse(nil)
		}
		m.gatewayID = m.gatewayChoice
	}
	if err := ipsec.ValidateGatewayID(m.gatewayID); err != nil {
		return w.refuse(err)
	}
	g, ok := w.data.Gateway(m.gatewayID)
	if ok {
		if err := ipsec.GatewayEligibility(g, nil); err != nil {
			return w.refuse(err)
		}
	} else {
		g = ipsec.Gateway{VpnGatewayId: m.gatewayID, RegionId: m.region}
	}
	w.dirty = true
	cmd := w.build(lastField)
	w.checking = g.VpnGatewayId
	w.layout()
	return tea.Batch(cmd, msgCmd(GatewayChosenMsg{Gateway: g}))
}

func gatewayStatus(g ipsec.Gateway) string {
	if g.BusinessStatus == ipsec.BusinessFinancialLocked {
		return g.Status + " (locked)"
	}
	return g.Status
}
