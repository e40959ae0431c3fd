package diff

import (
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
)

func TestChangesHTMLOmitsUnchangedText(t *testing.T) {
	doc := func(retention string) *model.Document {
		d := model.NewDocument("", []model.Block{
			{Kind: model.BlockHeading, Section: "scope", Level: 2, Text: "Scope", HTML: `<h2 id="scope">Scope</h2>`},
			{Kind: model.BlockParagraph, Section: "scope", Text: "This policy covers the app.", HTML: "<p>This policy covers the app.</p>"},
			{Kind: model.BlockHeading, Section: "retention", Level: 2, Text: "Retention", HTML: `<h2 id="retention">Retention</h2>`},
			{Kind: model.BlockParagraph, Section: "retention", Text: retention, HTML: "<p>" + retention + "</p>"},
		})
		d.Headings = []model.Heading{{Level: 2, ID: "scope", Text: "Scope"}, {Level: 2, ID: "retention", Text: "Retention"}}
		return d
	}
	r := Compare(doc("We keep notes for 60 days."), doc("We keep notes for 30 days."))
	full := r.HTMLWith(&English)
	changes := r.ChangesHTMLWith(&English)
	if !strings.Contains(full, "This policy covers the app.") {
		t.Error("the full redline lacks the unchanged text")
	}
	if strings.Contains(changes, "This policy covers the app.") {
		t.Error("the changes-only redline repeats the unchanged text")
	}
	for _, want := range []string{`<p class="diff-unchanged">1 section unchanged</p>`, "<del>", "60", "<ins>", "30"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes-only redline lacks %q:\n%s", want, changes)
		}
	}
}
