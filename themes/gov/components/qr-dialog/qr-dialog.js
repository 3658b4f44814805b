/* 微信 QR dialog `data-module="gk-qr-dialog"`: opened by `data-gk-open-qr` links (plain `#gk-qr` links
   without JavaScript), shows a copy of the page's QR code in `data-gk-qr-slot`. */
(function (gk) {
  "use strict";

  var qs = gk.qs, qsa = gk.qsa, on = gk.on, each = gk.each;

  gk.module("gk-qr-dialog", function (dialog) {
    if (typeof dialog.showModal !== "function") { return; }
    var dialogReturn = null;
    var slot = qs("[data-gk-qr-slot]", dialog);
    var svg = qs(".gk-qr svg");
    if (slot && svg && !slot.firstChild) {
      var copy = svg.cloneNode(true);
      copy.removeAttribute("id");
      if (!copy.getAttribute("aria-label")) {
        copy.setAttribute("role", "img");
        copy.setAttribute("aria-label", "本页二维码");
      }
      slot.appendChild(copy);
    }
    each(qsa("[data-gk-open-qr]"), function (link) {
      on(link, "click", function (e) {
        e.preventDefault();
        dialogReturn = link;
        dialog.showModal();
        var closeBtn = qs("[data-gk-close]", dialog);
        if (closeBtn) { closeBtn.focus(); }
      });
    });
    on(qs("[data-gk-close]", dialog), "click", function () { dialog.close(); });
    on(dialog, "click", function (e) { if (e.target === dialog) { dialog.close(); } });
    on(dialog, "close", function () {
      if (dialogReturn) { dialogReturn.focus(); dialogReturn = null; }
    });
  });
}(window.gk));
