// Every state change made through /v2 (and the simulation) writes its event
// to the outbox in the same transaction (zoom-wire §3.5); a refused change
// writes none. plaza runs on a database file here and the test reads the
// `events` table with the sqlite3 shell; delivery is not tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, createAccount, createUser, control, userToken, simulateMeeting, assertZoomError, onlySqlite } from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

let sqlite = true;
try { execFileSync('sqlite3', ['-version'], { stdio: 'ignore' }); } catch { sqlite = false; }
const opts = onlySqlite ? { skip: onlySqlite } : sqlite ? {} : { skip: 'the sqlite3 shell is not installed' };

let plaza, dir, dbPath, acc, host, tok;

before(async () => {
  if (!sqlite) return;
  dir = mkdtempSync(join(tmpdir(), 'plaza-events-'));
  dbPath = join(dir, 'plaza.db');
  plaza = await startPlaza({ args: ['--db', dbPath] });
  acc = await createAccount(plaza);
  host = await createUser(plaza, acc.id);
  tok = await userToken(plaza, acc.id, host.id, ['meeting:read', 'meeting:write', 'webinar:read', 'webinar:write',
                                                  'recording:read', 'recording:write', 'user:read', 'user:write']);
});
after(async () => {
  if (!sqlite) return;
  await plaza.stop();
  rmSync(dir, { recursive: true, force: true });
});

// The account's events after `afterId`, bodies parsed, oldest first.
function events(afterId = 0) {
  const out = execFileSync('sqlite3', ['-json', dbPath,
    `SELECT id, account_id, event, body FROM events WHERE account_id = '${acc.id}' AND id > ${Number(afterId)} ORDER BY id`],
  { encoding: 'utf8' });
  return (out.trim() ? JSON.parse(out) : []).map((row) => ({ ...row, parsed: JSON.parse(row.body) }));
}
const lastId = () => events().at(-1)?.id ?? 0;

// The events a change wrote: runs `fn` and returns what appeared.
async function written(fn) {
  const mark = lastId();
  const result = await fn();
  return { result, events: events(mark) };
}

function envelope(e, name) {
  assert.equal(e.event, name);
  assert.equal(e.parsed.event, name);
  assert.equal(e.body, JSON.stringify(e.parsed), 'the body survives JSON.stringify(JSON.parse(body)) (§3.2)');
  assert.ok(Number.isInteger(e.parsed.event_ts) && e.parsed.event_ts > 1e12, 'event_ts in milliseconds');
  assert.equal(e.parsed.payload.account_id, acc.id);
  return e.parsed.payload;
}

test('meeting_create_update_delete_write_their_events', opts, async () => {
  const c = await written(() => ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201,
                                   { body: { topic: 'Evented', start_time: '2031-01-01T10:00:00Z', password: 'pw1' } }));
  const m = c.result;
  assert.deepEqual(c.events.map((e) => e.event), ['meeting.created']);
  assert.deepEqual(Object.keys(c.events[0].parsed), ['event', 'payload', 'event_ts']);
  const p = envelope(c.events[0], 'meeting.created');
  assert.equal(p.operator, host.email);
  assert.equal(p.operator_id, host.id);
  assert.equal(p.object.id, m.id, 'a number in CRUD events');
  assert.equal(p.object.uuid, m.uuid);
  assert.equal(p.object.host_id, host.id);
  assert.equal(p.object.topic, 'Evented');
  assert.equal(p.object.type, 2);
  assert.equal(p.object.start_time, '2031-01-01T10:00:00Z');
  assert.equal(p.object.join_url, m.join_url);
  assert.equal(p.object.password, 'pw1');
  assert.deepEqual(p.object.settings, { use_pmi: false, alternative_hosts: '' });

  const u = await written(() => api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: m.id }, { body: { topic: 'Renamed', duration: 60 } }));
  assertSpec(u.result, 204);
  assert.deepEqual(u.events.map((e) => e.event), ['meeting.updated']);
  const up = envelope(u.events[0], 'meeting.updated');
  assert.deepEqual(up.object, { id: m.id, topic: 'Renamed' }, 'only what changed');
  assert.deepEqual(up.old_object, { id: m.id, topic: 'Evented' });
  assert.ok(Number.isInteger(up.time_stamp));

  const d = await written(() => api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }));
  assertSpec(d.result, 204);
  assert.deepEqual(d.events.map((e) => e.event), ['meeting.deleted']);
  const dp = envelope(d.events[0], 'meeting.deleted');
  assert.equal(dp.object.id, m.id);
  assert.equal(dp.object.uuid, m.uuid);
});

