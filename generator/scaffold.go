package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/content"
	"github.com/policysite/policysite/generator/meta"
	"github.com/policysite/policysite/generator/model"
)

// InitOptions fill in a new site.
type InitOptions struct {
	Title   string
	BaseURL string
	Entity  string // legal name of the publishing company
	Today   model.Date
}

// gitignored are the .gitignore lines for what a build writes into the
// site folder: public/, and beside it the record of the last build and
// the lock and temporary folders of a running one (.public.cache.json,
// .public.lock, .public.tmp-…).
var gitignored = []string{"/public/", "/.public.*"}

// Init creates a new site in dir that builds at once: site.yaml, a privacy
// policy in force today and a .gitignore for the output; an existing
// .gitignore (a site added to a repository) gets the lines it lacks. It
// refuses to overwrite any file, and checks them all before it writes
// one. It returns lines describing what it did.
func Init(dir string, opts InitOptions) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, config.File)); err == nil {
		return nil, fmt.Errorf("%s already has a site.yaml; refusing to overwrite it", dir)
	}
	base, err := config.BaseURL(opts.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("--base-url: %w", err)
	}
	files := []struct{ name, text string }{
		{config.File, fmt.Sprintf(`# policysite site configuration. Unknown keys are errors.
title: %s
base_url: %s
language: en
theme: default
default_entity: company
entities:
  company:
    name: %s
    email: privacy@example.com
    # address: "1 Example Street, Example City"
    # phone, dpo, representative and registration are optional too.
`, yamlString(opts.Title), base, yamlString(opts.Entity))},
		{"content/privacy/" + opts.Today.String() + ".md", fmt.Sprintf(`---
title: Privacy Policy
effective: %s
summary: First published version.
numbering: true
---

{{ entity.name }} ("we") explains here what personal information we collect, why, and the choices you have.

## Information we collect

We collect the information you give us when you create an account, and information about how you use our services.

## How we use information

We use information to provide and improve our services, and to keep them secure.

## Contact us

Write to {{ entity.email }} with any question about this policy.
`, opts.Today)},
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if _, err := os.Lstat(p); err == nil {
			return nil, fmt.Errorf("%s already exists; refusing to overwrite it", p)
		}
	}
	var done []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return done, err
		}
		if err := writeNew(p, []byte(f.text)); err != nil {
			return done, err
		}
		done = append(done, "created "+p)
	}
	line, err := addToGitignore(filepath.Join(dir, ".gitignore"), gitignored)
	if line != "" {
		done = append(done, line)
	}
	return done, err
}

