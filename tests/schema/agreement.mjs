// agreement.mjs — data/atlas.schema.json and the loader must agree (CTest test schema_agreement).
// usage: node tests/schema/agreement.mjs ATLAS_CLI
//
// Every file of tests/hostile/corpus/ and the atlas built from data/studies/ is judged twice: by a
// real JSON Schema validator (ajv 8, draft 2020-12, from tests/browser/node_modules) and by
// `atlas validate`. Verdicts are compared per place: the document as a whole (unusable or not), each
// header field (has an error or not) and each study (rejected or not). Where they differ, the
// difference must be listed in tests/schema/DIVERGENCES.tsv with the rule the schema cannot express
// (README.md there lists those rules); a listed difference that no longer occurs fails too, so the
// list stays true. Exit 0 agreed, 1 disagreed, 77 skipped (ajv not installed: tools/setup-deps.sh).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.argv[2] && path.resolve(process.argv[2]);
if (!cli) { console.error('usage: node tests/schema/agreement.mjs ATLAS_CLI'); process.exit(2); }

let Ajv2020;
try {
  Ajv2020 = createRequire(path.join(ROOT, 'tests/browser/package.json'))('ajv/dist/2020').default;
} catch {
  console.log('schema agreement: SKIPPED, ajv is not installed (run tools/setup-deps.sh)');
  process.exit(77);
}
// strictRequired off: "oneOf": [{"required": ["id"]}, ...] names properties defined beside it, not in it.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'data/atlas.schema.json'), 'utf8')));

// The places a verdict is given for: "document", "header.<key>", "studies[<n>]".
function loaderVerdict(dir, file) {
  const run = spawnSync(cli, ['validate', file], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status === null || run.status > 2) throw new Error(`${file}: atlas validate crashed (${run.signal || run.status})`);
  const bad = new Set();
  if (run.status === 2) bad.add('document');
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith(file + ': ') || line.includes(': warning: ')) continue;
    const rest = line.slice(file.length + 2);
    let m = rest.match(/^\S+ studies\[(\d+)\]/);
    if (m) { bad.add(`studies[${m[1]}]`); continue; }
    m = rest.match(/^header ([a-z_]+)/);
    if (m) bad.add(`header.${m[1]}`);
  }
  return bad;
}

// The loader's own first steps, in JSON terms: strict UTF-8, an optional byte-order mark, one value.
function schemaVerdict(bytes) {
  const bad = new Set();
  let doc;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));  // drops a leading BOM
  } catch {
    bad.add('document');
    return bad;
  }
  if (validate(doc)) return bad;
  for (const e of validate.errors) {
    const study = e.instancePath.match(/^\/studies\/(\d+)/);
    if (study) { bad.add(`studies[${study[1]}]`); continue; }
    const key = e.instancePath === '' ? e.params.missingProperty : e.instancePath.split('/')[1];
    // What makes a file unusable: not an object, no or a wrong format, version or studies array.
    if (key === undefined || ['format', 'format_version', 'studies'].includes(key)) bad.add('document');
    else bad.add(`header.${key}`);
  }
  return bad;
}

function readDivergences() {
  const rows = new Map();
  for (const line of fs.readFileSync(path.join(ROOT, 'tests/schema/DIVERGENCES.tsv'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [file, place, judged, rule] = line.split('\t');
    if (!rule) throw new Error(`DIVERGENCES.tsv: a row needs file, place, who rejects, rule: ${line}`);
    rows.set(`${file}\t${place}`, { judged, rule });
  }
  return rows;
}

const expected = readDivergences();
const cases = [];
const corpus = path.join(ROOT, 'tests/hostile/corpus');
for (const file of fs.readdirSync(corpus).sort()) cases.push({ dir: corpus, file });
// The bundled atlas, built from the study files the way the site is.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-schema-'));
const build = spawnSync(cli, ['build', path.join(ROOT, 'data/studies'), '-o', path.join(tmp, 'bundled-atlas.json')], { encoding: 'utf8' });
if (build.status !== 0) { console.error(`atlas build failed: ${build.stdout}${build.stderr}`); process.exit(1); }
cases.push({ dir: tmp, file: 'bundled-atlas.json' });

const failures = [];
const seen = new Set();
let places = 0;
for (const { dir, file } of cases) {
  const loader = loaderVerdict(dir, file);
  const schema = schemaVerdict(fs.readFileSync(path.join(dir, file)));
  // A document the loader refuses has no verdicts on its parts.
  if (loader.has('document')) for (const p of [...schema]) if (p !== 'document') schema.delete(p);
  for (const place of new Set([...loader, ...schema])) {
    ++places;
    const judged = loader.has(place) && schema.has(place) ? null : loader.has(place) ? 'loader' : 'schema';
    if (!judged) continue;
    const key = `${file}\t${place}`;
    seen.add(key);
    const row = expected.get(key);
    if (!row) failures.push(`${file} ${place}: only the ${judged} rejects it, and DIVERGENCES.tsv does not say why`);
    else if (row.judged !== judged) failures.push(`${file} ${place}: only the ${judged} rejects it, DIVERGENCES.tsv says ${row.judged}`);
  }
}
for (const [key, row] of expected)
  if (!seen.has(key)) failures.push(`${key.replace('\t', ' ')}: listed in DIVERGENCES.tsv (${row.rule}) but the two now agree`);
fs.rmSync(tmp, { recursive: true, force: true });

if (failures.length) {
  for (const f of failures) console.log(`schema agreement: ${f}`);
  process.exit(1);
}
console.log(`schema agreement: ${cases.length} files, ${places} rejected places, ${expected.size} listed divergences, all as expected`);
