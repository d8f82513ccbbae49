// App-level grants and client authentication at POST /oauth/token
// (zoom-wire §1.2, §1.4): account_credentials for Server-to-Server apps,
// client_credentials for chatbots, Zoom's exact error bodies for bad clients
// and grants, and client-secret rotation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, control, createAccount, createApp, token, basic, v2, installUser, decodeJwt,
  assertOAuthError, assertZoomError,
} from './lib/plaza.mjs';

const INVALID_CLIENT = { reason: 'Invalid client_id or client_secret', error: 'invalid_client' };
const UNSUPPORTED = { reason: 'unsupported grant type', error: 'unsupported_grant_type' };
let plaza, acc, otherAcc, s2s, bot, app;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  otherAcc = await createAccount(plaza);
  s2s = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'meeting:read:admin'] });
  bot = await createApp(plaza, acc.id, { type: 'chatbot', scopes: undefined });
  app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
});
after(async () => { await plaza.stop(); });

const creds = (a) => a.credentials.development;
const queryToken = (a, params, secret = creds(a).client_secret) =>
  request(plaza, 'POST', `/oauth/token?${new URLSearchParams(params)}`, { headers: { authorization: basic(creds(a).client_id, secret) } });

test('account_credentials_in_query_string_returns_token_without_refresh_token', async () => {
  const r = await queryToken(s2s, { grant_type: 'account_credentials', account_id: acc.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['access_token', 'token_type', 'expires_in', 'scope', 'api_url']);
  assert.equal(r.json.token_type, 'bearer');
  assert.ok([3599, 3600].includes(r.json.expires_in), `expires_in ${r.json.expires_in}`);
  assert.deepEqual(r.json.scope.split(' ').sort(), ['meeting:read:admin', 'user:read:admin']);
  assert.equal(r.json.api_url, plaza.url);
  const me = await v2(plaza, r.json.access_token, 'GET', '/users/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.id, acc.owner.id);
});

test('account_credentials_in_form_body_works_too', async () => {
  const r = await token(plaza, creds(s2s).client_id, creds(s2s).client_secret, { grant_type: 'account_credentials', account_id: acc.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.refresh_token, undefined);
});

test('account_credentials_tokens_are_valid_side_by_side', async () => {
  const a = (await queryToken(s2s, { grant_type: 'account_credentials', account_id: acc.id })).json.access_token;
  const b = (await queryToken(s2s, { grant_type: 'account_credentials', account_id: acc.id })).json.access_token;
  assert.equal((await v2(plaza, a, 'GET', '/users/me')).status, 200);
  assert.equal((await v2(plaza, b, 'GET', '/users/me')).status, 200);
});

test('account_credentials_with_wrong_or_missing_account_id_is_refused', async () => {
  for (const account_id of [otherAcc.id, 'nope', undefined]) {
    const params = { grant_type: 'account_credentials' };
    if (account_id) params.account_id = account_id;
    const r = await queryToken(s2s, params);
    assertOAuthError(r, 400);
    assert.notEqual(r.json.error, 'invalid_client');
    assert.equal(r.json.access_token, undefined);
  }
});

test('account_credentials_is_only_for_server_to_server_apps', async () => {
  const r = await queryToken(app, { grant_type: 'account_credentials', account_id: acc.id });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json, UNSUPPORTED);
});

test('server_to_server_apps_have_no_user_grants', async () => {
  for (const params of [{ grant_type: 'authorization_code', code: 'x'.repeat(32), redirect_uri: 'https://a.example.test/' },
                        { grant_type: 'refresh_token', refresh_token: 'x' }, { grant_type: 'client_credentials' }]) {
    const r = await queryToken(s2s, params);
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, UNSUPPORTED, params.grant_type);
  }
});

test('client_credentials_for_a_chatbot_returns_imchat_bot_token', async () => {
  const r = await token(plaza, creds(bot).client_id, creds(bot).client_secret, { grant_type: 'client_credentials' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['access_token', 'token_type', 'expires_in', 'scope', 'api_url']);
  assert.equal(r.json.scope, 'imchat:bot');
  assert.equal(r.json.token_type, 'bearer');
  const { payload } = decodeJwt(r.json.access_token);
  assert.equal(payload.iss, `zm:cid:${creds(bot).client_id}`);
  // an app token is not a user token: /users/me wants a user scope
  assertZoomError(await v2(plaza, r.json.access_token, 'GET', '/users/me'), 400, 4711);
});

test('client_credentials_is_refused_for_a_general_oauth_app', async () => {
  const r = await token(plaza, creds(app).client_id, creds(app).client_secret, { grant_type: 'client_credentials' });
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json, UNSUPPORTED);
});

test('wrong_secret_or_unknown_client_is_invalid_client', async () => {
  const cases = [
    token(plaza, creds(app).client_id, 'wrong-secret', { grant_type: 'client_credentials' }),
    token(plaza, 'NoSuchClientId0000000', creds(app).client_secret, { grant_type: 'refresh_token', refresh_token: 'x' }),
    token(plaza, creds(bot).client_id, creds(app).client_secret, { grant_type: 'client_credentials' }),
    queryToken(s2s, { grant_type: 'account_credentials', account_id: acc.id }, `${creds(s2s).client_secret}x`),
    request(plaza, 'POST', '/oauth/token', { raw: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    request(plaza, 'POST', '/oauth/token', {
      raw: new URLSearchParams({ grant_type: 'client_credentials', client_id: creds(bot).client_id }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  ];
  for (const r of await Promise.all(cases)) {
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, INVALID_CLIENT);
  }
});

test('unknown_grant_type_is_unsupported_grant_type', async () => {
  for (const grant_type of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'AUTHORIZATION_CODE']) {
    const r = await token(plaza, creds(app).client_id, creds(app).client_secret, { grant_type });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, UNSUPPORTED, grant_type);
  }
});

test('missing_grant_type_is_a_token_error', async () => {
  const r = await token(plaza, creds(app).client_id, creds(app).client_secret, {});
  assertOAuthError(r, 400);
  assert.match(r.json.reason, /grant/i);
});

test('secret_rotation_makes_the_old_secret_fail_and_the_new_work', async () => {
  const c = control(plaza);
  const old = creds(bot).client_secret;
  const r = await c.ok('POST', `/apps/${bot.id}/credentials/development/secret`, undefined, 200);
  assert.equal(r.environment, 'development');
  assert.equal(r.client_id, creds(bot).client_id);
  assert.match(r.client_secret, /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(r.client_secret, old);
  assert.equal(typeof r.rotated_at, 'string');

  const before = await token(plaza, r.client_id, old, { grant_type: 'client_credentials' });
  assert.equal(before.status, 400);
  assert.deepEqual(before.json, INVALID_CLIENT);
  const after = await token(plaza, r.client_id, r.client_secret, { grant_type: 'client_credentials' });
  assert.equal(after.status, 200, after.text);

  const shown = await c.ok('GET', `/apps/${bot.id}`, undefined, 200);
  assert.equal(shown.credentials.development.client_secret, undefined, 'secrets are shown once');
  assert.equal(shown.credentials.development.rotated_at, r.rotated_at);
});

test('secret_rotation_for_user_apps_keeps_refresh_working_with_the_new_secret', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const r = await control(plaza).ok('POST', `/apps/${app.id}/credentials/development/secret`, undefined, 200);
  const stale = await token(plaza, creds(app).client_id, creds(app).client_secret, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.deepEqual(stale.json, INVALID_CLIENT);
  const fresh = await token(plaza, creds(app).client_id, r.client_secret, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.equal(fresh.status, 200, fresh.text);
  app.credentials.development.client_secret = r.client_secret;
});

test('secret_rotation_of_unknown_app_or_environment_is_404', async () => {
  const c = control(plaza);
  assert.equal((await c.call('POST', '/apps/NoSuchApp0000000000000/credentials/development/secret')).status, 404);
  assert.equal((await c.call('POST', `/apps/${bot.id}/credentials/staging/secret`)).status, 404);
  assert.equal((await c.call('POST', `/apps/${bot.id}/credentials/production/secret`)).status, 404);
});
