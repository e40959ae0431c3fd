// Package meta reads YAML and TOML metadata (site.yaml, front matter) into
// ordered fields that remember where they stand in the source, so that the
// loaders can reject unknown keys and report every problem as
// file:line:col.
package meta

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/policysite/policysite/generator/diag"
)

// Map is a mapping with its keys in source order.
type Map struct {
	Pos    diag.Pos
	Fields []*Field
}

// Field is one key of a Map.
type Field struct {
	Key      string
	Pos      diag.Pos // of the key
	ValuePos diag.Pos // of the value
	// Value is a string, bool, int64, float64, []*Item or *Map. Dates are
	// kept as the strings they were written as.
	Value any
}

// Item is one element of a sequence.
type Item struct {
	Pos   diag.Pos
	Value any
}

// Keys reports the keys of m that are not in known, each as an error.
func (m *Map) CheckKeys(what string, known []string, errs *diag.List) {
	for _, f := range m.Fields {
		if !slices.Contains(known, f.Key) {
			msg := fmt.Sprintf("unknown %s key %q (expected one of: %s)", what, f.Key, strings.Join(known, ", "))
			if s := closest(f.Key, known); s != "" {
				msg = fmt.Sprintf("unknown %s key %q (did you mean %q? expected one of: %s)", what, f.Key, s, strings.Join(known, ", "))
			}
			errs.Add(f.Pos, msg)
		}
	}
}

