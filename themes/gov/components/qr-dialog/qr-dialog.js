/* 微信 QR dialog `data-module="gk-qr-dialog"` (its markup from qr-dialog.js.html): opened by
   `data-gk-open-qr` links (plain `#gk-qr` links without JavaScript), shows a copy of the page's QR
   code in `data-gk-qr-slot` and the address it encodes in `data-gk-qr-url`. */
(function (gk) {
  "use strict";

  var qs = gk.qs, qsa = gk.qsa, on = gk.on, each = gk.each;

  /* Pages with a QR code get the dialog (its markup: qr-dialog.js.html). */
  if (qs(".gk-qr") && !qs('[data-module="gk-qr-dialog"]')) {
    var dialog = gk.element("qr-dialog", "dialog", qs("main") || undefined);
    dialog.className = "gk-dialog";
    dialog.id = "gk-qr-dialog";
    dialog.setAttribute("aria-labelledby", "gk-qr-dialog-title");
  }

  gk.module("gk-qr-dialog", function (dialog) {
    if (typeof dialog.showModal !== "function") { return; }
    var dialogReturn = null;
    var slot = qs("[data-gk-qr-slot]", dialog);
    var code = qs(".gk-qr__code");
    if (slot && code && !slot.firstChild) {
      var copy = code.cloneNode(true);
      copy.removeAttribute("id");
      if (!copy.getAttribute("alt")) { copy.setAttribute("alt", "本页二维码"); }
      slot.appendChild(copy);
    }
    var url = qs(".gk-qr__url"), urlOut = qs("[data-gk-qr-url]", dialog);
    if (url && urlOut) { urlOut.textContent = gk.text(url); }
    each(qsa("[data-gk-open-qr]"), function (link) {
      link.setAttribute("aria-haspopup", "dialog");   /* a plain link to #gk-qr without JavaScript */
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
