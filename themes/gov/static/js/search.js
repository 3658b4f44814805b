/*
 * gongkai search.js — loaded `async` on the search page only. Vanilla ES5, no libraries; every
 * request goes to this site's own search/ folder (src/search/ writes it; themes/gov/README.md
 * describes the files):
 *
 *   1. search/index.json (preloaded with the page): shard counts, 发布机构/主题分类 names, one record per document
 *      (date, issuer, topics) for the filters and the date order;
 *   2. for a query, the shard of each of its tokens (search/b/N.txt, and search/d/N.txt for
 *      documents changed since the full build);
 *   3. the fragment (search/f/N.json: fields and text) of each result shown, ten at a time.
 *
 * No segmenter: a query term's tokens are its runs of ASCII letters and digits (whole words) and
 * the character bigrams of its other letters (a single character when the run has one); a document
 * must hold every token of every term. Terms whose tokens do not spell them out (three characters
 * and more, or with punctuation) are confirmed against the fragment before a result is shown. Title
 * matches rank first, then the score, then the newest. Filters 年度 / 主题分类 / 发布机构 narrow the
 * list. The query and filters live in the URL (?q=…&year=…&topic=…&issuer=…), kept up to date with
 * history.replaceState, so a result list can be bookmarked and shared.
 */
(function (w, d) {
  "use strict";

  /* Loaded async, with the entry's address on the script element: the entry (and the shards of
     the query in the URL, as soon as the entry names them) download while the page is still
     being parsed; the form is set up once it has been (before the other deferred scripts). */
  var script = d.currentScript;
  var indexUrl = script ? script.getAttribute("data-gk-index") : null;
  var base = "";
  var box, form, status, list, more, fallback, prefix, careHome;
  var FIELDS = ["q", "year", "topic", "issuer"];
  var PAGE = 10;
  var CARE_WORDS = ["长辈", "关怀", "适老", "老年", "亲情版", "关爱版"];
  var SPLIT = /[\s,，;；:：!！?？"“”'‘’()（）\[\]【】《》<>、。·]+/;
  var idx = null;
  var timer = 0;
  var run = 0;
  var view = null;
  /* the entry, parsed, once it has arrived (false: it could not be read) */
  var entry = null;
  var domReady = false;

  /* ------------------------------------------- text: as src/search/text.rs */

  function fold(c) {
    if (c >= 0xFF01 && c <= 0xFF5E) { return c - 0xFEE0; }
    return c === 0x3000 ? 0x20 : c;
  }

  /* "w" ASCII letter or digit, "s" separator, "c" any other letter. */
  function cls(c) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A)) { return "w"; }
    if (c <= 0xBF || c === 0xD7 || c === 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
        (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) || c === 0x3030 ||
        (c >= 0x303D && c <= 0x303F) || (c >= 0xE000 && c <= 0xF8FF) ||
        (c >= 0xFE10 && c <= 0xFE6F) || c === 0xFEFF || (c >= 0xFF00 && c <= 0xFF65) ||
        (c >= 0xFFE0 && c <= 0xFFFF) || (c >= 0x1F000 && c <= 0x1FAFF)) { return "s"; }
    return "c";
  }

  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
        var lo = s.charCodeAt(i + 1);
        if (lo >= 0xDC00 && lo <= 0xDFFF) { c = (c - 0xD800) * 0x400 + lo - 0xDC00 + 0x10000; i++; }
      }
      out.push(c);
    }
    return out;
  }

  function fromCodePoints(cps) {
    var s = "";
    for (var i = 0; i < cps.length; i++) {
      var c = cps[i];
      if (c > 0xFFFF) { c -= 0x10000; s += String.fromCharCode(0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF)); }
      else { s += String.fromCharCode(c); }
    }
    return s;
  }

  /* Folded and lower-cased, one UTF-16 unit for one (so positions stay those of the original). */
  function norm(s) {
    s = String(s || "");
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var ch = String.fromCharCode(fold(s.charCodeAt(i)));
      var low = ch.toLowerCase();
      out += low.length === 1 ? low : ch;
    }
    return out;
  }

  /* A query term's tokens: words, and bigrams (or the single character) of each other run. */
  function tokens(term) {
    var cps = codePoints(term.toLowerCase());
    var out = [];
    var run = [];
    var word = "";
    function flush() {
      if (word) { out.push(word); word = ""; }
      if (run.length === 1) { out.push(fromCodePoints(run)); }
      for (var j = 0; j + 1 < run.length; j++) { out.push(fromCodePoints([run[j], run[j + 1]])); }
      run = [];
    }
    for (var i = 0; i < cps.length; i++) {
      var c = fold(cps[i]);
      var k = cls(c);
      if (k === "w") {
        if (run.length) { flush(); }
        word += String.fromCharCode(c);
      } else if (k === "c") {
        if (word) { flush(); }
        run.push(c);
      } else {
        flush();
      }
    }
    flush();
    return out;
  }

  /* FNV-1a over code points, then MurmurHash3's finaliser: shard = hash & (shards - 1). */
  function hash(token) {
    var cps = codePoints(token);
    var h = 0x811C9DC5;
    for (var i = 0; i < cps.length; i++) { h = Math.imul(h ^ cps[i], 0x01000193); }
    h = Math.imul(h ^ (h >>> 16), 0x85EBCA6B);
    h = Math.imul(h ^ (h >>> 13), 0xC2B2AE35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /* Base-32 numbers: LAST digits end a number, CONT digits continue it. */
  var DIGIT = [];
  (function () {
    var last = "0123456789abcdefghijklmnopqrstuv", cont = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz+/";
    for (var i = 0; i < 32; i++) { DIGIT[last.charCodeAt(i)] = i; DIGIT[cont.charCodeAt(i)] = 32 + i; }
  })();

  /* Calls fn(number) for each number of s[from..to). */
  function numbers(s, from, to, fn) {
    var v = 0;
    for (var i = from; i < to; i++) {
      var dg = DIGIT[s.charCodeAt(i)];
      if (dg >= 32) { v = v * 32 + dg - 32; } else { fn(v * 32 + dg); v = 0; }
    }
  }

  /* ---------------------------------------------------------------- the index */

  var cache = {};
  /* GET url once; cb(text or null). Concurrent callers share the request. */
  function get(url, cb) {
    var c = cache[url];
    if (c && c.done) { cb(c.text); return; }
    if (c) { c.waiting.push(cb); return; }
    c = cache[url] = { done: false, text: null, waiting: [cb] };
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, true);
    function end(text) {
      c.done = true; c.text = text;
      if (text === null) { delete cache[url]; }
      var ws = c.waiting; c.waiting = [];
      for (var i = 0; i < ws.length; i++) { ws[i](text); }
    }
    xhr.onload = function () { end(xhr.status >= 200 && xhr.status < 300 ? xhr.responseText : null); };
    xhr.onerror = function () { end(null); };
    xhr.send();
  }

  /* Fetches every url; cb(array of texts, or null when one failed). */
  function getAll(urls, cb) {
    var out = [], left = urls.length, failed = false;
    if (!left) { cb(out); return; }
    urls.forEach(function (u, i) {
      get(u, function (text) {
        if (text === null) { failed = true; }
        out[i] = text;
        if (--left === 0) { cb(failed ? null : out); }
      });
    });
  }

  function readEntry(e) {
    var n = e.n, live = new Uint8Array(n), ymd = new Int32Array(n), issuer = new Int32Array(n);
    var topics = [];
    var id = 0, prev = 0, step = 0, count = 0;
    var rec = null;
    numbers(e.docs, 0, e.docs.length, function (v) {
      if (step === 0) {
        rec = []; topics[id] = rec;
        if (v === 0) { id++; return; }
        live[id] = 1; issuer[id] = v - 1; step = 1;
      } else if (step === 1) {
        prev += (v % 2 ? -(v + 1) / 2 : v / 2); ymd[id] = prev; step = 2;
      } else if (step === 2) {
        count = v; step = 3;
        if (!count) { step = 0; id++; }
      } else {
        rec.push(v);
        if (--count === 0) { step = 0; id++; }
      }
    });
    return { e: e, n: n, live: live, ymd: ymd, issuer: issuer, topics: topics };
  }

  function shardUrls(token, e) {
    var h = hash(token), out = [];
    e = e || idx.e;
    out.push(base + "b/" + (h & (e.shards - 1)) + ".txt?v=" + e.gen);
    if (e.dshards) { out.push(base + "d/" + (h & (e.dshards - 1)) + ".txt?v=" + e.dgen); }
    return out;
  }

  /* The postings of token in a shard's text, into field[] (best field of each id). */
  function postings(text, token, field) {
    var key = "\n" + token + "\t";
    var at = text.slice(0, key.length - 1) === key.slice(1) ? 0 : text.indexOf(key);
    if (at < 0) { return; }
    var from = text.indexOf("\t", at + 1) + 1, to = text.indexOf("\n", from);
    var next = 0;
    numbers(text, from, to < 0 ? text.length : to, function (v) {
      var id = next + Math.floor(v / 3);
      field[id] = v % 3;
      next = id + 1;
    });
  }

  /* Base fragments are numbered oldest first (ids count from the newest), delta ones by id. */
  function fragmentUrl(id) {
    var e = idx.e;
    var n = id < e.base ? e.base - 1 - id : id;
    return base + "f/" + n + ".json?v=" + (id < e.base ? e.gen : e.dgen);
  }

  /* ---------------------------------------------------------------- matching */

  function terms(q) {
    var out = [], parts = norm(q).split(SPLIT);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] && out.indexOf(parts[i]) < 0) {
        var ts = tokens(parts[i]);
        if (ts.length) { out.push({ text: parts[i], tokens: ts, exact: ts.length === 1 && ts[0] === parts[i] }); }
      }
    }
    return out;
  }

  function passes(id, s, want) {
    if (!idx.live[id]) { return false; }
    if (s.year && Math.floor(idx.ymd[id] / 10000) !== Number(s.year)) { return false; }
    if (s.issuer && idx.issuer[id] !== want.issuer) { return false; }
    if (s.topic && idx.topics[id].indexOf(want.topic) < 0) { return false; }
    return true;
  }

  /* The last ranking: { key, hits, exact } (the first search reuses the prefetch's). */
  var ranked = null;

  /* Ranked candidate ids for state s; cb(list, exact) or cb(null) when a shard failed. */
  function candidates(s, ts, cb) {
    var key = [s.q, s.year, s.topic, s.issuer].join("\n");
    if (ranked && ranked.key === key) { cb(ranked.hits, ranked.exact); return; }
    rank(s, ts, function (hits, exact) {
      if (hits) { ranked = { key: key, hits: hits, exact: exact }; }
      cb(hits, exact);
    });
  }

  function rank(s, ts, cb) {
    var want = { issuer: idx.e.issuers.indexOf(s.issuer), topic: idx.e.topics.indexOf(s.topic) };
    var n = idx.n, i, id;
    if (!ts.length) {
      var all = [];
      for (id = 0; id < n; id++) { if (passes(id, s, want)) { all.push({ id: id, title: 0, score: 0 }); } }
      cb(sortHits(all), true);
      return;
    }
    var urls = [], toks = [];
    ts.forEach(function (t) {
      t.tokens.forEach(function (tok) {
        if (toks.indexOf(tok) < 0) { toks.push(tok); urls = urls.concat(shardUrls(tok)); }
      });
    });
    getAll(urls, function (texts) {
      if (!texts) { cb(null); return; }
      var fields = Object.create(null);
      toks.forEach(function (tok) {
        var f = new Int8Array(n).fill(-1);
        shardUrls(tok).forEach(function (u) { postings(cache[u].text, tok, f); });
        fields[tok] = f;
      });
      var hits = [];
      var first = fields[ts[0].tokens[0]];
      var exact = true;
      for (i = 0; i < ts.length; i++) { exact = exact && ts[i].exact; }
      for (id = 0; id < n; id++) {
        if (first[id] < 0 || !passes(id, s, want)) { continue; }
        var title = 0, score = 0, ok = true;
        for (i = 0; i < ts.length && ok; i++) {
          var low = 2;
          for (var j = 0; j < ts[i].tokens.length; j++) {
            var fv = fields[ts[i].tokens[j]][id];
            if (fv < 0) { ok = false; break; }
            score += fv === 2 ? 5 : fv === 1 ? 3 : 1;
            if (fv < low) { low = fv; }
          }
          if (low === 2) { title++; score += 100; } else { score += low === 1 ? 60 : 20; }
        }
        if (ok) { hits.push({ id: id, title: title, score: score }); }
      }
      cb(sortHits(hits), exact);
    });
  }

  function sortHits(hits) {
    return hits.sort(function (a, b) {
      return (b.title - a.title) || (b.score - a.score) || (idx.ymd[b.id] - idx.ymd[a.id]) || (a.id - b.id);
    });
  }

  /* Whether a fragment holds every term as written (title, 索引号/文号/机构/分类 or body). */
  function confirmed(f, ts) {
    var hay = norm([f.t, f.i, f.n, f.o].concat(f.c || []).join(" ") + " " + f.e + " " + f.x);
    for (var i = 0; i < ts.length; i++) { if (hay.indexOf(ts[i].text) < 0) { return false; } }
    return true;
  }

  /* ---------------------------------------------------------------- the list */

  function el(tag, cls, text) {
    var node = d.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.appendChild(d.createTextNode(text)); }
    return node;
  }

  /* Appends text to parent with every occurrence of a term in <mark>. */
  function marked(parent, text, ts) {
    var low = norm(text), at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      for (var i = 0; i < ts.length; i++) {
        var p = low.indexOf(ts[i].text, at);
        if (p >= 0 && (best < 0 || p < best || (p === best && ts[i].text.length > len))) { best = p; len = ts[i].text.length; }
      }
      if (best < 0) { break; }
      if (best > at) { parent.appendChild(d.createTextNode(text.slice(at, best))); }
      parent.appendChild(el("mark", "gk-search__mark", text.slice(best, best + len)));
      at = best + len;
    }
    if (at < text.length) { parent.appendChild(d.createTextNode(text.slice(at))); }
    return parent;
  }

  /* The body around the first place a term occurs, else the excerpt. */
  function snippet(f, ts) {
    var text = f.x || "", low = norm(text), at = -1, len = 0;
    for (var i = 0; i < ts.length; i++) {
      var p = low.indexOf(ts[i].text);
      if (p >= 0 && (at < 0 || p < at)) { at = p; len = ts[i].text.length; }
    }
    if (at < 0) { return f.e || ""; }
    var start = Math.max(0, at - 40), end = Math.min(text.length, at + len + 80);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function fieldEl(label, value, ts) {
    var f = el("span", "gk-list__field");
    f.appendChild(el("span", "gk-list__label", label));
    return marked(f, value, ts);
  }

  /* 2023-12-14 → 2023年12月14日, as the listings show dates. */
  function displayDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }

  function item(f, ts) {
    var li = el("li", "gk-list__item");
    var h = el("p", "gk-list__heading");
    var a = marked(el("a", "gk-list__title"), f.t, ts);
    a.href = prefix + f.u;
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "gk-list__meta");
    if (f.i) { meta.appendChild(fieldEl("索引号：", f.i, ts)); meta.appendChild(d.createTextNode(" ")); }
    if (f.n) { meta.appendChild(fieldEl("文号：", f.n, ts)); meta.appendChild(d.createTextNode(" ")); }
    var date = fieldEl("发布日期：", "", []);
    var time = el("time", "", displayDate(f.d));
    time.setAttribute("datetime", f.d);
    date.appendChild(time);
    meta.appendChild(date);
    if (f.o) { meta.appendChild(d.createTextNode(" ")); meta.appendChild(fieldEl("发布机构：", f.o, ts)); }
    li.appendChild(meta);
    var excerpt = snippet(f, ts);
    if (excerpt) { li.appendChild(marked(el("p", "gk-search__excerpt"), excerpt, ts)); }
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

  function say() {
    var v = view, known = v.exact || v.next >= v.hits.length;
    var count = v.hits.length - v.rejected;
    var msg = (known ? "找到 " : "找到约 ") + count + " 条信息";
    if (v.shown < count) { msg += "，已显示 " + v.shown + " 条"; }
    if (v.care) { msg += "；另有关怀版入口"; }
    status.textContent = msg + "。";
    list.setAttribute("data-gk-count", String(count));
    more.hidden = v.next >= v.hits.length;
  }

  /* Shows up to PAGE more confirmed results of the current view, looking at no more than
     5 × PAGE candidates (the button asks for the rest); focus: the first new link. */
  function showMore(focus) {
    var v = view, mine = run, want = PAGE, added = null, budget = 5 * PAGE;
    function step() {
      if (mine !== run) { return; }
      if (want <= 0 || budget <= 0 || v.next >= v.hits.length) {
        say();
        if (focus && added) { added.focus(); }
        return;
      }
      var batch = v.hits.slice(v.next, v.next + Math.min(want, budget));
      v.next += batch.length;
      budget -= batch.length;
      /* every fragment of the batch is requested at once; each result is shown as soon as it
         and those before it have arrived (the first one does not wait for the tenth) */
      var texts = [], shownUpTo = 0, failedOne = false;
      function advance() {
        if (mine !== run || failedOne) { return; }
        while (shownUpTo < batch.length && texts[shownUpTo] !== undefined) {
          var f;
          try { f = JSON.parse(texts[shownUpTo]); } catch (err) { f = null; }
          shownUpTo++;
          if (!f || (!v.exact && !confirmed(f, v.terms))) { v.rejected++; continue; }
          var li = item(f, v.terms);
          list.appendChild(li);
          if (!added) { added = li.querySelector("a"); }
          v.shown++; want--;
        }
        if (shownUpTo === batch.length) { step(); }
      }
      batch.forEach(function (h, i) {
        get(fragmentUrl(h.id), function (text) {
          if (mine !== run || failedOne) { return; }
          if (text === null) { failedOne = true; broken(); return; }
          texts[i] = text;
          advance();
        });
      });
    }
    step();
  }

  function search(updateUrl) {
    var s = state();
    if (updateUrl) { writeUrl(s); }
    var mine = ++run;
    var care = wantsCare(s.q);
    if (!s.q && !s.year && !s.topic && !s.issuer) {
      clear(care);
      status.textContent = "请输入检索词，或选择年度、主题分类、发布机构。";
      list.setAttribute("data-gk-count", "0");
      return;
    }
    var ts = terms(s.q);
    if (s.q && !ts.length) {
      clear(care);
      view = { hits: [], next: 0, shown: 0, rejected: 0, exact: true, care: care, terms: ts };
      say();
      return;
    }
    candidates(s, ts, function (hits, exact) {
      if (mine !== run) { return; }
      if (!hits) { broken(); return; }
      clear(care);
      view = { hits: hits, next: 0, shown: 0, rejected: 0, exact: exact, care: care, terms: ts };
      showMore(false);
    });
  }

  function clear(care) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (care) { list.appendChild(careEntry()); }
    more.hidden = true;
  }

  /* ------------------------------------------------------------ form and URL */

  function field(name) { return form.elements[name]; }

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
      var f = field(FIELDS[i]);
      s[FIELDS[i]] = f ? String(f.value).trim() : "";
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

  function fill(values) {
    for (var i = 0; i < FIELDS.length; i++) {
      var f = field(FIELDS[i]);
      var v = values[FIELDS[i]] || "";
      if (!f) { continue; }
      if (f.tagName === "SELECT") {
        var found = false;
        for (var j = 0; j < f.options.length; j++) { if (f.options[j].value === v) { found = true; } }
        f.value = found ? v : "";
      } else {
        f.value = v;
      }
    }
  }

  function later() {
    w.clearTimeout(timer);
    timer = w.setTimeout(function () { search(true); }, 80);
  }

  function failed() {
    box.classList.add("gk-search--failed");
    form.hidden = true;
    fallback.hidden = false;
    status.textContent = "检索索引载入失败，请通过下面的信息公开目录查阅。";
  }

  function broken() {
    run++;
    fallback.hidden = false;
    more.hidden = true;
    status.textContent = "检索索引读取失败，请稍后重试，或通过下面的信息公开目录查阅。";
  }

  /* The entry has arrived: the shards of the URL's query are requested at once, then the
     records are read while they download; once the shards are in, the fragments of the first
     results are requested, whether or not the page has been parsed yet. */
  function entryArrived(text) {
    var e = null;
    try { e = text && JSON.parse(text); } catch (err) { e = null; }
    entry = e && e.v === 3 ? e : false;
    if (entry) {
      base = indexUrl.replace(/[^\/]*$/, "");
      var asked = readUrl();
      var ts = terms(asked.q || "");
      for (var i = 0; i < ts.length; i++) {
        for (var j = 0; j < ts[i].tokens.length; j++) {
          shardUrls(ts[i].tokens[j], entry).forEach(function (u) { get(u, function () {}); });
        }
      }
      idx = readEntry(entry);
      if (ts.length) { prefetchFirst(asked, ts); }
    }
    begin();
  }

  /* Ranks the URL's query as soon as its shards are in and requests the fragments of the first
     page of results, so that they are on their way (or there) when the page's first search asks
     for them: that search ranks again from the form, with the same shards, and shares these
     requests. Filters of the URL the form does not offer would narrow the first search
     differently, so the prefetch ignores a URL with filters. */
  function prefetchFirst(asked, ts) {
    if (asked.year || asked.topic || asked.issuer) { return; }
    candidates({ q: String(asked.q).trim(), year: "", topic: "", issuer: "" }, ts, function (hits) {
      if (!hits) { return; }
      hits.slice(0, PAGE).forEach(function (h) { get(fragmentUrl(h.id), function () {}); });
    });
  }

  /* The first search, once both the page and the entry are there. */
  function begin() {
    if (!domReady || entry === null) { return; }
    if (!entry) { failed(); return; }
    search(false);
  }

  /* The page has been parsed: the form, its handlers and the values of the URL. */
  function setup() {
    if (domReady) { return; }
    box = d.querySelector('[data-module="gk-search"]');
    if (!box) { return; }
    domReady = true;
    form = box.querySelector("[data-gk-search-form]");
    status = box.querySelector("[data-gk-search-status]");
    list = box.querySelector("[data-gk-search-results]");
    more = box.querySelector("[data-gk-search-more]");
    if (!more) {
      /* a site's own search.html written before the button existed */
      more = d.createElement("button");
      more.type = "button";
      more.className = "gk-search__more";
      more.textContent = "显示更多结果";
      more.hidden = true;
      list.parentNode.insertBefore(more, list.nextSibling);
    }
    fallback = box.querySelector("[data-gk-search-fallback]");
    prefix = box.getAttribute("data-gk-prefix") || "/";
    careHome = box.getAttribute("data-gk-care-home") || "/care/";
    form.hidden = false;
    fallback.hidden = true;
    fill(readUrl());
    if (!idx) { status.textContent = "正在载入检索索引……"; }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      w.clearTimeout(timer);
      if (idx) { search(true); }
    });
    form.addEventListener("input", function (ev) {
      if (idx && ev.target === field("q") && !ev.isComposing) { later(); }
    });
    form.addEventListener("compositionend", function () { if (idx) { later(); } });
    form.addEventListener("change", function (ev) {
      if (idx && ev.target.tagName === "SELECT") { w.clearTimeout(timer); search(true); }
    });
    more.addEventListener("click", function () { if (view) { showMore(true); } });

    if (!indexUrl) {
      /* a site's own search.html that loads this script without the entry's address */
      indexUrl = box.getAttribute("data-gk-index");
      get(indexUrl, entryArrived);
    }
    begin();
  }

  if (indexUrl) { get(indexUrl, entryArrived); }
  if (d.readyState === "loading") {
    d.addEventListener("readystatechange", setup);
    d.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})(window, document);
