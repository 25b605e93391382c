// The reader's experience, driven as a user would: filters and counts, chips, search, sort,
// the card and its actions, reading depth remembered, themes, keyboard, compare, gallery.
import fs from 'node:fs';
import path from 'node:path';
import { openPage, waitForAtlas, settle, screenshot, distinctColours, assert, assertEqual, ROOT } from './harness.mjs';

const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
const studies = bundle.studies;

const mirrorCount = async (page) => parseInt(await page.textContent('#mirror-count'), 10);
const listed = (page) => page.$$eval('#mirror-list a', (b) => b.map((x) => x.textContent));
const check = (page, selector) => page.locator(selector).evaluate((input) => input.click());
const press = (page, selector) => page.locator(selector).first().evaluate((b) => b.click());
async function optionCount(page, facet, code) {
  const text = await page.textContent(`[data-facet=${facet}] label[for="f-${facet}-${code}"]`);
  return parseInt(text.match(/\((\d+)\)$/)[1], 10);
}

export const tests = (env) => [...readerTests(env), ...linkTests(env)];

const readerTests = ({ browser, url }) => [
  ['RCTs that required PEM: filter, read, copy the citation, come back (desktop and phone)', async () => {
    const expected = studies.filter((s) => s.publication_type === 'Trial-RCT' && s.pem === 'required');
    const rcts = studies.filter((s) => s.publication_type === 'Trial-RCT').length;
    for (const [width, height, scale, name] of [[1280, 800, 1, 'desktop'], [390, 844, 3, 'phone']]) {
      const { context, page, errors } = await openPage(browser, url, { width, height, scale });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
      await waitForAtlas(page);
      assertEqual(await optionCount(page, 'type', 'Trial-RCT'), rcts, 'RCT count before filtering');
      await check(page, '#f-type-Trial-RCT');
      await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, rcts);
      // The PEM counts now apply the type filter: they say how many RCTs each PEM choice gives.
      assertEqual(await optionCount(page, 'pem', 'required'), expected.length, 'PEM-required count among RCTs');
      await check(page, '#f-pem-required');
      await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, expected.length);
      const titles = await listed(page);
      assertEqual(titles.slice().sort().join('\n'), expected.map((s) => s.title).sort().join('\n'), 'the listed RCTs');
      const chips = await page.$$eval('#mirror-chips button', (b) => b.map((x) => x.textContent));
      assertEqual(chips.join(' | '), 'Remove filter: PEM required | Remove filter: Randomised controlled trial | Clear all filters', 'chips');
      await settle(page);
      await screenshot(page, `${name}-rct-pem-filtered`);
      await press(page, '#mirror-list a');
      await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
      await settle(page);
      await screenshot(page, `${name}-rct-pem-card`);
      const citation = await page.textContent('[data-cite=plain]');
      await page.locator('.card-actions button', { hasText: 'Copy citation' }).evaluate((b) => b.click());
      await page.waitForFunction(() => /copied/.test(document.getElementById('mirror-status').textContent));
      assertEqual(await page.evaluate(() => navigator.clipboard.readText()), citation, 'clipboard holds the citation');
      await press(page, '#mirror-card button');  // Back to results
      await page.waitForFunction(() => document.getElementById('mirror-card').hidden);
      assertEqual(await mirrorCount(page), expected.length, 'filters kept after coming back');
      await press(page, '#mirror-chips li:last-child button');  // Clear all
      await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, studies.length);
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],

  ['search: diacritics fold and the list follows; sort orders', async () => {
    const { context, page } = await openPage(browser, url);
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('query oystein'));
    await page.waitForFunction(() => /matching/.test(document.getElementById('mirror-count').textContent));
    const expected = studies.filter((s) => s.authors.some((a) => a.includes('Øystein')));
    assert(expected.length > 0, 'the data has an Øystein');
    assert((await mirrorCount(page)) >= expected.length, 'every Øystein study found by "oystein"');
    await page.evaluate(() => window.atlasApp.command('query '));
    await page.evaluate(() => window.atlasApp.command('sort oldest'));
    await settle(page, 200);
    const oldest = await listed(page);
    const byYear = studies.slice().sort((a, b) => a.year - b.year);
    assertEqual(oldest[0], byYear[0].title, 'oldest first');
    assertEqual(await page.$eval('#mirror-sort', (s) => s.value), 'oldest', 'sort shown in the mirror');
    await context.close();
  }],

  ['reading depth is remembered between visits', async () => {
    const { context, page } = await openPage(browser, url);
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('open 0'));
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    await press(page, '[data-depth] button:first-child');  // Quick
    await page.waitForFunction(() => document.querySelector('[data-depth]').dataset.depth === 'quick');
    const quick = await page.$$eval('#mirror-card section', (s) => s.map((x) => x.dataset.section));
    assert(!quick.includes('observed_findings'), 'quick reading hides the findings');
    await page.reload();
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('open 0'));
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    assertEqual(await page.$eval('[data-depth]', (d) => d.dataset.depth), 'quick', 'depth after reload');
    await context.close();
  }],

  ['themes: light, dark and high contrast at desktop and phone, remembered', async () => {
    for (const [width, height, scale, name] of [[1280, 800, 1, 'desktop'], [390, 844, 3, 'phone']]) {
      const { context, page, errors } = await openPage(browser, url, { width, height, scale });
      await waitForAtlas(page);
      const seed = studies.findIndex((s) => s.id === 'e78271f98f1e4b0b');
      for (const theme of ['light', 'dark', 'contrast']) {
        await page.evaluate((t) => window.atlasApp.command('theme ' + t), theme);
        await page.evaluate((i) => window.atlasApp.command('open ' + i), seed);
        await settle(page, 500);
        const png = await screenshot(page, `${name}-theme-${theme}`);
        assert(await distinctColours(page, png) > 8, `${theme} renders`);
        assertEqual(await page.evaluate(() => document.documentElement.dataset.theme), theme, 'page chrome follows the theme');
      }
      await page.reload();
      await waitForAtlas(page);
      assertEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'contrast', 'theme remembered');
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
    const dark = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1000, height: 700 } });
    const page = await dark.newPage();
    await page.goto(url);
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'follows prefers-color-scheme by default');
    await dark.close();
  }],

  ['text size: larger text stays crisp and the layout follows', async () => {
    const { context, page } = await openPage(browser, url, { width: 390, height: 844, scale: 2 });
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('textsize 4'));
    await page.evaluate(() => window.atlasApp.command('open 0'));
    await settle(page, 500);
    await screenshot(page, 'phone-text-150');
    await context.close();
  }],

  ['keyboard: / focuses search, arrows move, Enter opens, Esc goes back', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await page.click('#canvas', { position: { x: 5, y: 790 } });
    await page.keyboard.press('/');
    await settle(page, 500);  // the search box takes focus on the next frame
    await page.keyboard.type('rituximab', { delay: 40 });
    await page.waitForFunction(() => /matching "rituximab"/.test(document.getElementById('mirror-count').textContent));
    const expected = await mirrorCount(page);
    assert(expected >= 2, 'several rituximab studies');
    await page.keyboard.press('Enter');   // from the search box into the results
    await settle(page, 500);
    await page.keyboard.press('ArrowDown');
    await settle(page, 500);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    const second = (await listed(page))[1];
    assertEqual(await page.textContent('#mirror-card h2'), second, 'Enter opened the second result');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('mirror-card').hidden);
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['compare: two studies side by side; gallery renders every state', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await page.evaluate(() => { window.atlasApp.command('compare 0'); window.atlasApp.command('compare 1'); window.atlasApp.command('screen compare'); });
    await settle(page, 500);
    await screenshot(page, 'desktop-compare');
    await context.close();
    const gallery = await openPage(browser, url + '?gallery=1');
    await waitForAtlas(gallery.page);
    await settle(gallery.page, 600);
    const png = await screenshot(gallery.page, 'desktop-gallery');
    assert(await distinctColours(gallery.page, png) > 20, 'gallery renders');
    assertEqual(errors.concat(gallery.errors).join('\n'), '', 'no errors');
    await gallery.context.close();
  }],
];

