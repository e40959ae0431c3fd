package publish

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func build(t *testing.T, dest string, files map[string]string) error {
	t.Helper()
	w, err := Begin(dest, NewMinifier())
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := w.Write(name, []byte(data)); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Commit(nil)
}

func TestCommitReplacesWholeTree(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(t, dest, map[string]string{"index.html": "<p>old</p>", "old/only.txt": "x"}); err != nil {
		t.Fatal(err)
	}
	if err := build(t, dest, map[string]string{"index.html": "<p>new</p>", "a/b/c.json": `{ "k" : 1 }`}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "old", "only.txt")); !os.IsNotExist(err) {
		t.Error("a file of the old build survived the swap")
	}
	data, _ := os.ReadFile(filepath.Join(dest, "a", "b", "c.json"))
	if string(data) != `{"k":1}` {
		t.Errorf("JSON not minified: %q", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind beside the destination: %v", names)
	}
}

func TestFailedWriteKeepsOldSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := build(t, dest, map[string]string{"index.html": "<p>old</p>"}); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a", []byte("file")); err != nil {
		t.Fatal(err)
	}
	// "a" is a file, so "a/b" cannot be written: an I/O error mid-build,
	// reported by Commit at the latest.
	w.Write("a/b", []byte("x"))
	if err := w.Commit(nil); err == nil {
		t.Fatal("writing below a file succeeded")
	}
	data, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || !strings.Contains(string(data), "old") {
		t.Errorf("old site damaged: %q %v", data, err)
	}
}

func TestConcurrentBuildRefused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	_, err = Begin(dest, NewMinifier())
	if err == nil || !strings.Contains(err.Error(), "another build") {
		t.Fatalf("second build into the same destination: %v", err)
	}
	first.Abort()
	// Once the first is done, the lock is free again.
	second, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	second.Abort()
}

func TestStaleLockTakenOver(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	// A lock whose process is gone (pid 0x7ffffffe does not exist).
	os.WriteFile(filepath.Join(dir, ".public.lock"), []byte("2147483646\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".public.tmp-123"), 0o755)
	w, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".public.tmp-123")); !os.IsNotExist(err) {
		t.Error("stale temporary folder not cleaned")
	}
	w.Abort()
}

func TestUnwritableDestination(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, []byte("x"), 0o644)
	if _, err := Begin(filepath.Join(blocker, "public"), NewMinifier()); err == nil {
		t.Error("began a build below a file")
	}
	if _, err := Begin(blocker, NewMinifier()); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("destination that is a file: %v", err)
	}
}

func TestWriteRefusesEscapes(t *testing.T) {
	w, err := Begin(filepath.Join(t.TempDir(), "public"), NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, name := range []string{"../x", "/etc/x", "a/../../x", `a\b`, ""} {
		if err := w.Write(name, []byte("x")); err == nil {
			t.Errorf("accepted %q", name)
		}
	}
}

// TestTreeFingerprintSeesEveryEdit: the manifest is trusted only while the
// destination is untouched, and the fingerprint is all that checks it.
func TestTreeFingerprintSeesEveryEdit(t *testing.T) {
	edits := map[string]func(root string) error{
		"file rewritten": func(root string) error {
			return os.WriteFile(filepath.Join(root, "a", "index.html"), []byte("<p>b</p>"), 0o644)
		},
		"file added deep": func(root string) error {
			return os.WriteFile(filepath.Join(root, "a", "b", "new.html"), nil, 0o644)
		},
		"file removed": func(root string) error { return os.Remove(filepath.Join(root, "a", "b", "c.css")) },
		"folder added": func(root string) error { return os.Mkdir(filepath.Join(root, "a", "x"), 0o755) },
		"file renamed": func(root string) error {
			return os.Rename(filepath.Join(root, "a", "b", "c.css"), filepath.Join(root, "a", "b", "d.css"))
		},
		"file made a folder": func(root string) error {
			p := filepath.Join(root, "a", "index.html")
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o755)
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			os.MkdirAll(filepath.Join(root, "a", "b"), 0o755)
			os.WriteFile(filepath.Join(root, "a", "index.html"), []byte("<p>a</p>"), 0o644)
			os.WriteFile(filepath.Join(root, "a", "b", "c.css"), []byte("a{}"), 0o644)
			// A coarse file-system clock must not hide an edit made at once.
			old := time.Now().Add(-time.Hour)
			filepath.WalkDir(root, func(p string, _ fs.DirEntry, _ error) error { return os.Chtimes(p, old, old) })
			entries, err := treeEntries(root)
			if err != nil {
				t.Fatal(err)
			}
			before, err := treeFingerprint(root, entries)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := treeFingerprint(root, entries); again != before {
				t.Fatal("the fingerprint of an untouched tree changed")
			}
			if err := edit(root); err != nil {
				t.Fatal(err)
			}
			if after, err := treeFingerprint(root, entries); err == nil && after == before {
				t.Errorf("%s: fingerprint unchanged", name)
			}
		})
	}
}

