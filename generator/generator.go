// Package generator is the facade of policysite: it wires the stages —
// config and content loading, theme, rendering, publishing — into the
// commands build, check, init and new.
//
//	load (config, content, markdown) → model → render (theme) → write (publish)
package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/content"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/linkcheck"
	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/publish"
	"github.com/policysite/policysite/generator/render"
	"github.com/policysite/policysite/generator/theme"
	"github.com/policysite/policysite/themes"
)

// Options describe one build.
type Options struct {
	SiteDir  string     // the site: site.yaml, content/, themes/
	Dest     string     // output folder; default <SiteDir>/public
	BaseURL  string     // overrides site.yaml's base_url when set
	Now      model.Date // the build date; see Today
	Drafts   bool       // include draft versions
	Progress io.Writer  // where to show progress of a long build; nil for none
}

// Summary tells what a build did.
type Summary struct {
	Policies int
	Versions int
	Files    int
	Bytes    int64
	Elapsed  time.Duration
	Reused   int      // files unchanged since the previous build, linked rather than written
	Warnings []string // problems that did not stop the build
	// Left out of the site: versions marked draft: true (without Drafts),
	// and versions announced after the build date.
	Drafts, Unannounced int
}

func (s Summary) String() string {
	out := fmt.Sprintf("%d %s, %d %s%s, %d %s (%s",
		s.Policies, plural(s.Policies, "policy", "policies"), s.Versions, plural(s.Versions, "version", "versions"), s.LeftOut(),
		s.Files, plural(s.Files, "file", "files"), humanBytes(s.Bytes))
	switch {
	case s.Files > 0 && s.Reused == s.Files:
		out += ", all unchanged"
	case s.Reused > 0:
		out += fmt.Sprintf(", %d unchanged", s.Reused)
	}
	return out + ") in " + s.Elapsed.Round(time.Millisecond).String()
}

