// bench-split.mjs — figures for growing beyond one atlas file (BENCHMARKS.md, "Beyond one file"):
// how big a compact index (what the list, search-as-you-type on titles/authors, and the filters
// need) is against the full atlas, and how big the lazily fetched chunks of card bodies would be.
//
// For each size: `atlas synth` writes the full atlas; it is split by streaming (a 500k-study atlas
// is ~1.3 GB, more than V8's longest string, so it is never read whole), into
//   A. a compact atlas: a valid format-v1 file with the same keys, bodies left out (journal "",
//      quick_summary "", no pmid/doi/sections) — loadable today by `atlas validate` and by the app;
//   B. a columnar compact index (a sketch of a purpose-built format): one array per field, codes as
//      small integers, authors and tags dictionary-encoded;
//   C. the card bodies, in chunks of --chunk studies (measured in memory, not written).
// Measured: bytes raw and gzip -6; native load (`atlas validate`, best of 3, and its peak RSS);
// JSON.parse in Node (best of 3); with --browser, the app's time to searchable and wasm heap on A
// (two loads; tools/bench-browser.mjs, same serving and Chromium set-up); with --browser-full, also
// one load of the full atlas in the app (slow: a 500k atlas takes minutes and ~3.5 GB of wasm heap).
//
// usage: node tools/bench-split.mjs [--sizes 100000,500000] [--chunk 1000] [--browser] [--browser-full] [--keep]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { ROOT } from './bench-browser.mjs';

const CLI = path.join(ROOT, 'build/native/cli/atlas');
const log = (...a) => console.error('bench-split:', ...a);
const MB = 1048576;
const mb = (b) => (b / MB).toFixed(1);

