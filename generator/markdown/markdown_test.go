package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/model"
)

var testValues = map[string]string{
	"entity.name":    "Harmoni Ai, LLC",
	"entity.email":   "privacy@example.com",
	"entity.address": "340 Example Street <Suite 1> & Co",
	"entity.phone":   "+1 *555* 0100",
}

func testResolve(key string) (string, bool) {
	v, ok := testValues[key]
	return v, ok
}

var (
	safe   = New(Config{})
	unsafe = New(Config{UnsafeHTML: true})
)

// convert converts src with the test entity and the given options filled
// in where zero.
func convert(c *Converter, src string, opts Options) (*model.Document, diag.List) {
	if opts.File == "" {
		opts.File = "p.md"
	}
	if opts.Resolve == nil {
		opts.Resolve = testResolve
	}
	return c.Convert([]byte(src), opts)
}

func errStrings(errs diag.List) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// mustConvert converts src and fails the test on any error.
func mustConvert(t *testing.T, c *Converter, src string, opts Options) *model.Document {
	t.Helper()
	doc, errs := convert(c, src, opts)
	if len(errs) > 0 {
		t.Fatalf("Convert(%q): unexpected errors:\n%v", src, errs)
	}
	return doc
}

var dialectCases = []struct {
	name, in, want string
}{
	{"paragraph", "Hello *world*.", "<p>Hello <em>world</em>.</p>\n"},
	{"strikethrough", "~~old~~ new", "<p><del>old</del> new</p>\n"},
	{"hard break", "line one\\\nline two", "<p>line one<br>\nline two</p>\n"},
	{"no typographer", `"quoted" -- 'single' ...`, "<p>&quot;quoted&quot; -- 'single' ...</p>\n"},
	{"bare url", "See https://example.com/x.", `<p>See <a href="https://example.com/x" rel="noopener noreferrer">https://example.com/x</a>.</p>` + "\n"},
	{"bare email", "Mail privacy@example.com", `<p>Mail <a href="mailto:privacy@example.com">privacy@example.com</a></p>` + "\n"},
	{"list", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
	{"table", "| A | B |\n|---|--:|\n| 1 | 2 |", `<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1">
<table>
<thead>
<tr>
<th>A</th>
<th style="text-align:right">B</th>
</tr>
</thead>
<tbody>
<tr>
<td>1</td>
<td style="text-align:right">2</td>
</tr>
</tbody>
</table>
</div>
`},
	{"backslash escape", `\*not emphasis\*`, "<p>*not emphasis*</p>\n"},
}

func TestDialect(t *testing.T) {
	for _, tc := range dialectCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustConvert(t, safe, tc.in, Options{})
			if doc.HTML() != tc.want {
				t.Errorf("HTML:\n%s\nwant:\n%s", doc.HTML(), tc.want)
			}
		})
	}
}

var idCases = []struct {
	name, in string
	want     []string
}{
	{"words", "## Your California Privacy Rights", []string{"your-california-privacy-rights"}},
	{"apostrophe", "## Children's Privacy", []string{"childrens-privacy"}},
	{"curly apostrophe", "## Children’s Privacy", []string{"childrens-privacy"}},
	{"ampersand", "## Data Retention & Deletion", []string{"data-retention-deletion"}},
	{"hyphen", "## Opt-Out Rights", []string{"opt-out-rights"}},
	{"digits and dots", "## Section 3.1: Scope", []string{"section-31-scope"}},
	{"accents", "## Données Personnelles", []string{"données-personnelles"}},
	{"japanese", "## 個人情報の取り扱い", []string{"個人情報の取り扱い"}},
	{"markup removed", "## Your *California* [Rights](https://x.example/) `CCPA`", []string{"your-california-rights-ccpa"}},
	{"entity reference", "## Terms &amp; Conditions", []string{"terms-conditions"}},
	{"placeholder resolved", "## Contacting {{ entity.name }}", []string{"contacting-harmoni-ai-llc"}},
	{"explicit", "## Scope {#intro}", []string{"intro"}},
	{"explicit with class", "## Scope {#intro .lead}", []string{"intro"}},
	{"explicit unicode", "## Scope {#portée}", []string{"portée"}},
	{"repeated", "## FAQ\n## FAQ\n## FAQ", []string{"faq", "faq-1", "faq-2"}},
	{"explicit wins over earlier text", "## Scope\n## Other {#scope}", []string{"scope-1", "scope"}},
	{"suffix skips explicit", "## FAQ\n## X {#faq-1}\n## FAQ", []string{"faq", "faq-1", "faq-2"}},
	{"text looks like suffix", "## FAQ 1\n## FAQ\n## FAQ", []string{"faq-1", "faq", "faq-2"}},
	{"empty slug", "## ???\n## §\n##", []string{"section", "section-1", "section-2"}},
	{"setext", "Scope\n-----", []string{"scope"}},
	{"setext explicit", "Scope {#s}\n-----", []string{"s"}},
	{"deep levels", "### Three\n#### Four\n###### Six", []string{"three", "four", "six"}},
	{"closing hashes", "## Scope ##", []string{"scope"}},
	{"in list and quote", "- ## Item Head\n\n> ## Quote Head", []string{"item-head", "quote-head"}},
}

