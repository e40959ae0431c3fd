package markdown

import (
	"strings"
	"testing"
)

// FuzzConvert checks that Convert never panics, that every document it
// returns is complete, and that a conversion without errors gives unique
// heading ids. It is seeded from the table tests.
func FuzzConvert(f *testing.F) {
	seeds := append(caseInputs(), blocksDoc)
	for i, s := range seeds {
		f.Add(s, i%2 == 0, i%3 == 0)
	}

	f.Fuzz(func(t *testing.T, src string, numbering, unsafeHTML bool) {
		c := safe
		if unsafeHTML {
			c = unsafe
		}
		doc, errs := c.Convert([]byte(src), Options{File: "f.md", LineOffset: 2, Numbering: numbering, Resolve: testResolve})
		if doc == nil {
			t.Fatal("nil document")
		}
		for _, e := range errs {
			if strings.HasPrefix(e.Msg, "internal error") {
				t.Fatalf("%v", e)
			}
			if e.Pos.File != "f.md" || e.Pos.Line < 3 || e.Pos.Col < 1 {
				t.Errorf("error without a full position: %v", e)
			}
		}
		for _, l := range doc.Links {
			if l.Line < 3 {
				t.Errorf("link %+v before the body", l)
			}
		}
		for _, b := range doc.Blocks() {
			if b.HTML == "" {
				t.Errorf("block without HTML: %+v", b)
			}
		}
		if len(errs) > 0 {
			return
		}
		seen := map[string]bool{}
		for _, h := range doc.Headings {
			if h.ID == "" || seen[h.ID] {
				t.Fatalf("heading id %q empty or repeated: %+v", h.ID, doc.Headings)
			}
			seen[h.ID] = true
		}
	})
}

// caseInputs are the Markdown inputs of the table tests.
func caseInputs() []string {
	var in []string
	for _, c := range dialectCases {
		in = append(in, c.in)
	}
	for _, c := range idCases {
		in = append(in, c.in)
	}
	for _, c := range numberingCases {
		in = append(in, c.in)
	}
	for _, c := range placeholderCases {
		in = append(in, c.in)
	}
	for _, c := range rawHTMLCases {
		in = append(in, c.in)
	}
	for _, c := range linkCases {
		in = append(in, c.in)
	}
	for _, c := range tableCases {
		in = append(in, c.in)
	}
	for _, c := range errorCases {
		in = append(in, c.in)
	}
	return in
}
