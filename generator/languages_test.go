package generator

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLanguages builds the example site (English, German, Arabic) and
// checks what readers of each language get.
func TestLanguages(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: "..", Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const base = "https://legal.tern.example/"
	hreflang := regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"`)
	pages := 0
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		html := read(rel)
		if strings.Contains(html, `name="robots" content="noindex"`) {
			return nil
		}
		pages++
		// <html lang dir> by the language folder.
		lang, dir := "en", "ltr"
		switch {
		case strings.HasPrefix(rel, "de/"):
			lang = "de"
		case strings.HasPrefix(rel, "ar/"):
			lang, dir = "ar", "rtl"
		}
		if want := `<html lang="` + lang + `" dir="` + dir + `">`; !strings.Contains(html, want) {
			t.Errorf("%s lacks %s", rel, want)
		}
		// hreflang: every language plus x-default, each pointing at a page
		// that points back.
		alts := map[string]string{}
		for _, m := range hreflang.FindAllStringSubmatch(html, -1) {
			alts[m[1]] = m[2]
		}
		for _, l := range []string{"en", "de", "ar", "x-default"} {
			href, ok := alts[l]
			if !ok {
				t.Errorf("%s has no hreflang %s", rel, l)
				continue
			}
			target := strings.TrimPrefix(href, base)
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			back, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(target)))
			if err != nil {
				t.Errorf("%s: hreflang %s → %s does not exist", rel, l, href)
				continue
			}
			self := base + strings.TrimSuffix(rel, "index.html")
			if !strings.Contains(string(back), `hreflang="`+lang+`" href="`+self+`"`) {
				t.Errorf("%s → %s (%s) does not link back to %s", rel, href, l, self)
			}
		}
		if alts["x-default"] != alts["en"] {
			t.Errorf("%s: x-default %s is not the English page %s", rel, alts["x-default"], alts["en"])
		}
		// The language switcher keeps the reader on the same page.
		if !strings.Contains(html, `class="lang-switch"`) {
			t.Errorf("%s has no language switcher", rel)
		}
		return nil
	})
	if pages < 60 {
		t.Errorf("only %d pages checked", pages)
	}

	// German: translated text, German dates, German UI.
	de := read("de/privacy/index.html")
	for _, want := range []string{"Datenschutzerklärung", "1. Juni 2025", `href="/de/privacy/history/"`, "Ihre Datenschutzrechte in Kalifornien"} {
		if !strings.Contains(de, want) {
			t.Errorf("de/privacy/ lacks %q", want)
		}
	}
	// No German text for the first version: the English text, marked as
	// such, with a notice.
	old := read("de/privacy/2024-03-01/index.html")
	if !strings.Contains(old, `class="notice notice-language"`) || !strings.Contains(old, `<div class="policy-body" lang="en" dir="ltr">`) {
		t.Error("de/privacy/2024-03-01/ falls back without a notice or without lang=en on the text")
	}
	// A translation says which text is binding and links to it.
	if !strings.Contains(de, `hreflang="en" lang="en">English</a>`) {
		t.Error("de/privacy/ does not link the authoritative English text")
	}
	// Arabic: right to left, Arabic text.
	ar := read("ar/privacy/index.html")
	if !strings.Contains(ar, `dir="rtl"`) || !strings.Contains(ar, "سياسة الخصوصية") {
		t.Error("ar/privacy/ is not the Arabic text, right to left")
	}
	// Feeds per language, in that language.
	feeds := parseFeeds(t, dest, base)
	deFeed := feeds["de/privacy/atom.xml"]
	if deFeed == nil || len(deFeed.Items) != 3 || !strings.Contains(deFeed.Items[1].Title, "1. Juni 2025") || deFeed.Language != "de" {
		t.Errorf("German privacy feed: %+v", deFeed)
	}
	// The sitemap lists alternates.
	if sm := read("sitemap.xml"); !strings.Contains(sm, `hreflang="de" href="https://legal.tern.example/de/privacy/"`) {
		t.Error("sitemap.xml lacks hreflang alternates")
	}
}

// TestTranslationChecks: a translation without a source is an error; one
// made from an earlier text of its source is a warning of check.
func TestTranslationChecks(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../content", filepath.Join(dir, "content"))
	copyTree(t, "../site.yaml", filepath.Join(dir, "site.yaml"))
	src := filepath.Join(dir, "content", "privacy", "2025-06-01.md")
	data, _ := os.ReadFile(src)
	os.WriteFile(src, append(data, []byte("\nOne more sentence.\n")...), 0o644)
	res, err := Check(context.Background(), Options{SiteDir: dir, Now: exampleNow})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		"content/privacy/2025-06-01.de.md: translation is older than its source",
		"content/privacy/2025-06-01.ar.md: translation is older than its source",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
	// build says so too, also when it has nothing to write.
	dest := filepath.Join(t.TempDir(), "public")
	for range 2 {
		sum, err := Build(context.Background(), Options{SiteDir: dir, Dest: dest, Now: exampleNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Warnings) != len(res.Warnings) {
			t.Errorf("build gave %d warnings (%s), check %d", len(sum.Warnings), sum, len(res.Warnings))
		}
	}
	os.WriteFile(filepath.Join(dir, "content", "privacy", "2023-01-01.de.md"), []byte("---\ntitle: Alt\n---\n\nText.\n"), 0o644)
	_, err = Check(context.Background(), Options{SiteDir: dir, Now: exampleNow})
	if err == nil || !strings.Contains(err.Error(), "content/privacy/2023-01-01.de.md:1:1: translation has no source version") {
		t.Errorf("orphan translation: %v", err)
	}
}
