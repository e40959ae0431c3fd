// Package content loads a site's policies from an fs.FS rooted at the site
// directory into the model.
//
// Layout: content/<slug>/<any>.md is one version of policy <slug>;
// content/<slug>.md is a policy with a single version. Slugs are lowercase
// letters, digits and "-". Files and folders starting with "." or "_", and
// editor backups, are skipped; files other than Markdown are ignored.
//
// Every version starts with front matter between "---" lines (YAML) or
// "+++" lines (TOML):
//
//	title:         required
//	effective:     required, YYYY-MM-DD: when the version takes effect
//	announced:     YYYY-MM-DD, not after effective; default: effective
//	entity:        key into site.yaml entities; default: the default entity
//	summary:       what changed, in a sentence or two
//	material:      true for a material change (vs editorial)
//	aliases:       old URL paths that redirect here, e.g. [/privacy-policy/]
//	jurisdictions: code → id of the heading whose section applies there
//	numbering:     true numbers H2/H3 sections (1., 1.1)
//	draft:         true leaves the version out unless drafts are asked for
//	params:        free-form values for custom templates
//	lang:          the language of a translation (or use a name such as 2024-05-15.de.md)
//	translated_from: SHA-256 (or its first 12+ hex digits) of the source file translated
//
// A translation pairs with the source version of the same name (or, when
// it sets effective, of the same effective date), and shares its effective
// and announced dates; a translation without a source is an error. When a
// translation does not map jurisdictions itself, it inherits the source's
// mapping, whose heading ids it must then have (give translated headings
// the source's ids with {#id}).
//
// Unknown keys are errors. Files larger than MaxFileSize are refused.
package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/markdown"
	"github.com/policysite/policysite/generator/meta"
	"github.com/policysite/policysite/generator/model"
)

// Dir is the folder of the site that holds the policies.
const Dir = "content"

// MaxFileSize bounds a version file, so a stray huge file cannot exhaust
// memory: 4 MiB is some 600,000 words, far beyond any real policy.
const MaxFileSize = 4 << 20

// Options tune loading.
type Options struct {
	Drafts bool // include versions marked draft: true
	// Docs, when set, keeps parsed documents across loads (a server that
	// rebuilds on every edit), so that only changed files are parsed again.
	Docs *DocCache
	// Config identifies the site configuration the documents were parsed
	// under (entity values fill placeholders): the cache is keyed by it.
	Config string
	// Changed, when not nil, reports whether anything in or around the
	// folder dir (a slash path relative to fsys) may have changed since the
	// last load with the same Docs, as a watcher of the files knows. The
	// folders it clears are listed from Docs instead of read again, which
	// in a site of thousands of files is most of a load.
	Changed func(dir string) bool
}

// DocCache holds parsed documents by the bytes of their file and the
// configuration they were parsed under. The zero value is ready to use and
// safe for concurrent use.
type DocCache struct {
	mu   sync.Mutex
	docs kept[[32]byte, *model.Document]

	// versions are whole loaded versions by file, valid while the file's
	// size and modification time and the site configuration stay: a file
	// that did not change is then neither read nor decoded again.
	versions kept[string, cachedVersion]

	// dirs are the listings of the folders the last load read.
	dirs kept[string, *listing]

	puts int // entries put since the last sweep

	// policies are the policies of the last load, when it had no error,
	// by slug: a policy whose files are all unchanged is taken whole
	// rather than assembled again from copies of its versions.
	policies map[string]keptPolicy
}

type keptPolicy struct {
	files  string // the paths of its files, in the order discover found them
	config string
	drafts bool
	policy *model.Policy
}

// unchanged reports whether the cache holds file name as it is, marking
// it (and its document) used.
func (c *DocCache) unchanged(name string, info fs.FileInfo, config string) bool {
	if info == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.versions.m[name]
	if !ok || !e.v.fresh(info, config) {
		return false
	}
	c.versions.mark(e)
	c.docs.get(e.v.docKey)
	return true
}

// keptPolicies returns, by slug, the policies of the last load whose
// files are the same and unchanged, taking each file's info from stat —
// or, when trust, those whose folder opts.Changed does not report: the
// files of those are not looked at at all.
func (c *DocCache) keptPolicies(files []file, opts Options, stat func(i int) fs.FileInfo, trust bool) map[string]*model.Policy {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	policies := c.policies
	c.mu.Unlock()
	if len(policies) == 0 {
		return nil
	}
	bySlug := indexBySlug(files)
	out := map[string]*model.Policy{}
	for slug, idx := range bySlug {
		kp, ok := policies[slug]
		if !ok || kp.config != opts.Config || kp.drafts != opts.Drafts {
			continue
		}
		if trust { // a policy's files lie in one folder, listed as before if it did not change
			if !opts.Changed(path.Dir(files[idx[0]].path)) {
				out[slug] = kp.policy
			}
			continue
		}
		if kp.files != filesKey(files, idx) {
			continue
		}
		same := true
		for _, i := range idx {
			if !c.unchanged(files[i].path, stat(i), opts.Config) {
				same = false
				break
			}
		}
		if same {
			out[slug] = kp.policy
		}
	}
	return out
}

// keepPolicies remembers the policies of a load without errors.
func (c *DocCache) keepPolicies(policies []*model.Policy, files []file, opts Options) {
	if c == nil {
		return
	}
	bySlug := indexBySlug(files)
	kept := make(map[string]keptPolicy, len(policies))
	for _, p := range policies {
		kept[p.Slug] = keptPolicy{files: filesKey(files, bySlug[p.Slug]), config: opts.Config, drafts: opts.Drafts, policy: p}
	}
	c.mu.Lock()
	c.policies = kept
	c.mu.Unlock()
}

// forgetPolicies drops the policies kept, after a load with errors.
func (c *DocCache) forgetPolicies() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.policies = nil
	c.mu.Unlock()
}

