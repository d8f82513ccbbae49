// Past meetings and webinars through /v2: what a CRM reads after a meeting to
// log who attended. The simulation's ended instances are the past meetings: a
// meeting number names the latest ended one, a UUID (double-encoded or not)
// that one; participants are each join and leave with Zoom's e-mail display
// rule, paged. A meeting in progress or never held, another account's, a
// year-old one and a free account's participants are refused as Zoom does.
// The report routes give the same instances to an account-level app.
// Success bodies are checked against Zoom's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, createApp, control, userToken, s2sToken, advanceClock, assertZoomError,
} from './lib/plaza.mjs';
import { api, ok, assertSpec } from './lib/openapi.mjs';

const MEETINGS = '/v2/users/{userId}/meetings';
const PAST = '/v2/past_meetings/{meetingId}';
const INSTANCES = '/v2/past_meetings/{meetingId}/instances';
const PEOPLE = '/v2/past_meetings/{meetingId}/participants';
const SCOPES = ['meeting:read', 'meeting:write', 'webinar:read', 'webinar:write'];

let plaza, acc, c, host, tok, colleague, held;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  c = control(plaza);
  host = await createUser(plaza, acc.id);
  tok = await userToken(plaza, acc.id, host.id, SCOPES);
  colleague = await createUser(plaza, acc.id);
  held = await twoInstances();
});
after(async () => { await plaza.stop(); });

const secondsBetween = (a, b) => (Date.parse(b) - Date.parse(a)) / 1000;

// A recurring meeting held twice: first the host, a colleague and a guest (who leaves early), then the host alone.
async function twoInstances() {
  const m = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Weekly pipeline review', type: 3 } });
  const first = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const me = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Uma Host', email: host.email }, 201);
  await advanceClock(plaza, 30);
  const mate = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Cole League', email: colleague.email }, 201);
  const guest = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Gus Guest', email: 'gus@customer.example' }, 201);
  await advanceClock(plaza, 60);
  await c.ok('DELETE', `/meetings/${m.id}/participants/${guest.id}`, undefined, 204);
  await advanceClock(plaza, 90);
  const firstEnd = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  await advanceClock(plaza, 600);
  const second = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Uma Host', email: host.email }, 201);
  await advanceClock(plaza, 45);
  const secondEnd = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  return { m, first, firstEnd, second, secondEnd, people: { me, mate, guest } };
}

test('a_meeting_number_is_its_latest_ended_instance_and_a_uuid_that_one', async () => {
  const { m, first, firstEnd, second, secondEnd } = held;
  const latest = await ok(plaza, tok, 'GET', PAST, { meetingId: m.id }, 200);
  assert.equal(latest.uuid, second.uuid);
  assert.equal(latest.id, m.id);
  assert.equal(latest.start_time, secondEnd.started_at);
  assert.equal(latest.end_time, secondEnd.ended_at);
  assert.equal(latest.participants_count, 1);
  assert.equal(latest.topic, 'Weekly pipeline review');
  assert.equal(latest.type, 3);
  assert.equal(latest.host_id, host.id);
  assert.equal(latest.user_email, host.email);
  assert.equal(latest.user_name, `${host.first_name} ${host.last_name}`);
  assert.equal(latest.source, 'Zoom');

  const older = await ok(plaza, tok, 'GET', PAST, { meetingId: first.uuid }, 200);
  assert.equal(older.uuid, first.uuid);
  assert.equal(older.start_time, firstEnd.started_at);
  assert.equal(older.end_time, firstEnd.ended_at);
  const length = secondsBetween(firstEnd.started_at, firstEnd.ended_at);
  assert.equal(older.duration, Math.ceil(length / 60));
  assert.equal(older.participants_count, 3);
  // the host and the colleague stayed to the end, the guest for a minute (the real seconds that pass add a few)
  const together = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, 200);
  const seconds = together.participants.reduce((n, p) => n + p.duration, 0);
  assert.equal(older.total_minutes, Math.ceil(seconds / 60));
  assert.ok(seconds >= 180 + 150 + 60, `${seconds} s in all`);

  // a UUID with '/' arrives double-encoded; single-encoded works too
  const twice = encodeURIComponent(encodeURIComponent(first.uuid));
  assert.equal(assertSpec(await api(plaza, tok, 'GET', PAST, { meetingId: twice }, { raw: true }), 200).uuid, first.uuid);

  const list = await ok(plaza, tok, 'GET', INSTANCES, { meetingId: m.id }, 200);
  assert.deepEqual(list.meetings, [
    { uuid: second.uuid, start_time: secondEnd.started_at },
    { uuid: first.uuid, start_time: firstEnd.started_at },
  ], 'ended instances, the latest first');
});

