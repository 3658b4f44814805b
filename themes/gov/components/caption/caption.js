/* 大字幕 `data-module="gk-caption"` and 指读: the text under the pointer, the focused control, the
   selection or what is being read aloud, shown large in a bar at the bottom (`data-gk-caption-text`)
   while `reader.prefs.caption` is on, and spoken when 声音 is on. `gk.caption(reader, el, speech)`. */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, on = gk.on, closest = gk.closest, text = gk.text;
  var POINT_SEL = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,summary,label,a,button,blockquote,.gk-qr__url";
  var HINT = "大字幕：鼠标指向或选中的文字会在这里放大显示";

  function pointTarget(el) {
    var t = closest(el, POINT_SEL);
    if (!t || closest(t, '[data-module="gk-caption"],[data-module="gk-crosshair"]')) { return null; }
    return t;
  }
  function describe(el) {
    var name = el.getAttribute("aria-label") || text(el);
    if (!name && el.tagName === "IMG") { name = el.getAttribute("alt") || ""; }
    var tag = el.tagName;
    if (tag === "A") { return "链接：" + name; }
    if (tag === "BUTTON") {
      var pressed = el.getAttribute("aria-pressed");
      return "按钮：" + name + (pressed === "true" ? "，已选中" : "");
    }
    if (/^H[1-6]$/.test(tag)) { return "标题：" + name; }
    return name;
  }

  gk.caption = function (reader, el, speech) {
    var textEl = el ? qs("[data-gk-caption-text]", el) : null;
    var shown = reader.prefs.caption;
    function show(s) {
      if (reader.prefs.caption && textEl) { textEl.textContent = s.length > 300 ? s.slice(0, 300) + "……" : s; }
    }
    function say(s) {
      show(s);
      if (reader.prefs.speech && !speech.readingAll()) { speech.speak([{ text: s, el: null }]); }
    }
    speech.onText = show;
    if (el) { el.setAttribute("aria-hidden", "true"); }   /* it repeats what is on the page */
    reader.onChange(function (prefs) {
      if (el) { el.hidden = !prefs.caption; }
      if (textEl && prefs.caption && !shown) { textEl.textContent = HINT; }
      if (textEl && !prefs.caption) { textEl.textContent = ""; }
      shown = prefs.caption;
    });

    var hoverTimer = null, lastPointed = null;
    on(d, "mouseover", function (e) {
      if (!reader.prefs.speech && !reader.prefs.caption) { return; }
      var t = pointTarget(e.target);
      if (!t) { lastPointed = null; w.clearTimeout(hoverTimer); return; }
      if (t === lastPointed) { return; }
      w.clearTimeout(hoverTimer);
      hoverTimer = w.setTimeout(function () {
        lastPointed = t;
        var s = text(t);
        if (!s) { return; }
        show(s);
        if (reader.prefs.speech && !speech.readingAll()) { speech.speak([{ text: describe(t), el: null }]); }
      }, 350);
    });
    on(d, "focusin", function (e) {
      if (!reader.prefs.speech && !reader.prefs.caption) { return; }
      var t = e.target;
      if (!t || t === d.body || t.nodeType !== 1 || closest(t, '[data-module="gk-caption"]')) { return; }
      /* Containers that take focus (main, the toolbar, table regions) are read by their label only. */
      if (!closest(t, POINT_SEL + ",input,select,textarea") || t.getAttribute("tabindex") === "-1") {
        if (!t.getAttribute("aria-label")) { return; }
      }
      var s = describe(t);
      if (!s) { return; }
      lastPointed = t;
      say(s);
    });
  };
}(window, document, window.gk));
