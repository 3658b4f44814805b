// Issue 5: printing follows GB/T 9704 (REQUIREMENTS D). page.pdf() of the seed document with the CSS
// page size: A4, 标题/正文/落款 present; in 打印内容 (the default print, = Ctrl+P) no navigation or
// toolbar text and the page URL line present; 打印整页 (class gk-print-page, as the button sets it)
// keeps the page but not the toolbar; the 关怀版 and a 配色/字号/zoom preference do not leak into
// print. The first pages are rendered to PNG in output/ for a human look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { session, SEED, ensureOutput } from './lib.mjs';

let s, out;
before(async () => { s = await session(); out = ensureOutput(); });
after(async () => { await s.finish(); });

const PDF_OPTS = { preferCSSPageSize: true, printBackground: true };
const squash = (t) => t.replace(/\s+/g, '');

function pdfFacts(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const [, w, h] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
  const pages = +info.match(/Pages:\s+(\d+)/)[1];
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const perPage = text.split('\f').map(squash);
  // reading order (-raw) keeps a wrapped table cell together
  const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return { w: +w, h: +h, pages, text, flat: squash(raw), perPage };
}

function png(file, prefix) {
  execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '2', '-png', file, path.join(out, prefix)]);
}

async function printPdf(page, name, mode = 'content') {
  if (mode === 'page') {
    await page.click('[data-gk-print="page"]');   // window.print is stubbed: the button only sets the class
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('gk-print-page')));
    assert.ok(await page.evaluate(() => window.__printed >= 1), 'the button calls window.print()');
  }
  const file = path.join(out, `${name}.pdf`);
  await page.pdf({ path: file, ...PDF_OPTS });
  return { file, ...pdfFacts(file) };
}

let std;   // 打印内容 of the standard page, the reference for the leak tests
let expect;

test('打印内容 (default print): A4, content only, URL line, GB/T 9704 page', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url(SEED));
  expect = await page.evaluate(() => ({
    title: document.querySelector('h1').textContent.trim(),
    firstPara: document.querySelector('.gk-body p').textContent.trim(),
    lastPara: [...document.querySelectorAll('.gk-body p')].at(-1).textContent.trim(),
    signature: [...document.querySelectorAll('.gk-signature p')].map((p) => p.textContent.trim()),
    nav: [...document.querySelectorAll('.gk-nav__list a, .gk-footer__link')].map((a) => a.textContent.trim()),
    indexNo: document.querySelector('.gk-meta__row--index_no dd')?.textContent.trim(),
  }));
  std = await printPdf(page, 'print-content');
  png(std.file, 'print-content');
  assert.ok(Math.abs(std.w - 595.28) <= 2 && Math.abs(std.h - 841.89) <= 2, `A4 page size, got ${std.w}×${std.h}`);
  for (const [what, t] of [['标题', expect.title], ['正文 first paragraph', expect.firstPara.slice(0, 30)],
    ['正文 last paragraph', expect.lastPara.slice(0, 30)], ['索引号', expect.indexNo], ...expect.signature.map((x) => ['落款', x])]) {
    assert.ok(std.flat.includes(squash(t)), `${what} "${t}" in the PDF`);
  }
  assert.match(std.flat, new RegExp('本文网址：https?://[^\\s]*' + SEED.replace(/\//g, '\\/')), 'page URL line');
  for (const t of ['无障碍', '关怀版', '跳到正文', '打印内容', '打印整页', '分享到', '扫码使用手机浏览', '上一篇', '下一篇', '当前位置', '主办单位', '网站标识码', ...expect.nav]) {
    assert.ok(!std.flat.includes(squash(t)), `"${t}" must not be printed in 打印内容`);
  }
  assert.ok(std.pages >= 2, 'a long document spans pages');
  // the 版心: no text in the 28 mm 订口 or the 26 mm right margin (pdftotext -bbox, in pt)
  const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', std.file, '-'], { encoding: 'utf8' });
  const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)]
    .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], t: m[5] }));
  const mm = 72 / 25.4;
  const body = words.filter((w) => w.y1 < 842 - 35 * mm);   // above the bottom margin (page number lives below)
  assert.ok(body.length > 20);
  const minX = Math.min(...body.map((w) => w.x0)), maxX = Math.max(...body.map((w) => w.x1)), minY = Math.min(...body.map((w) => w.y0));
  assert.ok(minX >= 28 * mm - 3, `left margin ≥ 28 mm (text starts at ${(minX / mm).toFixed(1)} mm)`);
  assert.ok(maxX <= 595.28 - 26 * mm + 3, `right margin ≥ 26 mm (text ends at ${((595.28 - maxX) / mm).toFixed(1)} mm from the edge)`);
  assert.ok(minY >= 37 * mm - 8, `top margin ≈ 37 mm (first text at ${(minY / mm).toFixed(1)} mm)`);
  await page.close();
});

