package generator

import (
	"context"
	"errors"
	"io"
	"maps"
	"strings"
	"sync"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/render"
	"github.com/policysite/policysite/generator/server"
)

// Serve builds the site in memory — never touching the destination — and
// serves it on bind:port with live reload, rebuilding on every change to
// site.yaml, content/ or themes/, until ctx is done. Links point at the
// server itself unless opts.BaseURL is set. A busy port is an error when
// portExplicit, else the next free port is used. Progress and every build
// error go to log. Serve returns nil when ctx ends it.
func Serve(ctx context.Context, opts Options, bind string, port int, portExplicit bool, log io.Writer) error {
	if err := siteFolderExists(opts.SiteDir); err != nil {
		return err
	}
	var baseURL string // the server's own URL, known once it has its port
	var live liveBuild
	srv, err := server.New(server.Config{
		SiteDir:      opts.SiteDir,
		Watch:        append([]string{config.File}, sourceFolders...),
		Bind:         bind,
		Port:         port,
		PortExplicit: portExplicit,
		Log:          log,
		Headers:      serveHeaders(),
		Rebuild: func(ctx context.Context, changed []string) (server.Output, error) {
			o := opts
			if o.BaseURL == "" {
				o.BaseURL = baseURL
			}
			return live.rebuild(ctx, o, changed)
		},
		Delta: live.delta,
	})
	if err != nil {
		return err
	}
	baseURL = srv.URL()
	return srv.Run(ctx)
}

// liveBuild rebuilds a site in memory after an edit, redoing only what
// the edit touched: documents whose files did not change are not parsed
// again, and policies whose inputs did not change keep their pages from
// the previous build. The site-wide pages that list every policy are
// rendered again.
type liveBuild struct {
	loaded   loadCache
	unloaded []string          // paths changed since the last load that succeeded
	unknown  bool              // and some changes were not named: list every folder
	keys     map[string]string // policy keys of out
	keyMemo  keyMemo
	out      server.Output
	byPolicy map[string][]string // paths of out by their top folder (after any language's); "" for files at the top
	cache    *render.Cache       // work renders repeat, while the theme and site.yaml stay
	cacheFor string              // the site.yaml and theme the cache was filled with

	// written and removed are the paths the last successful rebuild wrote
	// and dropped; every other file of out is the one before it.
	written, removed []string
	deltaOK          bool // there was an output before it
}

// delta is server.Config.Delta.
func (b *liveBuild) delta() (written, removed []string, ok bool) {
	return b.written, b.removed, b.deltaOK
}

// rebuild builds the site after the files in changed (paths relative to
// the site) changed; nil means anything may have changed.
func (b *liveBuild) rebuild(ctx context.Context, opts Options, changed []string) (server.Output, error) {
	// A load that fails may stop before it looks at the content: what
	// changed is kept until one succeeds.
	b.unloaded = append(b.unloaded, changed...)
	b.unknown = b.unknown || changed == nil
	b.loaded.changed = nil
	if !b.unknown {
		b.loaded.changed = append([]string{}, b.unloaded...)
	}
	site, err := loadDir(opts, &b.loaded)
	if err != nil {
		return nil, splitErrors(err)
	}
	b.unloaded, b.unknown = nil, false
	keys := site.policyKeys(opts, &b.keyMemo)
	reuse := map[string]bool{}
	for slug, key := range keys {
		if b.out != nil && b.keys[slug] == key {
			reuse[slug] = true
		}
	}
	// Every file of the reused policies (their folders, in every
	// language) comes from the previous output: a copy of it without the
	// files of anything else, which the render makes again. (Copying the
	// map whole and deleting a policy or two is much cheaper than putting
	// thousands of reused files into a new one.)
	out := maps.Clone(b.out)
	if out == nil {
		out = server.Output{}
	}
	byPolicy := maps.Clone(b.byPolicy)
	var removed, written []string
	for group, paths := range b.byPolicy {
		if !reuse[group] {
			for _, p := range paths {
				delete(out, p)
			}
			removed = append(removed, paths...)
			delete(byPolicy, group)
		}
	}
	if byPolicy == nil {
		byPolicy = map[string][]string{}
	}
	langs := map[string]bool{}
	for _, l := range site.Model.Languages {
		if p := render.LangPrefix(site.Model, l); p != "" {
			langs[strings.TrimSuffix(p, "/")] = true
		}
	}
	var mu sync.Mutex
	emit := func(path string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Grouped by top folder (after any language's), a policy's slug
		// or a folder of the site's own; files at the top go under "".
		first, rest, ok := strings.Cut(path, "/")
		if ok && langs[first] {
			first, _, ok = strings.Cut(rest, "/")
		}
		if !ok {
			first = ""
		}
		mu.Lock()
		out[path] = data
		byPolicy[first] = append(byPolicy[first], path)
		written = append(written, path)
		mu.Unlock()
		return nil
	}
	link := func(string) error { return nil }
	if id := site.ConfigSHA256 + site.ThemeSHA256; b.cache == nil || b.cacheFor != id {
		b.cache, b.cacheFor = &render.Cache{}, id
	}
	if err := site.render(opts.Now, reuse, b.cache, keys, emit, link); err != nil {
		return nil, splitErrors(err)
	}
	b.deltaOK = b.out != nil
	b.keys, b.out, b.byPolicy, b.written, b.removed = keys, out, byPolicy, written, removed
	return out, nil
}

// splitErrors turns a diag.List into errors the server shows one by one.
func splitErrors(err error) error {
	var list diag.List
	if !errors.As(err, &list) {
		return err
	}
	errs := make([]error, len(list))
	for i, e := range list {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// serveHeaders are the deployed site's security headers, less HSTS, which
// means nothing over plain http on loopback.
func serveHeaders() [][2]string {
	var h [][2]string
	for _, kv := range render.SecurityHeaders {
		if kv[0] != "Strict-Transport-Security" {
			h = append(h, kv)
		}
	}
	return h
}
