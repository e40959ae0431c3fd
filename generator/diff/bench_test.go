package diff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
)

var benchWords = strings.Fields(`personal data we collect process store share retain
delete request account service provider processor controller consent legitimate
interest contract legal obligation security breach notify transfer country
adequacy decision safeguard clause cookie analytics marketing email address
name phone payment card device browser location children rights access rectify
erase restrict object portability complaint authority months years days`)

// benchDoc generates a policy of about n words: sections of paragraphs,
// list items and now and then a small table.
func benchDoc(n int) *model.Document {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	sentence := func(words int) string {
		w := make([]string, words)
		for i := range w {
			w[i] = benchWords[rng.IntN(len(benchWords))]
		}
		return strings.ToUpper(w[0][:1]) + strings.Join(w, " ")[1:] + "."
	}
	var (
		headings []model.Heading
		blocks   []model.Block
		words    int
	)
	for sec := 0; words < n; sec++ {
		id := fmt.Sprintf("section-%d", sec)
		title := fmt.Sprintf("Section %d %s", sec, benchWords[sec%len(benchWords)])
		headings = append(headings, model.Heading{Level: 2, ID: id, Text: title})
		blocks = append(blocks, model.Block{Kind: model.BlockHeading, Section: id, Level: 2, Text: title,
			HTML: fmt.Sprintf(`<h2 id="%s">%s</h2>`, id, title)})
		add := func(b model.Block) {
			b.Section = id
			blocks = append(blocks, b)
			words += len(strings.Fields(b.Text))
		}
		for range 4 {
			text := sentence(12) + " " + sentence(15) + " " + sentence(10)
			add(model.Block{Kind: model.BlockParagraph, Text: text, HTML: "<p>" + text + "</p>"})
		}
		for range 3 {
			text := sentence(8)
			add(model.Block{Kind: model.BlockListItem, Level: 1, Text: text, HTML: "<li>" + text + "</li>"})
		}
		if sec%4 == 0 {
			for range 3 {
				cells := []string{sentence(2), sentence(3), sentence(2)}
				add(model.Block{Kind: model.BlockTableRow, Text: strings.Join(cells, " "), Cells: cells,
					HTML: "<tr><td>" + strings.Join(cells, "</td><td>") + "</td></tr>"})
			}
		}
	}
	doc := model.NewDocument("", blocks)
	doc.Headings, doc.Words = headings, words
	return doc
}

// benchEdit returns a copy of doc with five small edits spread over it: a
// word replaced, a paragraph inserted, a list item deleted, a table cell
// changed and a heading renamed.
func benchEdit(doc *model.Document) *model.Document {
	headings := append([]model.Heading(nil), doc.Headings...)
	blocks := append([]model.Block(nil), doc.Blocks()...)
	at := func(frac float64, kind model.BlockKind) int {
		for i := int(frac * float64(len(blocks))); i < len(blocks); i++ {
			if blocks[i].Kind == kind {
				return i
			}
		}
		panic("no block of kind " + kind)
	}
	i := at(0.1, model.BlockParagraph)
	blocks[i].Text = strings.Replace(blocks[i].Text, " ", " amended ", 3)
	i = at(0.3, model.BlockParagraph)
	ins := blocks[i]
	ins.Text = "An entirely new paragraph about data retention schedules."
	blocks = append(blocks[:i+1], append([]model.Block{ins}, blocks[i+1:]...)...)
	i = at(0.5, model.BlockListItem)
	blocks = append(blocks[:i], blocks[i+1:]...)
	i = at(0.7, model.BlockTableRow)
	blocks[i].Cells = append([]string{"Changed cell."}, blocks[i].Cells[1:]...)
	h := len(headings) * 9 / 10
	headings[h].Text += " and more"
	out := model.NewDocument("", blocks)
	out.Headings = headings
	return out
}

func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000} {
		old := benchDoc(n)
		new := benchEdit(old)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			r := Compare(old, new)
			if r.Changed+r.Renamed < 4 {
				b.Fatalf("want about 5 edits, got %s", r.Summary())
			}
			b.ReportAllocs()
			for b.Loop() {
				Compare(old, new)
			}
		})
	}
}

func BenchmarkHTML(b *testing.B) {
	old := benchDoc(5000)
	r := Compare(old, benchEdit(old))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.HTML()
	}
}

func TestBenchDocs(t *testing.T) {
	old := benchDoc(5000)
	r := Compare(old, benchEdit(old))
	if r.Changed != 4 || r.Renamed != 1 || r.Added+r.Removed+r.Moved != 0 {
		t.Errorf("benchmark edits: got %s", r.Summary())
	}
}
