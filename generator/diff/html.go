package diff

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/policysite/policysite/generator/model"
)

// IDPrefix is put before every heading id in the redline, so that its
// anchors never collide with the ids of the page around it.
const IDPrefix = "diff-"

// Labels are the words the HTML redline uses, so that it can be written
// in the language of the page. Strings with {1} get a value put in.
type Labels struct {
	First       string // note on a first version
	None        string // note when nothing changed
	Sections    string // "Sections: {1}." — {1} is the summary of counts
	Unchanged   string // "{1} unchanged" — {1} is a number of sections
	SectionOne  string // "{1} section"
	SectionMany string // "{1} sections"
	Opening     string // name of the text before the first heading
	Inserted    string // screen-reader prefix of inserted text, "inserted: "
	Deleted     string // "deleted: "
	MovedTo     string // "Moved to {1}."
	MovedFrom   string // "Moved from {1}."
	Table       string // "{1} (table)"
	// Status words, for the summary and section headings.
	Changed, Added, Removed, Renamed, Moved, UnchangedWord string
}

// English are the labels HTML uses.
var English = Labels{
	First:       "First version: all of its text is new.",
	None:        "No changes: this version has the same text as the previous one.",
	Sections:    "Sections: {1}.",
	Unchanged:   "{1} unchanged",
	SectionOne:  "{1} section",
	SectionMany: "{1} sections",
	Opening:     "Opening text",
	Inserted:    "inserted: ",
	Deleted:     "deleted: ",
	MovedTo:     "Moved to {1}.",
	MovedFrom:   "Moved from {1}.",
	Table:       "{1} (table)",
	Changed:     "changed", Added: "added", Removed: "removed", Renamed: "renamed", Moved: "moved", UnchangedWord: "unchanged",
}

func fill(s string, v string) string { return strings.ReplaceAll(s, "{1}", v) }

// status names a section status in the labels' words: "renamed, changed".
func (l *Labels) status(s SectionStatus) string {
	if s == Unchanged {
		return l.UnchangedWord
	}
	var names []string
	for _, f := range statusOrder {
		if s.Has(f.flag) {
			names = append(names, l.word(f.flag))
		}
	}
	return strings.Join(names, ", ")
}

func (l *Labels) word(f SectionStatus) string {
	switch f {
	case Changed:
		return l.Changed
	case Added:
		return l.Added
	case Removed:
		return l.Removed
	case Renamed:
		return l.Renamed
	case Moved:
		return l.Moved
	}
	return l.UnchangedWord
}

func (l *Labels) sections(n int) string {
	if n == 1 {
		return fill(l.SectionOne, "1")
	}
	return fill(l.SectionMany, strconv.Itoa(n))
}

// summary counts the sections by status in the labels' words.
func (l *Labels) summary(r *Redline) string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{
		{r.Changed, l.Changed}, {r.Added, l.Added}, {r.Removed, l.Removed},
		{r.Renamed, l.Renamed}, {r.Moved, l.Moved}, {r.Unchanged, l.UnchangedWord},
	} {
		if c.n > 0 {
			parts = append(parts, strconv.Itoa(c.n)+" "+c.word)
		}
	}
	return strings.Join(parts, ", ")
}

// HTML renders the redline as a body fragment in English; see WriteHTML.
func (r *Redline) HTML() string { return r.HTMLWith(&English) }

// HTMLWith renders the redline as a body fragment with the given labels.
func (r *Redline) HTMLWith(l *Labels) string {
	var b strings.Builder
	b.Grow(r.sizeHint())
	r.writeHTML(&b, l, false)
	return b.String()
}

// ChangesHTMLWith renders only the sections that changed, each run of
// unchanged sections reduced to one line saying how many there are: the
// redline as a feed entry carries it, without repeating the whole text.
func (r *Redline) ChangesHTMLWith(l *Labels) string {
	var b strings.Builder
	r.writeHTML(&b, l, true)
	return b.String()
}

