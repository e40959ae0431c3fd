package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestRebuildReusesUnchangedOutput: a rebuild with nothing changed writes
// nothing; after one policy changes, the other policies' files keep their
// inode and modification time, and the output equals a fresh build's.
func TestRebuildReusesUnchangedOutput(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	dest := filepath.Join(t.TempDir(), "public")
	build := func() Summary {
		t.Helper()
		sum, err := Build(context.Background(), Options{SiteDir: site, Dest: dest, Now: exampleNow})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := build()
	if first.Reused != 0 {
		t.Errorf("first build reused %d files", first.Reused)
	}
	stat := func(p string) os.FileInfo {
		t.Helper()
		info, err := os.Stat(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	privacy, terms := stat("privacy/index.html"), stat("terms/index.html")
	time.Sleep(20 * time.Millisecond)

	again := build()
	if again.Reused != again.Files || again.Files != first.Files {
		t.Errorf("no-op rebuild: %s; want every one of %d files unchanged", again, first.Files)
	}
	if !os.SameFile(privacy, stat("privacy/index.html")) {
		t.Error("no-op rebuild replaced privacy/index.html")
	}

	// Change the terms: only they (and the pages listing them) are written.
	p := filepath.Join(site, "content", "terms.md")
	src, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(src, []byte("Be nice."), []byte("Be kind."), 1), 0o644)
	os.WriteFile(p, append(src, []byte("\nOne more line.\n")...), 0o644)
	changed := build()
	if changed.Reused == 0 || changed.Reused >= changed.Files {
		t.Errorf("after one change: %s", changed)
	}
	after := stat("privacy/index.html")
	if !os.SameFile(privacy, after) || !after.ModTime().Equal(privacy.ModTime()) {
		t.Error("an unchanged policy's page was rewritten")
	}
	if os.SameFile(terms, stat("terms/index.html")) {
		t.Error("the changed policy's page was reused")
	}

	// The reused output is exactly a fresh build's.
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Build(context.Background(), Options{SiteDir: site, Dest: fresh, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, dest), readTree(t, fresh)
	if len(a) != len(b) {
		t.Errorf("%d files after reuse, %d in a fresh build", len(a), len(b))
	}
	for name, data := range b {
		if !bytes.Equal(a[name], data) {
			t.Errorf("%s differs from a fresh build", name)
		}
	}

	// Touching the output by hand invalidates the cache: the next build
	// renders everything again rather than trust a changed tree.
	os.WriteFile(filepath.Join(dest, "privacy", "index.html"), []byte("tampered"), 0o644)
	build()
	if data, _ := os.ReadFile(filepath.Join(dest, "privacy", "index.html")); string(data) == "tampered" {
		t.Error("a build kept a page edited by hand in the destination")
	}
}

// TestReuseAcrossDates: a rebuild at another date reuses what it may and
// still equals a fresh build at that date — in every language, where the
// headers list the titles of the texts in force.
func TestReuseAcrossDates(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	for _, now := range []string{"2025-01-01", "2026-11-22", "2025-01-01", "2027-06-01"} {
		sum, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: mustDate(now)})
		if err != nil {
			t.Fatal(err)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: fresh, Now: mustDate(now)}); err != nil {
			t.Fatal(err)
		}
		a, b := readTree(t, dest), readTree(t, fresh)
		for name, data := range b {
			if !bytes.Equal(a[name], data) {
				t.Errorf("%s: %s differs from a fresh build (%d files reused)", now, name, sum.Reused)
			}
		}
		if len(a) != len(b) {
			t.Errorf("%s: %d files, fresh build %d", now, len(a), len(b))
		}
	}
}
