// Account admin in the portal: an owner sees the account's users and grants
// and revokes the Marketplace permissions role, adds a user, turns
// pre-approval on and pre-approves a published app of another account, sees
// a member's install of one of the account's apps and removes it. A member of
// another account finds nothing of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createUser, createApp, installUser, control } from '../e2e/lib/plaza.mjs';
import { consentWith, readyApp } from '../e2e/lib/market.mjs';
import { openBrowser, checkPage, assertNoErrors, screenshot, signIn as portalSignIn } from './lib/browser.mjs';

let plaza, web, accA, member, ownApp, accB, outsider, published;
const servers = [];
const PUBLISHED = `Foreign Planner ${process.pid}`;

before(async () => {
  plaza = await startPlaza();
  const c = control(plaza);
  accA = await createAccount(plaza);
  member = await createUser(plaza, accA.id);
  ownApp = await createApp(plaza, accA.id, { name: `Own Notes ${process.pid}` });
  await installUser(plaza, ownApp, member.id);
  // another account's app, taken through review and published (the admin key acts as operator and reviewer)
  accB = await createAccount(plaza);
  outsider = await createUser(plaza, accB.id);
  const ready = await readyApp(plaza, accB.id, { fields: { name: PUBLISHED } });
  servers.push(ready.server);
  published = ready.app;
  await c.ok('POST', `/apps/${published.id}/submit`, {});
  await c.ok('POST', `/apps/${published.id}/review`, { decision: 'approve' });
  await c.ok('POST', `/apps/${published.id}/publish`, {});
  // the member also added the other account's published app (its production credentials)
  const prod = (await c.ok('GET', `/apps/${published.id}`)).credentials.production;
  const added = await consentWith(plaza, member.id, prod.client_id, `${ready.origin}/prod/callback`);
  assert.equal(added.status, 200, added.text);
  web = await openBrowser();
});

after(async () => {
  if (web) await screenshot(web.page, 'admin-last').catch(() => {});
  await web?.close();
  for (const s of servers) await s.close();
  await plaza?.stop();
});

const signIn = (page, email, password) => portalSignIn(page, plaza.url, email, password);

test('an_owner_manages_users_pre_approval_and_removes_a_members_install', async () => {
  const { page, errors } = web;
  const c = control(plaza);
  await signIn(page, accA.owner.email, 'owner-password-1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { level: 1, name: 'Account admin' }).waitFor();

  // users and roles
  const users = page.getByRole('region', { name: 'Users and roles' });
  const memberRow = users.getByRole('row').filter({ hasText: member.email });
  await memberRow.getByText('Member', { exact: true }).waitFor();
  await users.getByRole('row').filter({ hasText: accA.owner.email }).getByText('Always (owner or admin)').waitFor();
  await memberRow.getByRole('button', { name: `Grant Marketplace permissions for ${member.email}` }).click();
  await users.getByText(`Marketplace permissions granted to ${member.email}.`).waitFor();
  let perms = await c.ok('GET', `/accounts/${accA.id}/marketplace-permissions`);
  assert.deepEqual(perms.users.map((u) => u.id), [member.id]);
  await memberRow.getByRole('button', { name: `Revoke Marketplace permissions for ${member.email}` }).click();
  await users.getByText(`Marketplace permissions revoked from ${member.email}.`).waitFor();
  perms = await c.ok('GET', `/accounts/${accA.id}/marketplace-permissions`);
  assert.deepEqual(perms.users, []);
  const newEmail = `added-${process.pid}@example.test`;
  const add = page.getByRole('form', { name: 'Add a user' });
  await add.getByLabel('E-mail').fill(newEmail);
  await add.getByLabel('First name').fill('Ada');
  await add.getByLabel('Role').selectOption('admin');
  await add.getByLabel('Password').fill('added-password-1');
  await add.getByRole('button', { name: 'Add user' }).click();
  await users.getByText(`Added ${newEmail} as admin.`).waitFor();
  await users.getByRole('row').filter({ hasText: newEmail }).getByText('Admin', { exact: true }).waitFor();

  // pre-approval: on, and the published app of another account pre-approved
  const policy = page.getByRole('region', { name: 'App pre-approval' });
  await policy.getByLabel('Members may install only pre-approved apps').check();
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await policy.getByText('Pre-approval is on.').first().waitFor();
  await policy.getByLabel('Published app').selectOption({ label: PUBLISHED });
  await policy.getByRole('button', { name: 'Pre-approve' }).click();
  await policy.getByText(`${PUBLISHED} is pre-approved.`).waitFor();
  await policy.getByRole('list', { name: 'Pre-approved apps' }).getByRole('link', { name: PUBLISHED }).waitFor();
  const p = await c.ok('GET', `/accounts/${accA.id}/app-policy`);
  assert.equal(p.require_preapproval, true);
  assert.deepEqual(p.preapproved_apps, [published.id]);

  // installed apps: the member's install of the account's app, with when and which scopes
  const installs = page.getByRole('region', { name: 'Installed apps' });
  const item = installs.getByRole('listitem').filter({ hasText: ownApp.name });
  await item.getByText(member.email).first().waitFor();
  await item.getByText('user:read', { exact: true }).waitFor();
  await item.getByText('meeting:read', { exact: true }).waitFor();
  await checkPage(page, 'admin');
  await item.getByRole('button', { name: `Remove app ${ownApp.name} for ${member.email}` }).click();
  await installs.getByText(`Removed ${ownApp.name} for ${member.email}.`).waitFor();
  assert.equal(await item.count(), 0);
  const left = await c.ok('GET', `/apps/${ownApp.id}/installs`);
  assert.ok(left.installs.every((i) => !i.active), JSON.stringify(left));
  // the other account's app the member added is listed and removed the same way
  const foreign = installs.getByRole('listitem').filter({ hasText: PUBLISHED });
  await foreign.getByRole('button', { name: `Remove app ${PUBLISHED} for ${member.email}` }).click();
  await installs.getByText(`Removed ${PUBLISHED} for ${member.email}.`).waitFor();
  const theirs = await c.ok('GET', `/installs?app_id=${published.id}&account_id=${accA.id}`);
  assert.ok(theirs.installs.length === 1 && theirs.installs.every((i) => i.status === 'removed'), JSON.stringify(theirs));
  // after a reload too
  await page.reload();
  await page.getByRole('region', { name: 'Installed apps' }).getByText('No active installs by users of this account.').waitFor();
  await checkPage(page, 'admin-removed');
  assertNoErrors(errors);

  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByText('Signed out.').waitFor();
});

test('a_member_of_another_account_finds_nothing_of_it', async () => {
  const context = await web.browser.newContext({ viewport: { width: 360, height: 900 } });
  const page = await context.newPage();
  await signIn(page, outsider.email, 'user-password-1');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(), 0);
  await page.goto(`${plaza.url}/marketplace#/admin`);
  await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
  await page.goto(`${plaza.url}/marketplace#/apps/${ownApp.id}/webhooks`);
  await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  await checkPage(page, 'admin-foreign-not-found');
  await page.goto(`${plaza.url}/marketplace#/apps/${ownApp.id}/credentials`);
  await page.getByRole('alert').filter({ hasText: 'No such resource.' }).waitFor();
  assert.equal(await page.getByText(ownApp.name).count(), 0);
  await context.close();
});
