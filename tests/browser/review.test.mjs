// A reviewer works the queue in the portal: a developer's app is made ready
// and submitted through the API; a reviewer of another account signs in,
// finds it in the queue, is refused a rejection without reasons, rejects it
// with a per-section reason; the developer sees the rejection and the reason;
// the developer resubmits; a reviewer of the app's own account is refused
// clearly; the first reviewer approves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createUser, control } from '../e2e/lib/plaza.mjs';
import { readyApp } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot, signIn as portalSignIn } from './lib/browser.mjs';

let plaza, dev, other, web, ready;

before(async () => {
  plaza = await startPlaza();
  dev = await createAccount(plaza);
  other = await createAccount(plaza);
  ready = await readyApp(plaza, dev.id);
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'review-last').catch(() => {});
  await web?.close();
  await ready?.server.close();
  await plaza?.stop();
});

const signIn = (page, email, password) => portalSignIn(page, plaza.url, email, password);

async function signOut(page) {
  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByText('Signed out.').waitFor();
}

const decision = (page) => page.getByRole('form', { name: 'Review decision' });

test('reviewer_rejects_with_a_section_reason_then_approves_the_resubmission', async () => {
  const { page, errors } = web;
  const c = control(plaza);
  const app = ready.app;
  const reviewer = await createUser(plaza, other.id);
  const ownReviewer = await createUser(plaza, dev.id);
  await c.ok('PUT', `/reviewers/${reviewer.id}`);
  await c.ok('PUT', `/reviewers/${ownReviewer.id}`);
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: dev.owner.id });
  const share = await c.ok('POST', `/apps/${app.id}/share-requests`, { will_publish: true, customers: 3,
    customer_type: 'beta_customers', duration_days: 20, reason: 'A pilot with three customers.' });

  // the reviewer of another account finds it in the queue
  await signIn(page, reviewer.email, 'user-password-1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviewer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Sharing requests' }).waitFor();
  await page.getByText('A pilot with three customers.').waitFor();
  await checkPage(page, 'review-queue');

  // the sharing request: approved for 10 days rather than the 20 asked
  const request = page.getByRole('form', { name: `Sharing ${app.name}` });
  await request.getByLabel('Days to share').fill('10');
  await request.getByLabel('Notes to the developer').fill('Ten days is enough for a pilot.');
  await request.getByRole('button', { name: 'Approve' }).click();
  await page.getByText(/^Approved: shared until /).waitFor();
  const decided = (await c.ok('GET', `/apps/${app.id}/share-requests`)).share_requests.find((r) => r.id === share.id);
  assert.equal(decided.status, 'approved');
  assert.equal(decided.valid_days, 10);
  assert.equal(decided.decision_notes, 'Ten days is enough for a pilot.');
  await page.getByRole('link', { name: app.name }).click();
  await page.getByRole('heading', { level: 1, name: `Review: ${app.name}` }).waitFor();
  await page.getByText('Schedules many things.').waitFor(); // the listing as submitted
  await page.getByRole('link', { name: 'shot.png' }).waitFor(); // its media
  await checkPage(page, 'review-app');

  await page.getByRole('button', { name: 'Start review' }).click();
  await page.getByText('Review started: the app is in review.').waitFor();
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'in_review');

  // a rejection without any reason is refused, said at the overall notes
  await decision(page).getByRole('button', { name: 'Reject' }).click();
  await decision(page).getByRole('alert').waitFor();
  await page.getByText('a rejection needs reasons: per section, or at least notes').waitFor();
  await checkPage(page, 'review-refused-no-reasons');
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'in_review');

  await page.getByLabel('Reason to reject App listing').fill('Say what data you store.');
  await page.getByLabel('Overall notes').fill('Close; one thing to fix.');
  await decision(page).getByRole('button', { name: 'Reject' }).click();
  await page.getByText('Rejected. The developer is told, with your reasons.').waitFor();
  const rejected = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.last_review.sections.app_listing, 'Say what data you store.');
  await signOut(page);

  // the developer sees the rejection and the section's reason
  await signIn(page, dev.owner.email, 'owner-password-1');
  await page.goto(`${plaza.url}/marketplace#/apps/${app.id}/history`);
  await page.getByRole('heading', { level: 2, name: 'Review history' }).waitFor();
  await page.getByText('in_review → rejected').waitFor();
  await page.getByText('Close; one thing to fix.').waitFor();
  await checkPage(page, 'developer-review-history');
  await page.goto(`${plaza.url}/marketplace#/apps/${app.id}/submit`);
  await page.getByRole('heading', { level: 3, name: 'Last review: rejected (version 1)' }).waitFor();
  await page.getByText('Say what data you store.').waitFor();
  await checkPage(page, 'developer-rejection');
  await signOut(page);

  // fixed and resubmitted through the API
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { long_description: 'Schedules many things. Stores only meeting ids.' } });
  await c.ok('POST', `/apps/${app.id}/submit`, { actor: dev.owner.id });

  // a reviewer of the app's own account is refused, clearly
  await signIn(page, ownReviewer.email, 'user-password-1');
  await page.goto(`${plaza.url}/marketplace#/review`);
  await page.getByText('(your account: another reviewer decides)').waitFor();
  await page.getByRole('link', { name: app.name }).click();
  await page.getByRole('heading', { level: 1, name: `Review: ${app.name}` }).waitFor();
  await decision(page).getByRole('button', { name: 'Approve' }).click();
  const refusal = decision(page).getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /reviewer/);
  assert.match(await refusal.innerText(), /not allowed/i);
  await checkPage(page, 'review-refused-own-account');
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).status, 'submitted');
  await signOut(page);

  // the other account's reviewer approves
  await signIn(page, reviewer.email, 'user-password-1');
  await page.goto(`${plaza.url}/marketplace#/review/${app.id}`);
  await page.getByText('Stores only meeting ids.').waitFor();
  await page.getByLabel('Overall notes').fill('Thanks for the fix.');
  await decision(page).getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Approved. The developer is told.').waitFor();
  await checkPage(page, 'review-approved');
  const approved = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(approved.status, 'approved');
  assert.equal(approved.last_review.by.email, reviewer.email);
  await signOut(page);
  assertNoErrors(errors);
});
