// Embedding (web/embed.js): the atlas in a frame on another site, here a host page served on a
// second localhost port; presets (locked and open), theme and height options; the auto-height
// messages and their origin handling; and the "Embed this view" dialog on the ordinary page.
//
// The host pages are served by a plain static server below, not tools/serve.mjs: that one sends the
// atlas's own Content-Security-Policy (default-src 'self', no inline script), which would forbid a
// host page to frame another origin at all and to run the listener script. A host site has a policy
// of its own; these pages stand for one that sends none.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openPage, waitForAtlas, settle, screenshot, distinctColours, assert, assertEqual, ROOT, COUNT_DRAWS } from './harness.mjs';

const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
const studies = bundle.studies;
const pemRequired = studies.filter((s) => s.pem === 'required');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/embed-host.html'), 'utf8');

// A static server for host pages on a port of its own, serving the files put() into a temp folder.
async function startHost(files = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-embed-host-'));
  const put = (name, text) => fs.writeFileSync(path.join(dir, name), text);
  for (const [name, text] of Object.entries(files)) put(name, text);
  const server = http.createServer((req, res) => {
    let name;
    try { name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html'; } catch { name = ''; }
    const file = path.join(dir, name);
    if (!name || !file.startsWith(dir + path.sep) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${server.address().port}`;
  return {
    origin,
    put,
    url: (name = 'index.html') => `${origin}/${name}`,
    close: () => { server.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// examples/embed-host.html for this atlas; `query` replaces the frame's query string.
function examplePage(atlasOrigin, query) {
  assert(EXAMPLE.includes('{{ATLAS_ORIGIN}}/?embed=1'), 'the example host page frames {{ATLAS_ORIGIN}}/?embed=1…');
  let html = EXAMPLE.replaceAll('{{ATLAS_ORIGIN}}', atlasOrigin);
  if (query !== undefined) html = html.replace(/(<iframe src="[^"?]*)\?[^"]*"/, (_, start) => `${start}?${query.replaceAll('&', '&amp;')}"`);
  return html;
}

// Records every message a window receives (host and frames alike), with which of the page's
// iframes sent it (-1: none of them).
const RECORD_MESSAGES = () => {
  window.__messages = [];
  window.addEventListener('message', (e) => {
    const from = [...document.querySelectorAll('iframe')].findIndex((f) => f.contentWindow === e.source);
    window.__messages.push({ origin: e.origin, data: e.data, from });
  });
};
const heights = (page, from) => page.evaluate((i) => window.__messages.filter((m) => m.data && m.data.type === 'mecfs-atlas:height' &&
  (i === undefined || m.from === i)), from);
const frameHeight = (page, i = 0) => page.evaluate((n) => Math.round(document.querySelectorAll('iframe')[n].getBoundingClientRect().height), i);

// The atlas frame (the i-th iframe) once the atlas has loaded in it.
async function atlasFrame(page, atlasOrigin, i = 0) {
  await page.waitForSelector(`iframe >> nth=${i}`, { state: 'attached' });
  const frame = await (await page.$$('iframe'))[i].contentFrame();
  const deadline = Date.now() + 20000;
  while (!frame.url().startsWith(atlasOrigin + '/')) {
    if (Date.now() > deadline) throw new Error(`frame ${i} never loaded the atlas (at ${frame.url()})`);
    await page.waitForTimeout(50);
  }
  await waitForAtlas(frame);
  return frame;
}
const mirrorCount = (frame) => frame.evaluate(() => parseInt(document.getElementById('mirror-count').textContent, 10));
const storedPrefs = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('mecfs-atlas-prefs') || '{}'));

export const tests = ({ browser, url }) => {
  const atlasOrigin = new URL(url).origin;
  return [
    ['host page on another port: locked PEM-required presets, auto-height, wrong origins ignored (desktop and phone)', async () => {
      const host = await startHost({ 'index.html': examplePage(atlasOrigin) });
      assert(host.origin !== atlasOrigin, 'the host is another origin');
      try {
        for (const [width, height, scale, name, wanted] of [[1280, 800, 1, 'desktop', 640], [390, 844, 3, 'phone', 720]]) {
          const { context, page, errors } = await openPage(browser, host.url(), { width, height, scale, init: RECORD_MESSAGES });
          const frame = await atlasFrame(page, atlasOrigin);
          await frame.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, pemRequired.length);
          assertEqual(await frame.evaluate(() => document.documentElement.dataset.atlasEmbed), 'locked', 'embed mode, locked');
          assertEqual(await frame.evaluate(() => window.atlasApp.command('toggle pem required')), false, 'the preset filter cannot be removed');
          assertEqual(await frame.evaluate(() => window.atlasApp.command('clear')), false, 'nor cleared');
          assertEqual(await frame.evaluate(() => window.atlasApp.command('toggle type Trial-RCT')), false, 'nor added to');
          await settle(frame, 200);
          assertEqual(await mirrorCount(frame), pemRequired.length, 'still the PEM-required studies');
          assertEqual(await frame.$('#embed-open'), null, 'no "Embed this view" inside an embed');
          assertEqual(await frame.evaluate(() => document.getElementById('notice').hidden), true, 'no notice about the link');
          assert(await page.evaluate(() => document.activeElement.tagName !== 'IFRAME'), 'loading the embed does not take the host page\'s focus');

          // The host said hello; the embed answered to the host's origin; the frame took the height.
          await page.waitForFunction(() => {
            const m = window.__messages.filter((x) => x.data && x.data.type === 'mecfs-atlas:height');
            return m.length > 0 && Math.round(document.querySelector('iframe').getBoundingClientRect().height) === m[m.length - 1].data.height;
          }, null, { timeout: 10000 });
          const posted = await heights(page);
          for (const m of posted) {
            assertEqual(m.origin, atlasOrigin, 'height messages come from the atlas');
            assertEqual(m.from, 0, 'from its frame');
            assertEqual(JSON.stringify(Object.keys(m.data).sort()), '["height","type","version"]', 'message shape');
            assertEqual(m.data.version, 1, 'message version');
          }
          assertEqual(posted[posted.length - 1].data.height, wanted, `the height wanted at ${name} width`);
          assertEqual(await frameHeight(page), wanted, 'the iframe became the posted height');
          const hellos = await frame.evaluate(() => window.__messages.filter((m) => m.data && m.data.type === 'mecfs-atlas:hello'));
          assert(hellos.length >= 1 && hellos.every((m) => m.origin === host.origin), 'the embed got the host\'s hello');

          // A height message from another origin (here the host's own window) changes nothing.
          await page.evaluate(() => window.postMessage({ type: 'mecfs-atlas:height', version: 1, height: 123 }, '*'));
          await page.waitForFunction(() => window.__messages.some((m) => m.data && m.data.height === 123));
          await settle(page, 200);
          assertEqual(await frameHeight(page), wanted, 'a message from a wrong origin is ignored');

          // Pointing into the frame gives the atlas the keyboard.
          await page.locator('iframe').click({ position: { x: 4, y: 4 } });
          await frame.waitForFunction(() => document.activeElement && document.activeElement.id === 'canvas');

          await settle(page, 600);
          const png = await screenshot(page, `embed-host-${name}`);
          assert(await distinctColours(page, png) > 12, 'the host page and the embedded atlas render');
          assertEqual(errors.join('\n'), '', 'no errors');
          await context.close();
        }
      } finally {
        host.close();
      }
    }],

    ['open presets: the embed\'s theme is not stored as the reader\'s', async () => {
      const host = await startHost({ 'index.html': examplePage(atlasOrigin, 'embed=1&pem=required&theme=dark') });
      try {
        // The reader chose high contrast on the atlas itself earlier.
        const { context, page, errors } = await openPage(browser, url);
        await waitForAtlas(page);
        await page.evaluate(() => window.atlasApp.command('theme contrast'));
        await page.waitForFunction(() => (JSON.parse(localStorage.getItem('mecfs-atlas-prefs') || '{}')).theme === 'contrast');

        const hostPage = await context.newPage();
        hostPage.on('pageerror', (err) => errors.push('page: ' + err.message));
        hostPage.on('console', (msg) => { if (msg.type() === 'error') errors.push('console: ' + msg.text()); });
        await hostPage.addInitScript(COUNT_DRAWS);
        await hostPage.addInitScript(RECORD_MESSAGES);
        await hostPage.goto(host.url());
        const frame = await atlasFrame(hostPage, atlasOrigin);
        await frame.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, pemRequired.length);
        assertEqual(await frame.evaluate(() => document.documentElement.dataset.atlasEmbed), 'open', 'embed mode, open presets');
        await settle(frame, 500);
        assertEqual(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the embed is dark');
        assertEqual((await storedPrefs(frame)).theme, 'contrast', 'the reader\'s stored theme is untouched');
        await screenshot(hostPage, 'embed-host-dark');
        // Open presets: the reader may change them.
        assertEqual(await frame.evaluate(() => window.atlasApp.command('toggle pem required')), true, 'open presets can be changed');
        await frame.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, studies.length);
        // A preference the reader sets inside the embed is kept, without the embed's theme.
        await frame.evaluate(() => window.atlasApp.command('textsize 3'));
        await frame.waitForFunction(() => (JSON.parse(localStorage.getItem('mecfs-atlas-prefs') || '{}')).textsize === 3);
        assertEqual((await storedPrefs(frame)).theme, 'contrast', 'still the reader\'s theme');
        assertEqual(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the embed stays dark');

        await page.reload();
        await waitForAtlas(page);
        assertEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'contrast', 'the atlas itself is still high contrast');
        assertEqual(errors.join('\n'), '', 'no errors');
        await context.close();
      } finally {
        host.close();
      }
    }],

    ['rows=N asks for room for N rows, and is a page parameter (no "not understood" notice)', async () => {
      const rows = 4;
      const host = await startHost({ 'index.html': examplePage(atlasOrigin, `embed=1&pem=required&rows=${rows}`) });
      try {
        const { context, page, errors } = await openPage(browser, host.url(), { init: RECORD_MESSAGES });
        const frame = await atlasFrame(page, atlasOrigin);
        await page.waitForFunction((h) => Math.round(document.querySelector('iframe').getBoundingClientRect().height) === h, 110 + rows * 76);
        const posted = await heights(page);
        assertEqual(posted[posted.length - 1].data.height, 110 + rows * 76, 'rows=4 asks for 110 + 4 × 76 px');
        await settle(frame, 300);
        assertEqual(await frame.evaluate(() => document.getElementById('notice').hidden), true,
          'no "not understood" notice for rows= ("rows" must be a page parameter in web/app.js PAGE_PARAMS and core/src/view/url_state.cpp IsPageParameter)');
        assertEqual(errors.join('\n'), '', 'no errors');
        await context.close();
      } finally {
        host.close();
      }
    }],

    ['origin handling: origin= posts at once and only there; hellos, junk and other windows', async () => {
      // Three frames, no listener script: the test plays the host.
      const frames = [
        `embed=1&pem=required&height=500&origin=ORIGIN`,          // 0: origin given, fixed height
        `embed=1&pem=required&origin=http://localhost:1`,          // 1: another origin given
        `embed=1&pem=required`,                                    // 2: waits for a hello
      ];
      const hostPageFor = (hostOrigin) => '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head><body>' +
        frames.map((q) => `<iframe src="${atlasOrigin}/?${q.replace('ORIGIN', encodeURIComponent(hostOrigin)).replaceAll('&', '&amp;')}" width="900" height="700" title="atlas"></iframe>`).join('\n') +
        '</body></html>';
      const host = await startHost();
      host.put('index.html', hostPageFor(host.origin));   // frame 0 names the host's origin
      try {
        const { context, page, errors } = await openPage(browser, host.url(), { width: 1000, height: 800, init: RECORD_MESSAGES });
        const [f0, f1, f2] = [await atlasFrame(page, atlasOrigin, 0), await atlasFrame(page, atlasOrigin, 1), await atlasFrame(page, atlasOrigin, 2)];
        await settle(page, 800);
        // 0: posted without any hello, to the named origin; the content is exactly 500 px tall.
        const first = await heights(page, 0);
        assert(first.length >= 1 && first.every((m) => m.data.height === 500 && m.origin === atlasOrigin), 'origin=: height 500 posted without a hello');
        assertEqual(await f0.evaluate(() => Math.round(document.getElementById('canvas').getBoundingClientRect().height)), 500, 'height=500 sizes the canvas');
        assertEqual(await f0.evaluate(() => document.documentElement.classList.contains('atlas-embed-fixed-height')), true, 'by a class on <html>');
        // 1 and 2: nothing yet (1 posts to another origin, which the browser does not deliver here; 2 waits).
        assertEqual((await heights(page, 1)).length + (await heights(page, 2)).length, 0, 'no message before a hello, none to another origin');

        const say = (i, data) => page.evaluate(([n, d]) => document.querySelectorAll('iframe')[n].contentWindow.postMessage(d, '*'), [i, data]);
        // Junk is ignored: not an object, unknown type, null, an array; and a hello from inside the frame itself.
        for (const junk of ['mecfs-atlas:hello', { type: 'mecfs-atlas:goodbye', version: 1 }, null, [1, 2], { version: 1 }]) await say(2, junk);
        await f2.evaluate(() => window.postMessage({ type: 'mecfs-atlas:hello', version: 1 }, '*'));
        await f2.waitForFunction(() => window.__messages.length >= 6);
        // The hello to frame 1 comes from the host, not from the origin it was told: no answer.
        await say(1, { type: 'mecfs-atlas:hello', version: 1 });
        await settle(page, 500);
        assertEqual((await heights(page, 2)).length, 0, 'junk and a hello from another window get no answer');
        assertEqual((await heights(page, 1)).length, 0, 'a hello from an origin other than origin= gets no answer');

        // The real hello: answered to the host's origin, and again for each hello.
        await say(2, { type: 'mecfs-atlas:hello', version: 1 });
        await page.waitForFunction(() => window.__messages.some((m) => m.from === 2 && m.data && m.data.type === 'mecfs-atlas:height'));
        await say(2, { type: 'mecfs-atlas:hello', version: 1 });
        await page.waitForFunction(() => window.__messages.filter((m) => m.from === 2 && m.data && m.data.type === 'mecfs-atlas:height').length === 2);
        const answered = await heights(page, 2);
        assert(answered.every((m) => m.origin === atlasOrigin && m.data.height === 640), 'answered with 640 px (a wide frame)');

        // The wanted height follows the frame's width: narrower than one column asks for 720 px.
        await page.evaluate(() => { document.querySelectorAll('iframe')[2].width = '500'; });
        await page.waitForFunction(() => window.__messages.filter((m) => m.from === 2 && m.data && m.data.type === 'mecfs-atlas:height').length === 3);
        assertEqual((await heights(page, 2))[2].data.height, 720, 'a narrow frame asks for 720 px');
        assertEqual((await heights(page, 1)).length, 0, 'still nothing from frame 1');
        assertEqual(await f1.evaluate(() => document.documentElement.dataset.atlasEmbed), 'open', 'frame 1 still works as an embed');
        assertEqual(errors.join('\n'), '', 'no errors');
        await context.close();
      } finally {
        host.close();
      }
    }],

    ['"Embed this view": the dialog gives a snippet with embed=1 and the current filters; the pasted snippet works', async () => {
      const expected = studies.filter((s) => s.pem === 'required' && s.publication_type === 'Trial-RCT');
      const { context, page, errors } = await openPage(browser, url + '?pem=required&type=Trial-RCT');
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: atlasOrigin });
      await waitForAtlas(page);
      await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, expected.length);
      // A place of its own: in the canvas's "Aa" menu (it asks the page: tests/ui/unit-ui-input.cpp) and
      // in the text view's tools; nothing floats over the list.
      assertEqual(await page.$('#embed-open'), null, 'no floating button');
      const open = page.locator('#mirror-embed');
      assertEqual(await open.textContent(), 'Embed this view on another site', 'the text view\'s button');
      await open.focus();   // keyboard focus opens the text view
      await open.click();
      await page.waitForSelector('#embed-dialog[open]');
      const snippetText = () => page.$eval('#embed-snippet', (a) => a.value);
      const srcOf = (text) => new URL(text.match(/<iframe src="([^"]+)"/)[1].replaceAll('&amp;', '&'));
      let text = await snippetText();
      let src = srcOf(text);
      assertEqual(src.origin, atlasOrigin, 'the frame points at this atlas');
      assertEqual(src.searchParams.get('embed'), '1', 'embed=1');
      assertEqual(src.searchParams.get('pem'), 'required', 'the PEM filter kept');
      assertEqual(src.searchParams.get('type'), 'Trial-RCT', 'the type filter kept');
      assertEqual(src.searchParams.get('lock'), null, 'not locked by default');
      assert(text.includes(`title="ME/CFS Research Atlas: ${expected.length} ${expected.length === 1 ? 'study' : 'studies'}"`), 'the title names the count');
      assert(text.includes('width="100%" height="640" style="border:0" loading="lazy"></iframe>'), 'the iframe attributes');
      assert(text.includes(`e.origin === '${atlasOrigin}'`) && text.includes("type: 'mecfs-atlas:hello', version: 1 }, '" + atlasOrigin + "'"), 'the listener names this origin');
      assertEqual(text.split('\n').filter((l) => l && !l.startsWith('<iframe')).length, 6, 'a 6-line listener script');
      await page.locator('#embed-lock').check();
      text = await snippetText();
      src = srcOf(text);
      assertEqual(src.searchParams.get('lock'), '1', 'lock filters adds lock=1');
      assert(src.search.startsWith('?embed=1&lock=1&'), 'embed=1&lock=1 first, then the view: ' + src.search);
      await settle(page, 200);
      await screenshot(page, 'embed-dialog-desktop');
      await page.locator('#embed-copy').click();
      await page.waitForFunction(() => /Copied/.test(document.getElementById('embed-status').textContent));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assertEqual(copied, text, 'Copy puts the snippet on the clipboard');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.getElementById('embed-dialog').open);
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();

      // Pasted into a page on another site (as a phone, so the wanted height differs from 640).
      const host = await startHost({ 'index.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>Pasted</title><link rel="icon" href="data:,"></head><body><h1>Pasted snippet</h1>\n' + copied + '\n</body></html>' });
      try {
        const pasted = await openPage(browser, host.url(), { width: 390, height: 844, scale: 2, init: RECORD_MESSAGES });
        const frame = await atlasFrame(pasted.page, atlasOrigin);
        await frame.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, expected.length);
        assertEqual(await frame.evaluate(() => window.atlasApp.command('toggle pem required')), false, 'locked in the pasted embed');
        await pasted.page.waitForFunction(() => Math.round(document.querySelector('iframe').getBoundingClientRect().height) === 720, null, { timeout: 10000 });
        assertEqual(pasted.errors.join('\n'), '', 'no errors');
        await pasted.context.close();
      } finally {
        host.close();
      }
    }],
  ];
};
