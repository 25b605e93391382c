// harness.mjs — the small test harness for the browser tests: Debian's Chromium driven by
// playwright-core against the built site on localhost, with helpers that look as a user would.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'tests/browser/screenshots');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  // For a maintainer's experiments (V8 flags, say): CHROMIUM_EXTRA_ARGS="--js-flags=--no-liftoff".
  ...(process.env.CHROMIUM_EXTRA_ARGS ? process.env.CHROMIUM_EXTRA_ARGS.split(' ').filter(Boolean) : [])];

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  const executablePath = CHROMIUM;
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run ./build.sh deps`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

// A Chromium of its own with a remote-debugging port and a fresh profile, for tools that drive it
// themselves (Lighthouse, through puppeteer). close() ends it and removes the profile.
export async function startDebugChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lighthouse-'));
  const child = spawn(CHROMIUM, ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, ...CHROMIUM_ARGS, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('Chromium gave no DevTools port: ' + err.slice(-500))), 20000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('Chromium exited (' + code + '): ' + err.slice(-500))); });
  });
  child.stderr.resume();
  return {
    port,
    close: async () => {
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      if (!await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))])) {
        child.kill('SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
      // Chromium's helper processes may still write to the profile for a moment after the browser
      // exits: retry, and a temporary folder left behind is not a failure of the page.
      try { fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch (e) { /* left in tmp */ }
    },
  };
}

export async function serveSite() {
  const dir = path.join(ROOT, 'build/site');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error('build/site is missing: run ./build.sh site');
  const server = await startServer(dir, 0);
  return { server, url: `http://localhost:${server.address().port}/` };
}

// Counts WebGL draw calls, installed before any page script runs.
export const COUNT_DRAWS = () => {
  window.__draws = 0;
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const name of ['drawElements', 'drawArrays', 'clear']) {
      const original = proto[name];
      proto[name] = function (...args) {
        if (window.__draws++ === 0) window.__firstDrawAt = performance.now();
        return original.apply(this, args);
      };
    }
  }
};

// A page with console errors and page errors collected.
export async function openPage(browser, url, { width = 1280, height = 800, scale = 1, init } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push('console: ' + msg.text()); });
  page.on('pageerror', (err) => errors.push('page: ' + err.message));
  await page.addInitScript(COUNT_DRAWS);
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { context, page, errors };
}

export async function waitForAtlas(page) {
  await page.waitForFunction(() => document.documentElement.dataset.atlasLoad !== undefined, null, { timeout: 20000 });
}

// Lets the app settle (frames after the last change), then returns.
export const settle = (page, ms = 400) => page.waitForTimeout(ms);

// Distinct colours in a screenshot, counted in the page itself: a blank canvas has one or two.
export async function distinctColours(page, png) {
  return page.evaluate(async (b64) => {
    // Decoded in the page without fetch (the page's Content-Security-Policy allows no data: fetches).
    const raw = atob(b64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    const blob = new Blob([bytes], { type: 'image/png' });
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  }, png.toString('base64'));
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name + '.png');
  const png = await page.screenshot({ path: file });
  return png;
}

// A tiny runner: named async tests, a closing line the CI reads ("N passed, M failed").
export async function run(tests) {
  let passed = 0, failed = 0;
  const only = process.argv[2];
  for (const [name, fn] of tests) {
    if (only && !name.includes(only)) continue;
    const started = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${(e && e.stack) || e}`);
    }
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}
export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// The text view lists results 100 at a time: asks for more until a study whose title starts with
// `title` is listed (or none are left), as a reader of the text view would.
export async function listStudy(page, title) {
  for (let i = 0; i < 100; i++) {
    const found = await page.evaluate((t) => [...document.querySelectorAll('#mirror-list a')].some((a) => a.textContent.includes(t)), title);
    if (found) return true;
    const more = await page.evaluate(() => { const b = document.getElementById('mirror-more'); if (!b || b.hidden) return false; b.click(); return true; });
    if (!more) return false;
    await page.waitForFunction((n) => document.querySelectorAll('#mirror-list a').length > n, i * 100 + 100).catch(() => {});
  }
  return false;
}
