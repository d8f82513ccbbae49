// The refresh_token grant (zoom-wire §1.3): rotation on every use, only the
// newest refresh token works, reuse of a rotated one revokes the install,
// earlier access tokens live until they expire, and the refresh-token
// lifetime follows --refresh-token-ttl on the virtual clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, createAccount, createUser, createApp, token, basic, v2, installUser, advanceClock,
  assertOAuthError, assertZoomError,
} from './lib/plaza.mjs';

let plaza, acc, app, other;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:read'] });
  other = await createApp(plaza, acc.id, { scopes: ['user:read'] });
});
after(async () => { await plaza.stop(); });

const refresh = (a, refresh_token) =>
  token(plaza, a.credentials.development.client_id, a.credentials.development.client_secret,
        { grant_type: 'refresh_token', refresh_token });
const me = (t) => v2(plaza, t, 'GET', '/users/me');

test('refresh_returns_a_new_pair_in_zoom_shape_with_the_same_scopes', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const r = await refresh(app, t0.refresh_token);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['access_token', 'token_type', 'refresh_token', 'expires_in', 'scope', 'api_url']);
  assert.equal(r.json.token_type, 'bearer');
  assert.equal(r.json.expires_in, 3599);
  assert.equal(r.json.scope, t0.scope);
  assert.notEqual(r.json.refresh_token, t0.refresh_token);
  assert.notEqual(r.json.access_token, t0.access_token);
  assert.equal((await me(r.json.access_token)).status, 200);
});

test('refresh_rotates_on_every_use', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const seen = new Set([t0.refresh_token]);
  let rt = t0.refresh_token;
  for (let i = 0; i < 3; i++) {
    const r = await refresh(app, rt);
    assert.equal(r.status, 200, r.text);
    assert.ok(!seen.has(r.json.refresh_token), 'a new refresh token each time');
    seen.add(r.json.refresh_token);
    rt = r.json.refresh_token;
  }
});

test('refresh_keeps_the_previous_access_token_valid_until_it_expires', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const t1 = (await refresh(app, t0.refresh_token)).json;
  assert.equal((await me(t0.access_token)).status, 200, 'old access token still valid');
  assert.equal((await me(t1.access_token)).status, 200);
});

test('refresh_rotated_token_is_refused_and_revokes_install', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const t1 = (await refresh(app, t0.refresh_token)).json;
  const t2 = (await refresh(app, t1.refresh_token)).json;

  const replay = await refresh(app, t0.refresh_token);
  assert.equal(replay.status, 400, replay.text);
  assert.deepEqual(replay.json, { reason: 'Invalid Token!', error: 'invalid_grant' });

  // the whole install's tokens stop working, the newest refresh token included
  for (const t of [t0, t1, t2]) assertZoomError(await me(t.access_token), 401, 124, 'Invalid access token.');
  assertOAuthError(await refresh(app, t2.refresh_token), 400, 'Invalid Token!', 'invalid_grant');

  // a new consent installs again, with working tokens
  const fresh = await installUser(plaza, app, acc.owner.id);
  assert.equal((await me(fresh.access_token)).status, 200);
  assert.equal((await refresh(app, fresh.refresh_token)).status, 200);
});

test('reauthorization_invalidates_earlier_tokens', async () => {
  const first = await installUser(plaza, app, acc.owner.id);
  const second = await installUser(plaza, app, acc.owner.id);
  assertOAuthError(await refresh(app, first.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
  assertZoomError(await me(first.access_token), 401, 124);
  assert.equal((await me(second.access_token)).status, 200);
  assert.equal((await refresh(app, second.refresh_token)).status, 200);
});

test('refresh_token_of_another_app_is_refused_and_stays_good_for_its_own', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  assertOAuthError(await refresh(other, t0.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
  assert.equal((await refresh(app, t0.refresh_token)).status, 200);
});

test('garbage_or_missing_refresh_token_is_invalid_grant', async () => {
  assertOAuthError(await refresh(app, 'not-a-token'), 400, 'Invalid Token!', 'invalid_grant');
  const t0 = await installUser(plaza, app, acc.owner.id);
  assertOAuthError(await refresh(app, t0.access_token), 400, 'Invalid Token!', 'invalid_grant');
  assertOAuthError(await refresh(app, ''), 400, 'Invalid Token!', 'invalid_grant');
});

test('refresh_token_is_not_accepted_as_an_access_token', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  assertZoomError(await me(t0.refresh_token), 401, 124, 'Invalid access token.');
});

test('refresh_with_unencoded_query_params_and_empty_json_body_like_dereekb_zoom', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const c = app.credentials.development;
  const r = await request(plaza, 'POST', `/oauth/token?grant_type=refresh_token&refresh_token=${t0.refresh_token}`, {
    raw: '', headers: { 'content-type': 'application/json', authorization: basic(c.client_id, c.client_secret) },
  });
  assert.equal(r.status, 200, r.text);
  assert.notEqual(r.json.refresh_token, t0.refresh_token);
});

test('concurrent_refreshes_with_one_token_issue_one_pair_and_the_replay_revokes_it', async () => {
  const t0 = await installUser(plaza, app, acc.owner.id);
  const rs = await Promise.all(Array.from({ length: 6 }, () => refresh(app, t0.refresh_token)));
  const ok = rs.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, rs.map((r) => r.status).join(','));
  for (const r of rs.filter((x) => x.status !== 200)) assert.deepEqual(r.json, { reason: 'Invalid Token!', error: 'invalid_grant' });
  assertZoomError(await me(ok[0].json.access_token), 401, 124);
  assertOAuthError(await refresh(app, ok[0].json.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
});

test('refresh_token_default_lifetime_is_ninety_days_on_the_virtual_clock', async () => {
  const a = await installUser(plaza, app, acc.owner.id);
  const member = await createUser(plaza, acc.id);
  const b = await installUser(plaza, app, member.id);
  await advanceClock(plaza, 90 * 86400 - 100);
  assertZoomError(await me(a.access_token), 401, 124, 'Access token is expired.');
  const ra = await refresh(app, a.refresh_token);
  assert.equal(ra.status, 200, 'still good just before 90 days');
  assert.equal((await me(ra.json.access_token)).status, 200);
  await advanceClock(plaza, 101);
  assertOAuthError(await refresh(app, b.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
  assert.equal((await refresh(app, ra.json.refresh_token)).status, 200, 'the rotated one has a new lifetime');
});

test('refresh_token_lifetime_obeys_the_refresh_token_ttl_flag', async () => {
  const p = await startPlaza({ args: ['--refresh-token-ttl', '600'] });
  try {
    const pacc = await createAccount(p);
    const papp = await createApp(p, pacc.id, { scopes: ['user:read'] });
    const c = papp.credentials.development;
    const rf = (rt) => token(p, c.client_id, c.client_secret, { grant_type: 'refresh_token', refresh_token: rt });
    const a = await installUser(p, papp, pacc.owner.id);
    const member = await createUser(p, pacc.id);
    const b = await installUser(p, papp, member.id);

    await advanceClock(p, 590);
    const a1 = await rf(a.refresh_token);
    assert.equal(a1.status, 200, `within the ttl: ${a1.text}`);
    await advanceClock(p, 11);
    assertOAuthError(await rf(b.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
    await advanceClock(p, 580);
    const a2 = await rf(a1.json.refresh_token);
    assert.equal(a2.status, 200, 'a rotated token lives ttl seconds from its own issue');
    await advanceClock(p, 601);
    assertOAuthError(await rf(a2.json.refresh_token), 400, 'Invalid Token!', 'invalid_grant');
  } finally {
    await p.stop();
  }
});
