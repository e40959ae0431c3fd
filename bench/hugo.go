package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// PrepareHugo makes hugoDir a Hugo site over the corpus in corpusDir: the
// same Markdown files as content/<policy>/<version>.md (hard-linked, or
// copied where links are impossible), a config with the corpus's title and
// base URL, and minimal layouts — one page per version rendering its
// title and content, a home page listing every version, and Hugo's
// built-in RSS feed for the home page. Taxonomies, section lists, the
// sitemap, robots.txt and 404 page are disabled, so Hugo writes one HTML
// file per version plus index.html and index.xml.
//
// Hugo ignores the front-matter keys it does not know (effective,
// jurisdictions, …), and the {{ entity.x }} placeholders are plain text to
// it.
func PrepareHugo(corpusDir, hugoDir string) error {
	if entries, err := os.ReadDir(hugoDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", hugoDir)
	}
	site, err := os.ReadFile(filepath.Join(corpusDir, "site.yaml"))
	if err != nil {
		return err
	}
	title, baseURL := yamlValue(site, "title"), yamlValue(site, "base_url")
	files := map[string]string{
		"config.toml":                  fmt.Sprintf(hugoConfig, strconv.Quote(baseURL), strconv.Quote(title)),
		"layouts/_default/single.html": hugoSingle,
		"layouts/index.html":           hugoIndex,
	}
	for _, name := range []string{"config.toml", "layouts/_default/single.html", "layouts/index.html"} {
		p := filepath.Join(hugoDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			return err
		}
	}
	src := filepath.Join(corpusDir, "content")
	dst := filepath.Join(hugoDir, "content")
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if os.Link(p, target) == nil {
			return nil
		}
		return copyFile(p, target)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// yamlValue returns the value of a top-level "key: value" line.
func yamlValue(yaml []byte, key string) string {
	sc := bufio.NewScanner(bytes.NewReader(yaml))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			v = strings.TrimSpace(v)
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			}
			return v
		}
	}
	return ""
}

const hugoConfig = `# Hugo site over the policysite benchmark corpus; written by bench.PrepareHugo.
baseURL = %s
title = %s
languageCode = "en"
disableKinds = ["taxonomy", "term", "section", "sitemap", "robotsTXT", "404"]

[outputs]
  home = ["HTML", "RSS"]
  page = ["HTML"]
`

const hugoSingle = `<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
</head>
<body>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
</main>
</body>
</html>
`

const hugoIndex = `<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ $.Site.Title }}">{{ end }}
</head>
<body>
<main>
<h1>{{ .Site.Title }}</h1>
<ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .File.BaseFileName }})</li>
{{ end }}</ul>
</main>
</body>
</html>
`
