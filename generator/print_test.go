package generator

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policysite/policysite/generator/model"
	"github.com/policysite/policysite/generator/pdf"
)

// TestPrintView checks the print view of every example policy: the
// primary version as a document without navigation, kept out of search
// engines and pointing at the policy page, linked from the policy page.
func TestPrintView(t *testing.T) {
	for _, name := range []string{"default", "document"} {
		t.Run(name, func(t *testing.T) {
			dir := exampleWithTheme(t, name)
			site, err := Load(os.DirFS(dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			out := renderAll(t, dir, exampleNow)
			for _, p := range site.Model.Policies {
				v := p.Primary(exampleNow)
				page := string(out[p.Slug+"/print/index.html"])
				if page == "" {
					t.Errorf("no print view for %s", p.Slug)
					continue
				}
				date, _ := site.Theme.Date(v.Effective)
				wants := []string{
					`<meta name="robots" content="noindex">`,
					`<link rel="canonical" href="https://legal.tern.example/` + p.Slug + `/">`,
					`<h1 id="ps-title">` + v.Title + `</h1>`,
					`<time datetime="` + v.Effective.String() + `">` + date + `</time>`,
					`<a href="https://legal.tern.example/` + p.Slug + `/` + v.Effective.String() + `/">`,
					v.Entity.Name,
					`<main id="main"`,
					`class="skip-link"`,
				}
				for _, h := range v.Doc.Headings {
					wants = append(wants, `<a href="#`+h.ID+`">`, `id="`+h.ID+`"`)
				}
				for _, want := range wants {
					if !strings.Contains(page, want) {
						t.Errorf("%s/print/ lacks %s", p.Slug, want)
					}
				}
				for _, chrome := range []string{`aria-label="Policies"`, `aria-label="About this site"`, `class="subscribe"`} {
					if strings.Contains(page, chrome) {
						t.Errorf("%s/print/ has navigation chrome %s", p.Slug, chrome)
					}
				}
				if !strings.Contains(string(out[p.Slug+"/index.html"]), `<a href="/`+p.Slug+`/print/">Print / PDF</a>`) {
					t.Errorf("%s/ does not link to its print view", p.Slug)
				}
			}
			if strings.Contains(string(out["sitemap.xml"]), "/print/") {
				t.Error("sitemap.xml lists a print view")
			}
		})
	}
}

// pdfText runs pdftotext on file. With body set, it leaves out the top
// and bottom 48 points of each page, where the running header and the
// footer are, so that a paragraph broken across pages reads whole.
func pdfText(t *testing.T, file string, body bool) string {
	t.Helper()
	args := []string{"-enc", "UTF-8"}
	if body {
		info, err := exec.Command("pdfinfo", file).Output()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v", file, err)
		}
		m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo %s: no page size in\n%s", file, info)
		}
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		args = append(args, "-x", "0", "-y", "48", "-W", strconv.Itoa(int(w)+1), "-H", strconv.Itoa(int(h)-96))
	}
	out, err := exec.Command("pdftotext", append(args, file, "-")...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("pdftotext %s: %v\n%s", file, err, ee.Stderr)
		}
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return normalizeText(string(out))
}

// normalizeText collapses white space and folds typographic quotes and
// ligatures, so that text from a PDF compares with text from the model.
func normalizeText(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "\u00a0", " ", "\u00ad", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (Debian package %s; make deps installs it)", name, pkg)
	}
}

// lastParagraph is the text of the last paragraph of v.
func lastParagraph(v *model.Version) string {
	for i := len(v.Doc.Blocks()) - 1; i >= 0; i-- {
		if b := v.Doc.Blocks()[i]; b.Kind == model.BlockParagraph && strings.TrimSpace(b.Text) != "" {
			return normalizeText(b.Text)
		}
	}
	return ""
}

