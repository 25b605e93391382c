// sw.js — the offline service worker. It keeps one complete, verified copy of the site (app, fonts,
// atlas) in a cache named after the version in version.json ("atlas-<version>") and serves it
// cache-first; anything not in that set (e.g. a ?atlas= file) goes to the network.
//
// A new version is taken only as a whole: tools/stamp-site.mjs writes the version (and the hash of
// version.json) into this file, so any change to the site changes these bytes and the browser
// installs a new worker. That worker fetches version.json and every file it lists from the network,
// checks each sha256 against it, and only then stores the set in a new cache. Any failure fails the
// install: the old worker keeps serving the old set, never a mix. The new worker then waits until
// the reader chooses to reload (web/offline.js shows the notice and sends "skipWaiting"); on
// activation older atlas-* caches go.
//
// The cached copy is trusted no more than the network: storage can lose entries (eviction, a
// browser bug, a user or extension clearing part of it) or hold changed bytes. Every response taken
// from the cache is checked against its sha256 in version.json (itself checked against the hash
// stamped below) before use, and a page load first checks that the app's whole set is there and
// intact. A missing or changed entry is taken from the network instead, and the cache is repaired
// from verified network copies; without a network the reader gets a page that says what is wrong
// and what to do, never a half-loaded app.
'use strict';

const VERSION = '__ATLAS_VERSION__';   // stamped by tools/stamp-site.mjs; do not edit this line
const MANIFEST_HASH = '__ATLAS_MANIFEST__';   // sha256 (12 hex) of version.json; stamped likewise
const PREFIX = 'atlas-';
const BASE = new URL('./', self.location.href);   // the site root: the folder this worker is in
const VERSION_URL = new URL('version.json', BASE).href;
const INDEX_URL = new URL('index.html', BASE).href;
// Headers of the network response worth keeping on the cached copy: a page served offline keeps
// its Content-Security-Policy.
const KEPT_HEADERS = ['content-type', 'content-security-policy', 'x-content-type-options', 'referrer-policy'];

