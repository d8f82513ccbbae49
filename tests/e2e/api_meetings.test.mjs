// Meetings through /v2 (zoom-wire §2.1, §2.4, §2.8): create in Zoom's shape,
// get, list with pagination and list types, update, delete, end and recover,
// recurring meetings and their occurrences. Every success body is checked
// against the response schema of its operation in Zoom's OpenAPI file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, control, userToken, simulateMeeting, decodeJwt, assertZoomError, advanceClock,
} from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const CREATE = '/v2/users/{userId}/meetings';
const LIST = CREATE;
const ONE = '/v2/meetings/{meetingId}';
const STATUS = '/v2/meetings/{meetingId}/status';
const SCOPES = ['meeting:read', 'meeting:write', 'user:read'];

let plaza, acc, owner, tok;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  owner = acc.owner;
  tok = await userToken(plaza, acc.id, owner.id, SCOPES);
});
after(async () => { await plaza.stop(); });

// A fresh user of the account with a token of its own (lists stay small and exact).
async function freshHost() {
  const u = await createUser(plaza, acc.id);
  return { user: u, tok: await userToken(plaza, acc.id, u.id, SCOPES) };
}

const create = (t, body = {}, status = 201) => ok(plaza, t, 'POST', CREATE, { userId: 'me' }, status, { body });
const get = (t, meetingId, query) => api(plaza, t, 'GET', ONE, { meetingId }, { query });
const list = (t, query) => api(plaza, t, 'GET', LIST, { userId: 'me' }, { query });

function keyOrder(obj, keys) {
  const present = Object.keys(obj).filter((k) => keys.includes(k));
  assert.deepEqual(present, keys.filter((k) => k in obj), `key order: ${Object.keys(obj).join(',')}`);
}

