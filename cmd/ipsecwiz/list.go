package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// listOptions are list's flags.
type listOptions struct {
	g          *globalOptions
	allRegions bool
	gatewayID  string
	pageSize   int
}

func newListCommand(g *globalOptions) *cobra.Command {
	o := &listOptions{g: g}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the IPsec servers of a region (or of every region), with their clients online",
		Long: `List the IPsec servers of the region (--region), or of every region with
--all-regions: id, name, gateway, client pool, local subnets, clients online
out of the gateway's connections, when it was created, and whether its
settings are weak (ipsecwiz show SERVER_ID says which and why).

On a terminal it prints a table that fits the window. Piped, it prints one
line per server, tab-separated, always these columns (an empty name is -):
  id  name  gateway  region  client-pool  local-subnets  online  max  created  security
where security is ok, risky or weak. --output json prints a JSON array (the
API's field names, never the key). No server: a message on stderr (and [] in
JSON), exit 0. A region that cannot be read is named on stderr with the
reason, the others are still listed, and the exit code says it (1, or 4
when the credentials were refused).`,
		Example: `  ipsecwiz list --region cn-hangzhou
  ipsecwiz list --all-regions --output json
  ipsecwiz list | cut -f1,7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd) },
	}
	cmd.Flags().BoolVar(&o.allRegions, "all-regions", false, "list every region DescribeRegions names (read in parallel)")
	cmd.Flags().StringVar(&o.gatewayID, "vpn-gateway-id", "", "only the server of this VPN gateway")
	cmd.Flags().IntVar(&o.pageSize, "page-size", client.MaxServerPageSize,
		"servers per ListIpsecServers call, 1..20: more calls, never fewer servers")
	_ = cmd.RegisterFlagCompletionFunc("vpn-gateway-id", gatewayCompletion(g))
	return cmd
}

func (o *listOptions) run(cmd *cobra.Command) error {
	g := o.g
	if o.pageSize < 1 || o.pageSize > client.MaxServerPageSize {
		return usageErrorf("--page-size: want 1 to %d, got %d", client.MaxServerPageSize, o.pageSize)
	}
	if o.allRegions && g.region != "" {
		return usageErrorf("--all-regions lists every region: leave out --region %s", g.region)
	}
	if o.gatewayID != "" {
		if err := ipsec.ValidateGatewayID(o.gatewayID); err != nil {
			return &exitError{code: client.ExitUsage, err: fmt.Errorf("--vpn-gateway-id: %w", err)}
		}
	}
	ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
	defer ia.Stop()
	ctx := client.WithTrace(ia.ctx, g.progress().retryTrace())
	c, cleanup, err := g.connect(ctx)
	if err != nil {
		return g.readFailed(err, "", false)
	}
	defer cleanup()

	opts := client.ListServersOptions{VpnGatewayId: o.gatewayID, PageSize: o.pageSize}
	var regions []client.RegionServers
	if o.allRegions {
		regions, err = c.ListServersAllRegions(ctx, opts, client.DefaultRegionWorkers)
	} else {
		var servers []ipsec.Server
		servers, err = c.ListServers(ctx, c.Region(), opts)
		regions = []client.RegionServers{{RegionId: c.Region(), Servers: servers}}
	}
	if ia.Interrupted() {
		return g.readFailed(ia.err(), "", false)
	}
	if err != nil {
		return g.readFailed(err, "", false)
	}

	var servers []ipsec.Server
	var failed []client.RegionServers
	for _, r := range regions {
		if r.Err != nil {
			failed = append(failed, r)
			continue
		}
		servers = append(servers, r.Servers...)
	}
	if werr := o.print(servers, regions, failed); werr != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("the list could not be written to standard output: %w", werr)}
	}
	if len(failed) == 0 {
		return nil
	}
	var names []string
	code := client.ExitFailure
	for _, r := range failed {
		names = append(names, r.RegionId)
		explainOn(g.f.IO.ErrOut, fmt.Errorf("region %s could not be read: %w", r.RegionId, r.Err), nil)
		code = max(code, client.ExitCode(r.Err)) // refused credentials (4) say more than a failure (1)
	}
	return &exitError{code: code, printed: true,
		err: fmt.Errorf("%d of %d regions could not be read: %s", len(failed), len(regions), strings.Join(names, ", "))}
}

// print writes the servers in the form stdout calls for.
func (o *listOptions) print(servers []ipsec.Server, regions, failed []client.RegionServers) error {
	g := o.g
	out := g.f.IO.Product()
	if g.output == "json" {
		items := make([]any, 0, len(servers))
		for _, s := range servers {
			items = append(items, client.ServerJSON(s))
		}
		b, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			return err
		}
		_, err = out.Write(append(b, '\n'))
		return err
	}
	if len(servers) == 0 {
		msg := o.emptyMessage(regions, failed)
		if g.f.IO.StdoutTTY {
			_, err := fmt.Fprintln(out, msg)
			return err
		}
		fmt.Fprintln(g.f.IO.ErrOut, msg) // stdout stays empty for a script
		return nil
	}
	switch {
	case g.f.IO.StdoutTTY && g.accessible:
		return printServerSentences(out, servers)
	case g.f.IO.StdoutTTY:
		return o.printTable(out, servers)
	}
	return printServerLines(out, servers)
}

// printServerSentences is list for a screen reader (--accessible): one
// line per server that names each value, since a table is read as a run of
// words.
func printServerSentences(w io.Writer, servers []ipsec.Server) error {
	var b strings.Builder
	for _, s := range servers {
		name := ""
		if s.IpsecServerName != "" {
			name = ", name " + visibleText(s.IpsecServerName)
		}
		fmt.Fprintf(&b, "IPsec server %s%s, gateway %s, region %s, client pool %s, local subnets %s, %d of %d clients online, created %s, security %s.\n",
			visibleText(s.IpsecServerId), name, visibleText(s.VpnGatewayId), visibleText(s.RegionId), visibleText(s.ClientIpPool),
			visibleText(strings.Join(s.LocalSubnet, ", ")), s.OnlineClientCount, s.MaxConnections, visibleText(s.CreationTime),
			client.Security(ipsec.Assess(ipsec.SpecFromServer(s))))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (o *listOptions) emptyMessage(regions, failed []client.RegionServers) string {
	where := "in " + regions[0].RegionId
	if o.allRegions {
		where = fmt.Sprintf("in any of the %d regions", len(regions))
		if len(failed) > 0 {
			where = fmt.Sprintf("in the %d regions that could be read", len(regions)-len(failed))
		}
	}
	if o.gatewayID != "" {
		return fmt.Sprintf("No IPsec server on gateway %s %s.", o.gatewayID, where)
	}
	return "No IPsec servers " + where + "."
}

// printServerLines is the piped form of list: one line per server, its
// columns separated by tabs, always the same ones in the same order.
func printServerLines(w io.Writer, servers []ipsec.Server) error {
	var b strings.Builder
	for _, s := range servers {
		name := visibleText(s.IpsecServerName)
		if name == "" {
			name = "-"
		}
		fields := []string{visibleText(s.IpsecServerId), name, visibleText(s.VpnGatewayId), visibleText(s.RegionId),
			visibleText(s.ClientIpPool), visibleText(s.LocalSubnet.String()), strconv.Itoa(s.OnlineClientCount),
			strconv.Itoa(s.MaxConnections), visibleText(s.CreationTime), client.Security(ipsec.Assess(ipsec.SpecFromServer(s)))}
		b.WriteString(strings.Join(fields, "\t") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printTable is the terminal's form of list: a table that fits the window.
func (o *listOptions) printTable(w io.Writer, servers []ipsec.Server) error {
	st := o.g.outStyles()
	n := len(servers)
	col := func(header string) tableColumn { return tableColumn{Header: header, Cells: make([]string, n)} }
	id, name, gw, region, pool, subnets, clients, created, security :=
		col("ID"), col("NAME"), col("GATEWAY"), col("REGION"), col("CLIENT POOL"), col("LOCAL SUBNETS"),
		col("CLIENTS"), col("CREATED"), col("SECURITY")
	levels := make([]string, n)
	online := 0
	for i, s := range servers {
		id.Cells[i] = visibleText(s.IpsecServerId)
		name.Cells[i] = visibleText(s.IpsecServerName)
		gw.Cells[i] = visibleText(s.VpnGatewayId)
		region.Cells[i] = visibleText(s.RegionId)
		pool.Cells[i] = visibleText(s.ClientIpPool)
		subnets.Cells[i] = visibleText(strings.Join(s.LocalSubnet, ", "))
		clients.Cells[i] = fmt.Sprintf("%d/%d", s.OnlineClientCount, s.MaxConnections)
		created.Cells[i] = visibleText(shortTime(s.CreationTime))
		levels[i] = client.Security(ipsec.Assess(ipsec.SpecFromServer(s)))
		security.Cells[i] = levels[i]
		online += s.OnlineClientCount
	}
	id.Style = func(int) lipgloss.Style { return st.ID }
	security.Style = func(i int) lipgloss.Style {
		switch levels[i] {
		case ipsec.AdviceWeak:
			return st.Bad
		case ipsec.AdviceRisky:
			return st.Warn
		}
		return st.OK
	}
	clients.Right = true
	// What goes first when the window is narrow: the creation time; then
	// names and subnets are cut; then the subnets go, the pool, the region,
	// the gateway, the name. The id, the clients and the security mark stay.
	name.Shrink, subnets.Shrink = 8, 16
	created.Drop, subnets.Drop, pool.Drop, region.Drop, gw.Drop, name.Drop = 1, 2, 3, 4, 5, 6
	created.Early = true
	cols := []tableColumn{id, name, gw}
	if o.allRegions {
		cols = append(cols, region)
	}
	cols = append(cols, pool, subnets, clients, created, security)
	table, hidden := renderTable(cols, o.g.stdoutWidth(), st.Header)
	width := o.g.stdoutWidth()
	foot := fmt.Sprintf("%d IPsec server%s, %d client%s online", n, plural(n), online, plural(online))
	foot = st.Subtle.Render(visibleWidth(foot, width)) + "\n"
	if len(hidden) > 0 {
		note := "Not shown for the width: " + strings.ToLower(strings.Join(hidden, ", ")) + " (--output json has all)"
		foot += st.Subtle.Render(visibleWidth(note, width)) + "\n"
	}
	_, err := io.WriteString(w, table+foot)
	return err
}

// visibleWidth cuts s to width columns (a footer never wraps either).
func visibleWidth(s string, width int) string {
	if len([]rune(s)) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:max(width-1, 0)]) + "…"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// shortTime is an API time as a table shows it: "2024-02-01 08:00" (UTC).
func shortTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02 15:04")
}
