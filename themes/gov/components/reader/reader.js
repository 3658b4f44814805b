/* The reader's preferences as one shared state, passed explicitly to the components that use it
   (toolbar, settings, speech, crosshair, caption): `gk.reader(gkPrefs)` returns
   { prefs, P, commit(), onChange(fn), sync(), setPressed(btn, on), action(name, fn), key(code, fn) }.
   `prefs` is the object prefs.js keeps in localStorage (a reset replaces it: always read
   `reader.prefs`). `commit()` stores and applies it on <html>, then runs every onChange function.
   One click listener runs the action of any `data-gk-*` button, one keydown listener the
   Alt+Shift shortcuts (WCAG 2.1.4: no single-key shortcuts) and, for Esc, the `escape` handlers
   in order until one returns true. */
(function (w, d, gk) {
  "use strict";

  var qsa = gk.qsa, on = gk.on, each = gk.each, closest = gk.closest;

  gk.reader = function (P) {
    var prefs = P ? P.read() : null;
    if (!prefs) { return null; }
    var changes = [], actions = {}, keys = {}, escapes = [];
    var reader = { P: P, prefs: prefs };

    reader.setPressed = function (btn, pressed) { btn.setAttribute("aria-pressed", pressed ? "true" : "false"); };
    reader.onChange = function (fn) { changes.push(fn); };
    /* Brings every control and component in line with `reader.prefs`. */
    reader.sync = function () { each(changes, function (fn) { fn(reader.prefs); }); };
    reader.commit = function () {
      P.write(reader.prefs);
      P.apply(reader.prefs);
      reader.sync();
    };
    /* Button actions: "fs", "scheme", "rate", "toggle" get the attribute's value; any other name
       is a `data-gk-action` value. */
    reader.action = function (name, fn) { actions[name] = fn; };
    reader.key = function (code, fn) { keys[code] = fn; };
    reader.escape = function (fn) { escapes.push(fn); };

    on(d, "click", function (e) {
      var b = closest(e.target, "button");
      if (!b) { return; }
      var kinds = ["fs", "scheme", "rate", "toggle", "action"];
      for (var i = 0; i < kinds.length; i++) {
        var value = b.getAttribute("data-gk-" + kinds[i]);
        if (value === null) { continue; }
        var fn = kinds[i] === "action" ? actions[value] : actions[kinds[i]];
        if (fn) { fn(value, b); }
        return;
      }
    });
    on(d, "keydown", function (e) {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code && keys[e.code]) {
        e.preventDefault();
        keys[e.code]();
        return;
      }
      if (e.key === "Escape" || e.key === "Esc") {
        for (var i = 0; i < escapes.length; i++) { if (escapes[i]()) { return; } }
      }
    });

    /* Pressed states of the shared controls (the toolbar's and the document tools' alike). */
    reader.onChange(function (p) {
      each(qsa("[data-gk-fs]"), function (b) { reader.setPressed(b, b.getAttribute("data-gk-fs") === p.fs); });
      each(qsa("[data-gk-scheme]"), function (b) { reader.setPressed(b, b.getAttribute("data-gk-scheme") === p.scheme); });
      each(qsa("[data-gk-rate]"), function (b) { reader.setPressed(b, parseFloat(b.getAttribute("data-gk-rate")) === p.rate); });
      each(qsa("[data-gk-toggle]"), function (b) { reader.setPressed(b, p[b.getAttribute("data-gk-toggle")] === true); });
      each(qsa("[data-gk-zoom-value]"), function (el) { el.textContent = Math.round(p.zoom * 100) + "%"; });
    });
    return reader;
  };
}(window, document, window.gk));
