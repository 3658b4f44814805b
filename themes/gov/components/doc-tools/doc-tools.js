/* Document tools `data-module="gk-doc-tools"` (rendered `hidden`, shown here): 字号 (handled by the
   toolbar's click handler), 打印内容 / 打印整页 (`data-gk-print`) and 分享 / 复制链接 (`data-gk-share`). */
(function (w, d, gk) {
  "use strict";

  var qs = gk.qs, qsa = gk.qsa, on = gk.on, each = gk.each, text = gk.text, announce = gk.announce;
  var root = d.documentElement;

  /* ---------------------------------------------------------------- print */

  var printRestore = [];
  function afterPrint() {
    root.classList.remove("gk-print-page");
    each(printRestore, function (det) { det.open = false; });
    printRestore = [];
  }
  on(w, "afterprint", afterPrint);

  function startPrint(btn) {
    on(btn, "click", function () {
      gk.stopSpeech();
      if (btn.getAttribute("data-gk-print") === "page") {
        root.classList.add("gk-print-page");
        each(qsa("details.gk-toc"), function (det) {
          if (!det.open) { det.open = true; printRestore.push(det); }
        });
      } else {
        root.classList.remove("gk-print-page");
      }
      w.print();
    });
  }

  /* ---------------------------------------------------------------- share */

  var canNativeShare = typeof navigator.share === "function";
  var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText && w.isSecureContext);
  function copyLink(url) {
    if (!canCopy) { announce("请复制本页网址：" + url); return; }
    navigator.clipboard.writeText(url).then(function () {
      announce("本页链接已复制，可以粘贴发送给亲友");
    }, function () {
      announce("未能复制链接，请手动复制本页网址：" + url);
    });
  }
  function startShare(shareBtn) {
    if (!canNativeShare && !canCopy) { return; }
    shareBtn.hidden = false;
    on(shareBtn, "click", function () {
      var h1 = qs("h1");
      var url = gk.pageUrl();
      if (canNativeShare) {
        navigator.share({ title: h1 ? text(h1) : d.title, url: url }).then(function () {
          announce("已分享本页");
        }, function (err) {
          if (err && err.name === "AbortError") { return; }
          copyLink(url);
        });
      } else {
        copyLink(url);
      }
    });
  }

  gk.module("gk-doc-tools", function (el) {
    el.hidden = false;
    each(qsa("[data-gk-print]", el), startPrint);
    each(qsa('[data-gk-share="native"]', el), startShare);
  });
}(window, document, window.gk));
