package forms

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"

	"github.com/charmbracelet/lipgloss"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Review page choices.
const (
	reviewCreate = "create"
	reviewDryRun = "dry-run"
	reviewEdit   = "edit"
	reviewCancel = "cancel"
	editBack     = "back"
)

func (s *session) reviewFields(sub int) []Field {
	m := &s.a.m
	if sub == 1 {
		f := Field{Key: "Section", Kind: KindChoice, Title: "Edit which section?", Text: &m.editSection,
			Description: "Every value is kept; after the section the wizard comes back here."}
		for i, p := range s.steps() {
			if p == PageReview {
				continue
			}
			f.Options = append(f.Options, Choice{fmt.Sprintf("%d. %s", i+1, p.Title()), strconv.Itoa(int(p))})
		}
		f.Options = append(f.Options, Choice{"Back to the review", editBack})
		m.editSection = strconv.Itoa(int(PageGateway))
		return []Field{f}
	}
	m.reviewAction = reviewCreate
	if s.a.Spec.DryRun {
		m.reviewAction = reviewDryRun
	}
	if s.before != nil {
		f := Field{Key: "Action", Kind: KindChoice, Title: "What now?", Text: &m.reviewAction,
			Description: "Check the changes above (pgup/pgdn scroll), then update the server or run a precheck."}
		if len(s.changes()) == 0 {
			m.reviewAction = reviewEdit
			f.Description = "Nothing to change yet: edit a section, or cancel."
		} else {
			f.Options = []Choice{{"Update the IPsec server", reviewCreate}, {"Precheck only (DryRun): change nothing", reviewDryRun}}
		}
		f.Options = append(f.Options, Choice{"Edit a section", reviewEdit}, Choice{"Cancel", reviewCancel})
		return []Field{f}
	}
	return []Field{{Key: "Action", Kind: KindChoice, Title: "What now?", Text: &m.reviewAction,
		Description: "Check every value above (pgup/pgdn scroll), then create the server or run a precheck.",
		Options: []Choice{
			{"Create the IPsec server", reviewCreate},
			{"Precheck only (DryRun): create nothing", reviewDryRun},
			{"Edit a section", reviewEdit},
			{"Cancel", reviewCancel},
		}}}
}

// changes is what the update changes in the server it edits.
func (s *session) changes() []ipsec.Change {
	if s.before == nil {
		return nil
	}
	return ipsec.Diff(ipsec.SpecFromServer(*s.before), s.a.Spec)
}

func (s *session) reviewDone(sub int) step {
	m := &s.a.m
	if sub == 1 {
		if m.editSection == editBack {
			return step{kind: stepReview}
		}
		n, _ := strconv.Atoi(m.editSection)
		return step{kind: stepEdit, page: Page(n)}
	}
	switch m.reviewAction {
	case reviewEdit:
		return step{kind: stepPart, part: 1}
	case reviewCancel:
		return step{kind: stepCancel}
	}
	if errs := s.validate(); len(errs) > 0 {
		return refuse(errs[0])
	}
	action := ActionCreate
	if s.before != nil {
		action = ActionUpdate
		if len(s.changes()) == 0 {
			return refuse(&ipsec.FieldError{Field: "Action", Label: "Update", Rule: "nothing to change: edit a section first"})
		}
	}
	if m.reviewAction == reviewDryRun {
		action = ActionDryRun
	}
	return step{kind: stepSubmit, action: action}
}

// submitSpec is the request for action: a copy of the answers, DryRun set
// for a precheck.
func (s *session) submitSpec(action Action) ipsec.ServerSpec {
	spec := s.a.Spec.Clone()
	spec.DryRun = action == ActionDryRun
	return spec
}