func TestHeadingIDs(t *testing.T) {
	for _, numbering := range []bool{false, true} {
		for _, tc := range idCases {
			t.Run(fmt.Sprintf("%s/numbering=%v", tc.name, numbering), func(t *testing.T) {
				doc := mustConvert(t, safe, tc.in, Options{Numbering: numbering})
				var got []string
				for _, h := range doc.Headings {
					got = append(got, h.ID)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("ids = %q, want %q", got, tc.want)
				}
				for _, id := range got {
					if !strings.Contains(doc.HTML(), ` id="`+id+`"`) {
						t.Errorf("HTML has no id %q:\n%s", id, doc.HTML())
					}
				}
			})
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"  Leading and trailing  ": "leading-and-trailing",
		"A  -  B":                  "a-b",
		"snake_case":               "snake-case",
		"ÉTÉ":                      "été",
		"emoji 🍪 cookies":          "emoji-cookies",
		"e\u0301":                  "e\u0301", // a combining accent stays
		"\xff invalid":             "invalid",
		"(GDPR) Art. 13":           "gdpr-art-13",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

var numberingCases = []struct {
	name, in string
	want     []model.Heading
}{
	{"sections and subsections", "## Scope\n### Data\n### Use\n## Rights\n### Access\n#### Deep", []model.Heading{
		{Level: 2, ID: "scope", Text: "Scope", Number: "1."},
		{Level: 3, ID: "data", Text: "Data", Number: "1.1"},
		{Level: 3, ID: "use", Text: "Use", Number: "1.2"},
		{Level: 2, ID: "rights", Text: "Rights", Number: "2."},
		{Level: 3, ID: "access", Text: "Access", Number: "2.1"},
		{Level: 4, ID: "deep", Text: "Deep", Number: ""},
	}},
	{"subsection before first section", "### Early\n## First\n### A", []model.Heading{
		{Level: 3, ID: "early", Text: "Early", Number: "0.1"},
		{Level: 2, ID: "first", Text: "First", Number: "1."},
		{Level: 3, ID: "a", Text: "A", Number: "1.1"},
	}},
	{"text with its own number", "## 1. Scope", []model.Heading{
		{Level: 2, ID: "1-scope", Text: "1. Scope", Number: "1."},
	}},
}

func TestNumbering(t *testing.T) {
	for _, tc := range numberingCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustConvert(t, safe, tc.in, Options{Numbering: true})
			if !reflect.DeepEqual(doc.Headings, tc.want) {
				t.Errorf("Headings:\n%+v\nwant:\n%+v", doc.Headings, tc.want)
			}
			// Without numbering: same ids and texts, no numbers.
			doc = mustConvert(t, safe, tc.in, Options{})
			for i, h := range doc.Headings {
				w := tc.want[i]
				w.Number = ""
				if h != w {
					t.Errorf("without numbering: heading %d = %+v, want %+v", i, h, w)
				}
			}
			if strings.Contains(doc.HTML(), "secnum") {
				t.Errorf("numbers rendered without Numbering:\n%s", doc.HTML())
			}
		})
	}
	t.Run("rendering", func(t *testing.T) {
		doc := mustConvert(t, safe, "## Scope\n### Data *We* Collect\n##", Options{Numbering: true})
		want := `<h2 id="scope"><span class="secnum">1.</span> Scope</h2>
<h3 id="data-we-collect"><span class="secnum">1.1</span> Data <em>We</em> Collect</h3>
<h2 id="section"><span class="secnum">2.</span></h2>
`
		if doc.HTML() != want {
			t.Errorf("HTML:\n%s\nwant:\n%s", doc.HTML(), want)
		}
	})
}

