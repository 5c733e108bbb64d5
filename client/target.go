package client

import (
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/export"
)

// Target is where a run's calls go, kept so that every command ipsecwiz
// suggests (resume, check, repeat) reaches the same place again.
type Target struct {
	Region   string // the region in use
	Profile  string // --profile as given; "" when none was
	Endpoint string // --endpoint as given; "" for the public one
	Sandbox  bool   // --sandbox: an in-process sandbox that ends with the run
}

// Command renders `ipsecwiz ARGS` with the global flags that reach t. The
// region is always named: without it a profile or the environment could
// pick another one.
func (t Target) Command(args ...string) string {
	parts := []string{"ipsecwiz"}
	for _, a := range args {
		parts = append(parts, export.ShellQuote(a))
	}
	if t.Region != "" {
		parts = append(parts, "--region", export.ShellQuote(t.Region))
	}
	if t.Profile != "" {
		parts = append(parts, "--profile", export.ShellQuote(t.Profile))
	}
	if t.Endpoint != "" {
		parts = append(parts, "--endpoint", export.ShellQuote(t.Endpoint))
	}
	if t.Sandbox {
		parts = append(parts, "--sandbox")
	}
	return strings.Join(parts, " ")
}

// SandboxNote is what a suggested command needs said with --sandbox: the
// sandbox it talked to is gone once the run ends.
func (t Target) SandboxNote() string {
	if !t.Sandbox {
		return ""
	}
	return "--sandbox started a sandbox inside this run, and it ended with the run: these commands find a fresh one. " +
		"To keep one across commands, run `ipsecwiz sandbox` and use --endpoint " + "127.0.0.1:8642 instead."
}

// AliyunCommand is an aliyun CLI call of action on t (for the steps only
// the aliyun CLI offers), with the flags that reach the same endpoint.
func (t Target) AliyunCommand(action string, params ...string) string {
	parts := []string{"aliyun", "vpc", action, "--RegionId", export.ShellQuote(t.Region)}
	for i := 0; i+1 < len(params); i += 2 {
		parts = append(parts, "--"+params[i], export.ShellQuote(params[i+1]))
	}
	if t.Profile != "" {
		parts = append(parts, "--profile", export.ShellQuote(t.Profile))
	}
	if t.Endpoint != "" {
		parts = append(parts, "--endpoint", export.ShellQuote(t.Endpoint))
		if isLoopbackEndpoint(t.Endpoint) {
			parts = append(parts, "--insecure")
		}
	}
	return strings.Join(parts, " ")
}

func isLoopbackEndpoint(endpoint string) bool {
	host, _, err := parseEndpoint(endpoint)
	if err != nil {
		return false
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	return isLoopbackHost(host)
}
