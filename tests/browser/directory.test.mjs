// The public apps directory, signed out: the list with search and paging, an
// entry's listing, scopes and media, and its Add link, which is Zoom's
// authorize flow with the production credentials (the OAuth sign-in page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, control } from '../e2e/lib/plaza.mjs';
import { readyApp } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot } from './lib/browser.mjs';

let plaza, web, live;
const servers = [];
const NAME = `Zebra Scheduler ${process.pid}`;

before(async () => {
  plaza = await startPlaza();
  const acc = await createAccount(plaza);
  const c = control(plaza);
  const { app, server } = await readyApp(plaza, acc.id, { fields: { name: NAME } });
  servers.push(server);
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { category: 'Productivity' } });
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });
  await c.ok('POST', `/apps/${app.id}/publish`, {});
  live = await c.ok('GET', `/apps/${app.id}`);
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'directory-last').catch(() => {});
  await web?.close();
  for (const s of servers) await s.close();
  await plaza?.stop();
});

test('signed_out_a_visitor_finds_a_published_app_and_its_add_link_starts_zoom_authorization', async () => {
  const { page, errors } = web;
  await page.goto(`${plaza.url}/marketplace#/signin`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // the directory is in the header for everyone
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Apps directory' }).waitFor();
  await page.getByRole('link', { name: NAME }).waitFor();
  await checkPage(page, 'directory');

  // a search that matches nothing, then one that matches
  await page.getByLabel('Search apps').fill('no-such-thing-anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByText('No published app matches').waitFor();
  await page.getByLabel('Search apps').fill('zebra');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: NAME }).click();

  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  await page.getByText('Schedules many things.').waitFor();
  await page.getByText('user:read', { exact: true }).waitFor();
  await page.getByText('Why: Shows the signed-in user their own name.').waitFor();
  const img = page.getByRole('img', { name: `${NAME}: preview 1` });
  await img.waitFor();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth === 1200), 'the preview image loaded');
  const add = page.getByRole('link', { name: `Add ${NAME}` });
  const href = new URL(await add.getAttribute('href'));
  assert.equal(href.pathname, '/oauth/authorize');
  assert.equal(href.searchParams.get('client_id'), live.credentials.production.client_id);
  assert.notEqual(href.searchParams.get('client_id'), live.credentials.development.client_id);
  await checkPage(page, 'directory-entry');
  assertNoErrors(errors);

  // following it is Zoom's sign-in page (plaza's /oauth pages, outside the portal)
  await add.click();
  await page.waitForURL(/\/oauth\//);
  await page.getByRole('heading', { name: /^Sign in to continue to/ }).waitFor();
  await page.getByText(NAME).first().waitFor();
  await screenshot(page, 'directory-add-signin');
});

test('an_unknown_entry_is_not_found', async () => {
  const { page } = web;
  await page.goto(`${plaza.url}/marketplace#/directory/no-such-app`);
  await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
});
