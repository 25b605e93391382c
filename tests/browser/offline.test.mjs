// Offline: after one visit the atlas works without a network, and a new version (app + atlas) is
// only ever taken as a whole, verified set, after the reader chooses to reload.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openPage, waitForAtlas, settle, screenshot, assert, assertEqual, ROOT, listStudy } from './harness.mjs';
import { startServer, CSP } from '../../tools/serve.mjs';
import { stampSite, builtName } from '../../tools/stamp-site.mjs';

const SITE = path.join(ROOT, 'build/site');
const SEED = 'A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET)';
const NOTICE = 'A new version of the atlas is available.';

function requireOfflineSite() {
  for (const f of ['sw.js', 'offline.js', 'manifest.webmanifest', 'version.json'].map((f) => builtName(SITE, f)))
    assert(fs.existsSync(path.join(SITE, f)), `build/site/${f} is missing: build.sh must copy web/sw.js, web/offline.js and web/manifest.webmanifest and run tools/stamp-site.mjs last`);
  assert(fs.readFileSync(path.join(SITE, 'index.html'), 'utf8').includes(`<script src="${builtName(SITE, 'offline.js')}"`), 'build/site/index.html does not load offline.js');
}

// Waits until the service worker controls the page; returns the version it serves.
async function waitControlled(page) {
  const version = await page.evaluate(() => window.atlasOffline.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20000 });
  return version;
}

const count = (page) => page.textContent('#mirror-count');
const cacheNames = (page) => page.evaluate(() => caches.keys());
const servedVersion = (page) => page.evaluate(async () => (await (await fetch('version.json')).json()).version);
const noticeText = (page) => page.evaluate(() => { const r = document.getElementById('atlas-update'); return r ? r.textContent : null; });

async function openSeed(page) {
  await listStudy(page, SEED);
  const index = await page.getAttribute(`#mirror-list a:has-text("${SEED}")`, 'data-index');
  assert(index !== null, 'seed study listed');
  assert(await page.evaluate((i) => window.atlasApp.command('open ' + i), index), 'open command accepted');
  await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
  assert((await page.textContent('#mirror-card h2')).startsWith(SEED), 'seed card title');
}

