// Issue 4: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every page of both renditions, plus a few
// document pages with each 配色 scheme applied through the toolbar and with the 微信 QR dialog open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { session, allPages, pool, DOCS } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  }, TAGS);
}

function describe(url, violations) {
  return violations.map((v) => `${url}: [${v.id}/${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

test('axe: every page of both renditions has no WCAG 2.2 AA violations', async () => {
  const pages = allPages();
  assert.ok(pages.length > 100, `expected the whole example site, found ${pages.length} pages`);
  assert.ok(pages.some((p) => p.startsWith('/care/')), 'care rendition present');
  const ctx = await s.newContext();
  const failures = [];
  await pool(pages, 2, async (p) => {
    const page = await ctx.newPage();
    try {
      await page.goto(s.url(p), { waitUntil: 'load' });
      const v = await axe(page);
      if (v.length) failures.push(describe(p, v));
    } finally { await page.close(); }
  });
  assert.equal(failures.length, 0, `axe violations on ${failures.length} of ${pages.length} pages:\n${failures.join('\n')}`);
});

const SCHEMES = ['default', 'contrast', 'yellow-black', 'blue'];

test('axe: document pages in every 配色 scheme (applied with the toolbar), both renditions', async () => {
  const ctx = await s.newContext();
  const failures = [];
  const jobs = [];
  for (const doc of DOCS) for (const care of [false, true]) jobs.push((care ? '/care' : '') + doc);
  await pool(jobs, 2, async (p) => {
    const page = await ctx.newPage();
    try {
      await page.goto(s.url(p));
      await page.click('[data-module="gk-toolbar-toggle"]');
      for (const scheme of SCHEMES) {
        await page.click(`#gk-toolbar [data-gk-scheme="${scheme}"]`);
        assert.ok(await page.evaluate((c) => document.documentElement.classList.contains(c), `gk-scheme-${scheme}`));
        const v = await axe(page);
        if (v.length) failures.push(describe(`${p} (配色 ${scheme})`, v));
      }
      // the reset leaves the toolbar open but clears storage for the next page
      await page.click('#gk-toolbar [data-gk-action="reset"]');
    } finally { await page.close(); }
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('axe: the 微信 QR dialog open, and the toolbar open with its help', async () => {
  const ctx = await s.newContext();
  const failures = [];
  for (const p of [DOCS[0], '/care' + DOCS[0]]) {
    const page = await ctx.newPage();
    await page.goto(s.url(p));
    await page.click('[data-gk-open-qr]');
    assert.ok(await page.evaluate(() => document.querySelector('[data-module="gk-qr-dialog"]').open), 'dialog open');
    let v = await axe(page);
    if (v.length) failures.push(describe(`${p} (QR dialog)`, v));
    await page.keyboard.press('Escape');
    await page.click('[data-module="gk-toolbar-toggle"]');
    await page.click('[data-gk-action="help"]');
    v = await axe(page);
    if (v.length) failures.push(describe(`${p} (toolbar + help)`, v));
    await page.close();
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('no request left 127.0.0.1', () => { s.assertNoForeignRequests(); });