// Get returns the field named key, or nil.
func (m *Map) Get(key string) *Field {
	for _, f := range m.Fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// String returns the value as a string. Numbers and booleans are refused:
// a title of `yes` or `2024` is more likely a mistake than intended.
func (f *Field) String() (string, error) {
	s, ok := f.Value.(string)
	if !ok {
		return "", f.typeError("a string")
	}
	return s, nil
}

// Bool returns the value as a boolean.
func (f *Field) Bool() (bool, error) {
	b, ok := f.Value.(bool)
	if !ok {
		return false, f.typeError("true or false")
	}
	return b, nil
}

// Strings returns a sequence of strings; a single string is accepted as a
// one-element list.
func (f *Field) Strings() ([]string, error) {
	switch v := f.Value.(type) {
	case string:
		return []string{v}, nil
	case []*Item:
		out := make([]string, 0, len(v))
		for _, it := range v {
			s, ok := it.Value.(string)
			if !ok {
				return nil, diag.Errorf(it.Pos, "%s: expected a list of strings, found %s", f.Key, describe(it.Value))
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, f.typeError("a list of strings")
}

// Map returns the value as a mapping.
func (f *Field) Map() (*Map, error) {
	m, ok := f.Value.(*Map)
	if !ok {
		return nil, f.typeError("a mapping of keys to values")
	}
	return m, nil
}

func (f *Field) typeError(want string) error {
	return diag.Errorf(f.ValuePos, "%s: expected %s, found %s", f.Key, want, describe(f.Value))
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return "an empty string"
		}
		return fmt.Sprintf("the string %q", v)
	case bool:
		return fmt.Sprintf("the boolean %t", v)
	case int64, float64:
		return fmt.Sprintf("the number %v", v)
	case []*Item:
		return "a list"
	case *Map:
		return "a mapping"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v)
}

// Plain converts a value to plain Go values (map[string]any, []any, …),
// for free-form data such as params.
func Plain(v any) any {
	switch v := v.(type) {
	case *Map:
		m := make(map[string]any, len(v.Fields))
		for _, f := range v.Fields {
			m[f.Key] = Plain(f.Value)
		}
		return m
	case []*Item:
		out := make([]any, len(v))
		for i, it := range v {
			out[i] = Plain(it.Value)
		}
		return out
	}
	return v
}

// YAML parses src, whose first line is line lineOffset+1 of file, and
// requires a mapping at the top. Empty input yields an empty Map.
func YAML(file string, src []byte, lineOffset int) (*Map, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(file, lineOffset, err)
	}
	top := diag.Pos{File: file, Line: lineOffset + 1, Col: 1}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &Map{Pos: top}, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &Map{Pos: top}, nil
	}
	var errs diag.List
	v := convertYAML(file, lineOffset, root, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	m, ok := v.(*Map)
	if !ok {
		return nil, diag.Errorf(yamlPos(file, lineOffset, root), "expected a mapping of keys to values, found %s", describe(v))
	}
	return m, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func yamlError(file string, lineOffset int, err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return diag.Errorf(diag.Pos{File: file, Line: line + lineOffset}, "invalid YAML: %s", m[2])
	}
	return diag.Errorf(diag.Pos{File: file, Line: lineOffset + 1}, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func yamlPos(file string, lineOffset int, n *yaml.Node) diag.Pos {
	return diag.Pos{File: file, Line: n.Line + lineOffset, Col: n.Column}
}

func convertYAML(file string, off int, n *yaml.Node, errs *diag.List) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return convertYAML(file, off, n.Content[0], errs)
	case yaml.AliasNode:
		errs.Add(yamlPos(file, off, n), "YAML aliases are not supported (expected the value written out)")
		return nil
	case yaml.MappingNode:
		m := &Map{Pos: yamlPos(file, off, n)}
		seen := map[string]diag.Pos{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				errs.Add(yamlPos(file, off, k), "expected a plain key")
				continue
			}
			if k.Tag == "!!merge" {
				errs.Add(yamlPos(file, off, k), "YAML merge keys are not supported (expected the keys written out)")
				continue
			}
			kp := yamlPos(file, off, k)
			if first, dup := seen[k.Value]; dup {
				errs.Addf(kp, "duplicate key %q (first set at line %d)", k.Value, first.Line)
				continue
			}
			seen[k.Value] = kp
			m.Fields = append(m.Fields, &Field{Key: k.Value, Pos: kp, ValuePos: yamlPos(file, off, v), Value: convertYAML(file, off, v, errs)})
		}
		return m
	case yaml.SequenceNode:
		items := make([]*Item, 0, len(n.Content))
		for _, c := range n.Content {
			items = append(items, &Item{Pos: yamlPos(file, off, c), Value: convertYAML(file, off, c, errs)})
		}
		return items
	}
	// Scalars: keep strings and dates as written; resolve bools and numbers.
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil {
			return i
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// TOML parses src like YAML does. TOML keeps no key positions, so a
// field's position is found by looking for its key at the start of a line.
func TOML(file string, src []byte, lineOffset int) (*Map, error) {
	var raw map[string]any
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, diag.Errorf(diag.Pos{File: file, Line: pe.Position.Line + lineOffset, Col: pe.Position.Col}, "invalid TOML: %s", pe.Message)
		}
		return nil, diag.Errorf(diag.Pos{File: file, Line: lineOffset + 1}, "invalid TOML: %v", err)
	}
	lines := bytes.Split(src, []byte("\n"))
	locate := func(key toml.Key) diag.Pos {
		name := key[len(key)-1]
		for i, l := range lines {
			t := strings.TrimSpace(string(l))
			if strings.HasPrefix(t, name) || strings.HasPrefix(t, `"`+name+`"`) || strings.HasPrefix(t, "["+strings.Join(key, ".")+"]") {
				return diag.Pos{File: file, Line: i + 1 + lineOffset, Col: len(l) - len(bytes.TrimLeft(l, " \t")) + 1}
			}
		}
		return diag.Pos{File: file, Line: lineOffset + 1}
	}
	var build func(prefix toml.Key, v map[string]any) *Map
	var value func(key toml.Key, v any) any
	value = func(key toml.Key, v any) any {
		switch v := v.(type) {
		case map[string]any:
			return build(key, v)
		case []map[string]any:
			items := make([]*Item, len(v))
			for i, e := range v {
				items[i] = &Item{Pos: locate(key), Value: build(key, e)}
			}
			return items
		case []any:
			items := make([]*Item, len(v))
			for i, e := range v {
				items[i] = &Item{Pos: locate(key), Value: value(key, e)}
			}
			return items
		case time.Time:
			// TOML's local dates arrive as times in a zone named "date-local".
			if v.Location().String() == "date-local" {
				return v.Format("2006-01-02")
			}
			return v.Format(time.RFC3339)
		}
		return v
	}
	build = func(prefix toml.Key, raw map[string]any) *Map {
		m := &Map{Pos: locate(append(prefix[:len(prefix):len(prefix)], ""))}
		// Source order, as MetaData.Keys lists it.
		for _, k := range md.Keys() {
			if len(k) != len(prefix)+1 || !slices.Equal(k[:len(prefix)], prefix) {
				continue
			}
			name := k[len(k)-1]
			v, ok := raw[name]
			if !ok || m.Get(name) != nil {
				continue
			}
			p := locate(k)
			m.Fields = append(m.Fields, &Field{Key: name, Pos: p, ValuePos: p, Value: value(k, v)})
		}
		return m
	}
	return build(nil, raw), nil
}

// closest suggests the known key nearest to a mistyped one.
func closest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := distance(key, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
