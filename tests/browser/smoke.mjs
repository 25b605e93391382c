// smoke.mjs — a quick look (not part of the test run): screenshots at desktop and phone width.
import { launch, serveSite, openPage, waitForAtlas, settle } from './harness.mjs';
const out = process.argv[2] || '/tmp/shots';
const { server, url } = await serveSite();
const browser = await launch();
for (const [name, w, h, mobile] of [['desktop', 1280, 800, false], ['phone', 390, 844, true]]) {
  const context = await browser.newContext({ viewport: { width: w, height: h }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await waitForAtlas(page);
  await settle(page, 800);
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(name, 'errors:', errors.join(' | ') || 'none', 'count:', await page.textContent('#mirror-count'));
  console.log(' active:', await page.evaluate(() => document.activeElement.id), 'search box:', JSON.stringify(await page.evaluate(() => { const r = document.getElementById('mirror-search').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })));
  await context.close();
}
await browser.close();
server.close();
