// Command floor is issue 8's yardstick for what rendering the Markdown
// alone costs: a bare goldmark program that reads every version of a
// benchmark corpus, renders its body with goldmark's defaults and writes it
// as a page of its own, one page per version, on every core. No templates,
// no redlines, no feeds, no checks. Whatever a generator does with the
// same Markdown, it cannot take less than this.
//
//	go run ./bench/cmd/floor -s bench/.corpus/M -d /tmp/floor
//	go run ./bench/cmd/floor -s bench/.corpus/M -d /tmp/floor -minify
//
// With -minify each page also goes through the minifier policysite's
// build uses, with the same settings. make bench times both beside
// policysite and Hugo.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/policysite/policysite/generator/publish"
)

func main() {
	src := flag.String("s", "", "the corpus `folder` (with content/)")
	dest := flag.String("d", "", "the output `folder` (created)")
	minify := flag.Bool("minify", false, "minify every page as policysite's build does")
	flag.Parse()
	if *src == "" || *dest == "" {
		fmt.Fprintln(os.Stderr, "floor: which corpus and where to? (expected -s DIR -d DIR)")
		os.Exit(2)
	}
	n, err := run(*src, *dest, *minify)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("floor: %d pages\n", n)
}

// page is one version: its Markdown file and the page it becomes.
type page struct{ src, dest string }

func run(corpus, dest string, minify bool) (int, error) {
	content := filepath.Join(corpus, "content")
	var pages []page
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		rel, err := filepath.Rel(content, strings.TrimSuffix(p, ".md"))
		if err != nil {
			return err
		}
		pages = append(pages, page{p, filepath.Join(dest, rel, "index.html")})
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(pages) == 0 {
		return 0, fmt.Errorf("no Markdown under %s", content)
	}

	var mf *publish.Minifier
	if minify {
		mf = publish.NewMinifier()
	}
	work := make(chan page)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			md := goldmark.New()
			var html, min bytes.Buffer
			for p := range work {
				if errs[w] == nil {
					errs[w] = render(md, mf, &html, &min, p)
				}
			}
		})
	}
	for _, p := range pages {
		work <- p
	}
	close(work)
	wg.Wait()
	return len(pages), errors.Join(errs...)
}

func render(md goldmark.Markdown, mf *publish.Minifier, html, min *bytes.Buffer, p page) error {
	src, err := os.ReadFile(p.src)
	if err != nil {
		return err
	}
	html.Reset()
	html.WriteString("<!doctype html>\n<html lang=en>\n<meta charset=utf-8>\n<title>policy</title>\n<main>\n")
	if err := md.Convert(body(src), html); err != nil {
		return fmt.Errorf("%s: %w", p.src, err)
	}
	html.WriteString("</main>\n")
	out := html.Bytes()
	if mf != nil {
		if out, err = mf.Minify(min, p.dest, out); err != nil {
			return fmt.Errorf("%s: %w", p.src, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(p.dest), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p.dest, out, 0o644)
}

// body is src without its front matter.
func body(src []byte) []byte {
	const fence = "---\n"
	if !bytes.HasPrefix(src, []byte(fence)) {
		return src
	}
	if end := bytes.Index(src[len(fence):], []byte("\n"+fence)); end >= 0 {
		return src[len(fence)+end+len("\n"+fence):]
	}
	return src
}
