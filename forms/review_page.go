package forms

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/ipsecwiz/ipsecwiz/client"
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
	if errs := ValidateSpec(w.a.Spec, w.data); len(errs) > 0 {
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
	row(FieldRegionID, "Region", s.RegionId)
	gw := s.VpnGatewayId
	if g, ok := w.data.gateway(gw); ok && g.Name != "" {
		gw += " (" + g.Name + ")"
	}
	row(FieldVpnGatewayID, "VPN gateway", gw)
	section("Subnets")
	row(FieldLocalSubnet, "Local subnets", strings.Join(s.LocalSubnet, ", "))
	pool := s.ClientIpPool
	if n := PoolCapacity(pool); n > 0 {
		pool += fmt.Sprintf(" (%d clients)", n)
	}
	row(FieldClientIPPool, "Client IP pool", pool)
	profile := map[string]string{ProfileRecommended: "Recommended", ProfileServiceDefaults: "Service defaults (nothing sent)",
		ProfileCustom: "Custom"}[a.Profile]
	section("Security profile: " + profile)
	ike, ipsec := s.EffectiveIke(), s.EffectiveIpsec()
	mark := func(v string) string {
		if IsWeak(v) {
			return v + "  ⚠ weak"
		}
		return v
	}
	row(FieldIkeVersion, Label(FieldIkeVersion), ike.IkeVersion)
	row(FieldIkeMode, Label(FieldIkeMode), ike.IkeMode)
	row(FieldIkeEncAlg, Label(FieldIkeEncAlg), mark(ike.IkeEncAlg))
	row(FieldIkeAuthAlg, Label(FieldIkeAuthAlg), mark(ike.IkeAuthAlg))
	row(FieldIkePfs, Label(FieldIkePfs), mark(ike.IkePfs))
	row(FieldIkeLifetime, Label(FieldIkeLifetime), strconv.Itoa(ike.IkeLifetime)+" s")
	orDefault := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	row(FieldLocalID, Label(FieldLocalID), orDefault(ike.LocalId, "(the gateway's public IP)"))
	row(FieldRemoteID, Label(FieldRemoteID), orDefault(ike.RemoteId, "(any)"))
	row(FieldIpsecEncAlg, Label(FieldIpsecEncAlg), mark(ipsec.IpsecEncAlg))
	row(FieldIpsecAuthAlg, Label(FieldIpsecAuthAlg), mark(ipsec.IpsecAuthAlg))
	row(FieldIpsecPfs, Label(FieldIpsecPfs), mark(ipsec.IpsecPfs))
	row(FieldIpsecLifetime, Label(FieldIpsecLifetime), strconv.Itoa(ipsec.IpsecLifetime)+" s")
	section("Authentication")
	psk := map[string]string{
		PskService:  "generated by Alibaba Cloud (read it with ListIpsecServers)",
		PskGenerate: s.Psk.String() + " (generated here, shown once after creation)",
		PskTyped:    s.Psk.String() + " (typed)",
	}[a.PskMode]
	if a.PskMode == PskGenerate && w.pskFile != "" {
		psk = s.Psk.String() + " (generated here, written to " + w.pskFile + " after creation)"
	}
	row(FieldPsk, Label(FieldPsk), psk)
	if n := PskFileNote(w.pskFile, a.PskMode); n != "" {
		b.WriteString(st.Warning.Width(width).Render("  ⚠ "+n) + "\n")
	}
	section("Name and options")
	row(FieldName, Label(FieldName), s.IpSecServerName)
	row(FieldEffectImmediately, Label(FieldEffectImmediately), yesno(s.EffectImmediately))
	row(FieldDryRun, Label(FieldDryRun), yesno(s.DryRun))
	b.WriteString("\n")
	section("The same request with the aliyun CLI")
	if s.Psk != "" {
		b.WriteString(st.Muted.Width(width).Render("Set IPSEC_PSK to the key first; it never appears in the command.") + "\n")
	}
	b.WriteString(st.Code.Render(client.AliyunCLICommand(s)))
	return b.String()
}
