package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/forms"
)

// Config is what cmd gives Run.
type Config struct {
	API API
	// NewAPIErr is the error building the API failed with (such as a
	// *client.CredentialsError from client.New): the loading screen shows it
	// with the ways out instead of loading.
	NewAPIErr error
	// Answers pre-fill the wizard (from flags or an answers file); nil =
	// defaults. The wizard edits them in place.
	Answers *forms.Answers

	Input  io.Reader // nil = stdin
	Output io.Writer // where the UI draws; nil = stderr

	NoColor bool
	// Accessible runs plain line prompts (forms.RunAccessible) and plain
	// progress lines instead of the full-screen program: for screen readers.
	Accessible   bool
	WaitTimeout  time.Duration // 0 = the client's default
	NoWait       bool          // stop after the create, do not track the gateway
	Endpoint     string        // shown on screen and in the resume command
	OutputFormat string        // text|json: the form of Outcome's summary
	// SwanctlPath is where the result screen writes swanctl.conf; "" =
	// "<IpsecServerId>.swanctl.conf" in the working directory.
	SwanctlPath string

	Now func() time.Time // nil = time.Now

	newWizard  func(*Context, wizardInit) wizardModel // tests
	follow     bool                                   // Follow
	followSpec *client.ServerSpec                     // Follow: region and gateway
}

// Outcome is how the run ended. cmd prints Summary (or JSON with --output
// json) to stdout and exits with ExitCode.
type Outcome struct {
	Result   *client.CreateResult // the create's answer (a passed dry run included); nil when nothing was sent or it failed
	Spec     client.ServerSpec    // the request as last sent or answered
	Final    client.GatewayEvent  // the last gateway observation while tracking
	Err      error                // what ended the run, nil on success
	ExitCode int                  // 0 done, 1 API/network/timeout, 2 input, 4 credentials, 130 cancelled
	Summary  string               // plain text for stdout
	JSON     []byte               // one JSON object for --output json
}

// Run runs the wizard program until the user leaves. The terminal is
// restored on every path. The returned error is only for the program
// itself failing (the terminal could not be set up); everything the user
// should see is in Outcome.
func Run(ctx context.Context, cfg Config) (Outcome, error) {
	if cfg.Output == nil {
		cfg.Output = os.Stderr
	}
	if os.Getenv("NO_COLOR") != "" {
		cfg.NoColor = true
	}
	// Every style (ours, the forms', huh's) renders for the UI's output, not
	// stdout: stdout may be a pipe while stderr is the terminal.
	prev := lipgloss.DefaultRenderer()
	lipgloss.SetDefaultRenderer(newRenderer(cfg.Output, cfg.NoColor || cfg.Accessible))
	defer lipgloss.SetDefaultRenderer(prev)
	if cfg.Accessible {
		return runAccessible(ctx, cfg)
	}

	m := newRoot(ctx, cfg)
	opts := []tea.ProgramOption{tea.WithOutput(cfg.Output), tea.WithContext(ctx)}
	if cfg.Input != nil {
		opts = append(opts, tea.WithInput(cfg.Input))
	}
	p := tea.NewProgram(m, opts...)
	_, err := p.Run()
	m.stopWatch()
	m.cancelDetails()
	if m.state != stateQuitting {
		// Killed from outside (the context ended, or SIGINT without a raw
		// terminal): report a cancel with what was done so far.
		m.outcome = m.buildOutcome(ExitCancelled, context.Canceled)
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		return m.outcome, err
	}
	return m.outcome, nil
}

// newRenderer is a lipgloss renderer for w. Its colour profile and the
// terminal's background are settled here, before the program reads the
// terminal, so no query answer can land in the program's input.
func newRenderer(w io.Writer, noColor bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(w)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
		r.SetHasDarkBackground(true)
		return r
	}
	if r.ColorProfile() == termenv.Ascii {
		r.SetHasDarkBackground(true)
		return r
	}
	_ = r.HasDarkBackground()
	return r
}
