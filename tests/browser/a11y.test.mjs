// Accessibility: the DOM mirror as a real accessible view. axe-core finds no serious or critical
// violation (main view, filters applied, a card open; light, dark and high-contrast themes; with the
// text view hidden and shown); Lighthouse's accessibility score is at least 0.95; and the keyboard
// path works: Tab reaches the skip link, then the search box; typing searches; Tab reaches a result;
// Enter opens the card with focus on its heading; going back returns focus to that result. Focus
// is never taken when the change came from the canvas.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openPage, waitForAtlas, settle, screenshot, assert, assertEqual, startDebugChromium, ROOT } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const studies = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8')).studies;

const countText = (page) => page.textContent('#mirror-count');
const waitCount = (page, re) => page.waitForFunction((s) => new RegExp(s).test(document.getElementById('mirror-count').textContent), re.source);

// What has focus, described: its region of the mirror, and a stable name.
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return { region: 'body', name: 'body' };
  const region = a.id === 'canvas' ? 'canvas' : a.id === 'skip-link' ? 'skip' : a.id === 'mirror-search' ? 'search'
    : a.id === 'mirror-pemonly' ? 'pem switch' : a.id === 'mirror-grid-open' ? 'gap map' : a.closest('#mirror-filters') ? 'filters' : a.closest('#mirror-chips') ? 'chips' : a.id === 'mirror-sort' ? 'sort'
    : a.closest('#mirror-export') ? 'export' : ['mirror-read-list', 'mirror-calm', 'mirror-lang'].includes(a.id) ? 'tools'
    : a.id === 'mirror-embed' ? 'embed' : a.closest('#mirror-list') ? 'results' : a.closest('#mirror-card') ? 'card'
    : a.closest('#mirror') ? 'mirror' : 'other';
  return { region, name: a.id || a.dataset.key || a.textContent.slice(0, 40), tag: a.localName, index: a.dataset.index, text: a.textContent };
});
// The text view shows as a panel while focus is in it, and is a 1-pixel clip otherwise.
const panelShown = (page) => page.evaluate(() => {
  const r = document.getElementById('mirror').getBoundingClientRect();
  return r.width > 200 && r.height > 200;
});

// [SECTION] axe-core. The site's CSP (script-src 'self') forbids the inline script addScriptTag
// makes of axe's file, so these pages run with bypassCSP (security.test.mjs covers the CSP itself).
async function axePage(browser, url, { width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push('console: ' + msg.text()); });
  page.on('pageerror', (err) => errors.push('page: ' + err.message));
  await page.goto(url);
  await waitForAtlas(page);
  return { context, page, errors };
}

const BLOCKING = ['serious', 'critical'];
async function axe(page, label) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const { violations, review } = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const describe = (v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\s+/g, ' ').slice(0, 160) : '')) });
    return { violations: result.violations.map(describe), review: result.incomplete.map(describe) };
  });
  for (const v of violations)
    console.log(`     axe ${label}: ${v.impact} ${v.id} (${v.count}): ${v.help}${BLOCKING.includes(v.impact) ? '\n       ' + v.nodes.join('\n       ') : ''}`);
  // "Needs review": what axe could not decide (e.g. contrast over an overlapping element); printed, not failed.
  for (const v of review) console.log(`     axe ${label}: needs review: ${v.impact} ${v.id} (${v.count}): ${v.nodes.join('; ')}`);
  return violations.filter((v) => BLOCKING.includes(v.impact)).map((v) => `${label}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.join('; ')})`);
}

// Runs axe on the view as it is with the text view hidden (the canvas), then shown (focus in it).
async function axeBoth(page, label, focusSelector) {
  await page.evaluate(() => document.getElementById('canvas').focus());
  const blocking = await axe(page, label + ', text view hidden');
  await page.focus(focusSelector);
  assert(await panelShown(page), `${label}: the text view shows while it has focus`);
  blocking.push(...await axe(page, label + ', text view shown'));
  return blocking;
}

