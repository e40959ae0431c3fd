package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
	first, err := live.rebuild(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	privacyPage := first["privacy/index.html"]

	p := filepath.Join(site, "content", "terms.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("Please read them carefully."), []byte("Please read them with care."), 1), 0o644)
	second, err := live.rebuild(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(second["terms/index.html"], []byte("read them with care")) {
		t.Error("the edit is not in the rebuilt page")
	}
	if &second["privacy/index.html"][0] != &privacyPage[0] {
		t.Error("an unchanged policy's page was rendered again")
	}
	full := renderAll(t, site, exampleNow, opts.BaseURL)
	if len(full) != len(second) {
		t.Errorf("%d files, a full render has %d", len(second), len(full))
	}
	for name, data := range full {
		if !bytes.Equal(second[name], data) {
			t.Errorf("%s differs from a full render", name)
		}
	}
}
