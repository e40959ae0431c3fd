package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// testFeed is a per-policy feed with two versions, newest first.
func testFeed() *Feed {
	return &Feed{
		Title:       "Privacy Policy — Harmoni Legal Center",
		Description: "Every change to the Privacy Policy of Harmoni Ai, LLC.",
		Language:    "en",
		HomeURL:     "https://legal.example.com/privacy/",
		URLs: URLs{
			RSS:  "https://legal.example.com/privacy/feed.xml",
			Atom: "https://legal.example.com/privacy/atom.xml",
			JSON: "https://legal.example.com/privacy/feed.json",
		},
		ID:      "tag:legal.example.com,2022-04-28:privacy",
		Author:  "Harmoni Ai, LLC",
		Updated: day(2024, 4, 15),
		Icon:    "https://legal.example.com/icon.png",
		Entries: []Entry{
			{
				ID:          "tag:legal.example.com,2024-05-15:privacy/2024-05-15",
				Title:       "Privacy Policy, effective 15 May 2024",
				URL:         "https://legal.example.com/privacy/2024-05-15/",
				ExternalURL: "https://legal.example.com/privacy/2024-05-15/changes/",
				Published:   day(2024, 4, 15),
				Updated:     day(2024, 4, 15),
				Summary:     "Added a section on California rights; shortened retention to 24 months & more <soon>.",
				ContentHTML: `<p><strong>Material change</strong>, effective 15 May 2024.</p>` +
					`<p>Retention: <del>36</del> <ins>24</ins> months.</p>` +
					`<p><a href="https://legal.example.com/privacy/2024-05-15/changes/">See what changed</a></p>`,
				Categories: []string{"material", "privacy"},
				Author:     "Harmoni Ai, LLC",
			},
			{
				ID:          "tag:legal.example.com,2022-04-28:privacy/2022-04-28",
				Title:       "Privacy Policy, effective 28 April 2022",
				URL:         "https://legal.example.com/privacy/2022-04-28/",
				Published:   day(2022, 4, 28),
				Summary:     "First published version.",
				ContentHTML: `<p>Editorial change, effective 28 April 2022.</p>`,
				Categories:  []string{"editorial", "privacy"},
			},
		},
	}
}

var formats = []struct {
	name   string // golden file in testdata
	write  func(*Feed) ([]byte, error)
	isJSON bool
}{
	{"feed.xml", RSS, false},
	{"atom.xml", Atom, false},
	{"feed.json", JSON, true},
}

func TestGolden(t *testing.T) {
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			got, err := ft.write(testFeed())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", ft.name)
			// The feeds are written compact; the golden copies are broken
			// into lines to be read. (In the XML, "><" is only ever between
			// two tags: text escapes "<".)
			if ft.isJSON {
				var indented bytes.Buffer
				if err := json.Indent(&indented, got, "", "  "); err != nil {
					t.Fatal(err)
				}
				got = indented.Bytes()
			} else {
				got = bytes.ReplaceAll(got, []byte("><"), []byte(">\n<"))
			}
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	// The same instants in another time zone must give the same bytes.
	zoned := testFeed()
	ny := time.FixedZone("EDT", -4*3600)
	zoned.Updated = zoned.Updated.In(ny)
	for i := range zoned.Entries {
		zoned.Entries[i].Published = zoned.Entries[i].Published.In(ny)
		zoned.Entries[i].Updated = zoned.Entries[i].Updated.In(ny)
	}
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			a, err := ft.write(testFeed())
			if err != nil {
				t.Fatal(err)
			}
			b, err := ft.write(testFeed())
			if err != nil {
				t.Fatal(err)
			}
			c, err := ft.write(zoned)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Error("two writes of the same feed differ")
			}
			if !bytes.Equal(a, c) {
				t.Errorf("the same instants in another time zone give other bytes:\n%s", c)
			}
		})
	}
}

func TestDoesNotModifyInput(t *testing.T) {
	f := testFeed()
	f.Entries[0].Title = "bad\x00title"
	f.Entries[1].Updated = time.Time{}
	for _, ft := range formats {
		if _, err := ft.write(f); err != nil {
			t.Fatal(err)
		}
	}
	if f.Entries[0].Title != "bad\x00title" || !f.Entries[1].Updated.IsZero() {
		t.Error("the caller's Feed was modified")
	}
}

