package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func gcPercent() int64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

func TestGCRelaxedOnlyWhileTheHeapIsSmall(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC() // start from a small live heap
	if liveHeap() > smallHeap {
		t.Skipf("the test binary's live heap is already %d bytes", liveHeap())
	}
	relaxGCWhileSmall(func(string) string { return "" })
	if p := gcPercent(); p != smallHeapGOGC {
		t.Fatalf("GOGC %d with a small heap, want %d", p, smallHeapGOGC)
	}
	big := make([][]byte, 0, 64)
	for range 2 * smallHeap / (1 << 20) {
		b := make([]byte, 1<<20)
		b[0] = 1
		big = append(big, b)
	}
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != largeHeapGOGC {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC still %d with a live heap of %d bytes", gcPercent(), liveHeap())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(big)
}

func TestGCLeftAloneWhenGOGCIsSet(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	relaxGCWhileSmall(func(k string) string {
		if k == "GOGC" {
			return "150"
		}
		return ""
	})
	if p := gcPercent(); p != 150 {
		t.Errorf("GOGC %d, want the user's 150", p)
	}
}
