// Issue 6: `gongkai serve` in a real browser. The page reloads by itself after a save and shows the
// save's warnings in a corner panel; a save that breaks the site shows the error overlay with the
// terminal's messages, and the next good save takes it away. Runs the gongkai binary given in GONGKAI_BIN on a copy of tests/fixtures/sites/basic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, CHROMIUM, LAUNCH_ARGS } from './lib.mjs';

const BIN = process.env.GONGKAI_BIN || path.join(REPO, 'target', 'debug', 'gongkai');
let root, child, browser, origin;
const stderr = [];

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-serve-'));
  fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'sites', 'basic'), root, { recursive: true });
  child = spawn(BIN, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr.join('')}`)), 60000);
    child.stderr.on('data', (chunk) => {
      stderr.push(chunk.toString());
      const m = /监听 ([0-9.]+):(\d+)/.exec(stderr.join(''));
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}:${m[2]}`); }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${stderr.join('')}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
});

after(async () => {
  await browser?.close().catch(() => {});
  child?.kill();
  if (root) { fs.rmSync(root, { recursive: true, force: true }); }
});

const DOC = 'content/zcwj/biaoge-shuoming.md';
const URL_PATH = '/zcwj/biaoge-shuoming/';

test('serve: the page reloads after a save, shows the error overlay while broken, and recovers', async () => {
  const file = path.join(root, DOC);
  const original = fs.readFileSync(file, 'utf8');
  const page = await browser.newPage();
  await page.goto(origin + URL_PATH);
  // The live-reload script is served by `serve` only.
  assert.equal(await page.locator('script[src="/__gongkai/livereload.js"]').count(), 1);
  await page.waitForFunction(() => window.EventSource && true);
  await page.waitForTimeout(300);

  fs.writeFileSync(file, original.replace(/^title: .*$/m, 'title: "实时预览改过的标题"') + '\n见[无此页](/meiyou/)。\n');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('实时预览改过的标题'), null, { timeout: 15000 });
  // The warning a full build gives for the dead link is in the corner panel, as the terminal prints it.
  await page.waitForFunction(() => document.querySelector('#gongkai-a11y-badge pre')?.textContent.includes('站内链接指向不存在的页面：/meiyou/'), null, { timeout: 15000 });
  assert.match(await page.textContent('#gongkai-a11y-badge button'), /警告（\d+）/);

  fs.writeFileSync(file, '---\ntitle: "没有闭合\nissuer: x\n---\n');
  const overlay = page.locator('#gongkai-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 15000 });
  const text = await overlay.textContent();
  assert.match(text, /biaoge-shuoming\.md:\d+:\d+: 错误/, 'the overlay shows the terminal message with file:line:column');
  assert.equal(await page.locator('[role="alertdialog"]').count(), 1);
  assert.match(await page.textContent('h1'), /实时预览改过的标题/, 'the last good page stays underneath');

  fs.writeFileSync(file, original);
  await page.waitForFunction(() => !document.getElementById('gongkai-error-overlay')
    && !document.querySelector('h1')?.textContent.includes('实时预览改过的标题'), null, { timeout: 15000 });
  await page.close();
});
