package render

import (
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
)

// TestNotesGoUnderTheirHeadingsAcrossPieces: a text held as the pieces of
// its sections gets each note where it would go in the text joined.
func TestNotesGoUnderTheirHeadingsAcrossPieces(t *testing.T) {
	pieces := []string{
		"<p>Intro.</p>\n",
		`<h2 id="scope">Scope</h2>` + "\n<p>All of it.</p>\n",
		`<h2 id="california"><span class="secnum">2.</span> California</h2>` + "\n<p>CCPA.</p>\n",
		`<h3 id="brazil">Brazil</h3>` + "\n",
	}
	headings := [][]model.Heading{nil, {{Level: 2, ID: "scope"}}, {{Level: 2, ID: "california"}}, {{Level: 3, ID: "brazil"}}}
	var docs []*model.Document
	for i, p := range pieces {
		d := model.NewDocument(p, nil)
		d.Headings = headings[i]
		docs = append(docs, d)
	}
	whole := model.NewDocument(strings.Join(pieces, ""), nil)
	joined := model.JoinDocuments(docs)
	for _, d := range docs {
		whole.Headings = append(whole.Headings, d.Headings...)
	}
	joined.Headings = whole.Headings
	for _, doc := range []*model.Document{whole, joined} {
		notes := []appliesNote{
			{headingID: "brazil", html: `<p class="applies-in">Brazil</p>`},
			{headingID: "california", html: `<p class="applies-in">California</p>`},
			{headingID: "nowhere", html: `<p class="applies-in">Nowhere</p>`},
		}
		for i := range notes {
			notes[i].at = noteOffset(doc, notes[i].headingID)
		}
		if notes[2].at != -1 {
			t.Errorf("a note under a missing heading placed at %d", notes[2].at)
		}
		want := strings.NewReplacer(
			"California</h2>", `California</h2><p class="applies-in">California</p>`,
			"Brazil</h3>", `Brazil</h3><p class="applies-in">Brazil</p>`,
		).Replace(whole.HTML())
		if got := withNotes(doc, notes); got != want {
			t.Errorf("with notes:\n%s\nwant\n%s", got, want)
		}
		if got := withNotes(doc, nil); got != whole.HTML() {
			t.Errorf("without notes:\n%s\nwant\n%s", got, whole.HTML())
		}
	}
}