// LeftOut says which versions the site leaves out, as " (1 draft left
// out, 2 not announced yet)", or "" when none: a writer who sees fewer
// versions than files learns why.
func (s Summary) LeftOut() string {
	var left []string
	if s.Drafts > 0 {
		left = append(left, fmt.Sprintf("%d %s left out", s.Drafts, plural(s.Drafts, "draft", "drafts")))
	}
	if s.Unannounced > 0 {
		left = append(left, fmt.Sprintf("%d not announced yet", s.Unannounced))
	}
	if len(left) == 0 {
		return ""
	}
	return " (" + strings.Join(left, ", ") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Site is a loaded site with the theme it renders with.
type Site struct {
	Model        *model.Site
	ConfigSHA256 string                  // of site.yaml
	ThemeSHA256  string                  // of the site's own theme files, if any
	Theme        *theme.Theme            // in the site's language
	Themes       map[string]*theme.Theme // one per language of the site
}

// Load reads and validates the site in fsys, reporting every problem of
// config, content and theme together.
func Load(fsys fs.FS, opts Options) (*Site, error) {
	return load(fsys, opts, nil)
}

// loadCache keeps what loading a site again can take from the previous
// load (serve rebuilds with one): parsed documents, and themes whose
// files have not changed.
type loadCache struct {
	docs   content.DocCache
	themes map[string]*theme.Theme // by themeKey
	// config is site.yaml as last parsed, and its bytes.
	config    *model.Site
	configRaw string
	// changed are the paths (slash-separated, relative to the site) that
	// changed since the last load through the cache, as a watcher saw
	// them; nil when not known, and every folder is listed again.
	changed []string
}

// parseConfig is config.Parse, which a cache does once for the same bytes:
// each load gets its own copy of the site, sharing the entities and
// jurisdictions, which nothing changes once parsed.
func (c *loadCache) parseConfig(raw []byte) (*model.Site, error) {
	if c == nil {
		return config.Parse(raw)
	}
	if c.config == nil || c.configRaw != string(raw) {
		site, err := config.Parse(raw)
		if err != nil {
			return nil, err
		}
		c.config, c.configRaw = site, string(raw)
	}
	site := *c.config
	return &site, nil
}

// changedFolder reports whether the listing of a folder of the site may
// have changed: a changed path lies directly in the folder, is the folder,
// or contains it. (A change deeper down leaves the listing as it was.)
func (c *loadCache) changedFolder() func(dir string) bool {
	if c == nil || c.changed == nil {
		return nil
	}
	return func(dir string) bool {
		for _, p := range c.changed {
			if path.Dir(p) == dir || p == dir || strings.HasPrefix(dir, p+"/") {
				return true
			}
		}
		return false
	}
}

// themeKey names everything theme.Load reads.
func themeKey(themeSHA256 string, o theme.Options) string {
	return themeSHA256 + "\x00" + o.Name + "\x00" + o.Language + "\x00" + o.BaseURL
}

// checkAssets minifies the theme's stylesheets and scripts once, as the
// build will, so that a broken one is reported at its own file and line
// rather than at the fingerprinted name the build writes.
func checkAssets(th *theme.Theme) error {
	m := publish.NewMinifier()
	var buf bytes.Buffer
	var errs diag.List
	for _, a := range th.Assets() {
		// The minifier lexes its input in place: give it a copy.
		if _, err := m.Minify(&buf, a.Path, bytes.Clone(a.Data)); err != nil {
			pos := diag.Pos{File: a.Source}
			msg := err.Error()
			if line, col, what, ok := publish.SyntaxError(err); ok {
				pos.Line, pos.Col, msg = line, col, what
			}
			errs.Add(pos, msg)
		}
	}
	return errs.Err()
}

// load is Load, taking from cache (when not nil) what has not changed.
func load(fsys fs.FS, opts Options, cache *loadCache) (*Site, error) {
	raw, err := fs.ReadFile(fsys, config.File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.Errorf(diag.Pos{File: config.File}, "no site.yaml (expected a site folder; create one with: policysite init DIR)")
		}
		return nil, diag.Errorf(diag.Pos{File: config.File}, "cannot read: %v", err)
	}
	site, err := cache.parseConfig(raw)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		if site.BaseURL, err = config.BaseURL(opts.BaseURL); err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
	}
	var errs diag.List
	var docs *content.DocCache
	if cache != nil {
		docs = &cache.docs
	}
	errs.Append(content.Load(fsys, site, content.Options{Drafts: opts.Drafts, Docs: docs, Config: sha256Hex(raw), Changed: cache.changedFolder()}))
	loaded := &Site{Model: site, Themes: map[string]*theme.Theme{}, ConfigSHA256: sha256Hex(raw), ThemeSHA256: treeSHA256(fsys, themesDir)}
	kept := map[string]*theme.Theme{}
	for _, lang := range site.Languages {
		o := theme.Options{Name: site.Theme, Language: lang, BaseURL: site.BaseURL}
		key := themeKey(loaded.ThemeSHA256, o)
		th := (*theme.Theme)(nil)
		if cache != nil {
			th = cache.themes[key]
		}
		if th == nil {
			var err error
			th, err = theme.Load(themes.FS(), fsys, o)
			if err == nil && lang == site.Language { // the assets are every language's
				err = checkAssets(th)
			}
			errs.Append(err)
			if err != nil {
				th = nil // a theme that failed is loaded (and reported) again
			}
		}
		if th != nil {
			kept[key] = th
		}
		loaded.Themes[lang] = th
	}
	if cache != nil {
		cache.themes = kept
	}
	loaded.Theme = loaded.Themes[site.Language]
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return loaded, nil
}

// LoadDir loads the site in opts.SiteDir. The folder is opened as an
// os.Root, so no symbolic link inside it can lead the build to a file
// outside it.
func LoadDir(opts Options) (*Site, error) {
	return loadDir(opts, nil)
}

// noSiteFolder is the error for a site folder that does not exist.
func noSiteFolder(dir string) error {
	return fmt.Errorf("site folder %s does not exist (expected a folder with site.yaml; create one with: policysite init %s)", dir, dir)
}

// siteFolderExists returns noSiteFolder when dir does not exist: build and
// serve ask before anything else touches the disk, since they would make
// the folder (the default destination's parent) or fail obscurely (the
// watcher).
func siteFolderExists(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return noSiteFolder(dir)
	}
	return nil
}

