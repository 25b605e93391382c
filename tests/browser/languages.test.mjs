// The interface in other languages: chosen from the browser's languages, switchable, kept in the
// address (lang=) and remembered; the study text stays English and is marked lang="en"; a message
// missing in a language falls back to English; screenshots in German at phone width (long words).
import fs from 'node:fs';
import path from 'node:path';
import { openPage, waitForAtlas, settle, screenshot, distinctColours, assert, assertEqual, ROOT } from './harness.mjs';

const catalogue = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n', lang + '.json'), 'utf8'));
const keys = (lang) => Object.keys(catalogue(lang)).filter((k) => !k.startsWith('_') && !k.startsWith('test.')).sort();
const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));

async function openIn(browser, url, { locale, width = 390, height = 844, scale = 3, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url + query);
  await waitForAtlas(page);
  return { context, page, errors };
}

export const tests = ({ browser, url }) => [
  ['every key of the catalogue is in every language, and the site serves them', async () => {
    const english = keys('en');
    assert(english.length > 250, 'a catalogue');
    for (const lang of ['de', 'es', 'nb']) {
      assertEqual(keys(lang).join(','), english.join(','), `${lang} has exactly the English keys`);
      const served = await (await fetch(url + 'i18n/' + lang + '.json')).json();
      assertEqual(Object.keys(served).length, Object.keys(catalogue(lang)).length, `i18n/${lang}.json served`);
    }
  }],

  ['a German browser gets German at phone width: the canvas, the text view, the card; study text stays English', async () => {
    const { context, page, errors } = await openIn(browser, url, { locale: 'de-DE' });
    assertEqual(await page.evaluate(() => document.documentElement.lang), 'de', 'html lang');
    assert(new URL(page.url()).searchParams.get('lang') === 'de', 'lang=de in the address');
    assertEqual(await page.textContent('#mirror-results-heading'), 'Ergebnisse', 'the text view in German');
    assertEqual(await page.textContent('#mirror-count'), bundle.studies.length + ' Studien', 'plural and number in German');
    assertEqual(await page.getAttribute('#mirror-search', 'placeholder'), 'Titel, Autoren, Befunde, PMID suchen', 'the search hint');
    await settle(page, 500);
    const list = await screenshot(page, 'phone-de-list');
    assert(await distinctColours(page, list) > 8, 'German list renders');
    await page.evaluate(() => window.atlasApp.command('filters show'));
    await settle(page, 500);
    await screenshot(page, 'phone-de-filters');
    await page.evaluate(() => window.atlasApp.command('filters hide'));
    await settle(page, 500);   // the phone's sheet is a history step: its back arrives asynchronously
    await page.evaluate(() => { window.atlasApp.command('open 0'); window.atlasApp.command('depth full'); });
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    await settle(page, 500);
    await screenshot(page, 'phone-de-card');
    const headings = await page.$$eval('#mirror-card section h3', (h) => h.map((x) => x.textContent));
    assert(headings.includes('Kurzfassung'), 'card headings in German: ' + headings.join(', '));
    assertEqual(await page.getAttribute('#mirror-card-title', 'lang'), 'en', 'the study title is marked English');
    assertEqual(await page.getAttribute('[data-section=quick_summary] p', 'lang'), 'en', 'the summary is marked English');
    assertEqual(await page.textContent('[data-section=quick_summary] p'), bundle.studies[0].sections.quick_summary, 'and stays English');
    const badges = await page.$$eval('#mirror-card .badges li', (b) => b.map((x) => x.textContent));
    assert(badges.some((b) => /^PEM (erforderlich|nicht erforderlich|unklar)$/.test(b)), 'badges in German: ' + badges.join(' | '));
    await page.evaluate(() => window.atlasApp.command('compare 0'));
    await page.evaluate(() => window.atlasApp.command('screen compare'));
    await settle(page, 500);
    await screenshot(page, 'phone-de-compare');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['lang= wins over the browser; switching is remembered and kept in the address', async () => {
    const { context, page } = await openIn(browser, url, { locale: 'de-DE', width: 1280, height: 800, scale: 1, query: '?lang=es' });
    assertEqual(await page.evaluate(() => document.documentElement.lang), 'es', 'lang=es');
    assertEqual(await page.textContent('#mirror-results-heading'), 'Resultados', 'Spanish');
    await page.selectOption('#mirror-lang', 'nb');
    await page.waitForFunction(() => document.documentElement.lang === 'nb' && document.getElementById('mirror-results-heading').textContent === 'Resultater');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lang') === 'nb');
    await settle(page, 500);
    await screenshot(page, 'desktop-nb-list');
    // The facets come from the app in the new language too.
    await page.waitForFunction(() => document.querySelector('[data-facet=pem] legend').textContent === 'PEM-kriterium');
    await page.goto(url);   // no lang= now: remembered
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.lang), 'nb', 'remembered');
    await context.close();
  }],

  ['a message missing in a language is said in English, never as its key or a blank', async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.route('**/i18n/de.json', async (route) => {
      const messages = catalogue('de');
      delete messages['page.results'];
      delete messages['ui.studies'];
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify(messages) });
    });
    await page.goto(url);
    await waitForAtlas(page);
    assertEqual(await page.textContent('#mirror-results-heading'), 'Results', 'the English message');
    assertEqual(await page.textContent('#mirror-count'), bundle.studies.length + ' studies', 'English plural forms, German number format');
    assertEqual(await page.textContent('#mirror-filters-heading'), 'Filter', 'the rest in German');
    await context.close();
  }],
  ['the text version in German, Spanish and Norwegian: the same pages with their words, study text marked English', async () => {
    const slug = bundle.studies[0].slug;
    for (const [lang, heading] of [['de', 'Kurzfassung'], ['es', 'Resumen breve'], ['nb', 'Kort oppsummering']]) {
      const index = await (await fetch(url + 'text/' + lang + '/index.html')).text();
      assert(index.includes('<html lang="' + lang + '">'), lang + ': html lang');
      assert(index.includes('href="../../?lang=' + lang + '"'), lang + ': the interactive atlas in the same language');
      assert(index.includes('href="../index.html" hreflang="en"'), lang + ': the English text version is linked');
      const page = await (await fetch(url + 'text/' + lang + '/' + slug + '.html')).text();
      assert(page.includes('<h2>' + heading + '</h2>'), lang + ': headings in ' + lang);
      assert(page.includes('<h1 lang="en">'), lang + ': the title is marked English');
      const changes = await fetch(url + 'text/' + lang + '/changes.html');
      assertEqual(changes.status, 200, lang + ': changes page');
    }
    const english = await (await fetch(url + 'text/index.html')).text();
    assert(english.includes('href="de/index.html" hreflang="de"'), 'English links to German');
    // Offline copies stay small: the other languages' text pages are not precached.
    const stamp = await (await fetch(url + 'version.json')).json();
    assert(!Object.keys(stamp.files).some((f) => /^text\/[a-z]{2}\//.test(f)), 'text/<lang>/ not precached');
  }],
];