test('create_returns_201_with_zooms_meeting_shape', async () => {
  const m = await create(tok, {
    topic: 'Plaza demo', type: 2, start_time: '2031-02-21T08:49:58Z', duration: 45, timezone: 'America/Los_Angeles',
    agenda: 'Demo', password: 'abc123',
    settings: { host_video: true, join_before_host: true, jbh_time: 5, audio: 'both', waiting_room: true },
  });
  assert.match(m.uuid, /^[A-Za-z0-9+/]{22}==$/);
  assert.ok(Number.isInteger(m.id) && m.id >= 1e9 && m.id < 1e11, `10-11 digit id: ${m.id}`);
  assert.equal(m.host_id, owner.id);
  assert.equal(m.host_email, owner.email);
  assert.equal(m.topic, 'Plaza demo');
  assert.equal(m.type, 2);
  assert.equal(m.status, 'waiting');
  assert.equal(m.start_time, '2031-02-21T08:49:58Z');
  assert.equal(m.duration, 45);
  assert.equal(m.timezone, 'America/Los_Angeles');
  assert.equal(m.agenda, 'Demo');
  assert.match(m.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(m.password, 'abc123');
  assert.match(m.h323_password, /^\d{6}$/);
  assert.equal(m.pstn_password, m.h323_password);
  assert.match(m.encrypted_password, /^[A-Za-z0-9]{30}\.1$/);
  // join_url carries ?pwd=<encrypted_password>; start_url embeds a ZAK for this meeting
  const join = new URL(m.join_url);
  assert.equal(join.pathname, `/j/${m.id}`);
  assert.equal(join.searchParams.get('pwd'), m.encrypted_password);
  const start = new URL(m.start_url);
  assert.equal(start.pathname, `/s/${m.id}`);
  const zak = decodeJwt(start.searchParams.get('zak'));
  assert.equal(zak.payload.uid, owner.id);
  assert.equal(zak.payload.mnum, String(m.id));
  assert.equal(zak.payload.exp - zak.payload.iat, 7200);
  assert.equal(m.settings.host_video, true);
  assert.equal(m.settings.join_before_host, true);
  assert.equal(m.settings.jbh_time, 5);
  assert.equal(m.settings.audio, 'both');
  assert.equal(m.settings.waiting_room, true);
  assert.equal(m.settings.approval_type, 2, 'defaults fill what the request left out');
  assert.equal(m.pre_schedule, false);
  keyOrder(m, ['uuid', 'id', 'host_id', 'host_email', 'topic', 'type', 'status', 'start_time', 'duration', 'timezone',
               'agenda', 'created_at', 'start_url', 'join_url', 'password', 'h323_password', 'pstn_password',
               'encrypted_password', 'settings', 'pre_schedule']);
});

test('create_with_an_empty_body_gets_zooms_defaults_and_a_generated_passcode', async () => {
  const m = await create(tok, {});
  assert.equal(m.topic, 'Zoom Meeting');
  assert.equal(m.type, 2);
  assert.equal(m.duration, 60);
  assert.match(m.password, /^[A-Za-z0-9@_*-]{1,10}$/);
  assert.equal(m.settings.auto_recording, 'none');
  assert.equal(m.settings.audio, 'voip');
});

test('local_start_time_with_a_timezone_is_stored_in_utc', async () => {
  const m = await create(tok, { start_time: '2031-06-01T10:00:00', timezone: 'Europe/Paris' });
  assert.equal(m.start_time, '2031-06-01T08:00:00Z');
  assert.equal(m.timezone, 'Europe/Paris');
});

test('instant_meeting_has_no_start_time_and_recurring_without_fixed_time_neither', async () => {
  const instant = await create(tok, { type: 1 });
  assert.equal(instant.type, 1);
  const noFixed = await create(tok, { type: 3, start_time: '2031-01-01T00:00:00Z' });
  assert.equal(noFixed.type, 3);
  assert.equal(noFixed.start_time, undefined);
  assert.equal(noFixed.occurrences, undefined);
});

test('get_returns_the_meeting_as_created', async () => {
  const m = await create(tok, { topic: 'Get me', settings: { mute_upon_entry: true } });
  const g = assertSpec(await get(tok, m.id), 200);
  for (const k of Object.keys(m)) if (k !== 'start_url') assert.deepEqual(g[k], m[k], k);
  assert.deepEqual(Object.keys(g), Object.keys(m));
  assert.equal(decodeJwt(new URL(g.start_url).searchParams.get('zak')).payload.mnum, String(m.id));
  // by UUID too
  const byUuid = assertSpec(await get(tok, m.uuid), 200);
  assert.equal(byUuid.id, m.id);
});

test('unknown_meeting_is_404_code_3001', async () => {
  const r = await get(tok, 12345678901);
  assertZoomError(r, 404, 3001, 'Meeting 12345678901 is not found or has expired.');
  assertZoomError(await get(tok, 'no-such-uuid=='), 404, 3001);
});

test('list_pages_of_30_by_default_with_next_page_token_empty_on_the_last_page', async () => {
  const h = await freshHost();
  const made = [];
  for (let i = 0; i < 35; i++) made.push((await create(h.tok, { topic: `m${i}`, start_time: `2031-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` })).id);
  const p1 = assertSpec(await list(h.tok), 200);
  assert.equal(p1.page_size, 30);
  assert.equal(p1.total_records, 35);
  assert.equal(p1.page_count, 2);
  assert.equal(p1.page_number, 1);
  assert.equal(p1.meetings.length, 30);
  assert.ok(p1.next_page_token.length > 0);
  const p2 = assertSpec(await list(h.tok, { next_page_token: p1.next_page_token }), 200);
  assert.equal(p2.meetings.length, 5);
  assert.equal(p2.next_page_token, '');
  assert.equal(p2.total_records, 35);
  const seen = [...p1.meetings, ...p2.meetings].map((m) => m.id);
  assert.equal(new Set(seen).size, 35, 'no meeting twice');
  assert.deepEqual([...seen].sort(), [...made].sort());
  // ordered by start time
  const starts = [...p1.meetings, ...p2.meetings].map((m) => m.start_time);
  assert.deepEqual(starts, [...starts].sort());
  // list items are summaries, without settings
  const item = p1.meetings[0];
  for (const k of ['uuid', 'id', 'host_id', 'topic', 'type', 'start_time', 'duration', 'timezone', 'created_at', 'join_url']) {
    assert.ok(k in item, k);
  }
  assert.equal(item.settings, undefined);
  assert.equal(item.host_id, h.user.id);

  // page_size: explicit, the 300 maximum, and larger values capped at 300
  const small = assertSpec(await list(h.tok, { page_size: 10 }), 200);
  assert.equal(small.meetings.length, 10);
  assert.equal(small.page_count, 4);
  let token = small.next_page_token, pages = 1, total = small.meetings.length;
  while (token) {
    const p = assertSpec(await list(h.tok, { page_size: 10, next_page_token: token }), 200);
    total += p.meetings.length;
    token = p.next_page_token;
    pages++;
  }
  assert.equal(pages, 4);
  assert.equal(total, 35);
  const max = assertSpec(await list(h.tok, { page_size: 300 }), 200);
  assert.equal(max.page_size, 300);
  assert.equal(max.meetings.length, 35);
  assert.equal(max.next_page_token, '');
  const over = assertSpec(await list(h.tok, { page_size: 1000 }), 200);
  assert.equal(over.page_size, 300);
  // the deprecated page_number still works
  const second = assertSpec(await list(h.tok, { page_number: 2 }), 200);
  assert.equal(second.page_number, 2);
  assert.deepEqual(second.meetings.map((m) => m.id), p2.meetings.map((m) => m.id));
});

test('list_refuses_bad_page_sizes_and_page_tokens', async () => {
  const h = await freshHost();
  for (let i = 0; i < 3; i++) await create(h.tok, {});
  for (const page_size of ['0', '-1', 'abc']) {
    assertValidation(await list(h.tok, { page_size }), ['page_size']);
  }
  const first = assertSpec(await list(h.tok, { page_size: 1 }), 200);
  assert.ok(first.next_page_token);
  const bad = (next_page_token, q = {}) => list(h.tok, { page_size: 1, next_page_token, ...q });
  for (const t of ['garbage', `${first.next_page_token}x`, first.next_page_token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))]) {
    assertZoomError(await bad(t), 400, 300, 'The next page token is invalid or expired.');
  }
  // a token of another list (type=upcoming) is not one of this list
  const up = assertSpec(await list(h.tok, { type: 'upcoming', page_size: 1 }), 200);
  if (up.next_page_token) assertZoomError(await bad(up.next_page_token), 400, 300);
  // a webinar list token is not a meeting list token
  const wtok = await userToken(plaza, acc.id, owner.id, ['webinar:read', 'webinar:write']);
  for (let i = 0; i < 2; i++) await ok(plaza, wtok, 'POST', '/v2/users/{userId}/webinars', { userId: 'me' }, 201, { body: {} });
  const w = assertSpec(await api(plaza, wtok, 'GET', '/v2/users/{userId}/webinars', { userId: 'me' }, { query: { page_size: 1 } }), 200);
  assert.ok(w.next_page_token);
  assertZoomError(await bad(w.next_page_token), 400, 300);
  // still good before it expires (15 minutes), refused after
  assert.equal((await bad(first.next_page_token)).status, 200);
  await advanceClock(plaza, 16 * 60);
  const h2tok = await userToken(plaza, acc.id, h.user.id, SCOPES); // the old access token may be near its end
  assertZoomError(await list(h2tok, { page_size: 1, next_page_token: first.next_page_token }), 400, 300);
});

