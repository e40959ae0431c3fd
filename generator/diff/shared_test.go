package diff

import (
	"testing"

	"github.com/policysite/policysite/generator/model"
)

// TestSharedSectionsAsCopies: versions that share sections' renderings
// (model.JoinDocuments) get the redline that copies of them get.
func TestSharedSectionsAsCopies(t *testing.T) {
	section := func(id, title string, texts ...string) *model.Document {
		blocks := []model.Block{{Kind: model.BlockHeading, Section: id, Level: 2, Text: title, HTML: `<h2 id="` + id + `">` + title + `</h2>`}}
		for _, s := range texts {
			blocks = append(blocks, model.Block{Kind: model.BlockParagraph, Section: id, Text: s, HTML: "<p>" + s + "</p>"})
		}
		d := model.NewDocument("", blocks)
		d.Headings = []model.Heading{{Level: 2, ID: id, Text: title}}
		return d
	}
	join := func(pieces ...*model.Document) *model.Document {
		d := model.JoinDocuments(pieces)
		for _, p := range pieces {
			d.Headings = append(d.Headings, p.Headings...)
		}
		return d
	}
	copyOf := func(d *model.Document) *model.Document {
		c := model.NewDocument("", append([]model.Block(nil), d.Blocks()...))
		c.Headings = d.Headings
		return c
	}
	scope := section("scope", "Scope", "This policy covers the app.", "And the site.")
	retention := section("retention", "Retention", "We keep notes for 60 days.")
	retention2 := section("retention", "Retention", "We keep notes for 30 days.")
	contact := section("contact", "Contact", "Write to us.")
	old := join(scope, retention, contact)
	new := join(scope, retention2, contact)

	shared, copied := Compare(old, new), Compare(copyOf(old), copyOf(new))
	if got, want := shared.HTMLWith(&English), copied.HTMLWith(&English); got != want {
		t.Errorf("redline of shared sections\n%s\nwant, as of copies,\n%s", got, want)
	}
	if shared.Unchanged != 2 || shared.Changed != 1 {
		t.Errorf("%d sections unchanged and %d changed, want 2 and 1", shared.Unchanged, shared.Changed)
	}
	for _, b := range shared.Sections[0].Blocks {
		if b.Op != Equal || b.Old != b.New {
			t.Errorf("a block of the shared section: %+v", b)
		}
	}
}