// [SECTION] Streaming split: yields the header object, then each study object, of a format-v1
// atlas whose "studies" array is its last key (as `atlas synth` and `atlas build` write it).
// Byte-level scan: in UTF-8 no byte of a multi-byte character is '"', '\\', '{', '}', '[' or ']'.
function* readAtlas(file) {
  const fd = fs.openSync(file, 'r');
  const block = Buffer.allocUnsafe(16 * MB);
  const KEY = '"studies":[';
  const st = { depth: 0, inString: false, escaped: false, done: false, pieces: [] };
  let headerBytes = [];
  try {
    for (;;) {
      const n = fs.readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      let buf = block.subarray(0, n);
      if (headerBytes) {
        headerBytes.push(Buffer.from(buf));
        const all = Buffer.concat(headerBytes);
        const at = all.indexOf(KEY);
        if (at < 0) { if (all.length > 64 * MB) throw new Error('no "studies" array in the first 64 MB'); continue; }
        yield { header: JSON.parse(all.subarray(0, at).toString('utf8').replace(/,\s*$/, '') + '}') };
        buf = all.subarray(at + KEY.length);
        headerBytes = null;
      }
      yield* scan(buf, st);
      if (st.done) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}
function* scan(buf, st) {
  let start = st.depth > 0 ? 0 : -1;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (st.inString) {
      if (st.escaped) st.escaped = false;
      else if (c === 0x5c) st.escaped = true;
      else if (c === 0x22) st.inString = false;
      continue;
    }
    if (c === 0x22) { st.inString = true; continue; }
    if (c === 0x7b || c === 0x5b) { if (st.depth === 0) start = i; st.depth++; continue; }
    if (c === 0x7d || c === 0x5d) {
      if (st.depth === 0) { st.done = true; return; }   // the closing ']' of "studies"
      if (--st.depth === 0) {
        st.pieces.push(buf.subarray(start, i + 1));
        const json = (st.pieces.length === 1 ? st.pieces[0] : Buffer.concat(st.pieces)).toString('utf8');
        st.pieces = [];
        start = -1;
        yield JSON.parse(json);
      }
    }
  }
  if (st.depth > 0 && start >= 0) st.pieces.push(Buffer.from(buf.subarray(start)));   // the block is reused
}

// [SECTION] The three parts
const COMPACT_KEYS = ['id', 'slug', 'title', 'authors', 'year', 'evidence_level', 'confidence', 'pem', 'case_definitions',
  'publication_type', 'peer_review', 'review_status', 'tags', 'last_updated'];
function compactStudy(s) {
  const c = {};
  for (const k of COMPACT_KEYS) if (s[k] !== undefined) c[k] = s[k];
  c.journal = '';                                   // required by the format; the body has it
  if (s.retraction) c.retraction = { retracted: !!s.retraction.retracted };
  c.sections = { quick_summary: '' };               // required by the format; the body has it
  return c;
}
function bodyOf(s) {
  const b = { id: s.id, journal: s.journal, pmid: s.pmid, doi: s.doi, sections: s.sections };
  if (s.retraction) b.retraction = s.retraction;
  return b;
}

const ENUMS = {
  evidence_level: ['E0', 'E1', 'E2', 'E3'], confidence: ['high', 'moderate', 'low'], pem: ['required', 'not_required', 'unclear'],
  peer_review: ['peer_reviewed', 'preprint'], review_status: ['machine_draft', 'editor_reviewed', 'expert_reviewed'],
  publication_type: ['Trial-RCT', 'Trial-Controlled', 'Trial-Open-label', 'Observational-Cohort', 'Observational-Case-control',
    'Observational-Cross-sectional', 'Case-Series', 'Case-Report', 'Review-Narrative', 'Review-Systematic', 'Meta-analysis',
    'Guideline', 'Consensus', 'Other'],
  case_definitions: ['CCC', 'ICC', 'IOM', 'Fukuda', 'Oxford', 'Holmes', 'London', 'NICE', 'other'],
};
class Columnar {
  constructor() {
    this.authorIndex = new Map(); this.tagIndex = new Map();
    this.c = { id: [], title: [], year: [], codes: [], case_definitions: [], authors: [], tags: [], updated: [] };
  }
  add(s) {
    const c = this.c;
    c.id.push(s.id);   // slug = id for synthetic data; a real index would carry both only when they differ
    c.title.push(s.title);
    c.year.push(s.year);
    // evidence, confidence, pem, peer review, review status, retracted: one small integer.
    const e = (k) => Math.max(0, ENUMS[k].indexOf(s[k]));
    c.codes.push(e('evidence_level') | e('confidence') << 2 | e('pem') << 4 | e('peer_review') << 6 | e('review_status') << 7 |
      (s.retraction && s.retraction.retracted ? 1 : 0) << 9 | e('publication_type') << 10);
    c.case_definitions.push((s.case_definitions || []).reduce((bits, d) => bits | 1 << Math.max(0, ENUMS.case_definitions.indexOf(d)), 0));
    c.authors.push((s.authors || []).map((a) => this.intern(this.authorIndex, a)));
    const tags = [];
    for (const [category, list] of Object.entries(s.tags || {})) for (const t of list) tags.push(this.intern(this.tagIndex, category + '\u0000' + t));
    c.tags.push(tags);
    c.updated.push(s.last_updated);
  }
  intern(map, key) { let i = map.get(key); if (i === undefined) { i = map.size; map.set(key, i); } return i; }
  json(header) {
    return JSON.stringify({ format: 'mecfs-atlas-index (sketch)', title: header.title, tag_categories: header.tag_categories,
      author_names: [...this.authorIndex.keys()], tag_names: [...this.tagIndex.keys()], ...this.c });
  }
}

// [SECTION] Measuring
const bestOf = (n, fn) => { let best = Infinity; for (let i = 0; i < n; i++) { const t = process.hrtime.bigint(); fn(); best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6); } return best; };
async function gzipSize(file) {
  let size = 0;
  await pipeline(fs.createReadStream(file), zlib.createGzip({ level: 6 }), async function* (source) { for await (const chunk of source) size += chunk.length; });
  return size;
}
// `atlas validate`: best wall time of 3 and the peak resident memory (GNU time), as the native
// stand-in for the app's load (same core, atlas::LoadAtlas; wasm is slower, see the browser table).
function nativeValidate(file) {
  let best = Infinity, bestCpu = Infinity, peakKb = null, out = '';
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const timed = fs.existsSync('/usr/bin/time');
    const r = timed ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', CLI, 'validate', file], { encoding: 'utf8' })
      : spawnSync(CLI, ['validate', file], { encoding: 'utf8' });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    out = (r.stdout || '').trim();
    const m = (r.stderr || '').trim().split('\n').pop().match(/^(\d+) ([\d.]+) ([\d.]+)$/);
    if (m) { peakKb = Math.max(peakKb || 0, Number(m[1])); bestCpu = Math.min(bestCpu, (Number(m[2]) + Number(m[3])) * 1000); }
  }
  return { ms: best, cpuMs: Number.isFinite(bestCpu) ? bestCpu : null, peakMb: peakKb ? peakKb / 1024 : null, out };
}
function nodeParse(file) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    let studies = 0;
    const ms = bestOf(3, () => { const doc = JSON.parse(text); studies = (doc.studies || doc.id || []).length; });
    return { ms, studies };
  } catch (e) {
    return { error: e.code === 'ERR_STRING_TOO_LONG' ? `cannot be read into one string: ${e.message}` : String(e.message || e) };
  }
}