// addToGitignore appends to the .gitignore at name the lines it lacks,
// creating it when there is none, and describes what it did ("" for
// nothing).
func addToGitignore(name string, lines []string) (string, error) {
	old, err := os.ReadFile(name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	have := map[string]bool{}
	for line := range strings.Lines(string(old)) {
		have[strings.TrimSpace(line)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	switch {
	case len(add) == 0:
		return "", nil
	case old == nil:
		return "created " + name, writeNew(name, []byte(strings.Join(add, "\n")+"\n"))
	}
	text := strings.Join(add, "\n") + "\n"
	if len(old) > 0 && old[len(old)-1] != '\n' {
		text = "\n" + text
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return "", err
	}
	return fmt.Sprintf("updated %s (added %s)", name, strings.Join(add, ", ")), f.Close()
}

func yamlString(s string) string {
	if s == "" || strings.ContainsAny(s, ":#{}[],&*?|<>=!%@`'\"\n") || strings.TrimSpace(s) != s {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// writeNew writes a file that must not exist yet.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; refusing to overwrite it", name)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// NewOptions describe a new policy or version.
type NewOptions struct {
	Effective model.Date
	Title     string // for a new policy
}

// New starts policy slug in the site at dir: a new policy when there is
// none, otherwise a new version whose text is the latest version's. A
// single-file policy is first moved into a folder of its own. It returns
// lines describing what it did.
func New(dir, slug string, opts NewOptions) ([]string, error) {
	if !content.ValidSlug(slug) {
		return nil, fmt.Errorf("%q is not a policy name (expected lowercase letters, digits and -, e.g. cookie-policy)", slug)
	}
	if _, err := os.Stat(filepath.Join(dir, config.File)); err != nil {
		return nil, fmt.Errorf("%s is not a site (no site.yaml); create one with: policysite init %s", dir, dir)
	}
	contentDir := filepath.Join(dir, content.Dir)
	folder := filepath.Join(contentDir, slug)
	single := folder + ".md"
	target := filepath.Join(folder, opts.Effective.String()+".md")
	var log []string

	if _, err := os.Stat(single); err == nil {
		// Move the single version into a folder named by its date, and its
		// translations (terms.de.md) with it.
		src, err := os.ReadFile(single)
		if err != nil {
			return nil, err
		}
		eff, err := effectiveOf(single, src)
		if err != nil {
			return nil, err
		}
		moves := [][2]string{{single, filepath.Join(folder, eff+".md")}}
		entries, err := os.ReadDir(contentDir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if base, lang, ok := content.SplitTranslation(e.Name()); ok && base == slug && !e.IsDir() {
				moves = append(moves, [2]string{filepath.Join(contentDir, e.Name()), filepath.Join(folder, eff+"."+lang+".md")})
			}
		}
		for _, m := range moves {
			if _, err := os.Lstat(m[1]); err == nil {
				return nil, fmt.Errorf("cannot move %s to %s, which exists; refusing to overwrite it", m[0], m[1])
			}
		}
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return nil, err
		}
		for _, m := range moves {
			if err := os.Rename(m[0], m[1]); err != nil {
				return log, err
			}
			log = append(log, fmt.Sprintf("moved %s to %s", m[0], m[1]))
		}
	}

	latest, latestSrc, err := latestVersion(folder)
	if err != nil {
		return log, err
	}
	if latest == "" {
		title := opts.Title
		if title == "" {
			title = titleFromSlug(slug)
		}
		text := fmt.Sprintf("---\ntitle: %s\neffective: %s\nsummary: First published version.\n---\n\n## Introduction\n\nWrite the policy here.\n", yamlString(title), opts.Effective)
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return log, err
		}
		if err := writeNew(target, []byte(text)); err != nil {
			return log, err
		}
		return append(log, "created "+target), nil
	}
	fm, err := content.SplitFrontMatter(latest, meta.Normalize(latestSrc))
	if err != nil {
		return log, err
	}
	if fm.TOML {
		return log, fmt.Errorf("%s uses TOML front matter; copy it by hand to %s", latest, target)
	}
	header := rewriteFrontMatter(string(fm.Meta), opts.Effective)
	text := "---\n" + header + "---\n" + string(fm.Body)
	if err := writeNew(target, []byte(text)); err != nil {
		return log, err
	}
	return append(log,
		fmt.Sprintf("created %s from %s", target, latest),
		"edit the text, then set summary: (what changed) and material: (true for a material change)"), nil
}

// rewriteFrontMatter keeps the latest version's keys but sets the new
// date and clears what belongs to the old version only.
func rewriteFrontMatter(header string, effective model.Date) string {
	var out strings.Builder
	skipping := false
	for _, line := range strings.SplitAfter(header, "\n") {
		if line == "" {
			continue
		}
		indented := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		if skipping && indented {
			continue
		}
		skipping = false
		key, _, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(key) {
		case "effective":
			fmt.Fprintf(&out, "effective: %s\n", effective)
		case "announced", "summary", "material", "aliases", "draft":
			skipping = true
		default:
			out.WriteString(line)
		}
	}
	fmt.Fprintf(&out, "summary: \"\" # what changed, in a sentence or two\nmaterial: false\n")
	return out.String()
}

func latestVersion(folder string) (string, []byte, error) {
	entries, err := os.ReadDir(folder)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	var best, bestDate string
	var bestSrc []byte
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".md" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, _, translation := content.SplitTranslation(e.Name()); translation {
			continue // a new version starts from the source text
		}
		p := filepath.Join(folder, e.Name())
		src, err := os.ReadFile(p)
		if err != nil {
			return "", nil, err
		}
		eff, err := effectiveOf(p, src)
		if err != nil {
			return "", nil, err
		}
		if eff > bestDate {
			best, bestDate, bestSrc = p, eff, src
		}
	}
	return best, bestSrc, nil
}

func effectiveOf(name string, src []byte) (string, error) {
	fm, err := content.SplitFrontMatter(name, meta.Normalize(src))
	if err != nil {
		return "", err
	}
	parse := meta.YAML
	if fm.TOML {
		parse = meta.TOML
	}
	m, err := parse(name, fm.Meta, 1)
	if err != nil {
		return "", err
	}
	f := m.Get("effective")
	if f == nil {
		return "", fmt.Errorf("%s: missing effective date", name)
	}
	s, err := f.String()
	if err != nil {
		return "", err
	}
	if _, err := model.ParseDate(s); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

func titleFromSlug(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return string(bytes.TrimSpace([]byte(strings.Join(words, " "))))
}