// [SECTION] Lighthouse 12 (Node 20), accessibility only, against Chromium started with a
// remote-debugging port (harness.mjs startDebugChromium: Lighthouse drives it through puppeteer).
async function lighthouseAccessibility(url, formFactor) {
  const { default: lighthouse } = await import('lighthouse');
  const chrome = await startDebugChromium();
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['accessibility'], throttlingMethod: 'provided' };
    const config = formFactor === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
    const result = await lighthouse(url, flags, config);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error('Lighthouse: ' + lhr.runtimeError.code + ' ' + lhr.runtimeError.message);
    const category = lhr.categories.accessibility;
    const failing = category.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
      .map((r) => `${r.id} (weight ${r.weight}): ${lhr.audits[r.id].title}`);
    const manual = category.auditRefs.filter((r) => lhr.audits[r.id].scoreDisplayMode === 'manual').length;
    console.log(`     lighthouse ${lhr.lighthouseVersion} accessibility (${formFactor}): ${Math.round(category.score * 100)}` +
      (failing.length ? '; failing: ' + failing.join('; ') : '; no failing audit') + ` (${manual} manual checks not scored)`);
    for (const w of lhr.runWarnings || []) console.log('     lighthouse warning: ' + w);
    return category.score;
  } finally {
    await chrome.close();
  }
}

