// gongkai edit: the documents list and a document's form, in plain DOM (no framework). Every
// request carries the session secret in a header; the page never writes HTML from data.
'use strict';

const TOKEN_KEY = 'gongkai-edit-token';
const PREVIEW_PAUSE = 250;
let schema = null;
let view = null; // the document being edited

// ---- small helpers ----------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

let sayTimer = null;
function say(message) {
  const s = document.getElementById('status');
  s.textContent = '';
  clearTimeout(sayTimer);
  setTimeout(() => { s.textContent = message; }, 30);
  sayTimer = setTimeout(() => { s.textContent = ''; }, 6000);
}

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

async function api(method, path, body, headers = {}) {
  const opts = { method, headers: { 'X-Gongkai-Token': token(), ...headers } };
  if (body instanceof Blob || body instanceof ArrayBuffer) opts.body = body;
  else if (body !== undefined) {
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, opts);
  let data = {};
  try { data = await res.json(); } catch { data = { error: `服务器返回 ${res.status}` }; }
  return { ok: res.ok, status: res.status, data };
}

function q(params) {
  return Object.entries(params).filter(([, v]) => v !== '' && v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

function main() { return document.getElementById('main'); }

function show(title, ...content) {
  const m = main();
  m.replaceChildren(el('h1', { text: title }), ...content);
  document.title = `${title} - 文档编辑`;
  m.focus();
}

// ---- start: the secret, or the password ---------------------------------------------------------

async function start() {
  const hash = location.hash;
  const m = /^#k=([0-9a-f]+)/.exec(hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + '#/');
  }
  const r = await api('GET', '/_edit/api/schema');
  if (!r.ok) { login(); return; }
  schema = r.data;
  document.getElementById('site-name').textContent = schema.site ? ` · ${schema.site}` : '';
  window.addEventListener('hashchange', route);
  route();
}

function login() {
  const input = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    const r = await api('POST', '/_edit/api/login', { password: input.value });
    if (r.ok) { sessionStorage.setItem(TOKEN_KEY, r.data.token); location.hash = '#/'; start(); }
    else say(r.data.error || '无法登录');
  } },
  el('p', { text: '请输入启动 gongkai edit 时设置的密码；或者用启动时显示的完整地址（含会话密钥）打开本页。' }),
  el('label', { for: 'password', text: '密码' }), input,
  el('button', { type: 'submit', text: '登录' }));
  show('登录', form);
}

function route() {
  const h = decodeURIComponent(location.hash.slice(1) || '/');
  if (h.startsWith('/doc/')) openDocument(h.slice(5));
  else if (h === '/draft' && view) renderDocument(view);
  else if (h === '/trash') trashView();
  else listView();
}

// ---- the documents list -------------------------------------------------------------------------

const listState = { q: '', section: '', year: '', issuer: '', state: '', offset: 0 };

function select(id, label, options, value, onchange) {
  const s = el('select', { id, onchange },
    options.map(([v, t]) => el('option', { value: v, text: t, selected: v === value })));
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), s);
}

async function listView() {
  view = null;
  const results = el('div', { id: 'results' });
  const search = el('input', { id: 'q', type: 'search', value: listState.q });
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { listState.q = search.value; listState.offset = 0; loadList(results); }, 200);
  });
  const sections = schema.sections.map((s) => [s.dir, `${s.title}（${s.dir}）`]);
  const filters = el('form', { class: 'filters', role: 'search', 'aria-label': '筛选文档', onsubmit: (e) => e.preventDefault() },
    el('div', { class: 'field wide' }, el('label', { for: 'q', text: '搜索标题、索引号或文号' }), search),
    select('f-section', '栏目', [['', '全部栏目'], ...sections], listState.section, (e) => { listState.section = e.target.value; listState.offset = 0; loadList(results); }),
    el('div', { id: 'f-more', class: 'filters-more' }),
    select('f-state', '状态', [['', '全部状态'], ...['草稿', '待发布', '已发布', '失效/废止'].map((s) => [s, s])], listState.state, (e) => { listState.state = e.target.value; listState.offset = 0; loadList(results); }));
  const target = el('select', { id: 'new-section' }, schema.sections.map((s) => el('option', { value: s.dir, text: s.title })));
  const picker = el('input', { id: 'import-file', type: 'file', accept: '.docx,.html,.htm,.shtml' });
  picker.addEventListener('change', () => { if (picker.files[0]) importFile(picker.files[0], target.value); });
  const drop = el('div', { class: 'drop', id: 'drop' },
    el('p', { text: '把 Word/WPS 公文（.docx）或保存的网页（.html）拖到这里，就会打开填好的表单；保存前不写入任何文件。' }),
    el('label', { for: 'import-file', text: '或选择要导入的文件' }), picker);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer.files[0];
    if (f) importFile(f, target.value);
  });
  const create = el('section', { class: 'panel', 'aria-labelledby': 'new-h' },
    el('h2', { id: 'new-h', text: '新建文档' }),
    el('div', { class: 'row' },
      el('div', { class: 'field' }, el('label', { for: 'new-section', text: '栏目' }), target),
      el('button', { type: 'button', text: '新建空白文档', onclick: () => newDocument(target.value) })),
    drop);
  show('文档列表', create, filters, results);
  await loadList(results);
}

