package markdown

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	gounsafe "unsafe"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

func TestSectionStarts(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []int
	}{
		{"sections", "Intro.\n\n## One\n\nText.\n## Two\n", []int{0, 8, 22}},
		{"starts with a heading", "## One\n\nText.\n\n## Two", []int{0, 15}},
		{"bare ##", "A\n##\nB", []int{0, 2}},
		{"tab", "A\n##\tB", []int{0, 2}},
		{"level 3", "Intro.\n### Three\n#### Four\n###", []int{0, 7, 27}},
		{"no section", "Text only.\n#### Four\n", []int{0}},
		{"not a heading", "A\n##B\n###C\n #### C\n   ## indented\n\\## escaped", []int{0}},
		{"fence", "## A\n```\n## not a heading\n```\n", nil},
		{"tilde fence in a list", "## A\n- x\n  ~~~\n## B\n", nil},
		{"raw html", "## A\n<div>\n## in the div\n</div>\n", nil},
		{"html comment", "## A\n  <!--\n## B\n-->\n", nil},
		{"reference definition", "## A\n[x]\n## B\n\n[x]: https://x.example/\n", nil},
		{"carriage return", "## A\r\n## B\r\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sectionStarts([]byte(tc.in)); !slices.Equal(got, tc.want) {
				t.Errorf("sectionStarts(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// convertWhole is what Convert returns without cutting src into sections.
func convertWhole(c *Converter, src string, opts Options) (*model.Document, diag.List) {
	doc, errs, _ := c.convert([]byte(src), opts)
	return doc, errs
}

// sameDocument reports how got differs from want, taking an empty slice
// for a nil one, and a document of pieces for the one they make.
func sameDocument(t *testing.T, src string, got, want *model.Document) {
	t.Helper()
	type flat struct {
		HTML     string
		Headings []model.Heading
		Blocks   []model.Block
		Links    []model.Link
		Words    int
	}
	norm := func(d *model.Document) flat {
		f := flat{d.HTML(), d.Headings, d.Blocks(), d.Links, d.Words}
		if len(f.Headings) == 0 {
			f.Headings = nil
		}
		if len(f.Blocks) == 0 {
			f.Blocks = nil
		}
		if len(f.Links) == 0 {
			f.Links = nil
		}
		return f
	}
	g, w := norm(got), norm(want)
	if g.HTML != w.HTML {
		t.Fatalf("%q: HTML by sections\n%s\nwant, in one piece,\n%s", src, g.HTML, w.HTML)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%q: document by sections\n%+v\nwant, in one piece,\n%+v", src, g, w)
	}
}

// sectionDocs are documents whose sections depend on one another.
var sectionDocs = []string{
	"Intro with a [link](https://a.example/).\n\n## One\n\nText {{ entity.name }}.\n\n### Sub\n\n- a\n- b\n\n## Two\n\nSee <https://b.example/>.\n",
	"## FAQ\n\nA.\n\n## FAQ\n\nB.\n\n## FAQ {#faq-1}\n",
	"## Scope\n\nx\n\n## Other {#scope}\n",
	"## One\n\n| A |\n|---|\n| 1 |\n\n##\n\n| B |\n|---|\n| 2 |\n\n## Three\n\n| C |\n|---|\n| 3 |\n",
	"### Before\n\n## One\n### Sub\n## Two\n### Sub\n",
	"### Zero\n## One\n### A\n\n| a |\n|---|\n| 1 |\n### B\n#### B.x\n## Two\n### C\n\n| c |\n|---|\n| 3 |\n###\n\n| d |\n|---|\n| 4 |\n",
	"- item\n  continued\n## Heading\n> quote\nlazy\n## Next\n1. one\n\n2. two\n\n## Last",
	"## Bad {#a b}\n\n## Fine\n\n## Unknown {{ entity.fax }}\n",
	"# Title\n\n## One\n",
	"Para\n## Inline `code\n## span` here\n",
	"## Ends without a newline",
}

func TestSectionsRenderAsWhole(t *testing.T) {
	seeds := append(append(caseInputs(), sectionDocs...), blocksDoc)
	for _, unsafeHTML := range []bool{false, true} {
		c := New(Config{UnsafeHTML: unsafeHTML})
		for _, numbering := range []bool{false, true} {
			for _, src := range seeds {
				checkSectionsRenderAsWhole(t, c, src, Options{File: "p.md", LineOffset: 7, Numbering: numbering, Resolve: testResolve, BySection: true})
			}
		}
	}
}

// checkSectionsRenderAsWhole checks that Convert gives what c gives for
// src rendered in one piece.
func checkSectionsRenderAsWhole(t *testing.T, c *Converter, src string, opts Options) {
	t.Helper()
	got, gotErrs := c.Convert([]byte(src), opts)
	want, wantErrs := convertWhole(c, src, opts)
	sameDocument(t, src, got, want)
	if !reflect.DeepEqual(gotErrs, wantErrs) {
		t.Fatalf("%q: errors %v, want %v", src, gotErrs, wantErrs)
	}
}

func TestSectionsAreKept(t *testing.T) {
	v1 := "Intro.\n\n## One\n\nFirst text.\n\n## Two\n\nSecond text, [a link](https://a.example/).\n"
	v2 := "Intro.\n\n## One\n\nFirst text, edited.\n\n## Two\n\nSecond text, [a link](https://a.example/).\n"
	c := New(Config{})
	opts := Options{File: "p.md", LineOffset: 3, Numbering: true, BySection: true}
	d1, errs := c.Convert([]byte(v1), opts)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	d2, errs := c.Convert([]byte(v2), Options{File: "q.md", LineOffset: 5, Numbering: true, BySection: true})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := len(c.sections.m); n != 4 {
		t.Errorf("%d sections kept, want 4 (the intro, two of One, Two)", n)
	}
	same := func(a, b string) bool { return gounsafe.StringData(a) == gounsafe.StringData(b) }
	b1, b2 := d1.Blocks(), d2.Blocks()
	last1, last2 := b1[len(b1)-1], b2[len(b2)-1]
	if last1.HTML != last2.HTML || !same(last1.HTML, last2.HTML) {
		t.Errorf("section Two was rendered again: %q", last2.HTML)
	}
	if b1[2].HTML == b2[2].HTML {
		t.Errorf("the edited paragraph was not rendered again: %q", b2[2].HTML)
	}
	// The link is on the body's line 9 in both: its file line follows
	// each version's own front matter.
	if d1.Links[0].Line != 12 || d2.Links[0].Line != 14 {
		t.Errorf("link lines %d and %d, want 12 and 14", d1.Links[0].Line, d2.Links[0].Line)
	}
	for _, v := range []struct {
		src string
		doc *model.Document
	}{{v1, d1}, {v2, d2}} {
		want, _ := convertWhole(c, v.src, Options{File: "p.md", LineOffset: 3, Numbering: true})
		if v.doc.HTML() != want.HTML() {
			t.Errorf("HTML by sections\n%s\nwant\n%s", v.doc.HTML(), want.HTML())
		}
	}
}

func TestWithoutBySectionNothingIsKept(t *testing.T) {
	c := New(Config{})
	doc, errs := c.Convert([]byte("Intro.\n\n## One\n\nText.\n"), Options{File: "p.md"})
	if len(errs) > 0 || len(doc.Headings) != 1 {
		t.Fatalf("doc %+v, errors %v", doc, errs)
	}
	if n := len(c.sections.m); n != 0 {
		t.Errorf("%d sections kept, want none", n)
	}
}

// A kept section is not used where its placeholders have other values:
// it is rendered again, and both renderings are kept.
func TestSectionsKeepPlaceholderValues(t *testing.T) {
	src := "Intro.\n\n## Contact\n\nWrite to {{ entity.email }}.\n"
	c := New(Config{})
	for _, email := range []string{"a@example.com", "b@example.com", "a@example.com"} {
		resolve := func(key string) (string, bool) { return email, key == "entity.email" }
		doc, errs := c.Convert([]byte(src), Options{File: "p.md", Resolve: resolve, BySection: true})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if !strings.Contains(doc.HTML(), "Write to "+email+".") {
			t.Errorf("want %s in\n%s", email, doc.HTML())
		}
	}
	variants := 0
	for _, vs := range c.sections.m {
		variants += len(vs.list)
	}
	if n := len(c.sections.m); n != 2 || variants != 3 {
		t.Errorf("%d sections in %d variants kept, want 2 in 3 (the intro, Contact for each address)", n, variants)
	}
}

// FuzzSectionsRenderAsWhole checks that a document rendered by sections,
// some of them kept from another document, is the document rendered in
// one piece.
func FuzzSectionsRenderAsWhole(f *testing.F) {
	for i, src := range sectionDocs {
		f.Add(src, sectionDocs[(i+1)%len(sectionDocs)], i%2 == 0, i%3 == 0)
	}
	f.Add(blocksDoc, blocksDoc+"\n## More\n", true, false)
	f.Fuzz(func(t *testing.T, a, b string, numbering, unsafeHTML bool) {
		c := New(Config{UnsafeHTML: unsafeHTML})
		for _, src := range []string{a, b, a + b, b + a} {
			checkSectionsRenderAsWhole(t, c, src, Options{File: "f.md", LineOffset: 2, Numbering: numbering, Resolve: testResolve, BySection: true})
		}
	})
}

// Versions converted side by side, as a load does, share their sections
// and each comes out as its whole rendering. (Run with -race.)
func TestSectionsConcurrently(t *testing.T) {
	base := benchDocument(800)
	var versions []string
	for i := range 8 {
		heading := fmt.Sprintf("## Section %d: What We Collect\n\nWe", i%4+1)
		versions = append(versions, strings.Replace(base, heading, heading+" "+strconv.Itoa(i), 1))
	}
	c := New(Config{})
	opts := Options{File: "p.md", Numbering: true, Resolve: testResolve, BySection: true}
	docs := make([]*model.Document, 4*len(versions))
	var wg sync.WaitGroup
	for i := range docs {
		wg.Go(func() {
			doc, errs := c.Convert([]byte(versions[i%len(versions)]), opts)
			if len(errs) > 0 {
				t.Error(errs)
			}
			docs[i] = doc
		})
	}
	wg.Wait()
	for i, doc := range docs {
		want, _ := convertWhole(c, versions[i%len(versions)], opts)
		sameDocument(t, versions[i%len(versions)], doc, want)
	}
}