// indexBySlug groups the indexes of files by the policy they belong to.
func indexBySlug(files []file) map[string][]int {
	bySlug := map[string][]int{}
	for i, f := range files {
		bySlug[f.slug] = append(bySlug[f.slug], i)
	}
	return bySlug
}

// filesKey names the files idx of files, in order.
func filesKey(files []file, idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		b.WriteString(files[i].path)
		b.WriteByte(0)
	}
	return b.String()
}

// kept is a map whose entries a load marks as it uses them; sweep drops
// the others, so that a cache holds one site, not every text ever saved.
// Marking writes the load's generation into the entry, and sweep looks at
// the entries only when some went unused: in serve, where every load uses
// nearly all of them, it seldom does.
type kept[K comparable, V any] struct {
	m    map[K]*keptEntry[V]
	gen  uint64
	used int // entries marked in this generation
}

type keptEntry[V any] struct {
	v   V
	gen uint64
}

// get returns the value under key, marking it used.
func (k *kept[K, V]) get(key K) (V, bool) {
	e, ok := k.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	k.mark(e)
	return e.v, true
}

func (k *kept[K, V]) mark(e *keptEntry[V]) {
	if e.gen != k.gen {
		e.gen = k.gen
		k.used++
	}
}

// put keeps v under key, marked used.
func (k *kept[K, V]) put(key K, v V) {
	if e, ok := k.m[key]; ok {
		e.v = v
		k.mark(e)
		return
	}
	if k.m == nil {
		k.m = map[K]*keptEntry[V]{}
	}
	k.m[key] = &keptEntry[V]{v: v, gen: k.gen}
	k.used++
}

// sweep drops what this generation did not use and starts the next.
func (k *kept[K, V]) sweep() {
	if k.used < len(k.m) {
		for key, e := range k.m {
			if e.gen != k.gen {
				delete(k.m, key)
			}
		}
	}
	k.gen++
	k.used = 0
}

type cachedVersion struct {
	size    int64
	modTime int64
	config  string
	version model.Version // as loadVersion returned it, before pairing
	places  places
	docKey  [32]byte // of the version's document in DocCache.docs
}

// places are where a version's file says what Load checks across files,
// for its errors: the model keeps values, not their lines.
type places struct {
	effective diag.Pos
	aliases   []diag.Pos // parallel to Version.Aliases
}

// alias returns where alias i is written, or the file when not known.
func (p places) alias(v *model.Version, i int) diag.Pos {
	if i < len(p.aliases) {
		return p.aliases[i]
	}
	return diag.Pos{File: v.Source}
}

// fresh reports whether the version was loaded from the file as info
// describes it, under the same configuration.
func (e *cachedVersion) fresh(info fs.FileInfo, config string) bool {
	return e.size == info.Size() && e.modTime == info.ModTime().UnixNano() && e.config == config
}

// docKey names a parsed document in DocCache.docs: the SHA-256 of its
// file's bytes and the configuration it was parsed under.
func docKey(fileSum []byte, config string) [32]byte {
	return sha256.Sum256(append(fileSum[:len(fileSum):len(fileSum)], config...))
}

// version returns a fresh copy of the cached version of file name, when
// the file and the configuration are unchanged.
func (c *DocCache) version(name string, info fs.FileInfo, config string) (*model.Version, places, bool) {
	if c == nil || info == nil {
		return nil, places{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.versions.m[name]
	if !ok || !e.v.fresh(info, config) {
		return nil, places{}, false
	}
	c.versions.mark(e)
	c.docs.get(e.v.docKey) // the version's document is in use too
	v := e.v.version       // Load links the copy into policies; the cached one stays as loaded
	return &v, e.v.places, true
}

// putVersion keeps v, loaded from file name, which had info before it was
// read: were the file written while it was read, the next load sees a
// newer time and reads it again.
func (c *DocCache) putVersion(name string, info fs.FileInfo, config string, v *model.Version, at places) {
	if c == nil || info == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := cachedVersion{size: info.Size(), modTime: info.ModTime().UnixNano(), config: config, version: *v, places: at}
	// The key of its document in docs, marked as used whenever the version
	// is: worked out once here rather than on every load.
	sum, _ := hex.DecodeString(v.SHA256) // written by loadVersion: always valid
	e.docKey = docKey(sum, config)
	c.versions.put(name, e)
	c.puts++
}

func (c *DocCache) get(key [32]byte) *model.Document {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	doc, _ := c.docs.get(key)
	return doc
}

func (c *DocCache) put(key [32]byte, doc *model.Document) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs.put(key, doc)
	c.puts++
}

// sweep forgets the documents, versions and listings the last load did
// not ask for.
func (c *DocCache) sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs.sweep()
	c.versions.sweep()
	c.dirs.sweep()
	c.puts = 0
}

// sweepAfter is how many entries may go into a DocCache between sweeps:
// some eighty edits. Each may leave an older entry behind (a few
// megabytes in all), and each sweep looks at every file of the site,
// which on a large site is most of that rebuild.
const sweepAfter = 256

// wantsSweep reports whether the next load should look at every file and
// sweep what it did not use.
func (c *DocCache) wantsSweep() bool {
	if c == nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puts > sweepAfter
}

// listing is a folder's entries and, once discover has looked at them
// without finding anything wrong, the version files it found there.
type listing struct {
	entries []fs.DirEntry
	files   atomic.Pointer[[]file]
	found   atomic.Pointer[discovery] // for the content folder
}

