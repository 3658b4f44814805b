// Issue 11: documents over time in a real browser. tests/fixtures/sites/lifecycle is built with the
// binary in GONGKAI_BIN as of 2025-07-01 (--today): a 规范性文件 amended by a later one (修改 notice on
// the earlier page, 本文件修改 on the later), one repealed (废止), one whose validity_date has passed
// (失效), a 公示 past its `expires` (已结束), and the 沭阳 2023 年报 with its tables from
// tests/fixtures/annual_report/shuyang-2023.yaml. A document dated 2025-12-05 is not built; `serve
// --today 2025-07-01` shows it with its 待发布 banner. Every one of these pages, in both renditions:
// axe-core with no violation, the notices visible with their text and links, the 年报 tables with
// header cells and the report's numbers; printed to PDF, the notices and tables are in the text and no
// table is cut off at the right edge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { session, pool, axe, describeViolations, ensureOutput, REPO } from './lib.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');
const SOURCE = path.join(REPO, 'tests', 'fixtures', 'sites', 'lifecycle');
const TODAY = '2025-07-01';

/** Each page of the fixture with what it must show at the top (text, and the link's target). */
const NOTICES = {
  '/zcwj/banfa/': { sel: '.gk-notice--amended', text: '本文件已被《关于修改《示例市停车管理办法》的决定》修改（2024年3月1日）', href: '/zcwj/xiugai/' },
  '/zcwj/xiugai/': { sel: '.gk-related--changes', text: '本文件修改：《示例市停车管理办法》', href: '/zcwj/banfa/' },
  '/zcwj/jiu/': { sel: '.gk-notice--repealed', text: '本文件已被《关于废止《示例市旧规定》的决定》废止（2024年5月1日）', href: '/zcwj/feizhi/' },
  '/zcwj/feizhi/': { sel: '.gk-related--changes', text: '本文件废止：《示例市旧规定》', href: '/zcwj/jiu/' },
  '/zcwj/zanxing/': { sel: '.gk-notice--expired', text: '本文件已失效（2025年6月30日）' },
  '/gs/gongshi/': { sel: '.gk-notice--ended', text: '本公示已于 2025年3月10日 结束' },
};
const REPORT = '/nb/shuyang-2023/';
const LISTINGS = { '/zcwj/': ['失效', '废止'], '/gs/': ['已结束'] };
const PAGES = [...Object.keys(NOTICES), REPORT, ...Object.keys(LISTINGS)];
const BOTH = PAGES.flatMap((p) => [p, '/care' + p]);
const CAPTIONS = ['主动公开政府信息情况', '收到和处理政府信息公开申请情况', '政府信息公开行政复议、行政诉讼情况'];

