// bridge.js — the one place the page calls into the WebAssembly app (wasm/web_api.cpp is the other
// side), and what the page's scripts share: constants that must agree with the C++ side, and the
// small DOM helpers. Loaded first; app.js, embed.js and the benchmark use window.AtlasPage.
'use strict';

(function () {
  // Wraps the module's exported atlas_web_* functions, marshalling strings and bytes. Functions are
  // looked up on each call (not kept), so a test or benchmark can wrap them on the module.
  function connect(module) {
    const withString = (text, fn) => {
      const size = module.lengthBytesUTF8(text) + 1;
      const ptr = module._malloc(size);
      module.stringToUTF8(text, ptr, size);
      try { return fn(ptr); } finally { module._free(ptr); }
    };
    // The C++ side takes ownership of the copy and frees it.
    const toHeap = (bytes) => {
      const ptr = module._malloc(bytes.length || 1);
      module.HEAPU8.set(bytes, ptr);
      return ptr;
    };
    const text = (ptr) => module.UTF8ToString(ptr);
    return {
      module,
      // A command in the text form (atlas/command.h); true when understood and applied.
      command: (line) => withString(String(line), (p) => module._atlas_web_command(p)) === 1,
      // The search input's value, exactly: the input owns the text, the app follows it.
      setSearch: (value) => withString(String(value), (p) => module._atlas_web_set_search(p)),
      setToday: (ymd) => withString(ymd, (p) => module._atlas_web_set_today(p)),
      // A link's view (location.search); returns what it skipped, "; "-separated.
      applyUrl: (search) => withString(search, (p) => text(module._atlas_web_apply_url(p))),
      urlState: () => text(module._atlas_web_url_state()),
      // Since the last visit: the snapshot the page remembered ('' on a first visit), and this atlas's.
      setSeen: (snapshot) => withString(String(snapshot || ''), (p) => module._atlas_web_set_seen(p)),
      seenSnapshot: () => text(module._atlas_web_seen_snapshot()),
      // Read aloud: the sentences of 'card' or 'list', as JSON.
      readScript: (what) => withString(String(what), (p) => text(module._atlas_web_read_script(p))),
      // A language's message catalogue as fetched (JSON text): the app's words come from it.
      setMessages: (lang, json) => withString(String(lang), (l) => withString(String(json), (j) => module._atlas_web_set_messages(l, j))) === 1,
      setFonts: (regular, bold) => module._atlas_web_set_fonts(toHeap(regular), regular.length, toHeap(bold), bold.length),
      // Streaming load: begin, pieces (each copied into the heap's load buffer, then read; the caller
      // cuts the download into pieces, app.js slicedFeeder), end.
      loadBegin: (sizeHint) => module._atlas_web_load_begin(sizeHint),
      loadPiece: (bytes) => {
        const ptr = module._atlas_web_load_buffer(bytes.length);
        if (!ptr) throw new Error('out of memory');
        module.HEAPU8.set(bytes, ptr);
        module._atlas_web_load_feed(bytes.length);
      },
      loadSnapshot: () => module._atlas_web_load_snapshot(),   // studies searchable so far, 0 if none
      loadEnd: () => module._atlas_web_load_end(),   // the text view follows with flush() (or the next frame)
      flush: () => module._atlas_web_flush(),
      loadWhole: (bytes) => module._atlas_web_load_atlas(toHeap(bytes), bytes.length),
      wake: () => module._atlas_web_wake(),
      heapBytes: () => module.HEAP8.length,
      heapInUse: () => module._atlas_web_heap_in_use(),
      benchQueries: (queries, repeat) => withString(queries, (p) => text(module._atlas_web_bench_queries(p, repeat))),
    };
  }

  function el(tag, content, attrs) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = content;
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  // Only web links become links (as in the canvas and the static text version); others stay text.
  function safeLink(url) {
    try { const u = new URL(url); return u.protocol === 'https:' || u.protocol === 'http:'; } catch (e) { return false; }
  }

  // [SECTION] The interface's words: the message catalogue (i18n/<lang>.json; the page hands the same
  // files to the app, bridge.setMessages). A message missing in a language is the English one, never
  // its key or a blank.
  const LANGS = ['en', 'de', 'es', 'nb'];
  const catalogue = { lang: 'en', own: {}, en: {}, text: {} };   // text: the files as fetched, for the app
  // "de-AT" -> "de", "nb-NO" / "no" / "nn" -> "nb"; null when not offered.
  function langFromTag(tag) {
    let primary = String(tag || '').split(/[-_]/)[0].toLowerCase();
    if (primary === 'no' || primary === 'nn') primary = 'nb';
    return LANGS.includes(primary) ? primary : null;
  }
  async function loadMessages(lang) {
    const get = async (l) => {
      if (catalogue.text[l]) return catalogue.text[l];
      try { const r = await fetch('i18n/' + l + '.json'); return r.ok ? (catalogue.text[l] = await r.text()) : '{}'; } catch (e) { return '{}'; }
    };
    const parse = (text) => { try { return JSON.parse(text) || {}; } catch (e) { return {}; } };
    const [en, own] = await Promise.all([get('en'), lang === 'en' ? Promise.resolve(null) : get(lang)]);
    catalogue.en = parse(en);
    catalogue.own = own ? parse(own) : catalogue.en;
    catalogue.lang = lang;
  }
  const fill = (text, args) => (args || []).reduce((s, a, i) => s.split('{' + i + '}').join(String(a)), text);
  const message = (key) => (Object.prototype.hasOwnProperty.call(catalogue.own, key) ? catalogue.own[key] : catalogue.en[key]);
  function t(key, args) {
    let m = message(key);
    if (m && typeof m === 'object') m = m.other;
    return typeof m === 'string' ? fill(m, args) : '';
  }
  function tn(key, n, args) {
    const m = message(key);
    if (typeof m === 'string') return fill(m.split('{n}').join(formatNumber(n)), args);
    if (!m || typeof m !== 'object') return '';
    return fill((m[pluralRule(n)] || m.other).split('{n}').join(formatNumber(n)), args);
  }
  // Numbers and plurals of whole counts for the page's languages, as CLDR (Intl) gives them and as the
  // app's atlas::FormatNumber does (core/src/text/i18n.cpp: the page needs them before the app has
  // loaded): the first Intl object a page makes loads ICU's data, a ~65 ms task at start-up. Other
  // languages use Intl.
  const GROUPING = { en: [',', 4], de: ['.', 4], es: ['.', 5], nb: ['\u00A0', 4] };   // separator, fewest digits grouped
  function formatNumber(n) {
    const own = GROUPING[catalogue.lang];
    if (own && Number.isInteger(n) && n >= 0 && n < 1e15) {
      const digits = String(n);
      return digits.length < own[1] ? digits : digits.replace(/\B(?=(\d{3})+$)/g, own[0]);
    }
    try { return new Intl.NumberFormat(catalogue.lang).format(n); } catch (e) { return String(n); }
  }
  function pluralRule(n) {
    if (GROUPING[catalogue.lang] && Number.isInteger(n)) return n === 1 ? 'one' : catalogue.lang === 'es' && n !== 0 && n % 1e6 === 0 ? 'many' : 'other';
    try { return new Intl.PluralRules(catalogue.lang).select(n); } catch (e) { return n === 1 ? 'one' : 'other'; }
  }
  // Static text of the page (index.html): data-i18n="key" (text), data-i18n-placeholder, data-i18n-aria-label.
  function translatePage(root) {
    for (const node of (root || document).querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of (root || document).querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of (root || document).querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }

  window.AtlasPage = Object.freeze({
    connect,
    el,
    safeLink,
    LANGS,
    langFromTag,
    loadMessages,
    lang: () => catalogue.lang,
    messagesText: (lang) => catalogue.text[lang] || null,   // a fetched catalogue file, for bridge.setMessages
    t,
    tn,
    formatNumber,
    translatePage,
    PREFS_KEY: 'mecfs-atlas-prefs',        // the reader's stored preferences (theme, text size, depth)
    SEEN_KEY: 'mecfs-atlas-seen',          // what the reader has seen: {baseline, latest, last} (app.js)
    PHONE_WIDTH: 820,                      // ui/atlas_ui.h kPhoneWidth: below it one column, touch sizes
    THEMES: ['light', 'dark', 'contrast'], // atlas::Theme codes
    // Parameters of the page, not of the view: core/src/view/url_state.cpp leaves them alone too.
    PAGE_PARAMS: ['atlas', 'embed', 'gallery', 'theme', 'height', 'lock', 'origin', 'rows', 'lang'],
  });
})();
