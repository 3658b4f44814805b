// Issue 25, moving a whole old site: a mirror written here is migrated with `gongkai import --site`,
// built, and served by a real nginx on 127.0.0.1 with the README's server block plus the README's
// redirect-map lines (read from README.md, only the map's include path replaced), and by a real
// Apache httpd with the README's `.htaccess` in public/ and the README's RewriteMap lines (only the
// map's path replaced): on both, every old address served by a program moves permanently to its
// document, and only that exact address (an unknown id, an added parameter or the parameters in
// another order are not found); an old plain path reaches the document through its alias.
// Run by scripts/test-browser, which installs nginx and Apache: a missing server fails these tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readmeBlocks } from './lib.mjs';
import { haveNginx, startNginx, get } from './nginx.mjs';
import { haveApache, startApache } from './apache.mjs';

const BIN = process.env.GONGKAI_BIN;
const skip = !BIN ? 'GONGKAI_BIN not set (scripts/test-browser sets it)' : false;
const MOVING = '### Moving a whole old site';

function article(title, crumbHref, crumbName, text, serial) {
  return `<html><head><meta charset="utf-8"><title>${title}_示例县人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="${crumbHref}">${crumbName}</a></div>
<table><tr><th>索引号</th><td>000014349/2021-000${serial}</td><th>发布机构</th><td>示例县人民政府办公室</td></tr>
<tr><th>发布日期</th><td>2021-03-01</td></tr></table>
<div id="zoom"><p align="center">${title}</p><p>各乡镇人民政府，县直各单位：</p><p>　　${text}</p>
<p align="right">示例县人民政府办公室</p><p align="right">2021年3月1日</p></div></body></html>`;
}

/** Old addresses served by a program, each with the mirror file saved for it and its title. */
const DYNAMIC = [
  { old: '/art.jsp?id=123', file: 'art.jsp?id=123', crumb: ['/list.jsp?catid=5', '政策文件'],
    title: '示例县关于开展春季植树活动的通知', text: '为改善生态环境，县政府决定开展春季植树活动，现将有关事项通知如下。' },
  // wget --adjust-extension adds .html after the query (here), or after a program's name (next).
  { old: '/index.php?m=content&c=index&a=show&catid=5&id=88', file: 'index.php?m=content&c=index&a=show&catid=5&id=88.html',
    crumb: ['/index.php?m=content&c=index&a=lists&catid=5', '通知公告'],
    title: '示例县关于做好夏季防汛工作的通知', text: '入汛以来降雨偏多，为确保安全度汛，现就做好夏季防汛工作有关事项通知如下。' },
  { old: '/xxgk/jgzn.asp', file: 'xxgk/jgzn.asp.html', crumb: ['/xxgk/', '信息公开'],
    title: '示例县人民政府办公室关于调整机构职能的通知', text: '根据机构改革方案，县政府办公室的职能作如下调整，请各单位遵照执行。' },
];
/** Addresses no page had: not found on either server. */
const UNKNOWN = [
  '/art.jsp?id=124',
  '/art.jsp?id=123&x=1',
  '/index.php?c=index&m=content&a=show&catid=5&id=88',
  '/xxgk/jgzn.asp?id=1',
];

let tmp;
let site;
let newUrl;
let ng;
let ap;
before(async () => {
  if (skip) return;
  if (!haveNginx()) throw new Error('nginx not installed: scripts/test-browser installs nginx-light');
  if (!haveApache()) throw new Error('Apache httpd (or one of its modules) not installed: scripts/test-browser installs apache2-bin');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-migration-'));
  const host = path.join(tmp, 'mirror', 'www.example.gov.cn');
  fs.mkdirSync(path.join(host, 'xxgk', 'tzgg'), { recursive: true });
  DYNAMIC.forEach((d, i) => fs.writeFileSync(path.join(host, d.file), article(d.title, d.crumb[0], d.crumb[1], d.text, 31 + i)));
  fs.writeFileSync(path.join(host, 'xxgk', 'tzgg', 't20210301_9.html'),
    article('示例县关于做好春季防火工作的通知', '/xxgk/tzgg/', '通知公告', '春季气候干燥，火险等级高，现就做好春季防火工作有关事项通知如下。', 39));
  site = path.join(tmp, 'site');
  const run = (...args) => execFileSync(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run('init', site);
  run('import', '--site', path.join(tmp, 'mirror'), '--root', site);
  run('build', '--root', site);
  const report = JSON.parse(fs.readFileSync(path.join(site, 'migration', 'report.json'), 'utf8'));
  newUrl = Object.fromEntries(report.pages.map((p) => [p.old_path, p.new_url]));
  const nginxBlocks = readmeBlocks(MOVING, 'nginx');
  assert.equal(nginxBlocks.length, 2, 'README: the map block and the if block');
  const [map, iff] = nginxBlocks;
  ng = await startNginx(path.join(site, 'public'), {
    http: map.replace('/var/www/migration/', `${path.join(site, 'migration')}/`),
    server: iff,
  });
  const [htaccess] = readmeBlocks('## Deploying', 'apache');
  fs.writeFileSync(path.join(site, 'public', '.htaccess'), htaccess);
  const [rewriteMap] = readmeBlocks(MOVING, 'apache');
  ap = await startApache(path.join(site, 'public'),
    rewriteMap.replace('/var/www/migration/', `${path.join(site, 'migration')}/`));
});
after(async () => {
  await ng?.stop();
  await ap?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the redirect maps hold every old address served by a program, and nothing else', { skip }, () => {
  const nginxMap = fs.readFileSync(path.join(site, 'migration', 'nginx-redirects.map'), 'utf8');
  const apacheMap = fs.readFileSync(path.join(site, 'migration', 'apache-redirects.txt'), 'utf8');
  const entries = (text) => text.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(entries(nginxMap).length, DYNAMIC.length, nginxMap);
  assert.equal(entries(apacheMap).length, DYNAMIC.length, apacheMap);
  assert.equal(newUrl['/art.jsp?id=123'], '/list-catid-5/art-123/');
  for (const d of DYNAMIC) {
    assert.match(newUrl[d.old] ?? '', /^\/.+\/$/, `${d.old} imported`);
    assert.ok(apacheMap.includes(`\n${d.old} ${newUrl[d.old]}\n`), apacheMap);
  }
});

for (const [server, started] of [['nginx', () => ng], ['Apache', () => ap]]) {
  test(`${server}: each old address served by a program moves to its document`, { skip }, async () => {
    const { origin, log } = started();
    for (const d of DYNAMIC) {
      const moved = await get(`${origin}${d.old}`);
      assert.equal(moved.status, 301, `${d.old}\n${log()}`);
      const to = new URL(moved.headers.location, origin);
      assert.equal(to.pathname, newUrl[d.old], d.old);
      assert.equal(to.search, '', `${d.old}: the old query is not carried over`);
      const page = await get(to.href);
      assert.equal(page.status, 200, to.href);
      assert.match(page.body.toString(), new RegExp(d.title), to.href);
    }
  });

  test(`${server}: only the exact old address moves; others are not found`, { skip }, async () => {
    const { origin } = started();
    for (const old of UNKNOWN) assert.equal((await get(`${origin}${old}`)).status, 404, old);
  });

  test(`${server}: an old plain path reaches its document through the alias`, { skip }, async () => {
    const { origin } = started();
    const old = await get(`${origin}/xxgk/tzgg/t20210301_9.html`);
    assert.equal(old.status, 200);
    assert.match(old.body.toString(), /\/xxgk\/tzgg\/t20210301_9\//);
  });
}
