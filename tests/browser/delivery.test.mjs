// Issue 15, delivery: no layout shift on any page type in either rendition, at 390 and 1280 px, with
// the 无障碍 toolbar closed and restored open; every page's favicon exists; search results do not push
// the page around. Cumulative layout shift is summed from a buffered PerformanceObserver for
// `layout-shift` (entries without recent input), which is stricter than Lighthouse's CLS (the
// largest 5-second session window). Console errors, error statuses and requests to other hosts
// fail the suite through lib.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, SEED } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const MISSING = '/xxgk/no-such-page/';
/** One page of every type: home, section listings, directory pages, document, search, 网站地图, 404. */
const PAGE_TYPES = {
  home: '/',
  'section listing': '/xxgk/fdzdgknr/',
  'top section': '/xxgk/',
  'directory (year)': '/xxgk/fdzdgknr/year/',
  'directory page': '/xxgk/fdzdgknr/year/2021/',
  document: SEED,
  search: '/search/?q=%E6%B0%91%E6%94%BF',
  'search (empty)': '/search/',
  sitemap: '/sitemap/',
  '404 (missing URL)': MISSING,
};
const LIMIT = 0.05;

function observe() {
  window.__gkShifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      const src = e.sources.map((x) => (x.node && x.node.nodeType === 1
        ? `${x.node.nodeName.toLowerCase()}.${String(x.node.className).split(' ')[0]}` : '#text')).join(', ');
      window.__gkShifts.push({ value: e.value, at: Math.round(e.startTime), src });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

async function settle(page, path) {
  await page.waitForLoadState('load');
  if (path.startsWith('/search/') || path.startsWith('/care/search/')) {
    await page.waitForFunction(() => /找到|请输入/.test(document.querySelector('[data-gk-search-status]')?.textContent || ''));
  }
  // two frames and a pause: late work (deferred scripts, images, results) has shown itself
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.waitForTimeout(250);
}

async function measure(width, toolbarOpen) {
  const ctx = await s.newContext({ viewport: { width, height: 844 } });
  await ctx.addInitScript(observe);
  if (toolbarOpen) {
    await ctx.addInitScript(() => {
      try {
        if (!localStorage.getItem('gongkai.prefs')) localStorage.setItem('gongkai.prefs', JSON.stringify({ v: 1, toolbar: true, fs: 'large' }));
      } catch { /* about:blank has no storage */ }
    });
  }
  const page = await ctx.newPage();
  const rows = [];
  for (const [type, p] of Object.entries(PAGE_TYPES)) {
    for (const path of [p, '/care' + p]) {
      const res = await page.goto(s.url(path));
      assert.equal(res.status(), p === MISSING ? 404 : 200, path);
      await settle(page, path);
      const shifts = await page.evaluate(() => window.__gkShifts);
      const cls = shifts.reduce((a, e) => a + e.value, 0);
      rows.push({ type, path, cls, shifts });
    }
  }
  await ctx.close();
  return rows;
}

for (const width of [390, 1280]) {
  for (const toolbarOpen of [false, true]) {
    test(`layout shift < ${LIMIT} on every page type, both renditions, ${width} px${toolbarOpen ? ', toolbar restored open, large text' : ''}`, async () => {
      s.expectNotFound(MISSING);
      s.expectNotFound('/care' + MISSING);
      const rows = await measure(width, toolbarOpen);
      console.log(`# ${width}px${toolbarOpen ? ' toolbar open' : ''}: ` + rows.map((r) => `${r.path} ${r.cls.toFixed(4)}`).join(', '));
      const bad = rows.filter((r) => r.cls >= LIMIT);
      assert.deepEqual(bad.map((r) => `${r.path}: ${r.cls.toFixed(3)} ${JSON.stringify(r.shifts)}`), []);
    });
  }
}

test('every page type names a favicon that is served, and a meta description', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const p of Object.values(PAGE_TYPES)) {
    for (const path of [p, '/care' + p]) {
      await page.goto(s.url(path));
      const head = await page.evaluate(() => ({
        icons: [...document.querySelectorAll('link[rel~=icon]')].map((l) => l.href),
        description: document.querySelector('meta[name=description]')?.content || '',
      }));
      assert.equal(head.icons.length, 1, `${path}: one icon link`);
      const res = await page.request.get(head.icons[0]);
      assert.equal(res.status(), 200, `${path}: ${head.icons[0]}`);
      assert.match(res.headers()['content-type'], /^image\//);
      assert.ok(head.description.trim().length > 10, `${path}: meta description "${head.description}"`);
    }
  }
  await ctx.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
