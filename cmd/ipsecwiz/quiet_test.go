package main

import (
	"strings"
	"testing"
	"time"
)

// A slow API never leaves a run without a terminal silent: a call still
// unanswered after a few seconds says so on stderr, whether or not it is
// retried, for create --no-input and status (text or JSON).
func TestSlowCallsAreNotSilent(t *testing.T) {
	t.Parallel()
	sb := slowSandbox(t, 4*time.Second)
	for name, args := range map[string][]string{
		"create":      cat([]string{"--no-input", "--dry-run"}, required()),
		"status json": {"status", readyGW, "--output", "json"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			c := startCLI(t, "", sb.env(t.TempDir()), sb.args(args...)...)
			c.waitStderr(10*time.Second, "still waiting for DescribeVpnGateway (3s)")
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the first sign of life came after %v", took)
			}
			c.interrupt()
			r := c.wait(15 * time.Second)
			if r.code != 130 {
				t.Errorf("exit %d after the interrupt, want 130\nstderr: %s", r.code, r.stderr)
			}
		})
	}
}

// status against an endpoint that never answers: each failed check is
// printed at once (not after the whole --wait-timeout), and the outcome
// says no check was answered, not that the gateway did not settle.
func TestStatusAgainstADeadEndpoint(t *testing.T) {
	t.Parallel()
	dead := chaosFreePort(t)
	for _, output := range []string{"text", "json"} {
		t.Run(output, func(t *testing.T) {
			t.Parallel()
			env := cleanEnv(t.TempDir(), chaosCreds...)
			start := time.Now()
			c := startCLI(t, "", env, "--endpoint", dead, "--output", output, "status", readyGW, "--wait-timeout", "3s")
			c.waitStderr(2*time.Second, "check failed, retrying")
			if took := time.Since(start); took > 1500*time.Millisecond {
				t.Errorf("the first failed check was printed after %v", took)
			}
			r := c.wait(15 * time.Second)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			all := r.stdout + r.stderr
			for _, bad := range []string{"did not settle", "did not become active", "last status"} {
				if strings.Contains(all, bad) {
					t.Errorf("the outcome claims %q though no check was answered\n%s", bad, all)
				}
			}
			if output == "json" {
				m := decodeOne(t, r.stdout)
				if ex, _ := obj(t, m, "error")["explanation"].(string); !strings.Contains(ex, "No check of the gateway was answered in 3s") {
					t.Errorf("error.explanation = %q", ex)
				}
				return
			}
			if !strings.Contains(r.stdout, "Could not read gateway "+readyGW+": no check was answered in 3s") {
				t.Errorf("stdout: %s", r.stdout)
			}
		})
	}
}
