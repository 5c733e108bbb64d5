// Package tui is the ipsecwiz terminal program. A small root keeps the size,
// styles and keys and routes messages to the active flow; each flow (create
// a server, follow a gateway) owns its data and its screens (loading,
// wizard, checking, submitting, tracking, result, failure), one model per
// screen with its key map and SetSize. Every call goes through the
// operation layer of the client package (Prepare, Submit, WatchGateway) in
// a tea.Cmd that returns a typed message, so Update never blocks; how a
// flow ended is a client.Report, whose Summary every front end prints the
// same way. The package also has the plain line mode for screen readers,
// driven by the same forms pages and the same operations. Signals reach the
// program from its host, never through bubbletea's own handler, so there
// is one owner of them.
package tui
