package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/theme"
	"github.com/policysite/policysite/themes"
)

// exampleWithTheme copies the example site (site.yaml and content/) into
// a temporary folder with site.yaml's theme set to name.
func exampleWithTheme(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	raw, err := os.ReadFile(filepath.Join("..", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	themeLine := regexp.MustCompile(`(?m)^theme:.*$`)
	if !themeLine.Match(raw) {
		t.Fatal("the example site.yaml has no theme: line")
	}
	raw = themeLine.ReplaceAll(raw, []byte("theme: "+name))
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDocumentThemeBuilds builds the example site with theme: document and
// checks that every page kind is there and every page uses the document
// theme's stylesheet.
func TestDocumentThemeBuilds(t *testing.T) {
	dir := exampleWithTheme(t, "document")
	out := renderAll(t, dir, exampleNow)

	css, err := fs.ReadFile(themes.FS(), "document/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	var cssPath string
	for p, data := range out {
		if strings.HasPrefix(p, "assets/style.") && bytes.Equal(data, css) {
			cssPath = p
		}
	}
	if cssPath == "" {
		t.Fatal("the build has no copy of the document theme's style.css")
	}

	kinds := map[string]bool{}
	kindRE := regexp.MustCompile(`<body class="kind-(\w+) theme-document"`)
	for p, data := range out {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		if !bytes.Contains(data, []byte(`<link rel="stylesheet" href="/`+cssPath+`">`)) {
			t.Errorf("%s does not use the document stylesheet %s", p, cssPath)
		}
		m := kindRE.FindSubmatch(data)
		if m == nil {
			t.Errorf("%s: no <body class=\"kind-… theme-document\">", p)
			continue
		}
		kinds[string(m[1])] = true
	}
	for _, k := range theme.Kinds {
		if !kinds[k] {
			t.Errorf("no page of kind %s in the document theme's build", k)
		}
	}

	// The document look: a letterhead and numbered sections — numbered
	// by the text (numbering: true) or else by the stylesheet.
	for p, wants := range map[string][]string{
		"cookies/index.html":       {`<address class="letterhead">`, `<strong class="letterhead-name">`, `class="policy-body auto-numbered"`, `<ol class="toc-list">`},
		"privacy/index.html":       {`<address class="letterhead">`, `class="policy-body"`, `<ol class="toc-list toc-numbered">`},
		"privacy/print/index.html": {`<address class="letterhead">`, `<meta name="robots" content="noindex">`, `class="doc-end"`},
	} {
		for _, want := range wants {
			if !strings.Contains(string(out[p]), want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
	}
}
