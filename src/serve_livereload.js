// gongkai serve: live reload and error overlay. Injected by `gongkai serve` only, never written
// to public/.
(function () {
  "use strict";
  var overlayId = "gongkai-error-overlay";
  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) { old.remove(); }
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
    if (status.accessibility && status.accessibility.length) {
      var h3 = document.createElement("h3");
      h3.textContent = "可改进的无障碍问题：";
      box.appendChild(h3);
      var a = document.createElement("pre");
      a.style.whiteSpace = "pre-wrap";
      a.textContent = status.accessibility.join("\n");
      box.appendChild(a);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.addEventListener("click", removeOverlay);
    box.appendChild(close);
    document.body.appendChild(box);
    close.focus();
  }
  var badgeId = "gongkai-a11y-badge";
  function showAccessibility(list) {
    var old = document.getElementById(badgeId);
    if (old) { old.remove(); }
    if (!list || !list.length) { return; }
    var wrap = document.createElement("div");
    wrap.id = badgeId;
    var w = wrap.style;
    w.position = "fixed"; w.left = "8px"; w.bottom = "8px"; w.zIndex = "2147483646";
    w.maxWidth = "calc(100vw - 16px)"; w.font = "14px/1.5 sans-serif";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "无障碍提示（" + list.length + "）";
    button.setAttribute("aria-expanded", "false");
    var b = button.style;
    b.background = "#1d1d1d"; b.color = "#fff"; b.border = "2px solid #ffd23f"; b.padding = "6px 12px";
    var panel = document.createElement("pre");
    panel.hidden = true;
    panel.textContent = list.join("\n");
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
    showAccessibility(status.accessibility);
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
