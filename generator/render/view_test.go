package render

import (
	"reflect"
	"testing"

	"github.com/policysite/policysite/generator/model"
)

// TestVersionViewHoldsWhatItShadows: each field of a version's view named
// as a field of the text it shows holds the text's value, so a template
// sees what it would through the embedded version.
func TestVersionViewHoldsWhatItShadows(t *testing.T) {
	effective, _ := model.ParseDate("2024-05-15")
	announced, _ := model.ParseDate("2024-04-01")
	text := &model.Version{
		Title: "Privacy Policy", Effective: effective, Announced: announced, Entity: &model.Entity{Name: "Acme"},
		Summary: "Shorter retention.", Material: true, Lang: "de", Numbering: true,
	}
	view := reflect.ValueOf(showing(text)).Elem()
	inner := reflect.ValueOf(text).Elem()
	shadowed := 0
	for i := range view.NumField() {
		f := view.Type().Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		mf, ok := inner.Type().FieldByName(f.Name)
		if !ok || mf.Type != f.Type {
			continue // the view's own, such as Policy and Jurisdictions
		}
		shadowed++
		if got, want := view.Field(i).Interface(), inner.FieldByIndex(mf.Index).Interface(); !reflect.DeepEqual(got, want) {
			t.Errorf("view's %s = %v, want the text's %v", f.Name, got, want)
		}
	}
	if shadowed < 8 {
		t.Errorf("%d fields shadowed, want the 8 the layouts read", shadowed)
	}
}
