package bench

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// A document is one policy's text, built for its first version and then
// edited in place for each later one.
type document struct {
	rng      *rand.Rand
	intro    []*block
	sections []*section
	juris    []jurisdiction
	ids      []string    // heading ids in use, to keep them unique
	targets  [][2]string // title and id of headings that links may point at
	extras   []string    // extra section titles not used yet
}

type section struct {
	title, id string
	blocks    []*block
	subs      []*subsection
}

type subsection struct {
	title, id string
	blocks    []*block
}

type blockKind int

const (
	paragraph blockKind = iota
	bullets
	steps
	table
)

type block struct {
	kind      blockKind
	sentences []string // paragraph
	items     []string // bullets, steps
	rows      [][4]string
}

const (
	closingChanges = "Changes to This Policy"
	closingContact = "Contact Us"
)

// Word counts: a first version has 2,000–3,900 words, and later
// versions stop growing at maxWords.
const (
	minTarget = 2000
	maxTarget = 3200
	maxWords  = 4400
)

// newDocument builds the first version: an introduction, sections drawn
// in order from sectionTitles (some skipped) until the text reaches a
// target of minTarget–maxTarget words, the jurisdiction sections, and two
// closing sections.
func newDocument(rng *rand.Rand) *document {
	d := &document{rng: rng, extras: slices.Clone(extraSectionTitles)}
	for _, j := range jurisdictions {
		if rng.IntN(5) < 3 {
			d.juris = append(d.juris, j)
		}
	}
	if len(d.juris) == 0 {
		d.juris = append(d.juris, jurisdictions[rng.IntN(len(jurisdictions))])
	}
	// Reserve the ids of the sections that come last, so that links may
	// point at them from the start.
	for _, j := range d.juris {
		d.ids = append(d.ids, j.id)
		d.targets = append(d.targets, [2]string{j.title, j.id})
	}
	for _, t := range []string{closingChanges, closingContact} {
		d.ids = append(d.ids, slug(t))
		d.targets = append(d.targets, [2]string{t, slug(t)})
	}

	d.intro = []*block{
		{kind: paragraph, sentences: []string{
			"This policy explains how {{ entity.name }} (\"we\", \"us\") handles information in connection with the services described below.",
			d.sentence(), d.sentence(),
		}},
		{kind: paragraph, sentences: []string{d.sentence(), d.sentence(), d.sentence()}},
	}
	var tail []*section
	for _, j := range d.juris {
		tail = append(tail, d.jurisdictionSection(j))
	}
	tail = append(tail,
		&section{title: closingChanges, id: slug(closingChanges), blocks: []*block{
			{kind: paragraph, sentences: []string{
				"We publish every version of this policy with the date it takes effect, and we announce material changes at least thirty days in advance.",
				"Earlier versions remain available in the history of this policy.",
			}},
		}},
		&section{title: closingContact, id: slug(closingContact), blocks: []*block{
			{kind: paragraph, sentences: []string{"{{ entity.name }}\\\n{{ entity.address }}\\\nEmail: {{ entity.email }}"}},
		}},
	)
	d.sections = tail
	target := minTarget + rng.IntN(maxTarget-minTarget)
	words := d.words()
	var body []*section
	for i, title := range sectionTitles {
		if words >= target {
			break
		}
		// Always keep the section holding the table.
		if i != 1 && rng.IntN(4) == 0 {
			continue
		}
		s := d.newSection(title, i == 1)
		body = append(body, s)
		words += s.words()
	}
	d.sections = append(body, tail...)
	return d
}

// words counts the words of the document as Manifest.Words does.
func (d *document) words() int {
	var b bytes.Buffer
	d.write(&b)
	return countWords(b.Bytes())
}

func (s *section) words() int {
	var b bytes.Buffer
	(&document{sections: []*section{s}}).write(&b)
	return countWords(b.Bytes())
}

