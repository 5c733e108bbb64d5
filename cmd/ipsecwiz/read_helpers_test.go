package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// Helpers of the read commands' tests (list, show, logs).

// createServerVia makes an IPsec server through the API, as a user would
// have, and returns its id.
func createServerVia(t *testing.T, sb *testSandbox, region, gw, subnet string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := client.New(ctx, client.Options{Endpoint: sb.Addr(), Region: region,
		Credentials: &client.Credentials{AccessKeyId: sandbox.AccessKeyID, AccessKeySecret: sandbox.AccessKeySecret}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	spec := ipsec.NewServerSpec()
	spec.RegionId, spec.VpnGatewayId, spec.LocalSubnet, spec.ClientIpPool = region, gw, ipsec.CIDRList{subnet}, freePool
	spec.IpSecServerName, spec.Psk = "office", canaryPsk
	ike, phase2 := ipsec.RecommendedIke(), ipsec.RecommendedIpsec()
	spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	res, err := c.CreateIpsecServer(ctx, &spec)
	if err != nil {
		t.Fatalf("CreateIpsecServer on %s: %v", gw, err)
	}
	return res.IpsecServerId
}

// runCLIOnTerminal runs ipsecwiz in-process as if stdout were a terminal
// of cols columns (COLUMNS; the buffer has no size of its own).
func runCLIOnTerminal(t *testing.T, env []string, cols int, args ...string) result {
	t.Helper()
	f, out, errOut, _ := newTestFactory("", append(env, "COLUMNS="+strconv.Itoa(cols)))
	f.IO.StdoutTTY = true
	done := make(chan int, 1)
	go func() { done <- run(args, f) }()
	select {
	case code := <-done:
		return result{code: code, stdout: out.String(), stderr: errOut.String()}
	case <-time.After(60 * time.Second):
		t.Fatalf("ipsecwiz %s did not end\nstdout: %s\nstderr: %s", strings.Join(args, " "), out.String(), errOut.String())
		return result{}
	}
}

// waitStdout waits until an in-process run's stdout holds want.
func (c *cliRun) waitStdout(timeout time.Duration, want string) {
	c.t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(c.out.String(), want) {
		select {
		case <-tick.C:
		case <-c.done:
			if !strings.Contains(c.out.String(), want) {
				c.t.Fatalf("ipsecwiz ended (exit %d) before stdout showed %q\nstdout: %s\nstderr: %s", c.code, want, c.out.String(), c.errOut.String())
			}
		case <-deadline.C:
			c.t.Fatalf("stdout never showed %q within %s\nstdout: %s\nstderr: %s", want, timeout, c.out.String(), c.errOut.String())
		}
	}
}

// regionProxy stands in front of a sandbox and refuses every call for one
// region as the service refuses a region the account cannot use; the other
// calls pass through untouched, signatures and all.
func regionProxy(t *testing.T, sb *testSandbox, region string) string {
	t.Helper()
	return refusingProxy(t, sb, func(action, r string) bool { return r == region && action != "DescribeRegions" })
}

// refusingProxy stands in front of a sandbox and answers the calls refuse
// picks (by action and region) with a refusal of the service
// (InvalidRegionId); the others pass through untouched.
func refusingProxy(t *testing.T, sb *testSandbox, refuse func(action, region string) bool) string {
	t.Helper()
	target, _ := url.Parse("http://" + sb.Addr())
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		get := func(k string) string { return cmpOr(r.URL.Query().Get(k), form.Get(k)) }
		if refuse(get("Action"), get("RegionId")) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"RequestId": "req-region-refused", "Code": "InvalidRegionId",
				"Message": "The specified region is not open to this account."})
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// termRun is the built binary with a pseudo-terminal as stdin, stdout and
// stderr, as a person runs it: what it draws is kept raw and read through a
// terminal emulator once it has ended. The queries a terminal answers (the
// cursor position, the background colour) are answered.
type termRun struct {
	raw  syncBuffer
	code int
	cols int
	rows int
}

func runOnTerminal(t *testing.T, env []string, cols, rows int, args ...string) *termRun {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(env, "TERM=xterm-256color")
	cmd.Dir = t.TempDir()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	r := &termRun{cols: cols, rows: rows}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		buf := make([]byte, 32*1024)
		answered := 0
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				_, _ = r.raw.Write(buf[:n])
				if s := r.raw.String(); strings.Count(s, "\x1b[6n") > answered {
					answered++
					_, _ = ptmx.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[1;1R"))
				}
			}
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		r.code = exitCode(err)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("ipsecwiz %s did not end on the terminal:\n%q", strings.Join(args, " "), r.raw.String())
	}
	select {
	case <-drained:
	case <-time.After(10 * time.Second):
		t.Fatalf("the terminal did not report end of file")
	}
	return r
}

// screen is what the terminal shows, line by line, trailing blanks cut.
func (r *termRun) screen() []string {
	emu := vt.NewEmulator(r.cols, r.rows)
	go func() { _, _ = io.Copy(io.Discard, emu) }() // its answers to queries: nobody reads them here
	_, _ = emu.Write([]byte(r.raw.String()))
	var lines []string
	for _, l := range strings.Split(emu.String(), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return lines
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
