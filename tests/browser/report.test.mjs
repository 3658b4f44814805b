// Issue 10: the report of `gongkai check --report DIR` in a real browser. A site with one problem of
// each inspection rule (a stale and an empty 栏目, an unmasked ID number, a word of the word list, a
// 文件 without its 解读) is written to a temp folder and checked with the binary in GONGKAI_BIN; the
// report must pass axe (WCAG 2.0–2.2 A/AA), load nothing from elsewhere, and work opened from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, session, axe, describeViolations } from './lib.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');

/** Valid ID number from its first 17 digits (GB 11643 check character). */
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const doc = (title, date, extra, body) =>
  `---\ntitle: ${title}\nissuer: 示例市测试局\ndate: ${date}\n${extra}---\n\n${body}\n`;

let root;
let s;
before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-report-'));
  const files = {
    'config.yaml': 'title: 示例市测试局\n',
    'wordlist.yaml': '- {word: 残废人, use: 残疾人, note: 新华社禁用词}\n',
    'content/gzdt/_index.md': '---\ntitle: 工作动态\n---\n',
    'content/gzdt/a.md': doc('工作动态一', '2024-05-01', '', `申请人身份证号${idNumber('35010219900101123')}。关心残废人就业。`),
    'content/zcwj/_index.md': '---\ntitle: 政策文件\nneeds_interpretation: true\n---\n',
    'content/zcwj/b.md': doc('关于印发某某办法的通知', '2024-03-01', '', '正文。'),
    'content/kong/_index.md': '---\ntitle: 空栏目\n---\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const run = spawnSync(BIN, ['check', '--root', root, '--today', '2024-06-01', '--report', path.join(root, 'report')], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  s = await session({ root });
});
after(async () => {
  await s?.finish();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('report: axe finds no violation; every rule has its findings', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/report/index.html'));
  for (const id of ['rule-freshness', 'rule-personal-data', 'rule-wording', 'rule-interpretation']) {
    const rows = await page.locator(`section[aria-labelledby="${id}"] table.findings tbody tr`).count();
    assert.ok(rows > 0, `${id} has findings`);
  }
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations('/report/index.html', v));
  // A finding's link opens its source file.
  const href = await page.locator('table.findings a[href$=".md"]').first().getAttribute('href');
  const res = await page.request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200, href);
  await page.close();
});

test('report: opened from disk it is styled and complete', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(path.join(root, 'report', 'index.html')).href);
  assert.match(await page.locator('h1').innerText(), /网站检查报告/);
  const border = await page.locator('.card--error').evaluate((e) => getComputedStyle(e).borderTopWidth);
  assert.equal(border, '2px');
  const bars = await page.locator('table.fresh .bar__fill').count();
  assert.equal(bars, 3);
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
