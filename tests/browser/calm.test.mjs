// Low stimulation: the first visit follows prefers-reduced-motion, prefers-contrast and
// prefers-color-scheme (media emulated here), the choice is remembered, the reader can switch it in the
// canvas's Aa menu or the text view; the text view's colours keep WCAG AA; screenshots to look at.
import { openPage, waitForAtlas, settle, screenshot, distinctColours, assert, assertEqual } from './harness.mjs';

const state = (page) => page.evaluate(() => ({ calm: document.documentElement.dataset.calm, theme: document.documentElement.dataset.theme,
  stored: JSON.parse(localStorage.getItem('mecfs-atlas-prefs') || '{}') }));

// The contrast of the text view's text on its background (WCAG's formula, in the page).
const textViewContrast = (page) => page.evaluate(() => {
  const mirror = document.getElementById('mirror');
  const rgb = (s) => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const style = getComputedStyle(mirror);
  const muted = getComputedStyle(document.getElementById('mirror-status'));
  const ratio = (a, b) => { const x = lum(rgb(a)), y = lum(rgb(b)); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  return { ink: ratio(style.color, style.backgroundColor), muted: ratio(muted.color, style.backgroundColor),
    fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize) };
});

async function firstVisit(browser, url, media, cdpMedia) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...media });
  const page = await context.newPage();
  if (cdpMedia) {   // prefers-contrast: less is not in playwright's emulateMedia: ask Chromium directly
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setEmulatedMedia', { features: cdpMedia });
  }
  await page.goto(url);
  await waitForAtlas(page);
  await settle(page, 200);
  return { context, page };
}

export const tests = ({ browser, url }) => [
  ['the first visit follows the system: reduced motion, more or less contrast, dark; then it is remembered', async () => {
    let { context, page } = await firstVisit(browser, url, { reducedMotion: 'reduce' });
    let s = await state(page);
    assertEqual(s.calm, 'on', 'prefers-reduced-motion: low stimulation');
    assertEqual(s.theme, 'light', 'light by default');
    assertEqual(s.stored.calm, true, 'remembered');
    // The system's setting changes later: the reader's remembered choice stays.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.reload();
    await waitForAtlas(page);
    assertEqual((await state(page)).calm, 'on', 'remembered after the system changed');
    // The reader turns it off in the text view: remembered too.
    await page.locator('#mirror-calm').evaluate((b) => b.click());
    await page.waitForFunction(() => document.documentElement.dataset.calm === 'off');
    assertEqual(await page.getAttribute('#mirror-calm', 'aria-pressed'), 'false', 'the button says so');
    await page.reload();
    await waitForAtlas(page);
    assertEqual((await state(page)).calm, 'off', 'off, remembered');
    await context.close();

    ({ context, page } = await firstVisit(browser, url, { contrast: 'more' }));
    s = await state(page);
    assertEqual(s.theme, 'contrast', 'prefers-contrast: more gives high contrast');
    assertEqual(s.calm, 'off', 'and not low stimulation');
    await context.close();

    ({ context, page } = await firstVisit(browser, url, { colorScheme: 'dark' }, [{ name: 'prefers-contrast', value: 'less' }]));
    s = await state(page);
    assertEqual(s.calm, 'on', 'prefers-contrast: less gives low stimulation');
    assertEqual(s.theme, 'dark', 'in the dark theme');
    await context.close();

    ({ context, page } = await firstVisit(browser, url, {}));
    s = await state(page);
    assertEqual(s.calm, 'off', 'no preference: the usual look');
    await context.close();
  }],

  ['low stimulation at desktop and phone, light and dark: AA contrast, more spacing, larger text', async () => {
    for (const [width, height, scale, name] of [[1280, 800, 1, 'desktop'], [390, 844, 3, 'phone']]) {
      const { context, page, errors } = await openPage(browser, url, { width, height, scale });
      await waitForAtlas(page);
      const seed = await page.evaluate(() => 0);
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => { window.atlasApp.command('theme ' + t); window.atlasApp.command('calm on'); }, theme);
        await page.evaluate((i) => window.atlasApp.command('open ' + i), seed);
        await settle(page, 600);
        const png = await screenshot(page, `${name}-calm-${theme}`);
        assert(await distinctColours(page, png) > 8, `calm ${theme} renders`);
        // The text view, open.
        await page.focus('#mirror-search');
        await settle(page, 300);
        const c = await textViewContrast(page);
        assert(c.ink >= 4.5 && c.muted >= 4.5, `${theme}: text ${c.ink.toFixed(2)}:1, muted ${c.muted.toFixed(2)}:1`);
        assert(c.fontSize >= 19 && c.lineHeight >= 1.75, `${theme}: larger text (${c.fontSize}px) and more line spacing (${c.lineHeight.toFixed(2)})`);
        await screenshot(page, `${name}-calm-${theme}-text-view`);
        await page.evaluate(() => document.getElementById('canvas').focus());
        await settle(page, 200);
      }
      await page.evaluate(() => window.atlasApp.command('calm off'));
      assertEqual(errors.join('\n'), '', 'no errors');
      await context.close();
    }
  }],
];