test('list_types_scheduled_upcoming_live_previous', async () => {
  const h = await freshHost();
  const c = control(plaza);
  const now = Date.parse((await c.ok('GET', '/clock')).now);
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const future = await create(h.tok, { topic: 'future', start_time: iso(now + 3 * 86400e3) });
  await create(h.tok, { topic: 'past', start_time: iso(now - 86400e3) });
  await create(h.tok, { topic: 'no fixed time', type: 3 });
  const live = await create(h.tok, { topic: 'live', start_time: iso(now + 3600e3) });
  await c.ok('POST', `/meetings/${live.id}/start`, undefined, 201);
  const ended = await create(h.tok, { topic: 'ended', start_time: iso(now + 7200e3) });
  await simulateMeeting(plaza, ended.id);

  const ids = async (type) => {
    const r = assertSpec(await list(h.tok, type ? { type } : undefined), 200);
    assert.equal(r.total_records, r.meetings.length);
    return r.meetings.map((m) => m.topic).sort();
  };
  assert.deepEqual(await ids(), ['future', 'live', 'no fixed time', 'past'].sort(), 'scheduled is the default');
  assert.deepEqual(await ids('scheduled'), ['future', 'live', 'no fixed time', 'past'].sort());
  assert.deepEqual(await ids('live'), ['live']);
  assert.deepEqual(await ids('upcoming'), ['future', 'live', 'no fixed time'].sort());
  assert.deepEqual(await ids('upcoming_meetings'), ['future', 'live', 'no fixed time'].sort());
  assert.deepEqual(await ids('previous_meetings'), ['ended', 'past'].sort());
  assertValidation(await list(h.tok, { type: 'bogus' }), ['type']);

  // from/to filter by start date
  const day = iso(now + 3 * 86400e3).slice(0, 10);
  const r = assertSpec(await list(h.tok, { from: day, to: day }), 200);
  assert.deepEqual(r.meetings.map((m) => m.id), [future.id]);
  assertValidation(await list(h.tok, { from: '2031-13-45' }), ['from']);
  assertValidation(await list(h.tok, { to: 'tomorrow' }), ['to']);
});

