package forms

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Special values of the gateway list.
const (
	typedGateway   = "\x00typed"
	loadingGateway = "\x00loading"
)

// GatewayLine is how a gateway appears in a list:
// "ready-hz  vpn-sandbox-ready  active  SSL-VPN on  vpc-...". widths are the
// column widths of name, id and status (0: as long as needed).
func GatewayLine(g ipsec.Gateway, widths [3]int) string {
	ssl := "SSL-VPN off"
	if g.SslVpnEnabled {
		ssl = "SSL-VPN on "
	}
	pad := func(s string, n int) string {
		if d := n - lipgloss.Width(s); d > 0 {
			return s + strings.Repeat(" ", d)
		}
		return s
	}
	return strings.TrimRight(pad(gatewayName(g), widths[0])+"  "+pad(g.VpnGatewayId, widths[1])+"  "+
		pad(gatewayStatus(g), widths[2])+"  "+ssl+"  "+g.VpcId, " ")
}

// gatewayName is the name a gateway is listed by.
func gatewayName(g ipsec.Gateway) string {
	if g.Name == "" {
		return "(no name)"
	}
	return g.Name
}

func gatewayStatus(g ipsec.Gateway) string {
	if g.BusinessStatus == ipsec.BusinessFinancialLocked {
		return g.Status + " (locked)"
	}
	return g.Status
}

func (s *session) gatewayFields(sub int) []Field {
	m := &s.a.m
	if sub == 2 && s.existing != nil {
		return []Field{s.serverActionField()}
	}
	if sub == 1 {
		return []Field{{Key: ipsec.FieldVpnGatewayID, Kind: KindText, Title: ipsec.Title(ipsec.FieldVpnGatewayID),
			Description: "Type the id of a gateway in " + m.region + ". " + ipsec.Info(ipsec.FieldVpnGatewayID).Description,
			Placeholder: "vpn-bp17lofy9fd0dnvzv1234", Text: &m.gatewayID, Validate: ipsec.ValidateGatewayID}}
	}
	region := Field{Key: ipsec.FieldRegionID, Title: ipsec.Title(ipsec.FieldRegionID), Text: &m.region,
		Description: ipsec.Info(ipsec.FieldRegionID).Description}
	if regions := s.facts.Regions; len(regions) > 0 {
		region.Kind = KindChoice
		region.Description += " Type / to filter."
		region.Rows = 4
		for _, r := range regions {
			region.Options = append(region.Options, Choice{r.RegionId + "  " + r.LocalName, r.RegionId})
		}
		region.Validate = func(v string) error { return ipsec.ValidateRegion(v, regions) }
	} else {
		region.Kind = KindText
		region.Placeholder = ipsec.DefaultRegion
		region.Validate = func(v string) error { return ipsec.ValidateRegion(v, nil) }
	}

	gw := Field{Key: ipsec.FieldVpnGatewayID, Kind: KindChoice, Title: ipsec.Title(ipsec.FieldVpnGatewayID),
		Text: &m.gatewayChoice,
		Description: fmt.Sprintf("The VPN gateway that will host the IPsec server (%d in %s). It needs SSL-VPN on, "+
			"no IPsec-VPN connection and no IPsec server yet; ✗ marks gateways that cannot take one.", len(s.facts.Gateways), m.region),
		Validate: s.validateGatewayChoice}
	if s.loadingGateways {
		gw.Options = append(gw.Options, Choice{"Loading the gateways of " + m.region + "…", loadingGateway})
	} else {
		var widths [3]int
		for _, g := range s.facts.Gateways {
			widths[0] = max(widths[0], lipgloss.Width(gatewayName(g)))
			widths[1] = max(widths[1], len(g.VpnGatewayId))
			widths[2] = max(widths[2], len(gatewayStatus(g)))
		}
		for _, g := range s.facts.Gateways {
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
			gw.Options = append(gw.Options, Choice{name + mark + strings.TrimPrefix(line, name), g.VpnGatewayId})
		}
	}
	gw.Options = append(gw.Options, Choice{"Type a gateway ID…", typedGateway})
	return []Field{region, gw}
}

func (s *session) validateGatewayChoice(v string) error {
	switch v {
	case typedGateway:
		return nil
	case loadingGateway:
		return &ipsec.FieldError{Field: ipsec.FieldVpnGatewayID, Label: ipsec.Label(ipsec.FieldVpnGatewayID),
			Rule: "the gateway list is still loading: wait a moment, or choose \"Type a gateway ID\""}
	}
	g, ok := s.facts.Gateway(v)
	if !ok {
		return ipsec.ValidateGatewayID(v)
	}
	return ipsec.GatewayEligibility(g, nil)
}

// Choices of the gateway page's third part: what to do with the server the
// gateway already holds.
const (
	serverUpdate  = "update"
	serverDelete  = "delete"
	serverShow    = "show"
	serverAnother = "another"
)

