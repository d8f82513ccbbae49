// Install rules an account sets and removal: pre-approval (members install
// only apps an owner or admin pre-approved), who may change that, and
// "remove app" for the user and, on admin-managed apps, for admins only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, control, createAccount, createUser, createApp, assertProblem, installUser, v2,
} from './lib/plaza.mjs';
import { readyApp, consentWith } from './lib/market.mjs';

let plaza, c, dev, customer, member, admin, published, origin, server;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  dev = await createAccount(plaza);
  customer = await createAccount(plaza);
  member = await createUser(plaza, customer.id, { role: 'member' });
  admin = await createUser(plaza, customer.id, { role: 'admin' });
  ({ app: published, origin, server } = await readyApp(plaza, dev.id, { verify: 'manual' }));
  for (const p of ['submit', 'review', 'publish'])
    await c.ok('POST', `/apps/${published.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
  published = await c.ok('GET', `/apps/${published.id}`); // production credentials are shown once approved
});
after(async () => { await server.close(); await plaza.stop(); });

const install = (user) => consentWith(plaza, user, published.credentials.production.client_id, `${origin}/prod/callback`);

test('members_of_an_account_requiring_preapproval_install_only_preapproved_apps', async () => {
  assert.equal((await install(member.id)).status, 200, 'no policy: anyone installs a published app');
  assertProblem(await c.call('PATCH', `/accounts/${customer.id}/app-policy`, { require_preapproval: true, actor: member.id }),
                403, 'actor');
  const p = await c.ok('PATCH', `/accounts/${customer.id}/app-policy`, { require_preapproval: true, actor: admin.email });
  assert.equal(p.require_preapproval, true);
  const refused = await install(member.id);
  assertProblem(refused, 403);
  assert.match(refused.json.detail, /pre-approv/);
  assert.equal((await install(admin.id)).status, 200, 'owners and admins are not held back');
  assertProblem(await c.call('PUT', `/accounts/${customer.id}/preapproved-apps/${published.id}`, { actor: member.id }), 403, 'actor');
  const after = await c.ok('PUT', `/accounts/${customer.id}/preapproved-apps/${published.id}`, { actor: customer.owner.id });
  assert.deepEqual(after.preapproved_apps, [published.id]);
  assert.equal((await install(member.id)).status, 200);
  await c.ok('DELETE', `/accounts/${customer.id}/preapproved-apps/${published.id}?actor=${admin.id}`, undefined, 204);
  assertProblem(await install(member.id), 403);
  assertProblem(await c.call('DELETE', `/accounts/${customer.id}/preapproved-apps/${published.id}`), 404);
  await c.ok('PATCH', `/accounts/${customer.id}/app-policy`, { require_preapproval: false });
  assert.equal((await install(member.id)).status, 200);
});

test('a_user_removes_an_app_and_its_tokens_stop_working', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const user = await createUser(plaza, dev.id);
  const t = await installUser(plaza, app, user.id);
  assert.equal((await v2(plaza, t.access_token, 'GET', '/users/me')).status, 200);
  assertProblem(await c.call('POST', `/apps/${app.id}/uninstall`, {}), 400, 'user');
  const r = await c.ok('POST', `/apps/${app.id}/uninstall`, { user: user.email });
  assert.equal(r.removed, true);
  assert.equal((await v2(plaza, t.access_token, 'GET', '/users/me')).status, 401);
  assertProblem(await c.call('POST', `/apps/${app.id}/uninstall`, { user: user.id }), 404);
  const inst = (await c.ok('GET', `/apps/${app.id}/installs`)).installs.find((i) => i.user_id === user.id);
  assert.equal(inst.active, false);
});

test('only_owners_and_admins_remove_an_admin_managed_app', async () => {
  const app = await createApp(plaza, dev.id, { management: 'admin', scopes: ['user:read:admin'] });
  const devMember = await createUser(plaza, dev.id, { role: 'member' });
  const t = await installUser(plaza, app, dev.owner.id);
  assertProblem(await c.call('POST', `/apps/${app.id}/uninstall`, { user: devMember.id }), 403, 'user');
  assert.equal((await v2(plaza, t.access_token, 'GET', '/users/me')).status, 200);
  await c.ok('POST', `/apps/${app.id}/uninstall`, { user: dev.owner.id });
  assert.equal((await v2(plaza, t.access_token, 'GET', '/users/me')).status, 401);
});
