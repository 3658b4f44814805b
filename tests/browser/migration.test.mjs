// Issue 25, moving a whole old site: a mirror written here is migrated with `gongkai import --site`,
// built, and served by a real nginx on 127.0.0.1 with the README's server block plus the README's
// redirect-map lines (read from README.md, only the map's include path replaced): an old address
// served by a program moves permanently to its document, an unknown one is not found, and an old
// plain path reaches the document through its alias.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './lib.mjs';
import { haveNginx, startNginx, get } from './nginx.mjs';

const BIN = process.env.GONGKAI_BIN;
const skip = !haveNginx() ? 'nginx not installed (scripts/test-browser installs nginx-light)'
  : !BIN ? 'GONGKAI_BIN not set (scripts/test-browser sets it)' : false;

/** The README's two nginx blocks of "Moving a whole old site": the map, then the `if`. */
function readmeRedirectBlocks() {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const from = readme.indexOf('### Moving a whole old site');
  const part = readme.slice(from, readme.indexOf('\n## ', from));
  const blocks = [...part.matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 2, 'README: the map block and the if block');
  return blocks;
}

function article(title, crumbHref, crumbName, text, serial) {
  return `<html><head><meta charset="utf-8"><title>${title}_示例县人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="${crumbHref}">${crumbName}</a></div>
<table><tr><th>索引号</th><td>000014349/2021-000${serial}</td><th>发布机构</th><td>示例县人民政府办公室</td></tr>
<tr><th>发布日期</th><td>2021-03-01</td></tr></table>
<div id="zoom"><p align="center">${title}</p><p>各乡镇人民政府，县直各单位：</p><p>　　${text}</p>
<p align="right">示例县人民政府办公室</p><p align="right">2021年3月1日</p></div></body></html>`;
}

let tmp;
let ng;
before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-migration-'));
  const host = path.join(tmp, 'mirror', 'www.example.gov.cn');
  fs.mkdirSync(path.join(host, 'xxgk', 'tzgg'), { recursive: true });
  fs.writeFileSync(path.join(host, 'art.jsp?id=123'),
    article('示例县关于开展春季植树活动的通知', '/list.jsp?catid=5', '政策文件', '为改善生态环境，县政府决定开展春季植树活动，现将有关事项通知如下。', 31));
  fs.writeFileSync(path.join(host, 'xxgk', 'tzgg', 't20210301_9.html'),
    article('示例县关于做好春季防火工作的通知', '/xxgk/tzgg/', '通知公告', '春季气候干燥，火险等级高，现就做好春季防火工作有关事项通知如下。', 32));
  const site = path.join(tmp, 'site');
  const run = (...args) => execFileSync(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run('init', site);
  run('import', '--site', path.join(tmp, 'mirror'), '--root', site);
  run('build', '--root', site);
  const [map, iff] = readmeRedirectBlocks();
  ng = await startNginx(path.join(site, 'public'), {
    http: map.replace('/var/www/migration/', `${path.join(site, 'migration')}/`),
    server: iff,
  });
});
after(async () => {
  await ng?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('an old address served by a program moves to its document; an unknown one is not found', { skip }, async () => {
  const moved = await get(`${ng.origin}/art.jsp?id=123`);
  assert.equal(moved.status, 301, ng.log());
  const to = new URL(moved.headers.location, ng.origin);
  assert.equal(to.pathname, '/list-catid-5/art-123/');
  const page = await get(to.href);
  assert.equal(page.status, 200);
  assert.match(page.body.toString(), /示例县关于开展春季植树活动的通知/);
  assert.equal((await get(`${ng.origin}/art.jsp?id=124`)).status, 404);
  assert.equal((await get(`${ng.origin}/art.jsp?id=123&x=1`)).status, 404, 'only the exact old address');
});

test('an old plain path reaches its document through the alias', { skip }, async () => {
  const old = await get(`${ng.origin}/xxgk/tzgg/t20210301_9.html`);
  assert.equal(old.status, 200);
  assert.match(old.body.toString(), /\/xxgk\/tzgg\/t20210301_9\//);
});
