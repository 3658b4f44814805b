// Issue 28, the width a reader has: at 1280 px a document's text keeps a readable line (30–40
// characters) and takes most of the screen, its tables take the whole text column (short headers
// of a table up to six columns on one line), in both renditions, and print keeps its own layout; search results show dates as the
// listings do and the footer follows a few results closely; at 390 px the header keeps its buttons
// in pairs and 关怀版 lines are not spread; 目录导读 entries drop the 。 of a run-in title.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { session, documentPages, OUTPUT } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

/** The 年报 of the example site: long text, a five-column table and wide statistics tables. */
const REPORT = '/xxgk/nb/shuyang-fagaiju-2024-01-17/';

/** Line length of the body text, the text column and every table's region, table and headers. */
function measureDocument() {
  const p = document.querySelector('.gk-body > p');
  const fs = parseFloat(getComputedStyle(p).fontSize);
  const column = document.querySelector('.gk-doc__content').getBoundingClientRect().width;
  const lines = (el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].map((q) => Math.round(q.top))).size;
  };
  return {
    width: p.getBoundingClientRect().width,
    chars: p.getBoundingClientRect().width / fs,
    column,
    tables: [...document.querySelectorAll('.gk-body table')].map((t) => ({
      columns: Math.max(...[...t.rows].map((r) => [...r.cells].reduce((n, c) => n + c.colSpan, 0))),
      region: (t.closest('.gk-table-scroll') || t).getBoundingClientRect().width,
      width: t.getBoundingClientRect().width,
      wrappedShortHeaders: [...t.querySelectorAll('th')]
        .filter((h) => h.textContent.trim().length <= 6 && lines(h) > 1)
        .map((h) => h.textContent.trim()),
    })),
  };
}

for (const prefix of ['', '/care']) {
  test(`${prefix || 'standard'} document at 1280 px: readable line, most of the screen, tables the whole column`, async () => {
    const ctx = await s.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(s.url(prefix + REPORT));
    const m = await page.evaluate(measureDocument);
    assert.ok(m.chars >= 30 && m.chars <= 40, `body line ${m.chars.toFixed(1)} characters`);
    assert.ok(m.width >= 0.5 * 1280, `body text ${m.width}px of 1280`);
    assert.ok(m.tables.length >= 3, `tables: ${m.tables.length}`);
    for (const t of m.tables) {
      assert.ok(Math.abs(t.region - m.column) <= 1, `table region ${t.region}px, text column ${m.column}px`);
      // a statistics table of up to six columns fits with its short headers on one line (a wider
      // one scrolls in its region)
      if (t.columns <= 6) assert.deepEqual(t.wrappedShortHeaders, [], 'short table headers on one line');
    }
    await page.screenshot({ path: path.join(OUTPUT, `layout-1280${prefix.replace('/', '-')}-report.png`) });
    // Print keeps its layout: tables stay within the body, the text at its printed size.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const body = document.querySelector('.gk-body').getBoundingClientRect().width;
      const regions = [...document.querySelectorAll('.gk-table-scroll')].map((r) => r.getBoundingClientRect().width);
      return { body, widest: Math.max(...regions) };
    });
    assert.ok(printed.widest <= printed.body + 1, `printed table ${printed.widest}px in a ${printed.body}px body`);
    await ctx.close();
  });
}

test('search results show dates as the listings do, and the footer follows a few results', async () => {
  const ctx = await s.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(s.url('/search/?q=' + encodeURIComponent('沭阳县')));
  await page.waitForFunction(() => /找到/.test(document.querySelector('[data-gk-search-status]')?.textContent || ''));
  const r = await page.evaluate(() => ({
    dates: [...document.querySelectorAll('.gk-search__results time')].map((t) => t.textContent),
    items: document.querySelectorAll('.gk-search__results > li').length,
    gap: document.querySelector('.gk-footer').getBoundingClientRect().top
      - document.querySelector('.gk-search__more-row').getBoundingClientRect().bottom,
  }));
  assert.ok(r.items >= 1 && r.items <= 3, `results: ${r.items}`);
  for (const d of r.dates) assert.match(d, /^\d{4}年\d{1,2}月\d{1,2}日$/);
  assert.ok(r.gap < 450, `footer ${r.gap}px below ${r.items} results (half a 900 px screen at most)`);
  await page.screenshot({ path: path.join(OUTPUT, 'layout-search-1280.png'), fullPage: true });
  await ctx.close();
});

test('at 390 px the header keeps 无障碍阅读 and 关怀版/标准版 on one row, and 关怀版 lines are not spread', async () => {
  const ctx = await s.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  for (const p of ['/', '/care/']) {
    await page.goto(s.url(p));
    const row = await page.evaluate(() => {
      const top = (sel) => Math.round(document.querySelector(sel).getBoundingClientRect().top);
      return { toolbar: top('[data-module="gk-toolbar-toggle"]'), rendition: top('.gk-header__link') };
    });
    assert.equal(row.rendition, row.toolbar, `${p}: the rendition link shares the toolbar button's row`);
  }
  // 关怀版 home: consecutive characters of a line stand at their own width apart.
  const spread = await page.evaluate(() => {
    const out = [];
    for (const p of document.querySelectorAll('.gk-prose > p, .gk-body p')) {
      const fs = parseFloat(getComputedStyle(p).fontSize);
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const r = document.createRange();
        let prev = null;
        for (let i = 0; i < n.length; i++) {
          r.setStart(n, i); r.setEnd(n, i + 1);
          const q = r.getBoundingClientRect();
          const ch = n.data[i];
          if (prev && Math.abs(prev.top - q.top) < 2 && /\S/.test(ch) && /\S/.test(prev.ch)) {
            const gap = q.left - prev.right;
            if (gap > 0.15 * fs) out.push(`${prev.ch}${ch} ${gap.toFixed(1)}px`);
          }
          prev = { top: q.top, right: q.right, ch };
        }
      }
    }
    return out;
  });
  assert.deepEqual(spread, [], 'letters spread apart on the 关怀版 home at 390 px');
  await page.screenshot({ path: path.join(OUTPUT, 'layout-390-care-home.png') });
  await ctx.close();
});

test('目录导读 entries do not end with the 。 of a run-in title', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  const ended = [];
  for (const p of documentPages().filter((d) => !d.startsWith('/care/'))) {
    await page.goto(s.url(p));
    for (const t of await page.$$eval('.gk-toc a', (as) => as.map((a) => a.textContent.trim()))) {
      if (/[。；：]$/.test(t)) ended.push(`${p}: ${t}`);
    }
  }
  assert.deepEqual(ended, []);
  await ctx.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
