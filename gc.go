package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Collection while the heap is small. A small site builds in tens of
// milliseconds, and at the default GOGC=100 the collector, starting from
// a 4 MB heap goal, takes about a fifth of that. So the collector runs at
// smallHeapGOGC until the live heap passes smallHeap, and at the default
// from then on: a large site's peak memory stays what it was.
const (
	smallHeap     = 8 << 20
	smallHeapGOGC = 400
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
			debug.SetGCPercent(100)
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