func TestXMLDeclaration(t *testing.T) {
	for _, ft := range formats[:2] {
		out, err := ft.write(testFeed())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n")) {
			t.Errorf("%s does not start with the XML declaration: %.60q", ft.name, out)
		}
	}
}

func TestAtomLang(t *testing.T) {
	f := testFeed()
	out, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`)) {
		t.Errorf("no xml:lang on the Atom feed:\n%s", out)
	}
	f.Language = ""
	if out, err = Atom(f); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("lang=")) {
		t.Errorf("xml:lang written for an empty Language:\n%s", out)
	}
}

func TestEmptyFeed(t *testing.T) {
	f := testFeed()
	f.Entries = nil
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			out, err := ft.write(f)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, ft.isJSON, out)
			if ft.isJSON {
				var doc map[string]any
				if err := json.Unmarshal(out, &doc); err != nil {
					t.Fatal(err)
				}
				if items, ok := doc["items"].([]any); !ok || len(items) != 0 {
					t.Errorf("JSON Feed without an empty items array:\n%s", out)
				}
			}
		})
	}
	t.Run("no date", func(t *testing.T) {
		f.Updated = time.Time{}
		for _, ft := range formats {
			if _, err := ft.write(f); err == nil || !strings.Contains(err.Error(), "updated date is zero") {
				t.Errorf("%s: error %v, want one about the missing date", ft.name, err)
			}
		}
	})
}

func TestDateFallbacks(t *testing.T) {
	f := testFeed()
	f.Updated = time.Time{}
	f.Entries[0].Published = time.Time{} // takes Updated, 2024-04-15
	f.Entries[1].Updated = time.Time{}   // takes Published, 2022-04-28
	g, err := prepare(f)
	if err != nil {
		t.Fatal(err)
	}
	if !g.Updated.Equal(day(2024, 4, 15)) {
		t.Errorf("feed Updated = %v, want the newest entry's", g.Updated)
	}
	if !g.Entries[0].Published.Equal(day(2024, 4, 15)) {
		t.Errorf("entry 1 Published = %v, want its Updated", g.Entries[0].Published)
	}
	if !g.Entries[1].Updated.Equal(day(2022, 4, 28)) {
		t.Errorf("entry 2 Updated = %v, want its Published", g.Entries[1].Updated)
	}
}

func TestAtomAuthorFallback(t *testing.T) {
	f := testFeed()
	f.Author = ""
	out, err := Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	var doc atomFeed
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Author == nil || doc.Author.Name != f.Title {
		t.Errorf("Atom author = %+v, want the feed title %q", doc.Author, f.Title)
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Feed)
		want   []string // all must appear in the error
	}{
		{"no title", func(f *Feed) { f.Title = "\x00" }, []string{"title is empty"}},
		{"no home", func(f *Feed) { f.HomeURL = "" }, []string{"home URL is empty"}},
		{"relative home", func(f *Feed) { f.HomeURL = "/privacy/" }, []string{`home URL "/privacy/" is not an absolute URL`}},
		{"relative self", func(f *Feed) { f.URLs.Atom = "atom.xml" }, []string{`Atom URL "atom.xml" is not an absolute URL`}},
		{"relative icon", func(f *Feed) { f.Icon = "icon.png" }, []string{"icon URL"}},
		{"entry", func(f *Feed) {
			f.Entries[1] = Entry{ExternalURL: "changes/"}
		}, []string{
			"entry 2: id is empty",
			"entry 2: title is empty",
			"entry 2: URL is empty",
			`entry 2: external URL "changes/" is not an absolute URL`,
			"entry 2: both published and updated dates are zero",
		}},
		{"entry named by id", func(f *Feed) { f.Entries[0].URL = "x" },
			[]string{`feed "Privacy Policy — Harmoni Legal Center": entry 1 "tag:legal.example.com,2024-05-15:privacy/2024-05-15": URL "x" is not an absolute URL`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFeed()
			tt.change(f)
			for _, ft := range formats {
				out, err := ft.write(f)
				if err == nil {
					t.Fatalf("%s: no error; wrote\n%s", ft.name, out)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error\n%v\ndoes not contain %q", ft.name, err, w)
					}
				}
			}
		})
	}
	for _, ft := range formats {
		if _, err := ft.write(nil); err == nil {
			t.Errorf("%s(nil): no error", ft.name)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"},
		{"del\x7f c1\u0085", "del\x7f c1\u0085"}, // allowed by XML 1.0
		{"\ufffe\uffff\ufffd", "\ufffd"},
		{"bad\xffutf8\xc3", "badutf8"},
		{"🔒 سياسة \u202e", "🔒 سياسة \u202e"},
		{"“quoted” · fine", "“quoted” · fine"},
		{"é then \x01 late", "é then  late"},
		{"é then \xff late", "é then  late"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hostile is text a careless writer would turn into broken or dangerous
// markup.
const hostile = "</title><script>alert(\"x\")</script> & ]]> <![CDATA[ '\x00\x01\x1b\ufffe\xff " +
	"🔒👩‍⚖️ سياسة الخصوصية \u202eRTL\u202c \r\n\u2028end"

func hostileFeed() *Feed {
	f := testFeed()
	f.Title = hostile
	f.Description = hostile
	f.Author = hostile
	f.HomeURL = "https://legal.example.com/privacy/?a=1&b=<2>\x00"
	f.URLs.Atom = "https://legal.example.com/privacy/atom.xml?x=\"y\""
	for i := range f.Entries {
		e := &f.Entries[i]
		e.ID += hostile
		e.Title = hostile
		e.Summary = hostile
		e.ContentHTML = "<p>" + hostile + "</p>"
		e.Categories = []string{hostile, "\x00", "]]>"}
		e.Author = hostile
	}
	return f
}

func TestHostile(t *testing.T) {
	want := clean(hostile)
	if strings.ContainsAny(want, "\x00\x01\x1b\ufffe") {
		t.Fatalf("clean left forbidden characters in %q", want)
	}
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			out, err := ft.write(hostileFeed())
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, ft.isJSON, out)
			if !ft.isJSON && bytes.Contains(out, []byte("<script")) {
				t.Errorf("unescaped <script in %s:\n%s", ft.name, out)
			}
			if !ft.isJSON && bytes.Contains(out, []byte("]]>")) {
				t.Errorf("literal ]]> in %s:\n%s", ft.name, out)
			}
		})
	}

	// The text reads back exactly, cleaned.
	out, err := Atom(hostileFeed())
	if err != nil {
		t.Fatal(err)
	}
	var a atomFeed
	if err := xml.Unmarshal(out, &a); err != nil {
		t.Fatal(err)
	}
	if a.Title.text() != want || a.Entries[0].Summary.text() != want || a.Entries[1].Categories[0].Term != want {
		t.Errorf("Atom text read back as %q, want %q", a.Title.text(), want)
	}
	if got := a.Entries[0].Content.text(); got != "<p>"+want+"</p>" {
		t.Errorf("Atom content read back as %q", got)
	}
	if n := len(a.Entries[0].Categories); n != 2 {
		t.Errorf("%d categories, want 2 (the empty one dropped)", n)
	}

	out, err = RSS(hostileFeed())
	if err != nil {
		t.Fatal(err)
	}
	var r rssDoc
	if err := xml.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if r.Channel.Title != want || r.Channel.Items[0].Title != want {
		t.Errorf("RSS title read back as %q, want %q", r.Channel.Title, want)
	}

	out, err = JSON(hostileFeed())
	if err != nil {
		t.Fatal(err)
	}
	var j jsonFeed
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	if j.Title != want || j.Items[1].Summary != want || j.Items[0].Tags[0] != want {
		t.Errorf("JSON title read back as %q, want %q", j.Title, want)
	}
}

// checkWellFormed fails t unless out is valid JSON, or XML that a strict
// encoding/xml Decoder reads to the end.
func checkWellFormed(t *testing.T, isJSON bool, out []byte) {
	t.Helper()
	if isJSON {
		if !json.Valid(out) {
			t.Errorf("invalid JSON:\n%s", out)
		}
		return
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("not well-formed XML: %v\n%s", err, out)
			return
		}
	}
}

// TestAtomSchema validates Atom output against the RELAX NG grammar of
// RFC 4287, kept in the shared folder beside the repository.
func TestAtomSchema(t *testing.T) {
	jing, err := exec.LookPath("jing")
	if err != nil {
		t.Skip("jing is not installed (Debian package jing)")
	}
	schema := filepath.Join("..", "..", "..", "shared", "schemas", "atom-rfc4287.rnc")
	if _, err := os.Stat(schema); err != nil {
		t.Skipf("no RELAX NG schema: %v", err)
	}
	empty := testFeed()
	empty.Entries = nil
	minimal := &Feed{
		Title:   "Changes",
		HomeURL: "https://legal.example.com/",
		Updated: day(2024, 4, 15),
		Entries: []Entry{{ID: "tag:legal.example.com,2024:x", Title: "x", URL: "https://legal.example.com/x/", Updated: day(2024, 4, 15)}},
	}
	dir := t.TempDir()
	for name, f := range map[string]*Feed{
		"two":     testFeed(),
		"empty":   empty,
		"minimal": minimal,
		"hostile": hostileFeed(),
	} {
		t.Run(name, func(t *testing.T) {
			out, err := Atom(f)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, name+".xml")
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			msg, err := exec.Command(jing, "-c", schema, file).CombinedOutput()
			if err != nil {
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Fatal(err)
				}
				t.Errorf("jing: %v\n%s\n%s", err, msg, out)
			}
		})
	}
}

func TestContentFallbacks(t *testing.T) {
	f := testFeed()
	f.Entries[0].Summary = ""            // RSS description takes the HTML
	f.Entries[1].ContentHTML = ""        // JSON content_text takes the summary
	f.Entries = append(f.Entries, Entry{ // nothing but a title
		ID: "tag:legal.example.com,2021-01-01:privacy/2021-01-01", Title: "Bare",
		URL: "https://legal.example.com/privacy/2021-01-01/", Published: day(2021, 1, 1),
	})

	out, err := RSS(f)
	if err != nil {
		t.Fatal(err)
	}
	var r rssDoc
	if err := xml.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if it := r.Channel.Items[0]; it.Description.text() != f.Entries[0].ContentHTML || it.Content != nil {
		t.Errorf("RSS item without summary: description %q, content:encoded %q", it.Description.text(), it.Content.text())
	}
	if it := r.Channel.Items[2]; it.Description != nil || it.Content != nil {
		t.Errorf("RSS item without text: description %q, content:encoded %q", it.Description.text(), it.Content.text())
	}

	out, err = JSON(f)
	if err != nil {
		t.Fatal(err)
	}
	var j jsonFeed
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ html, text string }{
		{f.Entries[0].ContentHTML, ""},
		{"", f.Entries[1].Summary},
		{"", "Bare"},
	} {
		if it := j.Items[i]; it.ContentHTML != want.html || it.ContentText != want.text {
			t.Errorf("JSON item %d: content_html %q content_text %q, want %q %q", i, it.ContentHTML, it.ContentText, want.html, want.text)
		}
	}

	out, err = Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(out, []byte("<content ")) != 1 || bytes.Count(out, []byte("<summary ")) != 1 {
		t.Errorf("Atom wrote empty summary or content elements:\n%s", out)
	}
}

// text reads back the text an atomText carries as inner XML.
func (t *atomText) text() string { return unescapeText(t.Body) }

func (h *rssHTML) text() string {
	if h == nil {
		return ""
	}
	return unescapeText(h.Body)
}

// unescapeText decodes character data as an XML parser would.
func unescapeText(inner string) string {
	var s string
	d := xml.NewDecoder(strings.NewReader("<t>" + inner + "</t>"))
	for {
		tok, err := d.Token()
		if err != nil {
			return s
		}
		if c, ok := tok.(xml.CharData); ok {
			s += string(c)
		}
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"plain text, \"quoted\" & 'so'": "plain text, \"quoted\" &amp; 'so'",
		"<p class=\"x\">a\nb</p>":       "&lt;p class=\"x\"&gt;a\nb&lt;/p&gt;",
		"]]> and\r\n":                   "]]&gt; and&#13;\n",
	} {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzEscapeText checks that any text, once cleaned, reads back exactly
// from what escapeText makes of it.
func FuzzEscapeText(f *testing.F) {
	for _, s := range []string{"a & b", "<p>\r\n</p>", "]]>", "\"'\t", hostile} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = clean(s)
		if got := unescapeText(escapeText(s)); got != s {
			t.Fatalf("%q read back as %q", s, got)
		}
	})
}
