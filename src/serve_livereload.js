// gongkai serve: live reload and error overlay. Injected by `gongkai serve` only, never written
// to public/.
(function () {
  "use strict";
  var overlayId = "gongkai-error-overlay";
  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.remove(); }
  }
  /* The overlay's look, as readable as the site: an opaque page, the site's type, a styled
     关闭 button. A constructed stylesheet, so the page's CSP (no inline styles) allows it. */
  var overlayCss = [
    "#" + overlayId + "{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#1f1f1f;",
    "font:18px/1.7 system-ui,\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}",
    "#" + overlayId + " .gk-overlay__panel{box-sizing:border-box;max-width:60rem;margin:0 auto;padding:32px 24px 48px}",
    "#" + overlayId + " h2{margin:0 0 16px;padding:0 0 12px;border-bottom:4px solid #8c1a1a;color:#8c1a1a;font-size:1.375em;line-height:1.4}",
    "#" + overlayId + " h3{margin:24px 0 8px;font-size:1.125em}",
    "#" + overlayId + " ol{margin:0 0 16px;padding:0;list-style:none}",
    "#" + overlayId + " li{margin:0 0 8px;padding:8px 12px;border-left:4px solid #8c1a1a;background:#fdf1f0;overflow-wrap:anywhere}",
    "#" + overlayId + " .gk-overlay__advice li{border-left-color:#0a4a8c;background:#f4f6f9}",
    "#" + overlayId + " button{min-height:44px;min-width:88px;margin-top:16px;padding:6px 20px;border:2px solid #0b3c73;",
    "border-radius:4px;background:#0b3c73;color:#fff;font:inherit;font-weight:700;cursor:pointer}",
    "#" + overlayId + " button:hover{text-decoration:underline}",
    "#" + overlayId + " button:focus-visible{outline:3px solid #1f1f1f;outline-offset:3px}"
  ].join("");
  var overlaySheet = null;
  function styleOverlay() {
    if (overlaySheet || !document.adoptedStyleSheets || typeof CSSStyleSheet !== "function") { return; }
    try {
      overlaySheet = new CSSStyleSheet();
      overlaySheet.replaceSync(overlayCss);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([overlaySheet]);
    } catch (e) { overlaySheet = null; }
  }
  function lines(list, className) {
    var ol = document.createElement("ol");
    if (className) { ol.className = className; }
    for (var i = 0; i < list.length; i++) {
      var li = document.createElement("li");
      li.textContent = list[i];
      ol.appendChild(li);
    }
    return ol;
  }
  function addList(panel, title, list, className) {
    if (!list || !list.length) { return; }
    var h3 = document.createElement("h3");
    h3.textContent = title;
    panel.appendChild(h3);
    panel.appendChild(lines(list, className));
  }
  function showOverlay(status) {
    removeOverlay();
    styleOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    var panel = document.createElement("div");
    panel.className = "gk-overlay__panel";
    box.appendChild(panel);
    var h = document.createElement("h2");
    h.id = overlayId + "-title";
    h.textContent = "gongkai：生成失败，显示的是上次成功生成的页面。修正后保存即可恢复。";
    panel.appendChild(h);
    panel.appendChild(lines(status.errors));
    addList(panel, "警告：", status.warnings, "gk-overlay__advice");
    addList(panel, "可改进的无障碍问题：", status.accessibility, "gk-overlay__advice");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.addEventListener("click", removeOverlay);
    panel.appendChild(close);
    document.body.appendChild(box);
    close.focus();
  }
  var badgeId = "gongkai-a11y-badge";
  // Warnings and accessibility notes of a site that builds: a button in the corner that opens them.
  function showNotes(status) {
    var old = document.getElementById(badgeId);
    if (old) { old.remove(); }
    var warnings = status.warnings || [], accessibility = status.accessibility || [];
    if (!warnings.length && !accessibility.length) { return; }
    var wrap = document.createElement("div");
    wrap.id = badgeId;
    var w = wrap.style;
    w.position = "fixed"; w.left = "8px"; w.bottom = "8px"; w.zIndex = "2147483646";
    w.maxWidth = "calc(100vw - 16px)"; w.font = "14px/1.5 sans-serif";
    var button = document.createElement("button");
    button.type = "button";
    var label = [];
    if (warnings.length) { label.push("警告（" + warnings.length + "）"); }
    if (accessibility.length) { label.push("无障碍提示（" + accessibility.length + "）"); }
    button.textContent = label.join(" · ");
    button.setAttribute("aria-expanded", "false");
    var b = button.style;
    b.background = "#1d1d1d"; b.color = "#fff"; b.border = "2px solid #ffd23f"; b.padding = "6px 12px";
    var panel = document.createElement("pre");
    panel.hidden = true;
    var parts = [];
    if (warnings.length) { parts.push("警告：\n" + warnings.join("\n")); }
    if (accessibility.length) { parts.push("可改进的无障碍问题：\n" + accessibility.join("\n")); }
    panel.textContent = parts.join("\n\n");
    var p = panel.style;
    p.background = "#1d1d1d"; p.color = "#fff"; p.padding = "12px"; p.margin = "0 0 4px";
    p.maxHeight = "50vh"; p.overflow = "auto"; p.whiteSpace = "pre-wrap";
    button.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
    });
    wrap.appendChild(panel);
    wrap.appendChild(button);
    document.body.appendChild(wrap);
  }
  var generation = null;
  function handle(status, isReload) {
    if (status.errors && status.errors.length) { showOverlay(status); return; }
    removeOverlay();
    showNotes(status);
    if (isReload && generation !== null && status.generation !== generation) { location.reload(); }
    generation = status.generation;
  }
  fetch("/__gongkai/status").then(function (r) { return r.json(); }).then(function (st) {
    generation = st.generation;
    handle(st, false);
  }).catch(function () {});
  var source = new EventSource("/__gongkai/events");
  source.addEventListener("reload", function (e) { handle(JSON.parse(e.data), true); });
  source.addEventListener("errors", function (e) { handle(JSON.parse(e.data), false); });
})();
