// Private sharing and Publishable URLs through the real binary: a sharing
// request checked field by field, one pending at a time, the operator's
// decision and the setting that closes requests, a share that expires on the
// virtual clock while a beta user keeps working (also after publication,
// without re-authorizing), and a Publishable URL invalidated by a redirect
// change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, control, createAccount, createApp, assertProblem, token, v2, advanceClock,
} from './lib/plaza.mjs';
import { readyApp, consentWith } from './lib/market.mjs';

let plaza, c, dev, servers = [];

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  dev = await createAccount(plaza);
});
after(async () => { for (const s of servers) await s.close(); await plaza.stop(); });

const shareBody = (extra = {}) => ({
  will_publish: true, customers: 3, customer_type: 'beta_customers', duration_days: 30,
  reason: 'Three pilot customers try the scheduler before launch.', ...extra,
});

async function codeFor(user, client, redirect, extra) {
  const r = await consentWith(plaza, user, client.client_id, redirect, extra);
  assert.equal(r.status, 200, r.text);
  return new URL(r.json.redirect_to).searchParams.get('code');
}

test('a_sharing_request_is_checked_and_only_one_may_wait', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const bad = await c.call('POST', `/apps/${app.id}/share-requests`, { customers: 0, customer_type: 'everyone', reason: 'x' });
  assertProblem(bad, 400, ['will_publish', 'customers', 'customer_type', 'duration_days', 'reason']);
  const first = await c.ok('POST', `/apps/${app.id}/share-requests`, shareBody({ actor: dev.owner.id }), 201);
  assert.equal(first.status, 'pending');
  assert.equal(first.requested_by, dev.owner.id);
  const second = await c.call('POST', `/apps/${app.id}/share-requests`, shareBody());
  assertProblem(second, 409, 'app_id');
  const queue = await c.ok('GET', '/share-requests?status=pending');
  assert.ok(queue.share_requests.some((s) => s.id === first.id));
  const denied = await c.ok('POST', `/share-requests/${first.id}/decision`, { decision: 'deny', notes: 'Not yet.' });
  assert.equal(denied.status, 'denied');
  assertProblem(await c.call('POST', `/share-requests/${first.id}/decision`, { decision: 'approve' }), 409, 'status');
  assert.equal((await c.ok('POST', `/apps/${app.id}/share-requests`, shareBody(), 201)).status, 'pending');
});

test('the_operator_can_refuse_sharing_requests_altogether', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  assert.equal((await c.ok('PATCH', '/marketplace/settings', { accept_share_requests: false })).accept_share_requests, false);
  assertProblem(await c.call('POST', `/apps/${app.id}/share-requests`, shareBody()), 403);
  await c.ok('PATCH', '/marketplace/settings', { accept_share_requests: true });
  assert.equal((await c.ok('GET', '/marketplace/settings')).share_days, 30);
  await c.ok('POST', `/apps/${app.id}/share-requests`, shareBody(), 201);
});

