// After approval the developer publishes in the portal, makes a Publishable
// URL and asks to share the app outside the account, and sees each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, control } from '../e2e/lib/plaza.mjs';
import { readyApp } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot } from './lib/browser.mjs';

let plaza, owner, ready, web;

before(async () => {
  plaza = await startPlaza();
  const acc = await createAccount(plaza);
  owner = acc.owner;
  ready = await readyApp(plaza, acc.id);
  const c = control(plaza);
  await c.ok('POST', `/apps/${ready.app.id}/submit`, {});
  await c.ok('POST', `/apps/${ready.app.id}/review`, { decision: 'approve', notes: 'Looks right.' });
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'publish-last').catch(() => {});
  await web?.close();
  await ready?.server.close();
  await plaza?.stop();
});

async function section(page, name) {
  await page.getByRole('navigation', { name: 'App sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 2, name }).waitFor();
}

test('the_developer_publishes_makes_a_publishable_url_and_asks_to_share', async () => {
  const { page, errors } = web;
  await page.goto(`${plaza.url}/marketplace`);
  await page.getByLabel('E-mail').fill(owner.email);
  await page.getByLabel('Password').fill('owner-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: ready.app.name }).click();

  await section(page, 'Submit');
  await page.getByRole('button', { name: 'Publish' }).dblclick(); // a double click publishes once
  await page.getByText('Published: the app is in the directory.').waitFor();
  assert.equal((await control(plaza).ok('GET', `/apps/${ready.app.id}`)).status, 'published');
  const { transitions } = await control(plaza).ok('GET', `/apps/${ready.app.id}/history`);
  assert.equal(transitions.filter((t) => t.to === 'published').length, 1);
  assert.equal(await page.getByRole('alert').count(), 0, 'no refusal of a second publish is shown');
  await checkPage(page, 'published');

  await section(page, 'Publishable URL');
  await page.getByRole('button', { name: 'Make a new Publishable URL' }).click();
  await page.getByText(/\/oauth\/authorize\?|\/launch|http/).first().waitFor();
  const link = await control(plaza).ok('GET', `/apps/${ready.app.id}/publishable-url`);
  await page.getByText(link.url).waitFor();
  await checkPage(page, 'publishable-url');

  await section(page, 'Sharing');
  const f = page.getByRole('form', { name: 'Ask to share' });
  await f.getByLabel('Customers').fill('3');
  await f.getByLabel('Customer type').selectOption('beta_customers');
  await f.getByLabel('Days').fill('30');
  await f.getByLabel('Reason').fill('Three beta customers try it before the listing goes wide.');
  await f.getByRole('button', { name: 'Send the request' }).click();
  await page.getByRole('list', { name: 'Sharing requests' }).getByText('pending').waitFor();
  await checkPage(page, 'sharing');
  const asked = await control(plaza).ok('GET', `/apps/${ready.app.id}/share-requests`);
  assert.equal(asked.share_requests.length, 1);
  assert.equal(asked.share_requests[0].status, 'pending');
  assertNoErrors(errors);
});
