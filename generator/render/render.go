// Package render turns the loaded model into the files of the site. It
// reads only the model and the theme — never a content file — and hands
// every file to an Emit function as soon as it is done, so memory does
// not grow with the size of the rendered site.
//
// URL scheme (paths relative to the base URL):
//
//	index.html                         policies, effective dates, upcoming changes
//	<slug>/index.html                  the version in force
//	<slug>/<YYYY-MM-DD>/index.html     every published version
//	<slug>/<YYYY-MM-DD>/changes/       redline against the previous version
//	<slug>/history/index.html          every version with dates and summaries
//	<slug>/feed.xml, atom.xml, feed.json   the policy's change feeds
//	changes/index.html                 site-wide changelog, upcoming first
//	feed.xml, atom.xml, feed.json      site-wide change feeds
//	jurisdictions/index.html           the jurisdictions the policies cover
//	jurisdictions/<code>/index.html    every section that applies there, and
//	jurisdictions/<code>/feed.xml, …   its change feeds
//	accessibility/index.html           the accessibility statement
//	404.html, sitemap.xml, robots.txt, versions.json
//	_headers, _redirects               security headers and alias redirects
//	                                   for Netlify and Cloudflare Pages
//	assets/<name>.<hash>.<ext>         theme assets
package render

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"html/template"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/diff"
	"github.com/policysite/policysite/generator/feed"
	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/theme"
)

// Emit receives one output file: a slash path relative to the output root
// and its bytes, which it may keep. Pages are rendered in parallel, so
// Emit is called from several goroutines at once.
type Emit func(path string, data []byte) error

// Options fix what the output depends on besides the model and theme.
type Options struct {
	Now model.Date // the build date: which version is in force
	// Cache, when set, keeps work that repeats across renders of the same
	// site with the same theme (a server rebuilding after every edit).
	Cache *Cache
	// Reuse, when set, names the policies whose pages the caller takes from
	// a previous build: they are not rendered (but are still listed in the
	// sitemap, feeds and indexes).
	Reuse func(slug string) bool
	// Keys, with Cache, name each policy's inputs by slug: its versions'
	// files and status on the build date, site.yaml, the theme and the
	// base URL. The views of a policy whose key is unchanged come from the
	// Cache, and so does what is derived from them.
	Keys map[string]string
}

// Site renders every file of site: every page once per language of the
// site, with themes[lang] (a theme loaded with that language's strings),
// and the site-wide files once.
func Site(site *model.Site, themes map[string]*theme.Theme, opts Options, emit Emit) error {
	sitemap := &sitemapURLs{}
	// The languages render side by side: each has its own renderer; they
	// share only the sitemap, the cache and emit, which are safe for that.
	err := parallel(len(site.Languages), func(i int) error {
		lang := site.Languages[i]
		th := themes[lang]
		if th == nil {
			return fmt.Errorf("no theme loaded for language %s", lang)
		}
		r := &renderer{site: site, theme: th, now: opts.Now, emit: emit, lang: lang, prefix: LangPrefix(site, lang), sitemap: sitemap, first: i == 0, reuse: opts.Reuse, cache: opts.Cache, keys: opts.Keys, ownLayouts: th.OwnLayouts()}
		r.partials = &partialCache{theme: th, off: r.ownLayouts}
		return r.all()
	})
	if err != nil {
		return err
	}
	err = sitemap.write(site, themes[site.Language], opts.Cache, emit)
	if opts.Cache != nil {
		opts.Cache.rotate()
	}
	return err
}

// NavPolicies is the most policies every page's header lists; a site with
// more lists them on its index page only.
const NavPolicies = 8

// Nav returns the policies every page's header lists on date now: the
// published ones, when there are at most NavPolicies of them; else nil.
func Nav(site *model.Site, now model.Date) []*model.Policy {
	var nav []*model.Policy
	for _, p := range site.Policies {
		if p.HasPublished(now) {
			if len(nav) == NavPolicies { // a large site: no need to look further
				return nil
			}
			nav = append(nav, p)
		}
	}
	return nav
}

