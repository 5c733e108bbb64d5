package forms

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// ErrCancelled is returned by RunAccessible when the user cancels.
var ErrCancelled = errors.New("cancelled by the user")

// ErrInputEnded is returned by RunAccessible when the input ends before every
// answer is valid.
var ErrInputEnded = errors.New("the input ended before every answer was valid")

// AccessibleHooks do the I/O the accessible mode needs (the pages themselves
// do none). Either may be nil: then the gateway list is not loaded (the id is
// typed) or the gateway is not checked (no VPC CIDR blocks are known).
type AccessibleHooks struct {
	LoadGateways   func(ctx context.Context, region string) ([]ipsec.Gateway, error)
	GatewayDetails func(ctx context.Context, g ipsec.Gateway) (*ipsec.GatewayDetails, error)
	// SkipReview skips the review question (the host's --yes), as
	// WithSkipReview does for the Wizard: once every answer is valid, the
	// action is ActionCreate (ActionDryRun when Spec.DryRun).
	SkipReview bool
	// PskFile is where a key generated here is written after the create
	// (WithPskFile); the review says when it will not be.
	PskFile string
	// Command renders the request as a command line for the review (see
	// WithCommand); nil shows none.
	Command func(ipsec.ServerSpec) string
}

// AccessibleRequested reports whether plain prompts were asked for through
// the environment: ACCESSIBLE set (not "0"/"false") or TERM=dumb. The
// --accessible flag is the host's to add.
func AccessibleRequested() bool {
	v := strings.ToLower(os.Getenv("ACCESSIBLE"))
	return (v != "" && v != "0" && v != "false") || os.Getenv("TERM") == "dumb"
}

// RunAccessible is the wizard as plain line prompts for screen readers: every
// field is announced with its title, API name and description, then asked on
// one line ("[x]" is the default, taken by an empty answer); choices are
// numbered. The rules and messages are the pages' own: an invalid answer is
// explained and asked again. Pages already answered are skipped, as in the
// Wizard. At the end the whole spec is validated again (ValidateSpec) and the
// pages at fault are asked again. It returns the action chosen on the review
// (ActionCreate or ActionDryRun; a.Spec.DryRun matches), ErrCancelled, or
// ErrInputEnded when the input ends first.
//
// Limits: the key typed for "Type one" is not masked (line input has no echo
// control; a terminal that echoes will show it), and there is no back
// navigation: the review offers "edit a section" instead.
func RunAccessible(ctx context.Context, in io.Reader, out io.Writer, a *Answers, data *ipsec.Facts, hooks AccessibleHooks) (Action, error) {
	a.load()
	r := &prompter{in: bufio.NewReader(in), out: out}
	s := &accessible{ctx: ctx, p: r, a: a, data: data, hooks: hooks}
	if ipsec.ValidateGatewayID(a.Spec.VpnGatewayId) == nil && (data.Details == nil || data.Details.Gateway.VpnGatewayId != a.Spec.VpnGatewayId) {
		g, ok := data.Gateway(a.Spec.VpnGatewayId)
		if !ok {
			g = ipsec.Gateway{VpnGatewayId: a.Spec.VpnGatewayId, RegionId: a.Spec.RegionId}
		}
		if err := s.check(g); err != nil {
			r.say("✗ " + err.Error())
		}
	}
	page := a.FirstIncompletePage(*data)
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if page < PageReview {
			if err := s.ask(page); err != nil {
				return 0, err
			}
			if s.editing {
				page = a.FirstIncompletePage(*data)
				if page == PageReview {
					s.editing = false
				}
				continue
			}
			// On to the next page that needs an answer (pre-filled ones
			// are skipped, as in the Wizard).
			next := a.FirstIncompletePage(*data)
			if next <= page {
				next = s.next(page)
			}
			page = next
			continue
		}
		if errs := ipsec.ValidateSpec(a.Spec, *data); len(errs) > 0 {
			// huh-style prompts can let a value through when input ends:
			// check the whole spec again and ask the pages at fault.
			for _, e := range errs {
				r.say("✗ " + e.Error())
			}
			page = pageOf(errs[0])
			continue
		}
		if hooks.SkipReview {
			act := ActionCreate
			if a.Spec.DryRun {
				act = ActionDryRun
			}
			r.say("Every answer is valid: sending without the review (" + act.String() + ").")
			return act, nil
		}
		act, edit, err := s.review()
		if err != nil {
			return 0, err
		}
		if edit >= 0 {
			page, s.editing = edit, true
			continue
		}
		a.Spec.DryRun = act == ActionDryRun
		return act, nil
	}
}

