// Issue 4: axe-core in the states a visitor puts the page in: document pages with each 配色 scheme
// applied through the toolbar, with the toolbar and its help open, and with the 微信 QR dialog open.
// (Every page in its initial state is covered by site.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, pool, axe, describeViolations, DOCS, openToolbar } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const SCHEMES = ['default', 'contrast', 'yellow-black', 'blue'];

test('axe: document pages in every 配色 scheme (applied with the toolbar), both renditions', async () => {
  const ctx = await s.newContext();
  const failures = [];
  const jobs = DOCS.flatMap((d) => [d, '/care' + d]);
  await pool(ctx, jobs, 2, async (page, p) => {
    await page.goto(s.url(p));
    await openToolbar(page);
    for (const scheme of SCHEMES) {
      await page.click(`#gk-toolbar [data-gk-scheme="${scheme}"]`);
      assert.ok(await page.evaluate((c) => document.documentElement.classList.contains(c), `gk-scheme-${scheme}`));
      const v = await axe(page);
      if (v.length) failures.push(describeViolations(`${p} (配色 ${scheme})`, v));
    }
    await page.click('#gk-toolbar [data-gk-action="reset"]');
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('axe: the 微信 QR dialog open; the toolbar open with its help; 字号 大 + 200% zoom', async () => {
  const ctx = await s.newContext();
  const failures = [];
  await pool(ctx, [DOCS[0], '/care' + DOCS[0]], 2, async (page, p) => {
    await page.goto(s.url(p));
    await page.click('[data-gk-open-qr]');
    assert.ok(await page.evaluate(() => document.querySelector('[data-module="gk-qr-dialog"]').open), 'dialog open');
    let v = await axe(page);
    if (v.length) failures.push(describeViolations(`${p} (QR dialog)`, v));
    await page.keyboard.press('Escape');
    await openToolbar(page);
    await page.click('[data-gk-action="help"]');
    v = await axe(page);
    if (v.length) failures.push(describeViolations(`${p} (toolbar + help)`, v));
    await page.click('#gk-toolbar [data-gk-fs="large"]');
    for (let i = 0; i < 5; i++) await page.click('#gk-toolbar [data-gk-action="zoom-in"]');
    await page.click('#gk-toolbar [data-gk-toggle="spacing"]');
    v = await axe(page);
    if (v.length) failures.push(describeViolations(`${p} (字号 大, 200%, 行距)`, v));
    await page.click('#gk-toolbar [data-gk-action="reset"]');
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
