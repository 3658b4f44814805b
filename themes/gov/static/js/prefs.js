/*
 * gongkai prefs.js — loaded synchronously in <head>, before the first paint.
 * Marks the page as JS-enabled, says what the browser can do (gk-can-speak, gk-can-share,
 * gk-can-copy) so that CSS gives the controls gongkai.js reveals their place from the first paint,
 * and restores the reader's saved toolbar preferences (localStorage "gongkai.prefs", JSON) as
 * classes on <html>, so nothing flickers or moves. Exposes window.gkPrefs for gongkai.js.
 * Needs no DOM beyond document.documentElement.
 *
 * It also carries the markup only scripts use (the toolbar, the document tools, the QR dialog, the
 * overlays: components/NAME/NAME.js.html, appended below by the theme loader as gkPrefs.fill(…)).
 * A page holds only the empty `data-module="gk-NAME"` element; it gets its markup the moment the
 * parser inserts it, before the first paint, so nothing moves when gongkai.js starts.
 */
(function (w, d) {
  "use strict";
  var root = d.documentElement;
  var KEY = "gongkai.prefs";
  var SCHEMES = ["default", "contrast", "yellow-black", "blue"];
  var SIZES = ["small", "medium", "large"];
  var ZOOMS = [1, 1.1, 1.25, 1.5, 1.75, 2];
  var FLAGS = { spacing: "gk-spacing", cursor: "gk-cursor-large", reading: "gk-reading",
    crosshair: "gk-crosshair-on", caption: "gk-caption-on", toolbar: "gk-toolbar-open" };
  var DEFAULTS = { v: 1, scheme: "default", fs: "medium", zoom: 1, spacing: false, cursor: false,
    crosshair: false, caption: false, reading: false, speech: false, rate: 1, toolbar: false };

  function clean(raw) {
    var p = {}, k;
    for (k in DEFAULTS) { if (Object.prototype.hasOwnProperty.call(DEFAULTS, k)) { p[k] = DEFAULTS[k]; } }
    if (!raw || typeof raw !== "object") { return p; }
    if (SCHEMES.indexOf(raw.scheme) >= 0) { p.scheme = raw.scheme; }
    if (SIZES.indexOf(raw.fs) >= 0) { p.fs = raw.fs; }
    if (ZOOMS.indexOf(raw.zoom) >= 0) { p.zoom = raw.zoom; }
    if (typeof raw.rate === "number" && raw.rate >= 0.5 && raw.rate <= 2) { p.rate = raw.rate; }
    for (k in FLAGS) { if (Object.prototype.hasOwnProperty.call(FLAGS, k)) { p[k] = raw[k] === true; } }
    p.speech = raw.speech === true;
    return p;
  }

  function read() {
    try {
      var s = w.localStorage.getItem(KEY);
      return clean(s ? JSON.parse(s) : null);
    } catch (e) {
      return clean(null);
    }
  }

  function write(p) {
    try {
      w.localStorage.setItem(KEY, JSON.stringify(clean(p)));
      return true;
    } catch (e) {
      return false;
    }
  }

  function clear() {
    try { w.localStorage.removeItem(KEY); } catch (e) { /* storage unavailable */ }
  }

  function setClass(name, on) {
    if (on) { root.classList.add(name); } else { root.classList.remove(name); }
  }

  function apply(p) {
    var i, k;
    for (i = 0; i < SCHEMES.length; i++) { setClass("gk-scheme-" + SCHEMES[i], p.scheme === SCHEMES[i]); }
    for (i = 0; i < SIZES.length; i++) { setClass("gk-fs-" + SIZES[i], p.fs === SIZES[i]); }
    for (k in FLAGS) { if (Object.prototype.hasOwnProperty.call(FLAGS, k)) { setClass(FLAGS[k], p[k]); } }
    setClass("gk-zoomed", p.zoom !== 1);
    if (p.zoom !== 1) {
      root.style.setProperty("--gk-zoom", String(p.zoom));
    } else {
      root.style.removeProperty("--gk-zoom");
    }
  }

  /* The same tests gongkai.js makes before it shows 朗读 and 分享 / 复制链接. */
  function capabilities() {
    var nav = w.navigator;
    if ("speechSynthesis" in w && typeof w.SpeechSynthesisUtterance === "function") { root.classList.add("gk-can-speak"); }
    if (typeof nav.share === "function") {
      root.classList.add("gk-can-share");
    } else if (nav.clipboard && nav.clipboard.writeText && w.isSecureContext) {
      root.classList.add("gk-can-copy");
    }
  }

  /* markup: {"gk-NAME": html}. Fills every empty element of that data-module, now and as parsed. */
  var markup = {};
  function fillIn(el) {
    var html = el.nodeType === 1 && markup[el.getAttribute("data-module")];
    if (html && !el.firstChild) { el.innerHTML = html; }
  }
  function fillAll() {
    var els = d.querySelectorAll("[data-module]");
    for (var i = 0; i < els.length; i++) { fillIn(els[i]); }
  }
  function fill(m) {
    markup = m;
    if (!w.MutationObserver) { return; }   /* gongkai.js calls fillAll() before it starts */
    var mo = new w.MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j++) { fillIn(added[j]); }
      }
    });
    mo.observe(d, { childList: true, subtree: true });
    d.addEventListener("DOMContentLoaded", function () { mo.disconnect(); });
  }

  try {
    root.classList.add("gk-js");
    root.classList.remove("gk-no-js");
    capabilities();
    var prefs = read();
    apply(prefs);
    w.gkPrefs = { key: KEY, schemes: SCHEMES, sizes: SIZES, zooms: ZOOMS, defaults: clean(null),
      read: read, write: write, clear: clear, apply: apply, clean: clean, fill: fill, fillAll: fillAll };
  } catch (e) {
    /* never break the page */
  }
}(window, document));
