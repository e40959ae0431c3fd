package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
	Warnings []string          `json:"warnings,omitempty"` // repeated by a build that writes nothing
	Tree     string            `json:"tree"`               // fingerprint of the destination tree after the build
}

const manifestFormat = 1

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
	if tree, err := treeFingerprint(dest); err != nil || tree != m.Tree {
		return nil
	}
	return &m
}

// treeFingerprint hashes the names, sizes and modification times of every
// file of a tree: cheap (one stat per file) and changed by any edit.
func treeFingerprint(root string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", filepath.ToSlash(rel), info.Size(), info.ModTime().UnixNano())
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
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

// writeManifest records the committed build beside the destination.
func writeManifest(dest string, m *Manifest) error {
	tree, err := treeFingerprint(dest)
	if err != nil {
		return err
	}
	m.Format, m.Tree = manifestFormat, tree
	data, err := json.MarshalIndent(m, "", "  ")
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
