package content_test

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/content"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata")

// TestLoad runs the cases in testdata/*.txtar. A case is an archive holding
// a whole small site (site.yaml and content/...) and a section
//
//	want   the errors, one "file:line:col: message" per line, sorted; or
//	       "ok" followed by a summary of the loaded policies
//
// Lines of the archive's comment adjust the case, so that the archive
// itself stays plain text:
//
//	bom: FILE       prepend a UTF-8 byte-order mark to FILE
//	crlf: FILE      end every line of FILE with CRLF
//	cr: FILE        end every line of FILE with a CR alone (classic Mac OS)
//	bytes: FILE     turn each \xNN of FILE into that byte
//	oversize: FILE  grow FILE past content.MaxFileSize
//	drafts: true    load with Options.Drafts
//
// go test -update rewrites the want sections from the actual output.
func TestLoad(t *testing.T) {
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
			fsys, opts := siteOf(t, ar)
			got := outcome(t, fsys, opts)
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

// siteOf builds the site of a case: every file of the archive but want,
// adjusted by the comment's lines.
func siteOf(t testing.TB, ar *txtar.Archive) (fstest.MapFS, content.Options) {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		if f.Name != "want" {
			fsys[f.Name] = &fstest.MapFile{Data: slices.Clone(f.Data), Mode: 0o644}
		}
	}
	var opts content.Options
	for line := range strings.Lines(string(ar.Comment)) {
		op, arg, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		arg = strings.TrimSpace(arg)
		if op == "drafts" {
			opts.Drafts = arg == "true"
			continue
		}
		f := fsys[arg]
		if f == nil {
			continue
		}
		switch op {
		case "bom":
			f.Data = append([]byte("\xef\xbb\xbf"), f.Data...)
		case "crlf":
			f.Data = bytes.ReplaceAll(f.Data, []byte("\n"), []byte("\r\n"))
		case "cr":
			f.Data = bytes.ReplaceAll(f.Data, []byte("\n"), []byte("\r"))
		case "bytes":
			f.Data = unescapeBytes(t, f.Data)
		case "oversize":
			para := []byte("We keep personal data only as long as we need it for the purposes above.\n\n")
			for len(f.Data) <= content.MaxFileSize {
				f.Data = append(f.Data, para...)
			}
		}
	}
	return fsys, opts
}

// outcome loads the site and prints either its errors, one per line, or
// "ok" and a summary of its policies.
func outcome(t *testing.T, fsys fstest.MapFS, opts content.Options) string {
	t.Helper()
	raw, ok := fsys[config.File]
	if !ok {
		t.Fatalf("no %s in the archive", config.File)
	}
	site, err := config.Parse(raw.Data)
	if err != nil {
		t.Fatalf("the case's %s does not parse:\n%v", config.File, err)
	}
	if err := content.Load(fsys, site, opts); err != nil {
		checkErrors(t, err, func(file string) bool { return file == content.Dir || fsys[file] != nil || dirOf(fsys, file) })
		return err.Error() + "\n"
	}
	return summary(t, fsys, site)
}

// checkErrors checks that err is a sorted diag.List whose every error
// names a file of the site and is written in the house style.
func checkErrors(t testing.TB, err error, exists func(string) bool) diag.List {
	t.Helper()
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error is a %T, want a diag.List: %v", err, err)
	}
	if !slices.IsSortedFunc(list, func(a, b *diag.Error) int {
		return cmp.Or(strings.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), strings.Compare(a.Msg, b.Msg))
	}) {
		t.Errorf("errors not sorted by position:\n%v", err)
	}
	for _, e := range list {
		if e.Pos.File == "" || !exists(e.Pos.File) {
			t.Errorf("error does not name a file of the site: %q", e.Error())
		}
		if e.Pos.Line < 0 || e.Pos.Col < 0 || (e.Pos.Line == 0 && e.Pos.Col != 0) {
			t.Errorf("error with a bad position: %q", e.Error())
		}
		if !houseStyle(e.Msg) {
			t.Errorf("message not in the house style (lowercase, no final period): %q", e.Msg)
		}
		if strings.Contains(e.Msg, "internal error") {
			t.Errorf("internal error: %q", e.Error())
		}
	}
	return list
}

