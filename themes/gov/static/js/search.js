/*
 * gongkai search.js — loaded with `defer` on the search page only. Vanilla ES5, no libraries; the
 * only request is this site's own search/index.json.
 *
 * Matching uses character bigrams (single characters for one-character terms) of the query against
 * 标题, 索引号, 文号, 发布机构 and the body text; every bigram of every term must occur. Title matches
 * rank first, then the score, then the newest. Filters 年度 / 主题分类 / 发布机构 narrow the list. The
 * query and filters live in the URL (?q=…&year=…&topic=…&issuer=…), kept up to date with
 * history.replaceState, so a result list can be bookmarked and shared.
 */
(function (w, d) {
  "use strict";

  var box = d.querySelector('[data-module="gk-search"]');
  if (!box) { return; }
  var form = box.querySelector("[data-gk-search-form]");
  var status = box.querySelector("[data-gk-search-status]");
  var list = box.querySelector("[data-gk-search-results]");
  var fallback = box.querySelector("[data-gk-search-fallback]");
  var prefix = box.getAttribute("data-gk-prefix") || "/";
  var careHome = box.getAttribute("data-gk-care-home") || "/care/";
  var FIELDS = ["q", "year", "topic", "issuer"];
  var LIMIT = 100;
  var CARE_WORDS = ["长辈", "关怀", "适老", "老年", "亲情版", "关爱版"];
  var docs = null;
  var timer = 0;

  function field(name) { return form.elements[name]; }

  function norm(s) {
    s = String(s || "");
    if (s.normalize) { s = s.normalize("NFKC"); }
    return s.toLowerCase();
  }

  /* Query terms: split on white space and punctuation that never matters for matching. */
  function terms(q) {
    var out = [];
    var parts = norm(q).split(/[\s,，;；:：!！?？"“”'‘’()（）\[\]【】《》<>、。·]+/);
    for (var i = 0; i < parts.length; i++) { if (parts[i]) { out.push(parts[i]); } }
    return out;
  }

  function grams(term) {
    var chars = Array.from ? Array.from(term) : term.split("");
    if (chars.length < 2) { return chars; }
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) { out.push(chars[i] + chars[i + 1]); }
    return out;
  }

  function prepare(raw) {
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var e = raw[i];
      out.push({
        e: e,
        title: norm(e.t),
        meta: norm([e.i, e.n, e.o].concat(e.c || []).join(" ")),
        body: norm(e.e + " " + e.x)
      });
    }
    return out;
  }

  function readUrl() {
    var out = {};
    var query = w.location.search.replace(/^\?/, "");
    if (!query) { return out; }
    var pairs = query.split("&");
    for (var i = 0; i < pairs.length; i++) {
      var kv = pairs[i].split("=");
      var k, v;
      try {
        k = decodeURIComponent(kv[0].replace(/\+/g, " "));
        v = decodeURIComponent((kv[1] || "").replace(/\+/g, " "));
      } catch (err) { continue; }
      if (FIELDS.indexOf(k) >= 0) { out[k] = v; }
    }
    return out;
  }

  function state() {
    var s = {};
    for (var i = 0; i < FIELDS.length; i++) {
      var el = field(FIELDS[i]);
      s[FIELDS[i]] = el ? String(el.value).trim() : "";
    }
    return s;
  }

  function writeUrl(s) {
    var parts = [];
    for (var i = 0; i < FIELDS.length; i++) {
      if (s[FIELDS[i]]) { parts.push(FIELDS[i] + "=" + encodeURIComponent(s[FIELDS[i]])); }
    }
    var url = w.location.pathname + (parts.length ? "?" + parts.join("&") : "") + w.location.hash;
    try { w.history.replaceState(null, "", url); } catch (err) { /* file:// or sandboxed */ }
  }

  function score(doc, ts) {
    var total = 0;
    var titleHit = 0;
    for (var i = 0; i < ts.length; i++) {
      var t = ts[i];
      if (doc.title.indexOf(t) >= 0) { titleHit += 1; total += 100; }
      else if (doc.meta.indexOf(t) >= 0) { total += 60; }
      else if (doc.body.indexOf(t) >= 0) { total += 20; }
      var gs = grams(t);
      for (var j = 0; j < gs.length; j++) {
        var g = gs[j];
        if (doc.title.indexOf(g) >= 0) { total += 5; }
        else if (doc.meta.indexOf(g) >= 0) { total += 3; }
        else if (doc.body.indexOf(g) >= 0) { total += 1; }
        else { return null; }
      }
    }
    return { title: titleHit, score: total };
  }

  function search(s) {
    var ts = terms(s.q);
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i];
      var e = doc.e;
      if (s.year && String(e.y) !== s.year) { continue; }
      if (s.issuer && e.o !== s.issuer) { continue; }
      if (s.topic && (e.c || []).indexOf(s.topic) < 0) { continue; }
      var r = ts.length ? score(doc, ts) : { title: 0, score: 0 };
      if (r) { hits.push({ doc: e, title: r.title, score: r.score, order: i }); }
    }
    hits.sort(function (a, b) {
      return (b.title - a.title) || (b.score - a.score) || (a.order - b.order);
    });
    return hits;
  }

  function el(tag, cls, text) {
    var n = d.createElement(tag);
    if (cls) { n.className = cls; }
    if (text) { n.appendChild(d.createTextNode(text)); }
    return n;
  }

  function fieldEl(label, value) {
    var f = el("span", "gk-list__field");
    f.appendChild(el("span", "gk-list__label", label));
    f.appendChild(d.createTextNode(value));
    return f;
  }

  // The part of the body around the first place a query word occurs, else the excerpt.
  function snippet(e, words) {
    var text = e.x || "";
    var lower = text.toLowerCase();
    for (var i = 0; i < words.length; i++) {
      var at = lower.indexOf(words[i].toLowerCase());
      if (at >= 0) {
        var start = Math.max(0, at - 30);
        var end = Math.min(text.length, at + words[i].length + 60);
        return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
      }
    }
    return e.e;
  }

  function item(e, words) {
    var li = el("li", "gk-list__item");
    var h = el("p", "gk-list__heading");
    var a = el("a", "gk-list__title", e.t);
    a.href = prefix + e.u;
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "gk-list__meta");
    if (e.i) { meta.appendChild(fieldEl("索引号：", e.i)); meta.appendChild(d.createTextNode(" ")); }
    if (e.n) { meta.appendChild(fieldEl("文号：", e.n)); meta.appendChild(d.createTextNode(" ")); }
    var date = fieldEl("发布日期：", "");
    var time = el("time", "", e.d);
    time.setAttribute("datetime", e.d);
    date.appendChild(time);
    meta.appendChild(date);
    if (e.o) { meta.appendChild(d.createTextNode(" ")); meta.appendChild(fieldEl("发布机构：", e.o)); }
    li.appendChild(meta);
    var excerpt = snippet(e, words);
    if (excerpt) { li.appendChild(el("p", "gk-search__excerpt", excerpt)); }
    return li;
  }

  function careEntry() {
    var li = el("li", "gk-list__item gk-search__entry");
    var h = el("p", "gk-list__heading");
    var a = el("a", "gk-list__title", "关怀版（长辈版、适老化）入口");
    a.href = careHome;
    a.setAttribute("data-gk-care-entry", "");
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(el("p", "gk-search__excerpt", "字更大、按钮更大、页面更简洁的网站版本，内容与标准版相同。"));
    return li;
  }

  function wantsCare(q) {
    for (var i = 0; i < CARE_WORDS.length; i++) { if (q.indexOf(CARE_WORDS[i]) >= 0) { return true; } }
    return false;
  }

  function run(updateUrl) {
    var s = state();
    if (updateUrl) { writeUrl(s); }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var care = wantsCare(s.q);
    if (care) { list.appendChild(careEntry()); }
    if (!s.q && !s.year && !s.topic && !s.issuer) {
      status.textContent = "请输入检索词，或选择年度、主题分类、发布机构。";
      list.setAttribute("data-gk-count", "0");
      return;
    }
    var hits = search(s);
    var words = s.q.split(/\s+/).filter(function (x) { return x; });
    for (var i = 0; i < hits.length && i < LIMIT; i++) { list.appendChild(item(hits[i].doc, words)); }
    var msg = "找到 " + hits.length + " 条信息";
    if (hits.length > LIMIT) { msg += "，显示前 " + LIMIT + " 条"; }
    if (care) { msg += "；另有关怀版入口"; }
    status.textContent = msg + "。";
    list.setAttribute("data-gk-count", String(hits.length));
  }

  function fill(values) {
    for (var i = 0; i < FIELDS.length; i++) {
      var el = field(FIELDS[i]);
      var v = values[FIELDS[i]] || "";
      if (!el) { continue; }
      if (el.tagName === "SELECT") {
        var found = false;
        for (var j = 0; j < el.options.length; j++) { if (el.options[j].value === v) { found = true; } }
        el.value = found ? v : "";
      } else {
        el.value = v;
      }
    }
  }

  function later() {
    w.clearTimeout(timer);
    timer = w.setTimeout(function () { run(true); }, 350);
  }

  function failed() {
    box.classList.add("gk-search--failed");
    form.hidden = true;
    fallback.hidden = false;
    status.textContent = "检索索引载入失败，请通过下面的信息公开目录查阅。";
  }

  form.hidden = false;
  fallback.hidden = true;
  fill(readUrl());
  status.textContent = "正在载入检索索引……";

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    w.clearTimeout(timer);
    if (docs) { run(true); }
  });
  form.addEventListener("input", function (ev) {
    if (docs && ev.target === field("q")) { later(); }
  });
  form.addEventListener("change", function (ev) {
    if (docs && ev.target.tagName === "SELECT") { w.clearTimeout(timer); run(true); }
  });

  var xhr = new XMLHttpRequest();
  xhr.open("GET", box.getAttribute("data-gk-index"), true);
  xhr.onload = function () {
    if (xhr.status < 200 || xhr.status >= 300) { failed(); return; }
    try { docs = prepare(JSON.parse(xhr.responseText).docs || []); } catch (err) { failed(); return; }
    run(false);
  };
  xhr.onerror = failed;
  xhr.send();
})(window, document);
