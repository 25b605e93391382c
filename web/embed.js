// embed.js — the atlas inside other sites' pages, and the "Embed this view" dialog that gives the code.
// Runs after app.js (deferred) and talks to the app only through window.atlasApp (its commands, and
// heldTheme); shared constants and helpers come from web/bridge.js (window.AtlasPage).
//
// Embed mode, https://ATLAS/?embed=1&<view parameters>&<embed options>
//   embed=1            compact chrome (the app's `embed on`); without it every option below is ignored
//   lock=1             the URL's filters are presets the reader cannot change (`lock on`); app.js has
//                      already applied them from the URL
//   theme=light|dark|contrast   colours for this embed only: not stored as the reader's preference
//   height=N           content exactly N CSS px tall (200–4000); the embed also asks the host for N
//   rows=N             without height: ask for room for about N result rows (110 + N × 76 px, N 1–40)
//   origin=ORIGIN      the host's http(s) origin: height messages go there at once, without the hello
// Invalid values are ignored quietly (the embed falls back to the defaults).
//
// Auto-height (postMessage, format version 1):
//   host → embed  {type: 'mecfs-atlas:hello', version: 1}
//   embed → host  {type: 'mecfs-atlas:height', version: 1, height: <CSS px, integer>}
// The canvas UI scrolls inside itself, so the height wanted is not the content's length but a
// comfortable size: `height`, else room for `rows`, else 640 px (720 px when the frame is narrower
// than the app's one-column width, 820 px). It is sent in reply to each hello and again whenever it
// changes. Messages only ever go to a named origin, never '*': the `origin` parameter when it is a
// valid http(s) origin (then hellos from any other origin are ignored), otherwise the origin of the
// last hello that came from the embedding window (window.parent). Opaque origins ("null": file://
// pages, sandboxed frames) cannot be answered. Anything else (not an object, another type, another
// window) is ignored.
'use strict';

