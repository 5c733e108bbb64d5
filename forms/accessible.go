package forms

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// ErrCanceled is returned by RunAccessible when the user cancels.
var ErrCanceled = errors.New("canceled by the user")

// ErrInputEnded is returned by RunAccessible when the input ends before every
// answer is valid.
var ErrInputEnded = errors.New("the input ended before every answer was valid")

// AccessibleHooks do the I/O the accessible mode needs (the pages themselves
// do none). Either may be nil: then the gateway list is not loaded (the id is
// typed) or the gateway is not checked (no VPC CIDR blocks are known).
type AccessibleHooks struct {
	LoadGateways func(ctx context.Context, region string) ([]ipsec.Gateway, error)
	// GatewayDetails checks a gateway (the host's preflight); with wait it
	// first waits until a busy gateway is active again.
	GatewayDetails func(ctx context.Context, g ipsec.Gateway, wait bool) (*ipsec.GatewayDetails, error)
	// SkipReview skips the review question (the host's --yes), as
	// WithSkipReview does for the Wizard: once every answer is valid, the
	// action is ActionCreate (ActionDryRun when Spec.DryRun).
	SkipReview bool
	// PskFile is where a key generated here is written after the create
	// (WithPskFile); the pages say when it will not be.
	PskFile string
	// Command renders the request as a command line for the review (see
	// WithCommand); nil shows none.
	Command func(ipsec.ServerSpec) string
	// Server makes the prompts edit an existing server (see WithServer).
	Server *ipsec.Server
	// HideInput turns the terminal's echo off while a key is typed and
	// returns what turns it on again; nil when the input is no terminal
	// (piped answers are read as they come).
	HideInput func() (restore func())
}

// AccessibleRequested reports whether plain prompts were asked for through
// the environment (getenv, e.g. os.Getenv): ACCESSIBLE set to anything but
// "", "0" or "false", or TERM=dumb. The --accessible flag is the host's to
// add.
func AccessibleRequested(getenv func(string) string) bool {
	v := strings.ToLower(strings.TrimSpace(getenv("ACCESSIBLE")))
	return (v != "" && v != "0" && v != "false") || getenv("TERM") == "dumb"
}