// sizeHint guesses the size of the whole redline's HTML from its blocks,
// so that the page is written into one allocation rather than grown.
func (r *Redline) sizeHint() int {
	n := 1024
	for i := range r.Sections {
		for _, bd := range r.Sections[i].Blocks {
			if bd.New != nil {
				n += len(bd.New.HTML)
			} else if bd.Old != nil {
				n += len(bd.Old.HTML)
			}
			if bd.Op != Equal {
				n += 128 // the marks and their labels
			}
		}
	}
	return n + n/8
}

// WriteHTML writes the redline as an HTML body fragment, without page
// chrome: a summary paragraph, then each changed section in full with its
// changes marked, and each run of unchanged sections folded into one
// <details> element.
func (r *Redline) WriteHTML(w io.Writer) error {
	_, err := io.WriteString(w, r.HTML())
	return err
}

func (r *Redline) writeHTML(b *strings.Builder, l *Labels, changesOnly bool) {
	h := htmlWriter{b: b, r: r, l: l}
	switch {
	case r.First:
		b.WriteString(`<p class="diff-note diff-first">` + html.EscapeString(l.First) + "</p>\n")
	case r.Identical():
		b.WriteString(`<p class="diff-note diff-none">` + html.EscapeString(l.None) + "</p>\n")
	default:
		b.WriteString(`<p class="diff-note diff-summary">` + html.EscapeString(fill(l.Sections, l.summary(r))) + "</p>\n")
	}
	for i := 0; i < len(r.Sections); {
		if r.Sections[i].Status != Unchanged {
			h.section(&r.Sections[i])
			i++
			continue
		}
		j := i
		for j < len(r.Sections) && r.Sections[j].Status == Unchanged {
			j++
		}
		if changesOnly {
			fmt.Fprintf(b, "<p class=\"diff-unchanged\">%s</p>\n", html.EscapeString(fill(l.Unchanged, l.sections(j-i))))
			i = j
			continue
		}
		fmt.Fprintf(b, "<details class=\"diff-unchanged\"><summary>%s</summary>\n", html.EscapeString(fill(l.Unchanged, l.sections(j-i))))
		for ; i < j; i++ {
			h.section(&r.Sections[i])
		}
		b.WriteString("</details>\n")
	}
}

type htmlWriter struct {
	b *strings.Builder
	r *Redline
	l *Labels
}

func (h *htmlWriter) insLabel() string {
	return `<span class="visually-hidden">` + html.EscapeString(h.l.Inserted) + `</span>`
}

func (h *htmlWriter) delLabel() string {
	return `<span class="visually-hidden">` + html.EscapeString(h.l.Deleted) + `</span>`
}

// anchor is the id of a section's heading in the redline, or "" for the
// preamble.
func (s *Section) anchor() string {
	id := s.ID
	if s.Status.Has(Removed) {
		id = s.OldID
	}
	if s.Preamble || id == "" {
		return ""
	}
	return IDPrefix + id
}

