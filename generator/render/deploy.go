package render

import (
	"fmt"
	"slices"
	"strings"
)

// SecurityHeaders are sent with every page: the same set netlify.toml
// declares, written to _headers for hosts that read that file.
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

func (r *renderer) headers() error {
	var b strings.Builder
	b.WriteString(r.theme.BasePath + "*\n")
	for _, h := range SecurityHeaders {
		fmt.Fprintf(&b, "  %s: %s\n", h[0], h[1])
	}
	b.WriteString(r.theme.BasePath + "assets/*\n  Cache-Control: public, max-age=31536000, immutable\n")
	return r.emit("_headers", []byte(b.String()))
}

// redirects writes each version's aliases as permanent redirects to its
// policy's page.
func (r *renderer) redirects() error {
	seen := map[string]string{}
	var lines []string
	for _, p := range r.view.Policies {
		for _, v := range p.Versions {
			for _, a := range v.Aliases {
				if to, dup := seen[a]; dup {
					if to != p.Path {
						return fmt.Errorf("%s: alias %s already redirects to %s", v.Source, a, to)
					}
					continue
				}
				seen[a] = p.Path
				lines = append(lines, fmt.Sprintf("%s %s 301", r.theme.URL(a), r.theme.URL(p.Path)))
			}
		}
	}
	slices.Sort(lines)
	if len(lines) == 0 {
		return nil
	}
	return r.emit("_redirects", []byte(strings.Join(lines, "\n")+"\n"))
}