var placeholderCases = []struct {
	name, in string
	opts     Options
	want     string // HTML
	errs     []string
}{
	{name: "paragraph", in: "Write to {{ entity.email }}.", want: "<p>Write to privacy@example.com.</p>\n"},
	{name: "no spaces", in: "{{entity.name}}", want: "<p>Harmoni Ai, LLC</p>\n"},
	{name: "tabs and many spaces", in: "{{\t entity.name   }}", want: "<p>Harmoni Ai, LLC</p>\n"},
	{name: "value escaped", in: "At {{ entity.address }}", want: "<p>At 340 Example Street &lt;Suite 1&gt; &amp; Co</p>\n"},
	{name: "value not markdown", in: "Call {{ entity.phone }}", want: "<p>Call +1 *555* 0100</p>\n"},
	{name: "list item", in: "- {{ entity.name }}", want: "<ul>\n<li>Harmoni Ai, LLC</li>\n</ul>\n"},
	{name: "emphasis", in: "*{{ entity.name }}*", want: "<p><em>Harmoni Ai, LLC</em></p>\n"},
	{name: "link text", in: "[{{ entity.email }}](mailto:privacy@example.com)", want: `<p><a href="mailto:privacy@example.com">privacy@example.com</a></p>` + "\n"},
	{name: "heading", in: "## About {{ entity.name }}", want: `<h2 id="about-harmoni-ai-llc">About Harmoni Ai, LLC</h2>` + "\n"},
	{name: "table cell", in: "| Who |\n|---|\n| {{ entity.name }} |", want: `<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1">
<table>
<thead>
<tr>
<th>Who</th>
</tr>
</thead>
<tbody>
<tr>
<td>Harmoni Ai, LLC</td>
</tr>
</tbody>
</table>
</div>
`},
	{name: "image alt", in: "![Logo of {{ entity.name }}](/logo.png)", want: `<p><img src="/logo.png" alt="Logo of Harmoni Ai, LLC"></p>` + "\n"},
	{name: "code span", in: "`{{ entity.email }}`", want: "<p><code>{{ entity.email }}</code></p>\n"},
	{name: "fenced code", in: "```\n{{ entity.email }}\n```", want: "<pre><code>{{ entity.email }}\n</code></pre>\n"},
	{name: "indented code", in: "    {{ entity.email }}", want: "<pre><code>{{ entity.email }}\n</code></pre>\n"},
	{name: "escaped brace", in: `\{{ entity.email }}`, want: "<p>{{ entity.email }}</p>\n"},
	{name: "uppercase key", in: "{{ Entity.Email }}", want: "<p>{{ Entity.Email }}</p>\n"},
	{name: "trailing dot", in: "{{ entity. }}", want: "<p>{{ entity. }}</p>\n"},
	{name: "unclosed", in: "{{ entity.email }", want: "<p>{{ entity.email }</p>\n"},
	{name: "empty", in: "{{}} {{ }}", want: "<p>{{}} {{ }}</p>\n"},
	{name: "single brace", in: "{ entity.email }", want: "<p>{ entity.email }</p>\n"},
	{name: "across lines", in: "{{ entity.email\n}}", want: "<p>{{ entity.email\n}}</p>\n"},
	{name: "triple brace", in: "{{{ entity.name }}}", want: "<p>{Harmoni Ai, LLC}</p>\n"},
	{
		name: "unknown",
		in:   "Fax: {{ entity.fax }}",
		want: "<p>Fax: {{ entity.fax }}</p>\n",
		errs: []string{`p.md:1:6: unknown placeholder "{{ entity.fax }}"`},
	},
	{
		name: "unknown with known keys and offset",
		in:   "Hi.\n\nFax: {{entity.fax}} and {{ entity.web }}",
		opts: Options{File: "content/privacy/2024-05-15.md", LineOffset: 5, Known: []string{"entity.name", "entity.email"}},
		want: "<p>Hi.</p>\n<p>Fax: {{ entity.fax }} and {{ entity.web }}</p>\n",
		errs: []string{
			`content/privacy/2024-05-15.md:8:6: unknown placeholder "{{ entity.fax }}" (expected one of entity.name, entity.email)`,
			`content/privacy/2024-05-15.md:8:25: unknown placeholder "{{ entity.web }}" (expected one of entity.name, entity.email)`,
		},
	},
	{
		name: "a near miss is named",
		in:   "Write to {{ entity.emial }}.",
		opts: Options{File: "p.md", Known: []string{"entity.name", "entity.email"}},
		want: "<p>Write to {{ entity.emial }}.</p>\n",
		errs: []string{`p.md:1:10: unknown placeholder "{{ entity.emial }}" (did you mean {{ entity.email }}? expected one of entity.name, entity.email)`},
	},
	{
		name: "column in runes",
		in:   "Café — {{ x.y }}",
		want: "<p>Café — {{ x.y }}</p>\n",
		errs: []string{`p.md:1:8: unknown placeholder "{{ x.y }}"`},
	},
	{
		name: "unknown in list",
		in:   "- a\n  - b {{ nope }}",
		want: "<ul>\n<li>a\n<ul>\n<li>b {{ nope }}</li>\n</ul>\n</li>\n</ul>\n",
		errs: []string{`p.md:2:7: unknown placeholder "{{ nope }}"`},
	},
	{
		name: "resolve not set",
		in:   "{{ entity.name }}",
		opts: Options{Resolve: func(string) (string, bool) { return "", false }},
		want: "<p>{{ entity.name }}</p>\n",
		errs: []string{`p.md:1:1: unknown placeholder "{{ entity.name }}"`},
	},
}

