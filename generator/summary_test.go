package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryTellsWhatIsLeftOut: drafts (a policy's, and a policy with
// nothing but a draft) and versions announced after the build date are
// counted in the summary, the same after a build that writes nothing.
func TestSummaryTellsWhatIsLeftOut(t *testing.T) {
	dir := t.TempDir()
	write := func(name, front string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("---\n"+front+"---\n\n## Scope\n\nText.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: T\nbase_url: https://x.example/\nentities:\n  e:\n    name: E\n"), 0o644)
	write("content/privacy/2024-01-01.md", "title: Privacy\neffective: 2024-01-01\n")
	write("content/privacy/2025-01-01.md", "title: Privacy\neffective: 2025-01-01\ndraft: true\n")
	write("content/privacy/2030-01-01.md", "title: Privacy\neffective: 2030-01-01\n")
	write("content/terms/2025-01-01.md", "title: Terms\neffective: 2025-01-01\ndraft: true\n")
	opts := Options{SiteDir: dir, Dest: filepath.Join(t.TempDir(), "public"), Now: mustDate("2025-06-01")}
	for _, build := range []string{"first", "no-op"} {
		sum, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Policies != 1 || sum.Versions != 1 || sum.Drafts != 2 || sum.Unannounced != 1 {
			t.Errorf("%s build: %+v, want 1 policy, 1 version, 2 drafts and 1 version not announced yet left out", build, sum)
		}
		if want := "1 policy, 1 version (2 drafts left out, 1 not announced yet), "; !strings.HasPrefix(sum.String(), want) {
			t.Errorf("%s build: %q, want it to start %q", build, sum, want)
		}
	}
	opts.Drafts = true
	opts.Dest = filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Drafts != 0 || sum.Versions != 3 || strings.Contains(sum.String(), "draft") {
		t.Errorf("with drafts: %+v, %q", sum, sum)
	}
}
