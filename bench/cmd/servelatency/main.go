// Command servelatency measures the edit-to-reload latency of
// "policysite serve" on the benchmark corpus, with "hugo server" on the
// same Markdown as the yardstick (issue 5, item 8; issue 8, item 3).
//
//	go run ./bench/cmd/servelatency -bin bin/policysite -size M -edits 30 [-hugo=false] [-out file.md]
//
// The corpus and its Hugo site are generated once into the cache shared
// with bench/cmd/compare (bench/.corpus/<size>, see bench.Cached) and
// copied into a temporary folder, which is edited and removed at the end;
// the cache is never written to.
//
// policysite: "policysite serve -s <copy> --port <free> --now 2026-11-22"
// on 127.0.0.1; once GET / answers 200 the program subscribes to
// /_policysite/events, waits for the hello and for the stream to be quiet
// for a second, then makes -edits edits. Each edit rewrites one version
// file whole — as an editor's save — with one word of a paragraph changed
// (see editVersion; a different policy each time), and times from just
// before the write to the arrival of the next "reload" event. An "error"
// event, or no reload within 10 s, counts as a failure. Edits are 300 ms
// apart.
//
// Hugo: "hugo server -s <copy of the Hugo site> --port <free> --bind
// 127.0.0.1 --disableFastRender=false" (Hugo 0.111 renders to memory by
// default; it has no --renderToMemory flag), with the LiveReload
// WebSocket at /livereload, the LiveReload hello, and the same edits
// timed to Hugo's {"command":"reload"} message. Before each Hugo edit the
// page of the version about to be edited is fetched once, as a writer's
// browser would have it open: in fast-render mode Hugo re-renders only
// the pages browsers have visited, and the measurement should include
// re-rendering the page being edited.
//
// Both servers' own logged build times ("rebuilt … in 41ms", "Total in
// 212 ms") are collected too, which separates the build from the
// debounce and the notification.
//
// Every server runs in its own process group, killed at the end; every
// wait is bounded; only 127.0.0.1 is used.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/policysite/policysite/bench"
)

const (
	reloadTimeout = 10 * time.Second
	editGap       = 300 * time.Millisecond
	startTimeout  = 3 * time.Minute // the first build of L on a busy machine
)

type config struct {
	bin, out string
	size     bench.Size
	edits    int
	hugo     bool
}

func main() {
	var c config
	size := flag.String("size", "M", "corpus `size`: S, M or L")
	flag.StringVar(&c.bin, "bin", "bin/policysite", "the policysite `binary`")
	flag.IntVar(&c.edits, "edits", 30, "edits per server")
	flag.BoolVar(&c.hugo, "hugo", true, "also measure hugo server, if hugo is on PATH")
	flag.StringVar(&c.out, "out", "", "append the results table to this Markdown `file`")
	flag.Parse()
	s, ok := bench.SizeNamed(*size)
	if !ok {
		fail(fmt.Errorf("unknown size %q (expected S, M or L)", *size))
	}
	c.size = s
	if c.edits < 1 {
		fail(errors.New("-edits must be at least 1"))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, c)
	stop()
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "servelatency:", err)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "servelatency: "+format+"\n", args...)
}

