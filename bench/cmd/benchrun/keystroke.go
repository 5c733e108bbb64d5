package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// keyPackages hold the per-screen keystroke benchmarks (Update plus View for
// one key), named Benchmark...Key...
var keyPackages = []string{"./tui/", "./forms/"}

// benchLine matches "BenchmarkWizardKey-8   	   12345	     81234 ns/op ...".
var benchLine = regexp.MustCompile(`^(Benchmark\S*?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op`)

// keystrokeRows runs the Key benchmarks -count runs times and reports each
// one's ns/op as µs.
func keystrokeRows(o options) []row {
	const tt = "median < 1000 µs"
	// -p 1: one package's benchmarks at a time; two test binaries at once
	// on a two-core machine measure each other.
	args := append([]string{"test", "-p", "1", "-run", "^$", "-bench", "Key", "-benchtime", o.benchtime,
		"-count", strconv.Itoa(o.runs)}, keyPackages...)
	cmd := exec.Command("go", args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	results := map[string][]float64{}
	pkg := ""
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndexByte(p, '/')+1:]
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ns, perr := strconv.ParseFloat(m[2], 64)
		if perr != nil {
			continue
		}
		name := pkg + "." + m[1]
		results[name] = append(results[name], ns/1000)
	}
	if err != nil && len(results) == 0 {
		msg := strings.TrimSpace(errOut.String() + "\n" + out.String())
		return []row{errRow("keystroke", tt, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, msg))}
	}
	if len(results) == 0 {
		return []row{{name: "keystroke (Update+View)", targetText: tt,
			note: "no Benchmark*Key* in " + strings.Join(keyPackages, " ")}}
	}
	names := make([]string, 0, len(results))
	for n := range results {
		names = append(names, n)
	}
	sort.Strings(names)
	var rows []row
	for _, n := range names {
		rows = append(rows, row{name: "keystroke " + n, unit: "µs", values: results[n], targetText: tt,
			target: &target{stat: "median", less: true, limit: 1000}})
	}
	if err != nil {
		logf("keystroke benchmarks: go test failed for some package: %v\n%s", err, errOut.String())
	}
	return rows
}
