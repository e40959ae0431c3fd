// Package bench generates the benchmark corpus — N policies × V versions
// in policysite's content contract — and prepares the same Markdown as a
// Hugo site, so that both generators can be timed on identical input.
//
// The corpus is deterministic: every byte follows from the size and a
// fixed seed through math/rand/v2's PCG, with no map iteration and no
// clock. Generate writes manifest.json beside site.yaml with the counts
// and one SHA-256 over the corpus (see Sum).
//
// Each version has 2,000–4,500 words: numbered H2 sections with H3
// subsections, paragraphs, bullet and numbered lists, one table, links to
// headings of the same version and to external sites, jurisdiction
// sections (US-CA, EEA, GB, BR) that the front matter maps to their
// heading ids, and {{ entity.x }} placeholders. Each version differs from
// the one before by 2–5 small edits — a word changed, a sentence added, a
// list item added or removed, a table cell changed, now and then a section
// added — which its summary lists. The last version of every third policy
// is upcoming: announced before BenchDate, effective after it.
package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Version identifies the generator's output. Bump it whenever the corpus
// it writes changes, so that cached corpora are regenerated; the pinned
// hash in corpus_test.go fails until you do.
const Version = 1

// BenchDate is the build date the benchmark uses (--now): versions after
// it are upcoming.
const BenchDate = "2026-11-22"

// seed is the corpus seed; each policy draws from its own stream.
const seed = 0x706f6c6963797369

// ManifestFile is written at the top of a generated corpus; it is not part
// of the corpus or its hash.
const ManifestFile = "manifest.json"

// Size is a corpus size.
type Size struct {
	Name     string
	Policies int
	Versions int
}

// Pages is the number of version pages: Policies × Versions.
func (s Size) Pages() int { return s.Policies * s.Versions }

// Sizes are the benchmark sizes, smallest first.
var Sizes = []Size{
	{"S", 20, 5},
	{"M", 200, 10},
	{"L", 1000, 10},
}

// SizeNamed returns the size called name (S, M or L, any case).
func SizeNamed(name string) (Size, bool) {
	for _, s := range Sizes {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Size{}, false
}

// Manifest describes a generated corpus.
type Manifest struct {
	Generator int    `json:"generator"` // Version of the generator that wrote it
	Size      string `json:"size"`
	Policies  int    `json:"policies"`
	Versions  int    `json:"versions"` // per policy
	Pages     int    `json:"pages"`    // version files
	BenchDate string `json:"bench_date"`
	Upcoming  int    `json:"upcoming"` // versions effective after BenchDate
	Files     int    `json:"files"`    // every file of the corpus, site.yaml included
	Bytes     int64  `json:"bytes"`
	Words     int    `json:"words"` // Markdown body words over every version
	WordsMin  int    `json:"words_min"`
	WordsMax  int    `json:"words_max"`
	SHA256    string `json:"sha256"` // see Sum
}

// Matches reports whether m describes a current corpus of size s.
func (m Manifest) Matches(s Size) bool {
	return m.Generator == Version && m.Size == s.Name && m.Policies == s.Policies &&
		m.Versions == s.Versions && m.BenchDate == BenchDate && m.SHA256 != ""
}

// ReadManifest reads dir's manifest.json.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return m, nil
}

// Generate writes the corpus of size s into dir, which must not exist or
// be empty, and returns its manifest, which it also writes to dir.
func Generate(dir string, s Size) (Manifest, error) {
	if s.Policies < 1 || s.Versions < 1 {
		return Manifest{}, fmt.Errorf("size %s: want at least one policy and one version", s.Name)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return Manifest{}, fmt.Errorf("%s is not empty", dir)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		return Manifest{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), siteYAML(s), 0o644); err != nil {
		return Manifest{}, err
	}

	stats := make([]policyStats, s.Policies)
	errs := make([]error, s.Policies)
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				stats[i], errs[i] = writePolicy(dir, i, s.Versions)
			}
		})
	}
	for i := range s.Policies {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Manifest{}, err
	}

	m := Manifest{Generator: Version, Size: s.Name, Policies: s.Policies, Versions: s.Versions,
		Pages: s.Pages(), BenchDate: BenchDate, WordsMin: -1}
	for _, st := range stats {
		m.Upcoming += st.upcoming
		m.Words += st.words
		if m.WordsMin < 0 || st.min < m.WordsMin {
			m.WordsMin = st.min
		}
		m.WordsMax = max(m.WordsMax, st.max)
	}
	var err error
	if m.Files, m.Bytes, m.SHA256, err = Sum(dir); err != nil {
		return Manifest{}, err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	return m, os.WriteFile(filepath.Join(dir, ManifestFile), append(data, '\n'), 0o644)
}

// Sum hashes the corpus in dir: for every regular file but the manifest,
// in the order of their slash-separated relative paths, its path, a
// newline, its length in decimal, a newline and its bytes go into one
// SHA-256.
func Sum(dir string) (files int, size int64, sum string, err error) {
	var paths []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			if rel = filepath.ToSlash(rel); rel != ManifestFile {
				paths = append(paths, rel)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, "", err
	}
	slices.Sort(paths)
	h := sha256.New()
	for _, p := range paths {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return 0, 0, "", err
		}
		fmt.Fprintf(h, "%s\n%d\n", p, len(data))
		h.Write(data)
		size += int64(len(data))
	}
	return len(paths), size, hex.EncodeToString(h.Sum(nil)), nil
}

