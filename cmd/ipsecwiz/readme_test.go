package main

import (
	"os"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// The README promises a way to trigger every error the sandbox can return.
func TestReadmeListsEverySandboxError(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sandbox.ErrorCatalogue() {
		if !strings.Contains(string(readme), "`"+e.Code+"`") {
			t.Errorf("README.md does not say how to trigger %s (HTTP %d): %s", e.Code, e.HTTPStatus, e.Trigger)
		}
	}
}

// The README's two set-up commands are the contract with a fresh machine.
func TestReadmeSetupCommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"go run ./cmd/ipsecwiz --sandbox", "go test ./..."} {
		if !strings.Contains(string(readme), cmd) {
			t.Errorf("README.md lost the set-up command %q", cmd)
		}
	}
}
