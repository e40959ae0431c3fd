package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// ExternalOptions bound the checking of external links.
type ExternalOptions struct {
	Timeout     time.Duration // per request; default 10 s
	Concurrency int           // requests in flight at once; default 4
	Client      *http.Client  // default: one that follows up to 5 redirects
}

// DeadLink is an external URL that did not answer with success.
type DeadLink struct {
	URL    string
	Reason string
}

// CheckExternal requests each URL politely — HEAD first, GET when a server
// refuses HEAD; one request at a time per host; a few hosts at once — and
// returns those that fail, sorted.
func CheckExternal(ctx context.Context, urls []string, opts ExternalOptions) []DeadLink {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("more than 5 redirects")
			}
			return nil
		}}
	}
	byHost := map[string][]string{}
	var hosts []string
	for _, u := range urls {
		parsed, err := url.Parse(u)
		host := ""
		if err == nil {
			host = parsed.Host
		}
		if _, ok := byHost[host]; !ok {
			hosts = append(hosts, host)
		}
		byHost[host] = append(byHost[host], u)
	}
	var (
		mu   sync.Mutex
		dead []DeadLink
		wg   sync.WaitGroup
		sem  = make(chan struct{}, opts.Concurrency)
	)
	for _, host := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, u := range byHost[host] {
				if reason := probe(ctx, client, u, opts.Timeout); reason != "" {
					mu.Lock()
					dead = append(dead, DeadLink{URL: u, Reason: reason})
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	slices.SortFunc(dead, func(a, b DeadLink) int { return strings.Compare(a.URL, b.URL) })
	return dead
}

func probe(ctx context.Context, client *http.Client, u string, timeout time.Duration) string {
	status := 0
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		req, err := http.NewRequestWithContext(rctx, method, u, nil)
		if err != nil {
			cancel()
			return "not a valid URL"
		}
		req.Header.Set("User-Agent", "policysite-linkcheck (+https://github.com/policysite/policysite)")
		resp, err := client.Do(req)
		if err != nil {
			cancel()
			if rctx.Err() != nil {
				return fmt.Sprintf("no answer within %s", timeout)
			}
			return err.Error()
		}
		resp.Body.Close()
		cancel()
		status = resp.StatusCode
		if status < 400 {
			return ""
		}
		// Some servers refuse HEAD; ask again with GET.
		if status != http.StatusMethodNotAllowed && status != http.StatusNotImplemented && status != http.StatusForbidden {
			break
		}
	}
	return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
}