func siteYAML(s Size) []byte {
	return fmt.Appendf(nil, `# Benchmark corpus %s: %d policies × %d versions, written by bench (generator version %d).
title: Acme Cloud Legal Center
base_url: https://legal.acme.example/
language: en
theme: default
default_entity: acme
entities:
  acme:
    name: Acme Cloud, Inc.
    address: "100 Example Avenue, Suite 400, Denver, CO 80202, USA"
    email: privacy@acme.example
    phone: "+1 555 0199"
    dpo: dpo@acme.example
  acme-eu:
    name: Acme Cloud Europe B.V.
    address: "Herengracht 200, 1016 BS Amsterdam, Netherlands"
    email: privacy-eu@acme.example
    registration: "KvK 87654321"
`, s.Name, s.Policies, s.Versions, Version)
}

type policyStats struct {
	words, min, max, upcoming int
}

// writePolicy writes the versions of policy i into content/<slug>/.
func writePolicy(dir string, i, versions int) (policyStats, error) {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	k := kinds[i%len(kinds)]
	slug := fmt.Sprintf("%s-%04d", k.slug, i+1)
	title := fmt.Sprintf("%s (%s)", k.title, products[(i/len(kinds))%len(products)])
	entity := ""
	if i%5 == 4 {
		entity = "acme-eu"
	}
	pdir := filepath.Join(dir, "content", slug)
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		return policyStats{}, err
	}

	upcoming := i%3 == 0 && versions > 1
	dates := versionDates(rng, versions, upcoming)
	d := newDocument(rng)
	st := policyStats{min: -1}
	for v, dt := range dates {
		fm := frontMatter{title: title, effective: dt.effective, announced: dt.announced, entity: entity,
			jurisdictions: d.juris}
		if v == 0 {
			fm.summary = "First published version."
			fm.material = true
		} else {
			fm.summary, fm.material = d.edit()
		}
		var b bytes.Buffer
		fm.write(&b)
		bodyStart := b.Len()
		d.write(&b)
		words := countWords(b.Bytes()[bodyStart:])
		st.words += words
		if st.min < 0 || words < st.min {
			st.min = words
		}
		st.max = max(st.max, words)
		if dt.effective.After(benchDate) {
			st.upcoming++
		}
		name := filepath.Join(pdir, dt.effective.Format(time.DateOnly)+".md")
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return policyStats{}, err
		}
	}
	return st, nil
}

var benchDate, _ = time.Parse(time.DateOnly, BenchDate)

type versionDate struct{ effective, announced time.Time }

// versionDates spreads the versions' effective dates from 2018 to shortly
// before BenchDate; when upcoming, the last one is announced before
// BenchDate and takes effect after it. Half the versions are announced
// one to six weeks ahead.
func versionDates(rng *rand.Rand, versions int, upcoming bool) []versionDate {
	past := versions
	if upcoming {
		past--
	}
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(700))
	end := benchDate.AddDate(0, 0, -22)
	step := int(end.Sub(start).Hours()/24) / past
	var out []versionDate
	for v := range past {
		eff := start.AddDate(0, 0, v*step+rng.IntN(step/2+1))
		ann := eff
		if rng.IntN(2) == 0 {
			ann = eff.AddDate(0, 0, -7-rng.IntN(36))
		}
		out = append(out, versionDate{eff, ann})
	}
	if upcoming {
		out = append(out, versionDate{
			effective: benchDate.AddDate(0, 0, 9+rng.IntN(60)),
			announced: benchDate.AddDate(0, 0, -1-rng.IntN(20)),
		})
	}
	return out
}

type frontMatter struct {
	title, summary, entity string
	effective, announced   time.Time
	material               bool
	jurisdictions          []jurisdiction
}

func (f frontMatter) write(b *bytes.Buffer) {
	fmt.Fprintf(b, "---\ntitle: %s\neffective: %s\n", strconv.Quote(f.title), f.effective.Format(time.DateOnly))
	if !f.announced.Equal(f.effective) {
		fmt.Fprintf(b, "announced: %s\n", f.announced.Format(time.DateOnly))
	}
	if f.entity != "" {
		fmt.Fprintf(b, "entity: %s\n", f.entity)
	}
	fmt.Fprintf(b, "summary: %s\n", strconv.Quote(f.summary))
	if f.material {
		b.WriteString("material: true\n")
	}
	b.WriteString("numbering: true\njurisdictions:\n")
	for _, j := range f.jurisdictions {
		fmt.Fprintf(b, "  %s: %s\n", j.code, j.id)
	}
	b.WriteString("---\n\n")
}

// countWords counts the words of Markdown text: runs of non-space
// characters with at least one letter or digit, so that list markers and
// table rules do not count.
func countWords(text []byte) int {
	n := 0
	for _, f := range bytes.Fields(text) {
		if bytes.ContainsFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			n++
		}
	}
	return n
}
