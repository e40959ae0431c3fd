// Package linkcheck finds broken internal links and anchors in a rendered
// site: every href and src that points into the site must name a file
// the build produced, and every #fragment an id on the target page.
// External links are collected, not fetched.
package linkcheck

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Site accumulates the pages of one build.
type Site struct {
	baseURL  string                     // absolute, ends in "/"
	basePath string                     // "/" or "/legal/"
	files    map[string]bool            // output paths
	ids      map[string]map[string]bool // page path → ids on it
	links    []link
	external map[string][]string // URL → pages linking to it
}

type link struct {
	from, target string
}

// Broken is one link that leads nowhere.
type Broken struct {
	Page   string // output path of the page holding the link
	Target string // the link as written
	Reason string
}

func (b Broken) String() string {
	return fmt.Sprintf("%s: broken link %s (%s)", b.Page, b.Target, b.Reason)
}

// New starts a check of a site deployed at baseURL (absolute, ending in
// "/"); absolute links under it count as internal.
func New(baseURL string) *Site {
	basePath := "/"
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		basePath = u.Path
	}
	if !strings.HasSuffix(basePath, "/") {
		basePath += "/"
	}
	return &Site{baseURL: baseURL, basePath: basePath, files: map[string]bool{}, ids: map[string]map[string]bool{}, external: map[string][]string{}}
}

// Add records one output file; HTML files are scanned for ids and links.
func (s *Site) Add(name string, data []byte) {
	s.files[name] = true
	if path.Ext(name) != ".html" {
		return
	}
	ids := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tag, hasAttr := z.TagName()
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch string(k) {
			case "id":
				ids[string(v)] = true
			case "href", "src":
				if string(tag) == "link" && string(k) == "href" || string(tag) != "link" {
					s.links = append(s.links, link{from: name, target: string(v)})
				}
			}
		}
	}
	s.ids[name] = ids
}

// Broken returns the broken internal links, sorted.
func (s *Site) Broken() []Broken {
	var out []Broken
	for _, l := range s.links {
		target := l.target
		if s.baseURL != "" && strings.HasPrefix(target, s.baseURL) {
			target = s.basePath + strings.TrimPrefix(target, s.baseURL)
		}
		u, err := url.Parse(target)
		if err != nil {
			out = append(out, Broken{l.from, l.target, "not a valid URL"})
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			if u.Scheme == "http" || u.Scheme == "https" {
				s.external[l.target] = append(s.external[l.target], l.from)
			}
			continue
		}
		target = l.from
		if u.Path != "" {
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join(path.Dir("/"+l.from), p)
				if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
					p += "/"
				}
			} else if rest, ok := strings.CutPrefix(p, s.basePath); ok {
				p = "/" + rest
			} else {
				out = append(out, Broken{l.from, l.target, "outside the site's base path " + s.basePath})
				continue
			}
			target = strings.TrimPrefix(p, "/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if !s.files[target] {
				out = append(out, Broken{l.from, l.target, "no such file " + target})
				continue
			}
		}
		if u.Fragment != "" && path.Ext(target) == ".html" && !s.ids[target][u.Fragment] {
			out = append(out, Broken{l.from, l.target, fmt.Sprintf("no id %q on %s", u.Fragment, target)})
		}
	}
	slices.SortFunc(out, func(a, b Broken) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out)
}

// External returns the external URLs linked from the site, sorted.
func (s *Site) External() []string {
	s.Broken() // fills external
	urls := make([]string, 0, len(s.external))
	for u := range s.external {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	return urls
}
