package render

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
)

// trustedHTML marks HTML produced by our own Markdown renderer or redline.
func trustedHTML(s string) template.HTML { return template.HTML(s) }

// jurisdictions gathers, for every jurisdiction that a published version
// maps, the sections of each policy's primary version that apply there.
func (r *renderer) jurisdictions() []*Jurisdiction {
	byCode := map[string]*Jurisdiction{}
	for _, p := range r.view.Policies {
		if p.jurisdictions == nil {
			p.jurisdictions = r.policyJurisdictions(p)
		}
		for _, l := range p.jurisdictions {
			jv := byCode[l.code]
			if jv == nil {
				jv = &Jurisdiction{}
				byCode[l.code] = jv
			}
			if l.section != nil {
				jv.Sections = append(jv.Sections, l.section)
			}
		}
	}
	var out []*Jurisdiction
	for _, j := range r.site.SortedJurisdictions() {
		if jv := byCode[j.Code]; jv != nil {
			jv.Jurisdiction, jv.Path = j, r.prefix+"jurisdictions/"+j.Slug()+"/"
			out = append(out, jv)
		}
	}
	return out
}

// policyLink is a jurisdiction a version of a policy maps, with the
// section that applies there when the version is the policy's primary.
type policyLink struct {
	code    string
	section *JurisdictionSection
}

// policyJurisdictions lists what p's versions map, in order. The view
// keeps the list: in serve, only an edited policy's is made again.
func (r *renderer) policyJurisdictions(p *Policy) []policyLink {
	links := []policyLink{} // not nil: made
	for _, v := range p.Versions {
		for _, link := range v.Jurisdictions {
			l := policyLink{code: link.Code}
			if v == p.Primary {
				html := r.section(v, link.HeadingID, p.Path)
				// The section's own text, not the whole version's: an edit
				// elsewhere in the primary leaves the pages that show the
				// section as they were.
				key := r.newMemoKey()
				for _, s := range [...]string{v.Source, html, link.HeadingID, link.HeadingText, v.changeKey} {
					key.WriteString(s)
					key.WriteString("\x00")
				}
				l.section = &JurisdictionSection{
					Version:     v,
					HeadingID:   link.HeadingID,
					HeadingText: link.HeadingText,
					HTML:        trustedHTML(html),
					key:         key.String(),
				}
			}
			links = append(links, l)
		}
	}
	return links
}

func (r *renderer) jurisdictionPages() error {
	if len(r.view.Jurisdictions) == 0 {
		return nil
	}
	if err := r.titled("jurisdictions", r.prefix+"jurisdictions/", "jurisdictions_title", &Page{Jurisdictions: r.view.Jurisdictions}); err != nil {
		return err
	}
	for _, j := range r.view.Jurisdictions {
		feeds, err := r.feedLinks(j.Path, j.Name)
		if err != nil {
			return err
		}
		title, err := r.theme.T("jurisdiction_title", j.Name)
		if err != nil {
			return err
		}
		changes := inJurisdiction(r.changeOrder, j.Code, CollectionEntries) // the changelog has them all
		page := &Page{
			Title:        title,
			Jurisdiction: j,
			Changes:      changes,
			Feeds:        append(feeds, r.view.Feeds...),
			Subscribe:    &Subscribe{Feeds: feeds, Email: r.site.SubscribeURL},
		}
		// The page shows the primary text's sections and the list of
		// changes: an edit elsewhere in a policy leaves it as it was, which
		// in serve spares rendering a page of every policy's section.
		key := r.newMemoKey()
		for _, s := range j.Sections {
			key.WriteString(s.key)
		}
		for _, v := range changes {
			key.WriteString(v.changeKey)
		}
		if err := r.memoPage(key.String(), "jurisdiction", j.Path, page); err != nil {
			return err
		}
		if err := r.writeFeeds(r.sitePages(), j.Path, j.Name+" · "+r.site.Title, j.Path, inJurisdiction(r.byAnnouncement, j.Code, CollectionEntries), CollectionEntries); err != nil {
			return err
		}
	}
	return nil
}

// section is the text of the section of v under headingID, as a
// jurisdiction page shows it.
func (r *renderer) section(v *Version, headingID, policyPath string) string {
	key := ""
	if r.cache != nil {
		key = "section\x00" + v.Source + "\x00" + v.SHA256 + "\x00" + headingID + "\x00" + r.theme.URL(policyPath)
		if html, ok := r.cache.load(key); ok {
			return html.(string)
		}
	}
	html := r.pageLinks(demote(sectionHTML(v.Doc.HTML(), headingID)), policyPath)
	if r.cache != nil {
		r.cache.store(key, html)
	}
	return html
}

var headingTagRE = regexp.MustCompile(`<h([1-6])[\s>]`)

// sectionHTML cuts the section that starts at the heading with id out of
// a document's HTML: the heading and everything up to the next heading of
// the same or a higher level.
func sectionHTML(html, id string) string {
	start := -1
	level := 0
	for _, m := range headingTagRE.FindAllStringSubmatchIndex(html, -1) {
		if start < 0 {
			end := strings.IndexByte(html[m[0]:], '>')
			if end >= 0 && strings.Contains(html[m[0]:m[0]+end], `id="`+id+`"`) {
				start = m[0]
				level, _ = strconv.Atoi(html[m[2]:m[3]])
			}
			continue
		}
		if l, _ := strconv.Atoi(html[m[2]:m[3]]); l <= level {
			return html[start:m[0]]
		}
	}
	if start < 0 {
		return ""
	}
	return html[start:]
}

// demote drops the ids of a section's headings so that a page gathering
// sections from several policies never repeats an id, and moves the
// headings under the page's own section headings (h2): the section's own
// heading becomes an h3 whatever its level in the policy, so no level is
// skipped.
var (
	headingIDRE     = regexp.MustCompile(`(<h[1-6]) id="[^"]*"`)
	headingTagAnyRE = regexp.MustCompile(`(</?h)([1-6])([\s>])`)
)

func demote(html string) string {
	html = headingIDRE.ReplaceAllString(html, "$1")
	shift := 1
	if m := headingTagRE.FindStringSubmatch(html); m != nil {
		first, _ := strconv.Atoi(m[1])
		shift = 3 - first
	}
	return headingTagAnyRE.ReplaceAllStringFunc(html, func(s string) string {
		m := headingTagAnyRE.FindStringSubmatch(s)
		n, _ := strconv.Atoi(m[2])
		return m[1] + strconv.Itoa(min(max(n+shift, 1), 6)) + m[3]
	})
}
