// bench-browser.mjs — the browser benchmark: the app against the route a JavaScript developer would
// take (bench/web/bench.html: fetch + JSON.parse + MiniSearch + Array facet counts), in one headless
// Chromium, on the same synthetic atlases and query set, each measurement in a fresh page.
// Prints markdown: per size, time to searchable, query p50/p95, memory, scrolling CPU per frame,
// idle draws, with ratios, and the budgets of the performance issue, met or missed.
//
// usage: node tools/bench-browser.mjs [--sizes 1000,10000,100000] [--runs 20] [--loads 3]
//                                     [--native build/native/bench/atlas_bench_load] [--update BENCHMARKS.md]
//                                     [--keep] [--no-on-the-fly] [--quiet-wait MINUTES]
//   --native BIN    also runs the native benchmark and includes its table
//   --update FILE   replaces the generated part of FILE (between the bench:generated markers)
//   --keep          keeps the temporary folder (site copy and synthetic atlases) and prints its path
//   --quiet-wait M  before each size, waits up to M minutes for the load average to drop below nproc/2
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
import * as serveModule from './serve.mjs';
import { builtName } from './stamp-site.mjs';

const { startServer } = serveModule;
const SECURITY_HEADERS = serveModule.SECURITY_HEADERS || {};   // the same headers as the files served by serve.mjs

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BROWSER_DIR = path.join(ROOT, 'tests/browser');
// ATLAS_BENCH_SITE: another built site (a variant build, for comparing) instead of build/site.
const SITE = process.env.ATLAS_BENCH_SITE ? path.resolve(process.env.ATLAS_BENCH_SITE) : path.join(ROOT, 'build/site');
const CLI = path.join(ROOT, 'build/native/cli/atlas');

