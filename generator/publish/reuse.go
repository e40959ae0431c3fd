package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Manifest records what produced the destination, so that the next build
// can reuse what has not changed. It is kept beside the destination (not
// in it, so it is never deployed) and is valid only while the destination
// tree is exactly the one it was written with.
type Manifest struct {
	Format   int               `json:"format"`
	Inputs   string            `json:"inputs"` // fingerprint of every input of the build
	Keys     map[string]string `json:"keys"`   // caller's keys, e.g. policy → hash of what its pages depend on
	Files    int               `json:"files"`
	Bytes    int64             `json:"bytes"`
	Policies int               `json:"policies"`
	Versions int               `json:"versions"`
	// Versions left out: drafts, and those announced after the build date.
	Drafts      int      `json:"drafts,omitempty"`
	Unannounced int      `json:"unannounced,omitempty"`
	Warnings    []string `json:"warnings,omitempty"` // repeated by a build that writes nothing
	Tree        string   `json:"tree"`               // fingerprint of the destination tree after the build
	Entries     string   `json:"entries"`            // the tree's folders and files, a line each, as Tree hashed them
}

const manifestFormat = 2 // 2: the tree is fingerprinted from its listed entries

func manifestPath(dest string) string {
	parent, base := filepath.Split(dest)
	return filepath.Join(parent, "."+base+".cache.json")
}

// readManifest returns the manifest of dest, or nil when there is none or
// the destination was changed since it was written.
func readManifest(dest string) *Manifest {
	data, err := os.ReadFile(manifestPath(dest))
	if err != nil {
		return nil
	}
	var m Manifest
	if json.Unmarshal(data, &m) != nil || m.Format != manifestFormat {
		return nil
	}
	if tree, err := treeFingerprint(dest, strings.Split(m.Entries, "\n")); err != nil || tree != m.Tree {
		return nil
	}
	return &m
}

// treeFingerprint hashes the kind, size and modification time of each of
// a tree's entries, as listed when the manifest was written. A folder's
// modification time changes whenever an entry is added to it, removed or
// renamed, and a file's whenever it is written, so any edit of the tree
// changes the fingerprint — at the cost of one stat per entry, without
// opening or listing folders: a no-op build is little more than this.
// The list is stat'ed in fixed-size chunks side by side, so the result
// does not depend on the number of cores.
func treeFingerprint(root string, entries []string) (string, error) {
	const chunk = 256
	n := (len(entries) + chunk - 1) / chunk
	sums := make([][]byte, n)
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	// Stat calls wait on the kernel more than on the CPU: a few more
	// workers than cores keep both busy.
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			buf := make([]byte, 0, 256)
			for i := range next {
				h := sha256.New()
				for _, e := range entries[i*chunk : min(len(entries), (i+1)*chunk)] {
					info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(e)))
					if err != nil {
						errs[i] = err
						break
					}
					buf = append(buf[:0], e...)
					buf = append(buf, 0)
					buf = strconv.AppendUint(buf, uint64(info.Mode()), 10)
					buf = append(buf, 0)
					buf = strconv.AppendInt(buf, info.Size(), 10)
					buf = append(buf, 0)
					buf = strconv.AppendInt(buf, info.ModTime().UnixNano(), 10)
					buf = append(buf, '\n')
					h.Write(buf)
				}
				sums[i] = h.Sum(nil)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	h := sha256.New()
	for i := range n {
		if errs[i] != nil {
			return "", errs[i]
		}
		h.Write(sums[i])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Previous is the manifest of the build now in the destination, or nil
// when it cannot be trusted.
func (w *Writer) Previous() *Manifest { return w.previous }

// Reuse hard-links the previous build's folder dir (a slash path) into the
// new build: its files keep their bytes and modification times. It must
// only be called when Previous says the folder's inputs are unchanged.
func (w *Writer) Reuse(dir string) error {
	src := filepath.Join(w.dest, filepath.FromSlash(dir))
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil // the previous build had nothing there
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(w.dest, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return w.mkdir(rel)
		}
		if err := w.link(p, rel); err != nil {
			return err
		}
		w.noteFile(rel)
		info, err := d.Info()
		if err == nil {
			w.bytes.Add(info.Size())
		}
		w.files.Add(1)
		w.reused.Add(1)
		return nil
	})
}

// link puts the previous build's file at name into the new build.
func (w *Writer) link(old, name string) error {
	dst := filepath.Join(w.tmp, filepath.FromSlash(name))
	if err := os.Link(old, dst); err == nil {
		return nil
	}
	// Hard links can fail (some file systems); copy instead.
	in, err := os.Open(old)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// sameAsPrevious reports whether the previous build has the file name with
// exactly these bytes.
func (w *Writer) sameAsPrevious(name string, data []byte) (string, bool) {
	if w.previous == nil {
		return "", false
	}
	old := filepath.Join(w.dest, filepath.FromSlash(name))
	info, err := os.Stat(old)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return "", false
	}
	prev, err := os.ReadFile(old)
	return old, err == nil && bytes.Equal(prev, data)
}

// Reused reports how many files came unchanged from the previous build.
func (w *Writer) Reused() int { return int(w.reused.Load()) }

// writeManifest records the committed build beside the destination,
// whose tree has the entries listed (see Writer.entries).
func writeManifest(dest string, m *Manifest, entries []string) error {
	tree, err := treeFingerprint(dest, entries)
	if err != nil {
		return err
	}
	m.Format, m.Tree, m.Entries = manifestFormat, tree, strings.Join(entries, "\n")
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	p := manifestPath(dest)
	tmp := p + ".tmp-" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// SortedKeys lists a manifest's keys, for stable iteration.
func (m *Manifest) SortedKeys() []string {
	keys := make([]string, 0, len(m.Keys))
	for k := range m.Keys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
