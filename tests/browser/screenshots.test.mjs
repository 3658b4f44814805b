// Screenshots of the seed document for a human look (tests/browser/output/, gitignored): 1280 and
// 390 px wide, standard and 关怀版, each 配色 scheme (set through the toolbar), plus the toolbar open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { session, SEED, ensureOutput } from './lib.mjs';

let s, out;
before(async () => { s = await session(); out = ensureOutput(); });
after(async () => { await s.finish(); });

test('screenshots of the seed document', async () => {
  const files = [];
  for (const width of [1280, 390]) {
    const ctx = await s.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    for (const [prefix, name] of [['', 'standard'], ['/care', 'care']]) {
      await page.goto(s.url(prefix + SEED));
      for (const scheme of ['default', 'contrast', 'yellow-black', 'blue']) {
        await page.click('[data-module="gk-toolbar-toggle"]');
        await page.click(`#gk-toolbar [data-gk-scheme="${scheme}"]`);
        await page.click('#gk-toolbar [data-gk-action="close"]');
        await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
        const f = path.join(out, `seed-${name}-${width}-${scheme}.png`);
        await page.screenshot({ path: f });
        files.push(f);
      }
      // the body text further down, and the toolbar open
      await page.evaluate(() => { localStorage.clear(); });
      await page.reload();
      await page.$eval('.gk-body', (b) => b.scrollIntoView());
      let f = path.join(out, `seed-${name}-${width}-body.png`);
      await page.screenshot({ path: f }); files.push(f);
      await page.$eval('.gk-doc__aside', (b) => b.scrollIntoView({ block: 'center' }));
      f = path.join(out, `seed-${name}-${width}-share.png`);
      await page.screenshot({ path: f }); files.push(f);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.click('[data-module="gk-toolbar-toggle"]');
      f = path.join(out, `seed-${name}-${width}-toolbar.png`);
      await page.screenshot({ path: f }); files.push(f);
      await page.click('#gk-toolbar [data-gk-action="reset"]');
      await page.click('#gk-toolbar [data-gk-action="close"]');
    }
    await ctx.close();
  }
  assert.equal(files.length, 28);
  console.log(`# screenshots: ${out}/seed-*.png`);
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