// The issue's budgets.
export const BUDGETS = {
  searchableMs: { 10000: 600, 100000: 3000 },
  queryP95Ms: { 10000: 2, 100000: 5 },
  scrollCpuMs: 4,
  wasmOverJson: 1.5,
  downloadKb: 450,
  idleDraws: 0,
  pageLoaderMBps: 150,   // the loader's CPU in the page (higher is better)
  firstResultsMs: { 100000: 1000 },
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
        res.writeHead(200, { ...SECURITY_HEADERS, ...isolation, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': stat.size, 'cache-control': 'no-cache' });
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

// The served folder: a copy of build/site, the bench page and MiniSearch; atlases go in data/ (and
// pre-compressed in gz/, outside the served root).
export function prepareSite({ tmp } = {}) {
  if (!fs.existsSync(path.join(SITE, 'index.html'))) throw new Error('build/site is missing: run ./build.sh site');
  requirePlaywright();
  const dir = tmp || fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
  const site = path.join(dir, 'site'), gz = path.join(dir, 'gz');
  fs.cpSync(SITE, site, { recursive: true });
  for (const f of ['bench.html', 'bench.js']) fs.copyFileSync(path.join(ROOT, 'bench', 'web', f), path.join(site, f));
  fs.copyFileSync(path.join(BROWSER_DIR, 'node_modules/minisearch/dist/umd/index.js'), path.join(site, 'minisearch.js'));
  fs.mkdirSync(path.join(site, 'data'), { recursive: true });
  fs.mkdirSync(gz, { recursive: true });
  return { dir, site, gz, atlases: {} };
}

// Adds an atlas (moved or generated into data/NAME) and its pre-compressed copy.
export async function addAtlas(prepared, key, name, { from, synthCount } = {}) {
  const file = path.join(prepared.site, 'data', name);
  if (synthCount) {
    if (!fs.existsSync(CLI)) throw new Error('build/native/cli/atlas is missing: run ./build.sh native');
    log(`atlas synth --count ${synthCount} --seed 1`);
    execFileSync(CLI, ['synth', '--count', String(synthCount), '--seed', '1', '-o', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    try { fs.renameSync(from, file); } catch { fs.copyFileSync(from, file); fs.unlinkSync(from); }
  }
  await gzipFile(file, path.join(prepared.gz, name + '.gz'));
  prepared.atlases[key] = { name, bytes: fs.statSync(file).size, gzBytes: fs.statSync(path.join(prepared.gz, name + '.gz')).size };
  return prepared.atlases[key];
}

export async function prepare(sizes, options) {
  const prepared = prepareSite(options);
  for (const n of sizes) await addAtlas(prepared, n, `synth-${n}.json`, { synthCount: n });
  return prepared;
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
// MutationObserver callback, so no polling delay), wraps the app's start-up steps, and, while
// __frameLog is set, times every animation-frame callback (the app's whole Frame(): wasm and WebGL
// calls) with its draw calls, between user-timing marks that give its CPU time in a trace.
const INSTRUMENT = () => {
  window.__bench = { loadAt: null, loadCode: null, partialAt: null };
  new MutationObserver((records, observer) => {
    const d = document.documentElement;
    const code = d && (d.dataset.atlasLoad || d.dataset.benchLoad);
    // Results before the end: the app shows what has arrived (data-atlas-partial) while a large atlas streams.
    if (d && d.dataset.atlasPartial && window.__bench.partialAt === null) window.__bench.partialAt = performance.now();
    if (code && window.__bench.loadAt === null) {
      window.__bench.loadAt = performance.now();
      window.__bench.loadCode = code;
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-atlas-load', 'data-bench-load', 'data-atlas-partial'] });
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
          // The page streams the atlas: load_begin, then load_feed per chunk as it arrives, then
          // load_end (which finishes the model and builds the search index). Each call is bracketed
          // by marks; the loader's CPU is the sum over them. load_atlas (whole bytes) is wrapped too.
          // Emscripten's export stubs replace themselves with the raw function on their first call,
          // which would drop a plain wrapper after one call: the wrapper puts itself back.
          const wrap = (name, first, last) => {
            let fn = module[name];
            if (typeof fn !== 'function') return;
            const wrapper = (...a) => {
              if (first && marks.loadAtlasStart === undefined) marks.loadAtlasStart = performance.now();
              performance.mark('atlas-load-start');
              try { return fn(...a); } finally {
                performance.mark('atlas-load-end');
                if (last) marks.loadAtlasEnd = performance.now();
                if (module[name] !== wrapper) { fn = module[name]; module[name] = wrapper; }
              }
            };
            module[name] = wrapper;
          };
          wrap('_atlas_web_load_begin', true, false);
          wrap('_atlas_web_load_feed', true, false);
          wrap('_atlas_web_load_end', false, true);
          wrap('_atlas_web_load_atlas', true, true);
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
    performance.mark('atlas-frame-start');
    try { return callback(t); } finally {
      const drew = (window.__draws || 0) - draws;
      performance.mark(drew ? 'atlas-frame-end-drawn' : 'atlas-frame-end-idle');
      window.__frameLog.push([performance.now() - start, drew]);
    }
  });
};

async function openFresh(browser, url, timeoutMs, { trace = false } = {}) {
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
  const tracer = new Tracer(browser);
  if (trace) await tracer.start(page);
  const loadAvg = os.loadavg()[0];
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  const loaded = await page.waitForFunction(() => window.__bench.loadAt !== null || !document.getElementById('failure')?.hidden && document.getElementById('failure-text')?.textContent,
    null, { timeout: timeoutMs, polling: 100 }).then(() => true, (e) => { problems.push('no load within ' + (timeoutMs / 1000) + ' s: ' + e.message.split('\n')[0]); return false; });
  return { context, page, cdp, problems, loaded, tracer, loadAvg: [loadAvg, os.loadavg()[0]] };
}

// [SECTION] CPU time from a Chromium trace: user-timing marks carry the main thread's CPU clock
// (tts), so CPU time between two marks is exact even when other processes take the cores (wall
// time then grows, CPU time does not). Long frames on a busy machine are mostly waiting.
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
class Tracer {
  constructor(browser) { this.browser = browser; this.on = false; }
  async start(page) { await this.browser.startTracing(page, { categories: TRACE_CATEGORIES }); this.on = true; }
  async stop() {
    if (!this.on) return [];
    this.on = false;
    const buffer = await this.browser.stopTracing();
    return JSON.parse(buffer.toString()).traceEvents || [];
  }
}
function markPairs(events, startName, endNames) {
  const marks = events.filter((e) => e.cat && e.cat.includes('user_timing') && (e.name === startName || endNames.includes(e.name)) && e.tts !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const pairs = [];
  let open = null;
  for (const m of marks) {
    if (m.name === startName) open = m;
    else if (open) { pairs.push({ end: m.name, wall: (m.ts - open.ts) / 1000, cpu: (m.tts - open.tts) / 1000, ts: open.ts, endTs: m.ts, pid: m.pid, tid: m.tid }); open = null; }
  }
  return pairs;
}
// The whole main-thread task a frame ran in (rAF callbacks, style, layout, paint, commit): its CPU.
function enclosingTaskCpu(events, pair) {
  let best = null;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.pid !== pair.pid || e.tid !== pair.tid || e.tdur === undefined) continue;
    if (e.ts <= pair.ts && e.ts + e.dur >= pair.endTs && (!best || e.dur > best.dur)) best = e;
  }
  return best ? best.tdur / 1000 : null;
}
const stat = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  const pct = (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : null);
  return { n: s.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: s.length ? s[s.length - 1] : null };
};

async function collectGarbage(cdp) {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
}

async function atlasResource(page) {
  return page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((r) => /\/synth-[^/]*\.json|\/compact-[^/]*\.json/.test(r.name));
    return e ? { responseEnd: e.responseEnd, responseStart: e.responseStart, encoded: e.encodedBodySize, decoded: e.decodedBodySize } : null;
  });
}

const errorText = (problems, e) => (problems.length ? problems.join('; ') + '; ' : '') + String(e && e.message ? e.message.split('\n')[0] : e);

// Runs the query protocol of bench/web/bench.js in the page; wall times from the page, CPU times from a trace.
async function queriesWithCpu(browser, page, runs, which) {
  const tracer = new Tracer(browser);
  await page.evaluate(() => { window.atlasBench.markQueries = true; });
  await tracer.start(page);
  let q;
  try {
    q = await page.evaluate(([n, route]) => (route === 'app' ? window.atlasBench.runAppQueries(n) : window.atlasBench.runJsQueries(n))
      .then((r) => ({ summary: r.summary, results: r.results, queries: r.queries, kinds: r.kinds, perQuery: r.samples.map((s) => s.slice().sort((a, b) => a - b)) })), [runs, which]);
  } finally {
    const events = await tracer.stop();
    if (q) q.cpu = stat(markPairs(events, 'atlas-q-start', ['atlas-q-end']).map((p) => p.cpu));
  }
  await page.evaluate(() => { window.atlasBench.markQueries = false; performance.clearMarks(); });
  return q;
}

// The app: navigation to dataset.atlasLoad; wasm memory; optionally queries, idle draws, scrolling.
export async function measureApp(browser, base, atlasPath, { full = false, runs = 20, timeoutMs = 600000 } = {}) {
  const out = { ok: false };
  const { context, page, cdp, problems, loaded, tracer, loadAvg } = await openFresh(browser, `${base}index.html?atlas=${encodeURIComponent(atlasPath)}`, timeoutMs, { trace: full });
  out.loadAvg = loadAvg;
  try {
    if (!loaded) { out.error = problems.join('; '); return out; }
    const state = await page.evaluate(() => ({
      at: window.__bench.loadAt, code: window.__bench.loadCode, partialAt: window.__bench.partialAt, failure: document.getElementById('failure').hidden ? null : document.getElementById('failure-text').textContent,
      heap: window.atlasApp ? window.atlasApp.module.HEAP8.length : null, isolated: window.crossOriginIsolated,
      marks: window.__bench.marks, wasm: (performance.getEntriesByType('resource').find((r) => /atlas_app(\.[0-9a-f]{12})?\.wasm$/.test(r.name)) || {}).responseEnd,
    }));
    if (state.failure) { out.error = 'the app failed: ' + state.failure + (problems.length ? ' (' + problems.join('; ') + ')' : ''); return out; }
    Object.assign(out, { ok: state.code === 'ok', code: state.code, searchableMs: state.at, firstResultsMs: state.partialAt, wasmAfterLoad: state.heap, isolated: state.isolated,
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
    const events = await tracer.stop();
    const loads = markPairs(events, 'atlas-load-start', ['atlas-load-end']);
    out.loadAtlasCpu = loads.length ? loads.reduce((sum, pair) => sum + pair.cpu, 0) : null;
    const frames = markPairs(events, 'atlas-frame-start', ['atlas-frame-end-drawn', 'atlas-frame-end-idle']).filter((p) => p.end === 'atlas-frame-end-drawn');
    out.scroll.cpu = stat(frames.map((p) => p.cpu));
    out.scroll.taskCpu = stat(frames.map((p) => enclosingTaskCpu(events, p)));
    // Queries: the same protocol as the JavaScript route (bench/web/bench.js), through atlas_web_bench_queries.
    await page.addScriptTag({ url: 'bench.js' });
    out.queries = await queriesWithCpu(browser, page, runs, 'app');
    out.wasmAfterQueries = await page.evaluate(() => window.atlasApp.module.HEAP8.length);
    await collectGarbage(cdp);
    out.jsHeapRetained = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : null);
    out.reloads = await measureReloads(browser, page, atlasPath).catch((e) => ({ error: e.message.split('\n')[0] }));
    out.problems = problems;
    out.loadAvg.push(os.loadavg()[0]);
    return out;
  } catch (e) {
    out.ok = false;
    out.error = errorText(problems, e);
    return out;
  } finally {
    await tracer.stop().catch(() => {});
    await context.close().catch(() => {});
  }
}

// Where the loader's time goes in the page: the same bytes loaded again through the bridge, in the same
// page, after everything above. The first load ran code V8 had not optimised yet into wasm memory the
// system had not handed out yet; reload 1 runs warmed code into fresh memory (the first atlas is still
// held while it streams); reloads 2 and 3 run warmed code into memory freed by earlier atlases. CPU of
// each whole reload (one task) from a trace.
async function measureReloads(browser, page, atlasPath) {
  const tracer = new Tracer(browser);
  await tracer.start(page);
  const grew = await page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const bridge = window.atlasApp.bridge, grew = [];
    for (let run = 0; run < 3; run++) {
      const heap = bridge.heapBytes();
      performance.mark('atlas-reload-start');
      bridge.loadBegin(bytes.length);
      for (let at = 0; at < bytes.length; at += 262144) bridge.loadPiece(bytes.subarray(at, at + 262144));
      bridge.loadEnd();
      performance.mark('atlas-reload-end');
      grew.push(bridge.heapBytes() - heap);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return grew;
  }, atlasPath);
  const runs = markPairs(await tracer.stop(), 'atlas-reload-start', ['atlas-reload-end']).map((p, i) => ({ cpu: p.cpu, wall: p.wall, heapGrew: grew[i] }));
  if (runs.length !== 3) return { error: `${runs.length} of 3 reloads found in the trace` };
  return { runs, freshCpu: runs[0].cpu, freshHeapGrew: runs[0].heapGrew, reusedCpu: Math.min(runs[1].cpu, runs[2].cpu) };
}

// Scrolling the whole results list: drag the list's scrollbar from top to bottom, one step per frame,
// then wheel back up. Per drawn frame: wall time of the app's frame callback, its CPU time, and the
// CPU time of the whole main-thread task the frame ran in (from the trace).
// The list's scrollbar at 1280x800 (ui/results.cpp layout); whether the list moved is checked on
// screenshots, and whether the drag reached the end by a wheel-down that must change nothing.
const LIST = { x: 300, y: 342, width: 355, height: 425 }, BAR = { x: 667, top: 344, bottom: 795 };   // below the evidence map
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
  const drawn = (l) => l.filter(([, draws]) => draws > 0).map(([ms]) => ms);
  return {
    wall: stat([...drawn(dragLog), ...drawn(wheelLog)]), dragFrames: drawn(dragLog).length, wheelFrames: drawn(wheelLog).length,
    moved: !before.equals(afterDrag), reachedEnd: !before.equals(afterDrag) && afterDrag.equals(afterWheelDown),
    raw: { drag: dragLog, wheel: wheelLog },
  };
}

// The JavaScript route (bench/web/bench.html): navigation to searchable; JS heap after the index (as read
// then, and after a forced GC); queries.
export async function measureJs(browser, base, atlasPath, { full = false, runs = 20, timeoutMs = 600000 } = {}) {
  const out = { ok: false };
  const { context, page, cdp, problems, loaded, tracer, loadAvg } = await openFresh(browser, `${base}bench.html?auto=0&atlas=${encodeURIComponent(atlasPath)}`, timeoutMs, { trace: full });
  out.loadAvg = loadAvg;
  try {
    if (!loaded) { out.error = problems.join('; '); return out; }
    const state = await page.evaluate(() => ({ code: window.__bench.loadCode, error: window.atlasBench.error, times: window.atlasBench.route && window.atlasBench.route.times,
      heap: window.atlasBench.route && window.atlasBench.route.heapAfterIndex, studies: window.atlasBench.route && window.atlasBench.route.studies.length }));
    if (state.code !== 'ok') { out.error = 'the JavaScript route failed: ' + state.error + (problems.length ? ' (' + problems.join('; ') + ')' : ''); return out; }
    Object.assign(out, { ok: true, searchableMs: state.times.searchable, fetchedMs: state.times.fetched, parsedMs: state.times.parsed, heapAfterIndex: state.heap, studies: state.studies, atlas: await atlasResource(page) });
    if (!full) return out;
    const events = await tracer.stop();
    const parse = markPairs(events, 'atlas-js-fetched', ['atlas-js-parsed'])[0], index = markPairs(events, 'atlas-js-parsed', ['atlas-js-indexed'])[0];
    out.parseCpu = parse ? parse.cpu : null;
    out.indexCpu = index ? index.cpu : null;
    await collectGarbage(cdp);
    out.heapRetained = await page.evaluate(() => performance.memory.usedJSHeapSize);
    out.queries = await queriesWithCpu(browser, page, runs, 'js');
    out.heapAfterQueries = await page.evaluate(() => performance.memory.usedJSHeapSize);
    out.problems = problems;
    out.loadAvg.push(os.loadavg()[0]);
    return out;
  } catch (e) {
    out.ok = false;
    out.error = errorText(problems, e);
    return out;
  } finally {
    await tracer.stop().catch(() => {});
    await context.close().catch(() => {});
  }
}

// [SECTION] Download size
// From the served copy of the site (build/site may be rebuilt by others while the benchmark runs):
// the budget list, and every other file the app's page fetched before the atlas.
export function downloadSizes(siteDir, fetched = []) {
  const rows = [];
  // The built site's names (tools/stamp-site.mjs gives long-lived assets content-hashed names).
  const appFiles = APP_FILES.map((f) => builtName(siteDir, f)), otherFiles = OTHER_FILES.map((f) => builtName(siteDir, f));
  const others = [...new Set([...otherFiles, ...fetched])].filter((f) => !appFiles.includes(f) && !/^data\/|^gz\/|bench|minisearch/.test(f));
  for (const f of [...appFiles, ...others]) {
    const file = path.join(siteDir, f);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    rows.push({ name: f, app: appFiles.includes(f), raw: bytes.length, gz6: zlib.gzipSync(bytes, { level: 6 }).length, gz9: zlib.gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
}

// [SECTION] Report
function budgetLine(name, value, limit, unit, lowerIsBetter = true) {
  if (value === null || value === undefined || Number.isNaN(value)) return `| ${name} | ${limit}${unit} | not measured | — |`;
  const met = lowerIsBetter ? value <= limit : value >= limit;
  if (limit === 0) return `| ${name} | 0 | ${value} | ${met ? 'met' : '**missed**'} |`;
  const spare = Math.abs(limit - value);
  const gap = met ? `met (${fmtNum(spare)}${unit} to spare)` : `**missed** by ${fmtNum(spare)}${unit} (${(value / (limit || 1)).toFixed(lowerIsBetter ? 1 : 2)}× the budget)`;
  return `| ${name} | ${limit}${unit} | ${fmtNum(value)}${unit} | ${gap} |`;
}
// MB/s of `bytes` read in `ms` (null when not measured).
const mbPerSecond = (bytes, ms) => (ms ? bytes / MB / (ms / 1000) : null);
// The median moment the first results showed: the end of the load when nothing showed before it.
const firstResults = (loads) => median(loads.map((x) => x.ok ? x.firstResultsMs ?? x.searchableMs : null));
const fmtNum = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function report({ info, sizes, atlases, results, downloads, native, runs, loads, loadRange }) {
  const L = [];
  L.push(`Measured ${info.date} on ${info.nproc} × ${info.cpu}, ${info.memGiB} GiB RAM, ${info.kernel}; ${info.chromium} headless`);
  L.push(`(SwiftShader WebGL, the flags of tests/browser/harness.mjs + --enable-precise-memory-info), Node ${info.node}, Emscripten ${info.emcc}.`);
  L.push(`1-minute load average during the run: ${loadRange.map((x) => x.toFixed(1)).join('–')} on ${info.nproc} cores${loadRange[1] > info.nproc * 0.75 ? ' (it counts the benchmark\'s own browser processes and server: wall times include waiting for other processes, CPU times from a Chromium trace do not)' : ''}.`);
  L.push(`Site: a copy of build/site (version ${info.site || 'n/a'}), taken when the run started. Data from localhost; service workers blocked (every load a first visit); pages cross-origin isolated (5 µs timer). Each route in a fresh page of the same Chromium.`);
  L.push(`Synthetic atlases: \`atlas synth --count N --seed 1\`. Queries: ${results[sizes[0]]?.app?.queries?.queries.length ?? 40} (single words, 2–3 letter prefixes as typed, two-word queries; bench/web/bench.js), each with facet counts; ${runs} timed passes after one untimed pass; p50/p95 over all queries × passes.`);
  L.push(`Time to searchable: median of ${loads} loads, the atlas pre-compressed (gzip -6, as a static host serves it); the "gzip on the fly" row is one load through tools/serve.mjs, which compresses while it sends.`);
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
    L.push(`| **time to searchable**, ms | ${fmtMs(appT)} | ${fmtMs(jsT)} | ${ratio(jsT, appT)} |`);
    const firstT = firstResults(r.appLoads);
    L.push(`| first results (what has arrived, searchable while the rest loads), ms | ${fmtMs(firstT)}${r.appLoads.some((x) => x.firstResultsMs) ? '' : ' (none before the end: the whole atlas first)'} | ${fmtMs(jsT)} (none before the end) | ${ratio(jsT, firstT)} |`);
    L.push(`| … each load, ms | ${r.appLoads.map((x) => x.ok ? fmtMs(x.searchableMs) : 'failed').join(', ')} | ${r.jsLoads.map((x) => x.ok ? fmtMs(x.searchableMs) : 'failed').join(', ')} | |`);
    const m = app?.marks;
    if (m && m.loadAtlasEnd) {
      L.push(`| … steps of the last load, ms after navigation | wasm arrived ${fmtMs(m.wasmArrived)}, module ready ${fmtMs(m.moduleReady)}, app ready ${fmtMs(m.appReady)}, atlas arrived ${fmtMs(app.atlas?.responseEnd)}; loading (atlas_web_load_*, streamed) ${fmtMs(m.loadAtlasStart)} → ${fmtMs(m.loadAtlasEnd)} | atlas arrived and decoded ${fmtMs(js?.fetchedMs)}, JSON.parse done ${fmtMs(js?.parsedMs)}, index built ${fmtMs(js?.searchableMs)} | |`);
      L.push(`| … the parse step alone: wall / CPU ms | atlas_web_load_* (parse + search index; wall includes waiting for the download) ${fmtMs(m.loadAtlasEnd - m.loadAtlasStart)} / ${fmtMs(app.loadAtlasCpu)} | JSON.parse ${fmtMs(js?.parsedMs - js?.fetchedMs)} / ${fmtMs(js?.parseCpu)}; MiniSearch addAll ${fmtMs(js?.searchableMs - js?.parsedMs)} / ${fmtMs(js?.indexCpu)} | ${js?.parseCpu && app.loadAtlasCpu ? ratio(js.parseCpu + js.indexCpu, app.loadAtlasCpu) + ' (CPU)' : ''} |`);
    }
    const rl = app?.reloads;
    if (app?.loadAtlasCpu) {
      const mbps = (ms) => (ms ? `${mbPerSecond(a.bytes, ms).toFixed(0)} MB/s` : 'n/a');
      const again = rl?.error ? `; loading again failed: ${rl.error}`
        : rl ? `; the same bytes again in this page (code warmed): fresh memory ${fmtMs(rl.freshCpu)} ms (${mbps(rl.freshCpu)}, heap grew ${fmtMb(rl.freshHeapGrew)} MB), memory reused ${fmtMs(rl.reusedCpu)} ms (${mbps(rl.reusedCpu)})`
        : '';
      L.push(`| … the loader's speed in the page, CPU | first load ${mbps(app.loadAtlasCpu)}${again} | | |`);
    }
    if (r.appOtf || r.jsOtf) L.push(`| time to searchable, gzip on the fly, ms | ${r.appOtf?.ok ? fmtMs(r.appOtf.searchableMs) : 'failed'} | ${r.jsOtf?.ok ? fmtMs(r.jsOtf.searchableMs) : 'failed'} | ${r.appOtf?.ok && r.jsOtf?.ok ? ratio(r.jsOtf.searchableMs, r.appOtf.searchableMs) : 'n/a'} |`);
    const aq = app?.queries, jq = js?.queries;
    L.push(`| **query + facet counts p50**, ms | ${fmtMs(aq?.summary.p50)} | ${fmtMs(jq?.summary.p50)} | ${ratio(jq?.summary.p50, aq?.summary.p50)} |`);
    L.push(`| **query + facet counts p95**, ms | ${fmtMs(aq?.summary.p95)} | ${fmtMs(jq?.summary.p95)} | ${ratio(jq?.summary.p95, aq?.summary.p95)} |`);
    L.push(`| … CPU time p50 / p95 / max, ms | ${fmtMs(aq?.cpu?.p50)} / ${fmtMs(aq?.cpu?.p95)} / ${fmtMs(aq?.cpu?.max)} | ${fmtMs(jq?.cpu?.p50)} / ${fmtMs(jq?.cpu?.p95)} / ${fmtMs(jq?.cpu?.max)} | p50 ${ratio(jq?.cpu?.p50, aq?.cpu?.p50)}, p95 ${ratio(jq?.cpu?.p95, aq?.cpu?.p95)} |`);
    const wasmPeak = app?.ok ? Math.max(app.wasmAfterLoad || 0, app.wasmAfterQueries || 0) : null;
    L.push(`| **memory**, MB (app: wasm heap, peak; JS: JS heap after the index) | ${fmtMb(wasmPeak)} | ${fmtMb(js?.heapAfterIndex)} | ${ratio(js?.heapAfterIndex, wasmPeak)} |`);
    L.push(`| … after a forced GC, MB (app: wasm heap + its JS heap; JS: JS heap) | ${app?.ok && app.jsHeapRetained !== undefined ? fmtMb(wasmPeak + (app.jsHeapRetained || 0)) : 'n/a'} | ${fmtMb(js?.heapRetained)} | ${app?.ok && js?.heapRetained ? ratio(js.heapRetained, wasmPeak + (app.jsHeapRetained || 0)) : 'n/a'} |`);
    L.push(`| … per byte of atlas JSON | ${wasmPeak ? (wasmPeak / a.bytes).toFixed(2) : 'n/a'} | ${js?.heapAfterIndex ? (js.heapAfterIndex / a.bytes).toFixed(2) : 'n/a'} | |`);
    if (app?.scroll) {
      const s = app.scroll;
      const where = s.reachedEnd ? 'reached the end' : s.moved ? 'moved, end not confirmed' : '**the list did not move**';
      L.push(`| scrolling the full list (${s.cpu.n} drawn frames, ${where}): CPU per frame p50 / p95 / max, ms | ${fmtMs(s.cpu.p50)} / ${fmtMs(s.cpu.p95)} / ${fmtMs(s.cpu.max)} | not measured (no UI) | |`);
      L.push(`| … whole main-thread frame task, CPU p50 / p95 / max, ms | ${fmtMs(s.taskCpu.p50)} / ${fmtMs(s.taskCpu.p95)} / ${fmtMs(s.taskCpu.max)} | | |`);
      L.push(`| … frame callback wall time p50 / p95 / max, ms | ${fmtMs(s.wall.p50)} / ${fmtMs(s.wall.p95)} / ${fmtMs(s.wall.max)} | | |`);
      L.push(`| draw calls in 3 s idle | ${app.idleDraws} | — | |`);
    }
    if (aq && jq) {
      const diff = aq.queries.filter((q, i) => aq.results[i] !== jq.results[i]).length;
      const empty = aq.queries.filter((q, i) => !aq.results[i]);
      L.push(`| results per query, median (min–max) | ${median(aq.results)} (${Math.min(...aq.results)}–${Math.max(...aq.results)}) | ${median(jq.results)} (${Math.min(...jq.results)}–${Math.max(...jq.results)}) | counts differ for ${diff} of ${aq.queries.length} queries (substring vs word prefix + fuzzy) |`);
      if (empty.length) L.push(`| queries with no result in the app | ${empty.join(', ')} | | |`);
    }
    for (const [who, x, loadsOf] of [['app', app, r.appLoads], ['JavaScript route', js, r.jsLoads]]) {
      if (x && !x.ok) L.push(`\n**${who} failed at ${n.toLocaleString('en')} studies:** ${x.error}`);
      const failed = loadsOf.filter((y) => !y.ok && y !== x);
      if (failed.length) L.push(`\n${who}: ${failed.length} of ${loadsOf.length} loads failed: ${failed[0].error}`);
    }
    if (aq && jq) {
      L.push('');
      L.push('<details><summary>Per kind of query, and the slowest queries</summary>');
      L.push('');
      L.push('| kind | app p50 ms | app p95 ms | JS p50 ms | JS p95 ms |');
      L.push('|---|---:|---:|---:|---:|');
      for (const kind of ['word', 'prefix', 'two words']) {
        const pick = (q) => stat(q.perQuery.filter((_, i) => q.kinds[i] === kind).flat());
        const pa = pick(aq), pj = pick(jq);
        L.push(`| ${kind} | ${fmtMs(pa.p50)} | ${fmtMs(pa.p95)} | ${fmtMs(pj.p50)} | ${fmtMs(pj.p95)} |`);
      }
      L.push('');
      const slowest = (q) => q.queries.map((x, i) => [x, median(q.perQuery[i]), q.results[i]]).sort((x, y) => y[1] - x[1]).slice(0, 5).map(([x, ms, c]) => `"${x}" ${fmtMs(ms)} ms (${c})`).join(', ');
      L.push(`Slowest in the app (median ms, results): ${slowest(aq)}.`);
      L.push('');
      L.push(`Slowest in the JavaScript route: ${slowest(jq)}.`);
      L.push('');
      L.push('</details>');
    }
    L.push('');
  }
  // Download
  const appRows = downloads.filter((d) => d.app), total = (k, rows) => rows.reduce((s, d) => s + d[k], 0);
  L.push('### App download (everything before the atlas)');
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
    L.push(`Measured in the page (Resource Timing, encoded body bytes): ${seen.map((t) => `${t.name} ${(t.encoded / 1024).toFixed(1)}`).join(', ')} KB; total ${(seen.reduce((s, t) => s + t.encoded, 0) / 1024).toFixed(1)} KB.`);
  }
  L.push('');
  // Budgets
  L.push('### Budgets');
  L.push('');
  L.push('| budget | limit | measured | verdict |');
  L.push('|---|---:|---:|---|');
  for (const n of sizes) {
    const r = results[n], k = `${n / 1000}k`;
    const appT = median(r.appLoads.map((x) => x.ok ? x.searchableMs : null));
    if (BUDGETS.searchableMs[n]) {
      L.push(budgetLine(`time to searchable, ${k}, pre-compressed (wall)`, appT, BUDGETS.searchableMs[n], ' ms'));
      if (r.appOtf) L.push(budgetLine(`time to searchable, ${k}, gzip on the fly (wall)`, r.appOtf.ok ? r.appOtf.searchableMs : null, BUDGETS.searchableMs[n], ' ms'));
      if (r.app?.loadAtlasCpu) L.push(budgetLine(`… loading alone (parse + index), ${k} (CPU)`, r.app.loadAtlasCpu, BUDGETS.searchableMs[n], ' ms'));
    }
    if (BUDGETS.firstResultsMs[n]) L.push(budgetLine(`first results, ${k} (wall, after navigation)`, firstResults(r.appLoads), BUDGETS.firstResultsMs[n], ' ms'));
    const rl = r.app?.reloads;
    if (r.app?.loadAtlasCpu) L.push(budgetLine(`loader in the page, first load, ${k} (MB/s of CPU)`, mbPerSecond(atlases[n].bytes, r.app.loadAtlasCpu), BUDGETS.pageLoaderMBps, ' MB/s', false));
    if (rl?.reusedCpu) L.push(budgetLine(`… loaded again, code warmed, memory reused, ${k} (MB/s of CPU)`, mbPerSecond(atlases[n].bytes, rl.reusedCpu), BUDGETS.pageLoaderMBps, ' MB/s', false));
    if (BUDGETS.queryP95Ms[n]) {
      L.push(budgetLine(`query + all facet counts p95, ${k} (wall)`, r.app?.queries?.summary.p95, BUDGETS.queryP95Ms[n], ' ms'));
      L.push(budgetLine(`query + all facet counts p95, ${k} (CPU)`, r.app?.queries?.cpu?.p95, BUDGETS.queryP95Ms[n], ' ms'));
    }
  }
  for (const n of sizes) {
    const s = results[n].app?.scroll;
    L.push(budgetLine(`scrolling the full list, app CPU per frame, max, ${n / 1000}k`, s && s.moved ? s.cpu.max : null, BUDGETS.scrollCpuMs, ' ms'));
    L.push(budgetLine(`scrolling the full list, app CPU per frame, p95, ${n / 1000}k`, s && s.moved ? s.cpu.p95 : null, BUDGETS.scrollCpuMs, ' ms'));
  }
  for (const n of sizes) {
    const app = results[n].app;
    const peak = app?.ok ? Math.max(app.wasmAfterLoad || 0, app.wasmAfterQueries || 0) : null;
    L.push(budgetLine(`peak wasm memory / JSON size, ${n / 1000}k${n < 10000 ? ' (16 MB initial heap)' : ''}`, peak ? peak / atlases[n].bytes : null, BUDGETS.wasmOverJson, '×'));
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
// Other work on the machine inflates wall times; this waits (up to `minutes`) for the 1-minute load
// average to drop below half the cores. CPU times from the trace do not need it.
async function waitQuiet(minutes) {
  const limit = os.cpus().length / 2, until = Date.now() + minutes * 60000;
  while (os.loadavg()[0] > limit && Date.now() < until) {
    log(`waiting for a quieter machine (load ${os.loadavg()[0].toFixed(1)} > ${limit})`);
    await new Promise((resolve) => setTimeout(resolve, 20000));
  }
}
async function main() {
  const args = process.argv.slice(2);
  const opt = { sizes: [1000, 10000, 100000], runs: 20, loads: 3, native: null, update: null, keep: false, otf: true, quietWait: 0 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--sizes') opt.sizes = args[++i].split(',').map(Number);
    else if (a === '--runs') opt.runs = Math.max(20, Number(args[++i]));
    else if (a === '--loads') opt.loads = Math.max(1, Number(args[++i]));
    else if (a === '--native') opt.native = args[++i];
    else if (a === '--update') opt.update = args[++i];
    else if (a === '--keep') opt.keep = true;
    else if (a === '--no-on-the-fly') opt.otf = false;
    else if (a === '--quiet-wait') opt.quietWait = Number(args[++i]);
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
  try { info.site = JSON.parse(fs.readFileSync(path.join(prepared.site, 'version.json'), 'utf8')).version; } catch { info.site = 'unstamped'; }
  const results = {};
  const loads = [os.loadavg()[0]];
  let downloads = [];
  try {
    for (const n of opt.sizes) {
      if (opt.quietWait > 0) await waitQuiet(opt.quietWait);
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
    const fetched = opt.sizes.flatMap((n) => (results[n]?.app?.transfer || []).map((t) => t.name));
    downloads = downloadSizes(prepared.site, fetched);
    if (opt.keep) log(`kept ${prepared.dir}`);
    else fs.rmSync(prepared.dir, { recursive: true, force: true });
  }
  for (const n of opt.sizes) for (const x of [...results[n].appLoads, ...results[n].jsLoads, results[n].appOtf, results[n].jsOtf]) if (x && x.loadAvg) loads.push(...x.loadAvg);
  const loadRange = [Math.min(...loads), Math.max(...loads)];
  const text = report({ info, sizes: opt.sizes, atlases: prepared.atlases, results, downloads, native, runs: opt.runs, loads: opt.loads, loadRange });
  process.stdout.write(text + '\n');
  const raw = path.join(ROOT, 'build/bench');
  fs.mkdirSync(raw, { recursive: true });
  fs.writeFileSync(path.join(raw, 'browser-latest.json'), JSON.stringify({ info, opt, atlases: prepared.atlases, results, downloads, native, loadRange }, null, 1));
  fs.writeFileSync(path.join(raw, 'browser-latest.md'), text);
  if (opt.update) { updateMarkdown(path.resolve(ROOT, opt.update), text); log(`updated ${opt.update}`); }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error('bench-browser:', e && e.stack ? e.stack : e); process.exit(1); });
}
