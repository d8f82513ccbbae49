// The authorization_code grant (zoom-wire §1.1–§1.4): consent, the code on the
// redirect, every way real clients send the exchange, the token response's
// exact shape, single use, expiry, redirect_uri and PKCE checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, startPlazaWithPublicUrl, request, createAccount, createUser, createApp, token, basic, v2, authorizeCode, advanceClock,
  pkcePair, assertOAuthError, assertZoomError, consent, authorizeUrl, installUser,
} from './lib/plaza.mjs';

let plaza, acc, app;
const TOKEN_KEYS = ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'api_url'];

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:read'] });
});
after(async () => { await plaza.stop(); });

const dev = () => app.credentials.development;
const exchange = (code, extra = {}) =>
  token(plaza, dev().client_id, dev().client_secret,
        { grant_type: 'authorization_code', code, redirect_uri: app.redirect_url, ...extra });

function assertTokenResponse(r, scopes) {
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(r.json), TOKEN_KEYS);
  const t = r.json;
  assert.equal(typeof t.access_token, 'string');
  assert.match(t.access_token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.equal(t.token_type, 'bearer');
  assert.equal(typeof t.refresh_token, 'string');
  assert.match(t.refresh_token, /^[A-Za-z0-9._-]+$/);
  assert.notEqual(t.refresh_token, t.access_token);
  assert.equal(t.expires_in, 3599);
  assert.equal(typeof t.scope, 'string');
  assert.deepEqual(t.scope.split(' ').sort(), [...scopes].sort());
  assert.equal(t.api_url, plaza.url);
}

test('consent_redirects_with_code_and_state_echoed', async () => {
  const state = 'a b&c=d/é?';
  const { redirect, code } = await authorizeCode(plaza, app, acc.owner.id, { state });
  assert.equal(`${redirect.origin}${redirect.pathname}`, app.redirect_url);
  assert.equal(redirect.searchParams.get('state'), state);
  assert.match(code, /^[A-Za-z0-9_-]{32,33}$/);
  assert.deepEqual([...redirect.searchParams.keys()].sort(), ['code', 'state']);
});

test('consent_without_state_redirects_without_state', async () => {
  const { redirect } = await authorizeCode(plaza, app, acc.owner.id, { state: undefined });
  assert.deepEqual([...redirect.searchParams.keys()], ['code']);
});

test('code_exchange_with_form_body_and_basic_returns_zoom_token_shape', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const r = await exchange(code);
  assertTokenResponse(r, ['user:read', 'meeting:read']);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/);
});

test('users_me_with_fresh_token_returns_zoom_user_object', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const t = (await exchange(code)).json;
  const r = await v2(plaza, t.access_token, 'GET', '/users/me');
  assert.equal(r.status, 200, r.text);
  const u = r.json;
  // zoom-wire §2.7: keys in the order Zoom returns them
  assert.deepEqual(Object.keys(u), [
    'id', 'first_name', 'last_name', 'display_name', 'email', 'type', 'role_name', 'pmi', 'use_pmi',
    'personal_meeting_url', 'timezone', 'verified', 'dept', 'created_at', 'last_login_time', 'cms_user_id', 'jid',
    'group_ids', 'im_group_ids', 'account_id', 'language', 'phone_country', 'phone_number', 'status', 'job_title',
    'cost_center', 'location', 'login_types', 'role_id', 'cluster', 'user_created_at',
  ]);
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
  assert.equal(u.id, acc.owner.id);
  assert.match(u.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(u.first_name, 'Olive');
  assert.equal(u.last_name, 'Owner');
  assert.equal(u.display_name, 'Olive Owner');
  assert.equal(u.email, acc.owner.email);
  assert.equal(u.type, 2);
  assert.equal(u.role_name, 'Owner');
  assert.ok(Number.isInteger(u.pmi) && String(u.pmi).length === 10, `pmi ${u.pmi}`);
  assert.equal(u.pmi, acc.owner.pmi);
  assert.equal(u.use_pmi, false);
  assert.equal(typeof u.personal_meeting_url, 'string');
  assert.ok(u.personal_meeting_url.includes(String(u.pmi)));
  assert.equal(typeof u.timezone, 'string');
  assert.equal(u.verified, 1);
  assert.equal(typeof u.dept, 'string');
  assert.match(u.created_at, iso);
  assert.match(u.last_login_time, iso);
  assert.equal(u.cms_user_id, '');
  assert.equal(u.jid, `${u.id.toLowerCase()}@xmpp.zoom.us`);
  assert.deepEqual(u.group_ids, []);
  assert.deepEqual(u.im_group_ids, []);
  assert.equal(u.account_id, acc.id);
  assert.equal(u.language, 'en-US');
  for (const k of ['phone_country', 'phone_number', 'job_title', 'cost_center', 'location', 'cluster'])
    assert.equal(typeof u[k], 'string', k);
  assert.equal(u.status, 'active');
  assert.deepEqual(u.login_types, [100]);
  assert.equal(u.role_id, '0');
  assert.match(u.user_created_at, iso);
});

