package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// variants are the two words an edit puts in place of the chosen word,
// alternately, so that every save changes the file.
var variants = [2]string{"benchmark", "latency"}

// target is one version file to edit, relative to the content folder, as
// content/<policy>/<version>.md.
type target struct {
	policy, version string // folder name, and file name without .md
}

func (t target) rel() string { return filepath.Join(t.policy, t.version+".md") }

// policies lists the policies of a content folder and their version files
// (without .md), both sorted.
func policies(contentDir string) (names []string, versions map[string][]string, err error) {
	versions = map[string][]string{}
	entries, err := os.ReadDir(contentDir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := fs.Glob(os.DirFS(filepath.Join(contentDir, e.Name())), "*.md")
		if err != nil {
			return nil, nil, err
		}
		if len(files) == 0 {
			continue
		}
		for i, f := range files {
			files[i] = strings.TrimSuffix(f, ".md")
		}
		slices.Sort(files)
		names = append(names, e.Name())
		versions[e.Name()] = files
	}
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("%s: no policies", contentDir)
	}
	return names, versions, nil
}

// pickTargets chooses n version files deterministically: the policies are
// visited with a stride coprime with their number, so that the first
// len(names) edits each touch a different policy, spread over the corpus;
// the version moves on by three each time, so edits hit old and current
// versions alike.
func pickTargets(names []string, versions map[string][]string, n int) []target {
	stride := 1
	for _, s := range []int{37, 31, 29, 23, 19, 17, 13, 11, 7} {
		if s < len(names) && gcd(s, len(names)) == 1 {
			stride = s
			break
		}
	}
	out := make([]target, n)
	for i := range out {
		p := names[(i*stride)%len(names)]
		vs := versions[p]
		out[i] = target{policy: p, version: vs[(i*3+len(vs)-1)%len(vs)]}
	}
	return out
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// editVersion returns data with one word of its first body paragraph
// changed, as a writer's save would: the fifth plain word (lower-case
// letters only, four or more) of the first paragraph of at least twenty
// words after the front matter becomes variants[i%2] — or the other
// variant if it already is that word, so the result always differs from
// data. The word's position does not depend on which variant is in place,
// so repeated edits of one file toggle the same word.
func editVersion(data []byte, i int) ([]byte, error) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	body := 0
	if len(lines) > 0 && string(bytes.TrimRight(lines[0], "\r\n")) == "---" {
		for j := 1; j < len(lines); j++ {
			if string(bytes.TrimRight(lines[j], "\r\n")) == "---" {
				body = j + 1
				break
			}
		}
		if body == 0 {
			return nil, errors.New("unterminated front matter")
		}
	}
	for j := body; j < len(lines); j++ {
		line := string(lines[j])
		if !isParagraph(line) {
			continue
		}
		words := strings.Split(line, " ")
		if len(words) < 20 {
			continue
		}
		seen := 0
		for k, w := range words {
			if !plainWord(w) {
				continue
			}
			if seen++; seen < 5 {
				continue
			}
			next := variants[i%2]
			if w == next {
				next = variants[(i+1)%2]
			}
			words[k] = next
			lines[j] = []byte(strings.Join(words, " "))
			return bytes.Join(lines, nil), nil
		}
	}
	return nil, errors.New("no paragraph with five plain words")
}

// isParagraph reports whether a Markdown line is paragraph text: it
// starts with a capital letter (not a heading, list, table, quote or
// placeholder).
func isParagraph(line string) bool {
	return line != "" && line[0] >= 'A' && line[0] <= 'Z'
}

func plainWord(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