// HasJurisdictions reports whether any version published on date now maps
// a jurisdiction, so that the site has jurisdiction pages.
func HasJurisdictions(site *model.Site, now model.Date) bool {
	for _, p := range site.Policies {
		for _, v := range p.Published(now) {
			if len(v.Jurisdictions) > 0 {
				return true
			}
			for _, t := range v.Translations {
				if len(t.Jurisdictions) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// Cache keeps work that repeats across renders — feed entries,
// jurisdiction sections, what version views derive from their documents,
// pages whose inputs are unchanged — keyed by what it was made from. Drop
// it when the theme or site.yaml change. The zero value is ready to use.
//
// It holds what the last render used: anything a render does not ask for
// is gone after the next one, so a long preview session does not grow it.
type Cache struct {
	mu   sync.Mutex
	prev map[any]any // what the last render used
	cur  map[any]any // what this render has used so far
}

func (c *Cache) load(key any) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[key]; ok {
		return v, true
	}
	v, ok := c.prev[key]
	if ok {
		c.storeLocked(key, v)
	}
	return v, ok
}

func (c *Cache) store(key any, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.storeLocked(key, v)
}

func (c *Cache) storeLocked(key any, v any) {
	if c.cur == nil {
		c.cur = map[any]any{}
	}
	c.cur[key] = v
}

// rotate ends a render: what it did not use is forgotten.
func (c *Cache) rotate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, nil
}

// LangPrefix is the URL path prefix of a language: "" for the site's
// language, "de/" for another.
func LangPrefix(site *model.Site, lang string) string {
	if lang == site.Language {
		return ""
	}
	return lang + "/"
}

type renderer struct {
	site    *model.Site
	theme   *theme.Theme
	now     model.Date
	emit    Emit
	lang    string // the language of the pages rendered
	prefix  string // its URL prefix
	first   bool   // the site's own language: also writes the site-wide files
	view    *SiteData
	sitemap *sitemapURLs
	labels  *diff.Labels // the redline's words in the page language
	reuse   func(slug string) bool
	cache   *Cache
	keys    map[string]string // Options.Keys

	ownLayouts bool // the theme has layouts of the site's own (newMemoKey)

	partials *partialCache // Page.Cached's

	sizes sizeHints

	policiesSum string // policiesSum of the views

	// Every version of the site, newest announcement first, and in the
	// changelog's order (changeOrder); made by planCollections.
	byAnnouncement, changeOrder []*Version

	memos map[*Policy]*policyMemo // with a Cache: each policy's, for this render

	mu        sync.Mutex
	wanted    map[*Version]bool       // versions the collection feeds carry
	collected map[*Version]feed.Entry // their entries, made in the policy pass
}

// reused reports whether p's pages come from a previous build.
func (r *renderer) reused(p *Policy) bool { return r.reuse != nil && r.reuse(p.Slug) }

func (r *renderer) all() error {
	labels, err := redlineLabels(r.theme)
	if err != nil {
		return err
	}
	r.labels = labels
	r.view = &SiteData{
		Title:                r.site.Title,
		Language:             r.lang,
		Home:                 r.prefix,
		BaseURL:              r.site.BaseURL,
		SubscribeURL:         r.site.SubscribeURL,
		AccessibilityContact: r.site.AccessibilityContact,
		Entity:               r.site.Entities[r.site.DefaultEntity],
	}
	if r.view.AccessibilityContact == "" && r.view.Entity != nil {
		r.view.AccessibilityContact = r.view.Entity.Email
	}
	// The views of every version are made side by side: in serve, where
	// most pages are reused, this is much of a rebuild.
	views := make([]*Policy, len(r.site.Policies))
	_ = parallel(len(views), func(i int) error {
		views[i] = r.cachedPolicy(r.site.Policies[i])
		return nil
	})
	for _, pv := range views {
		if pv != nil {
			r.view.Policies = append(r.view.Policies, pv)
		}
	}
	if Nav(r.site, r.now) != nil {
		r.view.Nav = r.view.Policies
	}
	siteFeeds, err := r.feedLinks(r.prefix, r.site.Title)
	if err != nil {
		return err
	}
	r.view.Feeds = siteFeeds
	r.view.Jurisdictions = r.jurisdictions()
	r.policiesSum = policiesSum(r.view.Policies)

	if r.first {
		for _, a := range r.theme.Assets() {
			if err := r.emit(a.Path, a.Data); err != nil {
				return err
			}
		}
	}
	// The policies first: their pass also makes the entries of the
	// site-wide feeds. The pages that gather every policy then render side
	// by side.
	if err := r.allPolicyPages(); err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return r.memoPage(r.policiesKey(), "index", r.prefix, &Page{Title: r.site.Title, Policies: r.view.Policies,
				Subscribe: &Subscribe{Feeds: r.view.Feeds, Email: r.site.SubscribeURL}})
		},
		r.printPages,
		r.changelog,
		r.jurisdictionPages,
		r.siteFeeds,
		func() error {
			return r.titled("accessibility", r.prefix+"accessibility/", "accessibility_title", &Page{})
		},
		func() error { return r.titled("notfound", r.prefix+"404.html", "notfound_title", &Page{NoIndex: true}) },
	}
	if r.first {
		steps = append(steps, r.versionsJSON, r.robots, r.headers, r.redirects)
	}
	return parallel(len(steps), func(i int) error { return steps[i]() })
}

// allPolicyPages renders the pages and feeds of every policy, several
// policies at once.
func (r *renderer) allPolicyPages() error {
	r.planCollections()
	r.memos = r.policyMemos()
	if r.first {
		r.sitemap.listPolicies(r, r.view.Policies, r.policiesSum)
	}
	return parallel(len(r.view.Policies), func(i int) error {
		p := r.view.Policies[i]
		if r.reused(p) {
			return r.collect(p) // computes the few redlines it needs
		}
		return r.renderPolicy(p)
	})
}

