// Figures for the notes, printed, with only loose sanity bounds (timing asserts would flake):
// app download size (gzip) and time from navigation to the first drawn frame.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openPage, waitForAtlas, assert, ROOT } from './harness.mjs';
import { builtName } from '../../tools/stamp-site.mjs';

export const tests = ({ browser, url }) => [
  ['figures: app download size and time to first frame', async () => {
    const site = path.join(ROOT, 'build/site');
    const files = ['index.html', 'app.js', 'style.css', 'icon.svg', 'atlas_app.js', 'atlas_app.wasm', 'fonts/Inter-Regular.otf', 'fonts/Inter-Bold.otf'];
    let raw = 0, gz = 0;
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(site, builtName(site, f)));   // content-hashed names in the build
      raw += bytes.length;
      gz += zlib.gzipSync(bytes, { level: 9 }).length;
    }
    const atlasGz = zlib.gzipSync(fs.readFileSync(path.join(site, 'atlas.json')), { level: 9 }).length;
    console.log(`     app download: ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip; bundled atlas ${(atlasGz / 1024).toFixed(0)} KB gzip`);
    // Issue 13's budget. The gap map, topic pages and links (issue 15) added ~31 KB; SDL2 built with only
    // what the app uses (tools/setup-deps.sh) paid for them.
    assert(gz < 450 * 1024, 'app download within 450 KB gzip');
    const times = [];
    for (let i = 0; i < 3; i++) {
      const { context, page } = await openPage(browser, url);
      await waitForAtlas(page);
      await page.waitForFunction(() => window.__firstDrawAt !== undefined);
      times.push(await page.evaluate(() => window.__firstDrawAt));
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(`     time to first frame (navigation start to first draw, localhost, headless SwiftShader): median ${times[1].toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`);
    assert(times[1] < 10000, 'first frame within 10 s');
  }],
];
