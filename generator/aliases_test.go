package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAliasesAndThePagesUnderAPolicy: an old address under a policy's
// folder redirects, but one that is a page the build makes there is an
// error, since the redirect would hide the page.
func TestAliasesAndThePagesUnderAPolicy(t *testing.T) {
	for _, tt := range []struct {
		alias, want string // want "" builds
	}{
		{"/privacy/v1/", ""},
		{"/privacy/2024-01-01/", "aliases: /privacy/2024-01-01/ is the address of a page of the site"},
		{"/privacy/2025-01-01/changes", "aliases: /privacy/2025-01-01/changes is the address of a page of the site"},
		{"/privacy/history/", "aliases: /privacy/history/ is the address of a page of the site"},
	} {
		t.Run(tt.alias, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) { writeFile(t, dir, name, text) }
			write("site.yaml", "title: T\nbase_url: https://x.example/\nentities:\n  e:\n    name: E\n")
			write("content/privacy/2024-01-01.md", "---\ntitle: Privacy\neffective: 2024-01-01\n---\n\n## Scope\n\nText.\n")
			write("content/privacy/2025-01-01.md", "---\ntitle: Privacy\neffective: 2025-01-01\naliases: ["+tt.alias+"]\n---\n\n## Scope\n\nNew text.\n")
			dest := filepath.Join(t.TempDir(), "public")
			_, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: mustDate("2025-06-01")})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				redirects, _ := os.ReadFile(filepath.Join(dest, "_redirects"))
				if want := tt.alias + " /privacy/ 301\n"; string(redirects) != want {
					t.Errorf("_redirects = %q, want %q", redirects, want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
