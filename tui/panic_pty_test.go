//go:build !race

// Not under the race detector: on its panic path bubbletea closes its input
// reader while its read loop is still in it (cancelreader), a race inside
// the library that -race reports; the restore this test checks is not
// affected by it.

package tui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// panicFlow is a flow with a bug: it panics on the first key (in Update) or
// in a command, as a screen with a nil map or an index out of range would.
type panicFlow struct{ inCmd bool }

func (f *panicFlow) Init() tea.Cmd { return nil }
func (f *panicFlow) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyMsg); ok {
		if f.inCmd {
			return func() tea.Msg { panic("a bug in a command") }
		}
		panic("a bug in Update")
	}
	return nil
}
func (f *panicFlow) View() string                      { return "panic flow: press a key" }
func (f *panicFlow) Bare() bool                        { return false }
func (f *panicFlow) Keys() help.KeyMap                 { return keysOf(DefaultKeyMap()) }
func (f *panicFlow) SetSize(w, h int) tea.Cmd          { return nil }
func (f *panicFlow) Screen() string                    { return "panic" }
func (f *panicFlow) Interrupt() tea.Cmd                { return nil }
func (f *panicFlow) Outcome() Outcome                  { return Outcome{} }
func (f *panicFlow) ended(code int, err error) Outcome { return Outcome{ExitCode: code, Err: err} }
func (f *panicFlow) stop()                             {}

// A panic in a screen (in Update or in a command) restores the terminal
// on the way out, in a real pseudo-terminal: cooked mode, the cursor shown
// again; and the program reports it failed, not that the user cancelled.
func TestPanicRestoresTheTerminal(t *testing.T) {
	for _, inCmd := range []bool{false, true} {
		name := map[bool]string{false: "update", true: "command"}[inCmd]
		t.Run(name, func(t *testing.T) {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer ptmx.Close()
			defer tty.Close()
			_ = pty.Setsize(ptmx, &pty.Winsize{Cols: 80, Rows: 24})
			var (
				mu  sync.Mutex
				out bytes.Buffer
			)
			go func() {
				buf := make([]byte, 4096)
				for {
					n, err := ptmx.Read(buf)
					mu.Lock()
					out.Write(buf[:n])
					mu.Unlock()
					if err != nil {
						return
					}
				}
			}()
			text := func() string {
				mu.Lock()
				defer mu.Unlock()
				return out.String()
			}
			cfg := Config{Input: tty, Output: tty, NoColor: true}.withDefaults()
			done := make(chan error, 1)
			go func() {
				_, err := runProgram(context.Background(), newContext(cfg), cfg, &panicFlow{inCmd: inCmd})
				done <- err
			}()
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(text(), "press a key") {
				if time.Now().After(deadline) {
					t.Fatalf("the program never drew:\n%q", text())
				}
				<-time.After(10 * time.Millisecond) // the next look at the output, within the deadline
			}
			if tio, err := termiosOf(tty); err != nil || tio.Lflag&unix.ECHO != 0 {
				t.Fatalf("the program did not put the terminal in raw mode (%v): the test proves nothing", err)
			}
			if _, err := io.WriteString(ptmx, "x"); err != nil {
				t.Fatal(err)
			}
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the program did not end after the panic")
			}
			if !errors.Is(err, tea.ErrProgramPanic) {
				t.Errorf("runProgram = %v, want the panic reported", err)
			}
			tio, err := termiosOf(tty)
			if err != nil {
				t.Fatal(err)
			}
			if tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ICANON == 0 {
				t.Errorf("the panic left the terminal raw (lflag %#x)", tio.Lflag)
			}
			deadline = time.Now().Add(5 * time.Second)
			for {
				raw := text()
				hide, show := strings.LastIndex(raw, "\x1b[?25l"), strings.LastIndex(raw, "\x1b[?25h")
				if hide < show {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the panic left the cursor hidden:\n%q", raw)
				}
				<-time.After(10 * time.Millisecond) // the restore's bytes may still be in the pty
			}
		})
	}
}

// termiosOf reads the terminal's mode through SyscallConn: Fd would switch
// the descriptor the program reads to blocking mode.
func termiosOf(f *os.File) (*unix.Termios, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var (
		tio  *unix.Termios
		ierr error
	)
	if err := rc.Control(func(fd uintptr) { tio, ierr = unix.IoctlGetTermios(int(fd), unix.TCGETS) }); err != nil {
		return nil, err
	}
	return tio, ierr
}