async function measure(n, dir, chunkSize) {
  const full = path.join(dir, `full-${n}.json`), compact = path.join(dir, `compact-${n}.json`), columnar = path.join(dir, `index-${n}.json`);
  log(`${n}: atlas synth`);
  execFileSync(CLI, ['synth', '--count', String(n), '--seed', '1', '-o', full], { stdio: ['ignore', 'ignore', 'inherit'] });
  log(`${n}: splitting`);
  const out = fs.openSync(compact, 'w');
  const col = new Columnar();
  const chunks = { count: 0, raw: [], gz: [], parseMs: [] };
  let header = null, count = 0, pending = [];
  const flushChunk = () => {
    if (!pending.length) return;
    const json = JSON.stringify(pending);
    chunks.count++;
    chunks.raw.push(Buffer.byteLength(json));
    chunks.gz.push(zlib.gzipSync(json, { level: 6 }).length);
    if (chunks.count <= 5) chunks.parseMs.push(bestOf(3, () => JSON.parse(json)));
    pending = [];
  };
  for (const item of readAtlas(full)) {
    if (item.header) {
      header = item.header;
      const { ...h } = header;
      h.title = `Compact index of ${h.title}`;
      const text = JSON.stringify(h);
      fs.writeSync(out, text.slice(0, -1) + (text.length > 2 ? ',' : '') + '"studies":[');
      continue;
    }
    fs.writeSync(out, (count ? ',' : '') + JSON.stringify(compactStudy(item)));
    col.add(item);
    pending.push(bodyOf(item));
    if (pending.length === chunkSize) flushChunk();
    count++;
  }
  flushChunk();
  fs.writeSync(out, ']}');
  fs.closeSync(out);
  fs.writeFileSync(columnar, col.json(header));
  log(`${n}: ${count} studies; gzip sizes`);
  const sizes = {};
  for (const [k, f] of [['full', full], ['compact', compact], ['columnar', columnar]]) sizes[k] = { raw: fs.statSync(f).size, gz: await gzipSize(f) };
  log(`${n}: native validate (full, compact)`);
  const native = { full: nativeValidate(full), compact: nativeValidate(compact) };
  log(`${n}: JSON.parse in Node (full, compact, columnar)`);
  const parse = { full: nodeParse(full), compact: nodeParse(compact), columnar: nodeParse(columnar) };
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  return {
    n: count, sizes, native, parse, compactFile: compact, fullFile: full,
    chunks: { count: chunks.count, size: chunkSize, rawAvg: sum(chunks.raw) / chunks.count, gzAvg: sum(chunks.gz) / chunks.count,
      rawTotal: sum(chunks.raw), gzTotal: sum(chunks.gz), parseMs: Math.min(...chunks.parseMs) },
  };
}

