package forms

import (
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"

	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Special values of the gateway list.
const (
	typedGateway   = "\x00typed"
	loadingGateway = "\x00loading"
)

// The gateway list's columns: a name is cut (with …) past maxGatewayName
// cells so that a line fits 80 columns; the note takes what is left.
const maxGatewayName = 18

// gatewayColumns are the widths of the name, id and status columns of gws.
func gatewayColumns(gws []ipsec.Gateway) [3]int {
	w := [3]int{len("NAME"), len("GATEWAY ID"), len("STATUS")}
	for _, g := range gws {
		w[0] = max(w[0], min(ansi.StringWidth(gatewayName(g)), maxGatewayName))
		w[1] = max(w[1], ansi.StringWidth(termsafe.String(g.VpnGatewayId)))
		w[2] = max(w[2], ansi.StringWidth(g.Status))
	}
	return w
}

// GatewayLine is how a gateway appears in a list: its name, a mark (✗: it
// cannot take an IPsec server), its id, its status and a note saying why
// not or what choosing it leads to, e.g.
// "ready-hz    vpn-sandbox-ready   active" or
// "nossl-hz ✗  vpn-sandbox-nossl   active    SSL-VPN off".
func GatewayLine(g ipsec.Gateway, widths [3]int) string {
	cannot, note := ipsec.GatewayNote(g)
	mark := "  "
	if cannot {
		mark = " ✗"
	}
	status := ""
	if widths[2] > 0 {
		status = pad(g.Status, widths[2]) + "  "
	}
	return strings.TrimRight(pad(ansi.Truncate(gatewayName(g), widths[0], "…"), widths[0])+mark+"  "+
		pad(termsafe.String(g.VpnGatewayId), widths[1])+"  "+status+note, " ")
}

// GatewayHeader names GatewayLine's columns (a status width of 0 leaves
// the status out).
func GatewayHeader(widths [3]int) string {
	status := ""
	if widths[2] > 0 {
		status = pad("STATUS", widths[2]) + "  "
	}
	return pad("NAME", widths[0]) + "    " + pad("GATEWAY ID", widths[1]) + "  " + status + "NOTE"
}

// gatewayWidths are the gateway list's columns fitted to the room a line
// has (session.width): the status column goes first (a busy gateway's
// note says it is busy), then names get shorter; ids and notes stay whole.
func (s *session) gatewayWidths() [3]int {
	w := gatewayColumns(s.facts.Gateways)
	if s.width <= 0 {
		return w
	}
	longest := 0
	for _, g := range s.facts.Gateways {
		_, note := ipsec.GatewayNote(g)
		longest = max(longest, ansi.StringWidth(note))
	}
	line := func() int {
		n := w[0] + 4 + w[1] + 2 + longest
		if w[2] > 0 {
			n += w[2] + 2
		}
		return n
	}
	if line() > s.width {
		w[2] = 0
	}
	if over := line() - s.width; over > 0 {
		w[0] = max(4, w[0]-over)
	}
	return w
}

func pad(s string, n int) string {
	if d := n - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// gatewayName is the name a gateway is listed by.
func gatewayName(g ipsec.Gateway) string {
	if g.Name == "" {
		return "(no name)"
	}
	return g.Name
}

func (s *session) gatewayFields(sub int) []Field {
	m := &s.a.m
	if sub == 2 && s.existing != nil {
		return []Field{s.serverActionField()}
	}
	if sub == 3 && s.busy != nil {
		return []Field{s.busyField()}
	}
	if sub == 1 {
		return []Field{{Key: ipsec.FieldVpnGatewayID, Kind: KindText, Title: ipsec.Title(ipsec.FieldVpnGatewayID),
			Description: "Type the id of a gateway in " + m.region + ". " + ipsec.Info(ipsec.FieldVpnGatewayID).Description,
			Placeholder: "vpn-bp17lofy9fd0dnvzv1234", Text: &m.gatewayID, Validate: ipsec.ValidateGatewayID}}
	}
	region := Field{Key: ipsec.FieldRegionID, Title: ipsec.Title(ipsec.FieldRegionID), Text: &m.region,
		Description: ipsec.Info(ipsec.FieldRegionID).Description, Quiet: true}
	if regions := s.facts.Regions; len(regions) > 0 {
		region.Kind = KindChoice
		region.Description += " Type / to filter."
		region.Rows = 4
		idWidth := 0
		for _, r := range regions {
			idWidth = max(idWidth, len(r.RegionId))
		}
		for _, r := range regions { // the names in one column
			region.Options = append(region.Options, Choice{fmt.Sprintf("%-*s  %s", idWidth, r.RegionId, r.LocalName), r.RegionId})
		}
		region.Validate = func(v string) error { return ipsec.ValidateRegion(v, regions) }
	} else {
		region.Kind = KindText
		region.Placeholder = ipsec.DefaultRegion
		region.Validate = func(v string) error { return ipsec.ValidateRegion(v, nil) }
	}

	widths := s.gatewayWidths()
	desc := fmt.Sprintf("The VPN gateway that will host the IPsec server (%d in %s). It needs SSL-VPN on, "+
		"no IPsec-VPN connection and no IPsec server yet; ✗ marks gateways that cannot take one.", len(s.facts.Gateways), m.region)
	header := ""
	if !s.loadingGateways && len(s.facts.Gateways) > 0 {
		header = "  " + GatewayHeader(widths)
	}
	gw := Field{Key: ipsec.FieldVpnGatewayID, Kind: KindChoice, Title: ipsec.Title(ipsec.FieldVpnGatewayID),
		Text: &m.gatewayChoice, Description: desc, Header: header, Quiet: true, Validate: s.validateGatewayChoice}
	if s.loadingGateways {
		gw.Options = append(gw.Options, Choice{"Loading the gateways of " + m.region + "…", loadingGateway})
	} else {
		for _, g := range s.facts.Gateways {
			gw.Options = append(gw.Options, Choice{GatewayLine(g, widths), g.VpnGatewayId})
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
	// A busy gateway can be waited for and a server it holds changed or
	// deleted: the check that follows offers those. Only what no waiting
	// mends is refused here.
	return ipsec.GatewayObstacle(g, nil)
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
	name := termsafe.String(srv.IpsecServerId)
	if srv.IpsecServerName != "" {
		name += " (" + termsafe.String(srv.IpsecServerName) + ")"
	}
	desc := fmt.Sprintf("%s already holds IPsec server %s, and a gateway holds one: change it, delete it to make room, or choose another gateway. %d client(s) online.",
		termsafe.String(srv.VpnGatewayId), name, srv.OnlineClientCount)
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

// Choices of the gateway page's fourth part: the gateway chosen is busy.
const (
	busyWait    = "wait"
	busyAnother = "another"
)

// busyField offers to wait for a gateway that is applying another change,
// as --no-input does by itself.
func (s *session) busyField() Field {
	g := s.busy
	if s.a.m.busyAction == "" {
		s.a.m.busyAction = busyWait
	}
	return Field{Key: "BusyAction", Kind: KindChoice, Title: "This gateway is busy",
		Description: fmt.Sprintf("%s is %s: it is applying another change and takes no new one until it is active again "+
			"(a few minutes, as a rule). Nothing has been sent.", termsafe.String(g.VpnGatewayId), g.Status),
		Text: &s.a.m.busyAction, Options: []Choice{
			{"Wait here until it is active", busyWait},
			{"Choose another gateway", busyAnother},
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
	if sub == 3 && s.busy != nil {
		g := *s.busy
		s.busy = nil
		if m.busyAction == busyWait {
			return step{kind: stepCheck, gateway: g, wait: true}
		}
		return step{kind: stepPart, part: 0}
	}
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
		// A busy gateway or one holding a server goes on to the check,
		// which offers to wait, or what to do with the server.
		if err := ipsec.GatewayObstacle(g, nil); err != nil {
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