// serverActionField asks what to do with the server the chosen gateway
// already holds, since a gateway holds one.
func (s *session) serverActionField() Field {
	srv := s.existing
	name := srv.IpsecServerId
	if srv.IpsecServerName != "" {
		name += " (" + srv.IpsecServerName + ")"
	}
	desc := fmt.Sprintf("%s already holds IPsec server %s, and a gateway holds one: change it, delete it to make room, or choose another gateway. %d client(s) online.",
		srv.VpnGatewayId, name, srv.OnlineClientCount)
	if s.showing {
		desc += "\n" + ServerText(*srv)
	}
	if s.a.m.serverAction == "" || s.a.m.serverAction == serverShow && s.showing {
		s.a.m.serverAction = serverUpdate
	}
	return Field{Key: "ServerAction", Kind: KindChoice, Title: "This gateway has an IPsec server", Description: desc,
		Text: &s.a.m.serverAction, Options: []Choice{
			{"Change it (the wizard, pre-filled from it)", serverUpdate},
			{"Delete it", serverDelete},
			{"Show its settings", serverShow},
			{"Choose another gateway", serverAnother},
		}}
}

// ServerText is a server's settings in a few lines, the key left out.
func ServerText(srv ipsec.Server) string {
	spec := ipsec.SpecFromServer(srv)
	ike, p2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	return fmt.Sprintf("Local subnets %s · client pool %s · created %s\nIKE %s %s-%s-%s %ds · IPsec %s-%s-%s %ds",
		strings.Join(srv.LocalSubnet, ", "), srv.ClientIpPool, srv.CreationTime, ike.IkeVersion, ike.IkeEncAlg, ike.IkeAuthAlg,
		ike.IkePfs, ike.IkeLifetime, p2.IpsecEncAlg, p2.IpsecAuthAlg, p2.IpsecPfs, p2.IpsecLifetime)
}

func (s *session) gatewayDone(sub int) step {
	m := &s.a.m
	if sub == 2 && s.existing != nil {
		switch m.serverAction {
		case serverUpdate:
			return step{kind: stepServer, action: ActionUpdate}
		case serverDelete:
			return step{kind: stepServer, action: ActionDelete}
		case serverShow:
			s.showing = true
			return step{kind: stepPart, part: 2}
		}
		s.existing, s.showing = nil, false
		return step{kind: stepPart, part: 0}
	}
	if sub == 0 {
		if err := ipsec.ValidateRegion(m.region, s.facts.Regions); err != nil {
			return refuse(err)
		}
		s.a.Spec.RegionId = m.region
		if m.region != s.loadedRegion && len(s.facts.Regions) > 0 {
			return step{kind: stepLoadRegion, region: m.region}
		}
		switch m.gatewayChoice {
		case typedGateway:
			return step{kind: stepPart, part: 1}
		case loadingGateway:
			return refuse(nil)
		}
		m.gatewayID = m.gatewayChoice
	}
	m.gatewayID = strings.TrimSpace(m.gatewayID)
	if err := ipsec.ValidateGatewayID(m.gatewayID); err != nil {
		return refuse(err)
	}
	g, ok := s.facts.Gateway(m.gatewayID)
	if ok {
		if err := ipsec.GatewayEligibility(g, nil); err != nil {
			return refuse(err)
		}
	} else {
		g = ipsec.Gateway{VpnGatewayId: m.gatewayID, RegionId: m.region}
	}
	return step{kind: stepCheck, gateway: g}
}

// needsGateways: on the gateway page's first part, the region answered is
// not the one whose gateways are known.
func (s *session) needsGateways(p Page, sub int) bool {
	return p == PageGateway && sub == 0 && s.a.m.region != s.loadedRegion && len(s.facts.Regions) > 0
}

// loadRegion notes that the gateways of the current region are asked for.
func (s *session) loadRegion() {
	s.loadedRegion = s.a.m.region
	s.loadingGateways = true
	s.gatewaysErr = nil
	s.facts.Gateways = nil
}

// setGateways takes the gateways of region (the host's answer); an answer
// for a region the user has left is dropped (false).
func (s *session) setGateways(region string, gws []ipsec.Gateway, err error) bool {
	if region != s.a.m.region {
		return false
	}
	s.loadedRegion = region
	s.loadingGateways = false
	s.gatewaysErr = err
	s.facts.Gateways = gws
	m := &s.a.m
	if m.gatewayChoice == typedGateway || m.gatewayChoice == loadingGateway {
		m.gatewayChoice = ""
	}
	if m.gatewayID != "" {
		m.gatewayChoice = m.gatewayID
		if _, ok := s.facts.Gateway(m.gatewayID); !ok {
			m.gatewayChoice = typedGateway
		}
	}
	return true
}
