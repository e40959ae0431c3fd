package generator

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestThemeErrors: broken theme overrides are reported with the site's
// file and line, and nothing is written.
func TestThemeErrors(t *testing.T) {
	base, err := os.ReadFile("../themes/default/layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	// The line of the site title in base.html, where the test plants a typo.
	titleLine := strconv.Itoa(1 + strings.Count(string(base[:strings.Index(string(base), "{{.Site.Title}}</a>")]), "\n"))
	tests := []struct {
		name  string
		files map[string]string
		site  string // replaces "theme: default" in site.yaml when set
		want  string
	}{
		{
			name:  "syntax error",
			files: map[string]string{"themes/default/layouts/history.html": "{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n"},
			want:  "themes/default/layouts/history.html:2: template: bad character U+007D '}'",
		},
		{
			name:  "missing field",
			files: map[string]string{"themes/default/layouts/base.html": strings.Replace(string(base), "{{.Site.Title}}</a>", "{{.Site.Titel}}</a>", 1)},
			want:  "themes/default/layouts/base.html:" + titleLine + ":",
		},
		{
			name:  "missing field message",
			files: map[string]string{"themes/default/layouts/base.html": strings.Replace(string(base), "{{.Site.Title}}</a>", "{{.Site.Titel}}</a>", 1)},
			want:  ": template: at <.Site.Titel>: can't evaluate field Titel in type *render.SiteData (while rendering ",
		},
		{
			name:  "missing string",
			files: map[string]string{"themes/default/layouts/notfound.html": "{{define \"main\"}}<h1>{{t \"no_such_string\"}}</h1>{{end}}\n"},
			want:  `themes/default/layouts/notfound.html:1:23: template: at <t "no_such_string">: error calling t: the theme has no string "no_such_string" for language en (expected it in i18n/en.yaml)`,
		},
		{
			name:  "broken script",
			files: map[string]string{"themes/default/assets/history.js": "function ( {\n"},
			want:  "themes/default/assets/history.js:1:10: expected Identifier instead of ( in function declaration",
		},
		{
			name: "unknown theme",
			site: "theme: fancy",
			want: `site.yaml: theme: unknown theme "fancy" (expected a built-in theme`,
		},
		{
			name:  "own theme without stylesheet",
			site:  "theme: mine",
			files: map[string]string{"themes/mine/layouts/base.html": "x"},
			want:  "theme mine (built-in): assets/style.css: the theme has no stylesheet (expected assets/style.css)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, "../content", filepath.Join(dir, "content"))
			cfg, _ := os.ReadFile("../site.yaml")
			if tt.site != "" {
				cfg = []byte(strings.Replace(string(cfg), "theme: default", tt.site, 1))
			}
			os.WriteFile(filepath.Join(dir, "site.yaml"), cfg, 0o644)
			for name, text := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(text), 0o644)
			}
			dest := filepath.Join(dir, "public")
			_, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: exampleNow})
			if err == nil {
				t.Fatal("built")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Error("a failed build wrote the destination")
			}
		})
	}
}
