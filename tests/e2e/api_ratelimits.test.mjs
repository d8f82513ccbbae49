// Zoom's rate limits on /v2 (zoom-wire §2.3): per account and label, with
// --rate-limits zoom or an account's own setting; per-second limits answer
// 429 with Zoom's body and X-RateLimit-* headers until the (virtual) second
// is over; success responses carry x-ratelimit-*; each host may create or
// update at most 100 meetings a UTC day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, control, userToken, advanceClock, assertZoomError,
} from './lib/plaza.mjs';
import { api, assertSpec } from './lib/openapi.mjs';

const QPS_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';
const SCOPES = ['user:read', 'user:write', 'meeting:read', 'meeting:write'];

let zoom, off; // plaza with --rate-limits zoom, and one with the default (off)

before(async () => {
  [zoom, off] = await Promise.all([startPlaza({ args: ['--rate-limits', 'zoom'] }), startPlaza()]);
});
after(async () => { await Promise.all([zoom.stop(), off.stop()]); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs `calls` (a function making the calls) within one second of plaza's
// clock (whose milliseconds are the real ones): starts early in a second, and
// tries again (a virtual second later) if the calls straddled a boundary
// anyway. Returns their responses.
async function withinOneSecond(plaza, calls) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const left = 1000 - (Date.now() % 1000);
    if (left < 700) await sleep(left + 5);
    const t0 = Date.now();
    const out = await calls();
    if (Math.floor(t0 / 1000) === Math.floor(Date.now() / 1000)) return out;
    await advanceClock(plaza, 1);
  }
  throw new Error('could not fit the calls in one second');
}

async function freeAccountToken(plaza, plan = 'free') {
  const acc = await createAccount(plaza, { plan });
  return { acc, tok: await userToken(plaza, acc.id, acc.owner.id, SCOPES) };
}

const me = (plaza, tok) => api(plaza, tok, 'GET', '/v2/users/{userId}', { userId: 'me' });

test('success_responses_carry_x_ratelimit_headers', async () => {
  const { tok } = await freeAccountToken(zoom);
  const a = await me(zoom, tok);
  assertSpec(a, 200);
  assert.equal(a.headers.get('x-ratelimit-category'), 'Light');
  assert.equal(a.headers.get('x-ratelimit-limit'), '6000', 'a free account\'s daily Light allowance');
  const left = Number(a.headers.get('x-ratelimit-remaining'));
  assert.ok(left < 6000 && left > 5900, `remaining ${left}`);
  const b = await me(zoom, tok);
  assert.equal(Number(b.headers.get('x-ratelimit-remaining')), left - 1);
  const s = await api(zoom, tok, 'GET', '/v2/users/{userId}/settings', { userId: 'me' });
  assertSpec(s, 200);
  assert.equal(s.headers.get('x-ratelimit-category'), 'Medium');
  assert.equal(s.headers.get('x-ratelimit-limit'), '2000');
});

test('the_fifth_light_call_in_a_second_is_429_on_a_free_plan', async () => {
  const { tok } = await freeAccountToken(zoom);
  const rs = await withinOneSecond(zoom, async () => {
    const out = [];
    for (let i = 0; i < 5; i++) out.push(await me(zoom, tok));
    return out;
  });
  assert.deepEqual(rs.map((r) => r.status), [200, 200, 200, 200, 429]);
  const r = rs[4];
  assert.deepEqual(r.json, { code: 429, message: QPS_MESSAGE });
  assert.equal(r.headers.get('x-ratelimit-category'), 'Light');
  assert.equal(r.headers.get('x-ratelimit-type'), 'QPS');
  assert.equal(r.headers.get('x-ratelimit-limit'), '4');
  assert.equal(r.headers.get('x-ratelimit-remaining'), '0');
  assert.match(r.headers.get('retry-after') ?? '', /^\d+$/);
  // the next (virtual) second lets calls through again
  await advanceClock(zoom, 1);
  assertSpec(await me(zoom, tok), 200);
});

test('labels_and_accounts_are_counted_apart', async () => {
  const { tok } = await freeAccountToken(zoom);
  const { tok: other } = await freeAccountToken(zoom);
  const rs = await withinOneSecond(zoom, async () => {
    const out = [];
    for (let i = 0; i < 5; i++) out.push(await me(zoom, tok));
    out.push(await api(zoom, tok, 'GET', '/v2/users/{userId}/settings', { userId: 'me' })); // Medium: 2/s
    out.push(await api(zoom, tok, 'GET', '/v2/users/{userId}/settings', { userId: 'me' }));
    out.push(await api(zoom, tok, 'GET', '/v2/users/{userId}/settings', { userId: 'me' }));
    out.push(await me(zoom, other));
    return out;
  });
  assert.deepEqual(rs.map((r) => r.status), [200, 200, 200, 200, 429, 200, 200, 429, 200]);
  assert.equal(rs[7].headers.get('x-ratelimit-category'), 'Medium');
  assert.equal(rs[7].headers.get('x-ratelimit-limit'), '2');
  assert.deepEqual(rs[7].json, { code: 429, message: QPS_MESSAGE });
});

