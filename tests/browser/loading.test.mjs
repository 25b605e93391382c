// Loading: the atlas streams from the network into the app chunk by chunk (the whole document is
// never in the wasm heap), and an atlas too large for the device's memory ends in a clear message.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openPage, assert, assertEqual, ROOT } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const SITE = path.join(ROOT, 'build/site');
const CLI = path.join(ROOT, 'build/native/cli/atlas');
const MB = 1024 * 1024;

// A copy of the built site with a synthetic atlas of `count` studies beside it (?atlas= takes
// same-origin files only), served on its own port.
async function siteWithSynthetic(count) {
  assert(fs.existsSync(path.join(SITE, 'index.html')), 'build/site is missing: run ./build.sh site');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-loading-'));
  const site = path.join(dir, 'site');
  fs.cpSync(SITE, site, { recursive: true });
  execFileSync(CLI, ['synth', '--count', String(count), '--seed', '1', '-o', path.join(site, 'synth.json')]);
  const server = await startServer(site, 0);
  return {
    url: `http://localhost:${server.address().port}/`,
    bytes: fs.statSync(path.join(site, 'synth.json')).size,
    close: () => { server.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// Watches the module's calls: how many chunks were fed, the largest, and whether the whole-document
// entry point was used. Installed before the app's scripts run.
const WATCH_LOAD = () => {
  window.__load = { feeds: 0, largest: 0, whole: 0 };
  // Emscripten's exports replace themselves on first call: keep wrapping whatever is set.
  const watch = (module, name, count) => {
    let inner = module[name];
    Object.defineProperty(module, name, {
      configurable: true,
      get: () => (...args) => { count(...args); return inner(...args); },
      set: (f) => { inner = f; },
    });
  };
  const wrap = (module) => {
    watch(module, '_atlas_web_load_feed', (n) => { window.__load.feeds++; window.__load.largest = Math.max(window.__load.largest, n); });
    watch(module, '_atlas_web_load_atlas', () => { window.__load.whole++; });
    return module;
  };
  let create;
  Object.defineProperty(window, 'createAtlasModule', {
    configurable: true,
    get: () => create && ((opts) => create(opts).then(wrap)),
    set: (f) => { create = f; },
  });
};

// WebAssembly memory that cannot grow past `cap` bytes, as on a device that grants no more: the
// same failure the browser gives at the real maximum, without gigabytes of test data.
const CAP_MEMORY = (cap) => {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    if (this.buffer.byteLength + pages * 65536 > cap) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    return grow.call(this, pages);
  };
};

const finished = (page) => page.waitForFunction(
  () => document.documentElement.dataset.atlasLoad !== undefined || !document.getElementById('failure').hidden, null, { timeout: 60000 });

export const tests = ({ browser }) => [
  ['a synthetic atlas streams into the app in chunks; the heap never holds the whole document', async () => {
    const site = await siteWithSynthetic(4000);
    try {
      const { context, page, errors } = await openPage(browser, site.url + '?atlas=synth.json', { init: WATCH_LOAD });
      await finished(page);
      const r = await page.evaluate(() => ({
        load: document.documentElement.dataset.atlasLoad,
        count: document.getElementById('mirror-count').textContent,
        heap: window.atlasApp.module.HEAP8.length,
        watch: window.__load,
      }));
      console.log(`     ${(site.bytes / MB).toFixed(1)} MB of JSON in ${r.watch.feeds} pieces; wasm heap ${(r.heap / MB).toFixed(1)} MB after the load`);
      assertEqual(r.load, 'ok', 'load result');
      assert(/4,?000/.test(r.count), 'all 4000 studies listed: ' + r.count);
      assertEqual(r.watch.whole, 0, 'the whole-document entry point is not used');
      assert(r.watch.feeds > 4, `fed in chunks (${r.watch.feeds} chunks)`);
      assert(r.watch.largest <= 256 * 1024, `no piece above 256 KB in the heap (largest ${r.watch.largest})`);
      // The heap's peak: the app's own needs (it starts in 16 MB) plus the model, which is smaller than the document.
      assert(r.heap < 32 * MB + site.bytes, `heap ${(r.heap / MB).toFixed(1)} MB for ${(site.bytes / MB).toFixed(1)} MB of JSON`);
      assertEqual(errors.join('\n'), '', 'console and page errors');
      await context.close();
    } finally {
      site.close();
    }
  }],

  ['an atlas too large for the memory the device grants ends in a clear message, not a crash', async () => {
    const site = await siteWithSynthetic(20000);
    try {
      // The app starts in 16 MB; here the memory may not grow past 40 MB, and the model of a
      // 20,000-study atlas (52 MB of JSON) needs more.
      const { context, page } = await openPage(browser, site.url + '?atlas=synth.json', { init: { content: `(${CAP_MEMORY})(${40 * MB})` } });
      await finished(page);
      const r = await page.evaluate(() => ({
        load: document.documentElement.dataset.atlasLoad || null,
        failure: document.getElementById('failure').hidden ? null : document.getElementById('failure-text').textContent,
        loading: !document.getElementById('loading').hidden,
      }));
      console.log('     ' + r.failure);
      assertEqual(r.load, null, 'no load result');
      assert(r.failure && /^This atlas is too large for this device's memory \(the app could get \d+ MB and had read \d+ MB of the atlas\)\./.test(r.failure),
        'the failure box says the atlas is too large: ' + r.failure);
      assertEqual(r.loading, false, 'the loading screen is gone');
      await context.close();
    } finally {
      site.close();
    }
  }],
  ['results before the end: a large atlas arriving slowly is searchable while it loads, and says how far it is', async () => {
    const site = await siteWithSynthetic(10000);
    try {
      const { context, page, errors } = await openPage(browser, site.url + '?atlas=synth.json');
      const cdp = await context.newCDPSession(page);
      // About 1 MB/s: the 10,000-study atlas takes several seconds to arrive. The HTTP cache is off (the
      // first visit filled it, and a revalidated atlas would arrive at once, whatever the throttle).
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: MB, uploadThroughput: MB });
      await page.reload();
      const first = await (await page.waitForFunction(() => {
        const text = document.getElementById('mirror-status').textContent;
        return /^Searching [\d,]+ of 10,000 studies — loading$/.test(text) && { text, load: document.documentElement.dataset.atlasLoad || null };
      }, null, { timeout: 30000 })).jsonValue();
      const status = first.text;
      assertEqual(first.load, null, 'still loading when the first results show');
      const read = parseInt(status.replace(/^Searching ([\d,]+).*/, '$1').replace(/,/g, ''), 10);
      assert(read > 0 && read < 10000, 'part of the atlas is searchable: ' + status);
      // Typed as a reader types, into the search box while the rest is still arriving.
      await page.fill('#mirror-search', 'fatigue');
      await page.waitForFunction(() => /matching "fatigue"/.test(document.getElementById('mirror-count').textContent), null, { timeout: 60000 });
      const found = parseInt(await page.textContent('#mirror-count'), 10);
      assert(found > 0, `searching what has arrived (${read} studies at the first results): ${found} found`);
      console.log(`     first results while loading: "${status}"; "fatigue" found ${found}`);
      await page.waitForFunction(() => document.documentElement.dataset.atlasLoad === 'ok', null, { timeout: 90000 });
      assertEqual(await page.textContent('#mirror-status'), '', 'the status line clears when all has arrived');
      const all = parseInt(await page.textContent('#mirror-count'), 10);
      assert(all >= found, 'counts complete as the rest arrives');
      assert(/matching "fatigue"/.test(await page.textContent('#mirror-count')), 'what the reader typed while it loaded is kept at the end');
      assertEqual(await page.inputValue('#mirror-search'), 'fatigue', 'and stays in the search box');
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    } finally {
      site.close();
    }
  }],
];