// renderPolicy renders p's pages and feeds, or in serve those whose key
// changed (policyMemo), and makes the entries of p the collection feeds
// carry.
func (r *renderer) renderPolicy(p *Policy) error {
	m := r.memos[p]
	if m == nil {
		return r.withRedlines(p, func(*Version) bool { return true }, func() error {
			if err := r.policyPages(p, nil); err != nil {
				return err
			}
			return r.collect(p)
		})
	}
	defer m.done()
	// Only the redlines of the pages and feed entries made again.
	need := func(v *Version) bool {
		if _, ok := m.made(v.ChangesPath, r.versionKey(p, v, "changes")); !ok {
			return true
		}
		_, ok := m.entry(r.entryKey(v))
		return !ok
	}
	return r.withRedlines(p, need, func() error {
		if err := r.policyPages(p, m); err != nil {
			return err
		}
		return r.collect(p)
	})
}

// versionKey names what a page of the given kind shows of v and its
// policy: v's text (and its source's, for a translation), the text before
// it on a redline, and what lists of versions show of every version of the
// policy (Policy.changesKey). "" without a Cache.
func (r *renderer) versionKey(p *Policy, v *Version, kind string) string {
	k := r.newMemoKey()
	k.WriteString(p.changesKey)
	texts := []*Version{v}
	if kind == "changes" && v.Previous != nil {
		texts = append(texts, v.Previous)
	}
	k.WriteString(kind)
	for _, t := range texts {
		k.WriteString("\x01")
		k.WriteString(textKey(t))
	}
	return k.String()
}

// policyPagePaths lists the indexable pages of p, which policyPages
// renders, for the sitemap.
func (r *renderer) policyPagePaths(p *Policy) []string {
	paths := []string{p.Path, p.HistoryPath}
	for _, v := range p.Versions {
		paths = append(paths, v.Path)
		if v.ChangesPath != "" {
			paths = append(paths, v.ChangesPath)
		}
	}
	for i, path := range paths {
		paths[i] = strings.TrimPrefix(path, r.prefix)
	}
	return paths
}

