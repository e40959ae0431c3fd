package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/policysite/policysite/bench"
)

// BenchmarkLiveRebuild measures serve's rebuild after one version is
// edited, on a generated corpus (POLICYSITE_BENCH_SIZE, default S), the
// edits back to back unless POLICYSITE_BENCH_GAP says otherwise.
func BenchmarkLiveRebuild(b *testing.B) {
	name := os.Getenv("POLICYSITE_BENCH_SIZE")
	if name == "" {
		name = "S"
	}
	size, ok := bench.SizeNamed(name)
	if !ok {
		b.Fatalf("no corpus size %q", name)
	}
	dir := b.TempDir()
	if _, err := bench.Generate(dir, size); err != nil {
		b.Fatal(err)
	}
	opts := Options{SiteDir: dir, Now: mustDate("2026-11-22"), BaseURL: "http://127.0.0.1:1313/"}
	var live liveBuild
	if _, err := live.rebuild(context.Background(), opts, nil); err != nil {
		b.Fatal(err)
	}
	// POLICYSITE_BENCH_GAP spaces the edits as a writer would (e.g. 300ms):
	// on some machines memory left idle for a moment is slower to touch.
	gap, _ := time.ParseDuration(os.Getenv("POLICYSITE_BENCH_GAP"))
	files, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		time.Sleep(gap)
		f := files[i*11%len(files)] // another policy each time, as servelatency edits
		data, _ := os.ReadFile(f)
		os.WriteFile(f, append(data, []byte("\nEdited.\n")...), 0o644)
		b.StartTimer()
		rel, _ := filepath.Rel(dir, f)
		if _, err := live.rebuild(context.Background(), opts, []string{filepath.ToSlash(rel)}); err != nil {
			b.Fatal(err)
		}
	}
}
