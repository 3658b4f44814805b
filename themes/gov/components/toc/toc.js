/* 目录导读 `data-module="gk-toc"` (a <details>): closed on narrow screens. CSS keeps a narrow
   screen's 目录 folded from the first paint until this runs (`data-gk-ready`). */
(function (w, gk) {
  "use strict";

  var narrow = w.matchMedia ? w.matchMedia("(max-width: 63.99em)") : null;

  gk.module("gk-toc", function (det) {
    if (narrow && narrow.matches) { det.open = false; }
    det.setAttribute("data-gk-ready", "");
  });
}(window, window.gk));
