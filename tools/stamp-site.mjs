// stamp-site.mjs — run last, on the assembled site (build.sh site runs it on build/site). Two steps:
//
// 1. Content-hashed names. Every long-lived asset (scripts, style sheets, the wasm, fonts, images) is
//    renamed NAME.<12 hex>.EXT, the hex being the first 12 digits of the sha256 of its final bytes, and
//    every reference to it in the site's HTML, JS, CSS and manifest files is rewritten (a quoted or
//    url()'d relative path: "app.js", 'fonts/Inter-Bold.otf', href="static.css" from text/…). Assets
//    are processed leaves first (the wasm before atlas_app.js, which names it; that before app.js; app.js
//    before index.html), so a changed asset changes the names of everything that refers to it. A host
//    can then cache hashed files for a year (immutable) and must revalidate the rest.
//    Stable names (not hashed): the entry points people and hosts link to: index.html, text/*.html,
//    manifest.webmanifest, sw.js, version.json, i18n/<lang>.json (the page builds the name from the
//    language), and atlas.json, which also gets a hashed copy: the app loads atlas.<hash>.json, while
//    atlas.json stays the public address of the data (links, ?atlas=).
//    The build fails if an asset is referenced nowhere (a reference the rewrite missed, e.g. a name built
//    at run time, would otherwise break the page only after deployment).
//
// 2. version.json: { "version": "<12 hex>", "files": { "<path>": "<12 hex>", ... }, "assets": { "<name>":
//    "<hashed name>", ... }, "atlas_hash": "<atlas.json content_hash>" }. "files" is the set the service
//    worker (web/sw.js) precaches and verifies: every file except version.json, sw.js (the browser
//    fetches and compares the worker itself), dotfiles (many hosts do not serve them) and the stable
//    atlas.json (the app uses the hashed copy). The version is the hash of the sorted "path hash" lines
//    plus the service worker's own code. sw.js gets the version and the hash of version.json written
//    into it: any change to the site changes the worker's bytes (which is what makes browsers install
//    it), and the worker can verify its cached copy of version.json.
//
// Running it again on a stamped folder first undoes step 1 (hashed names back to plain ones, using
// "assets" of the old version.json), so it can be rerun after editing files: write the new atlas to
// atlas.json, or new bytes into app.<hash>.js, then stamp again. Running it twice gives the same result.
//
// usage: node tools/stamp-site.mjs [DIR]     (default build/site; no dependencies)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const VERSION_SLOT = /const VERSION = '[^'\n]*';/;   // the lines in sw.js that carry the stamp
const UNSTAMPED = "const VERSION = '__ATLAS_VERSION__';";
const MANIFEST_SLOT = /const MANIFEST_HASH = '[^'\n]*';/;
const MANIFEST_UNSTAMPED = "const MANIFEST_HASH = '__ATLAS_MANIFEST__';";
const NOT_PRECACHED = new Set(['version.json', 'sw.js', 'atlas.json']);
// The text version in other languages (text/de/ …) is for readers without WebGL or JavaScript, online:
// precaching every language's pages would make the offline copy four times the text version's size.
const NOT_PRECACHED_DIR = /^text\/[a-z]{2}\//;
const STABLE = new Set(['sw.js']);                                 // never renamed, whatever the extension
const HASHED_EXT = /\.(js|css|wasm|otf|ttf|woff2?|svg|png|ico|webp)$/i;   // long-lived assets
const COPIED = new Set(['atlas.json']);                            // stable name kept, plus a hashed copy
const REFERRING_EXT = /\.(html|js|css|webmanifest)$/i;              // files whose references are rewritten
export const HASHED_NAME = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;          // what tools/serve.mjs sends as immutable

