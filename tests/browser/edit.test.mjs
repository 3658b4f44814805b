// `gongkai edit` in a real browser, as a clerk uses it: drop a .docx 公文 on the list, see the filled
// form, correct the two flagged fields, save, and find the front matter on disk and the page in a
// `gongkai build`; type Chinese through the input-method path; a save after an outside change is
// refused with both versions kept; requests from elsewhere write nothing; axe-core on every screen
// at 390 and 1280 px. Runs the binary of GONGKAI_BIN on a copy of tests/fixtures/sites/basic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, CHROMIUM, LAUNCH_ARGS, OUTPUT, axe, describeViolations } from './lib.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');
const DOCX = path.join(REPO, 'tests', 'fixtures', 'import', 'ningde-shizhengfu-bangongshi-2019-08-18.docx');
let root, browser;
const servers = [];

/** Starts `gongkai edit` with `args`; resolves to {url, origin, child}. */
function startEdit(args = []) {
  const child = spawn(BIN, ['edit', '--port', '0', '--root', root, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  const err = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edit did not start:\n${err.join('')}`)), 60000);
    child.stderr.on('data', (chunk) => {
      err.push(chunk.toString());
      const m = /编辑：(http:\/\/[0-9.]+:\d+)(\/_edit\/\S*)/.exec(err.join(''));
      if (m) { clearTimeout(timer); resolve({ url: m[1] + m[2], origin: m[1], child }); }
    });
    child.on('exit', (code) => reject(new Error(`edit exited ${code}:\n${err.join('')}`)));
  });
}

let ed;
before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-edit-'));
  fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'sites', 'basic'), root, { recursive: true });
  ed = await startEdit();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  fs.mkdirSync(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close().catch(() => {});
  for (const c of servers) c.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

async function open(width = 1280) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // (axe-core itself tries inline styles, which the editor's policy blocks: not the editor's errors)
  page.on('console', (m) => { if (m.type() === 'error' && !/Applying inline style/.test(m.text())) errors.push(m.text()); });
  await page.goto(ed.url);
  await page.getByRole('heading', { level: 1, name: '文档列表' }).waitFor();
  return { ctx, page, errors };
}

/** axe-core at 390 and 1280 px on the page as it is now. */
async function axeBoth(page, screen) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const v = await axe(page);
    assert.deepEqual(v, [], `${screen} at ${width} px:\n${describeViolations(screen, v)}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A screenshot for the README (tests/browser/output/; copied to docs/edit/), without the passing status line. */
async function shot(page, name) {
  await page.evaluate(() => { document.getElementById('status').textContent = ''; window.scrollTo(0, 0); });
  await page.screenshot({ path: path.join(OUTPUT, name) });
}

/** Waits until the preview has answered after the last change. */
async function settled(page) {
  await page.waitForFunction(() => document.getElementById('main').dataset.preview === 'done');
}

/** Types text through the input-method path: a composition, then its committed text. */
async function ime(page, cdp, locator, pinyin, text) {
  await locator.focus();
  await page.keyboard.press('End');
  await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length });
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await cdp.send('Input.insertText', { text });
}

test('a clerk drops a .docx, corrects two flagged fields and saves; the page is in a build', async () => {
  const { ctx, page, errors } = await open();
  await axeBoth(page, '文档列表');
  await shot(page, 'edit-list.png');
  // Drop the file on the list, as from the desktop.
  const bytes = fs.readFileSync(DOCX).toString('base64');
  await page.selectOption('#new-section', 'zcwj');
  await page.evaluate(async ({ b64, name }) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name));
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { b64: bytes, name: path.basename(DOCX) });
  const title = page.getByLabel('标题', { exact: true });
  await title.waitFor();
  assert.equal(await title.inputValue(), '宁德市人民政府办公室关于印发宁德市促进公路水路货物运输业发展若干措施的通知');
  assert.equal(await page.getByLabel('文号', { exact: true }).inputValue(), '宁政办〔2019〕76号');
  assert.match(await page.locator('#src-title').textContent(), /来源：正文开头居中的标题行/);
  await settled(page);
  // 发布日期 is the import time: flagged at the field.
  assert.match(await page.locator('#p-date').textContent(), /发布日期与成文日期相隔/);
  await axeBoth(page, '导入的文档');
  await shot(page, 'edit-import.png');
  // Correct it; then the 索引号's year is flagged; take the proposed one.
  await page.getByLabel('发布日期', { exact: true }).fill('2019-08-20');
  await page.getByLabel('发布日期的时间（北京时间，可不填）').fill('');
  await settled(page);
  await page.locator('#p-index_no li').waitFor();
  assert.match(await page.locator('#p-index_no').textContent(), /年份 2026 与发布年份/);
  const proposed = /\S+$/.exec(await page.locator('#propose-index-no').textContent())[0];
  assert.match(proposed, /^11110000123456788X\/2019-\d{5}$/);
  await page.locator('#propose-index-no').click();
  await settled(page);
  assert.equal(await page.locator('#p-index_no li').count(), 0);
  assert.equal(await page.locator('#p-date li').count(), 0);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/doc\//);
  await page.getByRole('heading', { level: 1, name: /宁德市人民政府办公室关于印发/ }).waitFor();
  const file = path.join(root, 'content', 'zcwj', 'ningde-shizhengfu-bangongshi-2019-08-18.md');
  const saved = fs.readFileSync(file, 'utf8');
  assert.ok(saved.includes(`\nindex_no: "${proposed}"\n`), saved.slice(0, 400));
  assert.match(saved, /^---\ntitle: "宁德市人民政府办公室关于印发宁德市促进公路水路货物运输业发展若干措施的通知"\nindex_no: "[^"]+"\nissuer: "宁德市人民政府办公室"\ndate: 2019-08-20\nwritten_on: "2019-08-18"\ndoc_no: "宁政办〔2019〕76号"\n---\n/);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-edit-build-'));
  execFileSync(BIN, ['build', '--root', root, '--output', out], { stdio: 'pipe' });
  const html = fs.readFileSync(path.join(out, 'zcwj', 'ningde-shizhengfu-bangongshi-2019-08-18', 'index.html'), 'utf8');
  assert.match(html, /宁政办〔2019〕76号/);
  fs.rmSync(out, { recursive: true, force: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Chinese typed through the input method is saved exactly, in the body and in a field', async () => {
  const { ctx, page, errors } = await open();
  await page.getByRole('link', { name: '示例市示例局2020年财政预算执行情况说明' }).click();
  const body = page.getByLabel('正文', { exact: true });
  await body.waitFor();
  await settled(page);
  const cdp = await ctx.newCDPSession(page);
  await ime(page, cdp, body, 'zhengfu', '政府信息公开');
  await ime(page, cdp, page.getByLabel('主题词', { exact: true }), 'caizheng', '财政预算');
  await settled(page);
  const frame = page.frameLocator('#preview-frame');
  await frame.getByText('政府信息公开').first().waitFor();
  await shot(page, 'edit-form.png');
  await axeBoth(page, '文档表单');
  await page.getByRole('button', { name: '关怀版' }).click();
  await page.waitForFunction(() => document.getElementById('preview-frame').src.includes('/care/'));
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存到 content/zcwj/biaoge-shuoming.md').waitFor();
  const saved = fs.readFileSync(path.join(root, 'content', 'zcwj', 'biaoge-shuoming.md'), 'utf8');
  assert.ok(saved.endsWith('详细数据[见](../tzgg/fujian-tongzhi.md)公告。\n政府信息公开'), saved.slice(-80));
  assert.match(saved, /\nkeywords: \["财政预算"\]\n---\n/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a save after an outside change is refused and both versions survive', async () => {
  const { ctx, page } = await open();
  await page.locator('table a').first().click();
  const title = page.getByLabel('标题', { exact: true });
  await title.waitFor();
  const rel = decodeURIComponent(new URL(page.url()).hash.slice('#/doc/'.length));
  const file = path.join(root, 'content', rel);
  const outside = fs.readFileSync(file, 'utf8').replace(/\n---\n/, '\n---\n同事加的一段。\n\n');
  fs.writeFileSync(file, outside);
  await title.fill('我改的标题');
  await page.getByRole('button', { name: '保存' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /文件在打开之后被改动过/);
  assert.match(await page.getByLabel('磁盘上的版本').inputValue(), /同事加的一段/);
  assert.match(await page.getByLabel('您的版本（尚未保存）').inputValue(), /我改的标题/);
  assert.equal(fs.readFileSync(file, 'utf8'), outside);
  await axeBoth(page, '保存冲突');
  // Delete asks first and names what links here; cancelling leaves the file.
  await page.getByRole('button', { name: '删除' }).click();
  await page.getByRole('alertdialog').waitFor();
  await axeBoth(page, '确认删除');
  await page.getByRole('button', { name: '取消' }).click();
  assert.ok(fs.existsSync(file));
  await ctx.close();
});

test('dates read 年-月-日 whatever the browser\'s language, with a clear message when mistyped', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(ed.url);
  await page.getByRole('heading', { level: 1, name: '文档列表' }).waitFor();
  await page.goto(`${ed.origin}/_edit/#/doc/${encodeURIComponent('zcwj/luokuan-tongzhi.md')}`);
  const date = page.getByLabel('发布日期', { exact: true });
  await date.waitFor();
  await settled(page);
  assert.equal(await date.inputValue(), '2021-01-20');
  assert.equal(await date.getAttribute('type'), 'text');
  assert.match(await date.evaluate((i) => document.getElementById(i.getAttribute('aria-describedby').split(' ')[0]).textContent), /年-月-日/);
  const written = page.getByLabel('成文日期', { exact: true });
  await written.fill('01/18/2021');
  await written.blur();
  const note = page.locator('#f-written_on-format');
  assert.match(await note.textContent(), /“01\/18\/2021”不是日期：请写成 年-月-日/);
  assert.equal(await written.getAttribute('aria-invalid'), 'true');
  await settled(page);
  await axeBoth(page, '日期写错');
  await written.fill('2021-01-18');
  await written.blur();
  assert.match(await note.textContent(), /^格式：年-月-日/);
  await ctx.close();
});

test('a new document from a section, deleted to the 回收站 and restored from it', async () => {
  const { ctx, page } = await open();
  await page.selectOption('#new-section', 'tzgg');
  await page.getByRole('button', { name: '新建空白文档' }).click();
  const title = page.getByLabel('标题', { exact: true });
  await title.waitFor();
  await settled(page);
  await axeBoth(page, '新建文档');
  await title.fill('关于开展测试工作的通知');
  await page.getByLabel('正文', { exact: true }).fill('为做好测试工作，现通知如下。\n');
  await settled(page);
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/#\/doc\//);
  await page.getByRole('heading', { level: 1, name: '关于开展测试工作的通知' }).waitFor();
  const rel = decodeURIComponent(new URL(page.url()).hash.slice('#/doc/'.length));
  const file = path.join(root, 'content', rel);
  assert.match(fs.readFileSync(file, 'utf8'), /title: "关于开展测试工作的通知"/);
  await page.getByRole('button', { name: '删除' }).click();
  await page.getByRole('button', { name: '确认删除' }).click();
  await page.getByRole('heading', { level: 1, name: '文档列表' }).waitFor();
  assert.ok(!fs.existsSync(file));
  const trash = fs.readdirSync(path.join(root, '.gongkai', 'trash'));
  assert.ok(fs.existsSync(path.join(root, '.gongkai', 'trash', trash[0], 'content', rel)));
  // The 回收站 lists it: title, when, from where.
  await page.getByRole('link', { name: '回收站' }).click();
  await page.getByRole('heading', { level: 1, name: '回收站' }).waitFor();
  const row = page.getByRole('row', { name: /关于开展测试工作的通知/ });
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*content/${rel}`));
  await axeBoth(page, '回收站');
  // A new file at the old place: restoring is refused, saying why, and nothing moves.
  fs.writeFileSync(file, '---\ntitle: 后来的文档\n---\n');
  await page.getByRole('button', { name: '恢复《关于开展测试工作的通知》' }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), new RegExp(`没有恢复：原来的位置 content/${rel} 现在已有文件`));
  await axeBoth(page, '回收站：不能恢复');
  assert.match(fs.readFileSync(file, 'utf8'), /后来的文档/);
  assert.ok(fs.existsSync(path.join(root, '.gongkai', 'trash', trash[0], 'content', rel)));
  // Moved away: 恢复 puts it back and opens it.
  fs.rmSync(file);
  await page.getByRole('button', { name: '恢复《关于开展测试工作的通知》' }).click();
  await page.getByRole('heading', { level: 1, name: '关于开展测试工作的通知' }).waitFor();
  assert.match(fs.readFileSync(file, 'utf8'), /title: "关于开展测试工作的通知"/);
  assert.ok(!fs.existsSync(path.join(root, '.gongkai', 'trash', trash[0])));
  await ctx.close();
});

test('requests from another site or host, and names outside content/, write nothing', async () => {
  const token = /#k=([0-9a-f]+)/.exec(ed.url)[1];
  const file = path.join(root, 'content', 'tzgg', 'fujian-tongzhi.md');
  const before = fs.readFileSync(file);
  const docRes = await fetch(`${ed.origin}/_edit/api/doc?path=tzgg/fujian-tongzhi.md`, { headers: { 'X-Gongkai-Token': token } });
  const doc = await docRes.json();
  const body = JSON.stringify({ path: 'tzgg/fujian-tongzhi.md', baseText: doc.text, edits: { title: '被篡改' } });
  const post = (headers, b = body, url = '/_edit/api/save') => fetch(ed.origin + url, { method: 'POST', body: b, headers: { 'Content-Type': 'application/json', ...headers } });
  // A page elsewhere: no secret, or the secret but its own Origin.
  assert.equal((await post({ Origin: 'http://evil.example' })).status, 401);
  assert.equal((await post({ Origin: 'http://evil.example', 'X-Gongkai-Token': token })).status, 403);
  assert.equal((await post({ 'X-Gongkai-Token': token, Origin: ed.origin, 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  // DNS rebinding: the right address under another name, for reading and for writing.
  const http = await import('node:http');
  const status = (method, p, headers) => new Promise((ok, fail) => {
    const u = new URL(ed.origin + p);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => { res.resume(); ok(res.statusCode); });
    req.on('error', fail);
    req.end(method === 'POST' ? body : undefined);
  });
  assert.equal(await status('GET', '/', { Host: 'evil.example' }), 421);
  assert.equal(await status('GET', '/zcwj/biaoge-shuoming/', { Host: `evil.example:${new URL(ed.origin).port}` }), 421);
  assert.equal(await status('POST', '/_edit/api/save', { Host: 'evil.example', 'X-Gongkai-Token': token, Origin: 'http://evil.example', 'Content-Type': 'application/json' }), 421);
  // Traversal in a document name and in an attachment name.
  const traversal = JSON.stringify({ path: '../config.yaml', baseText: '', edits: { title: 'x' } });
  assert.equal((await post({ 'X-Gongkai-Token': token, Origin: ed.origin }, traversal)).status, 400);
  for (const name of ['../../config.yaml', '..%2F..%2Fx.pdf', 'a/../../x.pdf', '.htaccess', 'x.exe']) {
    const r = await fetch(`${ed.origin}/_edit/api/upload?path=tzgg/fujian-tongzhi.md&name=${encodeURIComponent(name)}`, { method: 'POST', body: 'x', headers: { 'X-Gongkai-Token': token, Origin: ed.origin } });
    assert.equal(r.status, 400, name);
  }
  assert.deepEqual(fs.readFileSync(file), before);
  assert.ok(!fs.existsSync(path.join(root, 'x.pdf')) && !fs.existsSync(path.join(root, 'content', 'x.exe')));
});

test('with a password, nothing is served before signing in; the sign-in screen passes axe', async () => {
  const locked = await startEdit(['--password', '测试口令']);
  const r = await fetch(`${locked.origin}/`);
  assert.equal(r.status, 401);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(locked.url);
  await page.getByLabel('密码').waitFor();
  await axeBoth(page, '登录');
  await page.getByLabel('密码').fill('测试口令');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '文档列表' }).waitFor();
  await ctx.close();
});
