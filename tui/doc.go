// Package tui is the ipsecwiz terminal program. It owns the Bubble Tea root
// state machine (loading, wizard, checking, submitting, tracking, result,
// failure, quitting) with one model per screen, the shared layout Context,
// every lipgloss style and key map of those screens, the plain line mode for
// screen readers, the stand-alone gateway follower behind `ipsecwiz status`
// (Follow), and the plain-text or JSON summary that Run hands back to cmd for
// stdout. All I/O goes through the small API interface (satisfied by
// *client.Client) inside tea.Cmds that return typed messages, so Update never
// blocks; the forms package supplies the wizard pages.
package tui
