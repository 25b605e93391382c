// run.mjs — runs every tests/browser/*.test.mjs against build/site served on localhost.
// usage: node tests/browser/run.mjs [name-filter]
import fs from 'node:fs';
import path from 'node:path';
import { launch, serveSite, run, ROOT } from './harness.mjs';

const dir = path.join(ROOT, 'tests/browser');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort();
const { server, url } = await serveSite();
const browser = await launch();
const tests = [];
for (const file of files) {
  const mod = await import(path.join(dir, file));
  for (const [name, fn] of mod.tests({ browser, url })) tests.push([`${file.replace('.test.mjs', '')}: ${name}`, fn]);
}
let ok = false;
try {
  ok = await run(tests);
} finally {
  await browser.close();
  server.close();
}
process.exit(ok ? 0 : 1);
