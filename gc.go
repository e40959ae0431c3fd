package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Collection while the heap is small. A small site builds in tens of
// milliseconds, and at the default GOGC=100 the collector, starting from
// a 4 MB heap goal, takes about a fifth of that. So the collector runs at
// smallHeapGOGC until the live heap passes smallHeap, and at largeHeapGOGC
// from then on.
//
// largeHeapGOGC trades memory for collector time. A build's live heap is
// the loaded site, its versions' sections held once (see model.Document):
// 77 MB on the M benchmark corpus, against the 1.2 GB a cold build
// allocates. At 100 that is 40 collections, and at 200 18, which cut user
// CPU by 7 % while peak RSS stayed under what 100 gave before the sections
// were shared (334 MB against 384; docs/benchmarks.md, eleventh round).
const (
	smallHeap     = 8 << 20
	smallHeapGOGC = 400
	largeHeapGOGC = 200
)

// relaxGCWhileSmall applies that policy, unless the user set GOGC.
func relaxGCWhileSmall(getenv func(string) string) {
	if getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(smallHeapGOGC)
	watchHeap()
}

// watchHeap looks at the live heap after the next collection, and again
// after each one until it is large. (The object whose cleanup does it is
// 16 bytes: a smaller one could share a block with others and outlive
// the collection.)
func watchHeap() {
	runtime.AddCleanup(new([16]byte), func(struct{}) {
		if liveHeap() > smallHeap {
			debug.SetGCPercent(largeHeapGOGC)
			return
		}
		watchHeap()
	}, struct{}{})
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return smallHeap + 1 // unknown: behave as for a large heap
	}
	return s[0].Value.Uint64()
}
