// Cloud recordings through /v2 (zoom-wire §2.1, §2.10): a meeting with
// settings.auto_recording "cloud" is started, joined and ended through the
// control API; its recording is then listed in from/to windows, read by
// meeting number and by UUID (a UUID with '/' double-encoded), trashed and
// deleted whole or file by file. Success bodies are checked against Zoom's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, control, userToken, advanceClock, decodeJwt, assertZoomError,
} from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const MEETINGS = '/v2/users/{userId}/meetings';
const LIST = '/v2/users/{userId}/recordings';
const GET = '/v2/meetings/{meetingId}/recordings';
const FILE = '/v2/meetings/{meetingId}/recordings/{recordingId}';
const SCOPES = ['meeting:read', 'meeting:write', 'recording:read', 'recording:write'];

let plaza, acc, c;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  c = control(plaza);
});
after(async () => { await plaza.stop(); });

async function host() {
  const u = await createUser(plaza, acc.id);
  return { user: u, tok: await userToken(plaza, acc.id, u.id, SCOPES) };
}

const day = (iso) => iso.slice(0, 10);
// Zoom's duration: whole minutes, rounded up, of the instance (real time runs on under the virtual clock)
const minutesOf = (inst) => Math.max(1, Math.ceil((Date.parse(inst.ended_at) - Date.parse(inst.started_at)) / 60000));
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);

// A cloud-recorded meeting that ran for `minutes` with `people` in it.
async function recorded(h, { minutes = 10, people = ['Jill Chill', 'Bo'], body = {} } = {}) {
  const m = await ok(plaza, h.tok, 'POST', MEETINGS, { userId: 'me' }, 201,
                     { body: { topic: 'Recorded', settings: { auto_recording: 'cloud' }, ...body } });
  const started = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  for (const name of people) await c.ok('POST', `/meetings/${m.id}/participants`, { name, email: `${name.split(' ')[0].toLowerCase()}@example.com` }, 201);
  await advanceClock(plaza, minutes * 60);
  const ended = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  assert.equal(ended.recorded, true);
  return { meeting: m, uuid: started.uuid, started, ended };
}

test('a_cloud_recorded_meeting_has_a_recording_in_zooms_shape', async () => {
  const h = await host();
  const { meeting: m, uuid, started, ended } = await recorded(h, { minutes: 10 });
  assert.equal(uuid, m.uuid, 'the first instance carries the meeting UUID');
  const r = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 200);
  assert.equal(r.uuid, m.uuid);
  assert.equal(r.id, m.id);
  assert.equal(r.account_id, acc.id);
  assert.equal(r.host_id, h.user.id);
  assert.equal(r.topic, 'Recorded');
  assert.equal(r.type, 2, 'an integer, as Zoom sends it');
  assert.equal(r.start_time, started.started_at);
  assert.equal(r.duration, minutesOf(ended));
  assert.ok(r.duration === 10 || r.duration === 11, `about ten minutes: ${r.duration}`);
  assert.equal(r.password, m.password);
  assert.equal(r.recording_play_passcode, m.password);
  assert.ok(r.share_url.includes('/rec/share/'));
  assert.equal(r.recording_count, r.recording_files.length);
  assert.ok(r.recording_files.length >= 1);
  for (const f of r.recording_files) {
    assert.match(f.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(f.meeting_id, m.uuid, 'files name the instance UUID');
    assert.equal(f.recording_start, started.started_at);
    assert.equal(f.recording_end, ended.ended_at);
    assert.equal(f.status, 'completed');
    assert.ok(Number.isInteger(f.file_size) && f.file_size > 0);
    assert.ok(f.download_url.includes('/rec/download/'));
  }
  assert.ok(r.recording_files.some((f) => f.file_type === 'MP4' && f.recording_type === 'shared_screen_with_speaker_view'));
  assert.deepEqual(r.participant_audio_files.map((f) => f.file_name).sort(), ['Audio only - Bo', 'Audio only - Jill Chill']);
  const sizes = [...r.recording_files, ...r.participant_audio_files].reduce((n, f) => n + f.file_size, 0);
  assert.equal(r.total_size, sizes);
  // the download access token on request
  const withToken = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id },
                                         { query: { include_fields: 'download_access_token', ttl: 3600 } }), 200);
  const jwt = decodeJwt(withToken.download_access_token);
  assert.equal(jwt.header.alg, 'HS512');
  assert.equal(jwt.payload.mid, m.uuid);
  assert.equal(r.download_access_token, undefined);
  for (const ttl of ['-1', '604801', 'x']) {
    assertValidation(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }, { query: { include_fields: 'download_access_token', ttl } }), ['ttl']);
  }
});

