package generator

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/policysite/policysite/bench"
	"github.com/policysite/policysite/generator/model"
)

// Benchmarks of the whole pipeline over the generated S corpus (20
// policies × 5 versions, see package bench): loading, rendering in memory,
// and building to disk. `make bench` times whole processes against Hugo;
// these are for profiling one stage:
//
//	go test -run '^$' -bench Render -cpuprofile cpu.prof ./generator
//	go tool pprof -top generator.test cpu.prof

// benchCorpus generates the S corpus into a temporary folder.
func benchCorpus(b *testing.B) (Options, bench.Manifest) {
	b.Helper()
	s, _ := bench.SizeNamed("S")
	dir := filepath.Join(b.TempDir(), "S")
	m, err := bench.Generate(dir, s)
	if err != nil {
		b.Fatal(err)
	}
	now, err := model.ParseDate(bench.BenchDate)
	if err != nil {
		b.Fatal(err)
	}
	return Options{SiteDir: dir, Now: now}, m
}

// perVersion reports the time per version page.
func perVersion(b *testing.B, m bench.Manifest) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.Pages)/1e3, "µs/version")
}

func BenchmarkLoad(b *testing.B) {
	opts, m := benchCorpus(b)
	b.SetBytes(m.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadDir(opts); err != nil {
			b.Fatal(err)
		}
	}
	perVersion(b, m)
}

func BenchmarkRender(b *testing.B) {
	opts, m := benchCorpus(b)
	site, err := LoadDir(opts)
	if err != nil {
		b.Fatal(err)
	}
	var files, size int64
	b.ReportAllocs()
	for b.Loop() {
		files, size = 0, 0
		err := site.Render(opts.Now, func(path string, data []byte) error {
			files++
			size += int64(len(data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(size)/(1<<20), "MiB/op")
	perVersion(b, m)
}

// BenchmarkBuild builds to disk: cold into a new destination each time,
// and as a no-op rebuild into the same destination with nothing changed.
func BenchmarkBuild(b *testing.B) {
	opts, m := benchCorpus(b)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		out := b.TempDir()
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			n++
			opts := opts
			opts.Dest = filepath.Join(out, strconv.Itoa(n))
			if _, err := Build(ctx, opts); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			os.RemoveAll(opts.Dest)
			b.StartTimer()
		}
		perVersion(b, m)
	})
	b.Run("noop", func(b *testing.B) {
		opts := opts
		opts.Dest = filepath.Join(b.TempDir(), "public")
		if _, err := Build(ctx, opts); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Build(ctx, opts); err != nil {
				b.Fatal(err)
			}
		}
		perVersion(b, m)
	})
}
