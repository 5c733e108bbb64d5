// Command benchrun measures ipsecwiz's speed and resource use and prints a
// table of min / median / max over repeated runs beside the targets the
// project set itself. bench/run builds the binary and runs this; see
// bench/README.md for what each figure means.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"
)

// options are benchrun's flags.
type options struct {
	bin       string
	runs      int
	quick     bool
	long      bool
	benchtime string
	duration  time.Duration // of each throughput run
	only      string        // comma list of phases to run; "" = all
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bench/out/ipsecwiz", "the ipsecwiz binary to measure")
	flag.IntVar(&o.runs, "runs", 5, "repetitions of each measurement")
	flag.BoolVar(&o.quick, "quick", false, "a fast pass: 3 runs, short benchmarks and throughput runs")
	flag.BoolVar(&o.long, "long", false, "include the 120 s tracking wait")
	flag.StringVar(&o.benchtime, "benchtime", "", "go test -benchtime for the keystroke benchmarks (default 200ms, 50ms with -quick)")
	flag.DurationVar(&o.duration, "duration", 0, "length of each throughput run (default 2s, 500ms with -quick)")
	flag.StringVar(&o.only, "only", "", "run only these phases (comma list of: frame, key, memory, tracking, throughput, size)")
	flag.Parse()
	if o.quick {
		if !flagSet("runs") {
			o.runs = 3
		}
		o.benchtime = orString(o.benchtime, "50ms")
		if o.duration == 0 {
			o.duration = 500 * time.Millisecond
		}
	}
	o.benchtime = orString(o.benchtime, "200ms")
	if o.duration == 0 {
		o.duration = 2 * time.Second
	}
	if o.runs < 1 {
		fmt.Fprintln(os.Stderr, "benchrun: -runs must be at least 1")
		os.Exit(2)
	}
	if _, err := os.Stat(o.bin); err != nil {
		fmt.Fprintf(os.Stderr, "benchrun: %v (bench/run builds it)\n", err)
		os.Exit(2)
	}
	abs, err := filepath.Abs(o.bin)
	if err == nil {
		o.bin = abs
	}
	// The V1 SDK fills a global endpoint map lazily; its first use races
	// when clients are made concurrently.
	vpc.GetEndpointMap()

	logf("ipsecwiz benchmarks: %s, %d runs each, %s/%s, %d CPUs", o.bin, o.runs, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	var rows []row
	phases := []struct {
		name string
		run  func(options) []row
	}{
		{"frame", firstFrameRows},
		{"key", keystrokeRows},
		{"memory", memoryRows},
		{"tracking", trackingRows},
		{"throughput", throughputRows},
		{"size", sizeRows},
	}
	for _, p := range phases {
		if o.only != "" && !contains(strings.Split(o.only, ","), p.name) {
			continue
		}
		start := time.Now()
		logf("measuring %s...", p.name)
		rows = append(rows, p.run(o)...)
		logf("  %s done in %s", p.name, time.Since(start).Round(100*time.Millisecond))
	}
	misses := printTable(os.Stdout, rows)
	if misses > 0 {
		fmt.Printf("\n%d figure(s) miss their target (MISS). Benchmarks are informative: this is not a CI gate.\n", misses)
	}
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func orString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.TrimSpace(v) == s {
			return true
		}
	}
	return false
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// A target a figure is judged by: which statistic, compared how, with what.
type target struct {
	stat  string // "min", "median" or "max"
	less  bool   // true: the figure must be below limit; false: at least limit
	limit float64
}

// row is one line of the table.
type row struct {
	name   string
	unit   string
	values []float64
	target *target
	// targetText is how the target reads in the table, e.g. "median < 50 ms".
	targetText string
	note       string // instead of figures: "skipped (use -long)", an error
}

type stats struct{ min, median, max float64 }

func summarize(v []float64) stats {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return stats{s[0], med, s[n-1]}
}

// verdict is "ok", "MISS" or "" (no target, or nothing measured).
func (r row) verdict() string {
	if r.target == nil || len(r.values) == 0 {
		return ""
	}
	st := summarize(r.values)
	v := st.median
	switch r.target.stat {
	case "max":
		v = st.max
	case "min":
		v = st.min
	}
	if r.target.less == (v < r.target.limit) {
		return "ok"
	}
	return "MISS"
}

func printTable(w io.Writer, rows []row) (misses int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tmin\tmedian\tmax\ttarget\tok/MISS")
	fmt.Fprintln(tw, "------\t---\t------\t---\t------\t-------")
	for _, r := range rows {
		tt := r.targetText
		if tt == "" {
			tt = "—"
		}
		if len(r.values) == 0 {
			note := r.note
			if note == "" {
				note = "not measured"
			}
			fmt.Fprintf(tw, "%s\t—\t—\t—\t%s\t%s\n", r.name, tt, note)
			continue
		}
		st := summarize(r.values)
		v := r.verdict()
		if v == "MISS" {
			misses++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.name, format(st.min, r.unit), format(st.median, r.unit),
			format(st.max, r.unit), tt, v)
	}
	_ = tw.Flush()
	return misses
}

// format prints a figure with its unit and a sensible precision.
func format(v float64, unit string) string {
	switch {
	case v == 0:
		return "0 " + unit
	case v >= 1000:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 100:
		return fmt.Sprintf("%.1f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.2f %s", v, unit)
	default:
		return fmt.Sprintf("%.3f %s", v, unit)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func errRow(name, targetText string, err error) row {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		logf("%s failed: %s", name, msg)
		msg = msg[:i]
	}
	return row{name: name, targetText: targetText, note: "error: " + msg}
}
