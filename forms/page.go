package forms

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Page is one step of the wizard.
type Page int

// The pages, in order.
const (
	PageGateway Page = iota
	PageSubnets
	PageProfile
	PageIke
	PageIpsec
	PageAuth
	PageOptions
	PageReview
)

// PageCount is the number of pages.
const PageCount = int(PageReview) + 1

var pageTitles = [...]string{"VPN gateway", "Subnets", "Security profile", "IKE (phase 1)", "IPsec (phase 2)",
	"Authentication", "Name and options", "Review"}

// Title is the page's plain name.
func (p Page) Title() string {
	if p < 0 || int(p) >= len(pageTitles) {
		return fmt.Sprintf("Page(%d)", int(p))
	}
	return pageTitles[p]
}

// String is the same as Title.
func (p Page) String() string { return p.Title() }

// session is what the pages share, whichever front end shows them: the
// answers, the facts they are checked against and where the flow stands.
// Both the huh wizard and the accessible prompter drive the pages through
// part (the fields of one screen) and commit (what completing it does), so
// the two cannot disagree.
type session struct {
	a       *Answers
	facts   ipsec.Facts
	pskFile string                        // where a key generated here is kept ("" none)
	command func(ipsec.ServerSpec) string // the request as a command line, for the review

	loadedRegion    string // the region whose gateways facts holds
	loadingGateways bool
	gatewaysErr     error
	returnToReview  bool // the page is edited from the review: back there when done

	// before is the server an update edits (WithServer): its gateway is
	// fixed, the review shows what changes. nil for a create.
	before *ipsec.Server
	// existing is the server found on the gateway chosen for a create: the
	// gateway page offers what to do with it instead.
	existing *ipsec.Server
	showing  bool // the existing server's settings are shown on the gateway page
	// busy is the gateway chosen while it applies another change: the
	// gateway page offers to wait for it.
	busy *ipsec.Gateway
	// width is the columns one line of a choice may take (the Wizard's;
	// 0 for no limit, as in accessible mode).
	width int
}

func newSession(a *Answers, facts ipsec.Facts) *session {
	if a == nil {
		a = NewAnswers(ipsec.NewServerSpec())
	}
	a.load()
	s := &session{a: a, facts: facts}
	if len(facts.Gateways) > 0 {
		s.loadedRegion = a.m.region
	}
	if d := facts.Details; d != nil && d.Gateway.VpnGatewayId == a.Spec.VpnGatewayId {
		s.prefill(nil, d) // both front ends start from the same pre-filled values
	}
	if a.m.gatewayChoice == "" && a.m.gatewayID != "" {
		a.m.gatewayChoice = a.m.gatewayID
		if _, ok := facts.Gateway(a.m.gatewayID); !ok || len(facts.Gateways) == 0 {
			a.m.gatewayChoice = typedGateway
		}
	}
	return s
}

// skipped: the IKE and IPsec pages are asked only for the custom profile,
// the gateway page never for an update (its gateway is fixed).
func (s *session) skipped(p Page) bool {
	if p == PageGateway && s.before != nil {
		return true
	}
	return (p == PageIke || p == PageIpsec) && s.a.Profile != ipsec.ProfileCustom
}

// steps are the pages shown, in order: what the step indicator counts.
func (s *session) steps() []Page {
	var out []Page
	for p := PageGateway; p <= PageReview; p++ {
		if !s.skipped(p) {
			out = append(out, p)
		}
	}
	return out
}

// step is "Step 3 of 6 · Security profile", counting only the pages shown.
func (s *session) step(p Page) string {
	steps := s.steps()
	n := len(steps)
	for i, q := range steps {
		if q == p {
			return fmt.Sprintf("Step %d of %d · %s", i+1, n, p.Title())
		}
	}
	return p.Title()
}

// skipNote explains the pages the numbering leaves out.
func (s *session) skipNote() string {
	if s.a.Profile == ipsec.ProfileCustom {
		return ""
	}
	return "IKE and IPsec pages skipped: the " + profileName(s.a.Profile) + " profile sets them (choose Custom to set each value)"
}

func profileName(p string) string {
	switch p {
	case ipsec.ProfileServiceDefault:
		return "Service defaults"
	case ipsec.ProfileCustom:
		return "Custom"
	}
	return "Recommended"
}

func (s *session) prevPage(p Page) Page {
	for p--; p >= PageGateway && s.skipped(p); p-- {
	}
	return p
}

// firstPage is the first page shown.
func (s *session) firstPage() Page { return s.nextPage(PageGateway - 1) }

func (s *session) nextPage(p Page) Page {
	for p++; p < PageReview && s.skipped(p); p++ {
	}
	return p
}

// part is the fields of part sub of page p.
func (s *session) part(p Page, sub int) []Field {
	switch p {
	case PageGateway:
		return s.gatewayFields(sub)
	case PageSubnets:
		return s.subnetsFields()
	case PageProfile:
		return s.profileFields()
	case PageIke:
		return s.ikeFields(sub)
	case PageIpsec:
		return s.ipsecFields()
	case PageAuth:
		return s.authFields(sub)
	case PageOptions:
		return s.optionsFields()
	}
	return s.reviewFields(sub)
}

// commit applies a completed part and says where to go.
func (s *session) commit(p Page, sub int) step {
	switch p {
	case PageGateway:
		return s.gatewayDone(sub)
	case PageSubnets:
		return s.subnetsDone()
	case PageProfile:
		return s.profileDone()
	case PageIke:
		return s.ikeDone(sub)
	case PageIpsec:
		return s.ipsecDone()
	case PageAuth:
		return s.authDone(sub)
	case PageOptions:
		return s.optionsDone()
	}
	return s.reviewDone(sub)
}

