// Issue 4: the standard rendition. Targets ≥ 24×24 (inline links excepted, WCAG 2.5.8), reflow at
// 320 px without horizontal scrolling (1.4.10), the text-spacing override does not clip text (1.4.12),
// the skip link is the first focusable element and targets #main-content (2.4.1), exactly one h1, and
// the page chrome's headings do not skip levels (1.3.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, allPages, documentPages, pool, DOCS, auditTargets } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const standardPages = () => allPages().filter((p) => !p.startsWith('/care/'));

test('every standard page: skip link first, one h1, heading levels, targets ≥ 24×24', async () => {
  const ctx = await s.newContext();
  const failures = [];
  await pool(standardPages(), 2, async (p) => {
    const page = await ctx.newPage();
    try {
      await page.goto(s.url(p));
      const errs = [];
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const a = document.activeElement;
        const box = a.getBoundingClientRect();
        return { skip: a.matches('a.gk-skip'), href: a.getAttribute('href'), text: a.textContent.trim(),
          onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.width > 1 };
      });
      if (!first.skip || first.href !== '#main-content') errs.push(`first focus is not the skip link: ${JSON.stringify(first)}`);
      else if (!first.onScreen) errs.push('skip link not visible when focused');
      await page.keyboard.press('Enter');
      const inMain = await page.evaluate(() => !!document.getElementById('main-content') &&
        document.getElementById('main-content').tagName === 'MAIN' && document.activeElement.id === 'main-content');
      if (!inMain) errs.push('skip link does not move focus to <main id="main-content">');
      const h = await page.evaluate(() => {
        const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
        const chrome = hs.filter((e) => !e.closest('.gk-body, .gk-listing__description, .gk-home__intro'));
        const skips = [];
        let prev = 0;
        for (const e of chrome) {
          const lvl = +e.tagName[1];
          if (lvl > prev + 1) skips.push(`h${prev || '-'} → h${lvl} "${e.textContent.trim().slice(0, 20)}"`);
          prev = lvl;
        }
        return { h1: hs.filter((e) => e.tagName === 'H1').length, skips };
      });
      if (h.h1 !== 1) errs.push(`${h.h1} h1 elements`);
      if (h.skips.length) errs.push(`heading levels skip: ${h.skips.join(', ')}`);
      const small = await page.evaluate(auditTargets, 24);
      if (small.length) errs.push(`targets < 24×24: ${small.join('; ')}`);
      if (errs.length) failures.push(`${p}: ${errs.join('; ')}`);
    } finally { await page.close(); }
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

test('reflow: every page of both renditions at 320 px has no horizontal scrolling', async () => {
  const ctx = await s.newContext({ viewport: { width: 320, height: 640 } });
  const failures = [];
  await pool(allPages(), 2, async (p) => {
    const page = await ctx.newPage();
    try {
      await page.goto(s.url(p));
      const r = await page.evaluate(() => {
        const sw = document.documentElement.scrollWidth;
        if (sw <= 320) return null;
        // name the widest culprits
        const wide = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 321)
          .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} (${Math.round(e.getBoundingClientRect().right)})`);
        return `scrollWidth ${sw}: ${wide.slice(-4).join(', ')}`;
      });
      if (r) failures.push(`${p}: ${r}`);
    } finally { await page.close(); }
  });
  assert.equal(failures.length, 0, failures.join('\n'));
});

const SPACING_CSS = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p, li, dd, dt, blockquote { margin-bottom: 2em !important; }`;

test('text spacing override (1.4.12) clips no text, at 1280 and 320 px, both renditions', async () => {
  const pages = ['/', '/xxgk/', '/xxgk/fdzdgknr/', '/xxgk/year/', '/xxgk/fdzdgknr/year/2021/', ...DOCS, '/404.html'];
  const failures = [];
  for (const width of [1280, 320]) {
    const ctx = await s.newContext({ viewport: { width, height: 800 } });
    await pool(pages.flatMap((p) => [p, '/care' + p]), 2, async (p) => {
      const page = await ctx.newPage();
      try {
        await page.goto(s.url(p));
        await page.click('[data-module="gk-toolbar-toggle"]');   // the toolbar and its labels too
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
      } finally { await page.close(); }
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

test('no request left 127.0.0.1', () => { s.assertNoForeignRequests(); });
