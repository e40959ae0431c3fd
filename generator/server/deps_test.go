package server

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the server independent of how a site is built: it
// imports no package of this module (it receives a Rebuild function), and
// it is where fsnotify lives.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fsnotify := false
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/policysite/policysite/") {
				t.Errorf("%s imports %s: the server must not depend on the build", name, p)
			}
			fsnotify = fsnotify || p == "github.com/fsnotify/fsnotify"
		}
	}
	if !fsnotify {
		t.Error("no file imports fsnotify")
	}
}