// stepKind is where a completed part leads.
type stepKind int

const (
	stepStay       stepKind = iota // stay on the part (err says why, when set)
	stepPart                       // part n of the same page
	stepNext                       // the next page that needs it
	stepCheck                      // ask the host to check gateway, then on
	stepLoadRegion                 // ask the host for the gateways of region, stay
	stepSubmit                     // send (action)
	stepCancel                     // leave, after confirming
	stepEdit                       // edit page, then back to the review
	stepReview                     // the review page
	stepServer                     // act on the server the gateway holds (action: update or delete)
)

// step is where a completed part leads.
type step struct {
	kind    stepKind
	err     error // stepStay: shown on the part
	part    int
	gateway ipsec.Gateway
	wait    bool // stepCheck: wait until the busy gateway is active
	region  string
	action  Action
	page    Page
}

func refuse(err error) step { return step{kind: stepStay, err: err} }
func next() step            { return step{kind: stepNext} }

// firstIncomplete is the first page still to answer.
func (s *session) firstIncomplete() Page { return s.a.FirstIncompletePage(s.checkFacts()) }

// complete reports whether page p has a valid answer.
func (s *session) complete(p Page) bool { return s.a.Complete(p, s.checkFacts()) }

// validate checks the whole spec as the review sends it.
func (s *session) validate() []error { return ipsec.ValidateSpec(s.a.Spec, s.checkFacts()) }

// checkFacts are the facts the answers are checked against: for an update,
// the server being edited is not in the way of itself.
func (s *session) checkFacts() ipsec.Facts {
	if s.before != nil {
		return s.facts.Excluding(s.before.IpsecServerId)
	}
	return s.facts
}

// setDetails takes the host's answer about the gateway being checked: the
// checked gateway becomes the answer, or err (or its refusal) says why not.
func (s *session) setDetails(id string, d *ipsec.GatewayDetails, err error) error {
	if err == nil && d == nil {
		err = fmt.Errorf("no details returned")
	}
	if err != nil {
		rule := fmt.Sprintf("could not check %s: %v: choose it again to retry, or choose another gateway", id, err)
		var nf interface{ NotFound() bool }
		if errors.As(err, &nf) && nf.NotFound() {
			// Retrying cannot help: the id or the region is wrong.
			rule = fmt.Sprintf("there is no gateway %s in %s (%v): check the id, or choose the region it is in",
				id, s.a.m.region, err)
		}
		return &ipsec.FieldError{Field: ipsec.FieldVpnGatewayID, Label: ipsec.Label(ipsec.FieldVpnGatewayID), Rule: rule}
	}
	s.existing, s.showing, s.busy = nil, false, nil
	if d.Gateway.Busy() && ipsec.GatewayObstacle(d.Gateway, d) == nil {
		// Only time stands in the way: offer to wait here (the gateway
		// page's fourth part).
		g := d.Gateway
		s.busy = &g
		return errBusy
	}
	if e := ipsec.GatewayEligibility(d.Gateway, d); e != nil {
		if len(d.Servers) > 0 && s.before == nil {
			bare := *d
			bare.Servers = nil
			if ipsec.GatewayEligibility(d.Gateway, &bare) == nil {
				// Only the server it holds stands in the way: offer what to do
				// with that one (the gateway page's third part).
				srv := d.Servers[0]
				s.existing = &srv
				return errHasServer
			}
		}
		return e
	}
	prev := s.facts.Details
	s.facts.Details = d
	if _, listed := s.facts.Gateway(d.Gateway.VpnGatewayId); !listed && d.Gateway.RegionId == s.a.m.region &&
		s.loadedRegion == s.a.m.region {
		s.facts.Gateways = append(s.facts.Gateways, d.Gateway)
	}
	s.a.Spec.RegionId = s.a.m.region
	s.a.Spec.VpnGatewayId = d.Gateway.VpnGatewayId
	s.a.m.gatewayID = d.Gateway.VpnGatewayId
	s.prefill(prev, d)
	return nil
}

// errHasServer: the gateway checked holds a server (session.existing).
var errHasServer = errors.New("the gateway already has an IPsec server")

// errBusy: the gateway checked is applying another change (session.busy).
var errBusy = errors.New("the gateway is busy with another change")

// prefill fills the subnet and name mirrors from a newly checked gateway:
// values still derived from the previous gateway follow the new one.
func (s *session) prefill(prev, d *ipsec.GatewayDetails) {
	m := &s.a.m
	changed := prev != nil && prev.Gateway.VpnGatewayId != d.Gateway.VpnGatewayId
	if strings.TrimSpace(m.localSubnets) == "" || (changed && m.localSubnets == strings.Join(prev.VpcCIDRs, ", ")) {
		m.localSubnets = strings.Join(d.VpcCIDRs, ", ")
	}
	local := ipsec.SplitCIDRList(m.localSubnets)
	avoid := ipsec.PoolAvoid{VPC: d.VpcCIDRs, SslVpn: d.SslVpnPools, Routes: d.VpcRoutes}
	if m.pool == "" || (changed && ipsec.ValidateClientIpPool(m.pool, local, avoid) != nil) {
		m.pool = ipsec.SuggestClientIpPool(local, avoid)
	}
	if s.a.nameAuto || m.name == "" {
		m.name = autoName(d.Gateway)
		s.a.nameAuto = true
		if s.a.Spec.IpSecServerName != "" {
			s.a.Spec.IpSecServerName = m.name // answered before: it follows too
		}
	}
}

// autoName is the server name derived from its gateway.
func autoName(g ipsec.Gateway) string {
	return truncateRunes("ipsec-"+cmpOr(g.Name, g.VpnGatewayId), 100)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