// A copy of the built site in a temp folder, served on its own port (its own origin).
async function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-offline-'));
  fs.cpSync(SITE, path.join(dir, 'site'), { recursive: true });
  const server = await startServer(path.join(dir, 'site'), 0);
  return {
    dir, site: path.join(dir, 'site'), url: `http://localhost:${server.address().port}/`,
    close: () => { server.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// A different atlas: the real studies minus one (not the seed), built by the atlas CLI.
let otherAtlas = null;
function buildOtherAtlas() {
  if (otherAtlas) return otherAtlas;
  const cli = path.join(ROOT, 'build/native/cli/atlas');
  assert(fs.existsSync(cli), 'build/native/cli/atlas is missing: run ./build.sh site');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-studies-'));
  const src = path.join(ROOT, 'data/studies');
  const files = fs.readdirSync(src).filter((f) => f.endsWith('.json')).sort();
  const dropped = files.find((f) => !fs.readFileSync(path.join(src, f), 'utf8').includes('19855350'));
  for (const f of files) if (f !== dropped) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const out = path.join(dir, 'atlas.json');
  execFileSync(cli, ['build', dir, '--header', path.join(ROOT, 'data/atlas-header.json'), '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  otherAtlas = fs.readFileSync(out);
  fs.rmSync(dir, { recursive: true, force: true });
  return otherAtlas;
}

// In the page: the outcome of the pending (or a freshly checked) update: 'installed', 'redundant' or 'none'.
const updateOutcome = (page) => page.evaluate(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  const outcome = (w) => new Promise((resolve) => {
    if (!w) return resolve('none');
    const check = () => { if (w.state === 'installed' || w.state === 'redundant') resolve(w.state === 'redundant' ? 'redundant' : 'installed'); };
    w.addEventListener('statechange', check);
    check();
  });
  if (reg.installing) return outcome(reg.installing);
  if (reg.waiting) return 'installed';
  await reg.update();
  return outcome(reg.installing || reg.waiting);
});

// [SECTION] Faults in the installed offline copy, made through the page's Cache Storage API.

// Damages this origin's offline copy one way; returns the file names it damaged.
const damageCache = (page, kind) => page.evaluate(async ([kind, root]) => {
  const name = (await caches.keys()).find((n) => n.startsWith('atlas-'));
  if (!name) throw new Error('no offline copy to damage');
  const cache = await caches.open(name);
  const abs = (f) => new URL(f, root).href;
  const stamp = await (await fetch(abs('version.json'), { cache: 'no-store' })).json();   // through the worker: the verified copy
  const replace = async (file, body, type) => { await cache.put(abs(file), new Response(body, { headers: { 'content-type': type } })); return [file]; };
  switch (kind) {
    case 'wasm deleted': { const f = stamp.assets['atlas_app.wasm']; if (!(await cache.delete(abs(f)))) throw new Error('no ' + f); return [f]; }
    case 'atlas replaced by another valid atlas': {   // valid JSON, a whole atlas, just not this version's
      const atlas = await (await fetch(abs(stamp.assets['atlas.json']), { cache: 'no-store' })).json();
      atlas.studies = atlas.studies.slice(0, 1);
      return replace(stamp.assets['atlas.json'], JSON.stringify(atlas), 'application/json');
    }
    case 'app.js replaced': return replace(stamp.assets['app.js'], 'throw new Error("damaged copy ran");', 'text/javascript');
    case 'version.json replaced': return replace('version.json', JSON.stringify({ ...stamp, files: {} }), 'application/json');
    case 'index.html truncated': {
      const html = await (await cache.match(abs('index.html'))).text();
      return replace('index.html', html.slice(0, html.length >> 1), 'text/html');
    }
    case 'whole cache deleted': await caches.delete(name); return ['(all)'];
    case 'text page replaced': return replace('text/index.html', '<p>not the text version</p>', 'text/html');
    default: throw new Error('unknown fault ' + kind);
  }
}, [kind, new URL('./', page.url()).href.replace(/text\/$/, '')]);

// Whether the offline copy is whole again: every file of version.json cached with its sha256.
const cacheIntact = (page, root) => page.evaluate(async (root) => {
  const name = (await caches.keys()).find((n) => n.startsWith('atlas-'));
  if (!name) return 'no cache';
  const cache = await caches.open(name);
  const stamp = await (await fetch(new URL('version.json', root), { cache: 'no-store' })).json();
  const sha12 = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b)).slice(0, 6), (x) => x.toString(16).padStart(2, '0')).join('');
  const bad = [];
  for (const [file, h] of Object.entries(stamp.files)) {
    const r = await cache.match(new URL(file, root).href);
    if (!r || (await sha12(await r.arrayBuffer())) !== h) bad.push(file);
  }
  const v = await cache.match(new URL('version.json', root).href);
  if (!v || JSON.stringify(await v.json()) !== JSON.stringify(stamp)) bad.push('version.json');
  return bad.join(', ');
}, root);