// readDir lists folder name, or takes its listing from the last load when
// changed says nothing in it changed. A listing that failed is not kept.
func (c *DocCache) readDir(fsys fs.FS, name string, changed func(string) bool) (*listing, error) {
	if c == nil {
		entries, err := fs.ReadDir(fsys, name)
		return &listing{entries: entries}, err
	}
	c.mu.Lock()
	l, ok := c.dirs.get(name)
	c.mu.Unlock()
	read := !ok || changed == nil || changed(name)
	if read {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			return nil, err
		}
		l = &listing{entries: entries}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dirs.put(name, l)
	if read {
		c.puts++
	}
	return l, nil
}

var (
	slugRE      = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	versionKeys = []string{"title", "effective", "announced", "entity", "summary", "material", "aliases", "jurisdictions", "numbering", "draft", "params", "lang", "translated_from"}
	// reserved are the top-level URL segments of the site's own pages; the
	// site's language codes are reserved too.
	reserved = map[string]bool{"assets": true, "changes": true, "jurisdictions": true, "accessibility": true}
	// siteFiles are the files at the top of every build (see package
	// render), which an alias must not stand for either.
	siteFiles    = map[string]bool{"index.html": true, "404.html": true, "feed.xml": true, "atom.xml": true, "feed.json": true, "versions.json": true, "sitemap.xml": true, "robots.txt": true, "_headers": true, "_redirects": true}
	langSuffixRE = regexp.MustCompile(`^(.+)\.([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$`)
)

// SplitTranslation splits the file name of a translation, terms.de.md or
// 2024-05-15.pt-BR.md, into its base (terms, 2024-05-15) and language.
func SplitTranslation(name string) (base, lang string, ok bool) {
	if m := langSuffix(name); m != nil {
		return m[1], m[2], true
	}
	return "", "", false
}

// langSuffix is langSuffixRE's submatches of name, with the regular
// expression run only on names of two dots or more: a site's thousands of
// versions are mostly plain 2024-05-15.md.
func langSuffix(name string) []string {
	if strings.Count(name, ".") < 2 {
		return nil
	}
	return langSuffixRE.FindStringSubmatch(name)
}