async function loadList(results) {
  const r = await api('GET', `/_edit/api/list?${q(listState)}`);
  if (!r.ok) { say(r.data.error); return; }
  const d = r.data;
  const more = document.getElementById('f-more');
  if (more && !more.childElementCount) {
    more.append(
      select('f-year', '年份', [['', '全部年份'], ...d.years.map((y) => [y, `${y} 年`])], listState.year, (e) => { listState.year = e.target.value; listState.offset = 0; loadList(results); }),
      select('f-issuer', '发布机构', [['', '全部发布机构'], ...d.issuers.map((i) => [i, i])], listState.issuer, (e) => { listState.issuer = e.target.value; listState.offset = 0; loadList(results); }));
  }
  const rows = d.rows.map((row) => el('tr', {},
    el('td', {}, el('a', { href: `#/doc/${encodeURIComponent(row.path)}`, text: row.title || '（无标题）' })),
    el('td', { text: row.section }),
    el('td', { text: row.date }),
    el('td', { text: row.issuer }),
    el('td', { text: row.index_no || '' }),
    el('td', { text: row.state }),
    el('td', { class: row.errors ? 'bad' : '', text: row.errors || row.warnings ? `${row.errors} 个错误，${row.warnings} 条警告` : '无' })));
  const table = el('table', {},
    el('caption', { text: `共 ${d.total} 篇，按发布日期从新到旧` }),
    el('thead', {}, el('tr', {}, ['标题', '栏目', '发布日期', '发布机构', '索引号', '状态', '问题'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows));
  const nav = [];
  if (d.offset + d.rows.length < d.total) {
    nav.push(el('button', { type: 'button', text: '下一页', onclick: () => { listState.offset += d.rows.length; loadList(results); } }));
  }
  if (d.offset > 0) {
    nav.push(el('button', { type: 'button', text: '上一页', onclick: () => { listState.offset = Math.max(0, d.offset - 100); loadList(results); } }));
  }
  results.replaceChildren(el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '文档' }, table), el('p', { class: 'row' }, nav));
  say(`找到 ${d.total} 篇文档`);
}

async function importFile(file, section) {
  say(`正在导入 ${file.name}……`);
  const r = await api('POST', `/_edit/api/import?${q({ section, name: file.name })}`, file);
  if (!r.ok) { say(r.data.error); alertBox(r.data.error); return; }
  view = r.data;
  location.hash = '#/draft';
  if (location.hash === '#/draft') renderDocument(view);
}

async function newDocument(section) {
  const r = await api('POST', '/_edit/api/new', { section });
  if (!r.ok) { say(r.data.error); return; }
  view = r.data;
  location.hash = '#/draft';
  renderDocument(view);
}

function alertBox(message) {
  const box = el('div', { class: 'alert', role: 'alert', text: message });
  main().insertBefore(box, main().children[1] || null);
}

// ---- a document ---------------------------------------------------------------------------------

async function openDocument(path) {
  const r = await api('GET', `/_edit/api/doc?${q({ path })}`);
  if (!r.ok) { show('无法打开', el('p', { role: 'alert', text: r.data.error })); return; }
  renderDocument(r.data);
}

/** The value of a field as the form writes it: dates as written, lists as arrays. */
function normal(kind, v) {
  if (v === undefined || v === null || v === '') return null;
  if (kind === 'list' || kind === 'relations') return Array.isArray(v) ? v.map(String) : [String(v)];
  if (kind === 'switch') return v === true || v === 'true' ? true : v === false || v === 'false' ? false : v;
  return v;
}

