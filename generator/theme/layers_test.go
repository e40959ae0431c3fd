package theme

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/policysite/policysite/themes"
)

// TestOwnLayoutsIgnoresCopies: a site's copy of a built-in layout, byte
// for byte, is not a layout of its own; an edited copy is.
func TestOwnLayoutsIgnoresCopies(t *testing.T) {
	const layout = "default/layouts/partials/footer.html"
	builtin, err := fs.ReadFile(themes.FS(), layout)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		own  bool
	}{
		{"copy", builtin, false},
		{"edited", append([]byte("{{/* ours */}}"), builtin...), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := fstest.MapFS{"themes/" + layout: {Data: tt.data}}
			th, err := Load(themes.FS(), site, Options{Name: "default", Language: "en", BaseURL: "https://example.com/"})
			if err != nil {
				t.Fatal(err)
			}
			if got := th.OwnLayouts(); got != tt.own {
				t.Errorf("OwnLayouts() = %v, want %v", got, tt.own)
			}
		})
	}
}