func dirOf(fsys fstest.MapFS, name string) bool {
	for p := range fsys {
		if strings.HasPrefix(p, name+"/") {
			return true
		}
	}
	return false
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

// summary prints the loaded policies: one line per policy with its
// versions' dates, then one line per version and indented lines for
// what it sets beyond the usual.
func summary(t *testing.T, fsys fstest.MapFS, site *model.Site) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("ok\n")
	if !slices.IsSortedFunc(site.Policies, func(a, b *model.Policy) int { return strings.Compare(a.Slug, b.Slug) }) {
		t.Errorf("policies not sorted by slug")
	}
	for _, p := range site.Policies {
		var dates []string
		for _, v := range p.Versions {
			dates = append(dates, v.Effective.String())
		}
		fmt.Fprintf(&b, "policy %s versions %s\n", p.Slug, strings.Join(dates, " "))
	}
	for _, p := range site.Policies {
		for i, v := range p.Versions {
			if v.Policy != p {
				t.Errorf("%s: Policy is not its policy", v.Source)
			}
			if i > 0 && !p.Versions[i-1].Effective.Before(v.Effective) {
				t.Errorf("%s: versions not in effective order", v.Source)
			}
			if f := fsys[v.Source]; f == nil {
				t.Errorf("%s: Source is not a file of the site", v.Source)
			} else if sum := sha256.Sum256(f.Data); v.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: SHA256 is not that of the file's bytes", v.Source)
			}
			if v.Doc == nil {
				t.Errorf("%s: no document", v.Source)
				continue
			}
			entity := "-"
			if v.Entity != nil {
				entity = v.Entity.Key
			}
			fmt.Fprintf(&b, "version %s title %q effective %s announced %s entity %s\n", v.Source, v.Title, v.Effective, v.Announced, entity)
			if v.Summary != "" {
				fmt.Fprintf(&b, "  summary %q\n", v.Summary)
			}
			var flags []string
			for _, f := range []struct {
				name string
				on   bool
			}{{"material", v.Material}, {"numbering", v.Numbering}, {"draft", v.Draft}} {
				if f.on {
					flags = append(flags, f.name)
				}
			}
			if len(flags) > 0 {
				fmt.Fprintf(&b, "  flags %s\n", strings.Join(flags, " "))
			}
			if len(v.Aliases) > 0 {
				fmt.Fprintf(&b, "  aliases %s\n", strings.Join(v.Aliases, " "))
			}
			if len(v.Jurisdictions) > 0 {
				var js []string
				for _, j := range v.Jurisdictions {
					js = append(js, j.Code+"="+j.HeadingID)
				}
				fmt.Fprintf(&b, "  jurisdictions %s\n", strings.Join(js, " "))
			}
			if len(v.Params) > 0 {
				fmt.Fprintf(&b, "  params %v\n", v.Params)
			}
			var ids []string
			for _, h := range v.Doc.Headings {
				id := h.ID
				if h.Number != "" {
					id += "[" + h.Number + "]"
				}
				ids = append(ids, id)
			}
			fmt.Fprintf(&b, "  headings %s\n", strings.Join(ids, " "))
			for _, t := range v.Translations {
				var js []string
				for _, j := range t.Jurisdictions {
					js = append(js, j.Code+"="+j.HeadingID)
				}
				fmt.Fprintf(&b, "  translation %s %s title %q effective %s announced %s translated_from %q jurisdictions %s\n",
					t.Lang, t.Source, t.Title, t.Effective, t.Announced, t.TranslatedFrom, strings.Join(js, " "))
			}
		}
	}
	return b.String()
}

// unescapeBytes turns each \xNN of data into the byte it names, so that a
// case can hold bytes that are not UTF-8 while its file stays text.
func unescapeBytes(t testing.TB, data []byte) []byte {
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

// fuzzSite is the site FuzzLoadVersion loads its input into.
const fuzzSite = `title: Fuzz
base_url: https://legal.example.com/
entities:
  acme:
    name: Acme Ltd
    email: privacy@example.com
`

const fuzzFile = "content/privacy/2024-01-01.md"

// FuzzLoadVersion feeds arbitrary bytes as the one version of a small
// site. Load must not panic, and must return either the site's policy or a
// diag.List whose every error is placed in that file, within its lines. It
// is seeded with every version file of the txtar cases.
func FuzzLoadVersion(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		fsys, _ := siteOf(f, ar)
		for name, mf := range fsys {
			if strings.HasPrefix(name, content.Dir+"/") && strings.HasSuffix(name, ".md") && len(mf.Data) <= 1<<16 {
				f.Add(mf.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		site, err := config.Parse([]byte(fuzzSite))
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{
			config.File: {Data: []byte(fuzzSite)},
			fuzzFile:    {Data: data},
		}
		err = content.Load(fsys, site, content.Options{Drafts: true})
		if err == nil {
			if len(site.Policies) != 1 || len(site.Policies[0].Versions) != 1 || site.Policies[0].Versions[0].Doc == nil {
				t.Fatalf("no error, but not one policy with one version: %+v", site.Policies)
			}
			return
		}
		// LF, CRLF and a lone CR each end a line, as for editors.
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
		list := checkErrors(t, err, func(name string) bool { return name == fuzzFile })
		if len(list) == 0 {
			t.Fatal("an error, but an empty list")
		}
		for _, e := range list {
			if e.Pos.Line > lines {
				t.Errorf("error past the last line %d of the file: %q", lines, e.Error())
			}
		}
	})
}

// FuzzLoadFileName places one valid version under an arbitrary name in
// content/. Load must not panic, and must return either a site whose
// every policy has a version, or a diag.List whose every error names a
// file or folder of the site.
func FuzzLoadFileName(f *testing.F) {
	for _, name := range []string{
		"privacy/2024-01-01.md", "privacy.md", "privacy/2024-01-01.fr.md", "Privacy/2024-1-1.md",
		"privacy/2024-02-30.md", "privacy/notes.txt", "changes/2024-01-01.md", "a/b/2024-01-01.md",
		"privacy/2024-01-01.md.bak", "-/2024-01-01.md", "privacy/.2024-01-01.md",
	} {
		f.Add(name)
	}
	version := []byte("---\ntitle: Privacy Policy\neffective: 2024-01-01\n---\n## Scope\n\nWe collect little.\n")
	f.Fuzz(func(t *testing.T, name string) {
		file := content.Dir + "/" + name
		if !fs.ValidPath(file) {
			return
		}
		site, err := config.Parse([]byte(fuzzSite))
		if err != nil {
			t.Fatal(err)
		}
		fsys := fstest.MapFS{
			config.File: {Data: []byte(fuzzSite)},
			file:        {Data: version},
		}
		err = content.Load(fsys, site, content.Options{Drafts: true})
		if err == nil {
			for _, p := range site.Policies {
				if len(p.Versions) == 0 {
					t.Fatalf("no error, but policy %q has no versions", p.Slug)
				}
			}
			return
		}
		checkErrors(t, err, func(name string) bool { return fsys[name] != nil || dirOf(fsys, name) })
	})
}
