package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// CacheDir is the conventional folder, relative to the module root, that
// caches the generated corpora: <CacheDir>/<size> holds a corpus and
// <CacheDir>/<size>-hugo its Hugo site. It is ignored by git.
var CacheDir = filepath.Join("bench", ".corpus")

// Cached returns the folders of size s's corpus and of its Hugo site under
// cacheDir, with the corpus's manifest, generating both when they are
// missing or stale (another generator Version, size or date). The Hugo
// site is stamped with the corpus's hash so that it is rebuilt whenever
// the corpus is. Progress goes to logf, which may be nil.
//
// The Hugo site's content files are hard links to the corpus's: copy them
// with CopyTree before editing either.
func Cached(cacheDir string, s Size, logf func(format string, args ...any)) (corpus, hugo string, m Manifest, err error) {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	corpus = filepath.Join(cacheDir, s.Name)
	hugo = corpus + "-hugo"
	stamp := filepath.Join(hugo, "bench-stamp.txt")
	m, err = ReadManifest(corpus)
	if err == nil && m.Matches(s) {
		if data, err := os.ReadFile(stamp); err == nil && string(data) == m.SHA256 {
			return corpus, hugo, m, nil
		}
	} else {
		logf("%s: generating the corpus (%d policies × %d versions) in %s", s.Name, s.Policies, s.Versions, corpus)
		if err := os.RemoveAll(corpus); err != nil {
			return corpus, hugo, m, err
		}
		start := time.Now()
		if m, err = Generate(corpus, s); err != nil {
			return corpus, hugo, m, fmt.Errorf("generating %s: %w", s.Name, err)
		}
		logf("%s: %d files, %.1f MiB, %d words in %s", s.Name, m.Files, float64(m.Bytes)/(1<<20), m.Words, time.Since(start).Round(time.Millisecond))
	}
	if err := os.RemoveAll(hugo); err != nil {
		return corpus, hugo, m, err
	}
	if err := PrepareHugo(corpus, hugo); err != nil {
		return corpus, hugo, m, fmt.Errorf("preparing the Hugo site for %s: %w", s.Name, err)
	}
	return corpus, hugo, m, os.WriteFile(stamp, []byte(m.SHA256), 0o644)
}

// CopyTree copies the folder src to dst, which must not exist yet, file by
// file — never by hard link, so that the copy can be edited without
// touching src.
func CopyTree(src, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s already exists", dst)
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(p, target)
		default:
			return fmt.Errorf("%s: not a regular file or folder", p)
		}
	})
}