test('update_is_204_and_changes_only_what_it_names', async () => {
  const m = await create(tok, { topic: 'Before', duration: 30, agenda: 'a', settings: { waiting_room: false, mute_upon_entry: true } });
  const r = await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id }, {
    body: { topic: 'After', duration: 90, settings: { waiting_room: true }, start_time: '2032-01-01T12:00:00Z' },
  });
  assertSpec(r, 204);
  const g = assertSpec(await get(tok, m.id), 200);
  assert.equal(g.topic, 'After');
  assert.equal(g.duration, 90);
  assert.equal(g.start_time, '2032-01-01T12:00:00Z');
  assert.equal(g.settings.waiting_room, true);
  assert.equal(g.settings.mute_upon_entry, true, 'settings merge');
  assert.equal(g.agenda, 'a');
  assert.equal(g.uuid, m.uuid);
  assert.equal(g.password, m.password);
  // a new passcode changes the join URL's pwd
  assertSpec(await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id }, { body: { password: 'n3w' } }), 204);
  const g2 = assertSpec(await get(tok, m.id), 200);
  assert.equal(g2.password, 'n3w');
  assert.notEqual(g2.encrypted_password, m.encrypted_password);
  assert.equal(new URL(g2.join_url).searchParams.get('pwd'), g2.encrypted_password);
  // changing the type to one without a fixed time drops start_time
  assertSpec(await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id }, { body: { type: 3 } }), 204);
  const g3 = assertSpec(await get(tok, m.id), 200);
  assert.equal(g3.type, 3);
  assert.equal(g3.start_time, undefined);
});

test('update_errors_leave_the_meeting_unchanged', async () => {
  const m = await create(tok, { topic: 'Stay' });
  const patch = (body, id = m.id) => api(plaza, tok, 'PATCH', ONE, { meetingId: id }, { body });
  assertValidation(await patch({ topic: 'x'.repeat(201) }), ['topic']);
  assertValidation(await patch({ password: 'has space' }), ['password']);
  assertValidation(await patch({ timezone: 'Mars/Olympus' }), ['timezone']);
  assertValidation(await patch({ type: 5 }), ['type']);
  assertValidation(await patch({ settings: { audio: 'loud' }, topic: 'Changed' }), ['settings.audio']);
  assertZoomError(await patch({ topic: 'x' }, 98765432109), 404, 3001);
  const r = await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id }, { headers: { 'content-type': 'application/json' } });
  assertZoomError(r, 400, 300, 'Request Body should be a valid JSON object.');
  const g = assertSpec(await get(tok, m.id), 200);
  assert.equal(g.topic, 'Stay');
  assert.equal(g.settings.audio, 'voip');
});

