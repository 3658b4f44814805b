/* 语音朗读 (Web Speech API, zh-CN): 连读 of the article, 暂停/继续, 停止, the selection read aloud
   when 声音 is on, the block being read marked `is-speaking`. `gk.speech(reader)` returns
   { synth, speak(items), stop(), pauseResume(), readAll(), speaking(), readingAll() }; `synth` is
   null where the browser cannot speak, and then every function does nothing. Speech never
   starts by itself. */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, qsa = gk.qsa, on = gk.on, each = gk.each, closest = gk.closest, text = gk.text;
  var isShown = gk.isShown, announce = gk.announce;
  var BLOCK_SEL = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,caption,figcaption,blockquote";

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

  function readingBlocks(scope) {
    return qsa(BLOCK_SEL, scope).filter(function (el) {
      if (!isShown(el) || !text(el)) { return false; }
      if (closest(el, ".gk-doc-tools,.gk-toc,.gk-doc__aside,.gk-pager,.gk-breadcrumb,[data-gk-noread]")) { return false; }
      return !el.querySelector(BLOCK_SEL);   /* read the innermost block only */
    });
  }

  gk.speech = function (reader) {
    var synth = ("speechSynthesis" in w && typeof w.SpeechSynthesisUtterance === "function") ? w.speechSynthesis : null;
    var voice = null, speaking = false, paused = false, readingAll = false, session = 0, highlighted = null;
    var api = { synth: synth, onText: function () {} };

    function pickVoice() {
      var voices = synth.getVoices() || [];
      var best = null;
      each(voices, function (v) {
        var lang = (v.lang || "").replace("_", "-").toLowerCase();
        if (lang === "zh-cn" && (!best || best.lang.toLowerCase().replace("_", "-") !== "zh-cn" || v.localService)) { best = v; }
        else if (!best && lang.indexOf("zh") === 0) { best = v; }
      });
      voice = best;
    }

    function syncButtons() {
      each(qsa('[data-gk-action="pause"]'), function (b) {
        b.disabled = !speaking;
        reader.setPressed(b, paused);
      });
      each(qsa('[data-gk-action="stop"]'), function (b) { b.disabled = !speaking; });
      each(qsa('[data-gk-action="read-all"]'), function (b) { reader.setPressed(b, readingAll); });
    }

    function highlight(el) {
      if (highlighted && highlighted !== el) { highlighted.classList.remove("is-speaking"); }
      highlighted = el;
      if (el) {
        el.classList.add("is-speaking");
        var r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > w.innerHeight) { el.scrollIntoView({ block: "center" }); }
      }
    }

    /* items: [{text, el}] spoken one after another; a new call replaces the current one. */
    function speak(items) {
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
          syncButtons();
          return;
        }
        var item = queue[i++];
        var u = new w.SpeechSynthesisUtterance(item.text);
        u.lang = "zh-CN";
        if (voice) { u.voice = voice; }
        u.rate = reader.prefs.rate;
        u.onend = next;
        u.onerror = function (ev) {
          if (my !== session) { return; }
          if (ev && (ev.error === "interrupted" || ev.error === "canceled")) { return; }
          next();
        };
        if (item.el) { highlight(item.el); }
        api.onText(item.text);
        synth.speak(u);
      }
      speaking = true;
      syncButtons();
      next();
    }

    function stop() {
      if (!synth) { return; }
      session++;
      synth.cancel();
      speaking = false; paused = false; readingAll = false;
      highlight(null);
      syncButtons();
    }

    function pauseResume() {
      if (!synth || !speaking) { return; }
      if (paused) { synth.resume(); paused = false; announce("继续朗读"); }
      else { synth.pause(); paused = true; announce("朗读已暂停"); }
      syncButtons();
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
      var top = parseFloat(w.getComputedStyle(gk.root).getPropertyValue("--gk-toolbar-h")) || 0;
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
      speak(blocks.slice(start).map(function (el) { return { text: text(el), el: el }; }));
      syncButtons();
    }

    /* Read a selection when 声音 is on. */
    function readSelection() {
      if (!synth || !reader.prefs.speech) { return; }
      var sel = w.getSelection ? w.getSelection() : null;
      var s = sel ? String(sel).replace(/\s+/g, " ").trim() : "";
      if (s.length > 1) { readingAll = false; api.onText(s); speak([{ text: s, el: null }]); }
    }

    function stopAndSay() { if (synth) { stop(); announce("朗读已停止"); } }

    if (synth) {
      each(qsa("[data-gk-speech-only]"), function (el) { el.hidden = false; });
      pickVoice();
      if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", pickVoice); }
      else { synth.onvoiceschanged = pickVoice; }
      on(w, "pagehide", function () { synth.cancel(); });
      on(d, "mouseup", function () { w.setTimeout(readSelection, 0); });
      on(d, "keyup", function (e) { if (e.shiftKey && /^Arrow|^Home$|^End$/.test(e.key)) { readSelection(); } });
      gk.stopSpeech = stop;
    } else {
      reader.prefs.speech = false;
    }
    reader.onChange(syncButtons);
    reader.action("read-all", readAll);
    reader.action("pause", pauseResume);
    reader.action("stop", stopAndSay);
    reader.key("KeyR", readAll);
    reader.key("KeyP", pauseResume);
    reader.key("KeyX", stopAndSay);

    api.speak = speak;
    api.stop = stop;
    api.stopAndSay = stopAndSay;
    api.pauseResume = pauseResume;
    api.readAll = readAll;
    api.speaking = function () { return speaking; };
    api.readingAll = function () { return readingAll; };
    return api;
  };
}(window, document, window.gk));
