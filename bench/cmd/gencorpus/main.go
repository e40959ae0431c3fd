// Command gencorpus writes a benchmark corpus of one size.
//
//	go run ./bench/cmd/gencorpus -size M -o bench/.corpus/M
//	go run ./bench/cmd/gencorpus -size M -o bench/.corpus/M -hugo bench/.corpus/M-hugo
//
// The output folder must not exist or be empty. With -hugo it also
// prepares a Hugo site over the same Markdown. -policies and -versions
// make a corpus of any other size.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/policysite/policysite/bench"
)

func main() {
	size := flag.String("size", "S", "corpus size: S, M or L")
	out := flag.String("o", "", "output `folder` (must not exist or be empty)")
	hugo := flag.String("hugo", "", "also prepare a Hugo site over the corpus in this `folder`")
	policies := flag.Int("policies", 0, "a custom number of policies (with -versions)")
	versions := flag.Int("versions", 0, "a custom number of versions per policy")
	flag.Parse()
	if err := run(*size, *out, *hugo, *policies, *versions); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(name, out, hugo string, policies, versions int) error {
	if out == "" {
		return fmt.Errorf("which folder? (expected -o DIR)")
	}
	s, ok := bench.SizeNamed(name)
	if policies > 0 || versions > 0 {
		s, ok = bench.Size{Name: fmt.Sprintf("%dx%d", policies, versions), Policies: policies, Versions: versions}, true
	}
	if !ok {
		return fmt.Errorf("unknown size %q (expected S, M or L)", name)
	}
	m, err := bench.Generate(out, s)
	if err != nil {
		return err
	}
	if hugo != "" {
		if err := bench.PrepareHugo(out, hugo); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}
