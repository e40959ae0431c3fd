package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPdfCommandErrors(t *testing.T) {
	_, _, err := runCLI(t, nil, "pdf", "-s", ".", "--paper", "A5")
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "A4 or Letter") {
		t.Errorf("--paper A5: err = %v, want a usage error naming A4 and Letter", err)
	}
	missing := filepath.Join(t.TempDir(), "no-chromium")
	_, _, err = runCLI(t, nil, "pdf", "-s", ".", "--chromium", missing)
	if err == nil || !strings.Contains(err.Error(), "--chromium") {
		t.Errorf("--chromium %s: err = %v, want one naming --chromium", missing, err)
	}
	_, _, err = runCLI(t, map[string]string{"CHROMIUM": missing}, "pdf", "-s", ".")
	if err == nil || !strings.Contains(err.Error(), "CHROMIUM=") {
		t.Errorf("CHROMIUM=%s: err = %v, want one naming CHROMIUM", missing, err)
	}
}

// TestPdfCommand prints the example site when a Chromium is installed.
func TestPdfCommand(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no /usr/bin/chromium")
	}
	dest := t.TempDir()
	stdout, _, err := runCLI(t, nil, "pdf", "-s", ".", "-d", dest, "--now", "2026-11-22", "--paper", "Letter")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"privacy/privacy-2025-06-01.pdf", "terms/terms-2024-03-01.pdf", "cookies/cookies-2024-03-01.pdf"} {
		data, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.HasPrefix(string(data), "%PDF-") {
			t.Errorf("%s is not a PDF", f)
		}
		if !strings.Contains(stdout, f) {
			t.Errorf("stdout does not name %s:\n%s", f, stdout)
		}
	}
}
