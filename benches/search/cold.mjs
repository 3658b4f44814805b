// Search from a cold start: from navigating to /search/?q=… in a fresh browser profile to the
// first result shown (or, for a query without results, to the count announced), with where the
// time goes (each file's request, download and size). Usage, from the repository root:
//
//   python3 benches/scale/corpus.py 10000 /tmp/c && target/release/gongkai build \
//     --root /tmp/c/gongkai --output /tmp/c/site --no-precompress
//   (cd tests/browser && npm ci --ignore-scripts) && node benches/search/cold.mjs /tmp/c/site [QUERY…]
//
// Each query is measured RUNS times (environment variable, default 7), each in a new browser
// context (empty cache) over the browser suite's static server on 127.0.0.1; the median is
// printed with the files of the median run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [site, ...queries] = process.argv.slice(2);
if (!site) {
  console.error('usage: node benches/search/cold.mjs SITE_DIR [QUERY…]');
  process.exit(2);
}
process.env.GONGKAI_SITE = path.resolve(site);
const { session } = await import(path.join(here, '..', '..', 'tests', 'browser', 'lib.mjs'));
const { coldSearch } = await import(path.join(here, '..', '..', 'tests', 'browser', 'cold-search.mjs'));

const runs = Number(process.env.RUNS || 7);
const s = await session({ root: path.resolve(site) });
for (const q of queries.length ? queries : ['养老', '公开', '营商环境']) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await coldSearch(s, q));
  all.sort((a, b) => a.ms - b.ms);
  const m = all[Math.floor(all.length / 2)];
  console.log(`${q}: ${m.ms.toFixed(0)} ms to ${m.what} (median of ${runs}; min ${all[0].ms.toFixed(0)}, max ${all[all.length - 1].ms.toFixed(0)})`);
  for (const f of m.files) console.log(`  ${f.start.toFixed(0).padStart(5)}–${f.end.toFixed(0).padStart(5)} ms ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.name}`);
}
await s.finish();
