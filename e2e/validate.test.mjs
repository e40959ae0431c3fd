// Valid output (issue 4, item 3): the Nu Html Checker (npm vnu-jar, run with
// the machine's Java) reports 0 errors on every HTML page of every built
// site, and on the stylesheets (--css). One checker run covers all sites, so
// the JVM starts once for HTML and once for CSS.
//
//   cd e2e && node --test validate.test.mjs
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildSites } from './lib/sites.mjs';

const require = createRequire(import.meta.url);
const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
const JAVA = process.env.JAVA || 'java';

/** Runs vnu.jar over files; returns its messages grouped by absolute file path. */
function vnu(files, extra = []) {
  const byFile = new Map(files.map((f) => [f, []]));
  if (!files.length) return byFile;
  const r = spawnSync(JAVA, ['-Xss8m', '-jar', VNU, '--errors-only', '--format', 'json', ...extra, ...files], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`cannot run ${JAVA} -jar vnu.jar: ${r.error.message} (install Java: make deps)`);
  let out;
  try {
    out = JSON.parse(r.stderr || r.stdout);
  } catch {
    throw new Error(`vnu.jar gave no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  for (const m of out.messages || []) {
    const f = m.url ? fileURLToPath(m.url) : '(unknown file)';
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push(m);
  }
  return byFile;
}

// The Nu checker's CSS profile does not know CSS Generated Content for Paged
// Media (GCPM), which the print stylesheet uses for running headers in
// paged renderers such as WeasyPrint: `string-set` and `content: string()`.
// Those are valid CSS; every other CSS error fails.
const CSS_PAGED_MEDIA = [
  /^CSS: “string-set”: Property “string-set” doesn't exist\.$/,
  /^CSS: “content”: “string\([\w-]+(, *[\w-]+)?\)” is not a “content” value\.$/,
];
const isPagedMediaFalsePositive = (m) => CSS_PAGED_MEDIA.some((re) => re.test(m.message));

function format(m, rel) {
  const where = m.lastLine ? `${rel}:${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}` : rel;
  const extract = m.extract ? `\n      ${m.extract.replace(/\n/g, '⏎').slice(0, 200)}` : '';
  return `${where}: ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}${extract}`;
}

const builds = buildSites();
let html, css;
before(() => {
  const ok = builds.filter((b) => !b.error);
  html = vnu(ok.flatMap((b) => b.html.map((p) => path.join(b.dir, p.rel))));
  css = vnu(ok.flatMap((b) => b.css.map((f) => path.join(b.dir, f))), ['--css']);
});

for (const b of builds) {
  describe(`validate ${b.id}`, () => {
    if (b.error) {
      test('build', () => assert.fail(b.error));
      return;
    }
    test(`Nu Html Checker: 0 errors on ${b.html.length} HTML pages`, () => {
      const problems = b.html.flatMap((p) => (html.get(path.join(b.dir, p.rel)) || []).map((m) => format(m, p.rel)));
      assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
    });
    test(`Nu Html Checker --css: 0 errors on ${b.css.length} stylesheets`, () => {
      const problems = b.css.flatMap((f) => (css.get(path.join(b.dir, f)) || []).filter((m) => !isPagedMediaFalsePositive(m)).map((m) => format(m, f)));
      assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
    });
    test('every HTML page has one kind-XXX page type', () => {
      const bad = b.html.filter((p) => p.type === 'unknown').map((p) => p.rel);
      assert.deepEqual(bad, [], 'pages without a kind-XXX class on <body>');
    });
  });
}

test('checker sees every file it was given', () => {
  const unknown = [...html.keys(), ...css.keys()].filter((f) => f === '(unknown file)');
  assert.deepEqual(unknown, []);
});
