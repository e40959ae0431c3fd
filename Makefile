# policysite — the usual targets. `make build` builds the example site into
# public/; `make test` installs what the tests need and runs every test.
GO      ?= go
BIN     := bin/policysite
NOW     ?=
ARGS    ?=
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: all build serve test test-go test-e2e deps bench bench-deps bench-go bench-corpus bench-serve fuzz clean fmt vet

all: build

$(BIN): $(shell find . -name '*.go' -not -path './node_modules/*') $(shell find themes -type f) go.mod go.sum
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) .

## build: build the example site into public/
build: $(BIN)
	./$(BIN) build $(if $(NOW),--now $(NOW)) $(ARGS)

## serve: preview the example site with live reload
serve: $(BIN)
	./$(BIN) serve $(ARGS)

## test: every test — Go unit, golden, end-to-end (installs what they need)
test: deps vet test-go test-e2e

## deps: install what the tests need on a fresh Debian machine
deps:
	bash scripts/install-deps.sh

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

## test-e2e: the real-browser suite (axe-core in Chromium, keyboard, reflow,
## JavaScript off, Nu Html Checker) over the example site and ../shared/corpus
test-e2e: $(BIN)
	cd e2e && POLICYSITE_BIN=../$(BIN) node --test --test-concurrency=2

## bench: policysite against Hugo on the generated corpus (see docs/benchmarks.md);
## one size: make bench SIZES=M. Needs hugo (Debian: apt-get install hugo).
SIZES ?= S M L
RUNS  ?= 5
bench: $(BIN) bench-deps
	$(GO) run ./bench/cmd/compare -bin $(BIN) -sizes "$(SIZES)" -runs $(RUNS) -out bench/results.md

## bench-deps: Hugo, the yardstick of the benchmarks (Debian package hugo)
bench-deps:
	@command -v hugo >/dev/null 2>&1 || { echo "installing Debian package hugo"; \
	  if [ "$$(id -u)" = 0 ]; then S=""; else S=sudo; fi; \
	  $$S apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -qq hugo >/dev/null; }

## bench-corpus: only generate the cached corpora under bench/.corpus/
bench-corpus:
	$(GO) run ./bench/cmd/compare -prepare -hugo= -sizes "$(SIZES)"

## bench-serve: edit-to-reload latency of serve against hugo server; SIZE=S|M|L
SIZE ?= M
bench-serve: $(BIN) bench-deps
	$(GO) run ./bench/cmd/servelatency -bin $(BIN) -size $(SIZE)

## bench-go: Go benchmarks of every stage
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: run each fuzz target for FUZZTIME (default 60s)
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin public .public.*
