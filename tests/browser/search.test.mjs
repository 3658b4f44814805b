// REQUIREMENTS A7, B3i and issue 12 (search at any size): 站内检索.
//
// On the example site: /search/ (and /care/search/) reads the query and filters from the URL,
// announces the count in an aria-live status, keeps results in the current rendition, highlights
// the query in <mark>; 关怀版/长辈版/适老 find the care entry; the header search box on every page
// leads to it; without JavaScript the page points to the 信息公开目录.
//
// On a generated site of 10,000 Chinese reports (3–8 KB each, as benches/scale/corpus.py makes
// them), built once with the binary in GONGKAI_BIN: a two-character query in a cold browser
// downloads at most 300 KB of search files (resource timing; the test server sends them
// uncompressed) and shows its first results within 300 ms of the last keystroke; more results
// download only their fragments; a word at the very end of one long report is found; filters and
// both renditions work; axe finds no violation. The figures are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { session, SITE, REPO, axe, describeViolations } from './lib.mjs';
import { coldSearch } from './cold-search.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');
const BIG = 10000;

let s, big, tmp;

/** Every live document of a built site: its fragment, with `y` (year). */
function fragments(root) {
  const dir = path.join(root, 'search', 'f');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => {
    const d = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    return { ...d, y: Number(d.d.slice(0, 4)) };
  });
}
const INDEX = fragments(SITE);