test('delete_is_204_then_the_meeting_is_gone_404_3001', async () => {
  const h = await freshHost();
  const m = await create(h.tok, {});
  const keep = await create(h.tok, {});
  assertSpec(await api(plaza, h.tok, 'DELETE', ONE, { meetingId: m.id }), 204);
  assertZoomError(await get(h.tok, m.id), 404, 3001, `Meeting ${m.id} is not found or has expired.`);
  assertZoomError(await api(plaza, h.tok, 'DELETE', ONE, { meetingId: m.id }), 404, 3001);
  assertZoomError(await api(plaza, h.tok, 'PATCH', ONE, { meetingId: m.id }, { body: { topic: 'x' } }), 404, 3001);
  const l = assertSpec(await list(h.tok), 200);
  assert.deepEqual(l.meetings.map((x) => x.id), [keep.id]);
  assert.equal(l.total_records, 1);
});

test('status_recover_brings_a_deleted_meeting_back', async () => {
  const m = await create(tok, { topic: 'Phoenix' });
  const put = (body) => api(plaza, tok, 'PUT', STATUS, { meetingId: m.id }, { body });
  assertZoomError(await put({ action: 'recover' }), 400, 3000); // not deleted
  assertSpec(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }), 204);
  assertSpec(await put({ action: 'recover' }), 204);
  const g = assertSpec(await get(tok, m.id), 200);
  assert.equal(g.topic, 'Phoenix');
  assertValidation(await put({ action: 'explode' }), ['action']);
  assertValidation(await put({}), ['action']);
  assertZoomError(await api(plaza, tok, 'PUT', STATUS, { meetingId: 11111111111 }, { body: { action: 'end' } }), 404, 3001);
});

test('status_end_of_a_meeting_not_in_progress_changes_nothing', async () => {
  const m = await create(tok, {});
  assertSpec(await api(plaza, tok, 'PUT', STATUS, { meetingId: m.id }, { body: { action: 'end' } }), 204);
  const g = assertSpec(await get(tok, m.id), 200);
  assert.equal(g.status, 'waiting');
  const state = await control(plaza).ok('GET', `/meetings/${m.id}`);
  assert.equal(state.status, 'waiting');
  assert.equal(state.instance, null);
});

test('status_end_of_a_live_meeting_ends_it', async () => {
  const m = await create(tok, {});
  const c = control(plaza);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Pat', email: 'pat@example.com' }, 201);
  assert.equal(assertSpec(await get(tok, m.id), 200).status, 'started');
  assertZoomError(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }), 400, 3002,
                  'Sorry, you cannot delete this meeting since it is in progress.');
  assertZoomError(await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id }, { body: { topic: 'x' } }), 400, 3000);
  assertSpec(await api(plaza, tok, 'PUT', STATUS, { meetingId: m.id }, { body: { action: 'end' } }), 204);
  assert.equal(assertSpec(await get(tok, m.id), 200).status, 'waiting');
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.equal(state.status, 'ended');
});

test('status_end_closes_the_running_instance', async () => {
  const m = await create(tok, {});
  const c = control(plaza);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Pat' }, 201);
  assertSpec(await api(plaza, tok, 'PUT', STATUS, { meetingId: m.id }, { body: { action: 'end' } }), 204);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.notEqual(state.instance.ended_at, null, JSON.stringify(state));
  assert.ok(state.participants.every((p) => p.left_at !== null), JSON.stringify(state));
});

test('an_ended_meeting_cannot_be_deleted_3007', async () => {
  const m = await create(tok, {});
  await simulateMeeting(plaza, m.id);
  assertZoomError(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }), 400, 3007,
                  'Sorry, you cannot delete this meeting since it has ended.');
});

