// The page for the doctor: one study, or the compare set of six, printed (Chromium's page.pdf) as one
// clean page — title, full citation with PMID/DOI, the classification, quick summary, what the study
// does not prove, the card's address as text — never the canvas. The PDF is rendered to PNG by
// pdftoppm (tests/browser/screenshots/print-*.png) to be looked at; its text is read with pdftotext.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openPage, waitForAtlas, settle, assert, assertEqual, ROOT, SCREENSHOTS } from './harness.mjs';

const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
const studies = bundle.studies;
const STUB_PRINT = () => { window.__printed = []; window.print = () => window.__printed.push(document.documentElement.classList.contains('print-study')); };

// The PDF of the page as printed, its page count and text, and a PNG of its first page.
async function printed(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const pdf = path.join(SCREENSHOTS, name + '.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())[1]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SCREENSHOTS, name)]);
  return { pages, text, flat: text.replace(/\s+/g, ' ') };
}
const words = (s) => s.replace(/\s+/g, ' ').trim();
// A phrase of the study text as pdftotext gives it back: the first few words (hyphenation aside).
const start = (s, n = 6) => words(s).split(' ').slice(0, n).join(' ');

export const tests = ({ browser, url }) => [
  ['one study prints as one clean page for a doctor, from the card\'s Print button', async () => {
    const { context, page, errors } = await openPage(browser, url, { init: STUB_PRINT });
    await waitForAtlas(page);
    const index = studies.findIndex((s) => s.pmid && s.doi && s.sections.does_not_prove && s.case_definitions.length);
    const study = studies[index];
    await page.evaluate((i) => window.atlasApp.command('open ' + i + '') && window.atlasApp.command('depth quick'), index);
    await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
    await page.locator('#mirror-card button', { hasText: 'Print or save as PDF' }).evaluate((b) => b.click());
    assertEqual(JSON.stringify(await page.evaluate(() => window.__printed)), '[true]', 'print asked once, with the page for the doctor built');
    const { pages, flat } = await printed(page, 'print-card');
    assertEqual(pages, 1, 'one page');
    for (const [what, text] of [['title', start(study.title)], ['PMID', 'PMID: ' + study.pmid], ['DOI', 'doi:' + study.doi],
      ['quick summary', start(study.sections.quick_summary)], ['does not prove', 'What this study does not prove'],
      ['not proven', start(study.sections.does_not_prove)], ['evidence', 'Evidence level ' + study.evidence_level],
      ['PEM', 'PEM ' + { required: 'PEM required', not_required: 'PEM not required', unclear: 'PEM unclear' }[study.pem]],
      ['case definitions', 'Case definitions'], ['review status', 'Review status'], ['address', 'Atlas card: ' + url + '?study=' + study.slug]])
      assert(flat.includes(text), `the page has the ${what} (${text})`);
    assert(!/Copy citation|Back to results|Reading depth/.test(flat), 'no controls on the printed page');
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],

  ['the compare set of six prints on one page; Ctrl+P follows the compare screen', async () => {
    const { context, page } = await openPage(browser, url, { init: STUB_PRINT });
    await waitForAtlas(page);
    // The six with the most text: the hardest case for one page.
    const size = (s) => s.title.length + (s.sections.quick_summary || '').length + (s.sections.does_not_prove || '').length + s.authors.join().length;
    const six = studies.map((s, i) => [size(s), i]).sort((a, b) => b[0] - a[0]).slice(0, 6).map(([, i]) => i);
    for (const i of six) await page.evaluate((n) => window.atlasApp.command('compare ' + n), i);
    await page.evaluate(() => window.atlasApp.command('screen compare'));
    await page.waitForFunction(() => document.getElementById('print-view').dataset.count === '6');
    assert(await page.evaluate(() => document.documentElement.classList.contains('print-study')), 'Ctrl+P would print the compare set');
    const { pages, flat } = await printed(page, 'print-compare-six');
    assertEqual(pages, 1, 'six studies on one page');
    for (const i of six) {
      assert(flat.includes(start(studies[i].title, 4)), 'title of ' + studies[i].slug);
      assert(flat.includes('?study=' + studies[i].slug), 'address of ' + studies[i].slug);
    }
    // The text view offers the same.
    await page.locator('#mirror-compare-print').evaluate((b) => b.click());
    assertEqual(JSON.stringify(await page.evaluate(() => window.__printed)), '[true]', 'the text view\'s Print');
    await context.close();
  }],

  ['with no study open, the text view prints: the results as a plain list, at phone width too', async () => {
    for (const [width, height] of [[1280, 800], [390, 844]]) {
      const { context, page } = await openPage(browser, url, { width, height });
      await waitForAtlas(page);
      await page.evaluate(() => window.atlasApp.command('toggle pem required'));
      await settle(page);
      const listed = await page.$$eval('#mirror-list a', (a) => a.map((x) => x.textContent));
      const { pages, flat } = await printed(page, `print-text-view-${width}`);
      assert(pages >= 1, 'printed');
      assert(flat.includes(bundle.title), 'the atlas title');
      assert(flat.includes(start(listed[0], 5)), 'the first result');
      assert(!/Search the atlas|Export results as CSV|Close the text view/.test(flat), 'no controls');
      await context.close();
    }
  }],
];