// TestPDFChromium prints every example policy, in both themes, with
// "policysite pdf"'s code and the machine's Chromium, and reads the PDFs
// back with pdftotext.
func TestPDFChromium(t *testing.T) {
	chromium, err := pdf.Find("", os.Getenv)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but there is no Chromium: %v", err)
		}
		t.Skip(err)
	}
	needTool(t, "pdftotext", "poppler-utils")
	needTool(t, "pdfinfo", "poppler-utils")
	for _, name := range []string{"default", "document"} {
		t.Run(name, func(t *testing.T) {
			dir := exampleWithTheme(t, name)
			dest := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			files, err := PDF(ctx, PDFOptions{Options: Options{SiteDir: dir, Dest: dest, Now: exampleNow}, Chromium: chromium, Paper: pdf.A4})
			if err != nil {
				t.Fatal(err)
			}
			site, err := Load(os.DirFS(dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			perLang := map[string]int{}
			for _, f := range files {
				perLang[f.Lang]++
				if data, err := os.ReadFile(f.Path); err != nil || !strings.HasPrefix(string(data), "%PDF-") {
					t.Errorf("%s: not a PDF (%v)", f.Path, err)
				}
			}
			if n := perLang[site.Model.Language]; n != len(site.Model.Policies) {
				t.Errorf("wrote %d PDFs in %s, want one for each of the %d policies", n, site.Model.Language, len(site.Model.Policies))
			}
			for _, lang := range site.Model.Languages[1:] {
				want := 0
				for _, p := range site.Model.Policies {
					if v := p.Primary(exampleNow); v != nil && v.In(lang) != nil {
						want++
					}
				}
				if perLang[lang] != want {
					t.Errorf("wrote %d PDFs in %s, want %d (one per translated version)", perLang[lang], lang, want)
				}
			}
			for _, p := range site.Model.Policies {
				v := p.Primary(exampleNow)
				file := filepath.Join(dest, p.Slug, p.Slug+"-"+v.Effective.String()+".pdf")
				if _, err := os.Stat(file); err != nil {
					t.Errorf("%s: %v", p.Slug, err)
					continue
				}
				full, body := pdfText(t, file, false), pdfText(t, file, true)
				date, _ := site.Theme.Date(v.Effective)
				checkPDFText(t, file, full, body, v, date)
				if !regexp.MustCompile(`Page 1 of \d+`).MatchString(full) {
					t.Errorf("%s: no \"Page 1 of N\" footer in\n%s", file, full)
				}
				if header := v.Title + " · " + date; !strings.Contains(full, header) {
					t.Errorf("%s: no running header %q", file, header)
				}
			}
		})
	}
}

// checkPDFText asserts that the text of a printed version has its title,
// effective date, entity, every heading and its last paragraph.
func checkPDFText(t *testing.T, file, full, body string, v *model.Version, date string) {
	t.Helper()
	wants := []string{v.Title, date, v.Entity.Name, lastParagraph(v)}
	for _, h := range v.Doc.Headings {
		wants = append(wants, normalizeText(h.Text))
	}
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("%s: the text lacks %q\n--- text:\n%s", file, want, body)
		}
	}
}

// TestPrintViewWeasyPrint renders each print view with WeasyPrint, a CSS
// Paged Media renderer, and checks that nothing is lost and that the
// running header, "Page X of Y" and the table of contents' page numbers
// (target-counter) are there.
func TestPrintViewWeasyPrint(t *testing.T) {
	needTool(t, "weasyprint", "weasyprint")
	needTool(t, "pdftotext", "poppler-utils")
	needTool(t, "pdfinfo", "poppler-utils")
	for _, name := range []string{"default", "document"} {
		t.Run(name, func(t *testing.T) {
			dir := exampleWithTheme(t, name)
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: exampleNow}); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
			t.Cleanup(srv.Close)
			site, err := Load(os.DirFS(dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range site.Model.Policies {
				// WeasyPrint is slow to start; print the policies side by side.
				t.Run(p.Slug, func(t *testing.T) {
					t.Parallel()
					v := p.Primary(exampleNow)
					file := filepath.Join(t.TempDir(), p.Slug+".pdf")
					ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
					out, err := exec.CommandContext(ctx, "weasyprint", "--quiet", srv.URL+"/"+p.Slug+"/print/", file).CombinedOutput()
					cancel()
					if err != nil {
						t.Fatalf("weasyprint %s: %v\n%s", p.Slug, err, out)
					}
					full, body := pdfText(t, file, false), pdfText(t, file, true)
					date, _ := site.Theme.Date(v.Effective)
					checkPDFText(t, file, full, body, v, date)
					if !regexp.MustCompile(`Page 1 of \d+`).MatchString(full) {
						t.Errorf("%s: no \"Page 1 of N\" footer in\n%s", p.Slug, full)
					}
					if header := v.Title + " · " + date; !strings.Contains(full, header) {
						t.Errorf("%s: no running header %q", p.Slug, header)
					}
					first := normalizeText(v.Doc.Headings[0].Text)
					if !regexp.MustCompile(regexp.QuoteMeta(first) + ` ?\.{3,} ?\d+`).MatchString(body) {
						t.Errorf("%s: the table of contents shows no page number for %q", p.Slug, first)
					}
				})
			}
		})
	}
}
