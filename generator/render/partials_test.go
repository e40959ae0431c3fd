package render

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/theme"
	"github.com/policysite/policysite/themes"
)

func builtinTheme(t *testing.T, name string) *theme.Theme {
	t.Helper()
	th, err := theme.Load(themes.FS(), nil, theme.Options{Name: name, Language: "en", BaseURL: "https://legal.example/"})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func versionWithTOC(numbered bool, texts ...string) *Version {
	v := &Version{Version: &model.Version{Numbering: numbered}, Numbering: numbered}
	for _, text := range texts {
		v.TOC = append(v.TOC, &TOCEntry{Level: 2, ID: strings.ToLower(text), Text: text})
	}
	return v
}

// TestCachedKeepsByKey: a later call with the same name and keys gets what
// the first made, whatever its data; other keys execute again.
func TestCachedKeepsByKey(t *testing.T) {
	page := &Page{Kind: "policy", partials: &partialCache{theme: builtinTheme(t, "default")}}
	first, err := page.Cached("toc", versionWithTOC(false, "Scope"), "a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(first), `<a href="#scope">Scope</a>`) {
		t.Fatalf("the contents do not list Scope:\n%s", first)
	}
	again, err := page.Cached("toc", versionWithTOC(false, "Retention"), "a")
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Errorf("same key, executed again:\n%s", again)
	}
	other, err := page.Cached("toc", versionWithTOC(false, "Retention"), "b")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(other), `<a href="#retention">Retention</a>`) {
		t.Errorf("another key, but not executed again:\n%s", other)
	}
}

// TestCachedOffExecutesEveryCall: with layouts of the site's own nothing
// is kept.
func TestCachedOffExecutesEveryCall(t *testing.T) {
	page := &Page{Kind: "policy", partials: &partialCache{theme: builtinTheme(t, "default"), off: true}}
	for _, text := range []string{"Scope", "Retention"} {
		html, err := page.Cached("toc", versionWithTOC(false, text), "a")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), ">"+text+"</a>") {
			t.Errorf("the contents do not list %s:\n%s", text, html)
		}
	}
}

// TestCachedByKind: the page kind is part of the key, since a kind's
// layout may redefine a block (the print view's footer).
func TestCachedByKind(t *testing.T) {
	c := &partialCache{theme: builtinTheme(t, "default")}
	site := &SiteData{Title: "Legal"}
	policy := &Policy{Path: "privacy/"}
	footer := map[string]string{}
	for _, kind := range []string{"policy", "print"} {
		page := &Page{Kind: kind, Site: site, Policy: policy, partials: c}
		html, err := page.Cached("site_footer", page)
		if err != nil {
			t.Fatal(err)
		}
		footer[kind] = string(html)
	}
	if !strings.Contains(footer["policy"], `class="site-footer"`) || !strings.Contains(footer["print"], `class="print-foot"`) {
		t.Errorf("footers by kind:\npolicy: %s\nprint: %s", footer["policy"], footer["print"])
	}
}

func TestCachedErrors(t *testing.T) {
	page := &Page{Kind: "policy", partials: &partialCache{theme: builtinTheme(t, "default")}}
	if _, err := page.Cached("toc", versionWithTOC(false, "Scope"), 1.5); err == nil || !strings.Contains(err.Error(), "float64") {
		t.Errorf("a float key: %v", err)
	}
	if _, err := page.Cached("toc", versionWithTOC(false, "Scope"), int64(7), uint8(1), "x"); err != nil {
		t.Errorf("integer keys of other types: %v", err)
	}
	if _, err := page.Cached("no-such-partial", nil); err == nil || !strings.Contains(err.Error(), "no-such-partial") {
		t.Errorf("a missing template: %v", err)
	}
	if _, err := (&Page{Kind: "policy"}).Cached("toc", nil); err == nil {
		t.Error("a page not being rendered: no error")
	}
}