test('no_recording_is_404_code_3301', async () => {
  const h = await host();
  const none = await ok(plaza, h.tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { settings: { auto_recording: 'none' } } });
  await c.ok('POST', `/meetings/${none.id}/start`, undefined, 201);
  assert.equal((await c.ok('POST', `/meetings/${none.id}/end`, undefined, 200)).recorded, false);
  const want = [404, 3301, 'There is no recording for this meeting.'];
  assertZoomError(await api(plaza, h.tok, 'GET', GET, { meetingId: none.id }), ...want);
  assertZoomError(await api(plaza, h.tok, 'DELETE', GET, { meetingId: none.id }), ...want);
  assertZoomError(await api(plaza, h.tok, 'GET', GET, { meetingId: 12345678901 }), ...want);
  assertZoomError(await api(plaza, h.tok, 'GET', GET, { meetingId: 'AAAAAAAAAAAAAAAAAAAAAA==' }), ...want);
  const l = assertSpec(await api(plaza, h.tok, 'GET', LIST, { userId: 'me' }), 200);
  assert.equal(l.total_records, 0);
  assert.deepEqual(l.meetings, []);
});

test('recordings_list_in_from_to_windows', async () => {
  const h = await host();
  const a = await recorded(h, { minutes: 5 });
  const b = await recorded(h, { minutes: 7, body: { topic: 'Second' } });
  const d = day(b.started.started_at);
  const list = (query) => api(plaza, h.tok, 'GET', LIST, { userId: 'me' }, { query });
  const l = assertSpec(await list({ from: addDays(d, -1), to: d }), 200);
  assert.equal(l.from, addDays(d, -1));
  assert.equal(l.to, d);
  assert.equal(l.total_records, 2);
  assert.equal(l.page_size, 30);
  assert.equal(l.next_page_token, '');
  assert.deepEqual(l.meetings.map((x) => x.id), [b.meeting.id, a.meeting.id], 'newest first');
  const item = l.meetings[0];
  assert.equal(item.uuid, b.uuid);
  assert.equal(item.type, 2);
  assert.equal(item.duration, minutesOf(b.ended));
  assert.equal(item.recording_count, item.recording_files.length);
  assert.equal(item.participant_audio_files, undefined, 'lists leave participant audio out');
  // windows without the meeting
  assert.equal(assertSpec(await list({ from: addDays(d, 1), to: addDays(d, 2) }), 200).total_records, 0);
  assert.equal(assertSpec(await list({ from: addDays(d, -20), to: addDays(d, -1) }), 200).total_records,
               day(a.started.started_at) < d ? 1 : 0);
  // by meeting number
  const one = assertSpec(await list({ from: d, to: d, meeting_id: a.meeting.id }), 200);
  assert.deepEqual(one.meetings.map((x) => x.id), [a.meeting.id]);
  // pages
  const p1 = assertSpec(await list({ from: addDays(d, -1), to: d, page_size: 1 }), 200);
  assert.equal(p1.meetings.length, 1);
  assert.equal(p1.page_count, 2);
  assert.ok(p1.next_page_token);
  const p2 = assertSpec(await list({ from: addDays(d, -1), to: d, page_size: 1, next_page_token: p1.next_page_token }), 200);
  assert.equal(p2.meetings.length, 1);
  assert.equal(p2.next_page_token, '');
  assert.notEqual(p2.meetings[0].uuid, p1.meetings[0].uuid);
  assertZoomError(await list({ from: addDays(d, -1), to: d, next_page_token: 'junk' }), 400, 300);
  // bad windows
  assertValidation(await list({ from: '2031/01/01' }), ['from']);
  assertValidation(await list({ to: 'soon' }), ['to']);
  assertValidation(await list({ from: d, to: addDays(d, -1) }), ['to']);
  assertValidation(await list({ from: addDays(d, -40), to: d }), ['to']);
  assertValidation(await list({ trash: 'maybe' }), ['trash']);
  assertValidation(await list({ meeting_id: 'abc' }), ['meeting_id']);
});

