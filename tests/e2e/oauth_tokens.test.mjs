// Access tokens as /v2 sees them (zoom-wire §1.5, §2.2, §2.5): the JWT's
// header and claims, expiry on the virtual clock, Zoom's 401/124 bodies, the
// 4711 scope error with the accepted scopes listed, :admin scopes for other
// users, and 404/1001 across accounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, createAccount, createUser, createApp, token, v2, installUser, decodeJwt, advanceClock,
  assertZoomError,
} from './lib/plaza.mjs';

const USER_GET_SCOPES = ['user:read', 'user:read:admin', 'user_info:read', 'user:read:user', 'user:read:user:admin'];
let plaza, acc, member, otherAcc, app, adminApp, s2s;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  member = await createUser(plaza, acc.id);
  otherAcc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:read'] });
  adminApp = await createApp(plaza, acc.id, { management: 'admin', scopes: ['user:read:admin'] });
  s2s = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
});
after(async () => { await plaza.stop(); });

const me = (t, who = 'me') => v2(plaza, t, 'GET', `/users/${encodeURIComponent(who)}`);

async function s2sToken() {
  const c = s2s.credentials.development;
  const r = await token(plaza, c.client_id, c.client_secret, { grant_type: 'account_credentials', account_id: acc.id });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

test('access_token_is_an_hs512_jwt_with_zoom_header_and_claims', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const { header, payload } = decodeJwt(t.access_token);
  assert.equal(header.alg, 'HS512');
  assert.equal(header.sv, '000001');
  assert.equal(header.v, '2.0');
  assert.equal(typeof header.kid, 'string');
  assert.ok(header.kid.length > 0);
  assert.equal(payload.iss, `zm:cid:${app.credentials.development.client_id}`);
  assert.equal(payload.aud, 'https://oauth.zoom.us');
  assert.equal(payload.uid, acc.owner.id);
  assert.equal(payload.aid, acc.id);
  assert.equal(payload.type, 0);
  for (const k of ['iat', 'exp', 'nbf', 'ver', 'gno']) assert.ok(Number.isInteger(payload[k]), k);
  assert.equal(payload.exp - payload.iat, 3599);
  assert.equal(payload.nbf, payload.iat);
  assert.equal(typeof payload.code, 'string');
  const clock = (await request(plaza, 'GET', '/_plaza/clock', { headers: { authorization: `Bearer ${plaza.adminKey}` } })).json;
  assert.ok(Math.abs(payload.iat - Math.floor(clock.now_ms / 1000)) <= 2, 'iat is the virtual now');
});

test('account_credentials_token_has_type_3_and_the_owner_as_uid', async () => {
  const { header, payload } = decodeJwt(await s2sToken());
  assert.equal(header.alg, 'HS512');
  assert.equal(payload.iss, `zm:cid:${s2s.credentials.development.client_id}`);
  assert.equal(payload.type, 3);
  assert.equal(payload.aid, acc.id);
  assert.equal(payload.uid, acc.owner.id);
  assert.equal(payload.exp - payload.iat, 3599);
});

test('garbage_token_is_401_code_124_invalid_access_token', async () => {
  const want = { code: 124, message: 'Invalid access token.' };
  for (const tok of ['garbage', 'a.b.c', 'eyJhbGciOiJIUzUxMiJ9.e30.AAAA', 'x'.repeat(5000)]) {
    const r = await me(tok);
    assert.equal(r.status, 401, `${tok.slice(0, 20)}: ${r.text}`);
    assert.deepEqual(r.json, want);
  }
  const none = await request(plaza, 'GET', '/v2/users/me');
  assert.equal(none.status, 401);
  assert.deepEqual(none.json, want);
  const basicAuth = await request(plaza, 'GET', '/v2/users/me', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
  assert.equal(basicAuth.status, 401);
  assert.deepEqual(basicAuth.json, want);
});

test('forged_tokens_are_refused', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const [h, p, s] = t.access_token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  // someone else's uid under the original signature
  const swapped = `${h}.${enc({ ...claims, uid: member.id })}.${s}`;
  assertZoomError(await me(swapped), 401, 124, 'Invalid access token.');
  // more scopes under the original signature
  const widened = `${h}.${enc({ ...claims, scp: 'user:read:admin user:read' })}.${s}`;
  assertZoomError(await me(widened, member.id), 401, 124, 'Invalid access token.');
  // alg "none"
  const unsigned = `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`;
  assertZoomError(await me(unsigned), 401, 124, 'Invalid access token.');
  // HS256 instead of HS512, garbage signature
  const hs256 = `${enc({ ...JSON.parse(Buffer.from(h, 'base64url')), alg: 'HS256' })}.${p}.${s}`;
  assertZoomError(await me(hs256), 401, 124, 'Invalid access token.');
});

