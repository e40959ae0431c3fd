package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is a server process in its own process group, whose output is
// kept (the last lines, for error messages) and scanned for the build
// times it logs.
type child struct {
	name   string
	cmd    *exec.Cmd
	out    *lineLog
	exited chan struct{} // closed when the process has been waited for
	err    error         // Wait's error, once exited is closed
}

// start runs name with args in a new process group; buildTime, if not nil,
// matches an output line that reports a build's duration in its first
// group (a time.Duration such as 41ms, or a number of milliseconds).
func start(name string, args []string, dir string, buildTime *regexp.Regexp) (*child, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	// The whole group is killed at the end; should this program die first,
	// the kernel kills the server.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out := &lineLog{re: buildTime, builds: make(chan time.Duration, 64)}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{name: name, cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// stop ends the process group: SIGTERM, then SIGKILL after two seconds.
func (c *child) stop() {
	pgid := c.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(2 * time.Second):
	}
	// Also kills anything the server started and left behind.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	select {
	case <-c.exited:
	case <-time.After(3 * time.Second):
	}
}

// waitHTTP polls url until it answers 200, the process exits, or the
// timeout passes.
func (c *child) waitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-c.exited:
			return fmt.Errorf("%s exited (%v) before serving:\n%s", c.name, c.err, c.out.tail())
		case <-ctx.Done():
			return fmt.Errorf("%s did not serve %s within %s:\n%s", c.name, url, timeout, c.out.tail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// lineLog is the child's output: it keeps the last lines and sends each
// build time it finds.
type lineLog struct {
	mu      sync.Mutex
	partial []byte
	last    []string
	re      *regexp.Regexp
	builds  chan time.Duration
}

const keepLines = 40

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		line := string(bytes.TrimRight(l.partial[:i], "\r"))
		l.partial = l.partial[i+1:]
		l.last = append(l.last, line)
		if len(l.last) > keepLines {
			l.last = l.last[len(l.last)-keepLines:]
		}
		if l.re == nil {
			continue
		}
		if m := l.re.FindStringSubmatch(line); m != nil {
			if d, ok := parseBuildTime(m[1]); ok {
				select {
				case l.builds <- d:
				default: // nobody is reading: drop it
				}
			}
		}
	}
	return len(p), nil
}

func parseBuildTime(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, true
	}
	if d, err := time.ParseDuration(s + "ms"); err == nil {
		return d, true
	}
	return 0, false
}

func (l *lineLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return "  " + strings.Join(l.last, "\n  ")
}

// drainBuilds discards the build times logged so far.
func (l *lineLog) drainBuilds() {
	for {
		select {
		case <-l.builds:
		default:
			return
		}
	}
}

// nextBuild returns the next build time logged, waiting at most wait.
func (l *lineLog) nextBuild(wait time.Duration) (time.Duration, bool) {
	select {
	case d := <-l.builds:
		return d, true
	case <-time.After(wait):
		return 0, false
	}
}

// freePort asks the kernel for a free TCP port on the loopback interface.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("no TCP address")
	}
	return addr.Port, nil
}
