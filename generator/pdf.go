package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/pdf"
	"github.com/policysite/policysite/generator/render"
	"github.com/policysite/policysite/generator/theme"
)

// PDFOptions describe one run of "policysite pdf".
type PDFOptions struct {
	Options            // the site, destination (default <site>/public) and build date
	Chromium string    // the browser; empty: pdf.Find's search
	Paper    pdf.Paper // default A4
	Getenv   func(string) string
}

// PDFFile is one PDF that PDF wrote.
type PDFFile struct {
	Policy    string     // slug
	Lang      string     // the language of the text printed
	Effective model.Date // of the version printed
	Path      string     // where it was written
	Size      int
}

// PDF writes <dest>/<slug>/<slug>-<effective>.pdf for every published
// policy: the print view of the version its page shows (the one in force,
// or the first upcoming one before any takes effect). A site in several
// languages also gets <dest>/<lang>/<slug>/<slug>-<effective>.pdf for each
// translation of that version. It renders the site in memory, serves it
// on 127.0.0.1 and prints each print view with a headless Chromium, with
// a running header (entity · title · effective date) and a "page X of Y"
// footer.
func PDF(ctx context.Context, opts PDFOptions) ([]PDFFile, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	chromium, err := pdf.Find(opts.Chromium, getenv)
	if err != nil {
		return nil, err
	}
	site, err := LoadDir(opts.Options)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	err = site.Render(opts.Now, func(p string, data []byte) error {
		files[p] = bytes.Clone(data)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: servePages(files, site.Theme.BasePath), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	origin := "http://" + ln.Addr().String()

	browser, err := pdf.Launch(ctx, chromium)
	if err != nil {
		return nil, err
	}
	defer browser.Close()

	dest := opts.Dest
	if dest == "" {
		dest = filepath.Join(opts.SiteDir, "public")
	}
	var written []PDFFile
	for _, lang := range site.Model.Languages {
		th := site.Themes[lang]
		if th == nil {
			th = site.Theme
		}
		prefix := render.LangPrefix(site.Model, lang)
		for _, p := range site.Model.Policies {
			v := p.Primary(opts.Now)
			if v == nil {
				continue
			}
			text := v.In(lang)
			if text == nil {
				if lang != site.Model.Language {
					continue // no translation: the original's PDF serves
				}
				text = v
			}
			header, footer, err := site.pdfTemplates(th, text, prefix+p.Slug+"/"+v.Effective.String()+"/")
			if err != nil {
				return written, err
			}
			url := origin + th.URL(render.PrintPath(prefix+p.Slug+"/"))
			data, err := browser.Print(ctx, url, pdf.Options{Paper: opts.Paper, Header: header, Footer: footer})
			if err != nil {
				return written, fmt.Errorf("%s: %w", prefix+p.Slug, err)
			}
			file := filepath.Join(dest, filepath.FromSlash(prefix), p.Slug, p.Slug+"-"+v.Effective.String()+".pdf")
			if err := writeFileAtomic(file, data); err != nil {
				return written, err
			}
			written = append(written, PDFFile{Policy: p.Slug, Lang: lang, Effective: v.Effective, Path: file, Size: len(data)})
		}
	}
	return written, nil
}

// pdfTemplates returns Chromium's header and footer for the text v of a
// version, in th's language: the entity on the left and "title ·
// effective date" on the right at the top; the version's URL
// (versionPath) and "Page X of Y" at the bottom.
func (s *Site) pdfTemplates(th *theme.Theme, v *model.Version, versionPath string) (header, footer string, err error) {
	date, err := th.Date(v.Effective)
	if err != nil {
		return "", "", err
	}
	entity := v.Entity
	if entity == nil {
		entity = s.Model.Entities[s.Model.DefaultEntity]
	}
	name := ""
	if entity != nil {
		name = entity.Name
	}
	page, of := "Page", "of"
	if t, err := th.String("print_page"); err == nil {
		page = t
	}
	if t, err := th.String("print_of"); err == nil {
		of = t
	}
	const style = `font-family:'Liberation Serif',Georgia,'Times New Roman',serif;font-size:8pt;color:#333;width:100%;padding:0 0.75in;display:flex;justify-content:space-between;gap:2em;box-sizing:border-box;-webkit-print-color-adjust:exact`
	e := html.EscapeString
	open := `<div dir="` + render.Direction(th.Language) + `" lang="` + e(th.Language) + `" style="` + style + `">`
	header = open + `<span>` + e(name) + `</span><span>` + e(v.Title) + ` · ` + e(date) + `</span></div>`
	footer = open + `<span>` + e(th.AbsURL(versionPath)) + `</span>` +
		`<span>` + e(page) + ` <span class="pageNumber"></span> ` + e(of) + ` <span class="totalPages"></span></span></div>`
	return header, footer, nil
}

// servePages serves rendered files from memory under basePath, the way a
// static host serves public/: "x/" is x/index.html.
func servePages(files map[string][]byte, basePath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, basePath)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, ok := files[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(data)
	})
}

// writeFileAtomic writes data to name through a temporary file, so that a
// failed run never leaves half a PDF behind.
func writeFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".pdf-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
