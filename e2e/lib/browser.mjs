// Launches Debian's Chromium through playwright-core (never a downloaded
// browser), keeps every request on 127.0.0.1 and records console errors.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { MISSING_PATH } from './sites.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (make deps, or apt-get install chromium) or set CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

function isLoopback(url) {
  let u;
  try { u = new URL(url); } catch { return false; }
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  const h = u.hostname.replace(/^\[|\]$/g, '');
  return /^127\.\d+\.\d+\.\d+$/.test(h) || h === 'localhost' || h === '::1';
}

/**
 * A browser context whose requests never leave the machine: any request to a
 * non-loopback URL is aborted and recorded in ctx.offsite. Pages made with
 * ctx.newPage() record console errors and uncaught exceptions in ctx.errors.
 */
const expected404 = (url) => new URL(url).pathname === MISSING_PATH;

export async function guardedContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const offsite = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  const newPage = async () => {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // A page served with an error status on purpose (the 404 page) logs
      // its own status; the test checks the status itself.
      if (/status of 404/.test(msg.text()) && msg.location().url === page.url() && expected404(page.url())) return;
      errors.push(`${page.url()}: console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`${page.url()}: uncaught exception: ${err.message}`));
    page.on('requestfailed', (req) => {
      if (isLoopback(req.url())) errors.push(`${page.url()}: request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    return page;
  };
  return { context, offsite, errors, newPage };
}

/** Takes and clears what a guarded context recorded. */
export function drain(ctx) {
  const out = [
    ...ctx.offsite.map((u) => `request left 127.0.0.1: ${u}`),
    ...ctx.errors,
  ];
  ctx.offsite.length = 0;
  ctx.errors.length = 0;
  return out;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Injects axe-core (once per document) and runs it with the WCAG 2.0/2.1/2.2
 * A+AA tags, and with bestPractice also axe's best-practice rules (landmarks,
 * one main, heading order, page has an h1…). Injected through the DevTools protocol rather than a <script>
 * tag, so the site's strict Content-Security-Policy stays in force.
 */
export async function runAxe(page, { bestPractice = false } = {}) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE + '\n;window.axe = axe; void 0;');
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html.length > 160 ? n.html.slice(0, 157) + '…' : n.html,
        summary: (n.failureSummary || '').split('\n').filter((l) => l && !/^Fix (any|all)/.test(l)).map((l) => l.trim()).join('; '),
      })),
    }));
  }, bestPractice ? [...AXE_TAGS, 'best-practice'] : AXE_TAGS);
}

/** Human-readable lines for axe violations on one page in one setting. */
export function formatViolations(violations, url, setting) {
  const lines = [];
  for (const v of violations) {
    lines.push(`axe ${v.id} (${v.impact}) on ${url} [${setting}]: ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 6)) lines.push(`    ${n.target}  ${n.summary}\n      ${n.html}`);
    if (v.nodes.length > 6) lines.push(`    … and ${v.nodes.length - 6} more elements`);
  }
  return lines;
}
