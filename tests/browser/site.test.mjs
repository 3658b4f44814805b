// Issue 4, site-wide: one visit to every page of both renditions (~250 pages, two pages at a time,
// one browser) collects everything that must hold on every page; the tests below assert on it.
//  - axe-core, tags wcag2a/wcag2aa/wcag21a/wcag21aa/wcag22aa: zero violations
//  - targets: ≥ 24×24 (standard) / ≥ 44×44 (关怀版), links in running text excepted (WCAG 2.5.8)
//  - skip link is the first focusable element and moves focus to <main id="main-content">
//  - exactly one h1; the chrome's headings do not skip levels
//  - reflow at 320 CSS px: document.documentElement.scrollWidth ≤ 320
//  - rendition links: each page links to its counterpart; care canonical → standard URL; care pages'
//    internal links stay under /care/ (static assets and attachment downloads excepted)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, allPages, pool, axe, describeViolations, auditTargets } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const found = { axe: [], targets: [], skip: [], headings: [], reflow: [], renditions: [] };
let visited = 0;

function pageFacts() {
  const canonical = document.querySelector('link[rel=canonical]')?.href || null;
  const siteHost = canonical ? new URL(canonical).host : null;
  const care = location.pathname.startsWith('/care/');
  const counterpart = care ? location.pathname.replace(/^\/care\//, '/') : '/care' + location.pathname;
  const leaving = [];
  let switchLink = false;
  for (const a of document.querySelectorAll('a[href]')) {
    const u = new URL(a.getAttribute('href'), location.href);
    const text = a.textContent.trim();
    if (u.host === location.host && u.pathname === counterpart && text === (care ? '标准版' : '关怀版')) { switchLink = true; continue; }
    if (!care) continue;
    const internal = u.host === location.host || (siteHost && u.host === siteHost);
    if (!internal) continue;
    if (u.pathname.startsWith('/static/')) continue;                       // assets
    if (/\.(?!html?$)[a-z0-9]{1,5}$/i.test(u.pathname)) continue;         // attachment downloads
    if (u.host === location.host && u.pathname.startsWith('/care/')) continue;
    leaving.push(`"${text.slice(0, 20)}" → ${a.getAttribute('href')}`);
  }
  const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
  const chrome = hs.filter((e) => !e.closest('.gk-body, .gk-listing__description, .gk-home__intro'));
  const skips = [];
  let prev = 0;
  for (const e of chrome) {
    const lvl = +e.tagName[1];
    if (lvl > prev + 1) skips.push(`h${prev || '-'} → h${lvl} "${e.textContent.trim().slice(0, 20)}"`);
    prev = lvl;
  }
  return { canonical, care, counterpart, leaving, switchLink, gkCare: document.documentElement.classList.contains('gk-care'),
    h1: hs.filter((e) => e.tagName === 'H1').length, skips };
}

test('visit every page of both renditions: axe-core finds no WCAG 2.2 A/AA violation', async () => {
  const pages = allPages();
  assert.ok(pages.length > 100, `expected the whole example site, found ${pages.length} pages`);
  assert.ok(pages.filter((p) => p.startsWith('/care/')).length * 2 === pages.length, 'every page has a 关怀版 copy');
  const ctx = await s.newContext();
  await pool(ctx, pages, 2, async (page, p) => {
    await page.goto(s.url(p));
    // first, before anything else moves the focus navigation starting point
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const box = a.getBoundingClientRect();
      return { skip: a.matches('a.gk-skip'), href: a.getAttribute('href'),
        onScreen: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.width > 1 };
    });
    if (!first.skip || first.href !== '#main-content') found.skip.push(`${p}: first focusable is not the skip link (${JSON.stringify(first)})`);
    else if (!first.onScreen) found.skip.push(`${p}: skip link not visible when focused`);
    else {
      await page.keyboard.press('Enter');
      const ok = await page.evaluate(() => document.activeElement.id === 'main-content' && document.activeElement.tagName === 'MAIN');
      if (!ok) found.skip.push(`${p}: skip link does not move focus to <main id="main-content">`);
    }

    await page.evaluate(() => window.scrollTo(0, 0));
    const v = await axe(page);
    if (v.length) found.axe.push(describeViolations(p, v));

    const f = await page.evaluate(pageFacts);
    const stdPath = f.care ? f.counterpart : p;
    const r = [];
    if (!f.switchLink) r.push(`no ${f.care ? '标准版' : '关怀版'} link to ${f.counterpart}`);
    if (!f.canonical || new URL(f.canonical).pathname !== stdPath) r.push(`canonical ${f.canonical}, expected the standard URL ${stdPath}`);
    if (f.care !== f.gkCare) r.push('gk-care class does not match the rendition');
    if (f.leaving.length) r.push(`links leaving /care/: ${f.leaving.join('; ')}`);
    if (r.length) found.renditions.push(`${p}: ${r.join('; ')}`);
    const h = [];
    if (f.h1 !== 1) h.push(`${f.h1} h1 elements`);
    if (f.skips.length) h.push(`heading levels skip: ${f.skips.join(', ')}`);
    if (h.length) found.headings.push(`${p}: ${h.join('; ')}`);

    const min = f.care ? 44 : 24;
    const small = await page.evaluate(auditTargets, min);
    if (small.length) found.targets.push(`${p}: targets < ${min}×${min}: ${small.join('; ')}`);

    await page.setViewportSize({ width: 320, height: 640 });
    const rf = await page.evaluate(() => {
      const sw = document.documentElement.scrollWidth;
      if (sw <= 320) return null;
      const wide = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 321)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} (${Math.round(e.getBoundingClientRect().right)})`);
      return `scrollWidth ${sw}: ${wide.slice(-4).join(', ')}`;
    });
    if (rf) found.reflow.push(`${p}: ${rf}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    visited++;
  });
  assert.equal(visited, pages.length);
  assert.equal(found.axe.length, 0, `axe violations on ${found.axe.length} pages:\n${found.axe.join('\n')}`);
});

const check = (key, what) => test(what, () => {
  assert.ok(visited > 0, 'the site visit ran');
  assert.equal(found[key].length, 0, found[key].join('\n'));
});
check('targets', 'targets ≥ 24×24 (standard) and ≥ 44×44 (关怀版) on every page, inline links excepted');
check('skip', 'skip link is the first focusable element and moves focus to #main-content, every page');
check('headings', 'exactly one h1 and no skipped heading levels in the page chrome, every page');
check('reflow', 'reflow at 320 px: no horizontal scrolling on any page (1.4.10)');
check('renditions', '标准版/关怀版 links on every page, care canonical → standard, care links stay under /care/');

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
