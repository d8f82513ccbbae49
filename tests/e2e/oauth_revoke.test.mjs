// POST /oauth/revoke (zoom-wire §1.6) and the Data Compliance call
// POST /oauth/data/compliance (§1.7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, createAccount, createUser, createApp, token, basic, v2, installUser, postForm,
  assertOAuthError, assertZoomError, control,
} from './lib/plaza.mjs';

let plaza, acc, app, otherApp;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  otherApp = await createApp(plaza, acc.id, { scopes: ['user:read'] });
});
after(async () => { await plaza.stop(); });

const creds = (a = app) => a.credentials.development;
const auth = (a = app) => ({ authorization: basic(creds(a).client_id, creds(a).client_secret) });
const me = (t) => v2(plaza, t, 'GET', '/users/me');
const refresh = (rt) => token(plaza, creds().client_id, creds().client_secret, { grant_type: 'refresh_token', refresh_token: rt });

async function assertDead(t) {
  assertZoomError(await me(t.access_token), 401, 124, 'Invalid access token.');
  assertOAuthError(await refresh(t.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
}

test('revoke_access_token_in_form_body_succeeds_and_kills_both_tokens', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  assert.equal((await me(t.access_token)).status, 200);
  const r = await postForm(plaza, '/oauth/revoke', { token: t.access_token }, { headers: auth() });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { status: 'success' });
  await assertDead(t);
});

test('revoke_with_token_in_query_string_succeeds', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const r = await request(plaza, 'POST', `/oauth/revoke?${new URLSearchParams({ token: t.access_token })}`, { headers: auth() });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { status: 'success' });
  await assertDead(t);
});

test('revoke_refresh_token_kills_the_access_token_too', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const r = await postForm(plaza, '/oauth/revoke', { token: t.refresh_token }, { headers: auth() });
  assert.deepEqual(r.json, { status: 'success' });
  await assertDead(t);
});

test('revoke_uninstalls_only_that_users_install', async () => {
  const member = await createUser(plaza, acc.id);
  const a = await installUser(plaza, app, acc.owner.id);
  const b = await installUser(plaza, app, member.id);
  await postForm(plaza, '/oauth/revoke', { token: a.access_token }, { headers: auth() });
  await assertDead(a);
  assert.equal((await me(b.access_token)).status, 200);
  // installing again works
  const c = await installUser(plaza, app, acc.owner.id);
  assert.equal((await me(c.access_token)).status, 200);
});

test('revoke_needs_the_apps_own_credentials', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const wrongSecret = await postForm(plaza, '/oauth/revoke', { token: t.access_token },
                                     { headers: { authorization: basic(creds().client_id, 'nope') } });
  assert.equal(wrongSecret.status, 400, wrongSecret.text);
  assert.deepEqual(wrongSecret.json, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  const none = await postForm(plaza, '/oauth/revoke', { token: t.access_token });
  assertOAuthError(none, 400, 'Invalid client_id or client_secret', 'invalid_client');
  const otherClient = await postForm(plaza, '/oauth/revoke', { token: t.access_token }, { headers: auth(otherApp) });
  assertOAuthError(otherClient, 400);
  assert.equal((await me(t.access_token)).status, 200, 'still installed after refused revocations');
});

test('revoke_with_missing_or_garbage_token_is_refused', async () => {
  assertOAuthError(await postForm(plaza, '/oauth/revoke', {}, { headers: auth() }), 400);
  assertOAuthError(await postForm(plaza, '/oauth/revoke', { token: 'garbage' }, { headers: auth() }), 400);
});

test('revoke_of_a_server_to_server_token_kills_it_and_a_new_one_can_be_had', async () => {
  const s2s = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
  const get = () => token(plaza, creds(s2s).client_id, creds(s2s).client_secret, { grant_type: 'account_credentials', account_id: acc.id });
  const t = (await get()).json.access_token;
  const r = await postForm(plaza, '/oauth/revoke', { token: t }, { headers: auth(s2s) });
  assert.deepEqual(r.json, { status: 'success' });
  assertZoomError(await me(t), 401, 124, 'Invalid access token.');
  const again = await get();
  assert.equal(again.status, 200, again.text);
  assert.equal((await me(again.json.access_token)).status, 200);
});