const squash = (t) => t.replace(/\s+/g, '');
let s, tmp, site, out;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-lifecycle-'));
  site = path.join(tmp, 'site');
  const r = spawnSync(BIN, ['build', '--root', SOURCE, '--output', site, '--today', TODAY], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build of the lifecycle site failed:\n${r.stderr}`);
  assert.match(r.stderr, /下一次变化：2025-12-05 09:00，1 篇待发布/, r.stderr);
  assert.ok(!fs.existsSync(path.join(site, 'zcwj', 'later')), 'the scheduled document is not built before its day');
  s = await session({ root: site });
  out = ensureOutput();
});
after(async () => {
  await s?.finish();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('axe: the notice pages, the listings with their tags and the 年报, both renditions: no violation', async () => {
  const ctx = await s.newContext();
  const failures = [];
  await pool(ctx, BOTH, 2, async (page, p) => {
    await page.goto(s.url(p));
    const v = await axe(page);
    if (v.length) failures.push(describeViolations(p, v));
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('notices and relations are visible with their text and links; listings tag 失效/废止/已结束', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const care of ['', '/care']) {
    for (const [p, n] of Object.entries(NOTICES)) {
      await page.goto(s.url(care + p));
      const box = page.locator(n.sel);
      assert.equal(await box.count(), 1, `${care + p}: one ${n.sel}`);
      assert.ok(await box.isVisible(), `${care + p}: ${n.sel} visible`);
      assert.equal(squash(await box.innerText()).replace(/^提示/, ''), squash(n.text), `${care + p}: text of ${n.sel}`);
      // above the body: the reader sees it before the text
      const [top, bodyTop] = await page.evaluate((sel) => [document.querySelector(sel).getBoundingClientRect().top,
        document.querySelector('.gk-body').getBoundingClientRect().top], n.sel);
      assert.ok(top < bodyTop, `${care + p}: ${n.sel} stands above the body`);
      if (n.href) {
        const a = box.locator('a');
        assert.equal(await a.getAttribute('href'), care + n.href, `${care + p}: link stays in its rendition`);
        assert.ok(await a.isVisible());
        await a.click();
        await page.waitForURL(s.url(care + n.href));
        assert.ok((await page.title()).length > 0);
      }
    }
    for (const [p, tags] of Object.entries(LISTINGS)) {
      await page.goto(s.url(care + p));
      const seen = await page.locator('.gk-tag').evaluateAll((els) => els.filter((e) => e.getClientRects().length).map((e) => e.textContent.trim()));
      assert.deepEqual(seen.sort(), [...tags].sort(), `${care + p}: visible tags`);
    }
    // 有效性 in the 元数据 of the ended documents is tagged too
    for (const [p, word] of [['/zcwj/jiu/', '废止'], ['/zcwj/zanxing/', '失效']]) {
      await page.goto(s.url(care + p));
      assert.equal((await page.locator('.gk-meta__row--validity .gk-tag--invalid').innerText()).trim(), word, `${care + p}: 有效性`);
    }
  }
  await page.close();
});

test('年报: the three tables from data with header cells and the 沭阳 2023 numbers, both renditions', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const p of [REPORT, '/care' + REPORT]) {
    await page.goto(s.url(p));
    const t = await page.evaluate(() => [...document.querySelectorAll('.gk-annual table')].map((tb) => ({
      caption: tb.caption?.textContent.trim(),
      visible: tb.getClientRects().length > 0,
      th: tb.querySelectorAll('th').length,
      thNoScope: tb.querySelectorAll('th:not([scope])').length,
      rows: [...tb.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())),
      region: tb.closest('[role="region"]')?.getAttribute('aria-label'),
    })));
    assert.deepEqual(t.map((x) => x.caption), CAPTIONS, `${p}: captions`);
    for (const x of t) {
      assert.ok(x.visible, `${p}: ${x.caption} visible`);
      assert.ok(x.th >= 5 && x.thNoScope === 0, `${p}: ${x.caption} has header cells with scope (${x.th}, ${x.thNoScope} without)`);
      assert.equal(x.region, x.caption, `${p}: the scrolling region is named after its table`);
    }
    const row = (table, head) => t[table].rows.find((r) => r[0] === head || r.includes(head));
    // 表二: 规范性文件 本年制发 8, 本年废止 0, 现行有效 18
    assert.deepEqual(row(0, '规范性文件'), ['规范性文件', '8', '0', '18'], `${p}: 表二 规范性文件`);
    // 表三: 26 new applications, all from 自然人, all 予以公开
    assert.deepEqual(row(1, '一、本年新收政府信息公开申请数量'), ['一、本年新收政府信息公开申请数量', '26', '0', '0', '0', '0', '0', '26'], `${p}: 表三 本年新收`);
    const open = t[1].rows.find((r) => r.includes('（一）予以公开'));
    assert.deepEqual(open.slice(-7), ['26', '0', '0', '0', '0', '0', '26'], `${p}: 表三 予以公开`);
    // 表四: one 行政复议 尚未审结, 总计 1; 15 number cells
    const body4 = t[2].rows.at(-1);
    assert.equal(body4.length, 15, `${p}: 表四 has 15 columns`);
    assert.deepEqual(body4.slice(0, 5), ['0', '0', '0', '1', '1'], `${p}: 表四 行政复议`);
    // The tables come right after their headings 二、三、四.
    const after = await page.evaluate(() => [...document.querySelectorAll('.gk-annual')].map((d) => d.previousElementSibling?.textContent.trim()));
    assert.deepEqual(after, ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'], `${p}: headings`);
  }
  await page.close();
});

function pdfText(file) {
  const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const [, w] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g)]
    .map((m) => ({ x0: +m[1], x1: +m[2], t: m[3] }));
  return { flat: squash(raw), layout, width: +w, words };
}

test('print: notices and the 年报 tables are in the PDF, no table cut off horizontally (both renditions)', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const care of ['', '/care']) {
    for (const [p, n] of Object.entries(NOTICES)) {
      await page.goto(s.url(care + p));
      const file = path.join(out, `lifecycle${(care + p).replace(/\//g, '-').replace(/-$/, '')}.pdf`);
      await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
      const pdf = pdfText(file);
      assert.ok(pdf.flat.includes(squash(n.text)), `${care + p}: "${n.text}" printed`);
    }
    // The 年报 at the printed width: no table wider than its box (a scrolling box would cut it off on paper).
    await page.goto(s.url(care + REPORT));
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 600, height: 900 });   // about the A4 版心 (156 mm) at 96 dpi
    const wide = await page.evaluate(() => [...document.querySelectorAll('.gk-annual')].flatMap((d) => {
      const t = d.querySelector('table');
      const cs = getComputedStyle(d);
      const cut = t.getBoundingClientRect().right > d.getBoundingClientRect().right + 1 && cs.overflowX !== 'visible';
      const off = t.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
      return cut || off ? [`${t.caption.textContent}: table ${Math.round(t.getBoundingClientRect().width)}px in a ${Math.round(d.clientWidth)}px box (overflow-x ${cs.overflowX})`] : [];
    }));
    assert.deepEqual(wide, [], `${care + REPORT}: tables wider than the printed page`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ media: null });
    const file = path.join(out, `lifecycle${care.replace('/', '-')}-nianbao.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    const pdf = pdfText(file);
    for (const c of CAPTIONS) assert.ok(pdf.flat.includes(squash(c)), `${care + REPORT}: caption ${c} printed`);
    // every column of the widest table (表四, 15 columns) is printed: its three 尚未审结 headers and both 起诉 groups
    for (const h of ['申请人情况', '法律服务机构', '未经复议直接起诉', '复议后起诉', '本年制发件数', '现行有效件数']) {
      assert.ok(pdf.flat.includes(h), `${care + REPORT}: header ${h} printed`);
    }
    assert.ok((pdf.flat.match(/尚未审结/g) || []).length >= 3, `${care + REPORT}: the three 尚未审结 columns of 表四 printed`);
    // numbers: the 规范性文件 line (8, 0, 18) and the 本年新收 line (26 … 26)
    assert.match(pdf.layout, /规范性文件\s+8\s+0\s+18/, `${care + REPORT}: 表二 规范性文件 line printed`);
    assert.match(pdf.layout, /26\s+0\s+0\s+0\s+0\s+0\s+26/, `${care + REPORT}: 表三 本年新收 line printed`);
    // nothing past the right edge of the paper
    const past = pdf.words.filter((w) => w.x1 > pdf.width - 1 || w.x0 < 1);
    assert.deepEqual(past.map((w) => w.t), [], `${care + REPORT}: words at or past the paper's edge`);
  }
  await page.close();
});

