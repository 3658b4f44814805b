// Issue 15, deployment: real nginx on 127.0.0.1 with the README's server block over the example site.
// The precompressed copies are sent as they are (brotli when accepted, else gzip, else the file),
// every response carries the README's Content-Security-Policy, /static/ is cached for a year as
// immutable and HTML is revalidated, and missing pages get the 404 page of their rendition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SITE } from './lib.mjs';
import { haveNginx, startNginx, readmeCsp, get } from './nginx.mjs';

const skip = haveNginx() ? false : 'nginx not installed (scripts/test-browser installs nginx-light)';
let ng;
before(async () => { if (!skip) ng = await startNginx(SITE); });
after(async () => { await ng?.stop(); });

const file = (rel) => fs.readFileSync(path.join(SITE, rel));
const versioned = () => /href="(\/static\/css\/gongkai\.css\?v=[0-9a-f]+)"/.exec(file('index.html').toString())[1];

function commonHeaders(res, url) {
  assert.equal(res.headers['content-security-policy'], readmeCsp(), `${url}: CSP`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
}

test('HTML: brotli when accepted, else gzip, else as is — the same bytes as the page; no-cache; CSP', { skip }, async () => {
  for (const [url, rel] of [['/', 'index.html'], ['/xxgk/', 'xxgk/index.html'], ['/care/sitemap/', 'care/sitemap/index.html']]) {
    const page = file(rel);
    const br = await get(ng.origin + url, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200, url);
    assert.equal(br.headers['content-type'], 'text/html; charset=utf-8', url);
    assert.equal(br.headers['cache-control'], 'no-cache', url);
    assert.match(br.headers.vary || '', /Accept-Encoding/, url);
    commonHeaders(br, url);
    if (ng.brotli) {
      assert.equal(br.headers['content-encoding'], 'br', url);
      assert.ok(br.body.equals(file(rel + '.br')), `${url}: the .br file as written`);
      assert.ok(zlib.brotliDecompressSync(br.body).equals(page), url);
    }
    const gz = await get(ng.origin + url, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip', url);
    assert.ok(gz.body.equals(file(rel + '.gz')), `${url}: the .gz file as written`);
    assert.ok(zlib.gunzipSync(gz.body).equals(page), url);
    assert.ok(gz.body.length < page.length / 3, `${url}: ${gz.body.length} of ${page.length} bytes`);
    const plain = await get(ng.origin + url);
    assert.equal(plain.headers['content-encoding'], undefined, url);
    assert.ok(plain.body.equals(page), url);
  }
});

test('/static/ files: cached for a year as immutable, precompressed, with the CSP', { skip }, async () => {
  const url = versioned();
  const res = await get(ng.origin + url, { 'Accept-Encoding': 'gzip, br' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(res.headers['content-type'], /^text\/css/);
  assert.equal(res.headers['content-encoding'], ng.brotli ? 'br' : 'gzip');
  commonHeaders(res, url);
  const js = await get(ng.origin + '/static/js/gongkai.js', { 'Accept-Encoding': 'gzip' });
  assert.equal(js.headers['content-encoding'], 'gzip');
  assert.match(js.headers['content-type'], /javascript/);
  // A document's search fragment (the entry of a 13-document site is under the 1 KB threshold).
  const fragment = await get(ng.origin + '/search/f/0.json', { 'Accept-Encoding': 'gzip' });
  assert.equal(fragment.status, 200);
  assert.equal(fragment.headers['content-encoding'], 'gzip', 'the search index too');
  const index = await get(ng.origin + '/search/index.json', { 'Accept-Encoding': 'gzip' });
  assert.equal(index.headers['cache-control'], 'no-cache', 'the search index changes with every build');
});

test('missing pages: status 404 with the 404 page of their rendition', { skip }, async () => {
  for (const [url, rel] of [['/xxgk/no-such-page/', '404.html'], ['/care/xxgk/no-such-page/', 'care/404.html'], ['/static/none.css', '404.html']]) {
    const res = await get(ng.origin + url);
    assert.equal(res.status, 404, url);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', url);
    assert.ok(res.body.equals(file(rel)), `${url}: ${rel}`);
    commonHeaders(res, url);
  }
});