test('refused_changes_write_no_event', opts, async () => {
  const m = await ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
  const { events: none } = await written(async () => {
    assertValidation(await api(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: { settings: { audio: 'x' } } }));
    assertValidation(await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: m.id }, { body: { topic: 5 } }));
    assertZoomError(await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: 12345678901 }), 404, 3001);
    await control(plaza).ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  });
  assert.deepEqual(none.map((e) => e.event), ['meeting.started'], 'only the start');
  const { events: afterStart } = await written(async () => {
    assertZoomError(await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }), 400, 3002);
    assertZoomError(await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: m.id }, { body: { topic: 'x' } }), 400, 3000);
  });
  assert.deepEqual(afterStart, []);
  await control(plaza).ok('POST', `/meetings/${m.id}/end`, undefined, 200);
});

test('a_simulated_meeting_writes_started_joined_left_ended_and_recording_completed', opts, async () => {
  const m = await ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: { topic: 'Live', settings: { auto_recording: 'cloud' } } });
  const { events: evs } = await written(() => simulateMeeting(plaza, m.id, { participants: [{ name: 'Jill Chill', email: 'jill@example.com' }] }));
  assert.deepEqual(evs.map((e) => e.event),
                   ['meeting.started', 'meeting.participant_joined', 'meeting.participant_left', 'meeting.ended', 'recording.completed']);
  const started = envelope(evs[0], 'meeting.started');
  assert.equal(started.object.id, String(m.id), 'a string in meeting.started (§3.5)');
  assert.equal(started.object.uuid, m.uuid);
  assert.deepEqual(Object.keys(started.object), ['duration', 'start_time', 'timezone', 'topic', 'id', 'type', 'uuid', 'host_id']);
  const joined = envelope(evs[1], 'meeting.participant_joined');
  assert.equal(joined.object.id, String(m.id));
  assert.equal(joined.object.participant.user_name, 'Jill Chill');
  assert.equal(joined.object.participant.email, 'jill@example.com');
  assert.match(joined.object.participant.user_id, /^\d+$/);
  assert.ok(joined.object.participant.join_time);
  const left = envelope(evs[2], 'meeting.participant_left');
  assert.ok(left.object.participant.leave_time);
  assert.equal(left.object.participant.join_time, undefined);
  const ended = envelope(evs[3], 'meeting.ended');
  assert.ok(ended.object.end_time);
  const rec = evs[4];
  assert.deepEqual(Object.keys(rec.parsed), ['payload', 'event_ts', 'event', 'download_token'], 'recording.completed key order (§3.5)');
  const rp = envelope(rec, 'recording.completed');
  assert.equal(rp.object.id, m.id, 'a number in recording.completed');
  assert.equal(rp.object.host_email, host.email);
  assert.ok(rp.object.recording_files.every((f) => f.download_url.includes('/rec/webhook_download/')));
  assert.equal(rp.object.participant_audio_files.length, 1);
});

