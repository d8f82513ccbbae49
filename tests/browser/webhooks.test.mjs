// An app's webhook deliveries in the portal: the live tail shows a delivery
// appear without a reload, the inspector shows a failed delivery's exact body
// and every attempt, and Redeliver (once the receiver answers 200) shows the
// new delivery's successful attempt. Then the developer's mail: the
// "submission received" notice after submitting an app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, control, advanceClock } from '../e2e/lib/plaza.mjs';
import { startReceiver, subscribeActive, tenant, eventsAnswer, waitDeliveries } from '../e2e/lib/receiver.mjs';
import { readyApp } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot, signIn as portalSignIn } from './lib/browser.mjs';

const SECRET = 'portal-secret-0123456789';
const MIN = 60;
let plaza, web, t, rx, sub;
const servers = [];

before(async () => {
  plaza = await startPlaza();
  t = await tenant(plaza);
  rx = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, () => ({ status: 500, json: { error: 'down' } })) });
  sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'webhooks-last').catch(() => {});
  await web?.close();
  await rx?.close();
  for (const s of servers) await s.close();
  await plaza?.stop();
});

const signIn = (page, email) => portalSignIn(page, plaza.url, email, 'owner-password-1');

test('the_inspector_tails_shows_attempts_and_redelivers', async () => {
  const { page, errors } = web;
  await signIn(page, t.acc.owner.email);
  // from the app's build flow to its deliveries
  await page.goto(`${plaza.url}/marketplace#/apps/${t.app.id}/credentials`);
  await page.getByRole('navigation', { name: 'App sections' }).getByRole('link', { name: 'Webhook deliveries' }).click();
  await page.getByRole('heading', { level: 1, name: `Webhook deliveries: ${t.app.name}` }).waitFor();
  const log = page.getByRole('list', { name: 'Deliveries, newest first' });
  await page.getByText('Live: new deliveries appear at the top.').waitFor();

  // the live tail: a delivery made now appears without a reload, and is announced
  await page.evaluate(() => { window.__notReloaded = true; });
  const m = await t.meeting({ topic: 'Tail me' });
  const row = log.getByRole('listitem').filter({ hasText: 'meeting.created' }).first();
  await row.waitFor({ timeout: 10000 });
  await page.getByRole('status').filter({ hasText: /New delivery #\d+: meeting\.created/ }).or(
    page.getByRole('status').filter({ hasText: /Delivery #\d+ is now/ })).first().waitFor();
  assert.equal(await page.evaluate(() => window.__notReloaded), true, 'the page was not reloaded');

  // the retries run out on the virtual clock: 500 four times, then failed (shown live)
  const [first] = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => l.length === 1 && l[0].attempts === 1);
  for (const step of [5 * MIN, 20 * MIN, 60 * MIN]) {
    const before = (await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => l.length === 1))[0].attempts;
    await advanceClock(plaza, step + 5);
    await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => l[0].attempts === before + 1, { timeout: 10000 });
  }
  await row.getByText('Failed').waitFor({ timeout: 10000 });
  await row.getByText('4 attempts').waitFor();

  // the inspector: the exact body and every attempt with its status and answer
  await row.getByRole('button', { name: `#${first.id} meeting.created` }).click();
  const detail = page.getByRole('region', { name: `Delivery #${first.id}: meeting.created` });
  await detail.waitFor();
  const body = await detail.locator('pre[aria-label="Request body"]').textContent();
  assert.equal(body, rx.events()[0].body, 'the body exactly as received');
  assert.equal(JSON.parse(body).payload.object.id, m.id);
  await detail.getByRole('heading', { level: 3, name: 'Attempts (4)' }).waitFor();
  for (const n of [1, 2, 3, 4]) await detail.getByRole('heading', { level: 4, name: new RegExp(`^Attempt ${n}: HTTP 500`) }).waitFor();
  assert.match(await detail.locator('pre[aria-label="Response to attempt 1"]').textContent(), /"error":"down"/);
  await detail.getByText('Request headers').first().click();
  await detail.getByText('x-zm-signature').first().waitFor();
  await detail.getByText('[redacted]').first().waitFor();
  await checkPage(page, 'webhooks-failed');

  // the receiver is fixed; Redeliver shows the new delivery's successful attempt
  rx.respond(eventsAnswer(SECRET, () => ({ status: 200, json: {} })));
  await detail.getByRole('button', { name: 'Redeliver' }).click();
  const again = page.getByRole('region', { name: /^Delivery #\d+: meeting\.created$/ });
  await page.getByText(`Redelivered #${first.id} as #`).waitFor();
  await again.getByRole('heading', { level: 4, name: /^Attempt 1: HTTP 200/ }).waitFor({ timeout: 10000 });
  await again.getByText('Delivered', { exact: true }).first().waitFor();
  const second = (await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => l.length === 2 && l[1].status === 'delivered'))[1];
  assert.notEqual(second.id, first.id);
  await page.getByRole('heading', { level: 2, name: `Delivery #${second.id}: meeting.created` }).waitFor();
  // the list has both, newest first
  const ids = await log.getByRole('listitem').evaluateAll((els) => els.map((e) => Number(e.dataset.delivery)));
  assert.deepEqual(ids.slice(0, 2), [second.id, first.id]);
  await checkPage(page, 'webhooks-redelivered');
  assertNoErrors(errors);
});

test('the_developer_reads_the_submission_received_notice', async () => {
  const { page, errors } = web;
  const c = control(plaza);
  const { app, server } = await readyApp(plaza, t.acc.id, { fields: { name: `Mailed ${process.pid}` } });
  servers.push(server);
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: t.acc.owner.id });
  await page.goto(`${plaza.url}/marketplace#/apps`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mail' }).waitFor();
  const notice = page.getByRole('list', { name: 'Notices' }).getByRole('link', { name: new RegExp(`Mailed ${process.pid}`) });
  await notice.first().waitFor();
  await checkPage(page, 'mailbox');
  await notice.first().click();
  await page.getByText('Submission received', { exact: true }).waitFor();
  assert.match(await page.locator('pre.mail-body').textContent(), new RegExp(`Mailed ${process.pid}`));
  await checkPage(page, 'mail');
  assertNoErrors(errors);
});
