// Deployment: the built site is one folder of static files in which long-lived assets have
// content-hashed names (cacheable for a year) and the entry points keep stable names (revalidated);
// tools/serve.mjs sends the caching headers the README documents; a rebuilt asset gets a new name and
// everything that refers to it follows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';
import { openPage, waitForAtlas, assert, assertEqual, ROOT } from './harness.mjs';
import { startServer, IMMUTABLE, REVALIDATE } from '../../tools/serve.mjs';
import { stampSite, HASHED_NAME } from '../../tools/stamp-site.mjs';

const SITE = path.join(ROOT, 'build/site');
const sha12 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);
// What must be hashed, and what must keep its name (what people, hosts and browsers link to).
const HASHED = ['app.js', 'bridge.js', 'speech.js', 'atlas_app.js', 'atlas_app.wasm', 'style.css', 'offline.js', 'offline.css', 'embed.js',
  'embed.css', 'icon.svg', 'fonts/Inter-Regular.otf', 'fonts/Inter-Bold.otf', 'atlas.json', 'text/static.css', 'text/de/static.css',
  'text/es/static.css', 'text/nb/static.css'];
// The catalogue files too: the page builds their names from the language (i18n/<lang>.json).
const STABLE = ['index.html', 'sw.js', 'version.json', 'manifest.webmanifest', 'atlas.json', 'text/index.html', 'text/de/index.html',
  'i18n/en.json', 'i18n/de.json', 'i18n/es.json', 'i18n/nb.json'];

const stampOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'version.json'), 'utf8'));
function listFiles(root, dir = '') {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? dir + '/' + e.name : e.name;
    return e.isDirectory() ? listFiles(root, rel) : [rel];
  });
}
const snapshot = (dir) => Object.fromEntries(listFiles(dir).sort().map((f) => [f, sha12(fs.readFileSync(path.join(dir, f)))]));

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
  });
}

