// The foundation: the page starts, draws, shows the seed study end to end, stays idle, and
// explains itself when the browser cannot run it.
import fs from 'node:fs';
import { openPage, waitForAtlas, settle, distinctColours, screenshot, assert, assertEqual } from './harness.mjs';

const SEED_TITLE = 'A review on cognitive behavorial therapy (CBT) and graded exercise therapy (GET) in myalgic ' +
  'encephalomyelitis (ME) / chronic fatigue syndrome (CFS): CBT/GET is not only ineffective and not evidence-based, ' +
  'but also potentially harmful for many patients with ME/CFS.';

async function openSeed(page) {
  // The mirror is visually hidden (it is for screen readers): activate its button as they would.
  await page.locator('#mirror-list a', { hasText: 'A review on cognitive behavorial therapy' }).evaluate((b) => b.click());
  await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
  await settle(page);
}

async function mirrorSections(page) {
  return page.$$eval('#mirror-card section', (nodes) => nodes.map((n) => n.dataset.section));
}

export const tests = (env) => [...foundationTests(env), ...recoveryTests(env)];

const foundationTests = ({ browser, url }) => [
  ['desktop: seed study end to end, no errors, non-blank canvas', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    assertEqual(await page.evaluate(() => document.documentElement.dataset.atlasLoad), 'ok', 'atlas load result');
    const count = await page.textContent('#mirror-count');
    assert(/^\d+ studies$/.test(count) && parseInt(count) >= 37, 'result count in the mirror: ' + count);
    const titles = await page.$$eval('#mirror-list a', (b) => b.map((x) => x.textContent));
    assert(titles.includes(SEED_TITLE), 'seed title listed');
    await openSeed(page);
    assertEqual(await page.textContent('#mirror-card h2'), SEED_TITLE, 'card title');
    assertEqual(await page.textContent('#mirror-card .byline'), 'Twisk, Frank N M, Maes, Michael · Neuro endocrinology letters · 2009', 'byline');
    const badges = await page.$$eval('#mirror-card .badges li', (l) => l.map((x) => x.textContent));
    assertEqual(badges.join(' | '), 'E0 Consensus | Moderate confidence | PEM required | Review-Narrative | Peer-reviewed | Reviewed', 'badge row');
    const sections = await mirrorSections(page);
    for (const id of ['quick_summary', 'why_it_matters', 'observed_findings', 'inferred_conclusions', 'does_not_prove', 'tags', 'metadata', 'contribute'])
      assert(sections.includes(id), `section ${id} in the mirror (have ${sections.join(', ')})`);
    const headings = await page.$$eval('#mirror-card h3, #mirror-card h4', (h) => h.map((x) => x.textContent));
    for (const h of ['Quick Summary', 'Why It Matters', 'Observed Findings', 'Inferred Conclusions', 'Remaining Questions', 'What This Study Does Not Prove', 'Tags', 'Metadata', 'Contribute'])
      assert(headings.includes(h), `heading "${h}"`);
    const findings = await page.$$eval('[data-section=observed_findings] li', (l) => l.length);
    assertEqual(findings, 5, 'observed findings');
    const tags = await page.$$eval('[data-section=tags] p', (p) => p.map((x) => x.textContent));
    assertEqual(tags.join('\n'), 'Method Flag: PEM_DEFINED, PEM Not Defined, Weak Case Definition\n' +
      'Symptom: Post-Exertional Malaise, Cognitive Dysfunction, Pain, Fatigue\nBiomarker: Cytokines, Metabolomics, Blood Biomarker', 'tags by category');
    const meta = await page.$$eval('[data-section=metadata] dt, [data-section=metadata] dd', (l) => l.map((x) => x.textContent));
    assertEqual(meta.join(' / '), 'PMID / 19855350 / Review status / Editor reviewed / Evidence level / Higher-level evidence type — ' +
      'systematic reviews, meta-analyses, guidelines, or major syntheses (study type, not a quality guarantee) / Last updated / 7 April 2026', 'metadata');
    assertEqual(await page.getAttribute('[data-section=metadata] a', 'href'), 'https://pubmed.ncbi.nlm.nih.gov/19855350/', 'PubMed link');
    assert((await page.textContent('[data-section=pem-note]')).startsWith('About the PEM badge'), 'PEM note');
    assertEqual(await page.textContent('[data-section=quality-notes] li'),
      'PEM is marked as required, but the method flag "PEM Not Defined" says PEM was not defined.', 'lint note on the card');
    const png = await screenshot(page, 'desktop-1280x800-seed');
    const colours = await distinctColours(page, png);
    assert(colours > 20, 'canvas is not blank: ' + colours + ' colours');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],

  ['phone 390x844 @3x: seed card readable, one column', async () => {
    const { context, page, errors } = await openPage(browser, url, { width: 390, height: 844, scale: 3 });
    await waitForAtlas(page);
    await settle(page);
    await screenshot(page, 'phone-390x844-list');
    await openSeed(page);
    const png = await screenshot(page, 'phone-390x844-seed');
    assert(await distinctColours(page, png) > 20, 'phone canvas is not blank');
    const size = await page.evaluate(() => [document.getElementById('canvas').width, window.devicePixelRatio]);
    assertEqual(size[1], 3, 'device pixel ratio');
    assertEqual(size[0], 390 * 3, 'canvas backing store follows devicePixelRatio');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],

  ['idle: zero WebGL draw calls during two idle seconds', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await openSeed(page);
    await page.mouse.move(600, 400);
    // Idle means after the UI settled: wait until no frame was drawn for 300 ms (a loaded machine is slow).
    let settled = -1;
    for (let i = 0; i < 30; i++) {
      await settle(page, 300);
      const now = await page.evaluate(() => window.__draws);
      if (now === settled) break;
      settled = now;
    }
    const before = await page.evaluate(() => window.__draws);
    assert(before > 0, 'the app drew something before going idle');
    await page.waitForTimeout(2000);
    const after = await page.evaluate(() => window.__draws);
    assertEqual(after - before, 0, 'draw calls while idle');
    await page.mouse.move(700, 420);   // input wakes it
    await settle(page, 300);
    assert(await page.evaluate(() => window.__draws) > after, 'input wakes the app');
    assertEqual(errors.join('\n'), '', 'console and page errors');
    await context.close();
  }],

  ['resize: canvas follows the window', async () => {
    const { context, page } = await openPage(browser, url, { width: 1000, height: 700 });
    await waitForAtlas(page);
    await page.setViewportSize({ width: 700, height: 600 });
    await settle(page, 500);
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    assertEqual(size.join('x'), '700x600', 'canvas backing size after resize');
    await context.close();
  }],

  ['no WebGL2: a readable message instead of a blank page', async () => {
    const { context, page } = await openPage(browser, url, {
      init: () => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (type, ...rest) { return type === 'webgl2' ? null : original.call(this, type, ...rest); };
      },
    });
    await page.waitForSelector('#failure:not([hidden])');
    assert((await page.textContent('#failure-text')).includes('WebGL 2'), 'failure names WebGL 2');
    // The failure message offers the text version, and it holds the seed card, readable with Ctrl+F.
    await page.click('#failure a[href="text/index.html"]');
    await page.waitForURL(/text\/index\.html$/);
    await page.click(`a:has-text("${SEED_TITLE.slice(0, 40)}")`);
    assertEqual(await page.textContent('h1'), SEED_TITLE, 'text version card title');
    const headings = await page.$$eval('h2', (h) => h.map((x) => x.textContent));
    assert(headings.includes('Quick Summary') && headings.includes('Observed Findings'), 'text version sections: ' + headings.join(', '));
    const jsonld = JSON.parse(await page.textContent('script[type="application/ld+json"]'));
    assertEqual(jsonld['@type'], 'ScholarlyArticle', 'schema.org type');
    await screenshot(page, 'desktop-no-webgl2');
    await context.close();
  }],

  ['no WebAssembly: a readable message', async () => {
    const { context, page } = await openPage(browser, url, { init: () => { delete window.WebAssembly; } });
    await page.waitForSelector('#failure:not([hidden])');
    assert((await page.textContent('#failure-text')).includes('WebAssembly'), 'failure names WebAssembly');
    await context.close();
  }],

  ['wrong atlas URL: a clear message', async () => {
    const { context, page } = await openPage(browser, url + '?atlas=missing.json');
    await page.waitForSelector('#failure:not([hidden])');
    assertEqual(await page.textContent('#failure-text'), `The atlas data could not be downloaded: HTTP 404 for ${url}missing.json.`, 'message');
    await context.close();
    const other = await openPage(browser, url + '?atlas=https://example.org/atlas.json');
    await other.page.waitForSelector('#failure:not([hidden])');
    assertEqual(await other.page.textContent('#failure-text'), 'Only atlases from this site can be loaded (https://example.org is another origin).', 'cross-origin message');
    await other.context.close();
  }],
];

