// Command ipsecwiz creates an Alibaba Cloud IPsec server (client-to-site
// IPsec VPN) on an existing VPN gateway: a guided terminal wizard that is
// just as usable from scripts. This package only parses the command line and
// wires the client, the sandbox and the TUI together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Set by the linker in release builds (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	scrubSDKDebug()
	os.Exit(run(os.Args[1:]))
}

// scrubSDKDebug restarts the process without "sdk" in DEBUG. The SDK reads
// DEBUG=sdk when its packages initialise, before main, and then prints every
// request URL, which for a create holds the pre-shared key: secrets must not
// reach the terminal or logs, so that switch is not honoured.
func scrubSDKDebug() {
	val, ok := os.LookupEnv("DEBUG")
	if !ok || !strings.Contains(val, "sdk") {
		return
	}
	var keep []string
	for _, part := range strings.Split(val, ",") {
		if strings.TrimSpace(part) != "sdk" {
			keep = append(keep, part)
		}
	}
	env := make([]string, 0, len(os.Environ()))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DEBUG=") {
			env = append(env, kv)
		}
	}
	if len(keep) > 0 {
		env = append(env, "DEBUG="+strings.Join(keep, ","))
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ipsecwiz: DEBUG=sdk would print secrets; unset it and run again")
		os.Exit(exitUsage)
	}
	err = syscall.Exec(exe, os.Args, env)
	fmt.Fprintln(os.Stderr, "ipsecwiz: DEBUG=sdk would print secrets; unset it and run again:", err)
	os.Exit(exitUsage)
}

func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root := newRootCommand()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.err != nil && !ex.printed {
			fmt.Fprintln(os.Stderr, "ipsecwiz:", ex.err)
			if jsonOutput(root) {
				writeJSONError(os.Stdout, ex.code, ex.err)
			}
		}
		return ex.code
	}
	// Errors cobra raises itself are usage errors: wrong flags or arguments.
	fmt.Fprintln(os.Stderr, "ipsecwiz:", err)
	code := client.ExitCode(err)
	if code == 1 {
		code = exitUsage
	}
	if jsonOutput(root) {
		writeJSONError(os.Stdout, code, err)
	}
	return code
}

// jsonOutput reports whether --output json was given (as far as the command
// line was parsed before the error).
func jsonOutput(root *cobra.Command) bool {
	f := root.PersistentFlags().Lookup("output")
	return f != nil && f.Value.String() == "json"
}

// writeJSONError is --output json's one object for an error no command
// printed itself: usage errors, which the contract also owes a JSON answer.
func writeJSONError(w io.Writer, code int, err error) {
	s := client.ErrorSummary(ipsec.ServerSpec{}, err)
	if code == exitUsage {
		s.Error.Code = client.CodeInvalidInput
		s.Error.Explanation = "A value is missing or not valid; nothing was sent."
		s.Error.Remedy = "Correct the flags or the answers file as the message says, then run again (see ipsecwiz create --help)."
	}
	_, _ = w.Write(s.JSON())
}

// Exit codes of DESIGN.md's command-line contract: client's, the one table
// client.ExitCode maps errors to.
const (
	exitOK        = client.ExitOK
	exitFailed    = client.ExitFailure
	exitUsage     = client.ExitUsage
	exitCancelled = client.ExitCanceled
)

// exitError carries the process exit code up through cobra.
type exitError struct {
	code    int
	err     error
	printed bool // already shown to the user (as JSON or by the TUI)
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}
