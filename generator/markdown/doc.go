// Package markdown turns the Markdown body of one policy version into a
// model.Document: the page's HTML, its headings, the leaf blocks a redline
// compares, its links and its word count. It is the only package that
// imports goldmark.
//
// A Converter is built once per site with New and is safe for concurrent
// use; Convert keeps everything about one document in the parser.Context
// and in the writer the page is rendered to.
//
// # Dialect
//
// The body is CommonMark with these GitHub Flavored Markdown extensions:
// tables, strikethrough (~~text~~) and bare-URL and e-mail autolinks. There
// is no typographer: quotes, dashes and ellipses stay exactly as written. A
// backslash at the end of a line is a hard line break.
//
// # Headings
//
// The version's title is the page's only level-1 heading, so "# X" (or a
// "===" setext heading) in the body is an error; sections start at "##".
//
// Every heading gets an id from its text as a reader sees it (emphasis
// markers, link targets and code backticks removed, placeholders
// resolved): lowercased, words joined by "-", punctuation and symbols
// dropped, letters and digits of every script kept.
//
//	## Your California Privacy Rights   → your-california-privacy-rights
//	## Children's Privacy               → childrens-privacy
//	## Data Retention & Deletion        → data-retention-deletion
//	## Données personnelles             → données-personnelles
//
// A heading whose text has no letter or digit gets "section". A repeated id
// gets "-1", "-2", … in document order.
//
// An id may be written at the end of the heading, "## Scope {#scope}"; it
// must be non-empty and hold only letters, digits, "-", "_", ":" and ".".
// Explicit ids are taken first, so a generated id never takes one written
// further down; the same explicit id twice in one document is an error. A
// class may be given too, "{.lead}" or "{#scope .lead}"; any other
// attribute is an error.
//
// With Options.Numbering, level-2 headings are numbered "1.", "2.", … and
// level-3 headings "1.1", "1.2", … within their level-2 heading ("0.1"
// before the first); deeper headings are not numbered. The number is
// rendered as <span class="secnum">1.</span> before the text and is never
// part of the id or of Heading.Text.
//
// # Placeholders
//
// "{{ entity.email }}" in any inline text (paragraphs, list items, table
// cells, headings, link text) is replaced by the value Options.Resolve gives
// for the key, written as escaped plain text and never parsed as Markdown.
// A key is one or more lowercase identifiers ([a-z][a-z0-9_]*) joined by
// dots; the spaces inside the braces are optional. An unknown key is an
// error at the position of "{{". Anything else starting with "{{" is left as
// text, and so is a placeholder in a code span or code block.
//
// # Raw HTML
//
// With Config.UnsafeHTML, inline HTML and HTML blocks are passed through.
// Otherwise they are shown escaped, as visible text (an HTML block as
// <pre class="raw-html"><code>…</code></pre>), never dropped silently and
// never interpreted. HTML comments are no exception.
//
// # Links
//
// A link or image whose destination has a javascript:, vbscript: or data:
// scheme (in any case, after leading blanks and control characters) is
// dropped: its text, or an image's alt text, is rendered without the <a>
// or <img>. Links to http:, https: and protocol-relative "//" URLs get
// rel="noopener noreferrer". Every link, image and autolink destination,
// dropped or not, is listed in Document.Links with the file position of its
// "[", "![" or "<" (or of the URL for a bare autolink).
//
// # Tables
//
// A table is wrapped in a focusable region that scrolls on its own on
// narrow screens:
//
//	<div class="table-scroll" role="region" tabindex="0" aria-label="Cookies (table)">
//	<table>…</table>
//	</div>
//
// The label is the text of the nearest preceding heading followed by
// " (table)", or "Table N" (the table's ordinal in the document) when no
// heading precedes it.
//
// # Blocks
//
// Document.Blocks lists the leaf blocks in document order: each heading,
// paragraph, list item (its own paragraphs only; nested lists are blocks of
// their own, Level counting lists from 1), table row (header included, with
// the text of each cell), code block (its text exactly as written), block
// quote paragraph, thematic break and HTML block. Section is the id of the
// latest heading at any level, the block's own id for a heading. Text is the
// plain text with whitespace collapsed. HTML is the block as it appears in
// the page: a heading with its id and number, <li>…</li> with only the
// item's own content, <tr>…</tr>, a quote paragraph inside
// <blockquote>…</blockquote>. It is cut from the page's one rendering.
//
// # Errors
//
// Errors carry the file, the line (body line plus Options.LineOffset) and
// the column in runes, and all of a document's errors are returned
// together, sorted by position. The messages:
//
//	level-1 heading is reserved for the policy title (use ## for sections)
//	duplicate heading id "x" (first used at line N)
//	empty heading id (expected {#id} with letters, digits, "-", "_", ":" or ".")
//	invalid heading id "a b" (expected {#id} with letters, digits, "-", "_", ":" or "." and no spaces)
//	unsupported heading attribute "style" (expected {#id} or {.class})
//	unknown placeholder "{{ entity.fax }}"
//	unknown placeholder "{{ entity.fax }}" (expected one of entity.name, entity.email)
//
// The second form is used when Options.Known lists the keys.
package markdown
