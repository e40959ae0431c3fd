package content

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

// TestKeptSweepsWhatALoadDidNotUse: entries used (looked up or put) in a
// generation survive its sweep; the others go, however many generations
// pass.
func TestKeptSweepsWhatALoadDidNotUse(t *testing.T) {
	var k kept[string, int]
	k.put("a", 1)
	k.put("b", 2)
	k.sweep() // both put in this generation
	if len(k.m) != 2 {
		t.Fatalf("after the first sweep: %d entries, want 2", len(k.m))
	}
	if v, ok := k.get("a"); !ok || v != 1 {
		t.Fatalf("get(a) = %d, %t", v, ok)
	}
	k.get("a") // twice in a generation counts once
	k.put("c", 3)
	k.sweep()
	if _, ok := k.m["b"]; ok || len(k.m) != 2 {
		t.Errorf("after a generation that did not use b: %d entries, b kept %t", len(k.m), ok)
	}
	k.put("a", 10) // replaced
	k.get("c")
	k.sweep()
	if v, _ := k.get("a"); v != 10 || len(k.m) != 2 {
		t.Errorf("a = %d with %d entries, want 10 with 2", v, len(k.m))
	}
	k.sweep() // a was used by the get above, c was not
	for range 2 {
		k.get("a")
		k.sweep()
	}
	if len(k.m) != 1 {
		t.Errorf("after generations using only a: %d entries, want 1", len(k.m))
	}
}

// TestLoadTrustingTheWatcherStaysBounded: loads told what changed see
// every edit, and the cache, swept every sweepAfter entries, does not grow
// with the number of edits.
func TestLoadTrustingTheWatcherStaysBounded(t *testing.T) {
	site := &model.Site{Title: "T", BaseURL: "https://example.com/", Language: "en", Languages: []string{"en"}, Authoritative: "en"}
	version := func(i int) *fstest.MapFile {
		return &fstest.MapFile{
			Data:    []byte(fmt.Sprintf("---\ntitle: Terms\neffective: 2024-01-01\n---\n\nEdit number %d.\n", i)),
			ModTime: time.Unix(int64(1_700_000_000+i), 0),
		}
	}
	fsys := fstest.MapFS{
		"content/terms/2024-01-01.md":   version(0),
		"content/privacy/2024-01-01.md": {Data: []byte("---\ntitle: Privacy\neffective: 2024-01-01\n---\n\nUnchanged.\n")},
	}
	var docs DocCache
	load := func(changed func(string) bool) *model.Site {
		t.Helper()
		s := *site
		if err := Load(fsys, &s, Options{Docs: &docs, Config: "c", Changed: changed}); err != nil {
			t.Fatal(err)
		}
		return &s
	}
	load(nil)
	for i := 1; i <= 5*sweepAfter; i++ {
		fsys["content/terms/2024-01-01.md"] = version(i)
		s := load(func(dir string) bool { return dir == "content/terms" || dir == "content/terms/2024-01-01.md" })
		html := s.Policies[1].Versions[0].Doc.HTML()
		if want := fmt.Sprintf("Edit number %d.", i); !strings.Contains(html, want) {
			t.Fatalf("edit %d: the terms read %q, want %q", i, html, want)
		}
		if n := len(docs.docs.m); n > sweepAfter+2 {
			t.Fatalf("edit %d: %d documents cached, want at most %d", i, n, sweepAfter+2)
		}
	}
}

// TestDiscoverLooksOnlyAtChangedFolders: with the content folder
// unchanged, a load told what changed lists only the policy folders that
// did, and finds what a load looking at everything finds; a folder that
// turned out wrong is reported as always, and the next load looks at
// every folder again.
func TestDiscoverLooksOnlyAtChangedFolders(t *testing.T) {
	site := &model.Site{Languages: []string{"en"}}
	fsys := fstest.MapFS{
		"content/a/2024-01-01.md": {Data: []byte("a")},
		"content/b/2024-01-01.md": {Data: []byte("b")},
		"content/c/2024-01-01.md": {Data: []byte("c")},
		"content/c/2025-01-01.md": {Data: []byte("c")},
		"content/terms.md":        {Data: []byte("t")},
		"content/terms.de.md":     {Data: []byte("t")},
	}
	var docs DocCache
	discoverWith := func(changed func(string) bool) (paths, listed []string, errs diag.List) {
		t.Helper()
		files := discover(fsys, site, func(dir string) (*listing, error) {
			listed = append(listed, dir)
			return docs.readDir(fsys, dir, changed)
		}, changed, &errs)
		for _, f := range files {
			paths = append(paths, f.path)
		}
		return paths, listed, errs
	}
	everything := func() []string {
		t.Helper()
		var errs diag.List
		var paths []string
		for _, f := range discover(fsys, site, func(dir string) (*listing, error) {
			entries, err := fs.ReadDir(fsys, dir)
			return &listing{entries: entries}, err
		}, nil, &errs) {
			paths = append(paths, f.path)
		}
		return paths
	}
	only := func(dirs ...string) func(string) bool {
		return func(dir string) bool { return slices.Contains(dirs, dir) }
	}

	if _, listed, errs := discoverWith(nil); len(errs) > 0 || len(listed) != 4 {
		t.Fatalf("first look: listed %q, errors %v", listed, errs)
	}
	fsys["content/b/2025-06-01.md"] = &fstest.MapFile{Data: []byte("b")}
	paths, listed, errs := discoverWith(only("content/b"))
	if len(errs) > 0 || !slices.Equal(listed, []string{"content", "content/b"}) {
		t.Errorf("after an edit in b: listed %q (want content and content/b), errors %v", listed, errs)
	}
	if want := everything(); !slices.Equal(paths, want) {
		t.Errorf("after an edit in b: found %q, want %q", paths, want)
	}

	delete(fsys, "content/c/2024-01-01.md")
	delete(fsys, "content/c/2025-01-01.md")
	fsys["content/c"] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	_, _, errs = discoverWith(only("content/c"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "content/c: policy folder has no versions") {
		t.Errorf("an emptied folder: errors %v", errs)
	}
	fsys["content/c/2026-01-01.md"] = &fstest.MapFile{Data: []byte("c")}
	paths, listed, errs = discoverWith(only("content/c"))
	if len(errs) > 0 || len(listed) != 4 {
		t.Errorf("after a look that found something wrong: listed %q (want every folder), errors %v", listed, errs)
	}
	if want := everything(); !slices.Equal(paths, want) {
		t.Errorf("after a look that found something wrong: found %q, want %q", paths, want)
	}

	// A version saved into a folder inside a policy folder is reported
	// though the watcher names only that inner folder.
	fsys["content/a/archive/notes.txt"] = &fstest.MapFile{Data: []byte("n")}
	if _, _, errs = discoverWith(only("content/a")); len(errs) > 0 {
		t.Fatalf("a folder of notes: errors %v", errs)
	}
	fsys["content/a/archive/2020-01-01.md"] = &fstest.MapFile{Data: []byte("a")}
	_, _, errs = discoverWith(only("content/a/archive"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "content/a/archive/2020-01-01.md: not read") {
		t.Errorf("a version in content/a/archive: errors %v", errs)
	}
}