// TestCacheKeyTypes: keys of different types or split differently do not
// collide.
func TestCacheKeyTypes(t *testing.T) {
	type status string
	keys := [][]any{{"1"}, {1}, {true}, {"true"}, {"a", "b"}, {"a;s1:b"}, {"a\x00sb"}, {}, {""}, {"", ""}, {-1}, {uint(2)}, {status("x"), 1}}
	seen := map[string]int{}
	for i, k := range keys {
		key, err := cacheKey("policy", "x", k)
		if err != nil {
			t.Fatal(err)
		}
		if j, dup := seen[key]; dup {
			t.Errorf("keys %q and %q collide", keys[j], k)
		}
		seen[key] = i
	}
}

// TestTOCKey: equal for equal contents and numbering, different when an
// entry, a child or the numbering differs.
func TestTOCKey(t *testing.T) {
	base := func() []*TOCEntry {
		return []*TOCEntry{
			{Level: 2, ID: "scope", Text: "Scope", Number: "1.", Children: []*TOCEntry{{Level: 3, ID: "a", Text: "A", Number: "1.1"}}},
			{Level: 2, ID: "rights", Text: "Rights", Number: "2."},
		}
	}
	key := tocKey(base(), true)
	if tocKey(base(), true) != key {
		t.Fatal("equal contents, different keys")
	}
	variants := map[string]func(toc []*TOCEntry) ([]*TOCEntry, bool){
		"text":   func(toc []*TOCEntry) ([]*TOCEntry, bool) { toc[1].Text = "Your rights"; return toc, true },
		"id":     func(toc []*TOCEntry) ([]*TOCEntry, bool) { toc[1].ID = "your-rights"; return toc, true },
		"number": func(toc []*TOCEntry) ([]*TOCEntry, bool) { toc[1].Number = "3."; return toc, true },
		"child":  func(toc []*TOCEntry) ([]*TOCEntry, bool) { toc[0].Children[0].Text = "B"; return toc, true },
		"nesting": func(toc []*TOCEntry) ([]*TOCEntry, bool) {
			toc[0].Children = nil
			return append(toc, &TOCEntry{Level: 3, ID: "a", Text: "A", Number: "1.1"}), true
		},
		"numbering": func(toc []*TOCEntry) ([]*TOCEntry, bool) { return toc, false },
		"entry":     func(toc []*TOCEntry) ([]*TOCEntry, bool) { return toc[:1], true },
	}
	for name, change := range variants {
		if tocKey(change(base())) == key {
			t.Errorf("%s changed, same key", name)
		}
	}
}

// TestFeedsKey: equal for the same feeds, different when any field of
// any feed differs, or when a feed is missing.
func TestFeedsKey(t *testing.T) {
	feeds := func() []FeedLink {
		return []FeedLink{
			{Type: "application/rss+xml", Name: "RSS", Title: "Privacy", Path: "privacy/feed.xml"},
			{Type: "application/atom+xml", Name: "Atom", Title: "Privacy", Path: "privacy/atom.xml"},
		}
	}
	key := (&Page{Feeds: feeds()}).FeedsKey()
	if (&Page{Feeds: feeds()}).FeedsKey() != key {
		t.Fatal("the same feeds, different keys")
	}
	changes := []func(f []FeedLink) []FeedLink{
		func(f []FeedLink) []FeedLink { f[0].Type = "text/xml"; return f },
		func(f []FeedLink) []FeedLink { f[1].Name = "Atom 1.0"; return f },
		func(f []FeedLink) []FeedLink { f[0].Title = "Terms"; return f },
		func(f []FeedLink) []FeedLink { f[1].Path = "terms/atom.xml"; return f },
		func(f []FeedLink) []FeedLink { return f[:1] },
		func(f []FeedLink) []FeedLink { f[0].Title, f[0].Path = "Privacyp", "rivacy/feed.xml"; return f },
	}
	for i, change := range changes {
		if (&Page{Feeds: change(feeds())}).FeedsKey() == key {
			t.Errorf("change %d: same key", i)
		}
	}
}

