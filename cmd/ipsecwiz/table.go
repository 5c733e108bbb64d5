package main

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// tableColumn is one column of a table fitted to the terminal.
type tableColumn struct {
	Header string
	Cells  []string // plain text (visibleText), one per row
	// Style styles row i's cell (nil: plain).
	Style func(i int) lipgloss.Style
	// Shrink is the narrowest the column may be cut to ("…" ends a cut
	// cell) before columns are dropped; 0 never cuts it.
	Shrink int
	// Drop orders the columns given up when even cut ones do not fit: 1
	// first; 0 never (ids, what the table is for).
	Drop int
	// Early columns are dropped before any column is cut: what matters
	// least goes before a name loses its end.
	Early bool
	Right bool // right-aligned (numbers)
}

// tableGap separates columns.
const tableGap = 2

// renderTable lays cols out within width columns: every column at its
// natural width when they fit; else the shrinkable ones cut down toward
// their Shrink width (after the Early columns are dropped); else columns
// dropped in Drop order (each drop lets the others grow back). A line is never wider than width, so a table never
// wraps. It returns the table (a header row and one line per row, each
// ending in a newline) and the headers of the columns it left out.
func renderTable(cols []tableColumn, width int, header lipgloss.Style) (string, []string) {
	visible := append([]tableColumn(nil), cols...)
	var hidden []string
	var widths []int
	for {
		widths = naturalWidths(visible)
		excess := tableSum(widths) + tableGap*(len(visible)-1) - width
		if excess <= 0 {
			break
		}
		if i := nextDrop(visible, true); i >= 0 {
			hidden = append(hidden, visible[i].Header)
			visible = append(visible[:i:i], visible[i+1:]...)
			continue
		}
		for i := range visible {
			if excess <= 0 {
				break
			}
			if c := visible[i]; c.Shrink > 0 && widths[i] > c.Shrink {
				cut := min(excess, widths[i]-c.Shrink)
				widths[i] -= cut
				excess -= cut
			}
		}
		if excess <= 0 {
			break
		}
		next := nextDrop(visible, false)
		if next < 0 {
			break // only what is never dropped is left: cut the lines below
		}
		hidden = append(hidden, visible[next].Header)
		visible = append(visible[:next:next], visible[next+1:]...)
	}

	var b strings.Builder
	rows := 0
	if len(visible) > 0 {
		rows = len(visible[0].Cells)
	}
	line := func(cell func(c tableColumn, i int) (string, lipgloss.Style, bool)) {
		var l strings.Builder
		for i, c := range visible {
			text, style, styled := cell(c, i)
			text = ansi.Truncate(text, widths[i], "…")
			pad := strings.Repeat(" ", max(widths[i]-ansi.StringWidth(text), 0))
			if styled {
				text = style.Render(text)
			}
			if i > 0 {
				l.WriteString(strings.Repeat(" ", tableGap))
			}
			if c.Right {
				l.WriteString(pad + text)
			} else {
				l.WriteString(text + pad)
			}
		}
		out := strings.TrimRight(l.String(), " ")
		if ansi.StringWidth(out) > width {
			out = ansi.Truncate(out, width, "")
		}
		b.WriteString(out + "\n")
	}
	line(func(c tableColumn, _ int) (string, lipgloss.Style, bool) { return c.Header, header, true })
	for r := range rows {
		line(func(c tableColumn, _ int) (string, lipgloss.Style, bool) {
			if c.Style == nil {
				return c.Cells[r], lipgloss.Style{}, false
			}
			return c.Cells[r], c.Style(r), true
		})
	}
	return b.String(), hidden
}

// nextDrop is the column to drop next (an Early one when early), -1 for
// none.
func nextDrop(cols []tableColumn, early bool) int {
	next := -1
	for i, c := range cols {
		if c.Drop > 0 && (!early || c.Early) && (next < 0 || c.Drop < cols[next].Drop) {
			next = i
		}
	}
	return next
}

func naturalWidths(cols []tableColumn) []int {
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = ansi.StringWidth(c.Header)
		for _, cell := range c.Cells {
			out[i] = max(out[i], ansi.StringWidth(cell))
		}
	}
	return out
}

func tableSum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