test('recurring_type_8_lists_occurrences_and_acts_on_one', async () => {
  const m = await create(tok, {
    topic: 'Weekly', type: 8, start_time: '2031-01-06T15:00:00Z', duration: 30, // a Monday
    recurrence: { type: 2, repeat_interval: 1, weekly_days: '4', end_times: 4 }, // Wednesdays
  });
  assert.equal(m.type, 8);
  assert.deepEqual(m.recurrence, { type: 2, repeat_interval: 1, weekly_days: '4', end_times: 4 });
  assert.equal(m.occurrences.length, 4);
  assert.deepEqual(m.occurrences.map((o) => o.start_time),
                   ['2031-01-08T15:00:00Z', '2031-01-15T15:00:00Z', '2031-01-22T15:00:00Z', '2031-01-29T15:00:00Z']);
  for (const o of m.occurrences) {
    assert.equal(o.occurrence_id, String(Date.parse(o.start_time)), 'occurrence_id is the start in epoch ms');
    assert.equal(o.duration, 30);
    assert.equal(o.status, 'available');
  }
  const [, second, third] = m.occurrences;
  // one occurrence
  const g = assertSpec(await get(tok, m.id, { occurrence_id: second.occurrence_id }), 200);
  assert.equal(g.start_time, second.start_time);
  assertZoomError(await get(tok, m.id, { occurrence_id: '123' }), 400, 3000);
  // delete one occurrence: it stays listed with status deleted
  assertSpec(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }, { query: { occurrence_id: second.occurrence_id } }), 204);
  const after = assertSpec(await get(tok, m.id), 200);
  assert.deepEqual(after.occurrences.map((o) => o.status), ['available', 'deleted', 'available', 'available']);
  assert.deepEqual(after.occurrences.map((o) => o.start_time), m.occurrences.map((o) => o.start_time));
  assertZoomError(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }, { query: { occurrence_id: '42' } }), 400, 3000);
  // deleting the meeting removes them all
  assertSpec(await api(plaza, tok, 'DELETE', ONE, { meetingId: m.id }), 204);
  assertZoomError(await get(tok, m.id, { occurrence_id: third.occurrence_id }), 404, 3001);
});

test('update_of_one_occurrence_changes_that_occurrence_only', async () => {
  const m = await create(tok, { type: 8, start_time: '2031-01-01T09:00:00Z', duration: 30, recurrence: { type: 1, end_times: 3 } });
  const second = m.occurrences[1];
  assertSpec(await api(plaza, tok, 'PATCH', ONE, { meetingId: m.id },
                       { query: { occurrence_id: second.occurrence_id }, body: { start_time: '2031-01-02T16:30:00Z', duration: 45 } }), 204);
  const g = assertSpec(await get(tok, m.id), 200);
  assert.equal(g.occurrences[1].start_time, '2031-01-02T16:30:00Z');
  assert.equal(g.occurrences[1].duration, 45);
  assert.equal(g.occurrences[0].start_time, '2031-01-01T09:00:00Z');
  assert.equal(g.occurrences[2].start_time, '2031-01-03T09:00:00Z');
  assert.equal(g.duration, 30, 'the series keeps its duration');
});

test('weekly_days_takes_several_comma_separated_days', async () => {
  const m = await create(tok, {
    type: 8, start_time: '2031-01-06T15:00:00Z', recurrence: { type: 2, weekly_days: '2,4', end_times: 4 },
  });
  assert.deepEqual(m.occurrences.map((o) => o.start_time),
                   ['2031-01-06T15:00:00Z', '2031-01-08T15:00:00Z', '2031-01-13T15:00:00Z', '2031-01-15T15:00:00Z']);
});

test('recurring_daily_and_monthly_expand_as_zoom_describes', async () => {
  const daily = await create(tok, { type: 8, start_time: '2031-05-30T09:00:00Z', recurrence: { type: 1, repeat_interval: 2, end_times: 3 } });
  assert.deepEqual(daily.occurrences.map((o) => o.start_time),
                   ['2031-05-30T09:00:00Z', '2031-06-01T09:00:00Z', '2031-06-03T09:00:00Z']);
  const monthly = await create(tok, {
    type: 8, start_time: '2031-01-10T09:00:00Z', recurrence: { type: 3, monthly_week: -1, monthly_week_day: 6, end_times: 2 },
  });
  // the last Friday of January and of February 2031
  assert.deepEqual(monthly.occurrences.map((o) => o.start_time), ['2031-01-31T09:00:00Z', '2031-02-28T09:00:00Z']);
  const until = await create(tok, {
    type: 8, start_time: '2031-01-01T09:00:00Z', recurrence: { type: 1, end_date_time: '2031-01-05T23:59:00Z' },
  });
  assert.equal(until.occurrences.length, 5);
});

