// Accessibility in a real browser (issue 4, item 2): every page type of every
// built site, in Debian's Chromium, through axe-core (WCAG 2.0/2.1/2.2 A+AA;
// best-practice rules too, once per page) in light and dark scheme at 320 px
// and 1280 px, plus forced colours with
// reduced motion; no horizontal scroll at 320 px; keyboard focus and the skip
// link; pages complete with JavaScript off; no request leaves 127.0.0.1 and
// no console error (the site's own Content-Security-Policy is enforced).
//
//   cd e2e && node --test a11y.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSites } from './lib/sites.mjs';
import { serve } from './lib/serve.mjs';
import { launch, guardedContext, drain, runAxe, formatViolations } from './lib/browser.mjs';

const builds = buildSites();
let browser;
const stats = { pages: 0, axeRuns: 0, violations: 0 };
const checked = new Map(); // page key → where it was checked

before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  console.log(`a11y: ${stats.pages} pages, ${stats.axeRuns} axe runs, ${stats.violations} violations`);
});

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const SETTINGS = [
  // Structure (landmarks, heading order…) does not change with the scheme:
  // axe's best-practice rules run in the first setting only.
  { name: 'light 1280px', viewport: WIDE, media: { colorScheme: 'light' }, bestPractice: true },
  { name: 'dark 1280px', viewport: WIDE, media: { colorScheme: 'dark' } },
  { name: 'dark 320px', viewport: NARROW, media: { colorScheme: 'dark' } },
  { name: 'light 320px', viewport: NARROW, media: { colorScheme: 'light' } },
  { name: 'forced-colors reduced-motion 1280px', viewport: WIDE, media: { colorScheme: 'light', forcedColors: 'active', reducedMotion: 'reduce' } },
];
const PLAIN_MEDIA = { colorScheme: 'light', forcedColors: 'none', reducedMotion: 'no-preference' };

