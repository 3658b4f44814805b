// Issue 27: the 《政府网站工作年度报表》 page of the example site (content/xxgk/nb/, `website_report:
// 2023`, the office's numbers in config.yaml) in both renditions: the form with its 56 rows and header
// cells, the numbers the site counts itself, and axe-core with no violation. The Nu Html Checker sees
// these pages with every other page of the example site (vnu.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { session, axe, describeViolations } from './lib.mjs';

const PAGE = '/xxgk/nb/liaocheng-minzheng-wangzhan-2023/';
const BOTH = [PAGE, '/care' + PAGE];
let s;
before(async () => { s = await session(); });
after(async () => { await s.finish(); });

test('the 政府网站工作年度报表: the national form, filled, with no axe violation (both renditions)', async () => {
  const ctx = await s.newContext();
  const page = await ctx.newPage();
  for (const url of BOTH) {
    await page.goto(s.url(url));
    const form = await page.evaluate(() => {
      const table = document.querySelector('#gk-website-report table');
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [
        tr.querySelector('th[scope=row]').textContent.trim(),
        tr.querySelector('td:last-child').textContent.trim(),
      ]);
      return { caption: table.caption.textContent, rows, region: table.closest('[role=region]').getAttribute('aria-label') };
    });
    assert.equal(form.caption, '政府网站工作年度报表（2023年度）');
    assert.equal(form.region, form.caption);
    assert.equal(form.rows.length, 56);
    const value = Object.fromEntries(form.rows);
    assert.equal(value['网站名称'], '政府信息公开示例站点'); // config.yaml's title
    assert.equal(value['政府网站标识码'], '3715000017');
    assert.equal(value['独立用户访问总量'], '52318');
    assert.equal(value['无障碍浏览'], '是');
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations(url, v));
  }
  await page.close();
});

test('no request left 127.0.0.1, no console error, no error status', () => { s.assertNoForeignRequests(); });
