package forms

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
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

func (w *Wizard) reviewFields(sub int) []huh.Field {
	m := &w.a.m
	if sub == 1 {
		var opts []huh.Option[string]
		for p := PageGateway; p < PageReview; p++ {
			if w.skipped(p) {
				continue
			}
			opts = append(opts, huh.NewOption(fmt.Sprintf("%d. %s", int(p)+1, p.Title()), strconv.Itoa(int(p))))
		}
		opts = append(opts, huh.NewOption("Back to the review", editBack))
		m.editSection = strconv.Itoa(int(PageGateway))
		return []huh.Field{w.list(huh.NewSelect[string]().Key("Section").
			Title("Edit which section?").
			Description("Every value is kept; after the section the wizard comes back here.").
			Options(opts...).
			Value(&m.editSection))}
	}
	create := "Create the IPsec server"
	m.reviewAction = reviewCreate
	if w.a.Spec.DryRun {
		m.reviewAction = reviewDryRun
	}
	return []huh.Field{w.list(huh.NewSelect[string]().Key("Action").
		Title("What now?").
		Description("Check every value above (pgup/pgdn scroll), then create the server or run a precheck.").
		Options(
			huh.NewOption(create, reviewCreate),
			huh.NewOption("Precheck only (DryRun): create nothing", reviewDryRun),
			huh.NewOption("Edit a section", reviewEdit),
			huh.NewOption("Cancel", reviewCancel),
		).
		Value(&m.reviewAction))}
}

func (w *Wizard) reviewDone() tea.Cmd {
	m := &w.a.m
	if w.sub == 1 {
		if m.editSection == editBack {
			return w.enter(PageReview, 0)
		}
		n, _ := strconv.Atoi(m.editSection)
		return w.EditSection(Page(n))
	}
	switch m.reviewAction {
	case reviewEdit:
		return w.enter(PageReview, 1)
	case reviewCancel:
		w.dirty = true
		cmd := w.build(lastField)
		return tea.Batch(cmd, w.cancel())
	}
	if errs := ipsec.ValidateSpec(w.a.Spec, w.data); len(errs) > 0 {
		return w.refuse(errs[0])
	}
	spec := w.a.Spec.Clone()
	action := ActionCreate
	spec.DryRun = false
	if m.reviewAction == reviewDryRun {
		action = ActionDryRun
		spec.DryRun = true
	}
	cmd := w.build(lastField)
	w.status = "Sent: " + action.String() + "…"
	w.layout()
	return tea.Batch(cmd, msgCmd(SubmitMsg{Action: action, Spec: spec}))
}

