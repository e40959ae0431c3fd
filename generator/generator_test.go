package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// exampleNow is the build date of the golden example site: after the
// second privacy version took effect, after the third was announced.
var exampleNow = mustDate("2026-11-22")

func mustDate(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// renderAll renders a site into memory.
func renderAll(t *testing.T, dir string, now model.Date, baseURL ...string) map[string][]byte {
	t.Helper()
	opts := Options{}
	if len(baseURL) > 0 {
		opts.BaseURL = baseURL[0]
	}
	site, err := Load(os.DirFS(dir), opts)
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	out := map[string][]byte{}
	err = site.Render(now, func(p string, data []byte) error {
		if _, dup := out[p]; dup {
			t.Errorf("%s rendered twice", p)
		}
		out[p] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenExampleSite compares every rendered file of the example site
// (before minification, so diffs stay readable) with testdata/golden.
func TestGoldenExampleSite(t *testing.T) {
	out := renderAll(t, "..", exampleNow)
	// JSON and the feeds are written compact; the golden copies are
	// indented, or broken into lines, to be read. (In a feed's XML, "><"
	// is only ever between two tags: text escapes "<".)
	for p, data := range out {
		switch {
		case strings.HasSuffix(p, ".json"):
			var indented bytes.Buffer
			if err := json.Indent(&indented, data, "", "  "); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out[p] = indented.Bytes()
		case path.Base(p) == "feed.xml" || path.Base(p) == "atom.xml":
			out[p] = bytes.ReplaceAll(data, []byte("><"), []byte(">\n<"))
		}
	}
	golden := filepath.Join("testdata", "golden", "example")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for p, data := range out {
			dst := filepath.Join(golden, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var want []string
	err := filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(golden, p)
		want = append(want, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatalf("no golden files (run go test ./generator/ -update): %v", err)
	}
	var got []string
	for p := range out {
		got = append(got, p)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("files differ from golden (run go test ./generator/ -update and review the diff)\n got: %v\nwant: %v", got, want)
	}
	for _, p := range want {
		data, err := os.ReadFile(filepath.Join(golden, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out[p], data) {
			t.Errorf("%s differs from golden (run go test ./generator/ -update and review the diff)\n%s", p, firstDiff(data, out[p]))
		}
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n-want " + w + "\n+got  " + g
		}
	}
	return ""
}

// TestBuildDeterministic builds the example site twice into two folders
// and requires byte-identical trees.
func TestBuildDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dest := range []string{a, b} {
		if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: exampleNow}); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) == 0 {
		t.Fatal("empty build")
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	if len(ta) != len(tb) {
		t.Errorf("builds have %d and %d files", len(ta), len(tb))
	}
	for p, data := range ta {
		if bytes.Contains(data, []byte(a)) || bytes.Contains(data, []byte(os.Getenv("HOME")+"/")) {
			t.Errorf("%s leaks a local path", p)
		}
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFailedBuildKeepsDestination breaks a copy of the example site and
// requires the previous output to survive untouched.
func TestFailedBuildKeepsDestination(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: site, Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)

	bad := filepath.Join(site, "content", "privacy", "2025-06-01.md")
	src, _ := os.ReadFile(bad)
	os.WriteFile(bad, bytes.Replace(src, []byte("effective: 2025-06-01\n"), nil, 1), 0o644)
	_, err := Build(context.Background(), Options{SiteDir: site, Dest: dest, Now: exampleNow})
	if err == nil {
		t.Fatal("build without effective date succeeded")
	}
	if want := "content/privacy/2025-06-01.md:1:1: missing effective date"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	after := readTree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("destination changed: %d files before, %d after", len(before), len(after))
	}
	for p := range before {
		if !bytes.Equal(before[p], after[p]) {
			t.Errorf("%s changed by a failed build", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".public.cache.json" {
			t.Errorf("failed build left %s behind", e.Name())
		}
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(target), 0o755)
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writeFile writes text to the slash path name under dir, making its
// folders.
func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
