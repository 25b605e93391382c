// The shape of the evidence, driven as a reader would: the evidence gap map (a real table in the text
// view, a cell that filters the list), a topic page, a card's link to another card and back, the PEM
// switch that recounts everything, and the static topic pages. Screenshots at desktop and phone size.
import fs from 'node:fs';
import path from 'node:path';
import { openPage, waitForAtlas, settle, screenshot, distinctColours, assert, assertEqual, ROOT } from './harness.mjs';

const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/site/atlas.json'), 'utf8'));
const studies = bundle.studies;
const LEVELS = ['E0', 'E1', 'E2', 'E3'];
const topicsOf = (s) => (s.tags && s.tags.topic) || [];
const topics = [...new Set(studies.flatMap(topicsOf))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const count = (page) => page.evaluate(() => parseInt(document.getElementById('mirror-count').textContent, 10));
const press = (page, selector) => page.locator(selector).first().evaluate((b) => b.click());
const PHONE = { width: 390, height: 844, scale: 3 };
const sizes = [[{ width: 1280, height: 800 }, 'desktop'], [PHONE, 'phone']];
// atlas::PemShare: rounded half up, never 0% for some nor 100% for not all.
function share(n, pem) {
  if (!n) return '';
  let p = Math.floor((pem * 200 + n) / (2 * n));
  if (pem && !p) return '<1% PEM';
  if (pem < n && p === 100) p = 99;
  return p + '% PEM';
}

// A cell with several studies, some of them in cohorts that required PEM (a telling screenshot and check).
function aFullCell() {
  let best = null;
  for (const topic of topics)
    for (const level of LEVELS) {
      const cell = studies.filter((s) => topicsOf(s).includes(topic) && s.evidence_level === level);
      const pem = cell.filter((s) => s.pem === 'required').length;
      if (pem && (!best || cell.length > best.n)) best = { topic, level, n: cell.length, pem };
    }
  return best;
}

async function openGrid(page) {
  await press(page, '#mirror-grid-open');
  await page.waitForSelector('#mirror-grid-table table');
}

export const tests = ({ browser, url }) => [
  ['gap map: a real table of topics by level with counts and PEM shares; a cell filters the list (desktop and phone)', async () => {
    const cell = aFullCell();
    assert(cell, 'the bundle has a cell with PEM-required studies');
    for (const [size, name] of sizes) {
      const { context, page, errors } = await openPage(browser, url, size);
      await waitForAtlas(page);
      await openGrid(page);
      await page.waitForFunction(() => /grid=level/.test(location.search));
      const headers = await page.$$eval('#mirror-grid-table thead th', (th) => th.map((x) => x.textContent + '|' + x.getAttribute('scope')));
      assertEqual(headers.join(' '), 'Topic (studies)|col E0 Consensus|col E1 Replicated|col E2 Controlled|col E3 Preliminary|col', 'column headers');
      const rows = await page.$$eval('#mirror-grid-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assertEqual(rows.map((r) => r[0].replace(/ \(\d+\)$/, '')).join('|'), topics.join('|'), 'one row per topic, by label');
      for (const [i, topic] of topics.entries()) {
        const mine = studies.filter((s) => topicsOf(s).includes(topic));
        const expected = LEVELS.map((level) => {
          const n = mine.filter((s) => s.evidence_level === level);
          const pem = n.filter((s) => s.pem === 'required').length;
          return String(n.length) + (n.length ? ' · ' + share(n.length, pem) : '');
        });
        assertEqual(rows[i].slice(1).join(' | '), expected.join(' | '), `counts for ${topic}`);
        assertEqual(rows[i][0], `${topic} (${mine.length})`, `row header for ${topic}`);
      }
      await settle(page, 500);
      const png = await screenshot(page, `${name}-gap-map`);
      assert(await distinctColours(page, png) > 8, 'the map renders');
      // Choose a cell from the table.
      const label = new RegExp('^' + cell.topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ', ' + cell.level + ' ');
      const buttons = page.locator('#mirror-grid-table td button');
      const labels = await buttons.evaluateAll((b) => b.map((x) => x.getAttribute('aria-label')));
      const at = labels.findIndex((l) => label.test(l));
      assert(at >= 0, 'the cell has an accessible name: ' + labels.slice(0, 3).join(' / '));
      await buttons.nth(at).evaluate((b) => b.click());
      await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, cell.n);
      assertEqual(await buttons.nth(at).getAttribute('aria-pressed'), 'true', 'the chosen cell says so');
      const chips = await page.$$eval('#mirror-chips button', (b) => b.map((x) => x.textContent));
      assert(chips.includes('Remove filter: Topic: ' + cell.topic), 'a chip names the topic: ' + chips.join(', '));
      assert(chips.some((c) => c.startsWith('Remove filter: ' + cell.level + ' ')), 'a chip names the level');
      const listed = await page.$$eval('#mirror-list a', (a) => a.map((x) => x.textContent));
      const expected = studies.filter((s) => topicsOf(s).includes(cell.topic) && s.evidence_level === cell.level);
      assertEqual(listed.length, expected.length, 'the list holds the cell');
      await settle(page, 500);
      await screenshot(page, `${name}-gap-map-cell`);
      // Publication types as columns: only the types the topics have.
      await press(page, '#mirror-grid-axis button[data-axis=type]');
      await page.waitForFunction(() => /grid=type/.test(location.search));
      await page.waitForFunction(() => document.querySelector('#mirror-grid-table caption').textContent.includes('publication type'));
      const typeHeaders = await page.$$eval('#mirror-grid-table thead th', (th) => th.slice(1).map((x) => x.textContent));
      assert(typeHeaders.length >= 5 && typeHeaders.includes('Randomised controlled trial'), 'type columns: ' + typeHeaders.join(', '));
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],

  ['gap map: the canvas rests while the map is shown', async () => {
    const { context, page } = await openPage(browser, url);
    await waitForAtlas(page);
    await openGrid(page);
    await settle(page, 800);
    const before = await page.evaluate(() => window.__draws);
    await page.waitForTimeout(1200);
    assertEqual(await page.evaluate(() => window.__draws), before, 'no draws while nothing changes');
    await context.close();
  }],

  ['topic page: from the map, counts by level and PEM, a timeline, links, studies in reading order; back (desktop and phone)', async () => {
    const topic = 'Infection & Viruses';
    const mine = studies.filter((s) => topicsOf(s).includes(topic));
    for (const [size, name] of sizes) {
      const { context, page, errors } = await openPage(browser, url, size);
      await waitForAtlas(page);
      await openGrid(page);
      const rowButton = page.locator('#mirror-grid-table th button', { hasText: topic + ' (' });
      await rowButton.evaluate((b) => b.click());
      await page.waitForSelector('#mirror-topic:not([hidden]) h2');
      await page.waitForFunction(() => /topic=Infection%20%26%20Viruses/.test(location.search));
      assertEqual(await page.textContent('#mirror-topic h2'), 'Topic: ' + topic, 'heading');
      const pem = mine.filter((s) => s.pem === 'required').length;
      const summary = await page.textContent('#mirror-topic h2 + p');
      assert(summary.startsWith(`The atlas holds ${mine.length} studies on ${topic}, ${pem} of them`), summary);
      const levels = await page.$$eval('#mirror-topic table:first-of-type tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent).join('|')));
      assertEqual(levels.join(' / '), LEVELS.map((l, i) => {
        const n = mine.filter((s) => s.evidence_level === l);
        return `${l} ${['Consensus', 'Replicated', 'Controlled', 'Preliminary'][i]}|${n.length}|${n.filter((s) => s.pem === 'required').length}`;
      }).join(' / '), 'counts by level and PEM');
      const years = await page.$$eval('#mirror-topic table:nth-of-type(2) tbody th', (th) => th.map((x) => Number(x.textContent)));
      assertEqual(years.join(','), [...new Set(mine.map((s) => s.year))].sort((a, b) => a - b).join(','), 'timeline years');
      const headings = await page.$$eval('#mirror-topic h4', (h) => h.map((x) => x.textContent));
      assert(headings.includes('Retractions') && headings.includes('Not replicated'), 'links by kind: ' + headings.join(', '));
      const retraction = await page.textContent('#mirror-topic ul.links li');
      assert(/is the retraction notice of \[Retracted\] Lombardi et al\. 2009/.test(retraction), retraction);
      const order = await page.$$eval('#mirror-topic ol li .note', (n) => n.map((x) => x.textContent.slice(0, 2)));
      assertEqual(order.join(''), order.slice().sort().join(''), 'strongest evidence type first');
      await settle(page, 500);
      const png = await screenshot(page, `${name}-topic-page`);
      assert(await distinctColours(page, png) > 8, 'the topic page renders');
      // A study on the page opens its card; back returns to the page, then to the map.
      await press(page, '#mirror-topic ol a');
      await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
      await page.evaluate(() => window.atlasApp.command('back'));
      await page.waitForSelector('#mirror-topic:not([hidden]) h2');
      await press(page, '#mirror-topic button[data-key="topic:back"]');
      await page.waitForSelector('#mirror-grid:not([hidden])');
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],

  ['links: a card names the notice that retracted it; following a link opens that card, and back returns (button and browser)', async () => {
    const lombardi = studies.findIndex((s) => s.slug.startsWith('lombardi-2009'));
    const notice = studies.find((s) => s.slug.startsWith('alberts-2011-retraction'));
    assert(lombardi >= 0 && notice, 'the XMRV story is in the bundle');
    for (const [size, name] of sizes) {
      const { context, page, errors } = await openPage(browser, url, size);
      await waitForAtlas(page);
      await page.evaluate((i) => window.atlasApp.command('open ' + i), lombardi);
      await page.waitForFunction(() => !document.getElementById('mirror-card').hidden);
      const groups = await page.$$eval('#mirror-card [data-section=relations] h4', (h) => h.map((x) => x.textContent));
      assertEqual(groups.join(' | '), 'Retraction notice | Not replicated by | Commented on by', 'the card lists its links, the notice first');
      const who = await page.$$eval('#mirror-card [data-section=population] dd', (d) => d.map((x) => x.textContent));
      assert(who.length > 0 && /patients/.test(who[0]), 'who was studied: ' + who.join(', '));
      await settle(page, 500);
      await screenshot(page, `${name}-card-links`);
      const link = page.locator('#mirror-card [data-relation=retraction_notice] a');
      assert((await link.getAttribute('href')).includes('study=' + notice.slug), 'the link is the other card\'s address');
      await link.evaluate((a) => a.click());
      await page.waitForFunction((slug) => document.getElementById('mirror-card').dataset.slug === slug, notice.slug);
      await page.waitForFunction((slug) => location.search.includes('study=' + slug), notice.slug);
      const back = await page.textContent('#mirror-card .card-nav button');
      assertEqual(back, 'Back to Lombardi et al. 2009', 'the back button says where it leads');
      await press(page, '#mirror-card .card-nav button');  // back: to the card the link was followed from
      await page.waitForFunction((slug) => document.getElementById('mirror-card').dataset.slug === slug, studies[lombardi].slug);
      // And with the browser's back, through the history the link made.
      await page.locator('#mirror-card [data-relation=retraction_notice] a').evaluate((a) => a.click());
      await page.waitForFunction((slug) => document.getElementById('mirror-card').dataset.slug === slug, notice.slug);
      await page.goBack();
      await page.waitForFunction((slug) => document.getElementById('mirror-card').dataset.slug === slug, studies[lombardi].slug);
      // A paper outside the atlas is a web link that opens in a new tab.
      const outside = studies.findIndex((s) => (s.relations || []).some((r) => r.doi));
      await page.evaluate((i) => window.atlasApp.command('open ' + i), outside);
      await page.waitForFunction(() => document.querySelector('#mirror-card [data-section=relations] a[target=_blank]'));
      const href = await page.getAttribute('#mirror-card [data-section=relations] a[target=_blank]', 'href');
      assert(href.startsWith('https://doi.org/10.'), href);
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],

  ['PEM switch: recounts results and every count, lives in the URL, survives a reload', async () => {
    const required = studies.filter((s) => s.pem === 'required');
    const { context, page, errors } = await openPage(browser, url);
    await waitForAtlas(page);
    assertEqual(await count(page), studies.length, 'all studies first');
    await page.locator('#mirror-pemonly').evaluate((i) => i.click());
    await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, required.length);
    await page.waitForFunction(() => /pemonly=1/.test(location.search));
    const pemOptions = await page.$$eval('[data-facet=pem] label', (l) => l.map((x) => x.textContent));
    assertEqual(pemOptions.join(' | '), `PEM required (${required.length})`, 'the PEM facet recounts too');
    const rcts = required.filter((s) => s.publication_type === 'Trial-RCT').length;
    const rctLabel = await page.textContent('label[for="f-type-Trial-RCT"]');
    assertEqual(rctLabel, `Randomised controlled trial (${rcts})`, 'other facets recount');
    await settle(page, 500);
    await screenshot(page, 'desktop-pem-switch');
    await openGrid(page);
    const cells = await page.$$eval('#mirror-grid-table td button', (b) => b.map((x) => x.textContent));
    assert(cells.every((c) => c === '0' || / · 100% PEM$/.test(c)), 'the map recounts: ' + cells.slice(0, 6).join(', '));
    await page.reload();
    await waitForAtlas(page);
    await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, required.length);
    assertEqual(await page.isChecked('#mirror-pemonly'), true, 'the switch is on after a reload');
    await page.locator('#mirror-pemonly').evaluate((i) => i.click());
    await page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, studies.length);
    assertEqual(errors.join('\n'), '', 'no errors');
    await context.close();
    // On a phone the switch is above the list, a finger's size.
    const phone = await openPage(browser, url, PHONE);
    await waitForAtlas(phone.page);
    await phone.page.locator('#mirror-pemonly').evaluate((i) => i.click());
    await phone.page.waitForFunction((n) => parseInt(document.getElementById('mirror-count').textContent, 10) === n, required.length);
    await settle(phone.page, 500);
    await screenshot(phone.page, 'phone-pem-switch');
    await phone.context.close();
  }],

  ['static text version: a page per topic, escaped and linked from the index and from study pages', async () => {
    const { context, page } = await openPage(browser, url + 'text/index.html');
    const links = await page.$$eval('nav[aria-labelledby=topics] a', (a) => a.map((x) => [x.textContent, x.getAttribute('href')]));
    assertEqual(links.map((l) => l[0]).join('|'), topics.join('|'), 'the index lists every topic');
    for (const [topic, href] of links) {
      assert(/^topic\/[a-z0-9-]+\.html$/.test(href), href);
      const response = await page.goto(url + 'text/' + href);
      assertEqual(response.status(), 200, href);
      assertEqual(await page.textContent('h1'), 'Topic: ' + topic, 'heading of ' + href);
      const mine = studies.filter((s) => topicsOf(s).includes(topic));
      assertEqual((await page.$$('#studies ol li')).length, mine.length, 'every study of ' + topic);
      const bad = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))
        .filter((h) => !(h.startsWith('../') || /^https?:\/\//.test(h))));
      assertEqual(bad.join(','), '', 'links leave the topic folder or the site');
      const html = await page.content();
      assert(!/<script(?![^>]*ld\+json)/i.test(html), 'no scripts');
      if (topic.includes('&')) assert((await (await page.request.get(url + 'text/' + href)).text()).includes('&amp;'), 'the ampersand is escaped');
    }
    // Study pages link their topics and their links.
    const lombardi = studies.find((s) => s.slug.startsWith('lombardi-2009'));
    await page.goto(url + 'text/' + lombardi.slug + '.html');
    const topicLinks = await page.$$eval('#tags a', (a) => a.map((x) => x.getAttribute('href')));
    assertEqual(topicLinks.join(','), 'topic/infection-viruses.html', 'the study page links its topic');
    const relationLinks = await page.$$eval('#relations a', (a) => a.map((x) => x.getAttribute('href')));
    assert(relationLinks.some((h) => h.startsWith('alberts-2011-retraction')), 'the study page links its retraction notice: ' + relationLinks.join(','));
    for (const h of relationLinks) assertEqual((await page.request.get(url + 'text/' + h)).status(), 200, h);
    await context.close();
  }],
];
