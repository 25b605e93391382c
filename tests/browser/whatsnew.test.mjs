// What's new: the Atom feed (parsed by a feed parser from npm and checked against the bundle and the
// built pages), the feed from a diff with a previous version (the CLI), and the app's marks for
// studies new or changed since the reader's last visit (kept in localStorage only), with their filter.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseFeed } from '@rowanmanning/feed-parser';
import { openPage, waitForAtlas, settle, screenshot, assert, assertEqual, ROOT } from './harness.mjs';

const SITE = path.join(ROOT, 'build/site');
const ATLAS_CLI = path.join(ROOT, 'build/native/cli/atlas');
const bundle = JSON.parse(fs.readFileSync(path.join(SITE, 'atlas.json'), 'utf8'));
const BASE = process.env.ATLAS_BASE_URL || 'http://localhost:8080/';   // build.sh's default
const SEEN_KEY = 'mecfs-atlas-seen';
const bySlug = new Map(bundle.studies.map((s) => [s.slug, s]));

// The studies in the order the feed must list them: last_updated, newest first, then title.
const newestFirst = (studies) => studies.slice().sort((a, b) =>
  (a.last_updated !== b.last_updated ? (a.last_updated < b.last_updated ? 1 : -1) : (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)));

function relatedLinks(xml) {
  return [...xml.matchAll(/<link rel="related" type="text\/html" title="Text version" href="([^"]+)"\/>/g)].map((m) => m[1]);
}