// parallel runs fn(0) … fn(n-1) on every core and returns the error of the
// lowest i that failed, so the reported error does not depend on timing.
func parallel(n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var failed atomic.Bool // stops handing out work soon after a failure
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				if errs[i] = fn(i); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	for i := 0; i < n && !failed.Load(); i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// titled renders a page whose title is a UI string.
func (r *renderer) titled(kind, p, titleKey string, data *Page) error {
	title, err := r.theme.String(titleKey)
	if err != nil {
		return err
	}
	data.Title = title
	return r.page(kind, p, data)
}

func (r *renderer) robots() error {
	return r.emit("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+r.theme.AbsURL("sitemap.xml")+"\n"))
}

// policy builds the view of p, or nil when nothing of it is published.
// cachedPolicy is policy(p), from the cache when p's inputs are those of
// a render before. A cached view is shared by renders one after another,
// never at once; the fields set while its pages render are cleared after.
func (r *renderer) cachedPolicy(p *model.Policy) *Policy {
	inputs, ok := r.keys[p.Slug]
	if r.cache == nil || !ok {
		return r.policy(p)
	}
	key := policyViewKey{lang: r.lang, slug: p.Slug, inputs: inputs}
	if pv, ok := r.cache.load(key); ok {
		return pv.(*Policy)
	}
	pv := r.policy(p)
	r.cache.store(key, pv)
	return pv
}

type policyViewKey struct{ lang, slug, inputs string }

func (r *renderer) policy(p *model.Policy) *Policy {
	published := p.Published(r.now)
	if len(published) == 0 {
		return nil
	}
	pv := &Policy{Slug: p.Slug, Path: r.prefix + p.Slug + "/", HistoryPath: r.prefix + p.Slug + "/history/"}
	views := make(map[*model.Version]*Version, len(published))
	for i := len(published) - 1; i >= 0; i-- {
		v := r.version(published[i])
		views[published[i]] = v
		pv.Versions = append(pv.Versions, v)
	}
	for i, v := range pv.Versions {
		v.Policy = pv
		if i+1 < len(pv.Versions) {
			prev := pv.Versions[i+1]
			v.Previous = prev
			v.ChangesPath = v.Path + "changes/"
		}
	}
	pv.Primary = views[p.Primary(r.now)]
	pv.Current = views[p.Current(r.now)]
	for _, v := range p.Upcoming(r.now) {
		pv.Upcoming = append(pv.Upcoming, views[v])
	}
	pv.Title = pv.Primary.Title
	// What lists of the site's policies and changes show of this one,
	// summed: those lists are keyed by every policy's sum, not by the
	// thousands of versions of a large site.
	sum := sha256.New()
	current := ""
	if pv.Current != nil {
		current = pv.Current.Path
	}
	for _, f := range [...]string{pv.Slug, pv.Title, pv.Path, pv.HistoryPath, pv.Primary.Path, current} {
		sum.Write([]byte(f))
		sum.Write([]byte{0})
	}
	for _, v := range pv.Versions {
		v.changeKey = changeKey(v)
		v.entryKey = r.entryKey(v)
		sum.Write([]byte(v.changeKey))
	}
	pv.changesKey = string(sum.Sum(nil))
	return pv
}

func (r *renderer) version(v *model.Version) *Version {
	text := r.textOf(v)
	vv := showing(text)
	vv.SourceVersion = v
	vv.Fallback = text.Lang != r.lang
	vv.TextDir = Direction(text.Lang)
	vv.Path = r.prefix + v.Policy.Slug + "/" + v.Effective.String() + "/"
	vv.Status = v.Status(r.now)
	vv.StatusName = vv.Status.String()
	if next := v.Next(); next != nil {
		vv.InForceUntil = next.Effective
	}
	parts := r.versionParts(text)
	vv.TOC, vv.TOCKey, vv.parts = parts.toc, parts.tocKey, parts
	vv.Jurisdictions, vv.JurisdictionsKey = parts.links, parts.linksKey
	return vv
}

// showing starts the view of a version that shows text.
func showing(text *model.Version) *Version {
	return &Version{
		Version:   text,
		Title:     text.Title,
		Effective: text.Effective,
		Announced: text.Announced,
		Entity:    text.Entity,
		Summary:   text.Summary,
		Material:  text.Material,
		Lang:      text.Lang,
		Numbering: text.Numbering,
	}
}

// versionParts is what a version's view derives from its text alone.
type versionParts struct {
	doc      *model.Document
	toc      []*TOCEntry
	tocKey   string
	links    []*JurisdictionLink
	linksKey string
	notes    []appliesNote
}

// partsKey names the parts of a text in the cache: a document is shared
// only by files of the same bytes, hence of the same front matter.
type partsKey struct {
	doc  *model.Document
	lang string
}

// versionParts makes the parts of v's view, or in serve takes them from
// the previous render: every rebuild makes the views of every version.
func (r *renderer) versionParts(v *model.Version) *versionParts {
	key := partsKey{v.Doc, r.lang}
	if r.cache != nil {
		if p, ok := r.cache.load(key); ok {
			return p.(*versionParts)
		}
	}
	parts := &versionParts{doc: v.Doc}
	var last *TOCEntry
	for _, h := range v.Doc.Headings {
		switch {
		case h.Level == 2:
			last = tocEntry(h)
			parts.toc = append(parts.toc, last)
		case h.Level == 3 && last != nil:
			last.Children = append(last.Children, tocEntry(h))
		case h.Level == 3:
			parts.toc = append(parts.toc, tocEntry(h))
		}
	}
	parts.tocKey = tocKey(parts.toc, v.Numbering)
	for _, js := range v.Jurisdictions {
		link := &JurisdictionLink{Jurisdiction: r.site.Jurisdictions[js.Code], HeadingID: js.HeadingID}
		if h := v.Doc.HeadingByID(js.HeadingID); h != nil {
			link.HeadingText = h.Text
		}
		parts.links = append(parts.links, link)
	}
	parts.linksKey = jurisdictionsKey(parts.links)
	parts.notes = r.appliesIn(parts.links)
	for i := range parts.notes {
		parts.notes[i].at = noteOffset(v.Doc, parts.notes[i].headingID)
	}
	if r.cache != nil {
		r.cache.store(key, parts)
	}
	return parts
}

// withRedlines computes the redlines of p's versions that need them
// (Redline and RedlineHTML), runs fn, and drops them again, so that memory
// holds the redlines of one policy at a time.
func (r *renderer) withRedlines(p *Policy, need func(*Version) bool, fn func() error) error {
	// Side by side: in serve, the one policy edited is all there is.
	_ = parallel(len(p.Versions), func(i int) error {
		if v := p.Versions[i]; v.Previous != nil && need(v) {
			v.Redline = r.redline(v.Previous, v)
			v.RedlineHTML = template.HTML(r.pageLinks(v.Redline.HTMLWith(r.labels), v.Path))
		}
		return nil
	})
	defer func() {
		for _, v := range p.Versions {
			v.Redline, v.RedlineHTML = nil, ""
		}
	}()
	return fn()
}

// redlineFor returns v's redline, computing it when it is not at hand.
func (r *renderer) redlineFor(v *Version) *diff.Redline {
	if v.Redline == nil && v.Previous != nil {
		return r.redline(v.Previous, v)
	}
	return v.Redline
}

// redlineLabels are the redline's words in the theme's language.
func redlineLabels(th *theme.Theme) (*diff.Labels, error) {
	var errs []error
	t := func(key string) string {
		s, err := th.String("redline_" + key)
		if err != nil {
			errs = append(errs, err)
		}
		return s
	}
	l := &diff.Labels{
		First: t("first"), None: t("none"), Sections: t("sections"), Unchanged: t("unchanged"),
		SectionOne: t("section_one"), SectionMany: t("section_many"), Opening: t("opening"),
		Inserted: t("inserted"), Deleted: t("deleted"), MovedTo: t("moved_to"), MovedFrom: t("moved_from"),
		Table: t("table"), Changed: t("status_changed"), Added: t("status_added"), Removed: t("status_removed"),
		Renamed: t("status_renamed"), Moved: t("status_moved"), UnchangedWord: t("status_unchanged"),
	}
	return l, errors.Join(errs...)
}

// textOf is the text of v that pages in r's language show: the
// translation, else the authoritative text, else the source.
func (r *renderer) textOf(v *model.Version) *model.Version {
	if t := v.In(r.lang); t != nil {
		return t
	}
	if t := v.In(r.site.Authoritative); t != nil {
		return t
	}
	return v
}

// redline compares the texts of two versions in r's language when both
// exist in it, else their source texts.
func (r *renderer) redline(prev, cur *Version) *diff.Redline {
	if prev.Lang == cur.Lang {
		return diff.Compare(prev.Doc, cur.Doc)
	}
	return diff.Compare(prev.SourceVersion.Doc, cur.SourceVersion.Doc)
}

// appliesIn prepares the notes under each heading whose section applies
// in particular jurisdictions, so readers (and print) see where it applies.
// The notes go into the text when a page asks for it (Version.HTML).
func (r *renderer) appliesIn(links []*JurisdictionLink) []appliesNote {
	var notes []appliesNote
	index := map[string]int{}
	for _, l := range links {
		name := l.Name
		if len(l.Laws) > 0 {
			name += " (" + strings.Join(l.Laws, ", ") + ")"
		}
		i, ok := index[l.HeadingID]
		if !ok {
			i = len(notes)
			index[l.HeadingID] = i
			notes = append(notes, appliesNote{headingID: l.HeadingID})
		}
		notes[i].places = append(notes[i].places, name)
	}
	for i := range notes {
		label, err := r.theme.T("applies_in", strings.Join(notes[i].places, "; "))
		if err == nil {
			notes[i].html = `<p class="applies-in">` + template.HTMLEscapeString(label) + "</p>"
		}
	}
	return notes
}

// appliesNote is the note under one heading.
type appliesNote struct {
	headingID string
	places    []string
	html      string
	at        int // where it goes in the text: after the heading (noteOffset)
}

// HTML is the version's text with a note under each heading whose section
// applies in particular jurisdictions.
func (v *Version) HTML() template.HTML {
	return trustedHTML(withNotes(v.parts.doc, v.parts.notes))
}

// withNotes puts each note at its place in doc's text, making one copy of
// the text. The copy is not kept: every version's text held whole would
// grow the build's memory by the size of the site, where its sections are
// held once for all the versions that have them.
func withNotes(doc *model.Document, notes []appliesNote) string {
	type insert struct {
		at   int
		html string
	}
	var inserts []insert
	size := doc.HTMLLen()
	for _, n := range notes {
		if n.at < 0 || n.html == "" {
			continue
		}
		inserts = append(inserts, insert{n.at, n.html})
		size += len(n.html)
	}
	if len(inserts) == 0 {
		return doc.HTML()
	}
	slices.SortStableFunc(inserts, func(a, b insert) int { return a.at - b.at })
	var b strings.Builder
	b.Grow(size)
	offset := 0 // of piece in the text
	for piece := range doc.HTMLPieces() {
		last := 0
		for len(inserts) > 0 && inserts[0].at <= offset+len(piece) {
			at := inserts[0].at - offset
			b.WriteString(piece[last:at])
			b.WriteString(inserts[0].html)
			last = at
			inserts = inserts[1:]
		}
		b.WriteString(piece[last:])
		offset += len(piece)
	}
	return b.String()
}

// noteOffset returns where in doc's text a note under the heading with the
// id goes: right after the heading's end tag; or -1 when the text has no
// such heading. It is found once for each text, rather than at every page
// that shows it, and looked for only in the piece of the text (the
// section) that has the heading.
func noteOffset(doc *model.Document, headingID string) int {
	piece, offset, ok := doc.HeadingPiece(headingID)
	if !ok {
		return -1
	}
	if at := headingEnd(piece, headingID); at >= 0 {
		return offset + at
	}
	return -1
}

// headingEnd returns the offset in html right after the end tag of the
// heading with the id, or -1.
func headingEnd(html, headingID string) int {
	start := strings.Index(html, ` id="`+headingID+`"`)
	if start < 0 {
		return -1
	}
	end := strings.Index(html[start:], "</h")
	if end < 0 {
		return -1
	}
	end += start
	close := strings.IndexByte(html[end:], '>')
	if close < 0 {
		return -1
	}
	return end + close + 1
}

func (r *renderer) policyPages(p *Policy, m *policyMemo) error {
	var store pageStore
	if m != nil {
		store = m
	}
	feeds, err := r.feedLinks(p.Path, p.Title)
	if err != nil {
		return err
	}
	withFeeds := func(pg *Page) *Page {
		pg.Feeds = append(slices.Clip(feeds), r.view.Feeds...)
		pg.Subscribe = &Subscribe{Feeds: feeds, Email: r.site.SubscribeURL}
		return pg
	}
	historyTitle, err := r.theme.String("history_title")
	if err != nil {
		return err
	}
	// The pages render side by side: in serve, the one policy edited is
	// all there is to render, and a version's pages are its own.
	steps := []func() error{
		func() error {
			return r.memoPageIn(store, r.versionKey(p, p.Primary, "policy"), "policy", p.Path, withFeeds(&Page{Title: p.Primary.Title, Policy: p, Version: p.Primary, Description: p.Primary.Summary}))
		},
		func() error {
			key := r.newMemoKey()
			key.WriteString(p.changesKey)
			return r.memoPageIn(store, key.String(), "history", p.HistoryPath, withFeeds(&Page{Title: fmt.Sprintf("%s: %s", p.Title, historyTitle), Policy: p}))
		},
		func() error {
			return r.writeFeeds(store, p.Path, p.Title+" · "+r.site.Title, p.Path, byAnnouncement(p.Versions), 0)
		},
	}
	for _, v := range p.Versions {
		steps = append(steps, func() error { return r.versionPages(store, p, v, withFeeds) })
	}
	return parallel(len(steps), func(i int) error { return steps[i]() })
}

// versionPages renders v's page and its redline page.
func (r *renderer) versionPages(store pageStore, p *Policy, v *Version, withFeeds func(*Page) *Page) error {
	if err := r.memoPageIn(store, r.versionKey(p, v, "policy"), "policy", v.Path, withFeeds(&Page{Title: v.Title, Policy: p, Version: v, Description: v.Summary})); err != nil {
		return err
	}
	if v.Previous == nil {
		return nil
	}
	title, err := r.theme.T("changes_title", v.Title, r.date(v.Effective))
	if err != nil {
		return err
	}
	return r.memoPageIn(store, r.versionKey(p, v, "changes"), "changes", v.ChangesPath, withFeeds(&Page{Title: title, Policy: p, Version: v, Description: v.Summary}))
}

// pageLinks points the in-page links of a version's text (#section) at the
// version's own page, for use on other pages such as the redline.
// Links to the redline's own headings (#diff-…) stay as they are.
func (r *renderer) pageLinks(html, versionPath string) string {
	return rebaseFragments(html, r.theme.URL(versionPath))
}

// rebaseFragments puts page in front of every href="#…" of html except
// those pointing at a redline's own headings.
func rebaseFragments(html, page string) string {
	const attr = `href="#`
	n := strings.Count(html, attr)
	if n == 0 {
		return html
	}
	var b strings.Builder
	b.Grow(len(html) + n*len(page))
	for {
		i := strings.Index(html, attr)
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		b.WriteString(html[:i+len(`href="`)])
		html = html[i+len(`href="`):]
		if !strings.HasPrefix(html, "#"+diff.IDPrefix) {
			b.WriteString(page)
		}
	}
}

// date writes d in the site language; a theme without the strings has
// already failed to load, so the error cannot happen here.
func (r *renderer) date(d model.Date) string {
	s, _ := r.theme.Date(d)
	return s
}

func (r *renderer) page(kind, p string, data *Page) error {
	return r.memoPage("", kind, p, data)
}

// memoPage renders a page, or when key is set and a previous render (see
// Cache) made the page under the same key, emits what it made then. The
// key must name everything the page shows that the cache's own validity
// (same theme, same site.yaml) does not already cover.
func (r *renderer) memoPage(key, kind, p string, data *Page) error {
	return r.memoPageIn(r.sitePages(), key, kind, p, data)
}

// sitePages is the store of the site-wide pages and feeds: the Cache, if
// any, unless the site has layouts of its own (see newMemoKey).
func (r *renderer) sitePages() pageStore {
	if r.cache == nil || r.ownLayouts {
		return nil
	}
	return siteStore{r}
}

// memoPageIn is memoPage with the pages kept in store (none when nil).
func (r *renderer) memoPageIn(store pageStore, key, kind, p string, data *Page) error {
	if key != "" && store != nil {
		if out, ok := store.made(p, key); ok {
			if !data.NoIndex && r.first && data.Policy == nil {
				r.sitemap.add(strings.TrimPrefix(p, r.prefix))
			}
			return r.emit(outputPath(p), out)
		}
	} else {
		key = ""
	}
	data.Kind, data.Path, data.Site, data.Now = kind, p, r.view, r.now
	data.partials = r.partials
	if data.Feeds == nil {
		data.Feeds = r.view.Feeds // every page advertises the site's change feeds
	}
	data.Lang, data.Dir = r.lang, Direction(r.lang)
	neutral := strings.TrimPrefix(p, r.prefix)
	for _, lang := range r.site.Languages {
		data.Alternates = append(data.Alternates, Alternate{
			Lang:    lang,
			Name:    LanguageName(lang),
			Path:    LangPrefix(r.site, lang) + neutral,
			Current: lang == r.lang,
		})
		if lang == r.site.Authoritative && len(r.site.Languages) > 1 {
			data.Authoritative = &data.Alternates[len(data.Alternates)-1]
		}
	}
	var buf bytes.Buffer
	buf.Grow(r.sizes.guess(kind))
	if err := r.theme.Render(&buf, kind, data); err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			return diag.Errorf(de.Pos, "%s (while rendering %s)", de.Msg, outputPath(p))
		}
		return fmt.Errorf("rendering %s: %w", outputPath(p), err)
	}
	r.sizes.note(kind, buf.Len())
	if !data.NoIndex && r.first && data.Policy == nil { // a policy's are listed with it
		r.sitemap.add(neutral)
	}
	if key != "" {
		store.keep(p, key, buf.Bytes())
	}
	return r.emit(outputPath(p), buf.Bytes())
}

