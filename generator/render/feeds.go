package render

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/policysite/policysite/generator/feed"
	"github.com/policysite/policysite/generator/model"
)

// feedFiles are the three formats of every feed, by file name.
var feedFiles = []struct {
	file, mediaType, name string
	write                 func(*feed.Feed) ([]byte, error)
}{
	{"feed.xml", "application/rss+xml", "RSS", feed.RSS},
	{"atom.xml", "application/atom+xml", "Atom", feed.Atom},
	{"feed.json", "application/feed+json", "JSON Feed", feed.JSON},
}

// FeedFiles are the names of the files of every feed. Package feed writes
// them compact, escaping no more than XML and JSON require: the build
// writes them as they are (publish.Minifier.Leave).
func FeedFiles() []string {
	names := make([]string, len(feedFiles))
	for i, f := range feedFiles {
		names[i] = f.file
	}
	return names
}

// feedLinks names the feeds published under dir ("" for the site).
func (r *renderer) feedLinks(dir, title string) ([]FeedLink, error) {
	var links []FeedLink
	for _, f := range feedFiles {
		t, err := r.theme.T("feed_title", title, f.name)
		if err != nil {
			return nil, err
		}
		links = append(links, FeedLink{Type: f.mediaType, Name: f.name, Title: t, Path: dir + f.file})
	}
	return links, nil
}

// CollectionEntries caps the site-wide and jurisdiction feeds at the
// newest entries: a policy's own feed has every version, but a feed
// gathering many policies would otherwise grow without bound (a thousand
// policies of ten versions each, every entry carrying its redline).
const CollectionEntries = 50

