package diff

import (
	"fmt"
	"strings"

	"github.com/policysite/policysite/generator/model"
)

// Summary counts the sections by status, e.g. "1 changed, 1 added,
// 3 unchanged", leaving out the statuses no section has.
func (r *Redline) Summary() string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{
		{r.Changed, "changed"}, {r.Added, "added"}, {r.Removed, "removed"},
		{r.Renamed, "renamed"}, {r.Moved, "moved"}, {r.Unchanged, "unchanged"},
	} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	if len(parts) == 0 {
		return "no sections"
	}
	return strings.Join(parts, ", ")
}

// Identical reports whether the old and new version have the same text:
// no section was added, removed, renamed, moved or changed.
func (r *Redline) Identical() bool {
	return !r.First && r.Unchanged == len(r.Sections)
}

// Text renders the redline for a terminal. Unchanged sections and runs of
// unchanged blocks are folded into one line each. With color, inserted text
// is green and deleted text red (ANSI escapes); without, inserted text is
// marked [+like this+] and deleted text [-like this-].
func (r *Redline) Text(color bool) string {
	t := textWriter{color: color}
	switch {
	case r.First:
		t.line("First version: all of its text is new.")
	case r.Identical():
		t.line("No changes: this version has the same text as the previous one.")
	default:
		t.line("Sections: " + r.Summary() + ".")
	}
	for i := 0; i < len(r.Sections); {
		t.line("")
		if r.Sections[i].Status == Unchanged {
			n := 0
			for i < len(r.Sections) && r.Sections[i].Status == Unchanged {
				n++
				i++
			}
			t.line("= " + plural(n, "section") + " unchanged")
			continue
		}
		t.section(r, &r.Sections[i])
		i++
	}
	return t.b.String()
}

type textWriter struct {
	b     strings.Builder
	color bool
}

func (t *textWriter) line(s string) {
	t.b.WriteString(s)
	t.b.WriteByte('\n')
}

func (t *textWriter) mark(op Op, s string) string {
	if s == "" {
		return ""
	}
	switch {
	case op == Insert && t.color:
		return "\x1b[32m" + s + "\x1b[0m"
	case op == Delete && t.color:
		return "\x1b[31m" + s + "\x1b[0m"
	case op == Insert:
		return "[+" + s + "+]"
	case op == Delete:
		return "[-" + s + "-]"
	}
	return s
}

func (t *textWriter) words(ops []WordOp) string {
	var sb strings.Builder
	for _, w := range ops {
		sb.WriteString(t.mark(w.Op, w.Text))
	}
	return sb.String()
}

func (t *textWriter) section(r *Redline, s *Section) {
	var title string
	switch {
	case s.Preamble:
		title = "(preamble)"
	case s.Status.Has(Removed):
		title = strings.Repeat("#", s.Level) + " " + numbered(s.OldNumber, s.OldTitle)
	case s.Status.Has(Renamed) && s.OldTitle != s.Title:
		title = strings.Repeat("#", s.Level) + " " + numbered(s.Number, t.words(Words(s.OldTitle, s.Title)))
	default:
		title = strings.Repeat("#", s.Level) + " " + numbered(s.Number, s.Title)
	}
	if s.Status.Has(Renamed) && s.OldID != s.ID {
		title += " (id " + s.OldID + " -> " + s.ID + ")"
	}
	t.line(title + " [" + s.Status.String() + "]")
	for i := 0; i < len(s.Blocks); {
		if s.Blocks[i].Op == Equal {
			n := 0
			for i < len(s.Blocks) && s.Blocks[i].Op == Equal {
				n++
				i++
			}
			t.line("  ... " + plural(n, "unchanged block"))
			continue
		}
		t.block(r, &s.Blocks[i])
		i++
	}
}

func (t *textWriter) block(r *Redline, bd *BlockDiff) {
	var prefix, body string
	switch bd.Op {
	case Insert:
		prefix, body = "+ ", t.mark(Insert, blockText(bd.New))
	case Delete:
		prefix, body = "- ", t.mark(Delete, blockText(bd.Old))
	case Modify:
		prefix = "~ "
		if bd.Kind == model.BlockTableRow {
			cells := make([]string, len(bd.Cells))
			for i, c := range bd.Cells {
				cells[i] = t.words(c)
			}
			body = strings.Join(cells, " | ")
		} else {
			body = t.words(bd.Words)
		}
	}
	if bd.Kind == model.BlockRule {
		body = "---"
	}
	line := prefix + kindLabel(bd.Kind) + ": " + strings.ReplaceAll(body, "\n", "\n    ")
	if bd.Moved {
		dir := "to"
		if bd.Op == Insert {
			dir = "from"
		}
		line += fmt.Sprintf(" (moved %s %s)", dir, r.Sections[bd.Peer].label())
	}
	t.line(line)
}

// label names a section in running text: its number and quoted title.
func (s *Section) label() string {
	switch {
	case s.Preamble:
		return "the opening text"
	case s.Status.Has(Removed):
		return numbered(s.OldNumber, "“"+s.OldTitle+"”")
	}
	return numbered(s.Number, "“"+s.Title+"”")
}

func numbered(num, title string) string {
	if num == "" {
		return title
	}
	return num + " " + title
}

func kindLabel(k model.BlockKind) string {
	switch k {
	case model.BlockParagraph:
		return "p"
	case model.BlockListItem:
		return "li"
	case model.BlockTableRow:
		return "tr"
	case model.BlockRule:
		return "hr"
	case model.BlockHeading:
		return "h"
	}
	return string(k)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
