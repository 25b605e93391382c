// Soak: 10,000 random reader actions (search, filter, open, back, sort, depth, theme, text size,
// compare, years, clicks on the DOM mirror, window resizes) with a fixed seed, through
// window.atlasApp.command and the mirror's own controls, with frames running in between.
// Asserts: no page error, no console error, no abort; the JS heap (after a forced GC, measured in the
// same view) within 5% of its size after a 1,000-action warm-up; DOM nodes and event listeners too.
// Prints the figures: actions per second, JS heap, wasm heap (which can only grow), nodes, listeners.
import fs from 'node:fs';
import path from 'node:path';
import { openPage, waitForAtlas, settle, distinctColours, assert, assertEqual, ROOT } from './harness.mjs';

const SEED = 0x5eed2026;
// SOAK_ACTIONS=30000 for a longer run by hand (the 30,000-action check); the test command runs 10,000.
const ACTIONS = Number(process.env.SOAK_ACTIONS) || 10000, WARMUP = 1000, CHECK_EVERY = 1000;
const FRAME_EVERY = 10;        // a requestAnimationFrame after every 10 actions
const PAUSE_EVERY = 500;       // a short wait and a new window size every 500
const MAX_GROWTH = 0.05;
const VIEWPORTS = [[1280, 800], [390, 844], [1000, 700], [768, 1024], [1600, 900], [360, 640], [1440, 1000], [820, 1180]];

// Search words: from the bundled atlas's titles (deterministic), plus awkward input.
function searchWords() {
  const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
  const words = new Set();
  for (const s of bundle.studies) for (const w of s.title.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length >= 4) words.add(w);
  const list = [...words].sort().slice(0, 300);
  list.push('oystein', 'Øystein', 'PEM', 'pem required', '19855350', 'ß', 'é', '🙂', '"quoted"', '<script>', 'a'.repeat(300),
    'fatigue  exercise', '-', '*', '%', '\\', 'null', 'zzzzzz');
  return list;
}