func TestPlaceholders(t *testing.T) {
	for _, tc := range placeholderCases {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := convert(safe, tc.in, tc.opts)
			if doc.HTML() != tc.want {
				t.Errorf("HTML:\n%s\nwant:\n%s", doc.HTML(), tc.want)
			}
			if got := errStrings(errs); !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("errors:\n%q\nwant:\n%q", got, tc.errs)
			}
		})
	}
	t.Run("nil resolve", func(t *testing.T) {
		_, errs := safe.Convert([]byte("{{ entity.name }}"), Options{File: "p.md"})
		want := []string{`p.md:1:1: unknown placeholder "{{ entity.name }}"`}
		if got := errStrings(errs); !reflect.DeepEqual(got, want) {
			t.Errorf("errors = %q, want %q", got, want)
		}
	})
}

var rawHTMLCases = []struct {
	name, in     string
	safe, unsafe string
}{
	{"inline", "Some <b>bold</b> text",
		"<p>Some &lt;b&gt;bold&lt;/b&gt; text</p>\n",
		"<p>Some <b>bold</b> text</p>\n"},
	{"inline handler", `<span onclick="steal()">x</span>`,
		"<p>&lt;span onclick=&quot;steal()&quot;&gt;x&lt;/span&gt;</p>\n",
		`<p><span onclick="steal()">x</span></p>` + "\n"},
	{"comment", "Text <!-- internal note -->",
		"<p>Text &lt;!-- internal note --&gt;</p>\n",
		"<p>Text <!-- internal note --></p>\n"},
	{"script block", "<script>alert(1)</script>\n",
		"<pre class=\"raw-html\"><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n",
		"<script>alert(1)</script>\n"},
	{"div block at end of input", "<div class=\"notice\">\nImportant\n</div>",
		"<pre class=\"raw-html\"><code>&lt;div class=&quot;notice&quot;&gt;\nImportant\n&lt;/div&gt;</code></pre>\n",
		"<div class=\"notice\">\nImportant\n</div>"},
	{"entity text stays text", "AT&amp;T &lt;b&gt;",
		"<p>AT&amp;T &lt;b&gt;</p>\n",
		"<p>AT&amp;T &lt;b&gt;</p>\n"},
	{"nul in block", "<div>\x00</div>\n",
		"<pre class=\"raw-html\"><code>&lt;div&gt;\ufffd&lt;/div&gt;\n</code></pre>\n",
		"<div>\ufffd</div>\n"},
}

func TestRawHTML(t *testing.T) {
	for _, tc := range rawHTMLCases {
		t.Run(tc.name, func(t *testing.T) {
			if doc := mustConvert(t, safe, tc.in, Options{}); doc.HTML() != tc.safe {
				t.Errorf("escaped:\n%s\nwant:\n%s", doc.HTML(), tc.safe)
			}
			if doc := mustConvert(t, unsafe, tc.in, Options{}); doc.HTML() != tc.unsafe {
				t.Errorf("unsafe:\n%s\nwant:\n%s", doc.HTML(), tc.unsafe)
			}
		})
	}
}

