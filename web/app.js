// app.js — starts the WebAssembly app, feeds it the fonts and the atlas, keeps the one search input
// over the canvas, keeps the text view (the accessible copy of the view) in step, and opens links on
// real clicks. Every call into the app goes through web/bridge.js; the C++ side is wasm/web_api.cpp.
'use strict';

(function () {
  const { el, safeLink, PREFS_KEY, SEEN_KEY, PAGE_PARAMS, t, tn } = window.AtlasPage;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let bridge = null;   // set once the app has started

  function fail(message) {
    $('loading').hidden = true;
    $('failure-text').textContent = message;
    $('failure').hidden = false;
    $('mirror-status').textContent = message;
    $('skip-link').hidden = true;   // no text view to skip to: the failure box says what to do
    document.documentElement.classList.remove('search-placed');
  }

  function progress(text, fraction) {
    $('loading-text').textContent = text;
    if (fraction !== undefined) $('loading-bar').style.width = Math.round(fraction * 100) + '%';
  }

  // A 1-pixel context with nothing extra (a default one allocates multisampled buffers), let go at once.
  function hasWebGL2() {
    try {
      const probe = document.createElement('canvas');
      probe.width = probe.height = 1;
      const gl = probe.getContext('webgl2', { antialias: false, depth: false, stencil: false, alpha: false });
      const lose = gl && gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return !!gl;
    } catch (e) { return false; }
  }

  // Which atlas to load: the bundled one, or ?atlas=URL on this same origin (for maintainers).
  function atlasUrl() {
    const requested = params.get('atlas');
    if (!requested) return { url: 'atlas.json' };
    let url;
    try { url = new URL(requested, location.href); } catch (e) { return { error: t('page.bad_atlas_url', [requested]) }; }
    if (url.origin !== location.origin) return { error: t('page.other_origin', [url.origin]) };
    return { url: url.href };
  }

  async function fetchBytes(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
    return new Uint8Array(await response.arrayBuffer());
  }

  // [SECTION] Work in slices. A long task keeps a phone from answering a tap or a key, so the atlas is
  // read a piece at a time, each slice of pieces at most SLICE_MS long and a task of its own.
  const SLICE_MS = 8;
  const taskChannel = new MessageChannel();   // a new task at once (setTimeout(0) waits 4 ms when nested)
  const waitingForTask = [];
  taskChannel.port1.onmessage = () => waitingForTask.shift()();
  const nextTask = () => new Promise((resolve) => { waitingForTask.push(resolve); taskChannel.port2.postMessage(0); });

  // Chunks pushed as they arrive are fed in pieces of at most `piece` bytes; feed(piece) returns false
  // to stop (an error it has dealt with). drained() settles when everything pushed has been fed.
  function slicedFeeder(feed, piece) {
    const queue = [];
    let active = false, stopped = false, idle = Promise.resolve();
    async function run() {
      try {
        let sliceStart = performance.now();
        while (queue.length && !stopped) {
          const chunk = queue.shift();
          for (let at = 0; at < chunk.length && !stopped; at += piece) {
            if (!feed(chunk.subarray(at, at + piece))) stopped = true;
            if (performance.now() - sliceStart > SLICE_MS) {
              await nextTask();
              sliceStart = performance.now();
            }
          }
        }
      } finally {
        active = false;   // in the same step as the last look at the queue: a later push starts a new run
      }
    }
    return {
      push(chunk) {
        if (stopped) return;
        queue.push(chunk);
        if (!active) { active = true; idle = run(); }
      },
      drained: () => idle,
    };
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

  // [SECTION] The search input. One real <input> for the canvas and the text view: the canvas draws
  // the field and reports where (onSearchField); the input sits exactly over it, so phone keyboards,
  // dictation, IME composition, autocorrect, paste, select-all and undo work as on any page. The input
  // owns the text; the app's query follows its value (bridge.setSearch).
  const search = $('mirror-search');
  const canvas = $('canvas');
  const root = document.documentElement;
  let composing = false;
  let focusFromPointer = false;   // the input was pressed or tapped (not reached by Tab)

  let lastBox = null;
  function placeSearch(box) {
    lastBox = box;
    if (!box.visible) { root.classList.remove('search-placed'); return; }
    const s = root.style;   // CSSOM: allowed by the style-src CSP
    s.setProperty('--search-x', box.x + 'px');
    s.setProperty('--search-y', box.y + 'px');
    s.setProperty('--search-w', box.width + 'px');
    s.setProperty('--search-h', box.height + 'px');
    s.setProperty('--search-font', box.fontSize + 'px');
    // A hint that fits: on a phone the long one would be cut.
    const hint = box.width < 17 * box.fontSize ? t('ui.search_hint_short') : t('ui.search_hint');
    if (search.placeholder !== hint) search.placeholder = hint;
    root.classList.add('search-placed');
  }

  // Focus the input from the canvas (the "/" key, typing, a press where the input is not) without
  // opening the text view: the reader stays in the visual view.
  function focusSearch() {
    focusFromPointer = true;
    search.focus({ preventScroll: true });
    focusFromPointer = false;
  }

  function initSearch() {
    const send = () => { pendingFocus = null; if (bridge) bridge.setSearch(search.value); };
    search.addEventListener('compositionstart', () => { composing = true; });
    search.addEventListener('compositionend', () => { composing = false; send(); });
    search.addEventListener('input', (e) => { if (!e.isComposing && !composing) send(); });
    search.addEventListener('pointerdown', () => { focusFromPointer = true; setTimeout(() => { focusFromPointer = false; }); });
    search.addEventListener('keydown', (e) => {
      if (e.isComposing || composing || e.keyCode === 229) return;   // the IME's own keys
      const open = root.classList.contains('text-view-open');
      if (!open && (e.key === 'ArrowDown' || e.key === 'Enter')) {
        // From the search box into the results on the canvas, as in the visual list.
        e.preventDefault();
        canvas.focus();
        if (bridge) bridge.command('cursor first');
      } else if (!open && e.key === 'Escape' && !search.value) {
        e.preventDefault();
        canvas.focus();
      }
    });
    // Keys on the canvas that mean "search": "/" and any printable character (the input takes the
    // character itself: focus moves before the browser delivers it), so fast typing loses nothing.
    window.addEventListener('keydown', (e) => {
      if (e.target !== canvas || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (e.key === '/') {
        e.preventDefault();
        e.stopImmediatePropagation();
        focusSearch();
        search.select();
      } else if (e.key.length === 1 && e.key !== ' ') {
        e.stopImmediatePropagation();   // not a canvas key: SDL must not cancel it
        focusSearch();
      }
    }, true);
  }

  // [SECTION] Text view: the same view as the canvas, as a real accessible page. Updated from the
  // app's view updates (only the parts that changed) with textContent only; its controls send the
  // commands the canvas would. Visually hidden until keyboard focus enters it (the skip link, or Tab),
  // then it shows as a panel over the canvas until focus leaves it.
  const command = (text) => !!bridge && bridge.command(text);
  const inMirror = (node) => !!node && node !== document.body && $('mirror').contains(node);

  function setTextViewOpen(open) {
    root.classList.toggle('text-view-open', open);
  }
  function initTextViewFocus() {
    const mirror = $('mirror');
    mirror.addEventListener('focusin', (e) => {
      if (e.target === search && focusFromPointer && !root.classList.contains('text-view-open')) return;
      setTextViewOpen(true);
    });
    mirror.addEventListener('focusout', (e) => {
      if (!inMirror(e.relatedTarget)) setTextViewOpen(false);
    });
  }

  // Focus follows the reader's own actions in the text view, never the canvas's: an action taken by
  // the reader (a real event, or one while focus is already in the view) may say where focus goes
  // once the app has sent the new view. { card: index } = the card's heading; { result: index } =
  // that result's link.
  let pendingFocus = null;
  const view = {};            // the view as last sent, merged from the updates
  let lastCardIndex = -1;     // the card shown before this update
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
  // and copying the link work. Absolute, as every href in the text view is http(s).
  function studyHrefs(state) {
    // A card is read on the atlas screen: the gap map and a topic page are left out of its address.
    const parts = (state || '').split('&').filter((p) => p && !p.startsWith('study=') && !p.startsWith('grid=') && !p.startsWith('topic='));
    const depth = parts.findIndex((p) => p.startsWith('depth='));
    // Of the page's own parameters only the atlas carries over: a new tab is a page of its own, not an embed.
    const page = params.has('atlas') ? new URLSearchParams([['atlas', params.get('atlas')]]).toString() : '';
    const base = location.origin + location.pathname + '?';   // built once per update, not per row
    return (slug) => {
      const kept = parts.slice();
      kept.splice(depth < 0 ? kept.length : depth, 0, 'study=' + encodeURIComponent(slug));
      return base + [page, kept.join('&')].filter(Boolean).join('&');
    };
  }

  // Filters as labelled checkboxes with their live counts; changing one sends the same command the
  // canvas would. Kept between updates when the same options are listed, so only counts and ticks
  // change (and focus stays where it is).
  let filterShape = '';
  function optionRows(v) {
    const rows = [];
    for (const facet of v.facets || []) {
      const options = facet.options.filter((o) => o.count || o.selected);
      if (!options.length && facet.key === 'since') continue;   // nothing new or changed since the last visit
      rows.push({ group: facet.key, legend: facet.name, facet: facet.key, options: options.map((o) => ({
        id: 'f-' + facet.key + '-' + o.code, key: 'filter:' + facet.key + ':' + o.code, label: o.label, count: o.count,
        selected: o.selected, cmd: 'toggle ' + facet.key + ' ' + o.code, code: o.code })) });
    }
    for (const group of v.tags || []) {
      if (!group.tags.length) continue;
      rows.push({ group: 'tags:' + group.category, legend: group.category, facet: 'tags', options: group.tags.map((t) => ({
        id: 'tag-' + t.index, key: 'filter:tags:' + t.index, label: t.label, count: t.count, selected: t.selected, cmd: 'tag ' + t.index })) });
    }
    return rows;
  }

  function renderFilters(v) {
    const box = $('mirror-filters');
    $('mirror-filter-region').hidden = !v.facets;
    $('mirror-tools').hidden = !v.facets;
    const rows = optionRows(v);
    $('mirror-seen').hidden = !rows.some((r) => r.facet === 'since');
    // The same options in another language are a new shape too: legends and labels are rebuilt.
    const shape = (v.lang || '') + '|' + rows.map((r) => r.group + '=' + r.options.map((o) => o.id).join(',')).join(';');
    if (shape === filterShape) {
      // The words may still change: the wasm build gets a language's catalogue after switching to it.
      rows.forEach((r, i) => {
        const legend = box.children[i] && box.children[i].firstChild;
        if (legend && legend.textContent !== r.legend) legend.textContent = r.legend;
      });
      for (const r of rows) for (const o of r.options) {
        const input = $(o.id);
        if (input.checked !== o.selected) input.checked = o.selected;
        const label = input.nextSibling, text = o.label + ' (' + o.count + ')';
        if (label.textContent !== text) label.textContent = text;
      }
    } else {
      filterShape = shape;
      const groups = rows.map((r) => {
        const fieldset = el('fieldset', null, { 'data-facet': r.facet });
        fieldset.append(el('legend', r.legend));
        for (const o of r.options) {
          const row = el('div', null, { class: 'option' });
          const input = el('input', null, Object.assign({ type: 'checkbox', id: o.id, 'data-key': o.key }, o.code ? { 'data-code': o.code } : {}));
          input.checked = o.selected;
          input.addEventListener('change', (e) => { if (!act(e, o.cmd)) input.checked = !input.checked; });  // refused (locked embed)
          row.append(input, el('label', o.label + ' (' + o.count + ')', { for: o.id }));
          fieldset.append(row);
        }
        return fieldset;
      });
      box.replaceChildren(...groups);
    }
    const chips = $('mirror-chips');
    const items = [];
    for (const chip of v.chips || []) {
      const li = el('li');
      li.append(button(t('page.remove_filter', [chip.label]), chip.command, { 'data-key': 'chip:' + chip.command }));
      items.push(li);
    }
    if (items.length) {
      const li = el('li');
      li.append(button(t('page.clear_filters'), 'clear', { 'data-key': 'chip:clear' }));
      items.push(li);
    }
    chips.replaceChildren(...items);
    chips.hidden = !items.length;
  }

  // Where focus was in the text view, as a key that survives a rebuild; and where it goes when that
  // control is gone (a removed chip, a filter that no longer applies, a closed card).
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
  function fallbackFocus(key) {
    const [kind, facet] = key.split(':');
    if (kind === 'chip') return $('mirror-chips').querySelector('button') || $('mirror-sort');
    if (kind === 'grid') return view.grid ? $('mirror-grid-heading') : $('mirror-grid-open');
    if (kind === 'topic') return view.topic ? $('mirror-topic-heading') : (view.grid ? $('mirror-grid-heading') : search);
    if (kind === 'filter') return $('mirror-filters').querySelector('[data-facet="' + CSS.escape(facet) + '"] input') || $('mirror-filters').querySelector('input') || search;
    if (kind === 'result') return firstResult() || search;
    if (kind === 'card') {
      if (view.card) return $('mirror-card-title');
      return (lastCardIndex >= 0 && resultLink(lastCardIndex)) || firstResult() || search;
    }
    return search;
  }
  function restoreFocus(key) {
    let target = null;
    const wanted = pendingFocus;
    pendingFocus = null;
    if (wanted && performance.now() - wanted.at < 1500) {
      if (wanted.card !== undefined && view.card) target = $('mirror-card-title');
      else if (wanted.result !== undefined && !view.card) target = resultLink(wanted.result) || firstResult() || search;
      else if (wanted.grid && view.grid) target = $('mirror-grid-heading');
      else if (wanted.topic && view.topic) target = $('mirror-topic-heading');
    }
    if (!target && key) target = byKey(key) || fallbackFocus(key);
    if (target && target !== document.activeElement) target.focus();
  }

  // The search input follows the app's query when that changes elsewhere (a link, the back button,
  // a command), caret kept; never while the reader is composing.
  function syncSearch(query) {
    if (composing || search.value === query) return;
    if (document.activeElement !== search) { search.value = query; return; }
    const start = search.selectionStart, end = search.selectionEnd;
    search.value = query;
    try { search.setSelectionRange(Math.min(start, query.length), Math.min(end, query.length)); } catch (e) { /* not a text input */ }
  }

  function renderHead(v) {
    $('mirror-title').textContent = (v.title || t('atlas.title')) + (v.synthetic ? t('page.synthetic_title') : '');
    const status = $('mirror-status');
    if (status.textContent !== (v.status || '')) status.textContent = v.status || '';
    syncSearch(v.query || '');
    const sentence = v.query ? tn('page.count_matching', v.count, [v.query]) : tn('ui.studies', v.count);
    $('mirror-count').textContent = sentence;
    if (v.facets) announceCount(sentence);
    const sort = $('mirror-sort');
    if (v.sort && sort.value !== v.sort) sort.value = v.sort;
    $('mirror-switch').hidden = v.pem_only === undefined;
    const pemOnly = $('mirror-pemonly');
    if (pemOnly.checked !== !!v.pem_only) pemOnly.checked = !!v.pem_only;
    // A topic page stands in for the results, as on the canvas.
    $('mirror-results').hidden = v.screen === 'topic';
    $('mirror-grid-open').hidden = v.screen === 'grid';
  }

  // [SECTION] The evidence gap map as a real table: topics down the side, levels (or publication
  // types) across, each cell a button that filters to it. Rebuilt only when its shape changes;
  // otherwise the counts are updated in place (so focus stays on the cell the reader is on).
  let gridShape = '';
  function renderGrid(v) {
    const section = $('mirror-grid');
    const g = v.grid;
    section.hidden = !g;
    if (!g) { gridShape = ''; $('mirror-grid-table').replaceChildren(); return; }
    for (const b of $('mirror-grid-axis').querySelectorAll('button[data-axis]')) b.setAttribute('aria-pressed', String(b.dataset.axis === g.axis));
    const shape = g.axis + '|' + g.columns.map((c) => c.code).join(',') + '|' + g.rows.map((r) => r.tag).join(',');
    const cellText = (c) => String(c.count) + (c.share ? ' · ' + c.share : '');
    const cellLabel = (row, col, c) => row.label + ', ' + col.label + ': ' + c.sentence + (c.selected ? ' (chosen)' : '');
    const rowText = (row) => row.label + ' (' + row.total + ')';
    if (shape === gridShape) {
      for (const row of g.rows) {
        const head = byKey('grid:topic:' + row.tag);
        if (head && head.textContent !== rowText(row)) head.textContent = rowText(row);
        row.cells.forEach((c, i) => {
          const b = byKey('grid:cell:' + row.tag + ':' + g.columns[i].code);
          if (!b) return;
          if (b.textContent !== cellText(c)) b.textContent = cellText(c);
          b.setAttribute('aria-label', cellLabel(row, g.columns[i], c));
          b.setAttribute('aria-pressed', String(c.selected));
        });
      }
      return;
    }
    gridShape = shape;
    const table = el('table');
    table.append(el('caption', 'Studies by topic and ' + (g.axis === 'level' ? 'evidence level' : 'publication type') +
      ': in each cell the number of studies and the share in cohorts that required PEM.'));
    const head = el('tr');
    head.append(el('th', 'Topic (studies)', { scope: 'col' }));
    for (const c of g.columns) head.append(el('th', c.label, { scope: 'col' }));
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const row of g.rows) {
      const tr = el('tr');
      const th = el('th', null, { scope: 'row' });
      th.append(button(rowText(row), row.topic_command, { 'data-key': 'grid:topic:' + row.tag }, { topic: true }));
      tr.append(th);
      row.cells.forEach((c, i) => {
        const td = el('td', null, { class: 'n' });
        td.append(button(cellText(c), c.command, { 'data-key': 'grid:cell:' + row.tag + ':' + g.columns[i].code,
          'aria-label': cellLabel(row, g.columns[i], c), 'aria-pressed': String(c.selected) }));
        tr.append(td);
      });
      tbody.append(tr);
    }
    table.append(thead, tbody);
    $('mirror-grid-table').replaceChildren(table);
  }

  // A link to another card (the click opens it here, so back returns; a new tab gets its address),
  // or to a paper outside the atlas (a new tab).
  function cardLink(link, cmd, key, href) {
    const text = (link.retracted ? '[Retracted] ' : '') + link.text;
    if (link.index !== undefined) {
      const a = el('a', text, { href: href(link.slug), 'data-key': key, 'data-index': link.index });
      a.addEventListener('click', (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        act(e, cmd + ' ' + link.index, { card: link.index });
      });
      return a;
    }
    if (link.url && safeLink(link.url)) return el('a', text, { href: link.url, target: '_blank', rel: 'noopener noreferrer', 'data-key': key });
    return el('span', text);
  }

  // [SECTION] A topic page: counts by level and PEM, the timeline, the links, the studies in reading order.
  function renderTopic(v) {
    const section = $('mirror-topic');
    const t = v.topic;
    section.hidden = !t;
    if (!t) { section.replaceChildren(); delete section.dataset.tag; return; }
    section.dataset.tag = t.tag;
    const href = studyHrefs(v.url);
    const parts = [el('h2', 'Topic: ' + t.name, { id: 'mirror-topic-heading', tabindex: '-1', 'data-key': 'topic:heading' }),
      el('p', t.summary)];
    const nav = el('p');
    nav.append(button('Back', 'back', { 'data-key': 'topic:back' }));
    parts.push(nav);
    const levels = el('table');
    levels.append(el('caption', 'By evidence level'));
    const lh = el('tr');
    for (const h of ['Evidence level', 'Studies', 'In cohorts that required PEM']) lh.append(el('th', h, { scope: 'col' }));
    const lhead = el('thead');
    lhead.append(lh);
    const lbody = el('tbody');
    for (const l of t.levels) {
      const tr = el('tr');
      tr.append(el('th', l.label, { scope: 'row' }), el('td', String(l.count), { class: 'n' }), el('td', String(l.pem), { class: 'n' }));
      lbody.append(tr);
    }
    levels.append(lhead, lbody);
    parts.push(el('h3', 'By evidence level'), levels);
    if (t.years.length) {
      const years = el('table');
      years.append(el('caption', 'Timeline: studies a year'));
      const yh = el('tr');
      for (const h of ['Year', 'Studies', 'In cohorts that required PEM']) yh.append(el('th', h, { scope: 'col' }));
      const yhead = el('thead');
      yhead.append(yh);
      const ybody = el('tbody');
      for (const y of t.years) {
        const tr = el('tr');
        tr.append(el('th', String(y.year), { scope: 'row' }), el('td', String(y.count), { class: 'n' }), el('td', String(y.pem), { class: 'n' }));
        ybody.append(tr);
      }
      years.append(yhead, ybody);
      parts.push(el('h3', 'Timeline'), years);
    }
    if (t.relations.length) {
      parts.push(el('h3', 'Links between studies'));
      let n = 0;
      for (const g of t.relations) {
        parts.push(el('h4', g.heading));
        const ul = el('ul', null, { class: 'links' });
        for (const r of g.items) {
          const li = el('li');
          li.append(cardLink(r.from, 'open', 'topic:link:' + n + ':from', href), ' ' + r.phrase + ' ', cardLink(r.to, 'open', 'topic:link:' + n + ':to', href));
          if (r.note) li.append(el('span', r.note, { class: 'note' }));
          ul.append(li);
          n++;
        }
        parts.push(ul);
      }
    }
    parts.push(el('h3', 'Studies, strongest evidence type first'),
      el('p', 'Newest first within each level; retracted papers after the others of their level.' +
        (t.studies.length < t.total ? ' The first ' + t.studies.length + ' of ' + t.total + ' are listed here.' : ''), { class: 'hint' }));
    const ol = el('ol', null, { class: 'links' });
    for (const s of t.studies) {
      const li = el('li');
      li.append(cardLink({ text: s.title, index: s.index, slug: s.slug, retracted: s.retracted }, 'open', 'topic:study:' + s.index, href),
        el('span', s.evidence + ' · ' + s.pem + ' · ' + s.byline, { class: 'note' }));
      ol.append(li);
    }
    parts.push(ol);
    section.replaceChildren(...parts);
  }

  // The list: one row per listed study (up to 100), rows reused by study so a keystroke moves and
  // relabels what it can instead of rebuilding everything.
  const rowCache = new Map();
  function renderList(v) {
    const list = $('mirror-list');
    const href = studyHrefs(v.url);
    const openIndex = v.card ? v.card.index : -1;
    const rows = [];
    const keep = new Set();
    for (const item of v.listed || []) {
      let row = rowCache.get(item.index);
      if (!row) {
        const link = el('a', null, { 'data-index': item.index, 'data-key': 'result:' + item.index });
        link.addEventListener('click', (e) => {
          if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;  // a new tab or window: the deep link
          e.preventDefault();                                                             // here: the app stays one page
          if (view.card && view.card.index === item.index && $('mirror-card-title')) {
            $('mirror-card-title').focus();   // already open: nothing changes but where the reader is
            return;
          }
          act(e, 'open ' + item.index, { card: item.index });
        });
        row = { li: el('li'), link, meta: el('span', null, { class: 'meta' }) };
        row.li.append(row.link, row.meta);
        rowCache.set(item.index, row);
      }
      const title = (item.retracted ? t('ui.retracted_prefix') : '') + item.title;
      if (row.link.textContent !== title) row.link.textContent = title;
      const target = href(item.slug);
      if (row.link.getAttribute('href') !== target) row.link.setAttribute('href', target);
      row.link.dataset.slug = item.slug;
      if (item.index === openIndex) row.link.setAttribute('aria-current', 'true'); else row.link.removeAttribute('aria-current');
      const since = item.since === 'new' ? t('ui.new_mark') + ' · ' : item.since === 'changed' ? t('ui.changed_mark') + ' · ' : '';
      const meta = since + item.evidence + ' · ' + item.pem + ' · ' + item.byline;
      if (row.meta.textContent !== meta) row.meta.textContent = meta;
      rows.push(row.li);
      keep.add(item.index);
    }
    for (const index of rowCache.keys()) if (!keep.has(index)) rowCache.delete(index);
    const shown = rows.length, more = $('mirror-more');
    more.hidden = shown >= (v.count || 0);
    if (!more.hidden) more.textContent = tn('page.more_shown', v.count, [window.AtlasPage.formatNumber(shown)]);
    // Only the rows that moved are touched.
    let i = 0;
    for (; i < rows.length; i++) if (list.children[i] !== rows[i]) break;
    if (i < rows.length || list.children.length !== rows.length) list.replaceChildren(...rows);
  }

  // A card's links to other studies: another card opens here ('follow', so back returns), a paper
  // outside the atlas in a new tab.
  function relationsSection(c, v, card) {
    if (!c.relations.length) return;
    const href = studyHrefs(v.url);
    const section = el('section', null, { 'data-section': 'relations' });
    section.append(el('h3', t('card.links')));
    for (const g of c.relations) {
      section.append(el('h4', g.heading));
      const ul = el('ul', null, { class: 'links', 'data-relation': g.id });
      g.links.forEach((link, i) => {
        const li = el('li');
        li.append(cardLink(link, 'follow', 'card:relation:' + g.id + ':' + i, href));
        if (link.note) li.append(el('span', link.note, { class: 'note' }));
        ul.append(li);
      });
      section.append(ul);
    }
    card.append(section);
  }

  // The compare set in the text view: its titles, and buttons to read them side by side, print them, clear them.
  function renderCompare(v) {
    const box = $('mirror-compare');
    const items = v.compare || [];
    box.hidden = !items.length;
    $('mirror-compare-count').textContent = tn('page.compare_picked', items.length);
    $('mirror-compare-list').replaceChildren(...items.map((c) => el('li', c.title)));
  }

  function renderCard(v) {
    const card = $('mirror-card');
    card.replaceChildren();
    card.hidden = !v.card;
    if (!v.card) {
      card.removeAttribute('aria-labelledby');
      delete card.dataset.slug;
      return;
    }
    const c = v.card;
    card.dataset.slug = c.slug;
    card.setAttribute('aria-labelledby', 'mirror-card-title');
    card.append(el('h2', c.title, { id: 'mirror-card-title', tabindex: '-1', 'data-key': 'card:title', lang: 'en' }),
      el('p', c.byline, { class: 'byline', lang: 'en' }));
    const badges = el('ul', null, { class: 'badges', 'aria-label': t('page.classification') });
    for (const b of c.badges) badges.append(el('li', b.text, { title: b.tooltip }));
    card.append(badges);
    if (c.retraction) card.append(el('p', c.retraction, { class: 'retraction', role: 'note' }));
    if (c.since) card.append(el('p', c.since === 'new' ? t('card.new_since') : t('card.changed_since'), { class: 'since', 'data-since': c.since }));
    if (c.draft_notice) card.append(el('p', c.draft_notice, { class: 'draft-notice' }));
    if (c.population.length) {
      const who = el('section', null, { 'data-section': 'population', class: 'population' });
      who.append(el('h3', t('card.who_studied')));
      const dl = el('dl');
      for (const m of c.population) dl.append(el('dt', m.label), el('dd', m.value));
      who.append(dl);
      card.append(who);
    }
    const nav = el('div', null, { class: 'card-nav' });
    nav.append(button(c.back || t('page.back'), 'back', { 'data-key': 'card:back' }, { result: c.index }));
    const depth = el('div', null, { role: 'group', 'aria-label': t('ui.depth'), 'data-depth': v.depth });
    for (const d of ['quick', 'standard', 'full'])
      depth.append(button(t('ui.depth.' + d), 'depth ' + d, { 'aria-pressed': String(v.depth === d), 'data-key': 'card:depth:' + d }));
    nav.append(depth);
    card.append(nav);
    const actions = el('div', null, { class: 'card-actions', role: 'group', 'aria-label': t('page.cite_compare') });
    const copy = (label, text, what, key) => {
      const b = el('button', label, { type: 'button', 'data-key': key });
      b.addEventListener('click', () => copyText(text, what));
      return b;
    };
    actions.append(copy(t('ui.copy_citation'), c.cite_plain, 'ui.copied.citation', 'card:copy-plain'),
      copy(t('ui.copy_bibtex'), c.cite_bibtex, 'ui.copied.bibtex', 'card:copy-bibtex'),
      copy(t('ui.cite_card'), c.cite_atlas, 'ui.copied.card', 'card:copy-atlas'),
      button(c.in_compare ? t('ui.remove_compare') : t('ui.add_compare'), 'compare ' + c.index, { 'data-key': 'card:compare' }));
    actions.append(el('button', t('ui.read_aloud'), { type: 'button', 'data-key': 'card:read', 'data-read': 'card' }));
    const print = el('button', t('ui.print'), { type: 'button', 'data-key': 'card:print' });
    print.addEventListener('click', () => printNow('card'));
    actions.append(print);
    card.append(actions);
    const cite = el('section', null, { 'data-section': 'cite' });
    cite.append(el('h3', t('page.how_to_cite')), el('p', c.cite_plain, { class: 'citation', 'data-cite': 'plain' }),
      el('pre', c.cite_bibtex, { class: 'citation', 'data-cite': 'bibtex' }), el('p', c.cite_atlas, { class: 'citation', 'data-cite': 'atlas' }));
    // The links come right after the summary, as on the canvas and the static pages.
    let linksShown = false;
    const showLinks = () => { if (!linksShown) { linksShown = true; relationsSection(c, v, card); } };
    for (const s of c.sections) {
      if (s.id !== 'quick_summary') showLinks();
      const section = el('section', null, { 'data-section': s.id });
      if (s.heading) section.append(el('h3', s.heading));
      if (s.subheading) section.append(el(s.heading ? 'h4' : 'h3', s.subheading));
      if (s.text) section.append(el('p', s.text, { lang: 'en' }));
      if (s.items.length) {
        const ul = el('ul', null, { lang: 'en' });
        for (const item of s.items) ul.append(el('li', item));
        section.append(ul);
      }
      card.append(section);
    }
    showLinks();
    if (c.tags.length) {
      const section = el('section', null, { 'data-section': 'tags' });
      section.append(el('h3', t('card.tags')));
      for (const group of c.tags) {
        const p = el('p', group.category + ': ');
        group.tags.forEach((tag, i) => {
          if (i) p.append(', ');
          const topic = group.topics ? group.topics[i] : -1;
          if (topic >= 0) p.append(button(tag, 'topic ' + topic, { 'data-key': 'card:topic:' + topic, title: 'Open the topic page' }, { topic: true }));
          else p.append(tag);
        });
        section.append(p);
      }
      card.append(section);
    }
    const meta = el('section', null, { 'data-section': 'metadata' });
    meta.append(el('h3', t('card.metadata')));
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
      about.append(el('a', t('card.how_it_works'), { href: c.about_url }));
      card.append(about);
    }
    if (c.quality_notes.length) {
      const notes = el('section', null, { 'data-section': 'quality-notes' });
      notes.append(el('h3', t('card.quality_notes')));
      const ul = el('ul');
      for (const note of c.quality_notes) ul.append(el('li', note));
      notes.append(ul);
      card.append(notes);
    }
    card.append(cite);
    const contribute = el('section', null, { 'data-section': 'contribute' });
    contribute.append(el('h3', t('card.contribute')), el('p', c.contribute_text));
    if (c.contribute_url && safeLink(c.contribute_url)) contribute.append(el('a', t('card.report_error'), { href: c.contribute_url }));
    else if (/^mailto:/i.test(c.contribute_url || '')) contribute.append(el('p', t('card.report_error_email', [c.contribute_url.slice(7).split('?')[0]])));
    card.append(contribute);
  }

  // [SECTION] The page for the doctor: one study, or the compare set (up to six), as one clean printed
  // page — title, full citation (DOI, PMID), the classification, the quick summary and what the study
  // does not prove, and the card's address as plain text. Built from the text view's data
  // (view.print), never from the canvas. What Ctrl+P prints follows the view: the compare screen, the
  // open card, else the text view's list (print styles in style.css); the canvas's and the text view's
  // "Print" buttons choose explicitly.
  function printedAddress(slug) {
    const page = params.has('atlas') ? 'atlas=' + encodeURIComponent(params.get('atlas')) + '&' : '';
    return new URL(location.pathname + '?' + page + 'study=' + encodeURIComponent(slug), location.href).href;
  }
  function defaultPrint(v) {
    const p = v.print || {};
    if (v.screen === 'compare' && p.compare && p.compare.length) return 'compare';
    return p.card ? 'card' : null;
  }
  function buildPrint(what) {
    const box = $('print-view');
    const p = view.print || {};
    const entries = what === 'compare' ? (p.compare || []) : what === 'card' && p.card ? [p.card] : [];
    root.classList.toggle('print-study', entries.length > 0);
    box.dataset.count = String(entries.length);
    if (!entries.length) { box.replaceChildren(); return; }   // (and no date made: Intl's first use is slow)
    const head = el('header', null, { class: 'print-head' });
    const several = entries.length > 1;
    const drafts = entries.some((e) => e.draft_notice);
    head.append(el('p', (view.title || t('atlas.title')), { class: 'print-site' }),
      el('p', t('print.note', [printDate()]) + (several && drafts ? ' ' + t('print.draft_note') : ''), { class: 'print-note' }));
    const studies = entries.map((e) => {
      const article = el('article', null, { class: 'print-study' });
      // Several studies: the title as the heading and the rest of the citation under it (the same
      // full citation, not said twice), the classification on one line.
      const at = several ? e.citation.indexOf(e.title) : -1;
      const citation = at >= 0 ? (e.citation.slice(0, at) + e.citation.slice(at + e.title.length)).replace(/\.\s*\./, '.').replace(/\s+/g, ' ').trim() : e.citation;
      article.append(el(several ? 'h2' : 'h1', e.title, { lang: 'en' }), el('p', citation, { class: 'print-citation', lang: 'en' }));
      if (e.retraction) article.append(el('p', e.retraction, { class: 'print-retraction' }));
      if (several) {
        article.append(el('p', e.rows.map((r) => (r.key === 'print.row.casedefs' ? r.label + ': ' : '') + r.value).join(' · '), { class: 'print-badges' }));
      } else {
        const dl = el('dl', null, { class: 'print-badges' });
        for (const r of e.rows) dl.append(el('dt', r.label), el('dd', r.value));
        article.append(dl);
      }
      if (e.quick_summary) article.append(el('h3', t('print.quick_summary')), el('p', e.quick_summary, { lang: 'en' }));
      if (e.does_not_prove) article.append(el('h3', t('print.does_not_prove')), el('p', e.does_not_prove, { lang: 'en' }));
      if (e.draft_notice && !several) article.append(el('p', e.draft_notice, { class: 'print-draft' }));
      article.append(el('p', t('print.address', [printedAddress(e.slug)]), { class: 'print-url' }));
      return article;
    });
    box.replaceChildren(head, ...studies);
  }
  function printDate() {
    const lang = document.documentElement.lang || 'en';
    return new Date().toLocaleDateString(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'long', year: 'numeric' });
  }
  let printing = null;   // what an explicit Print asked for, until the print dialog closes
  function printNow(what) {
    printing = what;
    buildPrint(what);
    window.print();
  }
  window.addEventListener('afterprint', () => { printing = null; buildPrint(defaultPrint(view)); });

  // One update per view change, with only the parts that changed (ui/page_state.cpp TextViewUpdate).
  function applyViewUpdate(update) {
    const key = focusKey();
    lastCardIndex = view.card ? view.card.index : -1;
    const lastDepth = view.depth;
    Object.assign(view, update);
    const has = (k) => Object.prototype.hasOwnProperty.call(update, k);
    if (has('title') || has('count') || has('query') || has('status') || has('sort') || has('pem_only') || has('screen')) renderHead(view);
    if (has('facets') || has('chips')) renderFilters(view);
    if (has('grid')) renderGrid(view);
    if (has('topic')) renderTopic(view);
    if (has('listed') || has('url') || has('card') || has('count')) renderList(view);
    if (has('card')) renderCard(view);
    if (has('compare') || has('print')) renderCompare(view);
    if (!printing && (has('print') || has('screen'))) buildPrint(defaultPrint(view));
    restoreFocus(key);
    if (has('url')) syncUrl(view.url);
    if (has('filters_open')) onSheet(view.filters_open && window.innerWidth < window.AtlasPage.PHONE_WIDTH);
    // What changed, for the page's other scripts (speech.js stops reading when its card or list goes).
    const changed = { card: has('card') && (view.card ? view.card.index : -1) !== lastCardIndex, depth: view.depth !== lastDepth, listed: has('listed') };
    document.dispatchEvent(new CustomEvent('atlas:view', { detail: changed }));
  }

  // The text view's fixed controls (in index.html), wired once.
  function initMirror() {
    $('skip-link').addEventListener('click', (e) => { e.preventDefault(); setTextViewOpen(true); search.focus(); });
    // SDL takes Tab on the canvas (and cancels it): let it move focus instead, so the keyboard
    // is never trapped in the canvas and the text view is one Tab away.
    const passTab = (e) => { if (e.key === 'Tab' && e.target === canvas) e.stopImmediatePropagation(); };
    window.addEventListener('keydown', passTab, true);
    window.addEventListener('keyup', passTab, true);
    const sort = $('mirror-sort');
    sort.addEventListener('change', (e) => act(e, 'sort ' + sort.value));
    for (const b of $('mirror-export').querySelectorAll('button[data-format]'))
      b.addEventListener('click', (e) => act(e, 'export ' + b.dataset.format));
    $('mirror-leave').addEventListener('click', () => canvas.focus());
    $('mirror-more').addEventListener('click', (e) => act(e, 'more'));
    const pemOnly = $('mirror-pemonly');
    pemOnly.addEventListener('change', (e) => { if (!act(e, pemOnly.checked ? 'pemonly on' : 'pemonly off')) pemOnly.checked = !pemOnly.checked; });
    $('mirror-grid-open').addEventListener('click', (e) => act(e, 'screen grid', { grid: true }));
    for (const b of $('mirror-grid-axis').querySelectorAll('button[data-axis]'))
      b.addEventListener('click', (e) => act(e, 'grid ' + b.dataset.axis));
    $('mirror-grid-close').addEventListener('click', (e) => act(e, 'back'));
    $('mirror-compare-print').addEventListener('click', () => printNow('compare'));
    $('mirror-calm').addEventListener('click', (e) => act(e, 'calm ' + (root.dataset.calm === 'on' ? 'off' : 'on')));
    $('mirror-compare-clear').addEventListener('click', (e) => act(e, 'compare clear'));
    // Esc: in the card, back to the results; elsewhere, back to the canvas (the search box and a
    // select use Esc themselves first).
    $('mirror').addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      const t = e.target;
      if ((t === search && search.value) || t.tagName === 'SELECT') return;
      e.preventDefault();
      if (view.card && $('mirror-card').contains(t)) act(e, 'back', { result: view.card.index });
      else canvas.focus();
    });
    initTextViewFocus();
    initSearch();
  }
  initMirror();

  // Clipboard: the app asks, the page copies (with a fallback for browsers without the async API).
  function copyText(text, what) {
    const done = () => { $('mirror-status').textContent = what ? t(what) + '.' : t('page.copied', [t('page.copied_text')]); };
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
    $('mirror-status').textContent = t('page.saved', [name]);
  }

  // Reading preferences, remembered between visits. A first visit follows the system: the theme from
  // prefers-contrast (more: high contrast) and prefers-color-scheme, low stimulation from
  // prefers-reduced-motion (reduce) or prefers-contrast (less). The theme keeps following the system
  // until the reader picks one; low stimulation is remembered as first set, and as the reader sets it.
  function systemCalm() {
    return matchMedia('(prefers-reduced-motion: reduce)').matches || matchMedia('(prefers-contrast: less)').matches;
  }
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
    if (typeof prefs.calm !== 'boolean') prefs.calm = systemCalm();
    return prefs;
  }
  function savePrefs(prefs) {
    try { localStorage.setItem(PREFS_KEY, JSON.stringify(prefs)); } catch (e) { /* private mode: not remembered */ }
  }
  function applyPageTheme(theme) {
    root.dataset.theme = theme;
  }
  function applyPageCalm(calm) {
    root.dataset.calm = calm ? 'on' : 'off';
    const toggle = $('mirror-calm');
    toggle.setAttribute('aria-pressed', String(!!calm));
  }
  // The app reports what the reader chose; the page remembers it. An embed may hold its own theme
  // (app.themeFor), which is the host's choice and not stored as the reader's.
  function onPrefs(json) {
    let chosen;
    try { chosen = JSON.parse(json); } catch (e) { return; }
    const app = window.atlasApp;
    const held = app && app.heldTheme;
    if (held && chosen.theme === held) {
      const stored = loadPrefs();
      chosen.theme = stored.themeFromSystem ? undefined : stored.theme;
      savePrefs(chosen);
      applyPageTheme(held);
      if (chosen.lang && chosen.lang !== root.lang) useLang(chosen.lang);
      return;
    }
    if (app) app.heldTheme = null;   // the reader chose another theme here: theirs to keep
    // A theme equal to the system's, while following the system, stays "follow the system".
    if (loadPrefs().themeFromSystem && chosen.theme === systemTheme()) delete chosen.theme;
    savePrefs(chosen);
    applyPageTheme(chosen.theme || systemTheme());
    applyPageCalm(chosen.calm);
    if (chosen.lang && chosen.lang !== root.lang) useLang(chosen.lang);
  }

  // [SECTION] Since the last visit. What the reader has seen is kept in this browser's storage only
  // (never sent anywhere): a snapshot of every study's id and content hashes (bridge.seenSnapshot).
  // { baseline: what the marks compare with, latest: the atlas as last shown, last: when (ms) }.
  // A visit is a session: after a gap of VISIT_GAP the atlas shown last becomes the baseline, so
  // reloads during one visit keep the marks. A first visit marks nothing.
  const VISIT_GAP = 60 * 60 * 1000;
  function readSeen() {
    try {
      const seen = JSON.parse(localStorage.getItem(SEEN_KEY) || 'null');
      return seen && typeof seen === 'object' && typeof seen.latest === 'string' ? seen : null;
    } catch (e) { return null; }
  }
  function writeSeen(seen) {
    try { localStorage.setItem(SEEN_KEY, JSON.stringify(seen)); } catch (e) { /* private mode or full: not remembered */ }
  }
  function initSeen() {
    const stored = readSeen();
    const now = Date.now();
    let baseline = null;
    if (stored) baseline = now - (Number(stored.last) || 0) > VISIT_GAP ? stored.latest : (typeof stored.baseline === 'string' ? stored.baseline : null);
    const latest = bridge.seenSnapshot();
    writeSeen({ v: 1, baseline, latest, last: now });
    bridge.setSeen(baseline || '');
    // The visit goes on while the page is open: its end is when it was last looked at.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'hidden') return;
      const seen = readSeen();
      if (seen) writeSeen(Object.assign(seen, { last: Date.now() }));
    });
    // "Mark all as seen": the marks go, now and on the next visit.
    const markSeen = () => {
      const seen = readSeen() || { v: 1, latest };
      writeSeen(Object.assign(seen, { baseline: seen.latest, last: Date.now() }));
      bridge.setSeen(seen.latest);
    };
    $('mirror-seen').addEventListener('click', markSeen);
    document.addEventListener('atlas:request', (e) => { if (e.detail === 'seen') markSeen(); });
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  // [SECTION] Deep links: the view lives in the URL; back and forward move through views. The phone's
  // filter sheet is a step too, so the browser's back closes it.
  let urlReady = false;     // no history entries until the shared link itself was applied
  let loadingNow = false;   // first results shown, the rest still arriving
  let readerActed = false;  // the reader changed the view while it was loading
  let applyingUrl = false;
  let sheetEntry = false;   // a history entry was pushed for the open filter sheet
  function pageParams() {
    const keep = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(location.search)) if (PAGE_PARAMS.includes(k)) keep.append(k, v);
    return keep.toString();
  }
  function viewParams(searchText) {
    const v = new URLSearchParams(searchText);
    for (const k of PAGE_PARAMS) v.delete(k);
    return v;
  }
  // Typing replaces the history entry, but not on every key: browsers throttle (and some slow down
  // on) rapid history calls, so the address follows the text a moment after the last key.
  let pendingUrl = 0;
  function syncUrl(state) {
    if (!urlReady || applyingUrl) return;
    clearTimeout(pendingUrl);
    const current = viewParams(location.search);
    const next = new URLSearchParams(state);
    if (current.toString() === next.toString()) return;
    const page = pageParams();
    const query = [page, state].filter(Boolean).join('&');
    const href = location.pathname + (query ? '?' + query : '') + location.hash;
    // Typing in the search box replaces the entry; anything else is a step back can return to.
    const onlyText = (() => {
      const a = new URLSearchParams(current), b = new URLSearchParams(next);
      a.delete('q'); b.delete('q');
      return a.toString() === b.toString();
    })();
    if (onlyText) pendingUrl = setTimeout(() => history.replaceState(history.state, '', href), 250);
    else if (sheetEntry) history.replaceState(history.state, '', href);
    else history.pushState(null, '', href);
  }
  function onSheet(open) {
    if (!urlReady) return;
    if (open && !sheetEntry) {
      sheetEntry = true;
      history.pushState({ sheet: true }, '', location.href);
    } else if (!open && sheetEntry) {
      sheetEntry = false;
      if (history.state && history.state.sheet) history.back();
    }
  }
  function applyUrl() {
    if (sheetEntry) {   // back from the open filter sheet: close it, nothing else
      sheetEntry = false;
      command('filters hide');
      return;
    }
    applyingUrl = true;
    const ignored = bridge.applyUrl(location.search);
    applyingUrl = false;
    if (ignored) notice(t('page.link_skipped', [ignored]));
  }
  function notice(text) {
    const box = $('notice');
    box.replaceChildren(el('span', text + ' '));
    const close = el('button', t('page.dismiss'), { type: 'button' });
    close.addEventListener('click', () => { box.hidden = true; });
    box.append(close);
    box.hidden = false;
  }

  applyPageCalm(loadPrefs().calm);

  // [SECTION] The interface language: lang= in the address, else the reader's choice remembered here,
  // else the first of the browser's languages the atlas offers, else English. Kept in the address
  // (lang=) when it is not English or was given there; switching it (the canvas's Aa menu or the text
  // view's list) loads that language's messages and says everything again. Study text stays English.
  function chooseLang() {
    const fromUrl = window.AtlasPage.langFromTag(params.get('lang'));
    if (fromUrl) return fromUrl;
    const stored = window.AtlasPage.langFromTag(loadPrefs().lang);
    if (stored) return stored;
    for (const tag of navigator.languages || [navigator.language]) {
      const lang = window.AtlasPage.langFromTag(tag);
      if (lang) return lang;
    }
    return 'en';
  }
  async function useLang(lang) {
    const switching = !!bridge && root.lang !== lang;
    await window.AtlasPage.loadMessages(lang);
    root.lang = lang;
    if (bridge) sendMessages();
    if (switching) bridge.command('lang ' + lang);   // the text view again, with this language's words
    window.AtlasPage.translatePage(document);
    if (lastBox) placeSearch(lastBox);                // the search hint, long or short as the field allows
    const select = $('mirror-lang');
    if (select.value !== lang) select.value = lang;
    if (lang !== 'en' || params.has('lang')) {
      const url = new URL(location.href);
      if (url.searchParams.get('lang') !== lang) {
        url.searchParams.set('lang', lang);
        history.replaceState(history.state, '', url.pathname + url.search + url.hash);
      }
    }
  }
  function initLangSelect() {
    const select = $('mirror-lang');
    for (const code of window.AtlasPage.LANGS) {
      const names = { en: 'English', de: 'Deutsch', es: 'Español', nb: 'Norsk (bokmål)' };
      select.append(el('option', names[code], { value: code, lang: code }));
    }
    select.addEventListener('change', (e) => act(e, 'lang ' + select.value));
  }
  initLangSelect();
  // The app's words: the catalogue files the page fetched (English, and the language in use).
  function sendMessages() {
    for (const lang of new Set(['en', root.lang])) {
      const text = window.AtlasPage.messagesText(lang);
      if (text) bridge.setMessages(lang, text);
    }
  }
  async function startInLanguage() {
    await useLang(chooseLang());
    return start();
  }

  async function start() {
    if (typeof WebAssembly !== 'object') return fail(t('page.no_wasm'));
    if (!hasWebGL2()) return fail(t('page.no_webgl'));
    const source = atlasUrl();
    if (source.error) return fail(source.error);

    let hoveredLink = '';
    canvas.addEventListener('click', () => {
      // Opened inside the real click so popup blockers allow it; only web links from data.
      if (hoveredLink && /^https?:\/\//i.test(hoveredLink)) window.open(hoveredLink, '_blank', 'noopener,noreferrer');
    });
    canvas.addEventListener('pointerdown', () => canvas.focus());
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());   // a long press is not a right click
    // Asking for the context back: without preventDefault the browser never restores a lost one.
    canvas.addEventListener('webglcontextlost', (e) => e.preventDefault());

    progress(t('page.loading'), 0.02);
    const fontsPromise = Promise.all([fetchBytes('fonts/Inter-Regular.otf'), fetchBytes('fonts/Inter-Bold.otf')]);
    const atlas = streamAtlas(source.url, (f) => progress(t('page.loading_percent', [String(Math.round(f * 100))]), 0.1 + 0.8 * f));
    let outOfMemory = false;
    let ready;
    const appReady = new Promise((resolve) => { ready = resolve; });
    try { await loadScript('atlas_app.js'); } catch (e) { return fail(t('page.app_download', [e.message])); }
    const module = await createAtlasModule({
      canvas,
      onMirror: (json) => {
        let update;
        try { update = JSON.parse(json); } catch (e) { console.error('text view:', e); return; }
        try { applyViewUpdate(update); } catch (e) { console.error('text view:', e); }
      },
      onHoveredLink: (url) => { hoveredLink = url; },
      onCopy: (text) => copyText(text),
      onDownload: (name, mime, bytes) => saveFile(name, mime, bytes),
      onPrefs,
      onSearchField: placeSearch,
      onRequest: (what) => {
        if (what === 'search') focusSearch();
        if (what === 'print card' || what === 'print compare') setTimeout(() => printNow(what.slice(6)));   // after this call returns
        document.dispatchEvent(new CustomEvent('atlas:request', { detail: what }));
      },
      onAppReady: () => ready(),
      onOutOfMemory: () => { outOfMemory = true; },
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    });
    await appReady;
    bridge = window.AtlasPage.connect(module);
    // A host page or script acting through window.atlasApp while the atlas loads counts as the reader.
    const apiActed = () => { if (loadingNow) readerActed = true; };
    window.atlasApp = {
      module,
      bridge,
      heldTheme: null,   // embed.js: the host's theme, shown but not stored as the reader's
      command: (text) => { apiActed(); return bridge.command(text); },
      openStudy: (index) => { apiActed(); return bridge.command('open ' + index); },
      closeStudy: () => { apiActed(); return bridge.command('back'); },
      setQuery: (text) => { apiActed(); search.value = text; bridge.setSearch(text); },
    };
    await nextTask();   // start-up in tasks of its own (module and context, words, preferences, atlas)
    sendMessages();
    await nextTask();
    bridge.setToday(today());
    const prefs = loadPrefs();
    applyPageTheme(prefs.theme);
    applyPageCalm(prefs.calm);
    for (const cmd of ['lang ' + root.lang, 'theme ' + prefs.theme, prefs.textsize !== undefined ? 'textsize ' + prefs.textsize : '', prefs.depth ? 'depth ' + prefs.depth : '',
      'calm ' + (prefs.calm ? 'on' : 'off')])
      if (cmd) bridge.command(cmd);
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
      if (loadPrefs().themeFromSystem) bridge.command('theme ' + (e.matches ? 'dark' : 'light'));
    });
    await nextTask();
    // The atlas streams into the app as it arrives: each piece (at most 64 KB) is copied into a buffer
    // in the heap and read there; the whole document is never in the heap.
    const MB = 1024 * 1024, PIECE = 64 * 1024;
    let loadError = null, stopLoading;
    const loadStopped = new Promise((resolve) => { stopLoading = resolve; });
    const tooLarge = () => t('page.too_large', [String(Math.round(bridge.heapBytes() / MB)), String(Math.round(atlas.received / MB))]);
    const loadFailure = (e) => (outOfMemory || /out of memory|memory access out of bounds|Cannot enlarge memory|OOM/i.test(String(e && e.message)))
      ? tooLarge() : t('page.went_wrong_reading', [String(e && e.message ? e.message : e)]);
    bridge.loadBegin(atlas.sizeHint());
    const feeder = slicedFeeder((piece) => {
      if (loadError) return false;
      try { bridge.loadPiece(piece); return true; } catch (e) { loadError = e; atlas.cancel(); stopLoading(); return false; }
    }, PIECE);
    atlas.attach((chunk) => feeder.push(chunk));
    let fonts, fontsGiven = false;
    try { fonts = await fontsPromise; } catch (e) { return fail(t('page.fonts_download', [e.message])); }
    // Results before the end: while a large atlas is still arriving, what has arrived is made
    // searchable a quarter of a second after the app is ready (a reader sees results sooner than a
    // whole 10,000-study atlas takes), then about once a second, and the reader can start (the status
    // line says how far it is).
    // The link's view applies to the first results; what the reader does from then on is kept when
    // the rest arrives (the link is applied again at the end only if they have done nothing).
    let shownPartial = false;
    readerActed = false;
    for (const type of ['pointerdown', 'keydown', 'input'])
      window.addEventListener(type, () => { if (shownPartial) readerActed = true; }, { capture: true });
    let partial = 0;
    const showArrived = () => {
      if (loadError || atlas.cancelled) return;
      partial = setTimeout(showArrived, 1000);
      try {
        if (!fontsGiven) { bridge.setFonts(fonts[0], fonts[1]); fontsGiven = true; }
        if (bridge.loadSnapshot() > 0 && !shownPartial) {
          shownPartial = true;
          loadingNow = true;
          bridge.applyUrl(location.search);   // quietly: a linked study may not have arrived yet
          $('loading').hidden = true;
          root.dataset.atlasPartial = 'shown';
        }
      } catch (e) { loadError = e; atlas.cancel(); stopLoading(); }
    };
    partial = setTimeout(showArrived, 250);
    try { await Promise.race([atlas.done, loadStopped]); } catch (e) { clearTimeout(partial); return fail(t('page.atlas_download', [e.message])); }
    await feeder.drained();   // the last slices of what arrived
    clearTimeout(partial);
    await nextTask();
    if (loadError) return fail(loadFailure(loadError));
    progress(t('page.reading'), 0.95);
    // Fonts just before the end: the app rasterizes them in a frame of their own after the load.
    let code;
    try {
      if (!fontsGiven) bridge.setFonts(fonts[0], fonts[1]);
      code = bridge.loadEnd();
    } catch (e) { return fail(loadFailure(e)); }
    $('loading').hidden = true;
    await nextTask();   // the text view in a task of its own
    bridge.flush();
    await nextTask();   // the marks since the last visit in a task of their own
    loadingNow = false;
    if (code !== 2) {
      initSeen();
      if (!readerActed) applyUrl();
      urlReady = true;
      syncUrl(view.url || '');
      window.addEventListener('popstate', applyUrl);
    }
    if (params.get('gallery') === '1') bridge.command('screen gallery');
    root.dataset.atlasLoad = ['ok', 'partial', 'unusable'][code];
    // Keys go to the atlas at once, except in another site's frame: there the host page keeps its focus
    // until the reader points or types in the embed (embed.js may run after this, so not left to it).
    if (window.parent === window) canvas.focus();
    document.addEventListener('visibilitychange', () => bridge.wake());
  }

  startInLanguage().catch((e) => fail(t('page.went_wrong_starting', [String(e && e.message ? e.message : e)])));
})();
