// minify-site.mjs — the page's scripts (the wasm glue too) and style sheets in build/site, minified in place
// before stamp-site names them by their bytes: about 26 KB gzip less for a reader on a phone. The sources in
// web/ stay as written (readable, commented); nothing but whitespace, comments and local names changes
// (terser, no unsafe transforms, top-level names kept: the scripts share window.AtlasPage and friends;
// in the style sheets comments go and spaces around { } ; , > — their strings hold none of these).
// usage: node tools/minify-site.mjs build/site
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(path.dirname(new URL(import.meta.url).pathname), '../tests/browser/package.json'));
const { minify } = require('terser');

const site = process.argv[2];
if (!site) { console.error('usage: node tools/minify-site.mjs SITE_DIR'); process.exit(2); }
// The page's scripts (web/*.js) and the Emscripten glue (atlas_app.js: em++ 3.1.6 without Closure
// only strips its whitespace; mangling its local names takes it from 36 to 23 KB gzip). Not the
// service worker (sw.js: stamp-site writes the version into its `const VERSION = '…';` line).
const scripts = fs.readdirSync(site).filter((f) => f.endsWith('.js') && f !== 'sw.js');
const sheets = fs.readdirSync(site).filter((f) => f.endsWith('.css'));
let before = 0, after = 0;
async function rewrite(names, minified) {
  for (const name of names) {
    const file = path.join(site, name);
    const source = fs.readFileSync(file, 'utf8');
    const result = await minified(source, name);
    fs.writeFileSync(file, result);
    before += source.length;
    after += result.length;
  }
}
await rewrite(scripts, async (source, name) => {
  // quote_style 3: quotes as written, so the asset names stamp-site rewrites read as in the source.
  const result = await minify(source, { ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false, quote_style: 3 } });
  if (!result.code) throw new Error('minify-site: no output for ' + name);
  return result.code + '\n';
});
await rewrite(sheets, (source) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, '\n').replace(/[ \t]*([{};,>])[ \t]*/g, '$1').trim() + '\n');
console.error(`minify-site: ${scripts.length} scripts, ${sheets.length} style sheets, ${(before / 1024).toFixed(0)} KB -> ${(after / 1024).toFixed(0)} KB`);