/** A deterministic generator (mulberry32), so that every run builds the same corpus. */
function random(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scale benchmark's corpus (benches/scale/corpus.py) in JavaScript, gongkai half only. */
function corpus(root, n) {
  const rng = random(42);
  const pick = (a) => a[Math.floor(rng() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const sections = ['tzgg', 'zcwj', 'gzzj', 'ghjh', 'rsxx', 'tjxx', 'czxx', 'rsrm'];
  const issuers = ['民政', '财政', '教育', '交通', '卫生健康', '生态环境', '住房和城乡建设'].map((x) => `示例市${x}局`);
  const topics = ['综合政务', '民政、扶贫、救灾', '财政、金融、审计', '城乡建设、环境保护', '卫生、体育'];
  const cn = '一二三四五六七八九十';
  const phrases = ['认真贯彻落实《中华人民共和国政府信息公开条例》', '不断完善政务公开制度', '拓展公开渠道和方式',
    '全面提升政务服务水平', '扎实推进重点领域信息公开', '持续优化营商环境', '加强政策解读和回应关切',
    '健全工作机制', '强化监督检查', '推动各项工作落地见效', '切实保障人民群众的知情权、参与权和监督权'];
  const paragraph = () => Array.from({ length: int(4, 9) }, () => pick(phrases)).join('，') + '。';
  function body() {
    const parts = [], target = int(3000, 8000);
    let size = 0;
    for (let h = 0; size < target; h++) {
      parts.push(`${cn[h % 10]}、第${h + 1}项工作情况`);
      for (let k = 0, m = int(1, 3); k < m; k++) parts.push(`（${cn[k]}）${pick(phrases)}。${paragraph()}`);
      parts.push(paragraph());
      if (h % 3 === 0) {
        parts.push('| 项目 | 数量 | 同比 |\n|---|---|---|\n' + Array.from({ length: 5 }, (_, j) => `| 指标${j} | ${int(10, 999)} | ${int(-20, 40)}% |`).join('\n'));
      }
      size = Buffer.byteLength(parts.join('\n\n'));
    }
    return parts.join('\n\n') + '\n';
  }
  const g = path.join(root, 'gongkai');
  for (const sec of sections) {
    fs.mkdirSync(path.join(g, 'content', sec), { recursive: true });
    fs.writeFileSync(path.join(g, 'content', sec, '_index.md'), `---\ntitle: 栏目${sec}\n---\n`);
  }
  fs.writeFileSync(path.join(g, 'config.yaml'), 'title: 基准测试站\nbase_url: https://bench.example.gov.cn/\nissuer: 示例市民政局\n');
  for (let i = 0; i < n; i++) {
    const year = 2015 + (i % 10);
    const date = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    let b = body();
    // one report says something no other does, in its very last line
    if (i === 4321) b += '\n附：本报告最后提到的鹦鹉螺号观测站。\n';
    const fm = `---\ntitle: "${pick(issuers)}关于第${i}项工作情况的报告"\nindex_no: "11371500004428004U/${year}-${String(i).padStart(6, '0')}"\n` +
      `issuer: "${pick(issuers)}"\ndate: ${date}\ntopics: ["${pick(topics)}"]\n---\n\n`;
    fs.writeFileSync(path.join(g, 'content', sections[i % sections.length], `doc-${String(i).padStart(6, '0')}.md`), fm + b);
  }
  return g;
}

before(async () => {
  s = await session();
  const shm = '/dev/shm';
  tmp = fs.mkdtempSync(path.join(fs.existsSync(shm) ? shm : os.tmpdir(), 'gongkai-search-'));
  const t0 = Date.now();
  const root = corpus(tmp, BIG);
  const out = path.join(tmp, 'site');
  const t1 = Date.now();
  const r = spawnSync(BIN, ['build', '--root', root, '--output', out, '--no-precompress'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `build of the ${BIG}-document site failed:\n${r.stderr.slice(-3000)}`);
  console.log(`# ${BIG} documents: corpus ${t1 - t0} ms, build ${Date.now() - t1} ms (${path.basename(BIN)} ${BIN.includes('release') ? 'release' : 'debug'})`);
  big = await session({ root: out });
  big.dir = out;
});
after(async () => {
  await s?.finish();
  await big?.finish();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function results(page) {
  return page.$$eval('[data-gk-search-results] .gk-list__title', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), care: a.hasAttribute('data-gk-care-entry') })));
}

const COUNT = /找到约? ?(\d+) 条/;
async function waitForCount(page) {
  await page.waitForFunction(() => /找到约? ?\d+ 条/.test(document.querySelector('[data-gk-search-status]')?.textContent || ''));
  const status = await page.$eval('[data-gk-search-status]', (e) => ({ text: e.textContent, live: e.getAttribute('aria-live') }));
  assert.equal(status.live, 'polite');
  return { ...status, count: Number(COUNT.exec(status.text)[1]) };
}

const has = (d, q) => [d.t, d.i, d.n, d.o, d.e, d.x].join(' ').includes(q);

test('typing a query lists matching documents, title matches first, highlighted, and announces the count', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/search/'));
  await page.waitForFunction(() => /请输入/.test(document.querySelector('[data-gk-search-status]').textContent));
  assert.equal(await page.isVisible('[data-gk-search-fallback]'), false, 'fallback hidden with JS');
  await page.getByRole('searchbox', { name: /检索词/ }).fill('民政局');
  await page.getByRole('button', { name: '检索', exact: true }).click();
  const st = await waitForCount(page);
  const rs = await results(page);
  const expected = INDEX.filter((d) => has(d, '民政局')).length;
  assert.ok(st.count >= expected, `count ${st.count} ≥ ${expected}: ${st.text}`);
  assert.equal(rs.length, Math.min(expected, 10), 'ten results a page, each holding the query');
  const firstNonTitle = rs.findIndex((r) => !r.text.includes('民政局'));
  assert.ok(firstNonTitle === -1 || rs.slice(firstNonTitle).every((r) => !r.text.includes('民政局')), `title matches first: ${rs.map((r) => r.text)}`);
  assert.ok(rs.every((r) => r.href.startsWith('/xxgk/') && !r.href.startsWith('/care/')));
  const marks = await page.$$eval('[data-gk-search-results] .gk-list__item', (li) => li.map((x) => [...x.querySelectorAll('mark')].map((m) => m.textContent)));
  assert.ok(marks.every((m) => m.length >= 1 && m.every((t) => t === '民政局')), `matches marked in every result: ${JSON.stringify(marks)}`);
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
  const want = INDEX.filter((d) => d.y === 2019 && has(d, '国务院')).map((d) => '/' + d.u).sort();
  assert.deepEqual((await results(page)).map((r) => r.href).sort(), want);
  assert.equal(st.count, want.length);
  await page.selectOption('#gk-search-year', '');
  await page.waitForFunction((n) => Number(/找到约? ?(\d+) 条/.exec(document.querySelector('[data-gk-search-status]').textContent)?.[1]) > n, want.length);
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
  assert.ok(st.count >= 1 && rs.length === Math.min(st.count, 10));
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
    assert.equal(await page.isVisible('[data-gk-search-more]'), false, 'no dead button');
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

/* ------------------------------------------------------------ 10,000 documents */

/** Records the last input event and the first result after it (in the page). */
function instrument() {
  window.__gk = { input: 0, first: 0 };
  document.addEventListener('input', () => { window.__gk.input = performance.now(); window.__gk.first = 0; }, true);
  new MutationObserver(() => {
    const g = window.__gk;
    if (g.input && !g.first && document.querySelector('[data-gk-search-results] .gk-list__item')) { g.first = performance.now(); }
  }).observe(document, { childList: true, subtree: true });
}

/** Search files fetched so far: [{name, bytes}] (transfer size: body and headers). */
async function searchFiles(page) {
  return page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /\/search\/(index\.json|[bdf]\/)/.test(e.name))
    .map((e) => ({ name: new URL(e.name).pathname, bytes: e.transferSize })));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test(`${BIG} documents: a two-character query downloads ≤ 300 KB and shows results within 300 ms`, async () => {
  const ctx = await big.newContext();
  await ctx.addInitScript(instrument);
  const page = await ctx.newPage();
  const figures = [];
  const latencies = [];
  for (const q of ['公开', '营商', '扎实']) {
    await page.goto(big.url('/search/'));
    await page.waitForFunction(() => /请输入/.test(document.querySelector('[data-gk-search-status]').textContent));
    await page.type('#gk-search-q', q, { delay: 20 });
    const st = await waitForCount(page);
    await page.waitForFunction(() => window.__gk.first > 0);
    const ms = await page.evaluate(() => window.__gk.first - window.__gk.input);
    const files = await searchFiles(page);
    const bytes = files.reduce((a, f) => a + f.bytes, 0);
    const gz = files.reduce((a, f) => a + zlib.gzipSync(fs.readFileSync(path.join(big.dir, f.name))).length, 0);
    const shards = files.filter((f) => /\/[bd]\//.test(f.name)).length;
    const frags = files.filter((f) => f.name.includes('/f/')).length;
    figures.push(`${q}: ${st.count} results, ${kb(bytes)} in ${files.length} files (${shards} shard, ${frags} fragments; ${kb(gz)} gzipped), first results ${ms.toFixed(0)} ms after the last keystroke`);
    assert.ok(st.count > 0, `${q}: results`);
    assert.equal(shards, 1, `${q}: one shard: ${files.map((f) => f.name)}`);
    assert.ok(frags <= 10, `${q}: fragments of the results shown only`);
    assert.ok(bytes <= 300 * 1024, `${q}: ${kb(bytes)} transferred`);
    latencies.push(ms);
    const marks = await page.$$eval('[data-gk-search-results] .gk-search__excerpt mark', (m) => m.map((x) => x.textContent));
    assert.ok(marks.length >= 10 && marks.every((m) => m === q), `${q} marked in the excerpts: ${marks.slice(0, 5)}`);
    // More results: ten more fragments, nothing else.
    await page.click('[data-gk-search-more]');
    await page.waitForFunction(() => document.querySelectorAll('[data-gk-search-results] .gk-list__item').length === 20);
    assert.equal(await page.evaluate(() => document.activeElement.closest('li') === document.querySelectorAll('[data-gk-search-results] .gk-list__item')[10]), true, 'focus on the first new result');
    const after = await searchFiles(page);
    const added = after.slice(files.length);
    assert.ok(added.length <= 10 && added.every((f) => f.name.includes('/f/')), `more results fetch fragments only: ${added.map((f) => f.name)}`);
  }
  const entry = fs.statSync(path.join(big.dir, 'search', 'index.json')).size;
  const all = fs.readdirSync(path.join(big.dir, 'search', 'b')).map((f) => fs.statSync(path.join(big.dir, 'search', 'b', f)).size);
  console.log(`# search at ${BIG} documents (test server, no compression):\n#   ${figures.join('\n#   ')}\n#   entry ${kb(entry)}, ${all.length} shards of ${kb(Math.min(...all))}–${kb(Math.max(...all))}`);
  // Time to first results: 300 ms on an otherwise idle machine (the median of the three
  // queries); when other work loads the cores the figure is printed and only a gross regression
  // (a query that downloads or scans everything) fails.
  const median = latencies.sort((a, b) => a - b)[1];
  const idle = os.loadavg()[0] < os.cpus().length;
  const limit = idle ? 300 : 1000;
  assert.ok(median <= limit, `first results after ${median.toFixed(0)} ms (median; limit ${limit} ms at load ${os.loadavg()[0].toFixed(1)})`);
  await page.close();
});

test(`${BIG} documents: search from a cold start (navigation to the first result, measured and printed)`, async () => {
  // A fresh browser context each time (empty cache, as a new profile). The figure is reported,
  // not asserted (it depends on the machine's load); what makes it short is: the entry is
  // preloaded with the page and search.js asked for at high priority, one shard is fetched, the
  // first results' fragments are requested as soon as it arrives (not once the page is parsed),
  // and the first result is shown before the other fragments of the page of results have arrived.
  const lines = [];
  for (const q of ['养老', '公开']) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await coldSearch(big, q));
    runs.sort((a, b) => a.ms - b.ms);
    const m = runs[1];
    lines.push(`${q}: ${m.ms.toFixed(0)} ms to ${m.what} (median of 3; ${runs.map((r) => r.ms.toFixed(0)).join(', ')})`);
    for (const f of m.files) lines.push(`  ${f.start.toFixed(0).padStart(5)}–${f.end.toFixed(0).padStart(5)} ms ${(f.bytes / 1024).toFixed(1).padStart(6)} KB ${f.name}`);
    for (const r of runs) {
      const names = r.files.map((f) => f.name);
      assert.equal(names.filter((n) => n === '/search/index.json').length, 1, `${q}: the entry once: ${names}`);
      assert.equal(names.filter((n) => /^\/search\/[bd]\//.test(n)).length, 1, `${q}: one shard: ${names}`);
      const entry = r.files.find((f) => f.name === '/search/index.json');
      const js = r.files.find((f) => f.name.endsWith('/search.js'));
      assert.ok(entry.start <= js.end, `${q}: the entry is requested with the page (at ${entry.start.toFixed(0)} ms), not after search.js (${js.end.toFixed(0)} ms)`);
    }
    if (q === '公开') assert.equal(m.what, 'the first result');
  }
  console.log(`# search from a cold start at ${BIG} documents (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores):\n#   ${lines.join('\n#   ')}`);
});

test(`${BIG} documents: full text, filters and both renditions`, async () => {
  const ctx = await big.newContext();
  const page = await ctx.newPage();
  // A word in the last line of one report out of 10,000.
  await page.goto(big.url('/search/?q=%E9%B9%A6%E9%B9%89%E8%9E%BA'));
  let st = await waitForCount(page);
  assert.equal(st.count, 1, st.text);
  let rs = await results(page);
  assert.match(rs[0].href, /\/doc-004321\/$/);
  assert.equal(await page.textContent('[data-gk-search-results] .gk-search__excerpt mark'), '鹦鹉螺');
  // 年度 and 发布机构 filters: every result of the filtered query is of that year and issuer.
  await page.goto(big.url(`/search/?q=${encodeURIComponent('营商')}&year=2019&issuer=${encodeURIComponent('示例市财政局')}`));
  st = await waitForCount(page);
  const rows = await page.$$eval('[data-gk-search-results] .gk-list__item', (li) => li.map((x) => x.querySelector('.gk-list__meta').textContent));
  assert.ok(st.count > 0 && rows.length === Math.min(10, st.count));
  assert.ok(rows.every((r) => r.includes('发布日期：2019年') && r.includes('示例市财政局')), rows.join('\n'));
  // 主题分类 alone, no query: the newest of that topic.
  await page.goto(big.url(`/search/?topic=${encodeURIComponent('卫生、体育')}`));
  st = await waitForCount(page);
  assert.ok(st.count > 1000 && st.count < 3000, st.text);
  // The care rendition: same results, under /care/.
  await page.goto(big.url(`/care/search/?q=${encodeURIComponent('鹦鹉螺')}`));
  await waitForCount(page);
  rs = await results(page);
  assert.match(rs[0].href, /^\/care\/.*\/doc-004321\/$/);
  for (const url of ['/search/?q=%E5%85%AC%E5%BC%80', '/care/search/?q=%E5%85%AC%E5%BC%80']) {
    await page.goto(big.url(url));
    await waitForCount(page);
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations(url, v));
  }
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => {
  s.assertNoForeignRequests();
  big.assertNoForeignRequests();
});
