package generator

import (
	"regexp"
	"strings"
	"testing"
)

// TestCachedPartsFollowEachVersion: the parts of a page that the built-in
// layouts execute once for many pages (Page.Cached) — the contents, the
// jurisdiction links, the entity — still show each version's own, in both
// themes, when successive versions change them.
func TestCachedPartsFollowEachVersion(t *testing.T) {
	for _, theme := range []string{"default", "document"} {
		t.Run(theme, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) { writeFile(t, dir, name, text) }
			write("site.yaml", "title: Legal\nbase_url: https://x.example/\ntheme: "+theme+"\ndefault_entity: us\n"+
				"entities:\n  us:\n    name: Tern Labs, Inc.\n  eu:\n    name: Tern Labs Europe B.V.\n")
			// The first two versions share contents, links and entity; the
			// third adds a section and a jurisdiction, numbers its sections
			// and has another entity; the fourth goes back to the first's.
			first := "---\ntitle: Privacy\neffective: %s\njurisdictions:\n  US-CA: california\n---\n\n## Scope\n\nText %s.\n\n## California\n\nRights.\n"
			third := "---\ntitle: Privacy\neffective: 2024-03-01\nentity: eu\nnumbering: true\njurisdictions:\n  US-CA: california\n  EEA: europe\n---\n\n## Scope\n\nText.\n\n## California\n\nRights.\n\n## Europe\n\nMore rights.\n"
			write("content/privacy/2024-01-01.md", strings.ReplaceAll(strings.Replace(first, "%s", "2024-01-01", 1), "%s", "one"))
			write("content/privacy/2024-02-01.md", strings.ReplaceAll(strings.Replace(first, "%s", "2024-02-01", 1), "%s", "two"))
			write("content/privacy/2024-03-01.md", third)
			write("content/privacy/2024-04-01.md", strings.ReplaceAll(strings.Replace(first, "%s", "2024-04-01", 1), "%s", "four"))
			out := renderAll(t, dir, mustDate("2024-06-01"))
			nav := regexp.MustCompile(`(?s)<nav class="toc[^"]*"[^>]*>.*?</nav>`)
			where := regexp.MustCompile(`(?s)<nav class="where-you-live"[^>]*>.*?</nav>`)
			for _, c := range []struct {
				page, entity string
				numbered     bool
				toc, links   []string
				notToc       []string
			}{
				{"privacy/2024-01-01/index.html", "Tern Labs, Inc.", false, []string{"#scope", "#california"}, []string{"#california"}, []string{"#europe"}},
				{"privacy/2024-02-01/index.html", "Tern Labs, Inc.", false, []string{"#scope", "#california"}, []string{"#california"}, []string{"#europe"}},
				{"privacy/2024-03-01/index.html", "Tern Labs Europe B.V.", true, []string{"#scope", "#california", "#europe"}, []string{"#california", "#europe"}, nil},
				{"privacy/2024-04-01/index.html", "Tern Labs, Inc.", false, []string{"#scope", "#california"}, []string{"#california"}, []string{"#europe"}},
				{"privacy/index.html", "Tern Labs, Inc.", false, []string{"#scope", "#california"}, []string{"#california"}, []string{"#europe"}},
			} {
				html := string(out[c.page])
				if html == "" {
					t.Fatalf("no %s", c.page)
				}
				toc := nav.FindString(html)
				for _, id := range c.toc {
					if !strings.Contains(toc, `href="`+id+`"`) {
						t.Errorf("%s: the contents lack %s:\n%s", c.page, id, toc)
					}
				}
				for _, id := range c.notToc {
					if strings.Contains(toc, `href="`+id+`"`) {
						t.Errorf("%s: the contents list %s, another version's:\n%s", c.page, id, toc)
					}
				}
				if got := strings.Contains(toc, "secnum"); got != c.numbered {
					t.Errorf("%s: numbered contents %v, want %v", c.page, got, c.numbered)
				}
				links := where.FindString(html)
				if n := strings.Count(links, "<li>"); n != len(c.links) {
					t.Errorf("%s: %d jurisdiction links, want %d:\n%s", c.page, n, len(c.links), links)
				}
				for _, id := range c.links {
					if !strings.Contains(links, `href="`+id+`"`) {
						t.Errorf("%s: no jurisdiction link to %s", c.page, id)
					}
				}
				// The entity as the page names it, before the footer (which
				// names the site's).
				main, _, _ := strings.Cut(html, "<footer")
				for _, e := range []string{"Tern Labs, Inc.", "Tern Labs Europe B.V."} {
					if got := strings.Contains(main, ">"+e+"</"); got != (e == c.entity) {
						t.Errorf("%s: shows entity %q: %v, want the entity %q", c.page, e, got, c.entity)
					}
				}
			}
		})
	}
}