// sizeHints remembers the size of the last page of each kind, so that
// the next one's buffer is allocated once rather than grown by doubling:
// pages of a kind are alike in size.
type sizeHints struct{ last sync.Map } // kind → *atomic.Int64

func (h *sizeHints) guess(kind string) int {
	if v, ok := h.last.Load(kind); ok {
		n := v.(*atomic.Int64).Load()
		return int(n + n/8)
	}
	return 4 << 10
}

func (h *sizeHints) note(kind string, n int) {
	v, ok := h.last.Load(kind)
	if !ok {
		v, _ = h.last.LoadOrStore(kind, new(atomic.Int64))
	}
	v.(*atomic.Int64).Store(int64(n))
}

// navKey names what every page's header shows of the policies.
func (r *renderer) navKey() string {
	var b strings.Builder
	for _, p := range r.view.Nav {
		b.WriteString(p.Path + "\x00" + p.Title + "\x00")
	}
	fmt.Fprintf(&b, "%t", len(r.view.Jurisdictions) > 0)
	return b.String()
}

// policiesKey names what the index and the changelog show of the
// policies: what lists of changes show of each version (changeKey), by
// policy (Policy.changesKey). An edit to a policy's wording leaves them as
// they were.
func (r *renderer) policiesKey() string {
	b := r.newMemoKey()
	b.WriteString(r.policiesSum)
	return b.String()
}

