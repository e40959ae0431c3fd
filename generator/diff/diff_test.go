package diff

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the text and html sections of testdata/*.txt")

// A case is a txtar file with these files:
//
//	old      the old version in the block line format (absent: a first version)
//	new      the new version in the block line format
//	summary  hand-written expectation: a counts line, then one line per section
//	text     golden Text(false) output (rewritten by -update)
//	html     golden HTML() output (rewritten by -update)
//
// The block line format is one block per line, "kind section rest":
//
//	h2 scope Scope          a heading: level 2, id scope, text Scope ("h2 scope 1. | Scope" numbers it)
//	p scope Some text       a paragraph in section scope ("-" is the preamble)
//	li scope 1 Item text    a list item at nesting level 1
//	tr scope a | b | c      a table row ("th" instead of "tr" for a header row)
//	code, quote, html       a code block, a quote, a raw HTML block
//	hr scope                a thematic break
//
// A line may end in " ## <html>" to give the block's HTML; otherwise it is
// rendered from the text. Lines starting with "#" and blank lines are skipped.
func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, ar)
			r := Compare(c.old, c.new)
			summary := summaryOf(r)
			text, htm := r.Text(false), r.HTML()
			if *update {
				setFile(ar, "text", text)
				setFile(ar, "html", htm)
				if _, ok := fileOf(ar, "summary"); !ok {
					setFile(ar, "summary", summary)
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, _ := fileOf(ar, "summary")
			if summary != want {
				t.Errorf("summary:\n got:\n%s want:\n%s", summary, want)
			}
			if want, _ := fileOf(ar, "text"); text != want {
				t.Errorf("Text(false):\n got:\n%s want:\n%s", text, want)
			}
			if want, _ := fileOf(ar, "html"); htm != want {
				t.Errorf("HTML():\n got:\n%s want:\n%s", htm, want)
			}
			checkInvariants(t, c, r)
		})
	}
}

// summaryOf prints the counts and each section's alignment and status.
func summaryOf(r *Redline) string {
	var b strings.Builder
	fmt.Fprintf(&b, "first=%v added=%d removed=%d changed=%d moved=%d renamed=%d unchanged=%d\n",
		r.First, r.Added, r.Removed, r.Changed, r.Moved, r.Renamed, r.Unchanged)
	for _, s := range r.Sections {
		id := s.ID
		switch {
		case s.Status.Has(Removed):
			id = s.OldID
		case s.Status.Has(Renamed) && s.OldID != s.ID:
			id = s.OldID + "->" + s.ID
		}
		if s.Preamble {
			id = "-"
		}
		fmt.Fprintf(&b, "%s: %s\n", id, s.Status)
	}
	return b.String()
}

// checkInvariants checks what must hold for every redline: the old and new
// blocks appear in order, each exactly once, and word ops rebuild the text.
func checkInvariants(t *testing.T, c testCase, r *Redline) {
	t.Helper()
	var olds, news []*model.Block
	for _, s := range r.Sections {
		for _, bd := range s.Blocks {
			if bd.Old != nil {
				olds = append(olds, bd.Old)
			}
			if bd.New != nil {
				news = append(news, bd.New)
			}
			if bd.Op == Modify && bd.Kind != model.BlockTableRow {
				o, n := apply(bd.Words)
				if o != collapse(bd.Old.Text) && o != bd.Old.Text || n != collapse(bd.New.Text) && n != bd.New.Text {
					t.Errorf("word ops %v do not rebuild %q → %q", bd.Words, bd.Old.Text, bd.New.Text)
				}
			}
		}
	}
	count := func(d *model.Document) int {
		n := 0
		if d != nil {
			for _, b := range d.Blocks() {
				if b.Kind != model.BlockHeading {
					n++
				}
			}
		}
		return n
	}
	if len(olds) != count(c.old) || len(news) != count(c.new) {
		t.Errorf("redline holds %d old and %d new blocks, want %d and %d", len(olds), len(news), count(c.old), count(c.new))
	}
	if r.Added+r.Removed+r.Unchanged > len(r.Sections) {
		t.Errorf("counts exceed the %d sections", len(r.Sections))
	}
}

type testCase struct{ old, new *model.Document }

func parseCase(t *testing.T, ar *txtar.Archive) testCase {
	t.Helper()
	var c testCase
	if s, ok := fileOf(ar, "old"); ok {
		c.old = parseDoc(t, s)
	}
	s, ok := fileOf(ar, "new")
	if !ok {
		t.Fatal("no new file")
	}
	c.new = parseDoc(t, s)
	return c
}

func fileOf(ar *txtar.Archive, name string) (string, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

func setFile(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// parseDoc reads a document in the block line format.
func parseDoc(t testing.TB, src string) *model.Document {
	t.Helper()
	doc, err := parseLines(src, true)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// parseLines reads a document in the block line format. When not strict,
// as for fuzzing, a line it cannot read becomes a paragraph.
func parseLines(src string, strict bool) (*model.Document, error) {
	var (
		headings []model.Heading
		blocks   []model.Block
		words    int
	)
	seen := map[string]bool{}
	for n, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var explicit string
		if i := strings.Index(line, " ## "); i >= 0 {
			line, explicit = line[:i], line[i+4:]
		}
		kind, rest, _ := strings.Cut(line, " ")
		sec, text, _ := strings.Cut(rest, " ")
		if sec == "-" {
			sec = ""
		}
		b := model.Block{Section: sec, Text: text}
		esc := html.EscapeString(text)
		switch kind {
		case "h2", "h3", "h4", "h5", "h6":
			if seen[sec] && !strict {
				sec += "-" + strconv.Itoa(n)
				b.Section = sec
			}
			seen[sec] = true
			level := int(kind[1] - '0')
			h := model.Heading{Level: level, ID: sec, Text: text}
			if num, title, ok := strings.Cut(text, " | "); ok {
				h.Number, h.Text = num, title
			}
			headings = append(headings, h)
			b.Kind, b.Level, b.Text = model.BlockHeading, level, h.Text
			b.HTML = fmt.Sprintf("<%s id=%q>%s</%s>", kind, sec, html.EscapeString(h.Text), kind)
		case "p":
			b.Kind, b.HTML = model.BlockParagraph, "<p>"+esc+"</p>"
		case "li":
			lv, item, _ := strings.Cut(text, " ")
			level, err := strconv.Atoi(lv)
			if err != nil && strict {
				return nil, fmt.Errorf("line %d: li needs a level: %q", n+1, line)
			}
			b.Kind, b.Level, b.Text, b.HTML = model.BlockListItem, level, item, "<li>"+html.EscapeString(item)+"</li>"
		case "oli": // an item of a numbered list: oli SECTION LEVEL NUMBER TEXT
			lv, rest, _ := strings.Cut(text, " ")
			num, item, _ := strings.Cut(rest, " ")
			level, err1 := strconv.Atoi(lv)
			number, err2 := strconv.Atoi(num)
			if (err1 != nil || err2 != nil) && strict {
				return nil, fmt.Errorf("line %d: oli needs a level and a number: %q", n+1, line)
			}
			b.Kind, b.Level, b.Number, b.Text, b.HTML = model.BlockListItem, level, number, item, "<li>"+html.EscapeString(item)+"</li>"
		case "tr", "th":
			cell := "td"
			if kind == "th" {
				cell = "th"
			}
			b.Kind = model.BlockTableRow
			var h strings.Builder
			h.WriteString("<tr>")
			for c := range strings.SplitSeq(text, "|") {
				c = strings.TrimSpace(c)
				b.Cells = append(b.Cells, c)
				h.WriteString("<" + cell + ">" + html.EscapeString(c) + "</" + cell + ">")
			}
			h.WriteString("</tr>")
			b.Text, b.HTML = strings.Join(b.Cells, " "), h.String()
		case "code":
			b.Kind, b.HTML = model.BlockCode, "<pre><code>"+esc+"</code></pre>"
		case "quote":
			b.Kind, b.HTML = model.BlockQuote, "<blockquote><p>"+esc+"</p></blockquote>"
		case "html":
			b.Kind, b.HTML = model.BlockHTML, "<div>"+esc+"</div>"
		case "hr":
			b.Kind, b.HTML, b.Text = model.BlockRule, "<hr>", ""
		default:
			if strict {
				return nil, fmt.Errorf("line %d: unknown block kind %q", n+1, kind)
			}
			b.Kind, b.Text, b.HTML = model.BlockParagraph, line, "<p>"+html.EscapeString(line)+"</p>"
		}
		if explicit != "" {
			b.HTML = explicit
		}
		blocks = append(blocks, b)
		words += len(strings.Fields(b.Text))
	}
	doc := model.NewDocument("", blocks)
	doc.Headings, doc.Words = headings, words
	return doc, nil
}

// FuzzCompare checks on any two documents in the line format that Compare
// keeps every block once, in order, and that rendering does not fail.
func FuzzCompare(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		old, _ := fileOf(ar, "old")
		new, _ := fileOf(ar, "new")
		f.Add(old, new)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		old, _ := parseLines(a, false)
		new, _ := parseLines(b, false)
		r := Compare(old, new)
		checkInvariants(t, testCase{old, new}, r)
		r.Text(false)
		r.HTML()
	})
}

// apply rebuilds the old and the new text from word ops.
func apply(ops []WordOp) (old, new string) {
	var o, n bytes.Buffer
	for _, w := range ops {
		if w.Op != Insert {
			o.WriteString(w.Text)
		}
		if w.Op != Delete {
			n.WriteString(w.Text)
		}
	}
	return o.String(), n.String()
}

// TestCollapse checks collapse against its definition, strings.Fields
// joined by spaces, on texts that take its fast path and texts that
// leave it (Unicode white space among them).
func TestCollapse(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb",
		"Données personnelles — § 5.3", "a\u00a0b", "a \u00a0b", "a\u2003", "\u3000a",
		"über  uns", "ß", "日本語 テキスト", "a\u200bb", // a zero-width space is not white space
		"\xff \xfe", "a \x85b", "a\u0085b",
	} {
		want := strings.Join(strings.Fields(s), " ")
		if got := collapse(s); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapse(f *testing.F) {
	f.Add("a  b\u00a0c — d")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}
