// Package diff computes the redline between two versions of a policy: which
// sections were added, removed, renamed, moved or changed, and inside each
// changed section which blocks and which words. It renders the redline as
// an HTML fragment for the changes page and feeds, and as text for
// `policysite diff` in a terminal.
//
// # Input
//
// Compare takes two parsed documents (model.Document). It reads their
// Headings (id, level, text, number) and their leaf Blocks. A block belongs
// to the section named by Block.Section: the id of the heading it falls
// under, "" before the first heading (the preamble). Heading blocks
// themselves are not compared as blocks: a section's heading is taken from
// Document.Headings, and a heading block is expected to carry its own id in
// Section. Every heading, whatever its level, opens a section that runs to
// the next heading; sections are not nested. A nil old document means the
// new one is the first version; a nil new document is an empty one.
//
// # Sections
//
//  1. Sections with the same heading id in both versions are paired. The
//     preamble pairs with the preamble.
//  2. Among the sections left, an old section and a new section whose
//     bodies share at least RenameSimilarity (60 %) of their words are
//     paired as the same section renamed. The share is the Dice
//     coefficient over word multisets: twice the words in common over the
//     words of both. The most similar pairs are taken first.
//  3. A paired section whose heading id or heading text differs is Renamed.
//     A change of heading level or number alone is no change.
//  4. Paired sections are Moved when they are not part of a longest run of
//     paired sections that keeps its old relative order (a longest
//     increasing subsequence of old positions taken in new order), so that
//     moving one section marks that one section only.
//  5. Old sections left unpaired are Removed; new ones Added.
//  6. Redline.Sections lists the new document's sections in order; a
//     removed section stands right after the section that preceded it in
//     the old document (or first, when nothing did).
//  7. A paired section is Changed when any block of its body is not Equal.
//     SectionStatus is a set of flags, so a section can be renamed, moved
//     and changed at once; Unchanged is the empty set. The counts in
//     Redline count sections by flag, so one section may count twice.
//
// # Blocks
//
// The bodies of two paired sections are aligned with Myers' diff over
// their blocks, each block keyed by its kind and its text with white space
// collapsed (a table row by its cells). Two blocks whose plain text is the
// same are Equal even when their HTML differs, so changes of white space or
// of formatting only (bold to plain) are no change; an Equal block shows
// the new version's HTML.
//
// Each run of deleted and inserted blocks between two equal ones is then
// paired in order: each deleted block is matched with the most similar of
// the next inserted blocks of the same kind (looking at most 32 ahead),
// when they share at least ModifySimilarity (40 %) of their words. A pair
// becomes one Modify with a word diff; unpaired blocks stay Delete and
// Insert. List items are separate blocks, so an added item is one Insert.
// A table row that is modified is diffed cell by cell (BlockDiff.Cells).
//
// A paragraph moved within its section shows as a deletion and an
// insertion. A block deleted in one section and inserted, word for word, in
// another is marked Moved on both sides, with Peer naming the other
// section, when its text occurs once among all deletions and once among all
// insertions and it has at least four words.
//
// # Words
//
// Words diffs two texts. They are cut into tokens: words (letters, digits
// and marks, keeping "don't", "3.5" and "1,000" whole), runs of white space,
// and single punctuation runes; text in scripts written without spaces
// (Chinese, Japanese, Thai…) is cut into single runes. Tokens are compared
// with Myers' O(ND) algorithm in its linear-space form, after stripping the
// common prefix and suffix, so the cost is about linear in the length when
// the changes are few. Past an edit distance of 512 tokens in one
// bisection the search stops and splits at the furthest point reached: the
// result is still a correct, if longer, script. Adjacent ops of one kind
// are merged, a change lists its deletion before its insertion, and a short
// run of spaces and punctuation between two changes is folded into them, so
// that "[-your last login-][+you close your account+]" reads as one change
// rather than three. The Text of Equal and Delete ops always rebuilds the
// old text exactly, and of Equal and Insert ops the new text.
//
// Whole documents are never compared word by word: Myers runs over the
// blocks of one section, and over the words of one pair of blocks, so a
// redline of a long policy with a few edits costs about as much as reading
// it once.
//
// # HTML
//
// Redline.HTML (and WriteHTML) renders a body fragment, without page
// chrome:
//
//   - a note: the counts of sections by status, or "No changes: …" when the
//     versions have the same text, or "First version: …" for a first
//     version;
//   - each section that is not unchanged as
//     <section class="diff-section diff-changed" aria-labelledby="diff-ID">
//     holding its heading, <hN id="diff-ID">, with its number, its title
//     (renamed: the word diff of the old and new title) and its status in
//     words, "(renamed, changed)"; the classes add diff-added, diff-removed,
//     diff-renamed, diff-moved and diff-changed by flag. The preamble has no
//     heading: its section is labelled "Opening text";
//   - every run of unchanged sections folded as
//     <details class="diff-unchanged"><summary>4 sections unchanged</summary>
//     … </details> ("1 section unchanged"), with their full HTML inside.
//
// Heading ids are prefixed with IDPrefix ("diff-") so that they never
// collide with the ids of the page around the fragment. Inside a section:
//
//   - an Equal block is its own HTML;
//   - a Modify block is re-rendered from its plain text in its own element
//     (p, li, tr with one td or th per cell, pre>code, blockquote>p) with
//     changed words in <del> and <ins>;
//   - an inserted block is wrapped <ins class="block">…</ins>, a deleted
//     one <del class="block">…</del>; an item or row, which must stay
//     inside its list or table, is <li class="diff-ins"><ins>…</ins></li>
//     and <tr class="diff-ins"> with <ins> in each cell (diff-del alike);
//     a moved block adds a note linking to the other section;
//   - runs of items are wrapped in <ul class="diff-list">, runs of rows in
//     <table class="diff-table"><tbody> inside the same scrolling region as
//     on the page, <div class="table-scroll" role="region" tabindex="0"
//     aria-label="Title (table)">.
//
// Every <ins> and <del> starts with text for screen readers and printouts
// that does not rely on colour: <span class="visually-hidden">inserted:
// </span> and <span class="visually-hidden">deleted: </span>; the theme's
// print styles add visible [ ] markers. All text is escaped with
// html.EscapeString; block HTML comes from the Markdown renderer as is.
//
// # Text
//
// Redline.Text renders the redline for a terminal: a summary line, then
// "= N sections unchanged" for each run of unchanged sections, and for each
// other section a header "## 1.2 Title [status]" followed by one line per
// block that changed ("~ p: …" modified, "+ li: …" inserted, "- tr: …"
// deleted) and "... N unchanged blocks" for each run of equal blocks.
// Without colour, inserted text is marked [+like this+] and deleted text
// [-like this-]; with colour, inserted text is green and deleted text red.
package diff