// The in-page driver: a seeded PRNG and one step(n) that performs n random actions synchronously.
const INSTALL = ({ seed, words }) => {
  let s = seed >>> 0;
  const random = () => {   // mulberry32
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const stats = { kinds: {}, accepted: 0, refused: 0, clicks: 0 };
  const listedIndex = () => {
    const buttons = document.querySelectorAll('#mirror-list a[data-index]');
    return buttons.length && random() < 0.9 ? pick(buttons).dataset.index : String(int(-2, 60));
  };
  const facetCommand = () => {
    const inputs = [...document.querySelectorAll('#mirror-filters fieldset[data-facet] input[data-code]')];
    if (!inputs.length) return 'toggle pem required';
    const input = pick(inputs);
    return 'toggle ' + input.closest('fieldset').dataset.facet + ' ' + input.dataset.code;
  };
  const tagCommand = () => {
    const inputs = [...document.querySelectorAll('#mirror-filters input[id^="tag-"]')];
    return 'tag ' + (inputs.length ? inputs[Math.floor(random() * inputs.length)].id.slice(4) : int(0, 40));
  };
  // [weight, kind, make command | null for a mirror click]
  const ACTIONS = [
    [18, 'query', () => 'query ' + pick(words)],
    [5, 'query-empty', () => 'query '],
    [14, 'toggle', facetCommand],
    [4, 'tag', tagCommand],
    [5, 'clear', () => 'clear'],
    [14, 'open', () => 'open ' + listedIndex()],
    [10, 'back', () => 'back'],
    [5, 'sort', () => 'sort ' + pick(['relevance', 'newest', 'oldest', 'evidence'])],
    [5, 'depth', () => 'depth ' + pick(['quick', 'standard', 'full'])],
    [3, 'theme', () => 'theme ' + pick(['light', 'dark', 'contrast'])],
    [3, 'textsize', () => 'textsize ' + int(0, 4)],
    [4, 'compare', () => 'compare ' + listedIndex()],
    [1, 'compare-clear', () => 'compare clear'],
    [1, 'screen', () => 'screen ' + pick(['compare', 'atlas'])],
    [4, 'years', () => random() < 0.2 ? 'years 0 0' : 'years ' + int(1985, 2026) + ' ' + int(1985, 2026)],
    [8, 'mirror-click', null],
  ];
  const total = ACTIONS.reduce((n, a) => n + a[0], 0);
  const mirrorClick = () => {
    const controls = [...document.querySelectorAll('#mirror-list a, #mirror-filters input, #mirror-chips button, #mirror-card button')];
    if (!controls.length) return;
    const control = pick(controls);
    control.click();
    stats.clicks++;
  };
  window.__soak = {
    stats,
    // Runs `count` actions, a frame after every `every` (so the app draws and sends the mirror).
    async run(count, every) {
      for (let done = 0; done < count; done += every) {
        this.step(Math.min(every, count - done));
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
    },
    step(n) {
      for (let i = 0; i < n; i++) {
        let r = random() * total, action = ACTIONS[0];
        for (const a of ACTIONS) { if (r < a[0]) { action = a; break; } r -= a[0]; }
        stats.kinds[action[1]] = (stats.kinds[action[1]] || 0) + 1;
        if (!action[2]) { mirrorClick(); continue; }
        if (window.atlasApp.command(action[2]())) stats.accepted++;
        else stats.refused++;
      }
    },
  };
};

// Self sizes in a heap snapshot by kind: what the app holds (objects, arrays, strings, closures)
// apart from what V8 and Blink hold for themselves (compiled code, internal tables).
async function heapBreakdown(cdp) {
  const chunks = [];
  const collect = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const snapshot = JSON.parse(chunks.join(''));
  const fields = snapshot.snapshot.meta.node_fields, types = snapshot.snapshot.meta.node_types[0];
  const step = fields.length, typeAt = fields.indexOf('type'), sizeAt = fields.indexOf('self_size');
  const sums = { objects: 0, arrays: 0, strings: 0, closures: 0, code: 0, 'V8 internal': 0, 'Blink native (not in usedSize)': 0 };
  for (let i = 0; i < snapshot.nodes.length; i += step) {
    const type = types[snapshot.nodes[i + typeAt]], size = snapshot.nodes[i + sizeAt];
    const kind = type === 'object' || type === 'regexp' || type === 'number' || type === 'bigint' ? 'objects'
      : type === 'array' ? 'arrays' : type === 'string' || type === 'concatenated string' || type === 'sliced string' ? 'strings'
        : type === 'closure' ? 'closures' : type === 'code' ? 'code' : type === 'native' ? 'Blink native (not in usedSize)' : 'V8 internal';
    sums[kind] += size;
  }
  return sums;
}

export const tests = ({ browser, url }) => [
  [`${ACTIONS} random reader actions: no error, JS heap within 5% after warm-up`, async () => {
    const { context, page, errors } = await openPage(browser, url, { width: 1280, height: 800 });
    const warnings = [];
    page.on('console', (msg) => { if (msg.type() === 'warning' && !/GL Driver Message|GPU stall/.test(msg.text())) warnings.push(msg.text()); });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'atlas load result');
    const studies = parseInt(await page.textContent('#mirror-count'), 10);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.evaluate(INSTALL, { seed: SEED, words: searchWords() });

    // The same view before every measurement, so that like is compared with like.
    const measure = async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.evaluate(() => {
        for (const c of ['back', 'back', 'screen atlas', 'compare clear', 'clear', 'query ', 'years 0 0', 'sort relevance', 'depth standard', 'theme light', 'textsize 1'])
          window.atlasApp.command(c);
      });
      await settle(page, 700);
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const page_ = await page.evaluate(() => ({ wasm: window.atlasApp.module.HEAP8.length, inUse: window.atlasApp.module._atlas_web_heap_in_use(),
        count: document.getElementById('mirror-count').textContent }));
      return { js: heap.usedSize, jsTotal: heap.totalSize, wasm: page_.wasm, inUse: page_.inUse, nodes: metrics.Nodes, listeners: metrics.JSEventListeners, count: page_.count };
    };

    const mb = (n) => (n / 1048576).toFixed(2) + ' MB';
    const started = Date.now();
    let activeMs = 0, done = 0, warm = null, warmBreakdown = null, resizes = 0;
    const trend = [];
    // Blocks of PAUSE_EVERY actions run in the page (one round trip each); between blocks a new
    // window size and a short wait; every CHECK_EVERY a measurement in the reset view.
    while (done < ACTIONS) {
      const t0 = Date.now();
      const n = Math.min(PAUSE_EVERY, ACTIONS - done);
      await page.evaluate(([k, every]) => window.__soak.run(k, every), [n, FRAME_EVERY]);
      done += n;
      const [w, h] = VIEWPORTS[(done / PAUSE_EVERY) % VIEWPORTS.length];
      await page.setViewportSize({ width: w, height: h });
      resizes++;
      await page.waitForTimeout(50);
      activeMs += Date.now() - t0;
      if (errors.length) break;   // stop at the first error, report it below
      if (done % CHECK_EVERY === 0) {
        const m = await measure();
        trend.push(m);
        if (done === WARMUP) { warm = m; warmBreakdown = await heapBreakdown(cdp); }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const endBreakdown = done === ACTIONS && warmBreakdown ? await heapBreakdown(cdp) : null;
    assertEqual(errors.join('\n'), '', `console and page errors (after ${done} actions)`);
    const end = trend[trend.length - 1];
    const stats = await page.evaluate(() => window.__soak.stats);
    const draws = await page.evaluate(() => window.__draws);
    const growth = (a, b) => (b - a) / a;
    console.log(`     ${done} actions in ${seconds.toFixed(1)} s (${(done / (activeMs / 1000)).toFixed(0)} actions/s while acting, ` +
      `${(done / seconds).toFixed(0)}/s overall incl. ${trend.length} GC+measure pauses), ${resizes} resizes, ${draws} GL draw calls`);
    console.log(`     commands: ${stats.accepted} accepted, ${stats.refused} refused (invalid on purpose or in that state); ${stats.clicks} mirror clicks; ` +
      Object.entries(stats.kinds).map(([k, v]) => `${k} ${v}`).join(', '));
    console.log(`     JS heap (used, after GC): warm-up ${mb(warm.js)} -> end ${mb(end.js)} (${(growth(warm.js, end.js) * 100).toFixed(2)}%); ` +
      `per 1,000: ${trend.map((m) => (m.js / 1048576).toFixed(2)).join(' ')}`);
    if (endBreakdown) console.log('     JS heap change by kind (heap snapshots, self sizes): ' +
      Object.keys(endBreakdown).map((k) => `${k} ${((endBreakdown[k] - warmBreakdown[k]) / 1024).toFixed(1)} KB`).join(', '));
    console.log(`     wasm heap: warm-up ${mb(warm.wasm)} -> end ${mb(end.wasm)} (${end.wasm > warm.wasm ? 'grew' : 'did not grow'} after warm-up; ` +
      `per 1,000: ${trend.map((m) => (m.wasm / 1048576).toFixed(0)).join(' ')})`);
    console.log(`     wasm heap in use (malloc): warm-up ${mb(warm.inUse)} -> end ${mb(end.inUse)}; ` +
      `per 1,000: ${trend.map((m) => (m.inUse / 1048576).toFixed(2)).join(' ')}`);
    console.log(`     DOM nodes ${warm.nodes} -> ${end.nodes}, JS event listeners ${warm.listeners} -> ${end.listeners}`);
    if (warnings.length) console.log(`     console warnings: ${warnings.length}, first: ${warnings[0].slice(0, 200)}`);
    assertEqual(warnings.filter((w) => /abort|assert|RuntimeError|exception|out of memory|unreachable/i.test(w)).join('\n'), '', 'aborts or assertions in the console');
    // V8's compiled code grows while functions tier up (~100 KB here, levelling off): that is the engine's
    // memory, not the app's. The bound applies to the heap without it when snapshots could be taken.
    const codeGrowth = endBreakdown && warmBreakdown ? Math.max(0, endBreakdown.code - warmBreakdown.code) : 0;
    const appGrowth = growth(warm.js, end.js - codeGrowth);
    console.log(`     JS heap without compiled code: ${(appGrowth * 100).toFixed(2)}% after warm-up (limit 5%)`);
    assert(appGrowth <= MAX_GROWTH, `JS heap (without compiled code) grew ${(appGrowth * 100).toFixed(2)}% after warm-up (limit 5%)`);
    assert(growth(warm.nodes, end.nodes) <= MAX_GROWTH, `DOM nodes grew from ${warm.nodes} to ${end.nodes}`);
    assert(growth(warm.listeners, end.listeners) <= MAX_GROWTH, `event listeners grew from ${warm.listeners} to ${end.listeners}`);
    // Still whole: the same view as after warm-up, a working search, a drawn canvas.
    assertEqual(end.count, warm.count, 'the reset view shows the same count as after warm-up');
    assertEqual(parseInt(end.count, 10), studies, 'every study listed after the reset');
    assert(await page.evaluate(() => window.atlasApp.command('query fatigue')), 'search still accepted');
    await page.waitForFunction(() => /matching/.test(document.getElementById('mirror-count').textContent));
    assert(await page.evaluate(() => document.getElementById('failure').hidden), 'no failure box');
    assert(await distinctColours(page, await page.screenshot()) > 20, 'the canvas still draws');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],
];