// RunAccessible is the wizard as plain line prompts for screen readers: the
// same pages and fields as the Wizard (each announced with its title, API
// name and description, then asked on one line; "[x]" is the default, taken
// by an empty answer; choices are numbered), the same validators and
// messages (an invalid answer is explained and asked again), the same page
// order and skipping. At the end the whole spec is validated again
// (ValidateSpec) and the pages at fault are asked again. It returns the
// action chosen on the review (ActionCreate or ActionDryRun; a.Spec.DryRun
// matches), ErrCanceled, or ErrInputEnded when the input ends first.
//
// A key is typed without echo where the host can turn it off
// (AccessibleHooks.HideInput), as sudo reads a password. There is no back
// navigation: the review offers "edit a section" instead.
func RunAccessible(ctx context.Context, in io.Reader, out io.Writer, a *Answers, facts *ipsec.Facts, hooks AccessibleHooks) (Action, error) {
	s := newSession(a, *facts)
	s.pskFile, s.command = hooks.PskFile, hooks.Command
	if hooks.Server != nil {
		s.editing(*hooks.Server)
	}
	defer func() { *facts = s.facts }()
	r := &prompter{in: bufio.NewReader(in), out: out, hide: hooks.HideInput}
	acc := &accessible{ctx: ctx, p: r, s: s, hooks: hooks}
	a = s.a
	var checkErr error
	if ipsec.ValidateGatewayID(a.Spec.VpnGatewayId) == nil && (s.facts.Details == nil || s.facts.Details.Gateway.VpnGatewayId != a.Spec.VpnGatewayId) {
		g, ok := s.facts.Gateway(a.Spec.VpnGatewayId)
		if !ok {
			g = ipsec.Gateway{VpnGatewayId: a.Spec.VpnGatewayId, RegionId: a.Spec.RegionId}
		}
		checkErr = acc.check(g)
		if checkErr != nil && !errors.Is(checkErr, errHasServer) {
			r.say("✗ " + checkErr.Error())
		}
	}
	page, sub := s.firstIncomplete(), 0
	if errors.Is(checkErr, errHasServer) {
		page, sub = PageGateway, 2
	}
	announced := Page(-1)
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if page == PageReview && sub == 0 {
			if errs := s.validate(); len(errs) > 0 {
				// A value can reach the spec without its page (pre-filled):
				// check the whole spec again and ask the page at fault.
				for _, e := range errs {
					r.say("✗ " + e.Error())
				}
				page, sub = pageOf(errs[0]), 0
				s.returnToReview = true
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
		}
		if page != announced || sub == 0 {
			r.say("\n" + s.step(page))
			if n := s.skipNote(); n != "" && page == PageProfile {
				r.say("  " + n)
			}
			if page == PageReview && sub == 0 {
				r.say(ansi.Strip(s.reviewText(plainStyles(), 100)))
			}
			announced = page
		}
		fields := s.part(page, sub)
		for i := 0; i < len(fields); i++ {
			if err := acc.ask(fields[i]); err != nil {
				return 0, err
			}
			if s.needsGateways(page, sub) {
				// The region was just answered: its gateways before the next
				// question, as the Wizard loads them when focus moves on.
				acc.loadGateways(s.a.m.region)
				fields = s.part(page, sub)
			}
		}
		st := s.commit(page, sub)
		switch st.kind {
		case stepStay:
			if st.err != nil {
				r.say("✗ " + st.err.Error())
			}
		case stepPart:
			sub = st.part
		case stepNext:
			if s.returnToReview {
				page, sub = s.firstIncomplete(), 0
				if page == PageReview {
					s.returnToReview = false
				}
				continue
			}
			page, sub = s.nextPage(page), 0
			if hooks.SkipReview {
				for page < PageReview && s.complete(page) {
					page = s.nextPage(page)
				}
			}
		case stepCheck:
			if err := acc.check(st.gateway); errors.Is(err, errHasServer) {
				sub = 2 // the gateway holds a server: what to do with it
				continue
			} else if err != nil {
				r.say("✗ " + err.Error())
				sub = 0
				continue
			}
			if s.returnToReview {
				page, sub = s.firstIncomplete(), 0
				continue
			}
			page, sub = s.nextPage(page), 0
		case stepLoadRegion:
			acc.loadGateways(st.region)
		case stepSubmit:
			a.Spec.DryRun = st.action == ActionDryRun
			return st.action, nil
		case stepServer:
			return st.action, nil // the server is facts.Details.Servers[0]
		case stepCancel:
			return 0, ErrCanceled
		case stepEdit:
			page, sub = st.page, 0
			if s.skipped(page) {
				page = PageProfile
			}
			s.returnToReview = true
		case stepReview:
			page, sub = PageReview, 0
		}
	}
}

type accessible struct {
	ctx   context.Context
	p     *prompter
	s     *session
	hooks AccessibleHooks
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
	case ipsec.FieldIkeVersion, ipsec.FieldIkeMode, ipsec.FieldIkeEncAlg, ipsec.FieldIkeAuthAlg, ipsec.FieldIkePfs,
		ipsec.FieldIkeLifetime, ipsec.FieldLocalID, ipsec.FieldRemoteID:
		return PageIke
	case ipsec.FieldIpsecEncAlg, ipsec.FieldIpsecAuthAlg, ipsec.FieldIpsecPfs, ipsec.FieldIpsecLifetime:
		return PageIpsec
	case ipsec.FieldPsk, ipsec.FieldPskEnabled:
		return PageAuth
	}
	return PageOptions
}

// loadGateways asks the host for the gateways of region.
func (acc *accessible) loadGateways(region string) {
	acc.s.loadRegion()
	var gws []ipsec.Gateway
	var err error
	if acc.hooks.LoadGateways != nil {
		gws, err = acc.hooks.LoadGateways(acc.ctx, region)
	}
	if err != nil {
		acc.p.say("✗ Could not list the gateways: " + err.Error() + ". Type the gateway id instead.")
	}
	acc.s.setGateways(region, gws, err)
}

// check asks the host to check g, as the Wizard's GatewayChosenMsg does.
func (acc *accessible) check(g ipsec.Gateway) error {
	if err := ipsec.GatewayObstacle(g, nil); err != nil && g.Status != "" {
		return err
	}
	if acc.hooks.GatewayDetails == nil {
		acc.s.a.Spec.VpnGatewayId = g.VpnGatewayId
		return nil
	}
	d, err := acc.hooks.GatewayDetails(acc.ctx, g, false)
	err = acc.s.setDetails(g.VpnGatewayId, d, err)
	if !errors.Is(err, errBusy) {
		return err
	}
	// Busy with another change: wait here, as the wizard offers, or choose
	// another gateway.
	busy := *acc.s.busy
	f := acc.s.busyField()
	wait, aerr := acc.p.yesno("Wait here until "+busy.VpnGatewayId+" is active?", f.Description, true)
	acc.s.busy = nil
	if aerr != nil {
		return aerr
	}
	if !wait {
		return ipsec.NewFieldError(ipsec.FieldVpnGatewayID, busy.VpnGatewayId+" is "+busy.Status+": choose another gateway, or wait and choose it again", "")
	}
	acc.p.say("Waiting until " + busy.VpnGatewayId + " is active again (nothing has been sent)...")
	d, err = acc.hooks.GatewayDetails(acc.ctx, busy, true)
	return acc.s.setDetails(busy.VpnGatewayId, d, err)
}

