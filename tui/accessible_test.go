package tui

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
	"github.com/ipsecwiz/ipsecwiz/forms"
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
	if o.ExitCode != 0 || o.Report.Result == nil || o.Report.Final.Status != ipsec.StatusActive {
		t.Fatalf("outcome %+v\n%s", o, out.String())
	}
	for _, want := range []string{"Sending CreateIpsecServer on vpn-sandbox-ready", "gateway updating", "gateway active"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.Contains(out.String(), "Show the generated pre-shared key now?") {
		t.Errorf("the user was not asked whether to show the generated key:\n%s", out.String())
	}
	if strings.Contains(out.String(), o.Report.Spec.Psk.Reveal()) {
		t.Errorf("the generated key reached the screen without being asked for:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "will not be shown again") || !strings.Contains(out.String(), "ListIpsecServers") {
		t.Errorf("the output does not say where the key can be found:\n%s", out.String())
	}
	if strings.Contains(o.Summary, o.Report.Spec.Psk.Reveal()) {
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
	if o.ExitCode != client.ExitCredentials || !strings.Contains(out.String(), "--sandbox") {
		t.Fatalf("outcome %+v\n%s", o, out.String())
	}
}

// The generated key is printed only after a yes to the question; with
// --psk-file (Config.SavePsk) the key is saved first and a no names the file.
func TestAccessibleGeneratedPskAsked(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer string
		save   bool
	}{{"yes", "y", false}, {"no, saved", "n", true}, {"yes, saved", "yes", true}} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := startSandbox(t, sandbox.Config{})
			out := &syncBuffer{}
			pr, pw := io.Pipe()
			defer pw.Close()
			var saved ipsec.Secret
			cfg := Config{API: c, Accessible: true, Input: pr, Output: out, NoWait: true}
			if tc.save {
				cfg.PskFile = "/tmp/new.psk"
				cfg.SavePsk = func(k ipsec.Secret) error { saved = k; return nil }
			}
			const q = "Show the generated pre-shared key now?"
			// Every prompt's default (region, gateway, the two subnets,
			// profile, key, name, the two yes/no, the review), then the
			// answer to the question.
			go func() { _, _ = pw.Write([]byte(strings.Repeat("\n", 10) + tc.answer + "\n")) }()
			o, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			psk := o.Report.Spec.Psk.Reveal()
			if o.ExitCode != 0 || o.Report.Result == nil || psk == "" {
				t.Fatalf("outcome %+v\n%s", o, out.String())
			}
			shown := strings.Contains(out.String(), psk)
			if want := tc.answer != "n"; shown != want {
				t.Errorf("key shown %v, want %v:\n%s", shown, want, out.String())
			}
			if tc.save {
				if saved.Reveal() != psk {
					t.Errorf("the key was not saved")
				}
				if !shown && !strings.Contains(out.String(), "it is in /tmp/new.psk") {
					t.Errorf("a no does not name the key file:\n%s", out.String())
				}
				if i, j := strings.Index(out.String(), "saved to /tmp/new.psk"), strings.Index(out.String(), q); i < 0 || i > j {
					t.Errorf("the key is not saved before the question:\n%s", out.String())
				}
			}
		})
	}
}

// Accessible delete: the server said in words, a wrong id refused, the
// right one deletes; the steps as plain lines.
func TestAccessibleDelete(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	out := &syncBuffer{}
	o, err := Delete(context.Background(), Config{API: c, Accessible: true, Target: hzTarget(sb),
		Input: strings.NewReader("iss-wrong\n" + sandbox.ExistingServerID + "\n"), Output: out}, sandbox.ExistingServerID, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 0 || !o.Report.Settled {
		t.Fatalf("outcome %d %+v\n%s", o.ExitCode, o.Report, out.String())
	}
	for _, want := range []string{"2 client(s) online", "iss-wrong", "Sending DeleteIpsecServer"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if n := sb.RequestCount("DeleteIpsecServer"); n != 1 {
		t.Errorf("%d deletes", n)
	}
	if strings.Contains(out.String(), "\x1b[") {
		t.Errorf("escape sequences in accessible output")
	}
}

// Accessible update: the flags' change over the server, the review's
// default action sends it, only the pool changes.
func TestAccessibleUpdate(t *testing.T) {
	sb, c := startSandbox(t, sandbox.Config{})
	out := &syncBuffer{}
	prefill := func(srv ipsec.Server) (*forms.Answers, error) {
		spec := ipsec.SpecFromServer(srv)
		spec.ClientIpPool = "10.60.0.0/24"
		return forms.NewAnswers(spec), nil
	}
	o, err := Update(context.Background(), Config{API: c, Accessible: true, Target: hzTarget(sb),
		Input: strings.NewReader(strings.Repeat("\n", 20)), Output: out}, sandbox.ExistingServerID, prefill)
	if err != nil {
		t.Fatal(err)
	}
	if o.ExitCode != 0 || !o.Report.Settled || len(o.Report.Changes) != 1 {
		t.Fatalf("outcome %d %+v\n%s", o.ExitCode, o.Report, out.String())
	}
	if !strings.Contains(out.String(), "10.50.0.0/28") || !strings.Contains(out.String(), "10.60.0.0/24") {
		t.Errorf("the change was not said:\n%s", out.String())
	}
	if got := existingServer(t, sb).ClientIpPool; got != "10.60.0.0/24" {
		t.Errorf("pool %s", got)
	}
	if strings.Contains(out.String(), sandbox.ExistingServerPsk) {
		t.Errorf("the key was printed")
	}
}