// writeFeeds writes the feeds under dir with the newest limit versions
// (all when limit is 0) of versions, which are newest announcement first
// (byAnnouncement).
func (r *renderer) writeFeeds(store pageStore, dir, title, homePath string, versions []*Version, limit int) error {
	fd := &feed.Feed{
		Title:    title,
		Language: r.lang,
		HomeURL:  r.theme.AbsURL(homePath),
		URLs: feed.URLs{
			RSS:  r.theme.AbsURL(dir + "feed.xml"),
			Atom: r.theme.AbsURL(dir + "atom.xml"),
			JSON: r.theme.AbsURL(dir + "feed.json"),
		},
		ID: "tag:" + r.host() + ",2000-01-01:" + strings.TrimSuffix("feed/"+dir, "/"),
	}
	if d, err := r.theme.T("feed_description", title); err == nil {
		fd.Description = d
	} else {
		return err
	}
	if e := r.view.Entity; e != nil {
		fd.Author = e.Name
	}
	if limit > 0 && len(versions) > limit {
		versions = versions[:limit]
	}
	// The same entries under the same head make the same documents: a
	// server rebuilding after an edit writes most feeds unchanged.
	docKey := ""
	if store != nil {
		parts := []string{"feed", dir, title, fd.Description, fd.Author, r.now.String()}
		for _, v := range versions {
			parts = append(parts, r.entryKey(v))
		}
		docKey = strings.Join(parts, "\x01")
		docs := make([][]byte, len(feedFiles))
		for i, f := range feedFiles {
			if docs[i], _ = store.made(dir+f.file, docKey); docs[i] == nil {
				docs = nil
				break
			}
		}
		if docs != nil {
			for i, f := range feedFiles {
				if err := r.emit(dir+f.file, docs[i]); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, v := range versions {
		entry, err := r.collectedEntry(v)
		if err != nil {
			return err
		}
		fd.Entries = append(fd.Entries, entry)
		if fd.Updated.IsZero() || entry.Updated.After(fd.Updated) {
			fd.Updated = entry.Updated
		}
	}
	if fd.Updated.IsZero() {
		fd.Updated = r.now.Time() // a feed without entries: dated by the build date
	}
	docs := make([][]byte, len(feedFiles))
	for i, f := range feedFiles {
		data, err := f.write(fd)
		if err != nil {
			return fmt.Errorf("feed %s%s: %w", dir, f.file, err)
		}
		docs[i] = data
	}
	for i, f := range feedFiles {
		if store != nil {
			store.keep(dir+f.file, docKey, docs[i])
		}
		if err := r.emit(dir+f.file, docs[i]); err != nil {
			return err
		}
	}
	return nil
}

// byAnnouncement orders versions newest announcement first, then by policy
// and effective date, so feeds are stable.
func byAnnouncement(vs []*Version) []*Version {
	return sortedStable(vs, func(a, b *Version) int {
		if c := b.Announced.Compare(a.Announced); c != 0 {
			return c
		}
		if c := strings.Compare(a.Policy.Slug, b.Policy.Slug); c != 0 {
			return c
		}
		return b.Effective.Compare(a.Effective)
	})
}

// host is the authority of the tag URIs (RFC 4151) that identify feeds
// and entries; with a date that never changes, they stay stable.
func (r *renderer) host() string {
	u, err := url.Parse(r.site.BaseURL)
	if err != nil {
		return "localhost"
	}
	return u.Hostname()
}

// entryKey identifies what v's feed entry is made of: its text, the text
// before it, and where they are published.
//
// A redline between a translation and a fallback compares the source
// texts, so the sources are part of the key too.
func (r *renderer) entryKey(v *Version) string {
	if v.entryKey != "" { // kept by the view
		return v.entryKey
	}
	key := r.lang + "\x00" + r.site.BaseURL + "\x00" + v.Path + "\x00" + textKey(v)
	if v.Previous != nil {
		key += "\x00" + textKey(v.Previous)
	}
	return key
}

// textKey names the text a version view shows and its source text.
func textKey(v *Version) string {
	return v.Source + "\x00" + v.SHA256 + "\x00" + v.SourceVersion.Source + "\x00" + v.SourceVersion.SHA256
}

// feedEntry describes one version, from its policy's memo when it holds
// the entry. Nothing in it depends on the build date, so entries never
// change once published.
func (r *renderer) feedEntry(v *Version) (feed.Entry, error) {
	m := r.memos[v.Policy]
	if m == nil {
		return r.newFeedEntry(v)
	}
	key := r.entryKey(v)
	if e, ok := m.entry(key); ok {
		return e, nil
	}
	e, err := r.newFeedEntry(v)
	if err == nil {
		m.keepEntry(key, e)
	}
	return e, err
}

func (r *renderer) newFeedEntry(v *Version) (feed.Entry, error) {
	key := "feed_entry_title"
	if v.Previous == nil {
		key = "feed_entry_title_first"
	}
	title, err := r.theme.T(key, v.Title, r.date(v.Effective))
	if err != nil {
		return feed.Entry{}, err
	}
	e := feed.Entry{
		ID:         "tag:" + r.host() + "," + v.Effective.String() + ":" + r.prefix + v.Policy.Slug + "/" + v.Effective.String(),
		Title:      title,
		URL:        r.theme.AbsURL(v.Path),
		Published:  v.Announced.Time(),
		Updated:    v.Announced.Time(),
		Summary:    v.Summary,
		Categories: []string{v.Policy.Slug},
	}
	if v.Material {
		e.Categories = append(e.Categories, "material")
	} else {
		e.Categories = append(e.Categories, "editorial")
	}
	if v.Entity != nil {
		e.Author = v.Entity.Name
	}
	if v.ChangesPath != "" {
		e.ExternalURL = r.theme.AbsURL(v.ChangesPath)
	}
	var buf bytes.Buffer
	if err := r.theme.Fragment(&buf, "feed_entry", struct {
		Version     *Version
		URL         string
		ChangesURL  string
		RedlineHTML any
	}{v, e.URL, e.ExternalURL, r.absoluteLinks(v)}); err != nil {
		return feed.Entry{}, err
	}
	e.ContentHTML = buf.String()
	// The entry goes with what it is written as into every feed that
	// carries it — its policy's, the site's, a jurisdiction's — and, kept
	// in serve, into the feeds made again after an edit elsewhere.
	e.Fragments = &feed.Fragments{}
	return e, nil
}

// collectedEntry returns v's feed entry as made during the policy pass,
// when the collection feeds were known to need it, else makes it now.
func (r *renderer) collectedEntry(v *Version) (feed.Entry, error) {
	r.mu.Lock()
	e, ok := r.collected[v]
	r.mu.Unlock()
	if ok {
		return e, nil
	}
	return r.feedEntry(v)
}

// planCollections orders every version of the site for the lists and
// feeds that gather them, and marks the versions the site-wide and
// jurisdiction feeds will carry, so that their entries are made while
// their policy's redlines are at hand rather than computed a second time.
func (r *renderer) planCollections() {
	r.byAnnouncement, r.changeOrder = r.orders()
	r.wanted = map[*Version]bool{}
	mark := func(vs []*Version) {
		for _, v := range vs[:min(len(vs), CollectionEntries)] {
			r.wanted[v] = true
		}
	}
	mark(r.byAnnouncement)
	for _, j := range r.view.Jurisdictions {
		mark(inJurisdiction(r.byAnnouncement, j.Code, CollectionEntries))
	}
	r.collected = map[*Version]feed.Entry{}
}

// orders returns every version of the site newest announcement first and
// in the changelog's order. Each collection is a subset of all versions
// gathered in the same order, so filtering these gives what ordering the
// subset would.
//
// In serve, the orders stand while what lists of changes show of every
// version does (policiesSum): they are kept as positions, which
// name the versions of this render's views.
func (r *renderer) orders() (announced, changes []*Version) {
	type position struct{ policy, version int32 }
	var key string
	if r.cache != nil {
		// Not a page's memoKey: the orders hold whatever the layouts.
		key = "orders\x00" + r.lang + "\x00" + r.policiesSum
		if kept, ok := r.cache.load(key); ok {
			places := kept.([2][]position)
			var orders [2][]*Version
			for i, order := range places {
				orders[i] = make([]*Version, len(order))
				for j, at := range order {
					orders[i][j] = r.view.Policies[at.policy].Versions[at.version]
				}
			}
			return orders[0], orders[1]
		}
	}
	var all []*Version
	at := map[*Version]position{}
	for i, p := range r.view.Policies {
		all = append(all, p.Versions...)
		if r.cache != nil {
			for j, v := range p.Versions {
				at[v] = position{int32(i), int32(j)}
			}
		}
	}
	announced, changes = byAnnouncement(all), changeOrder(all)
	if r.cache != nil {
		var places [2][]position
		for i, order := range [2][]*Version{announced, changes} {
			places[i] = make([]position, len(order))
			for j, v := range order {
				places[i][j] = at[v]
			}
		}
		r.cache.store(key, places)
	}
	return announced, changes
}

// inJurisdiction returns the first limit versions of vs (all when limit
// is 0) that map the jurisdiction code.
func inJurisdiction(vs []*Version, code string, limit int) []*Version {
	var out []*Version
	for _, v := range vs {
		if limit > 0 && len(out) == limit {
			break
		}
		for _, link := range v.Jurisdictions {
			if link.Code == code {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// collect makes the entries of p's versions that collection feeds carry.
func (r *renderer) collect(p *Policy) error {
	for _, v := range p.Versions {
		if !r.wanted[v] {
			continue
		}
		e, err := r.feedEntry(v)
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.collected[v] = e
		r.mu.Unlock()
	}
	return nil
}

// absoluteLinks is v's changes (for a first version, its text) with every
// link absolute, as feed readers need.
func (r *renderer) absoluteLinks(v *Version) any {
	var html string
	if redline := r.redlineFor(v); redline != nil {
		html = redline.ChangesHTMLWith(r.labels)
	} else {
		html = v.Doc.HTML()
	}
	page := r.theme.AbsURL(v.Path)
	origin := strings.TrimSuffix(r.site.BaseURL, r.theme.BasePath) + "/"
	html = rebaseFragments(html, page)
	html = strings.ReplaceAll(html, `href="/`, `href="`+origin)
	return trustedHTML(html)
}

func (r *renderer) siteFeeds() error {
	return r.writeFeeds(r.sitePages(), r.prefix, r.site.Title, r.prefix+"changes/", r.byAnnouncement, CollectionEntries)
}

// changelog renders /changes/: upcoming changes first, then newest.
func (r *renderer) changelog() error {
	changes := r.changeOrder
	title, err := r.theme.String("changelog_title")
	if err != nil {
		return err
	}
	// The changelog shows what the front matter says of each version, not
	// its text: an edit to a policy's wording leaves the page as it was.
	return r.memoPage(r.policiesKey(), "changelog", r.prefix+"changes/", &Page{
		Title:     title,
		Changes:   changes,
		Feeds:     r.view.Feeds,
		Subscribe: &Subscribe{Feeds: r.view.Feeds, Email: r.site.SubscribeURL},
	})
}

// changeKey names what a list of changes shows of v: its front matter,
// status and paths, not its text. Views keep it (Version.changeKey): in
// serve, lists of every version of the site are keyed on every rebuild.
func changeKey(v *Version) string {
	entity := ""
	if v.Entity != nil {
		entity = v.Entity.Key
	}
	var key strings.Builder
	for _, f := range [...]string{v.Path, v.Title, v.Summary, v.Effective.String(), v.Announced.String(),
		strconv.FormatBool(v.Material), v.StatusName, v.ChangesPath, entity, v.Lang, strconv.FormatBool(v.Fallback)} {
		key.WriteString(f)
		key.WriteByte(0)
	}
	if len(v.Params) > 0 {
		fmt.Fprint(&key, v.Params) // sorted by key
	}
	key.WriteByte(1)
	return key.String()
}

// changeOrder puts upcoming versions first (soonest first), then the
// others newest first.
func changeOrder(vs []*Version) []*Version {
	return sortedStable(vs, func(a, b *Version) int {
		au, bu := a.Status == model.Upcoming, b.Status == model.Upcoming
		switch {
		case au && !bu:
			return -1
		case bu && !au:
			return 1
		case au && bu:
			return a.Effective.Compare(b.Effective)
		}
		if c := b.Effective.Compare(a.Effective); c != 0 {
			return c
		}
		return strings.Compare(a.Policy.Slug, b.Policy.Slug)
	})
}

// sortedStable returns a sorted copy of vs, ties in their order in vs: a
// stable sort's result with an unstable sort's fewer comparisons (serve
// orders every version of the site several times a rebuild).
func sortedStable(vs []*Version, cmp func(a, b *Version) int) []*Version {
	type item struct {
		v *Version
		i int
	}
	items := make([]item, len(vs))
	for i, v := range vs {
		items[i] = item{v, i}
	}
	slices.SortFunc(items, func(a, b item) int {
		if c := cmp(a.v, b.v); c != 0 {
			return c
		}
		return a.i - b.i
	})
	out := make([]*Version, len(vs))
	for i, it := range items {
		out[i] = it.v
	}
	return out
}