func (h *htmlWriter) section(s *Section) {
	b := h.b
	class := "diff-section"
	for _, f := range statusOrder {
		if s.Status.Has(f.flag) {
			class += " diff-" + f.name
		}
	}
	anchor := s.anchor()
	if anchor == "" {
		fmt.Fprintf(b, "<section class=\"%s\" aria-label=\"%s\">\n", class, html.EscapeString(h.l.Opening))
		if s.Status != Unchanged {
			fmt.Fprintf(b, "<p class=\"diff-status\">%s (%s)</p>\n", html.EscapeString(h.l.Opening), html.EscapeString(h.l.status(s.Status)))
		}
	} else {
		a := html.EscapeString(anchor)
		fmt.Fprintf(b, "<section class=\"%s\" aria-labelledby=\"%s\">\n", class, a)
		level := strconv.Itoa(min(max(s.Level, 2), 6))
		b.WriteString("<h" + level + ` id="` + a + `">`)
		num, title := s.Number, html.EscapeString(s.Title)
		switch {
		case s.Status.Has(Removed):
			num, title = s.OldNumber, html.EscapeString(s.OldTitle)
		case s.Status.Has(Renamed) && s.OldTitle != s.Title:
			title = h.wordsHTML(Words(s.OldTitle, s.Title))
		}
		if num != "" {
			b.WriteString(`<span class="secnum">` + html.EscapeString(num) + "</span> ")
		}
		b.WriteString(title)
		if s.Status != Unchanged {
			fmt.Fprintf(b, ` <span class="diff-status">(%s)</span>`, html.EscapeString(h.l.status(s.Status)))
		}
		b.WriteString("</h" + level + ">\n")
	}
	for i := 0; i < len(s.Blocks); {
		// Items and rows are gathered into the list or table they need.
		switch k := s.Blocks[i].Kind; k {
		case model.BlockListItem, model.BlockTableRow:
			open, end := "<ul class=\"diff-list\">\n", "</ul>\n"
			number := itemNumber(&s.Blocks[i])
			if number > 0 { // a numbered list stays one, from its first item's number
				open, end = "<ol class=\"diff-list\">\n", "</ol>\n"
				if number != 1 {
					open = `<ol class="diff-list" start="` + strconv.Itoa(number) + `">` + "\n"
				}
			}
			if k == model.BlockTableRow {
				// As in the page: a table scrolls in a focusable region.
				open = `<div class="table-scroll" role="region" tabindex="0" aria-label="` +
					html.EscapeString(s.tableLabel(h.l)) + `"><table class="diff-table"><tbody>` + "\n"
				end = "</tbody></table></div>\n"
			}
			b.WriteString(open)
			for ; i < len(s.Blocks) && s.Blocks[i].Kind == k && (itemNumber(&s.Blocks[i]) > 0) == (number > 0); i++ {
				h.block(&s.Blocks[i])
			}
			b.WriteString(end)
		default:
			h.block(&s.Blocks[i])
			i++
		}
	}
	b.WriteString("</section>\n")
}

// itemNumber is the number of a list item's block in its numbered list
// (the new text's, or the old one's for a deleted item); 0 for a bullet.
func itemNumber(bd *BlockDiff) int {
	if bd.New != nil {
		return bd.New.Number
	}
	if bd.Old != nil {
		return bd.Old.Number
	}
	return 0
}

// tableLabel names the tables of a section for assistive technology.
func (s *Section) tableLabel(l *Labels) string {
	title := s.Title
	if s.Status.Has(Removed) {
		title = s.OldTitle
	}
	if s.Preamble || title == "" {
		title = l.Opening
	}
	return fill(l.Table, title)
}

func (h *htmlWriter) block(bd *BlockDiff) {
	b := h.b
	switch bd.Op {
	case Equal:
		b.WriteString(blockHTML(bd.New))
	case Modify:
		h.modified(bd)
	case Insert, Delete:
		// Items and rows keep their display: their class is not block-ins.
		blk, tag, label, class := bd.New, "ins", h.insLabel(), "diff-ins"
		if bd.Op == Delete {
			blk, tag, label, class = bd.Old, "del", h.delLabel(), "diff-del"
		}
		switch bd.Kind {
		case model.BlockListItem:
			b.WriteString(`<li class="` + class + `"><` + tag + ">" + label + inner(blk.HTML, "li", blk.Text) + "</" + tag + ">")
			h.moved(bd, "span")
			b.WriteString("</li>")
		case model.BlockTableRow:
			b.WriteString(`<tr class="` + class + `">`)
			cell := cellTag(blk)
			for _, c := range blk.Cells {
				b.WriteString("<" + cell + ">")
				if c != "" { // each cell is labelled: a screen reader may read it alone
					b.WriteString("<" + tag + ">" + label + html.EscapeString(c) + "</" + tag + ">")
				}
				b.WriteString("</" + cell + ">")
			}
			b.WriteString("</tr>")
		default:
			b.WriteString("<" + tag + ` class="block">` + label + blockHTML(blk) + "</" + tag + ">")
			h.moved(bd, "p")
		}
	}
	b.WriteByte('\n')
}

