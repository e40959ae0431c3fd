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

// HTML renders the redline as a body fragment; see WriteHTML.
func (r *Redline) HTML() string {
	var b strings.Builder
	r.writeHTML(&b)
	return b.String()
}

// WriteHTML writes the redline as an HTML body fragment, without page
// chrome: a summary paragraph, then each changed section in full with its
// changes marked, and each run of unchanged sections folded into one
// <details> element.
func (r *Redline) WriteHTML(w io.Writer) error {
	var b strings.Builder
	r.writeHTML(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Redline) writeHTML(b *strings.Builder) {
	h := htmlWriter{b: b, r: r}
	switch {
	case r.First:
		b.WriteString(`<p class="diff-note diff-first">First version: all of its text is new.</p>` + "\n")
	case r.Identical():
		b.WriteString(`<p class="diff-note diff-none">No changes: this version has the same text as the previous one.</p>` + "\n")
	default:
		b.WriteString(`<p class="diff-note diff-summary">Sections: ` + html.EscapeString(r.Summary()) + ".</p>\n")
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
		fmt.Fprintf(b, "<details class=\"diff-unchanged\"><summary>%s unchanged</summary>\n", plural(j-i, "section"))
		for ; i < j; i++ {
			h.section(&r.Sections[i])
		}
		b.WriteString("</details>\n")
	}
}

type htmlWriter struct {
	b *strings.Builder
	r *Redline
}

const (
	insLabel = `<span class="visually-hidden">inserted: </span>`
	delLabel = `<span class="visually-hidden">deleted: </span>`
)

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
		fmt.Fprintf(b, "<section class=\"%s\" aria-label=\"Opening text\">\n", class)
		if s.Status != Unchanged {
			fmt.Fprintf(b, "<p class=\"diff-status\">Opening text (%s)</p>\n", s.Status)
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
			title = wordsHTML(Words(s.OldTitle, s.Title))
		}
		if num != "" {
			b.WriteString(`<span class="secnum">` + html.EscapeString(num) + "</span> ")
		}
		b.WriteString(title)
		if s.Status != Unchanged {
			fmt.Fprintf(b, ` <span class="diff-status">(%s)</span>`, s.Status)
		}
		b.WriteString("</h" + level + ">\n")
	}
	for i := 0; i < len(s.Blocks); {
		// Items and rows are gathered into the list or table they need.
		switch k := s.Blocks[i].Kind; k {
		case model.BlockListItem, model.BlockTableRow:
			open, end := "<ul class=\"diff-list\">\n", "</ul>\n"
			if k == model.BlockTableRow {
				// As in the page: a table scrolls in a focusable region.
				open = `<div class="table-scroll" role="region" tabindex="0" aria-label="` +
					html.EscapeString(s.tableLabel()) + `"><table class="diff-table"><tbody>` + "\n"
				end = "</tbody></table></div>\n"
			}
			b.WriteString(open)
			for ; i < len(s.Blocks) && s.Blocks[i].Kind == k; i++ {
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

// tableLabel names the tables of a section for assistive technology.
func (s *Section) tableLabel() string {
	title := s.Title
	if s.Status.Has(Removed) {
		title = s.OldTitle
	}
	if s.Preamble || title == "" {
		title = "Opening text"
	}
	return title + " (table)"
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
		blk, tag, label, class := bd.New, "ins", insLabel, "diff-ins"
		if bd.Op == Delete {
			blk, tag, label, class = bd.Old, "del", delLabel, "diff-del"
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
	dir := "Moved to"
	if bd.Op == Insert {
		dir = "Moved from"
	}
	where := html.EscapeString(peer.label())
	if a := peer.anchor(); a != "" {
		where = `<a href="#` + html.EscapeString(a) + `">` + where + "</a>"
	}
	h.b.WriteString(" <" + tag + ` class="diff-moved">` + dir + " " + where + ".</" + tag + ">")
}

// modified re-renders a block from its plain text with its word diff.
func (h *htmlWriter) modified(bd *BlockDiff) {
	b := h.b
	w := wordsHTML(bd.Words)
	switch bd.Kind {
	case model.BlockTableRow:
		cell := cellTag(bd.New)
		b.WriteString("<tr>")
		for _, c := range bd.Cells {
			b.WriteString("<" + cell + ">" + wordsHTML(c) + "</" + cell + ">")
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

func wordsHTML(ops []WordOp) string {
	var sb strings.Builder
	for _, w := range ops {
		t := html.EscapeString(w.Text)
		switch w.Op {
		case Insert:
			sb.WriteString("<ins>" + insLabel + t + "</ins>")
		case Delete:
			sb.WriteString("<del>" + delLabel + t + "</del>")
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
