// app.js — starts the WebAssembly app, feeds it the fonts and the atlas, keeps the DOM mirror
// in sync, and opens links on real clicks. All page-side logic lives here; the C++ side of the
// surface is wasm/web_api.cpp.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);

  function fail(message) {
    $('loading').hidden = true;
    $('failure-text').textContent = message;
    $('failure').hidden = false;
    $('mirror-status').textContent = message;
  }

  function progress(text, fraction) {
    $('loading-text').textContent = text;
    if (fraction !== undefined) $('loading-bar').style.width = Math.round(fraction * 100) + '%';
  }

  function hasWebGL2() {
    try { return !!document.createElement('canvas').getContext('webgl2'); } catch (e) { return false; }
  }

  // Which atlas to load: the bundled one, or ?atlas=URL on this same origin (for maintainers).
  function atlasUrl() {
    const requested = params.get('atlas');
    if (!requested) return { url: 'atlas.json' };
    let url;
    try { url = new URL(requested, location.href); } catch (e) { return { error: 'The atlas address "' + requested + '" is not a valid URL.' }; }
    if (url.origin !== location.origin) return { error: 'Only atlases from this site can be loaded (' + url.origin + ' is another origin).' };
    return { url: url.href };
  }

  // fetch with a progress callback; resolves to a Uint8Array.
  async function fetchBytes(url, onProgress) {
    const response = await fetch(url);
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
    const total = Number(response.headers.get('content-length')) || 0;
    if (!response.body || !total) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(Math.min(1, received / total));
    }
    const bytes = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) { bytes.set(chunk, offset); offset += chunk.length; }
    return bytes;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(script);
    });
  }

  // Copies bytes into the wasm heap; the C++ side takes ownership and frees them.
  function toHeap(module, bytes) {
    const ptr = module._malloc(bytes.length || 1);
    module.HEAPU8.set(bytes, ptr);
    return ptr;
  }

  // [SECTION] DOM mirror: rebuilt from the app's view JSON with textContent only.
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  function safeLink(url) {
    try { const u = new URL(url); return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:'; }
    catch (e) { return false; }
  }

  const command = (text) => window.atlasApp && window.atlasApp.command(text);

  function button(text, cmd, attrs) {
    const b = el('button', text, Object.assign({ type: 'button' }, attrs || {}));
    b.addEventListener('click', () => command(cmd));
    return b;
  }

  // Filters as labelled checkboxes with their live counts; changing one sends the same command
  // the canvas would.
  function renderFilters(view) {
    const box = $('mirror-filters');
    box.replaceChildren();
    if (!view.facets) return;
    for (const facet of view.facets) {
      const fieldset = el('fieldset', null, { 'data-facet': facet.key });
      fieldset.append(el('legend', facet.name));
      for (const o of facet.options) {
        if (!o.count && !o.selected) continue;
        const id = 'f-' + facet.key + '-' + o.code;
        const input = el('input', null, { type: 'checkbox', id, 'data-code': o.code });
        input.checked = o.selected;
        input.addEventListener('change', () => command('toggle ' + facet.key + ' ' + o.code));
        const label = el('label', o.label + ' (' + o.count + ')', { for: id });
        fieldset.append(el('div', null), input, label);
      }
      box.append(fieldset);
    }
    for (const group of view.tags || []) {
      if (!group.tags.length) continue;
      const fieldset = el('fieldset', null, { 'data-facet': 'tags' });
      fieldset.append(el('legend', group.category));
      for (const t of group.tags) {
        const id = 'tag-' + t.index;
        const input = el('input', null, { type: 'checkbox', id });
        input.checked = t.selected;
        input.addEventListener('change', () => command('tag ' + t.index));
        fieldset.append(input, el('label', t.label + ' (' + t.count + ')', { for: id }));
      }
      box.append(fieldset);
    }
    const sort = el('select', null, { id: 'mirror-sort', 'aria-label': 'Sort results' });
    for (const [code, label] of [['relevance', 'Relevance'], ['newest', 'Newest first'], ['oldest', 'Oldest first'], ['evidence', 'Evidence level']]) {
      const option = el('option', label, { value: code });
      option.selected = view.sort === code;
      sort.append(option);
    }
    sort.addEventListener('change', () => command('sort ' + sort.value));
    box.append(el('label', 'Sort', { for: 'mirror-sort' }), sort);
    const exports = el('div', null, { role: 'group', 'aria-label': 'Export the listed studies', id: 'mirror-export' });
    for (const [fmt, label] of [['csv', 'CSV'], ['ris', 'RIS'], ['bibtex', 'BibTeX'], ['csl', 'CSL-JSON']])
      exports.append(button('Export results as ' + label, 'export ' + fmt, { 'data-format': fmt }));
    box.append(exports);
    const chips = $('mirror-chips');
    chips.replaceChildren();
    for (const chip of view.chips || []) {
      const li = el('li');
      li.append(button('Remove filter: ' + chip.label, chip.command));
      chips.append(li);
    }
    if ((view.chips || []).length) {
      const li = el('li');
      li.append(button('Clear all filters', 'clear'));
      chips.append(li);
    }
  }

  function renderMirror(view) {
    $('mirror-title').textContent = view.title + (view.synthetic ? ' (synthetic test data)' : '');
    $('mirror-status').textContent = view.status || '';
    $('mirror-count').textContent = view.count + (view.count === 1 ? ' study' : ' studies') + (view.query ? ' matching "' + view.query + '"' : '');
    renderFilters(view);
    const list = $('mirror-list');
    list.replaceChildren();
    for (const item of view.listed) {
      const li = el('li');
      const button = el('button', (item.retracted ? '[Retracted] ' : '') + item.title, { type: 'button', 'data-index': item.index, 'data-slug': item.slug });
      button.addEventListener('click', () => command('open ' + item.index));
      li.append(button, el('span', ' ' + item.evidence + ' · ' + item.pem + ' · ' + item.byline));
      list.append(li);
    }
    const card = $('mirror-card');
    card.replaceChildren();
    card.hidden = !view.card;
    if (!view.card) return;
    const c = view.card;
    card.dataset.slug = c.slug;
    card.append(button('Back to results', 'back'));
    const depth = el('div', null, { role: 'group', 'aria-label': 'Reading depth', 'data-depth': view.depth });
    for (const d of ['quick', 'standard', 'full'])
      depth.append(button(d[0].toUpperCase() + d.slice(1), 'depth ' + d, { 'aria-pressed': String(view.depth === d) }));
    card.append(depth);
    if (c.retraction) card.append(el('p', c.retraction, { class: 'retraction', role: 'note' }));
    const badges = el('ul', null, { class: 'badges', 'aria-label': 'Classification' });
    for (const b of c.badges) badges.append(el('li', b.text, { title: b.tooltip }));
    card.append(badges, el('h2', c.title), el('p', c.byline, { class: 'byline' }));
    if (c.draft_notice) card.append(el('p', c.draft_notice, { class: 'draft-notice' }));
    const actions = el('div', null, { class: 'card-actions' });
    const copy = (label, text, what) => {
      const b = el('button', label, { type: 'button' });
      b.addEventListener('click', () => copyText(text, what));
      return b;
    };
    actions.append(copy('Copy citation', c.cite_plain, 'Citation'), copy('Copy BibTeX', c.cite_bibtex, 'BibTeX'),
      copy('Cite this card', c.cite_atlas, 'Card citation'),
      button(c.in_compare ? 'Remove from compare' : 'Add to compare', 'compare ' + c.index));
    card.append(actions, el('p', c.cite_plain, { class: 'citation', 'data-cite': 'plain' }),
      el('pre', c.cite_bibtex, { class: 'citation', 'data-cite': 'bibtex' }), el('p', c.cite_atlas, { class: 'citation', 'data-cite': 'atlas' }));
    for (const s of c.sections) {
      const section = el('section', null, { 'data-section': s.id });
      if (s.heading) section.append(el('h3', s.heading));
      if (s.subheading) section.append(el('h4', s.subheading));
      if (s.text) section.append(el('p', s.text));
      if (s.items.length) {
        const ul = el('ul');
        for (const item of s.items) ul.append(el('li', item));
        section.append(ul);
      }
      card.append(section);
    }
    if (c.tags.length) {
      const section = el('section', null, { 'data-section': 'tags' });
      section.append(el('h3', 'Tags'));
      for (const group of c.tags) section.append(el('p', group.category + ': ' + group.tags.join(', ')));
      card.append(section);
    }
    const meta = el('section', null, { 'data-section': 'metadata' });
    meta.append(el('h3', 'Metadata'));
    const dl = el('dl');
    for (const m of c.metadata) {
      const dd = el('dd');
      if (m.link && safeLink(m.link)) dd.append(el('a', m.value, { href: m.link, target: '_blank', rel: 'noopener noreferrer' }));
      else dd.textContent = m.value;
      dl.append(el('dt', m.label), dd);
    }
    meta.append(dl);
    card.append(meta, el('p', c.pem_note, { 'data-section': 'pem-note' }));
    if (c.about_url && safeLink(c.about_url)) card.append(el('a', 'How the atlas works', { href: c.about_url }));
    if (c.quality_notes.length) {
      const notes = el('section', null, { 'data-section': 'quality-notes' });
      notes.append(el('h3', 'Data-quality notes'));
      const ul = el('ul');
      for (const note of c.quality_notes) ul.append(el('li', note));
      notes.append(ul);
      card.append(notes);
    }
    const contribute = el('section', null, { 'data-section': 'contribute' });
    contribute.append(el('h3', 'Contribute'), el('p', c.contribute_text));
    if (c.contribute_url && safeLink(c.contribute_url)) contribute.append(el('a', 'Report an error in this card', { href: c.contribute_url }));
    card.append(contribute);
  }

  // Clipboard: the app asks, the page copies (with a fallback for browsers without the async API).
  function copyText(text, what) {
    const done = () => { $('mirror-status').textContent = (what || 'Text') + ' copied to the clipboard.'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, () => legacyCopy(text) && done());
    } else if (legacyCopy(text)) done();
  }
  function legacyCopy(text) {
    const area = el('textarea', null, { 'aria-hidden': 'true' });
    area.value = text;
    area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  // Downloads: a Blob and a temporary link; the file name says what it holds.
  function saveFile(name, mime, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = el('a', null, { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    $('mirror-status').textContent = 'Saved ' + name + '.';
  }

  // Reading preferences, remembered between visits. Theme follows prefers-color-scheme until chosen.
  const PREFS_KEY = 'mecfs-atlas-prefs';
  function systemTheme() {
    if (matchMedia('(prefers-contrast: more)').matches) return 'contrast';
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  function loadPrefs() {
    let prefs = {};
    try { prefs = JSON.parse(localStorage.getItem(PREFS_KEY) || '{}') || {}; } catch (e) { prefs = {}; }
    if (!prefs.theme) {
      prefs.theme = systemTheme();
      prefs.themeFromSystem = true;
    }
    return prefs;
  }
  function savePrefs(json) {
    try { localStorage.setItem(PREFS_KEY, json); } catch (e) { /* private mode: not remembered */ }
  }
  function applyPageTheme(theme) {
    document.documentElement.dataset.theme = theme;
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  // [SECTION] Deep links: the view lives in the URL; back and forward move through views.
  const PAGE_PARAMS = ['atlas', 'embed', 'gallery', 'theme', 'height', 'lock', 'origin'];
  let urlReady = false;     // no history entries until the shared link itself was applied
  let applyingUrl = false;
  function pageParams() {
    const keep = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(location.search)) if (PAGE_PARAMS.includes(k)) keep.append(k, v);
    return keep.toString();
  }
  function viewParams(search) {
    const view = new URLSearchParams(search);
    for (const k of PAGE_PARAMS) view.delete(k);
    return view;
  }
  function syncUrl() {
    if (!urlReady || applyingUrl || !window.atlasApp) return;
    const state = window.atlasApp.module.UTF8ToString(window.atlasApp.module._atlas_web_url_state());
    const current = viewParams(location.search);
    const next = new URLSearchParams(state);
    if (current.toString() === next.toString()) return;
    const page = pageParams();
    const search = [page, state].filter(Boolean).join('&');
    const href = location.pathname + (search ? '?' + search : '') + location.hash;
    // Typing in the search box replaces the entry; anything else is a step back can return to.
    const onlyText = (() => {
      const a = new URLSearchParams(current), b = new URLSearchParams(next);
      a.delete('q'); b.delete('q');
      return a.toString() === b.toString();
    })();
    if (onlyText) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
  }
  function applyUrl() {
    const module = window.atlasApp.module;
    applyingUrl = true;
    let ignored = '';
    window.atlasApp.withString(location.search, (ptr) => { ignored = module.UTF8ToString(module._atlas_web_apply_url(ptr)); });
    applyingUrl = false;
    if (ignored) notice('Some parts of this link were not understood and were skipped: ' + ignored);
  }
  function notice(text) {
    const box = $('notice');
    box.replaceChildren(el('span', text + ' '));
    const close = el('button', 'Dismiss', { type: 'button' });
    close.addEventListener('click', () => { box.hidden = true; });
    box.append(close);
    box.hidden = false;
  }

  async function start() {
    if (typeof WebAssembly !== 'object') return fail('This browser does not support WebAssembly.');
    if (!hasWebGL2()) return fail('This browser or device does not provide WebGL 2.');
    const source = atlasUrl();
    if (source.error) return fail(source.error);

    let hoveredLink = '';
    const canvas = $('canvas');
    canvas.addEventListener('click', () => {
      // Opened inside the real click so popup blockers allow it; only web links from data.
      if (hoveredLink && /^https?:\/\//i.test(hoveredLink)) window.open(hoveredLink, '_blank', 'noopener,noreferrer');
    });
    canvas.addEventListener('pointerdown', () => canvas.focus());
    // Asking for the context back: without preventDefault the browser never restores a lost one.
    canvas.addEventListener('webglcontextlost', (e) => e.preventDefault());

    progress('Loading the atlas…', 0.02);
    const fontsPromise = Promise.all([fetchBytes('fonts/Inter-Regular.otf', () => {}), fetchBytes('fonts/Inter-Bold.otf', () => {})]);
    const atlasPromise = fetchBytes(source.url, (f) => progress('Loading the atlas… ' + Math.round(f * 100) + '%', 0.1 + 0.8 * f));
    let ready;
    const appReady = new Promise((resolve) => { ready = resolve; });
    try { await loadScript('atlas_app.js'); } catch (e) { return fail('The app could not be downloaded: ' + e.message + '.'); }
    const module = await createAtlasModule({
      canvas,
      onMirror: (json) => {
        try { renderMirror(JSON.parse(json)); } catch (e) { console.error('mirror:', e); }
        syncUrl();
      },
      onHoveredLink: (url) => { hoveredLink = url; },
      onCopy: (text) => copyText(text),
      onDownload: (name, mime, bytes) => saveFile(name, mime, bytes),
      onPrefs: (json) => {
        let chosen;
        try { chosen = JSON.parse(json); } catch (e) { return; }
        // A theme equal to the system's, while following the system, stays "follow the system".
        if (loadPrefs().themeFromSystem && chosen.theme === systemTheme()) delete chosen.theme;
        savePrefs(JSON.stringify(chosen));
        applyPageTheme(chosen.theme || systemTheme());
      },
      onAppReady: () => ready(),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    });
    await appReady;
    const withString = (text, fn) => {
      const size = module.lengthBytesUTF8(text) + 1;
      const ptr = module._malloc(size);
      module.stringToUTF8(text, ptr, size);
      try { return fn(ptr); } finally { module._free(ptr); }
    };
    window.atlasApp = {
      module,
      withString,
      command: (text) => withString(String(text), (ptr) => module._atlas_web_command(ptr)) === 1,
      openStudy: (index) => window.atlasApp.command('open ' + index),
      closeStudy: () => window.atlasApp.command('back'),
      setQuery: (text) => window.atlasApp.command('query ' + text),
    };
    withString(today(), (ptr) => module._atlas_web_set_today(ptr));
    const prefs = loadPrefs();
    applyPageTheme(prefs.theme);
    for (const cmd of ['theme ' + prefs.theme, prefs.textsize !== undefined ? 'textsize ' + prefs.textsize : '', prefs.depth ? 'depth ' + prefs.depth : ''])
      if (cmd) window.atlasApp.command(cmd);
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
      if (loadPrefs().themeFromSystem) window.atlasApp.command('theme ' + (e.matches ? 'dark' : 'light'));
    });
    let fonts, atlasBytes;
    try { fonts = await fontsPromise; } catch (e) { return fail('The fonts could not be downloaded: ' + e.message + '.'); }
    try { atlasBytes = await atlasPromise; } catch (e) { return fail('The atlas data could not be downloaded: ' + e.message + '.'); }
    module._atlas_web_set_fonts(toHeap(module, fonts[0]), fonts[0].length, toHeap(module, fonts[1]), fonts[1].length);
    progress('Reading the atlas…', 0.95);
    const code = module._atlas_web_load_atlas(toHeap(module, atlasBytes), atlasBytes.length);
    $('loading').hidden = true;
    if (code !== 2) {
      applyUrl();
      urlReady = true;
      window.addEventListener('popstate', applyUrl);
    }
    if (params.get('gallery') === '1') window.atlasApp.command('screen gallery');
    document.documentElement.dataset.atlasLoad = ['ok', 'partial', 'unusable'][code];
    canvas.focus();
    document.addEventListener('visibilitychange', () => module._atlas_web_wake());
  }

  start().catch((e) => fail('Something went wrong while starting the atlas: ' + (e && e.message ? e.message : e)));
})();
