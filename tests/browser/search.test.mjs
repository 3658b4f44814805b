// REQUIREMENTS A7, B3i: 站内检索. The page /search/ (and /care/search/) reads the query and filters from
// the URL, matches character bigrams against search/index.json, announces the count in an aria-live
// status and keeps results in the current rendition; 关怀版/长辈版/适老 find the care entry; the header
// search box on every page leads to it; without JavaScript the page points to the 信息公开目录.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, SITE } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const INDEX = JSON.parse(fs.readFileSync(path.join(SITE, 'search', 'index.json'), 'utf8')).docs;

async function results(page) {
  return page.$$eval('[data-gk-search-results] .gk-list__title', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), care: a.hasAttribute('data-gk-care-entry') })));
}

async function waitForCount(page) {
  await page.waitForFunction(() => /找到 \d+ 条/.test(document.querySelector('[data-gk-search-status]')?.textContent || ''));
  const status = await page.$eval('[data-gk-search-status]', (e) => ({ text: e.textContent, live: e.getAttribute('aria-live') }));
  assert.equal(status.live, 'polite');
  return { ...status, count: Number(/找到 (\d+) 条/.exec(status.text)[1]) };
}

test('typing a query lists matching documents, title matches first, and announces the count', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/search/'));
  await page.waitForFunction(() => /请输入/.test(document.querySelector('[data-gk-search-status]').textContent));
  assert.equal(await page.isVisible('[data-gk-search-fallback]'), false, 'fallback hidden with JS');
  await page.getByRole('searchbox', { name: /检索词/ }).fill('民政局');
  await page.getByRole('button', { name: '检索', exact: true }).click();
  const st = await waitForCount(page);
  const rs = await results(page);
  const expected = INDEX.filter((d) => (d.t + d.i + d.n + d.o + d.e + d.x).includes('民政局')).length;
  assert.ok(st.count >= 3 && st.count >= expected, `count ${st.count} ≥ ${expected}`);
  assert.equal(rs.length, st.count, 'as many results as announced');
  const firstNonTitle = rs.findIndex((r) => !r.text.includes('民政局'));
  assert.ok(firstNonTitle === -1 || rs.slice(firstNonTitle).every((r) => !r.text.includes('民政局')), `title matches first: ${rs.map((r) => r.text)}`);
  assert.ok(rs.every((r) => r.href.startsWith('/xxgk/') && !r.href.startsWith('/care/')));
  assert.match(new URL(page.url()).search, /q=%E6%B0%91/, 'URL updated with replaceState');
  // a result opens its document
  await page.click('[data-gk-search-results] .gk-list__title');
  await page.waitForURL(/\/xxgk\//);
  assert.ok(await page.$('.gk-meta'));
  await page.close();
});

test('query, filters and 索引号 from the URL; 年度 filter narrows the list', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  const doc = INDEX.find((d) => d.i);
  await page.goto(s.url(`/search/?q=${encodeURIComponent(doc.i)}`));
  await waitForCount(page);
  const rs = await results(page);
  assert.equal(rs[0].href, '/' + doc.u, `索引号 ${doc.i} finds its document first`);
  assert.equal(await page.inputValue('#gk-search-q'), doc.i);
  await page.goto(s.url('/search/?q=%E5%9B%BD%E5%8A%A1%E9%99%A2&year=2019'));
  const st = await waitForCount(page);
  assert.equal(await page.inputValue('#gk-search-year'), '2019');
  const want = INDEX.filter((d) => d.y === 2019 && (d.t + d.i + d.n + d.o + d.e + d.x).includes('国务院')).map((d) => '/' + d.u).sort();
  assert.deepEqual((await results(page)).map((r) => r.href).sort(), want);
  assert.equal(st.count, want.length);
  await page.selectOption('#gk-search-year', '');
  await page.waitForFunction((n) => Number(/找到 (\d+) 条/.exec(document.querySelector('[data-gk-search-status]').textContent)?.[1]) > n, want.length);
  assert.doesNotMatch(page.url(), /year=/, 'cleared filter leaves the URL');
  await page.close();
});

test('the care search page keeps results under /care/; the header box of every page leads to search', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/care/xxgk/'));
  await page.fill('#gk-header-q', '通知');
  await page.press('#gk-header-q', 'Enter');
  await page.waitForURL(/\/care\/search\/\?q=/);
  const st = await waitForCount(page);
  const rs = await results(page);
  assert.ok(st.count >= 1 && rs.length === st.count);
  assert.ok(rs.every((r) => r.href.startsWith('/care/xxgk/')), `care results stay under /care/: ${rs.map((r) => r.href)}`);
  await page.goto(s.url('/'));
  await page.fill('#gk-header-q', '通知');
  await page.press('#gk-header-q', 'Enter');
  await page.waitForURL(/\/search\/\?q=/);
  assert.ok(!new URL(page.url()).pathname.startsWith('/care/'));
  await page.close();
});

test('B3i: 关怀版, 长辈版 and 适老 find the care entry first', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const [start, q] of [['/search/', '关怀版'], ['/search/', '长辈版'], ['/care/search/', '适老化']]) {
    await page.goto(s.url(`${start}?q=${encodeURIComponent(q)}`));
    await waitForCount(page);
    const rs = await results(page);
    assert.ok(rs[0]?.care, `${q}: first result is the care entry (${rs.map((r) => r.text)})`);
    assert.match(rs[0].text, /关怀版/);
    assert.equal(rs[0].href, '/care/');
  }
  await page.click('[data-gk-care-entry]');
  await page.waitForURL(/\/care\/$/);
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('gk-care')));
  await page.close();
});

test('without JavaScript the page explains and links to the 信息公开目录', async () => {
  const ctx = await s.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  for (const p of ['/search/', '/care/search/']) {
    await page.goto(s.url(`${p}?q=%E9%80%9A%E7%9F%A5`));
    assert.ok(await page.isVisible('[data-gk-search-fallback]'));
    assert.equal(await page.isVisible('[data-gk-search-form]'), false, 'no dead search form');
    assert.match(await page.textContent('[data-gk-search-fallback]'), /JavaScript/);
    const links = await page.$$eval('[data-gk-search-fallback] a', (as) => as.map((a) => a.getAttribute('href')));
    const prefix = p === '/search/' ? '/' : '/care/';
    for (const dim of ['year', 'issuer', 'topic']) {
      assert.ok(links.some((h) => h.startsWith(prefix) && h.endsWith(`/${dim}/`)), `${dim} directory linked on ${p}: ${links}`);
    }
    for (const h of links.filter((h) => h.endsWith('/year/'))) {
      const res = await page.request.get(s.url(h));
      assert.equal(res.status(), 200, `${h} exists`);
    }
  }
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