const linkTests = ({ browser, url }) => [
  ['deep links: a shared link opens the same view; back and forward move through views', async () => {
    const seed = studies.find((s) => s.id === 'e78271f98f1e4b0b');
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await check(page, '#f-pem-required');
    await page.waitForFunction(() => /pem=required/.test(location.search));
    await page.evaluate((slug) => {
      const i = [...document.querySelectorAll('#mirror-list a')].findIndex((b) => b.dataset.slug === slug);
      window.atlasApp.command('open ' + document.querySelectorAll('#mirror-list a')[i].dataset.index);
    }, seed.slug);
    await page.waitForFunction((slug) => location.search.includes('study=' + slug), seed.slug);
    const shared = page.url();
    assertEqual(new URL(shared).search, `?pem=required&study=${seed.slug}`, 'the URL carries the view');
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('mirror-card').hidden);
    assertEqual(new URL(page.url()).search, '?pem=required', 'back closes the card, keeps the filter');
    await page.goForward();
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    // Someone else opens the shared link.
    const other = await openPage(browser, shared);
    await waitForAtlas(other.page);
    await other.page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    assertEqual(await other.page.textContent('#mirror-card h2'), seed.title, 'shared link opens the study');
    assertEqual(await other.page.isChecked('#f-pem-required'), true, 'shared link restores the filter');
    assertEqual(errors.concat(other.errors).join('\n'), '', 'no errors');
    await other.context.close();
    await context.close();
  }],

  ['deep links: odd parameters give a quiet notice, never a crash', async () => {
    const { context, page, errors } = await openPage(browser, url + '?colour=blue&evidence=E0,E9&study=nope&q=%E0%A4');
    await waitForAtlas(page);
    await page.waitForSelector('#notice:not([hidden])');
    const text = await page.textContent('#notice');
    assert(text.startsWith('Some parts of this link were not understood and were skipped: colour=blue; evidence=E0,E9; study=nope'), text);
    assertEqual(await page.isChecked('#f-evidence-E0'), true, 'the understood part still applies');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],
];