test('a_share_expires_on_the_virtual_clock_while_beta_installs_keep_working_after_publication', async () => {
  const { app, origin, server } = await readyApp(plaza, dev.id, { verify: 'manual' });
  servers.push(server);
  const devCreds = app.credentials.development, redirect = `${origin}/callback`;
  const beta = await createAccount(plaza), late = await createAccount(plaza);
  assertProblem(await consentWith(plaza, beta.owner.id, devCreds.client_id, redirect), 403);

  const req = await c.ok('POST', `/apps/${app.id}/share-requests`, shareBody(), 201);
  const approved = await c.ok('POST', `/share-requests/${req.id}/decision`, { decision: 'approve' });
  assert.equal(approved.valid_days, 30);
  const link = await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  assert.equal(link.environment, 'development');
  assert.equal(link.valid, true);

  // the beta customer installs through the Publishable URL
  const code = await codeFor(beta.owner.id, devCreds, redirect, { plaza_link: new URL(link.url).searchParams.get('plaza_link') });
  const t = await token(plaza, devCreds.client_id, devCreds.client_secret, { grant_type: 'authorization_code', code, redirect_uri: redirect });
  assert.equal(t.status, 200, t.text);
  const inst = (await c.ok('GET', `/apps/${app.id}/installs`)).installs.find((i) => i.account_id === beta.id);
  assert.equal(inst.via, 'shared');

  await advanceClock(plaza, 31 * 86400);
  const refused = await consentWith(plaza, late.owner.id, devCreds.client_id, redirect);
  assertProblem(refused, 403);
  assert.match(refused.json.detail, /sharing ended/);
  // the beta install keeps working: its refresh token still turns into access tokens
  let rt = await token(plaza, devCreds.client_id, devCreds.client_secret, { grant_type: 'refresh_token', refresh_token: t.json.refresh_token });
  assert.equal(rt.status, 200, rt.text);
  assert.equal((await v2(plaza, rt.json.access_token, 'GET', '/users/me')).status, 200);
  // and re-authorizing in the beta account is still allowed
  assert.equal((await consentWith(plaza, beta.owner.id, devCreds.client_id, redirect)).status, 200);

  for (const p of ['submit', 'review', 'publish'])
    await c.ok('POST', `/apps/${app.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
  rt = await token(plaza, devCreds.client_id, devCreds.client_secret, { grant_type: 'refresh_token', refresh_token: rt.json.refresh_token });
  assert.equal(rt.status, 200, 'no re-authorization after publication');
  assert.equal((await v2(plaza, rt.json.access_token, 'GET', '/users/me')).status, 200);
});

test('a_share_approved_for_fewer_days_ends_sooner', async () => {
  const { app, origin, server } = await readyApp(plaza, dev.id, { verify: 'none' });
  servers.push(server);
  const req = await c.ok('POST', `/apps/${app.id}/share-requests`, shareBody(), 201);
  assertProblem(await c.call('POST', `/share-requests/${req.id}/decision`, { decision: 'approve', days: 400 }), 400, 'days');
  const ok = await c.ok('POST', `/share-requests/${req.id}/decision`, { decision: 'approve', days: 7 });
  assert.equal(ok.valid_days, 7);
  const other = await createAccount(plaza);
  await advanceClock(plaza, 8 * 86400);
  assertProblem(await consentWith(plaza, other.owner.id, app.credentials.development.client_id, `${origin}/callback`), 403);
});

test('a_publishable_url_stops_installing_after_a_redirect_change_and_the_checklist_says_why', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const link = await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  const tokenOf = (l) => new URL(l.url).searchParams.get('plaza_link');
  assert.equal(new URL(link.url).searchParams.get('redirect_uri'), app.redirect_url);
  await codeFor(dev.owner.id, app.credentials.development, app.redirect_url, { plaza_link: tokenOf(link) });
  let cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.equal(cl.sections.find((s) => s.section === 'publishable_url').status, 'ready');

  await c.ok('PATCH', `/apps/${app.id}`, { redirect_url: 'https://app.example.test/v2/callback' });
  const stale = await c.ok('GET', `/apps/${app.id}/publishable-url`);
  assert.equal(stale.valid, false);
  assert.match(stale.invalid_reason, /redirect URL changed/);
  cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  const s = cl.sections.find((x) => x.section === 'publishable_url');
  assert.equal(s.status, 'not_ready');
  assert.match(s.missing[0].message, /redirect URL changed/);
  const refused = await consentWith(plaza, dev.owner.id, app.credentials.development.client_id,
                                    'https://app.example.test/v2/callback', { plaza_link: tokenOf(link) });
  assertProblem(refused, 403);
  assert.match(refused.json.detail, /no longer installs/);

  const fresh = await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  assert.notEqual(tokenOf(fresh), tokenOf(link));
  await codeFor(dev.owner.id, app.credentials.development, 'https://app.example.test/v2/callback', { plaza_link: tokenOf(fresh) });
  assertProblem(await consentWith(plaza, dev.owner.id, app.credentials.development.client_id,
                                  'https://app.example.test/v2/callback', { plaza_link: tokenOf(link) }), 403);
  // a name or scope change invalidates it too
  await c.ok('PATCH', `/apps/${app.id}`, { scopes: ['user:read', 'meeting:read'] });
  assert.match((await c.ok('GET', `/apps/${app.id}/publishable-url`)).invalid_reason, /scopes changed/);
  assertProblem(await c.call('POST', `/apps/${app.id}/publishable-url`, { environment: 'production' }), 400, 'environment');
});
