// Shared helpers for the gongkai browser suite: a tiny static server for the built site, one
// headless Chromium per test file, and a guard that fails on any request to a host other than
// 127.0.0.1, any console error or uncaught page error, and any response with an error status. The suite never builds anything: scripts/test-browser builds the site and passes
// its directory in GONGKAI_SITE (default: the repository's public/).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
export const SITE = path.resolve(process.env.GONGKAI_SITE || path.join(REPO, 'public'));
/** Optional second site (tests/fixtures/sites/basic) with attachments; tests using it skip without it. */
export const FIXTURE_SITE = process.env.GONGKAI_FIXTURE_SITE ? path.resolve(process.env.GONGKAI_FIXTURE_SITE) : null;
export const OUTPUT = path.join(here, 'output');
export const CHROMIUM = process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium';

/**
 * The ```lang code blocks of the README section whose heading line is `heading` (`## Deploying`),
 * up to the next heading of the same or a higher level, in order: the tests run the README's own lines.
 */
export function readmeBlocks(heading, lang) {
  const lines = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md: no "${heading}"`);
  const ends = new RegExp(`^#{1,${heading.match(/^#+/)[0].length}} `);
  const blocks = [];
  let fence = null; // the language of the code block the line is in, with its lines so far
  for (const line of lines.slice(start + 1)) {
    if (fence) {
      if (line !== '```') fence.lines.push(line);
      else {
        if (fence.lang === lang) blocks.push(`${fence.lines.join('\n')}\n`);
        fence = null;
      }
    } else if (line.startsWith('```')) fence = { lang: line.slice(3), lines: [] };
    else if (ends.test(line)) break;
  }
  return blocks;
}

/** The seed document used by the print, share, toolbar and screenshot tests. */
export const SEED = '/xxgk/fdzdgknr/gzzj/liaocheng-minzheng-2020/';
/** A few document pages for checks that do not need every page. */
export const DOCS = [
  SEED,
  '/xxgk/fdzdgknr/zcwj/guowuyuan-2018-12-03/',
  '/xxgk/fdzdgknr/gzzj/pingtan-dangongwei-guanweihui-2023-12-14/',
];

if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  throw new Error(`no built site at ${SITE}: run scripts/test-browser, or set GONGKAI_SITE`);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.gif': 'image/gif', '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf', '.ico': 'image/x-icon',
  '.json': 'application/json', '.woff2': 'font/woff2',
};

/** Serve `root` on 127.0.0.1 at a random free port, with `headers` on every response. Returns {origin, close}. */
export async function startServer(root = SITE, headers = {}) {
  const server = http.createServer((req, res) => {
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { p = '/'; }
    let file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      if (fs.statSync(file).isDirectory()) {
        if (!p.endsWith('/')) { res.writeHead(301, { Location: p + '/' }).end(); return; }
        file = path.join(file, 'index.html');
      }
      const body = fs.readFileSync(file);
      // static assets are content-hashed (?v=…): let the browser cache them, as a real server would
      const cache = p.startsWith('/static/') ? 'public, max-age=86400' : 'no-cache';
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream', 'Cache-Control': cache, ...headers });
      res.end(body);
    } catch {
      const nf = path.join(root, '404.html');
      res.writeHead(404, { 'Content-Type': TYPES['.html'], ...headers });
      res.end(fs.existsSync(nf) ? fs.readFileSync(nf) : 'not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  server.keepAliveTimeout = 1000;
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

/** Every HTML page of the site as a URL path ("/xxgk/", "/care/xxgk/", "/404.html"). */
export function allPages(root = SITE) {
  const out = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) { walk(f); continue; }
      if (!e.name.endsWith('.html')) continue;
      const rel = '/' + path.relative(root, f).split(path.sep).join('/');
      out.push(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
    }
  })(root);
  return out.sort();
}

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-extensions', '--disable-default-apps', '--mute-audio', '--font-render-hinting=none'];

/**
 * One browser + one server per test file. `newContext(opts)` returns a context whose every request
 * is checked: any host other than 127.0.0.1 is recorded (and aborted), and so are console errors,
 * uncaught page errors and responses with status ≥ 400 (but for the paths given to
 * `expectNotFound`); `assertNoForeignRequests()` asserts none happened.
 */
export async function session({ root = SITE, headers = {} } = {}) {
  const server = await startServer(root, headers);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  const foreign = [];
  const problems = [];
  const notFound = new Set();
  const contexts = [];
  async function newContext(opts = {}) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN',
      reducedMotion: 'reduce', serviceWorkers: 'block', ...opts });
    // Requests to any other host are recorded and aborted (the machine may have no network, and a
    // government page must not call third parties). Only the page's own URLs pass.
    await ctx.route((u) => !['127.0.0.1', ''].includes(u.hostname) && !['data:', 'blob:', 'about:'].includes(u.protocol),
      (route) => {
        const req = route.request();
        let from = '?';
        try { from = req.frame().url(); } catch { /* service worker or gone */ }
        foreign.push(`${req.url()} (from ${from})`);
        return route.abort('blockedbyclient');
      });
    const expected = (url) => { try { return notFound.has(new URL(url).pathname); } catch { return false; } };
    ctx.on('response', (r) => {
      if (r.status() >= 400 && !expected(r.url())) problems.push(`${r.status()} ${r.url()} (from ${r.frame()?.url?.() ?? '?'})`);
    });
    ctx.on('console', (m) => {
      if (m.type() !== 'error') return;
      const at = m.location()?.url || '';
      // a page (or a picture) missing on purpose logs its own status; requests to other hosts are reported above
      if ((expected(m.page()?.url?.() || '') || expected(at)) && /status of 404/.test(m.text())) return;
      if (/ERR_BLOCKED_BY_CLIENT/.test(m.text())) return;
      problems.push(`console error: ${m.text()} (${at || m.page()?.url?.() || '?'})`);
    });
    ctx.on('weberror', (e) => problems.push(`page error: ${e.error()?.message} (${e.page()?.url?.() ?? '?'})`));
    contexts.push(ctx);
    return ctx;
  }
  async function finish() {
    for (const c of contexts) { await c.close().catch(() => {}); }
    await browser.close().catch(() => {});
    await server.close();
  }
  /**
   * Call from each file's last test: fail on any request that left 127.0.0.1, any console error,
   * page error or error status (a missing favicon, a stale asset URL, a script that throws).
   */
  function assertNoForeignRequests() {
    const uniq = [...new Set(foreign)];
    assert.deepEqual(uniq, [], `requests to hosts other than 127.0.0.1:\n${uniq.join('\n')}`);
    const seen = [...new Set(problems)];
    assert.deepEqual(seen, [], `console errors, page errors or error statuses:\n${seen.join('\n')}`);
  }
  /** A path visited on purpose for its 404 page: its status and console message are expected. */
  function expectNotFound(pathname) { notFound.add(pathname); }
  return { origin: server.origin, browser, newContext, finish, assertNoForeignRequests, expectNotFound, url: (p) => server.origin + p };
}