test('打印整页 (button, window.print stubbed): page chrome kept, toolbar and overlays hidden', async () => {
  const ctx = await s.newContext();
  await ctx.addInitScript(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  const page = await ctx.newPage();
  await page.goto(s.url(SEED));
  await page.click('[data-module="gk-toolbar-toggle"]');    // toolbar open on screen must still not print
  const full = await printPdf(page, 'print-page', 'page');
  png(full.file, 'print-page');
  assert.ok(Math.abs(full.w - 595.28) <= 2 && Math.abs(full.h - 841.89) <= 2, 'A4');
  assert.ok(full.flat.includes(squash(expect.title)), '标题');
  for (const x of expect.signature) assert.ok(full.flat.includes(squash(x)), '落款');
  assert.ok(full.pages >= std.pages, 'the whole page is at least as long as the content');
  for (const t of ['关闭工具栏', '快捷键说明', '大鼠标', '十字线', '打印内容', '打印整页', '跳到正文']) {
    assert.ok(!full.flat.includes(squash(t)), `"${t}" (toolbar / buttons) must not be printed`);
  }
  assert.ok(full.flat.includes('目录导读') || !(await page.$('.gk-toc')), 'the 目录 is printed in 打印整页');
  await page.close();
});

test('Ctrl+P without the button equals 打印内容; 关怀版 and 配色/字号/zoom do not leak into print', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/care' + SEED));
  const care = await printPdf(page, 'print-care');
  png(care.file, 'print-care');
  assert.equal(care.pages, std.pages, '关怀版 prints the same number of pages');
  assert.deepEqual(care.perPage, std.perPage, '关怀版 prints the same text on each page');

  await page.goto(s.url(SEED));
  await page.click('[data-module="gk-toolbar-toggle"]');
  await page.click('#gk-toolbar [data-gk-scheme="yellow-black"]');
  await page.click('#gk-toolbar [data-gk-fs="large"]');
  for (let i = 0; i < 5; i++) await page.click('#gk-toolbar [data-gk-action="zoom-in"]');
  await page.click('#gk-toolbar [data-gk-toggle="spacing"]');
  await page.click('#gk-toolbar [data-gk-toggle="reading"]');
  const prefs = await printPdf(page, 'print-prefs');
  png(prefs.file, 'print-prefs');
  assert.equal(prefs.pages, std.pages, 'preferences do not change the page count');
  assert.deepEqual(prefs.perPage, std.perPage, 'preferences do not change the printed text layout');
  // colours: printed text is black on white (sample the PNG? pdftotext cannot see colour): check print CSS
  await page.emulateMedia({ media: 'print' });
  const c = await page.$eval('.gk-body p', (p) => [getComputedStyle(p).color, getComputedStyle(p).fontSize, getComputedStyle(document.body).backgroundColor]);
  assert.equal(c[0], 'rgb(0, 0, 0)', 'black text in print');
  assert.ok(Math.abs(parseFloat(c[1]) - 16 * 96 / 72) < 0.5, `3号 16pt body in print (${c[1]})`);
  await page.emulateMedia({ media: null });
  await page.click('#gk-toolbar [data-gk-action="reset"]');
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
