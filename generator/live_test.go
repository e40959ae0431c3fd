package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLiveRebuild: after an edit, the in-memory rebuild of serve, which
// parses only the changed file and re-renders only its policy and the
// site-wide pages, gives exactly the output of a full build.
func TestLiveRebuild(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	opts := Options{SiteDir: site, Now: exampleNow, BaseURL: "http://127.0.0.1:1313/"}
	var live liveBuild
	rebuild := func() map[string][]byte {
		t.Helper()
		out, err := live.rebuild(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	edit := func(rel, old, new string) {
		t.Helper()
		p := filepath.Join(site, filepath.FromSlash(rel))
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644)
	}
	first := rebuild()
	privacyPage := first["privacy/index.html"]

	edit("content/terms.md", "Please read them carefully.", "Please read them with care.")
	second := rebuild()
	if !bytes.Contains(second["terms/index.html"], []byte("read them with care")) {
		t.Error("the edit is not in the rebuilt page")
	}
	if &second["privacy/index.html"][0] != &privacyPage[0] {
		t.Error("an unchanged policy's page was rendered again")
	}
	same := func(out map[string][]byte, when string) {
		t.Helper()
		full := renderAll(t, site, exampleNow, opts.BaseURL)
		if len(full) != len(out) {
			t.Errorf("%s: %d files, a full render has %d", when, len(out), len(full))
		}
		for name, data := range full {
			if !bytes.Equal(out[name], data) {
				t.Errorf("%s: %s differs from a full render", when, name)
			}
		}
	}
	same(second, "after editing the terms")

	// A second edit, to a policy with jurisdiction sections and feeds that
	// the cache holds from the builds before.
	edit("content/privacy/2025-06-01.md", "within 30 days", "within 21 days")
	third := rebuild()
	if !bytes.Contains(third["privacy/2025-06-01/changes/index.html"], []byte("21")) {
		t.Error("the redline lacks the edit")
	}
	same(third, "after editing the privacy policy")

	// site.yaml changes what every version says ({{ entity.email }}):
	// nothing cached may survive it.
	edit("site.yaml", "privacy@tern.example", "legal@tern.example")
	fourth := rebuild()
	if !bytes.Contains(fourth["terms/index.html"], []byte("legal@tern.example")) {
		t.Error("the new entity e-mail is not in the terms")
	}
	same(fourth, "after editing site.yaml")

	// A theme file of the site's own: the themes kept from the builds
	// before must give way to it, and to its mistakes.
	notfound := filepath.Join(site, "themes", "default", "layouts", "notfound.html")
	os.MkdirAll(filepath.Dir(notfound), 0o755)
	os.WriteFile(notfound, []byte("{{define \"main\"}}<h1>{{.Title}}</h1><p>Nothing here, sorry.</p>{{end}}\n"), 0o644)
	fifth := rebuild()
	if !bytes.Contains(fifth["404.html"], []byte("Nothing here, sorry.")) {
		t.Error("the site's own 404 layout is not used after it appeared")
	}
	same(fifth, "after adding a layout")
	os.WriteFile(notfound, []byte("{{define \"main\"}}<h1>{{.Title}</h1>{{end}}\n"), 0o644)
	if _, err := live.rebuild(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "notfound.html") {
		t.Errorf("a broken layout: error %v, want one naming notfound.html", err)
	}
	if _, err := live.rebuild(context.Background(), opts); err == nil {
		t.Error("a broken layout was forgotten by the next rebuild")
	}
}
