// Command compare times policysite against Hugo on the benchmark corpus
// and prints a Markdown report ready for docs/benchmarks.md.
//
//	go run ./bench/cmd/compare -bin bin/policysite -sizes "S M L" -out bench/results.md
//
// For each size it generates the corpus and its Hugo site once, cached
// under -corpus (regenerated when the generator's Version changes), then
// builds it with policysite and with Hugo alternately: a warm-up each,
// then -runs timed runs each, every run into a fresh destination. It
// measures whole-process wall time and peak RSS (the child's
// getrusage ru_maxrss), and reports medians. Then it times policysite's
// no-op rebuild — a second build into the same destination with nothing
// changed — against the time it takes to read the sources.
//
// With -floor (the default) it also times bench/cmd/floor, a bare
// goldmark program, over the same Markdown, with and without minifying:
// the least any generator rendering it can take.
//
// Last it times cold builds of the example site (-example, the repository's
// own content) into fresh destinations.
//
// With -prepare it only generates the corpora.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/policysite/policysite/bench"
)

type config struct {
	bin, hugo, corpus, tmp, out string
	floor                       string // the floor program's binary, when timed
	example                     string
	loadStart                   string
	sizes                       []bench.Size
	runs                        int
	prepare                     bool
	withFloor                   bool
}