async function siteCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-deploy-'));
  fs.cpSync(SITE, path.join(dir, 'site'), { recursive: true });
  const server = await startServer(path.join(dir, 'site'), 0);
  return { site: path.join(dir, 'site'), url: `http://localhost:${server.address().port}/`,
    close: () => { server.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export const tests = ({ browser, url }) => [
  ['hashed names: long-lived assets are named by their bytes; entry points keep stable names', async () => {
    const stamp = stampOf(SITE);
    assertEqual(Object.keys(stamp.assets || {}).sort().join(), [...HASHED].sort().join(), 'the assets with hashed names');
    for (const [plain, hashed] of Object.entries(stamp.assets)) {
      assert(HASHED_NAME.test(hashed), `${hashed} is a hashed name`);
      const bytes = fs.readFileSync(path.join(SITE, hashed));
      assertEqual(hashed.split('.').at(-2), sha12(bytes), `${hashed}: the name is the sha256 of the bytes`);
      // The text version in other languages is for readers online (tools/stamp-site.mjs NOT_PRECACHED_DIR).
      if (/^text\/[a-z]{2}\//.test(hashed)) assertEqual(stamp.files[hashed], undefined, `${hashed}: not precached`);
      else assertEqual(stamp.files[hashed], sha12(bytes), `${hashed}: precached with that hash`);
      if (plain === 'atlas.json') assert(fs.readFileSync(path.join(SITE, plain)).equals(bytes), 'atlas.json stays, the same bytes as its hashed copy');
      else assert(!fs.existsSync(path.join(SITE, plain)), `no unhashed ${plain} left in the site`);
    }
    for (const f of STABLE) assert(fs.existsSync(path.join(SITE, f)) && !HASHED_NAME.test(f), `${f} keeps its name`);
    assert(!('atlas.json' in stamp.files), 'the stable atlas.json is not precached twice');
    // No reference to a plain name is left in what the browser reads.
    const texts = listFiles(SITE).filter((f) => /\.(html|js|css|webmanifest)$/.test(f) && f !== 'sw.js');
    for (const f of texts) {
      const text = fs.readFileSync(path.join(SITE, f), 'utf8'), dir = path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f);
      for (const plain of HASHED.filter((p) => p !== 'atlas.json')) {
        const rel = path.posix.relative(dir || '.', plain);
        assert(!new RegExp(`["'(]${rel.replace(/[.]/g, '\\.')}["')?#]`).test(text), `${f} still refers to ${rel}`);
      }
    }
    const sizes = Object.values(stamp.assets).reduce((n, f) => n + fs.statSync(path.join(SITE, f)).size, 0);
    console.log(`     ${Object.keys(stamp.assets).length} hashed assets (${(sizes / 1024).toFixed(0)} KB, cacheable for a year); `
      + `${listFiles(SITE).length - Object.keys(stamp.assets).length} files with stable names`);
  }],

  ['headers: hashed files immutable for a year, the rest no-cache with an ETag; wasm as application/wasm', async () => {
    let immutable = 0, revalidated = 0;
    for (const f of listFiles(SITE)) {
      const res = await get(url + f.split('/').map(encodeURIComponent).join('/'), { 'accept-encoding': 'gzip' });
      assertEqual(res.statusCode, 200, `HTTP status of /${f}`);
      const expected = HASHED_NAME.test(f) ? IMMUTABLE : REVALIDATE;
      assertEqual(res.headers['cache-control'], expected, `cache-control of /${f}`);
      if (expected === IMMUTABLE) immutable++; else revalidated++;
      if (f.endsWith('.wasm')) assertEqual(res.headers['content-type'], 'application/wasm', 'wasm MIME type');
      assert(res.headers['content-security-policy'], `/${f} carries the CSP`);
    }
    assertEqual(IMMUTABLE, 'public, max-age=31536000, immutable', 'the immutable policy');
    assertEqual(REVALIDATE, 'no-cache', 'the revalidate policy');
    for (const p of ['', 'index.html', 'version.json']) {
      const first = await get(url + p);
      assert(first.headers.etag, `/${p} has an ETag`);
      const again = await get(url + p, { 'if-none-match': first.headers.etag });
      assertEqual(again.statusCode, 304, `/${p} revalidates to 304`);
      assertEqual(again.headers['cache-control'], REVALIDATE, `/${p} 304 keeps no-cache`);
    }
    console.log(`     ${immutable} files immutable, ${revalidated} no-cache`);
  }],

  ['in Chromium: the page, a deep link, an embed and the text version fetch only hashed assets and stable entry points', async () => {
    const { context, page, errors } = await openPage(browser, 'about:blank', {
      init: () => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }),   // every load from the network
    });
    const seen = [];
    page.on('response', (r) => { if (r.url().startsWith(url)) seen.push([new URL(r.url()).pathname, r.status(), r.headers()['cache-control']]); });
    try {
      for (const target of ['', '?q=exercise&sort=newest', '?embed=1&lock=1&pem=required', 'text/index.html']) {
        await page.goto(url + target);
        if (target.startsWith('text/')) {
          assert(await page.evaluate(() => [...document.styleSheets].some((s) => /\/static\.[0-9a-f]{12}\.css$/.test(s.href || ''))), 'the text version has its style sheet');
          continue;
        }
        await waitForAtlas(page);
        assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', `atlas load for /${target}`);
        if (target.includes('q=exercise')) assertEqual(await page.inputValue('#mirror-search'), 'exercise', 'the deep link\'s search applied');
      }
      const stable = new Set(['/', '/index.html', '/sw.js', '/version.json', '/manifest.webmanifest', '/text/index.html']);
      const catalogue = /^\/i18n\/[a-z]{2}\.json$/;   // the page builds the name from the language: stable, revalidated
      const problems = [];
      for (const [p, status, cc] of seen) {
        if (status >= 400) problems.push(`${p}: HTTP ${status}`);
        if (!stable.has(p) && !catalogue.test(p) && !HASHED_NAME.test(p)) problems.push(`${p}: neither a hashed asset nor an entry point`);
        if (cc !== (HASHED_NAME.test(p) ? IMMUTABLE : REVALIDATE)) problems.push(`${p}: cache-control ${cc}`);
      }
      assertEqual(problems.join('\n'), '', 'requests');
      assert(seen.some(([p]) => /^\/atlas_app\.[0-9a-f]{12}\.wasm$/.test(p)) && seen.some(([p]) => /^\/atlas\.[0-9a-f]{12}\.json$/.test(p))
        && seen.some(([p]) => /^\/text\/static\.[0-9a-f]{12}\.css$/.test(p)), 'the wasm, the atlas and the text style sheet by hashed names');
      assertEqual(errors.join('\n'), '', 'console and page errors');
    } finally {
      await context.close();
    }
  }],

  ['a rebuilt asset gets a new name, and so does everything that refers to it; the rest keep theirs; stamping is repeatable', async () => {
    const copy = await siteCopy();
    try {
      const before = stampOf(copy.site);
      // A changed style sheet: new name for it and for index.html's reference; the app's code keeps its names.
      fs.appendFileSync(path.join(copy.site, before.assets['style.css']), '\n/* rebuilt */\n');
      const t0 = performance.now();
      const after = stampSite(copy.site);
      const stampMs = performance.now() - t0;
      assert(after.assets['style.css'] !== before.assets['style.css'], 'style.css has a new name');
      assert(!fs.existsSync(path.join(copy.site, before.assets['style.css'])), 'the old name is gone from the folder');
      assert(fs.readFileSync(path.join(copy.site, 'index.html'), 'utf8').includes(`href="${after.assets['style.css']}"`), 'index.html links the new name');
      for (const f of ['app.js', 'atlas_app.js', 'atlas_app.wasm', 'atlas.json', 'fonts/Inter-Bold.otf'])
        assertEqual(after.assets[f], before.assets[f], `${f} keeps its name`);
      assert(after.version !== before.version, 'a new version');
      // The rebuilt site works.
      const { context, page, errors } = await openPage(browser, copy.url);
      await waitForAtlas(page);
      assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'the rebuilt site loads');
      assert(await page.evaluate((href) => [...document.styleSheets].some((s) => s.href && s.href.endsWith('/' + href)), after.assets['style.css']), 'the new style sheet is used');
      assertEqual(errors.join('\n'), '', 'console and page errors');
      await context.close();
      // A changed font: its name, and app.js (which names it), and index.html (which names app.js) follow.
      fs.appendFileSync(path.join(copy.site, after.assets['fonts/Inter-Bold.otf']), Buffer.from([0]));
      const third = stampSite(copy.site);
      for (const f of ['fonts/Inter-Bold.otf', 'app.js']) assert(third.assets[f] !== after.assets[f], `${f} has a new name`);
      for (const f of ['atlas_app.js', 'atlas_app.wasm', 'style.css', 'fonts/Inter-Regular.otf']) assertEqual(third.assets[f], after.assets[f], `${f} keeps its name`);
      assert(fs.readFileSync(path.join(copy.site, third.assets['app.js']), 'utf8').includes(`'${third.assets['fonts/Inter-Bold.otf']}'`), 'app.js names the new font');
      // Stamping a stamped folder again changes nothing.
      const once = snapshot(copy.site);
      stampSite(copy.site);
      assertEqual(JSON.stringify(snapshot(copy.site)), JSON.stringify(once), 'a second stamp gives the same files');
      console.log(`     restamp (unhash + hash + version.json) of the site: ${stampMs.toFixed(0)} ms`);
    } finally {
      copy.close();
    }
  }],
];