// newSection makes a general H2 section: paragraphs, often a bullet list,
// zero to two subsections, and the table when withTable.
func (d *document) newSection(title string, withTable bool) *section {
	rng := d.rng
	s := &section{title: title, id: d.claim(title)}
	defer func() { d.targets = append(d.targets, [2]string{s.title, s.id}) }()
	for range 1 + rng.IntN(3) {
		s.blocks = append(s.blocks, d.paragraph())
	}
	if rng.IntN(3) < 2 {
		s.blocks = append(s.blocks, d.bulletList())
	}
	if withTable {
		s.blocks = append(s.blocks, d.table(), d.paragraph())
	}
	for range rng.IntN(3) {
		t := subsectionTitles[rng.IntN(len(subsectionTitles))]
		if d.used(slug(t)) {
			t += " for " + title
		}
		if d.used(slug(t)) {
			continue
		}
		sub := &subsection{title: t, id: d.claim(t)}
		for range 1 + rng.IntN(2) {
			sub.blocks = append(sub.blocks, d.paragraph())
		}
		if rng.IntN(3) == 0 {
			sub.blocks = append(sub.blocks, d.stepList())
		}
		s.subs = append(s.subs, sub)
	}
	return s
}

// jurisdictionSection makes the section the front matter maps j to.
func (d *document) jurisdictionSection(j jurisdiction) *section {
	s := &section{title: j.title, id: j.id}
	s.blocks = []*block{
		{kind: paragraph, sentences: []string{
			"This section applies to you if you live in " + jurisdictionPlace(j.code) + ", and it prevails over any other part of this policy that conflicts with it.",
			d.sentence(), d.sentence(),
		}},
		{kind: bullets, items: []string{
			"The right to know what personal data we hold about you and to receive a copy of it",
			"The right to correct personal data that is inaccurate",
			"The right to have your personal data deleted",
			"The right to object to or restrict certain processing",
			"The right to lodge a complaint with " + j.authority,
		}},
	}
	t := "Making a Request (" + j.code + ")"
	sub := &subsection{title: t, id: d.claim(t), blocks: []*block{
		d.stepList(),
		{kind: paragraph, sentences: []string{
			"You may also contact " + j.authority + " through [its website](" + j.url + ").",
			d.sentence(),
		}},
	}}
	s.subs = append(s.subs, sub)
	return s
}

func jurisdictionPlace(code string) string {
	switch code {
	case "US-CA":
		return "California"
	case "EEA":
		return "the European Economic Area"
	case "GB":
		return "the United Kingdom"
	default:
		return "Brazil"
	}
}

// claim reserves the id of a heading titled title.
func (d *document) claim(title string) string {
	id := slug(title)
	d.ids = append(d.ids, id)
	return id
}

func (d *document) used(id string) bool { return slices.Contains(d.ids, id) }

// sentence returns a made-up sentence or, one time in three, a canned one.
func (d *document) sentence() string {
	rng := d.rng
	if rng.IntN(3) == 0 {
		return cannedSentences[rng.IntN(len(cannedSentences))]
	}
	s := subjects[rng.IntN(len(subjects))]
	v := verbs[rng.IntN(len(verbs))][0]
	if s.singular {
		v = verbs[rng.IntN(len(verbs))][1]
	}
	return s.text + " " + v + " " + objects[rng.IntN(len(objects))] + " " + qualifiers[rng.IntN(len(qualifiers))] + "."
}

// paragraph returns three to five sentences, sometimes followed by a link
// to another heading of the document or to an external site.
func (d *document) paragraph() *block {
	rng := d.rng
	b := &block{kind: paragraph}
	for range 3 + rng.IntN(3) {
		b.sentences = append(b.sentences, d.sentence())
	}
	switch rng.IntN(6) {
	case 0:
		// Every target is a heading that exists in this version and every
		// later one: headings are added but never removed or renamed.
		t := d.targets[rng.IntN(len(d.targets))]
		b.sentences = append(b.sentences, fmt.Sprintf("For more detail, see [%s](#%s).", t[0], t[1]))
	case 1:
		l := externalLinks[rng.IntN(len(externalLinks))]
		b.sentences = append(b.sentences, fmt.Sprintf("Further information is available in [%s](%s).", l[0], l[1]))
	}
	return b
}

