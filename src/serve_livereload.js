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
  var generation = null;
  function handle(status, isReload) {
    if (status.errors && status.errors.length) { showOverlay(status); return; }
    removeOverlay();
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
