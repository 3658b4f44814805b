/* Reader settings: 字号 (`data-gk-fs`, also in the document tools), 放大/缩小, 配色, the on/off aids
   (`data-gk-toggle`: 行距, 大鼠标, 十字线, 大字幕, 纯文本, 声音), 语速 and 重置, with their Alt+Shift
   shortcuts. `gk.settings(reader, speech)` registers the actions on the shared reader state and
   returns { reset }. */
(function (gk) {
  "use strict";

  var announce = gk.announce;
  var LABELS = {
    fs: { large: "大", medium: "中", small: "小" },
    scheme: { "default": "默认配色", contrast: "白底黑字", "yellow-black": "黑底黄字", blue: "米底蓝字" },
    rate: { "0.75": "慢", "1": "中", "1.35": "快" }
  };
  var TOGGLES = {
    speech: ["声音已开启：鼠标指向或用 Tab 键选中的内容将被朗读", "声音已关闭"],
    spacing: ["行距已加大", "行距已恢复"],
    cursor: ["大鼠标已开启", "大鼠标已关闭"],
    crosshair: ["十字线已开启", "十字线已关闭"],
    caption: ["大字幕已开启", "大字幕已关闭"],
    reading: ["纯文本阅读模式已开启", "纯文本阅读模式已关闭"]
  };

  gk.settings = function (reader, speech) {
    var P = reader.P;

    function setFs(size) {
      reader.prefs.fs = size;
      reader.commit();
      announce("正文字号：" + LABELS.fs[size]);
    }

    function zoomStep(dir) {
      var zooms = P.zooms, i = zooms.indexOf(reader.prefs.zoom);
      if (i < 0) { i = 0; }
      var j = Math.max(0, Math.min(zooms.length - 1, i + dir));
      if (j === i) {
        announce(dir > 0 ? "页面已放大到最大 " + Math.round(zooms[j] * 100) + "%" : "页面已是原始大小");
        return;
      }
      reader.prefs.zoom = zooms[j];
      reader.commit();
      announce("页面缩放 " + Math.round(reader.prefs.zoom * 100) + "%");
    }

    function setScheme(s) {
      reader.prefs.scheme = s;
      reader.commit();
      announce("配色：" + LABELS.scheme[s]);
    }

    function toggle(name) {
      var prefs = reader.prefs;
      prefs[name] = !prefs[name];
      if (name === "speech" && !prefs.speech) { speech.stop(); }
      reader.commit();
      announce(TOGGLES[name][prefs[name] ? 0 : 1]);
    }

    function setRate(r) {
      reader.prefs.rate = r;
      reader.commit();
      announce("语速：" + (LABELS.rate[String(r)] || r));
    }

    function reset() {
      speech.stop();
      P.clear();
      var keepOpen = reader.prefs.toolbar;
      reader.prefs = P.clean(null);
      P.apply(reader.prefs);
      reader.prefs.toolbar = keepOpen;   /* stay where the reader is; nothing is stored */
      gk.root.classList.toggle("gk-toolbar-open", keepOpen);
      reader.sync();
      announce("已恢复默认设置");
    }

    reader.action("fs", setFs);
    reader.action("scheme", setScheme);
    reader.action("rate", function (r) { setRate(parseFloat(r)); });
    reader.action("toggle", toggle);
    reader.action("zoom-in", function () { zoomStep(1); });
    reader.action("zoom-out", function () { zoomStep(-1); });
    reader.action("reset", reset);

    var keys = {
      Digit1: function () { setFs("large"); },
      Digit2: function () { setFs("medium"); },
      Digit3: function () { setFs("small"); },
      Equal: function () { zoomStep(1); },
      NumpadAdd: function () { zoomStep(1); },
      Minus: function () { zoomStep(-1); },
      NumpadSubtract: function () { zoomStep(-1); },
      KeyC: function () {
        var s = P.schemes;
        setScheme(s[(s.indexOf(reader.prefs.scheme) + 1) % s.length]);
      },
      KeyL: function () { toggle("spacing"); },
      KeyM: function () { toggle("cursor"); },
      KeyK: function () { toggle("crosshair"); },
      KeyU: function () { toggle("caption"); },
      KeyY: function () { toggle("reading"); },
      KeyS: function () { if (speech.synth) { toggle("speech"); } },
      Digit0: reset
    };
    for (var code in keys) {
      if (Object.prototype.hasOwnProperty.call(keys, code)) { reader.key(code, keys[code]); }
    }
    return { reset: reset };
  };
}(window.gk));
