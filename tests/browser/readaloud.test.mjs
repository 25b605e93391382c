// Read aloud, with the browser's speech synthesis stubbed to record what would be spoken and in which
// order: the card at the chosen depth and the list, play/pause/stop/speed from the keyboard, the
// sentence highlighted in the text view and the canvas, and a plain message when there is no voice.
import fs from 'node:fs';
import path from 'node:path';
import { openPage, waitForAtlas, settle, screenshot, assert, assertEqual, ROOT } from './harness.mjs';

const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
const studies = bundle.studies;

// A speech synthesis that speaks nothing: it records each utterance, starts it at once and ends it
// only when the test says (window.__speech.finish()), so every step can be looked at.
const FAKE_SPEECH = (withVoices) => {
  const log = { spoken: [], calls: [], current: null, rate: [] };
  window.__speech = log;
  const voices = withVoices ? [{ name: 'Test English', lang: 'en-GB', localService: true, default: true, voiceURI: 'test' }] : [];
  const synth = {
    speaking: false, paused: false, pending: false,
    getVoices: () => voices,
    addEventListener() {}, removeEventListener() {},
    speak(u) {
      log.calls.push('speak');
      log.spoken.push(u.text);
      log.rate.push(u.rate);
      log.current = u;
      setTimeout(() => { if (log.current === u && u.onstart) u.onstart({}); }, 0);
    },
    cancel() { log.calls.push('cancel'); const u = log.current; log.current = null; if (u && u.onerror) u.onerror({ error: 'interrupted' }); },
    pause() { log.calls.push('pause'); this.paused = true; },
    resume() { log.calls.push('resume'); this.paused = false; },
  };
  log.finish = () => { const u = log.current; log.current = null; if (u && u.onend) u.onend({}); };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
};

const spoken = (page) => page.evaluate(() => window.__speech.spoken.slice());
const finish = (page) => page.evaluate(() => window.__speech.finish());
const marked = (page) => page.evaluate(() => { const m = document.querySelector('#mirror mark.reading, #mirror .reading-block'); return m ? m.textContent : null; });

