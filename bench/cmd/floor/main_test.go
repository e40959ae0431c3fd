package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policysite/policysite/bench"
)

func TestFloorRendersEveryVersion(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "corpus")
	if _, err := bench.Generate(corpus, bench.Size{Name: "2x3", Policies: 2, Versions: 3}); err != nil {
		t.Fatal(err)
	}
	for _, minify := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "out")
		n, err := run(corpus, dest, minify)
		if err != nil {
			t.Fatal(err)
		}
		if n != 6 {
			t.Errorf("minify=%t: %d pages, want 6", minify, n)
		}
		pages, _ := filepath.Glob(filepath.Join(dest, "*", "*", "index.html"))
		if len(pages) != 6 {
			t.Fatalf("minify=%t: %d pages written, want 6: %v", minify, len(pages), pages)
		}
		html, err := os.ReadFile(pages[0])
		if err != nil {
			t.Fatal(err)
		}
		page := string(html)
		if !strings.Contains(page, "<h2>") || strings.Contains(page, "effective:") {
			t.Errorf("minify=%t: want the body rendered without its front matter, got %.300s", minify, page)
		}
		if minified := !strings.Contains(page, "</h2>\n"); minified != minify {
			t.Errorf("minify=%t: page minified = %t", minify, minified)
		}
	}
}

func TestBody(t *testing.T) {
	for src, want := range map[string]string{
		"---\ntitle: x\n---\n# Body\n": "# Body\n",
		"# No front matter\n":          "# No front matter\n",
		"---\nunclosed\n":              "---\nunclosed\n",
	} {
		if got := string(body([]byte(src))); got != want {
			t.Errorf("body(%q) = %q, want %q", src, got, want)
		}
	}
}
