// stamp-site.mjs — run last, after build/site is assembled. Writes build/site/version.json:
//   { "version": "<12 hex>", "files": { "<path>": "<12 hex>", ... }, "atlas_hash": "<atlas.json content_hash>" }
// Each file hash is the first 12 hex digits of its sha256; the version is the same of the sorted
// "path hash" lines (plus the service worker's own code, see below). The page and the service worker
// (web/sw.js) use it to take a new app + atlas only as one consistent, verified set.
//
// Not listed in "files": version.json itself, sw.js (the browser fetches and compares the worker
// script itself; it is never precached) and dotfiles (many hosts do not serve them, and a file that
// cannot be fetched would make every install fail). sw.js gets the version written into it, so that
// any change to any file changes the worker's bytes, which is what makes browsers install it; its
// code (with the version slot reset) is folded into the version, so a worker-only change is a new
// version too. Running it twice gives the same result.
//
// usage: node tools/stamp-site.mjs [DIR]     (default build/site; no dependencies)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const VERSION_SLOT = /const VERSION = '[^'\n]*';/;   // the one line in sw.js that carries the version
const UNSTAMPED = "const VERSION = '__ATLAS_VERSION__';";
const EXCLUDED = new Set(['version.json', 'sw.js']);

export const hash12 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);

function listFiles(root, dir = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = dir ? dir + '/' + entry.name : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else if (entry.isFile() && !EXCLUDED.has(rel)) out.push(rel);
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

export function stampSite(root) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`${root}/index.html not found: assemble the site first`);
  const files = {};
  for (const rel of listFiles(root).sort()) files[rel] = hash12(fs.readFileSync(path.join(root, rel)));
  const lines = Object.entries(files).map(([rel, h]) => rel + ' ' + h);
  const swPath = path.join(root, 'sw.js');
  let sw = null;
  if (fs.existsSync(swPath)) {
    sw = fs.readFileSync(swPath, 'utf8');
    if (!VERSION_SLOT.test(sw)) throw new Error(`${swPath} has no "${UNSTAMPED}" line to stamp`);
    lines.push('sw.js ' + hash12(sw.replace(VERSION_SLOT, UNSTAMPED)));
  }
  const version = hash12(lines.join('\n') + '\n');
  const stamp = { version, files, atlas_hash: readAtlasHash(path.join(root, 'atlas.json')) };
  fs.writeFileSync(path.join(root, 'version.json'), JSON.stringify(stamp, null, 1) + '\n');
  if (sw !== null) fs.writeFileSync(swPath, sw.replace(VERSION_SLOT, `const VERSION = '${version}';`));
  return stamp;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] || 'build/site';
  try {
    const stamp = stampSite(dir);
    if (stamp.atlas_hash === null) console.error(`stamp-site: warning: no content_hash in ${dir}/atlas.json`);
    console.error(`stamp-site: ${dir}/version.json: version ${stamp.version}, ${Object.keys(stamp.files).length} files, atlas ${stamp.atlas_hash}`);
  } catch (e) {
    console.error('stamp-site: ' + e.message);
    process.exit(1);
  }
}
