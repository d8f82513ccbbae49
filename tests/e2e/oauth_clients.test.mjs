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
  assert.match(r.client_secret, /^[A-Za-z0-9]{32}$/, 'letters and digits, like Zoom');
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

// ---- RFC 6749 §2.3.1: the client id and secret are form-encoded inside HTTP Basic ----

// What a strict client puts in Basic: every character but letters and digits
// percent-encoded (application/x-www-form-urlencoded as HTML 4 defines it).
const strictEncode = (s) => s.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

// An app whose development client id holds a character a strict client encodes
// (Zoom's ids are base64url: about half of them hold a "-" or "_").
async function appWithEncodableId() {
  for (let i = 0; i < 60; i++) {
    const a = await createApp(plaza, acc.id, { name: `Encodable ${i} ${Date.now()}`, scopes: ['user:read'] });
    if (/[-_]/.test(creds(a).client_id)) return a;
  }
  throw new Error('60 client ids without "-" or "_"');
}

test('client_secrets_are_32_letters_and_digits_like_zooms', async () => {
  for (const a of [s2s, bot, app]) {
    assert.match(creds(a).client_id, /^[A-Za-z0-9_-]{22}$/);
  }
  const fresh = await createApp(plaza, acc.id, { name: `Alphabet ${Date.now()}`, scopes: ['user:read'] });
  assert.match(creds(fresh).client_secret, /^[A-Za-z0-9]{32}$/);
  const rotated = await control(plaza).ok('POST', `/apps/${fresh.id}/credentials/development/secret`, undefined, 200);
  assert.match(rotated.client_secret, /^[A-Za-z0-9]{32}$/);
});

test('basic_credentials_encoded_by_a_strict_client_and_raw_from_a_lax_one_both_authenticate_at_token', async () => {
  const a = await appWithEncodableId();
  const { client_id: id, client_secret: secret } = creds(a);
  const encodedId = strictEncode(id);
  assert.match(encodedId, /%2D|%5F/, 'the id really changes when encoded');
  const t = await installUser(plaza, a, acc.owner.id); // a lax client: raw id and secret
  // the exact header a strict client sends: Basic base64(urlencode(id) ":" urlencode(secret))
  const strict = await request(plaza, 'POST', '/oauth/token', {
    raw: `grant_type=refresh_token&refresh_token=${encodeURIComponent(t.refresh_token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(encodedId, strictEncode(secret)) },
  });
  assert.equal(strict.status, 200, strict.text);
  const lax = await token(plaza, id, secret, { grant_type: 'refresh_token', refresh_token: strict.json.refresh_token });
  assert.equal(lax.status, 200, lax.text);
  // lower-case escapes are the same escapes
  const lower = await token(plaza, encodedId.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), secret,
                            { grant_type: 'refresh_token', refresh_token: lax.json.refresh_token });
  assert.equal(lower.status, 200, lower.text);
  // an encoded wrong secret is still wrong
  assert.deepEqual((await token(plaza, encodedId, strictEncode(`${secret}x`),
                                { grant_type: 'refresh_token', refresh_token: lower.json.refresh_token })).json, INVALID_CLIENT);
});

test('basic_credentials_with_a_broken_or_nul_escape_are_invalid_client', async () => {
  const a = await appWithEncodableId();
  const { client_id: id, client_secret: secret } = creds(a);
  for (const [bid, bsecret] of [[`${id}%`, secret], [id, `${secret}%4`], [`${id}%zz`, secret], [id, `${secret}%00`],
                                [`${id}%00x`, secret], [id.replace(/[-_]/, '+'), secret]]) {
    const r = await token(plaza, bid, bsecret, { grant_type: 'client_credentials' });
    assertOAuthError(r, 400, INVALID_CLIENT.reason, 'invalid_client');
  }
});

test('basic_credentials_encoded_by_a_strict_client_work_at_revoke_and_data_compliance', async () => {
  const a = await appWithEncodableId();
  const { client_id: id, client_secret: secret } = creds(a);
  const strictAuth = basic(strictEncode(id), strictEncode(secret));
  const t = await installUser(plaza, a, acc.owner.id);
  const revoked = await request(plaza, 'POST', '/oauth/revoke', {
    raw: `token=${encodeURIComponent(t.access_token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: strictAuth },
  });
  assert.equal(revoked.status, 200, revoked.text);
  assert.deepEqual(revoked.json, { status: 'success' });
  const body = { client_id: id, user_id: acc.owner.id, account_id: acc.id, compliance_completed: true };
  // a lax client's compliance call with a mangled id is refused; the strict one is recorded
  const bad = await request(plaza, 'POST', '/oauth/data/compliance', { body, headers: { authorization: basic(`${strictEncode(id)}%`, secret) } });
  assertOAuthError(bad, 400, INVALID_CLIENT.reason, 'invalid_client');
  const done = await request(plaza, 'POST', '/oauth/data/compliance', { body, headers: { authorization: strictAuth } });
  assert.equal(done.status, 200, done.text);
  const list = await control(plaza).ok('GET', `/deauthorizations?app_id=${a.id}`, undefined, 200);
  assert.equal(list.deauthorizations.length, 1);
  assert.equal(list.deauthorizations[0].status, 'completed');
  // and a lax client's compliance call for another removal, raw id and secret
  const t2 = await installUser(plaza, a, acc.owner.id);
  const laxRevoke = await request(plaza, 'POST', '/oauth/revoke', {
    raw: `token=${encodeURIComponent(t2.refresh_token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
  });
  assert.equal(laxRevoke.status, 200, laxRevoke.text);
  const laxDone = await request(plaza, 'POST', '/oauth/data/compliance', { body, headers: { authorization: basic(id, secret) } });
  assert.equal(laxDone.status, 200, laxDone.text);
});

test('form_client_id_must_agree_with_the_decoded_basic_one', async () => {
  const a = await appWithEncodableId();
  const { client_id: id, client_secret: secret } = creds(a);
  // client_id also in the body (decoded by the form parser): it agrees with the decoded Basic id
  const r = await request(plaza, 'POST', '/oauth/token', {
    raw: new URLSearchParams({ grant_type: 'client_credentials', client_id: id }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(strictEncode(id), secret) },
  });
  assertOAuthError(r, 400, UNSUPPORTED.reason, 'unsupported_grant_type'); // authenticated: an OAuth app has no client_credentials
});
