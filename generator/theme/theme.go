// Package theme loads a theme — a built-in one, with a site's own files
// layered over it file by file — and renders pages with it.
//
// Lookup order for every file: the site's themes/<name>/<file>, then the
// built-in theme <name>'s <file>. A site may also define a theme of its own
// that has no built-in counterpart; it must then provide every file.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/meta"
)

// Kinds are the page kinds every theme provides a layout for.
var Kinds = []string{"index", "policy", "history", "changes", "changelog", "jurisdictions", "jurisdiction", "notfound", "accessibility", "print"}

// Theme is a parsed theme, ready to render pages.
type Theme struct {
	Name     string
	pages    map[string]*template.Template
	assets   []Asset
	assetURL map[string]string // logical name → fingerprinted path
	strings  map[string]string
	Language string
	BasePath string  // URL path prefix the site is served under, e.g. "/" or "/legal/"
	BaseURL  string  // absolute, ends in "/"
	files    overlay // where the theme's files come from, for error positions
}

// OwnLayouts reports whether the site provides layouts or partials of its
// own, which may show anything of the model: what the built-in layouts
// show cannot be assumed of them (serve's page keys do).
func (t *Theme) OwnLayouts() bool {
	for name := range t.files.fromSite {
		if strings.HasPrefix(name, "layouts/") {
			return true
		}
	}
	return false
}

// Asset is a file published with the site under a fingerprinted name.
type Asset struct {
	Name   string // logical name, e.g. "style.css"
	Path   string // output path, e.g. "assets/style.3f2a9c1d.css"
	Data   []byte
	Source string // where it was read, for errors: "themes/default/assets/style.css"
}

// Options say where the site is served and in which language.
type Options struct {
	Name     string
	Language string
	BaseURL  string // absolute, ends in "/"
}

// Load layers site's themes/<name>/ over the built-in theme <name> and
// parses it. site may be nil.
func Load(builtin, site fs.FS, opts Options) (*Theme, error) {
	fsys, err := layer(builtin, site, opts.Name)
	if err != nil {
		return nil, err
	}
	th := &Theme{Name: opts.Name, Language: opts.Language, BaseURL: opts.BaseURL, pages: map[string]*template.Template{}, assetURL: map[string]string{}}
	th.BasePath = "/"
	if i := strings.Index(strings.TrimPrefix(strings.TrimPrefix(opts.BaseURL, "https://"), "http://"), "/"); i >= 0 {
		rest := strings.TrimPrefix(strings.TrimPrefix(opts.BaseURL, "https://"), "http://")
		th.BasePath = rest[i:]
	}
	th.files = fsys
	var errs diag.List
	errs.Append(th.loadStrings(builtin, fsys))
	errs.Append(th.loadAssets(fsys))
	errs.Append(th.parse(fsys))
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return th, nil
}

// overlay reads from top first, then from bottom.
type overlay struct {
	top, bottom fs.FS
	name        string
	fromSite    map[string]bool // files the site provides, listed at load: the site's FS may be closed by the time an error is reported
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		f, err := o.top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if o.bottom == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.bottom.Open(name)
}

// where names the file a theme file came from, for error messages.
func (o overlay) where(name string) string {
	if o.fromSite[name] {
		return path.Join("themes", o.name, name)
	}
	return "theme " + o.name + " (built-in): " + name
}

func layer(builtin, site fs.FS, name string) (overlay, error) {
	o := overlay{name: name}
	if builtin != nil {
		if st, err := fs.Stat(builtin, name); err == nil && st.IsDir() {
			o.bottom, _ = fs.Sub(builtin, name)
		}
	}
	if site != nil {
		dir := path.Join("themes", name)
		if st, err := fs.Stat(site, dir); err == nil && st.IsDir() {
			o.top, _ = fs.Sub(site, dir)
			o.fromSite = map[string]bool{}
			fs.WalkDir(o.top, ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && !sameFile(o.top, o.bottom, p) {
					o.fromSite[p] = true
				}
				return nil
			})
		}
	}
	if o.top == nil && o.bottom == nil {
		var names []string
		if entries, err := fs.ReadDir(builtin, "."); err == nil {
			for _, e := range entries {
				if e.IsDir() {
					names = append(names, e.Name())
				}
			}
		}
		return o, diag.Errorf(diag.Pos{File: "site.yaml"}, "theme: unknown theme %q (expected a built-in theme — %s — or a folder themes/%s)", name, strings.Join(names, ", "), name)
	}
	return o, nil
}

