package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policysite/policysite/bench"
	"github.com/policysite/policysite/generator/publish"
)

// builtHTML builds the site in dir and returns its HTML pages by path.
func builtHTML(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		pages[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("the build wrote no HTML")
	}
	return pages
}

func minified(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	out, err := publish.NewMinifier().Minify(&buf, name, bytes.Clone(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

// TestBuiltInThemesPagesAreMinified checks what lets a build compact the
// built-in themes' pages rather than minify them: as written, every page
// is what the minifier would have made of it. A template that writes what
// only the minifier would tidy (an attribute spelled loosely, an escape it
// would undo) fails here.
func TestBuiltInThemesPagesAreMinified(t *testing.T) {
	for _, name := range []string{"default", "document"} {
		t.Run(name, func(t *testing.T) {
			checkMinified(t, builtHTML(t, exampleWithTheme(t, name)))
		})
	}
}

// TestGeneratedCorpusPagesAreMinified: the same for the benchmark's
// generated policies, whose pages have what the example's have few of:
// tables, numbered lists, jurisdiction notes, and redlines of small edits.
func TestGeneratedCorpusPagesAreMinified(t *testing.T) {
	dir := t.TempDir()
	if _, err := bench.Generate(dir, bench.Size{Name: "test", Policies: 3, Versions: 4}); err != nil {
		t.Fatal(err)
	}
	checkMinified(t, builtHTML(t, dir))
}

// checkMinified fails for each page the minifier would change.
func checkMinified(t *testing.T, pages map[string][]byte) {
	t.Helper()
	for p, page := range pages {
		if m := minified(t, p, page); !bytes.Equal(m, page) {
			i := 0
			for i < len(m) && i < len(page) && m[i] == page[i] {
				i++
			}
			t.Errorf("%s: the minifier would change it at byte %d: %q, not %q", p, i, around(m, i), around(page, i))
		}
	}
}

func around(b []byte, i int) string {
	return string(b[max(0, i-40):min(len(b), i+40)])
}

// TestOwnLayoutsAreMinified checks that pages from a site's own layouts
// still go through the whole minifier, which does what compacting does
// not (here, the CSS of a style attribute).
func TestOwnLayoutsAreMinified(t *testing.T) {
	dir := exampleWithTheme(t, "default")
	footer := `{{define "footer"}}
<footer class="site-footer">
  <p style="color : inherit ;">Our footer</p>
</footer>
{{end}}`
	if err := os.MkdirAll(filepath.Join(dir, "themes", "default", "layouts", "partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "themes", "default", "layouts", "partials", "footer.html"), []byte(footer), 0o644); err != nil {
		t.Fatal(err)
	}
	for p, page := range builtHTML(t, dir) {
		if strings.Contains(p, "/print/") {
			continue // the print view has a footer of its own
		}
		if !bytes.Contains(page, []byte(`<footer class="site-footer"><p style="color:inherit">Our footer</p></footer>`)) {
			t.Errorf("%s: the site's footer is not minified: %q", p, around(page, bytes.Index(page, []byte("<footer"))+40))
		}
	}
}

// TestRawHTMLCommentsDropped: with unsafe_html, a comment in a policy's
// raw HTML (a drafting note, say) is not published, as the minifier did
// not publish it, and the block's whitespace is taken out with the rest.
func TestRawHTMLCommentsDropped(t *testing.T) {
	dir := exampleWithTheme(t, "default")
	yaml := filepath.Join(dir, "site.yaml")
	raw, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, append(raw, "unsafe_html: true\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "content", "privacy", "2024-03-01.md")
	src, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	block := "\n<div class=\"callout\">\n  <!-- drafting note: check with counsel -->\n  <p>Raw block.</p>\n</div>\n"
	if err := os.WriteFile(md, append(src, block...), 0o644); err != nil {
		t.Fatal(err)
	}
	var found bool
	for p, page := range builtHTML(t, dir) {
		if !strings.HasSuffix(filepath.ToSlash(p), "/public/privacy/2024-03-01/index.html") {
			continue
		}
		found = true
		if bytes.Contains(page, []byte("drafting note")) {
			t.Errorf("%s publishes the comment", p)
		}
		if !bytes.Contains(page, []byte(`<div class="callout"><p>Raw block.</p></div>`)) {
			t.Errorf("%s: the raw block is not compacted: %q", p, around(page, bytes.Index(page, []byte("callout"))))
		}
	}
	if !found {
		t.Fatal("no page for privacy 2024-03-01")
	}
}