/**
 * Run `fn(page, item)` over `items` with `n` pages of `ctx` working in parallel; each worker reuses
 * its page (a new page costs a renderer start). A page that throws is replaced.
 */
export async function pool(ctx, items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    let page = await ctx.newPage();
    while (i < items.length) {
      const item = items[i++];
      try { await fn(page, item); } catch (e) {
        await page.close().catch(() => {});
        page = await ctx.newPage();
        throw e;
      }
    }
    await page.close();
  });
  await Promise.all(workers);
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/** Run axe-core (WCAG 2.0/2.1/2.2 A+AA tags) on the page; returns the violations, summarised. */
export async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary || '').replace(/\s+/g, ' ')}`) }));
  }, AXE_TAGS);
}
export function describeViolations(url, violations) {
  return violations.map((v) => `${url}: [${v.id}/${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** WCAG relative luminance contrast of two computed CSS colours ("rgb(…)"/"rgba(…)"). */
export function parseColor(s) {
  const m = s.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error('unparsed colour ' + s);
  const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
}
export function contrast(fg, bg) {
  const lum = ({ r, g, b }) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (l1 + 0.05) / (l2 + 0.05);
}

export function ensureOutput() { fs.mkdirSync(OUTPUT, { recursive: true }); return OUTPUT; }

/**
 * In-page audit of interactive targets: every visible a[href], button, summary, input, select,
 * textarea, [tabindex="0"] must measure at least `min`×`min` CSS px, except links inside running text
 * (WCAG 2.5.8 inline exception: an inline link whose block also holds text that is not the link).
 * Returns a list of offending targets. Runs in the page (pass to page.evaluate).
 */
export function auditTargets(min) {
  const bad = [];
  const sel = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex="0"]';
  const blockOf = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    return b;
  };
  for (const el of document.querySelectorAll(sel)) {
    if (!el.getClientRects().length || el.closest('[hidden], .gk-visually-hidden, [aria-hidden="true"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    // the skip link is off-screen until focused; measure it focused
    if (el.matches('.gk-skip')) { el.focus(); }
    const r = el.getBoundingClientRect();
    if (el.matches('.gk-skip')) { el.blur(); }
    if (r.width >= min - 0.5 && r.height >= min - 0.5) continue;
    if (el.tagName === 'A' && cs.display === 'inline') {
      const block = blockOf(el);
      const own = (el.textContent || '').replace(/\s+/g, '');
      const all = (block ? block.textContent : '').replace(/\s+/g, '');
      if (all.length > own.length) continue;   // a link in a sentence
    }
    const desc = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}` +
      ` "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${Math.round(r.width * 10) / 10}×${Math.round(r.height * 10) / 10}`;
    bad.push(desc);
  }
  return bad;
}

/** Effective background colour behind an element (first non-transparent ancestor background). */
export function effectiveColors(selector) {
  const el = document.querySelector(selector);
  if (!el) return null;
  let b = el, bg = 'rgba(0, 0, 0, 0)';
  while (b) {
    const c = getComputedStyle(b).backgroundColor;
    if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') { bg = c; break; }
    b = b.parentElement;
  }
  if (!b) bg = getComputedStyle(document.documentElement).backgroundColor || 'rgb(255, 255, 255)';
  const cs = getComputedStyle(el);
  return { color: cs.color, bg, fontSize: parseFloat(cs.fontSize), lineHeight: parseFloat(cs.lineHeight) };
}

/** Document pages (template page.html) among `allPages()`, found from the built HTML. */
export function documentPages(root = SITE) {
  return allPages(root).filter((p) => {
    const f = path.join(root, p.endsWith('/') ? p + 'index.html' : p);
    return /<body class="[^"]*gk-template-document/.test(fs.readFileSync(f, 'utf8'));
  });
}

/**
 * Open the 无障碍 toolbar with its header button unless it is already open (the open state is a saved
 * preference, shared by the pages of one context).
 */
export async function openToolbar(page) {
  if (!(await page.locator('#gk-toolbar').isVisible())) await page.click('[data-module="gk-toolbar-toggle"]');
  await page.locator('#gk-toolbar').waitFor({ state: 'visible' });
}
