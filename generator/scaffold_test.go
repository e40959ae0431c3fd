package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitIntoARepository: init in a folder that already has a .gitignore
// adds only the lines it lacks, and ignores what a build writes beside
// public/ as well as public/ itself.
func TestInitIntoARepository(t *testing.T) {
	dir := t.TempDir()
	ignore := filepath.Join(dir, ".gitignore")
	os.WriteFile(ignore, []byte("node_modules/\n/public/"), 0o644) // no final newline
	done, err := Init(dir, InitOptions{Title: "Acme", BaseURL: "https://legal.example.com/", Entity: "Acme Ltd", Today: exampleNow})
	if err != nil {
		t.Fatal(err)
	}
	if want := "updated " + ignore + " (added /.public.*)"; !strings.Contains(strings.Join(done, "\n"), want) {
		t.Errorf("init said:\n%s\nwant a line %q", strings.Join(done, "\n"), want)
	}
	data, _ := os.ReadFile(ignore)
	if got, want := string(data), "node_modules/\n/public/\n/.public.*\n"; got != want {
		t.Errorf(".gitignore:\n%s\nwant:\n%s", got, want)
	}
	// What a build leaves beside public/ is covered by the new lines.
	if _, err := Build(t.Context(), Options{SiteDir: dir, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); name != "public" && strings.HasPrefix(name, ".public") && !strings.HasPrefix(name, ".public.") {
			t.Errorf("%s is beside public/ but not matched by /.public.*", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".public.cache.json")); err != nil {
		t.Errorf("the build's record is not where .gitignore expects it: %v", err)
	}
}

// TestInitWritesNothingWhenAFileExists: a file init would overwrite stops
// it before it writes anything, so that running it again after moving the
// file works.
func TestInitWritesNothingWhenAFileExists(t *testing.T) {
	dir := t.TempDir()
	version := filepath.Join(dir, "content", "privacy", exampleNow.String()+".md")
	os.MkdirAll(filepath.Dir(version), 0o755)
	os.WriteFile(version, []byte("mine"), 0o644)
	if _, err := Init(dir, InitOptions{Title: "Acme", BaseURL: "https://legal.example.com/", Entity: "Acme Ltd", Today: exampleNow}); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("error %v, want a refusal to overwrite", err)
	}
	for _, name := range []string{"site.yaml", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("init wrote %s before refusing", name)
		}
	}
	if data, _ := os.ReadFile(version); string(data) != "mine" {
		t.Errorf("the existing version was changed: %q", data)
	}
}

// TestNewVersionOfATranslatedSingleFilePolicy: a single-file policy moves
// into a folder with its translations, so the site still builds, and the
// new version starts from the source text, not from a translation of the
// same date.
func TestNewVersionOfATranslatedSingleFilePolicy(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { writeFile(t, dir, name, text) }
	write("site.yaml", "title: T\nbase_url: https://x.example/\nlanguage: en\nlanguages: [en, de]\nentities:\n  e:\n    name: E\n")
	write("content/terms.md", "---\ntitle: Terms\neffective: 2025-01-01\n---\n\n## Terms\n\nUse it well.\n")
	write("content/terms.de.md", "---\ntitle: Bedingungen\neffective: 2025-01-01\n---\n\n## Bedingungen\n\nGut.\n")
	done, err := New(dir, "terms", NewOptions{Effective: mustDate("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"content/terms/2025-01-01.md", "content/terms/2025-01-01.de.md"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(want))); err != nil {
			t.Errorf("%s: %v (new said %q)", want, err, done)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "content", "terms", "2026-01-01.md"))
	if !strings.Contains(string(data), "title: Terms\n") || !strings.Contains(string(data), "Use it well.") {
		t.Errorf("the new version is not the source text:\n%s", data)
	}
	if _, err := Build(t.Context(), Options{SiteDir: dir, Now: mustDate("2026-02-01")}); err != nil {
		t.Errorf("the site does not build after new: %v", err)
	}
}