/** Elements wider than the viewport, to say what causes horizontal scroll. */
function overflowReport() {
  const w = window.innerWidth;
  const body = document.body;
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
  // Is el (or a text node in it) clipped by a scrolling/hidden ancestor? An
  // absolutely positioned element is clipped only by its containing block's
  // ancestors, a fixed one by none.
  const clipped = (el, self) => {
    const pos = self ? getComputedStyle(el).position : 'static';
    let cb = pos === 'absolute' ? el.offsetParent : null;
    if (pos === 'fixed') return false;
    let inside = !cb;
    for (let p = self ? el.parentElement : el; p && p !== body && p !== document.documentElement; p = p.parentElement) {
      if (p === cb) inside = true;
      if (inside && getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  const over = (r) => (r.right > w + 0.5 || r.left < -0.5) && r.width > 0; // (right-to-left pages overflow to the left)
  for (const el of body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (over(r) && !clipped(el, true)) out.push(`${name(el)} left=${Math.round(r.left)}px right=${Math.round(r.right)}px`);
  }
  const tw = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = tw.nextNode(); n && out.length < 20; n = tw.nextNode()) {
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (over(r) && !clipped(n.parentElement, false)) out.push(`text "${n.textContent.trim().slice(0, 40)}" in ${name(n.parentElement)} right=${Math.round(r.right)}px`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprits: [...new Set(out)].slice(0, 8) };
}

/** What a focused element shows as its focus indicator. */
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const desc = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''} "${(el.textContent || '').trim().slice(0, 40)}"`;
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  return {
    desc,
    tag: el.tagName,
    href: el.getAttribute('href'),
    targetExists: !!(el.getAttribute('href') || '').match(/^#./) && !!document.getElementById(decodeURIComponent(el.getAttribute('href').slice(1))),
    indicator: outline || shadow,
    style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
    visible: r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth
      && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0,
    key: el.outerHTML.slice(0, 200) + r.top + ',' + r.left,
  };
}

for (const b of builds) {
  describe(`a11y ${b.id}`, () => {
    if (b.error) {
      test('build', () => assert.fail(b.error));
      return;
    }
    let server, ctx, page;
    before(async () => {
      server = await serve(b.dir, { headers: true });
      ctx = await guardedContext(browser);
      page = await ctx.newPage();
    });
    after(async () => {
      await ctx?.context.close();
      await server?.close();
    });

    for (const p of b.selected) {
      test(`${p.type} ${p.path}`, async (t) => {
        if (checked.has(p.key)) {
          t.skip(`same HTML as ${checked.get(p.key)}, checked already`);
          return;
        }
        checked.set(p.key, `${b.id} ${p.path}`);
        const url = new URL(p.path, server.url).href;
        const problems = [];
        await page.setViewportSize(WIDE);
        await page.emulateMedia(PLAIN_MEDIA);
        const resp = await page.goto(url, { waitUntil: 'load' });
        if (resp.status() !== p.status) problems.push(`${url}: HTTP status ${resp.status()}, want ${p.status}`);
        stats.pages++;
        for (const s of SETTINGS) {
          await page.setViewportSize(s.viewport);
          await page.emulateMedia({ ...PLAIN_MEDIA, ...s.media });
          const v = await runAxe(page, { bestPractice: !!s.bestPractice });
          stats.axeRuns++;
          stats.violations += v.length;
          problems.push(...formatViolations(v, url, s.name));
          if (s.viewport === NARROW) {
            const o = await page.evaluate(overflowReport);
            if (o.scrollWidth > o.innerWidth) {
              problems.push(`horizontal scroll on ${url} [${s.name}]: scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}; too wide: ${o.culprits.join(', ') || '(none found)'}`);
            }
          }
          if (s.media.reducedMotion === 'reduce') {
            const sb = await page.evaluate(() => [document.documentElement, document.body].map((e) => getComputedStyle(e).scrollBehavior));
            if (sb.includes('smooth')) problems.push(`scroll-behavior is smooth under prefers-reduced-motion: reduce on ${url}`);
            const anim = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
            if (anim) problems.push(`${anim} animations run under prefers-reduced-motion: reduce on ${url}`);
          }
        }
        problems.push(...drain(ctx));
        assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
      });
    }

    test('keyboard: skip link first, visible focus on every stop', async (t) => {
      const target = b.selected.find((p) => p.type === 'policy') || b.selected.find((p) => p.type.startsWith('policy')) || b.selected[0];
      const url = new URL(target.path, server.url).href;
      const problems = [];
      for (const viewport of [WIDE, NARROW]) {
        await page.setViewportSize(viewport);
        await page.emulateMedia(PLAIN_MEDIA);
        await page.goto(url, { waitUntil: 'load' });
        await page.keyboard.press('Tab');
        const first = await page.evaluate(focusInfo);
        const w = `${viewport.width}px`;
        if (!first) { problems.push(`${url} [${w}]: the first Tab focused nothing`); continue; }
        if (first.tag !== 'A' || !first.targetExists) problems.push(`${url} [${w}]: the first Tab focused ${first.desc}, want a skip link to an existing #target`);
        if (!first.visible) problems.push(`${url} [${w}]: the skip link ${first.desc} is not visible when focused`);
        if (!first.indicator) problems.push(`${url} [${w}]: the skip link has no focus indicator (${first.style})`);
        if (viewport === NARROW || !first.targetExists) continue;
        // Following the skip link moves focus to the main content.
        await page.keyboard.press('Enter');
        const landed = await page.evaluate(() => {
          const id = decodeURIComponent(location.hash.slice(1));
          const t = document.getElementById(id);
          return { hash: location.hash, ok: !!t && (document.activeElement === t || t.contains(document.activeElement)) };
        });
        if (!landed.ok) problems.push(`${url}: Enter on the skip link did not move focus to ${landed.hash}`);
        // Tab through the page from the top.
        await page.goto(url, { waitUntil: 'load' });
        const seen = new Set();
        let stops = 0;
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(focusInfo);
          if (!f || seen.has(f.key)) break;
          seen.add(f.key);
          stops++;
          if (!f.indicator) problems.push(`${url}: Tab stop ${i + 1} ${f.desc} has no visible focus indicator (${f.style})`);
        }
        if (stops < 2) problems.push(`${url}: only ${stops} Tab stops`);
        t.diagnostic(`${url}: ${stops} Tab stops checked`);
      }
      problems.push(...drain(ctx));
      assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
    });

    test('JavaScript off: every page type shows its main content', async () => {
      const off = await guardedContext(browser, { javaScriptEnabled: false });
      const problems = [];
      try {
        const pg = await off.newPage();
        const seen = new Set();
        for (const p of b.selected) {
          if (seen.has(p.type)) continue;
          seen.add(p.type);
          const url = new URL(p.path, server.url).href;
          const resp = await pg.goto(url, { waitUntil: 'load' });
          if (resp.status() !== p.status) problems.push(`${url}: HTTP status ${resp.status()}, want ${p.status}`);
          const mains = await pg.locator('main').count();
          const h1 = await pg.locator('h1').count();
          const text = mains ? (await pg.locator('main').first().innerText()).trim() : '';
          const h1Visible = h1 ? await pg.locator('h1').first().isVisible() : false;
          if (mains !== 1) problems.push(`${url} (JS off): ${mains} <main> elements, want 1`);
          if (!h1 || !h1Visible) problems.push(`${url} (JS off): no visible <h1>`);
          if (!text.length) problems.push(`${url} (JS off): <main> shows no text`);
        }
        problems.push(...drain(off));
      } finally {
        await off.context.close();
      }
      assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
    });
  });
}