type accessible struct {
	ctx     context.Context
	p       *prompter
	a       *Answers
	data    *ipsec.Facts
	hooks   AccessibleHooks
	editing bool
}

func (s *accessible) next(p Page) Page {
	for p++; p < PageReview && (p == PageIke || p == PageIpsec) && s.a.Profile != ipsec.ProfileCustom; p++ {
	}
	return p
}

// pageOf is the page that asks for the field of err.
func pageOf(err error) Page {
	var fe *ipsec.FieldError
	if !errors.As(err, &fe) {
		return PageGateway
	}
	switch fe.Field {
	case ipsec.FieldRegionID, ipsec.FieldVpnGatewayID:
		return PageGateway
	case ipsec.FieldLocalSubnet, ipsec.FieldClientIPPool:
		return PageSubnets
	case ipsec.FieldIkeVersion, ipsec.FieldIkeMode, ipsec.FieldIkeEncAlg, ipsec.FieldIkeAuthAlg, ipsec.FieldIkePfs, ipsec.FieldIkeLifetime, ipsec.FieldLocalID, ipsec.FieldRemoteID:
		return PageIke
	case ipsec.FieldIpsecEncAlg, ipsec.FieldIpsecAuthAlg, ipsec.FieldIpsecPfs, ipsec.FieldIpsecLifetime:
		return PageIpsec
	case ipsec.FieldPsk, ipsec.FieldPskEnabled:
		return PageAuth
	}
	return PageOptions
}

