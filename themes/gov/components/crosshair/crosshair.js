/* 十字线 `data-module="gk-crosshair"`: two lines that follow the pointer and the focused element
   while `reader.prefs.crosshair` is on. `gk.crosshair(reader, el)`. */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, on = gk.on;

  gk.crosshair = function (reader, el) {
    if (!el) { return; }
    var lineH = qs(".gk-crosshair__h", el), lineV = qs(".gk-crosshair__v", el);
    var frame = 0, x = 0, y = 0;
    function move(toX, toY) {
      x = toX; y = toY;
      if (frame) { return; }
      frame = w.requestAnimationFrame(function () {
        frame = 0;
        if (lineH) { lineH.style.transform = "translateY(" + y + "px)"; }
        if (lineV) { lineV.style.transform = "translateX(" + x + "px)"; }
      });
    }
    el.setAttribute("aria-hidden", "true");   /* it repeats what is on the page */
    reader.onChange(function (prefs) { el.hidden = !prefs.crosshair; });
    on(d, "mousemove", function (e) { if (reader.prefs.crosshair) { move(e.clientX, e.clientY); } }, { passive: true });
    on(d, "focusin", function (e) {
      if (!reader.prefs.crosshair || !e.target.getBoundingClientRect) { return; }
      var r = e.target.getBoundingClientRect();
      move(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
    });
  };
}(window, document, window.gk));