(function () {
  const root = document.documentElement;
  // Read once: app.js rewrites the address as the reader moves through views.
  const params = new URLSearchParams(location.search);
  const HELLO = 'mecfs-atlas:hello';
  const HEIGHT = 'mecfs-atlas:height';
  const VERSION = 1;
  const { el, t, tn, THEMES, PHONE_WIDTH: NARROW_WIDTH } = window.AtlasPage;   // below NARROW_WIDTH the app shows one column

  // Calls fn once the app has started and the atlas load finished (whatever its outcome).
  function whenLoaded(fn) {
    const ready = () => window.atlasApp && root.dataset.atlasLoad !== undefined;
    if (ready()) { fn(root.dataset.atlasLoad); return; }
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      fn(root.dataset.atlasLoad);
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-atlas-load'] });
  }

  function integerParam(name, min, max) {
    const raw = params.get(name);
    if (raw === null || !/^\d{1,5}$/.test(raw)) return null;
    const n = Number(raw);
    return n >= min && n <= max ? n : null;
  }

  // "https://example.org" (a trailing slash allowed): an http(s) origin and nothing more, else null.
  function originParam() {
    const raw = params.get('origin');
    if (!raw) return null;
    let url;
    try { url = new URL(raw); } catch (e) { return null; }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || /[?#]/.test(raw)) return null;
    return url.origin;
  }

  // [SECTION] Embed mode
  function startEmbed() {
    root.classList.add('atlas-embed');
    const locked = params.get('lock') === '1';
    const fixedHeight = integerParam('height', 200, 4000);
    const rows = fixedHeight ? null : integerParam('rows', 1, 40);
    let theme = THEMES.includes(params.get('theme')) ? params.get('theme') : null;

    if (fixedHeight) {
      root.classList.add('atlas-embed-fixed-height');
      root.style.setProperty('--atlas-embed-height', fixedHeight + 'px');   // CSSOM: allowed by the CSP
    }

    // The embed's theme for the page chrome (loading screen, notices), held against app.js applying
    // the reader's stored one, until the reader picks another theme inside the embed.
    if (theme) {
      root.dataset.theme = theme;
      new MutationObserver(() => {
        const held = window.atlasApp ? window.atlasApp.heldTheme : theme;
        if (held && root.dataset.theme !== held) root.dataset.theme = held;
      }).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
    }

    const configuredOrigin = originParam();
    let target = configuredOrigin;   // where height messages go; null until a hello arrives
    let lastPosted = null;
    const framed = window.parent !== window;

    function wantedHeight() {
      if (fixedHeight) return fixedHeight;
      if (rows) return 110 + rows * 76;
      return window.innerWidth < NARROW_WIDTH ? 720 : 640;
    }
    function postHeight(always) {
      if (!framed || !target) return;
      const height = wantedHeight();
      if (!always && height === lastPosted) return;
      lastPosted = height;
      window.parent.postMessage({ type: HEIGHT, version: VERSION, height }, target);
    }

    window.addEventListener('message', (event) => {
      if (!framed || event.source !== window.parent) return;
      const data = event.data;
      if (!data || typeof data !== 'object' || data.type !== HELLO) return;
      if (!/^https?:\/\/[^/]+$/.test(event.origin)) return;          // "null" cannot be answered
      if (configuredOrigin && event.origin !== configuredOrigin) return;
      target = event.origin;
      postHeight(true);
    });
    window.addEventListener('resize', () => postHeight(false));
    postHeight(true);   // with origin=: at once
    if (framed) keepFocusUntilAsked();

    whenLoaded(() => {
      const app = window.atlasApp;
      if (theme) {
        // The host's choice, shown but not stored as the reader's (app.js onPrefs); a theme the
        // reader picks inside the embed is theirs.
        app.heldTheme = theme;
        app.command('theme ' + theme);
      }
      app.command('embed on');
      if (locked) app.command('lock on');
      root.dataset.atlasEmbed = locked ? 'locked' : 'open';
      postHeight(true);   // again, for hosts whose listener arrived late
    });
  }

  // In a frame, focus moved into the embed would take the host page's keyboard focus (and a keyboard
  // user's next key with it); until the reader points, touches or types in the frame, the embed leaves
  // focus where the host page has it (app.js does not focus the canvas at load in a frame either).
  function keepFocusUntilAsked() {
    const canvas = document.getElementById('canvas');
    if (!canvas) return;
    let asked = false;
    for (const type of ['pointerdown', 'touchstart', 'keydown'])
      window.addEventListener(type, () => { asked = true; }, { capture: true, once: true });
    const focus = canvas.focus;
    canvas.focus = function (...args) { if (asked) return focus.apply(this, args); };
  }

  // [SECTION] "Embed this view" (the ordinary page)
  const escapeAttr = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  // This page's address with embed=1 (and lock=1) in front and the view parameters kept as written.
  function embedUrl(lock) {
    const drop = ['embed', 'lock', 'gallery', 'origin'];
    const kept = location.search.replace(/^\?/, '').split('&').filter((pair) => {
      if (!pair) return false;
      let key = pair.split('=')[0];
      try { key = decodeURIComponent(key); } catch (e) { /* keep as written */ }
      return !drop.includes(key);
    });
    return location.origin + location.pathname + '?' + ['embed=1', lock ? 'lock=1' : '', ...kept].filter(Boolean).join('&');
  }

  function studyCount() {
    const count = document.getElementById('mirror-count');
    const n = count ? parseInt(count.textContent, 10) : NaN;
    return Number.isFinite(n) ? n : null;
  }

  function snippet(lock) {
    const n = studyCount();
    const title = t('atlas.title') + (n === null ? '' : ': ' + tn('ui.studies', n));
    const origin = location.origin;
    return [
      `<iframe src="${escapeAttr(embedUrl(lock))}" title="${escapeAttr(title)}" width="100%" height="640" style="border:0" loading="lazy"></iframe>`,
      '<script>',
      'addEventListener(\'message\', (e) => { const f = [...document.querySelectorAll(\'iframe\')].find((x) => x.contentWindow === e.source);',
      `  if (f && e.origin === '${origin}' && e.data && e.data.type === 'mecfs-atlas:height' && e.data.height > 0) f.style.height = Math.min(e.data.height, 4000) + 'px'; });`,
      `for (const f of document.querySelectorAll('iframe[src^="${origin}/"]'))`,
      `  f.addEventListener('load', () => f.contentWindow.postMessage({ type: 'mecfs-atlas:hello', version: 1 }, '${origin}'));`,
      '</script>',
    ].join('\n');
  }

  function copy(text, status, area) {
    const done = () => { status.textContent = t('embed.copied'); };
    const manual = () => {
      area.focus();
      area.select();
      status.textContent = t('embed.select');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, manual);
    else manual();
  }

  function buildDialog() {
    const dialog = el('dialog', null, { id: 'embed-dialog', class: 'embed-dialog', 'aria-labelledby': 'embed-dialog-title' });
    const lock = el('input', null, { type: 'checkbox', id: 'embed-lock' });
    const area = el('textarea', null, { id: 'embed-snippet', readonly: '', rows: '9', spellcheck: 'false', autocomplete: 'off' });
    const status = el('p', null, { id: 'embed-status', role: 'status' });
    const copyButton = el('button', t('embed.copy'), { type: 'button', id: 'embed-copy' });
    const close = el('button', t('embed.close'), { type: 'button', id: 'embed-close' });
    const lockRow = el('p', null, { class: 'embed-lock' });
    lockRow.append(lock, el('label', t('embed.lock'), { for: 'embed-lock' }));
    const actions = el('div', null, { class: 'embed-actions' });
    actions.append(copyButton, close);
    dialog.append(
      el('h2', t('embed.title'), { id: 'embed-dialog-title' }),
      el('p', t('embed.intro')),
      lockRow,
      el('label', t('embed.code'), { for: 'embed-snippet', class: 'embed-code-label' }),
      area, actions, status);
    const refresh = () => { area.value = snippet(lock.checked); status.textContent = ''; };
    lock.addEventListener('change', refresh);
    copyButton.addEventListener('click', () => copy(area.value, status, area));
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { status.textContent = ''; });
    document.body.append(dialog);
    return { dialog, refresh };
  }

  // Offered in the canvas's "Aa" menu (it asks with an atlas:request event) and as a button in the
  // text view's tools: a place of its own, not a button floating over the list.
  function offerEmbedAction() {
    if (params.get('gallery') === '1') return;   // the development gallery is nothing to embed
    whenLoaded((load) => {
      if (load === 'unusable') return;
      let built = null;
      const open = () => {
        if (!built) built = buildDialog();
        built.refresh();
        if (typeof built.dialog.showModal === 'function') built.dialog.showModal();
        else built.dialog.setAttribute('open', '');
      };
      document.addEventListener('atlas:request', (e) => { if (e.detail === 'embed') open(); });
      const button = document.getElementById('mirror-embed');
      if (button) {
        button.hidden = false;
        button.addEventListener('click', open);
      }
    });
  }

  if (params.get('embed') === '1') startEmbed();
  else offerEmbedAction();
})();