var linkCases = []struct {
	name, in string
	want     string // HTML
	links    []model.Link
}{
	{"external", "[a](https://example.com/x)",
		`<p><a href="https://example.com/x" rel="noopener noreferrer">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "https://example.com/x"}}},
	{"external uppercase scheme", "[a](HTTP://example.com/)",
		`<p><a href="HTTP://example.com/" rel="noopener noreferrer">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "HTTP://example.com/"}}},
	{"protocol relative", "x [a](//cdn.example.com/y)",
		`<p>x <a href="//cdn.example.com/y" rel="noopener noreferrer">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 3, URL: "//cdn.example.com/y"}}},
	{"relative", "[a](/terms/) [b](#scope) [c](mailto:x@example.com)",
		`<p><a href="/terms/">a</a> <a href="#scope">b</a> <a href="mailto:x@example.com">c</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "/terms/"}, {Line: 1, Col: 14, URL: "#scope"}, {Line: 1, Col: 26, URL: "mailto:x@example.com"}}},
	{"title", `[a](https://example.com "The <Title>")`,
		`<p><a href="https://example.com" title="The &lt;Title&gt;" rel="noopener noreferrer">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "https://example.com"}}},
	{"javascript", "[click *me*](javascript:alert(1))",
		"<p>click <em>me</em></p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "javascript:alert(1)"}}},
	{"javascript mixed case", "[a](JavaScript:alert(1))",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "JavaScript:alert(1)"}}},
	{"javascript by reference", "[a](&#106;avascript:alert(1))",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "javascript:alert(1)"}}},
	{"javascript after control character", "[a](&#1;javascript:alert(1))",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "\x01javascript:alert(1)"}}},
	{"javascript with tab", "[a](<java\tscript:alert(1)>)",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "java\tscript:alert(1)"}}},
	{"vbscript", "[a](vbscript:msgbox)",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "vbscript:msgbox"}}},
	{"data", "[a](data:text/html;base64,PHNjcmlwdD4=)",
		"<p>a</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "data:text/html;base64,PHNjcmlwdD4="}}},
	{"data image", "![a pixel](data:image/png;base64,iVBO)",
		"<p>a pixel</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "data:image/png;base64,iVBO"}}},
	{"javascript autolink", "<javascript:alert(1)>",
		"<p>javascript:alert(1)</p>\n",
		[]model.Link{{Line: 1, Col: 1, URL: "javascript:alert(1)"}}},
	{"not a scheme", "[a](javascript-guide.html)",
		`<p><a href="javascript-guide.html">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "javascript-guide.html"}}},
	{"image", "![Logo](https://cdn.example.com/l.png)",
		`<p><img src="https://cdn.example.com/l.png" alt="Logo"></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "https://cdn.example.com/l.png"}}},
	{"autolink", "See <https://example.com/a>.",
		`<p>See <a href="https://example.com/a" rel="noopener noreferrer">https://example.com/a</a>.</p>` + "\n",
		[]model.Link{{Line: 1, Col: 5, URL: "https://example.com/a"}}},
	{"email autolink", "<privacy@example.com>",
		`<p><a href="mailto:privacy@example.com">privacy@example.com</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "mailto:privacy@example.com"}}},
	{"bare url", "Visit\nwww.example.com today",
		`<p>Visit` + "\n" + `<a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a> today</p>` + "\n",
		[]model.Link{{Line: 2, Col: 1, URL: "http://www.example.com"}}},
	{"reference", "Read [the terms][t].\n\n[t]: https://example.com/terms",
		`<p>Read <a href="https://example.com/terms" rel="noopener noreferrer">the terms</a>.</p>` + "\n",
		[]model.Link{{Line: 1, Col: 6, URL: "https://example.com/terms"}}},
	{"escapes resolved", `[a](/a\_b?x=1&amp;y=2)`,
		`<p><a href="/a_b?x=1&amp;y=2">a</a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "/a_b?x=1&y=2"}}},
	{"nested positions", "Intro.\n\n- item\n  - see [x](/x) and ![y](/y.png)",
		"<p>Intro.</p>\n<ul>\n<li>item\n<ul>\n<li>see <a href=\"/x\">x</a> and <img src=\"/y.png\" alt=\"y\"></li>\n</ul>\n</li>\n</ul>\n",
		[]model.Link{{Line: 4, Col: 9, URL: "/x"}, {Line: 4, Col: 21, URL: "/y.png"}}},
	{"empty text", "[](https://example.com)",
		`<p><a href="https://example.com" rel="noopener noreferrer"></a></p>` + "\n",
		[]model.Link{{Line: 1, Col: 1, URL: "https://example.com"}}},
}

