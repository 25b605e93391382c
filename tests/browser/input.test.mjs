// Typing and touch as on any web page: a phone (390×844, touch, mobile) taps the search box and
// gets a real text input, types with insertText, composes with an IME, pastes; swipes scroll the list
// without opening a study and taps open one; a desktop keyboard types fast with no key lost.
import { openPage, waitForAtlas, settle, screenshot, assert, assertEqual } from './harness.mjs';

const countText = (page) => page.textContent('#mirror-count');
const waitQuery = (page, q) => page.waitForFunction((want) => {
  const view = document.getElementById('mirror-count').textContent;
  return want === '' ? !/matching/.test(view) : view.endsWith('matching "' + want + '"');
}, q, { timeout: 5000 });

async function phone(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitForAtlas(page);
  await settle(page, 500);
  const cdp = await context.newCDPSession(page);
  return { context, page, errors, cdp };
}

// A finger on the canvas through CDP: points in CSS px, moved in `steps`.
async function swipe(cdp, from, to, steps = 8) {
  const point = (p) => [{ x: p[0], y: p[1], id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
  for (let i = 1; i <= steps; i++) {
    const p = [from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(p) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
async function tap(cdp, at) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: at[0], y: at[1], id: 1 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

// A small random generator, so a failure can be replayed from its seed.
function random(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

export const tests = ({ browser, url }) => [
  ['phone: a tap on the search box gives a real text input; insertText, IME composition and paste search', async () => {
    const { context, page, errors, cdp } = await phone(browser, url);
    const total = parseInt(await countText(page), 10);
    const box = await page.locator('#mirror-search').boundingBox();
    assert(box && box.width > 150 && box.height >= 44, 'the input covers the drawn field, a finger\'s height: ' + JSON.stringify(box));
    await screenshot(page, 'input-phone-start');
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await settle(page, 200);
    assertEqual(await page.evaluate(() => [document.activeElement.localName, document.activeElement.type].join()), 'input,search', 'the active element after a tap');
    for (const [name, value] of [['enterkeyhint', 'search'], ['autocapitalize', 'off'], ['spellcheck', 'false']])
      assertEqual(await page.getAttribute('#mirror-search', name), value, name);
    assertEqual(await page.evaluate(() => document.querySelector('label[for=mirror-search]').textContent), 'Search the atlas', 'a label');
    // Phone keyboards and dictation insert text without key events.
    await page.keyboard.insertText('rituximab');
    await waitQuery(page, 'rituximab');
    const found = parseInt(await countText(page), 10);
    assert(found > 0 && found < total, `insertText searched: ${found} of ${total}`);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'rituximab');
    await screenshot(page, 'input-phone-typed');
    // IME: the composition shows in the input while composed; the query follows once committed.
    await page.fill('#mirror-search', '');
    await waitQuery(page, '');
    await cdp.send('Input.imeSetComposition', { text: 'こうろう', selectionStart: 4, selectionEnd: 4 });
    await settle(page, 200);
    assertEqual(await page.inputValue('#mirror-search'), 'こうろう', 'composition text shows in the input');
    assert(!/matching/.test(await countText(page)), 'nothing searched while composing');
    await cdp.send('Input.insertText', { text: '疲労' });
    await waitQuery(page, '疲労');
    assertEqual(await page.inputValue('#mirror-search'), '疲労', 'the committed text');
    // Paste (the keyboard's paste; the context menu's paste is the same event to the input).
    await page.fill('#mirror-search', '');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await page.evaluate(() => navigator.clipboard.writeText('fluge'));
    await page.focus('#mirror-search');
    await page.keyboard.press('Control+V');
    await waitQuery(page, 'fluge');
    // Select-all and undo, as in any input.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitQuery(page, '');
    await page.keyboard.press('Control+Z');
    await waitQuery(page, 'fluge');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['phone: a swipe on the list scrolls it without opening a study; a tap opens one; nothing overscrolls or selects', async () => {
    const { context, page, errors, cdp } = await phone(browser, url);
    const first = await page.$eval('#mirror-list a', (a) => a.textContent);
    const css = await page.evaluate(() => {
      const c = getComputedStyle(document.getElementById('canvas')), h = getComputedStyle(document.documentElement);
      return [c.touchAction, c.userSelect, h.overscrollBehaviorY].join();
    });
    assertEqual(css, 'none,none,none', 'canvas touch-action and user-select, page overscroll');
    await swipe(cdp, [200, 780], [200, 380], 10);
    await settle(page, 1200);   // momentum, then rest
    assert(await page.evaluate(() => document.getElementById('mirror-card').hidden), 'the swipe opened no study');
    // A tap on a row low in the list (below the controls, the PEM switch and the year chart): after
    // the scroll it is not the first study.
    await tap(cdp, [200, 720]);
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden, null, { timeout: 5000 });
    const opened = await page.textContent('#mirror-card-title');
    assert(opened !== first, `the list had scrolled: the tap opened "${opened}", not the first study`);
    await screenshot(page, 'input-phone-card');
    // A long press is not a context menu over the canvas.
    const menu = await page.evaluate(() => {
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      return document.getElementById('canvas').dispatchEvent(e);
    });
    assertEqual(menu, false, 'contextmenu on the canvas is cancelled');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['phone: the filter sheet closes with the browser\'s back, and Esc', async () => {
    const { context, page, errors } = await phone(browser, url);
    const before = page.url();
    await page.evaluate(() => window.atlasApp.command('filters show'));
    await page.waitForFunction(() => history.state && history.state.sheet === true);
    await settle(page, 300);
    await screenshot(page, 'input-phone-sheet');
    await page.goBack();
    await page.waitForFunction(() => !(history.state && history.state.sheet));
    await settle(page, 300);
    assertEqual(page.url(), before, 'back closed the sheet and left the view as it was');
    const open = await page.evaluate(() => window.atlasApp.bridge.urlState());
    assertEqual(open, '', 'no filters applied');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['desktop: "/" then typing at once keeps every character; 100 random strings with Backspace and arrows end exactly as typed', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await settle(page, 400);
    const canvasFocus = async () => {
      await page.evaluate(() => document.getElementById('canvas').focus());
    };
    await canvasFocus();
    await page.keyboard.press('/');
    await page.keyboard.type('fatigue');   // no delay between keys
    await waitQuery(page, 'fatigue');
    assertEqual(await page.inputValue('#mirror-search'), 'fatigue', '"/" then immediate typing');
    // Typing straight onto the canvas goes to the search box too.
    await page.keyboard.press('Escape');
    await page.fill('#mirror-search', '');
    await canvasFocus();
    await page.keyboard.type('pem');
    await waitQuery(page, 'pem');
    const next = random(20261203);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-\'.,;:()&';
    let exact = 0;
    const failures = [];
    for (let n = 0; n < 100; n++) {
      await canvasFocus();
      await page.keyboard.press('/');   // selects what is there, as a search box's shortcut does
      // The input as a model: the text, and the selection [start, end) (a caret when equal).
      let value = await page.inputValue('#mirror-search'), start = 0, end = value.length;
      const length = 1 + Math.floor(next() * 30);
      for (let i = 0; i < length; i++) {
        const roll = next();
        if (roll < 0.12) {                        // a run of Backspace
          const k = 1 + Math.floor(next() * 4);
          for (let j = 0; j < k; j++) {
            await page.keyboard.press('Backspace');
            if (start !== end) value = value.slice(0, start) + value.slice(end), end = start;
            else if (start > 0) value = value.slice(0, start - 1) + value.slice(start), end = --start;
          }
        } else if (roll < 0.22) {                 // a run of arrows
          const left = next() < 0.5, k = 1 + Math.floor(next() * 4);
          for (let j = 0; j < k; j++) {
            await page.keyboard.press(left ? 'ArrowLeft' : 'ArrowRight');
            if (start !== end) { if (left) end = start; else start = end; }   // a selection collapses to its side
            else if (left) start = end = Math.max(0, start - 1);
            else start = end = Math.min(value.length, start + 1);
          }
        } else {
          const c = alphabet[Math.floor(next() * alphabet.length)];
          await page.keyboard.type(c);
          value = value.slice(0, start) + c + value.slice(end);
          start = end = start + 1;
        }
      }
      const ok = await page.waitForFunction((v) => document.getElementById('mirror-search').value === v, value, { timeout: 3000 })
        .then(() => true, () => false);
      if (ok) exact++;
      else failures.push(`#${n}: expected ${JSON.stringify(value)}, got ${JSON.stringify(await page.inputValue('#mirror-search'))}`);
      // The app follows the input exactly (its text view says what it searched).
      if (ok && value) await waitQuery(page, value).catch(() => failures.push(`#${n}: the app did not follow ${JSON.stringify(value)}`));
    }
    console.log(`     typing fidelity: ${exact} of 100 random strings exact (typed with no delay, Backspace and arrow runs mixed in)`);
    assertEqual(failures.join('\n'), '', 'typing fidelity');
    // Enter from the search box goes to the results on the canvas; quick arrows each count.
    await page.fill('#mirror-search', '');
    await waitQuery(page, '');
    await page.focus('#mirror-search');
    await page.keyboard.press('Enter');
    assertEqual(await page.evaluate(() => document.activeElement.id), 'canvas', 'Enter moves to the results');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    const sixth = await page.$$eval('#mirror-list a', (a) => a[5].textContent);
    assertEqual(await page.textContent('#mirror-card-title'), sixth, 'Enter, five quick ArrowDown, Enter: the sixth study');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],
];
