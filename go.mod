module github.com/policysite/policysite

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/mmcdole/gofeed v1.4.2
	github.com/tdewolff/minify/v2 v2.24.25
	github.com/yuin/goldmark v1.8.7
	golang.org/x/net v0.61.0
	golang.org/x/sys v0.49.0
	golang.org/x/tools v0.52.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/fsnotify/fsnotify v1.10.1 // indirect
	github.com/mmcdole/goxpp/v2 v2.0.0 // indirect
	github.com/tdewolff/parse/v2 v2.8.20 // indirect
	golang.org/x/text v0.43.0 // indirect
)