function report(rows, browser, info) {
  const L = [];
  L.push(`Measured ${info.date} on ${info.nproc} × ${info.cpu}, ${info.memGiB} GiB RAM (1-minute load average ${info.load.map((x) => x.toFixed(1)).join('–')}), Node ${process.version}; \`node tools/bench-split.mjs\`.`);
  L.push('');
  L.push('| | ' + rows.map((r) => `${r.n.toLocaleString('en')} studies`).join(' | ') + ' |');
  L.push('|---|' + rows.map(() => '---:').join('|') + '|');
  const row = (label, f) => L.push(`| ${label} | ${rows.map(f).join(' | ')} |`);
  row('full atlas JSON, MB raw / gzip', (r) => `${mb(r.sizes.full.raw)} / ${mb(r.sizes.full.gz)}`);
  row('A. compact atlas (format v1, no bodies), MB raw / gzip', (r) => `${mb(r.sizes.compact.raw)} / ${mb(r.sizes.compact.gz)} (${(100 * r.sizes.compact.raw / r.sizes.full.raw).toFixed(0)}% / ${(100 * r.sizes.compact.gz / r.sizes.full.gz).toFixed(0)}%)`);
  row('B. columnar compact index (sketch), MB raw / gzip', (r) => `${mb(r.sizes.columnar.raw)} / ${mb(r.sizes.columnar.gz)} (${(100 * r.sizes.columnar.raw / r.sizes.full.raw).toFixed(0)}% / ${(100 * r.sizes.columnar.gz / r.sizes.full.gz).toFixed(0)}%)`);
  row('C. card bodies: chunks × KB raw / gzip (average)', (r) => `${r.chunks.count} × ${(r.chunks.rawAvg / 1024).toFixed(0)} / ${(r.chunks.gzAvg / 1024).toFixed(0)} (${r.chunks.size} studies a chunk)`);
  const nat = (x) => `${x.ms.toFixed(0)} / ${x.cpuMs === null ? 'n/a' : x.cpuMs.toFixed(0)} / ${x.peakMb ? x.peakMb.toFixed(0) : 'n/a'}`;
  row('native load, full (`atlas validate`, best of 3): wall ms / CPU ms / peak RSS MB', (r) => nat(r.native.full));
  row('native load, A (`atlas validate`): wall ms / CPU ms / peak RSS MB', (r) => nat(r.native.compact));
  row('JSON.parse in Node, full, ms', (r) => (r.parse.full.error ? `**fails**: ${r.parse.full.error}` : r.parse.full.ms.toFixed(0)));
  row('JSON.parse in Node, A, ms', (r) => (r.parse.compact.error ? `fails: ${r.parse.compact.error}` : r.parse.compact.ms.toFixed(0)));
  row('JSON.parse in Node, B, ms', (r) => (r.parse.columnar.error ? `fails: ${r.parse.columnar.error}` : r.parse.columnar.ms.toFixed(0)));
  row('JSON.parse in Node, one body chunk, ms', (r) => r.chunks.parseMs.toFixed(1));
  row('`atlas validate` says (A)', (r) => r.native.compact.out);
  if (browser) {
    const rowsOf = [['the app on A: time to searchable, ms (each load)', 'searchable', ''], ['the app on A: wasm heap MB / per byte of A', 'heap', ''],
      ['the app on the full atlas: time to searchable, ms', 'searchable', 'full-'], ['the app on the full atlas: wasm heap MB / per byte of JSON', 'heap', 'full-']];
    for (const [label, key, prefix] of rowsOf) {
      if (prefix && !rows.some((r) => browser[prefix + r.n])) continue;
      row(label, (r) => {
        const b = browser[prefix + r.n];
        const base = prefix ? r.sizes.full.raw : r.sizes.compact.raw;
        if (!b) return 'not run';
        const ok = b.filter((x) => x.ok);
        if (!ok.length) return `**failed**: ${b[0].error}`;
        if (key === 'searchable') return ok.map((x) => x.searchableMs.toFixed(0)).join(', ');
        const heap = Math.max(...ok.map((x) => x.wasmAfterLoad));
        return `${mb(heap)} / ${(heap / base).toFixed(2)}`;
      });
    }
  }
  return L.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const opt = { sizes: [100000, 500000], chunk: 1000, browser: false, browserFull: false, keep: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--sizes') opt.sizes = args[++i].split(',').map(Number);
    else if (args[i] === '--chunk') opt.chunk = Number(args[++i]);
    else if (args[i] === '--browser') opt.browser = true;
    else if (args[i] === '--browser-full') opt.browser = opt.browserFull = true;
    else if (args[i] === '--keep') opt.keep = true;
    else { console.error(`bench-split: unknown argument ${args[i]}`); process.exit(2); }
  }
  if (!fs.existsSync(CLI)) throw new Error('build/native/cli/atlas is missing: run ./build.sh native');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-split-'));
  const load = [os.loadavg()[0]];
  const rows = [];
  let browserResults = null;
  try {
    for (const n of opt.sizes) {
      const r = await measure(n, dir, opt.chunk);
      load.push(os.loadavg()[0]);
      if (!opt.keep && !opt.browserFull) fs.rmSync(r.fullFile);   // 1.3 GB at 500k
      rows.push(r);
    }
    if (opt.browser) {
      const bb = await import('./bench-browser.mjs');
      const prepared = bb.prepareSite({ tmp: path.join(dir, 'served') });
      for (const r of rows) await bb.addAtlas(prepared, r.n, `compact-${r.n}.json`, { from: r.compactFile });
      if (opt.browserFull) for (const r of rows) await bb.addAtlas(prepared, 'full-' + r.n, `full-${r.n}.json`, { from: r.fullFile });
      const servers = await bb.serve(prepared);
      const browser = await bb.launchBrowser(prepared.dir);
      browserResults = {};
      try {
        for (const r of rows) {
          browserResults[r.n] = [];
          for (let i = 0; i < 2; i++) {
            log(`${r.n}: the app on the compact atlas, load ${i + 1}/2`);
            const m = await bb.measureApp(browser, servers.url, '/gz/' + prepared.atlases[r.n].name, { timeoutMs: 900000 });
            log(`   ${m.ok ? m.searchableMs.toFixed(0) + ' ms' : 'failed: ' + m.error}`);
            browserResults[r.n].push(m);
            load.push(os.loadavg()[0]);
          }
          if (opt.browserFull) {
            log(`${r.n}: the app on the full atlas`);
            const m = await bb.measureApp(browser, servers.url, '/gz/' + prepared.atlases['full-' + r.n].name, { timeoutMs: 1800000 });
            log(`   ${m.ok ? m.searchableMs.toFixed(0) + ' ms' : 'failed: ' + m.error}`);
            browserResults['full-' + r.n] = [m];
            load.push(os.loadavg()[0]);
          }
        }
      } finally {
        await browser.close().catch(() => {});
        servers.front.close();
        servers.backend.close();
      }
    }
  } finally {
    if (opt.keep) log(`kept ${dir}`); else fs.rmSync(dir, { recursive: true, force: true });
  }
  let cpu = 'unknown';
  try { cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1] || cpu; } catch { /* not Linux */ }
  const info = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), nproc: os.cpus().length, cpu, memGiB: (os.totalmem() / 1024 ** 3).toFixed(1), load: [Math.min(...load), Math.max(...load)] };
  const text = report(rows, browserResults, info);
  process.stdout.write(text + '\n');
  fs.mkdirSync(path.join(ROOT, 'build/bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'build/bench/split-latest.md'), text + '\n');
  fs.writeFileSync(path.join(ROOT, 'build/bench/split-latest.json'), JSON.stringify({ info, rows: rows.map(({ compactFile, fullFile, ...r }) => r), browser: browserResults }, null, 1));
}

main().catch((e) => { console.error('bench-split:', e && e.stack ? e.stack : e); process.exit(1); });
