// Lighthouse (pinned in package.json; mobile emulation, the default) on one page of every type in both
// renditions, served by real nginx with the README's server block, as a deployed site is. Prints the
// four category scores with the measured cumulative layout shift and largest contentful paint, and
// exits 1 when a score is below --min (default 100). Not part of the test suite: the performance
// score moves with the machine's load. Run through scripts/lighthouse.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { SITE, CHROMIUM, SEED } from './lib.mjs';
import { startNginx, haveNginx } from './nginx.mjs';

const PAGES = {
  home: '/',
  'top section': '/xxgk/',
  'section listing': '/xxgk/fdzdgknr/',
  'directory (year)': '/xxgk/fdzdgknr/year/',
  'directory page (year)': '/xxgk/fdzdgknr/year/2021/',
  'directory (issuer)': '/xxgk/fdzdgknr/issuer/',
  'directory (topic)': '/xxgk/fdzdgknr/topic/',
  document: SEED,
  search: '/search/?q=%E6%B0%91%E6%94%BF',
  sitemap: '/sitemap/',
  '404': '/404.html',
};
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const { values } = parseArgs({ options: { min: { type: 'string', default: '100' }, only: { type: 'string' }, json: { type: 'string' } } });
const min = Number(values.min);
if (!haveNginx()) { console.error('lighthouse: nginx is not installed (apt-get install nginx-light libnginx-mod-http-brotli-static)'); process.exit(2); }

const ng = await startNginx(SITE);
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const rows = [];
let low = 0;
try {
  for (const [type, p] of Object.entries(PAGES)) {
    if (values.only && !type.includes(values.only)) continue;
    for (const path of [p, '/care' + p]) {
      const r = await lighthouse(ng.origin + path, { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: CATEGORIES });
      const lhr = r?.lhr;
      if (!lhr || lhr.runtimeError) { console.log(`${path}  ERROR ${lhr?.runtimeError?.message ?? 'no result'}`); low++; continue; }
      const score = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
        .filter((a) => CATEGORIES.some((c) => lhr.categories[c].auditRefs.some((ref) => ref.id === a.id && ref.weight > 0)))
        .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      const row = { type, path, ...score,
        cls: lhr.audits['cumulative-layout-shift'].numericValue, lcp: lhr.audits['largest-contentful-paint'].numericValue, failing };
      rows.push(row);
      if (CATEGORIES.some((c) => score[c] < min)) low++;
      console.log(`${path.padEnd(48)} ${CATEGORIES.map((c) => `${c} ${score[c]}`).join('  ')}  CLS ${row.cls.toFixed(3)}  LCP ${(row.lcp / 1000).toFixed(2)} s${failing.length ? `  below 1: ${failing.join(', ')}` : ''}`);
    }
  }
} finally {
  await chrome.kill();
  await ng.stop();
}
if (values.json) fs.writeFileSync(values.json, JSON.stringify(rows, null, 2));
console.log(`${rows.length - low} passed, ${low} failed (every category ≥ ${min})`);
process.exit(low ? 1 : 0);
