// Issue 4: the 关怀版 (care) rendition in numbers — REQUIREMENTS B3. Body text ≥ 22px on the desktop and
// ≥ 20px at 390 px, line height ≥ 1.8, body text contrast ≥ 7:1, targets ≥ 44×44 (inline links in
// running text excepted), toolbar main buttons ≥ 60×60, internal links stay under /care/, canonical
// points to the standard page, and each page links to the other rendition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, allPages, documentPages, pool, SEED, DOCS, auditTargets, effectiveColors, contrast, parseColor } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const carePages = () => allPages().filter((p) => p.startsWith('/care/'));

async function bodyText(page) {
  return page.evaluate(effectiveColors, '.gk-body p');
}

test('every care page: links stay in /care/, canonical → standard, link to 标准版, targets ≥ 44×44', async () => {
  const pages = carePages();
  assert.ok(pages.length > 50);
  const ctx = await s.newContext();
  const failures = [];
  await pool(pages, 2, async (p) => {
    const page = await ctx.newPage();
    try {
      await page.goto(s.url(p));
      const r = await page.evaluate(() => {
        const canonical = document.querySelector('link[rel=canonical]')?.href || null;
        const siteHost = canonical ? new URL(canonical).host : null;
        const leaving = [];
        for (const a of document.querySelectorAll('a[href]')) {
          const u = new URL(a.getAttribute('href'), location.href);
          const internal = u.host === location.host || (siteHost && u.host === siteHost);
          if (!internal) continue;
          if (u.pathname.startsWith('/static/')) continue;                       // assets
          if (/\.(?!html?$)[a-z0-9]{1,5}$/i.test(u.pathname)) continue;         // attachment downloads
          if (u.host === location.host && u.pathname.startsWith('/care/')) continue;
          // the rendition switch itself: 标准版 → this page's standard URL
          if (/标准版/.test(a.textContent) && u.pathname === location.pathname.replace(/^\/care\//, '/')) continue;
          leaving.push(`${a.textContent.trim().slice(0, 20)} → ${a.getAttribute('href')}`);
        }
        return { canonical, leaving, links: [...document.querySelectorAll('a[href]')].map((a) => [a.textContent.trim(), new URL(a.href).pathname]),
          care: document.documentElement.classList.contains('gk-care') };
      });
      const std = p.slice('/care'.length);
      const errs = [];
      if (!r.care) errs.push('no gk-care class');
      if (!r.canonical || new URL(r.canonical).pathname !== std || new URL(r.canonical).pathname.startsWith('/care/')) errs.push(`canonical ${r.canonical} ≠ standard ${std}`);
      if (r.leaving.length) errs.push(`links leaving /care/: ${r.leaving.join('; ')}`);
      if (!r.links.some(([t, path]) => path === std && /标准版/.test(t))) errs.push(`no 标准版 link to ${std}`);
      const small = await page.evaluate(auditTargets, 44);
      if (small.length) errs.push(`targets < 44×44: ${small.join('; ')}`);
      if (errs.length) failures.push(`${p}:\n    ${errs.join('\n    ')}`);
    } finally { await page.close(); }
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('every standard page links to its 关怀版 counterpart, canonical is itself', async () => {
  // (cheap: static HTML is enough, the browser pass is in standard.test.mjs)
  const ctx = await s.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const failures = [];
  for (const p of allPages().filter((x) => !x.startsWith('/care/')).slice(0, 400)) {
    await page.goto(s.url(p), { waitUntil: 'domcontentloaded' });
    const r = await page.evaluate(() => ({ canonical: document.querySelector('link[rel=canonical]')?.href,
      links: [...document.querySelectorAll('a[href]')].map((a) => [a.textContent.trim(), new URL(a.href).pathname]) }));
    if (!r.links.some(([t, path]) => path === '/care' + p && /关怀版/.test(t))) failures.push(`${p}: no 关怀版 link`);
    if (!r.canonical || new URL(r.canonical).pathname !== p) failures.push(`${p}: canonical ${r.canonical}`);
  }
  await page.close();
  assert.equal(failures.length, 0, failures.join('\n'));
});

for (const [width, minFs] of [[1280, 22], [390, 20]]) {
  test(`care document pages at ${width} px: body ≥ ${minFs}px, line-height ≥ 1.8, contrast ≥ 7:1, targets ≥ 44`, async () => {
    const ctx = await s.newContext({ viewport: { width, height: 900 } });
    const docs = documentPages().filter((p) => p.startsWith('/care/'));
    assert.ok(docs.length >= 5, `care document pages found: ${docs.length}`);
    const failures = [];
    await pool(docs, 2, async (p) => {
      const page = await ctx.newPage();
      try {
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
      } finally { await page.close(); }
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

test('no request left 127.0.0.1', () => { s.assertNoForeignRequests(); });
