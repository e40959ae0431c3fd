package generator

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"github.com/policysite/policysite/generator/config"
	"github.com/policysite/policysite/generator/diag"
	"github.com/policysite/policysite/generator/render"
	"github.com/policysite/policysite/generator/server"
)

// Serve builds the site in memory — never touching the destination — and
// serves it on bind:port with live reload, rebuilding on every change to
// site.yaml, content/ or themes/, until ctx is done. Links point at the
// server itself unless opts.BaseURL is set. A busy port is an error when
// portExplicit, else the next free port is used. Progress and every build
// error go to log. Serve returns nil when ctx ends it.
func Serve(ctx context.Context, opts Options, bind string, port int, portExplicit bool, log io.Writer) error {
	var baseURL string // the server's own URL, known once it has its port
	srv, err := server.New(server.Config{
		SiteDir:      opts.SiteDir,
		Watch:        []string{config.File, "content", "themes"},
		Bind:         bind,
		Port:         port,
		PortExplicit: portExplicit,
		Log:          log,
		Headers:      serveHeaders(),
		Rebuild: func(ctx context.Context, changed []string) (server.Output, error) {
			// Every change rebuilds the whole site for now; changed says
			// what an incremental rebuild would need to redo.
			o := opts
			if o.BaseURL == "" {
				o.BaseURL = baseURL
			}
			return buildOutput(ctx, o)
		},
	})
	if err != nil {
		return err
	}
	baseURL = srv.URL()
	return srv.Run(ctx)
}

// buildOutput loads and renders the site into memory.
func buildOutput(ctx context.Context, opts Options) (server.Output, error) {
	site, err := Load(os.DirFS(opts.SiteDir), opts)
	if err != nil {
		return nil, splitErrors(err)
	}
	out := server.Output{}
	err = site.Render(opts.Now, func(path string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		out[path] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		return nil, splitErrors(err)
	}
	return out, nil
}

// splitErrors turns a diag.List into errors the server shows one by one.
func splitErrors(err error) error {
	var list diag.List
	if !errors.As(err, &list) {
		return err
	}
	errs := make([]error, len(list))
	for i, e := range list {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// serveHeaders are the deployed site's security headers, less HSTS, which
// means nothing over plain http on loopback.
func serveHeaders() [][2]string {
	var h [][2]string
	for _, kv := range render.SecurityHeaders {
		if kv[0] != "Strict-Transport-Security" {
			h = append(h, kv)
		}
	}
	return h
}
