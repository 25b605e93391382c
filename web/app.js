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
    $('skip-link').hidden = true;   // no text view to skip to: the failure box says what to do
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

  // The atlas as it downloads. Chunks go to the consumer attached with attach() (the app, once it is
  // ready) as they arrive, and wait in a queue until then: the document is never gathered in one piece.
  // `done` settles when the download ends (rejects on a network error). sizeHint() is the document's
  // size when the server says it (not when it sends it compressed), else 0.
  function streamAtlas(url, onProgress) {
    const queue = [];
    let consumer = null, total = 0, identity = false, reader = null;
    const stream = {
      received: 0,
      cancelled: false,
      cancel() { stream.cancelled = true; if (reader) reader.cancel().catch(() => {}); },
      attach(fn) { consumer = fn; for (const chunk of queue.splice(0)) fn(chunk); },
      sizeHint: () => (identity ? total : 0),
    };
    stream.done = (async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
      total = Number(response.headers.get('content-length')) || 0;
      identity = !response.headers.get('content-encoding');
      const take = (chunk) => {
        stream.received += chunk.length;
        if (total) onProgress(Math.min(1, stream.received / total));
        if (consumer) consumer(chunk); else queue.push(chunk);
      };
      if (!response.body) { take(new Uint8Array(await response.arrayBuffer())); return; }
      reader = response.body.getReader();
      while (!stream.cancelled) {
        const { done, value } = await reader.read();
        if (done || stream.cancelled) break;
        take(value);
      }
    })();
    stream.done.catch(() => {});  // awaited later; not an unhandled rejection meanwhile
    return stream;
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

  // [SECTION] DOM mirror: the same view as the canvas, as a real accessible page. Rebuilt from the
  // app's view JSON with textContent only; its controls send the commands the canvas would.
  // It is visually hidden until focus enters it (the skip link, or Tab from the canvas), then it
  // shows as a panel over the canvas until focus leaves it (style.css: #mirror:focus-within).
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  // Only web links become links (as in the canvas and the static text version); others stay text.
  function safeLink(url) {
    try { const u = new URL(url); return u.protocol === 'https:' || u.protocol === 'http:'; }
    catch (e) { return false; }
  }

  const command = (text) => window.atlasApp && window.atlasApp.command(text);
  const inMirror = (node) => !!node && node !== document.body && $('mirror').contains(node);

  // Focus follows the reader's own actions in the mirror, never the canvas's: an action taken by
  // the reader (a real event, or one while focus is already in the mirror) may say where focus goes
  // once the app has sent the new view. { card: index } = the card's heading; { result: index } =
  // that result's link.
  let pendingFocus = null;
  let lastView = null;
  function act(event, cmd, focusAfter) {
    const byReader = (event && event.isTrusted) || inMirror(document.activeElement);
    pendingFocus = focusAfter && byReader ? Object.assign({ at: performance.now() }, focusAfter) : null;
    const ok = command(cmd);
    if (!ok) pendingFocus = null;
    return ok;
  }

  function button(text, cmd, attrs, focusAfter) {
    const b = el('button', text, Object.assign({ type: 'button' }, attrs || {}));
    b.addEventListener('click', (e) => act(e, cmd, focusAfter));
    return b;
  }

  // The result count, said once the list has settled (not on every keystroke): a polite live
  // region that holds only the count sentence, and only when it changed.
  let announceTimer = 0, announced = null;
  function announceCount(sentence) {
    clearTimeout(announceTimer);
    if (announced === null) { announced = sentence; return; }   // the first view is not news
    announceTimer = setTimeout(() => {
      if (sentence === announced) return;
      announced = sentence;
      $('mirror-announce').textContent = sentence;
    }, 500);
  }

  // A study's own address: this view with the study open (a deep link), so "open in a new tab"
  // and copying the link work. Absolute, as every href in the mirror is http(s).
  function studyHrefs() {
    let state = '';
    try { if (window.atlasApp) state = window.atlasApp.module.UTF8ToString(window.atlasApp.module._atlas_web_url_state()); } catch (e) { state = ''; }
    const parts = state.split('&').filter((p) => p && !p.startsWith('study='));
    const depth = parts.findIndex((p) => p.startsWith('depth='));
    // Of the page's own parameters only the atlas carries over: a new tab is a page of its own, not an embed.
    const page = params.has('atlas') ? new URLSearchParams([['atlas', params.get('atlas')]]).toString() : '';
    return (slug) => {
      const view = parts.slice();
      view.splice(depth < 0 ? view.length : depth, 0, 'study=' + encodeURIComponent(slug));
      return new URL(location.pathname + '?' + [page, view.join('&')].filter(Boolean).join('&'), location.href).href;
    };
  }

  // Filters as labelled checkboxes with their live counts; changing one sends the same command
  // the canvas would.
  function checkbox(fieldset, id, key, labelText, selected, cmd, attrs) {
    const row = el('div', null, { class: 'option' });
    const input = el('input', null, Object.assign({ type: 'checkbox', id, 'data-key': key }, attrs || {}));
    input.checked = selected;
    input.addEventListener('change', (e) => { if (!act(e, cmd)) input.checked = !input.checked; });  // refused (locked embed)
    row.append(input, el('label', labelText, { for: id }));
    fieldset.append(row);
  }

  function renderFilters(view) {
    const box = $('mirror-filters');
    box.replaceChildren();
    $('mirror-filter-region').hidden = !view.facets;
    $('mirror-tools').hidden = !view.facets;
    if (view.facets) {
      for (const facet of view.facets) {
        const fieldset = el('fieldset', null, { 'data-facet': facet.key });
        fieldset.append(el('legend', facet.name));
        for (const o of facet.options) {
          if (!o.count && !o.selected) continue;
          checkbox(fieldset, 'f-' + facet.key + '-' + o.code, 'filter:' + facet.key + ':' + o.code, o.label + ' (' + o.count + ')',
            o.selected, 'toggle ' + facet.key + ' ' + o.code, { 'data-code': o.code });
        }
        box.append(fieldset);
      }
      for (const group of view.tags || []) {
        if (!group.tags.length) continue;
        const fieldset = el('fieldset', null, { 'data-facet': 'tags' });
        fieldset.append(el('legend', group.category));
        for (const t of group.tags)
          checkbox(fieldset, 'tag-' + t.index, 'filter:tags:' + t.index, t.label + ' (' + t.count + ')', t.selected, 'tag ' + t.index);
        box.append(fieldset);
      }
    }
    const sort = $('mirror-sort');
    if (view.sort && sort.value !== view.sort) sort.value = view.sort;
    const chips = $('mirror-chips');
    chips.replaceChildren();
    for (const chip of view.chips || []) {
      const li = el('li');
      li.append(button('Remove filter: ' + chip.label, chip.command, { 'data-key': 'chip:' + chip.command }));
      chips.append(li);
    }
    if ((view.chips || []).length) {
      const li = el('li');
      li.append(button('Clear all filters', 'clear', { 'data-key': 'chip:clear' }));
      chips.append(li);
    }
    chips.hidden = !chips.children.length;
  }

  // Where focus was in the mirror, as a key that survives the rebuild; and where it goes when
  // that control is gone (a removed chip, a filter that no longer applies, a closed card).
  function focusKey() {
    const active = document.activeElement;
    if (!inMirror(active)) return null;
    if (active.dataset && active.dataset.key) return active.dataset.key;
    if ($('mirror-card').contains(active)) return 'card:other';   // a link in the card: rebuilt, so no longer there
    if ($('mirror-list').contains(active)) return 'result:other';
    return null;                                                  // a fixed control (search, sort, export): kept
  }
  function byKey(key) {
    for (const node of $('mirror').querySelectorAll('[data-key]')) if (node.dataset.key === key) return node;
    return null;
  }
  const firstResult = () => $('mirror-list').querySelector('a');
  const resultLink = (index) => $('mirror-list').querySelector('a[data-index="' + Number(index) + '"]');
  function fallbackFocus(key, view) {
    const [kind, facet] = key.split(':');
    if (kind === 'chip') return $('mirror-chips').querySelector('button') || $('mirror-sort');
    if (kind === 'filter') return $('mirror-filters').querySelector('[data-facet="' + CSS.escape(facet) + '"] input') || $('mirror-filters').querySelector('input') || $('mirror-search');
    if (kind === 'result') return firstResult() || $('mirror-search');
    if (kind === 'card') {
      if (view.card) return $('mirror-card-title');
      return (lastView && lastView.card && resultLink(lastView.card.index)) || firstResult() || $('mirror-search');
    }
    return $('mirror-search');
  }
  function restoreFocus(view, key) {
    let target = null;
    const wanted = pendingFocus;
    pendingFocus = null;
    if (wanted && performance.now() - wanted.at < 1500) {
      if (wanted.card !== undefined && view.card) target = $('mirror-card-title');
      else if (wanted.result !== undefined && !view.card) target = resultLink(wanted.result) || firstResult() || $('mirror-search');
    }
    if (!target && key) target = byKey(key) || fallbackFocus(key, view);
    if (target && target !== document.activeElement) target.focus();
  }

  // The search box is real (mobile keyboards, IME, dictation): the app's query follows it, and it
  // follows the app's query when that changes elsewhere (the canvas, a link), caret kept.
  let composing = false;
  function syncSearch(query) {
    const search = $('mirror-search');
    if (composing || search.value === query) return;
    const focused = document.activeElement === search;
    if (focused && search.value.replace(/^ +/, '') === query) return;   // the app trims leading spaces
    if (!focused) { search.value = query; return; }
    const start = search.selectionStart, end = search.selectionEnd;
    search.value = query;
    try { search.setSelectionRange(Math.min(start, query.length), Math.min(end, query.length)); } catch (e) { /* not a text input */ }
  }

  function renderMirror(view) {
    const key = focusKey();
    $('mirror-title').textContent = (view.title || 'ME/CFS Research Atlas') + (view.synthetic ? ' (synthetic test data)' : '');
    // Only a new status is written: rewriting the same line would be announced again, and would
    // wipe a "copied" confirmation at every unrelated change.
    if (!lastView || (lastView.status || '') !== (view.status || '')) $('mirror-status').textContent = view.status || '';
    syncSearch(view.query || '');
    const sentence = view.count + (view.count === 1 ? ' study' : ' studies') + (view.query ? ' matching "' + view.query + '"' : '');
    $('mirror-count').textContent = sentence;
    if (view.facets) announceCount(sentence);
    renderFilters(view);
    const list = $('mirror-list');
    list.replaceChildren();
    const href = studyHrefs();
    const openIndex = view.card ? view.card.index : -1;
    for (const item of view.listed) {
      const li = el('li');
      const link = el('a', (item.retracted ? '[Retracted] ' : '') + item.title,
        { href: href(item.slug), 'data-index': item.index, 'data-slug': item.slug, 'data-key': 'result:' + item.index });
      if (item.index === openIndex) link.setAttribute('aria-current', 'true');
      link.addEventListener('click', (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;  // a new tab or window: the deep link
        e.preventDefault();                                                             // here: the app stays one page
        if (lastView && lastView.card && lastView.card.index === item.index && $('mirror-card-title')) {
          $('mirror-card-title').focus();   // already open: nothing changes but where the reader is
          return;
        }
        act(e, 'open ' + item.index, { card: item.index });
      });
      li.append(link, el('span', item.evidence + ' · ' + item.pem + ' · ' + item.byline, { class: 'meta' }));
      list.append(li);
    }
    renderCard(view);
    restoreFocus(view, key);
    lastView = view;
  }

  function renderCard(view) {
    const card = $('mirror-card');
    card.replaceChildren();
    card.hidden = !view.card;
    if (!view.card) {
      card.removeAttribute('aria-labelledby');
      delete card.dataset.slug;
      return;
    }
    const c = view.card;
    card.dataset.slug = c.slug;
    card.setAttribute('aria-labelledby', 'mirror-card-title');
    card.append(el('h2', c.title, { id: 'mirror-card-title', tabindex: '-1', 'data-key': 'card:title' }),
      el('p', c.byline, { class: 'byline' }));
    const badges = el('ul', null, { class: 'badges', 'aria-label': 'Classification' });
    for (const b of c.badges) badges.append(el('li', b.text, { title: b.tooltip }));
    card.append(badges);
    if (c.retraction) card.append(el('p', c.retraction, { class: 'retraction', role: 'note' }));
    if (c.draft_notice) card.append(el('p', c.draft_notice, { class: 'draft-notice' }));
    const nav = el('div', null, { class: 'card-nav' });
    nav.append(button('Back to results', 'back', { 'data-key': 'card:back' }, { result: c.index }));
    const depth = el('div', null, { role: 'group', 'aria-label': 'Reading depth', 'data-depth': view.depth });
    for (const d of ['quick', 'standard', 'full'])
      depth.append(button(d[0].toUpperCase() + d.slice(1), 'depth ' + d, { 'aria-pressed': String(view.depth === d), 'data-key': 'card:depth:' + d }));
    nav.append(depth);
    card.append(nav);
    const actions = el('div', null, { class: 'card-actions', role: 'group', 'aria-label': 'Cite and compare' });
    const copy = (label, text, what, key) => {
      const b = el('button', label, { type: 'button', 'data-key': key });
      b.addEventListener('click', () => copyText(text, what));
      return b;
    };
    actions.append(copy('Copy citation', c.cite_plain, 'Citation', 'card:copy-plain'), copy('Copy BibTeX', c.cite_bibtex, 'BibTeX', 'card:copy-bibtex'),
      copy('Cite this card', c.cite_atlas, 'Card citation', 'card:copy-atlas'),
      button(c.in_compare ? 'Remove from compare' : 'Add to compare', 'compare ' + c.index, { 'data-key': 'card:compare' }));
    card.append(actions);
    const cite = el('section', null, { 'data-section': 'cite' });
    cite.append(el('h3', 'How to cite'), el('p', c.cite_plain, { class: 'citation', 'data-cite': 'plain' }),
      el('pre', c.cite_bibtex, { class: 'citation', 'data-cite': 'bibtex' }), el('p', c.cite_atlas, { class: 'citation', 'data-cite': 'atlas' }));
    for (const s of c.sections) {
      const section = el('section', null, { 'data-section': s.id });
      if (s.heading) section.append(el('h3', s.heading));
      if (s.subheading) section.append(el(s.heading ? 'h4' : 'h3', s.subheading));
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
    if (c.about_url && safeLink(c.about_url)) {
      const about = el('p', null, { class: 'about' });
      about.append(el('a', 'How the atlas works', { href: c.about_url }));
      card.append(about);
    }
    if (c.quality_notes.length) {
      const notes = el('section', null, { 'data-section': 'quality-notes' });
      notes.append(el('h3', 'Data-quality notes'));
      const ul = el('ul');
      for (const note of c.quality_notes) ul.append(el('li', note));
      notes.append(ul);
      card.append(notes);
    }
    card.append(cite);
    const contribute = el('section', null, { 'data-section': 'contribute' });
    contribute.append(el('h3', 'Contribute'), el('p', c.contribute_text));
    if (c.contribute_url && safeLink(c.contribute_url)) contribute.append(el('a', 'Report an error in this card', { href: c.contribute_url }));
    else if (/^mailto:/i.test(c.contribute_url || '')) contribute.append(el('p', 'Report an error in this card by email: ' + c.contribute_url.slice(7).split('?')[0]));
    card.append(contribute);
  }

  // The mirror's fixed controls (in index.html), wired once.
  function initMirror() {
    const canvas = $('canvas'), search = $('mirror-search');
    $('skip-link').addEventListener('click', (e) => { e.preventDefault(); search.focus(); });
    // SDL takes Tab on the canvas (and cancels it): let it move focus instead, so the keyboard
    // is never trapped in the canvas and the text view is one Tab away.
    const passTab = (e) => { if (e.key === 'Tab' && e.target === canvas) e.stopImmediatePropagation(); };
    window.addEventListener('keydown', passTab, true);
    window.addEventListener('keyup', passTab, true);
    const sendQuery = () => { pendingFocus = null; command('query ' + search.value); };
    search.addEventListener('compositionstart', () => { composing = true; });
    search.addEventListener('compositionend', () => { composing = false; sendQuery(); });
    search.addEventListener('input', (e) => { if (!e.isComposing && !composing) sendQuery(); });
    const sort = $('mirror-sort');
    sort.addEventListener('change', (e) => act(e, 'sort ' + sort.value));
    for (const b of $('mirror-export').querySelectorAll('button[data-format]'))
      b.addEventListener('click', (e) => act(e, 'export ' + b.dataset.format));
    $('mirror-leave').addEventListener('click', () => canvas.focus());
    // Esc: in the card, back to the results; elsewhere, back to the canvas (the search box and a
    // select use Esc themselves first).
    $('mirror').addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      const t = e.target;
      if ((t === search && search.value) || t.tagName === 'SELECT') return;
      e.preventDefault();
      if (lastView && lastView.card && $('mirror-card').contains(t)) act(e, 'back', { result: lastView.card.index });
      else canvas.focus();
    });
  }
  initMirror();

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
    const focused = document.activeElement;   // selecting the textarea takes focus: give it back
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    if (focused && focused !== document.body && focused.focus) focused.focus({ preventScroll: true });
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
  const PAGE_PARAMS = ['atlas', 'embed', 'gallery', 'theme', 'height', 'lock', 'origin', 'rows'];
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
    const atlas = streamAtlas(source.url, (f) => progress('Loading the atlas… ' + Math.round(f * 100) + '%', 0.1 + 0.8 * f));
    let outOfMemory = false;
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
      onOutOfMemory: () => { outOfMemory = true; },
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
    // The atlas streams into the app as it arrives: each chunk is copied into a buffer in the heap
    // (at most 256 KB at a time) and read there; the whole document is never in the heap.
    const MB = 1024 * 1024, PIECE = 256 * 1024;
    let loadError = null, stopLoading;
    const loadStopped = new Promise((resolve) => { stopLoading = resolve; });
    const tooLarge = () => 'This atlas is too large for this device\'s memory (the app could get ' + Math.round(module.HEAP8.length / MB) +
      ' MB and had read ' + Math.round(atlas.received / MB) + ' MB of the atlas). It needs a device with more memory, or a smaller atlas.';
    const loadFailure = (e) => (outOfMemory || /out of memory|memory access out of bounds|Cannot enlarge memory|OOM/i.test(String(e && e.message)))
      ? tooLarge() : 'Something went wrong while reading the atlas: ' + (e && e.message ? e.message : e);
    module._atlas_web_load_begin(atlas.sizeHint());
    atlas.attach((chunk) => {
      if (loadError) return;
      try {
        for (let at = 0; at < chunk.length; at += PIECE) {
          const part = chunk.subarray(at, at + PIECE);
          const ptr = module._atlas_web_load_buffer(part.length);
          if (!ptr) throw new Error('out of memory');
          module.HEAPU8.set(part, ptr);
          module._atlas_web_load_feed(part.length);
        }
      } catch (e) { loadError = e; atlas.cancel(); stopLoading(); }
    });
    let fonts;
    try { fonts = await fontsPromise; } catch (e) { return fail('The fonts could not be downloaded: ' + e.message + '.'); }
    try { await Promise.race([atlas.done, loadStopped]); } catch (e) { return fail('The atlas data could not be downloaded: ' + e.message + '.'); }
    if (loadError) return fail(loadFailure(loadError));
    progress('Reading the atlas…', 0.95);
    // Fonts just before the end, in the same task: the first frame (which rasterizes them) comes after the load.
    let code;
    try {
      module._atlas_web_set_fonts(toHeap(module, fonts[0]), fonts[0].length, toHeap(module, fonts[1]), fonts[1].length);
      code = module._atlas_web_load_end();
    } catch (e) { return fail(loadFailure(e)); }
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
