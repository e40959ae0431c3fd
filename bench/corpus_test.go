package bench

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policysite/policysite/generator"
	"github.com/policysite/policysite/generator/model"
)

// pinnedS is the SHA-256 of the S corpus. When a change to the generator
// changes it, bump Version (so cached corpora are regenerated) and update
// this hash.
const (
	pinnedVersion = 1
	pinnedS       = "7edefa166cd4560da3ab7e9b1f5774013ef85cc69ac44efc3d889ca5ddd6ffab"
)

func generateS(t *testing.T) (string, Manifest) {
	t.Helper()
	s, _ := SizeNamed("S")
	dir := filepath.Join(t.TempDir(), "S")
	m, err := Generate(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

func TestGenerateIsDeterministic(t *testing.T) {
	dir1, m1 := generateS(t)
	dir2, m2 := generateS(t)
	if m1 != m2 {
		t.Fatalf("two runs differ:\n%+v\n%+v", m1, m2)
	}
	read := func(dir string) Manifest {
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if a, b := read(dir1), read(dir2); a != m1 || b != m2 {
		t.Errorf("manifest.json differs from what Generate returned:\n%+v\n%+v", a, m1)
	}
	if Version != pinnedVersion || m1.SHA256 != pinnedS {
		t.Errorf("the S corpus is now %s (generator version %d); pinned: %s (version %d)\n"+
			"if the change is meant, bump Version in corpus.go and update pinnedVersion and pinnedS",
			m1.SHA256, Version, pinnedS, pinnedVersion)
	}
}

func TestManifest(t *testing.T) {
	_, m := generateS(t)
	s, _ := SizeNamed("S")
	if !m.Matches(s) {
		t.Errorf("manifest does not match its size: %+v", m)
	}
	if m.Pages != 100 || m.Files != 101 {
		t.Errorf("got %d pages in %d files, want 100 in 101", m.Pages, m.Files)
	}
	if m.WordsMin < 2000 || m.WordsMax > 4500 {
		t.Errorf("versions have %d–%d words, want 2,000–4,500", m.WordsMin, m.WordsMax)
	}
	if m.Upcoming == 0 {
		t.Error("no upcoming version")
	}
}

// TestVersions checks the front matter and that each version differs from
// the one before by a few edits.
func TestVersions(t *testing.T) {
	dir, _ := generateS(t)
	policies, err := filepath.Glob(filepath.Join(dir, "content", "*"))
	if err != nil || len(policies) != 20 {
		t.Fatalf("want 20 policies, got %d (%v)", len(policies), err)
	}
	for _, p := range policies {
		files, _ := filepath.Glob(filepath.Join(p, "*.md"))
		if len(files) != 5 {
			t.Errorf("%s: %d versions, want 5", p, len(files))
			continue
		}
		var prev []string
		for i, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			for _, want := range []string{"numbering: true\n", "\nsummary: ", "\njurisdictions:\n  ", "{{ entity.name }}", "{{ entity.email }}", "\n## ", "\n### ", "\n- ", "\n1. ", "\n| --- |", "](#", "](https://"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: no %q", f, want)
				}
			}
			lines := strings.Split(text[strings.Index(text[4:], "---\n")+8:], "\n")
			if i > 0 {
				if n := changedLines(prev, lines); n == 0 || n > 40 {
					t.Errorf("%s: %d lines changed from the version before, want a few", f, n)
				}
			}
			prev = lines
		}
	}
}

// changedLines counts the lines of a missing from b and of b missing from a.
func changedLines(a, b []string) int {
	count := map[string]int{}
	for _, l := range a {
		count[l]++
	}
	for _, l := range b {
		count[l]--
	}
	n := 0
	for _, c := range count {
		n += max(c, -c)
	}
	return n
}

func TestJurisdictionIDs(t *testing.T) {
	for _, j := range jurisdictions {
		if got := slug(j.title); got != j.id {
			t.Errorf("%s: heading %q gets id %q, front matter maps to %q", j.code, j.title, got, j.id)
		}
	}
	var ids []string
	for _, title := range slices.Concat(sectionTitles, extraSectionTitles, []string{closingChanges, closingContact}) {
		ids = append(ids, slug(title))
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != len(sectionTitles)+len(extraSectionTitles)+2 {
		t.Error("two section titles share an id")
	}
}

func TestReplaceWord(t *testing.T) {
	for _, tc := range []struct{ in, old, new, want string }{
		{"We process data.", "process", "handle", "We handle data."},
		{"Each processor processes data.", "process", "handle", "Each processor processes data."},
		{"See [Legal Bases](#legal-bases).", "legal", "statutory", "See [Legal Bases](#legal-bases)."},
		{"the legal-bases and legal duty", "legal", "statutory", "the legal-bases and statutory duty"},
	} {
		if got, _ := replaceWord(tc.in, tc.old, tc.new); got != tc.want {
			t.Errorf("replaceWord(%q, %q, %q) = %q, want %q", tc.in, tc.old, tc.new, got, tc.want)
		}
	}
}

// TestCorpusBuilds builds the S corpus with policysite at the bench date,
// and checks its links.
func TestCorpusBuilds(t *testing.T) {
	dir, m := generateS(t)
	now, err := model.ParseDate(BenchDate)
	if err != nil {
		t.Fatal(err)
	}
	opts := generator.Options{SiteDir: dir, Dest: filepath.Join(t.TempDir(), "public"), Now: now}
	sum, err := generator.Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if sum.Policies != m.Policies || sum.Versions < m.Pages-m.Upcoming {
		t.Errorf("built %s; want %d policies and at least %d versions", sum, m.Policies, m.Pages-m.Upcoming)
	}
	if testing.Short() {
		return
	}
	if _, err := generator.Check(context.Background(), opts); err != nil {
		t.Errorf("check: %v", err)
	}
}

// TestHugoSite prepares the Hugo site over the S corpus and, when hugo is
// installed, builds it: one page per version, the home page and its feed.
func TestHugoSite(t *testing.T) {
	dir, m := generateS(t)
	hugoDir := filepath.Join(t.TempDir(), "S-hugo")
	if err := PrepareHugo(dir, hugoDir); err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(hugoDir, "config.toml"))
	if err != nil || !bytes.Contains(config, []byte(`baseURL = "https://legal.acme.example/"`)) {
		t.Errorf("config.toml without the base URL: %s %v", config, err)
	}
	files, _ := filepath.Glob(filepath.Join(hugoDir, "content", "*", "*.md"))
	if len(files) != m.Pages {
		t.Errorf("%d content files, want %d", len(files), m.Pages)
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil || testing.Short() {
		t.Skip("hugo not installed, or -short")
	}
	out := filepath.Join(t.TempDir(), "public")
	if b, err := exec.Command(hugo, "--quiet", "-s", hugoDir, "-d", out, "--cacheDir", t.TempDir()).CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, b)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "*", "*", "index.html"))
	if len(pages) != m.Pages {
		t.Errorf("hugo wrote %d version pages, want %d", len(pages), m.Pages)
	}
	for _, f := range []string{"index.html", "index.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}
