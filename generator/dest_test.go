package generator

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildRefusesDestinationsItWouldDestroy: the build replaces its
// destination whole, so a destination that is the site, holds it, lies
// among its sources or holds files of its own is refused, with the site
// and that folder left as they were; the usual destinations build.
func TestBuildRefusesDestinationsItWouldDestroy(t *testing.T) {
	tests := []struct {
		name string
		dest func(root, site string) string // root holds site
		want string                         // in the error; "" builds
	}{
		{"the site", func(root, site string) string { return site }, "would replace the site folder"},
		{"the site's parent", func(root, site string) string { return root }, "would replace the site folder"},
		{"the site through a symbolic link", func(root, site string) string {
			link := filepath.Join(t.TempDir(), "link")
			if err := os.Symlink(site, link); err != nil {
				t.Skip(err)
			}
			return link
		}, "would replace the site folder"},
		{"content", func(root, site string) string { return filepath.Join(site, "content") }, "is the site's content/ folder or inside it"},
		{"a policy folder", func(root, site string) string { return filepath.Join(site, "content", "privacy") }, "is the site's content/ folder or inside it"},
		{"a theme folder not there yet", func(root, site string) string { return filepath.Join(site, "themes", "mine", "out") }, "is the site's themes/ folder or inside it"},
		{"a folder of other files", func(root, site string) string {
			www := filepath.Join(root, "www")
			os.MkdirAll(www, 0o755)
			os.WriteFile(filepath.Join(www, "favicon.ico"), []byte("icon"), 0o644)
			return www
		}, "holds files a policysite build did not write, such as favicon.ico"},
		{"public, new", func(root, site string) string { return filepath.Join(site, "public") }, ""},
		{"an empty folder", func(root, site string) string {
			empty := filepath.Join(root, "empty")
			os.MkdirAll(empty, 0o755)
			return empty
		}, ""},
		{"a folder beside the site, new", func(root, site string) string { return filepath.Join(root, "out", "legal") }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			site := filepath.Join(root, "site")
			copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
			copyTree(t, "../content", filepath.Join(site, "content"))
			dest := tt.dest(root, site)
			before := readTree(t, root)
			_, err := Build(context.Background(), Options{SiteDir: site, Dest: dest, Now: exampleNow})
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Stat(filepath.Join(dest, "versions.json")); err != nil {
					t.Errorf("no output: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			after := readTree(t, root)
			if len(after) != len(before) {
				t.Errorf("%d files before the build, %d after", len(before), len(after))
			}
			for p, data := range before {
				if !bytes.Equal(after[p], data) {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
}

// TestBuildReplacesItsOwnOutput: an earlier build's output is replaced even
// without its record beside it (a build killed after its swap leaves none).
func TestBuildReplacesItsOwnOutput(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{SiteDir: site, Dest: dest, Now: exampleNow}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(filepath.Dir(dest), ".public.cache.json"))
	os.WriteFile(filepath.Join(dest, "stale.html"), []byte("old"), 0o644)
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale.html")); err == nil {
		t.Error("the earlier output's stale file survived the rebuild")
	}
}

// TestBuildThroughASymbolicLink: a destination that is a symbolic link
// stays one, and the folder it points to gets the build (a deploy's
// public -> /var/www/legal), rather than the link being swapped for a
// folder while the web root keeps the old pages.
func TestBuildThroughASymbolicLink(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	root := t.TempDir()
	webRoot := filepath.Join(root, "www")
	if err := os.Mkdir(webRoot, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "public")
	if err := os.Symlink(webRoot, link); err != nil {
		t.Skip(err)
	}
	build := func() {
		t.Helper()
		if _, err := Build(context.Background(), Options{SiteDir: site, Dest: link, Now: exampleNow}); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(link)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("the destination is no longer a symbolic link but a %v", fi.Mode().Type())
		}
		if _, err := os.Stat(filepath.Join(webRoot, "versions.json")); err != nil {
			t.Fatalf("the linked folder has no build: %v", err)
		}
	}
	build() // into the empty folder
	stale := filepath.Join(webRoot, "stale.html")
	os.WriteFile(stale, []byte("old"), 0o644)
	build() // over the first build
	if _, err := os.Stat(stale); err == nil {
		t.Error("the linked folder still holds a file the second build did not write")
	}
}

// TestBuildIgnoresItsOwnTemporaryFolders: a build killed in a destination
// that is a mount point leaves its temporary folder inside it; that is not
// a file of someone else's, and the next build goes ahead.
func TestBuildIgnoresItsOwnTemporaryFolders(t *testing.T) {
	site := t.TempDir()
	copyTree(t, "../site.yaml", filepath.Join(site, "site.yaml"))
	copyTree(t, "../content", filepath.Join(site, "content"))
	dest := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(filepath.Join(dest, ".policysite.tmp-123"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{SiteDir: site, Dest: dest, Now: exampleNow}); err != nil {
		t.Fatal(err)
	}
}

// TestBuildOfAMissingSiteMakesNothing: a mistyped site folder is an error,
// and is not created as the parent of the default destination.
func TestBuildOfAMissingSiteMakesNothing(t *testing.T) {
	site := filepath.Join(t.TempDir(), "legal-typo")
	_, err := Build(context.Background(), Options{SiteDir: site, Now: exampleNow})
	if err == nil || !strings.Contains(err.Error(), "site folder "+site+" does not exist") {
		t.Errorf("error %v, want one saying the site folder does not exist", err)
	}
	if _, err := os.Stat(site); err == nil {
		t.Error("the build created the missing site folder")
	}
	err = Serve(context.Background(), Options{SiteDir: site, Now: exampleNow}, "127.0.0.1", 0, false, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "site folder "+site+" does not exist") {
		t.Errorf("serve: error %v, want one saying the site folder does not exist", err)
	}
}