func TestLinks(t *testing.T) {
	for _, tc := range linkCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []*Converter{safe, unsafe} {
				doc := mustConvert(t, c, tc.in, Options{})
				if doc.HTML() != tc.want {
					t.Errorf("unsafe=%v: HTML:\n%s\nwant:\n%s", c.unsafe, doc.HTML(), tc.want)
				}
				if !reflect.DeepEqual(doc.Links, tc.links) {
					t.Errorf("Links = %+v, want %+v", doc.Links, tc.links)
				}
			}
		})
	}
	t.Run("line offset", func(t *testing.T) {
		doc := mustConvert(t, safe, "\n\ntext [a](/a)", Options{LineOffset: 4})
		want := []model.Link{{Line: 7, Col: 6, URL: "/a"}}
		if !reflect.DeepEqual(doc.Links, want) {
			t.Errorf("Links = %+v, want %+v", doc.Links, want)
		}
	})
}

func TestDangerousURL(t *testing.T) {
	for u, want := range map[string]bool{
		"javascript:x":        true,
		"  JAVASCRIPT:x":      true,
		"\x00\x1fjavascript:": true,
		"java\nscript:x":      true,
		"vbscript:x":          true,
		"Data:text/html,x":    true,
		"https://example.com": false,
		"/javascript:x":       false,
		"javascript":          false,
		"javascriptx:y":       false,
		"":                    false,
		"x javascript:y":      false,
	} {
		if got := dangerousURL([]byte(u)); got != want {
			t.Errorf("dangerousURL(%q) = %v, want %v", u, got, want)
		}
	}
}

var tableCases = []struct {
	name, in string
	labels   []string
}{
	{"no heading", "| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |", []string{"Table 1", "Table 2"}},
	{"after heading", "## Cookies We Use\n\nText.\n\n| A |\n|---|\n| 1 |", []string{"Cookies We Use (table)"}},
	{"nearest heading", "## One\n### Two *b*\n| A |\n|---|\n| 1 |\n## Three\n\n| B |\n|---|\n| 2 |", []string{"Two b (table)", "Three (table)"}},
	{"escaped label", "## Q&A \"x\" <y>\n\n| A |\n|---|\n| 1 |", []string{`Q&amp;A &quot;x&quot; &lt;y&gt; (table)`}},
	{"empty heading", "##\n\n| A |\n|---|\n| 1 |", []string{"Table 1"}},
}

func TestTables(t *testing.T) {
	for _, tc := range tableCases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustConvert(t, safe, tc.in, Options{Numbering: true})
			var labels []string
			rest := doc.HTML()
			for {
				const open = `<div class="table-scroll" role="region" tabindex="0" aria-label="`
				i := strings.Index(rest, open)
				if i < 0 {
					break
				}
				rest = rest[i+len(open):]
				j := strings.Index(rest, "\">\n<table>\n")
				if j < 0 {
					t.Fatalf("wrapper not followed by the table:\n%s", doc.HTML())
				}
				labels = append(labels, rest[:j])
			}
			if !reflect.DeepEqual(labels, tc.labels) {
				t.Errorf("labels = %q, want %q", labels, tc.labels)
			}
			if n := strings.Count(doc.HTML(), "</table>\n</div>\n"); n != len(tc.labels) {
				t.Errorf("%d tables closed with </div>, want %d:\n%s", n, len(tc.labels), doc.HTML())
			}
		})
	}
}

const blocksDoc = `Before any heading.

## Scope {#scope}

Intro with [a link](https://example.com) and {{ entity.name }}.
Second line.

- First item
  continues *here*.
  - Nested one
  - Nested two

    with a second paragraph
- Third item

> Quoted text
> over two lines.
>
> - quoted item

### Tables & Code

| Name | Value |
|------|-------|
| a    | {{ entity.email }} |

` + "```" + `
code  {{ entity.name }}
  indented
` + "```" + `

---

<div>raw</div>
`

