// Builds the sites the end-to-end tests check and lists their pages.
//
// Sites: the example site at the repository root, and every site under
// ../shared/corpus (skipped when that folder is missing), each built with
// --now 2026-11-22 and 2027-06-01 into a temporary folder. The policysite
// binary is built once (`go build -o`) unless POLICYSITE_BIN names one.
//
// Environment knobs (all optional):
//   POLICYSITE_BIN   a built policysite binary to use instead of `go build`
//   E2E_SITES        comma-separated substrings: only sites whose name matches
//   E2E_NOWS         comma-separated build dates (default 2026-11-22,2027-06-01)
//   E2E_ALL_PAGES=1  check every page of every site, not one per page type
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(E2E_DIR, '..');
export const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
/** Where the tests meet the 404 page: a URL the build does not have. */
export const MISSING_PATH = '/e2e-missing/deep/page/';
export const NOWS = (process.env.E2E_NOWS || '2026-11-22,2027-06-01').split(',').map((s) => s.trim()).filter(Boolean);

let tmpRoot = null;
function tmp() {
  if (!tmpRoot) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'policysite-e2e-'));
    process.on('exit', () => { try { fs.rmSync(tmpRoot, { recursive: true, force: true }); } catch { /* ignore */ } });
  }
  return tmpRoot;
}

let bin = null;
export function policysiteBinary() {
  if (bin) return bin;
  if (process.env.POLICYSITE_BIN) {
    bin = path.resolve(REPO, process.env.POLICYSITE_BIN);
    return bin;
  }
  bin = path.join(tmp(), 'policysite');
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  return bin;
}

/** The site sources: [{name, dir, example}] */
export function siteSources() {
  const out = [{ name: 'example', dir: REPO, example: true }];
  if (fs.existsSync(CORPUS)) {
    for (const d of fs.readdirSync(CORPUS).sort()) {
      const dir = path.join(CORPUS, d);
      if (fs.existsSync(path.join(dir, 'site.yaml'))) out.push({ name: d, dir, example: false });
    }
  }
  const only = (process.env.E2E_SITES || '').split(',').map((s) => s.trim()).filter(Boolean);
  return only.length ? out.filter((s) => only.some((o) => s.name.includes(o))) : out;
}

function walk(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** URL path under which a server of the output folder shows the file. */
export function urlPathOf(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

/**
 * The page type of an HTML page: its body's kind-XXX class, refined by the
 * status banners it shows (superseded / upcoming), so archived and upcoming
 * versions count as their own type.
 */
export function pageType(html) {
  const body = html.match(/<body\b[^>]*\bclass="([^"]*)"/);
  const kind = body && body[1].split(/\s+/).find((c) => c.startsWith('kind-'));
  const t = kind ? kind.slice(5) : 'unknown';
  const banners = [...new Set([...html.matchAll(/class="[^"]*\bbanner-([\w-]+)/g)].map((m) => m[1]))].sort();
  return banners.length ? `${t}:${banners.join('+')}` : t;
}

/**
 * Builds every site for every --now date. Returns
 * [{id, name, now, dir, example, files: [rel…], html: [{rel, path, type}], css: [rel…], selected: [{…}]}].
 * `selected` is every page of the example site at the first date, else the
 * first page of each page type (by path order).
 */
export function buildSites() {
  const b = policysiteBinary();
  const builds = [];
  for (const src of siteSources()) {
    for (const now of NOWS) {
      const id = `${src.name}@${now}`;
      const out = path.join(tmp(), 'sites', `${src.name}-${now}`);
      try {
        execFileSync(b, ['build', '-q', '-s', src.dir, '-d', out, '--now', now], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        builds.push({ id, name: src.name, now, error: `policysite build of ${id} failed:\n${err.stderr || err.message}` });
        continue;
      }
      const files = walk(out);
      const html = files.filter((f) => f.endsWith('.html')).map((rel) => {
        const type = pageType(fs.readFileSync(path.join(out, rel), 'utf8'));
        // The 404 page is checked where a reader meets it: at a missing URL.
        const p = rel === '404.html' ? MISSING_PATH : urlPathOf(rel);
        return { rel, path: p, type, status: rel === '404.html' ? 404 : 200 };
      });
      const all = process.env.E2E_ALL_PAGES === '1' || (src.example && now === NOWS[0]);
      const seen = new Set();
      const selected = html.filter((p) => {
        if (all) return true;
        if (seen.has(p.type)) return false;
        seen.add(p.type);
        return true;
      });
      builds.push({ id, name: src.name, now, dir: out, example: src.example, files, html, css: files.filter((f) => f.endsWith('.css')), selected });
    }
  }
  return builds;
}