test('serve --today shows the scheduled document with its 待发布 banner (axe clean, both renditions)', async () => {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', SOURCE, '--today', TODAY], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = [];
  try {
    const origin = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr.join('')}`)), 60000);
      child.stderr.on('data', (chunk) => {
        stderr.push(chunk.toString());
        const m = /监听 ([0-9.]+):(\d+)/.exec(stderr.join(''));
        if (m) { clearTimeout(timer); resolve(`http://${m[1]}:${m[2]}`); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}:\n${stderr.join('')}`)); });
    });
    const page = await s.browser.newPage();
    for (const care of ['', '/care']) {
      const res = await page.goto(origin + care + '/zcwj/later/');
      assert.equal(res.status(), 200, `${care}/zcwj/later/ served`);
      const banner = page.locator('.gk-notice--scheduled');
      assert.ok(await banner.isVisible(), `${care}: 待发布 banner visible`);
      assert.match(squash(await banner.innerText()), /^待发布本文件定于2025年12月5日09:00发布，正式网站在此之前不显示本页/, `${care}: banner text`);
      const v = await axe(page);
      assert.equal(v.length, 0, describeViolations(`serve ${care}/zcwj/later/`, v));
      await page.goto(origin + care + '/zcwj/');
      const tags = await page.locator('.gk-tag').allInnerTexts();
      assert.ok(tags.map((x) => x.trim()).includes('待发布'), `${care}/zcwj/: the listing tags it 待发布 in preview (${tags})`);
    }
    await page.close();
  } finally {
    child.kill();
  }
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
