// bench-browser.mjs — the browser benchmark: the app against the route a JavaScript developer would
// take (web/bench.html: fetch + JSON.parse + MiniSearch + Array facet counts), in one headless
// Chromium, on the same synthetic atlases and query set, each measurement in a fresh page.
// Prints markdown: per size, time to searchable, query p50/p95, memory, scrolling CPU per frame,
// idle draws, with ratios, and the budgets of the performance issue, met or missed.
//
// usage: node tools/bench-browser.mjs [--sizes 1000,10000,100000] [--runs 20] [--loads 3]
//                                     [--native build/native/bench/atlas_bench_load] [--update BENCHMARKS.md]
//                                     [--keep] [--no-on-the-fly]
//   --native BIN    also runs the native benchmark and includes its table
//   --update FILE   replaces the generated part of FILE (between the bench:generated markers)
//   --keep          keeps the temporary folder (site copy and synthetic atlases) and prints its path
//
// Serving: a copy of build/site plus bench.html, bench.js and MiniSearch's UMD build, and the
// synthetic atlases, in a temporary folder served by tools/serve.mjs (gzip on the fly) behind a
// small same-origin front that (a) serves /gz/<file> pre-compressed (gzip -6, made once, with a
// Content-Length, as a static host with pre-compressed files would) and (b) adds COOP/COEP
// headers: a cross-origin-isolated page gets a 5 µs performance.now() instead of 100 µs, which
// sub-millisecond query times need. Service workers are blocked (every load is a first visit).
// Generated atlases stay in the temporary folder, which is removed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BROWSER_DIR = path.join(ROOT, 'tests/browser');
const SITE = path.join(ROOT, 'build/site');
const CLI = path.join(ROOT, 'build/native/cli/atlas');

// The issue's budgets.
export const BUDGETS = {
  searchableMs: { 10000: 600, 100000: 3000 },
  queryP95Ms: { 10000: 2, 100000: 5 },
  scrollCpuMs: 4,
  wasmOverJson: 1.5,
  downloadKb: 450,
  idleDraws: 0,
};
// The app download: what a first visit fetches before the atlas (the issue's list).
const APP_FILES = ['index.html', 'app.js', 'style.css', 'atlas_app.js', 'atlas_app.wasm', 'fonts/Inter-Regular.otf', 'fonts/Inter-Bold.otf'];
const OTHER_FILES = ['offline.js', 'icon.svg', 'manifest.webmanifest', 'sw.js'];

// [SECTION] Small helpers
const MB = 1048576;
const fmtMs = (x) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const fmtMb = (b) => (b === null || b === undefined ? 'n/a' : (b / MB).toFixed(1));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || !b ? 'n/a' : (a / b).toFixed(2) + '×');
const median = (xs) => { const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : null; };
const log = (...a) => console.error('bench:', ...a);

function requirePlaywright() {
  // playwright-core and minisearch live in tests/browser/node_modules; install them if missing.
  const need = ['playwright-core', 'minisearch'].filter((p) => !fs.existsSync(path.join(BROWSER_DIR, 'node_modules', p, 'package.json')));
  if (need.length) {
    log(`npm install in tests/browser (missing: ${need.join(', ')})`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: BROWSER_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

export function machine(chromiumVersion) {
  let cpu = 'unknown';
  try { cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1] || cpu; } catch { /* not Linux */ }
  let emcc = 'n/a';
  try { emcc = (execFileSync('emcc', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].match(/\) ([0-9.]+)/) || [])[1] || emcc; } catch { /* not installed */ }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), nproc: os.cpus().length, cpu: cpu.trim(),
    memGiB: (os.totalmem() / 1024 ** 3).toFixed(1), kernel: `${os.type()} ${os.release()}`, node: process.version,
    chromium: chromiumVersion || 'n/a', emcc,
  };
}

// [SECTION] Serving
async function gzipFile(src, dst) {
  await pipeline(fs.createReadStream(src), zlib.createGzip({ level: 6 }), fs.createWriteStream(dst));
}

