package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// A SERVER_ID argument completes to the region's servers, each with its
// name and gateway; once given, nothing more; without credentials, nothing
// and no error.
func TestServerCompletion(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	id := createServerVia(t, sb, regionHZ, readyGW, readyVPC1)
	for _, tc := range []struct {
		name  string
		env   []string
		args  []string
		want  []string
		avoid []string
	}{
		{name: "show", env: sb.env(t.TempDir()), args: sb.args("__complete", "show", ""),
			want: []string{sandbox.ExistingServerID + "\texisting-hz on vpn-sandbox-hasserver", id + "\toffice on " + readyGW}},
		{name: "logs, by prefix", env: sb.env(t.TempDir()), args: sb.args("__complete", "logs", "iss-sandbox"),
			want: []string{sandbox.ExistingServerID + "\t"}, avoid: []string{id}},
		{name: "update", env: sb.env(t.TempDir()), args: sb.args("__complete", "update", ""),
			want: []string{sandbox.ExistingServerID + "\texisting-hz on vpn-sandbox-hasserver", id + "\t"}},
		{name: "delete", env: sb.env(t.TempDir()), args: sb.args("__complete", "delete", "iss-"),
			want: []string{sandbox.ExistingServerID + "\t", id + "\t"}},
		{name: "one argument only", env: sb.env(t.TempDir()), args: sb.args("__complete", "show", sandbox.ExistingServerID, ""),
			avoid: []string{"iss-"}},
		{name: "with --sandbox", env: cleanEnv(t.TempDir()), args: []string{"__complete", "--sandbox", "show", ""},
			want: []string{sandbox.ExistingServerID + "\t"}},
		{name: "no credentials", env: cleanEnv(t.TempDir()), args: []string{"__complete", "show", ""},
			avoid: []string{"iss-", "Error", "error"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, "", tc.env, tc.args...)
			expect(t, r, 0)
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			if last := lines[len(lines)-1]; last != ":4" {
				t.Errorf("directive %q, want :4 (no file completion)", last)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("completions lack %q:\n%s", w, r.stdout)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(strings.Join(lines[:len(lines)-1], "\n"), a) {
					t.Errorf("completions hold %q:\n%s", a, r.stdout)
				}
			}
		})
	}
}
