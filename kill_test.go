package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the policysite command, so the
// kill test can run real build processes without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("POLICYSITE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// treeHash fingerprints every file of a tree (paths and bytes).
func treeHash(t *testing.T, root string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(strings.Join(treeLines(root), "\n")))
	return hex.EncodeToString(sum[:])
}

// treeLines lists every file of a tree with the hash of its bytes.
func treeLines(root string) []string {
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(root, p)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return err
	})
	if err != nil {
		return []string{"unreadable: " + err.Error()}
	}
	sort.Strings(lines)
	return lines
}

// treeDiff names up to five files in which two trees differ.
func treeDiff(a, b []string) []string {
	in := map[string]bool{}
	for _, l := range b {
		in[l] = true
	}
	var out []string
	for _, l := range a {
		if !in[l] && len(out) < 5 {
			out = append(out, l)
		}
	}
	return out
}

// TestKilledBuildNeverBreaksDestination kills build processes with
// SIGKILL at many points of their run and requires the destination to be,
// every time, either the complete old site or the complete new one.
func TestKilledBuildNeverBreaksDestination(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 40 build processes")
	}
	dest := filepath.Join(t.TempDir(), "public")
	run := func(now string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "build", "-q", "-s", ".", "-d", dest, "--now", now)
		cmd.Env = append(os.Environ(), "POLICYSITE_TEST_MAIN=1")
		return cmd
	}
	// Two different complete sites: before and after a version took effect.
	states := map[string]string{}
	trees := map[string][]string{}
	var took time.Duration
	for _, now := range []string{"2025-01-01", "2026-11-22"} {
		start := time.Now()
		if out, err := run(now).CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
		took = max(took, time.Since(start))
		states[treeHash(t, dest)] = now
		trees[now] = treeLines(dest)
	}
	if len(states) != 2 {
		t.Fatal("the two builds produced the same site")
	}
	current := "2026-11-22"
	const kills = 40
	completed := 0
	for i := range kills {
		next := "2025-01-01"
		if current == next {
			next = "2026-11-22"
		}
		cmd := run(next)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Spread the kill points evenly over a whole build, from just after
		// the process starts to just before it would finish.
		time.Sleep(took * time.Duration(i) / kills)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		state, ok := states[treeHash(t, dest)]
		if !ok {
			got := treeLines(dest)
			t.Fatalf("kill %d (after %v): destination is neither the old nor the new site\nnot in the %s site: %q\nnot in the %s site: %q",
				i, took*time.Duration(i)/kills, current, treeDiff(got, trees[current]), next, treeDiff(got, trees[next]))
		}
		if state == next {
			completed++
		}
		current = state
	}
	t.Logf("%d kills over a %v build; %d builds had already completed", kills, took, completed)
	// The next build after all those kills succeeds (stale lock and
	// temporary folders are cleaned up) and leaves nothing beside public/.
	if out, err := run("2026-11-22").CombinedOutput(); err != nil {
		t.Fatalf("build after kills: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != ".public.cache.json" {
			t.Errorf("%s left beside the destination after a clean build", e.Name())
		}
	}
}