test('recordings_list_defaults_to_today', async () => {
  const h = await host();
  const { started } = await recorded(h, { minutes: 1 });
  const l = assertSpec(await api(plaza, h.tok, 'GET', LIST, { userId: 'me' }), 200);
  const today = day((await c.ok('GET', '/clock')).now);
  assert.equal(l.from, today);
  assert.equal(l.total_records, day(started.started_at) === today ? 1 : 0);
});

test('recordings_list_default_window_ends_tomorrow', async () => {
  const h = await host();
  const l = assertSpec(await api(plaza, h.tok, 'GET', LIST, { userId: 'me' }), 200);
  const today = day((await c.ok('GET', '/clock')).now);
  assert.equal(l.from, today);
  assert.equal(l.to, addDays(today, 1));
});

test('get_by_meeting_number_is_the_latest_instance_and_by_uuid_that_instance', async () => {
  const h = await host();
  const first = await recorded(h, { minutes: 3, body: { type: 3 } });
  await advanceClock(plaza, 1800);
  const second = await c.ok('POST', `/meetings/${first.meeting.id}/start`, undefined, 201);
  await advanceClock(plaza, 120);
  const secondEnd = await c.ok('POST', `/meetings/${first.meeting.id}/end`, undefined, 200);
  assert.notEqual(second.uuid, first.uuid, 'a later instance has a UUID of its own');
  const latest = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: first.meeting.id }), 200);
  assert.equal(latest.uuid, second.uuid);
  assert.equal(latest.duration, minutesOf(secondEnd));
  const older = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: first.uuid }), 200);
  assert.equal(older.uuid, first.uuid);
  assert.equal(older.duration, minutesOf(first.ended));
});

test('a_uuid_with_a_slash_is_found_double_encoded_and_single_encoded', async () => {
  const h = await host();
  let rec;
  for (let i = 0; i < 60 && !rec; i++) {
    const m = await ok(plaza, h.tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { settings: { auto_recording: 'cloud' } } });
    if (m.uuid.includes('/')) rec = m;
    else await api(plaza, h.tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id });
  }
  assert.ok(rec, 'one of 60 random UUIDs has a slash');
  await c.ok('POST', `/meetings/${rec.id}/start`, undefined, 201);
  await c.ok('POST', `/meetings/${rec.id}/end`, undefined, 200);
  const twice = encodeURIComponent(encodeURIComponent(rec.uuid));
  assert.ok(twice.includes('%252F'));
  const r = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: twice }, { raw: true }), 200);
  assert.equal(r.uuid, rec.uuid);
  const once = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: rec.uuid }), 200);
  assert.equal(once.uuid, rec.uuid);
  // and deleting works with the same encoding
  const fileId = r.recording_files[0].id;
  assertSpec(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: twice, recordingId: fileId }, { raw: true }), 204);
  const after = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: twice }, { raw: true }), 200);
  assert.ok(!after.recording_files.some((f) => f.id === fileId));
});

