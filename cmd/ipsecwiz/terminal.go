package main

import (
	"os"

	"github.com/mattn/go-isatty"
)

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

func stdinIsTerminal() bool  { return isTerminal(os.Stdin) }
func stderrIsTerminal() bool { return isTerminal(os.Stderr) }
