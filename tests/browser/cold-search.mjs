// Search from a cold start, shared by search.test.mjs and benches/search/cold.mjs: a new browser
// context (empty cache, as a fresh profile) navigates to /search/?q=QUERY; the time is taken in the
// page from the start of navigation (performance.now()) to the first result in the list, or to
// the announced count when nothing is found.

/** Runs in the page before its scripts: notes when the first result or the count appears. */
function watchFirstResult() {
  window.__gkCold = 0;
  new MutationObserver(() => {
    if (window.__gkCold) return;
    const first = document.querySelector('[data-gk-search-results] .gk-list__item');
    const status = document.querySelector('[data-gk-search-status]');
    if (first || /找到/.test(status?.textContent || '')) window.__gkCold = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/**
 * One cold search on the site of session `s`: { ms, what, files: [{name, start, end, bytes}] }.
 */
export async function coldSearch(s, q) {
  const ctx = await s.newContext();
  await ctx.addInitScript(watchFirstResult);
  const page = await ctx.newPage();
  await page.goto(s.url('/search/?q=' + encodeURIComponent(q)));
  await page.waitForFunction(() => window.__gkCold > 0, null, { timeout: 30000 });
  const out = await page.evaluate(() => {
    const files = performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize,
    }));
    const nav = performance.getEntriesByType('navigation')[0];
    files.unshift({ name: location.pathname, start: nav.startTime, end: nav.responseEnd, bytes: nav.encodedBodySize });
    const shown = !!document.querySelector('[data-gk-search-results] .gk-list__item');
    return { ms: window.__gkCold, what: shown ? 'the first result' : 'the count (no result)', files };
  });
  await ctx.close();
  return { ...out, files: out.files.filter((f) => f.start <= out.ms) };
}
