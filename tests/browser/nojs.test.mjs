// Issue 4/5: with JavaScript disabled the document is complete (标题, 元数据, 正文, 落款, 附件) and shows
// no dead controls: the toolbar, its header button, 字号/打印/分享 buttons are `hidden` until JS runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, FIXTURE_SITE, SEED, DOCS } from './lib.mjs';

let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

const shown = (page, sel) => page.$$eval(sel, (els) => els.filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length);

async function checkNoJs(page) {
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('gk-js')), false, 'no JS ran');
  for (const sel of ['#gk-toolbar', '[data-module="gk-toolbar-toggle"]', '.gk-doc-tools', '[data-gk-print]', '[data-gk-share]', '[data-gk-fs]', '[data-gk-speech-only]', 'dialog']) {
    assert.equal(await shown(page, sel), 0, `${sel} is not visible without JavaScript`);
  }
  const c = await page.evaluate(() => ({
    h1: document.querySelector('h1')?.textContent.trim(),
    title: document.title,
    meta: [...document.querySelectorAll('.gk-meta__row')].filter((r) => r.getClientRects().length).map((r) => r.querySelector('dt').textContent.trim()),
    paras: [...document.querySelectorAll('.gk-body p')].filter((p) => p.getClientRects().length && p.textContent.trim()).length,
    bodyLen: document.querySelector('.gk-body')?.innerText.trim().length || 0,
    signature: document.querySelector('.gk-signature')?.innerText.trim() || null,
    bodyTail: document.querySelector('.gk-body')?.innerText.trim().slice(-40) || '',
    qrShown: !!document.querySelector('.gk-qr__code')?.getClientRects().length,
    wechat: document.querySelector('[data-gk-open-qr]')?.getAttribute('href') || null,
  }));
  assert.ok(c.h1 && c.title.startsWith(c.h1), `title and h1 (${c.h1})`);
  assert.ok(c.meta.length >= 3, `元数据 panel shown (${c.meta})`);
  for (const k of ['发布机构', '发布日期']) assert.ok(c.meta.includes(k), `元数据 ${k} shown (${c.meta})`);
  assert.ok(c.paras >= 1 && c.bodyLen > 20, '正文 shown');
  assert.ok(c.signature || /\d{4}年\d{1,2}月\d{1,2}日/.test(c.bodyTail), `落款 shown (${c.signature ?? c.bodyTail})`);
  if (c.wechat) {
    assert.equal(c.wechat, '#gk-qr', 'the 微信 link is a plain link to the QR code');
    assert.ok(c.qrShown, 'QR code visible without JS');
  }
  return c;
}

test('no JavaScript: document pages complete, no dead controls, both renditions', async () => {
  const ctx = await s.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  for (const p of DOCS.flatMap((d) => [d, '/care' + d])) {
    await page.goto(s.url(p));
    await checkNoJs(page);
  }
  await page.goto(s.url(SEED));
  assert.ok((await checkNoJs(page)).meta.includes('索引号'));
  const sig = await page.$eval('.gk-signature', (e) => e.innerText);
  assert.match(sig, /聊城市民政局/);
  assert.match(sig, /2020年12月25日/);
  await page.goto(s.url('/'));
  assert.equal(await shown(page, '#gk-toolbar, [data-module="gk-toolbar-toggle"]'), 0);
  assert.ok(await shown(page, '.gk-header__link') === 1, 'the 关怀版 link works without JS');
  await page.close();
});

test('no JavaScript: attachments listed and downloadable (fixture site)', { skip: !FIXTURE_SITE && 'GONGKAI_FIXTURE_SITE not set' }, async () => {
  const fx = await session({ root: FIXTURE_SITE });
  try {
    const ctx = await fx.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const p of ['/tzgg/fujian-tongzhi/', '/care/tzgg/fujian-tongzhi/']) {
      await page.goto(fx.url(p));
      await checkNoJs(page);
      const links = await page.$$eval('.gk-attachments__link', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.href, shown: !!a.getClientRects().length })));
      assert.ok(links.length >= 1 && links.every((l) => l.shown), `attachments shown on ${p}`);
      assert.match(links[0].text, /附件1/);
      const res = await page.request.get(links[0].href);
      assert.equal(res.status(), 200, `attachment ${links[0].href} downloadable`);
    }
    await page.close();
    fx.assertNoForeignRequests();
  } finally { await fx.finish(); }
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
