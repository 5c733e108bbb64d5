package tui

import (
	"github.com/ipsecwiz/ipsecwiz/client"
)

// exitCanceled is the exit code of a run the user stopped.
const exitCanceled = client.ExitCanceled

// isCredentialsErr: credentials missing or refused.
func isCredentialsErr(err error) bool { return client.ExitCode(err) == client.ExitCredentials }

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
