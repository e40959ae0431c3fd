// Package themes embeds the built-in themes: default (a modern legal
// center) and document (plain and print-first, like a signed contract).
// Each theme is a folder:
//
//	layouts/base.html      the page skeleton; calls "main", and has blocks
//	                       "head_extra", "site_header" and "site_footer"
//	                       that a kind may redefine (the print view does)
//	layouts/<kind>.html    one per page kind, each defining "main"
//	layouts/partials/*.html templates shared by every page kind
//	assets/*               CSS and scripts, published fingerprinted
//	i18n/<lang>.yaml       the theme's UI strings, one file per language
//
// A site overrides any of these files by putting its own at the same path
// under themes/<name>/.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default all:document i18n
var builtin embed.FS

// FS returns the built-in themes, one folder each.
func FS() fs.FS { return builtin }