// sameFile reports whether the site's copy of a theme file is the
// built-in file, byte for byte, as in this repository, whose example site
// has the built-in themes' folders as its own: such a copy changes
// nothing, and counting it as the site's would turn off what is only safe
// for the built-in layouts (OwnLayouts).
func sameFile(site, builtin fs.FS, name string) bool {
	if builtin == nil {
		return false
	}
	theirs, err := fs.ReadFile(builtin, name)
	if err != nil {
		return false
	}
	ours, err := fs.ReadFile(site, name)
	return err == nil && bytes.Equal(ours, theirs)
}

// loadStrings reads the UI strings of th's language: the built-in
// i18n/<lang>.yaml shared by every built-in theme, then the theme's own
// i18n/<lang>.yaml (the built-in theme's, then the site's), each key of a
// later file replacing the same key of an earlier one. A language given
// with a region (pt-BR) falls back to its base language file (pt) when it
// has none of its own.
func (th *Theme) loadStrings(builtin fs.FS, fsys overlay) error {
	th.strings = map[string]string{}
	var errs diag.List
	found := false
	read := func(layer fs.FS, where func(string) string) {
		if layer == nil {
			return
		}
		for _, lang := range languageChain(th.Language) {
			name := "i18n/" + lang + ".yaml"
			data, err := fs.ReadFile(layer, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				errs.Addf(diag.Pos{File: where(name)}, "cannot read: %v", err)
				return
			}
			m, err := meta.YAML(where(name), meta.Normalize(data), 0)
			if err != nil {
				errs.Append(err)
				return
			}
			for _, f := range m.Fields {
				s, err := f.String()
				errs.Append(err)
				th.strings[f.Key] = s
			}
			found = true
			return
		}
	}
	read(builtin, func(name string) string { return "built-in " + name })
	read(fsys.bottom, func(name string) string { return "theme " + fsys.name + " (built-in): " + name })
	read(fsys.top, func(name string) string { return path.Join("themes", fsys.name, name) })
	if !found && len(errs) == 0 {
		errs.Addf(diag.Pos{File: "site.yaml"}, "no UI strings for language %q (expected a file i18n/%s.yaml in themes/%s/)", th.Language, th.Language, th.Name)
	}
	return errs.Err()
}

// languageChain lists the files to try for a language: pt-BR, then pt.
func languageChain(lang string) []string {
	if base, _, ok := strings.Cut(lang, "-"); ok {
		return []string{lang, base}
	}
	return []string{lang}
}