// A same-origin front over tools/serve.mjs: pre-compressed atlases under /gz/, everything else
// proxied (so /data/... is gzipped on the fly by serve.mjs), COOP/COEP on every response.
async function startFront(backendPort, gzDir) {
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    const m = pathname.match(/^\/gz\/([A-Za-z0-9._-]+\.json)$/);
    if (m) {
      const file = path.join(gzDir, m[1] + '.gz');
      fs.stat(file, (err, stat) => {
        if (err) { res.writeHead(404, isolation).end('not found'); return; }
        if (!/\bgzip\b/.test(req.headers['accept-encoding'] || '')) { res.writeHead(406, isolation).end('gzip only'); return; }
        res.writeHead(200, { ...isolation, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': stat.size, 'cache-control': 'no-cache' });
        if (req.method === 'HEAD') { res.end(); return; }
        fs.createReadStream(file).pipe(res);
      });
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: backendPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, { ...up.headers, ...isolation });
      up.pipe(res);
    });
    upstream.on('error', (e) => { if (!res.headersSent) res.writeHead(502, isolation); res.end(String(e)); });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// Builds the served folder; returns { dir, site, gz, atlases: {N: {name, bytes, gzBytes}} }.
export async function prepare(sizes, { tmp } = {}) {
  if (!fs.existsSync(path.join(SITE, 'index.html'))) throw new Error('build/site is missing: run ./build.sh site');
  if (!fs.existsSync(CLI)) throw new Error('build/native/cli/atlas is missing: run ./build.sh native');
  const dir = tmp || fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
  const site = path.join(dir, 'site'), gz = path.join(dir, 'gz');
  fs.cpSync(SITE, site, { recursive: true });
  for (const f of ['bench.html', 'bench.js']) fs.copyFileSync(path.join(ROOT, 'web', f), path.join(site, f));
  fs.copyFileSync(path.join(BROWSER_DIR, 'node_modules/minisearch/dist/umd/index.js'), path.join(site, 'minisearch.js'));
  fs.mkdirSync(path.join(site, 'data'), { recursive: true });
  fs.mkdirSync(gz, { recursive: true });
  const atlases = {};
  for (const n of sizes) {
    const name = `synth-${n}.json`;
    const file = path.join(site, 'data', name);
    log(`atlas synth --count ${n} --seed 1`);
    execFileSync(CLI, ['synth', '--count', String(n), '--seed', '1', '-o', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    await gzipFile(file, path.join(gz, name + '.gz'));
    atlases[n] = { name, bytes: fs.statSync(file).size, gzBytes: fs.statSync(path.join(gz, name + '.gz')).size };
  }
  return { dir, site, gz, atlases };
}

export async function serve(prepared) {
  const backend = await startServer(prepared.site, 0);
  const front = await startFront(backend.address().port, prepared.gz);
  return { backend, front, url: `http://localhost:${front.address().port}/` };
}

// Chromium through tests/browser/harness.mjs launch(), with --enable-precise-memory-info added by
// a wrapper named in $CHROMIUM (launch() takes the executable from there; its flags stay as they are).
export async function launchBrowser(dir) {
  requirePlaywright();
  const real = process.env.CHROMIUM || '/usr/bin/chromium';
  const wrapper = path.join(dir, 'chromium-bench.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${real}" --enable-precise-memory-info "$@"\n`, { mode: 0o755 });
  const previous = process.env.CHROMIUM;
  process.env.CHROMIUM = wrapper;
  try {
    const { launch } = await import('../tests/browser/harness.mjs');
    return await launch();
  } finally {
    if (previous === undefined) delete process.env.CHROMIUM; else process.env.CHROMIUM = previous;
  }
}

// [SECTION] Pages
// Installed before any page script: records when data-atlas-load / data-bench-load appears (a
// MutationObserver callback, so no polling delay), and times every animation-frame callback
// (main-thread CPU of the frame: the app's whole Frame(), wasm and WebGL calls) with its draw calls.
const INSTRUMENT = () => {
  window.__bench = { loadAt: null, loadCode: null };
  new MutationObserver((records, observer) => {
    const d = document.documentElement;
    const code = d && (d.dataset.atlasLoad || d.dataset.benchLoad);
    if (code && window.__bench.loadAt === null) {
      window.__bench.loadAt = performance.now();
      window.__bench.loadCode = code;
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-atlas-load', 'data-bench-load'] });
  // The app's start-up, step by step: wraps createAtlasModule (defined by atlas_app.js) when it is set.
  const marks = window.__bench.marks = {};
  let create;
  Object.defineProperty(window, 'createAtlasModule', {
    configurable: true,
    get: () => create,
    set: (fn) => {
      create = (options) => {
        marks.moduleCalled = performance.now();
        if (options && options.onAppReady) {
          const ready = options.onAppReady;
          options.onAppReady = (...a) => { marks.appReady = performance.now(); return ready(...a); };
        }
        return fn(options).then((module) => {
          marks.moduleReady = performance.now();
          const load = module._atlas_web_load_atlas;
          module._atlas_web_load_atlas = (...a) => {
            marks.loadAtlasStart = performance.now();
            try { return load(...a); } finally { marks.loadAtlasEnd = performance.now(); }
          };
          return module;
        });
      };
    },
  });
  const raf = window.requestAnimationFrame.bind(window);
  window.__frameLog = null;
  window.requestAnimationFrame = (callback) => raf((t) => {
    if (!window.__frameLog) return callback(t);
    const draws = window.__draws || 0, start = performance.now();
    try { return callback(t); } finally { window.__frameLog.push([performance.now() - start, (window.__draws || 0) - draws]); }
  });
};

async function openFresh(browser, url, timeoutMs) {
  const { COUNT_DRAWS } = await import('../tests/browser/harness.mjs');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('crash', () => problems.push('the page crashed (renderer process gone; out of memory is the usual cause)'));
  await page.addInitScript(COUNT_DRAWS);
  await page.addInitScript(INSTRUMENT);
  const cdp = await context.newCDPSession(page);
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  const loaded = await page.waitForFunction(() => window.__bench.loadAt !== null || !document.getElementById('failure')?.hidden && document.getElementById('failure-text')?.textContent,
    null, { timeout: timeoutMs, polling: 100 }).then(() => true, (e) => { problems.push('no load within ' + (timeoutMs / 1000) + ' s: ' + e.message.split('\n')[0]); return false; });
  return { context, page, cdp, problems, loaded };
}

async function collectGarbage(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
}

async function atlasResource(page) {
  return page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((r) => /\/synth-[^/]*\.json|\/compact-[^/]*\.json/.test(r.name));
    return e ? { responseEnd: e.responseEnd, responseStart: e.responseStart, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null;
  });
}

// The app: navigation to dataset.atlasLoad; wasm memory; optionally queries, idle draws, scrolling.
export async function measureApp(browser, base, atlasPath, { full = false, runs = 20, timeoutMs = 600000 } = {}) {
  const out = { ok: false };
  const { context, page, cdp, problems, loaded } = await openFresh(browser, `${base}index.html?atlas=${encodeURIComponent(atlasPath)}`, timeoutMs);
  try {
    if (!loaded) { out.error = problems.join('; '); return out; }
    const state = await page.evaluate(() => ({
      at: window.__bench.loadAt, code: window.__bench.loadCode, failure: document.getElementById('failure').hidden ? null : document.getElementById('failure-text').textContent,
      heap: window.atlasApp ? window.atlasApp.module.HEAP8.length : null, isolated: window.crossOriginIsolated,
      marks: window.__bench.marks, wasm: (performance.getEntriesByType('resource').find((r) => /atlas_app\.wasm$/.test(r.name)) || {}).responseEnd,
    }));
    if (state.failure) { out.error = 'the app failed: ' + state.failure + (problems.length ? ' (' + problems.join('; ') + ')' : ''); return out; }
    Object.assign(out, { ok: state.code === 'ok', code: state.code, searchableMs: state.at, wasmAfterLoad: state.heap, isolated: state.isolated,
      atlas: await atlasResource(page), marks: { ...state.marks, wasmArrived: state.wasm } });
    if (!full) return out;
    // Download actually transferred for the app's own files (encoded = as sent, gzip from serve.mjs).
    out.transfer = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const files = [{ name: 'index.html', encoded: nav.encodedBodySize, decoded: nav.decodedBodySize }];
      for (const r of performance.getEntriesByType('resource')) {
        if (/synth-|compact-/.test(r.name)) continue;
        files.push({ name: new URL(r.name).pathname.slice(1), encoded: r.encodedBodySize, decoded: r.decodedBodySize });
      }
      return files;
    });
    // Idle: after the frames that follow a change, no draws at all.
    await page.waitForTimeout(1500);
    const d0 = await page.evaluate(() => window.__draws);
    await page.waitForTimeout(3000);
    out.idleDraws = (await page.evaluate(() => window.__draws)) - d0;
    out.scroll = await measureScroll(page);
    // Queries: the same protocol as the JavaScript route (web/bench.js), through atlas_web_bench_queries.
    await page.addScriptTag({ url: 'bench.js' });
    const q = await page.evaluate((n) => window.atlasBench.runAppQueries(n).then((r) => ({ summary: r.summary, results: r.results, queries: r.queries, kinds: r.kinds, perQuery: r.samples.map((s) => s.slice().sort((a, b) => a - b)) })), runs);
    out.queries = q;
    out.wasmAfterQueries = await page.evaluate(() => window.atlasApp.module.HEAP8.length);
    await collectGarbage(cdp);
    out.jsHeapRetained = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : null);
    out.problems = problems;
    return out;
  } catch (e) {
    out.ok = false;
    out.error = (problems.length ? problems.join('; ') + '; ' : '') + String(e && e.message ? e.message.split('\n')[0] : e);
    return out;
  } finally {
    await context.close().catch(() => {});
  }
}

// Scrolling the whole results list: drag the list's scrollbar from top to bottom, one step per frame,
// then wheel. CPU per frame = time in the frame callback, for frames that drew.
// The list's scrollbar at 1280x800 (ui/results.cpp layout); whether the list moved is checked on
// screenshots, and whether the drag reached the end by a wheel-down that must change nothing.
const LIST = { x: 300, y: 280, width: 355, height: 480 }, BAR = { x: 667, top: 277, bottom: 778 };
async function measureScroll(page) {
  const shot = () => page.screenshot({ clip: LIST });
  const frame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  const before = await shot();
  await page.evaluate(() => { window.__frameLog = []; });
  await page.mouse.move(BAR.x, BAR.top);
  await frame();
  await page.mouse.down();
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(BAR.x, BAR.top + ((BAR.bottom - BAR.top) * i) / steps);
    await frame();
  }
  await page.mouse.up();
  for (let i = 0; i < 4; i++) await frame();
  const dragLog = await page.evaluate(() => window.__frameLog.splice(0));
  await page.mouse.move(LIST.x + LIST.width / 2, LIST.y + LIST.height / 2);
  await page.waitForTimeout(300);
  const afterDrag = await shot();
  for (let i = 0; i < 5; i++) { await page.mouse.wheel(0, 300); await frame(); }
  await page.waitForTimeout(300);
  const afterWheelDown = await shot();
  await page.evaluate(() => { window.__frameLog = []; });
  for (let i = 0; i < 60; i++) { await page.mouse.wheel(0, -300); await frame(); }
  for (let i = 0; i < 4; i++) await frame();
  const wheelLog = await page.evaluate(() => { const l = window.__frameLog; window.__frameLog = null; return l; });
  const drawn = (l) => l.filter(([, draws]) => draws > 0).map(([ms]) => ms).sort((a, b) => a - b);
  const stats = (xs) => ({ frames: xs.length, p50: median(xs), p95: xs.length ? xs[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)] : null, max: xs.length ? xs[xs.length - 1] : null });
  const all = drawn([...dragLog, ...wheelLog]);
  return {
    drag: stats(drawn(dragLog)), wheel: stats(drawn(wheelLog)), all: stats(all),
    moved: !before.equals(afterDrag), reachedEnd: !before.equals(afterDrag) && afterDrag.equals(afterWheelDown),
    raw: { drag: dragLog, wheel: wheelLog },
  };
}

// The JavaScript route (web/bench.html): navigation to searchable; JS heap after the index (as read
// then, and after a forced GC); queries.
export async function measureJs(browser, base, atlasPath, { full = false, runs = 20, timeoutMs = 600000 } = {}) {
  const out = { ok: false };
  const { context, page, cdp, problems, loaded } = await openFresh(browser, `${base}bench.html?auto=0&atlas=${encodeURIComponent(atlasPath)}`, timeoutMs);
  try {
    if (!loaded) { out.error = problems.join('; '); return out; }
    const state = await page.evaluate(() => ({ code: window.__bench.loadCode, error: window.atlasBench.error, times: window.atlasBench.route && window.atlasBench.route.times,
      heap: window.atlasBench.route && window.atlasBench.route.heapAfterIndex, studies: window.atlasBench.route && window.atlasBench.route.studies.length }));
    if (state.code !== 'ok') { out.error = 'the JavaScript route failed: ' + state.error + (problems.length ? ' (' + problems.join('; ') + ')' : ''); return out; }
    Object.assign(out, { ok: true, searchableMs: state.times.searchable, fetchedMs: state.times.fetched, parsedMs: state.times.parsed, heapAfterIndex: state.heap, studies: state.studies, atlas: await atlasResource(page) });
    if (!full) return out;
    await collectGarbage(cdp);
    out.heapRetained = await page.evaluate(() => performance.memory.usedJSHeapSize);
    const q = await page.evaluate((n) => window.atlasBench.runJsQueries(n).then((r) => ({ summary: r.summary, results: r.results, queries: r.queries, kinds: r.kinds, perQuery: r.samples.map((s) => s.slice().sort((a, b) => a - b)) })), runs);
    out.queries = q;
    out.heapAfterQueries = await page.evaluate(() => performance.memory.usedJSHeapSize);
    out.problems = problems;
    return out;
  } catch (e) {
    out.ok = false;
    out.error = (problems.length ? problems.join('; ') + '; ' : '') + String(e && e.message ? e.message.split('\n')[0] : e);
    return out;
  } finally {
    await context.close().catch(() => {});
  }
}

// [SECTION] Download size
export function downloadSizes() {
  const rows = [];
  for (const f of [...APP_FILES, ...OTHER_FILES]) {
    const file = path.join(SITE, f);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    rows.push({ name: f, app: APP_FILES.includes(f), raw: bytes.length, gz6: zlib.gzipSync(bytes, { level: 6 }).length, gz9: zlib.gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
}

// [SECTION] Report
function budgetLine(name, value, limit, unit, lowerIsBetter = true) {
  if (value === null || value === undefined || Number.isNaN(value)) return `| ${name} | ${limit}${unit} | not measured | — |`;
  const met = lowerIsBetter ? value <= limit : value >= limit;
  if (limit === 0) return `| ${name} | 0 | ${value} | ${met ? 'met' : '**missed**'} |`;
  const gap = met ? `met (${fmtNum(limit - value)}${unit} to spare)` : `**missed** by ${fmtNum(value - limit)}${unit} (${(value / (limit || 1)).toFixed(1)}× the budget)`;
  return `| ${name} | ${limit}${unit} | ${fmtNum(value)}${unit} | ${gap} |`;
}
const fmtNum = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function report({ info, sizes, atlases, results, downloads, native, runs, loads }) {
  const L = [];
  L.push(`Measured ${info.date} on ${info.nproc} × ${info.cpu}, ${info.memGiB} GiB RAM, ${info.kernel}; ${info.chromium} headless`);
  L.push(`(SwiftShader WebGL, flags of tests/browser/harness.mjs + --enable-precise-memory-info), Node ${info.node}, Emscripten ${info.emcc}.`);
  L.push(`Data from localhost; service workers blocked (first visits); pages cross-origin isolated (5 µs timer). Each figure from a fresh page in the same Chromium.`);
  L.push(`Synthetic atlases: \`atlas synth --count N --seed 1\`. Queries: ${results[sizes[0]]?.app?.queries?.queries.length ?? 40} (single words, 2–3 letter prefixes as typed, two-word queries; web/bench.js), ${runs} timed passes after one untimed pass; p50/p95 over all queries × passes.`);
  L.push(`Time to searchable: median of ${loads} loads, atlas pre-compressed (gzip -6, as a static host serves it); the "on the fly" row is one load through tools/serve.mjs gzipping while it sends.`);
  L.push('');
  if (native) {
    L.push('### Native load (build/native/bench/atlas_bench_load)');
    L.push('');
    L.push(native.trim());
    L.push('');
  }
  for (const n of sizes) {
    const r = results[n], a = atlases[n], app = r.app, js = r.js;
    L.push(`### ${n.toLocaleString('en')} studies — ${fmtMb(a.bytes)} MB JSON, ${fmtMb(a.gzBytes)} MB gzip`);
    L.push('');
    L.push('| | the app (C++/wasm) | JavaScript route (JSON.parse + MiniSearch) | ratio JS / app |');
    L.push('|---|---:|---:|---:|');
    const appT = median(r.appLoads.map((x) => x.ok ? x.searchableMs : null)), jsT = median(r.jsLoads.map((x) => x.ok ? x.searchableMs : null));
    L.push(`| time to searchable, ms | ${fmtMs(appT)} | ${fmtMs(jsT)} | ${ratio(jsT, appT)} |`);
    L.push(`| … each load, ms | ${r.appLoads.map((x) => x.ok ? fmtMs(x.searchableMs) : 'failed').join(', ')} | ${r.jsLoads.map((x) => x.ok ? fmtMs(x.searchableMs) : 'failed').join(', ')} | |`);
    const m = app?.marks, jr = r.js;
    if (m && m.loadAtlasEnd) {
      L.push(`| … steps (last load), ms after navigation | wasm arrived ${fmtMs(m.wasmArrived)}, module ready ${fmtMs(m.moduleReady)}, app ready ${fmtMs(m.appReady)}, atlas arrived ${fmtMs(app.atlas?.responseEnd)}, atlas_web_load_atlas ${fmtMs(m.loadAtlasStart)} → ${fmtMs(m.loadAtlasEnd)} (${fmtMs(m.loadAtlasEnd - m.loadAtlasStart)}) | fetched + decoded ${fmtMs(jr?.fetchedMs)}, JSON.parse done ${fmtMs(jr?.parsedMs)} (${fmtMs(jr?.parsedMs - jr?.fetchedMs)}), index built ${fmtMs(jr?.searchableMs)} (${fmtMs(jr?.searchableMs - jr?.parsedMs)}) | |`);
    }
    const appDl = median(r.appLoads.map((x) => x.atlas ? x.atlas.responseEnd : null)), jsDl = median(r.jsLoads.map((x) => x.atlas ? x.atlas.responseEnd : null));
    L.push(`| … of which the atlas had arrived at, ms | ${fmtMs(appDl)} | ${fmtMs(jsDl)} | |`);
    if (r.appOtf || r.jsOtf) L.push(`| time to searchable, gzip on the fly, ms | ${r.appOtf?.ok ? fmtMs(r.appOtf.searchableMs) : 'failed'} | ${r.jsOtf?.ok ? fmtMs(r.jsOtf.searchableMs) : 'failed'} | ${r.appOtf?.ok && r.jsOtf?.ok ? ratio(r.jsOtf.searchableMs, r.appOtf.searchableMs) : 'n/a'} |`);
    const aq = app?.queries?.summary, jq = js?.queries?.summary;
    L.push(`| query + facet counts p50, ms | ${fmtMs(aq?.p50)} | ${fmtMs(jq?.p50)} | ${ratio(jq?.p50, aq?.p50)} |`);
    L.push(`| query + facet counts p95, ms | ${fmtMs(aq?.p95)} | ${fmtMs(jq?.p95)} | ${ratio(jq?.p95, aq?.p95)} |`);
    L.push(`| query + facet counts max, ms | ${fmtMs(aq?.max)} | ${fmtMs(jq?.max)} | ${ratio(jq?.max, aq?.max)} |`);
    const wasmPeak = app?.ok ? Math.max(app.wasmAfterLoad || 0, app.wasmAfterQueries || 0) : null;
    L.push(`| memory, MB (app: wasm heap, peak; JS: JS heap after the index) | ${fmtMb(wasmPeak)} | ${fmtMb(js?.heapAfterIndex)} | ${ratio(js?.heapAfterIndex, wasmPeak)} |`);
    L.push(`| memory after a forced GC, MB (app: wasm heap + JS heap; JS: JS heap) | ${app?.ok && app.jsHeapRetained !== undefined ? fmtMb(wasmPeak + (app.jsHeapRetained || 0)) : 'n/a'} | ${fmtMb(js?.heapRetained)} | ${app?.ok && js?.heapRetained ? ratio(js.heapRetained, wasmPeak + (app.jsHeapRetained || 0)) : 'n/a'} |`);
    L.push(`| memory / JSON size | ${wasmPeak ? (wasmPeak / a.bytes).toFixed(2) : 'n/a'} | ${js?.heapAfterIndex ? (js.heapAfterIndex / a.bytes).toFixed(2) : 'n/a'} | |`);
    if (app?.scroll) {
      const s = app.scroll;
      L.push(`| scrolling the full list, CPU per drawn frame p50 / p95 / max, ms | ${fmtMs(s.all.p50)} / ${fmtMs(s.all.p95)} / ${fmtMs(s.all.max)} (${s.all.frames} frames${s.reachedEnd ? ', reached the end' : s.moved ? ', moved but the end was not confirmed' : ', **the list did not move**'}) | not measured (no UI) | |`);
      L.push(`| draw calls in 3 s idle | ${app.idleDraws} | — | |`);
    }
    const qa = app?.queries, qj = js?.queries;
    if (qa && qj) {
      const diff = qa.queries.filter((q, i) => qa.results[i] !== qj.results[i]).length;
      const empty = qa.queries.filter((q, i) => !qa.results[i]);
      L.push(`| results per query, median (min–max) | ${median(qa.results)} (${Math.min(...qa.results)}–${Math.max(...qa.results)}) | ${median(qj.results)} (${Math.min(...qj.results)}–${Math.max(...qj.results)}) | ${diff} of ${qa.queries.length} queries differ in count |`);
      if (empty.length) L.push(`| queries with no result in the app | ${empty.join(', ')} | | |`);
    }
    for (const [who, x] of [['app', app], ['JavaScript route', js]]) {
      if (x && !x.ok) L.push(`\n**${who} failed at ${n} studies:** ${x.error}`);
    }
    for (const [who, loadsOf] of [['app', r.appLoads], ['JavaScript route', r.jsLoads]]) {
      const failed = loadsOf.filter((x) => !x.ok);
      if (failed.length && !(who === 'app' ? app && !app.ok : js && !js.ok)) L.push(`\n${who}: ${failed.length} of ${loadsOf.length} loads failed: ${failed[0].error}`);
    }
    if (qa && qj) {
      L.push('');
      L.push('<details><summary>Per kind of query: p50 / p95 ms (app · JavaScript)</summary>');
      L.push('');
      L.push('| kind | app p50 | app p95 | JS p50 | JS p95 |');
      L.push('|---|---:|---:|---:|---:|');
      for (const kind of ['word', 'prefix', 'two words']) {
        const pick = (q) => q.perQuery.filter((_, i) => q.kinds[i] === kind).flat().sort((x, y) => x - y);
        const pa = pick(qa), pj = pick(qj);
        const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
        L.push(`| ${kind} | ${fmtMs(pct(pa, 0.5))} | ${fmtMs(pct(pa, 0.95))} | ${fmtMs(pct(pj, 0.5))} | ${fmtMs(pct(pj, 0.95))} |`);
      }
      L.push('');
      L.push('Slowest queries in the app (p50 ms, results): ' + qa.queries.map((q, i) => [q, median(qa.perQuery[i]), qa.results[i]]).sort((x, y) => y[1] - x[1]).slice(0, 5).map(([q, m, c]) => `"${q}" ${fmtMs(m)} (${c})`).join(', ') + '.');
      L.push('');
      L.push('</details>');
    }
    L.push('');
  }
  // Download
  const appRows = downloads.filter((d) => d.app), total = (k, rows) => rows.reduce((s, d) => s + d[k], 0);
  L.push('### App download (before the atlas)');
  L.push('');
  L.push('| file | raw KB | gzip -6 KB (as tools/serve.mjs sends) | gzip -9 KB |');
  L.push('|---|---:|---:|---:|');
  for (const d of downloads) L.push(`| ${d.name}${d.app ? '' : ' (not in the budget list)'} | ${(d.raw / 1024).toFixed(1)} | ${(d.gz6 / 1024).toFixed(1)} | ${(d.gz9 / 1024).toFixed(1)} |`);
  L.push(`| **total of the budget list** | ${(total('raw', appRows) / 1024).toFixed(1)} | ${(total('gz6', appRows) / 1024).toFixed(1)} | ${(total('gz9', appRows) / 1024).toFixed(1)} |`);
  L.push(`| total with the files not in the list | ${(total('raw', downloads) / 1024).toFixed(1)} | ${(total('gz6', downloads) / 1024).toFixed(1)} | ${(total('gz9', downloads) / 1024).toFixed(1)} |`);
  const transfer = sizes.map((n) => results[n].app?.transfer).find(Boolean);
  if (transfer) {
    const seen = transfer.filter((t) => t.encoded > 0);
    L.push('');
    L.push(`Measured in the page (Resource Timing, encoded bytes): ${seen.map((t) => `${t.name} ${(t.encoded / 1024).toFixed(1)}`).join(', ')} KB; total ${(seen.reduce((s, t) => s + t.encoded, 0) / 1024).toFixed(1)} KB.`);
  }
  L.push('');
  // Budgets
  L.push('### Budgets');
  L.push('');
  L.push('| budget | limit | measured | verdict |');
  L.push('|---|---:|---:|---|');
  for (const n of sizes) {
    const r = results[n];
    const appT = median(r.appLoads.map((x) => x.ok ? x.searchableMs : null));
    if (BUDGETS.searchableMs[n]) L.push(budgetLine(`time to searchable, ${n / 1000}k, pre-compressed`, appT, BUDGETS.searchableMs[n], ' ms'));
    if (BUDGETS.searchableMs[n] && r.appOtf) L.push(budgetLine(`time to searchable, ${n / 1000}k, gzip on the fly`, r.appOtf.ok ? r.appOtf.searchableMs : null, BUDGETS.searchableMs[n], ' ms'));
    if (BUDGETS.queryP95Ms[n]) L.push(budgetLine(`query + all facet counts p95, ${n / 1000}k`, r.app?.queries?.summary.p95, BUDGETS.queryP95Ms[n], ' ms'));
  }
  for (const n of sizes) {
    const s = results[n].app?.scroll;
    L.push(budgetLine(`scrolling the full list, CPU per frame (max), ${n / 1000}k`, s && s.moved ? s.all.max : null, BUDGETS.scrollCpuMs, ' ms'));
  }
  for (const n of sizes) {
    const app = results[n].app;
    const peak = app?.ok ? Math.max(app.wasmAfterLoad || 0, app.wasmAfterQueries || 0) : null;
    L.push(budgetLine(`peak wasm memory / JSON size, ${n / 1000}k`, peak ? peak / atlases[n].bytes : null, BUDGETS.wasmOverJson, '×'));
  }
  L.push(budgetLine('app download, gzip -9 (budget list)', total('gz9', appRows) / 1024, BUDGETS.downloadKb, ' KB'));
  L.push(budgetLine('app download, gzip -6 as served (budget list)', total('gz6', appRows) / 1024, BUDGETS.downloadKb, ' KB'));
  for (const n of sizes) if (results[n].app?.idleDraws !== undefined) L.push(budgetLine(`draw calls while idle (3 s), ${n / 1000}k`, results[n].app.idleDraws, 0, ''));
  L.push('');
  return L.join('\n');
}

export function updateMarkdown(file, generated) {
  const START = '<!-- bench:generated:start (tools/bench-browser.mjs --update writes between these lines) -->';
  const END = '<!-- bench:generated:end -->';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const a = text.indexOf(START), b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no bench:generated markers`);
  fs.writeFileSync(file, text.slice(0, a + START.length) + '\n' + generated.trim() + '\n' + text.slice(b));
}

// [SECTION] Main
async function main() {
  const args = process.argv.slice(2);
  const opt = { sizes: [1000, 10000, 100000], runs: 20, loads: 3, native: null, update: null, keep: false, otf: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--sizes') opt.sizes = args[++i].split(',').map(Number);
    else if (a === '--runs') opt.runs = Math.max(20, Number(args[++i]));
    else if (a === '--loads') opt.loads = Math.max(1, Number(args[++i]));
    else if (a === '--native') opt.native = args[++i];
    else if (a === '--update') opt.update = args[++i];
    else if (a === '--keep') opt.keep = true;
    else if (a === '--no-on-the-fly') opt.otf = false;
    else { console.error(`bench-browser: unknown argument ${a}`); process.exit(2); }
  }
  let native = null;
  if (opt.native) {
    log(`native: ${opt.native} ${opt.sizes.join(' ')}`);
    const r = spawnSync(opt.native, opt.sizes.map(String), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    native = r.status === 0 ? r.stdout : `native benchmark failed (exit ${r.status}): ${r.stdout}`;
    process.stdout.write(native + '\n');
  }
  requirePlaywright();
  const prepared = await prepare(opt.sizes);
  const servers = await serve(prepared);
  const browser = await launchBrowser(prepared.dir);
  const info = machine(`Chromium ${browser.version()}`);
  const results = {};
  try {
    for (const n of opt.sizes) {
      const name = prepared.atlases[n].name;
      const timeoutMs = n >= 100000 ? 900000 : 120000;
      const r = results[n] = { appLoads: [], jsLoads: [] };
      if (opt.otf) {
        log(`${n}: app, gzip on the fly`);
        r.appOtf = await measureApp(browser, servers.url, '/data/' + name, { timeoutMs });
        log(`${n}: JS route, gzip on the fly`);
        r.jsOtf = await measureJs(browser, servers.url, '/data/' + name, { timeoutMs });
      }
      for (let i = 0; i < opt.loads; i++) {
        const last = i === opt.loads - 1;
        log(`${n}: app load ${i + 1}/${opt.loads}${last ? ' + queries, idle, scrolling' : ''}`);
        const a = await measureApp(browser, servers.url, '/gz/' + name, { full: last, runs: opt.runs, timeoutMs });
        r.appLoads.push(a);
        if (last) r.app = a;
        log(`   ${a.ok ? fmtMs(a.searchableMs) + ' ms' : 'failed: ' + a.error}`);
        log(`${n}: JS route load ${i + 1}/${opt.loads}${last ? ' + queries' : ''}`);
        const j = await measureJs(browser, servers.url, '/gz/' + name, { full: last, runs: opt.runs, timeoutMs });
        r.jsLoads.push(j);
        if (last) r.js = j;
        log(`   ${j.ok ? fmtMs(j.searchableMs) + ' ms' : 'failed: ' + j.error}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    servers.front.close();
    servers.backend.close();
    if (opt.keep) log(`kept ${prepared.dir}`);
    else fs.rmSync(prepared.dir, { recursive: true, force: true });
  }
  const text = report({ info, sizes: opt.sizes, atlases: prepared.atlases, results, downloads: downloadSizes(), native, runs: opt.runs, loads: opt.loads });
  process.stdout.write(text + '\n');
  const raw = path.join(ROOT, 'build/bench');
  fs.mkdirSync(raw, { recursive: true });
  fs.writeFileSync(path.join(raw, 'browser-latest.json'), JSON.stringify({ info, opt, atlases: prepared.atlases, results }, null, 1));
  fs.writeFileSync(path.join(raw, 'browser-latest.md'), text);
  if (opt.update) { updateMarkdown(path.resolve(ROOT, opt.update), text); log(`updated ${opt.update}`); }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error('bench-browser:', e && e.stack ? e.stack : e); process.exit(1); });
}