// reviewText renders every value with its plain and API name (the key
// masked) and the request as a command line, for a terminal of the given
// width. Nothing is cut: long values and the command wrap.
func (s *session) reviewText(st Styles, width int) string {
	a, spec := s.a, s.a.Spec
	var head string
	if s.before != nil {
		head = s.changesText(st, width)
	}
	// Wide enough for the usual "Phase 2 encryption (IpsecEncAlg)" at 80
	// columns; a longer label wraps inside its column, never to column 0.
	labelW := min(34, width*45/100)
	valueW := max(width-labelW-4, 10)
	var b strings.Builder
	b.WriteString(head)
	section := func(t string) { b.WriteString(st.Section.Render(t) + "\n") }
	row := func(api, label, value string) {
		l := label
		if api != "" && api != label {
			l += " (" + api + ")"
		}
		// A label too long for its column wraps inside it, a value inside
		// its own: both stay aligned.
		lcell := st.Key.Width(labelW).Render(l)
		vcell := st.Value.Width(valueW).Render(value)
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  ", lcell, "  ", vcell) + "\n")
	}
	yesno := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	section("VPN gateway")
	row(ipsec.FieldRegionID, "Region", spec.RegionId)
	gw := spec.VpnGatewayId
	if g, ok := s.facts.Gateway(gw); ok && g.Name != "" {
		gw += " (" + g.Name + ")"
	}
	row(ipsec.FieldVpnGatewayID, "VPN gateway", gw)
	section("Subnets")
	row(ipsec.FieldLocalSubnet, "Local subnets", strings.Join(spec.LocalSubnet, ", "))
	pool := spec.ClientIpPool
	if n := ipsec.PoolCapacity(pool); n > 0 {
		pool += fmt.Sprintf(" (%d clients)", n)
	}
	row(ipsec.FieldClientIPPool, "Client IP pool", pool)
	profile := profileName(a.Profile)
	if a.Profile == ipsec.ProfileServiceDefault {
		profile += " (nothing sent)"
	}
	section("Security profile: " + profile)
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	advice := ipsec.Assess(spec)
	flagged := map[string]string{}
	for _, a := range advice {
		flagged[a.Field] = a.Level
	}
	mark := func(v string) string {
		if ipsec.IsWeak(v) {
			return v + "  ⚠ weak"
		}
		return v
	}
	// flag marks a value Assess advises against by its field (lifetimes,
	// the key), where the value alone does not tell.
	flag := func(field, v string) string {
		if level, ok := flagged[field]; ok {
			return v + "  ⚠ " + level
		}
		return v
	}
	row(ipsec.FieldIkeVersion, ipsec.Label(ipsec.FieldIkeVersion), ike.IkeVersion)
	if ike.IkeVersion == "ikev1" {
		row(ipsec.FieldIkeMode, ipsec.Label(ipsec.FieldIkeMode), ike.IkeMode)
	}
	row(ipsec.FieldIkeEncAlg, ipsec.Label(ipsec.FieldIkeEncAlg), mark(ike.IkeEncAlg))
	row(ipsec.FieldIkeAuthAlg, ipsec.Label(ipsec.FieldIkeAuthAlg), mark(ike.IkeAuthAlg))
	row(ipsec.FieldIkePfs, ipsec.Label(ipsec.FieldIkePfs), mark(ike.IkePfs))
	row(ipsec.FieldIkeLifetime, ipsec.Label(ipsec.FieldIkeLifetime), flag(ipsec.FieldIkeLifetime, strconv.Itoa(ike.IkeLifetime)+" s"))
	row(ipsec.FieldLocalID, ipsec.Label(ipsec.FieldLocalID), cmpOr(ike.LocalId, "(the gateway's public IP)"))
	row(ipsec.FieldRemoteID, ipsec.Label(ipsec.FieldRemoteID), cmpOr(ike.RemoteId, "(any)"))
	row(ipsec.FieldIpsecEncAlg, ipsec.Label(ipsec.FieldIpsecEncAlg), mark(phase2.IpsecEncAlg))
	row(ipsec.FieldIpsecAuthAlg, ipsec.Label(ipsec.FieldIpsecAuthAlg), mark(phase2.IpsecAuthAlg))
	row(ipsec.FieldIpsecPfs, ipsec.Label(ipsec.FieldIpsecPfs), mark(phase2.IpsecPfs))
	row(ipsec.FieldIpsecLifetime, ipsec.Label(ipsec.FieldIpsecLifetime), flag(ipsec.FieldIpsecLifetime, strconv.Itoa(phase2.IpsecLifetime)+" s"))
	section("Authentication")
	psk := map[ipsec.KeySource]string{
		ipsec.KeyService:   "generated by Alibaba Cloud (read it with ListIpsecServers)",
		ipsec.KeyGenerated: spec.Psk.String() + " (generated here, shown after creation on request)",
		ipsec.KeyProvided:  spec.Psk.String() + " (yours)",
	}[a.KeySource]
	if a.KeySource == ipsec.KeyGenerated && s.pskFile != "" {
		psk = spec.Psk.String() + " (generated here, written to " + s.pskFile + " after creation)"
	}
	row(ipsec.FieldPsk, ipsec.Label(ipsec.FieldPsk), flag(ipsec.FieldPsk, psk))
	if n := s.pskFileNote(); n != "" {
		b.WriteString(indented(st.Warning, 2, n+` (to have it written, edit Authentication: "Generate a strong key here").`, width) + "\n")
	}
	section("Name and options")
	row(ipsec.FieldName, ipsec.Label(ipsec.FieldName), spec.IpSecServerName)
	row(ipsec.FieldEffectImmediately, ipsec.Label(ipsec.FieldEffectImmediately), yesno(spec.EffectImmediately))
	row(ipsec.FieldDryRun, ipsec.Label(ipsec.FieldDryRun), yesno(spec.DryRun))
	if len(advice) > 0 {
		b.WriteString("\n")
		section("Advice: the service accepts these, but they are unwise")
		for _, a := range advice {
			b.WriteString(hang("  ⚠ ", st.Warning, 4, ipsec.Label(a.Field)+": "+a.Message, width) + "\n")
		}
	}
	if s.command != nil {
		b.WriteString("\n")
		section("The same request with the aliyun CLI")
		if spec.Psk != "" {
			b.WriteString(st.Muted.Width(width).Render("Set IPSEC_PSK to the key first; it never appears in the command.") + "\n")
		}
		b.WriteString(st.Code.Render(wrapCommand(s.command(spec), width)))
	}
	return b.String()
}

