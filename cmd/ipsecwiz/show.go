package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/cellbuf"
	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// showOptions are show's flags.
type showOptions struct {
	g          *globalOptions
	id         string
	revealPsk  bool
	export     string
	exportFile string
	force      bool
}

func newShowCommand(g *globalOptions) *cobra.Command {
	o := &showOptions{g: g}
	cmd := &cobra.Command{
		Use:   "show SERVER_ID",
		Short: "Show one IPsec server: its settings, their security, what a VPN client needs",
		Long: `Show an IPsec server: every setting, the security assessment (weak or risky
settings and what to use instead), its gateway's status, the clients online,
and what a VPN client needs to connect: the server address, the identities,
the proposals, the client pool and the networks behind the server.

The pre-shared key is masked unless --reveal-psk (then it is printed, also
when piped, and --output json holds it as "Psk").

--export FORMAT renders the server for a VPN client or another tool
(strongswan, apple, terraform, aliyun-cli, json). A client configuration holds
the key, so it is written to a file of mode 0600 (--export-file PATH, default
SERVER_ID plus the format's suffix in the working directory;
--force replaces one), never to stdout; --export-file - prints strongSwan's
without the key. Warnings go to stderr.

Exit codes: 0 shown, 1 the API failed (an unknown server id included), 2
invalid input, 4 credentials missing or refused.`,
		Example: `  ipsecwiz show iss-bp1... --region cn-hangzhou
  ipsecwiz show iss-bp1... --output json
  ipsecwiz show iss-bp1... --export strongswan --export-file /etc/swanctl/conf.d/office.conf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			return o.run(cmd)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.revealPsk, "reveal-psk", false, "print the pre-shared key (masked otherwise)")
	f.StringVar(&o.export, "export", "", "render a client configuration or another tool's: "+strings.Join(export.Names(), ", "))
	f.StringVar(&o.exportFile, "export-file", "", "write the export to PATH (- for stdout, without the key)")
	f.BoolVar(&o.force, "force", false, "with --export-file: replace an existing file")
	_ = cmd.RegisterFlagCompletionFunc("export", fixedCompletion(export.Names()...))
	cmd.ValidArgsFunction = serverCompletion(g)
	return cmd
}

func (o *showOptions) run(cmd *cobra.Command) error {
	g := o.g
	var format export.Format
	if o.export != "" {
		f, err := export.Lookup(o.export)
		if err != nil {
			return exportLookupError(o.export, err)
		}
		format = f
		if o.revealPsk {
			return usageErrorf("--reveal-psk and --export: an export writes the key to its file (mode 0600); leave out --reveal-psk")
		}
	} else if o.exportFile != "" || o.force {
		return usageErrorf("--export-file and --force go with --export FORMAT")
	}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	defer ia.Stop()
	ctx := client.WithTrace(ia.ctx, g.progress().retryTrace())
	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return g.readFailed(err, "", false)
	}
	defer cleanup()
	region := c.Region()
	s, err := c.GetServer(ctx, region, o.id)
	if err != nil {
		if ia.Interrupted() {
			err = ia.err()
		}
		return g.readFailed(err, g.notFoundRemedy(err, region), false)
	}
	var gwp *ipsec.Gateway
	gw, gwErr := c.DescribeGateway(ctx, s.RegionId, s.VpnGatewayId)
	if gwErr == nil {
		gwp = &gw
	} else if ia.Interrupted() {
		return g.readFailed(ia.err(), "", false)
	}
	v := client.NewServerView(s, gwp, gwErr)
	if o.export != "" {
		if gwErr != nil {
			fmt.Fprintf(g.f.IO.ErrOut, "ipsecwiz: warning: gateway %s could not be read (%s); the export uses the server's own address.\n",
				s.VpnGatewayId, client.Explain(gwErr).Summary)
		}
		return o.runExport(format, v)
	}
	var werr error
	if g.output == "json" {
		_, werr = g.f.IO.Product().Write(v.JSON(o.revealPsk))
	} else {
		_, werr = io.WriteString(g.f.IO.Product(), showText(v, o.revealPsk, g.outStyles(), g.target(s.RegionId), g.terminalWidth()))
	}
	if werr != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the server could not be written to standard output: %w", werr)}
	}
	if gwErr != nil {
		// The server is shown; its gateway's status is missing (JSON says
		// why in gatewayError), and the exit code says so.
		if g.output != "json" {
			explainOn(g.f.IO.ErrOut, fmt.Errorf("gateway %s could not be read: %w", s.VpnGatewayId, gwErr), nil)
		}
		return &exitError{code: client.ExitCode(gwErr), err: gwErr, printed: true}
	}
	return nil
}

// runExport renders the server through the export registry. A rendering
// that holds the key goes to a file of mode 0600 (the key is the server's,
// as read back), never to stdout; the others go to stdout unless a file is
// named.
func (o *showOptions) runExport(f export.Format, v client.ServerView) error {
	g := o.g
	s := v.Server
	in := export.Input{Spec: ipsec.SpecFromServer(s), Server: &s}
	if v.Gateway != nil {
		in.Gateway = *v.Gateway
	}
	path := o.exportFile
	toStdout := path == "-" || (path == "" && !f.HoldsKey)
	if path == "-" {
		path = ""
	}
	if toStdout && f.NeedsKey {
		return usageErrorf("--export %s holds the pre-shared key, which never goes to standard output: name a file with --export-file PATH, or leave it out to write %s (mode 0600)",
			f.Name, f.FileName(in))
	}
	in.IncludeKey = f.HoldsKey && !toStdout
	r, err := f.Export(in)
	if err != nil {
		return exportError(f.Name, err)
	}
	for _, w := range r.Warnings {
		fmt.Fprintln(g.f.IO.ErrOut, "ipsecwiz: warning:", w)
	}
	if toStdout {
		if _, err := g.f.IO.Product().Write(r.Data); err != nil {
			return &exitError{code: client.ExitFailure, err: fmt.Errorf("the export could not be written to standard output: %w", err)}
		}
		if f.HoldsKey {
			fmt.Fprintf(g.f.IO.ErrOut, "ipsecwiz: the pre-shared key is not in it (a placeholder stands there); without --export-file - it is written to %s with the key (mode 0600).\n",
				f.FileName(in))
		}
		return nil
	}
	if path == "" {
		path = f.FileName(in)
	}
	if err := writeExportFile(path, r, o.force); err != nil {
		return err
	}
	what := "without the key"
	if r.HasKey {
		what = "with the pre-shared key"
	}
	fmt.Fprintf(g.f.IO.ErrOut, "Wrote %s (%s, mode %04o).\n", path, what, r.FileMode())
	switch f.Name {
	case "strongswan":
		fmt.Fprintf(g.f.IO.ErrOut, "On the Linux client: sudo install -m 600 %s /etc/swanctl/conf.d/ && sudo swanctl --load-all && sudo swanctl --initiate --child ipsecwiz\n",
			export.ShellQuote(path))
	case "apple":
		fmt.Fprintf(g.f.IO.ErrOut, "Open %s on the Mac, iPhone or iPad and install it (System Settings, Profiles); hand it over as you would the key.\n", path)
	}
	return nil
}

// showRow is one line of show: a label, its value, and commands (never
// wrapped, each on a line of its own when the value leaves no room).
type showRow struct {
	label, value string
	commands     []string
}

// showText is show's text form: plain lines, styled on a terminal, where
// width (0: piped, no wrapping) wraps each value under itself.
func showText(v client.ServerView, reveal bool, st outStyles, t client.Target, width int) string {
	s, ci := v.Server, v.Client
	var b strings.Builder
	section := func(title string) { b.WriteString("\n" + st.Section.Render(title) + "\n") }
	rows := func(rows ...showRow) {
		labelWidth := 0
		for _, r := range rows {
			labelWidth = max(labelWidth, len([]rune(r.label)))
		}
		for _, r := range rows {
			pad := strings.Repeat(" ", labelWidth-len([]rune(r.label)))
			b.WriteString(hanging("  "+st.Label.Render(r.label)+pad+"  ", r.value, r.commands, width) + "\n")
		}
	}
	kv := func(pairs ...[2]string) {
		var rs []showRow
		for _, p := range pairs {
			rs = append(rs, showRow{label: p[0], value: p[1]})
		}
		rows(rs...)
	}
	name := ""
	if s.IpsecServerName != "" {
		name = " (" + visibleText(s.IpsecServerName) + ")"
	}
	b.WriteString(st.Header.Render("IPsec server "+visibleText(s.IpsecServerId)) + name + "\n")
	gwLine := visibleText(s.VpnGatewayId)
	if gw := v.Gateway; gw != nil {
		if gw.Name != "" {
			gwLine += " (" + visibleText(gw.Name) + ")"
		}
		status := visibleText(gw.Status)
		switch {
		case gw.Status == ipsec.StatusActive:
			status = st.OK.Render(status)
		case gw.Busy():
			status = st.Warn.Render(status)
		default:
			status = st.Bad.Render(status)
		}
		gwLine += ", " + status
		if gw.BusinessStatus != "" && gw.BusinessStatus != ipsec.BusinessNormal {
			gwLine += ", " + st.Bad.Render(visibleText(gw.BusinessStatus))
		}
	} else {
		gwLine += ", status unknown (the gateway could not be read)"
	}
	kv([2]string{"Region", visibleText(s.RegionId)},
		[2]string{"Gateway", gwLine},
		[2]string{"Created", visibleText(s.CreationTime)},
		[2]string{"Clients online", fmt.Sprintf("%d of %d connections (shared with the gateway's SSL-VPN clients)", s.OnlineClientCount, s.MaxConnections)})

	section("Settings")
	ike, phase2 := s.IkeConfig, s.IpsecConfig
	key := "off"
	if s.PskEnabled {
		key = "on, " + s.Psk.String() + " (--reveal-psk shows it)"
		if reveal {
			key = "on, " + visibleText(s.Psk.Reveal())
		}
		if s.Psk == "" {
			key = "on (the service did not return the key)"
		}
	}
	kv([2]string{ipsec.Title(ipsec.FieldLocalSubnet), visibleText(strings.Join(s.LocalSubnet, ", "))},
		[2]string{ipsec.Title(ipsec.FieldClientIPPool), fmt.Sprintf("%s (%d clients, a /30 each)", visibleText(s.ClientIpPool), ci.PoolClients)},
		[2]string{"IKE (phase 1)", ikeText(ike)},
		[2]string{ipsec.Title(ipsec.FieldLocalID), orText(visibleText(ike.LocalId), "the gateway's public IP")},
		[2]string{ipsec.Title(ipsec.FieldRemoteID), orText(visibleText(ike.RemoteId), "any")},
		[2]string{"IPsec (phase 2)", ipsecText(phase2)},
		[2]string{ipsec.Title(ipsec.FieldPsk), key},
		[2]string{ipsec.Title(ipsec.FieldEffectImmediately), yesNo(s.EffectImmediately)})

	section("Security")
	if len(v.Assessment) == 0 {
		b.WriteString("  " + st.OK.Render("ok") + "     no weak or risky setting\n")
	}
	for _, a := range v.Assessment {
		level := st.Warn.Render(fmt.Sprintf("%-6s", a.Level))
		if a.Level == ipsec.AdviceWeak {
			level = st.Bad.Render(fmt.Sprintf("%-6s", a.Level))
		}
		b.WriteString(hanging("  "+level+" ", visibleText(a.Field)+": "+visibleText(a.Message), nil, width) + "\n")
	}

	section("For VPN clients")
	clientID := "any (the server accepts every client identity)"
	if ci.ClientIdentity != "" {
		clientID = visibleText(ci.ClientIdentity) + " (the client's own ID)"
	}
	psk := showRow{label: "Pre-shared key", value: s.Psk.String() + ", shown by:",
		commands: []string{t.Command("show", s.IpsecServerId, "--reveal-psk")}}
	if reveal {
		psk = showRow{label: "Pre-shared key", value: visibleText(s.Psk.Reveal())}
	}
	var exports []string
	for _, e := range ci.Exports {
		exports = append(exports, t.Command("show", s.IpsecServerId, "--export", e))
	}
	rows(showRow{label: "Server address", value: orText(visibleText(ci.ServerAddress), "unknown")},
		showRow{label: "Server identity", value: orText(visibleText(ci.ServerIdentity), "unknown") + " (the client's remote ID)"},
		showRow{label: "Client identity", value: clientID},
		showRow{label: "IKE proposal", value: ikeText(ike)},
		showRow{label: "ESP proposal", value: ipsecText(phase2)},
		showRow{label: "Virtual IPs from", value: visibleText(ci.ClientIpPool)},
		showRow{label: "Networks behind it", value: visibleText(strings.Join(ci.LocalSubnet, ", "))},
		psk,
		showRow{label: "Ready configurations", commands: exports})
	return b.String()
}

// hanging is lead then value wrapped to width under itself (not at all
// when width is 0), then each command on a line of its own under the value,
// or after it when the whole fits: a command is never split, whatever the
// width, so it can be copied.
func hanging(lead, value string, commands []string, width int) string {
	indent := lipgloss.Width(lead)
	pad := strings.Repeat(" ", indent)
	if len(commands) == 1 && (width == 0 || lipgloss.Width(lead+value)+1+lipgloss.Width(commands[0]) <= width) {
		value, commands = strings.TrimPrefix(value+" "+commands[0], " "), nil
	}
	var lines []string
	if value != "" || len(commands) == 0 {
		switch {
		case width > 0 && width-indent < 24 && lipgloss.Width(lead+value) > width:
			// No room beside a long label: the value goes under it.
			lines = []string{""}
			for _, l := range strings.Split(cellbuf.Wrap(value, width-4, ""), "\n") {
				lines = append(lines, "  "+l) // pad (below) adds the other two
			}
			pad = "  "
		case width > 0:
			lines = strings.Split(cellbuf.Wrap(value, width-indent, ""), "\n")
		default:
			lines = []string{value}
		}
	}
	for i := range lines {
		if i == 0 {
			lines[i] = strings.TrimRight(lead+lines[i], " ")
		} else {
			lines[i] = pad + lines[i]
		}
	}
	cmdPad := pad
	for _, c := range commands {
		if width > 0 && indent+lipgloss.Width(c) > width {
			cmdPad = "    " // as far left as reads well, for the room
		}
	}
	for _, c := range commands {
		if len(lines) == 0 && cmdPad == pad {
			lines = append(lines, lead+c)
			continue
		}
		if len(lines) == 0 {
			lines = append(lines, strings.TrimRight(lead, " "))
		}
		lines = append(lines, cmdPad+c)
	}
	return strings.Join(lines, "\n")
}

func ikeText(c ipsec.IkeConfig) string {
	version := visibleText(c.IkeVersion)
	if c.IkeVersion == "ikev1" {
		version += " " + visibleText(c.IkeMode) + " mode"
	}
	return fmt.Sprintf("%s, %s-%s-%s, lifetime %ss", version, visibleText(c.IkeEncAlg), visibleText(c.IkeAuthAlg),
		visibleText(c.IkePfs), strconv.Itoa(c.IkeLifetime))
}

func ipsecText(c ipsec.IpsecConfig) string {
	return fmt.Sprintf("%s-%s-%s, lifetime %ss", visibleText(c.IpsecEncAlg), visibleText(c.IpsecAuthAlg),
		visibleText(c.IpsecPfs), strconv.Itoa(c.IpsecLifetime))
}

func orText(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
