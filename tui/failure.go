package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// failureModel shows a failed call: the error's code, a plain explanation,
// what to do and the RequestId, with keys to edit (the page of the field at
// fault), retry (same ClientToken) or quit.
type failureModel struct {
	ctx  *Context
	spec ipsec.ServerSpec
	err  error
	ex   client.Explanation
}

func newFailure(ctx *Context) *failureModel { return &failureModel{ctx: ctx} }

func (m *failureModel) start(spec ipsec.ServerSpec, err error) {
	m.spec, m.err, m.ex = spec, err, explain(err)
}

func (m *failureModel) SetSize(w, h int) {}

func (m *failureModel) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyMsg); ok {
		km := m.ctx.KeyMap
		switch {
		case key.Matches(msg, km.Edit):
			return msgCmd(editMsg{field: m.ex.Field})
		case key.Matches(msg, km.Retry):
			return msgCmd(retrySubmitMsg{})
		case key.Matches(msg, km.Quit):
			return msgCmd(quitMsg{code: client.ExitCode(m.err)})
		}
	}
	return nil
}

func (m *failureModel) Keys() help.KeyMap {
	km := m.ctx.KeyMap
	edit := km.Edit
	if label := pageLabelForField(m.ex.Field); label != "" {
		edit.SetHelp("e", "edit "+label)
	}
	// The short help keeps every way on at 60 columns; the full help
	// says more.
	retry := km.Retry
	retry.SetHelp("r", "retry (same ClientToken)")
	k := keysOf(km, edit, km.Retry, km.Quit)
	k.full = [][]key.Binding{{edit, retry, km.Quit}, {km.Cancel, km.Help}}
	return k
}

func (m *failureModel) View() string {
	st := m.ctx.Styles
	w := m.ctx.words()
	what := w.action + " failed on " + m.spec.VpnGatewayId
	maybe := !m.spec.DryRun && client.MayHaveReached(m.err)
	switch {
	case m.spec.DryRun:
		what = "Precheck (DryRun) failed on " + m.spec.VpnGatewayId + ": " + w.nothing
	case maybe:
		what = "The IPsec server may have been " + w.done + " on " + m.spec.VpnGatewayId + ": no answer said"
	}
	parts := []string{
		st.Error.Render("✗ "+what) + "\n" + st.KVWrap(12, m.ctx.contentWidth(), [2]string{"Code", m.ex.Code}),
		st.Section.Render("What happened") + "\n" + m.ctx.wrap(m.ex.Summary),
	}
	if maybe {
		// The request went out and its answer was lost: it may have been
		// carried out, and only the same ClientToken repeats it safely.
		parts = append(parts, st.Section.Render("It may have been "+w.done)+"\n"+m.ctx.wrap(
			w.action+" was sent, but no answer came back, so the server may have been "+w.done+". Its ClientToken is "+
				m.spec.ClientToken+": r repeats the request with that token, which cannot do it twice. "+
				"Or check the gateway first: ")+"\n  "+st.Code.Render(m.ctx.resume(m.spec.VpnGatewayId)))
	}
	if m.ex.Remedy != "" {
		parts = append(parts, st.Section.Render("What to do")+"\n"+m.ctx.wrap(m.ex.Remedy))
	}
	var last []string
	if label := pageLabelForField(m.ex.Field); label != "" {
		last = append(last, st.Subtle.Render("The field at fault is "+m.ex.Field+": e opens the "+label+" page with your answers kept."))
	}
	if m.ex.RequestId != "" {
		last = append(last, st.Subtle.Render("RequestId "+m.ex.RequestId+" (quote it to Alibaba Cloud support)"))
	}
	if len(last) > 0 {
		parts = append(parts, strings.Join(last, "\n"))
	}
	return m.ctx.sections(parts...)
}
