package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/content"
	"github.com/policysite/policysite/generator/meta"
	"github.com/policysite/policysite/generator/model"
)

// corpusDir is ../shared/corpus beside the repository: real published
// policies in our content format. The test skips when it is absent.
var corpusDir = filepath.Join("..", "..", "shared", "corpus")

func corpusSites(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Skipf("no corpus at %s: %v", corpusDir, err)
	}
	var sites []string
	for _, e := range entries {
		if e.IsDir() {
			sites = append(sites, filepath.Join(corpusDir, e.Name()))
		}
	}
	if len(sites) == 0 {
		t.Skip("corpus is empty")
	}
	return sites
}

// TestCorpusBuilds builds every corpus site at two dates — today's
// fixture date and one after every version is in force — and checks its
// pages, versions.json, jurisdiction links and internal links.
func TestCorpusBuilds(t *testing.T) {
	for _, dir := range corpusSites(t) {
		for _, now := range []string{"2026-11-22", "2030-01-01"} {
			t.Run(filepath.Base(dir)+"@"+now, func(t *testing.T) {
				checkCorpusSite(t, dir, mustDate(now))
			})
		}
	}
}

func checkCorpusSite(t *testing.T, dir string, now model.Date) {
	dest := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: now})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if sum.Policies == 0 || sum.Versions == 0 {
		t.Fatalf("built nothing: %s", sum)
	}
	res, err := Check(context.Background(), Options{SiteDir: dir, Now: now})
	if err != nil {
		t.Errorf("check: %v", err)
	}
	if res.Files != sum.Files {
		t.Errorf("check would write %d files, build wrote %d", res.Files, sum.Files)
	}

	var index struct {
		Policies []struct {
			Slug     string
			Current  string
			Versions []struct {
				Effective, Announced, Status, URL, Source, SHA256 string
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(dest, "versions.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatalf("versions.json: %v", err)
	}
	for _, p := range index.Policies {
		currents := 0
		for _, v := range p.Versions {
			// Every listed version has its archived page, and its hash
			// matches the source file byte for byte.
			page := filepath.Join(dest, p.Slug, v.Effective, "index.html")
			html, err := os.ReadFile(page)
			if err != nil {
				t.Errorf("%s: no archived page: %v", v.Effective, err)
				continue
			}
			src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(v.Source)))
			if err != nil {
				t.Errorf("versions.json source %s: %v", v.Source, err)
				continue
			}
			sum := sha256.Sum256(src)
			if hex.EncodeToString(sum[:]) != v.SHA256 {
				t.Errorf("%s: sha256 in versions.json does not match the source", v.Source)
			}
			if v.Announced > now.String() {
				t.Errorf("%s is listed before its announcement %s", v.Effective, v.Announced)
			}
			if v.Status == "current" {
				currents++
			}
			if !strings.Contains(string(html), `datetime="`+v.Effective+`"`) {
				t.Errorf("%s: page has no <time datetime> for its effective date", page)
			}
			checkJurisdictionLinks(t, dir, v.Source, string(html))
		}
		if currents != 1 || p.Current == "" {
			t.Errorf("policy %s: %d current versions (current %q), want exactly one", p.Slug, currents, p.Current)
		}
		// The policy's main page is the current version.
		main, err := os.ReadFile(filepath.Join(dest, p.Slug, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(main), `datetime="`+p.Current+`"`) {
			t.Errorf("/%s/ does not show the version in force (%s)", p.Slug, p.Current)
		}
		if _, err := os.Stat(filepath.Join(dest, p.Slug, "history", "index.html")); err != nil {
			t.Errorf("no history page for %s", p.Slug)
		}
	}
	// Feeds parse in a real client, link only to built files, and Atom
	// validates against RFC 4287.
	feeds := parseFeeds(t, dest, strings.TrimSuffix(siteBaseURL(t, dir), "/")+"/")
	for _, p := range index.Policies {
		for _, f := range []string{"feed.xml", "atom.xml", "feed.json"} {
			if fd := feeds[p.Slug+"/"+f]; fd == nil || len(fd.Items) != len(p.Versions) {
				t.Errorf("%s/%s does not have one entry per published version (%d)", p.Slug, f, len(p.Versions))
			}
		}
		for _, v := range p.Versions[1:] {
			if _, err := os.Stat(filepath.Join(dest, p.Slug, v.Effective, "changes", "index.html")); err != nil {
				t.Errorf("no redline for %s %s", p.Slug, v.Effective)
			}
		}
	}
	validateAtom(t, dest)
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "accessibility/index.html", "changes/index.html", "_headers"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// checkJurisdictionLinks requires every jurisdiction in a version's front
// matter to be linked from the page to a heading id present on it.
func checkJurisdictionLinks(t *testing.T, dir, source, html string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(source)))
	if err != nil {
		t.Fatal(err)
	}
	fm, err := content.SplitFrontMatter(source, meta.Normalize(raw))
	if err != nil {
		t.Fatal(err)
	}
	m, err := meta.YAML(source, fm.Meta, 1)
	if err != nil {
		t.Fatal(err)
	}
	f := m.Get("jurisdictions")
	if f == nil {
		return
	}
	jm, err := f.Map()
	if err != nil {
		t.Fatal(err)
	}
	nav := html
	if i := strings.Index(html, `class="where-you-live"`); i >= 0 {
		nav = html[i:]
		if j := strings.Index(nav, "</nav>"); j >= 0 {
			nav = nav[:j]
		}
	} else {
		t.Errorf("%s: no \"rights where you live\" navigation", source)
	}
	for _, jf := range jm.Fields {
		id, _ := jf.String()
		if !strings.Contains(html, `id="`+id+`"`) {
			t.Errorf("%s: %s section #%s is not on the page", source, jf.Key, id)
		}
		if !strings.Contains(nav, `href="#`+id+`"`) {
			t.Errorf("%s: %s is not linked to #%s", source, jf.Key, id)
		}
	}
}

func siteBaseURL(t *testing.T, dir string) string {
	t.Helper()
	site, err := Load(os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return site.Model.BaseURL
}
