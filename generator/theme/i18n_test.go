package theme

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/meta"
	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/themes"
)

// readStrings parses one i18n file of the built-in themes into its keys,
// in file order, and their values.
func readStrings(t *testing.T, fsys fs.FS, name string) ([]string, map[string]string) {
	t.Helper()
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := meta.CheckUTF8(name, data); err != nil {
		t.Fatal(err)
	}
	m, err := meta.YAML(name, meta.Normalize(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	values := map[string]string{}
	for _, f := range m.Fields {
		s, err := f.String()
		if err != nil {
			t.Errorf("%s: %s: %v", name, f.Key, err)
			continue
		}
		keys = append(keys, f.Key)
		values[f.Key] = s
	}
	return keys, values
}

var (
	numberedRE = regexp.MustCompile(`\{[0-9]+\}`)
	tokenRE    = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*\}`)
)

// placeholders lists the distinct {N} placeholders of s, sorted.
func placeholders(s string) []string {
	p := numberedRE.FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// TestI18nFiles: every language file of the built-in themes has exactly
// the keys of the English one, keeps its {N} placeholders, and has a
// usable date format.
func TestI18nFiles(t *testing.T) {
	fsys := themes.FS()
	files, err := fs.Glob(fsys, "i18n/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(files, "i18n/en.yaml") {
		t.Fatalf("no i18n/en.yaml among the built-in UI strings: %v", files)
	}
	enKeys, en := readStrings(t, fsys, "i18n/en.yaml")
	if len(files) < 2 {
		t.Errorf("only %v: expected translations beside i18n/en.yaml", files)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(path.Base(name), ".yaml"), func(t *testing.T) {
			keys, tr := readStrings(t, fsys, name)
			var missing, extra []string
			for _, k := range enKeys {
				if _, ok := tr[k]; !ok {
					missing = append(missing, k)
				}
			}
			for _, k := range keys {
				if _, ok := en[k]; !ok {
					extra = append(extra, k)
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s lacks %d key(s) of i18n/en.yaml: %s", name, len(missing), strings.Join(missing, ", "))
			}
			if len(extra) > 0 {
				t.Errorf("%s has %d key(s) that i18n/en.yaml does not: %s", name, len(extra), strings.Join(extra, ", "))
			}
			for _, k := range keys {
				s := tr[k]
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %s is empty", name, k)
					continue
				}
				if _, ok := en[k]; !ok {
					continue
				}
				if want, got := placeholders(en[k]), placeholders(s); !slices.Equal(want, got) {
					t.Errorf("%s: %s has placeholders %v, want those of English %q: %v", name, k, got, en[k], want)
				}
			}
			format := tr["date_format"]
			if format == "" {
				return
			}
			for _, tok := range []string{"{day}", "{year}"} {
				if !strings.Contains(format, tok) {
					t.Errorf("%s: date_format %q lacks %s", name, format, tok)
				}
			}
			if !strings.Contains(format, "{month}") && !strings.Contains(format, "{monthnum}") {
				t.Errorf("%s: date_format %q has neither {month} nor {monthnum}", name, format)
			}
			for _, tok := range tokenRE.FindAllString(format, -1) {
				if !slices.Contains([]string{"{day}", "{month}", "{monthnum}", "{year}"}, tok) {
					t.Errorf("%s: date_format %q has unknown token %s (expected {day}, {month}, {monthnum}, {year})", name, format, tok)
				}
			}
		})
	}
}

// TestLoadLanguages: both built-in themes load in translated languages,
// and dates come out in each language's form.
func TestLoadLanguages(t *testing.T) {
	for _, name := range []string{"default", "document"} {
		for _, lang := range []string{"de", "pt-BR", "ar"} {
			th, err := Load(themes.FS(), nil, Options{Name: name, Language: lang, BaseURL: "https://example.com/"})
			if err != nil {
				t.Errorf("theme %s, language %s: %v", name, lang, err)
				continue
			}
			if s, err := th.String("home"); err != nil || s == "" {
				t.Errorf("theme %s, language %s: home = %q, %v", name, lang, s, err)
			}
		}
	}

	d, err := model.ParseDate("2024-05-15")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"en":    "15 May 2024",
		"de":    "15. Mai 2024",
		"fr":    "15 mai 2024",
		"es":    "15 de mayo de 2024",
		"pt-BR": "15 de maio de 2024",
		"ja":    "2024年5月15日",
		"ar":    "15 مايو 2024",
		"he":    "15 במאי 2024",
	} {
		th, err := Load(themes.FS(), nil, Options{Name: "default", Language: lang, BaseURL: "https://example.com/"})
		if err != nil {
			t.Errorf("language %s: %v", lang, err)
			continue
		}
		if got, err := th.Date(d); err != nil || got != want {
			t.Errorf("language %s: Date(2024-05-15) = %q, %v; want %q", lang, got, err, want)
		}
	}
}

// FuzzSiteStrings loads the default theme with arbitrary bytes as the
// site's own themes/default/i18n/en.yaml. Load must not panic, and must
// return either a theme whose dates and strings can be written, or a
// diag.List whose every error is placed in that file, within its lines.
func FuzzSiteStrings(f *testing.F) {
	builtin, err := fs.ReadFile(themes.FS(), "i18n/en.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(builtin),
		"home: Start\n",
		"date_format: \"{month} {day}, {year}\"\nmonth_5: May\n",
		"date_format: \"{day\"\n",
		"changes_title: \"{1} — {2} {3}\"\n",
		"home: [a, b]\n",
		"- a\n- b\n",
		"home: \"unclosed\n",
	} {
		f.Add([]byte(seed))
	}
	const file = "themes/default/i18n/en.yaml"
	d, err := model.ParseDate("2024-05-15")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		site := fstest.MapFS{file: {Data: data}}
		th, err := Load(themes.FS(), site, Options{Name: "default", Language: "en", BaseURL: "https://example.com/"})
		if err == nil {
			th.Date(d)
			th.T("changes_title", "Privacy", "15 May 2024")
			return
		}
		var list diag.List
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a diag.List: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
		for _, e := range list {
			if e.Pos.File != file || e.Pos.Line > lines {
				t.Errorf("error not placed in %s within its %d lines: %q", file, lines, e.Error())
			}
		}
	})
}

// FuzzSiteLayout loads the default theme with arbitrary bytes as the
// site's own layouts/notfound.html. Load must not panic, and must return
// either a theme or a diag.List whose every error is placed in that file.
func FuzzSiteLayout(f *testing.F) {
	builtin, err := fs.ReadFile(themes.FS(), "default/layouts/notfound.html")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(builtin),
		"{{define \"main\"}}<h1>{{.Title}</h1>{{end}}",
		"{{define \"main\"}}{{template \"nope\" .}}{{end}}",
		"{{define \"main\"}}<a href=\"{{.Path}}\">{{t \"home\"}}</a>{{end}}",
		"{{define \"main\"}}<script>var x = {{.Title}}</script>{{end}}",
		"{{define \"main\"}}{{if}}{{end}}",
		"<h1>no define</h1>",
	} {
		f.Add([]byte(seed))
	}
	const file = "themes/default/layouts/notfound.html"
	f.Fuzz(func(t *testing.T, data []byte) {
		site := fstest.MapFS{file: {Data: data}}
		_, err := Load(themes.FS(), site, Options{Name: "default", Language: "en", BaseURL: "https://example.com/"})
		if err == nil {
			return
		}
		var list diag.List
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not a diag.List: %v", err)
		}
		for _, e := range list {
			if e.Pos.File != file {
				t.Errorf("error not placed in %s: %q", file, e.Error())
			}
		}
	})
}
