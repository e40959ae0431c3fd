package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// stats summarises the latencies of the edits that got their reload.
type stats struct {
	n, failures           int
	min, median, p95, max time.Duration
	build                 time.Duration // median build time the tool logged, 0 if unknown
	builds                int           // how many build times were logged
}

func summarize(latencies []time.Duration, failures int, builds []time.Duration) stats {
	s := stats{n: len(latencies) + failures, failures: failures, builds: len(builds)}
	if len(builds) > 0 {
		s.build = median(builds)
	}
	if len(latencies) == 0 {
		return s
	}
	sorted := slices.Sorted(slices.Values(latencies))
	s.min, s.max = sorted[0], sorted[len(sorted)-1]
	s.median = median(sorted)
	s.p95 = percentile(sorted, 95)
	return s
}

// median is the middle value, or the mean of the two middle values.
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(d))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100): the
// smallest value that at least p % of the values do not exceed.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(d))
	rank := int(math.Ceil(float64(len(s))*p/100 - 1e-9))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

// writeTable writes the results as a Markdown table, with the ratio of
// the medians when both tools were measured.
func writeTable(w io.Writer, header string, names []string, results map[string]stats) {
	fmt.Fprint(w, header)
	fmt.Fprintln(w, "| tool | edits | failures | min ms | median ms | p95 ms | max ms | build ms (median, own log) |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, name := range names {
		s := results[name]
		build := "–"
		if s.builds > 0 {
			build = fmt.Sprintf("%s (%d)", ms(s.build), s.builds)
		}
		if s.n == s.failures {
			fmt.Fprintf(w, "| %s | %d | %d | – | – | – | – | %s |\n", name, s.n, s.failures, build)
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %s |\n", name, s.n, s.failures, ms(s.min), ms(s.median), ms(s.p95), ms(s.max), build)
	}
	fmt.Fprintln(w)
	ps, okP := results["policysite"]
	hugo, okH := results["hugo"]
	if okP && okH && hugo.median > 0 && ps.n > ps.failures {
		fmt.Fprintf(w, "Median ratio policysite / Hugo: %.2f (p95: %.2f).", float64(ps.median)/float64(hugo.median), float64(ps.p95)/float64(hugo.p95))
	}
	if okP && ps.n > ps.failures {
		verdict := func(ok bool) string {
			if ok {
				return "met"
			}
			return "missed"
		}
		fmt.Fprintf(w, " Targets (issue 5.8): median ≤ 50 ms %s, p95 ≤ 150 ms %s.",
			verdict(ps.median <= 50*time.Millisecond), verdict(ps.p95 <= 150*time.Millisecond))
	}
	fmt.Fprint(w, "\n\n")
}