export const tests = ({ browser, url }) => [
  ['axe-core: no serious or critical violation (main view, filters, card, gap map, topic page; light, dark, contrast; text view hidden and shown)', async () => {
    const blocking = [];
    const rct = studies.filter((s) => s.publication_type === 'Trial-RCT').length;
    for (const theme of ['light', 'dark', 'contrast']) {
      const { context, page, errors } = await axePage(browser, url, { colorScheme: theme === 'dark' ? 'dark' : 'light' });
      await page.evaluate((t) => window.atlasApp.command('theme ' + t), theme);
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      blocking.push(...await axeBoth(page, `${theme} main view`, '#mirror-search'));
      // Skip link, focused, shown over the canvas.
      await page.focus('#skip-link');
      blocking.push(...await axe(page, `${theme} skip link focused`));
      await page.evaluate(() => window.atlasApp.command('toggle type Trial-RCT'));
      await waitCount(page, new RegExp('^' + rct + ' stud'));
      blocking.push(...await axeBoth(page, `${theme} filtered`, '#mirror-chips button'));
      await page.evaluate(() => window.atlasApp.command('open ' + document.querySelector('#mirror-list a').dataset.index));
      await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
      blocking.push(...await axeBoth(page, `${theme} card open`, '#mirror-card-title'));
      if (theme !== 'contrast') await screenshot(page, `a11y-text-view-card-${theme}`);
      await page.evaluate(() => window.atlasApp.command('depth full'));
      await settle(page, 200);
      blocking.push(...await axeBoth(page, `${theme} card at full depth`, '#mirror-card-title'));
      await page.evaluate(() => window.atlasApp.command('depth standard'));
      // The evidence gap map as a table, then a topic page (issue 15).
      await page.evaluate(() => window.atlasApp.command('screen grid'));
      await page.waitForSelector('#mirror-grid-table table');
      blocking.push(...await axeBoth(page, `${theme} evidence gap map`, '#mirror-grid-heading'));
      await page.locator('#mirror-grid-table th button').first().evaluate((b) => b.click());
      await page.waitForSelector('#mirror-topic:not([hidden]) h2');
      blocking.push(...await axeBoth(page, `${theme} topic page`, '#mirror-topic-heading'));
      await page.evaluate(() => window.atlasApp.command('screen atlas'));
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
    // A phone: the text view fills the screen.
    const { context, page } = await axePage(browser, url, { width: 390, height: 844 });
    blocking.push(...await axeBoth(page, 'phone main view', '#mirror-search'));
    await screenshot(page, 'a11y-text-view-phone');
    await context.close();
    assertEqual(blocking.join('\n'), '', 'serious or critical axe violations');
  }],

  ['Lighthouse 12.2.3: accessibility score ≥ 0.95 (mobile and desktop)', async () => {
    for (const formFactor of ['mobile', 'desktop']) {
      const score = await lighthouseAccessibility(url, formFactor);
      assert(score >= 0.95, `Lighthouse accessibility (${formFactor}) ${score} < 0.95`);
    }
  }],

  ['keyboard: Tab reaches the skip link, then search; typing searches; Tab to a result, Enter opens with focus on the heading; back returns', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    const total = studies.length;
    assertEqual((await focused(page)).region, 'canvas', 'the canvas has focus at start-up');
    assert(!(await panelShown(page)), 'the text view is hidden at start-up');
    await page.keyboard.press('Tab');
    assertEqual((await focused(page)).region, 'skip', 'first Tab: the skip link');
    const skip = await page.$eval('#skip-link', (a) => { const r = a.getBoundingClientRect(); return { w: r.width, h: r.height, text: a.textContent }; });
    assert(skip.w > 60 && skip.h > 20, 'the focused skip link is visible: ' + JSON.stringify(skip));
    assertEqual(skip.text, 'Skip to the text view', 'skip link text');
    await screenshot(page, 'a11y-skip-link');
    await page.keyboard.press('Tab');
    assertEqual((await focused(page)).region, 'search', 'second Tab: the search box');
    assert(await panelShown(page), 'the text view shows once focus is in it');
    assertEqual(await page.evaluate(() => document.querySelector('label[for=mirror-search]').textContent), 'Search the atlas', 'search label');

    // Typing searches; the app follows (the canvas's query and the URL); the count is announced once, settled.
    await page.keyboard.type('rituximab');
    await waitCount(page, /matching "rituximab"/);
    const found = parseInt(await countText(page), 10);
    assert(found >= 2 && found < total, 'the search narrows the list: ' + found);
    assert((await page.evaluate(() => window.atlasApp.module.UTF8ToString(window.atlasApp.module._atlas_web_url_state()))).includes('q=rituximab'), 'the app has the query');
    await page.waitForFunction(() => /matching "rituximab"/.test(document.getElementById('mirror-announce').textContent), null, { timeout: 3000 });
    assertEqual(await page.textContent('#mirror-announce'), await countText(page), 'the live region says the count sentence only');
    assertEqual(await page.getAttribute('#mirror-announce', 'aria-live'), 'polite', 'announced politely');

    // The PEM switch comes right after the search box, then the evidence gap map.
    await page.keyboard.press('Tab');
    assertEqual((await focused(page)).region, 'pem switch', 'after the search box: the PEM switch');
    await page.keyboard.press('Tab');
    assertEqual((await focused(page)).region, 'gap map', 'then the evidence gap map');
    // Tab into the filters; Space toggles a filter and focus stays on it through the rebuild.
    await page.keyboard.press('Tab');
    const box = await focused(page);
    assertEqual(box.region, 'filters', 'after the switch and the map: the filters');
    const before = parseInt(await countText(page), 10);
    await page.keyboard.press('Space');
    await page.waitForFunction((id) => document.getElementById(id) && document.getElementById(id).checked, box.name);
    await settle(page, 200);
    assertEqual((await focused(page)).name, box.name, 'focus stays on the filter it toggled');
    assert(parseInt(await countText(page), 10) <= before, 'the filter applies');

    // Focus order follows the visual order: filters, chips, sort, export, the reading tools (read aloud,
    // low stimulation, language), embed, results.
    const order = [];
    let current = await focused(page);
    for (let i = 0; i < 200 && current.region !== 'results'; i++) {
      if (order[order.length - 1] !== current.region) order.push(current.region);
      await page.keyboard.press('Tab');
      current = await focused(page);
    }
    order.push(current.region);
    assertEqual(order.join(' > '), 'filters > chips > sort > export > tools > embed > results', 'focus order');
    const link = await page.$eval('#mirror-list a:focus', (a) => ({ href: a.href, index: a.dataset.index, slug: a.dataset.slug, text: a.textContent }));
    assert(new URL(link.href).searchParams.get('study') === link.slug && new URL(link.href).searchParams.get('q') === 'rituximab',
      'the result is a real link to its deep link: ' + link.href);

    // Enter opens the card in this page (no navigation) with focus on its heading.
    await page.evaluate(() => { window.__samePage = true; });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'mirror-card-title');
    assertEqual(await page.evaluate(() => window.__samePage), true, 'the app stayed one page');
    assertEqual(await page.textContent('#mirror-card-title'), link.text, 'the card of the chosen result');
    assertEqual(await page.evaluate(() => document.getElementById('mirror-card').getAttribute('aria-labelledby')), 'mirror-card-title', 'the card is an article named by its heading');
    assert(new URL(page.url()).searchParams.get('study') === link.slug, 'the URL carries the open study');
    await screenshot(page, 'a11y-card-focused');

    // Back (the button after the heading) returns focus to the result that was opened.
    await page.keyboard.press('Tab');
    assertEqual((await focused(page)).text, 'Back to results', 'Tab from the heading: Back to results');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('mirror-card').hidden);
    await page.waitForFunction((i) => document.activeElement && document.activeElement.dataset.index === i, link.index);
    // Esc in the card goes back too.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'mirror-card-title');
    await page.keyboard.press('Escape');
    await page.waitForFunction((i) => document.activeElement && document.activeElement.dataset.index === i, link.index);
    // Esc elsewhere returns to the canvas, and the text view hides.
    await page.keyboard.press('Escape');
    assertEqual((await focused(page)).region, 'canvas', 'Esc in the text view returns to the canvas');
    assert(!(await panelShown(page)), 'the text view hides when focus leaves it');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
    // The link's own address (what "open in new tab" loads) opens the same study in a page of its own.
    const other = await openPage(browser, link.href);
    await waitForAtlas(other.page);
    await other.page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    assertEqual(await other.page.textContent('#mirror-card-title'), link.text, 'the result link is a working deep link');
    assertEqual(await other.page.inputValue('#mirror-search'), 'rituximab', 'with the search it was found by');
    assertEqual(other.errors.join('\n'), '', 'no errors in the new tab');
    await other.context.close();
  }],

  ['focus is never taken by changes from the canvas; the search box follows the canvas; IME text is sent once composed', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    // Canvas typing: the mirror's search box follows, focus stays on the canvas.
    await page.click('#canvas', { position: { x: 5, y: 790 } });
    await page.keyboard.press('/');
    await settle(page, 200);
    await page.keyboard.type('fatigue');
    await waitCount(page, /matching "/);
    await settle(page, 300);
    // (Under load the canvas can miss the first key after "/": compare with what the app got.)
    const typed = (await countText(page)).match(/matching "(.*)"$/)[1];
    assert(typed.endsWith('atigue'), 'the canvas search: ' + typed);
    assertEqual(await page.inputValue('#mirror-search'), typed, 'the text view search box follows the canvas');
    // Enter (into the results), Enter (open): pressed until the card opens, as frames may lag.
    const pressUntil = async (key, fn) => {
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press(key);
        if (await page.waitForFunction(fn, null, { timeout: 1500 }).then(() => true, () => false)) return;
      }
      throw new Error(`${key} from the canvas had no effect`);
    };
    await pressUntil('Enter', () => !document.getElementById('mirror-card').hidden);
    assertEqual((await focused(page)).region, 'canvas', 'opening a card from the canvas leaves focus on the canvas');
    assert(!(await panelShown(page)), 'and the text view hidden');
    await pressUntil('Escape', () => document.getElementById('mirror-card').hidden);
    assertEqual((await focused(page)).region, 'canvas', 'closing it from the canvas too');
    // A script (or test) clicking a mirror control while focus is elsewhere does not move focus either.
    await page.locator('#mirror-list a').first().evaluate((a) => a.click());
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    assertEqual((await focused(page)).region, 'canvas', 'a programmatic click leaves focus where it was');
    await page.evaluate(() => window.atlasApp.command('back'));

    // The app's query changing while the search box has focus: the value follows, the caret stays.
    await page.focus('#mirror-search');
    await page.evaluate(() => document.getElementById('mirror-search').setSelectionRange(3, 3));
    await page.evaluate(() => window.atlasApp.command('query fatigue scale'));
    await page.waitForFunction(() => document.getElementById('mirror-search').value === 'fatigue scale');
    assertEqual(await page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart].join()), 'mirror-search,3', 'caret kept');

    // IME: nothing is searched while composing; the composed text is.
    await page.fill('#mirror-search', '');
    await waitCount(page, /^\d+ studies$/);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'ritu', selectionStart: 4, selectionEnd: 4 });
    await settle(page, 200);
    assert(!/matching/.test(await countText(page)), 'no query while composing: ' + await countText(page));
    await cdp.send('Input.insertText', { text: 'rituximab' });
    await waitCount(page, /matching "rituximab"/);
    assertEqual(await page.inputValue('#mirror-search'), 'rituximab', 'the composed text');
    // Mobile keyboards insert text without key events.
    await page.fill('#mirror-search', '');
    await page.keyboard.insertText('Øystein');
    await waitCount(page, /matching "Øystein"/);
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],
];
