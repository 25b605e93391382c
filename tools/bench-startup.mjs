// bench-startup.mjs — where start-up time goes, and whether the page blocks its main thread while it
// starts. Prints figures, never fails (BENCHMARKS.md, "Start-up in short tasks").
//   1. A Chromium performance trace of each first visit (--runs, default 3; service workers blocked),
//      from navigation until the atlas is searchable plus half a second: the blocking time (each
//      main-thread task's time over 50 ms, summed: what Lighthouse's total blocking time is made of);
//      for the median run, every task of at least --min ms, longest first, with what ran inside it.
//   2. Lighthouse 12 (mobile preset: simulated slow 4G, 4× CPU slowdown), performance only: the score,
//      total blocking time, time to interactive, the longest tasks. --no-lighthouse skips it.
// usage: node tools/bench-startup.mjs [--atlas PATH] [--runs N] [--min MS] [--phone | --width W --height H] [--no-lighthouse]
//   TRACE_OUT=FILE also writes the last trace (open it in Chromium's DevTools, Performance panel).
//   --site DIR: a built site other than build/site (a previous build, to compare in the same session).
//   PATH is served from the site (e.g. data/synth-10000.json copied there); default: the bundled atlas.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, startDebugChromium, ROOT } from '../tests/browser/harness.mjs';
import { startServer } from './serve.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const atlas = option('--atlas', '');
const runs = Number(option('--runs', '3'));
const minMs = Number(option('--min', '20'));
const siteDir = path.resolve(option('--site', path.join(ROOT, 'build/site')));   // another build to compare with
const phone = args.includes('--phone');   // a phone: 390×844 CSS px at 3 device pixels per px, touch
const width = Number(option('--width', phone ? '390' : '1280')), height = Number(option('--height', phone ? '844' : '800'));

// What a task spent its time on: the trace events that explain it (not every nested detail).
const EXPLAINS = ['FunctionCall', 'FireAnimationFrame', 'TimerFire', 'EventDispatch', 'EvaluateScript', 'v8.compile',
  'wasm.CompileLazy', 'v8.wasm.compileConsume', 'wasm.SyncInstantiate', 'MinorGC', 'MajorGC', 'UpdateLayoutTree', 'Layout',
  'Paint', 'Commit', 'ParseHTML', 'RunMicrotasks', 'v8.callFunction'];

async function traceOnce(url) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width, height }, serviceWorkers: 'block',
      ...(phone ? { deviceScaleFactor: 3, isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.wasm,loading,blink.user_timing', transferMode: 'ReportEvents' });
    const started = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.atlasLoad, null, { timeout: 120000 });
    const wall = Date.now() - started;
    await page.waitForTimeout(500);
    await cdp.send('Tracing.end');
    await complete;
    if (process.env.TRACE_OUT) fs.writeFileSync(process.env.TRACE_OUT, JSON.stringify({ traceEvents: events }));

    const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain').map((e) => e.pid + ':' + e.tid));
    const navigation = events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.documentLoaderURL || '').includes('index.html'));
    const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(e.pid + ':' + e.tid) && (!navigation || e.ts >= navigation.ts));
    const from = navigation ? navigation.ts : tasks[0].ts;
    const blocking = tasks.reduce((sum, t) => sum + Math.max(0, t.dur / 1000 - 50), 0);
    const long = tasks.filter((t) => t.dur / 1000 >= minMs).sort((a, b) => b.dur - a.dur).map((t) => {
      const parts = new Map();
      for (const e of events) {
        if (e.ph !== 'X' || e === t || e.pid !== t.pid || e.tid !== t.tid || e.ts < t.ts || e.ts + (e.dur || 0) > t.ts + t.dur) continue;
        if (!EXPLAINS.some((n) => e.name === n)) continue;
        const fn = e.args?.data?.functionName;
        const key = e.name === 'FunctionCall' && fn ? 'FunctionCall ' + fn : e.name;
        parts.set(key, (parts.get(key) || 0) + e.dur / 1000);
      }
      const inside = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ');
      return { ms: t.dur / 1000, at: (t.ts - from) / 1000, inside };
    });
    return { wall, blocking, long, over50: tasks.filter((t) => t.dur > 50000).length };
  } finally {
    await browser.close();
  }
}

async function lighthousePerformance(url) {
  // Lighthouse is installed with the browser tests (tests/browser/node_modules).
  const entry = path.join(ROOT, 'tests/browser/node_modules/lighthouse/core/index.js');
  const { default: lighthouse } = await import(pathToFileURL(entry).href);
  const chrome = await startDebugChromium();
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error('Lighthouse: ' + lhr.runtimeError.code + ' ' + lhr.runtimeError.message);
    const audit = (id) => lhr.audits[id];
    const longTasks = (audit('long-tasks')?.details?.items || []).slice(0, 6).map((i) => `${Math.round(i.duration)} ms (${String(i.url).split('/').pop()})`);
    return {
      score: Math.round(lhr.categories.performance.score * 100),
      tbt: audit('total-blocking-time').numericValue, tti: audit('interactive').numericValue,
      fcp: audit('first-contentful-paint').numericValue, lcp: audit('largest-contentful-paint').numericValue,
      longTasks, version: lhr.lighthouseVersion,
    };
  } finally {
    await chrome.close();
  }
}

const server = await startServer(siteDir, 0);
const root = `http://localhost:${server.address().port}/`;
try {
  const url = root + 'index.html' + (atlas ? '?atlas=' + encodeURIComponent(atlas) : '');
  console.log(`start-up of ${url} from ${path.relative(process.cwd(), siteDir) || '.'} (${width}×${height}${phone ? ' at 3×, a phone' : ''}), ${runs} first visits, no CPU slowdown`);
  const traces = [];
  for (let i = 0; i < runs; ++i) traces.push(await traceOnce(url));
  traces.sort((a, b) => a.blocking - b.blocking);
  const median = traces[Math.floor(traces.length / 2)];
  console.log(`navigation → searchable, ms: ${traces.map((t) => t.wall).join(', ')}`);
  console.log(`blocking time (each main-thread task's time over 50 ms, summed), ms: ${traces.map((t) => t.blocking.toFixed(0)).join(', ')}`);
  console.log(`tasks over 50 ms: ${traces.map((t) => t.over50).join(', ')}; the median run's tasks of ${minMs} ms or more:`);
  for (const t of median.long) console.log(`  ${t.ms.toFixed(0).padStart(5)} ms at ${t.at.toFixed(0).padStart(5)} ms  ${t.inside}`);
  if (!args.includes('--no-lighthouse')) {
    const lh = await lighthousePerformance(url);
    console.log(`lighthouse ${lh.version} mobile performance: ${lh.score}; total blocking time ${lh.tbt.toFixed(0)} ms, time to interactive ` +
      `${lh.tti.toFixed(0)} ms, first contentful paint ${lh.fcp.toFixed(0)} ms, largest contentful paint ${lh.lcp.toFixed(0)} ms`);
    console.log(`  longest tasks (simulated 4× slower CPU): ${lh.longTasks.join(', ') || 'none'}`);
  }
} finally {
  server.close();
}