test('recurring_type_8_needs_a_valid_recurrence', async () => {
  const h = await freshHost();
  const post = (body) => api(plaza, h.tok, 'POST', CREATE, { userId: 'me' }, { body });
  assertValidation(await post({ type: 8, start_time: '2031-01-01T00:00:00Z' }), ['recurrence']);
  assertValidation(await post({ type: 8, recurrence: { type: 1, end_times: 61 } }), ['recurrence.end_times']);
  assertValidation(await post({ type: 8, recurrence: { type: 4 } }), ['recurrence.type']);
  assertValidation(await post({ type: 8, recurrence: { type: 1, repeat_interval: 91 } }), ['recurrence']);
  const days = await post({ type: 8, recurrence: { type: 2, weekly_days: '9' } });
  assertValidation(days);
  assert.ok(days.json.errors.some((e) => e.field.startsWith('recurrence')), days.text);
  assertValidation(await post({ type: 8, recurrence: { type: 1, end_times: 2, end_date_time: '2031-02-01T00:00:00Z' } }),
                   ['recurrence']);
  assert.equal(assertSpec(await list(h.tok), 200).total_records, 0, 'nothing stored');
});

test('delete_an_occurrence_keeps_the_meeting_listed', async () => {
  const h = await freshHost();
  const m = await create(h.tok, { type: 8, start_time: '2031-01-01T09:00:00Z', recurrence: { type: 1, end_times: 2 } });
  assertSpec(await api(plaza, h.tok, 'DELETE', ONE, { meetingId: m.id }, { query: { occurrence_id: m.occurrences[0].occurrence_id } }), 204);
  const l = assertSpec(await list(h.tok), 200);
  assert.deepEqual(l.meetings.map((x) => x.id), [m.id]);
});

test('the_invitation_note_is_zooms_copy_invitation_text', async () => {
  const INVITATION = '/v2/meetings/{meetingId}/invitation';
  const m = await ok(plaza, tok, 'POST', CREATE, { userId: 'me' }, 201, {
    body: { topic: 'Pipeline review', type: 2, start_time: '2027-03-25T22:32:00Z', timezone: 'America/Los_Angeles', password: '123456' },
  });
  const { invitation } = await ok(plaza, tok, 'GET', INVITATION, { meetingId: m.id }, 200);
  const digits = String(m.id);
  const grouped = digits.length === 11 ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : digits;
  assert.equal(invitation, [
    `Olive Owner is inviting you to a scheduled Zoom meeting.`, '',
    'Topic: Pipeline review',
    'Time: Mar 25, 2027 03:32 PM America, Los_Angeles', '',
    'Join Zoom Meeting', m.join_url, '',
    `Meeting ID: ${grouped}`,
    'Passcode: 123456', '', '',
  ].join('\r\n'));
  // a recurring meeting with no fixed time, and one without a passcode
  const r = await ok(plaza, tok, 'POST', CREATE, { userId: 'me' }, 201, { body: { topic: 'Office hours', type: 3, password: '' } });
  const note = (await ok(plaza, tok, 'GET', INVITATION, { meetingId: r.id }, 200)).invitation;
  assert.match(note, /\r\nTime: This is a recurring meeting Meet anytime\r\n/);
  assert.doesNotMatch(note, /Passcode/);
  // unknown, another account's, and another user's meeting to a user-level token
  assertZoomError(await api(plaza, tok, 'GET', INVITATION, { meetingId: 99999999999 }), 404, 3001);
  const other = await createAccount(plaza);
  const stranger = await userToken(plaza, other.id, other.owner.id, SCOPES);
  assertZoomError(await api(plaza, stranger, 'GET', INVITATION, { meetingId: m.id }), 404, 3001);
  const { tok: mine } = await freshHost();
  assert.equal((await api(plaza, mine, 'GET', INVITATION, { meetingId: m.id })).json?.code, 4711);
});
