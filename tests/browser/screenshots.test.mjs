// Screenshots of the seed document for a human look (tests/browser/output/, gitignored): 1280 and
// 390 px wide, standard and 关怀版, each 配色 scheme (set through the toolbar), plus the body text,
// the share block and the toolbar open. Each screenshot is also checked for what a reader would see
// on it: the theme's stylesheet applied, the part it is taken for (the title, the body, the share
// block, the toolbar) on screen and not covered, nothing wider than the viewport, and a PNG of the
// viewport's size that holds more than a blank page, mostly in the background colour of the page
// (or of the part photographed); the four 配色 screenshots of a page differ in a tenth of their
// pixels at least.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, SEED, ensureOutput } from './lib.mjs';

/** The seed document's title (content/xxgk/fdzdgknr/gzzj/liaocheng-minzheng-2020.md). */
const TITLE = '市民政局关于2020年业务工作目标完成情况';
const SCHEMES = ['default', 'contrast', 'yellow-black', 'blue'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let s, out, decoder;
before(async () => {
  s = await session();
  out = ensureOutput();
  // A blank page of its own decodes the PNGs (canvas), away from the pages being photographed.
  decoder = await (await s.newContext()).newPage();
  await decoder.addScriptTag({ content: `window.decodePng = ${decodePng};` });
});
after(async () => { await s.finish(); });

/**
 * The state of the page as the screenshot will show it: stylesheet rules loaded from the site's
 * /static/, whether `selector` is on screen and not covered by something else, the widest extent of
 * the page, and the background colours a reader sees most of: the page's and the one behind
 * `selector` (the open toolbar fills a phone's screen).
 */
function viewState(selector) {
  let rules = 0;
  for (const sheet of document.styleSheets) {
    if (!sheet.href || !new URL(sheet.href).pathname.startsWith('/static/')) continue;
    try { rules += sheet.cssRules.length; } catch { /* not readable: counts as not loaded */ }
  }
  const el = document.querySelector(selector);
  const r = el ? el.getBoundingClientRect() : null;
  const inView = !!r && r.width > 0 && r.height > 0 && r.top < innerHeight && r.bottom > 0 && r.left >= 0 && r.right <= innerWidth + 0.5;
  let uncovered = false;
  if (inView) {
    const x = r.left + Math.min(r.width, innerWidth - r.left) / 2;
    const y = Math.max(r.top, 0) + (Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / 2;
    const hit = document.elementFromPoint(x, y);
    uncovered = !!hit && (el === hit || el.contains(hit));
  }
  const transparent = (c) => c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  const behind = (e) => {
    for (; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!transparent(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  const backgrounds = [behind(document.body), behind(el)];
  return { rules, text: el ? el.textContent.trim() : null, inView, uncovered,
    scrollWidth: document.documentElement.scrollWidth, innerWidth, backgrounds };
}

/** Installed in the decoder page: the RGBA pixels of a PNG given in base64, with its size. */
async function decodePng(b64) {
  const img = new Image();
  img.src = `data:image/png;base64,${b64}`;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return { width: c.width, height: c.height, px: g.getImageData(0, 0, c.width, c.height).data };
}

/**
 * Decodes a PNG in the decoder page: its size, its most frequent colour as "rgb(r, g, b)" and the
 * share of pixels that have another colour.
 */
async function pngSummary(bytes) {
  return decoder.evaluate(async (b64) => {
    const { width, height, px } = await window.decodePng(b64);
    const counts = new Map();
    for (let i = 0; i < px.length; i += 4) {
      const k = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    let main = 0, most = 0;
    for (const [k, n] of counts) if (n > most) { main = k; most = n; }
    const total = px.length / 4;
    return { width, height, main: `rgb(${main >> 16}, ${(main >> 8) & 255}, ${main & 255})`, other: (total - most) / total };
  }, bytes.toString('base64'));
}

/** The share of pixels that differ between two PNGs of one size. */
async function pngDifference(a, b) {
  return decoder.evaluate(async ([a64, b64]) => {
    const [x, y] = [await window.decodePng(a64), await window.decodePng(b64)];
    let differ = 0;
    for (let i = 0; i < x.px.length; i += 4) {
      if (x.px[i] !== y.px[i] || x.px[i + 1] !== y.px[i + 1] || x.px[i + 2] !== y.px[i + 2]) differ++;
    }
    return differ / (x.px.length / 4);
  }, [a.toString('base64'), b.toString('base64')]);
}

/**
 * Takes the screenshot `name` of `page` and asserts what a reader sees on it: `selector` on screen
 * (with `text` when given), the theme's styles, no horizontal scrolling, and a PNG of the viewport
 * mostly in the background colour of the page or of `selector`. Returns the PNG's bytes.
 */
async function shoot(page, name, selector, text) {
  const what = `${name} (${page.url()})`;
  const v = await page.evaluate(viewState, selector);
  assert.ok(v.rules > 0, `${what}: the theme's stylesheet is applied`);
  if (text !== undefined) assert.equal(v.text, text, `${what}: ${selector}`);
  assert.ok(v.inView, `${what}: ${selector} is on screen`);
  assert.ok(v.uncovered, `${what}: ${selector} is not covered by another element`);
  assert.ok(v.scrollWidth <= v.innerWidth, `${what}: page ${v.scrollWidth} px wide in a ${v.innerWidth} px viewport`);

  const file = path.join(out, `seed-${name}.png`);
  fs.rmSync(file, { force: true });
  await page.screenshot({ path: file });
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is a PNG`);
  const png = await pngSummary(bytes);
  const viewport = page.viewportSize();
  assert.deepEqual([png.width, png.height], [viewport.width, viewport.height], `${file}: the viewport's size`);
  assert.ok(v.backgrounds.includes(png.main), `${file}: mostly ${png.main}, not the background (${v.backgrounds.join(' or ')})`);
  assert.ok(png.other > 0.02, `${file}: text and pictures on the background (${(png.other * 100).toFixed(1)} % of pixels)`);
  return bytes;
}

test('screenshots of the seed document show the styled page', async () => {
  for (const width of [1280, 390]) {
    const ctx = await s.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    for (const [prefix, rendition] of [['', 'standard'], ['/care', 'care']]) {
      await page.goto(s.url(prefix + SEED));
      const pictures = [];
      for (const scheme of SCHEMES) {
        await page.click('[data-module="gk-toolbar-toggle"]');
        await page.click(`#gk-toolbar [data-gk-scheme="${scheme}"]`);
        await page.click('#gk-toolbar [data-gk-action="close"]');
        await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
        pictures.push(await shoot(page, `${rendition}-${width}-${scheme}`, 'h1', TITLE));
      }
      for (let i = 0; i < pictures.length; i++) {
        for (let j = i + 1; j < pictures.length; j++) {
          // Measured: 23 % or more between two schemes; 1–3 % when the schemes only recolour borders.
          const d = await pngDifference(pictures[i], pictures[j]);
          assert.ok(d > 0.1, `${rendition} ${width}: 配色 ${SCHEMES[i]} and ${SCHEMES[j]} look alike (${(d * 100).toFixed(1)} % of pixels differ)`);
        }
      }
      // the body text further down, the share block, and the toolbar open
      await page.evaluate(() => { localStorage.clear(); });
      await page.reload();
      await page.$eval('.gk-body', (b) => b.scrollIntoView());
      await shoot(page, `${rendition}-${width}-body`, '.gk-body');
      await page.$eval('.gk-doc__aside', (b) => b.scrollIntoView({ block: 'center' }));
      await shoot(page, `${rendition}-${width}-share`, '.gk-doc__aside');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.click('[data-module="gk-toolbar-toggle"]');
      await shoot(page, `${rendition}-${width}-toolbar`, '#gk-toolbar');
      await page.click('#gk-toolbar [data-gk-action="reset"]');
      await page.click('#gk-toolbar [data-gk-action="close"]');
    }
    await ctx.close();
  }
  console.log(`# screenshots: ${out}/seed-*.png`);
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
