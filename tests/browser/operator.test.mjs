// An operator-role user runs plaza from the portal: creates an account, adds
// a reviewer, advances the virtual clock, adds and clears a fault rule; a
// plain member sees no Operator link and is told "Not allowed" at #/operator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createUser, control } from '../e2e/lib/plaza.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot, signIn as portalSignIn } from './lib/browser.mjs';

let plaza, acct, web;

before(async () => {
  plaza = await startPlaza();
  acct = await createAccount(plaza);
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'operator-last').catch(() => {});
  await web?.close();
  await plaza?.stop();
});

const signIn = (page, email, password) => portalSignIn(page, plaza.url, email, password);

const panel = (page, name) => page.getByRole('region', { name, exact: true });

test('operator_creates_an_account_adds_a_reviewer_moves_the_clock_and_injects_a_fault', async () => {
  const { page, errors } = web;
  const c = control(plaza);
  const op = await createUser(plaza, acct.id);
  await c.ok('PUT', `/operators/${op.id}`);

  await signIn(page, op.email, 'user-password-1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operator' }).click();
  await page.getByRole('heading', { level: 1, name: 'Operator' }).waitFor();
  await panel(page, 'Fault rules').getByText('No fault rules').waitFor();
  await panel(page, 'Operators').getByText(op.email).waitFor();
  await checkPage(page, 'operator');

  // an account with its owner
  const accounts = panel(page, 'Accounts');
  await accounts.getByLabel('Account name').fill('Initech');
  await accounts.getByLabel('Plan').selectOption('business');
  await accounts.getByLabel('Owner e-mail').fill('bill@initech.test');
  await accounts.getByLabel('Owner first name').fill('Bill');
  await accounts.getByLabel('Owner last name').fill('Lumbergh');
  await accounts.getByLabel('Owner password').fill('tps-reports-1');
  await accounts.getByRole('button', { name: 'Create account' }).click();
  await accounts.getByText('Created account Initech with owner bill@initech.test.').waitFor();
  await accounts.getByRole('rowheader', { name: 'Initech' }).waitFor();
  const made = (await c.ok('GET', '/accounts?page_size=300')).accounts.find((a) => a.name === 'Initech');
  assert.equal(made?.plan, 'business');

  // the same e-mail again is refused, named at its field
  await accounts.getByLabel('Account name').fill('Initech again');
  await accounts.getByLabel('Owner e-mail').fill('bill@initech.test');
  await accounts.getByLabel('Owner first name').fill('Bill');
  await accounts.getByLabel('Owner last name').fill('Lumbergh');
  await accounts.getByRole('button', { name: 'Create account' }).click();
  await accounts.getByRole('alert').waitFor();

  // the new owner becomes a reviewer
  const reviewers = panel(page, 'Reviewers');
  await reviewers.getByLabel('User (id or e-mail)').fill('bill@initech.test');
  await reviewers.getByLabel('User (id or e-mail)').press('Enter'); // the keyboard submits the form
  await reviewers.getByText('bill@initech.test is a reviewer now.').waitFor();
  assert.deepEqual((await c.ok('GET', '/reviewers')).reviewers.map((u) => u.email), ['bill@initech.test']);

  // the clock moves an hour (a day would end the operator's own session)
  const before = (await c.ok('GET', '/clock')).offset_seconds;
  const clock = panel(page, 'Virtual clock');
  await clock.getByLabel('Advance by').selectOption('3600');
  await clock.getByRole('button', { name: 'Advance' }).click();
  await clock.getByText(/^The clock moved 3600 s/).waitFor();
  assert.ok((await c.ok('GET', '/clock')).offset_seconds >= before + 3600);
  // "Other" takes the seconds typed
  await clock.getByLabel('Advance by').selectOption('other');
  await clock.getByLabel('Other, in seconds').fill('90');
  await clock.getByRole('button', { name: 'Advance' }).click();
  await clock.getByText(/^The clock moved 90 s/).waitFor();

  // a fault rule, then cleared
  const faults = panel(page, 'Fault rules');
  await faults.getByLabel('Path pattern').fill('/v2/users/*');
  await faults.getByLabel('Method').selectOption('GET');
  await faults.getByLabel('Status', { exact: true }).fill('503');
  await faults.getByLabel('Message').fill('Injected outage.');
  await faults.getByLabel('Uses').fill('2');
  await faults.getByRole('button', { name: 'Add rule' }).click();
  await faults.getByText(/^Fault rule \d+ added\.$/).waitFor();
  const [rule] = (await c.ok('GET', '/faults')).faults;
  assert.equal(rule.path, '/v2/users/*');
  assert.equal(rule.status, 503);
  assert.equal(rule.count, 2);
  await checkPage(page, 'operator-fault');
  await faults.getByRole('button', { name: `Remove fault rule ${rule.id}` }).click();
  await faults.getByText(`Fault rule ${rule.id} removed.`).waitFor();
  await faults.getByText('No fault rules').waitFor();
  assert.deepEqual((await c.ok('GET', '/faults')).faults, []);

  // the settings
  const settings = panel(page, 'Marketplace settings');
  await settings.getByLabel('Sharing window (days)').fill('14');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await settings.getByText('Saved.').first().waitFor();
  assert.equal((await c.ok('GET', '/marketplace/settings')).share_days, 14);

  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByText('Signed out.').waitFor();
  assertNoErrors(errors);
});

test('a_member_sees_no_operator_link_and_is_not_allowed_at_the_page', async () => {
  const { page, errors } = web;
  const member = await createUser(plaza, acct.id);
  await signIn(page, member.email, 'user-password-1');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Manage' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Operator' }).count(), 0);
  await page.goto(`${plaza.url}/marketplace#/operator`);
  await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
  await checkPage(page, 'operator-not-allowed');
  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByText('Signed out.').waitFor();
  assertNoErrors(errors);
});
