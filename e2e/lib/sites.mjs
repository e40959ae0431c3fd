// Builds the sites the end-to-end tests check and lists their pages.
//
// Sites: the example site at the repository root, and every site under
// ../shared/corpus (skipped when that folder is missing), each built with
// --now 2026-11-22 and 2027-06-01 into a temporary folder; and each again in
// every other built-in theme (a folder of themes/ with layouts/), from a
// copy whose site.yaml names that theme, at the first date. The policysite
// binary is built once (`go build -o`) unless POLICYSITE_BIN names one.
//
// Environment knobs (all optional):
//   POLICYSITE_BIN   a built policysite binary (path from the working directory)
//                    to use instead of `go build`
//   E2E_SITES        comma-separated substrings: only sites whose name matches
//   E2E_NOWS         comma-separated build dates (default 2026-11-22,2027-06-01)
//   E2E_THEMES       comma-separated themes to check (default: every built-in)
//   E2E_ALL_PAGES=1  check every page of every site, not one per page type
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
    bin = path.resolve(process.env.POLICYSITE_BIN); // relative to the working directory
    return bin;
  }
  bin = path.join(tmp(), 'policysite');
  execFileSync('go', ['build', '-o', bin, '.'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  return bin;
}

/** The built-in themes: the folders of themes/ that have layouts/. */
export function builtinThemes() {
  if (process.env.E2E_THEMES) return process.env.E2E_THEMES.split(',').map((s) => s.trim()).filter(Boolean);
  const dir = path.join(REPO, 'themes');
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'layouts')))
    .map((e) => e.name).sort();
}

function siteTheme(dir) {
  const m = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8').match(/^theme:\s*["']?([\w-]+)/m);
  return m ? m[1] : 'default';
}

/**
 * A copy of the site at dir that uses another theme: site.yaml with its
 * theme: line replaced, content/ and the site's own themes/ overrides.
 */
function withTheme(dir, name, theme) {
  const out = path.join(tmp(), 'src', `${name}-${theme}`);
  fs.mkdirSync(out, { recursive: true });
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'site.yaml' || !['content', 'themes', 'static'].includes(e.name)) continue;
    fs.cpSync(path.join(dir, e.name), path.join(out, e.name), { recursive: true });
  }
  let y = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8');
  y = /^theme:/m.test(y) ? y.replace(/^theme:.*$/m, `theme: ${theme}`) : `${y.replace(/\n?$/, '\n')}theme: ${theme}\n`;
  fs.writeFileSync(path.join(out, 'site.yaml'), y);
  return out;
}

/**
 * The site sources: [{name, dir, example, theme, own}]: the example site and
 * each corpus site with its own theme, and again with each other built-in
 * theme (own: false).
 */
export function siteSources() {
  const base = [{ name: 'example', dir: REPO, example: true }];
  if (fs.existsSync(CORPUS)) {
    for (const d of fs.readdirSync(CORPUS).sort()) {
      const dir = path.join(CORPUS, d);
      if (fs.existsSync(path.join(dir, 'site.yaml'))) base.push({ name: d, dir, example: false });
    }
  }
  const only = (process.env.E2E_SITES || '').split(',').map((s) => s.trim()).filter(Boolean);
  const themes = builtinThemes();
  const out = [];
  for (const s of only.length ? base.filter((s) => only.some((o) => s.name.includes(o))) : base) {
    const own = siteTheme(s.dir);
    out.push({ ...s, theme: own, own: true });
    for (const t of themes) if (t !== own) out.push({ ...s, name: `${s.name}+${t}`, theme: t, own: false, copyOf: s.dir });
  }
  return out;
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
 * `selected` is every page of the example site in its own theme at the
 * first date, else the first page of each page type (by path order).
 */
export function buildSites() {
  const b = policysiteBinary();
  const builds = [];
  for (const src of siteSources()) {
    // A site in another theme than its own is built at the first date only.
    for (const now of src.own ? NOWS : NOWS.slice(0, 1)) {
      const id = `${src.name}@${now}`;
      const out = path.join(tmp(), 'sites', `${src.name}-${now}`);
      try {
        const dir = src.copyOf ? withTheme(src.copyOf, src.name, src.theme) : src.dir;
        execFileSync(b, ['build', '-q', '-s', dir, '-d', out, '--now', now], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        builds.push({ id, name: src.name, now, error: `policysite build of ${id} failed:\n${err.stderr || err.message}` });
        continue;
      }
      const files = walk(out);
      const html = files.filter((f) => f.endsWith('.html')).map((rel) => {
        const bytes = fs.readFileSync(path.join(out, rel));
        const type = pageType(bytes.toString('utf8'));
        // The 404 page is checked where a reader meets it: at a missing URL.
        const p = rel === '404.html' ? MISSING_PATH : urlPathOf(rel);
        // Same bytes at the same path (assets are fingerprinted) test the same.
        const key = p + ' ' + createHash('sha256').update(bytes).digest('hex');
        return { rel, path: p, type, key, status: rel === '404.html' ? 404 : 200 };
      });
      const all = process.env.E2E_ALL_PAGES === '1' || (src.example && src.own && now === NOWS[0]);
      const seen = new Set();
      const selected = html.filter((p) => {
        if (all) return true;
        if (seen.has(p.type)) return false;
        seen.add(p.type);
        return true;
      });
      builds.push({ id, name: src.name, theme: src.theme, now, dir: out, example: src.example, files, html, css: files.filter((f) => f.endsWith('.css')), selected });
    }
  }
  return builds;
}
