// sw.js — the offline service worker. It keeps one complete, verified copy of the site (app, fonts,
// atlas) in a cache named after the version in version.json ("atlas-<version>") and serves it
// cache-first; anything not in that set (e.g. a ?atlas= file) goes to the network.
//
// A new version is taken only as a whole: tools/stamp-site.mjs writes the version (and the hash of
// version.json) into this file, so any change to the site changes these bytes and the browser
// installs a new worker. That worker
// fetches version.json and every file it lists from the network, checks each sha256 against it, and
// only then stores the set in a new cache. Any failure fails the install: the old worker keeps
// serving the old set, never a mix. The new worker then waits until the reader chooses to reload
// (web/offline.js shows the notice and sends "skipWaiting"); on activation older atlas-* caches go.
'use strict';

const VERSION = '__ATLAS_VERSION__';   // stamped by tools/stamp-site.mjs; do not edit this line
const MANIFEST_HASH = '__ATLAS_MANIFEST__';   // sha256 (12 hex) of version.json; stamped likewise
const PREFIX = 'atlas-';
const BASE = new URL('./', self.location.href);   // the site root: the folder this worker is in

const hex12 = (buffer) => Array.from(new Uint8Array(buffer).slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
const sha12 = async (bytes) => hex12(await crypto.subtle.digest('SHA-256', bytes));

const STAMPED = VERSION !== '__ATLAS_VERSION__' && MANIFEST_HASH !== '__ATLAS_MANIFEST__';
const CACHE = PREFIX + VERSION;

async function fetchVerified(url, expected) {
  const response = await fetch(url, { cache: 'reload', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const bytes = await response.arrayBuffer();
  const actual = await sha12(bytes);
  if (actual !== expected) throw new Error(`${url}: sha256 ${actual}, version.json says ${expected}`);
  // A fresh response: the body is already decoded, so no content-encoding; a true content-length.
  const headers = new Headers({ 'content-type': response.headers.get('content-type') || 'application/octet-stream',
    'content-length': String(bytes.byteLength) });
  return new Response(bytes, { status: 200, statusText: 'OK', headers });
}

async function install() {
  // An unstamped copy (sw.js copied but tools/stamp-site.mjs not run) has no version to hold to.
  if (!STAMPED) throw new Error('sw.js is not stamped: run tools/stamp-site.mjs on the assembled site');
  const versionResponse = await fetch(new URL('version.json', BASE), { cache: 'no-store', credentials: 'same-origin' });
  if (!versionResponse.ok) throw new Error(`HTTP ${versionResponse.status} for version.json`);
  const versionBytes = await versionResponse.arrayBuffer();
  const stamp = JSON.parse(new TextDecoder().decode(versionBytes));
  if (!stamp || typeof stamp.version !== 'string' || !stamp.files || typeof stamp.files !== 'object') throw new Error('version.json is malformed');
  // version.json from another deployment than this worker: not a consistent set; the next update
  // check brings the matching worker.
  if (stamp.version !== VERSION) throw new Error(`version.json is ${stamp.version}, this worker is ${VERSION}`);
  if (hex12(await crypto.subtle.digest('SHA-256', versionBytes)) !== MANIFEST_HASH) throw new Error('version.json does not match the hash stamped into sw.js');
  // Everything is fetched and verified before anything is stored.
  const entries = await Promise.all(Object.entries(stamp.files).map(async ([file, expected]) => {
    const url = new URL(file, BASE);
    if (url.origin !== BASE.origin) throw new Error('version.json lists a file on another origin: ' + file);
    return [url.href, await fetchVerified(url.href, expected)];
  }));
  entries.push([new URL('version.json', BASE).href,
    new Response(versionBytes, { headers: { 'content-type': 'application/json', 'content-length': String(versionBytes.byteLength) } })]);
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

// The cache key for a request, or null when it is not part of the precached set's address space:
// same origin, GET, no query string, except navigations to the page itself (?atlas=, ?gallery=…).
function cacheKey(request) {
  if (request.method !== 'GET' || (request.cache === 'only-if-cached' && request.mode !== 'same-origin')) return null;
  const url = new URL(request.url);
  if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname)) return null;
  const page = url.pathname === BASE.pathname || url.pathname === BASE.pathname + 'index.html';
  if (request.mode === 'navigate' && page) return new URL('index.html', BASE).href;
  if (url.search) return null;
  return url.origin + url.pathname;
}

self.addEventListener('fetch', (event) => {
  const key = cacheKey(event.request);
  if (!key) return;   // the browser's own network handling
  // Only this worker's own set (never another version's cache); a miss goes to the network.
  event.respondWith(caches.match(key, { cacheName: CACHE }).then((cached) => cached || fetch(event.request)));
});