test('token_without_an_accepted_scope_gets_4711_listing_the_accepted_scopes', async () => {
  const meetingsOnly = await createApp(plaza, acc.id, { scopes: ['meeting:read'] });
  const t = await installUser(plaza, meetingsOnly, acc.owner.id);
  const r = await me(t.access_token);
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.json, {
    code: 4711, message: `Invalid access token, does not contain scopes:[${USER_GET_SCOPES.join(', ')}].`,
  });
});

test('granular_user_scope_reads_me', async () => {
  const granular = await createApp(plaza, acc.id, { scopes: ['user:read:user'] });
  const t = await installUser(plaza, granular, member.id);
  const r = await me(t.access_token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, member.id);
  // `me` and the caller's own id or e-mail are the same user
  assert.equal((await me(t.access_token, member.id)).json?.id, member.id);
  assert.equal((await me(t.access_token, member.email)).json?.id, member.id);
});

test('user_level_token_for_another_user_gets_4711_listing_only_admin_scopes', async () => {
  const t = await installUser(plaza, app, member.id);
  for (const who of [acc.owner.id, acc.owner.email]) {
    const r = await me(t.access_token, who);
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json, {
      code: 4711, message: 'Invalid access token, does not contain scopes:[user:read:admin, user:read:user:admin].',
    });
  }
});

test('admin_token_reads_other_users_of_its_account', async () => {
  const t = await installUser(plaza, adminApp, acc.owner.id);
  assert.equal(t.scope, 'user:read:admin');
  const byId = await me(t.access_token, member.id);
  assert.equal(byId.status, 200, byId.text);
  assert.equal(byId.json.id, member.id);
  assert.equal(byId.json.role_name, 'Member');
  const byEmail = await me(t.access_token, member.email);
  assert.equal(byEmail.status, 200, byEmail.text);
  assert.equal(byEmail.json.id, member.id);
  assert.equal((await me(t.access_token)).json?.id, acc.owner.id);
});

test('admin_or_s2s_token_for_a_user_of_another_account_gets_404_1001', async () => {
  const admin = await installUser(plaza, adminApp, acc.owner.id);
  for (const t of [admin.access_token, await s2sToken()]) {
    for (const who of [otherAcc.owner.id, otherAcc.owner.email]) {
      const r = await me(t, who);
      assertZoomError(r, 404, 1001);
      assert.match(r.json.message, /^User does not exist: .+\.$/);
    }
    assertZoomError(await me(t, 'AAAAAAAAAAAAAAAAAAAAAA'), 404, 1001);
  }
});

test('s2s_token_reads_me_as_the_account_owner_and_other_users', async () => {
  const t = await s2sToken();
  assert.equal((await me(t)).json?.id, acc.owner.id);
  assert.equal((await me(t, member.id)).json?.id, member.id);
});

test('unauthorized_answers_carry_zoom_tracking_id', async () => {
  const r = await me('garbage');
  assert.match(r.headers.get('x-zm-trackingid') ?? '', /^v=2\.0;clid=[^;]+;rid=WEB_[0-9a-f]{32}$/);
});

test('access_token_expires_after_3599_seconds_on_the_virtual_clock', async () => {
  const t = await installUser(plaza, app, acc.owner.id);
  const s = await s2sToken();
  await advanceClock(plaza, 3590);
  assert.equal((await me(t.access_token)).status, 200, 'valid just before expiry');
  assert.equal((await me(s)).status, 200);
  await advanceClock(plaza, 9);
  for (const tok of [t.access_token, s]) {
    const r = await me(tok);
    assert.equal(r.status, 401, r.text);
    assert.deepEqual(r.json, { code: 124, message: 'Access token is expired.' });
  }
  // a refresh gives a working token again
  const c = app.credentials.development;
  const r = await token(plaza, c.client_id, c.client_secret, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.equal(r.status, 200, r.text);
  assert.equal((await me(r.json.access_token)).status, 200);
});