const CORE = ['title', 'index_no', 'issuer', 'date', 'written_on', 'doc_no', 'topics', 'keywords', 'validity', 'validity_date', 'summary', 'attachments', 'draft'];

const DATE_RE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/;

/** One input per field: returns {node, read(), inputs}. */
function widget(f, value, doc) {
  const id = `f-${f.key}`;
  const choices = (schema.choices[f.key] || []);
  const listId = `${id}-choices`;
  switch (f.kind) {
    case 'date': {
      // Text, not type=date: the browser would show its own locale's order (mm/dd/yyyy).
      const m = DATE_RE.exec(typeof value === 'string' ? value : '') || [];
      const hint = el('p', { class: 'hint', id: `${id}-format`, 'aria-live': 'polite', text: '格式：年-月-日，如 2021-03-04' });
      const date = el('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off', value: m[1] || '', required: f.required, 'aria-describedby': hint.id });
      const time = el('input', { id: `${id}-time`, type: 'text', inputmode: 'numeric', autocomplete: 'off', value: m[2] || '', 'aria-describedby': `${id}-time-format` });
      const timeHint = el('p', { class: 'hint', id: `${id}-time-format`, 'aria-live': 'polite', text: '格式：时:分（24 小时制），如 09:30' });
      const checked = (input, re, note, wrong) => () => {
        const bad = input.value.trim() !== '' && !re.test(input.value.trim());
        note.textContent = bad ? wrong(input.value.trim()) : note.dataset.format;
        note.classList.toggle('error', bad);
        if (bad) { input.setAttribute('aria-invalid', 'true'); input.dataset.badFormat = '1'; } else { input.removeAttribute('aria-invalid'); delete input.dataset.badFormat; }
      };
      hint.dataset.format = hint.textContent;
      timeHint.dataset.format = timeHint.textContent;
      date.addEventListener('change', checked(date, /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, hint, (v) => `“${v}”不是日期：请写成 年-月-日，如 2021-03-04`));
      time.addEventListener('change', checked(time, /^([01]\d|2[0-3]):[0-5]\d$/, timeHint, (v) => `“${v}”不是时间：请写成 时:分，如 09:30`));
      return {
        inputs: [date, time],
        node: [date, hint, el('label', { for: `${id}-time`, class: 'sub', text: `${f.label}的时间（北京时间，可不填）` }), time, timeHint],
        read: () => { const d = date.value.trim(); const t = time.value.trim(); return d ? (t ? `${d}T${t}:00+08:00` : d) : null; },
      };
    }
    case 'list': case 'relations': {
      const input = el('input', { id, type: 'text', value: normal('list', value)?.join('、') || '', list: choices.length ? listId : null });
      const dl = choices.length ? el('datalist', { id: listId }, choices.map((c) => el('option', { value: c }))) : null;
      const nodes = [input, dl, el('p', { class: 'hint', text: '多个值用顿号“、”分开' })];
      if (f.kind === 'relations') nodes.push(relationSearch(f, input, true));
      return { inputs: [input], node: nodes, read: () => { const l = input.value.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean); return l.length ? l : null; } };
    }
    case 'relation': {
      const input = el('input', { id, type: 'text', value: value ?? '' });
      return { inputs: [input], node: [input, relationSearch(f, input, false)], read: () => input.value.trim() || null };
    }
    case 'validity': {
      const s = el('select', { id }, ['', '有效', '失效', '废止'].map((v) => el('option', { value: v, text: v || '（不填）', selected: (value ?? '') === v })));
      return { inputs: [s], node: [s], read: () => s.value || null };
    }
    case 'switch': {
      const cur = value === true ? 'true' : value === false ? 'false' : '';
      const s = el('select', { id }, [['', '（不填）'], ['true', '是'], ['false', '否']].map(([v, t]) => el('option', { value: v, text: t, selected: cur === v })));
      return { inputs: [s], node: [s], read: () => (s.value === '' ? null : s.value === 'true') };
    }
    case 'long': {
      const t = el('textarea', { id, rows: '3' });
      t.value = value ?? '';
      return { inputs: [t], node: [t], read: () => t.value.trim() || null };
    }
    case 'attachments': return attachmentsWidget(f, value, doc);
    case 'kept': {
      const p = el('p', { id, class: 'hint', text: value ? '年报数据保持原样（请在文本编辑器中修改）' : '（无）' });
      return { inputs: [], node: [p], read: () => value ?? null };
    }
    default: {
      const input = el('input', { id, type: 'text', value: typeof value === 'string' || typeof value === 'number' ? String(value) : (value === undefined || value === null ? '' : JSON.stringify(value)), required: f.required, list: choices.length ? listId : null });
      const extra = [];
      if (choices.length) extra.push(el('datalist', { id: listId }, choices.map((c) => el('option', { value: c }))));
      if (f.kind === 'index_no' && doc.proposedIndexNo) {
        extra.push(el('button', { type: 'button', class: 'small', id: 'propose-index-no', text: `填入下一个空闲的索引号 ${doc.proposedIndexNo}`, onclick: () => { input.value = doc.proposedIndexNo; input.dispatchEvent(new Event('input', { bubbles: true })); } }));
      }
      return { inputs: [input], node: [input, ...extra], read: () => input.value.trim() || null };
    }
  }
}

