// Issue 14: no script through content. tests/fixtures/sites/injection puts an injection attempt into
// every config value, front-matter field and Markdown construct that reaches a page; it is built with
// the binary in GONGKAI_BIN and served with the README's Content-Security-Policy. Every page of both
// renditions is opened (and the search page with queries that find the injected titles): no CSP
// violation is reported, no alert/confirm/prompt opens, even when every element is hovered, focused
// and its <details> toggled. tests/integration/injection.rs parses the same output file by file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { session, allPages, pool, REPO } from './lib.mjs';
import { readmeCsp } from './nginx.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');
const SOURCE = path.join(REPO, 'tests', 'fixtures', 'sites', 'injection');

let s;
let out;
before(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-injection-'));
  const r = spawnSync(BIN, ['build', '--root', SOURCE, '--output', path.join(out, 'site')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build of the injection site failed:\n${r.stderr}`);
  s = await session({ root: path.join(out, 'site'), headers: { 'Content-Security-Policy': readmeCsp() } });
});
after(async () => {
  await s?.finish();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

test('no CSP violation and no dialog on any page of the injection site, in either rendition', async () => {
  // The payloads' pictures (`<img src=x onerror=…>`) are missing on purpose: an onerror left in
  // place would fire.
  s.expectNotFound('/gk/x');
  const ctx = await s.newContext();
  // Recorded before any script of the page runs; a violation also logs a console error, which the
  // session's guard reports.
  await ctx.addInitScript(() => {
    window.__gkViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__gkViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`);
    });
  });
  const dialogs = [];
  const violations = [];
  const watched = new WeakSet();
  const pages = allPages(path.join(out, 'site'));
  assert.ok(pages.includes('/gk/body/') && pages.includes('/care/gk/markdown/'), 'both renditions built');
  const urls = [...pages, '/search/?q=alert', '/care/search/?q=script', '/search/?q=%3Cimg'];
  await pool(ctx, urls, 3, async (page, url) => {
    if (!watched.has(page)) {
      watched.add(page);
      page.on('dialog', (d) => { dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`); d.dismiss().catch(() => {}); });
    }
    await page.goto(s.url(url), { waitUntil: 'load' });
    if (url.includes('/search/')) {
      await page.waitForFunction(() => document.querySelector('[data-gk-search-status]')?.textContent.trim(), null, { timeout: 5000 });
    }
    // The redirect pages of `aliases` move on to their document: check where they land.
    const settled = async (fn) => {
      try { return await fn(); } catch (e) {
        if (!/context was destroyed|navigation/i.test(e.message)) throw e;
        await page.waitForLoadState('load');
        return fn();
      }
    };
    // Anything that reacts to the reader: hover, focus, toggling.
    await settled(() => page.evaluate(() => {
      for (const el of document.querySelectorAll('body *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin']) el.dispatchEvent(new Event(type, { bubbles: true }));
        if (el.tagName === 'DETAILS') el.open = !el.open;
      }
    }));
    await page.waitForTimeout(20);
    const seen = await settled(() => page.evaluate(() => window.__gkViolations || []));
    violations.push(...seen.map((v) => `${url}: ${v}`));
  });
  assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}`);
  assert.deepEqual(dialogs, [], `dialogs opened:\n${dialogs.join('\n')}`);
  s.assertNoForeignRequests();
});
