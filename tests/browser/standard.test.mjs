// Issue 4: the text-spacing override (1.4.12) clips nothing, viewport/lang/title conventions.
// Targets ≥ 24×24, reflow at 320 px, skip link, one h1 and heading levels on every page: site.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, documentPages, pool, DOCS, openToolbar } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });


const SPACING_CSS = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, blockquote { margin-bottom: 2em !important; }`;

test('text spacing override (1.4.12) clips no text, at 1280 and 320 px, both renditions', async () => {
  const pages = ['/', '/xxgk/', '/xxgk/fdzdgknr/', '/xxgk/year/', '/xxgk/fdzdgknr/year/2021/', ...DOCS, '/404.html'];
  const failures = [];
  for (const width of [1280, 320]) {
    const ctx = await s.newContext({ viewport: { width, height: 800 } });
    await pool(ctx, pages.flatMap((p) => [p, '/care' + p]), 2, async (page, p) => {
        await page.goto(s.url(p));
        await openToolbar(page);   // the toolbar and its labels too
        await page.addStyleTag({ content: SPACING_CSS });
        const clipped = await page.evaluate(() => {
          const out = [];
          for (const e of document.body.querySelectorAll('*')) {
            if (!e.getClientRects().length || e.closest('.gk-visually-hidden, svg')) continue;
            if (!(e.textContent || '').trim()) continue;
            const cs = getComputedStyle(e);
            const hidden = (v) => v === 'hidden' || v === 'clip';
            const clipsY = hidden(cs.overflowY) && e.scrollHeight > e.clientHeight + 1;
            const clipsX = hidden(cs.overflowX) && e.scrollWidth > e.clientWidth + 1;
            // fixed heights that let text spill over the next element
            const spill = !hidden(cs.overflowY) && cs.height !== 'auto' && /px$/.test(cs.maxHeight) && e.scrollHeight > e.clientHeight + 1 && cs.overflowY !== 'auto' && cs.overflowY !== 'scroll';
            const ell = cs.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1;
            if (clipsY || clipsX || spill || ell) {
              out.push(`${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} "${e.textContent.trim().slice(0, 15)}" scroll ${e.scrollWidth}×${e.scrollHeight} > client ${e.clientWidth}×${e.clientHeight}`);
            }
          }
          return out;
        });
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (clipped.length) failures.push(`${p} @${width}: ${clipped.slice(0, 6).join('; ')}`);
        if (width === 320 && scroll > 320) failures.push(`${p} @320 with text spacing: scrollWidth ${scroll}`);
    });
  }
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('viewport allows zoom; page title is 标题_栏目_站名 on documents; lang zh-CN', async () => {
  const ctx = await s.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  for (const p of [...documentPages().filter((x) => !x.startsWith('/care/')).slice(0, 4), '/']) {
    await page.goto(s.url(p));
    const r = await page.evaluate(() => ({ vp: document.querySelector('meta[name=viewport]').content,
      lang: document.documentElement.lang, title: document.title, h1: document.querySelector('h1').textContent.trim() }));
    assert.doesNotMatch(r.vp, /user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0)?\b/, p);
    assert.equal(r.lang, 'zh-CN');
    if (p !== '/') assert.ok(r.title.startsWith(r.h1 + '_') && r.title.split('_').length >= 3, `${p}: title "${r.title}"`);
  }
  await page.close();
});

test('documents on a phone (390 px): numbers in table cells stay whole, link lines are not justified; print does not repeat an address the link shows', async () => {
  const ctx = await s.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  for (const care of ['', '/care']) {
    // 国函〔2006〕132号: seven coordinate tables (15172.500, 13728.0207 …), wider than a phone
    await page.goto(s.url(care + '/xxgk/fdzdgknr/zcwj/guowuyuan-2018-12-03/'));
    const broken = await page.evaluate(() => [...document.querySelectorAll('.gk-body td')]
      .filter((td) => /^\d+\.\d+$/.test(td.textContent.trim()) && td.firstChild)
      .filter((td) => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1; })
      .map((td) => td.textContent.trim()));
    assert.deepEqual(broken.slice(0, 5), [], `${care}: numbers broken across lines in table cells`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), `${care}: the page does not scroll sideways`);
    // a link line holding a long address: start-aligned, so the words before it keep their spacing
    await page.goto(s.url(care + '/xxgk/fdzdgknr/zcwj/guowuyuan-bangongting-2018-12-11/'));
    const aligns = await page.locator('.gk-body p.gk-linkline').evaluateAll((ps) => [...new Set(ps.map((p) => getComputedStyle(p).textAlign))]);
    assert.deepEqual(aligns, ['start'], `${care}: text-align of link lines`);
    // （http://www.shuyang.gov.cn/）: the link's text is its address, print adds nothing after it
    await page.goto(s.url(care + '/xxgk/nb/shuyang-fagaiju-2024-01-17/'));
    await page.emulateMedia({ media: 'print' });
    const after = await page.evaluate(() => [...document.querySelectorAll('.gk-body a[href^="http"]')]
      .filter((a) => a.textContent.includes(a.getAttribute('href')))
      .map((a) => [a.className, getComputedStyle(a, '::after').content]));
    assert.ok(after.length > 0, `${care}: a link showing its address`);
    assert.deepEqual(after.filter(([, c]) => c !== 'none'), [], `${care}: address printed twice`);
    await page.emulateMedia({ media: null });
  }
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
