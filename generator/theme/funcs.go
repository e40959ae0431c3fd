package theme

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/policysite/policysite/generator/model"
)

// funcs are the functions every template may call:
//
//	t KEY ARGS...   the UI string KEY, with {1}, {2}… replaced by ARGS
//	url PATH        site path → path from the server root ("privacy/" → "/privacy/")
//	absURL PATH     site path → absolute URL
//	asset NAME      fingerprinted path of a theme asset ("style.css")
//	date D          a model.Date written out in the site language ("15 May 2024")
//	isoDate D       a model.Date as YYYY-MM-DD, for datetime attributes
//	plural N ONE MANY  picks the string key ONE or MANY for count N
//	join LIST SEP   strings.Join
func (th *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"t":      th.T,
		"url":    th.URL,
		"absURL": th.AbsURL,
		"asset": func(name string) (string, error) {
			p, ok := th.assetURL[name]
			if !ok {
				return "", fmt.Errorf("the theme has no asset %q", name)
			}
			return th.URL(p), nil
		},
		"date":    th.Date,
		"isoDate": func(d model.Date) string { return d.String() },
		"plural": func(n int, one, many string) (string, error) {
			if n == 1 {
				return th.T(one, n)
			}
			return th.T(many, n)
		},
		"join": strings.Join,
	}
}

// T returns the UI string key with {1}, {2}… replaced by args.
func (th *Theme) T(key string, args ...any) (string, error) {
	s, err := th.String(key)
	if err != nil {
		return "", err
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i+1)+"}", fmt.Sprint(a))
	}
	return s, nil
}

// Date writes d out in the theme's language, using the strings
// date_format ("{day} {month} {year}") and month_1 … month_12.
func (th *Theme) Date(d model.Date) (string, error) {
	if d.IsZero() {
		return "", nil
	}
	t := d.Time()
	month, err := th.String("month_" + strconv.Itoa(int(t.Month())))
	if err != nil {
		return "", err
	}
	layout, err := th.String("date_format")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for layout != "" {
		i := strings.IndexByte(layout, '{')
		if i < 0 {
			b.WriteString(layout)
			break
		}
		b.WriteString(layout[:i])
		layout = layout[i:]
		switch {
		case strings.HasPrefix(layout, "{day}"):
			b.WriteString(strconv.Itoa(t.Day()))
			layout = layout[len("{day}"):]
		case strings.HasPrefix(layout, "{month}"):
			b.WriteString(month)
			layout = layout[len("{month}"):]
		case strings.HasPrefix(layout, "{monthnum}"):
			b.WriteString(strconv.Itoa(int(t.Month())))
			layout = layout[len("{monthnum}"):]
		case strings.HasPrefix(layout, "{year}"):
			b.WriteString(strconv.Itoa(t.Year()))
			layout = layout[len("{year}"):]
		default:
			b.WriteByte('{')
			layout = layout[1:]
		}
	}
	return b.String(), nil
}