// policiesSum sums what lists of changes show of every version of the
// policies (Policy.changesKey), in order: what the index, the changelog,
// the orders of all versions and the sitemap's policy pages come from.
func policiesSum(policies []*Policy) string {
	h := sha256.New()
	for _, p := range policies {
		h.Write([]byte(p.changesKey))
	}
	return string(h.Sum(nil))
}

// memoKey gathers what a page shows into a SHA-256, the key under which
// the Cache keeps the page: a page listing every version of the site
// would otherwise have a key of megabytes, made again on every rebuild.
// Its zero value (no Cache: nothing is kept) ignores what it is given.
type memoKey struct {
	h hash.Hash
	w *bufio.Writer
}

// newMemoKey starts a key with what every page shows: the navigation.
// The keys say what the built-in layouts show; with layouts of the site's
// own, there are none, and every page that could have changed is made.
func (r *renderer) newMemoKey() memoKey {
	if r.cache == nil || r.ownLayouts {
		return memoKey{}
	}
	h := sha256.New()
	k := memoKey{h, bufio.NewWriterSize(h, 4096)}
	k.WriteString(r.navKey())
	return k
}

func (k memoKey) WriteString(s string) {
	if k.w != nil {
		k.w.WriteString(s)
	}
}

// String is the key, or "" for a zero memoKey.
func (k memoKey) String() string {
	if k.w == nil {
		return ""
	}
	k.w.Flush()
	return string(k.h.Sum(nil))
}