// Load reads every policy under content/ into site.Policies. site must
// come from config.Parse. It never writes. All problems are returned
// together as a diag.List.
func Load(fsys fs.FS, site *model.Site, opts Options) error {
	var errs diag.List
	// A policy none of whose files changed is the one the last load made.
	// When a watcher says what changed, the folders and files of the
	// others are not looked at, and nothing is swept from the cache —
	// until enough went into it that something in it may be stale, when
	// every file is looked at once more.
	trust := opts.Changed != nil && !opts.Docs.wantsSweep()
	var trusted func(dir string) bool
	if trust {
		trusted = opts.Changed
	}
	files := discover(fsys, site, func(dir string) (*listing, error) {
		return opts.Docs.readDir(fsys, dir, opts.Changed)
	}, trusted, &errs)

	conv := markdown.New(markdown.Config{UnsafeHTML: site.UnsafeHTML})
	loaded := make([]*model.Version, len(files))
	fileErrs := make([]diag.List, len(files))
	at := make([]places, len(files)) // where each version says what is checked across files
	// Files the cache holds unchanged are taken in one pass; only the
	// others are read and parsed, several at once. (In serve that is one
	// file an edit: a goroutine for each of thousands of files cost more
	// than the lookups.)
	infos := make([]fs.FileInfo, len(files))
	stat := func(i int) fs.FileInfo {
		if infos[i] == nil {
			infos[i], _ = files[i].stat(fsys)
		}
		return infos[i]
	}
	kept := opts.Docs.keptPolicies(files, opts, stat, trust)
	var changed []int
	for i, f := range files {
		if kept[f.slug] != nil {
			continue
		}
		if opts.Docs != nil {
			if v, pos, ok := opts.Docs.version(f.path, stat(i), opts.Config); ok {
				if v.Entity != nil {
					v.Entity = site.Entities[v.Entity.Key] // this load's entity, same config
				}
				loaded[i], at[i] = v, pos
				continue
			}
		}
		changed = append(changed, i)
	}
	// Rendering a body a section at a time pays when another version of
	// the same policy, in the same language, is converted in this load.
	versions := map[[2]string]int{}
	for _, i := range changed {
		versions[[2]string{files[i].slug, files[i].lang}]++
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, i := range changed {
		wg.Add(1)
		sem <- struct{}{}
		bySection := versions[[2]string{files[i].slug, files[i].lang}] > 1
		go func() {
			defer func() { <-sem; wg.Done() }()
			loaded[i], at[i], fileErrs[i] = loadVersion(fsys, files[i], site, conv, bySection, opts)
			if loaded[i] != nil && len(fileErrs[i]) == 0 {
				opts.Docs.putVersion(files[i].path, infos[i], opts.Config, loaded[i], at[i])
			}
		}()
	}
	wg.Wait()
	if !trust {
		opts.Docs.sweep()
	}

	bySlug := map[string]*model.Policy{}
	for slug, p := range kept {
		bySlug[slug] = p
	}
	var assembled []*model.Policy // the policies made anew
	placesOf := map[*model.Version]places{}
	var translations []*model.Version
	drafts := map[string]int{} // by slug, left out
	for i, f := range files {
		errs = append(errs, fileErrs[i]...)
		v := loaded[i]
		if v == nil {
			continue
		}
		if v.Draft && !opts.Drafts {
			drafts[f.slug]++
			continue
		}
		placesOf[v] = at[i]
		if v.Lang != site.Language {
			translations = append(translations, v)
			continue
		}
		p := bySlug[f.slug]
		if p == nil {
			p = &model.Policy{Slug: f.slug}
			bySlug[f.slug] = p
			assembled = append(assembled, p)
		}
		v.Policy = p
		p.Versions = append(p.Versions, v)
	}
	for _, p := range assembled {
		slices.SortStableFunc(p.Versions, func(a, b *model.Version) int {
			return a.Effective.Compare(b.Effective)
		})
		for i := 1; i < len(p.Versions); i++ {
			a, b := p.Versions[i-1], p.Versions[i]
			if a.Effective == b.Effective {
				errs.Addf(placesOf[b].effective, "two versions of %q take effect on %s (the other is %s; expected one version per date)", p.Slug, b.Effective, a.Source)
			}
		}
	}
	for _, p := range assembled {
		p.DraftsLeftOut = drafts[p.Slug]
		delete(drafts, p.Slug)
	}
	site.Policies = append(site.Policies, assembled...)
	for _, p := range kept {
		site.Policies = append(site.Policies, p)
	}
	site.DraftsLeftOut = 0
	for _, p := range site.Policies {
		site.DraftsLeftOut += p.DraftsLeftOut
	}
	for _, n := range drafts { // policies with nothing but drafts
		site.DraftsLeftOut += n
	}
	slices.SortFunc(site.Policies, func(a, b *model.Policy) int { return strings.Compare(a.Slug, b.Slug) })
	checkAliases(site, placesOf, &errs)
	pairTranslations(site, assembled, bySlug, translations, &errs)
	if err := errs.Err(); err != nil {
		opts.Docs.forgetPolicies() // whole policies come only from a load without errors
		return err
	}
	opts.Docs.keepPolicies(site.Policies, files, opts)
	return nil
}

// checkAliases refuses an alias that is the address of a policy (its own
// included: a redirect to itself) or of a page the build makes under it,
// and one that two policies claim: the redirect would hide the page, or
// go one way at random. (Another old address under a policy's folder,
// /privacy/v1/, is fine.) It looks at every policy, kept ones too, since
// a new policy may take the address of another's alias; an error is
// placed at the alias, or in the file of a policy this load took whole.
func checkAliases(site *model.Site, placesOf map[*model.Version]places, errs *diag.List) {
	bySlug := map[string]*model.Policy{}
	for _, p := range site.Policies {
		bySlug[p.Slug] = p
	}
	claimed := map[string]*model.Version{}
	for _, p := range site.Policies {
		for _, v := range p.Versions {
			for i, a := range v.Aliases {
				slug, rest, _ := strings.Cut(strings.Trim(a, "/"), "/")
				if q := bySlug[slug]; q != nil {
					if rest == "" {
						errs.Addf(placesOf[v].alias(v, i), "aliases: %s is the address of policy %q (expected an old address that no page of the site has)", a, slug)
						continue
					}
					if isPageUnder(q, rest) {
						errs.Addf(placesOf[v].alias(v, i), "aliases: %s is the address of a page of the site (expected an old address that no page has)", a)
						continue
					}
				}
				if other := claimed[a]; other != nil && other.Policy != p {
					errs.Addf(placesOf[v].alias(v, i), "aliases: %s is an alias of %s too (expected each old address to redirect to one policy)", a, other.Source)
					continue
				}
				claimed[a] = v
			}
		}
	}
}

// isPageUnder reports whether rest, a path below policy p's address, is
// one of the pages the build makes there (the output URLs of the README):
// a version, its redline, the history, the print view or a feed.
func isPageUnder(p *model.Policy, rest string) bool {
	switch rest {
	case "history", "print", "feed.xml", "atom.xml", "feed.json":
		return true
	}
	date := strings.TrimSuffix(rest, "/changes")
	for _, v := range p.Versions {
		if v.Effective.String() == date {
			return true
		}
	}
	return false
}

// pairTranslations attaches each translation to the source version it
// translates, and checks that the authoritative text exists for every
// version of the policies assembled (the others were checked when they
// were).
func pairTranslations(site *model.Site, assembled []*model.Policy, bySlug map[string]*model.Policy, translations []*model.Version, errs *diag.List) {
	for _, t := range translations {
		slug, base := slugAndBase(t.Source)
		p := bySlug[slug]
		var src *model.Version
		if p != nil {
			for _, v := range p.Versions {
				_, vbase := slugAndBase(v.Source)
				if (!t.Effective.IsZero() && v.Effective == t.Effective) || (t.Effective.IsZero() && vbase == base) {
					src = v
					break
				}
			}
		}
		if src == nil {
			errs.Addf(diag.Pos{File: t.Source, Line: 1, Col: 1}, "translation has no source version (expected %s in %s, or effective: set to the date of an existing version)", path.Join(Dir, slug, base+".md"), site.Language)
			continue
		}
		if other := src.In(t.Lang); other != nil {
			errs.Addf(diag.Pos{File: t.Source}, "second %s translation of %s (the other is %s; expected one per language)", t.Lang, src.Source, other.Source)
			continue
		}
		t.Policy, t.Original = p, src
		t.Effective, t.Announced = src.Effective, src.Announced
		if t.Entity != src.Entity {
			errs.Addf(diag.Pos{File: t.Source, Line: 1, Col: 1}, "translation is published by entity %q but its source by %q (expected entity: %s)", t.Entity.Key, src.Entity.Key, src.Entity.Key)
		}
		if t.Jurisdictions == nil {
			for _, js := range src.Jurisdictions {
				if t.Doc.HeadingByID(js.HeadingID) == nil {
					errs.Addf(diag.Pos{File: t.Source, Line: 1, Col: 1}, "the source maps %s to #%s, a heading this translation does not have (expected the translated heading to keep the id: ## … {#%s}, or jurisdictions: in this file)", js.Code, js.HeadingID, js.HeadingID)
					continue
				}
				t.Jurisdictions = append(t.Jurisdictions, js)
			}
		}
		src.Translations = append(src.Translations, t)
	}
	for _, p := range assembled {
		for _, v := range p.Versions {
			slices.SortFunc(v.Translations, func(a, b *model.Version) int { return strings.Compare(a.Lang, b.Lang) })
			if site.Authoritative != site.Language && v.In(site.Authoritative) == nil {
				errs.Addf(diag.Pos{File: v.Source}, "no %s text, the authoritative language (expected a translation such as %s)", site.Authoritative, strings.TrimSuffix(v.Source, ".md")+"."+site.Authoritative+".md")
			}
		}
	}
}

// slugAndBase splits a version path into its policy slug and its file
// name without language suffix and extension: content/privacy/2024-05-15.de.md
// → privacy, 2024-05-15; content/terms.de.md → terms, "".
func slugAndBase(p string) (slug, base string) {
	rel := strings.TrimPrefix(p, Dir+"/")
	dir, name := path.Split(rel)
	if m := langSuffixRE.FindStringSubmatch(name); m != nil {
		name = m[1]
	} else {
		name = strings.TrimSuffix(name, ".md")
	}
	if dir == "" {
		return name, ""
	}
	return strings.TrimSuffix(dir, "/"), name
}

type file struct {
	slug  string
	path  string      // slash path relative to the site
	lang  string      // from a name such as 2024-05-15.de.md; "" for none
	entry fs.DirEntry // as its folder listed it
}

// stat returns the file's size and time. A regular file's come from its
// folder's listing, which is much cheaper than a lookup through an
// os.Root; a link is followed.
func (f file) stat(fsys fs.FS) (fs.FileInfo, error) {
	if f.entry != nil && f.entry.Type().IsRegular() {
		return f.entry.Info()
	}
	return fs.Stat(fsys, f.path)
}

// discover lists the version files, checking names and slug clashes;
// readDir lists a folder, and changed, when not nil, reports the folders a
// watcher saw change since the last load (see Options.Changed).
//
// What it finds in an unchanged content folder is kept with the folder's
// listing: the next time, only the policy folders that changed are
// looked at again, not every policy's name and listing.
func discover(fsys fs.FS, site *model.Site, readDir func(string) (*listing, error), changed func(string) bool, errs *diag.List) []file {
	top, err := readDir(Dir)
	if errors.Is(err, fs.ErrNotExist) {
		errs.Addf(diag.Pos{File: Dir}, "no %s folder (expected one folder or Markdown file per policy)", Dir)
		return nil
	}
	if err != nil {
		errs.Addf(diag.Pos{File: Dir}, "cannot read: %v", err)
		return nil
	}
	languages := strings.Join(site.Languages, "\x00")
	if d := top.found.Load(); d != nil && changed != nil && d.languages == languages {
		return d.again(fsys, top, readDir, changed, errs)
	}
	problems := len(*errs)
	d := &discovery{languages: languages}
	var translated []file
	owner := map[string]string{} // slug → path that claimed it
	claim := func(slug, p string) bool {
		if !slugRE.MatchString(slug) {
			errs.Addf(diag.Pos{File: p}, "%q is not a safe URL segment (expected lowercase letters, digits and -, e.g. privacy or cookie-policy)", slug)
			return false
		}
		if reserved[slug] || slices.Contains(site.Languages, slug) {
			errs.Addf(diag.Pos{File: p}, "%q is a name the site uses for its own pages (expected another policy name, e.g. %s-policy)", slug, slug)
			return false
		}
		if first, ok := owner[slug]; ok {
			errs.Addf(diag.Pos{File: p}, "policy %q is defined twice (also by %s; expected either a file or a folder)", slug, first)
			return false
		}
		owner[slug] = p
		return true
	}
	for _, e := range top.entries {
		name := e.Name()
		p := path.Join(Dir, name)
		if skipped(name) {
			continue
		}
		d.links = d.links || e.Type()&fs.ModeSymlink != 0
		isDir, ok := followLink(fsys, p, e, errs)
		if !ok {
			continue
		}
		switch {
		case isDir:
			if claim(name, p) {
				files, links := policyFolder(fsys, p, name, readDir, errs)
				d.parts = append(d.parts, part{folder: p, files: files})
				d.links = d.links || links
			}
		case langSuffixRE.MatchString(name):
			// A translation of a single-file policy: terms.de.md.
			m := langSuffixRE.FindStringSubmatch(name)
			translated = append(translated, file{slug: m[1], path: p, lang: m[2], entry: e})
		case path.Ext(name) == ".md":
			if claim(strings.TrimSuffix(name, ".md"), p) {
				d.parts = append(d.parts, part{files: []file{{slug: strings.TrimSuffix(name, ".md"), path: p, entry: e}}})
			}
		default:
			misnamedMarkdown(p, errs)
		}
	}
	for _, f := range translated {
		if first, ok := owner[f.slug]; ok && first != path.Join(Dir, f.slug+".md") {
			errs.Addf(diag.Pos{File: f.path}, "policy %q is defined twice (also by %s; expected either a file or a folder)", f.slug, first)
			continue
		}
		d.parts = append(d.parts, part{files: []file{f}})
	}
	d.keep(top, len(*errs) == problems)
	return d.files()
}

// discovery is what discover found in a content folder: the version
// files of each policy, by the folder or file they come from, in order.
type discovery struct {
	languages string // the site's languages, which no policy may be named after
	parts     []part
	links     bool // some entry is a symbolic link, whose target may change unseen
}

// part is the files of one policy folder, or a single file of the
// content folder (folder "").
type part struct {
	folder string
	files  []file
}

// keep stores d with the content folder's listing it was made from, when
// it can be trusted the next time; else it forgets any kept before.
func (d *discovery) keep(top *listing, ok bool) {
	if !ok || d.links {
		top.found.Store(nil)
		return
	}
	top.found.Store(d)
}

func (d *discovery) files() []file {
	n := 0
	for _, p := range d.parts {
		n += len(p.files)
	}
	files := make([]file, 0, n)
	for _, p := range d.parts {
		files = append(files, p.files...)
	}
	return files
}

// again is discover for an unchanged content folder: the names were
// claimed when d was made, and only the policy folders that changed are
// listed again.
func (d *discovery) again(fsys fs.FS, top *listing, readDir func(string) (*listing, error), changed func(string) bool, errs *diag.List) []file {
	problems := len(*errs)
	next := &discovery{languages: d.languages, parts: slices.Clone(d.parts)}
	for i, p := range next.parts {
		if p.folder != "" && changed(p.folder) {
			files, links := policyFolder(fsys, p.folder, path.Base(p.folder), readDir, errs)
			next.parts[i].files = files
			next.links = next.links || links
		}
	}
	next.keep(top, len(*errs) == problems)
	return next.files()
}

// policyFolder returns the version files of the policy folder p (named
// slug), from the listing's own record when readDir kept the listing, and
// whether any is a symbolic link or a folder (to be looked at again).
func policyFolder(fsys fs.FS, p, slug string, readDir func(string) (*listing, error), errs *diag.List) (_ []file, links bool) {
	l, err := readDir(p)
	if err != nil {
		errs.Addf(diag.Pos{File: p}, "cannot read: %v", err)
		return nil, false
	}
	if found := l.files.Load(); found != nil { // an unchanged listing, looked at before
		return *found, false
	}
	var files []file
	problems := len(*errs)
	for _, ve := range l.entries {
		vn := ve.Name()
		links = links || ve.Type()&fs.ModeSymlink != 0
		if skipped(vn) {
			continue
		}
		vdir, ok := followLink(fsys, path.Join(p, vn), ve, errs)
		if !ok {
			continue
		}
		if vdir {
			if ve.IsDir() { // not a link, which may point anywhere in the site
				nestedVersions(fsys, path.Join(p, vn), p, errs)
			}
			// Like a link, a folder is looked into again every time: a
			// watcher's change inside it is not a change of p's listing.
			links = true
			continue
		}
		if path.Ext(vn) != ".md" {
			misnamedMarkdown(path.Join(p, vn), errs)
			continue
		}
		_, lang, _ := SplitTranslation(vn)
		files = append(files, file{slug: slug, path: path.Join(p, vn), lang: lang, entry: ve})
	}
	if len(files) == 0 {
		errs.Addf(diag.Pos{File: p}, "policy folder has no versions (expected files such as 2024-05-15.md)")
	}
	// Kept unless something was wrong, or a link (whose target may
	// change unseen) must be followed again next time.
	if len(*errs) == problems && !links {
		l.files.Store(&files)
	}
	return files, links
}

// ValidSlug reports whether name can be a policy's folder or file name:
// lowercase letters, digits and "-", a safe URL segment. (The site's own
// segments and language codes are refused too, when a site is loaded.)
func ValidSlug(name string) bool { return slugRE.MatchString(name) && !reserved[name] }

// followLink reports whether the entry at p is (or links to) a folder.
// A symbolic link must resolve inside the site: a link out of it, a
// dangling link or a loop is an error and the entry is skipped (ok false).
func followLink(fsys fs.FS, p string, e fs.DirEntry, errs *diag.List) (isDir, ok bool) {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir(), true
	}
	st, err := fs.Stat(fsys, p)
	if err != nil {
		errs.Addf(diag.Pos{File: p}, "symbolic link cannot be followed: %v (expected a link to a file or folder inside the site)", unwrapPath(err))
		return false, false
	}
	return st.IsDir(), true
}