func main() {
	var c config
	sizes := flag.String("sizes", "S M L", "corpus `sizes` to run, separated by spaces or commas")
	flag.StringVar(&c.bin, "bin", "bin/policysite", "the policysite `binary` to time")
	flag.StringVar(&c.hugo, "hugo", "hugo", "the Hugo `binary` to compare with; empty to skip Hugo")
	flag.StringVar(&c.corpus, "corpus", bench.CacheDir, "`folder` caching the generated corpora")
	flag.StringVar(&c.tmp, "tmp", "", "`folder` for build output (default: the system's temporary folder)")
	flag.StringVar(&c.out, "out", "", "also write the report to this `file`")
	flag.IntVar(&c.runs, "runs", 5, "timed runs per generator and size")
	flag.BoolVar(&c.prepare, "prepare", false, "only generate the corpora")
	flag.BoolVar(&c.withFloor, "floor", true, "also time the bare goldmark program bench/cmd/floor over the same Markdown")
	flag.StringVar(&c.example, "example", ".", "the example site `folder` whose cold build is timed too; empty to skip")
	flag.Parse()
	for _, name := range strings.FieldsFunc(*sizes, func(r rune) bool { return r == ' ' || r == ',' }) {
		s, ok := bench.SizeNamed(name)
		if !ok {
			fail(fmt.Errorf("unknown size %q (expected S, M or L)", name))
		}
		c.sizes = append(c.sizes, s)
	}
	if len(c.sizes) == 0 || c.runs < 1 {
		fail(errors.New("nothing to run (expected -sizes S,M,L and -runs ≥ 1)"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(1)
}

// sample is one timed process.
type sample struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	maxRSS int64         // KiB
}

// result is what was measured for one size.
type result struct {
	size     bench.Size
	manifest bench.Manifest
	ps, hugo []sample
	floor    []sample // bare goldmark
	floorMin []sample // bare goldmark, minified
	noop     []sample
	read     []time.Duration
	output   map[string]output // by tool, from the warm-up
}

// output is what a tool wrote.
type output struct {
	files, html int
	bytes       int64
}

func run(ctx context.Context, c config) error {
	if c.hugo != "" {
		p, err := exec.LookPath(c.hugo)
		if err != nil {
			return fmt.Errorf("%s not found (Debian: apt-get install hugo; or -hugo= to time policysite alone)", c.hugo)
		}
		c.hugo = p
	}
	var results []*result
	for _, s := range c.sizes {
		m, err := ensureCorpus(c, s)
		if err != nil {
			return err
		}
		results = append(results, &result{size: s, manifest: m})
	}
	if c.prepare {
		return nil
	}
	bin, err := filepath.Abs(c.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("no policysite binary (expected make %s first): %w", c.bin, err)
	}
	c.bin = bin
	c.loadStart = loadAverage()
	tmp, err := os.MkdirTemp(c.tmp, "policysite-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if c.withFloor {
		c.floor = filepath.Join(tmp, "floor")
		build := exec.CommandContext(ctx, "go", "build", "-o", c.floor, "./bench/cmd/floor")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building bench/cmd/floor: %w\n%s", err, out)
		}
	}
	for _, r := range results {
		if err := measure(ctx, c, tmp, r); err != nil {
			return err
		}
	}
	var example []sample
	if c.example != "" {
		if example, err = measureExample(ctx, c, tmp); err != nil {
			return err
		}
	}
	var report bytes.Buffer
	writeReport(&report, c, results, example)
	os.Stdout.Write(report.Bytes())
	if c.out != "" {
		return os.WriteFile(c.out, report.Bytes(), 0o644)
	}
	return nil
}

// ensureCorpus returns the manifest of size s's cached corpus, generating
// the corpus and its Hugo site when they are missing or stale.
func ensureCorpus(c config, s bench.Size) (bench.Manifest, error) {
	_, _, m, err := bench.Cached(c.corpus, s, logf)
	return m, err
}

func measure(ctx context.Context, c config, tmp string, r *result) error {
	s := r.size
	site := filepath.Join(c.corpus, s.Name)
	hugoSite := site + "-hugo"
	n := 0
	var outputs []string
	fresh := func(tool string) string {
		n++
		dest := filepath.Join(tmp, fmt.Sprintf("%s-%s-%d", s.Name, tool, n))
		outputs = append(outputs, dest)
		return dest
	}
	// Every output is kept until this size is done: see settle.
	defer func() { removeAll(outputs) }()
	ps := func(dest string) (sample, error) {
		return timeProcess(ctx, c.bin, "build", "-s", site, "-d", dest, "--now", bench.BenchDate, "-q")
	}
	hugo := func(dest string) (sample, error) {
		// Hugo's resource cache would otherwise land in the corpus.
		return timeProcess(ctx, c.hugo, "--quiet", "-s", hugoSite, "-d", dest, "--cacheDir", filepath.Join(tmp, "hugo-cache"))
	}
	type tool struct {
		name string
		run  func(string) (sample, error)
		out  *[]sample
	}
	tools := []tool{{"policysite", ps, &r.ps}}
	if c.hugo != "" {
		tools = append(tools, tool{"Hugo", hugo, &r.hugo})
	}
	if c.floor != "" {
		floor := func(minify bool) func(string) (sample, error) {
			return func(dest string) (sample, error) {
				return timeProcess(ctx, c.floor, "-s", site, "-d", dest, fmt.Sprintf("-minify=%t", minify))
			}
		}
		tools = append(tools, tool{"goldmark", floor(false), &r.floor}, tool{"goldmark + minify", floor(true), &r.floorMin})
	}

	// Warm-up, and the output counts.
	for _, t := range tools {
		dest := fresh(t.name)
		logf("%s: warm-up %s", s.Name, t.name)
		if _, err := t.run(dest); err != nil {
			return err
		}
		out, err := count(dest)
		if err != nil {
			return err
		}
		if r.output == nil {
			r.output = map[string]output{}
		}
		r.output[t.name] = out
		settle()
	}
	// Timed runs, rotating which tool goes first.
	for i := range c.runs {
		k := i % len(tools)
		order := append(slices.Clone(tools[k:]), tools[:k]...)
		for _, t := range order {
			dest := fresh(t.name)
			smp, err := t.run(dest)
			if err != nil {
				return err
			}
			logf("%s: %s run %d/%d: %s, %s", s.Name, t.name, i+1, c.runs, seconds(smp.wall), mib(smp.maxRSS<<10))
			*t.out = append(*t.out, smp)
			settle()
		}
	}
	// No-op rebuilds into one destination, and reading the sources.
	dest := fresh("noop")
	if _, err := ps(dest); err != nil {
		return err
	}
	for i := range c.runs {
		d, err := readSources(site)
		if err != nil {
			return err
		}
		r.read = append(r.read, d)
		smp, err := ps(dest)
		if err != nil {
			return err
		}
		logf("%s: policysite no-op rebuild %d/%d: %s (reading the sources: %s)", s.Name, i+1, c.runs, seconds(smp.wall), seconds(d))
		r.noop = append(r.noop, smp)
	}
	return nil
}

// exampleRuns is how many cold builds of the example site are timed for
// each run of the corpora: one takes a tenth of a second, and single runs
// of something that short vary a lot on a shared machine.
const exampleRuns = 3

// measureExample times cold builds of the example site, each into a fresh
// destination, after a warm-up.
func measureExample(ctx context.Context, c config, tmp string) ([]sample, error) {
	var out []sample
	var outputs []string
	defer func() { removeAll(outputs) }()
	for i := range exampleRuns*c.runs + 1 {
		dest := filepath.Join(tmp, fmt.Sprintf("example-%d", i))
		outputs = append(outputs, dest)
		smp, err := timeProcess(ctx, c.bin, "build", "-s", c.example, "-d", dest, "--now", bench.BenchDate, "-q")
		if err != nil {
			return nil, err
		}
		settle()
		if i > 0 { // the first is the warm-up
			out = append(out, smp)
		}
	}
	logf("example: cold build median %s over %d runs", seconds(medianWall(out)), len(out))
	return out, nil
}

// timeProcess runs a command and measures its wall time, CPU time and
// peak resident set size.
func timeProcess(ctx context.Context, name string, args ...string) (sample, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, lastLines(out.String(), 20))
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no rusage on this system")
	}
	return sample{
		wall:   wall,
		cpu:    cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		maxRSS: ru.Maxrss, // KiB on Linux
	}, nil
}

// readSources reads every file of the corpus once, as a floor for a no-op
// rebuild.
func readSources(dir string) (time.Duration, error) {
	start := time.Now()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(io.Discard, f)
		return err
	})
	return time.Since(start), err
}

// count returns the files, HTML files and bytes under dir.
func count(dir string) (out output, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out.files++
		out.bytes += info.Size()
		if strings.HasSuffix(p, ".html") {
			out.html++
		}
		return nil
	})
	return out, err
}

// settle flushes the file system after a run, so that write-back of one
// run does not slow the next. The run's output is left in place: on ext4
// without a journal (this benchmark's machine), creating an inode skips
// every inode of its group deleted in the last 30 seconds, one by one, so
// a build just after the previous one's output was removed paid for the
// removal too: perf put 6–18 % of a cold M build's samples there, and its
// system time varied from 1.5 to 4 s. Outputs are removed once a size is
// done (L's take about 8 GB).
func settle() { syscall.Sync() }

// removeAll removes the outputs of the runs of one size.
func removeAll(dirs []string) {
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	syscall.Sync()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
