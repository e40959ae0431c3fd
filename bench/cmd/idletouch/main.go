// Command idletouch shows how this machine slows memory access after the
// process has been idle: it touches a buffer — one byte in every cache
// line, or with -stride 4096 one byte in every page — right after the
// previous pass and after pauses of increasing length, and prints the time
// each pass took. On the 2-core VM the benchmarks ran on, a pass over
// 400 MiB took about 60 ms back to back and 250 ms after half a second of
// idleness, with no page faults: the cause lies below the guest. The cost
// is per page: one byte in each of 2,048 pages took 0.05 ms back to back
// and 10–22 ms after 300 ms of idleness in the slow hours. It is why an
// edit in serve rebuilds several times slower when edits come half a
// second apart than back to back (docs/benchmarks.md).
//
//	go run ./bench/cmd/idletouch -mib 400
//	go run ./bench/cmd/idletouch -mib 8 -stride 4096
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	mib := flag.Int("mib", 400, "size of the buffer in MiB")
	runs := flag.Int("runs", 5, "passes after each pause")
	stride := flag.Int("stride", 64, "bytes from one byte touched to the next: 64 touches every cache line, 4096 every page")
	flag.Parse()
	if *stride <= 0 || *mib <= 0 {
		fmt.Fprintln(os.Stderr, "idletouch: -mib and -stride must be positive")
		os.Exit(2)
	}
	buf := make([]byte, *mib<<20)
	touch := func() time.Duration {
		start := time.Now()
		var sum byte
		for i := 0; i < len(buf); i += *stride {
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
