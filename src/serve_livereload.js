// gongkai serve: live reload and error overlay. Injected by `gongkai serve` only, never written
// to public/.
(function () {
  "use strict";
  var overlayId = "gongkai-error-overlay";
  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.remove(); }
  }
  function addList(box, title, lines) {
    if (!lines || !lines.length) { return; }
    var h3 = document.createElement("h3");
    h3.textContent = title;
    box.appendChild(h3);
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = lines.join("\n");
    box.appendChild(pre);
  }
  function showOverlay(status) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    var s = box.style;
    s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
    s.background = "rgba(20,20,20,0.94)"; s.color = "#fff"; s.padding = "24px";
    s.font = "16px/1.6 monospace";
    var h = document.createElement("h2");
    h.id = overlayId + "-title";
    h.textContent = "gongkai：生成失败，显示的是上次成功生成的页面。修正后保存即可恢复。";
    h.style.color = "#ffd23f";
    box.appendChild(h);
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap";
    list.textContent = status.errors.join("\n");
    box.appendChild(list);
    addList(box, "警告：", status.warnings);
    addList(box, "可改进的无障碍问题：", status.accessibility);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.addEventListener("click", removeOverlay);
    box.appendChild(close);
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