// misnamedMarkdown reports a Markdown file whose extension is not .md
// (2025-01-01.MD, terms.markdown), which would otherwise be left out of
// the site without a word. Other files (a signed PDF, notes, images) are
// left alone.
func misnamedMarkdown(p string, errs *diag.List) {
	if ext := path.Ext(p); ext != ".md" && isMarkdown(p) {
		errs.Addf(diag.Pos{File: p}, "not read: a policy's Markdown files end in .md (expected %s.md)", path.Base(strings.TrimSuffix(p, ext)))
	}
}

// nestedVersions reports Markdown files in a folder inside a policy
// folder (an archive/ of old versions, say): versions are read only from
// the policy folder itself, and these would be left out without a word.
// A folder of other files (images, a signed PDF) is left alone.
func nestedVersions(fsys fs.FS, dir, policy string, errs *diag.List) {
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		if !e.IsDir() && !skipped(e.Name()) && isMarkdown(e.Name()) {
			errs.Addf(diag.Pos{File: path.Join(dir, e.Name())}, "not read: a policy's versions go directly in its folder (expected %s)", path.Join(policy, e.Name()))
		}
	}
}

// isMarkdown reports whether name has a Markdown extension, in any case.
func isMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return true
	}
	return false
}

// skipped reports names that are hidden, private or editor leftovers.
func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".tmp") || name == "4913"
}

