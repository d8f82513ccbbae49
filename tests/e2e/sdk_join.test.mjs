// Meeting SDK join (POST /_plaza/sdk/join): a bot signs an SDK JWT with its
// app's client secret (zoom-wire §1.8) and joins the simulated meeting. Each
// refusal names its reason with the Meeting SDK error a bot would get, and
// leaves the meeting as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { startPlaza, createAccount, createApp, control, request, userToken, v2 } from './lib/plaza.mjs';
import { readyApp, productionSecret } from './lib/market.mjs';

let plaza, c, dev, other, devTok, otherTok, servers = [];

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  dev = await createAccount(plaza);
  other = await createAccount(plaza);
  devTok = await userToken(plaza, dev.id, dev.owner.id, ['meeting:read', 'meeting:write']);
  otherTok = await userToken(plaza, other.id, other.owner.id, ['meeting:read', 'meeting:write']);
});
after(async () => { for (const s of servers) await s.close(); await plaza.stop(); });

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

// An SDK JWT signed the way the Meeting SDK's sample signer does it.
function sign(secret, payload, header = { alg: 'HS256', typ: 'JWT' }) {
  const data = `${b64(header)}.${b64(payload)}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}

async function now() { return (await c.ok('GET', '/clock')).now_ms / 1000 | 0; }

async function claims(key, mn, { role = 0, iat, ttl = 7200, extra = {} } = {}) {
  const t = iat ?? (await now()) - 30;
  return { appKey: key, sdkKey: key, mn: String(mn), role, iat: t, exp: t + ttl, tokenExp: t + ttl, ...extra };
}

// An app of `account` with Embed -> Meeting SDK on its Development tab: { id, key, secret }.
async function sdkApp(account, { meetingSdk = true } = {}) {
  const app = await createApp(plaza, account.id);
  if (meetingSdk) await c.ok('PATCH', `/apps/${app.id}/environments/development`, { features: { meeting_sdk: true } });
  return { id: app.id, key: app.credentials.development.client_id, secret: app.credentials.development.client_secret };
}

async function meeting(tok, fields = {}) {
  const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Bot test', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const join = (body) => request(plaza, 'POST', '/_plaza/sdk/join', { body });
// the meeting's passcode (meetings get one by default) unless the test gives its own
const withPassword = (m, body) => ('password' in body ? body : { ...body, password: m.password });
const stateOf = async (id) => c.call('GET', `/meetings/${id}`);

// A refusal: status, the sdk_error code, a detail matching `re`, and the meeting unchanged.
async function refused(m, body, status, code, re) {
  const before = await stateOf(m.id);
  const r = await join(withPassword(m, body));
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.json.sdk_error?.code, code, r.text);
  assert.ok(r.json.sdk_error.name && r.json.title, r.text);
  if (re) assert.match(r.json.detail, re);
  assert.deepEqual((await stateOf(m.id)).json, before.json, 'the meeting state is unchanged');
  return r;
}

test('a_bot_joins_a_meeting_in_progress_with_a_good_signature', async () => {
  const app = await sdkApp(dev);
  const m = await meeting(devTok, { password: 'pw123' });
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const sig = sign(app.secret, await claims(app.key, m.id));
  const r = await join({ signature: sig, meeting_number: m.id, password: 'pw123', display_name: 'Notetaker',
                         email: 'bot@example.test' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.meeting_id, m.id);
  assert.equal(r.json.display_name, 'Notetaker');
  assert.equal(r.json.role, 0);
  const state = (await c.ok('GET', `/meetings/${m.id}`));
  assert.equal(r.json.uuid, state.uuid ?? state.instance?.uuid ?? r.json.uuid);
  assert.ok(JSON.stringify(state).includes(r.json.participant_id), 'the bot is a participant');
  // where the bot hears the meeting (sim_audio.test.mjs reads it)
  const ears = new URL(r.json.audio_url);
  assert.equal(ears.pathname, `/_plaza/meetings/${m.id}/audio`);
  assert.equal(ears.searchParams.get('participant_id'), r.json.participant_id);
  const heard = await fetch(`${plaza.url}${ears.pathname}${ears.search}&format=pcm`);
  assert.equal(heard.status, 200);
  await heard.arrayBuffer();
  // meeting_number as a string, mn as a number: the same meeting
  const r2 = await join({ signature: sign(app.secret, { ...(await claims(app.key, m.id)), mn: m.id }),
                          meeting_number: String(m.id), password: 'pw123', display_name: 'Bot 2' });
  assert.equal(r2.status, 201, r2.text);
});

test('bad_signatures_are_refused_with_3712_and_change_nothing', async () => {
  const app = await sdkApp(dev);
  const m = await meeting(devTok);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const base = { meeting_number: m.id, display_name: 'Bot' };
  const t = await now();
  // expired
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { iat: t - 4000, ttl: 3600 })) },
                401, 3712, /expired/);
  // tokenExp past
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { iat: t - 2000, ttl: 7200,
                extra: { tokenExp: t - 100 } })) }, 401, 3712, /tokenExp/);
  // iat in the future
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { iat: t + 600 })) },
                401, 3712, /future/);
  // window too short and too long
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { ttl: 1799 })) }, 401, 3712, /1800/);
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { ttl: 48 * 3600 + 1 })) },
                401, 3712, /48 hours/);
  // signed with the wrong secret
  await refused(m, { ...base, signature: sign('not-the-secret-0123456789abcdef', await claims(app.key, m.id)) },
                401, 3712, /does not verify/);
  // another meeting number
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id + 1)) }, 401, 3712, /another meeting/);
  // unknown appKey
  await refused(m, { ...base, signature: sign(app.secret, await claims('NoSuchKey0000000000000', m.id)) }, 401, 3712,
                /not the client id/);
  // role other than 0 or 1; no mn and role
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id, { role: 2 })) }, 401, 3712, /role/);
  const { mn, role, ...native } = await claims(app.key, m.id);
  await refused(m, { ...base, signature: sign(app.secret, native) }, 401, 3712, /native SDK/);
  // not HS256, not a JWT
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id), { alg: 'HS512', typ: 'JWT' }) },
                401, 3712, /HS256/);
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id), { alg: 'none' }) }, 401, 3712);
  await refused(m, { ...base, signature: 'not.a.jwt' }, 401, 3712);
  // the body itself
  for (const body of [{}, { ...base }, { ...base, signature: 'x', display_name: '' }, { ...base, signature: 'x', meeting_number: 'abc' },
                      { ...base, signature: 'x', extra: 1 }]) {
    const r = await join(body);
    assert.equal(r.status, 400, r.text);
  }
});

test('an_app_without_the_meeting_sdk_is_refused', async () => {
  const app = await sdkApp(dev, { meetingSdk: false });
  const m = await meeting(devTok);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await refused(m, { signature: sign(app.secret, await claims(app.key, m.id)), meeting_number: m.id, display_name: 'Bot' },
                403, 200, /Meeting SDK/);
});

test('development_credentials_join_only_their_own_accounts_meetings', async () => {
  const app = await sdkApp(dev);
  const theirs = await meeting(otherTok);
  await c.ok('POST', `/meetings/${theirs.id}/start`, undefined, 201);
  await refused(theirs, { signature: sign(app.secret, await claims(app.key, theirs.id)), meeting_number: theirs.id,
                          display_name: 'Bot' }, 403, 200, /own account/);
  const ours = await meeting(devTok);
  await c.ok('POST', `/meetings/${ours.id}/start`, undefined, 201);
  const r = await join({ signature: sign(app.secret, await claims(app.key, ours.id)), meeting_number: ours.id,
                         display_name: 'Bot', password: ours.password });
  assert.equal(r.status, 201, r.text);
});

test('production_credentials_work_once_the_app_is_approved', async () => {
  const { app, server } = await readyApp(plaza, dev.id);
  servers.push(server);
  await c.ok('PATCH', `/apps/${app.id}/environments/production`, { features: { meeting_sdk: true } });
  const theirs = await meeting(otherTok);
  await c.ok('POST', `/meetings/${theirs.id}/start`, undefined, 201);
  // before approval the production sdkKey is not shown and no secret can be issued to sign with
  assert.equal((await c.ok('GET', `/apps/${app.id}`)).credentials.production.client_id, null);
  assert.equal((await c.call('POST', `/apps/${app.id}/credentials/production/secret`)).status, 409);
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });
  const key = (await c.ok('GET', `/apps/${app.id}`)).credentials.production.client_id;
  // approved, but no production secret was issued yet: refused, telling to issue (rotate) one
  await refused(theirs, { signature: sign('guess', await claims(key, theirs.id)), meeting_number: theirs.id,
                          display_name: 'Bot' }, 401, 3712, /rotate/);
  const secret = await productionSecret(plaza, app.id);
  // production credentials join meetings of any account
  const r = await join({ signature: sign(secret, await claims(key, theirs.id)), meeting_number: theirs.id,
                         display_name: 'Bot', password: theirs.password });
  assert.equal(r.status, 201, r.text);
});

test('production_credentials_need_the_meeting_sdk_on_the_production_tab', async () => {
  const { app, server } = await readyApp(plaza, dev.id);
  servers.push(server);
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });
  const secret = await productionSecret(plaza, app.id);
  const m = await meeting(devTok);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const key = (await c.ok('GET', `/apps/${app.id}`)).credentials.production.client_id;
  await refused(m, { signature: sign(secret, await claims(key, m.id)), meeting_number: m.id, display_name: 'Bot' },
                403, 200, /Production tab/);
});

test('role_1_needs_the_hosts_zak_and_starts_the_meeting', async () => {
  const app = await sdkApp(dev);
  const m = await meeting(devTok);
  const zak = new URL(m.start_url).searchParams.get('zak');
  const sig = sign(app.secret, await claims(app.key, m.id, { role: 1 }));
  const base = { signature: sig, meeting_number: m.id, display_name: 'Host bot' };
  await refused(m, base, 403, 3003, /ZAK/);
  await refused(m, { ...base, zak: 'not-a-zak' }, 403, 3003, /not valid/);
  // a ZAK of someone else (another account's host)
  const theirs = await meeting(otherTok);
  await refused(m, { ...base, zak: new URL(theirs.start_url).searchParams.get('zak') }, 403, 3003, /host's/);
  // role 0 before the start
  await refused(m, { ...base, signature: sign(app.secret, await claims(app.key, m.id)) }, 409, 3008, /not started/);
  const r = await join({ ...base, zak, password: m.password });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.role, 1);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.match(JSON.stringify(state), /started|in_progress/);
  const got = (await v2(plaza, devTok, 'GET', `/meetings/${m.id}`)).json;
  assert.equal(got.status, 'started');
  // now a participant may join
  const r0 = await join({ ...base, signature: sign(app.secret, await claims(app.key, m.id)), password: m.password });
  assert.equal(r0.status, 201, r0.text);
});

test('wrong_password_and_unknown_meeting_are_refused', async () => {
  const app = await sdkApp(dev);
  const m = await meeting(devTok, { password: 'secret1' });
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const sig = sign(app.secret, await claims(app.key, m.id));
  await refused(m, { signature: sig, meeting_number: m.id, display_name: 'Bot', password: undefined }, 403, 3004, /password/);
  await refused(m, { signature: sig, meeting_number: m.id, display_name: 'Bot', password: 'secret2' }, 403, 3004);
  const none = 99999999999;
  const r = await join({ signature: sign(app.secret, await claims(app.key, none)), meeting_number: none, display_name: 'Bot',
                         password: 'x' });
  assert.equal(r.status, 404, r.text);
  assert.equal(r.json.sdk_error.code, 3001);
});

test('plaza_sdk_join', async () => {
  const app = await sdkApp(dev);
  const m = await meeting(devTok);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const run = (args) => new Promise((resolve) => execFile(process.env.PLAZA_BIN, args, {
    env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: '' }, timeout: 20000,
  }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  const sig = sign(app.secret, await claims(app.key, m.id));
  const ok = await run(['sdk', 'join', '--signature', sig, '--meeting', String(m.id), '--name', 'CLI bot',
                        '--password', m.password]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /participant_id: \S+/);
  const bad = await run(['sdk', 'join', '--signature', sig, '--meeting', String(m.id), '--name', 'CLI bot',
                         '--password', 'wrong']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /password/);
});