function relationSearch(f, input, many) {
  const id = `${f.key}-search`;
  const box = el('input', { id, type: 'search' });
  const out = el('ul', { class: 'picks' });
  let timer = null;
  box.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!box.value.trim()) { out.replaceChildren(); return; }
      const r = await api('GET', `/_edit/api/list?${q({ q: box.value.trim() })}`);
      const rows = (r.data.rows || []).slice(0, 8);
      out.replaceChildren(...rows.map((row) => el('li', {}, el('button', { type: 'button', class: 'small', text: `选用：${row.title}（${row.index_no || row.path}）`, onclick: () => {
        const v = row.index_no || row.path;
        input.value = many && input.value.trim() ? `${input.value.trim()}、${v}` : v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        say(`已选用 ${row.title}`);
      } }))));
    }, 200);
  });
  return el('div', { class: 'relation-search' }, el('label', { for: id, class: 'sub', text: `搜索要作为“${f.label}”的文档` }), box, out);
}

function attachmentsWidget(f, value, doc) {
  const sizes = doc.fileSizes || {};
  const items = Array.isArray(value) ? value.map((a) => ({ title: a.title ?? '', file: a.file ?? '', size: sizes[a.file] })) : [];
  const list = el('ul', { class: 'attachments', id: `f-${f.key}` });
  const fieldset = el('div', {});
  let changed = () => {};
  function draw() {
    list.replaceChildren(...items.map((a, i) => el('li', {},
      el('span', { text: `${a.title || '（无名称）'} — ${a.file}（${(a.file.split('.').pop() || '').toUpperCase()}${a.size ? `，${Math.ceil(a.size / 1024)} KB` : ''}）` }),
      el('button', { type: 'button', class: 'small', text: `移除附件 ${a.title || a.file}`, onclick: () => { items.splice(i, 1); draw(); changed(); } }))));
  }
  draw();
  const title = el('input', { id: 'att-title', type: 'text' });
  const file = el('input', { id: 'att-file', type: 'file', accept: '.pdf,.ofd,.doc,.docx,.wps,.xls,.xlsx,.et,.csv,.txt,.zip,.rar,.7z,.jpg,.jpeg,.png,.gif,.webp,.mp4,.mp3' });
  const upload = el('button', { type: 'button', text: '上传附件', onclick: async () => {
    const chosen = file.files[0];
    if (!chosen) { say('请先选择文件'); return; }
    const r = await api('POST', `/_edit/api/upload?${q({ path: doc.path, name: chosen.name })}`, chosen);
    if (!r.ok) { say(r.data.error); return; }
    items.push({ title: title.value.trim() || chosen.name.replace(/\.[^.]+$/, ''), file: r.data.file, size: r.data.size });
    title.value = '';
    file.value = '';
    draw();
    changed();
    say(`已添加附件 ${r.data.file}：保存文档时写入`);
  } });
  fieldset.append(list, el('div', { class: 'row' },
    el('div', { class: 'field' }, el('label', { for: 'att-title', text: '附件名称' }), title),
    el('div', { class: 'field' }, el('label', { for: 'att-file', text: '附件文件' }), file), upload));
  return {
    inputs: [], node: [fieldset], group: true,
    onChange: (fn) => { changed = fn; },
    read: () => (items.length ? items.map((a) => ({ title: a.title, file: a.file })) : null),
  };
}