test('users_me_shows_a_member_as_member', async () => {
  const m = await createUser(plaza, acc.id, { role: 'member', type: 'basic' });
  const { code } = await authorizeCode(plaza, app, m.id);
  const t = (await exchange(code)).json;
  const r = await v2(plaza, t.access_token, 'GET', '/users/me');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, m.id);
  assert.equal(r.json.role_name, 'Member');
  assert.equal(r.json.type, 1);
  assert.equal(typeof r.json.role_id, 'string');
});

test('code_exchange_with_query_params_and_empty_json_body_like_npm_zoomapi', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const q = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: app.redirect_url });
  const r = await request(plaza, 'POST', `/oauth/token?${q}`, {
    raw: '', headers: { 'content-type': 'application/json', authorization: basic(dev().client_id, dev().client_secret) },
  });
  assertTokenResponse(r, ['user:read', 'meeting:read']);
  assert.equal((await v2(plaza, r.json.access_token, 'GET', '/users/me')).status, 200);
});

test('code_exchange_with_query_params_and_no_body', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const q = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: app.redirect_url });
  const r = await request(plaza, 'POST', `/oauth/token?${q}`, {
    headers: { authorization: basic(dev().client_id, dev().client_secret) },
  });
  assertTokenResponse(r, ['user:read', 'meeting:read']);
});

test('code_exchange_with_client_id_and_secret_as_form_fields', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const r = await request(plaza, 'POST', '/oauth/token', {
    raw: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: app.redirect_url,
      client_id: dev().client_id, client_secret: dev().client_secret,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assertTokenResponse(r, ['user:read', 'meeting:read']);
});

test('code_exchange_with_basic_and_form_fields_that_disagree_is_refused', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const r = await request(plaza, 'POST', '/oauth/token', {
    raw: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: app.redirect_url, client_secret: 'not-the-secret',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(dev().client_id, dev().client_secret) },
  });
  assertOAuthError(r, 400, 'Invalid client_id or client_secret', 'invalid_client');
});

