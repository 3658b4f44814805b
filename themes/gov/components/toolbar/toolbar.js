/*
 * 无障碍 toolbar `data-module="gk-toolbar"` (its markup from toolbar.js.html, rendered `hidden`) with
 * its header button `data-module="gk-toolbar-toggle"`: open/close, 快捷键说明, the sticky layout.
 * Its start-up builds the shared reader state (components/reader) and passes it to the parts that
 * act on it: settings (字号, 放大/缩小, 配色, aids, 重置), speech (朗读), crosshair (十字线) and
 * caption (大字幕, 指读). Without gkPrefs (prefs.js missing or storage blocked at load) the
 * toolbar stays hidden.
 */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, on = gk.on, announce = gk.announce;

  gk.module("gk-toolbar", function (toolbar) {
    var reader = gk.reader(w.gkPrefs || null);
    if (!reader) { return; }
    var toggleBtn = qs('[data-module="gk-toolbar-toggle"]');
    var helpBtn = qs('[data-gk-action="help"]', toolbar);
    var helpPanel = d.getElementById("gk-toolbar-help");
    var captionEl = qs('[data-module="gk-caption"]');
    toolbar.setAttribute("aria-label", "无障碍工具栏");
    toolbar.setAttribute("tabindex", "-1");

    var speech = gk.speech(reader);
    gk.settings(reader, speech);
    gk.crosshair(reader, qs('[data-module="gk-crosshair"]'));
    gk.caption(reader, captionEl, speech);

    /* Keep focus clear of the sticky toolbar and the caption bar (WCAG 2.4.11). */
    function layout() {
      var th = 0, ch = 0;
      if (!toolbar.hidden) {
        toolbar.classList.remove("is-static");
        var pos = w.getComputedStyle(toolbar).position;
        if (pos === "sticky" || pos === "fixed") {
          th = toolbar.offsetHeight;
          if (th > w.innerHeight * 0.25) { toolbar.classList.add("is-static"); th = 0; }
        }
      }
      if (captionEl && !captionEl.hidden) { ch = captionEl.offsetHeight; }
      gk.root.style.setProperty("--gk-toolbar-h", th + "px");
      gk.root.style.setProperty("--gk-caption-h", ch + "px");
    }
    on(w, "resize", layout);
    if (w.ResizeObserver) {
      var ro = new w.ResizeObserver(function () { layout(); });
      ro.observe(toolbar);
      if (captionEl) { ro.observe(captionEl); }
    }
    /* runs after the other parts' onChange: their elements are shown or hidden by then */
    reader.onChange(function (prefs) {
      toolbar.hidden = !prefs.toolbar;
      if (toggleBtn) { toggleBtn.setAttribute("aria-expanded", prefs.toolbar ? "true" : "false"); }
      layout();
    });

    function setHelp(open) {
      if (!helpPanel || !helpBtn) { return; }
      helpPanel.hidden = !open;
      helpBtn.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function setToolbar(open, moveFocus) {
      reader.prefs.toolbar = open;
      if (!open) { setHelp(false); }
      reader.commit();
      if (moveFocus) {
        if (open) { toolbar.focus(); } else if (toggleBtn) { toggleBtn.focus(); }
      }
      announce(open ? "无障碍工具栏已打开" : "无障碍工具栏已关闭");
    }

    if (toggleBtn) {
      toggleBtn.setAttribute("aria-controls", "gk-toolbar");
      toggleBtn.hidden = false;
      on(toggleBtn, "click", function () { setToolbar(!reader.prefs.toolbar, true); });
    }
    reader.action("help", function () { setHelp(helpPanel ? helpPanel.hidden : false); });
    reader.action("close", function () { setToolbar(false, true); });
    reader.key("KeyO", function () { setToolbar(!reader.prefs.toolbar, true); });
    reader.key("KeyH", function () {
      if (!reader.prefs.toolbar) { setToolbar(true, false); }
      var open = helpPanel ? helpPanel.hidden : false;
      setHelp(open);
      if (open && helpPanel) { helpBtn.focus(); }
    });
    reader.escape(function () {
      var dialog = qs('[data-module="gk-qr-dialog"]');
      if (dialog && dialog.open) { return true; }   /* the dialog closes itself */
      if (helpPanel && !helpPanel.hidden) {
        setHelp(false);
        if (helpBtn) { helpBtn.focus(); }
        return true;
      }
      if (speech.speaking()) { speech.stopAndSay(); }
      return true;
    });

    reader.sync();
  });
}(window, document, window.gk));
