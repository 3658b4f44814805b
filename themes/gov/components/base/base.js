/*
 * gongkai gongkai.js — loaded with `defer`. Vanilla ES5, no libraries, no network. The theme loader
 * joins it from components/NAME/NAME.js in the order of components.txt.
 *
 * This part (components/base/base.js) sets up `window.gk`: the helpers every component uses and the
 * registry of component start-up functions. A component registers itself with
 * `gk.module("gk-NAME", function (el) {…})`; `gk.start()` (components/start/start.js, the last
 * part) runs each registered function once for every element carrying `data-module="gk-NAME"`, in
 * document order; a component registered after that starts at once. State lives in ARIA attributes
 * and `hidden`. Preferences are kept by prefs.js (window.gkPrefs) in localStorage "gongkai.prefs".
 * Shortcuts are Alt+Shift+key only (WCAG 2.1.4). Speech never starts by itself.
 */
(function (w, d) {
  "use strict";

  var gk = w.gk = { modules: {}, started: false, root: d.documentElement };

  /* ---------------------------------------------------------------- helpers */

  function qs(sel, ctx) { return (ctx || d).querySelector(sel); }
  function qsa(sel, ctx) { return Array.prototype.slice.call((ctx || d).querySelectorAll(sel)); }
  function on(el, type, fn, opts) { if (el) { el.addEventListener(type, fn, opts || false); } }
  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }
  function closest(el, sel) {
    while (el && el.nodeType === 1) {
      if ((el.matches || el.msMatchesSelector || el.webkitMatchesSelector).call(el, sel)) { return el; }
      el = el.parentElement;
    }
    return null;
  }
  function text(el) {
    return (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim();
  }
  function isShown(el) { return !!(el && el.getClientRects().length); }

  /* Announce a state change through the aria-live region `data-module="gk-status"` (WCAG 4.1.3). */
  var statusTimer = null;
  function announce(msg) {
    var statusEl = qs('[data-module="gk-status"]');
    if (!statusEl) { return; }
    statusEl.textContent = "";
    w.clearTimeout(statusTimer);
    statusTimer = w.setTimeout(function () { statusEl.textContent = msg; }, 60);
  }

  function pageUrl() { return w.location.href.split("#")[0]; }

  gk.qs = qs; gk.qsa = qsa; gk.on = on; gk.each = each; gk.closest = closest;
  gk.text = text; gk.isShown = isShown; gk.announce = announce; gk.pageUrl = pageUrl;
  /* Replaced by the toolbar's speech when the browser can speak. */
  gk.stopSpeech = function () {};

  /* Markup only scripts use that has no place in the flow of the page: the element
     `<TAG class="gk-NAME" data-module="gk-NAME">` at the end of `parent` (once), which gkPrefs
     fills from NAME.js.html before the start-up loop runs. */
  gk.element = function (name, tag, parent) {
    var el = qs('[data-module="gk-' + name + '"]');
    if (!el) {
      el = d.createElement(tag || "div");
      el.className = "gk-" + name;
      el.setAttribute("data-module", "gk-" + name);
      (parent || d.body).appendChild(el);
    }
    return el;
  };
  /* The status region, 十字线 and 大字幕 (overlays.js.html), unless the page has its own. */
  if (!qs('[data-module="gk-status"]')) { gk.element("overlays"); }

  /* ---------------------------------------------------------------- start-up */

  function startAll(name) {
    each(qsa('[data-module="' + name + '"]'), function (el) { gk.modules[name](el); });
  }
  /* Registers the start-up function of the component `data-module="name"`. */
  gk.module = function (name, init) {
    gk.modules[name] = init;
    if (gk.started) { startAll(name); }
  };
  /* The one start-up loop: every `data-module` element, in document order. */
  gk.start = function () {
    gk.started = true;
    if (w.gkPrefs && w.gkPrefs.fillAll) { w.gkPrefs.fillAll(); }   /* script markup, if not yet in */
    each(qsa("[data-module]"), function (el) {
      var init = gk.modules[el.getAttribute("data-module")];
      if (init) { init(el); }
    });
  };
}(window, document));