// loadDir is LoadDir, taking from cache (when not nil) what has not
// changed. Every command that reads a site goes through it.
func loadDir(opts Options, cache *loadCache) (*Site, error) {
	root, err := os.OpenRoot(opts.SiteDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noSiteFolder(opts.SiteDir)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open the site folder: %w", err)
	}
	defer root.Close()
	return load(root.FS(), opts, cache)
}

// Render produces every output file of s through emit, in no particular
// order; emit is called one file at a time.
func (s *Site) Render(now model.Date, emit render.Emit) error {
	var mu sync.Mutex
	return s.render(now, nil, nil, nil, func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return emit(path, data)
	}, nil)
}

// render produces the output of s, except the pages of the policies in
// reuse, whose folders (one per language) it hands to link instead. cache
// and keys (policyKeys) are render.Options'.
func (s *Site) render(now model.Date, reuse map[string]bool, cache *render.Cache, keys map[string]string, emit render.Emit, link func(dir string) error) error {
	for _, slug := range slices.Sorted(maps.Keys(reuse)) {
		for _, lang := range s.Model.Languages {
			if err := link(render.LangPrefix(s.Model, lang) + slug); err != nil {
				return err
			}
		}
	}
	return render.Site(s.Model, s.Themes, render.Options{Now: now, Cache: cache, Keys: keys, Reuse: func(slug string) bool { return reuse[slug] }}, emit)
}

// ownLayouts reports whether any language's theme has layouts from the
// site. The built-in layouts write tags and attributes as the minifier
// would, so their pages need only be compacted (publish.Compact); a site's
// own layouts get the whole minifier.
func (s *Site) ownLayouts() bool {
	for _, th := range s.Themes {
		if th.OwnLayouts() {
			return true
		}
	}
	return false
}

// Build loads the site, renders it and swaps the result into the
// destination. On any error the destination is left as it was.
//
// A build reuses the previous one where it can: when no input changed at
// all it writes nothing; otherwise the pages of each policy whose inputs
// are unchanged are hard-linked from the previous build, and any other
// file whose bytes come out the same is linked rather than rewritten, so
// unchanged files keep their modification times.
func Build(ctx context.Context, opts Options) (Summary, error) {
	start := time.Now()
	if err := siteFolderExists(opts.SiteDir); err != nil {
		return Summary{}, err
	}
	dest := opts.Dest
	if dest == "" {
		dest = filepath.Join(opts.SiteDir, "public")
	}
	dest, err := destination(opts.SiteDir, dest)
	if err != nil {
		return Summary{}, err
	}
	// Fingerprint the inputs while Begin checks the previous output: both
	// are a walk of stat calls, and a no-op build is little else.
	type fingerprint struct {
		sum string
		err error
	}
	fp := make(chan fingerprint, 1)
	go func() {
		sum, err := inputsFingerprint(opts)
		fp <- fingerprint{sum, err}
	}()
	minifier := publish.NewMinifier()
	minifier.Leave(render.FeedFiles()...)
	w, err := publish.Begin(dest, minifier)
	f := <-fp
	if err != nil {
		return Summary{}, err
	}
	inputs, err := f.sum, f.err
	if prev := w.Previous(); err == nil && prev != nil && prev.Inputs == inputs {
		w.Unchanged()
		return Summary{Policies: prev.Policies, Versions: prev.Versions, Drafts: prev.Drafts, Unannounced: prev.Unannounced, Files: prev.Files, Bytes: prev.Bytes, Reused: prev.Files, Warnings: prev.Warnings, Elapsed: time.Since(start)}, nil
	}
	site, err := LoadDir(opts)
	if err != nil {
		w.Abort()
		return Summary{}, err
	}
	if !site.ownLayouts() {
		minifier.CompactHTML()
	}
	manifest := &publish.Manifest{Inputs: inputs, Keys: site.policyKeys(opts, nil)}
	reuse := map[string]bool{}
	if prev := w.Previous(); prev != nil {
		for slug, key := range manifest.Keys {
			if prev.Keys[slug] == key {
				reuse[slug] = true
			}
		}
	}
	stop := showProgress(opts.Progress, start, w)
	err = site.render(opts.Now, reuse, nil, nil, func(path string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return w.Write(path, data)
	}, w.Reuse)
	stop()
	if err != nil {
		w.Abort()
		return Summary{}, err
	}
	sum := summarize(site.Model, opts.Now)
	sum.Warnings = site.Warnings()
	manifest.Policies, manifest.Versions, manifest.Drafts, manifest.Unannounced, manifest.Warnings = sum.Policies, sum.Versions, sum.Drafts, sum.Unannounced, sum.Warnings
	if err := w.Commit(manifest); err != nil {
		return Summary{}, err
	}
	sum.Files, sum.Bytes, sum.Reused, sum.Elapsed = w.Files(), w.Bytes(), w.Reused(), time.Since(start)
	return sum, nil
}

