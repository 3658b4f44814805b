/*
 * 无障碍 toolbar `data-module="gk-toolbar"` (rendered `hidden`) with its header button
 * `data-module="gk-toolbar-toggle"`: 字号, 放大/缩小, 配色, 行距, 大鼠标, 十字线, 语音朗读 指读/连读,
 * 大字幕, 纯文本, 重置, 快捷键说明, the Alt+Shift shortcuts and the 十字线 / 大字幕 overlays
 * (`data-module="gk-crosshair"`, `data-module="gk-caption"`). Without gkPrefs (prefs.js missing or
 * storage blocked at load) the toolbar stays hidden.
 */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, qsa = gk.qsa, on = gk.on, each = gk.each, closest = gk.closest, text = gk.text;
  var isShown = gk.isShown, announce = gk.announce;
  var root = d.documentElement;

  gk.module("gk-toolbar", function (toolbar) {
    var P = w.gkPrefs || null;
    var prefs = P ? P.read() : null;
    if (!P || !prefs) { return; }

    /* ---------------------------------------------------------------- toolbar */

    var dialog = qs('[data-module="gk-qr-dialog"]');
    var toggleBtn = qs('[data-module="gk-toolbar-toggle"]');
    var helpBtn = qs('[data-gk-action="help"]');
    var helpPanel = d.getElementById("gk-toolbar-help");
    var crossEl = qs('[data-module="gk-crosshair"]');
    var captionEl = qs('[data-module="gk-caption"]');
    var captionText = qs("[data-gk-caption-text]");
    /* Both overlays repeat what is on the page: keep them out of the accessibility tree. */
    each([crossEl, captionEl], function (el) { if (el) { el.setAttribute("aria-hidden", "true"); } });

    var LABELS = {
      fs: { large: "大", medium: "中", small: "小" },
      scheme: { "default": "默认配色", contrast: "白底黑字", "yellow-black": "黑底黄字", blue: "米底蓝字" },
      rate: { "0.75": "慢", "1": "中", "1.35": "快" }
    };
    var TOGGLES = {
      speech: ["声音已开启：鼠标指向或用 Tab 键选中的内容将被朗读", "声音已关闭"],
      spacing: ["行距已加大", "行距已恢复"],
      cursor: ["大鼠标已开启", "大鼠标已关闭"],
      crosshair: ["十字线已开启", "十字线已关闭"],
      caption: ["大字幕已开启", "大字幕已关闭"],
      reading: ["纯文本阅读模式已开启", "纯文本阅读模式已关闭"]
    };

    function commit() {
      P.write(prefs);
      P.apply(prefs);
      sync();
      layout();
    }

    function setPressed(btn, pressed) { btn.setAttribute("aria-pressed", pressed ? "true" : "false"); }

    /* Bring every control in line with `prefs`. */
    function sync() {
      each(qsa("[data-gk-fs]"), function (b) { setPressed(b, b.getAttribute("data-gk-fs") === prefs.fs); });
      each(qsa("[data-gk-scheme]"), function (b) { setPressed(b, b.getAttribute("data-gk-scheme") === prefs.scheme); });
      each(qsa("[data-gk-rate]"), function (b) { setPressed(b, parseFloat(b.getAttribute("data-gk-rate")) === prefs.rate); });
      each(qsa("[data-gk-toggle]"), function (b) { setPressed(b, prefs[b.getAttribute("data-gk-toggle")] === true); });
      each(qsa("[data-gk-zoom-value]"), function (el) { el.textContent = Math.round(prefs.zoom * 100) + "%"; });
      if (toggleBtn) { toggleBtn.setAttribute("aria-expanded", prefs.toolbar ? "true" : "false"); }
      if (toolbar) { toolbar.hidden = !prefs.toolbar; }
      if (crossEl) { crossEl.hidden = !prefs.crosshair; }
      if (captionEl) { captionEl.hidden = !prefs.caption; }
      if (!prefs.caption && captionText) { captionText.textContent = ""; }
      syncSpeechButtons();
    }

    /* Keep focus clear of the sticky toolbar and the caption bar (WCAG 2.4.11). */
    function layout() {
      var th = 0, ch = 0;
      if (toolbar && !toolbar.hidden) {
        toolbar.classList.remove("is-static");
        var pos = w.getComputedStyle(toolbar).position;
        if (pos === "sticky" || pos === "fixed") {
          th = toolbar.offsetHeight;
          if (th > w.innerHeight * 0.25) { toolbar.classList.add("is-static"); th = 0; }
        }
      }
      if (captionEl && !captionEl.hidden) { ch = captionEl.offsetHeight; }
      root.style.setProperty("--gk-toolbar-h", th + "px");
      root.style.setProperty("--gk-caption-h", ch + "px");
    }
    on(w, "resize", layout);
    if (w.ResizeObserver) {
      var ro = new w.ResizeObserver(function () { layout(); });
      if (toolbar) { ro.observe(toolbar); }
      if (captionEl) { ro.observe(captionEl); }
    }

    function setToolbar(open, moveFocus) {
      prefs.toolbar = open;
      if (!open) { setHelp(false); }
      commit();
      if (moveFocus) {
        if (open && toolbar) { toolbar.focus(); } else if (!open && toggleBtn) { toggleBtn.focus(); }
      }
      announce(open ? "无障碍工具栏已打开" : "无障碍工具栏已关闭");
    }

    function setHelp(open) {
      if (!helpPanel || !helpBtn) { return; }
      helpPanel.hidden = !open;
      helpBtn.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function setFs(size) {
      prefs.fs = size;
      commit();
      announce("正文字号：" + LABELS.fs[size]);
    }

    function zoomStep(dir) {
      var zooms = P.zooms, i = zooms.indexOf(prefs.zoom);
      if (i < 0) { i = 0; }
      var j = Math.max(0, Math.min(zooms.length - 1, i + dir));
      if (j === i) {
        announce(dir > 0 ? "页面已放大到最大 " + Math.round(zooms[j] * 100) + "%" : "页面已是原始大小");
        return;
      }
      prefs.zoom = zooms[j];
      commit();
      announce("页面缩放 " + Math.round(prefs.zoom * 100) + "%");
    }

    function setScheme(s) {
      prefs.scheme = s;
      commit();
      announce("配色：" + LABELS.scheme[s]);
    }

    function toggle(name) {
      prefs[name] = !prefs[name];
      if (name === "speech" && !prefs.speech) { stopSpeech(); }
      if (name === "caption" && prefs.caption && captionText) { captionText.textContent = "大字幕：鼠标指向或选中的文字会在这里放大显示"; }
      commit();
      announce(TOGGLES[name][prefs[name] ? 0 : 1]);
    }

    function setRate(r) {
      prefs.rate = r;
      commit();
      announce("语速：" + (LABELS.rate[String(r)] || r));
    }

    function reset() {
      stopSpeech();
      P.clear();
      var keepOpen = prefs.toolbar;
      prefs = P.clean(null);
      P.apply(prefs);
      prefs.toolbar = keepOpen;           /* stay where the reader is; nothing is stored */
      root.classList.toggle("gk-toolbar-open", keepOpen);
      sync();
      layout();
      announce("已恢复默认设置");
    }

    if (toggleBtn && toolbar) {
      toggleBtn.hidden = false;
      on(toggleBtn, "click", function () { setToolbar(!prefs.toolbar, true); });
    }

    on(d, "click", function (e) {
      var b = closest(e.target, "button");
      if (!b) { return; }
      if (b.hasAttribute("data-gk-fs")) { setFs(b.getAttribute("data-gk-fs")); return; }
      if (b.hasAttribute("data-gk-scheme")) { setScheme(b.getAttribute("data-gk-scheme")); return; }
      if (b.hasAttribute("data-gk-rate")) { setRate(parseFloat(b.getAttribute("data-gk-rate"))); return; }
      if (b.hasAttribute("data-gk-toggle")) { toggle(b.getAttribute("data-gk-toggle")); return; }
      switch (b.getAttribute("data-gk-action")) {
        case "zoom-in": zoomStep(1); break;
        case "zoom-out": zoomStep(-1); break;
        case "reset": reset(); break;
        case "help": setHelp(helpPanel ? helpPanel.hidden : false); break;
        case "close": setToolbar(false, true); break;
        case "read-all": readAll(); break;
        case "pause": pauseResume(); break;
        case "stop": stopSpeech(); announce("朗读已停止"); break;
        default: break;
      }
    });

    /* ---------------------------------------------------------------- keyboard shortcuts: Alt+Shift+key */

    var SHORTCUTS = {
      KeyO: function () { setToolbar(!prefs.toolbar, true); },
      KeyS: function () { if (synth) { toggle("speech"); } },
      KeyR: function () { if (synth) { readAll(); } },
      KeyP: function () { if (synth) { pauseResume(); } },
      KeyX: function () { if (synth) { stopSpeech(); announce("朗读已停止"); } },
      Digit1: function () { setFs("large"); },
      Digit2: function () { setFs("medium"); },
      Digit3: function () { setFs("small"); },
      Equal: function () { zoomStep(1); },
      NumpadAdd: function () { zoomStep(1); },
      Minus: function () { zoomStep(-1); },
      NumpadSubtract: function () { zoomStep(-1); },
      KeyC: function () {
        var s = P.schemes;
        setScheme(s[(s.indexOf(prefs.scheme) + 1) % s.length]);
      },
      KeyL: function () { toggle("spacing"); },
      KeyM: function () { toggle("cursor"); },
      KeyK: function () { toggle("crosshair"); },
      KeyU: function () { toggle("caption"); },
      KeyY: function () { toggle("reading"); },
      Digit0: function () { reset(); },
      KeyH: function () {
        if (!prefs.toolbar) { setToolbar(true, false); }
        var open = helpPanel ? helpPanel.hidden : false;
        setHelp(open);
        if (open && helpPanel) { helpBtn.focus(); }
      }
    };

    on(d, "keydown", function (e) {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code && SHORTCUTS[e.code]) {
        e.preventDefault();
        SHORTCUTS[e.code]();
        return;
      }
      if (e.key === "Escape" || e.key === "Esc") {
        if (dialog && dialog.open) { return; }  /* the dialog closes itself */
        if (helpPanel && !helpPanel.hidden) {
          setHelp(false);
          if (helpBtn) { helpBtn.focus(); }
          return;
        }
        if (speaking) { stopSpeech(); announce("朗读已停止"); }
      }
    });

    /* ---------------------------------------------------------------- 十字线 */

    var crossH = crossEl ? qs(".gk-crosshair__h", crossEl) : null;
    var crossV = crossEl ? qs(".gk-crosshair__v", crossEl) : null;
    var crossFrame = 0, crossX = 0, crossY = 0;
    function moveCross(x, y) {
      crossX = x; crossY = y;
      if (crossFrame) { return; }
      crossFrame = w.requestAnimationFrame(function () {
        crossFrame = 0;
        if (crossH) { crossH.style.transform = "translateY(" + crossY + "px)"; }
        if (crossV) { crossV.style.transform = "translateX(" + crossX + "px)"; }
      });
    }
    on(d, "mousemove", function (e) { if (prefs.crosshair) { moveCross(e.clientX, e.clientY); } }, { passive: true });
    on(d, "focusin", function (e) {
      if (!prefs.crosshair || !e.target.getBoundingClientRect) { return; }
      var r = e.target.getBoundingClientRect();
      moveCross(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
    });

    /* ---------------------------------------------------------------- 指读 targets and 大字幕 */

    var POINT_SEL = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,summary,label,a,button,blockquote,.gk-qr__url";
    function pointTarget(el) {
      var t = closest(el, POINT_SEL);
      if (!t || closest(t, '[data-module="gk-caption"],[data-module="gk-crosshair"]')) { return null; }
      /* Prefer the smallest interactive element; otherwise the text block. */
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
    function showCaption(s) {
      if (prefs.caption && captionText) { captionText.textContent = s.length > 300 ? s.slice(0, 300) + "……" : s; }
    }

    var hoverTimer = null, lastPointed = null;
    on(d, "mouseover", function (e) {
      if (!prefs.speech && !prefs.caption) { return; }
      var t = pointTarget(e.target);
      if (!t) { lastPointed = null; w.clearTimeout(hoverTimer); return; }
      if (t === lastPointed) { return; }
      w.clearTimeout(hoverTimer);
      hoverTimer = w.setTimeout(function () {
        lastPointed = t;
        var s = text(t);
        if (!s) { return; }
        showCaption(s);
        if (prefs.speech && !readingAll) { speakItems([{ text: describe(t), el: null }]); }
      }, 350);
    });
    on(d, "focusin", function (e) {
      if (!prefs.speech && !prefs.caption) { return; }
      var t = e.target;
      if (!t || t === d.body || t.nodeType !== 1 || closest(t, '[data-module="gk-caption"]')) { return; }
      /* Containers that take focus (main, the toolbar, table regions) are read by their label only. */
      if (!closest(t, POINT_SEL + ",input,select,textarea") || t.getAttribute("tabindex") === "-1") {
        if (!t.getAttribute("aria-label")) { return; }
      }
      var s = describe(t);
      if (!s) { return; }
      lastPointed = t;
      showCaption(s);
      if (prefs.speech && !readingAll) { speakItems([{ text: s, el: null }]); }
    });

    /* ---------------------------------------------------------------- 语音朗读 (Web Speech API, zh-CN) */

    var synth = ("speechSynthesis" in w && typeof w.SpeechSynthesisUtterance === "function") ? w.speechSynthesis : null;
    var voice = null, speaking = false, paused = false, readingAll = false, session = 0, highlighted = null;

    function pickVoice() {
      if (!synth) { return; }
      var voices = synth.getVoices() || [];
      var best = null;
      each(voices, function (v) {
        var lang = (v.lang || "").replace("_", "-").toLowerCase();
        if (lang === "zh-cn" && (!best || best.lang.toLowerCase().replace("_", "-") !== "zh-cn" || v.localService)) { best = v; }
        else if (!best && lang.indexOf("zh") === 0) { best = v; }
      });
      voice = best;
    }

    if (synth) {
      each(qsa("[data-gk-speech-only]"), function (el) { el.hidden = false; });
      pickVoice();
      if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", pickVoice); }
      else { synth.onvoiceschanged = pickVoice; }
      on(w, "pagehide", function () { synth.cancel(); });
    } else {
      prefs.speech = false;
    }

    function syncSpeechButtons() {
      each(qsa('[data-gk-action="pause"]'), function (b) {
        b.disabled = !speaking;
        setPressed(b, paused);
      });
      each(qsa('[data-gk-action="stop"]'), function (b) { b.disabled = !speaking; });
      each(qsa('[data-gk-action="read-all"]'), function (b) { b.setAttribute("aria-pressed", readingAll ? "true" : "false"); });
    }

    /* Split long text into sentences: Chrome stops utterances that run longer than ~15 s. */
    function chunks(s) {
      var parts = s.match(/[^。！？；!?;\n]+[。！？；!?;\n]*/g) || [s];
      var out = [], buf = "";
      each(parts, function (p) {
        if ((buf + p).length > 120 && buf) { out.push(buf); buf = ""; }
        buf += p;
        while (buf.length > 160) { out.push(buf.slice(0, 160)); buf = buf.slice(160); }
      });
      if (buf.trim()) { out.push(buf); }
      return out;
    }

    function highlight(el) {
      if (highlighted && highlighted !== el) { highlighted.classList.remove("is-speaking"); }
      highlighted = el;
      if (el) {
        el.classList.add("is-speaking");
        var r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > w.innerHeight) {
          el.scrollIntoView({ block: "center" });
        }
      }
    }

    /* items: [{text, el}] spoken one after another; a new call replaces the current one. */
    function speakItems(items, done) {
      if (!synth) { return; }
      var my = ++session;
      synth.cancel();
      paused = false;
      var queue = [];
      each(items, function (it) {
        each(chunks(it.text), function (c) { queue.push({ text: c, el: it.el }); });
      });
      var i = 0;
      function next() {
        if (my !== session) { return; }
        if (i >= queue.length) {
          speaking = false; readingAll = false;
          highlight(null);
          syncSpeechButtons();
          if (done) { done(); }
          return;
        }
        var item = queue[i++];
        var u = new w.SpeechSynthesisUtterance(item.text);
        u.lang = "zh-CN";
        if (voice) { u.voice = voice; }
        u.rate = prefs.rate;
        u.onend = next;
        u.onerror = function (ev) {
          if (my !== session) { return; }
          if (ev && (ev.error === "interrupted" || ev.error === "canceled")) { return; }
          next();
        };
        if (item.el) { highlight(item.el); }
        showCaption(item.text);
        synth.speak(u);
      }
      speaking = true;
      syncSpeechButtons();
      next();
    }

    function stopSpeech() {
      if (!synth) { return; }
      session++;
      synth.cancel();
      speaking = false; paused = false; readingAll = false;
      highlight(null);
      syncSpeechButtons();
    }

    function pauseResume() {
      if (!synth || !speaking) { return; }
      if (paused) { synth.resume(); paused = false; announce("继续朗读"); }
      else { synth.pause(); paused = true; announce("朗读已暂停"); }
      syncSpeechButtons();
    }

    var BLOCK_SEL = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,blockquote";
    function readingBlocks(scope) {
      return qsa(BLOCK_SEL, scope).filter(function (el) {
        if (!isShown(el) || !text(el)) { return false; }
        if (closest(el, ".gk-doc-tools,.gk-toc,.gk-doc__aside,.gk-pager,.gk-breadcrumb,[data-gk-noread]")) { return false; }
        return !el.querySelector(BLOCK_SEL);   /* read the innermost block only */
      });
    }

    /* 连读: read the article from the selection, the focused element or the top of the viewport. */
    function readAll() {
      if (!synth) { return; }
      var scope = qs('[data-module="gk-article"]') || qs("main") || d.body;
      var blocks = readingBlocks(scope);
      if (!blocks.length) { announce("没有可朗读的内容"); return; }
      var start = 0, anchor = null;
      var sel = w.getSelection ? w.getSelection() : null;
      if (sel && sel.rangeCount && !sel.isCollapsed && scope.contains(sel.anchorNode)) {
        anchor = sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement;
      } else if (d.activeElement && scope.contains(d.activeElement) && d.activeElement !== scope) {
        anchor = d.activeElement;
      }
      var top = parseFloat(w.getComputedStyle(root).getPropertyValue("--gk-toolbar-h")) || 0;
      for (var i = 0; i < blocks.length; i++) {
        var b = blocks[i];
        if (anchor) {
          /* the block holding the anchor, or else the first block after it */
          if (b === anchor || b.contains(anchor) || anchor.contains(b) ||
              (anchor.compareDocumentPosition(b) & 4)) { start = i; break; }
        } else if (b.getBoundingClientRect().bottom > top) {
          start = i;
          break;
        }
      }
      readingAll = true;
      announce("开始连读，按 Esc 键或“停止”按钮停止");
      speakItems(blocks.slice(start).map(function (el) { return { text: text(el), el: el }; }));
      syncSpeechButtons();
    }

    /* Read a selection when 声音 is on. */
    function readSelection() {
      if (!synth || !prefs.speech) { return; }
      var sel = w.getSelection ? w.getSelection() : null;
      var s = sel ? String(sel).replace(/\s+/g, " ").trim() : "";
      if (s.length > 1) { readingAll = false; showCaption(s); speakItems([{ text: s, el: null }]); }
    }
    on(d, "mouseup", function () { w.setTimeout(readSelection, 0); });
    on(d, "keyup", function (e) { if (e.shiftKey && /^Arrow|^Home$|^End$/.test(e.key)) { readSelection(); } });

    if (synth) { gk.stopSpeech = stopSpeech; }
    sync();
    layout();
  });
}(window, document, window.gk));