// TestSubscribeKey: none, none offered, and an e-mail link differ.
func TestSubscribeKey(t *testing.T) {
	feeds := []FeedLink{{Type: "application/rss+xml", Name: "RSS", Title: "Privacy", Path: "privacy/feed.xml"}}
	keys := map[string]string{}
	for name, s := range map[string]*Subscribe{
		"nil":   nil,
		"empty": {},
		"email": {Email: "https://example.com/subscribe"},
		"feeds": {Feeds: feeds},
		"both":  {Feeds: feeds, Email: "https://example.com/subscribe"},
	} {
		key := (&Page{Subscribe: s}).SubscribeKey()
		for other, k := range keys {
			if k == key {
				t.Errorf("%s and %s: the same key", name, other)
			}
		}
		keys[name] = key
	}
}

// TestJurisdictionsKey: equal for the same links, different when a
// jurisdiction or its heading differs.
func TestJurisdictionsKey(t *testing.T) {
	links := func() []*JurisdictionLink {
		return []*JurisdictionLink{
			{Jurisdiction: &model.Jurisdiction{Code: "US-CA", Name: "California", Laws: []string{"CCPA", "CPRA"}}, HeadingID: "california", HeadingText: "California"},
			{Jurisdiction: &model.Jurisdiction{Code: "EEA", Name: "European Economic Area", Laws: []string{"GDPR"}}, HeadingID: "eea", HeadingText: "Your rights in the EEA"},
		}
	}
	key := jurisdictionsKey(links())
	if jurisdictionsKey(links()) != key {
		t.Fatal("the same links, different keys")
	}
	changes := map[string]func(l []*JurisdictionLink) []*JurisdictionLink{
		"code":    func(l []*JurisdictionLink) []*JurisdictionLink { l[0].Code = "US-CO"; return l },
		"name":    func(l []*JurisdictionLink) []*JurisdictionLink { l[1].Name = "EEA"; return l },
		"laws":    func(l []*JurisdictionLink) []*JurisdictionLink { l[0].Laws = []string{"CCPA"}; return l },
		"heading": func(l []*JurisdictionLink) []*JurisdictionLink { l[1].HeadingID = "your-rights"; return l },
		"text":    func(l []*JurisdictionLink) []*JurisdictionLink { l[1].HeadingText = "EEA"; return l },
		"order":   func(l []*JurisdictionLink) []*JurisdictionLink { l[0], l[1] = l[1], l[0]; return l },
		"fewer":   func(l []*JurisdictionLink) []*JurisdictionLink { return l[1:] },
	}
	for name, change := range changes {
		if jurisdictionsKey(change(links())) == key {
			t.Errorf("%s changed, same key", name)
		}
	}
}

// TestTOCKeyAsFormatted: the key hashes each entry as fmt's
// "%d %q %q %q(" writes it, so that keys made before and after stay
// comparable, and differs with what the contents show.
func TestTOCKeyAsFormatted(t *testing.T) {
	toc := []*TOCEntry{{Level: 2, ID: "scope", Text: `Scope "and" you`, Number: "1.", Children: []*TOCEntry{{Level: 3, ID: "ä", Text: "Ä\tb", Number: "1.1"}}}}
	h := sha256.New()
	var write func([]*TOCEntry)
	write = func(entries []*TOCEntry) {
		for _, e := range entries {
			fmt.Fprintf(h, "%d %q %q %q(", e.Level, e.ID, e.Text, e.Number)
			write(e.Children)
			h.Write([]byte(")"))
		}
	}
	write(toc)
	h.Write([]byte("numbered"))
	if got := tocKey(toc, true); got != string(h.Sum(nil)) {
		t.Error("tocKey differs from the formatted key")
	}
	if tocKey(toc, true) == tocKey(toc, false) {
		t.Error("numbering does not change the key")
	}
}