// outputPath maps a page path ("privacy/") to its file.
func outputPath(p string) string {
	if p == "" || p[len(p)-1] == '/' {
		return path.Join(p, "index.html")
	}
	return p
}

// versionsJSON writes the machine-readable archive index.
func (r *renderer) versionsJSON() error {
	head, err := json.Marshal(struct {
		Site    string `json:"site"`
		BaseURL string `json:"base_url"`
		Date    string `json:"date"`
	}{r.site.Title, r.site.BaseURL, r.now.String()})
	if err != nil {
		return err
	}
	// json.Marshal of the whole document, written in parts: each policy's
	// part stays with its view, which serve keeps while the policy's
	// inputs stay.
	size := len(head) + 32
	for _, p := range r.view.Policies {
		if p.versionsJSON == nil {
			if p.versionsJSON, err = json.Marshal(r.policyJSON(p)); err != nil {
				return err
			}
		}
		size += len(p.versionsJSON) + 1
	}
	out := append(make([]byte, 0, size), head[:len(head)-1]...)
	out = append(out, `,"policies":[`...)
	for i, p := range r.view.Policies {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, p.versionsJSON...)
	}
	return r.emit("versions.json", append(out, "]}\n"...)) // compact: the minifier would take indentation out again
}

// policyJSON is p's entry in versions.json.
func (r *renderer) policyJSON(p *Policy) any {
	type text struct {
		Lang           string `json:"lang"`
		Title          string `json:"title"`
		URL            string `json:"url"`
		Source         string `json:"source"`
		SHA256         string `json:"sha256"`
		TranslatedFrom string `json:"translated_from,omitempty"`
	}
	type version struct {
		Effective    string `json:"effective"`
		Announced    string `json:"announced"`
		InForceUntil string `json:"in_force_until,omitempty"`
		Status       string `json:"status"`
		Title        string `json:"title"`
		URL          string `json:"url"`
		Entity       string `json:"entity,omitempty"`
		Material     bool   `json:"material"`
		Summary      string `json:"summary,omitempty"`
		Source       string `json:"source"`
		SHA256       string `json:"sha256"`
		Lang         string `json:"lang"`
		Translations []text `json:"translations,omitempty"`
	}
	type policy struct {
		Slug     string    `json:"slug"`
		Title    string    `json:"title"`
		URL      string    `json:"url"`
		Current  string    `json:"current,omitempty"`
		Versions []version `json:"versions"`
	}
	pj := policy{Slug: p.Slug, Title: p.Title, URL: r.theme.AbsURL(p.Path)}
	if p.Current != nil {
		pj.Current = p.Current.Effective.String()
	}
	for i := len(p.Versions) - 1; i >= 0; i-- {
		v := p.Versions[i]
		vj := version{
			Effective: v.Effective.String(),
			Announced: v.Announced.String(),
			Status:    v.StatusName,
			Title:     v.SourceVersion.Title,
			URL:       r.theme.AbsURL(v.Path),
			Material:  v.Material,
			Summary:   v.Summary,
			Source:    v.SourceVersion.Source,
			SHA256:    v.SourceVersion.SHA256,
			Lang:      v.SourceVersion.Lang,
		}
		for _, t := range v.SourceVersion.Translations {
			vj.Translations = append(vj.Translations, text{
				Lang: t.Lang, Title: t.Title, Source: t.Source, SHA256: t.SHA256, TranslatedFrom: t.TranslatedFrom,
				URL: r.theme.AbsURL(LangPrefix(r.site, t.Lang) + strings.TrimPrefix(v.Path, r.prefix)),
			})
		}
		if v.Entity != nil {
			vj.Entity = v.Entity.Name
		}
		if !v.InForceUntil.IsZero() {
			vj.InForceUntil = v.InForceUntil.String()
		}
		pj.Versions = append(pj.Versions, vj)
	}
	return pj
}