export const tests = ({ browser, url }) => [
  ['a card is read at the chosen depth, sentence by sentence, highlighted and kept in view; pause, speed, stop', async () => {
    for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
      const { context, page, errors } = await openPage(browser, url, { width, height, init: `(${FAKE_SPEECH})(true)` });
      await waitForAtlas(page);
      const index = studies.findIndex((s) => (s.sections.observed_findings || []).length >= 2 && s.sections.why_it_matters);
      const study = studies[index];
      await page.evaluate((i) => { window.atlasApp.command('open ' + i); window.atlasApp.command('depth quick'); }, index);
      await page.waitForFunction(() => document.querySelector('[data-depth]') && document.querySelector('[data-depth]').dataset.depth === 'quick');
      await page.locator('#mirror-card button[data-read=card]').evaluate((b) => b.click());
      await page.waitForFunction(() => window.__speech.spoken.length === 1 && document.querySelector('#mirror mark.reading, #mirror .reading-block'));
      assertEqual((await spoken(page))[0], study.title, 'the title first');
      assertEqual(await marked(page), study.title, 'the title highlighted in the text view');
      assertEqual(await page.evaluate(() => document.activeElement.id), 'reader-toggle', 'focus on the Pause button');
      // Through the card to the end, one sentence at a time.
      let guard = 0;
      while (await page.evaluate(() => !!window.__speech.current) && guard++ < 60) {
        const said = (await spoken(page)).at(-1);
        const shown = await marked(page);
        assert(shown !== null && (shown === said || said.startsWith(shown.slice(0, 20)) || shown.includes(said.slice(0, 20)) || said.includes('.')), `"${said}" highlighted (${shown})`);
        if (guard === 4) { await settle(page, 300); await screenshot(page, `${name}-read-aloud-card`); }
        await finish(page);
        await page.waitForTimeout(20);
      }
      const all = await spoken(page);
      const text = all.join(' ');
      assert(text.includes(study.sections.quick_summary.split('. ')[0]), 'the quick summary is read');
      assert(all.includes('Quick Summary.'), 'its heading is read');
      assert(!all.includes('Observed Findings.'), 'quick depth: not the findings');
      assert(all.indexOf(study.title) < all.indexOf('Quick Summary.'), 'in the order shown');
      assertEqual(await page.textContent('#reader-status'), 'Finished reading.', 'says when it is done');
      assertEqual(await marked(page), null, 'no highlight afterwards');

      // Standard depth: the findings too; pause and resume, speed, stop from the keyboard.
      await page.evaluate(() => window.atlasApp.command('depth standard'));
      await page.waitForFunction(() => document.querySelector('[data-depth]').dataset.depth === 'standard');
      await page.evaluate(() => { window.__speech.spoken.length = 0; window.__speech.calls.length = 0; });
      await page.locator('#mirror-card button[data-read=card]').evaluate((b) => b.click());
      await page.waitForFunction(() => window.__speech.spoken.length === 1);
      for (let i = 0; i < 40 && !(await spoken(page)).includes('Observed Findings.'); i++) { await finish(page); await page.waitForTimeout(20); }
      assert((await spoken(page)).includes('Observed Findings.'), 'standard depth reads the findings');
      await finish(page);
      await page.waitForFunction(() => document.querySelector('#mirror [data-section=observed_findings] li mark.reading, #mirror [data-section=observed_findings] li.reading-block'));
      await page.focus('#reader-toggle');
      await page.keyboard.press('Enter');
      assertEqual(await page.textContent('#reader-toggle'), 'Resume', 'paused');
      await page.keyboard.press('Enter');
      assertEqual(await page.textContent('#reader-toggle'), 'Pause', 'resumed');
      const before = (await spoken(page)).length;
      await page.selectOption('#reader-speed', '1.5');
      await page.waitForFunction((n) => window.__speech.spoken.length === n + 1, before);
      assertEqual(await page.evaluate(() => window.__speech.rate.at(-1)), 1.5, 'the sentence again at the new speed');
      assertEqual((await spoken(page)).at(-1), (await spoken(page)).at(-2), 'the same sentence again');
      await page.focus('#reader-stop');
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.getElementById('reader-bar').hidden);
      assert((await page.evaluate(() => window.__speech.calls)).join(' ').includes('pause resume'), 'pause and resume reached the synthesis');
      assertEqual(await marked(page), null, 'stopping takes the highlight away');
      assertEqual(await page.evaluate(() => localStorage.getItem('mecfs-atlas-speech-rate')), '1.5', 'speed remembered');
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],

  ['the list of results is read in the order listed, each row highlighted; another list stops it', async () => {
    const { context, page, errors } = await openPage(browser, url, { init: `(${FAKE_SPEECH})(true)` });
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('toggle pem required'));
    await settle(page, 300);
    const titles = await page.$$eval('#mirror-list a', (a) => a.map((x) => x.textContent));
    await page.locator('#mirror-read-list').evaluate((b) => b.click());
    await page.waitForFunction(() => window.__speech.spoken.length === 1);
    assertEqual((await spoken(page))[0], titles.length + ' studies.', 'the count first');
    for (let i = 0; i < 3; i++) {
      await finish(page);
      await page.waitForFunction((n) => window.__speech.spoken.length === n, i + 2);
      const said = (await spoken(page)).at(-1);
      assert(said.startsWith(titles[i].replace(/[.?!]$/, '')), `row ${i} read: ${said}`);
      await page.waitForFunction((t) => { const m = document.querySelector('#mirror .reading-block'); return m && m.textContent.includes(t); }, titles[i]);
    }
    await settle(page, 300);
    await screenshot(page, 'desktop-read-aloud-list');
    await page.evaluate(() => window.atlasApp.command('toggle pem required'));
    await page.waitForFunction(() => document.getElementById('reader-status').textContent === 'Reading stopped: the view changed.');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['no voice on the device: a plain message, nothing spoken; the canvas button asks the page', async () => {
    const { context, page } = await openPage(browser, url, { init: `(${FAKE_SPEECH})(false)` });
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('open 0'));
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    await page.evaluate(() => document.dispatchEvent(new CustomEvent('atlas:request', { detail: 'read card' })));   // as the canvas's button does
    await page.waitForFunction(() => !document.getElementById('reader-bar').hidden, null, { timeout: 5000 });
    assert(/^No voice for reading aloud is installed on this device\./.test(await page.textContent('#reader-status')), 'says there is no voice');
    assertEqual((await spoken(page)).length, 0, 'nothing spoken');
    await context.close();
  }],
];