// CheckResult is what Check found besides errors.
type CheckResult struct {
	Summary
	External []string // external URLs the site links to
}

// Warnings lists what a site should fix but a build can live with:
// translations that do not say which source text they translate, or that
// were made from an earlier text of their source.
func (s *Site) Warnings() []string {
	var out []string
	for _, p := range s.Model.Policies {
		for _, v := range p.Versions {
			for _, t := range v.Translations {
				switch {
				case t.TranslatedFrom == "":
					out = append(out, fmt.Sprintf("%s: translation does not record the source text it translates (add translated_from: %s)", t.Source, v.SHA256[:16]))
				case !strings.HasPrefix(v.SHA256, t.TranslatedFrom):
					out = append(out, fmt.Sprintf("%s: translation is older than its source: %s has changed since (translated_from %s, now %s); update the translation and translated_from", t.Source, v.Source, t.TranslatedFrom, v.SHA256[:16]))
				}
			}
		}
	}
	return out
}

// Check loads and renders the site without writing anything, and reports
// broken internal links and anchors as errors.
func Check(ctx context.Context, opts Options) (CheckResult, error) {
	start := time.Now()
	site, err := LoadDir(opts)
	if err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{Summary: summarize(site.Model, opts.Now)}
	links := linkcheck.New(site.Model.BaseURL)
	err = site.Render(opts.Now, func(path string, data []byte) error {
		res.Files++
		res.Bytes += int64(len(data))
		links.Add(path, data)
		return ctx.Err()
	})
	if err != nil {
		return res, err
	}
	var errs diag.List
	for _, b := range links.Broken() {
		errs.Addf(diag.Pos{File: "public/" + b.Page}, "broken link %s (%s)", b.Target, b.Reason)
	}
	res.External = links.External()
	res.Summary.Warnings = site.Warnings()
	res.Elapsed = time.Since(start)
	return res, errs.Err()
}

func summarize(site *model.Site, now model.Date) Summary {
	s := Summary{Drafts: site.DraftsLeftOut}
	for _, p := range site.Policies {
		n := len(p.Published(now))
		if n > 0 {
			s.Policies++
			s.Versions += n
		}
		s.Unannounced += len(p.Versions) - n
	}
	return s
}

// showProgress reports the files written on a terminal once a build has
// run for a second; the returned function stops it.
func showProgress(out io.Writer, start time.Time, w *publish.Writer) func() {
	if out == nil {
		return func() {}
	}
	done := make(chan struct{})
	var shown atomic.Bool
	go func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if time.Since(start) >= time.Second {
					shown.Store(true)
					fmt.Fprintf(out, "\rbuilding… %d files written", w.Files())
				}
			}
		}
	}()
	return func() {
		close(done)
		if shown.Load() {
			fmt.Fprint(out, "\r\033[K")
		}
	}
}

// Today is the default build date: SOURCE_DATE_EPOCH when set (for
// reproducible builds), else the current date in UTC.
func Today(getenv func(string) string) (model.Date, error) {
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		secs, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return model.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		// The same bounds as a date written out (see model.ParseDate).
		d := model.DateOf(time.Unix(secs, 0))
		if y := d.Time().Year(); y < 1900 || y > 9999 {
			return model.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is the year %d (expected seconds since 1970 that give a year from 1900 to 9999)", s, y)
		}
		return d, nil
	}
	return model.DateOf(time.Now()), nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
