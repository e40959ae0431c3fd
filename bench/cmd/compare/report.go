package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/policysite/policysite/bench"
)

func writeReport(w io.Writer, c config, results []*result, example []sample) {
	var names []string
	for _, r := range results {
		names = append(names, r.size.Name)
	}
	fmt.Fprintf(w, "### %s — %s\n\n", time.Now().UTC().Format(time.DateOnly), strings.Join(names, ", "))
	fmt.Fprintf(w, "- Machine: %d CPUs (%s), %s RAM, %s; load average %s at the start, %s at the end (the machine is shared: a CPU ÷ wall far below the CPU count means the builds waited for CPU or disk)\n",
		runtime.NumCPU(), cpuModel(), memTotal(), osRelease(), c.loadStart, loadAverage())
	fmt.Fprintf(w, "- policysite: `%s`\n", versionOf(c.bin, "version"))
	if c.hugo != "" {
		fmt.Fprintf(w, "- Hugo: `%s`\n", versionOf(c.hugo, "version"))
	}
	fmt.Fprintf(w, "- Command: `make bench SIZES=\"%s\"` — median of %d runs after a warm-up, the tools taking turns to go first, each run into a fresh destination, kept until the size is done; wall = whole process, RSS = peak resident set (getrusage)\n",
		strings.Join(names, " "), c.runs)
	fmt.Fprintf(w, "- policysite: `policysite build -s <corpus> -d <tmp> --now %s -q`; Hugo: `hugo --quiet -s <hugo site> -d <tmp>`", bench.BenchDate)
	if c.floor != "" {
		fmt.Fprint(w, "; the floor: `floor -s <corpus> -d <tmp> [-minify]` (bench/cmd/floor)")
	}
	fmt.Fprint(w, "\n\n")

	hugo := c.hugo != ""
	if hugo {
		fmt.Fprintln(w, "| size | pages | policysite wall | policysite peak RSS | Hugo wall | Hugo peak RSS | wall ratio | RSS ratio |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	} else {
		fmt.Fprintln(w, "| size | pages | policysite wall | policysite peak RSS |")
		fmt.Fprintln(w, "|---|--:|--:|--:|")
	}
	for _, r := range results {
		pw, pm := medianWall(r.ps), medianRSS(r.ps)
		fmt.Fprintf(w, "| %s (%d×%d) | %d | %s | %s |", r.size.Name, r.size.Policies, r.size.Versions, r.size.Pages(), seconds(pw), mib(pm<<10))
		if hugo {
			hw, hm := medianWall(r.hugo), medianRSS(r.hugo)
			fmt.Fprintf(w, " %s | %s | %.2f | %.2f |", seconds(hw), mib(hm<<10), float64(pw)/float64(hw), float64(pm)/float64(hm))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Ratios are policysite ÷ Hugo (target ≤ 0.35 for M and L).")
	if m, l := find(results, "M"), find(results, "L"); m != nil && l != nil {
		fmt.Fprintf(w, " L/M wall ratio (5× the pages; target 4.5–5.5): policysite %.2f", float64(medianWall(l.ps))/float64(medianWall(m.ps)))
		if hugo {
			fmt.Fprintf(w, ", Hugo %.2f", float64(medianWall(l.hugo))/float64(medianWall(m.hugo)))
		}
		fmt.Fprintln(w, ".")
	}
	fmt.Fprintln(w)
	if c.floor != "" {
		writeFloor(w, results, hugo)
	}

	fmt.Fprintln(w, "No-op rebuild: a second `policysite build` into the same destination with nothing changed, against reading every source file once (in-process, warm cache; target ≤ 1.5×).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| size | no-op rebuild | peak RSS | reading the sources | ratio |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|")
	for _, r := range results {
		nw, rd := medianWall(r.noop), median(r.read)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.1f |\n", r.size.Name, seconds(nw), mib(medianRSS(r.noop)<<10), seconds(rd), float64(nw)/float64(rd))
	}
	fmt.Fprintln(w)

	if len(example) > 0 {
		walls := pluck(example, func(x sample) time.Duration { return x.wall })
		fmt.Fprintf(w, "Cold build of the example site (`policysite build -s %s -d <fresh tmp> --now %s -q`, target ≤ 100 ms): median %s over %d runs (fastest %s, slowest %s), peak RSS %s.\n\n",
			c.example, bench.BenchDate, seconds(median(walls)), len(walls), seconds(slices.Min(walls)), seconds(slices.Max(walls)), mib(medianRSS(example)<<10))
	}

	fmt.Fprintln(w, "<details><summary>Details: output, CPU time, every run</summary>")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| size | tool | files written (HTML) | output | CPU (user+sys) | CPU ÷ wall | wall, every run |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|---|")
	for _, r := range results {
		type row struct {
			tool string // as measure names it
			s    []sample
		}
		rows := []row{{"policysite", r.ps}}
		if hugo {
			rows = append(rows, row{"Hugo", r.hugo})
		}
		if len(r.floor) > 0 {
			rows = append(rows, row{"goldmark", r.floor}, row{"goldmark + minify", r.floorMin})
		}
		for _, row := range rows {
			cpu := medianCPU(row.s)
			var runs []string
			for _, s := range row.s {
				runs = append(runs, strconv.FormatFloat(s.wall.Seconds(), 'f', 2, 64))
			}
			out := r.output[row.tool]
			fmt.Fprintf(w, "| %s | %s | %d (%d) | %s | %s | %.2f | %s |\n", r.size.Name, row.tool, out.files, out.html,
				mib(out.bytes), seconds(cpu), float64(cpu)/float64(medianWall(row.s)), strings.Join(runs, ", "))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| size | corpus files | corpus size | words | words per version | SHA-256 |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|---|")
	for _, r := range results {
		m := r.manifest
		fmt.Fprintf(w, "| %s | %d | %s | %d | %d–%d | `%.16s…` |\n", r.size.Name, m.Files, mib(m.Bytes), m.Words, m.WordsMin, m.WordsMax, m.SHA256)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "</details>")
}

// writeFloor reports the bare goldmark program (bench/cmd/floor) beside
// the two generators: what rendering the same Markdown, and nothing else,
// takes on this machine at this time.
func writeFloor(w io.Writer, results []*result, hugo bool) {
	fmt.Fprintln(w, "The floor: `bench/cmd/floor`, a bare goldmark program that reads each version, renders its body with goldmark's defaults and writes it as a page of its own, on every core (no templates, redlines, feeds or checks); timed in the same rounds, alternating with the others, and again with each page minified as policysite minifies it.")
	fmt.Fprintln(w)
	if hugo {
		fmt.Fprintln(w, "| size | goldmark | goldmark + minify | goldmark ÷ Hugo | goldmark + minify ÷ Hugo | policysite ÷ goldmark + minify |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|")
	} else {
		fmt.Fprintln(w, "| size | goldmark | goldmark + minify | policysite ÷ goldmark + minify |")
		fmt.Fprintln(w, "|---|--:|--:|--:|")
	}
	for _, r := range results {
		fw, fmw, pw := medianWall(r.floor), medianWall(r.floorMin), medianWall(r.ps)
		fmt.Fprintf(w, "| %s | %s | %s |", r.size.Name, seconds(fw), seconds(fmw))
		if hugo {
			hw := medianWall(r.hugo)
			fmt.Fprintf(w, " %.2f | %.2f |", float64(fw)/float64(hw), float64(fmw)/float64(hw))
		}
		fmt.Fprintf(w, " %.2f |\n", float64(pw)/float64(fmw))
	}
	fmt.Fprintln(w)
}

func find(results []*result, name string) *result {
	for _, r := range results {
		if r.size.Name == name {
			return r
		}
	}
	return nil
}

func median[T int64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianWall(s []sample) time.Duration {
	return median(pluck(s, func(x sample) time.Duration { return x.wall }))
}
func medianCPU(s []sample) time.Duration {
	return median(pluck(s, func(x sample) time.Duration { return x.cpu }))
}
func medianRSS(s []sample) int64 { return median(pluck(s, func(x sample) int64 { return x.maxRSS })) }

func pluck[T any](s []sample, f func(sample) T) []T {
	out := make([]T, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func mib(bytes int64) string {
	if bytes >= 10<<30 {
		return fmt.Sprintf("%.1f GiB", float64(bytes)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(bytes)/(1<<20))
}

func cpuModel() string {
	return procField("/proc/cpuinfo", "model name")
}

func memTotal() string {
	kb, err := strconv.ParseInt(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 10, 64)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

func osRelease() string {
	if name := strings.Trim(procField("/etc/os-release", "PRETTY_NAME"), `"`); name != "" {
		return name
	}
	return runtime.GOOS
}

// procField returns the value of the first "key: value" or "key=value"
// line of a file.
func procField(file, key string) string {
	f, err := os.Open(file)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			k, v, ok = strings.Cut(sc.Text(), "=")
		}
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func versionOf(bin string, args ...string) string {
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

// loadAverage returns the 1-, 5- and 15-minute load averages.
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
