// A tiny static file server for the end-to-end tests: serves one folder on
// 127.0.0.1 at a random free port, like a CDN would serve policysite's
// output: `/x/` → x/index.html, `/x` → redirect to `/x/` when x/ is a
// folder, missing files → 404.html with status 404. With `headers: true`
// it also sends the headers the build wrote into `_headers` (the Netlify /
// Cloudflare Pages format), so the strict Content-Security-Policy the site
// promises is enforced in the browser.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(file) {
  const base = path.basename(file);
  if (base === '_headers' || base === '_redirects') return 'text/plain; charset=utf-8';
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// parseHeaders reads the `_headers` format: a path pattern at the start of
// a line, then indented `Name: value` lines. `*` matches any run of characters.
export function parseHeaders(text) {
  const rules = [];
  let cur = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pat = line.trim();
      const re = new RegExp('^' + pat.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
      cur = { re, headers: [] };
      rules.push(cur);
      continue;
    }
    const i = line.indexOf(':');
    if (cur && i > 0) cur.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return rules;
}

async function isFile(p) {
  try { return (await fs.stat(p)).isFile(); } catch { return false; }
}
async function isDir(p) {
  try { return (await fs.stat(p)).isDirectory(); } catch { return false; }
}

/**
 * serve(root, {headers}) → Promise<{url, port, close()}>; url ends in '/'.
 */
export async function serve(root, { headers = false } = {}) {
  root = path.resolve(root);
  let rules = [];
  if (headers) {
    try { rules = parseHeaders(await fs.readFile(path.join(root, '_headers'), 'utf8')); } catch { /* none */ }
  }
  const server = http.createServer(async (req, res) => {
    try {
      const u = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try { rel = decodeURIComponent(u.pathname); } catch { rel = null; }
      let file = null;
      let status = 200;
      if (rel !== null && !rel.includes('\0')) {
        const abs = path.join(root, rel);
        if (abs === root || abs.startsWith(root + path.sep)) {
          if (rel.endsWith('/')) {
            if (await isFile(path.join(abs, 'index.html'))) file = path.join(abs, 'index.html');
          } else if (await isFile(abs)) {
            file = abs;
          } else if (await isDir(abs) && await isFile(path.join(abs, 'index.html'))) {
            res.writeHead(301, { Location: u.pathname + '/' + u.search });
            res.end();
            return;
          }
        }
      }
      if (!file) {
        status = 404;
        file = (await isFile(path.join(root, '404.html'))) ? path.join(root, '404.html') : null;
      }
      const hdrs = {};
      for (const r of rules) if (r.re.test(u.pathname)) for (const [k, v] of r.headers) hdrs[k] = v;
      if (!file) {
        res.writeHead(404, { ...hdrs, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('404 not found\n');
        return;
      }
      const body = await fs.readFile(file);
      res.writeHead(status, { ...hdrs, 'Content-Type': contentType(file), 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(err && err.stack || err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
