package config_test

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata")

// TestParse runs the cases in testdata/*.txtar. A case is an archive with
//
//	site.yaml  the configuration to parse
//	want       the errors, one "file:line:col: message" per line, sorted;
//	           or "ok" followed by a summary of the parsed site
//
// Lines of the archive's comment may transform site.yaml before parsing,
// so that the archive itself stays plain text:
//
//	bom: site.yaml    prepend a UTF-8 byte-order mark
//	crlf: site.yaml   end every line with CRLF
//	cr: site.yaml     end every line with a CR alone (classic Mac OS)
//
// go test -update rewrites the want sections from the actual output.
func TestParse(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src, ok := fileOf(ar, config.File)
			if !ok {
				t.Fatalf("no %s in the archive", config.File)
			}
			src = transform(t, ar.Comment, config.File, src)
			got := outcome(t, src)
			if *update {
				setFile(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := fileOf(ar, "want")
			if !ok {
				t.Fatal("no want section (run go test -update to write one)")
			}
			if got != string(want) {
				t.Errorf("got:\n%swant:\n%s", got, want)
			}
		})
	}
}

// outcome parses src and prints either its errors, one per line, or "ok"
// and the site's settings.
func outcome(t *testing.T, src []byte) string {
	t.Helper()
	site, err := config.Parse(src)
	if err != nil {
		if site != nil {
			t.Errorf("Parse returned a site along with errors")
		}
		var list diag.List
		if !errors.As(err, &list) {
			t.Errorf("error is a %T, want a diag.List", err)
			return err.Error() + "\n"
		}
		if !slices.IsSortedFunc(list, func(a, b *diag.Error) int {
			return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), strings.Compare(a.Msg, b.Msg))
		}) {
			t.Errorf("errors not sorted by position:\n%v", err)
		}
		for _, e := range list {
			if e.Pos.File != config.File || e.Pos.Line < 1 {
				t.Errorf("error without a file and line: %q", e.Error())
			}
			if !houseStyle(e.Msg) {
				t.Errorf("message not in the house style (lowercase, no final period): %q", e.Msg)
			}
		}
		return err.Error() + "\n"
	}
	return summary(t, site)
}

// summary prints the settings of a parsed site: one line per setting, one
// per entity, and one per jurisdiction that differs from the built-in
// registry.
func summary(t *testing.T, s *model.Site) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ok\n")
	fmt.Fprintf(&b, "title %q\n", s.Title)
	fmt.Fprintf(&b, "base_url %s\n", s.BaseURL)
	fmt.Fprintf(&b, "language %s\n", s.Language)
	fmt.Fprintf(&b, "theme %s\n", s.Theme)
	fmt.Fprintf(&b, "default_entity %s\n", s.DefaultEntity)
	if s.UnsafeHTML {
		fmt.Fprintf(&b, "unsafe_html true\n")
	}
	if s.SubscribeURL != "" {
		fmt.Fprintf(&b, "subscribe_url %s\n", s.SubscribeURL)
	}
	if s.AccessibilityContact != "" {
		fmt.Fprintf(&b, "accessibility_contact %s\n", s.AccessibilityContact)
	}
	for _, k := range sortedKeys(s.Entities) {
		e := s.Entities[k]
		if e.Key != k {
			t.Errorf("entity %q has Key %q", k, e.Key)
		}
		fmt.Fprintf(&b, "entity %s", k)
		for _, f := range model.EntityFields {
			if v, _ := e.Field(f); v != "" {
				fmt.Fprintf(&b, " %s=%q", f, v)
			}
		}
		b.WriteByte('\n')
	}
	builtin := builtinRegistry(t)
	for _, code := range sortedKeys(s.Jurisdictions) {
		j := s.Jurisdictions[code]
		if j.Code != code {
			t.Errorf("jurisdiction %q has Code %q", code, j.Code)
		}
		if bj, ok := builtin[code]; ok && bj.Name == j.Name && slices.Equal(bj.Laws, j.Laws) {
			continue
		}
		what := "added"
		if _, ok := builtin[code]; ok {
			what = "changed"
		}
		fmt.Fprintf(&b, "jurisdiction %s %s name=%q laws=%q\n", code, what, j.Name, j.Laws)
	}
	for code := range builtin {
		if _, ok := s.Jurisdictions[code]; !ok {
			t.Errorf("built-in jurisdiction %s is missing", code)
		}
	}
	return b.String()
}

