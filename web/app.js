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

  function renderMirror(view) {
    $('mirror-title').textContent = view.title + (view.synthetic ? ' (synthetic test data)' : '');
    $('mirror-status').textContent = view.status || '';
    $('mirror-count').textContent = view.count + (view.count === 1 ? ' study' : ' studies') + (view.query ? ' matching "' + view.query + '"' : '');
    const list = $('mirror-list');
    list.replaceChildren();
    for (const item of view.listed) {
      const li = el('li');
      const button = el('button', (item.retracted ? '[Retracted] ' : '') + item.title, { type: 'button', 'data-index': item.index, 'data-slug': item.slug });
      button.addEventListener('click', () => window.atlasApp.openStudy(item.index));
      li.append(button, el('span', ' ' + item.evidence + ' · ' + item.pem + ' · ' + item.byline));
      list.append(li);
    }
    const card = $('mirror-card');
    card.replaceChildren();
    card.hidden = !view.card;
    if (!view.card) return;
    const c = view.card;
    card.dataset.slug = c.slug;
    const back = el('button', 'Back to results', { type: 'button' });
    back.addEventListener('click', () => window.atlasApp.closeStudy());
    card.append(back);
    if (c.retraction) card.append(el('p', c.retraction, { class: 'retraction', role: 'note' }));
    const badges = el('ul', null, { class: 'badges', 'aria-label': 'Classification' });
    for (const b of c.badges) badges.append(el('li', b.text, { title: b.tooltip }));
    card.append(badges, el('h2', c.title), el('p', c.byline, { class: 'byline' }));
    if (c.draft_notice) card.append(el('p', c.draft_notice, { class: 'draft-notice' }));
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
    if (c.contribute_url && safeLink(c.contribute_url)) contribute.append(el('a', 'Suggest a correction', { href: c.contribute_url }));
    card.append(contribute);
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

    progress('Loading the atlas…', 0.02);
    const fontsPromise = Promise.all([fetchBytes('fonts/Inter-Regular.otf', () => {}), fetchBytes('fonts/Inter-Bold.otf', () => {})]);
    const atlasPromise = fetchBytes(source.url, (f) => progress('Loading the atlas… ' + Math.round(f * 100) + '%', 0.1 + 0.8 * f));
    let ready;
    const appReady = new Promise((resolve) => { ready = resolve; });
    try { await loadScript('atlas_app.js'); } catch (e) { return fail('The app could not be downloaded: ' + e.message + '.'); }
    const module = await createAtlasModule({
      canvas,
      onMirror: (json) => { try { renderMirror(JSON.parse(json)); } catch (e) { console.error('mirror:', e); } },
      onHoveredLink: (url) => { hoveredLink = url; },
      onAppReady: () => ready(),
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
    });
    await appReady;
    window.atlasApp = {
      module,
      openStudy: (index) => module._atlas_web_open_study(index),
      closeStudy: () => module._atlas_web_close_study(),
      setQuery: (text) => {
        const size = module.lengthBytesUTF8(text) + 1;
        const ptr = module._malloc(size);
        module.stringToUTF8(text, ptr, size);
        module._atlas_web_set_query(ptr);
        module._free(ptr);
      },
    };
    let fonts, atlasBytes;
    try { fonts = await fontsPromise; } catch (e) { return fail('The fonts could not be downloaded: ' + e.message + '.'); }
    try { atlasBytes = await atlasPromise; } catch (e) { return fail('The atlas data could not be downloaded: ' + e.message + '.'); }
    module._atlas_web_set_fonts(toHeap(module, fonts[0]), fonts[0].length, toHeap(module, fonts[1]), fonts[1].length);
    progress('Reading the atlas…', 0.95);
    const code = module._atlas_web_load_atlas(toHeap(module, atlasBytes), atlasBytes.length);
    $('loading').hidden = true;
    document.documentElement.dataset.atlasLoad = ['ok', 'partial', 'unusable'][code];
    canvas.focus();
    document.addEventListener('visibilitychange', () => module._atlas_web_wake());
  }

  start().catch((e) => fail('Something went wrong while starting the atlas: ' + (e && e.message ? e.message : e)));
})();