export const hash12 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);
export const hashedName = (rel, h) => rel.replace(/(\.[^./]+)$/, `.${h}$1`);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function listFiles(root, dir = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = dir ? dir + '/' + entry.name : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

// The top-level "content_hash" of atlas.json, read by scanning the top-level keys only (the studies
// array is skipped without being parsed, and the scan stops as soon as the key is found).
export function readAtlasHash(file) {
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  let i = 0, depth = 0, expectKey = false;
  const readString = () => {               // text[i] === '"'; returns the raw string, leaves i after it
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const raw = text.slice(i, j + 1);
    i = j + 1;
    return raw;
  };
  for (; i < text.length;) {
    const c = text[i];
    if (c === '"') {
      const raw = readString();
      if (depth === 1 && expectKey) {
        expectKey = false;
        if (JSON.parse(raw) === 'content_hash') {
          const m = /^\s*:\s*("(?:[^"\\]|\\.)*"|null)/.exec(text.slice(i, i + 4096));
          return m ? JSON.parse(m[1]) : null;
        }
      }
      continue;
    }
    if (c === '{' || c === '[') { depth++; expectKey = depth === 1 && c === '{'; }
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
    i++;
  }
  return null;
}

// A reference to asset `rel` from a file in folder `dir`: the relative path, quoted or in url(),
// optionally followed by a query or fragment. Returns the regex (global) with the path in group 2.
function referenceRe(dir, rel) {
  const relPath = path.posix.relative(dir || '.', rel);
  return new RegExp(`(["'\`(])(${escapeRe(relPath)})(?=["'\`)?#])`, 'g');
}

const readText = (root, rel) => fs.readFileSync(path.join(root, rel), 'utf8');

// Step 1 undone: the hashed names of a previous stamp back to plain ones (see the header).
function unhash(root) {
  const versionPath = path.join(root, 'version.json');
  if (!fs.existsSync(versionPath)) return;
  let assets;
  try { assets = JSON.parse(fs.readFileSync(versionPath, 'utf8')).assets; } catch { return; }
  if (!assets || typeof assets !== 'object') return;
  const pairs = Object.entries(assets).filter(([plain, hashed]) => typeof hashed === 'string' && plain !== hashed
    && fs.existsSync(path.join(root, hashed)));
  for (const [plain, hashed] of pairs) {
    if (COPIED.has(plain) && fs.existsSync(path.join(root, plain))) fs.rmSync(path.join(root, hashed));
    else fs.renameSync(path.join(root, hashed), path.join(root, plain));
  }
  // References back: each hashed name is unique, so a plain text replacement is exact.
  for (const rel of listFiles(root).filter((f) => REFERRING_EXT.test(f))) {
    let text = readText(root, rel), changed = false;
    for (const [plain, hashed] of pairs) {
      const from = path.posix.basename(hashed), to = path.posix.basename(plain);
      if (text.includes(from)) { text = text.split(from).join(to); changed = true; }
    }
    if (changed) fs.writeFileSync(path.join(root, rel), text);
  }
}

// Step 1: hashed names. Returns { plain: hashed }.
function hashNames(root) {
  const all = listFiles(root);
  const assets = all.filter((f) => (HASHED_EXT.test(f) && !STABLE.has(f) && !HASHED_NAME.test(f)) || COPIED.has(f));
  const referring = all.filter((f) => REFERRING_EXT.test(f) && !STABLE.has(f));
  // Who refers to whom, from the files as they are now (plain names).
  const refersTo = new Map(referring.map((f) => {
    const text = readText(root, f), dir = path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f);
    return [f, assets.filter((a) => a !== f && referenceRe(dir, a).test(text))];
  }));
  const referenced = new Set([...refersTo.values()].flat());
  const unreferenced = assets.filter((a) => !referenced.has(a));
  if (unreferenced.length) throw new Error(`no file refers to ${unreferenced.join(', ')} by name: a reference the rewrite cannot see `
    + '(e.g. a name built at run time) would break after hashing; refer to it by its literal path in quotes');
  // Leaves first: an asset is hashed once everything it refers to has its final name.
  const done = new Map(), order = [];
  const visit = (a, stack = []) => {
    if (done.has(a)) return;
    if (stack.includes(a)) throw new Error('reference cycle between assets: ' + [...stack, a].join(' -> '));
    for (const b of refersTo.get(a) || []) visit(b, [...stack, a]);
    done.set(a, true);
    order.push(a);
  };
  for (const a of assets) visit(a);
  const names = {};
  const rewrite = (f) => {   // f's references to the assets hashed so far
    const targets = (refersTo.get(f) || []).filter((a) => names[a]);
    if (!targets.length) return;
    const dir = path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f);
    let text = readText(root, f);
    for (const a of targets) {
      const hashedRel = path.posix.relative(dir || '.', names[a]);
      text = text.replace(referenceRe(dir, a), (m, q) => q + hashedRel);
    }
    fs.writeFileSync(path.join(root, f), text);
  };
  for (const a of order) {
    rewrite(a);
    const bytes = fs.readFileSync(path.join(root, a));
    names[a] = hashedName(a, hash12(bytes));
    if (COPIED.has(a)) fs.copyFileSync(path.join(root, a), path.join(root, names[a]));
    else fs.renameSync(path.join(root, a), path.join(root, names[a]));
  }
  for (const f of referring) if (!assets.includes(f)) rewrite(f);   // the entry points: index.html, text/*.html, the manifest
  return names;
}