func builtinRegistry(t *testing.T) map[string]*model.Jurisdiction {
	t.Helper()
	s, err := config.Parse([]byte("title: T\nbase_url: https://example.com/\nentities: {a: {name: A}}\n"))
	if err != nil {
		t.Fatalf("minimal site: %v", err)
	}
	return s.Jurisdictions
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// houseStyle reports whether msg starts in lowercase (or with an acronym
// such as YAML) and has no final period.
func houseStyle(msg string) bool {
	if msg == "" || strings.HasSuffix(msg, ".") {
		return false
	}
	word, _, _ := strings.Cut(msg, " ")
	return msg[:1] == strings.ToLower(msg[:1]) || word == strings.ToUpper(word)
}

// transform applies the comment's bom:, crlf:, cr: and bytes: lines to the
// file name.
func transform(t *testing.T, comment []byte, name string, data []byte) []byte {
	t.Helper()
	for line := range strings.Lines(string(comment)) {
		op, arg, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || strings.TrimSpace(arg) != name {
			continue
		}
		switch op {
		case "bom":
			data = append([]byte("\xef\xbb\xbf"), data...)
		case "crlf":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case "cr":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r"))
		case "bytes":
			data = unescapeBytes(t, data)
		}
	}
	return data
}

// unescapeBytes turns each \xNN of data into the byte it names, so that a
// case can hold bytes that are not UTF-8 while its file stays text.
func unescapeBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var out []byte
	for {
		i := bytes.Index(data, []byte(`\x`))
		if i < 0 || i+4 > len(data) {
			return append(out, data...)
		}
		b, err := strconv.ParseUint(string(data[i+2:i+4]), 16, 8)
		if err != nil {
			t.Fatalf("bad escape %q", data[i:i+4])
		}
		out = append(append(out, data[:i]...), byte(b))
		data = data[i+4:]
	}
}

func fileOf(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// setFile sets the file name of the archive, moving it to the end.
func setFile(ar *txtar.Archive, name, data string) {
	ar.Files = slices.DeleteFunc(ar.Files, func(f txtar.File) bool { return f.Name == name })
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// TestParseBaseURL covers the URL check shared with --base-url.
func TestParseBaseURL(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"https://legal.example.com", "https://legal.example.com/", ""},
		{"https://legal.example.com/", "https://legal.example.com/", ""},
		{"http://example.com/legal", "http://example.com/legal/", ""},
		{"https://example.com/a/b/", "https://example.com/a/b/", ""},
		{"/legal/", "", `"/legal/" is not an absolute URL (expected e.g. https://legal.example.com/)`},
		{"legal.example.com", "", `"legal.example.com" is not an absolute URL (expected e.g. https://legal.example.com/)`},
		{"ftp://example.com/", "", `"ftp://example.com/" is not an absolute URL (expected e.g. https://legal.example.com/)`},
		{"https://example.com/?a=1", "", `"https://example.com/?a=1" has a query or a fragment (expected the site's address alone, e.g. https://legal.example.com/)`},
		{"https://example.com/?", "", `"https://example.com/?" has a query or a fragment (expected the site's address alone, e.g. https://legal.example.com/)`},
		{"https://example.com/#top", "", `"https://example.com/#top" has a query or a fragment (expected the site's address alone, e.g. https://legal.example.com/)`},
		{"https://deploy:s3cret@example.com/", "", `"https://deploy:xxxxx@example.com/" carries a user name or password, which every page and feed would show (expected the site's public address, e.g. https://legal.example.com/)`},
		{"https://example.com/a b/", "https://example.com/a%20b/", ""},
		{"https://", "", `"https://" is not an absolute URL (expected e.g. https://legal.example.com/)`},
		{"", "", `"" is not an absolute URL (expected e.g. https://legal.example.com/)`},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := config.BaseURL(c.in)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("BaseURL(%q) = %q, %v; want error %q", c.in, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("BaseURL(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

// FuzzParse feeds arbitrary bytes as site.yaml. Parse must not panic, and
// must return either a site or a sorted diag.List whose every error is
// placed in site.yaml, within its lines, in the house style (outcome's
// checks). It is seeded with the site.yaml of every txtar case.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if src, ok := fileOf(ar, config.File); ok {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		outcome(t, src)
		_, err := config.Parse(src)
		var list diag.List
		if !errors.As(err, &list) {
			return
		}
		// LF, CRLF and a lone CR each end a line, for YAML as for editors.
		lines := bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n")) + 1
		for _, e := range list {
			if e.Pos.Line > lines {
				t.Errorf("error past the last line %d of the file: %q", lines, e.Error())
			}
		}
	})
}
