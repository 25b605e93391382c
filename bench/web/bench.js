// bench.js — the comparison benchmark (bench/web/bench.html; driven by tools/bench-browser.mjs).
// The route a JavaScript developer would take to the same reader features: fetch + JSON.parse, a
// MiniSearch index with prefix and fuzzy search, facet counts with plain loops over the results;
// and the same query protocol run against the app's core (atlas_web_bench_queries), so both routes
// are timed the same way on the same atlas and queries.
//
// On bench.html (<html data-bench-page>) it starts by itself: ?atlas=URL (required), &runs=N,
// &auto=0 (load and index only: the driver runs the queries), &compare=1 (then load the app in an
// iframe and print the ratios). Elsewhere (the driver adds it to the app's page) it only defines
// window.atlasBench.
'use strict';

(function () {
  // ~40 queries from words that occur in `atlas synth` output (its vocabulary does not depend on the
  // count): single words from rare to common, 2-3 letter prefixes as they are typed, two-word queries.
  const QUERIES = [
    // single words
    'fatigue', 'exercise', 'orthostatic', 'plasma', 'cardiopulmonary', 'metabolism', 'sequencing',
    'proteomic', 'naltrexone', 'rituximab', 'housebound', 'thomas', 'cytotoxicity', 'microbiome',
    // prefixes, as typed
    'fa', 'fat', 'ex', 'exe', 'or', 'ort', 'pl', 'pla', 'na', 'nat', 'mi', 'mit', 'cy', 'cyt',
    // two words (the last one as typed)
    'chronic fatigue', 'natural killer', 'orthostatic intolerance', 'healthy controls', 'multiple sclerosis',
    'systematic review', 'cross sectional', 'exercise induced', 'single cell', 'fatigue severity', 'heart rate',
    'natural ki',
  ];
  const KINDS = QUERIES.map((q, i) => (i < 14 ? 'word' : i < 28 ? 'prefix' : 'two words'));

  // MiniSearch as the README suggests it, over the fields the app searches most. combineWith AND:
  // every word must match, as in the app (MiniSearch's default, OR, would return far more studies).
  const FIELDS = ['title', 'authors', 'journal', 'summary', 'findings'];
  const SEARCH_OPTIONS = { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { title: 3, findings: 2 } };
  function extractField(study, field) {
    switch (field) {
      case 'id': return study.id;
      case 'title': return study.title;
      case 'authors': return (study.authors || []).join(' ');
      case 'journal': return study.journal;
      case 'summary': return study.sections ? study.sections.quick_summary : undefined;
      case 'findings': return study.sections && study.sections.observed_findings ? study.sections.observed_findings.join(' ') : undefined;
      default: return study[field];
    }
  }

  // Facet counts over the results, with plain loops: evidence, PEM, publication type, year, tags.
  function facetCounts(results, byId) {
    const evidence = {}, pem = {}, type = {}, year = {}, tags = {};
    for (let i = 0; i < results.length; i++) {
      const s = byId.get(results[i].id);
      evidence[s.evidence_level] = (evidence[s.evidence_level] || 0) + 1;
      pem[s.pem] = (pem[s.pem] || 0) + 1;
      type[s.publication_type] = (type[s.publication_type] || 0) + 1;
      year[s.year] = (year[s.year] || 0) + 1;
      if (s.tags) {
        for (const category in s.tags) {
          const counts = tags[category] || (tags[category] = {});
          for (const tag of s.tags[category]) counts[tag] = (counts[tag] || 0) + 1;
        }
      }
    }
    return { evidence, pem, type, year, tags };
  }

  const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : null);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

  // The JavaScript route, from navigation to searchable. Times are performance.now(): ms since
  // this page's navigation started.
  async function loadJsRoute(url) {
    const times = { start: performance.now() };
    performance.mark('atlas-js-start');
    const response = await fetch(url);
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + url);
    const text = await response.text();
    times.fetched = performance.now();
    performance.mark('atlas-js-fetched');
    const atlas = JSON.parse(text);
    times.parsed = performance.now();
    performance.mark('atlas-js-parsed');
    const studies = atlas.studies;
    const byId = new Map();
    for (const s of studies) byId.set(s.id, s);
    // eslint-disable-next-line no-undef
    const index = new MiniSearch({ fields: FIELDS, idField: 'id', extractField, searchOptions: SEARCH_OPTIONS });
    index.addAll(studies);
    times.searchable = performance.now();
    performance.mark('atlas-js-indexed');
    return { atlas, studies, byId, index, times, heapAfterIndex: heap(), bytes: text.length };
  }

  let sink = 0;  // keeps the facet counts observable, so no engine can skip computing them
  function jsRunner(route) {
    return (q) => {
      const t0 = performance.now();
      const results = route.index.search(q);
      const counts = facetCounts(results, route.byId);
      const ms = performance.now() - t0;
      for (const k in counts.evidence) sink += counts.evidence[k];
      return { ms, results: results.length };
    };
  }

  // The app's core: atlas::RunQuery with facet counts and relevance sort, timed inside the module
  // with the page's clock (emscripten_get_now = performance.now()).
  function appRunner(app) {
    return (q) => {
      const line = app.bridge.benchQueries(q, 1);   // web/bridge.js: the page's one way into the app
      const [ms, results] = line.trim().split(',');
      return { ms: Number(ms), results: Number(results) };
    };
  }

  // One untimed pass, then `runs` passes over all queries (interleaved, so a query's samples are
  // spread over the run), yielding to the event loop between passes as typing would.
  async function timeQueries(run, queries, runs, onPass) {
    const results = queries.map((q) => run(q).results);
    const samples = queries.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (let i = 0; i < queries.length; i++) {
        // With markQueries, user-timing marks around each query let a trace give its CPU time too.
        if (api.markQueries) performance.mark('atlas-q-start');
        samples[i].push(run(queries[i]).ms);
        if (api.markQueries) performance.mark('atlas-q-end');
      }
      if (onPass) onPass(r + 1, runs);
      await pause();
    }
    return { queries, kinds: queries.map((q) => KINDS[QUERIES.indexOf(q)] || 'other'), results, samples, summary: summarize(samples) };
  }

  function percentile(sorted, p) {
    if (!sorted.length) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  }
  function summarize(samples) {
    const all = samples.flat().sort((a, b) => a - b);
    return { n: all.length, p50: percentile(all, 0.5), p95: percentile(all, 0.95), max: all[all.length - 1],
      mean: all.reduce((a, b) => a + b, 0) / (all.length || 1) };
  }

  const api = window.atlasBench = {
    QUERIES, KINDS, SEARCH_OPTIONS, FIELDS, facetCounts, summarize, percentile, timeQueries,
    route: null, error: null, markQueries: false,
    runJsQueries: (runs, queries) => timeQueries(jsRunner(api.route), queries || QUERIES, runs),
    runAppQueries: (runs, queries, app) => timeQueries(appRunner(app || window.atlasApp), queries || QUERIES, runs),
    sink: () => sink,
  };

  // [SECTION] The page: bench.html
  if (!document.documentElement.hasAttribute('data-bench-page')) return;
  const params = new URLSearchParams(location.search);
  // Styles from script (element.style is allowed under the site's style-src 'self'; <style> is not).
  function stylePage() {
    Object.assign(document.body.style, { font: '15px/1.45 system-ui, sans-serif', margin: '1.5rem', color: '#252629', background: '#F7F5F0' });
    const out = document.getElementById('bench-out');
    if (out) Object.assign(out.style, { font: '13px/1.4 ui-monospace, monospace', whiteSpace: 'pre-wrap' });
  }
  if (document.body) stylePage(); else document.addEventListener('DOMContentLoaded', stylePage);
  const status = (text) => { const el = document.getElementById('bench-state'); if (el) el.textContent = text; };
  const print = (text) => { const el = document.getElementById('bench-out'); if (el) el.textContent += text + '\n'; };
  const mb = (bytes) => (bytes / 1048576).toFixed(1) + ' MB';
  const ms = (x) => (x < 10 ? x.toFixed(3) : x.toFixed(1)) + ' ms';
  const ratio = (a, b) => (b ? (a / b).toFixed(2) : 'n/a');

  async function main() {
    const url = params.get('atlas');
    if (!url) { status('Give an atlas: bench.html?atlas=URL (same origin).'); return; }
    const runs = Math.max(1, Number(params.get('runs')) || 20);
    status('JavaScript route: fetch, JSON.parse, MiniSearch index…');
    api.route = await loadJsRoute(url);
    document.documentElement.dataset.benchLoad = 'ok';
    const t = api.route.times;
    print(`JavaScript route on ${url} (${api.route.studies.length} studies)`);
    print(`  searchable at ${ms(t.searchable)} after navigation (fetched ${ms(t.fetched)}, parsed ${ms(t.parsed)})`);
    print(`  JS heap after the index: ${api.route.heapAfterIndex === null ? 'n/a' : mb(api.route.heapAfterIndex)}`);
    if (params.get('auto') === '0') { status('Searchable; waiting for the driver.'); return; }
    const js = await api.runJsQueries(runs, QUERIES);
    print(`  ${QUERIES.length} queries x ${runs}: p50 ${ms(js.summary.p50)}, p95 ${ms(js.summary.p95)}`);
    if (params.get('compare') !== '1') { status('Done.'); return; }

    status('The app: loading the same atlas in a frame…');
    const frame = document.createElement('iframe');
    frame.title = 'The atlas app';
    Object.assign(frame.style, { width: '1280px', height: '800px', border: '1px solid #DAD6CE', marginTop: '1rem' });
    frame.src = 'index.html?atlas=' + encodeURIComponent(new URL(url, location.href).pathname);
    document.body.append(frame);
    const loaded = await new Promise((resolve) => {
      const timer = setInterval(() => {
        const w = frame.contentWindow;
        const code = w && w.document && w.document.documentElement && w.document.documentElement.dataset.atlasLoad;
        if (code && w.atlasApp) { clearInterval(timer); resolve({ at: w.performance.now(), code, app: w.atlasApp }); }
      }, 1);
    });
    const app = await api.runAppQueries(runs, QUERIES, loaded.app);
    const wasm = loaded.app.module.HEAP8.length;
    print(`\nThe app (frame) — load ${loaded.code}: searchable at ${ms(loaded.at)} after the frame's navigation`);
    print(`  ${QUERIES.length} queries x ${runs}: p50 ${ms(app.summary.p50)}, p95 ${ms(app.summary.p95)}; wasm memory ${mb(wasm)}`);
    print('\n                      app          JavaScript   JS / app');
    print(`time to searchable    ${ms(loaded.at).padEnd(12)} ${ms(t.searchable).padEnd(12)} ${ratio(t.searchable, loaded.at)}`);
    print(`query p50             ${ms(app.summary.p50).padEnd(12)} ${ms(js.summary.p50).padEnd(12)} ${ratio(js.summary.p50, app.summary.p50)}`);
    print(`query p95             ${ms(app.summary.p95).padEnd(12)} ${ms(js.summary.p95).padEnd(12)} ${ratio(js.summary.p95, app.summary.p95)}`);
    print(`memory                ${mb(wasm).padEnd(12)} ${(api.route.heapAfterIndex === null ? 'n/a' : mb(api.route.heapAfterIndex)).padEnd(12)} ${ratio(api.route.heapAfterIndex, wasm)}`);
    print('\nIndicative only: both routes share this page and process. ./build.sh bench measures each in a fresh page.');
    status('Done.');
  }

  main().catch((e) => {
    api.error = String(e && e.message ? e.message : e);
    document.documentElement.dataset.benchLoad = 'error';
    status('Failed: ' + api.error);
  });
})();
