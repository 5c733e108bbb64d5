package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// firstPage is what the first wizard page shows once it is fully drawn: the
// step line and the gateway list (loaded from the sandbox).
var firstPage = []string{"Step 1 of 6", "vpn-sandbox-ready"}

// firstFrameRows: process start until the first wizard page is fully drawn,
// `ipsecwiz --sandbox` in an 80x24 pseudo-terminal.
func firstFrameRows(o options) []row {
	const name, tt = "first frame (--sandbox, 80x24)", "median < 50 ms"
	var vals []float64
	for i := 0; i < o.runs; i++ {
		d, err := firstFrame(o.bin)
		if err != nil {
			return []row{errRow(name, tt, err)}
		}
		vals = append(vals, ms(d))
	}
	return []row{{name: name, unit: "ms", values: vals, targetText: tt, target: &target{stat: "median", less: true, limit: 50}}}
}

func firstFrame(bin string) (time.Duration, error) {
	home, err := os.MkdirTemp("", "benchrun-home-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(home)
	t, err := startTerm(bin, childEnv(home), 80, 24, firstPage, "--sandbox")
	if err != nil {
		return 0, err
	}
	defer t.close()
	if err := t.waitFor(10*time.Second, firstPage...); err != nil {
		return 0, err
	}
	return t.seenAt().Sub(t.start), nil
}

// memoryRows: the wizard's resident memory while it tracks the gateway after
// a create, driven through every page by keystrokes against a sandbox
// started here (so the figure is ipsecwiz's alone). The runs go in parallel.
func memoryRows(o options) []row {
	const name, tt = "resident memory while tracking (peak)", "max < 40 MB"
	vals := make([]float64, o.runs)
	errs := make([]error, o.runs)
	var wg sync.WaitGroup
	for i := range o.runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals[i], errs[i] = trackingRSS(o.bin)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return []row{errRow(name, tt, err)}
	}
	return []row{{name: name, unit: "MB", values: vals, targetText: tt, target: &target{stat: "max", less: true, limit: 40}}}
}

// trackingRSS returns the peak VmRSS in MB (MiB) sampled every 50 ms while
// the tracking screen is up.
func trackingRSS(bin string) (float64, error) {
	srv, err := startSandbox(sandbox.Config{Settle: 10 * time.Second})
	if err != nil {
		return 0, err
	}
	defer srv.Close()
	home, err := os.MkdirTemp("", "benchrun-home-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(home)
	t, err := startTerm(bin, childEnv(home, sandboxCreds...), 80, 24, nil, "--endpoint", srv.Addr())
	if err != nil {
		return 0, err
	}
	defer t.close()
	if err := wizardToTracking(t, 15*time.Second); err != nil {
		return 0, err
	}
	peak := 0
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		kb, err := t.rssKB()
		if err != nil {
			break // exited
		}
		peak = max(peak, kb)
		if containsAll(t.screen(), []string{"IPsec server created"}) {
			break
		}
		select {
		case <-tick.C:
		case <-t.done:
		}
	}
	if peak == 0 {
		return 0, fmt.Errorf("no memory sample while tracking")
	}
	return float64(peak) / 1024, nil
}

// sizeRows: the size of the binary bench/run built (plain go build).
func sizeRows(o options) []row {
	fi, err := os.Stat(o.bin)
	if err != nil {
		return []row{errRow("binary size", "", err)}
	}
	mb := float64(fi.Size()) / (1 << 20)
	return []row{{name: "binary size (go build, not stripped)", unit: "MB", values: []float64{mb}}}
}

// newSandboxClient is an ipsecwiz client on srv with the full-rights key.
func newSandboxClient(srv *sandbox.Server) (*client.Client, error) {
	return client.New(context.Background(), client.Options{
		Endpoint:    srv.Addr(),
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret},
	})
}
