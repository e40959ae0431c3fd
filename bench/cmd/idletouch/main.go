// Command idletouch shows how this machine slows memory access after the
// process has been idle: it writes one byte in every cache line of a
// buffer, right after the previous pass and after pauses of increasing
// length, and prints the time each pass took. On the 2-core VM the
// benchmarks ran on, a pass over 400 MiB took about 60 ms back to back and
// 250 ms after half a second of idleness, with no page faults: the cause
// lies below the guest. It is why an edit in serve rebuilds in about 70 ms
// when edits come back to back and two to three times that when they come
// half a second apart (docs/benchmarks.md).
//
//	go run ./bench/cmd/idletouch -mib 400
package main

import (
	"flag"
	"fmt"
	"time"
)

func main() {
	mib := flag.Int("mib", 400, "size of the buffer in MiB")
	runs := flag.Int("runs", 5, "passes after each pause")
	flag.Parse()
	buf := make([]byte, *mib<<20)
	touch := func() time.Duration {
		start := time.Now()
		var sum byte
		for i := 0; i < len(buf); i += 64 {
			sum += buf[i]
			buf[i] = sum
		}
		return time.Since(start)
	}
	touch() // fault every page in once
	for _, pause := range []time.Duration{0, 100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second} {
		var took []time.Duration
		for range *runs {
			time.Sleep(pause)
			took = append(took, touch().Round(100*time.Microsecond))
		}
		fmt.Printf("after %-6v idle: %v\n", pause, took)
	}
}
