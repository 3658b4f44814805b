// Issue 4: the 关怀版 (care) rendition in numbers — REQUIREMENTS B3. Body text ≥ 22px on the desktop and
// ≥ 20px at 390 px, line height ≥ 1.8, body text contrast ≥ 7:1 (also in every 配色), targets ≥ 44×44
// at 390 px (inline links in running text excepted), toolbar main buttons ≥ 60×60, no motion, one
// column. Targets at 1280 px, links under /care/, canonical and the 标准版 link: site.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, documentPages, pool, SEED, DOCS, auditTargets, effectiveColors, contrast, parseColor } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });


async function bodyText(page) {
  return page.evaluate(effectiveColors, '.gk-body p');
}

for (const [width, minFs] of [[1280, 22], [390, 20]]) {
  test(`care document pages at ${width} px: body ≥ ${minFs}px, line-height ≥ 1.8, contrast ≥ 7:1, targets ≥ 44`, async () => {
    const ctx = await s.newContext({ viewport: { width, height: 900 } });
    const docs = documentPages().filter((p) => p.startsWith('/care/'));
    assert.ok(docs.length >= 5, `care document pages found: ${docs.length}`);
    const failures = [];
    await pool(ctx, docs, 2, async (page, p) => {
        await page.goto(s.url(p));
        const t = await bodyText(page);
        const errs = [];
        if (t.fontSize < minFs) errs.push(`body font-size ${t.fontSize}px`);
        if (t.lineHeight / t.fontSize < 1.8 - 1e-6) errs.push(`line-height ${t.lineHeight / t.fontSize}`);
        const cr = contrast(parseColor(t.color), parseColor(t.bg));
        if (cr < 7) errs.push(`contrast ${cr.toFixed(2)} (${t.color} on ${t.bg})`);
        // every paragraph in the body, not only the first
        const sizes = await page.$$eval('.gk-body p, .gk-body li, .gk-signature p', (ps) => ps.map((e) => parseFloat(getComputedStyle(e).fontSize)));
        if (Math.min(...sizes) < minFs) errs.push(`smallest body paragraph ${Math.min(...sizes)}px`);
        if (width === 390) {
          if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) errs.push('horizontal scrolling');
          const small = await page.evaluate(auditTargets, 44);
          if (small.length) errs.push(`targets < 44×44: ${small.join('; ')}`);
        }
        if (errs.length) failures.push(`${p}: ${errs.join('; ')}`);
    });
    assert.equal(failures.length, 0, failures.join('\n'));
  });
}

test('care: body text contrast ≥ 7:1 in every 配色 scheme; toolbar buttons ≥ 60×60', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url('/care' + SEED));
  await page.click('[data-module="gk-toolbar-toggle"]');
  const sizes = await page.$$eval('#gk-toolbar button', (bs) => bs.filter((b) => b.getClientRects().length)
    .map((b) => [b.textContent.trim(), b.getBoundingClientRect().width, b.getBoundingClientRect().height]));
  const small = sizes.filter(([, w, h]) => w < 59.5 || h < 59.5);
  assert.deepEqual(small, [], 'toolbar buttons under 60×60 in the 关怀版');
  for (const scheme of ['default', 'contrast', 'yellow-black', 'blue']) {
    await page.click(`#gk-toolbar [data-gk-scheme="${scheme}"]`);
    const t = await bodyText(page);
    const cr = contrast(parseColor(t.color), parseColor(t.bg));
    assert.ok(cr >= 7, `${scheme}: ${cr.toFixed(2)}`);
    assert.ok(t.fontSize >= 22, `${scheme}: font-size`);
  }
  await page.click('#gk-toolbar [data-gk-action="reset"]');
  await page.close();
});

test('care: nothing moves (no animation or transition) and the layout is one column', async () => {
  const ctx = await s.newContext({ reducedMotion: 'no-preference' });
  const page = await ctx.newPage();
  await page.goto(s.url('/care' + DOCS[0]));
  const moving = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => {
    const cs = getComputedStyle(e);
    return (cs.animationName !== 'none' && parseFloat(cs.animationDuration) > 0) || parseFloat(cs.transitionDuration) > 0;
  }).map((e) => e.className).slice(0, 5));
  assert.deepEqual(moving, []);
  const cols = await page.evaluate(() => {
    const main = document.querySelector('.gk-doc__content').getBoundingClientRect();
    const toc = document.querySelector('.gk-toc')?.getBoundingClientRect();
    return { mainW: main.width, tocBeside: toc ? toc.left >= main.right - 1 : false, tocPos: document.querySelector('.gk-toc') ? getComputedStyle(document.querySelector('.gk-toc')).position : null };
  });
  assert.equal(cols.tocBeside, false, 'no side column');
  assert.notEqual(cols.tocPos, 'sticky', 'the 目录 does not stick over the text');
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
