// The browser-test harness: Debian's chromium driven by playwright-core,
// axe-core on a page (zero serious or critical violations), screenshots, and
// CSP violations turned into failures. plaza itself is started by the e2e
// harness (tests/e2e/lib/plaza.mjs, PLAZA_BIN).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const e2eRequire = createRequire(join(root, 'tests/e2e/package.json'));
const { chromium } = e2eRequire('playwright-core');
const axeSource = readFileSync(e2eRequire.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.PLAZA_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = process.env.PLAZA_SCREENSHOTS || join(root, 'build/screenshots');

// A headless chromium and one page at `width` px (360 by default: the narrowest the portal supports).
// Every console error (a CSP refusal is one) and page error is collected in `errors`.
export async function openBrowser({ width = 360, height = 900 } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { browser, context, page, errors, close: () => browser.close() };
}

// Runs axe-core on the page as it is now; fails on a serious or critical violation.
// axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
export async function checkAxe(page, name) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  assert.equal(bad.length, 0, `axe on ${name}:\n${text}`);
}

// Saves a full-page screenshot as SCREENSHOTS/NAME.png.
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Nothing wider than the viewport (the page works at 360 px without sideways scrolling).
export async function checkNoSideScroll(page, name) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${name}: ${scroll}px wide in a ${width}px viewport`);
}

// The checks every main page gets: axe, no sideways scroll, a screenshot.
export async function checkPage(page, name) {
  await checkAxe(page, name);
  await checkNoSideScroll(page, name);
  await screenshot(page, name);
}

// Fails when the page logged an error (a CSP violation, an exception).
export function assertNoErrors(errors) {
  assert.deepEqual(errors.filter((e) => !/Failed to load resource: the server responded with a status of (4\d\d)/.test(e)), []);
}

// Signs in through the portal's form, as a person does, and waits for their apps.
export async function signIn(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/marketplace#/signin`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your apps' }).waitFor();
}
