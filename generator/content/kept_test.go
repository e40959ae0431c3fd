package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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
		html := s.Policies[1].Versions[0].Doc.HTML
		if want := fmt.Sprintf("Edit number %d.", i); !strings.Contains(html, want) {
			t.Fatalf("edit %d: the terms read %q, want %q", i, html, want)
		}
		if n := len(docs.docs.m); n > sweepAfter+2 {
			t.Fatalf("edit %d: %d documents cached, want at most %d", i, n, sweepAfter+2)
		}
	}
}