func (th *Theme) loadAssets(fsys overlay) error {
	entries, err := fs.ReadDir(fsys, "assets")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// ReadDir on an overlay sees only the top layer's folder; merge both.
	seen := map[string]bool{}
	var names []string
	for _, layer := range []fs.FS{fsys.top, fsys.bottom} {
		if layer == nil {
			continue
		}
		entries, _ = fs.ReadDir(layer, "assets")
		for _, e := range entries {
			if !e.IsDir() && !seen[e.Name()] {
				seen[e.Name()] = true
				names = append(names, e.Name())
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, "assets/"+n)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(n)
		p := "assets/" + strings.TrimSuffix(n, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		th.assets = append(th.assets, Asset{Name: n, Path: p, Data: data, Source: fsys.where("assets/" + n)})
		th.assetURL[n] = p
	}
	if _, ok := th.assetURL["style.css"]; !ok {
		return diag.Errorf(diag.Pos{File: fsys.where("assets/style.css")}, "the theme has no stylesheet (expected assets/style.css)")
	}
	return nil
}

// Assets returns the files to publish beside the pages.
func (th *Theme) Assets() []Asset { return th.assets }

func (th *Theme) parse(fsys overlay) error {
	var errs diag.List
	read := func(name string) string {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Addf(diag.Pos{File: fsys.where(name)}, "missing theme file (expected %s)", name)
			return ""
		}
		return string(meta.Normalize(data))
	}
	base := read("layouts/base.html")
	partials := map[string]string{}
	for _, layer := range []fs.FS{fsys.bottom, fsys.top} {
		if layer == nil {
			continue
		}
		matches, _ := fs.Glob(layer, "layouts/partials/*.html")
		for _, m := range matches {
			partials[m] = ""
		}
	}
	partialNames := make([]string, 0, len(partials))
	for n := range partials {
		partialNames = append(partialNames, n)
		partials[n] = read(n)
	}
	slices.Sort(partialNames)
	if len(errs) > 0 {
		return errs.Err()
	}
	// The base layout and the partials are parsed once; each page kind
	// adds its own layout to a copy of them.
	common := template.New("theme " + th.Name).Funcs(th.funcs()).Option("missingkey=error")
	for _, part := range append([][2]string{{"layouts/base.html", base}}, pairs(partialNames, partials)...) {
		if _, err := common.New(part[0]).Parse(part[1]); err != nil {
			errs.Append(templateError(fsys, err))
		}
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	for _, kind := range Kinds {
		name := "layouts/" + kind + ".html"
		body := read(name)
		if body == "" {
			continue
		}
		t, err := common.Clone()
		if err == nil {
			_, err = t.New(name).Parse(body)
		}
		if err != nil {
			errs.Append(templateError(fsys, err))
			continue
		}
		th.pages[kind] = t.Lookup("layouts/base.html")
	}
	return errs.Err()
}

func pairs(names []string, m map[string]string) [][2]string {
	out := make([][2]string, len(names))
	for i, n := range names {
		out[i] = [2]string{n, m[n]}
	}
	return out
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)?\s*(.*)$`)

// templateError turns "template: layouts/x.html:12: msg" into a diag error.
func templateError(fsys overlay, err error) error {
	msg := err.Error()
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		rest := m[4]
		// Execution errors repeat the template name: keep only where in it.
		if strings.HasPrefix(rest, "executing ") {
			if i := strings.Index(rest, " at <"); i >= 0 {
				rest = rest[i+1:]
			}
		}
		return diag.Errorf(diag.Pos{File: fsys.where(m[1]), Line: line, Col: col}, "template: %s", rest)
	}
	return diag.Errorf(diag.Pos{File: "theme " + fsys.name}, "template: %s", msg)
}

// Render executes the layout of kind with data.
func (th *Theme) Render(w io.Writer, kind string, data any) error {
	t := th.pages[kind]
	if t == nil {
		return fmt.Errorf("theme %s has no layout for page kind %q", th.Name, kind)
	}
	return th.execute(w, t, data)
}

// Fragment executes the partial template name (from layouts/partials/)
// with data, e.g. the content of a feed entry.
func (th *Theme) Fragment(w io.Writer, name string, data any) error {
	return th.Partial(w, "index", name, data)
}

// Partial executes the template name as the layout of kind sees it — a
// partial, or a block of base.html that the layout may redefine — with
// data.
func (th *Theme) Partial(w io.Writer, kind, name string, data any) error {
	var t *template.Template
	if page := th.pages[kind]; page != nil {
		t = page.Lookup(name)
	}
	if t == nil {
		return fmt.Errorf("theme %s has no template %q for page kind %q", th.Name, name, kind)
	}
	return th.execute(w, t, data)
}

// execute runs t into a buffer, so that a failed template leaves nothing
// behind; a caller that passes one gets the output written straight into
// it.
func (th *Theme) execute(w io.Writer, t *template.Template, data any) error {
	buf, direct := w.(*bytes.Buffer)
	if !direct {
		buf = new(bytes.Buffer)
	}
	start := buf.Len()
	if err := t.Execute(buf, data); err != nil {
		buf.Truncate(start)
		return templateError(th.files, err)
	}
	if direct {
		return nil
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// String returns the UI string key in the theme's language.
func (th *Theme) String(key string) (string, error) {
	s, ok := th.strings[key]
	if !ok {
		return "", fmt.Errorf("the theme has no string %q for language %s (expected it in i18n/%s.yaml)", key, th.Language, th.Language)
	}
	return s, nil
}

// URL returns the site-relative path p (e.g. "privacy/") as a path from the
// server root, with the site's base path in front.
func (th *Theme) URL(p string) string { return th.BasePath + strings.TrimPrefix(p, "/") }

// AbsURL returns p as an absolute URL.
func (th *Theme) AbsURL(p string) string { return th.BaseURL + strings.TrimPrefix(p, "/") }