var errTooLarge = fmt.Errorf("file is larger than %d MiB (expected at most %d MiB for one version)", MaxFileSize>>20, MaxFileSize>>20)

// readFile reads a file of at most MaxFileSize bytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read into a buffer of the file's size and one byte more, which sees
	// the end without growing it; the size is only a hint, and the limit
	// holds whatever it says.
	size := 512
	if info, err := f.Stat(); err == nil && info.Size() >= 0 && info.Size() <= MaxFileSize {
		size = int(info.Size()) + 1
	}
	data := make([]byte, 0, size)
	for len(data) <= MaxFileSize {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew: let append pick a size
		}
		n, err := f.Read(data[len(data):min(cap(data), MaxFileSize+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, errTooLarge
}

// loadVersion reads one version file. It returns the version, or nil and
// the file's errors, and where the file says what Load checks across
// files.
func loadVersion(fsys fs.FS, f file, site *model.Site, conv *markdown.Converter, bySection bool, opts Options) (_ *model.Version, at places, errs diag.List) {
	name := f.path
	whole := diag.Pos{File: name}
	raw, err := readFile(fsys, name)
	if errors.Is(err, errTooLarge) {
		errs.Add(whole, err.Error())
		return nil, places{}, errs
	}
	if err != nil {
		errs.Addf(whole, "cannot read: %v", unwrapPath(err))
		return nil, places{}, errs
	}
	if err := meta.CheckUTF8(name, raw); err != nil {
		errs.Append(err)
		return nil, places{}, errs
	}
	sum := sha256.Sum256(raw)
	src := meta.Normalize(raw)
	if len(bytes.TrimSpace(src)) == 0 {
		errs.Add(whole, "empty file (expected front matter between --- lines, then the policy text)")
		return nil, places{}, errs
	}
	fm, err := SplitFrontMatter(name, src)
	if err != nil {
		errs.Append(err)
		return nil, places{}, errs
	}
	var m *meta.Map
	if fm.TOML {
		m, err = meta.TOML(name, fm.Meta, 1)
	} else {
		m, err = meta.YAML(name, fm.Meta, 1)
	}
	if err != nil {
		errs.Append(err)
		return nil, places{}, errs
	}
	v := &model.Version{Source: name, SHA256: hex.EncodeToString(sum[:]), Lang: f.lang}
	decodeLang(m, v, site, &errs)
	jurisdictions, at := decodeVersion(m, v, site, &errs)

	key := docKey(sum[:], opts.Config)
	doc := opts.Docs.get(key)
	if doc == nil {
		var derrs diag.List
		doc, derrs = conv.Convert(fm.Body, markdown.Options{
			File:       name,
			LineOffset: fm.BodyLine - 1,
			Numbering:  v.Numbering,
			Resolve:    resolver(v.Entity),
			Known:      placeholderKeys,
			BySection:  bySection,
		})
		errs = append(errs, derrs...)
		if len(derrs) == 0 {
			opts.Docs.put(key, doc)
		}
	}
	v.Doc = doc
	if doc != nil && jurisdictions != nil {
		for i, js := range v.Jurisdictions {
			if doc.HeadingByID(js.HeadingID) == nil {
				errs.Addf(jurisdictions[i], "jurisdictions: %s maps to heading %q, which this version does not have (expected the id of one of its headings, e.g. %s)", js.Code, js.HeadingID, headingExamples(doc))
			}
		}
	}
	if len(errs) > 0 {
		return nil, places{}, errs
	}
	return v, at, nil
}

// decodeLang settles the language of a version from its file name and its
// lang: key, and reads translated_from.
func decodeLang(m *meta.Map, v *model.Version, site *model.Site, errs *diag.List) {
	if f := m.Get("lang"); f != nil {
		lang, err := f.String()
		switch {
		case err != nil:
			errs.Append(err)
		case v.Lang != "" && lang != v.Lang:
			errs.Addf(f.ValuePos, "lang: %q contradicts the file name, which says %q", lang, v.Lang)
		default:
			v.Lang = lang
		}
	}
	if v.Lang == "" {
		v.Lang = site.Language
	}
	if !slices.Contains(site.Languages, v.Lang) {
		errs.Addf(diag.Pos{File: v.Source, Line: 1, Col: 1}, "language %q is not one of the site's languages (expected one of: %s; add it to languages: in site.yaml)", v.Lang, strings.Join(site.Languages, ", "))
	}
	if f := m.Get("translated_from"); f != nil {
		s, err := f.String()
		errs.Append(err)
		s = strings.ToLower(strings.TrimSpace(s))
		if err == nil && (len(s) < 12 || len(s) > 64 || strings.Trim(s, "0123456789abcdef") != "") {
			errs.Addf(f.ValuePos, "translated_from: %q is not a SHA-256 (expected at least the first 12 hex digits of the source file's sha256, as listed in versions.json)", s)
		}
		v.TranslatedFrom = s
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var placeholderKeys = func() []string {
	keys := make([]string, len(model.EntityFields))
	for i, f := range model.EntityFields {
		keys[i] = "entity." + f
	}
	return keys
}()

func resolver(e *model.Entity) func(string) (string, bool) {
	return func(key string) (string, bool) {
		field, ok := strings.CutPrefix(key, "entity.")
		if !ok || e == nil {
			return "", false
		}
		return e.Field(field)
	}
}

func headingExamples(doc *model.Document) string {
	var ids []string
	for _, h := range doc.Headings {
		if h.Level <= 3 {
			ids = append(ids, h.ID)
		}
		if len(ids) == 5 {
			ids = append(ids, "…")
			break
		}
	}
	if len(ids) == 0 {
		return "none: the version has no headings"
	}
	return strings.Join(ids, ", ")
}

// FrontMatter is a version file split at its fences.
type FrontMatter struct {
	TOML     bool   // fenced by +++ rather than ---
	Meta     []byte // the metadata between the fences
	Body     []byte // the Markdown after the closing fence
	BodyLine int    // 1-based line of the body's first line
}

// SplitFrontMatter splits a normalized version file.
func SplitFrontMatter(name string, src []byte) (FrontMatter, error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	fence := string(bytes.TrimRight(first, " \t"))
	if fence != "---" && fence != "+++" {
		return FrontMatter{}, diag.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "missing front matter (expected --- or +++ on the first line, then title and effective)")
	}
	line := 2
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		} else {
			end = len(rest) - off
		}
		if string(bytes.TrimRight(rest[off:off+end], " \t")) == fence {
			return FrontMatter{TOML: fence == "+++", Meta: rest[:off], Body: rest[next:], BodyLine: line + 1}, nil
		}
		off, line = next, line+1
	}
	return FrontMatter{}, diag.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, "front matter is not closed (expected a second %s line after the metadata)", fence)
}

