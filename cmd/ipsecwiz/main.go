// Command ipsecwiz creates and looks after Alibaba Cloud IPsec servers
// (client-to-site IPsec VPN) on existing VPN gateways: a guided terminal
// wizard that is just as usable from scripts. This package only parses the
// command line and wires the client, the sandbox and the TUI together; each
// command takes its streams, environment and signals from a Factory, so it
// runs in a test as it runs in the process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// Set by the linker in release builds (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	guardStdStreams()
	scrubSDKDebug()
	os.Exit(run(os.Args[1:], systemFactory()))
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
		os.Exit(client.ExitUsage)
	}
	err = syscall.Exec(exe, os.Args, env)
	fmt.Fprintln(os.Stderr, "ipsecwiz: DEBUG=sdk would print secrets; unset it and run again:", err)
	os.Exit(client.ExitUsage)
}

// run executes one command line and returns the exit code.
func run(args []string, f *Factory) int {
	root, g := newRootCommand(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return client.ExitOK
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.err != nil && !ex.printed {
			fmt.Fprintln(f.IO.ErrOut, "ipsecwiz:", termsafe.Lines(ex.err.Error()))
			if g.output == "json" {
				writeJSONError(f.IO.Out, ex.code, ex.err)
			}
		}
		return ex.code
	}
	// Errors cobra raises itself are usage errors: wrong flags or arguments.
	fmt.Fprintln(f.IO.ErrOut, "ipsecwiz:", termsafe.Lines(err.Error()))
	code := client.ExitCode(err)
	if code == client.ExitFailure {
		code = client.ExitUsage
	}
	if g.output == "json" || jsonRequested(args) {
		writeJSONError(f.IO.Out, code, err)
	}
	return code
}

// jsonRequested reads --output json from args when parsing stopped before it.
func jsonRequested(args []string) bool {
	for i, a := range args {
		if a == "--output=json" || (a == "--output" && i+1 < len(args) && args[i+1] == "json") {
			return true
		}
	}
	return false
}

// writeJSONError is --output json's one object for an error no command
// printed itself: usage errors, which the contract also owes a JSON answer.
func writeJSONError(w io.Writer, code int, err error) {
	s := client.ErrorSummary(err)
	if code == client.ExitUsage {
		s.Error.Code = client.CodeInvalidInput
		s.Error.Explanation = "A value is missing or not valid; nothing was sent."
		s.Error.Remedy = "Correct the flags or the answers file as the message says, then run again (see ipsecwiz create --help)."
	}
	_, _ = w.Write(s.JSON())
}

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
	return &exitError{code: client.ExitUsage, err: fmt.Errorf(format, args...)}
}