const hex12 = (buffer) => Array.from(new Uint8Array(buffer).slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
const sha12 = async (bytes) => hex12(await crypto.subtle.digest('SHA-256', bytes));

const STAMPED = VERSION !== '__ATLAS_VERSION__' && MANIFEST_HASH !== '__ATLAS_MANIFEST__';
const CACHE = PREFIX + VERSION;

// A fresh response for verified bytes: the body is already decoded, so no content-encoding; a true
// content-length.
function responseFor(bytes, from) {
  const headers = new Headers({ 'content-type': 'application/octet-stream' });
  for (const name of KEPT_HEADERS) { const value = from.headers.get(name); if (value) headers.set(name, value); }
  headers.set('content-length', String(bytes.byteLength));
  return new Response(bytes, { status: 200, statusText: 'OK', headers });
}

async function fetchVerified(url, expected) {
  const response = await fetch(url, { cache: 'reload', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const bytes = await response.arrayBuffer();
  const actual = await sha12(bytes);
  if (actual !== expected) throw new Error(`${url}: sha256 ${actual}, version.json says ${expected}`);
  return responseFor(bytes, response);
}

function parseStamp(bytes) {
  const stamp = JSON.parse(new TextDecoder().decode(bytes));
  if (!stamp || typeof stamp.version !== 'string' || !stamp.files || typeof stamp.files !== 'object') throw new Error('version.json is malformed');
  return stamp;
}

async function install() {
  // An unstamped copy (sw.js copied but tools/stamp-site.mjs not run) has no version to hold to.
  if (!STAMPED) throw new Error('sw.js is not stamped: run tools/stamp-site.mjs on the assembled site');
  const versionResponse = await fetch(VERSION_URL, { cache: 'no-store', credentials: 'same-origin' });
  if (!versionResponse.ok) throw new Error(`HTTP ${versionResponse.status} for version.json`);
  const versionBytes = await versionResponse.arrayBuffer();
  // version.json from another deployment than this worker: not a consistent set; the next update
  // check brings the matching worker.
  const stamp = parseStamp(versionBytes);
  if (stamp.version !== VERSION) throw new Error(`version.json is ${stamp.version}, this worker is ${VERSION}`);
  if (await sha12(versionBytes) !== MANIFEST_HASH) throw new Error('version.json does not match the hash stamped into sw.js');
  // Everything is fetched and verified before anything is stored.
  const entries = await Promise.all(Object.entries(stamp.files).map(async ([file, expected]) => {
    const url = new URL(file, BASE);
    if (url.origin !== BASE.origin) throw new Error('version.json lists a file on another origin: ' + file);
    return [url.href, await fetchVerified(url.href, expected)];
  }));
  entries.push([VERSION_URL, responseFor(versionBytes, versionResponse)]);
  const existed = await caches.has(CACHE);
  const cache = await caches.open(CACHE);
  try {
    for (const [url, response] of entries) await cache.put(url, response);
  } catch (e) {
    if (!existed) await caches.delete(CACHE);   // e.g. out of quota: leave no partial set behind
    throw e;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(install().catch((e) => {
    console.warn('atlas offline copy: update not installed, the current version stays:', e && e.message ? e.message : e);
    throw e;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();   // the first visit is controlled without a reload; later versions arrive by reload anyway
  })());
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'skipWaiting') self.skipWaiting();
  else if (data.type === 'version' && event.ports[0]) event.ports[0].postMessage({ version: VERSION });
});

// [SECTION] The cached copy, verified.

// The cached entry for `url` if its bytes hash to `expected`, as a fresh response; null when it is
// missing or changed (or the cache itself is gone: caches.match never creates one).
async function cachedVerified(url, expected) {
  let cached;
  try { cached = await caches.match(url, { cacheName: CACHE }); } catch (e) { return null; }
  if (!cached) return null;
  let bytes;
  try { bytes = await cached.arrayBuffer(); } catch (e) { return null; }   // a body the storage lost
  return (await sha12(bytes)) === expected ? responseFor(bytes, cached) : null;
}

// version.json of this worker's version, parsed, from the cache or else the network, checked
// against MANIFEST_HASH; null when neither has it intact. Kept once verified (it cannot change
// under this worker: the hash says which bytes it is).
let stampPromise = null;
function verifiedStamp() {
  if (!stampPromise) {
    stampPromise = (async () => {
      let response = await cachedVerified(VERSION_URL, MANIFEST_HASH);
      if (!response) {
        try { response = await fetchVerified(VERSION_URL, MANIFEST_HASH); } catch (e) { return null; }
        await repairEntries([[VERSION_URL, response.clone()]]);
      }
      return parseStamp(await response.arrayBuffer());
    })().catch(() => null);
    stampPromise.then((stamp) => { if (!stamp) stampPromise = null; });   // try again next time
  }
  return stampPromise;
}

// The files of the set a page load of the app needs (all but the text version's pages), with their
// hashes; version.json included.
const appSet = (stamp) => [[VERSION_URL, MANIFEST_HASH],
  ...Object.entries(stamp.files).filter(([file]) => !file.startsWith('text/')).map(([file, h]) => [new URL(file, BASE).href, h])];

// The entries of `set` that are missing or changed in the cache. The intact ones are remembered for a
// few seconds, so that the page load that follows the check does not read and hash them twice.
const recentlyVerified = new Map();   // url -> { expected, at }
const RECENT_MS = 10000;
async function damagedEntries(set) {
  const checked = await Promise.all(set.map(async ([url, expected]) => {
    if (await cachedVerified(url, expected)) { recentlyVerified.set(url, { expected, at: Date.now() }); return null; }
    recentlyVerified.delete(url);
    return [url, expected];
  }));
  return checked.filter(Boolean);
}
async function cachedChecked(url, expected) {
  const recent = recentlyVerified.get(url);
  if (recent && recent.expected === expected && Date.now() - recent.at < RECENT_MS) {
    recentlyVerified.delete(url);   // once: a later request checks again
    const cached = await caches.match(url, { cacheName: CACHE }).catch(() => null);
    if (cached) return cached;
  }
  return cachedVerified(url, expected);
}

// Puts verified copies back into this version's cache (made again if it was deleted), unless a newer
// worker has taken over meanwhile (its activation deleted this cache; it must stay deleted). Failures
// are quiet: the next page load tries again.
async function repairEntries(entries) {
  try {
    if (self.serviceWorker && self.registration.active !== self.serviceWorker) return;
    const cache = await caches.open(CACHE);
    for (const [url, response] of entries) await cache.put(url, response);
  } catch (e) { /* out of quota, storage gone: the network keeps serving */ }
}
async function repair(damaged) {
  const fixed = [];
  for (const [url, expected] of damaged) {
    try { fixed.push([url, await fetchVerified(url, expected)]); } catch (e) { /* not on the server any more, or offline */ }
  }
  await repairEntries(fixed);
  if (fixed.length) console.warn(`atlas offline copy: repaired ${fixed.length} of ${damaged.length} damaged entries`);
}

// [SECTION] When the cached copy is damaged and the network is not there: a page that says so.
// No script, one style sheet of the set when that is intact, a strict policy of its own.
const DAMAGED_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

async function damagedPage(damaged, stamp) {
  const names = damaged.map(([url]) => url.startsWith(BASE.href) ? url.slice(BASE.href.length) : url);
  let style = '', textLink = '';
  if (stamp && stamp.assets && stamp.assets['style.css'] && stamp.files[stamp.assets['style.css']]) {
    const file = stamp.assets['style.css'];
    if (await cachedVerified(new URL(file, BASE).href, stamp.files[file])) style = `<link rel="stylesheet" href="${escapeHtml(new URL(file, BASE).href)}">`;
  }
  if (stamp && stamp.files['text/index.html'] && await cachedVerified(new URL('text/index.html', BASE).href, stamp.files['text/index.html']))
    textLink = `<p>The <a href="${escapeHtml(new URL('text/index.html', BASE).href)}">text version of the atlas</a> may still be readable offline.</p>`;
  const list = names.slice(0, 8).map((n) => `<li>${escapeHtml(n)}</li>`).join('') + (names.length > 8 ? `<li>and ${names.length - 8} more</li>` : '');
  const html = `<!doctype html>
<html lang="en" data-atlas-offline="damaged">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ME/CFS Research Atlas: the offline copy is damaged</title>${style}</head>
<body><div id="failure" role="alert"><div class="failure-box">
<h1>The atlas cannot open offline</h1>
<p>The copy of the atlas kept on this device for offline reading is incomplete or damaged, and the network
cannot be reached to replace what is missing. ${names.length === 1 ? 'This file is' : `These ${names.length} files are`} missing or changed:</p>
<ul>${list}</ul>
<p>Connect to the internet and reload this page: the atlas downloads a fresh copy and works offline again.</p>
${textLink}</div></div></body></html>
`;
  return new Response(html, { status: 503, statusText: 'Offline copy damaged', headers: {
    'content-type': 'text/html; charset=utf-8', 'content-security-policy': DAMAGED_CSP,
    'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' } });
}

// [SECTION] Serving.

// The cache key for a request, or null when it is not part of the precached set's address space:
// same origin, GET, no query string, except navigations to the page itself (?atlas=, ?gallery=…).
function cacheKey(request) {
  if (request.method !== 'GET' || (request.cache === 'only-if-cached' && request.mode !== 'same-origin')) return null;
  const url = new URL(request.url);
  if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname)) return null;
  const page = url.pathname === BASE.pathname || url.pathname === BASE.pathname + 'index.html';
  if (request.mode === 'navigate' && page) return INDEX_URL;
  if (url.search) return null;
  return url.origin + url.pathname;
}