// The name a file has in a stamped site: `plain` (e.g. "app.js") mapped through "assets" of its
// version.json; `plain` itself when it is not hashed or the folder is not stamped. For tests and tools.
export function builtName(root, plain) {
  try {
    const assets = JSON.parse(fs.readFileSync(path.join(root, 'version.json'), 'utf8')).assets || {};
    return typeof assets[plain] === 'string' ? assets[plain] : plain;
  } catch {
    return plain;
  }
}

export function stampSite(root) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`${root}/index.html not found: assemble the site first`);
  unhash(root);
  const assets = hashNames(root);
  const files = {};
  for (const rel of listFiles(root).sort()) {
    if (!NOT_PRECACHED.has(rel) && !NOT_PRECACHED_DIR.test(rel)) files[rel] = hash12(fs.readFileSync(path.join(root, rel)));
  }
  const lines = Object.entries(files).map(([rel, h]) => rel + ' ' + h);
  const swPath = path.join(root, 'sw.js');
  let sw = null;
  if (fs.existsSync(swPath)) {
    sw = fs.readFileSync(swPath, 'utf8');
    if (!VERSION_SLOT.test(sw)) throw new Error(`${swPath} has no "${UNSTAMPED}" line to stamp`);
    if (!MANIFEST_SLOT.test(sw)) throw new Error(`${swPath} has no "${MANIFEST_UNSTAMPED}" line to stamp`);
    lines.push('sw.js ' + hash12(sw.replace(VERSION_SLOT, UNSTAMPED).replace(MANIFEST_SLOT, MANIFEST_UNSTAMPED)));
  }
  const version = hash12(lines.join('\n') + '\n');
  const sortedAssets = Object.fromEntries(Object.entries(assets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const stamp = { version, files, assets: sortedAssets, atlas_hash: readAtlasHash(path.join(root, 'atlas.json')) };
  const versionBytes = Buffer.from(JSON.stringify(stamp, null, 1) + '\n');
  fs.writeFileSync(path.join(root, 'version.json'), versionBytes);
  if (sw !== null) fs.writeFileSync(swPath, sw.replace(VERSION_SLOT, `const VERSION = '${version}';`)
    .replace(MANIFEST_SLOT, `const MANIFEST_HASH = '${hash12(versionBytes)}';`));
  return stamp;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] || 'build/site';
  try {
    const stamp = stampSite(dir);
    if (stamp.atlas_hash === null) console.error(`stamp-site: warning: no content_hash in ${dir}/atlas.json`);
    console.error(`stamp-site: ${dir}/version.json: version ${stamp.version}, ${Object.keys(stamp.files).length} files `
      + `(${Object.keys(stamp.assets).length} with hashed names), atlas ${stamp.atlas_hash}`);
  } catch (e) {
    console.error('stamp-site: ' + e.message);
    process.exit(1);
  }
}