// sitemapURLs gathers the language-neutral paths of indexable pages.
type sitemapURLs struct {
	mu    sync.Mutex
	paths []string // the site's own pages

	// policies are the policies' pages, listed from their views, and
	// policiesKey names what the lists come from (policiesSum).
	policies    func() []string
	policiesKey string
}

// listPolicies lists the indexable pages of the policies, when write needs
// them: in serve the sitemap is kept while the policies' paths stay.
func (s *sitemapURLs) listPolicies(r *renderer, policies []*Policy, sum string) {
	s.policiesKey = sum
	s.policies = func() []string {
		var paths []string
		for _, p := range policies {
			if p.sitemapPaths == nil {
				p.sitemapPaths = r.policyPagePaths(p)
			}
			paths = append(paths, p.sitemapPaths...)
		}
		return paths
	}
}

func (s *sitemapURLs) add(p string) {
	s.mu.Lock()
	s.paths = append(s.paths, p)
	s.mu.Unlock()
}

// write lists every page with its alternates in the other languages.
func (s *sitemapURLs) write(site *model.Site, th *theme.Theme, cache *Cache, emit Emit) error {
	type link struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type url struct {
		Loc   string `xml:"loc"`
		Links []link `xml:"xhtml:link"`
	}
	set := struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
		URLs    []url    `xml:"url"`
	}{}
	slices.Sort(s.paths) // pages are rendered in parallel
	// In serve, an edit seldom adds or removes a page.
	key := ""
	if cache != nil {
		key = "sitemap\x00" + strings.Join(site.Languages, "\x00") + "\x01" + s.policiesKey + "\x01" + strings.Join(s.paths, "\x00")
		if data, ok := cache.load(key); ok {
			return emit("sitemap.xml", data.([]byte))
		}
	}
	if s.policies != nil {
		s.paths = append(s.paths, s.policies()...)
		slices.Sort(s.paths)
	}
	multi := len(site.Languages) > 1
	if multi {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	for _, lang := range site.Languages {
		for _, p := range s.paths {
			u := url{Loc: th.AbsURL(LangPrefix(site, lang) + p)}
			if multi {
				for _, alt := range site.Languages {
					u.Links = append(u.Links, link{Rel: "alternate", Hreflang: alt, Href: th.AbsURL(LangPrefix(site, alt) + p)})
				}
				u.Links = append(u.Links, link{Rel: "alternate", Hreflang: "x-default", Href: th.AbsURL(p)})
			}
			set.URLs = append(set.URLs, u)
		}
	}
	data, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return err
	}
	data = append([]byte(xml.Header), append(data, '\n')...)
	if cache != nil {
		cache.store(key, data)
	}
	return emit("sitemap.xml", data)
}
