package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return stdout.String(), stderr.String(), err
}

func TestBuildExampleSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	out, _, err := runCLI(t, nil, "build", "-s", ".", "-d", dest, "--now", "2026-11-22")
	if err != nil {
		t.Fatal(err)
	}
	if !regexpMatch(`^built 3 policies, 5 versions, \d+ files \(.*\) in \d+ms as of 2026-11-22\n$`, out) {
		t.Errorf("summary line = %q", out)
	}
	if _, err := os.Stat(filepath.Join(dest, "privacy", "2025-06-01", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestSourceDateEpoch(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	// 2025-01-01: only the first privacy version is in force.
	out, _, err := runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": "1735689600"}, "build", "-d", dest)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out, "as of 2025-01-01\n") {
		t.Errorf("SOURCE_DATE_EPOCH ignored: %q", out)
	}
	for _, bad := range []string{"soon", "99999999999999", "-9999999999"} {
		_, _, err = runCLI(t, map[string]string{"SOURCE_DATE_EPOCH": bad}, "build", "-d", dest)
		if err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
			t.Errorf("SOURCE_DATE_EPOCH=%s accepted: %v", bad, err)
		}
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"help"}, 0, ""},
		{[]string{"build", "-h"}, 0, ""},
		{nil, 2, "no command given"},
		{[]string{"bogus"}, 2, `unknown command "bogus"`},
		{[]string{"build", "--now", "2024-02-30"}, 2, "--now: invalid date"},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"check", "-s", "testdata/no-such-site"}, 1, "site folder testdata/no-such-site does not exist"},
		{[]string{"check", "-s", "generator"}, 1, "no site.yaml"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runCLI(t, nil, tt.args...)
			var stderr bytes.Buffer
			if code := exitCode(err, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d (err %v)", code, tt.code, err)
			}
			if tt.msg != "" && (err == nil || !strings.Contains(err.Error(), tt.msg)) {
				t.Errorf("error %v, want it to contain %q", err, tt.msg)
			}
			if tt.code == 0 && err != nil && !errors.Is(err, flag.ErrHelp) {
				t.Errorf("unexpected error %v", err)
			}
		})
	}
}

func TestInitBuildsAtOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "legal")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1767225600"} // 2026-01-01
	out, _, err := runCLI(t, env, "init", "--title", "Acme: Legal", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "content/privacy/2026-01-01.md") {
		t.Errorf("init output: %q", out)
	}
	if _, _, err := runCLI(t, env, "build", "-s", dir); err != nil {
		t.Fatalf("new site does not build: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "privacy", "index.html")); err != nil {
		t.Error(err)
	}
	if _, _, err := runCLI(t, env, "init", dir); err == nil {
		t.Error("init overwrote an existing site")
	}
}

func TestNewVersionFromCurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "legal")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1767225600"} // 2026-01-01
	if _, _, err := runCLI(t, env, "init", dir); err != nil {
		t.Fatal(err)
	}
	// A new version of an existing policy starts from its text.
	out, _, err := runCLI(t, env, "new", "-s", dir, "--effective", "2026-03-01", "privacy")
	if err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(dir, "content", "privacy", "2026-03-01.md")
	data, err := os.ReadFile(next)
	if err != nil {
		t.Fatalf("%v (output %q)", err, out)
	}
	for _, want := range []string{"effective: 2026-03-01\n", "title: Privacy Policy\n", "## Information we collect"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("new version lacks %q:\n%s", want, data)
		}
	}
	// A new policy.
	if _, _, err := runCLI(t, env, "new", "-s", dir, "cookie-policy"); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "content", "cookie-policy", "2026-01-01.md"))
	if !strings.Contains(string(data), "title: Cookie Policy\n") {
		t.Errorf("new policy:\n%s", data)
	}
	// Both still build, at a date when the new version is in force.
	if _, _, err := runCLI(t, env, "build", "-s", dir, "--now", "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, env, "new", "-s", dir, "Bad Name"); err == nil {
		t.Error("accepted an unsafe policy name")
	}
}

func TestBuildRefusesMissingEffective(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: T\nbase_url: https://x.example/\nentities: {x: {name: X}}\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "privacy"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "privacy", "a.md"), []byte("---\ntitle: Privacy\nsummary: x\n---\n\nText.\n"), 0o644)
	_, _, err := runCLI(t, nil, "build", "-s", dir)
	var stderr bytes.Buffer
	if code := exitCode(err, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if want := "content/privacy/a.md:1:1: missing effective date"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("a failed build created public/")
	}
}

func regexpMatch(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

func TestDiffCommand(t *testing.T) {
	out, _, err := runCLI(t, nil, "diff", "privacy", "2024-03-01", "2025-06-01", "--color", "never")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"privacy: 2024-03-01 → 2025-06-01\n",
		"within [-60-][+30+] days",
		"## 8. Your California privacy rights [added]",
		"= 7 sections unchanged",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes without a terminal")
	}
	colored, _, err := runCLI(t, nil, "diff", "--color", "always", "privacy", "2024-03-01", "2025-06-01")
	if err != nil || !strings.Contains(colored, "\x1b[") {
		t.Errorf("--color always gave no colour (err %v)", err)
	}
	// Defaults: the version in force on --now against the one before.
	out, _, err = runCLI(t, nil, "diff", "--now", "2025-07-01", "privacy")
	if err != nil || !strings.HasPrefix(out, "privacy: 2024-03-01 → 2025-06-01\n") {
		t.Errorf("default versions: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, nil, "diff", "privacy", "2020-01-01"); err == nil || !strings.Contains(err.Error(), "no version effective 2020-01-01") {
		t.Errorf("unknown version: %v", err)
	}
	if _, _, err := runCLI(t, nil, "diff", "nosuch"); err == nil || !strings.Contains(err.Error(), `no policy "nosuch"`) {
		t.Errorf("unknown policy: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer that a command may write to while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestServeStartsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-s", ".", "--port", "0", "--now", "2026-11-22"}, &stdout, &stderr, func(string) string { return "" })
	}()
	url := regexp.MustCompile(`serving \. at (http://127\.0\.0\.1:\d+/)`)
	deadline := time.Now().Add(10 * time.Second)
	var m []string
	for m = url.FindStringSubmatch(stdout.String()); m == nil; m = url.FindStringSubmatch(stdout.String()) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s%s", err, stdout.String(), stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed:\n%s%s", stdout.String(), stderr.String())
		}
	}
	client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	resp, err := client.Get(m[1] + "privacy/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`<script src="/_policysite/livereload.js"`)) ||
		!bytes.Contains(body, []byte(`href="`+m[1]+`privacy/"`)) {
		t.Errorf("GET privacy/: %d, live-reload script or own base URL missing:\n%s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(time.Second):
		t.Fatal("serve did not stop within a second of cancel")
	}
}

func TestServePortFlag(t *testing.T) {
	if _, _, err := runCLI(t, nil, "serve", "--port", "70000"); err == nil || !strings.Contains(err.Error(), "--port") {
		t.Errorf("bad port accepted: %v", err)
	}
}