test('participants_are_each_join_in_order_with_emails_of_the_hosts_account_only', async () => {
  const { first, firstEnd, people } = held;
  const r = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, 200);
  assert.equal(r.total_records, 3);
  assert.equal(r.page_count, 1);
  assert.equal(r.page_size, 30);
  assert.equal(r.next_page_token, '');
  assert.deepEqual(r.participants.map((p) => p.name), ['Uma Host', 'Cole League', 'Gus Guest']);
  const [me, mate, guest] = r.participants;
  assert.equal(me.id, host.id, 'a signed-in participant is their user id');
  assert.equal(me.user_email, host.email);
  assert.equal(mate.id, colleague.id);
  assert.equal(mate.user_email, colleague.email, 'a user of the host\'s account shows their e-mail');
  assert.equal(guest.id, '', 'a guest has no user id');
  assert.equal(guest.user_email, '', 'someone outside the host\'s account shows none');
  assert.deepEqual(r.participants.map((p) => p.user_id), ['16778240', '16778241', '16778242'], 'Zoom\'s per-meeting ids');
  assert.equal(me.join_time, people.me.joined_at);
  assert.equal(me.leave_time, firstEnd.ended_at, 'everyone still there leaves at the end');
  assert.equal(guest.join_time, people.guest.joined_at);
  assert.ok(guest.duration >= 60 && guest.duration <= 66, `${guest.duration} s (the real seconds of the calls add a few)`);
  assert.equal(guest.duration, secondsBetween(guest.join_time, guest.leave_time));
  for (const p of r.participants) {
    assert.equal(p.status, 'in_meeting');
    assert.equal(p.failover, false);
  }
});

test('pages_follow_the_next_page_token_and_a_forged_one_is_refused', async () => {
  const { first } = held;
  const seen = [];
  let token = '';
  let pages = 0;
  do {
    const r = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, 200, { query: { page_size: 1, next_page_token: token || undefined } });
    assert.equal(r.page_size, 1);
    assert.equal(r.page_count, 3);
    assert.equal(r.total_records, 3);
    seen.push(...r.participants.map((p) => p.name));
    token = r.next_page_token;
    pages++;
  } while (token && pages < 5);
  assert.deepEqual(seen, ['Uma Host', 'Cole League', 'Gus Guest']);
  assertZoomError(await api(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, { query: { next_page_token: 'forged' } }), 400, 300);
  // a token of another instance's list is no token here
  const r = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, 200, { query: { page_size: 1 } });
  assertZoomError(await api(plaza, tok, 'GET', PEOPLE, { meetingId: held.second.uuid }, { query: { next_page_token: r.next_page_token } }), 400, 300);
  const bad = await api(plaza, tok, 'GET', PEOPLE, { meetingId: first.uuid }, { query: { page_size: 'many' } });
  assert.equal(bad.status, 400, bad.text);
});

test('a_meeting_with_one_participant_lists_none_as_zoom_does', async () => {
  const r = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: held.m.id }, 200);
  assert.equal(r.total_records, 0);
  assert.deepEqual(r.participants, []);
});

test('a_meeting_in_progress_or_never_held_is_not_past', async () => {
  const m = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Not yet', type: 3 } });
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: m.id }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', PEOPLE, { meetingId: m.id }), 404, 3001);
  assert.deepEqual(await ok(plaza, tok, 'GET', INSTANCES, { meetingId: m.id }, 200), { meetings: [] });
  const running = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: running.uuid }), 404, 3001, /has not ended/);
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: m.id }), 404, 3001);
  assert.deepEqual(await ok(plaza, tok, 'GET', INSTANCES, { meetingId: m.id }, 200), { meetings: [] });
  await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  assert.equal((await ok(plaza, tok, 'GET', PAST, { meetingId: m.id }, 200)).uuid, running.uuid);
  // unknown numbers and UUIDs, and a UUID where only a number is taken
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: 99999999999 }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: 'AAAAAAAAAAAAAAAAAAAAAA==' }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: 'x'.repeat(200) }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', INSTANCES, { meetingId: running.uuid }), 404, 3001);
  // a deleted meeting keeps its past
  assertSpec(await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }), 204);
  assert.equal((await ok(plaza, tok, 'GET', PAST, { meetingId: running.uuid }, 200)).uuid, running.uuid);
});