test('code_is_single_use_and_replay_revokes_the_first_tokens', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const first = await exchange(code);
  assert.equal(first.status, 200, first.text);
  assert.equal((await v2(plaza, first.json.access_token, 'GET', '/users/me')).status, 200);

  const second = await exchange(code);
  assert.equal(second.status, 400, second.text);
  assert.deepEqual(second.json, { reason: `Invalid authorization code ${code}`, error: 'invalid_request' });

  assertZoomError(await v2(plaza, first.json.access_token, 'GET', '/users/me'), 401, 124, 'Invalid access token.');
  const refreshed = await token(plaza, dev().client_id, dev().client_secret,
                                { grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
  assertOAuthError(refreshed, 400, 'Invalid Token!', 'invalid_grant');
});

test('unknown_code_is_refused_as_invalid_authorization_code', async () => {
  const code = 'mk1Cq8Pap6_PatCmZLwQxKCZOUJsBwojQ';
  assertOAuthError(await exchange(code), 400, `Invalid authorization code ${code}`, 'invalid_request');
});

test('code_of_another_app_is_refused', async () => {
  const other = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const { code } = await authorizeCode(plaza, other, acc.owner.id);
  const r = await exchange(code); // this app's credentials, the other app's code
  assertOAuthError(r, 400, `Invalid authorization code ${code}`, 'invalid_request');
});

test('code_exchange_requires_the_exact_redirect_uri', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  for (const redirect_uri of [`${app.redirect_url}/`, app.redirect_url.toUpperCase(), `${app.redirect_url}?x=1`]) {
    const r = await exchange(code, { redirect_uri });
    assertOAuthError(r, 400, 'Redirect URI mismatch.', 'invalid_request');
  }
  const missing = await token(plaza, dev().client_id, dev().client_secret, { grant_type: 'authorization_code', code });
  assertOAuthError(missing, 400, 'Redirect URI mismatch.');
});

test('pkce_s256_accepts_the_right_verifier', async () => {
  const p = pkcePair('S256');
  const { code } = await authorizeCode(plaza, app, acc.owner.id, { code_challenge: p.challenge, code_challenge_method: 'S256' });
  assertTokenResponse(await exchange(code, { code_verifier: p.verifier }), ['user:read', 'meeting:read']);
});

test('pkce_s256_refuses_a_wrong_or_missing_verifier', async () => {
  const p = pkcePair('S256');
  const { code } = await authorizeCode(plaza, app, acc.owner.id, { code_challenge: p.challenge, code_challenge_method: 'S256' });
  assertOAuthError(await exchange(code, { code_verifier: pkcePair('S256').verifier }), 400, /code_verifier/i, 'invalid_request');
  assertOAuthError(await exchange(code, { code_verifier: p.challenge }), 400, /code_verifier/i);
  assertOAuthError(await exchange(code), 400, /code_verifier/i);
});

test('pkce_plain_accepts_the_verifier_and_refuses_others', async () => {
  const p = pkcePair('plain');
  const params = { code_challenge: p.challenge, code_challenge_method: 'plain' };
  const { code } = await authorizeCode(plaza, app, acc.owner.id, params);
  assertTokenResponse(await exchange(code, { code_verifier: p.verifier }), ['user:read', 'meeting:read']);
  const { code: other } = await authorizeCode(plaza, app, acc.owner.id, params);
  assertOAuthError(await exchange(other, { code_verifier: pkcePair('plain').verifier }), 400, /code_verifier/i);
  assertOAuthError(await exchange(other), 400, /code_verifier/i);
});

// RFC 9700 §2.1.1: the PKCE downgrade. The code was issued without a challenge (an attacker stripped it, or
// injected a code of their own); the client's exchange carries a verifier, and must be refused.
test('pkce_downgrade_code_without_challenge_is_refused_with_a_verifier', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id); // no code_challenge
  const raw = `grant_type=authorization_code&code=${code}&redirect_uri=${encodeURIComponent(app.redirect_url)}` +
    '&code_verifier=dBjftJeZ4CVP-mJ92IrXsP9lTsOSYSuOQ0CsrnFqRIR';
  const r = await request(plaza, 'POST', '/oauth/token', {
    raw,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(dev().client_id, dev().client_secret) },
  });
  assertOAuthError(r, 400, /code_verifier.*no code_challenge/, 'invalid_grant');
  // the same code in the query string, as zoomapi sends it: refused the same way
  const q = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: app.redirect_url,
                                  code_verifier: 'dBjftJeZ4CVP-mJ92IrXsP9lTsOSYSuOQ0CsrnFqRIR' });
  const viaQuery = await request(plaza, 'POST', `/oauth/token?${q}`, {
    headers: { authorization: basic(dev().client_id, dev().client_secret) },
  });
  assertOAuthError(viaQuery, 400, /no code_challenge/, 'invalid_grant');
  // an empty code_verifier is a verifier too
  assertOAuthError(await exchange(code, { code_verifier: '' }), 400, /no code_challenge/, 'invalid_grant');
  // refused, not used: the client that never asked for PKCE still exchanges it without a verifier
  assertTokenResponse(await exchange(code), ['user:read', 'meeting:read']);
});

