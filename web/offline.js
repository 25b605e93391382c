// offline.js — registers the offline service worker (sw.js) and, when a complete new version of the
// app and atlas has been installed and is waiting, shows a calm notice with a Reload button.
// Skips itself silently where service workers are not available (file://, old browsers, private
// modes that block them). No animation; DOM built with createElement/textContent only; its styles are
// in offline.css (linked from here), never inline, so it runs under a strict Content-Security-Policy.
//
// window.atlasOffline = {
//   ready:   Promise, resolves (to the version or null) once the worker controls the page, or when
//            there will be no worker for this page load (skipped, failed, or bypassed by a hard reload),
//   version: the version (version.json) of the set serving this page, or null; set before ready resolves,
//   update:  'none' | 'installing' | 'ready' (notice shown) | 'failed' (the old version stays),
// }
'use strict';

(function () {
  let resolveReady, settled = false;
  const api = { ready: new Promise((resolve) => { resolveReady = resolve; }), version: null, update: 'none' };
  window.atlasOffline = api;
  const finish = (version) => {
    if (settled) return;
    settled = true;
    api.version = version;
    resolveReady(version);
  };

  const sw = navigator.serviceWorker;
  if (!/^https?:$/.test(location.protocol) || !sw || !window.isSecureContext) { finish(null); return; }

  // [SECTION] The version of the worker controlling this page.
  function askVersion(worker) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve(null), 3000);
      channel.port1.onmessage = (event) => { clearTimeout(timer); resolve((event.data && event.data.version) || null); };
      worker.postMessage({ type: 'version' }, [channel.port2]);
    });
  }
  function controlled() {
    if (sw.controller) askVersion(sw.controller).then(finish);
  }

  // [SECTION] The notice. The live region exists (empty, zero-sized) before its text arrives, so
  // screen readers announce the text; it never takes focus.
  let region = null, reloadRequested = false, registration = null;

  function ensureRegion() {
    if (region) return region;
    // The notice's rules live in offline.css: a <style> element would be refused by the page's
    // Content-Security-Policy (style-src 'self', see tools/serve.mjs).
    // The literal path: tools/stamp-site.mjs rewrites it to the content-hashed name in the built site.
    const href = 'offline.css';
    if (![...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.getAttribute('href') === href)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      document.head.append(link);
    }
    region = document.createElement('div');
    region.id = 'atlas-update';
    region.setAttribute('role', 'status');
    document.body.append(region);
    return region;
  }

  function showNotice() {
    ensureRegion();
    if (region.firstChild) return;
    const box = document.createElement('div');
    box.className = 'atlas-update-box';
    const text = document.createElement('p');
    const t = (key, english) => (window.AtlasPage && window.AtlasPage.t(key)) || english;   // bridge.js: the catalogue
    text.textContent = t('offline.new_version', 'A new version of the atlas is available.');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = t('offline.reload', 'Reload');
    button.addEventListener('click', () => {
      const waiting = registration && registration.waiting;
      if (!waiting) { hideNotice(); return; }
      reloadRequested = true;
      button.disabled = true;
      waiting.postMessage({ type: 'skipWaiting' });   // the reload follows on controllerchange
    });
    box.append(text, button);
    region.append(box);
    api.update = 'ready';
  }

  function hideNotice() {
    if (region) region.replaceChildren();
  }

  // [SECTION] Registration and updates.
  let reloaded = false;
  sw.addEventListener('controllerchange', () => {
    if (reloadRequested) {
      if (!reloaded) { reloaded = true; location.reload(); }
      return;
    }
    controlled();   // the first visit: the new worker claimed this page
  });

  function track(worker) {
    if (!worker) return;
    if (registration.active) api.update = 'installing';
    let installed = false;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') {
        installed = true;
        if (registration.active) showNotice();
      } else if (worker.state === 'redundant') {
        if (!installed) {
          // The install failed (a file missing or not matching version.json): the old version stays.
          if (registration.active) api.update = 'failed';
          else finish(null);
        } else if (!registration.waiting) {
          hideNotice();   // replaced by a newer one (whose own notice follows) or gone
          reloadRequested = false;
        }
      }
    });
  }

  async function register() {
    try {
      registration = await sw.register('sw.js', { scope: './', updateViaCache: 'none' });
    } catch (e) {
      console.warn('The atlas will not be kept for offline reading:', e && e.message ? e.message : e);
      finish(null);
      return;
    }
    if (!registration) { finish(null); return; }  // a blocked or stubbed service worker API
    registration.addEventListener('updatefound', () => track(registration.installing));
    if (registration.installing) track(registration.installing);
    if (registration.waiting && registration.active) showNotice();
    if (sw.controller) controlled();
    else if (registration.active && !registration.installing && !registration.waiting) finish(null);   // a hard reload bypasses the worker
    // A page left open for days still learns of new versions: check when it is shown again.
    let lastCheck = Date.now();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible' || !navigator.onLine || Date.now() - lastCheck < 3600e3) return;
      lastCheck = Date.now();
      registration.update().catch(() => { /* offline or server away: try again later */ });
    });
  }

  // The first visit registers only once the atlas has loaded (or failed), so the worker's own
  // downloads do not compete with the page's; later visits, already served by the worker, register at once.
  function whenAtlasSettled() {
    return new Promise((resolve) => {
      const root = document.documentElement, failure = document.getElementById('failure');
      const done = () => root.dataset.atlasLoad !== undefined || (failure && !failure.hidden);
      if (done()) { resolve(); return; }
      const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); clearTimeout(timer); resolve(); } });
      observer.observe(root, { attributes: true, attributeFilter: ['data-atlas-load'] });
      if (failure) observer.observe(failure, { attributes: true, attributeFilter: ['hidden'] });
      const timer = setTimeout(() => { observer.disconnect(); resolve(); }, 30000);
    });
  }

  ensureRegion();
  (sw.controller ? Promise.resolve() : whenAtlasSettled()).then(register);
})();