// ReviewText renders every value of spec with its plain and API name (the
// key masked) and the equivalent aliyun CLI command, for a terminal of the
// given width. a and data may be zero.
func (w *Wizard) reviewText(width int) string {
	a, s := w.a, w.a.Spec
	st := w.st
	labelW := min(44, width*45/100)
	valueW := max(width-labelW-4, 10)
	var b strings.Builder
	section := func(t string) { b.WriteString(st.Section.Render(t) + "\n") }
	row := func(api, label, value string) {
		l := label
		if api != "" {
			l += " (" + api + ")"
		}
		// A label too long for its column wraps (the API name under the
		// plain one) rather than lose its end.
		lcell := st.Key.Width(labelW).Render(l)
		vcell := st.Value.Width(valueW).Render(value)
		b.WriteString("  " + lipgloss.JoinHorizontal(lipgloss.Top, lcell, "  ", vcell) + "\n")
	}
	yesno := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	section("VPN gateway")
	row(ipsec.FieldRegionID, "Region", s.RegionId)
	gw := s.VpnGatewayId
	if g, ok := w.data.Gateway(gw); ok && g.Name != "" {
		gw += " (" + g.Name + ")"
	}
	row(ipsec.FieldVpnGatewayID, "VPN gateway", gw)
	section("Subnets")
	row(ipsec.FieldLocalSubnet, "Local subnets", strings.Join(s.LocalSubnet, ", "))
	pool := s.ClientIpPool
	if n := ipsec.PoolCapacity(pool); n > 0 {
		pool += fmt.Sprintf(" (%d clients)", n)
	}
	row(ipsec.FieldClientIPPool, "Client IP pool", pool)
	profile := map[string]string{ProfileRecommended: "Recommended", ProfileServiceDefaults: "Service defaults (nothing sent)",
		ProfileCustom: "Custom"}[a.Profile]
	section("Security profile: " + profile)
	ike, phase2 := s.EffectiveIke(), s.EffectiveIpsec()
	mark := func(v string) string {
		if ipsec.IsWeak(v) {
			return v + "  ⚠ weak"
		}
		return v
	}
	row(ipsec.FieldIkeVersion, ipsec.Label(ipsec.FieldIkeVersion), ike.IkeVersion)
	row(ipsec.FieldIkeMode, ipsec.Label(ipsec.FieldIkeMode), ike.IkeMode)
	row(ipsec.FieldIkeEncAlg, ipsec.Label(ipsec.FieldIkeEncAlg), mark(ike.IkeEncAlg))
	row(ipsec.FieldIkeAuthAlg, ipsec.Label(ipsec.FieldIkeAuthAlg), mark(ike.IkeAuthAlg))
	row(ipsec.FieldIkePfs, ipsec.Label(ipsec.FieldIkePfs), mark(ike.IkePfs))
	row(ipsec.FieldIkeLifetime, ipsec.Label(ipsec.FieldIkeLifetime), strconv.Itoa(ike.IkeLifetime)+" s")
	orDefault := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	row(ipsec.FieldLocalID, ipsec.Label(ipsec.FieldLocalID), orDefault(ike.LocalId, "(the gateway's public IP)"))
	row(ipsec.FieldRemoteID, ipsec.Label(ipsec.FieldRemoteID), orDefault(ike.RemoteId, "(any)"))
	row(ipsec.FieldIpsecEncAlg, ipsec.Label(ipsec.FieldIpsecEncAlg), mark(phase2.IpsecEncAlg))
	row(ipsec.FieldIpsecAuthAlg, ipsec.Label(ipsec.FieldIpsecAuthAlg), mark(phase2.IpsecAuthAlg))
	row(ipsec.FieldIpsecPfs, ipsec.Label(ipsec.FieldIpsecPfs), mark(phase2.IpsecPfs))
	row(ipsec.FieldIpsecLifetime, ipsec.Label(ipsec.FieldIpsecLifetime), strconv.Itoa(phase2.IpsecLifetime)+" s")
	section("Authentication")
	psk := map[string]string{
		PskService:  "generated by Alibaba Cloud (read it with ListIpsecServers)",
		PskGenerate: s.Psk.String() + " (generated here, shown once after creation)",
		PskTyped:    s.Psk.String() + " (typed)",
	}[a.PskMode]
	if a.PskMode == PskGenerate && w.pskFile != "" {
		psk = s.Psk.String() + " (generated here, written to " + w.pskFile + " after creation)"
	}
	row(ipsec.FieldPsk, ipsec.Label(ipsec.FieldPsk), psk)
	if n := PskFileNote(w.pskFile, a.PskMode); n != "" {
		b.WriteString(st.Warning.Width(width).Render("  ⚠ "+n) + "\n")
	}
	section("Name and options")
	row(ipsec.FieldName, ipsec.Label(ipsec.FieldName), s.IpSecServerName)
	row(ipsec.FieldEffectImmediately, ipsec.Label(ipsec.FieldEffectImmediately), yesno(s.EffectImmediately))
	row(ipsec.FieldDryRun, ipsec.Label(ipsec.FieldDryRun), yesno(s.DryRun))
	if w.command != nil {
		b.WriteString("\n")
		section("The same request with the aliyun CLI")
		if s.Psk != "" {
			b.WriteString(st.Muted.Width(width).Render("Set IPSEC_PSK to the key first; it never appears in the command.") + "\n")
		}
		b.WriteString(st.Code.Render(w.command(s)))
	}
	return b.String()
}