function renderDocument(doc) {
  view = doc;
  const state = { dirty: new Set(), bodyDirty: false, widgets: {}, rendition: 'standard', timer: null, n: 0, doc };
  const fields = doc.fields || {};
  const problemsBox = el('section', { class: 'panel problems', 'aria-labelledby': 'problems-h' }, el('h2', { id: 'problems-h', text: '问题' }), el('ul', { id: 'problem-list' }));
  const form = el('form', { id: 'doc-form', class: 'doc-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(state, false); } });
  // Fields most documents need come first; the others (set ones shown open) under 更多信息.
  const more = el('details', { class: 'more-fields' }, el('summary', { text: '更多信息（公开方式、体裁、网址名、关联文档等）' }));
  for (const f of schema.fields) {
    const w = widget(f, fields[f.key], doc);
    state.widgets[f.key] = w;
    const mark = f.required ? el('span', { class: 'req', 'aria-hidden': 'true', text: '＊必填' }) : null;
    const source = doc.sources && doc.sources[f.key] ? el('p', { class: 'hint source', id: `src-${f.key}`, text: `来源：${doc.sources[f.key]}` }) : null;
    const label = el('div', { class: 'label-row' },
      w.group ? el('p', { class: 'label', id: `f-${f.key}-label`, text: f.label }) : el('label', { for: `f-${f.key}`, text: f.label }), mark);
    const block = el(w.group ? 'div' : 'div', { class: `field kind-${f.kind}`, role: w.group ? 'group' : null, 'aria-labelledby': w.group ? `f-${f.key}-label` : null, 'data-key': f.key },
      label, w.node, source, el('ul', { class: 'field-problems', id: `p-${f.key}` }));
    if (source && w.inputs[0]) w.inputs[0].setAttribute('aria-describedby', `src-${f.key}`);
    const touched = () => { state.dirty.add(f.key); schedule(state); };
    for (const i of w.inputs) { i.addEventListener('input', touched); i.addEventListener('change', touched); }
    if (w.onChange) w.onChange(touched);
    if (CORE.includes(f.key) || f.required) form.append(block);
    else {
      more.append(block);
      if (fields[f.key] !== undefined && fields[f.key] !== null) more.open = true;
    }
  }
  form.append(more);
  if (doc.unknown && doc.unknown.length) {
    form.append(el('p', { class: 'hint', text: `其他字段保持原样：${doc.unknown.join('、')}` }));
  }
  const body = el('textarea', { id: 'body', rows: '18', spellcheck: 'false', 'aria-describedby': 'body-hint' });
  body.value = doc.body;
  body.addEventListener('input', () => { state.bodyDirty = true; schedule(state); });
  form.append(el('div', { class: 'field body' },
    el('label', { for: 'body', text: '正文' }),
    el('p', { id: 'body-hint', class: 'hint', text: 'Markdown 格式：空一行分段，“一、”“（一）”开头的行是标题。右侧预览在停止输入后自动刷新。' }),
    body, el('ul', { class: 'field-problems', id: 'p-body' })));
  const actions = el('div', { class: 'actions', id: 'actions' },
    el('button', { type: 'submit', class: 'primary', text: '保存' }));
  if (!doc.isNew) actions.append(el('button', { type: 'button', text: '删除', onclick: () => askDelete(state) }));
  form.append(actions, el('div', { id: 'save-result' }));
  const frame = el('iframe', { id: 'preview-frame', title: '页面预览', src: 'about:blank' });
  const tabs = el('div', { class: 'row', role: 'group', 'aria-label': '预览版本' },
    ['standard', 'care'].map((r) => el('button', { type: 'button', class: 'small', 'aria-pressed': r === 'standard' ? 'true' : 'false', 'data-rendition': r, text: r === 'standard' ? '标准版' : '关怀版', onclick: (e) => {
      state.rendition = r;
      for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', b === e.target ? 'true' : 'false');
      showPreview(state);
    } })));
  const preview = el('section', { class: 'preview', 'aria-labelledby': 'preview-h' }, el('h2', { id: 'preview-h', text: '预览' }), tabs, frame);
  const intro = [];
  if (doc.isNew) {
    intro.push(el('p', { class: 'notice', text: `新文档，将保存为 content/${doc.path}。保存前不会写入任何文件。` }));
  }
  if (doc.missing && doc.missing.length) intro.push(el('p', { class: 'notice', text: `导入时没有找到：${doc.missing.join('、')}` }));
  if (doc.warnings && doc.warnings.length) intro.push(el('ul', { class: 'notice' }, doc.warnings.map((w) => el('li', { text: w }))));
  show(fields.title || (doc.isNew ? '新文档' : '（无标题）'), ...intro, problemsBox,
    el('div', { class: 'columns' }, el('section', { class: 'editor', 'aria-labelledby': 'form-h' }, el('h2', { id: 'form-h', text: '信息与正文' }), form), preview));
  drawProblems(state, doc.problems || []);
  refresh(state);
}

/** The changes the clerk made: only touched fields whose value differs, the body if edited. */
function changes(state) {
  const edits = {};
  for (const key of state.dirty) {
    const f = schema.fields.find((x) => x.key === key);
    const now = state.widgets[key].read();
    const before = normal(f.kind, state.doc.fields[key]);
    if (JSON.stringify(now) !== JSON.stringify(before)) edits[key] = now;
  }
  const bodyNow = document.getElementById('body').value;
  const body = state.bodyDirty && bodyNow !== state.doc.body ? bodyNow : null;
  return { path: state.doc.path, isNew: state.doc.isNew, baseText: state.doc.text, edits, body };
}

function schedule(state) {
  main().dataset.preview = 'pending';
  clearTimeout(state.timer);
  state.timer = setTimeout(() => refresh(state), PREVIEW_PAUSE);
}

async function refresh(state) {
  const n = ++state.n;
  main().dataset.preview = 'pending';
  const r = await api('POST', '/_edit/api/preview', changes(state));
  if (n !== state.n || view !== state.doc) return;
  main().dataset.preview = 'done';
  if (!r.ok) { say(r.data.error); return; }
  drawProblems(state, r.data.problems);
  const propose = document.getElementById('propose-index-no');
  if (propose && r.data.proposedIndexNo) {
    state.doc.proposedIndexNo = r.data.proposedIndexNo;
    propose.textContent = `填入下一个空闲的索引号 ${r.data.proposedIndexNo}`;
  }
  state.hasPage = r.data.hasPage;
  showPreview(state);
}

function showPreview(state) {
  const frame = document.getElementById('preview-frame');
  if (!frame) return;
  frame.src = state.hasPage ? `/_edit/preview/${state.rendition}/${state.doc.path}?n=${state.n}` : 'about:blank';
}

function drawProblems(state, problems) {
  const list = document.getElementById('problem-list');
  for (const ul of document.querySelectorAll('.field-problems')) ul.replaceChildren();
  for (const i of document.querySelectorAll('[aria-invalid]:not([data-bad-format])')) i.removeAttribute('aria-invalid');
  const word = { error: '错误', warning: '警告', advice: '建议' };
  const bodyLine = state.doc.bodyLine || 1;
  list.replaceChildren(...problems.map((p) => el('li', { class: p.severity, text: p.text })));
  if (!problems.length) list.append(el('li', { text: '没有发现问题' }));
  for (const p of problems) {
    const w = state.widgets[p.key];
    if (w && p.key) {
      const ul = document.getElementById(`p-${p.key}`);
      ul.append(el('li', { class: p.severity, text: `${word[p.severity]}：${p.message}` }));
      ul.closest('details')?.setAttribute('open', '');
      if (p.severity === 'error') for (const i of w.inputs) i.setAttribute('aria-invalid', 'true');
    } else if (p.line >= bodyLine) {
      document.getElementById('p-body').append(el('li', { class: p.severity, text: `正文第 ${p.line - bodyLine + 1} 行，${word[p.severity]}：${p.message}` }));
    }
  }
  for (const [key, w] of Object.entries(state.widgets)) {
    const ul = document.getElementById(`p-${key}`);
    const ids = [w.inputs[0]?.getAttribute('aria-describedby')?.split(' ').filter((x) => x !== ul.id) || [], ul.childElementCount ? [ul.id] : []].flat();
    if (w.inputs[0]) { if (ids.length) w.inputs[0].setAttribute('aria-describedby', ids.join(' ')); else w.inputs[0].removeAttribute('aria-describedby'); }
  }
}

async function save(state, asDraft) {
  if (asDraft) {
    const w = state.widgets.draft;
    w.inputs[0].value = 'true';
    state.dirty.add('draft');
  }
  const result = document.getElementById('save-result');
  result.replaceChildren();
  const r = await api('POST', '/_edit/api/save', changes(state));
  if (r.ok) {
    say('已保存');
    const saved = r.data;
    const wasNew = state.doc.isNew;
    if (wasNew) { location.hash = `#/doc/${encodeURIComponent(state.doc.path)}`; return; }
    const fresh = await api('GET', `/_edit/api/doc?${q({ path: state.doc.path })}`);
    if (fresh.ok) { renderDocument(fresh.data); drawProblems({ ...state, doc: fresh.data }, saved.problems); }
    document.getElementById('save-result').replaceChildren(el('p', { class: 'ok', role: 'status', text: `已保存到 content/${state.doc.path}` }));
    return;
  }
  const box = el('div', { class: 'alert', role: 'alert' }, el('p', { text: r.data.error }));
  if (r.data.needDraft) {
    drawProblems(state, r.data.problems || []);
    box.append(el('button', { type: 'button', text: '存为草稿', onclick: () => save(state, true) }));
  }
  if (r.data.conflict) {
    box.append(el('div', { class: 'columns' },
      el('div', { class: 'field' }, el('label', { for: 'disk-version', text: '磁盘上的版本' }), readOnly('disk-version', r.data.disk)),
      el('div', { class: 'field' }, el('label', { for: 'my-version', text: '您的版本（尚未保存）' }), readOnly('my-version', r.data.mine))));
  }
  result.append(box);
  say(r.data.error);
}

function readOnly(id, text) {
  const t = el('textarea', { id, rows: '12', readonly: true });
  t.value = text;
  return t;
}

async function askDelete(state) {
  const r = await api('GET', `/_edit/api/links?${q({ path: state.doc.path })}`);
  const docs = r.data.documents || [];
  const box = el('div', { class: 'alert', role: 'alertdialog', 'aria-labelledby': 'del-h' },
    el('h2', { id: 'del-h', text: '确认删除' }),
    el('p', { text: `文档会移到回收站（站点文件夹中的 .gongkai/trash/），可以恢复。${docs.length ? '以下文档链接到它或与它有关联：' : '没有其他文档链接到它。'}` }),
    docs.length ? el('ul', {}, docs.map((d) => el('li', { text: `${d.title}（content/${d.path}）` }))) : null,
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'danger', text: '确认删除', onclick: async () => {
        const d = await api('POST', '/_edit/api/delete', { path: state.doc.path, version: state.doc.version });
        if (d.ok) { say(`已删除，文件在 ${d.data.trash}`); location.hash = '#/'; } else { say(d.data.error); }
      } }),
      el('button', { type: 'button', text: '取消', onclick: () => { box.remove(); } })));
  document.getElementById('save-result').replaceChildren(box);
  box.querySelector('button').focus();
}

