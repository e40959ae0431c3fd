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

// CheckKeys reports the keys of m that are not in known, each as an error.
func (m *Map) CheckKeys(what string, known []string, errs *diag.List) {
	for _, f := range m.Fields {
		if !slices.Contains(known, f.Key) {
			msg := fmt.Sprintf("unknown %s key %q (expected one of: %s)", what, f.Key, strings.Join(known, ", "))
			if s := diag.Closest(f.Key, known); s != "" {
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
		return "", f.TypeError("a string")
	}
	return s, nil
}

// Bool returns the value as a boolean.
func (f *Field) Bool() (bool, error) {
	b, ok := f.Value.(bool)
	if !ok {
		return false, f.TypeError("true or false")
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
	return nil, f.TypeError("a list of strings")
}

// Map returns the value as a mapping.
func (f *Field) Map() (*Map, error) {
	m, ok := f.Value.(*Map)
	if !ok {
		return nil, f.TypeError("a mapping of keys to values")
	}
	return m, nil
}

// TypeError returns the error for a value that is not what its key takes:
// "key: expected want, found …" at the value.
func (f *Field) TypeError(want string) error {
	return diag.Errorf(f.ValuePos, "%s: expected %s, found %s", f.Key, want, describe(f.Value))
}

// Describe names a value for an error message: "the string \"x\"",
// "the number 42", "a list", "nothing".
func Describe(v any) string { return describe(v) }

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
		return nil, yamlError(file, src, lineOffset, err)
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

// yamlMessage splits a yaml.v3 error into its 1-based line (0 when it
// gives none) and its message.
func yamlMessage(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// yamlHints say what was expected where yaml.v3's message does not.
var yamlHints = map[string]string{
	"mapping values are not allowed in this context":        "expected one key: value per line; quote a value that contains \": \"",
	"did not find expected key":                             "expected the keys of a mapping to line up in one column",
	"could not find expected ':'":                           "expected key: value",
	"found unexpected end of stream":                        "expected the closing quote of a quoted value",
	"found a tab character that violates indentation":       "expected spaces, not tabs, for indentation",
	"found character that cannot start any token":           "expected spaces, not tabs, for indentation; quote a value that starts with @ or `",
	"found unknown escape character":                        "expected a \\ in a double-quoted value to start an escape such as \\n; use single quotes for a literal \\",
	"did not find expected alphabetic or numeric character": "expected a name after & or *; quote a value that starts with & or *",
}

func yamlError(file string, src []byte, lineOffset int, err error) error {
	line, msg := yamlMessage(err)
	// yaml.v3 reports a parser error at the start of the enclosing block
	// rather than where it went wrong (a key indented one space too far
	// is blamed on its mapping's first line). The culprit is the first
	// line whose prefix of the source fails the same way.
	if l := culpritLine(src, max(line, 1), msg); l > 0 {
		line = l
	}
	if line == 0 {
		line = 1
	}
	if h, ok := yamlHints[msg]; ok {
		msg += " (" + h + ")"
	}
	return diag.Errorf(diag.Pos{File: file, Line: line + lineOffset}, "invalid YAML: %s", msg)
}

// culpritLine returns the first line from line from on such that the
// source up to and including it fails to parse with message msg, or 0.
// It parses the source once per line, so it gives up on large inputs.
func culpritLine(src []byte, from int, msg string) int {
	if len(src) > 64<<10 {
		return 0
	}
	end := 0
	for k := 1; end < len(src); k++ {
		i := bytes.IndexByte(src[end:], '\n')
		if i < 0 {
			end = len(src)
		} else {
			end += i + 1
		}
		if k < from {
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src[:end], &doc); err != nil {
			if _, m := yamlMessage(err); m == msg {
				return k
			}
		}
	}
	return 0
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
// field's position is that of the line that defines its key: a table
// header or a key = value line, read with its table and dotted parts.
func TOML(file string, src []byte, lineOffset int) (*Map, error) {
	var raw map[string]any
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, diag.Errorf(diag.Pos{File: file, Line: pe.Position.Line + lineOffset, Col: pe.Position.Col}, "invalid TOML: %s", tomlMessage(pe.Message))
		}
		return nil, diag.Errorf(diag.Pos{File: file, Line: lineOffset + 1}, "invalid TOML: %v", err)
	}
	defs := tomlKeyLines(src)
	locate := func(key toml.Key) diag.Pos {
		// The line defining key, or else the longest prefix of it (an
		// inline table), or else the top of the block.
		pos, best := diag.Pos{File: file, Line: lineOffset + 1, Col: 1}, -1
		for _, d := range defs {
			if len(d.path) <= len(key) && len(d.path) > best && slices.Equal(d.path, key[:len(d.path)]) {
				pos, best = diag.Pos{File: file, Line: d.line + lineOffset, Col: d.col}, len(d.path)
				if best == len(key) {
					break
				}
			}
		}
		return pos
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
		m := &Map{Pos: locate(prefix)}
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

// tomlMessage puts a TOML parser message in the house style: lowercase
// (unless it starts with an acronym), one line, no final period.
func tomlMessage(msg string) string {
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	if word, _, _ := strings.Cut(msg, " "); word != strings.ToUpper(word) && 'A' <= msg[0] && msg[0] <= 'Z' {
		msg = string(msg[0]+'a'-'A') + msg[1:]
	}
	if strings.HasSuffix(msg, "has already been defined") {
		msg += " (expected each key once)"
	}
	return msg
}

// tomlKeyLine is where a TOML key is defined.
type tomlKeyLine struct {
	path      []string // the full dotted path of the key
	line, col int      // 1-based, in the TOML source
}

// tomlKeyLines lists the table headers and key = value lines of src, in
// order, with the full paths they define. Lines inside multi-line strings
// are skipped.
func tomlKeyLines(src []byte) []tomlKeyLine {
	var out []tomlKeyLine
	var table []string
	open := "" // the delimiter of an open multi-line string
	for i, l := range strings.Split(string(src), "\n") {
		if open != "" {
			if strings.Count(l, open)%2 == 1 {
				open = ""
			}
			continue
		}
		t := strings.TrimLeft(l, " \t")
		col := len(l) - len(t) + 1
		switch {
		case strings.HasPrefix(t, "[["):
			if parts, rest, ok := tomlDottedKey(t[2:]); ok && strings.HasPrefix(rest, "]]") {
				table = parts
				out = append(out, tomlKeyLine{parts, i + 1, col})
			}
		case strings.HasPrefix(t, "["):
			if parts, rest, ok := tomlDottedKey(t[1:]); ok && strings.HasPrefix(rest, "]") {
				table = parts
				out = append(out, tomlKeyLine{parts, i + 1, col})
			}
		default:
			parts, rest, ok := tomlDottedKey(t)
			if !ok || !strings.HasPrefix(rest, "=") {
				continue
			}
			out = append(out, tomlKeyLine{append(slices.Clip(table), parts...), i + 1, col})
			for _, d := range []string{`"""`, "'''"} {
				if strings.Count(rest, d)%2 == 1 {
					open = d
					break
				}
			}
		}
	}
	return out
}

// tomlDottedKey reads a key of bare and quoted parts joined by dots at the
// start of s, and returns the parts and the rest of s after blanks.
func tomlDottedKey(s string) (parts []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		var part string
		switch {
		case strings.HasPrefix(s, `"`):
			j := 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, "", false
			}
			part = s[1:j]
			if u, err := strconv.Unquote(s[:j+1]); err == nil {
				part = u
			}
			s = s[j+1:]
		case strings.HasPrefix(s, "'"):
			j := strings.IndexByte(s[1:], '\'')
			if j < 0 {
				return nil, "", false
			}
			part, s = s[1:j+1], s[j+2:]
		default:
			j := 0
			for j < len(s) && (s[j] == '_' || s[j] == '-' || '0' <= s[j] && s[j] <= '9' || 'a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z') {
				j++
			}
			if j == 0 {
				return nil, "", false
			}
			part, s = s[:j], s[j:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return parts, s, true
		}
		s = s[1:]
	}
}