export const tests = ({ browser, url }) => [
  ['the feed: valid Atom, newest first, each entry the deep link and the text page of a study in the bundle', async () => {
    const response = await fetch(url + 'feed.xml');
    assertEqual(response.status, 200, 'feed.xml is served');
    assert(/^application\/atom\+xml/.test(response.headers.get('content-type')), 'served as Atom');
    const xml = await response.text();
    const feed = parseFeed(xml);
    assertEqual(feed.meta.type, 'atom', 'parsed as Atom');
    assertEqual(feed.title, bundle.title + ': new and changed studies', 'feed title');
    assertEqual(feed.self, BASE + 'feed.xml', 'self link');
    const expected = newestFirst(bundle.studies).slice(0, 50);
    assertEqual(feed.items.length, expected.length, 'entries: the 50 updated most recently');
    const related = relatedLinks(xml);
    feed.items.forEach((item, i) => {
      const study = expected[i];
      assertEqual(item.url, BASE + '?study=' + study.slug, `entry ${i} links to its deep link`);
      assertEqual(item.id, item.url, `entry ${i} id`);
      assertEqual(item.title, study.title, `entry ${i} title`);
      assertEqual(item.updated.toISOString().slice(0, 10), study.last_updated, `entry ${i} updated`);
      assert(item.description.includes(study.sections.quick_summary), `entry ${i} carries the quick summary`);
      assertEqual(related[i], BASE + 'text/' + study.slug + '.html', `entry ${i} links to its text page`);
      assert(fs.existsSync(path.join(SITE, 'text', study.slug + '.html')), `the text page of ${study.slug} exists`);
    });
    for (let i = 1; i < feed.items.length; i++) assert(feed.items[i - 1].updated >= feed.items[i].updated, 'newest first');
    // Both the app and the text version advertise it.
    const index = await (await fetch(url)).text();
    assert(/<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="feed.xml">/.test(index), 'the app links the feed');
    const text = await (await fetch(url + 'text/index.html')).text();
    assert(text.includes('href="../feed.xml"') && text.includes('<a href="changes.html">Changes in this version</a>'), 'the text version links the feed and its changes page');
    const changes = await fetch(url + 'text/changes.html');
    assertEqual(changes.status, 200, 'the changes page is there');
  }],

  ['the feed from a diff: a previous version gives exactly the added and changed studies', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-feed-'));
    // The previous version: the first study not yet there, the second with another quick summary.
    const previous = JSON.parse(JSON.stringify(bundle));
    const added = previous.studies.shift();
    const changed = previous.studies[0];
    changed.sections.quick_summary = 'An older summary.';
    fs.writeFileSync(path.join(dir, 'previous.json'), JSON.stringify(previous));
    execFileSync(ATLAS_CLI, ['build', path.join(ROOT, 'data/studies'), '-o', path.join(dir, 'atlas.json'),
      '--base-url', 'https://atlas.example.org/', '--previous', path.join(dir, 'previous.json')], { stdio: 'pipe' });
    const feed = parseFeed(fs.readFileSync(path.join(dir, 'feed.xml'), 'utf8'));
    const want = newestFirst([added, changed]);
    assertEqual(feed.items.map((i) => i.url).join(' '), want.map((s) => 'https://atlas.example.org/?study=' + s.slug).join(' '), 'the two entries, newest first');
    const say = (s) => feed.items.find((i) => i.url.endsWith('=' + s.slug)).description.split('\n')[0];
    assertEqual(say(added), 'New in this version.', 'the added study says so');
    assertEqual(say(changed), 'Changed in this version: Quick summary.', 'the changed study names the field');
    // atlas diff says the same, and writes the changes page.
    let out = '';
    try { execFileSync(ATLAS_CLI, ['diff', path.join(dir, 'previous.json'), path.join(SITE, 'atlas.json')], { stdio: 'pipe' }); } catch (e) { out = e.stdout.toString(); assertEqual(e.status, 1, 'exit 1: changes'); }
    assertEqual(out, `added    ${added.id}  ${added.title}\nchanged  ${changed.id}  sections.quick_summary\n1 added, 0 removed, 1 changed, ${bundle.studies.length - 2} unchanged\n`, 'atlas diff');
    fs.rmSync(dir, { recursive: true, force: true });
  }],

  ['since the last visit: marks and their filter, kept only in this browser, cleared when marked seen', async () => {
    for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
      const { context, page, errors } = await openPage(browser, url, { width, height, scale: name === 'phone' ? 3 : 1 });
      const requests = [];
      page.on('request', (r) => requests.push(r.method() + ' ' + r.url()));
      const missing = [];
      page.on('response', (r) => { if (r.status() >= 400) missing.push(r.url()); });
      await waitForAtlas(page);
      // A first visit marks nothing, and remembers what it showed.
      assertEqual(await page.$$eval('#mirror-list .meta', (m) => m.filter((x) => /^(New|Changed) · /.test(x.textContent)).length), 0, 'no marks on a first visit');
      const stored = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), SEEN_KEY);
      assertEqual(stored.baseline, null, 'first visit: no baseline');
      assertEqual(stored.latest.length, Math.ceil(bundle.studies.length * 8 / 3) * 4, 'a snapshot of every study');
      // The last visit, two hours ago, saw an atlas without the first study and with the second different.
      // (Changed from another page of the site: leaving the app marks the visit as going on until now.)
      await page.goto(url + 'feed.xml');
      await page.evaluate(([k]) => {
        const seen = JSON.parse(localStorage.getItem(k));
        const bytes = Uint8Array.from(atob(seen.latest), (c) => c.charCodeAt(0));
        const older = bytes.slice(8);      // study 0 not there
        older[4] ^= 0xff;                  // study 1: another content hash
        seen.latest = btoa(String.fromCharCode(...older));
        seen.last = Date.now() - 2 * 3600e3;
        localStorage.setItem(k, JSON.stringify(seen));
      }, [SEEN_KEY]);
      await page.goto(url);
      await waitForAtlas(page);
      await page.evaluate(() => window.atlasApp.command('sort newest'));
      await page.waitForFunction(() => document.querySelector('#mirror-filters [data-facet=since]'));
      assertEqual(await page.textContent('label[for=f-since-new]'), 'New since your last visit (1)', 'one new');
      assertEqual(await page.textContent('label[for=f-since-changed]'), 'Changed since your last visit (1)', 'one changed');
      await settle(page);
      await screenshot(page, `${name}-since-last-visit`);
      await page.locator('#f-since-new').evaluate((i) => i.click());
      await page.locator('#f-since-changed').evaluate((i) => i.click());
      await page.waitForFunction(() => parseInt(document.getElementById('mirror-count').textContent, 10) === 2);
      const metas = await page.$$eval('#mirror-list .meta', (m) => m.map((x) => x.textContent.split(' · ')[0]).sort());
      assertEqual(metas.join(','), 'Changed,New', 'the two marked studies listed');
      await page.evaluate(() => window.atlasApp.command('open 0'));
      await page.waitForFunction(() => document.querySelector('#mirror-card .since'));
      assertEqual(await page.textContent('#mirror-card .since'), 'New since your last visit', 'the card says so');
      await settle(page);
      await screenshot(page, `${name}-since-card`);
      // A reload within the visit keeps the marks (and the filter from the link).
      await page.reload();
      await waitForAtlas(page);
      await page.waitForFunction(() => document.querySelector('#mirror-card .since'));
      // Marked seen: the marks go, and stay gone.
      await page.locator('#mirror-seen').evaluate((b) => b.click());
      await page.waitForFunction(() => !document.querySelector('#mirror-filters [data-facet=since]'));
      await page.reload();
      await waitForAtlas(page);
      assertEqual(await page.$('#mirror-filters [data-facet=since]'), null, 'no marks after "Mark all as seen"');
      assert(requests.every((r) => r.startsWith('GET ' + url)), 'nothing sent anywhere: ' + requests.filter((r) => !r.startsWith('GET ' + url)).join(', '));
      // (Visiting feed.xml, the browser asks for /favicon.ico, which the site does not have.)
      assertEqual(missing.filter((u) => !u.endsWith('/favicon.ico')).join(' '), '', 'nothing missing');
      // (The favicon is asked for by the browser itself, not the page: its 404 reaches the console only.)
      assertEqual(errors.filter((e) => !/status of 404/.test(e)).join('\n'), '', 'no errors');
      await context.close();
    }
  }],
];