func (s *accessible) check(g ipsec.Gateway) error {
	if err := ipsec.GatewayEligibility(g, nil); err != nil && g.Status != "" {
		return err
	}
	if s.hooks.GatewayDetails == nil {
		s.a.Spec.VpnGatewayId = g.VpnGatewayId
		return nil
	}
	d, err := s.hooks.GatewayDetails(s.ctx, g)
	if err != nil {
		return &ipsec.FieldError{Field: ipsec.FieldVpnGatewayID, Label: ipsec.Label(ipsec.FieldVpnGatewayID), Rule: fmt.Sprintf("could not check %s: %v", g.VpnGatewayId, err)}
	}
	if err := ipsec.GatewayEligibility(d.Gateway, d); err != nil {
		return err
	}
	s.data.Details = d
	s.a.Spec.VpnGatewayId = g.VpnGatewayId
	m := &s.a.m
	m.gatewayID = g.VpnGatewayId
	if strings.TrimSpace(m.localSubnets) == "" {
		m.localSubnets = strings.Join(d.VpcCIDRs, ", ")
	}
	if m.pool == "" {
		m.pool = ipsec.SuggestClientIpPool(append(ipsec.SplitCIDRList(m.localSubnets), d.VpcCIDRs...))
	}
	if m.name == "" {
		m.name = truncateRunes("ipsec-"+cmpOr(d.Gateway.Name, d.Gateway.VpnGatewayId), 100)
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *accessible) ask(p Page) error {
	a, m, r := s.a, &s.a.m, s.p
	r.say("\n" + p.Step())
	switch p {
	case PageGateway:
		if len(s.data.Regions) > 0 {
			var opts [][2]string
			for _, reg := range s.data.Regions {
				opts = append(opts, [2]string{reg.RegionId + " " + reg.LocalName, reg.RegionId})
			}
			v, err := r.choice(ipsec.Title(ipsec.FieldRegionID), ipsec.Info(ipsec.FieldRegionID).Description, opts, m.region)
			if err != nil {
				return err
			}
			m.region = v
		} else {
			v, err := r.text(ipsec.FieldRegionID, ipsec.Title(ipsec.FieldRegionID), ipsec.Info(ipsec.FieldRegionID).Description, m.region,
				func(v string) error { return ipsec.ValidateRegion(v, nil) })
			if err != nil {
				return err
			}
			m.region = v
		}
		a.Spec.RegionId = m.region
		if s.hooks.LoadGateways != nil && (len(s.data.Gateways) == 0 || s.data.Gateways[0].RegionId != m.region) {
			gws, err := s.hooks.LoadGateways(s.ctx, m.region)
			if err != nil {
				r.say("✗ Could not list the gateways: " + err.Error() + ". Type the gateway id instead.")
			}
			s.data.Gateways = gws
		}
		for {
			var opts [][2]string
			for _, gw := range s.data.Gateways {
				opts = append(opts, [2]string{GatewayLine(gw, [3]int{}), gw.VpnGatewayId})
			}
			choice := typedGateway
			if len(opts) > 0 {
				opts = append(opts, [2]string{"Type a gateway ID", typedGateway})
				var err error
				if choice, err = r.choice(ipsec.Title(ipsec.FieldVpnGatewayID), ipsec.Info(ipsec.FieldVpnGatewayID).Description, opts, m.gatewayID); err != nil {
					return err
				}
			}
			if choice == typedGateway {
				v, err := r.text(ipsec.FieldVpnGatewayID, ipsec.Title(ipsec.FieldVpnGatewayID), ipsec.Info(ipsec.FieldVpnGatewayID).Description, m.gatewayID, ipsec.ValidateGatewayID)
				if err != nil {
					return err
				}
				choice = v
			}
			g, ok := s.data.Gateway(choice)
			if !ok {
				g = ipsec.Gateway{VpnGatewayId: choice, RegionId: m.region}
			}
			if err := s.check(g); err != nil {
				r.say("✗ " + err.Error())
				continue
			}
			return nil
		}
	case PageSubnets:
		local, err := r.text(ipsec.FieldLocalSubnet, ipsec.Title(ipsec.FieldLocalSubnet), ipsec.Info(ipsec.FieldLocalSubnet).Description, m.localSubnets, ipsec.ValidateLocalSubnets)
		if err != nil {
			return err
		}
		m.localSubnets = local
		vpc := s.data.VpcCIDRs(a.Spec.VpnGatewayId)
		if err := ipsec.ValidateClientIpPool(m.pool, ipsec.SplitCIDRList(local), vpc); err != nil && m.pool != "" {
			r.say("✗ " + err.Error())
			m.pool = ipsec.SuggestClientIpPool(append(ipsec.SplitCIDRList(local), vpc...))
		}
		note := ""
		if n := ipsec.PoolCapacity(m.pool); n > 0 {
			note = fmt.Sprintf(" The default holds %d clients (one /30 each).", n)
		}
		pool, err := r.text(ipsec.FieldClientIPPool, ipsec.Title(ipsec.FieldClientIPPool), ipsec.Info(ipsec.FieldClientIPPool).Description+note, m.pool,
			func(v string) error { return ipsec.ValidateClientIpPool(v, ipsec.SplitCIDRList(local), vpc) })
		if err != nil {
			return err
		}
		m.pool = strings.TrimSpace(pool)
		a.Spec.LocalSubnet, _ = ipsec.CanonicalCIDRList(local)
		a.Spec.ClientIpPool = m.pool
	case PageProfile:
		v, err := r.choice("Security profile (IkeConfig, IpsecConfig)", "The algorithms of both phases; clients must use the same ones.",
			[][2]string{{"Recommended: IKEv2, AES-256, SHA-256, DH group 14", ipsec.ProfileRecommended},
				{"Service defaults: send nothing (AES-128, SHA-1, group 2: weak)", ProfileServiceDefaults},
				{"Custom: choose every value", ipsec.ProfileCustom}}, m.profile)
		if err != nil {
			return err
		}
		m.profile, a.Profile = v, v
		switch v {
		case ipsec.ProfileRecommended:
			ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
			a.Spec.IkeConfig, a.Spec.IpsecConfig = &ike, &phase2
		case ProfileServiceDefaults:
			a.Spec.IkeConfig, a.Spec.IpsecConfig = nil, nil
		}
	case PageIke, PageIpsec:
		return s.askProposal(p)
	case PageAuth:
		v, err := r.choice("Pre-shared key (Psk)", ipsec.Info(ipsec.FieldPsk).Description, [][2]string{
			{"Generate a strong key here (24 characters, shown once after creation)", PskGenerate},
			{"Let Alibaba Cloud generate it (16 characters)", PskService},
			{"Type one (twice; not masked in this mode)", PskTyped}}, m.pskMode)
		if err != nil {
			return err
		}
		m.pskMode = v
		if n := PskFileNote(s.hooks.PskFile, v); n != "" {
			r.say("⚠ " + n)
		}
		switch v {
		case PskService:
			a.Spec.Psk, a.PskConfirm = "", ""
		case PskGenerate:
			if a.PskMode != PskGenerate || a.Spec.Psk == "" {
				k, err := ipsec.GeneratePsk()
				if err != nil {
					return err
				}
				a.Spec.Psk, a.PskConfirm = k, k
			}
		case PskTyped:
			for {
				k, err := r.text(ipsec.FieldPsk, ipsec.Title(ipsec.FieldPsk), "1 to 100 printable ASCII characters.", "", ipsec.ValidatePsk)
				if err != nil {
					return err
				}
				c, err := r.text(ipsec.FieldPsk, "Pre-shared key, again (Psk)", "Type the same key again.", "", nil)
				if err != nil {
					return err
				}
				if err := ipsec.ValidatePskConfirm(k, c); err != nil {
					r.say("✗ " + err.Error())
					continue
				}
				a.Spec.Psk, a.PskConfirm = ipsec.Secret(k), ipsec.Secret(c)
				break
			}
		}
		a.PskMode = v
		a.Spec.PskEnabled = true
	case PageOptions:
		name, err := r.text(ipsec.FieldName, ipsec.Title(ipsec.FieldName), ipsec.Info(ipsec.FieldName).Description, m.name, ipsec.ValidateName)
		if err != nil {
			return err
		}
		eff, err := r.yesno(ipsec.Title(ipsec.FieldEffectImmediately), ipsec.Info(ipsec.FieldEffectImmediately).Description, m.effect)
		if err != nil {
			return err
		}
		dry, err := r.yesno(ipsec.Title(ipsec.FieldDryRun), ipsec.Info(ipsec.FieldDryRun).Description, m.dryRun)
		if err != nil {
			return err
		}
		m.name, m.effect, m.dryRun = name, eff, dry
		a.Spec.IpSecServerName, a.Spec.EffectImmediately, a.Spec.DryRun = name, eff, dry
	}
	return nil
}

func (s *accessible) askProposal(p Page) error {
	m, r := &s.a.m, s.p
	ns := s.data.NationalStandard(s.a.Spec.VpnGatewayId)
	enum := func(field string, v *string) error {
		var opts [][2]string
		for _, o := range ipsec.AllowedValues(field, ns) {
			label := o
			if w := ipsec.WeakWarning(o); w != "" {
				label += " (" + w + ")"
			}
			opts = append(opts, [2]string{label, o})
		}
		got, err := r.choice(ipsec.Title(field), ipsec.Info(field).Description, opts, *v)
		if err == nil {
			*v = got
		}
		return err
	}
	life := func(field string, v *string) (int, error) {
		got, err := r.text(field, ipsec.Title(field), ipsec.Info(field).Description, *v, func(x string) error { _, err := ipsec.ParseLifetime(field, x); return err })
		if err != nil {
			return 0, err
		}
		*v = got
		return ipsec.ParseLifetime(field, got)
	}
	if p == PageIke {
		c := &m.ike
		for _, f := range []struct {
			field string
			v     *string
		}{{ipsec.FieldIkeVersion, &c.IkeVersion}, {ipsec.FieldIkeMode, &c.IkeMode}, {ipsec.FieldIkeEncAlg, &c.IkeEncAlg}, {ipsec.FieldIkeAuthAlg, &c.IkeAuthAlg}, {ipsec.FieldIkePfs, &c.IkePfs}} {
			if err := enum(f.field, f.v); err != nil {
				return err
			}
		}
		n, err := life(ipsec.FieldIkeLifetime, &m.ikeLifetime)
		if err != nil {
			return err
		}
		for _, f := range []struct {
			field string
			v     *string
		}{{ipsec.FieldLocalID, &c.LocalId}, {ipsec.FieldRemoteID, &c.RemoteId}} {
			got, err := r.text(f.field, ipsec.Title(f.field), ipsec.Info(f.field).Description+" Enter - for none.", *f.v,
				func(x string) error { return ipsec.ValidateIdentity(f.field, noneDash(x)) })
			if err != nil {
				return err
			}
			*f.v = noneDash(got)
		}
		cfg := *c
		cfg.IkeLifetime = n
		s.a.Spec.IkeConfig = &cfg
		return nil
	}
	c := &m.phase2
	for _, f := range []struct {
		field string
		v     *string
	}{{ipsec.FieldIpsecEncAlg, &c.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, &c.IpsecAuthAlg}, {ipsec.FieldIpsecPfs, &c.IpsecPfs}} {
		if err := enum(f.field, f.v); err != nil {
			return err
		}
	}
	n, err := life(ipsec.FieldIpsecLifetime, &m.ipsecLifetime)
	if err != nil {
		return err
	}
	cfg := *c
	cfg.IpsecLifetime = n
	s.a.Spec.IpsecConfig = &cfg
	return nil
}

func noneDash(s string) string {
	if strings.TrimSpace(s) == "-" {
		return ""
	}
	return s
}

func (s *accessible) review() (Action, Page, error) {
	w := &Wizard{a: s.a, data: *s.data, st: plainStyles(), pskFile: s.hooks.PskFile, command: s.hooks.Command}
	s.p.say("\n" + PageReview.Step())
	s.p.say(ansi.Strip(w.reviewText(100)))
	opts := [][2]string{{"Create the IPsec server", reviewCreate}, {"Precheck only (DryRun): create nothing", reviewDryRun},
		{"Edit a section", reviewEdit}, {"Cancel", reviewCancel}}
	def := reviewCreate
	if s.a.Spec.DryRun {
		def = reviewDryRun
	}
	v, err := s.p.choice("What now?", "", opts, def)
	if err != nil {
		return 0, -1, err
	}
	switch v {
	case reviewDryRun:
		return ActionDryRun, -1, nil
	case reviewCancel:
		return 0, -1, ErrCancelled
	case reviewEdit:
		var sec [][2]string
		for p := PageGateway; p < PageReview; p++ {
			if (p == PageIke || p == PageIpsec) && s.a.Profile != ipsec.ProfileCustom {
				continue
			}
			sec = append(sec, [2]string{p.Step(), strconv.Itoa(int(p))})
		}
		v, err := s.p.choice("Edit which section?", "", sec, "0")
		if err != nil {
			return 0, -1, err
		}
		n, _ := strconv.Atoi(v)
		return 0, Page(n), nil
	}
	return ActionCreate, -1, nil
}

func plainStyles() Styles {
	st := DefaultStyles()
	for _, p := range []*lipgloss.Style{&st.Section, &st.Key, &st.Value, &st.Code, &st.Muted} {
		*p = lipgloss.NewStyle()
	}
	return st
}

// prompter asks one line at a time.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

func (r *prompter) say(s string) { fmt.Fprintln(r.out, s) }

// line reads one answer; io.EOF only when nothing was read.
func (r *prompter) line() (string, error) {
	s, err := r.in.ReadString('\n')
	if err != nil && (s == "" || !errors.Is(err, io.EOF)) {
		if errors.Is(err, io.EOF) {
			return "", ErrInputEnded
		}
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}

const maxTries = 10

// text asks for a value; an empty answer takes def. validate may be nil.
func (r *prompter) text(field, title, desc, def string, validate func(string) error) (string, error) {
	r.say(title)
	if desc != "" {
		r.say("  " + desc)
	}
	for range maxTries {
		if def != "" {
			fmt.Fprintf(r.out, "%s [%s]: ", ipsec.Label(field), def)
		} else {
			fmt.Fprintf(r.out, "%s: ", ipsec.Label(field))
		}
		v, err := r.line()
		if err != nil {
			return "", err
		}
		if v == "" {
			v = def
		}
		if validate != nil {
			if err := validate(v); err != nil {
				r.say("✗ " + err.Error())
				continue
			}
		}
		return v, nil
	}
	return "", fmt.Errorf("%s: %w", title, ErrInputEnded)
}

// choice asks for one of opts ([label, value]) by number; def is a value.
func (r *prompter) choice(title, desc string, opts [][2]string, def string) (string, error) {
	r.say(title)
	if desc != "" {
		r.say("  " + desc)
	}
	defIdx := 0
	for i, o := range opts {
		r.say(fmt.Sprintf("  %d. %s", i+1, o[0]))
		if o[1] == def {
			defIdx = i
		}
	}
	for range maxTries {
		fmt.Fprintf(r.out, "Enter a number from 1 to %d [%d]: ", len(opts), defIdx+1)
		v, err := r.line()
		if err != nil {
			return "", err
		}
		if v == "" {
			return opts[defIdx][1], nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > len(opts) {
			r.say(fmt.Sprintf("✗ %q is not a number from 1 to %d", v, len(opts)))
			continue
		}
		return opts[n-1][1], nil
	}
	return "", fmt.Errorf("%s: %w", title, ErrInputEnded)
}

func (r *prompter) yesno(title, desc string, def bool) (bool, error) {
	r.say(title)
	if desc != "" {
		r.say("  " + desc)
	}
	d := "y/N"
	if def {
		d = "Y/n"
	}
	for range maxTries {
		fmt.Fprintf(r.out, "Yes or no [%s]: ", d)
		v, err := r.line()
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		r.say("✗ answer y or n")
	}
	return false, fmt.Errorf("%s: %w", title, ErrInputEnded)
}
