// Issue 28, the width a reader has: at 1280 px a document's text keeps a readable line (30–40
// characters), 目录导读 sits beside it and tables below it take the whole width, no cell is
// broken after two characters and the 年报's ten-column table fits, in both renditions (390 px:
// tables scroll in their region, short cells on one line), and print keeps its own layout; search results show dates as the
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

/** Line length of the body text, the article, 目录导读's box and every table's region and cells. */
function measureDocument() {
  const p = document.querySelector('.gk-body > p');
  const fs = parseFloat(getComputedStyle(p).fontSize);
  const box = (el) => el.getBoundingClientRect();
  const toc = document.querySelector('.gk-toc');
  /** Characters on each line of each <br>-separated part of a cell. */
  const lineChars = (cell) => {
    const parts = [[]];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 1) { if (n.tagName === 'BR') parts.push([]); continue; }
      const r = document.createRange();
      for (let i = 0; i < n.length; i++) {
        if (!/\S/.test(n.data[i])) continue;
        r.setStart(n, i); r.setEnd(n, i + 1);
        parts[parts.length - 1].push(Math.round(r.getBoundingClientRect().top));
      }
    }
    return parts.filter((t) => t.length).map((tops) => {
      const lines = new Map();
      for (const t of tops) lines.set(t, (lines.get(t) || 0) + 1);
      return [...lines.values()];
    });
  };
  return {
    width: box(p).width,
    chars: box(p).width / fs,
    article: box(document.querySelector('.gk-doc')).width,
    toc: toc && getComputedStyle(toc).float === 'right' ? { left: box(toc).left, bottom: box(toc).bottom } : null,
    tables: [...document.querySelectorAll('.gk-body table')].map((t) => {
      const region = t.closest('.gk-table-scroll') || t;
      return {
        columns: Math.max(...[...t.rows].map((r) => [...r.cells].reduce((n, c) => n + c.colSpan, 0))),
        region: { left: box(region).left, right: box(region).right, top: box(region).top, width: box(region).width },
        scrolls: region.scrollWidth > region.clientWidth + 1,
        // a part of a cell broken after one or two characters (`一级/指标`, `申请/人情/况`)
        brokenEarly: [...t.querySelectorAll('th, td')].flatMap((c) => lineChars(c)
          .filter((lines) => lines.length > 1 && lines.slice(0, -1).some((n) => n <= 2))
          .map(() => c.textContent.trim().slice(0, 12))),
        // a short cell (a header such as 法人或其他组织, a number) on more lines than it has parts
        wrappedShort: [...t.querySelectorAll('.gk-short')]
          .filter((c) => lineChars(c).some((lines) => lines.length > 1)).map((c) => c.textContent.trim()),
      };
    }),
  };
}

for (const prefix of ['', '/care']) {
  test(`${prefix || 'standard'} document at 1280 px: a readable line, tables the whole width, cells not broken after two characters`, async () => {
    const ctx = await s.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(s.url(prefix + REPORT));
    const m = await page.evaluate(measureDocument);
    assert.ok(m.chars >= 30 && m.chars <= 40, `body line ${m.chars.toFixed(1)} characters`);
    assert.ok(m.width >= 0.5 * 1280, `body text ${m.width}px of 1280`);
    assert.ok(m.article >= 1160, `article ${m.article}px of 1280`);
    assert.equal(m.toc === null, prefix === '/care', '目录导读 beside the text in the standard rendition only');
    assert.ok(m.tables.length >= 3, `tables: ${m.tables.length}`);
    let below = 0;
    for (const t of m.tables) {
      if (m.toc && t.region.top < m.toc.bottom) {
        // beside 目录导读's box: up to it
        assert.ok(t.region.right <= m.toc.left && t.region.right >= m.toc.left - 40, `region ${JSON.stringify(t.region)} beside 目录 at ${m.toc.left}`);
      } else {
        below += 1;
        assert.ok(Math.abs(t.region.width - m.article) <= 1, `table region ${t.region.width}px, article ${m.article}px`);
      }
      assert.deepEqual(t.brokenEarly, [], `${t.columns} columns: cells broken after two characters`);
      assert.deepEqual(t.wrappedShort, [], `${t.columns} columns: short cells wrapped`);
      // the 年报's statistics tables of up to ten columns fit (the fifteen-column 复议/诉讼 table
      // scrolls in 关怀版's large type)
      if (t.columns <= 10) assert.equal(t.scrolls, false, `${t.columns}-column table scrolls`);
    }
    assert.ok(below >= 2, `tables below 目录导读: ${below}`);
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

test('document at 390 px: the text fills the phone, tables scroll in their region, short cells on one line', async () => {
  const ctx = await s.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  for (const prefix of ['', '/care']) {
    await page.goto(s.url(prefix + REPORT));
    const m = await page.evaluate(measureDocument);
    assert.ok(m.width >= 330, `${prefix} body text ${m.width}px of 390`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, `${prefix}: the page does not scroll sideways`);
    for (const t of m.tables) {
      assert.ok(t.region.left >= 0 && t.region.right <= 390, `${prefix} region ${JSON.stringify(t.region)}`);
      assert.deepEqual(t.wrappedShort, [], `${prefix} ${t.columns} columns: short cells wrapped`);
    }
  }
  await ctx.close();
});

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