// TestCommitIntoAMountPoint: a destination that is a mount point (a
// container's volume) cannot be renamed, so the build is made inside it
// and its entries are exchanged; the result is the same tree, and nothing
// of the build's own is left in it, even after a killed build.
func TestCommitIntoAMountPoint(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	mountPoint = func(dir string) bool { return dir == dest }
	t.Cleanup(func() { mountPoint = isMountPoint })

	if err := build(t, dest, map[string]string{"index.html": "<p>old</p>", "old/only.txt": "x"}); err != nil {
		t.Fatal(err)
	}
	// What a killed build would leave inside the destination.
	if err := os.MkdirAll(filepath.Join(dest, inPlacePrefix+"tmp-123", "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(w.tmp) != dest {
		t.Errorf("the build is made in %s, not inside the mount point", w.tmp)
	}
	for name, data := range map[string]string{"index.html": "<p>new</p>", "a/b.txt": "b"} {
		if err := w.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if strings.Join(got, " ") != "a/b.txt index.html" {
		t.Errorf("destination holds %v, want a/b.txt and index.html only", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "index.html")); string(data) != "<p>new</p>" {
		t.Errorf("index.html = %q", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("left beside the destination: %d entries, want only the destination", len(entries))
	}
}

// TestMountPointKeepsItsRecord: on a mount point the build's temporary
// folder is made inside the destination, which changes its time; a build
// that writes nothing must leave the record of the one before trusted.
func TestMountPointKeepsItsRecord(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	mountPoint = func(dir string) bool { return dir == dest }
	t.Cleanup(func() { mountPoint = isMountPoint })

	w, err := Begin(dest, NewMinifier())
	if err != nil {
		t.Fatal(err)
	}
	w.Write("index.html", []byte("<p>hello</p>"))
	if err := w.Commit(&Manifest{Inputs: "x"}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		w, err := Begin(dest, NewMinifier())
		if err != nil {
			t.Fatal(err)
		}
		if w.Previous() == nil {
			t.Fatalf("begin %d: the record of the build in the destination is not trusted", i+1)
		}
		w.Unchanged()
	}
}

// TestBeginCleansWhatKilledBuildsLeft: the temporary folders of a killed
// build and a record it was killed while writing are removed; other
// files beside the destination are not.
func TestBeginCleansWhatKilledBuildsLeft(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	for _, dir := range []string{".public.tmp-1/a", ".public.old-2/b"} {
		os.MkdirAll(filepath.Join(parent, dir), 0o755)
	}
	for _, file := range []string{".public.cache.json.tmp-3", ".publicity", "notes.txt"} {
		os.WriteFile(filepath.Join(parent, file), []byte("x"), 0o644)
	}
	if err := build(t, dest, map[string]string{"index.html": "<p>hi</p>"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != ".publicity notes.txt public" {
		t.Errorf("beside the destination: %s; want .publicity notes.txt public", got)
	}
}

func TestMinifierLeavesNamedFiles(t *testing.T) {
	m := NewMinifier()
	m.Leave("feed.xml", "feed.json")
	var buf bytes.Buffer
	for _, tc := range []struct {
		name, in string
		left     bool
	}{
		{"privacy/feed.xml", "<rss>\n  <channel></channel>\n</rss>\n", true},
		{"feed.json", "{ \"items\" : [] }\n", true},
		{"privacy/atom.xml", "<feed>\n  <link></link>\n</feed>\n", false},
		{"versions.json", "{ \"items\" : [] }\n", false},
	} {
		got, err := m.Minify(&buf, tc.name, []byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if left := string(got) == tc.in; left != tc.left {
			t.Errorf("%s: %q became %q (left as it is: %t, want %t)", tc.name, tc.in, got, left, tc.left)
		}
	}
}

// treeEntries lists every folder (with a trailing slash) and file under
// root, as slash paths relative to it, root itself first as "./".
func treeEntries(root string) ([]string, error) {
	var entries []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		entries = append(entries, rel)
		return nil
	})
	return entries, err
}

// TestManifestListsTheTreeWritten: the entries a build records are those
// of the tree it left, as a walk after the swap finds them, whether
// written, reused from the previous build or linked as unchanged.
func TestManifestListsTheTreeWritten(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"index.html": "<p>a</p>", "a/index.html": "<p>a</p>", "a/b/c.css": "a{}", "a-b/index.html": "<p>ab</p>",
		"a.html": "<p>x</p>", "z/y/x/w.txt": "w", "keep/one.txt": "1", "keep/deep/two.txt": "2",
	}
	for round := range 2 {
		w, err := Begin(dest, NewMinifier())
		if err != nil {
			t.Fatal(err)
		}
		if round == 1 {
			if w.Previous() == nil {
				t.Fatal("the first build's record is not trusted")
			}
			if err := w.Reuse("keep"); err != nil {
				t.Fatal(err)
			}
		}
		for name, data := range files {
			if round == 1 && strings.HasPrefix(name, "keep/") {
				continue
			}
			if err := w.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(&Manifest{Inputs: fmt.Sprint(round)}); err != nil {
			t.Fatal(err)
		}
		if round == 1 && w.Reused() != len(files) {
			t.Errorf("%d files reused, want all %d", w.Reused(), len(files))
		}
		m := readManifest(dest)
		if m == nil {
			t.Fatalf("round %d: no trusted record", round)
		}
		want, err := treeEntries(dest)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(m.Entries, "\n"); !slices.Equal(got, want) {
			t.Errorf("round %d: recorded\n%q\nwant the tree's\n%q", round, got, want)
		}
	}
}
