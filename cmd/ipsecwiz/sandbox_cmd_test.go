package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client"
)

// TestSandboxCommand runs `ipsecwiz sandbox` as a user would: it prints its
// endpoint, serves the fixture to the client, logs each request on stderr,
// and ctrl+c stops it with 130.
func TestSandboxCommand(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binPath, "sandbox", "--addr", "127.0.0.1:0", "--settle", "200ms")
	cmd.Env = cleanEnv(t.TempDir())
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	// The banner names the endpoint; read until it does (bounded by the
	// child: a dead child closes the pipe).
	endpoint := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`endpoint\s+http://(127\.0\.0\.1:\d+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				endpoint <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var addr string
	select {
	case addr = <-endpoint:
	case <-time.After(30 * time.Second):
		t.Fatal("the sandbox never printed its endpoint")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := client.New(ctx, client.Options{Endpoint: addr, Region: "cn-hangzhou",
		Credentials: &client.Credentials{AccessKeyId: "sandbox", AccessKeySecret: "sandbox-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	gws, err := c.ListGateways(ctx, "cn-hangzhou")
	if err != nil {
		t.Fatal(err)
	}
	if len(gws) != 7 {
		t.Fatalf("want the 7 fixture gateways of cn-hangzhou, got %d", len(gws))
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if code := exitCode(err); code != client.ExitCanceled {
			t.Fatalf("ctrl+c: exit %d, want %d\n%s", code, client.ExitCanceled, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop on ctrl+c")
	}
	log := stderr.String()
	if !strings.Contains(log, "request action=DescribeVpnGateways") {
		t.Errorf("no request line in the log:\n%s", log)
	}
	if strings.Contains(log, "sandbox-secret") {
		t.Errorf("the log holds the access key secret:\n%s", log)
	}
}