func (d *document) bulletList() *block {
	rng := d.rng
	n := 3 + rng.IntN(4)
	start := rng.IntN(len(listItems))
	b := &block{kind: bullets}
	for i := range n {
		b.items = append(b.items, listItems[(start+i*3)%len(listItems)])
	}
	if rng.IntN(3) == 0 {
		b.items[0] = "**Required:** " + b.items[0]
	}
	return b
}

func (d *document) stepList() *block {
	rng := d.rng
	n := 3 + rng.IntN(3)
	start := rng.IntN(len(requestSteps) - n + 1)
	return &block{kind: steps, items: slices.Clone(requestSteps[start : start+n])}
}

func (d *document) table() *block {
	rng := d.rng
	b := &block{kind: table}
	for _, r := range tableRows {
		if rng.IntN(4) < 3 || len(b.rows) < 2 {
			b.rows = append(b.rows, r)
		}
	}
	return b
}

// An edit changes the document and says how, for the summary.
type edit func() (what string, material bool, ok bool)

// edit applies two to five small edits, now and then adding a section,
// and returns the version's summary and whether the change is material.
func (d *document) edit() (summary string, material bool) {
	rng := d.rng
	n := 2 + rng.IntN(4)
	var whats []string
	add := func(what string, mat bool) {
		if !slices.Contains(whats, what) {
			whats = append(whats, what)
		}
		material = material || mat
	}
	words := d.words()
	if len(d.extras) > 0 && rng.IntN(8) == 0 && words < maxWords-600 {
		add(d.addSection(), true)
		n--
	}
	edits := []struct {
		weight int
		f      edit
	}{
		{3, d.changeWord},
		{3, d.addSentence},
		{2, d.addListItem},
		{1, d.removeListItem},
		{2, d.changeCell},
	}
	if words >= maxWords {
		edits[1].weight, edits[2].weight, edits[3].weight = 0, 0, 3
	}
	total := 0
	for _, e := range edits {
		total += e.weight
	}
	for done, tries := 0, 0; done < n && tries < 50; tries++ {
		r := rng.IntN(total)
		for _, e := range edits {
			if r -= e.weight; r < 0 {
				if what, mat, ok := e.f(); ok {
					add(what, mat)
					done++
				}
				break
			}
		}
	}
	for i := 1; i < len(whats); i++ {
		whats[i] = strings.ToLower(whats[i][:1]) + whats[i][1:]
	}
	return strings.Join(whats, "; ") + ".", material
}

// allBlocks returns every block with the title of its section.
func (d *document) allBlocks(kind blockKind) (blocks []*block, titles []string) {
	for _, s := range d.sections {
		for _, b := range s.blocks {
			if b.kind == kind {
				blocks, titles = append(blocks, b), append(titles, s.title)
			}
		}
		for _, sub := range s.subs {
			for _, b := range sub.blocks {
				if b.kind == kind {
					blocks, titles = append(blocks, b), append(titles, s.title)
				}
			}
		}
	}
	return blocks, titles
}

func (d *document) pick(kind blockKind) (*block, string) {
	blocks, titles := d.allBlocks(kind)
	if len(blocks) == 0 {
		return nil, ""
	}
	i := d.rng.IntN(len(blocks))
	return blocks[i], titles[i]
}

func (d *document) changeWord() (string, bool, bool) {
	for range 10 {
		b, title := d.pick(paragraph)
		if b == nil {
			break
		}
		i := d.rng.IntN(len(b.sentences))
		off := d.rng.IntN(len(synonyms))
		for k := range synonyms {
			pair := synonyms[(off+k)%len(synonyms)]
			if s, ok := replaceWord(b.sentences[i], pair[0], pair[1]); ok {
				b.sentences[i] = s
				return "Clarified wording in " + title, false, true
			}
			if s, ok := replaceWord(b.sentences[i], pair[1], pair[0]); ok {
				b.sentences[i] = s
				return "Clarified wording in " + title, false, true
			}
		}
	}
	return "", false, false
}