test('trash_then_delete_a_whole_recording', async () => {
  const h = await host();
  const { meeting: m } = await recorded(h);
  const r = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 200);
  const d = day(r.start_time);
  const list = (query) => api(plaza, h.tok, 'GET', LIST, { userId: 'me' }, { query: { from: d, to: d, ...query } });
  // DELETE without action trashes
  assertSpec(await api(plaza, h.tok, 'DELETE', GET, { meetingId: m.id }), 204);
  assertZoomError(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 404, 3301);
  assert.equal(assertSpec(await list(), 200).total_records, 0);
  const trash = assertSpec(await list({ trash: 'true' }), 200);
  assert.equal(trash.total_records, 1);
  const files = trash.meetings[0].recording_files;
  assert.deepEqual(files.map((f) => f.id).sort(), r.recording_files.map((f) => f.id).sort());
  for (const f of files) assert.match(f.deleted_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // then for good, by UUID
  assertSpec(await api(plaza, h.tok, 'DELETE', GET, { meetingId: m.uuid }, { query: { action: 'delete' } }), 204);
  assert.equal(assertSpec(await list({ trash: 'true' }), 200).total_records, 0);
  assertZoomError(await api(plaza, h.tok, 'DELETE', GET, { meetingId: m.uuid }, { query: { action: 'delete' } }), 404, 3301);
});

test('trash_and_delete_one_file', async () => {
  const h = await host();
  const { meeting: m } = await recorded(h);
  const r = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 200);
  assert.ok(r.recording_files.length >= 2);
  const [f1, f2] = r.recording_files;
  assertSpec(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: f1.id }), 204);
  const after1 = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 200);
  assert.deepEqual(after1.recording_files.map((f) => f.id), r.recording_files.slice(1).map((f) => f.id));
  assert.equal(after1.recording_count, r.recording_count - 1);
  const d = day(r.start_time);
  const trash = assertSpec(await api(plaza, h.tok, 'GET', LIST, { userId: 'me' }, { query: { from: d, to: d, trash: 'true' } }), 200);
  assert.deepEqual(trash.meetings[0].recording_files.map((f) => f.id), [f1.id]);
  assertSpec(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: f2.id }, { query: { action: 'delete' } }), 204);
  const left = r.recording_files.slice(2).map((f) => f.id);
  const after2 = await api(plaza, h.tok, 'GET', GET, { meetingId: m.id });
  if (left.length) assert.deepEqual(assertSpec(after2, 200).recording_files.map((f) => f.id), left);
  else assertZoomError(after2, 404, 3301); // no live file left
  const trash2 = assertSpec(await api(plaza, h.tok, 'GET', LIST, { userId: 'me' }, { query: { from: d, to: d, trash: 'true' } }), 200);
  assert.deepEqual(trash2.meetings[0].recording_files.map((f) => f.id), [f1.id], 'deleted files skip the trash');
  // gone, trashed already, unknown: 3301
  assertZoomError(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: f2.id }), 404, 3301);
  assertZoomError(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: f1.id }, { query: { action: 'trash' } }), 404, 3301);
  assertZoomError(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: '00000000-0000-4000-8000-000000000000' }), 404, 3301);
  assertValidation(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: f1.id }, { query: { action: 'shred' } }), ['action']);
  assertValidation(await api(plaza, h.tok, 'DELETE', GET, { meetingId: m.id }, { query: { action: 'shred' } }), ['action']);
});

test('a_file_of_a_meeting_in_progress_cannot_be_deleted_3303', async () => {
  const h = await host();
  const { meeting: m } = await recorded(h);
  const r = assertSpec(await api(plaza, h.tok, 'GET', GET, { meetingId: m.id }), 200);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  assertZoomError(await api(plaza, h.tok, 'DELETE', FILE, { meetingId: m.id, recordingId: r.recording_files[0].id }), 400, 3303,
                  'You can not delete an uncompleted meeting.');
  await c.ok('POST', `/meetings/${m.id}/end`, { record: false }, 200);
});
