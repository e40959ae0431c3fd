package diff

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

func TestHTMLEscapes(t *testing.T) {
	old := parseDoc(t, `h2 scope Scope <b>
p scope Send <script>alert(1)</script> & "quotes" to us.
tr scope a<b | c & d`)
	new := parseDoc(t, `h2 scope Scope <i>
p scope Send <script>alert(2)</script> & "quotes" to us.
tr scope a<b | c & e`)
	out := Compare(old, new).HTML()
	for _, bad := range []string{"<script>", "<b>", "<i>", "& d", `"quotes"`} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML holds unescaped %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(", "Scope &lt;", "c &amp; "} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q:\n%s", want, out)
		}
	}
}

// TestHTMLKeepsNumberedLists: numbered clauses stay numbered in a
// redline, from the number their list starts at, and a bulleted list
// next to them stays bulleted.
func TestHTMLKeepsNumberedLists(t *testing.T) {
	old := parseDoc(t, `h2 use Use
p use We use it to:
oli use 1 3 provide the service;
oli use 1 4 answer you;
li use 1 a bullet`)
	new := parseDoc(t, `h2 use Use
p use We use it to:
oli use 1 3 provide and secure the service;
oli use 1 4 answer you;
oli use 1 5 send notices;
li use 1 a bullet`)
	out := Compare(old, new).HTML()
	want := []string{
		`<ol class="diff-list" start="3">`,
		`<li>provide <ins>`,
		`<li class="diff-ins"><ins>`,
		"</ol>\n<ul class=\"diff-list\">\n<li>a bullet</li>\n</ul>",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("redline lacks %q:\n%s", w, out)
		}
	}
	if strings.Count(out, "<ol") != 1 || strings.Count(out, "<ul") != 1 {
		t.Errorf("want one numbered and one bulleted list:\n%s", out)
	}
}

func TestHTMLIDsArePrefixed(t *testing.T) {
	doc := parseDoc(t, "h2 scope Scope\np scope Text.\nh2 contact Contact\np contact Text.")
	next := parseDoc(t, "h2 scope Scope\np scope Text changed.\nh2 contact Contact\np contact Text.")
	out := Compare(doc, next).HTML()
	ids := regexp.MustCompile(`id="([^"]*)"`).FindAllStringSubmatch(out, -1)
	if len(ids) != 2 {
		t.Fatalf("want 2 ids, got %q in\n%s", ids, out)
	}
	seen := map[string]bool{}
	for _, m := range ids {
		if !strings.HasPrefix(m[1], IDPrefix) || seen[m[1]] {
			t.Errorf("id %q is not prefixed with %q or repeats", m[1], IDPrefix)
		}
		seen[m[1]] = true
		if !strings.Contains(out, `aria-labelledby="`+m[1]+`"`) {
			t.Errorf("no section is labelled by %q", m[1])
		}
	}
	if !strings.Contains(out, "<summary>1 section unchanged</summary>") {
		t.Errorf("want a singular fold line in\n%s", out)
	}
}

func TestHTMLNotes(t *testing.T) {
	doc := parseDoc(t, "h2 scope Scope\np scope Text.")
	if out := Compare(doc, doc).HTML(); !strings.Contains(out, "No changes") || strings.Contains(out, "<ins") || strings.Contains(out, "<del") {
		t.Errorf("identical versions: want a no-change note and no marks, got\n%s", out)
	}
	if out := Compare(nil, doc).HTML(); !strings.Contains(out, "First version") {
		t.Errorf("first version: want a note, got\n%s", out)
	}
	var b strings.Builder
	r := Compare(doc, parseDoc(t, "h2 scope Scope\np scope Other text."))
	if err := r.WriteHTML(&b); err != nil || b.String() != r.HTML() {
		t.Errorf("WriteHTML differs from HTML (err %v)", err)
	}
}

func TestTextColor(t *testing.T) {
	r := Compare(parseDoc(t, "p - We keep data for 36 months."), parseDoc(t, "p - We keep data for 24 months."))
	got := r.Text(true)
	if !strings.Contains(got, "\x1b[31m36\x1b[0m\x1b[32m24\x1b[0m") {
		t.Errorf("Text(true) = %q, want red 36 and green 24", got)
	}
	if strings.Contains(got, "[-") || strings.Contains(got, "[+") {
		t.Errorf("Text(true) = %q holds plain-text markers", got)
	}
}

func TestCompareNilNew(t *testing.T) {
	r := Compare(parseDoc(t, "h2 scope Scope\np scope Text."), nil)
	if r.Removed != 1 || len(r.Sections) != 1 || r.Sections[0].Status != Removed {
		t.Errorf("Compare(doc, nil): want one removed section, got %+v", r)
	}
}

// TestHTMLWellFormed checks the golden HTML of every case: tags balance,
// list items sit in a list, rows in a table, and ids are unique.
func TestHTMLWellFormed(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	tag := regexp.MustCompile(`<(/?)([a-z0-9]+)([^>]*)>`)
	void := map[string]bool{"hr": true, "br": true, "img": true, "wbr": true}
	parent := map[string][]string{"li": {"ul", "ol"}, "tr": {"tbody", "thead", "table"}, "td": {"tr"}, "th": {"tr"}, "summary": {"details"}}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := fileOf(ar, "html")
		var stack []string
		ids := map[string]bool{}
		for _, m := range tag.FindAllStringSubmatch(out, -1) {
			name := m[2]
			if void[name] {
				continue
			}
			if m[1] == "/" {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					t.Errorf("%s: </%s> closes %v", file, name, stack)
					break
				}
				stack = stack[:len(stack)-1]
				continue
			}
			if want, ok := parent[name]; ok && (len(stack) == 0 || !slices.Contains(want, stack[len(stack)-1])) {
				t.Errorf("%s: <%s> inside %v", file, name, stack)
			}
			if id := regexp.MustCompile(`id="([^"]*)"`).FindStringSubmatch(m[3]); id != nil {
				if ids[id[1]] {
					t.Errorf("%s: id %q repeats", file, id[1])
				}
				ids[id[1]] = true
			}
			stack = append(stack, name)
		}
		if len(stack) > 0 {
			t.Errorf("%s: unclosed %v", file, stack)
		}
	}
}