// replaceWord replaces the first occurrence of old in s that is a whole
// word or phrase, not part of a link target, a URL or a placeholder.
func replaceWord(s, old, new string) (string, bool) {
	letter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	for from := 0; ; {
		i := strings.Index(s[from:], old)
		if i < 0 {
			return s, false
		}
		i += from
		j := i + len(old)
		before := i == 0 || !letter(s[i-1]) && !strings.ContainsRune("#-_/.{", rune(s[i-1]))
		after := j == len(s) || !letter(s[j]) && !strings.ContainsRune("-_/}", rune(s[j]))
		if before && after {
			return s[:i] + new + s[j:], true
		}
		from = i + 1
	}
}

func (d *document) addSentence() (string, bool, bool) {
	b, title := d.pick(paragraph)
	if b == nil {
		return "", false, false
	}
	s := addedSentences[d.rng.IntN(len(addedSentences))]
	if slices.Contains(b.sentences, s) {
		return "", false, false
	}
	i := 1 + d.rng.IntN(len(b.sentences))
	b.sentences = slices.Insert(b.sentences, i, s)
	return "Added a sentence to " + title, false, true
}

func (d *document) addListItem() (string, bool, bool) {
	b, title := d.pick(bullets)
	if b == nil {
		return "", false, false
	}
	item := newListItems[d.rng.IntN(len(newListItems))]
	if d.rng.IntN(2) == 0 {
		item = listItems[d.rng.IntN(len(listItems))]
	}
	if slices.Contains(b.items, item) {
		return "", false, false
	}
	b.items = slices.Insert(b.items, d.rng.IntN(len(b.items)+1), item)
	return "Added an item to a list in " + title, false, true
}

func (d *document) removeListItem() (string, bool, bool) {
	b, title := d.pick(bullets)
	if b == nil || len(b.items) < 4 {
		return "", false, false
	}
	i := d.rng.IntN(len(b.items))
	b.items = slices.Delete(b.items, i, i+1)
	return "Removed an item from a list in " + title, false, true
}

func (d *document) changeCell() (string, bool, bool) {
	b, title := d.pick(table)
	if b == nil {
		return "", false, false
	}
	r := &b.rows[d.rng.IntN(len(b.rows))]
	p := retentionPeriods[d.rng.IntN(len(retentionPeriods))]
	if r[2] == p {
		return "", false, false
	}
	r[2] = p
	return "Changed the retention period for " + strings.ToLower(r[0]) + " in " + title, true, true
}

// addSection inserts a new section before the jurisdiction sections.
func (d *document) addSection() string {
	title := d.extras[0]
	d.extras = d.extras[1:]
	s := d.newSection(title, false)
	at := len(d.sections) - 2 - len(d.juris)
	d.sections = slices.Insert(d.sections, at, s)
	return "Added a section on " + strings.ToLower(title)
}

// write renders the document as Markdown.
func (d *document) write(b *bytes.Buffer) {
	for _, bl := range d.intro {
		bl.write(b)
	}
	for _, s := range d.sections {
		fmt.Fprintf(b, "## %s\n\n", s.title)
		for _, bl := range s.blocks {
			bl.write(b)
		}
		for _, sub := range s.subs {
			fmt.Fprintf(b, "### %s\n\n", sub.title)
			for _, bl := range sub.blocks {
				bl.write(b)
			}
		}
	}
}

func (bl *block) write(b *bytes.Buffer) {
	switch bl.kind {
	case paragraph:
		b.WriteString(strings.Join(bl.sentences, " "))
	case bullets:
		for i, it := range bl.items {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("- " + it + ".")
		}
	case steps:
		for i, it := range bl.items {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(b, "%d. %s.", i+1, it)
		}
	case table:
		b.WriteString("| Category | Examples | Retention | Purpose |\n| --- | --- | --- | --- |")
		for _, r := range bl.rows {
			fmt.Fprintf(b, "\n| %s | %s | %s | %s |", r[0], r[1], r[2], r[3])
		}
	}
	b.WriteString("\n\n")
}

// slug is the id policysite (and Hugo) give a heading of ASCII text:
// lowercased, words joined by "-", punctuation dropped.
func slug(text string) string {
	var b strings.Builder
	sep := false
	for _, r := range text {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '-' || r == ' ':
			sep = b.Len() > 0
			continue
		default:
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