// changesText is the update's diff: what changes (old -> new), what that
// does to the clients online, and how many settings stay as they are.
func (s *session) changesText(st Styles, width int) string {
	var b strings.Builder
	name := termsafe.String(s.before.IpsecServerId)
	if s.before.IpsecServerName != "" {
		name += " (" + termsafe.String(s.before.IpsecServerName) + ")"
	}
	b.WriteString(st.Section.Render("Changes to "+name) + "\n")
	changes := s.changes()
	if len(changes) == 0 {
		b.WriteString(indented(st.Muted, 2, "Nothing to change yet: every setting below is as the server has it. Choose \"Edit a section\".", width) + "\n\n")
		return b.String()
	}
	labelW := min(30, width*40/100)
	for _, c := range changes {
		lcell := st.Key.Width(labelW).Render(c.Label + " (" + c.Field + ")")
		vcell := st.Value.Width(max(width-labelW-4, 10)).Render(cmpOr(c.Old, "(none)") + " → " + cmpOr(c.New, "(none)"))
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, "  ", lcell, "  ", vcell) + "\n")
	}
	impacts := ipsec.Impacts(changes, s.a.Spec.EffectImmediately)
	if len(impacts) > 0 {
		online := fmt.Sprintf("%d client(s) online now", s.before.OnlineClientCount)
		b.WriteString(indented(st.Warning, 2, "⚠ What this does to the VPN clients ("+online+"):", width) + "\n")
		for _, im := range impacts {
			b.WriteString(hang("    - ", st.Warning, 6, im, width) + "\n")
		}
	}
	b.WriteString(st.Muted.Render(fmt.Sprintf("  Every other setting stays as it is (%d listed below).", countSettings-len(changes))) + "\n\n")
	return b.String()
}

// indented is text wrapped to width under an indent of n columns (a
// leading space in the text would wrap back to column 0).
func indented(st lipgloss.Style, n int, text string, width int) string {
	return hang(strings.Repeat(" ", n), st, n, text, width)
}

// hang is text wrapped to width after lead (a bullet, say), its other lines
// under its first: each line is styled on its own, so the prefix never
// lands inside a colour.
func hang(lead string, st lipgloss.Style, n int, text string, width int) string {
	lines := strings.Split(st.Width(max(width-n, 10)).Render(text), "\n")
	pad := strings.Repeat(" ", n)
	for i := range lines {
		if i == 0 {
			lines[i] = lead + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// countSettings is how many settings the review lists (the fields Diff
// compares).
const countSettings = 17

// wrapCommand fits a command line to width without cutting it: a line too
// long breaks after a comma inside its JSON value (whitespace JSON allows
// there, so the command still works when copied) and, failing that, at the
// width itself.
func wrapCommand(cmd string, width int) string {
	const indent = "      "
	var out []string
	for _, line := range strings.Split(cmd, "\n") {
		r := []rune(line)
		for len(r) > width {
			cut := -1
			for i := 0; i < width-1; i++ {
				if r[i] == ',' {
					cut = i + 1
				}
			}
			if cut <= len(indent) {
				cut = width
			}
			out = append(out, string(r[:cut]))
			r = append([]rune(indent), r[cut:]...)
		}
		out = append(out, string(r))
	}
	return strings.Join(out, "\n")
}
