package markdown

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	src, _ := os.ReadFile(os.Getenv("SCRATCH"))
	c := New(Config{UnsafeHTML: os.Getenv("UNSAFE") != ""})
	res := map[string]string{"entity.name": "Harmoni <Ai>, LLC", "entity.email": "privacy@example.com"}
	doc, errs := c.Convert(src, Options{File: "x.md", LineOffset: 3, Numbering: true, Resolve: func(k string) (string, bool) { v, ok := res[k]; return v, ok }})
	fmt.Println(doc.HTML)
	for _, h := range doc.Headings { fmt.Printf("H %+v\n", h) }
	for _, b := range doc.Blocks { fmt.Printf("B %s sec=%q lvl=%d text=%q cells=%q\n   html=%q\n", b.Kind, b.Section, b.Level, b.Text, b.Cells, b.HTML) }
	for _, l := range doc.Links { fmt.Printf("L %+v\n", l) }
	fmt.Println("words", doc.Words)
	for _, e := range errs { fmt.Println("E", e) }
}