var blocksWant = []model.Block{
	{Kind: model.BlockParagraph, Section: "", Text: "Before any heading.", HTML: "<p>Before any heading.</p>"},
	{Kind: model.BlockHeading, Section: "scope", Level: 2, Text: "Scope", HTML: `<h2 id="scope"><span class="secnum">1.</span> Scope</h2>`},
	{Kind: model.BlockParagraph, Section: "scope", Text: "Intro with a link and Harmoni Ai, LLC. Second line.",
		HTML: "<p>Intro with <a href=\"https://example.com\" rel=\"noopener noreferrer\">a link</a> and Harmoni Ai, LLC.\nSecond line.</p>"},
	{Kind: model.BlockListItem, Section: "scope", Level: 1, Text: "First item continues here.", HTML: "<li>First item\ncontinues <em>here</em>.</li>"},
	{Kind: model.BlockListItem, Section: "scope", Level: 2, Text: "Nested one", HTML: "<li><p>Nested one</p></li>"},
	{Kind: model.BlockListItem, Section: "scope", Level: 2, Text: "Nested two with a second paragraph", HTML: "<li><p>Nested two</p>\n<p>with a second paragraph</p></li>"},
	{Kind: model.BlockListItem, Section: "scope", Level: 1, Text: "Third item", HTML: "<li>Third item</li>"},
	{Kind: model.BlockQuote, Section: "scope", Text: "Quoted text over two lines.", HTML: "<blockquote>\n<p>Quoted text\nover two lines.</p>\n</blockquote>"},
	{Kind: model.BlockListItem, Section: "scope", Level: 1, Text: "quoted item", HTML: "<li>quoted item</li>"},
	{Kind: model.BlockHeading, Section: "tables-code", Level: 3, Text: "Tables & Code", HTML: `<h3 id="tables-code"><span class="secnum">1.1</span> Tables &amp; Code</h3>`},
	{Kind: model.BlockTableRow, Section: "tables-code", Text: "Name Value", Cells: []string{"Name", "Value"}, HTML: "<tr>\n<th>Name</th>\n<th>Value</th>\n</tr>"},
	{Kind: model.BlockTableRow, Section: "tables-code", Text: "a privacy@example.com", Cells: []string{"a", "privacy@example.com"}, HTML: "<tr>\n<td>a</td>\n<td>privacy@example.com</td>\n</tr>"},
	{Kind: model.BlockCode, Section: "tables-code", Text: "code  {{ entity.name }}\n  indented", HTML: "<pre><code>code  {{ entity.name }}\n  indented\n</code></pre>"},
	{Kind: model.BlockRule, Section: "tables-code", HTML: "<hr>"},
	{Kind: model.BlockHTML, Section: "tables-code", Text: "<div>raw</div>", HTML: "<pre class=\"raw-html\"><code>&lt;div&gt;raw&lt;/div&gt;\n</code></pre>"},
}

func TestBlocks(t *testing.T) {
	doc := mustConvert(t, safe, blocksDoc, Options{Numbering: true})
	if len(doc.Blocks()) != len(blocksWant) {
		for _, b := range doc.Blocks() {
			t.Logf("%+v", b)
		}
		t.Fatalf("%d blocks, want %d", len(doc.Blocks()), len(blocksWant))
	}
	for i, b := range doc.Blocks() {
		if !reflect.DeepEqual(b, blocksWant[i]) {
			t.Errorf("block %d:\n got %+v\nwant %+v", i, b, blocksWant[i])
		}
		// Every block's HTML is a piece of the page, apart from the
		// wrappers added for items, rows and quotes.
		inner := b.HTML
		switch b.Kind {
		case model.BlockListItem:
			inner = strings.TrimSuffix(strings.TrimPrefix(inner, "<li>"), "</li>")
		case model.BlockTableRow:
			inner = strings.TrimSuffix(strings.TrimPrefix(inner, "<tr>\n"), "\n</tr>")
		case model.BlockQuote:
			inner = strings.TrimSuffix(strings.TrimPrefix(inner, "<blockquote>\n"), "\n</blockquote>")
		}
		for _, part := range strings.Split(inner, "\n<p>") {
			if !strings.Contains(doc.HTML(), part) {
				t.Errorf("block %d HTML %q not in the page", i, part)
			}
		}
	}
	if doc.Words != 48 {
		t.Errorf("Words = %d, want 48", doc.Words)
	}
}

// TestListItemNumbers: an item of a numbered list knows its number, from
// the list's start, so that a redline can keep the list numbered.
func TestListItemNumbers(t *testing.T) {
	doc := mustConvert(t, safe, "3. three\n4. four\n   - nested\n\n- bullet\n\n1) one", Options{})
	var got []int
	for _, b := range doc.Blocks() {
		if b.Kind == model.BlockListItem {
			got = append(got, b.Number)
		}
	}
	if want := []int{3, 4, 0, 0, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("item numbers %v, want %v", got, want)
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]int{
		"":                                  0,
		"One two  three.":                   3,
		"## Head line\n\nBody *text* here":  5,
		"- a\n- b c":                        3,
		"| A B | C |\n|---|---|\n| d | e |": 5,
		"Mail {{ entity.email }} now":       3,
		"`code span` x":                     3,
	} {
		doc := mustConvert(t, safe, in, Options{})
		if doc.Words != want {
			t.Errorf("Words(%q) = %d, want %d", in, doc.Words, want)
		}
	}
}