// decodeVersion fills v from the front matter and returns the positions
// of the jurisdiction entries, for checks against the document, and of
// the effective date (the file's first line when it has none) and the
// aliases, for checks across files.
func decodeVersion(m *meta.Map, v *model.Version, site *model.Site, errs *diag.List) (_ []diag.Pos, at places) {
	m.CheckKeys("front-matter", versionKeys, errs)
	str := func(key string) (string, *meta.Field) {
		f := m.Get(key)
		if f == nil {
			return "", nil
		}
		s, err := f.String()
		if err != nil {
			errs.Append(err)
			return "", nil
		}
		return strings.TrimSpace(s), f
	}
	boolean := func(key string) bool {
		f := m.Get(key)
		if f == nil {
			return false
		}
		b, err := f.Bool()
		errs.Append(err)
		return b
	}
	date := func(key string) (model.Date, *meta.Field) {
		f := m.Get(key)
		if f == nil {
			return model.Date{}, nil
		}
		s, ok := f.Value.(string)
		if !ok {
			errs.Append(f.TypeError("a date as YYYY-MM-DD"))
			return model.Date{}, nil
		}
		d, err := model.ParseDate(strings.TrimSpace(s))
		if err != nil {
			errs.Addf(f.ValuePos, "%s: %v", key, err)
			return model.Date{}, nil
		}
		return d, f
	}
	top := diag.Pos{File: v.Source, Line: 1, Col: 1}

	// A key present with a value of the wrong type has its error already.
	var tf *meta.Field
	if v.Title, tf = str("title"); m.Get("title") == nil {
		errs.Add(top, "missing title (expected title: e.g. Privacy Policy)")
	} else if tf != nil && v.Title == "" {
		errs.Add(tf.ValuePos, "title: expected the policy's title, e.g. Privacy Policy, found an empty string")
	}
	var ef, af *meta.Field
	if v.Effective, ef = date("effective"); ef == nil && m.Get("effective") == nil && v.Lang == site.Language {
		errs.Add(top, "missing effective date (expected effective: YYYY-MM-DD, the day this version takes effect)")
	}
	if v.Announced, af = date("announced"); af == nil {
		v.Announced = v.Effective
	} else if ef != nil && v.Announced.After(v.Effective) {
		errs.Addf(af.ValuePos, "announced %s is after effective %s (expected a version to be announced on or before the day it takes effect)", v.Announced, v.Effective)
	}
	v.Summary, _ = str("summary")
	v.Material = boolean("material")
	v.Numbering = boolean("numbering")
	v.Draft = boolean("draft")

	key, kf := str("entity")
	if kf == nil {
		key = site.DefaultEntity
	}
	if e, ok := site.Entities[key]; ok {
		v.Entity = e
	} else if kf != nil {
		errs.Addf(kf.ValuePos, "entity: unknown entity %q (expected one of the keys under entities in site.yaml: %s)", key, strings.Join(entityKeys(site), ", "))
	}

	if f := m.Get("aliases"); f != nil {
		items, ok := f.Value.([]*meta.Item)
		if !ok {
			items = []*meta.Item{{Pos: f.ValuePos, Value: f.Value}}
		}
		for _, it := range items {
			a, ok := it.Value.(string)
			if !ok || !strings.HasPrefix(a, "/") || strings.HasPrefix(a, "//") || strings.Contains(a, "..") || strings.ContainsAny(a, " \t\n?#") {
				errs.Addf(it.Pos, "aliases: %s is not a URL path (expected a path starting with /, e.g. /privacy-policy/)", meta.Describe(it.Value))
				continue
			}
			if first, _, _ := strings.Cut(a[1:], "/"); first == "" || reserved[first] || siteFiles[first] || slices.Contains(site.Languages, first) {
				errs.Addf(it.Pos, "aliases: %s is an address of the site's own pages (expected an old address that no page of the site has, e.g. /privacy-policy/)", a)
				continue
			}
			v.Aliases = append(v.Aliases, a)
			at.aliases = append(at.aliases, it.Pos)
		}
	}
	if f := m.Get("params"); f != nil {
		pm, err := f.Map()
		errs.Append(err)
		if pm != nil {
			v.Params = meta.Plain(pm).(map[string]any)
		}
	}
	var positions []diag.Pos
	if f := m.Get("jurisdictions"); f != nil {
		jm, err := f.Map()
		errs.Append(err)
		if jm != nil {
			for _, jf := range jm.Fields {
				if _, ok := site.Jurisdictions[jf.Key]; !ok {
					if upper := strings.ToUpper(jf.Key); site.Jurisdictions[upper] != nil {
						errs.Addf(jf.Pos, "jurisdictions: unknown jurisdiction %q (did you mean %s? expected a code of the registry, in capitals)", jf.Key, upper)
						continue
					}
					errs.Addf(jf.Pos, "jurisdictions: unknown jurisdiction %q (expected a code from the registry, such as %s, or one added under jurisdictions in site.yaml)", jf.Key, strings.Join(codeExamples(site), ", "))
					continue
				}
				id, ok := jf.Value.(string)
				if !ok {
					errs.Addf(jf.ValuePos, "jurisdictions: %s: expected the id of a heading, found %s", jf.Key, meta.Describe(jf.Value))
					continue
				}
				v.Jurisdictions = append(v.Jurisdictions, model.JurisdictionSection{Code: jf.Key, HeadingID: strings.TrimPrefix(strings.TrimSpace(id), "#")})
				positions = append(positions, jf.ValuePos)
			}
		}
	}
	at.effective = top
	if f := m.Get("effective"); f != nil {
		at.effective = f.ValuePos
	}
	return positions, at
}

func entityKeys(site *model.Site) []string {
	keys := make([]string, 0, len(site.Entities))
	for k := range site.Entities {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func codeExamples(site *model.Site) []string {
	var codes []string
	for _, j := range site.SortedJurisdictions() {
		codes = append(codes, j.Code)
	}
	return codes
}