test('another_account_sees_nothing_and_another_user_needs_an_admin_scope', async () => {
  const { m, first } = held;
  const other = await createAccount(plaza);
  const stranger = await userToken(plaza, other.id, other.owner.id, SCOPES);
  for (const id of [m.id, first.uuid]) {
    const r = await api(plaza, stranger, 'GET', PAST, { meetingId: id });
    assertZoomError(r, 404, 3001);
    assert.ok(!r.text.includes(String(m.id)) || id === m.id, 'a UUID of another account does not tell its number');
    assertZoomError(await api(plaza, stranger, 'GET', PEOPLE, { meetingId: id }), 404, 3001);
  }
  assertZoomError(await api(plaza, stranger, 'GET', INSTANCES, { meetingId: m.id }), 404, 3001);
  // a colleague's user-level token reaches the host's past only with an :admin scope
  const mate = await userToken(plaza, acc.id, colleague.id, ['meeting:read']);
  const r = await api(plaza, mate, 'GET', PAST, { meetingId: m.id });
  assert.equal(r.json?.code, 4711, r.text);
  const admin = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read:admin'], { management: 'admin' });
  assert.equal((await ok(plaza, admin, 'GET', PAST, { meetingId: first.uuid }, 200)).uuid, first.uuid);
  // the granular scopes open their routes alone
  for (const [scope, template] of [['meeting:read:past_meeting', PAST], ['meeting:read:list_past_instances', INSTANCES],
    ['meeting:read:list_past_participants', PEOPLE]]) {
    const t = await userToken(plaza, acc.id, host.id, [scope]);
    assertSpec(await api(plaza, t, 'GET', template, { meetingId: m.id }), 200);
  }
});

test('a_meeting_started_over_a_year_ago_is_400_12702_but_listed', async () => {
  const m = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Kick-off', type: 3 } });
  const now = Date.parse((await c.ok('GET', '/clock')).now);
  const at = new Date(now - 400 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const replay = await c.ok('POST', `/meetings/${m.id}/scenario`, {
    at, steps: [{ at: 0, do: 'start' }, { at: 5, do: 'join', as: 'a', name: 'Ann' }, { at: 10, do: 'join', as: 'b', name: 'Bo' },
      { at: 600, do: 'end' }],
  }, 201);
  const uuid = replay.steps[0].uuid;
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: uuid }), 400, 12702, 'Can not access a meeting a year ago.');
  assertZoomError(await api(plaza, tok, 'GET', PEOPLE, { meetingId: m.id }), 400, 12702);
  assert.deepEqual(await ok(plaza, tok, 'GET', INSTANCES, { meetingId: m.id }, 200), { meetings: [{ uuid, start_time: at }] });
  // last month's replay is readable, with its past dates
  const recent = new Date(now - 30 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const june = await c.ok('POST', `/meetings/${m.id}/scenario`, {
    at: recent, steps: [{ at: 0, do: 'start' }, { at: 5, do: 'join', as: 'a', name: 'Ann' }, { at: 10, do: 'join', as: 'b', name: 'Bo' },
      { at: 70, do: 'leave', who: 'a' }, { at: 600, do: 'end' }],
  }, 201);
  const past = await ok(plaza, tok, 'GET', PAST, { meetingId: m.id }, 200);
  assert.equal(past.uuid, june.steps[0].uuid);
  assert.equal(past.start_time, recent);
  assert.equal(past.duration, 10);
  const people = await ok(plaza, tok, 'GET', PEOPLE, { meetingId: m.id }, 200);
  assert.deepEqual(people.participants.map((p) => [p.name, p.duration]), [['Ann', 65], ['Bo', 590]]);
});