// moved notes where a moved block went to or came from, in an element of
// the given tag.
func (h *htmlWriter) moved(bd *BlockDiff, tag string) {
	if !bd.Moved {
		return
	}
	peer := &h.r.Sections[bd.Peer]
	dir := h.l.MovedTo
	if bd.Op == Insert {
		dir = h.l.MovedFrom
	}
	where := html.EscapeString(peer.label())
	if a := peer.anchor(); a != "" {
		where = `<a href="#` + html.EscapeString(a) + `">` + where + "</a>"
	}
	before, after, _ := strings.Cut(dir, "{1}")
	h.b.WriteString(" <" + tag + ` class="diff-moved">` + html.EscapeString(before) + where + html.EscapeString(after) + "</" + tag + ">")
}

// modified re-renders a block from its plain text with its word diff.
func (h *htmlWriter) modified(bd *BlockDiff) {
	b := h.b
	w := h.wordsHTML(bd.Words)
	switch bd.Kind {
	case model.BlockTableRow:
		cell := cellTag(bd.New)
		b.WriteString("<tr>")
		for _, c := range bd.Cells {
			b.WriteString("<" + cell + ">" + h.wordsHTML(c) + "</" + cell + ">")
		}
		b.WriteString("</tr>")
	case model.BlockListItem:
		b.WriteString("<li>" + w + "</li>")
	case model.BlockCode:
		b.WriteString("<pre><code>" + w + "</code></pre>")
	case model.BlockQuote:
		b.WriteString("<blockquote><p>" + w + "</p></blockquote>")
	case model.BlockHTML:
		b.WriteString(`<div class="diff-html">` + w + "</div>")
	case model.BlockHeading:
		level := strconv.Itoa(min(max(bd.New.Level, 2), 6))
		b.WriteString("<h" + level + ">" + w + "</h" + level + ">")
	default:
		b.WriteString("<p>" + w + "</p>")
	}
}

func (h *htmlWriter) wordsHTML(ops []WordOp) string {
	var sb strings.Builder
	for _, w := range ops {
		t := html.EscapeString(w.Text)
		switch w.Op {
		case Insert:
			sb.WriteString("<ins>" + h.insLabel() + t + "</ins>")
		case Delete:
			sb.WriteString("<del>" + h.delLabel() + t + "</del>")
		default:
			sb.WriteString(t)
		}
	}
	return sb.String()
}

// blockHTML is a block's own HTML, or when it has none, the block rendered
// from its plain text.
func blockHTML(blk *model.Block) string {
	if blk.HTML != "" {
		return blk.HTML
	}
	t := html.EscapeString(blk.Text)
	switch blk.Kind {
	case model.BlockListItem:
		return "<li>" + t + "</li>"
	case model.BlockTableRow:
		cell := cellTag(blk)
		var sb strings.Builder
		sb.WriteString("<tr>")
		for _, c := range blk.Cells {
			sb.WriteString("<" + cell + ">" + html.EscapeString(c) + "</" + cell + ">")
		}
		sb.WriteString("</tr>")
		return sb.String()
	case model.BlockCode:
		return "<pre><code>" + t + "</code></pre>"
	case model.BlockQuote:
		return "<blockquote><p>" + t + "</p></blockquote>"
	case model.BlockRule:
		return "<hr>"
	}
	return "<p>" + t + "</p>"
}

// inner is the content of an element's HTML without its outer tag, or the
// escaped plain text when the HTML is not a single such element.
func inner(h, tag, text string) string {
	if strings.HasPrefix(h, "<"+tag) && strings.HasSuffix(h, "</"+tag+">") {
		if i := strings.IndexByte(h, '>'); i >= 0 && i < len(h)-len(tag)-3 {
			return h[i+1 : len(h)-len(tag)-3]
		}
	}
	return html.EscapeString(text)
}

// cellTag is th for a header row and td otherwise.
func cellTag(blk *model.Block) string {
	if strings.HasPrefix(blk.HTML, "<tr><th") || strings.HasPrefix(blk.HTML, "<tr>\n<th") {
		return "th"
	}
	return "td"
}
