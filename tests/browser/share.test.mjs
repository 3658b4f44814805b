// Issue 5: sharing. 分享 uses navigator.share (stubbed) with the page URL and title; without it the
// button copies the link (navigator.clipboard stubbed) and the aria-live region says so; 微信 opens the
// QR dialog, focus moves in, Esc closes it and focus returns; all of it by keyboard; the QR code is
// ≥ 120 CSS px on screen; the share links are plain links with rel=noopener. Every test file also
// fails on any request to a host other than 127.0.0.1 (see lib.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, SEED } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const status = (page) => page.waitForFunction(() => document.getElementById('gk-status').textContent.trim(), null, { timeout: 3000 })
  .then(() => page.textContent('#gk-status'));

test('分享 with navigator.share: called with the page URL and title', async () => {
  const ctx = await s.newContext();
  await ctx.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: function (data) { window.__shared = data; return Promise.resolve(); } });
  });
  const page = await ctx.newPage();
  await page.goto(s.url(SEED) + '#gk-qr');
  const btn = page.locator('[data-gk-share="native"]');
  assert.ok(await btn.isVisible());
  // the label shown (both labels are in the page; CSS shows the one prefs.js chose before first paint)
  assert.equal((await btn.innerText()).trim(), '分享');
  await btn.click();
  const shared = await page.evaluate(() => window.__shared);
  assert.equal(shared.url, s.url(SEED), 'page URL without the #fragment');
  assert.equal(shared.title, await page.$eval('h1', (h) => h.textContent.trim()));
  assert.match(await status(page), /已分享/);
  await page.close();
});

test('分享 without navigator.share: 复制链接 copies the URL and announces it (aria-live)', async () => {
  const ctx = await s.newContext();
  await ctx.addInitScript(() => {
    delete Navigator.prototype.share; delete navigator.share;
    Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true,
      get() { return { writeText: (t) => { window.__copied = t; return Promise.resolve(); } }; } });
  });
  const page = await ctx.newPage();
  await page.goto(s.url(SEED));
  assert.equal(await page.evaluate(() => typeof navigator.share), 'undefined');
  const btn = page.locator('[data-gk-share="native"]');
  assert.equal((await btn.innerText()).trim(), '复制链接');
  assert.ok(await page.getByRole('button', { name: '复制链接', exact: true }).isVisible(), 'accessible name is the label shown');
  // keyboard: focus the button and press Enter
  await btn.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.__copied), s.url(SEED));
  assert.equal(await page.getAttribute('#gk-status', 'role'), 'status');
  assert.equal(await page.getAttribute('#gk-status', 'aria-live'), 'polite');
  assert.match(await status(page), /链接已复制/);
  await page.close();
});

test('分享 hidden when neither Web Share nor the Clipboard API exists', async () => {
  const ctx = await s.newContext();
  await ctx.addInitScript(() => {
    delete Navigator.prototype.share; delete Navigator.prototype.clipboard;
  });
  const page = await ctx.newPage();
  await page.goto(s.url(SEED));
  assert.equal(await page.locator('[data-gk-share="native"]').isVisible(), false);
  await page.close();
});

for (const prefix of ['', '/care']) {
  test(`微信 QR dialog ${prefix ? '(关怀版)' : '(标准版)'}: opens by keyboard, focus inside, Esc closes, focus returns`, async () => {
    const ctx = await s.newContext();
    const page = await ctx.newPage();
    await page.goto(s.url(prefix + SEED));
    const link = page.locator('[data-gk-open-qr]');
    assert.equal(await link.getAttribute('aria-haspopup'), 'dialog');
    // Tab to it from the top of the page
    await page.keyboard.press('Tab');
    let n = 0;
    while (!(await page.evaluate(() => document.activeElement.matches('[data-gk-open-qr]'))) && n++ < 150) await page.keyboard.press('Tab');
    assert.ok(n < 150, 'Tab reaches 微信');
    await page.keyboard.press('Enter');
    const st = await page.evaluate(() => {
      const d = document.querySelector('[data-module="gk-qr-dialog"]');
      const svg = d.querySelector('[data-gk-qr-slot] .gk-qr__code');
      return { open: d.open, modal: d.matches(':modal'), focusInside: d.contains(document.activeElement),
        focused: document.activeElement.textContent.trim(), svgW: svg?.getBoundingClientRect().width,
        svgName: svg?.getAttribute('alt'), url: d.querySelector('.gk-dialog__url')?.textContent.trim() };
    });
    assert.ok(st.open && st.modal, 'modal dialog open');
    assert.ok(st.focusInside, `focus in the dialog (${st.focused})`);
    assert.ok(st.svgW >= 120, `QR in the dialog ≥ 120 CSS px (${st.svgW})`);
    assert.ok(st.svgName, 'QR has an accessible name');
    assert.ok(st.url && st.url.endsWith(SEED), 'URL shown as text');
    // Tab stays inside the modal dialog
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const inside = await page.evaluate(() => document.querySelector('[data-module="gk-qr-dialog"]').contains(document.activeElement) || document.activeElement === document.body);
      assert.ok(inside, 'focus stays in the dialog');
    }
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.querySelector('[data-module="gk-qr-dialog"]').open), false, 'Esc closes');
    assert.ok(await page.evaluate(() => document.activeElement.matches('[data-gk-open-qr]')), 'focus returns to 微信');
    // the 关闭 button works too, by keyboard
    await page.keyboard.press('Enter');
    assert.ok(await page.evaluate(() => document.activeElement.matches('[data-gk-close]')));
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => document.querySelector('[data-module="gk-qr-dialog"]').open), false, '关闭 closes');
    assert.ok(await page.evaluate(() => document.activeElement.matches('[data-gk-open-qr]')));
    await page.close();
  });
}

for (const width of [1280, 390]) {
  test(`QR code on the page ≥ 120 CSS px wide at ${width} px, both renditions`, async () => {
    const ctx = await s.newContext({ viewport: { width, height: 900 } });
    const page = await ctx.newPage();
    for (const p of [SEED, '/care' + SEED]) {
      await page.goto(s.url(p));
      const r = await page.$eval('.gk-qr__code', (svg) => {
        const b = svg.getBoundingClientRect();
        return { w: b.width, h: b.height, label: svg.getAttribute('alt') || '' };
      });
      assert.ok(r.w >= 120 && r.h >= 120, `${p}: QR ${r.w}×${r.h}`);
      assert.match(r.label, /https?:\/\//, 'the QR alt text holds the URL');
    }
    await page.close();
  });
}

test('share links: weibo / QQ / QQ空间 plain links with rel=noopener and the page URL', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  await page.goto(s.url(SEED));
  const links = await page.$$eval('.gk-share__list a:not([data-gk-open-qr])', (as) => as.map((a) => ({ href: a.href, rel: a.rel, text: a.textContent.trim() })));
  const canonical = await page.$eval('link[rel=canonical]', (l) => l.href);
  const hosts = { 微博: 'service.weibo.com', QQ: 'connect.qq.com', QQ空间: 'sns.qzone.qq.com' };
  assert.deepEqual(links.map((l) => l.text), Object.keys(hosts));
  for (const l of links) {
    const u = new URL(l.href);
    assert.equal(u.host, hosts[l.text]);
    assert.equal(u.searchParams.get('url'), canonical);
    assert.ok(u.searchParams.get('title'));
    assert.match(l.rel, /noopener/);
  }
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