var errorCases = []struct {
	name, in string
	opts     Options
	errs     []string
}{
	{"level-1 heading", "Intro.\n\n# Title", Options{},
		[]string{"p.md:3:1: level-1 heading is reserved for the policy title (use ## for sections)"}},
	{"level-1 setext heading", "Title\n=====", Options{},
		[]string{"p.md:1:1: level-1 heading is reserved for the policy title (use ## for sections)"}},
	{"empty level-1 heading", "text\n\n  #", Options{},
		[]string{"p.md:3:3: level-1 heading is reserved for the policy title (use ## for sections)"}},
	{"level-1 heading in a quote", "> # Quoted", Options{},
		[]string{"p.md:1:3: level-1 heading is reserved for the policy title (use ## for sections)"}},
	{"duplicate explicit id", "## A {#x}\n\ntext\n\n## B {#x}", Options{},
		[]string{`p.md:5:1: duplicate heading id "x" (first used at line 1)`}},
	{"duplicate with offset", "## A {#x}\n## B {#x}\n## C {#x}", Options{File: "content/terms.md", LineOffset: 6},
		[]string{
			`content/terms.md:8:1: duplicate heading id "x" (first used at line 7)`,
			`content/terms.md:9:1: duplicate heading id "x" (first used at line 7)`,
		}},
	{"empty explicit id", "## A {#}", Options{},
		[]string{`p.md:1:1: empty heading id (expected {#id} with letters, digits, "-", "_", ":" or ".")`}},
	{"explicit id with space", "## A {#my id}", Options{},
		[]string{`p.md:1:1: invalid heading id "my id" (expected {#id} with letters, digits, "-", "_", ":" or "." and no spaces)`}},
	{"explicit id attribute with space", `## A {id="my id"}`, Options{},
		[]string{`p.md:1:1: invalid heading id "my id" (expected {#id} with letters, digits, "-", "_", ":" or "." and no spaces)`}},
	{"explicit id not a string", `## A {id=3}`, Options{},
		[]string{`p.md:1:1: invalid heading id (expected {#id} with letters, digits, "-", "_", ":" or ".")`}},
	{"unsupported attribute", `## A {#a style="color:red" onclick="x()"}`, Options{},
		[]string{
			`p.md:1:1: unsupported heading attribute "onclick" (expected {#id} or {.class})`,
			`p.md:1:1: unsupported heading attribute "style" (expected {#id} or {.class})`,
		}},
	{"all errors together, sorted", "{{ a.b }}\n\n# T\n\n## X {#x}\n## Y {#x}\n\nand {{ c.d }}", Options{},
		[]string{
			`p.md:1:1: unknown placeholder "{{ a.b }}"`,
			`p.md:3:1: level-1 heading is reserved for the policy title (use ## for sections)`,
			`p.md:6:1: duplicate heading id "x" (first used at line 5)`,
			`p.md:8:5: unknown placeholder "{{ c.d }}"`,
		}},
}

func TestErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := convert(safe, tc.in, tc.opts)
			if got := errStrings(errs); !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.errs, "\n"))
			}
			if doc == nil {
				t.Fatal("nil document")
			}
			// The document stays usable: unique ids and the level-1
			// heading is not listed among the sections.
			seen := map[string]bool{}
			for _, h := range doc.Headings {
				if seen[h.ID] || h.Level < 2 {
					t.Errorf("bad heading %+v in %+v", h, doc.Headings)
				}
				seen[h.ID] = true
			}
		})
	}
}

func TestClassAttribute(t *testing.T) {
	doc := mustConvert(t, safe, "## Scope {.lead .x}", Options{})
	if want := `<h2 class="lead x" id="scope">Scope</h2>` + "\n"; doc.HTML() != want {
		t.Errorf("HTML = %q, want %q", doc.HTML(), want)
	}
}

func TestConcurrentUse(t *testing.T) {
	src := benchDocument(500)
	want, _ := convert(safe, src, Options{Numbering: true})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				got, _ := convert(safe, src, Options{Numbering: true})
				if !reflect.DeepEqual(got, want) {
					t.Error("concurrent conversion differs")
					return
				}
			}
		})
	}
	wg.Wait()
}
