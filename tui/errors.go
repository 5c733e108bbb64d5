package tui

import (
	"github.com/ipsecwiz/ipsecwiz/client"
)

// Exit codes, as DESIGN.md fixes them (the same as client's).
const (
	ExitOK          = client.ExitOK
	ExitFailure     = client.ExitFailure
	ExitUsage       = client.ExitUsage
	ExitCredentials = client.ExitCredentials
	ExitCancelled   = client.ExitCanceled
)

// exitCodeFor maps an error to the process exit code: 4 credentials missing
// or refused, 130 cancelled, 2 invalid input, 1 anything else.
func exitCodeFor(err error) int { return client.ExitCode(err) }

// isCredentialsErr: credentials missing or refused.
func isCredentialsErr(err error) bool { return client.ExitCode(err) == ExitCredentials }

// explain is client.Explain with the error's text as a last resort.
func explain(err error) client.Explanation {
	ex := client.Explain(err)
	if ex.Summary == "" && err != nil {
		ex.Summary = err.Error()
	}
	if ex.Code == "" {
		ex.Code = "Unknown"
	}
	return ex
}
