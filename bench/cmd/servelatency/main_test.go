package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 20; i >= 1; i-- { // unsorted on purpose
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 10 * time.Millisecond}, {95, 19 * time.Millisecond}, {100, 20 * time.Millisecond}, {1, time.Millisecond}} {
		if got := percentile(d, c.p); got != c.want {
			t.Errorf("percentile(1..20 ms, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	// 30 edits: the 95th percentile is the 29th value.
	var e []time.Duration
	for i := 1; i <= 30; i++ {
		e = append(e, time.Duration(i))
	}
	if got := percentile(e, 95); got != 29 {
		t.Errorf("percentile(1..30, 95) = %v, want 29", got)
	}
	if got := percentile(nil, 95); got != 0 {
		t.Errorf("percentile(nil) = %v", got)
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 2 { // (2+3)/2, truncated
		t.Errorf("median(1..4) = %v, want 2", got)
	}
	if got := median([]time.Duration{5, 1, 3}); got != 3 {
		t.Errorf("median(1,3,5) = %v, want 3", got)
	}
	s := summarize([]time.Duration{30, 10, 20}, 2, nil)
	if s.n != 5 || s.failures != 2 || s.min != 10 || s.median != 20 || s.p95 != 30 || s.max != 30 {
		t.Errorf("summarize = %+v", s)
	}
}

const version = `---
title: "Cookie Policy"
summary: "Clarified wording in the summary line that is long enough to have more than twenty words in it, so it must not be edited at all."
---

This policy explains how {{ entity.name }} handles information.

## Scope of This Policy

Our service providers use information about your preferences within the European Economic Area unless stated otherwise, for no longer than needed.

- A list item with enough words in it to be mistaken for a paragraph if lists were not skipped here.
`

func TestEditVersion(t *testing.T) {
	data := []byte(version)
	a, err := editVersion(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(version, "about your", "about benchmark", 1) // fifth plain word: "your"
	if string(a) != want {
		t.Fatalf("edit 0:\n%s\nwant:\n%s", a, want)
	}
	b, err := editVersion(a, 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != strings.Replace(version, "about your", "about latency", 1) {
		t.Fatalf("edit 1 did not swap in the other variant:\n%s", b)
	}
	// Same variant again: the other one, so the file still changes.
	c, err := editVersion(b, 1)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(c, b) || string(c) != want {
		t.Fatalf("repeated variant did not change the file:\n%s", c)
	}
	// Deterministic, and the input is left alone.
	again, _ := editVersion([]byte(version), 0)
	if !bytes.Equal(again, a) || string(data) != version {
		t.Fatal("editVersion is not deterministic or changed its input")
	}
	if len(a) != len(version)+len("benchmark")-len("your") {
		t.Fatalf("more than one word changed: %d bytes, want %d", len(a), len(version)+5)
	}
	if _, err := editVersion([]byte("---\ntitle: x\n"), 0); err == nil {
		t.Error("unterminated front matter: no error")
	}
	if _, err := editVersion([]byte("---\ntitle: x\n---\n\nShort one.\n"), 0); err == nil {
		t.Error("no long paragraph: no error")
	}
}

func TestPickTargets(t *testing.T) {
	var names []string
	versions := map[string][]string{}
	for i := range 200 {
		p := fmt.Sprintf("policy-%04d", i)
		names = append(names, p)
		for v := range 10 {
			versions[p] = append(versions[p], fmt.Sprintf("20%02d-01-01", 10+v))
		}
	}
	targets := pickTargets(names, versions, 200)
	seen := map[string]bool{}
	vseen := map[string]bool{}
	for _, tg := range targets {
		if seen[tg.policy] {
			t.Fatalf("policy %s edited twice in the first 200 edits", tg.policy)
		}
		seen[tg.policy] = true
		vseen[tg.version] = true
	}
	if len(vseen) != 10 {
		t.Errorf("edits hit %d of 10 versions", len(vseen))
	}
	if fmt.Sprint(pickTargets(names, versions, 30)) != fmt.Sprint(targets[:30]) {
		t.Error("pickTargets is not deterministic")
	}
	// Fewer policies than edits: wraps around without failing.
	if got := pickTargets(names[:3], versions, 7); len(got) != 7 {
		t.Errorf("got %d targets", len(got))
	}
}
