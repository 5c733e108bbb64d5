package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// Accessible mode: plain prompts answered with their defaults (empty lines)
// take a newcomer to an active server, with plain progress lines.
func TestAccessibleToActive(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	out := &syncBuffer{}
	o, err := Run(context.Background(), Config{API: c, Accessible: true, Input: strings.NewReader(strings.Repeat("\n", 40)), Output: out})
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 0 || o.Result == nil || o.Final.Status != client.StatusActive {
		t.Fatalf("outcome %+v\n%s", o, out.String())
	}
	for _, want := range []string{"Sending CreateIpsecServer on vpn-sandbox-ready", "gateway updating", "gateway active"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(out.String(), "shown this once") || !strings.Contains(out.String(), o.Spec.Psk.Reveal()) {
		t.Errorf("the generated key was not shown once")
	}
	if strings.Contains(o.Summary, o.Spec.Psk.Reveal()) {
		t.Errorf("the key reached the stdout summary")
	}
	if strings.Contains(out.String(), "\x1b[") {
		t.Errorf("escape sequences in accessible output")
	}
	if n := sb.RequestCount("CreateIpsecServer"); n != 1 {
		t.Errorf("creates %d", n)
	}
}

func TestAccessibleCredentials(t *testing.T) {
	out := &syncBuffer{}
	o, _ := Run(context.Background(), Config{NewAPIErr: &client.CredentialsError{}, Accessible: true,
		Input: strings.NewReader(""), Output: out})
	if o.ExitCode != ExitCredentials || !strings.Contains(out.String(), "--sandbox") {
		t.Fatalf("outcome %+v\n%s", o, out.String())
	}
}
