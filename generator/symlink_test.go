package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymlinks: links inside the site are followed; links out of it,
// dangling links and loops are errors that name the link.
func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: T\nbase_url: https://x.example/\nentities: {e: {name: E}}\n"), 0o644)
	content := filepath.Join(dir, "content")
	os.MkdirAll(filepath.Join(content, "privacy"), 0o755)
	os.MkdirAll(filepath.Join(dir, "shared"), 0o755)
	os.WriteFile(filepath.Join(dir, "shared", "terms.md"), []byte("---\ntitle: Terms\neffective: 2024-01-01\n---\n\n## Scope\n\nText.\n"), 0o644)
	os.WriteFile(filepath.Join(content, "privacy", "2024-01-01.md"), []byte("---\ntitle: Privacy\neffective: 2024-01-01\n---\n\n## Scope\n\nText.\n"), 0o644)
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("---\ntitle: Secret\neffective: 2024-01-01\n---\n\nsecret\n"), 0o644)

	links := map[string]string{
		"content/terms.md":     "../shared/terms.md", // inside the site: fine
		"content/secret.md":    outside,              // absolute, outside
		"content/escape":       "../..",              // a folder outside
		"content/dangling.md":  "nowhere.md",
		"content/loop1.md":     "loop2.md",
		"content/loop2.md":     "loop1.md",
		"content/privacy/self": ".", // a folder inside a policy: ignored
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot create symbolic links here: %v", err)
		}
	}
	_, err := LoadDir(Options{SiteDir: dir})
	if err == nil {
		t.Fatal("a site with links out of it loaded")
	}
	msg := err.Error()
	for _, want := range []string{
		"content/secret.md: symbolic link cannot be followed: path escapes from parent",
		"content/escape: symbolic link cannot be followed: path escapes from parent",
		"content/dangling.md: symbolic link cannot be followed:",
		"content/loop1.md: symbolic link cannot be followed:",
		"content/loop2.md: symbolic link cannot be followed:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "terms") || strings.Contains(msg, "self") {
		t.Errorf("a link inside the site was refused:\n%s", msg)
	}
	if n := strings.Count(msg, "\n") + 1; n != 5 {
		t.Errorf("%d errors, want 5:\n%s", n, msg)
	}
}