test('registrant_and_recording_changes_write_their_events', opts, async () => {
  const m = await ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201,
                     { body: { settings: { approval_type: 1, auto_recording: 'cloud' } } });
  const reg = await written(() => ok(plaza, tok, 'POST', '/v2/meetings/{meetingId}/registrants', { meetingId: m.id }, 201,
                                     { body: { first_name: 'Ann', email: 'ann@example.com' } }));
  assert.deepEqual(reg.events.map((e) => e.event), ['meeting.registration_created']);
  const rp = envelope(reg.events[0], 'meeting.registration_created');
  assert.equal(rp.object.id, m.id);
  assert.equal(rp.object.registrant.id, reg.result.registrant_id);
  assert.equal(rp.object.registrant.status, 'pending');
  const status = async (action) => (await written(() => api(plaza, tok, 'PUT', '/v2/meetings/{meetingId}/registrants/status', { meetingId: m.id },
                                                            { body: { action, registrants: [{ id: reg.result.registrant_id }] } }))).events.map((e) => e.event);
  assert.deepEqual(await status('approve'), ['meeting.registration_approved']);
  assert.deepEqual(await status('cancel'), ['meeting.registration_cancelled']);
  assert.deepEqual(await status('deny'), [], 'nothing pending: nothing changes, no event');

  await simulateMeeting(plaza, m.id);
  const trash = await written(() => api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}/recordings', { meetingId: m.id }));
  assertSpec(trash.result, 204);
  assert.deepEqual(trash.events.map((e) => e.event), ['recording.trashed']);
  const del = await written(() => api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}/recordings', { meetingId: m.uuid }, { query: { action: 'delete' } }));
  assert.deepEqual(del.events.map((e) => e.event), ['recording.deleted']);
});

test('webinar_changes_write_webinar_events', opts, async () => {
  const w = await written(() => ok(plaza, tok, 'POST', '/v2/users/{userId}/webinars', { userId: 'me' }, 201, { body: { topic: 'Web' } }));
  assert.deepEqual(w.events.map((e) => e.event), ['webinar.created']);
  assert.equal(envelope(w.events[0], 'webinar.created').object.id, w.result.id);
  const u = await written(() => api(plaza, tok, 'PATCH', '/v2/webinars/{webinarId}', { webinarId: w.result.id }, { body: { topic: 'Web 2' } }));
  assert.deepEqual(u.events.map((e) => e.event), ['webinar.updated']);
  const d = await written(() => api(plaza, tok, 'DELETE', '/v2/webinars/{webinarId}', { webinarId: w.result.id }));
  assert.deepEqual(d.events.map((e) => e.event), ['webinar.deleted']);
});

test('recovering_a_meeting_writes_meeting_recovered', opts, async () => {
  const m = await ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
  assertSpec(await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }), 204);
  const r = await written(() => api(plaza, tok, 'PUT', '/v2/meetings/{meetingId}/status', { meetingId: m.id }, { body: { action: 'recover' } }));
  assertSpec(r.result, 204);
  assert.deepEqual(r.events.map((e) => e.event), ['meeting.recovered']);
});

test('ending_a_meeting_through_the_api_writes_meeting_ended', opts, async () => {
  const m = await ok(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
  await control(plaza).ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const r = await written(() => api(plaza, tok, 'PUT', '/v2/meetings/{meetingId}/status', { meetingId: m.id }, { body: { action: 'end' } }));
  assertSpec(r.result, 204);
  assert.deepEqual(r.events.map((e) => e.event), ['meeting.ended']);
});

test('profile_and_settings_changes_write_user_events', opts, async () => {
  const u = await written(() => api(plaza, tok, 'PATCH', '/v2/users/{userId}', { userId: 'me' }, { body: { job_title: 'Host' } }));
  assertSpec(u.result, 204);
  assert.deepEqual(u.events.map((e) => e.event), ['user.updated']);
  const s = await written(() => api(plaza, tok, 'PATCH', '/v2/users/{userId}/settings', { userId: 'me' }, { body: { in_meeting: { chat: false } } }));
  assertSpec(s.result, 204);
  assert.deepEqual(s.events.map((e) => e.event), ['user.settings_updated']);
});