const complianceBody = (overrides = {}) => ({
  client_id: creds().client_id,
  user_id: acc.owner.id,
  account_id: acc.id,
  deauthorization_event_received: {
    user_data_retention: 'false', account_id: acc.id, user_id: acc.owner.id,
    signature: '827edc3452044f0bc86bdd5684afb7d1e6becfa1a767f24df1b287853cf73000',
    deauthorization_time: '2019-06-17T13:52:28.632Z', client_id: creds().client_id,
  },
  compliance_completed: true,
  ...overrides,
});

test('compliance_closes_the_deauthorization_of_a_removed_install_once', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  assert.equal((await postForm(plaza, '/oauth/revoke', { token: t.access_token }, { headers: auth() })).status, 200);
  const open = await control(plaza).ok('GET', `/deauthorizations?app_id=${app.id}&status=open`, undefined, 200);
  const rec = open.deauthorizations.at(-1);
  assert.equal(rec.user_id, acc.owner.id);
  assert.equal(rec.status, 'open');
  const event = { ...complianceBody().deauthorization_event_received, signature: rec.signature };
  // compliance_completed false is recorded and leaves the deauthorization open
  const notYet = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody({ deauthorization_event_received: event, compliance_completed: false }), headers: auth() });
  assert.equal(notYet.status, 200, notYet.text);
  const r = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody({ deauthorization_event_received: event }), headers: auth() });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { status: 'success' });
  const done = await control(plaza).ok('GET', `/deauthorizations?app_id=${app.id}&status=completed`, undefined, 200);
  assert.ok(done.deauthorizations.some((d) => d.id === rec.id));
  // twice: refused
  const again = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody({ deauthorization_event_received: event }), headers: auth() });
  assertOAuthError(again, 400, undefined, 'invalid_request');
});

test('compliance_for_a_user_never_deauthorized_is_refused', async () => {
  const stranger = await createUser(plaza, acc.id);
  const r = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody({ user_id: stranger.id }), headers: auth() });
  assertOAuthError(r, 400, undefined, 'invalid_request');
});

test('compliance_with_wrong_secret_is_refused', async () => {
  const r = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody(), headers: { authorization: basic(creds().client_id, 'wrong') },
  });
  assertOAuthError(r, 400, 'Invalid client_id or client_secret', 'invalid_client');
  const none = await request(plaza, 'POST', '/oauth/data/compliance', { body: complianceBody() });
  assertOAuthError(none, 400, undefined, 'invalid_client');
});

test('compliance_with_a_mismatched_client_id_in_the_body_is_refused', async () => {
  const r = await request(plaza, 'POST', '/oauth/data/compliance', {
    body: complianceBody({ client_id: creds(otherApp).client_id }), headers: auth(),
  });
  assertOAuthError(r, 400);
  assert.notEqual(r.json.error, undefined);
  const missing = complianceBody();
  delete missing.client_id;
  assertOAuthError(await request(plaza, 'POST', '/oauth/data/compliance', { body: missing, headers: auth() }), 400);
});

test('compliance_with_a_bad_body_is_refused_in_oauth_shape', async () => {
  const cases = [
    { body: complianceBody({ compliance_completed: 'yes' }) },
    { body: complianceBody({ user_id: 42 }) },
    { raw: 'not json', headers: { 'content-type': 'application/json' } },
    { raw: '[1,2]', headers: { 'content-type': 'application/json' } },
    { raw: '' },
  ];
  for (const c of cases) {
    const r = await request(plaza, 'POST', '/oauth/data/compliance', { ...c, headers: { ...auth(), ...(c.headers ?? {}) } });
    assertOAuthError(r, 400);
  }
});
