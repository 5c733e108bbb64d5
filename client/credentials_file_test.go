package client_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// A broken ~/.aliyun/config.json is named, with the profile and the field
// at fault, and never quoted: it holds every profile's access_key_secret.
// (The SDK's own reader quotes the whole file when one field of a
// RamRoleArn profile has an unexpected type.)
func TestCLIConfigErrorsQuoteNothing(t *testing.T) {
	const canary = "CANARY-secret-of-another-profile"
	other := `{"name": "prod", "mode": "AK", "access_key_id": "LTAIprod", "access_key_secret": "` + canary + `", "region_id": "cn-hangzhou"}`
	for _, tc := range []struct {
		name string
		file string
		want []string
	}{
		{"RamRoleArn with a string for a number", `{"current": "role", "profiles": [` + other + `,
			{"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIrole", "access_key_secret": "` + canary + `-2",
			 "ram_role_arn": "acs:ram::1:role/x", "ram_session_name": "s", "expired_seconds": "3600"}]}`,
			[]string{`profile "role"`, `"expired_seconds"`, "want a whole number, got a string"}},
		{"a bool field as a string", `{"current": "role", "profiles": [{"name": "role", "mode": "RamRoleArn", "enable_vpc": "yes",
			"access_key_secret": "` + canary + `"}, ` + other + `]}`,
			[]string{`profile "role"`, `"enable_vpc"`, "want true or false"}},
		{"a secret of the wrong type", `{"current": "prod", "profiles": [{"name": "prod", "mode": "AK", "access_key_id": "LTAI", "access_key_secret": 12345}, ` + other + `]}`,
			[]string{`profile "prod"`, `"access_key_secret"`, "want a string, got a number"}},
		{"not JSON near a secret", "{\"current\": \"prod\",\n \"profiles\": [\n" + `{"name": "prod", "access_key_secret": "` + canary + `" oops}]}`,
			[]string{"line 3: not valid JSON"}},
		{"profiles not a list", `{"current": "prod", "profiles": {"prod": "` + canary + `"}}`,
			[]string{`"profiles": want a list of profiles, got an object`}},
		{"a profile not an object", `{"profiles": ["` + canary + `"]}`, []string{"profile #1: want an object of fields, got a string"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := isolate(t)
			dir := filepath.Join(home, ".aliyun")
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "config.json")
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			srv := startSandbox(t, sandbox.Config{})
			c, err := client.New(context.Background(), client.Options{Endpoint: srv.Addr()})
			if err == nil {
				// The old way: the file is only read by the SDK, at the first call.
				defer c.Close()
				_, err = c.DescribeRegions(testContext(t))
			}
			if err == nil {
				t.Fatal("a broken config.json was used without complaint")
			}
			if client.ExitCode(err) != client.ExitCredentials {
				t.Errorf("exit %d, want 4: %v", client.ExitCode(err), err)
			}
			for where, text := range shownTexts(err) {
				if strings.Contains(text, canary) || strings.Contains(text, "LTAIprod") {
					t.Errorf("%s quotes the file:\n%s", where, text)
				}
			}
			for _, want := range append([]string{path}, tc.want...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the error does not say %q:\n%v", want, err)
				}
			}
		})
	}
}
