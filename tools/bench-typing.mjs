// bench-typing.mjs — how fast the page answers a keystroke in its search box, at several atlas sizes:
//   key → text view updated: keydown in the search input to the text view's result count changing
//                            (its update is applied in the same task as the query: the figure a screen
//                            reader user waits for);
//   key → canvas redrawn:    keydown to the end of the first animation frame after it that drew.
// Typed as a reader types (a key every 120 ms, words, Backspace, more words) into the real input, in
// headless Chromium (SwiftShader) on this machine. Prints p50/p95/max; budgets (issue 11): canvas ≤ one
// frame (16.7 ms) p95, text view ≤ 50 ms p95, at 10k studies. Figures, not a timed test.
//
// usage: node tools/bench-typing.mjs [--sizes 1000,10000] [--site build/site] [--update BENCHMARKS.md]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/harness.mjs';
import { startServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : fallback; };
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const siteDir = path.resolve(ROOT, arg('site', 'build/site'));
const update = arg('update', null);
const atlasCli = path.join(ROOT, 'build/native/cli/atlas');

// A copy of the site with the synthetic atlases beside it (the site itself is left as built).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-typing-'));
fs.cpSync(siteDir, work, { recursive: true });
for (const n of sizes) execFileSync(atlasCli, ['synth', '--count', String(n), '--seed', '1', '-o', path.join(work, `synth-${n}.json`)]);

const INSTRUMENT = () => {
  window.__drawsInFrame = 0;
  for (const proto of [WebGL2RenderingContext.prototype]) {
    for (const name of ['drawElements', 'drawArrays']) {
      const original = proto[name];
      proto[name] = function (...a) { window.__drawsInFrame++; return original.apply(this, a); };
    }
  }
  window.__frames = [];   // end times of frames that drew
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((t) => {
    window.__drawsInFrame = 0;
    const result = callback(t);
    if (window.__drawsInFrame) window.__frames.push(performance.now());
    return result;
  });
};

const KEYS = [...'fatigue', 'Backspace', 'Backspace', 'Backspace', ...'gue ex', ...'ercise', 'Backspace', ...'e', ...' heart',
  'Backspace', 'Backspace', 'Backspace', 'Backspace', 'Backspace', 'Backspace', ...'natural ki', ...'ller'];

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }
function stats(values) {
  const s = values.filter((v) => v !== null).sort((a, b) => a - b);
  return { n: s.length, missing: values.length - s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), max: s[s.length - 1] };
}

const server = await startServer(work, 0);
const base = `http://localhost:${server.address().port}/`;
const browser = await launch();
const results = [];
try {
  for (const n of sizes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(INSTRUMENT);
    await page.goto(`${base}?atlas=synth-${n}.json`);
    await page.waitForFunction(() => document.documentElement.dataset.atlasLoad !== undefined, null, { timeout: 120000 });
    await page.waitForTimeout(500);
    await page.focus('#mirror-search');
    await page.evaluate(() => {
      window.__keys = [];
      const count = document.getElementById('mirror-count');
      const search = document.getElementById('mirror-search');
      search.addEventListener('keydown', () => window.__keys.push({ at: performance.now(), view: null }), true);
      new MutationObserver(() => {
        const k = window.__keys[window.__keys.length - 1];
        if (k && k.view === null) k.view = performance.now();
      }).observe(count, { childList: true, characterData: true, subtree: true });
    });
    for (const key of KEYS) {
      await page.keyboard.press(key);
      await page.waitForTimeout(120);
    }
    await page.waitForTimeout(300);
    const { keys, frames } = await page.evaluate(() => ({ keys: window.__keys, frames: window.__frames }));
    const view = keys.map((k) => (k.view === null ? null : k.view - k.at));
    const canvas = keys.map((k) => { const f = frames.find((t) => t > k.at); return f === undefined ? null : f - k.at; });
    results.push({ n, view: stats(view), canvas: stats(canvas) });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
}

const fmt = (v) => (v === undefined ? '–' : v.toFixed(1));
const lines = [
  `Typing latency (tools/bench-typing.mjs, ${new Date().toISOString().slice(0, 16)}Z, load average ${os.loadavg()[0].toFixed(1)}): ${KEYS.length} keys into the search input, one every 120 ms, headless Chromium on this machine.`,
  '',
  '| studies | key → text view updated p50 / p95 / max | key → canvas redrawn p50 / p95 / max | budgets (p95) |',
  '|---:|---|---|---|',
  ...results.map((r) => `| ${r.n.toLocaleString('en')} | ${fmt(r.view.p50)} / ${fmt(r.view.p95)} / ${fmt(r.view.max)} ms${r.view.missing ? ` (${r.view.missing} keys changed no count)` : ''} | ${fmt(r.canvas.p50)} / ${fmt(r.canvas.p95)} / ${fmt(r.canvas.max)} ms | text view ≤ 50 ms ${r.view.p95 <= 50 ? 'met' : 'missed'}; canvas ≤ 16.7 ms ${r.canvas.p95 <= 16.7 ? 'met' : 'missed'} |`),
];
console.log(lines.join('\n'));
if (update) {
  const file = path.resolve(ROOT, update);
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- typing:begin -->', end = '<!-- typing:end -->';
  const block = `${begin}\n${lines.join('\n')}\n${end}`;
  const next = text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : text.trimEnd() + '\n\n## Typing\n' + block + '\n';
  fs.writeFileSync(file, next);
  console.log(`bench-typing: ${update} updated`);
}