test('a_free_account_gets_no_participants_400_200', async () => {
  const free = await createAccount(plaza, { plan: 'free' });
  const t = await userToken(plaza, free.id, free.owner.id, SCOPES);
  const m = await ok(plaza, t, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Free' } });
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Ann' }, 201);
  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Bo' }, 201);
  await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  assertZoomError(await api(plaza, t, 'GET', PEOPLE, { meetingId: m.id }), 400, 200, `Only available for paid account: ${free.id}.`);
  assert.equal((await ok(plaza, t, 'GET', PAST, { meetingId: m.id }, 200)).participants_count, 2, 'the details are there');
});

test('past_webinars_list_instances_and_attendees', async () => {
  const w = await ok(plaza, tok, 'POST', '/v2/users/{userId}/webinars', { userId: 'me' }, 201, { body: { topic: 'Launch webinar' } });
  const started = await c.ok('POST', `/meetings/${w.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${w.id}/participants`, { name: 'Ann Attendee', email: 'ann@customer.example' }, 201);
  await c.ok('POST', `/meetings/${w.id}/participants`, { name: 'Cole League', email: colleague.email }, 201);
  await advanceClock(plaza, 120);
  const ended = await c.ok('POST', `/meetings/${w.id}/end`, undefined, 200);
  const list = await ok(plaza, tok, 'GET', '/v2/past_webinars/{webinarId}/instances', { webinarId: w.id }, 200);
  assert.deepEqual(list, { webinars: [{ uuid: started.uuid, start_time: ended.started_at }] });
  const r = await ok(plaza, tok, 'GET', '/v2/past_webinars/{webinarId}/participants', { webinarId: w.id }, 200);
  assert.deepEqual(r.participants.map((p) => [p.name, p.user_email]), [['Ann Attendee', ''], ['Cole League', colleague.email]]);
  assert.equal(r.total_records, 2);
  // a webinar is no past meeting, and a meeting no past webinar
  assertZoomError(await api(plaza, tok, 'GET', PAST, { meetingId: w.id }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', '/v2/past_webinars/{webinarId}/participants', { webinarId: held.m.id }), 404, 3001);
});

test('reports_give_the_same_instances_to_an_account_level_app', async () => {
  const { m, first, firstEnd } = held;
  const app = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['report:read:admin'] });
  const admin = await s2sToken(plaza, app, acc.id);
  const REPORT = '/v2/report/meetings/{meetingId}';
  const r = await ok(plaza, admin, 'GET', REPORT, { meetingId: first.uuid }, 200);
  const past = await ok(plaza, tok, 'GET', PAST, { meetingId: first.uuid }, 200);
  for (const k of ['id', 'uuid', 'duration', 'start_time', 'end_time', 'participants_count', 'topic', 'total_minutes', 'type', 'user_email', 'user_name', 'dept'])
    assert.deepEqual(r[k], past[k], k);
  assert.equal(r.host_id, undefined, 'the report has no host_id');
  assert.deepEqual(r.tracking_fields, []);
  assert.equal(r.start_time, firstEnd.started_at);
  const people = await ok(plaza, admin, 'GET', `${REPORT}/participants`, { meetingId: m.id }, 200, { query: { include_fields: 'registrant_id' } });
  assert.equal(people.total_records, 0, 'the latest instance had one participant');
  const all = await ok(plaza, admin, 'GET', `${REPORT}/participants`, { meetingId: first.uuid }, 200);
  assert.deepEqual(all.participants.map((p) => [p.name, p.participant_user_id, p.user_email]),
    [['Uma Host', host.id, host.email], ['Cole League', colleague.id, colleague.email], ['Gus Guest', '', '']]);
  // the user-level token with meeting:read has no report scope
  const denied = await api(plaza, tok, 'GET', REPORT, { meetingId: m.id });
  assert.equal(denied.json?.code, 4711, denied.text);
  // webinars: the report of a meeting number that is a meeting is not found
  assertZoomError(await api(plaza, admin, 'GET', '/v2/report/webinars/{webinarId}', { webinarId: m.id }), 404, 3001);
  // free plans have no reports
  const free = await createAccount(plaza, { plan: 'free' });
  const freeAdmin = await s2sToken(plaza, await createApp(plaza, free.id, { type: 's2s', redirect_url: undefined, scopes: ['report:read:admin', 'meeting:write:admin'] }), free.id);
  const fm = await ok(plaza, freeAdmin, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Free' } });
  await c.ok('POST', `/meetings/${fm.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${fm.id}/end`, undefined, 200);
  assertZoomError(await api(plaza, freeAdmin, 'GET', REPORT, { meetingId: fm.id }), 400, 200);
});

test('a_webinar_report_lists_its_attendees', async () => {
  const w = await ok(plaza, tok, 'POST', '/v2/users/{userId}/webinars', { userId: 'me' }, 201, { body: { topic: 'Report webinar' } });
  const started = await c.ok('POST', `/meetings/${w.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${w.id}/participants`, { name: 'Ann Attendee' }, 201);
  await c.ok('POST', `/meetings/${w.id}/participants`, { name: 'Bo Attendee' }, 201);
  await advanceClock(plaza, 60);
  await c.ok('POST', `/meetings/${w.id}/end`, undefined, 200);
  const app = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['report:read:admin'] });
  const admin = await s2sToken(plaza, app, acc.id);
  const r = await ok(plaza, admin, 'GET', '/v2/report/webinars/{webinarId}', { webinarId: w.id }, 200);
  assert.equal(r.uuid, started.uuid);
  assert.equal(r.participants_count, 2);
  const people = await ok(plaza, admin, 'GET', '/v2/report/webinars/{webinarId}/participants', { webinarId: started.uuid }, 200);
  assert.deepEqual(people.participants.map((p) => p.name), ['Ann Attendee', 'Bo Attendee']);
});