async function respond(event, key) {
  const request = event.request, navigate = request.mode === 'navigate';
  const stamp = await verifiedStamp();
  const file = key.slice(BASE.href.length);
  if (navigate && key === INDEX_URL) {
    // A page load of the app: its whole set must be there and intact, or none of the cache is used
    // for the page itself (its files are still checked one by one below).
    const damaged = stamp ? await damagedEntries(appSet(stamp)) : [[VERSION_URL, MANIFEST_HASH]];
    if (damaged.length) {
      console.warn('atlas offline copy: damaged, using the network:', damaged.map(([url]) => url).join(', '));
      if (stamp) event.waitUntil((async () => {   // the text version's pages too, while at it
        const text = Object.entries(stamp.files).filter(([f]) => f.startsWith('text/')).map(([f, h]) => [new URL(f, BASE).href, h]);
        await repair([...damaged, ...(await damagedEntries(text))]);
      })());
      try { return await fetch(request); } catch (e) { return damagedPage(damaged, stamp); }
    }
  }
  // What the bytes must hash to. Not in the set: not ours to serve. No intact version.json (and no
  // network to get it): nothing in the cache can be checked, so nothing in it is used.
  const expected = key === VERSION_URL ? MANIFEST_HASH : stamp ? stamp.files[file] : null;
  if (stamp && !expected) return fetch(request);
  const cached = expected ? await cachedChecked(key, expected) : null;
  if (cached) return cached;
  // Missing or changed: the network, and a verified copy back into the cache.
  if (expected) event.waitUntil(repair([[key, expected]]));
  try {
    return await fetch(request);
  } catch (e) {
    const what = expected ? [[key, expected]] : [[VERSION_URL, MANIFEST_HASH]];
    if (navigate) return damagedPage(what, stamp);
    return new Response(`The offline copy of ${file} is damaged or missing, and the network cannot be reached.`, {
      status: 503, statusText: 'Offline copy damaged', headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
}

self.addEventListener('fetch', (event) => {
  const key = cacheKey(event.request);
  if (!key) return;   // the browser's own network handling
  event.respondWith(respond(event, key));
});