// ---- the 回收站 ---------------------------------------------------------------------------------

async function trashView() {
  view = null;
  const r = await api('GET', '/_edit/api/trash');
  const items = r.data.items || [];
  const rows = items.map((t) => el('tr', {},
    el('td', { text: t.title || '（无标题）' }), el('td', { text: t.deleted }),
    el('td', { text: `content/${t.path}${t.files.length ? `（及附件 ${t.files.join('、')}）` : ''}` }),
    el('td', {}, el('button', { type: 'button', class: 'small', text: `恢复《${t.title || t.path}》`, onclick: () => restore(t) }))));
  show('回收站',
    el('p', { text: '在编辑器中删除的文档（连同只有它使用的附件）保存在站点文件夹的 .gongkai/trash/ 中。恢复会把文件移回原来的位置。' }),
    el('div', { id: 'trash-result' }),
    items.length
      ? el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '回收站中的文档' },
        el('table', {}, el('caption', { text: `共 ${items.length} 项，最近删除的在前` }),
          el('thead', {}, el('tr', {}, ['标题', '删除时间', '原来的位置', '操作'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows)))
      : el('p', { text: '回收站是空的。' }));
}

async function restore(t) {
  const r = await api('POST', '/_edit/api/restore', { folder: t.folder });
  if (!r.ok) {
    document.getElementById('trash-result').replaceChildren(el('p', { class: 'alert', role: 'alert', text: r.data.error }));
    return;
  }
  say(`已恢复到 content/${r.data.path}`);
  location.hash = `#/doc/${encodeURIComponent(r.data.path)}`;
}

document.addEventListener('DOMContentLoaded', start);