test('pkce_challenge_without_method_means_plain', async () => {
  const p = pkcePair('plain');
  const { code } = await authorizeCode(plaza, app, acc.owner.id, { code_challenge: p.challenge });
  assert.equal((await exchange(code, { code_verifier: p.verifier })).status, 200);
});

test('code_expires_after_five_minutes_on_the_virtual_clock', async () => {
  const { code: fresh } = await authorizeCode(plaza, app, acc.owner.id);
  const { code: stale } = await authorizeCode(plaza, app, acc.owner.id);
  await advanceClock(plaza, 290);
  assert.equal((await exchange(fresh)).status, 200, 'a code is good for almost five minutes');
  await advanceClock(plaza, 11);
  const r = await exchange(stale);
  assertOAuthError(r, 400, 'Code is expired', 'invalid_grant');
});

test('redirect_url_with_its_own_query_keeps_it_and_adds_code_and_state', async () => {
  const a = await createApp(plaza, acc.id, { scopes: ['user:read'], redirect_url: 'https://app.example.test/cb?tenant=a%20b&x=1' });
  const { redirect, code } = await authorizeCode(plaza, a, acc.owner.id, { state: 'q&s' });
  assert.equal(redirect.searchParams.get('tenant'), 'a b');
  assert.equal(redirect.searchParams.get('x'), '1');
  assert.equal(redirect.searchParams.get('state'), 'q&s');
  const c = a.credentials.development;
  const r = await token(plaza, c.client_id, c.client_secret, { grant_type: 'authorization_code', code, redirect_uri: a.redirect_url });
  assert.equal(r.status, 200, r.text);
});

test('state_of_the_longest_accepted_length_is_echoed_whatever_its_characters', async () => {
    const state = '/+&'.repeat(682) + '/+'; // 2048 characters, each percent-encoded on the redirect
    const { state: echoed, code } = await authorizeCode(plaza, app, acc.owner.id, { state });
    assert.equal(echoed, state);
    assert.ok(code);
  });

test('state_longer_than_accepted_is_refused_not_truncated', async () => {
  const r = await consent(plaza, acc.owner.id, authorizeUrl(plaza, {
    client_id: dev().client_id, redirect_uri: app.redirect_url, state: 'x'.repeat(5000),
  }));
  assert.equal(r.status, 400, r.text);
});

test('concurrent_exchanges_of_one_code_issue_one_pair_and_the_replay_revokes_it', async () => {
  const { code } = await authorizeCode(plaza, app, acc.owner.id);
  const rs = await Promise.all(Array.from({ length: 6 }, () => exchange(code)));
  const ok = rs.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, rs.map((r) => r.status).join(','));
  for (const r of rs.filter((x) => x.status !== 200)) {
    assert.deepEqual(r.json, { reason: `Invalid authorization code ${code}`, error: 'invalid_request' });
  }
  assertZoomError(await v2(plaza, ok[0].json.access_token, 'GET', '/users/me'), 401, 124);
});

test('api_url_is_the_public_url_without_trailing_slash', async () => {
  const p = await startPlazaWithPublicUrl('https://zoom.example.test/');
  try {
    const a = await createAccount(p);
    const ap = await createApp(p, a.id, { scopes: ['user:read'] });
    const r = await installUser(p, ap, a.owner.id);
    assert.equal(r.api_url, 'https://zoom.example.test');
    assert.match(ap.credentials.development.authorize_url, /^https:\/\/zoom\.example\.test\/oauth\/authorize\?/);
  } finally {
    await p.stop();
  }
});