export const tests = ({ browser, url }) => [
  ['after one visit the atlas works offline', async () => {
    requireOfflineSite();
    const stamp = JSON.parse(fs.readFileSync(path.join(SITE, 'version.json'), 'utf8'));
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    assertEqual(await waitControlled(page), stamp.version, 'version served after the first visit');
    assertEqual((await cacheNames(page)).join(), 'atlas-' + stamp.version, 'one cache, named by version');
    const online = await count(page);
    await context.setOffline(true);
    const offlineResponse = await page.reload();
    assertEqual(offlineResponse.headers()['content-security-policy'], CSP, 'the page served offline keeps its Content-Security-Policy');
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'atlas load result offline');
    assertEqual(await count(page), online, 'same atlas offline');
    assertEqual(await waitControlled(page), stamp.version, 'version offline');
    await openSeed(page);
    await settle(page);
    assertEqual(await noticeText(page), '', 'no update notice');
    await screenshot(page, 'offline-seed');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],

  ['without service workers the page works as before', async () => {
    requireOfflineSite();
    const { context, page, errors } = await openPage(browser, url, {
      init: () => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }),
    });
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'atlas load result');
    assertEqual(await page.evaluate(() => window.atlasOffline.ready), null, 'ready resolves, with no version');
    assertEqual(await page.evaluate(() => document.getElementById('atlas-update')), null, 'no notice region');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],

  ['an update is taken as a whole, after the reader reloads', async () => {
    requireOfflineSite();
    const copy = await siteCopy();
    const { context, page, errors } = await openPage(browser, copy.url);
    try {
      await waitForAtlas(page);
      const oldVersion = await waitControlled(page);
      const oldCount = await count(page);
      // A new deployment: a different atlas, restamped.
      fs.writeFileSync(path.join(copy.site, 'atlas.json'), buildOtherAtlas());
      const stamp = stampSite(copy.site);
      assert(stamp.version !== oldVersion, 'restamping changes the version');
      assert(stamp.atlas_hash && stamp.atlas_hash !== JSON.parse(fs.readFileSync(path.join(SITE, 'version.json'))).atlas_hash, 'atlas hash changes');
      await page.reload();
      await waitForAtlas(page);
      await page.waitForSelector('#atlas-update button', { timeout: 30000 });
      // Until the reader reloads, the old version keeps serving, all of it.
      assertEqual(await count(page), oldCount, 'old atlas while the update waits');
      assertEqual(await servedVersion(page), oldVersion, 'old version.json while the update waits');
      assertEqual(await noticeText(page), NOTICE + 'Reload', 'notice text');
      assertEqual(await page.getAttribute('#atlas-update', 'role'), 'status', 'notice is a status');
      assertEqual(await page.evaluate(() => window.atlasOffline.update), 'ready', 'atlasOffline.update');
      const look = await page.evaluate(() => {
        const box = document.querySelector('#atlas-update .atlas-update-box'), s = getComputedStyle(box), r = box.getBoundingClientRect();
        return { position: getComputedStyle(document.getElementById('atlas-update')).position, animation: s.animationName,
          transition: s.transitionDuration, inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
          focused: document.activeElement && document.activeElement.closest('#atlas-update') !== null };
      });
      assertEqual(JSON.stringify(look), JSON.stringify({ position: 'fixed', animation: 'none', transition: '0s', inside: true, focused: false }), 'a calm, fixed, unanimated box that does not take focus');
      await screenshot(page, 'offline-update-notice');
      // A plain reload does not take the update either; the notice is back at once.
      await page.reload();
      await waitForAtlas(page);
      assertEqual(await count(page), oldCount, 'old atlas after a plain reload');
      await page.waitForSelector('#atlas-update button', { timeout: 10000 });
      // Reload: the whole new set.
      const navigated = page.waitForEvent('framenavigated', { timeout: 20000 });
      await page.click('#atlas-update button');
      await navigated;
      await waitForAtlas(page);
      assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'new atlas loads');
      assertEqual(await waitControlled(page), stamp.version, 'new version serving');
      const newCount = await count(page);
      assertEqual(parseInt(newCount), parseInt(oldCount) - 1, 'the new atlas is shown (' + newCount + ')');
      assertEqual(await servedVersion(page), stamp.version, 'new version.json');
      assertEqual((await cacheNames(page)).join(), 'atlas-' + stamp.version, 'the old cache is gone');
      await settle(page);
      assertEqual(await noticeText(page), '', 'no notice after the update');
      await openSeed(page);
      assertEqual(errors.join('\n'), '', 'console and page errors');
    } finally {
      await context.close();
      copy.close();
    }
  }],

  ['a corrupted update is refused; the old version keeps serving', async () => {
    requireOfflineSite();
    const copy = await siteCopy();
    const { context, page, errors } = await openPage(browser, copy.url);
    try {
      await waitForAtlas(page);
      const oldVersion = await waitControlled(page);
      const oldCount = await count(page);
      // A new atlas, but the host serves other bytes than version.json promises for it (a damaged
      // upload): the file the app would load is atlas.<hash>.json, its hash in version.json.
      fs.writeFileSync(path.join(copy.site, 'atlas.json'), buildOtherAtlas());
      const stamp = stampSite(copy.site);
      const atlasFile = path.join(copy.site, stamp.assets['atlas.json']);
      assert(stamp.files[stamp.assets['atlas.json']], 'the hashed atlas is in the precached set');
      const good = fs.readFileSync(atlasFile);
      fs.writeFileSync(atlasFile, Buffer.concat([good, Buffer.from('\n')]));
      await page.reload();
      await waitForAtlas(page);
      assertEqual(await updateOutcome(page), 'redundant', 'the update install fails');
      await page.waitForFunction(() => window.atlasOffline.update === 'failed', null, { timeout: 10000 });
      await settle(page);
      assertEqual(await noticeText(page), '', 'no notice');
      // No mixed state: the old app, the old atlas and the old version.json, and only the old cache.
      for (let i = 0; i < 2; i++) {
        assertEqual(await count(page), oldCount, 'old atlas');
        assertEqual(await servedVersion(page), oldVersion, 'old version.json');
        assertEqual(await waitControlled(page), oldVersion, 'old version serving');
        assertEqual((await cacheNames(page)).join(), 'atlas-' + oldVersion, 'no new or partial cache');
        assertEqual(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!(r.waiting || r.installing))), false, 'nothing waiting');
        await page.reload();
        await waitForAtlas(page);
      }
      // The deployment repaired: the update is offered again.
      fs.writeFileSync(atlasFile, good);
      await page.reload();
      await waitForAtlas(page);
      assertEqual(await updateOutcome(page), 'installed', 'the repaired update installs');
      await page.waitForSelector('#atlas-update button', { timeout: 10000 });
      assertEqual(await count(page), oldCount, 'still the old atlas until the reader reloads');
      assertEqual(errors.join('\n'), '', 'console and page errors');
    } finally {
      await context.close();
      copy.close();
    }
  }],
  ['a damaged offline copy: online the page works and the copy is repaired; offline a clear message', async () => {
    requireOfflineSite();
    const { context, page, errors } = await openPage(browser, url);
    const timings = [];
    try {
      await waitForAtlas(page);
      const version = await waitControlled(page);
      const online = await count(page);
      for (const kind of ['wasm deleted', 'atlas replaced by another valid atlas', 'app.js replaced', 'version.json replaced',
        'index.html truncated', 'whole cache deleted', 'text page replaced']) {
        const started = Date.now();
        const target = kind.startsWith('text') ? url + 'text/index.html' : url;
        // Offline: a page that says what is wrong and what to do, not a broken app.
        const damaged = await damageCache(page, kind);
        await context.setOffline(true);
        const response = await page.goto(target);
        await page.waitForSelector('html[data-atlas-offline="damaged"]', { timeout: 10000 });
        assertEqual(response.status(), 503, `${kind}: status of the offline page`);
        assertEqual(await page.textContent('h1'), 'The atlas cannot open offline', `${kind}: heading`);
        const said = await page.textContent('body');
        assert(/incomplete or damaged/.test(said) && /Connect to the internet and reload/.test(said), `${kind}: the page says what is wrong and what to do: ${said}`);
        if (damaged[0] !== '(all)') assert(said.includes(damaged[0]), `${kind}: names ${damaged[0]}: ${said}`);
        assertEqual(await page.evaluate(() => document.querySelectorAll('script, canvas').length), 0, `${kind}: no app on the page`);
        if (kind === 'wasm deleted') await screenshot(page, 'offline-damaged');
        // Online: the app, from the network where the copy is damaged, and the copy repaired.
        await context.setOffline(false);
        await page.goto(target);
        if (target === url) {
          await waitForAtlas(page);
          assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', `${kind}: atlas load online`);
          assertEqual(await count(page), online, `${kind}: the right atlas online`);
        } else {
          assert((await page.textContent('h1')).length > 0 && !(await page.$('html[data-atlas-offline]')), `${kind}: the text version online`);
        }
        let left = 'unchecked';
        for (let i = 0; i < 50 && left !== ''; i++) { left = await cacheIntact(page, url); if (left) await page.waitForTimeout(200); }
        assertEqual(left, '', `${kind}: the offline copy repaired`);
        // And offline again: the repaired copy serves.
        await context.setOffline(true);
        await page.goto(target);
        if (target === url) {
          await waitForAtlas(page);
          assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', `${kind}: atlas load offline after the repair`);
          assertEqual(await count(page), online, `${kind}: the right atlas offline after the repair`);
        } else {
          assert(!(await page.$('html[data-atlas-offline]')), `${kind}: the text version offline after the repair`);
        }
        await context.setOffline(false);
        timings.push(`${kind} ${Date.now() - started} ms`);
      }
      await page.goto(url);
      await waitForAtlas(page);
      assertEqual(await waitControlled(page), version, 'the same version throughout');
      assertEqual((await cacheNames(page)).join(), 'atlas-' + version, 'one cache');
      assertEqual(errors.filter((e) => e.startsWith('page:')).join('\n'), '', 'page errors');
      console.log('     damaged copy, per fault (offline message, online + repair, offline again): ' + timings.join('; '));
    } finally {
      await context.close();
    }
  }],
];
