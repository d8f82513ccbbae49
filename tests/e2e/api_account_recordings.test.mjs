// The account's recordings list (GET /v2/accounts/{accountId}/recordings):
// every host's cloud recordings in one month window, for an admin scope only,
// with `me` or the caller's own account id; another account's recordings
// never show, and another account's id is not found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, createApp, s2sToken, control, userToken, advanceClock, assertZoomError,
} from './lib/plaza.mjs';

let plaza, acc, other, c, admin, member, hosts;

async function get(tok, path) {
  const res = await fetch(`${plaza.url}${path}`, { headers: { authorization: `Bearer ${tok}` } });
  const text = await res.text();
  const json = JSON.parse(text);
  return { status: res.status, body: json, json, text };
}

// A meeting of `tok`'s user, recorded to the cloud, `minutes` long.
async function recorded(tok, topic, minutes = 1) {
  const res = await fetch(`${plaza.url}/v2/users/me/meetings`, {
    method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topic, settings: { auto_recording: 'cloud' } }),
  });
  assert.equal(res.status, 201);
  const m = await res.json();
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Guest', email: 'guest@example.com' }, 201);
  await advanceClock(plaza, minutes * 60);
  const ended = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  assert.equal(ended.recorded, true);
  return m;
}

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  acc = await createAccount(plaza);
  other = await createAccount(plaza);
  const scopes = ['meeting:write', 'recording:read'];
  hosts = [];
  for (let i = 0; i < 2; i++) {
    const u = await createUser(plaza, acc.id);
    hosts.push({ user: u, tok: await userToken(plaza, acc.id, u.id, scopes) });
  }
  const stranger = await createUser(plaza, other.id);
  await recorded(await userToken(plaza, other.id, stranger.id, scopes), 'Not ours');
  for (const [i, h] of hosts.entries()) for (let n = 0; n < 2; n++) await recorded(h.tok, `Host ${i} meeting ${n}`);
  const app = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['recording:read:admin'] });
  admin = await s2sToken(plaza, app, acc.id);
  member = hosts[0].tok;
});
after(async () => { await plaza.stop(); });

test('every_host_of_the_account_is_listed_with_me_and_with_the_account_id', async () => {
  for (const id of ['me', acc.id]) {
    const { status, body } = await get(admin, `/v2/accounts/${id}/recordings`);
    assert.equal(status, 200);
    assert.equal(body.total_records, 4);
    assert.equal(body.meetings.length, 4);
    assert.deepEqual(new Set(body.meetings.map((r) => r.host_id)), new Set(hosts.map((h) => h.user.id)));
    assert.ok(body.meetings.every((r) => r.account_id === acc.id && !r.topic.startsWith('Not')));
    const starts = body.meetings.map((r) => r.start_time);
    assert.deepEqual(starts, [...starts].sort().reverse(), 'newest first');
    assert.ok(body.meetings.every((r) => r.recording_files.length > 0));
  }
});

test('pages_cover_the_list_once_and_a_token_of_a_users_list_is_refused', async () => {
  const seen = [];
  let token = '';
  do {
    const { status, body } = await get(admin, `/v2/accounts/me/recordings?page_size=1&next_page_token=${token}`);
    assert.equal(status, 200);
    assert.equal(body.page_size, 1);
    seen.push(...body.meetings.map((r) => r.uuid));
    token = body.next_page_token;
  } while (token && seen.length < 10);
  assert.equal(seen.length, 4);
  assert.equal(new Set(seen).size, 4);

  const user = await get(hosts[0].tok, '/v2/users/me/recordings?page_size=1');
  assert.ok(user.body.next_page_token, 'the user has two recordings');
  const mixed = await get(admin, `/v2/accounts/me/recordings?page_size=1&next_page_token=${user.body.next_page_token}`);
  assert.equal(mixed.status, 400);
});

test('a_window_without_recordings_is_empty_and_a_bad_window_is_refused', async () => {
  const { body } = await get(admin, '/v2/accounts/me/recordings');
  const past = await get(admin, '/v2/accounts/me/recordings?from=2020-01-01&to=2020-01-31');
  assert.equal(past.status, 200);
  assert.equal(past.body.total_records, 0);
  assert.deepEqual(past.body.meetings, []);
  assert.equal(body.from <= body.to, true);
  assertZoomError(await get(admin, '/v2/accounts/me/recordings?from=2020-01-01&to=2020-06-01'), 400, 300);
  assertZoomError(await get(admin, '/v2/accounts/me/recordings?from=yesterday'), 400, 300);
});

test('another_accounts_id_is_not_found_and_a_user_scope_is_not_enough', async () => {
  assertZoomError(await get(admin, `/v2/accounts/${other.id}/recordings`), 404, 2001);
  assertZoomError(await get(member, '/v2/accounts/me/recordings'), 400, 4711, /recording:read:admin/);
});
