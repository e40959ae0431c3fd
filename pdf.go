package main

import (
	"context"
	"fmt"
	"io"

	"github.com/policysite/policysite/generator"
	"github.com/policysite/policysite/generator/pdf"
)

func cmdPdf(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := newFlagSet("pdf", "pdf [-s dir] [-d dir] [--now YYYY-MM-DD] [--chromium PATH] [--paper A4|Letter]", stderr)
	var f siteFlags
	f.register(fs, true)
	chromium := fs.String("chromium", "", "the Chromium or Chrome `binary` to print with (default $CHROMIUM, /usr/bin/chromium, else chromium, chromium-browser or google-chrome in PATH)")
	paper := fs.String("paper", "A4", "paper `size`: A4 or Letter")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	size, ok := pdf.PaperNamed(*paper)
	if !ok {
		return usageError{fmt.Sprintf("--paper: unknown paper size %q (expected A4 or Letter)", *paper)}
	}
	opts, err := f.options(getenv)
	if err != nil {
		return err
	}
	files, err := generator.PDF(ctx, generator.PDFOptions{Options: opts, Chromium: *chromium, Paper: size, Getenv: getenv})
	for _, file := range files {
		fmt.Fprintf(stdout, "wrote %s (%s, %s, effective %s, %d KiB)\n", file.Path, file.Policy, file.Lang, file.Effective, (file.Size+1023)/1024)
	}
	return err
}
