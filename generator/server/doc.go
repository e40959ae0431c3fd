// Package server is the preview server behind "policysite serve": it
// serves a site's output from memory, watches the site's sources and, on
// every change, asks a Rebuild function for the new output and tells the
// browsers to reload.
//
// The package knows nothing of how a site is built: it receives a Rebuild
// function and never imports the loaders or renderers. It is the only
// package that uses fsnotify.
//
// # Serving
//
// Requests are answered from the last good Output only — never from disk.
// "/x/" serves "x/index.html"; "/x" redirects to "/x/" when that exists;
// an unknown path gets the site's 404.html with status 404. Only GET and
// HEAD are allowed. Paths with "..", backslashes, NUL, encoded dots or
// slashes, or a second leading slash are refused with 400. Every response
// carries Cache-Control: no-store and the security headers of
// Config.Headers (a strict Content-Security-Policy by default). Aliases
// listed in the output's _redirects file ("from to [status]") redirect.
//
// Every HTML response gets two tags before </head>, added by the server
// only (the output itself never contains them):
//
//	<link rel="stylesheet" href="/_policysite/overlay.css">
//	<script src="/_policysite/livereload.js" data-build="N" defer></script>
//
// Both are external files, so "script-src 'self'; style-src 'self'" holds.
//
// # Live reload
//
// The script listens to Server-Sent Events at /_policysite/events:
//
//	hello   {"build":N}        on connect; the page reloads if it was built before N
//	reload  {"build":N}        a rebuild changed the output: reload, keeping the scroll position
//	css     {"build":N,"swap":[{"from":"/assets/style.1.css","to":"/assets/style.2.css"}]}
//	                           only stylesheets changed: swap the <link> hrefs, no reload
//	error   {"errors":["content/a.md:3:1: message", …]}
//	                           the rebuild failed: show the errors in an overlay
//	                           (also sent at once to a client that connects while broken)
//	ok      {}                 the site builds again: remove the overlay
//
// A comment line is sent every 15 seconds to keep the connection open.
//
// # Watching
//
// Config.Watch names the files and folders to watch, relative to
// Config.SiteDir. Folders are watched recursively, including folders
// created later; the site folder itself is watched so that a watched file
// or folder that appears later is noticed too. Editors' temporary files
// (dot-files such as .swp and .#name, name~, #name#, 4913, and the like)
// are ignored; a file written under a temporary name and renamed over its
// target counts as a change of the target. Events are debounced: a batch
// is built 5 ms (Config.Debounce) after the last event of a burst, or at
// the latest after ten times that. Rebuilds never overlap; events that
// arrive during a rebuild make the next batch, and the rebuild they
// arrived under is not shown — it may hold a save half done — unless
// changes have kept coming for a second. A failed rebuild keeps the
// last good output, logs every error and broadcasts them; the server never
// stops because of a broken site.
package server