// ask puts one field to the user and binds the answer.
func (acc *accessible) ask(f Field) error {
	r := acc.p
	switch f.Kind {
	case KindYesNo:
		v, err := r.yesno(f.Title, f.Description, *f.Bool)
		if err == nil {
			*f.Bool = v
		}
		return err
	case KindChoice, KindInline:
		opts := make([][2]string, len(f.Options))
		for i, o := range f.Options {
			label := o.Label
			if f.Key == ipsec.FieldVpnGatewayID && o.Value != typedGateway {
				if g, ok := acc.s.facts.Gateway(o.Value); ok {
					if cannot, note := ipsec.GatewayNote(g); cannot {
						label += " (cannot take a server: " + note + ")"
					} else if note != "" {
						label += " (" + note + ")"
					}
				}
			}
			if w := ipsec.WeakWarning(o.Value); w != "" && f.Kind == KindInline {
				label = o.Value + " (" + w + ")"
			}
			opts[i] = [2]string{strings.TrimSpace(label), o.Value}
		}
		for {
			v, err := r.choice(f.Title, joinLines(f.Description, f.Header), opts, *f.Text)
			if err != nil {
				return err
			}
			if err := f.check(v); err != nil {
				r.say("✗ " + err.Error())
				continue
			}
			*f.Text = v
			if n := f.note(v); n != "" {
				r.say(n)
			}
			return nil
		}
	}
	def := *f.Text
	if f.Kind == KindSecret {
		def = "" // a key is never echoed back as a default
	} else if err := f.check(def); err != nil && def != "" {
		r.say("✗ " + err.Error())
		if s, ok := f.suggestion(def); ok {
			def = s // offer what passes, as the Wizard's ctrl+e does
		}
	}
	desc := f.Description
	if f.check("") == nil {
		desc += " Enter - to leave it empty."
	}
	v, err := r.text(promptLabel(f), f.Title, desc, def, f.check, f.Kind == KindSecret)
	if err != nil {
		return err
	}
	*f.Text = v
	if n := f.note(v); n != "" {
		r.say(n)
	}
	return nil
}

// promptLabel is a field's name on its answer line: its title without the
// API name the title adds.
func promptLabel(f Field) string {
	if i := strings.LastIndex(f.Title, " ("); i > 0 {
		return f.Title[:i]
	}
	return f.Title
}

func plainStyles() Styles {
	st := DefaultStyles()
	for _, p := range []*lipgloss.Style{&st.Section, &st.Key, &st.Value, &st.Code, &st.Muted, &st.Warning, &st.Error, &st.Note} {
		*p = lipgloss.NewStyle()
	}
	return st
}

// prompter asks one line at a time.
type prompter struct {
	in   *bufio.Reader
	out  io.Writer
	hide func() (restore func()) // AccessibleHooks.HideInput
}

// hiddenLine reads one answer with the terminal's echo off, when the host
// can turn it off; the echo is back on however the read ends.
func (r *prompter) hiddenLine() (string, error) {
	if r.hide == nil {
		return r.line()
	}
	restore := r.hide()
	defer restore()
	v, err := r.line()
	fmt.Fprintln(r.out) // the Enter was not echoed either
	return v, err
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

// text asks for a value; an empty answer takes def. validate may be nil;
// hidden reads it without echo where the host allows.
func (r *prompter) text(label, title, desc, def string, validate func(string) error, hidden bool) (string, error) {
	r.say(title)
	if desc != "" {
		r.say("  " + desc)
	}
	for range maxTries {
		if def != "" {
			fmt.Fprintf(r.out, "%s [%s]: ", label, def)
		} else {
			fmt.Fprintf(r.out, "%s: ", label)
		}
		read := r.line
		if hidden {
			read = r.hiddenLine
		}
		v, err := read()
		if err != nil {
			return "", err
		}
		if v == "" {
			v = def
		}
		if strings.TrimSpace(v) == "-" && (validate == nil || validate("") == nil) {
			v = "" // "-" clears an optional value
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