const recoveryTests = ({ browser, url }) => [
  ['WebGL context loss: the app stops drawing, then recovers and draws again', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await settle(page, 400);
    await page.evaluate(() => {
      window.__lose = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
      window.__lose.loseContext();
    });
    await settle(page, 300);
    await page.evaluate(() => window.__lose.restoreContext());
    await settle(page, 300);
    const before = await page.evaluate(() => window.__draws);
    await page.mouse.move(400, 300);
    await settle(page, 400);
    assert(await page.evaluate(() => window.__draws) > before, 'draws again after restore');
    const png = await screenshot(page, 'desktop-after-context-restore');
    assert(await distinctColours(page, png) > 20, 'canvas shows the atlas again');
    assertEqual(errors.filter((e) => !/CONTEXT_LOST/i.test(e)).join('\n'), '', 'no errors');
    await context.close();
  }],

  ['export: the listed studies download as CSV, RIS, BibTeX and CSL-JSON', async () => {
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    await page.evaluate(() => window.atlasApp.command('toggle pem required'));
    const count = parseInt(await page.textContent('#mirror-count'), 10);
    for (const [fmt, ext, check] of [
      ['csv', 'csv', (t) => t.split('\r\n').filter(Boolean).length === count + 1],
      ['ris', 'ris', (t) => (t.match(/^TY  - /gm) || []).length === count && (t.match(/^ER  - /gm) || []).length === count],
      ['bibtex', 'bib', (t) => (t.match(/^@article\{/gm) || []).length === count],
      ['csl', 'json', (t) => JSON.parse(t).length === count],
    ]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`#mirror-export button[data-format=${fmt}]`).evaluate((b) => b.click()),
      ]);
      assert(download.suggestedFilename().endsWith('.' + ext), 'file name ' + download.suggestedFilename());
      const text = fs.readFileSync(await download.path(), 'utf8');
      assert(check(text), `${fmt} holds the ${count} listed studies`);
    }
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
  }],
];
