package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func newSandboxCommand(g *globalOptions) *cobra.Command {
	var (
		cfg  sandbox.Config
		addr string
	)
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the local VPC API sandbox in the foreground",
		Long: `Serve a local stand-in for the Alibaba Cloud VPC API over plain HTTP, with a fixture
of VPN gateways (see the README), real signature checks and the gateway state
machine. Point ipsecwiz (--endpoint) or the aliyun CLI (--endpoint HOST:PORT
--insecure) at it. One log line per request and per state transition goes to
stderr. Stop it with ctrl+c.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cfg.FaultRate < 0 || cfg.FaultRate > 1 {
				return usageErrorf("--fault-rate: want a number from 0 to 1, e.g. 0.3")
			}
			cfg.Log = g.f.IO.ErrOut
			srv, err := sandbox.New(cfg)
			if err != nil {
				return &exitError{code: client.ExitFailure, err: err}
			}
			if err := srv.Listen(addr); err != nil {
				return &exitError{code: client.ExitFailure, err: fmt.Errorf("listening on %s: %w", addr, err)}
			}
			fmt.Fprint(cmd.OutOrStdout(), sandbox.Banner(srv.Addr()))
			ia := newInterrupts(cmd.Context(), g.f.Signals, g.f.IO.ErrOut)
			<-ia.ctx.Done()
			ia.Stop()
			fmt.Fprintln(g.f.IO.ErrOut, "sandbox: stopping")
			if err := srv.Close(); err != nil {
				return &exitError{code: client.ExitFailure, err: err}
			}
			// Stopped by a signal, like every other ctrl+c: 130.
			return &exitError{code: client.ExitCanceled}
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", sandbox.DefaultAddr, "address to listen on (HOST:PORT; port 0 picks a free one)")
	f.DurationVar(&cfg.Settle, "settle", 5*time.Second, "how long a gateway stays updating after a change")
	f.DurationVar(&cfg.UpdatingDelay, "updating-delay", 300*time.Millisecond, "delay before an accepted change turns the gateway updating")
	f.StringVar(&cfg.StateFile, "state", "", "persist state in FILE across restarts (written atomically)")
	f.Float64Var(&cfg.FaultRate, "fault-rate", 0, "share of calls (0..1) failed with 503, Throttling, SystemBusy or a dropped connection")
	f.Int64Var(&cfg.FaultSeed, "fault-seed", 1, "seed of the fault injection, for repeatable runs")
	f.DurationVar(&cfg.Latency, "latency", 0, "delay added to every answer (to exercise client timeouts)")
	f.IntVar(&cfg.SimulatedClients, "clients", 0, "simulated VPN clients that connect to every IPsec server once it is up (pool and connection limits apply)")
	return cmd
}