test('a_pro_plan_has_higher_limits', async () => {
  const { tok } = await freeAccountToken(zoom, 'pro');
  const rs = await withinOneSecond(zoom, async () => Promise.all(Array.from({ length: 12 }, () => me(zoom, tok))));
  assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.status).join(','));
  assert.equal(rs[0].headers.get('x-ratelimit-category'), 'Light');
  assert.equal(rs[0].headers.get('x-ratelimit-limit'), '30', 'Pro Light: 30/s, no daily cap');
});

test('limits_are_off_by_default_and_an_account_can_turn_them_on_or_off', async () => {
  const { acc, tok } = await freeAccountToken(off);
  const { tok: other } = await freeAccountToken(off);
  const plain = await me(off, tok);
  assertSpec(plain, 200);
  assert.equal(plain.headers.get('x-ratelimit-category'), null);
  await control(off).ok('PATCH', `/accounts/${acc.id}`, { rate_limits: 'zoom' }, 200);
  const rs = await withinOneSecond(off, async () => {
    const out = [];
    for (let i = 0; i < 5; i++) out.push(await me(off, tok));
    out.push(await me(off, other));
    return out;
  });
  assert.deepEqual(rs.map((r) => r.status), [200, 200, 200, 200, 429, 200]);
  assert.equal(rs[0].headers.get('x-ratelimit-category'), 'Light');
  assert.equal(rs[5].headers.get('x-ratelimit-category'), null, 'other accounts follow the server');
  // and off again, on a server whose default is zoom
  const z = await freeAccountToken(zoom);
  await control(zoom).ok('PATCH', `/accounts/${z.acc.id}`, { rate_limits: 'off' }, 200);
  const many = await withinOneSecond(zoom, async () => Promise.all(Array.from({ length: 8 }, () => me(zoom, z.tok))));
  assert.ok(many.every((r) => r.status === 200 && r.headers.get('x-ratelimit-category') === null));
  // null follows the server again
  await control(zoom).ok('PATCH', `/accounts/${z.acc.id}`, { rate_limits: null }, 200);
  assert.equal((await me(zoom, z.tok)).headers.get('x-ratelimit-category'), 'Light');
  const bad = await control(zoom).call('PATCH', `/accounts/${z.acc.id}`, { rate_limits: 'strict' });
  assert.equal(bad.status, 400, bad.text);
});

test('a_host_may_create_or_update_100_meetings_a_day', async () => {
  const plaza = off;
  const acc = await createAccount(plaza, { plan: 'business' }); // Medium 60/s: pacing stays simple
  await control(plaza).ok('PATCH', `/accounts/${acc.id}`, { rate_limits: 'zoom' }, 200);
  // keep clear of UTC midnight, where the count starts again
  const now = Date.parse((await control(plaza).ok('GET', '/clock')).now);
  const toMidnight = 86400 - Math.floor(now / 1000) % 86400;
  if (toMidnight < 600) await advanceClock(plaza, toMidnight + 60);
  const host = await createUser(plaza, acc.id);
  const tok = await userToken(plaza, acc.id, host.id, SCOPES);
  const create = () => api(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: {} });
  let first;
  for (let i = 0; i < 99; i++) {
    if (i % 40 === 39) await advanceClock(plaza, 1); // stay under the per-second limit
    const r = await create();
    assert.equal(r.status, 201, `create #${i + 1}: ${r.text}`);
    first ??= r.json;
  }
  await advanceClock(plaza, 1);
  assertSpec(await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: first.id }, { body: { topic: 'hundredth' } }), 204);
  const want = 'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for ' +
               'this particular user. You may resume these requests at GMT 00:00:00.';
  assertZoomError(await create(), 429, 429, want);
  assertZoomError(await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: first.id }, { body: { topic: 'no' } }), 429, 429, want);
  const list = assertSpec(await api(plaza, tok, 'GET', '/v2/users/{userId}/meetings', { userId: 'me' }, { query: { page_size: 300 } }), 200);
  assert.equal(list.total_records, 99, 'the refused create stored nothing');
  assert.equal(assertSpec(await api(plaza, tok, 'GET', '/v2/meetings/{meetingId}', { meetingId: first.id }), 200).topic, 'hundredth');
  // reading and deleting are not counted; another host of the account is not limited
  assertSpec(await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: first.id }), 204);
  const other = await createUser(plaza, acc.id);
  const otherTok = await userToken(plaza, acc.id, other.id, SCOPES);
  assertSpec(await api(plaza, otherTok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: {} }), 201);
  // the next UTC day starts afresh
  const t = Date.parse((await control(plaza).ok('GET', '/clock')).now);
  await advanceClock(plaza, 86400 - Math.floor(t / 1000) % 86400 + 5);
  const fresh = await userToken(plaza, acc.id, host.id, SCOPES);
  assertSpec(await api(plaza, fresh, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: {} }), 201);
});