func run(ctx context.Context, c config) error {
	bin, err := filepath.Abs(c.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("no policysite binary (expected make %s first): %w", c.bin, err)
	}
	hugo := ""
	if c.hugo {
		if hugo, err = exec.LookPath("hugo"); err != nil {
			logf("hugo is not on PATH: measuring policysite alone (Debian: apt-get install hugo)")
			hugo = ""
		}
	}
	corpus, hugoSite, m, err := bench.Cached(bench.CacheDir, c.size, logf)
	if err != nil {
		return err
	}
	names, versions, err := policies(filepath.Join(corpus, "content"))
	if err != nil {
		return err
	}
	targets := pickTargets(names, versions, c.edits)
	for i, t := range targets { // fail before starting anything
		data, err := os.ReadFile(filepath.Join(corpus, "content", t.rel()))
		if err == nil {
			_, err = editVersion(data, i)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", t.rel(), err)
		}
	}

	tmp, err := os.MkdirTemp("", "policysite-servelatency-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	loadStart := loadAverage()
	results := map[string]stats{}
	var order []string

	site := filepath.Join(tmp, "policysite")
	if err := bench.CopyTree(corpus, site); err != nil {
		return err
	}
	s, err := measurePolicysite(ctx, bin, site, tmp, targets)
	if err != nil {
		return fmt.Errorf("policysite: %w", err)
	}
	results["policysite"], order = s, append(order, "policysite")

	if hugo != "" {
		hsite := filepath.Join(tmp, "hugo")
		if err := bench.CopyTree(hugoSite, hsite); err != nil {
			return err
		}
		s, err := measureHugo(ctx, hugo, hsite, tmp, targets)
		if err != nil {
			return fmt.Errorf("hugo: %w", err)
		}
		results["hugo"], order = s, append(order, "hugo")
	}

	var header strings.Builder
	fmt.Fprintf(&header, "### Edit-to-reload latency — %s, size %s (%d policies × %d versions, %d pages)\n\n",
		time.Now().UTC().Format(time.DateOnly), c.size.Name, m.Policies, m.Versions, m.Pages)
	fmt.Fprintf(&header, "- Machine: %d CPUs; load average %s at the start, %s at the end (a shared machine: other work inflates the figures)\n",
		runtime.NumCPU(), loadStart, loadAverage())
	fmt.Fprintf(&header, "- policysite: `%s`", versionOf(bin, "version"))
	if hugo != "" {
		fmt.Fprintf(&header, "; Hugo: `%s`", versionOf(hugo, "version"))
	}
	fmt.Fprintf(&header, "\n- Command: `make bench-serve SIZE=%s` — %d edits per server, each a whole-file save of one version with one word changed, a different policy each time, %s apart; latency = from just before the write to the reload event (policysite: SSE `reload`; Hugo: LiveReload `reload`); failure = no reload within %s\n",
		c.size.Name, c.edits, editGap, reloadTimeout)
	fmt.Fprintf(&header, "- policysite: `policysite serve -s <copy> --port <free> --now %s`; Hugo: `hugo server -s <copy> --port <free> --bind 127.0.0.1 --disableFastRender=false` (in memory), the edited page fetched before each edit\n\n", bench.BenchDate)

	var table strings.Builder
	writeTable(&table, header.String(), order, results)
	fmt.Print(table.String())
	if c.out != "" {
		f, err := os.OpenFile(c.out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.WriteString(table.String()); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}

// policysite logs "rebuilt content/x.md in 41ms: 12 files changed".
var policysiteBuild = regexp.MustCompile(`^rebuilt .* in ([0-9.]+(?:ns|µs|us|ms|s|m|h)+): `)

// Hugo logs "Total in 212 ms" after each build.
var hugoBuild = regexp.MustCompile(`Total in ([0-9.]+) ms`)

func measurePolicysite(ctx context.Context, bin, site, tmp string, targets []target) (stats, error) {
	port, err := freePort()
	if err != nil {
		return stats{}, err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	logf("policysite: serving %d-page corpus copy at %s", countPages(site), base)
	ch, err := start(bin, []string{"serve", "-s", site, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--now", bench.BenchDate}, tmp, policysiteBuild)
	if err != nil {
		return stats{}, err
	}
	defer ch.stop()
	begin := time.Now()
	if err := ch.waitHTTP(ctx, base, startTimeout); err != nil {
		return stats{}, err
	}
	logf("policysite: answering after %s", time.Since(begin).Round(time.Millisecond))
	st, err := subscribeSSE(ctx, base+"_policysite/events")
	if err != nil {
		return stats{}, err
	}
	defer st.close()
	if !settle(st.events, time.Second, 30*time.Second) {
		return stats{}, fmt.Errorf("the event stream did not settle:\n%s", ch.out.tail())
	}
	return edits(ctx, "policysite", ch, st, filepath.Join(site, "content"), targets, "reload", nil)
}

func measureHugo(ctx context.Context, hugo, site, tmp string, targets []target) (stats, error) {
	port, err := freePort()
	if err != nil {
		return stats{}, err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d/", port)
	logf("hugo: serving the Hugo site copy at %s", base)
	args := []string{"server", "-s", site, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--disableFastRender=false", "--cacheDir", filepath.Join(tmp, "hugo-cache")}
	ch, err := start(hugo, args, tmp, hugoBuild)
	if err != nil {
		return stats{}, err
	}
	defer ch.stop()
	begin := time.Now()
	if err := ch.waitHTTP(ctx, base, startTimeout); err != nil {
		return stats{}, err
	}
	logf("hugo: answering after %s", time.Since(begin).Round(time.Millisecond))
	st, err := subscribeLiveReload(port)
	if err != nil {
		return stats{}, err
	}
	defer st.close()
	if !settle(st.events, time.Second, 30*time.Second) {
		return stats{}, fmt.Errorf("the LiveReload socket did not settle:\n%s", ch.out.tail())
	}
	client := &http.Client{Timeout: 5 * time.Second}
	warned := false
	visit := func(t target) {
		url := base + t.policy + "/" + t.version + "/"
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
		}
		if (err != nil || resp.StatusCode != http.StatusOK) && !warned {
			warned = true
			logf("hugo: GET %s: %v (the edited page is not visited first)", url, statusOrErr(resp, err))
		}
	}
	return edits(ctx, "hugo", ch, st, filepath.Join(site, "content"), targets, "reload", visit)
}

func statusOrErr(resp *http.Response, err error) any {
	if err != nil {
		return err
	}
	return resp.Status
}

// edits makes the timed edits against one server.
func edits(ctx context.Context, name string, ch *child, st *stream, content string, targets []target, reload string, visit func(target)) (stats, error) {
	var latencies, builds []time.Duration
	failures := 0
	for i, t := range targets {
		if err := ctx.Err(); err != nil {
			return stats{}, err
		}
		path := filepath.Join(content, t.rel())
		data, err := os.ReadFile(path)
		if err != nil {
			return stats{}, err
		}
		next, err := editVersion(data, i)
		if err != nil {
			return stats{}, fmt.Errorf("%s: %w", t.rel(), err)
		}
		if visit != nil {
			visit(t)
		}
		if !drain(st.events) {
			return stats{}, fmt.Errorf("the live-reload connection closed:\n%s", ch.out.tail())
		}
		ch.out.drainBuilds()

		t0 := time.Now()
		if err := os.WriteFile(path, next, 0o644); err != nil {
			return stats{}, err
		}
		d, what := waitReload(st.events, reload, t0)
		if what != "" {
			failures++
			logf("%s: edit %d/%d (%s): %s", name, i+1, len(targets), t.rel(), what)
		} else {
			latencies = append(latencies, d)
		}
		select {
		case <-ctx.Done():
		case <-time.After(editGap):
		}
		build, ok := ch.out.nextBuild(200 * time.Millisecond)
		if ok {
			builds = append(builds, build)
		}
		if what == "" {
			b := "?"
			if ok {
				b = build.String()
			}
			logf("%s: edit %d/%d (%s): reload after %s ms (build %s)", name, i+1, len(targets), t.rel(), ms(d), b)
		}
	}
	return summarize(latencies, failures, builds), nil
}

// waitReload waits for the next reload event after t0; it returns the
// latency, or why the edit failed.
func waitReload(events <-chan event, reload string, t0 time.Time) (time.Duration, string) {
	timeout := time.NewTimer(reloadTimeout)
	defer timeout.Stop()
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return 0, "the live-reload connection closed"
			}
			switch e.name {
			case reload:
				return e.at.Sub(t0), ""
			case "error":
				return 0, "build error: " + e.data
			}
		case <-timeout.C:
			return 0, fmt.Sprintf("no reload within %s", reloadTimeout)
		}
	}
}

func countPages(site string) int {
	n := 0
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			n++
		}
		return nil
	})
	return n
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// versionOf is the first line of "bin args…", bounded to five seconds.
func versionOf(bin string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	if err != nil {
		return filepath.Base(bin) + " (version unknown)"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}
