// Request validation on /v2 (zoom-wire §2.2): wrong types, unknown enum
// values, out-of-range numbers and malformed dates are refused with
// 400 {"code":300,"message":"Validation Failed.","errors":[{field,message}]}
// naming each field the way Zoom does ("settings.audio",
// "settings.meeting_invitees[0].email"), and nothing is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createUser, userToken, request, assertZoomError } from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const MEETINGS = '/v2/users/{userId}/meetings';
const WEBINARS = '/v2/users/{userId}/webinars';

let plaza, acc, host, tok;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  host = await createUser(plaza, acc.id);
  tok = await userToken(plaza, acc.id, host.id, ['meeting:read', 'meeting:write', 'webinar:read', 'webinar:write', 'user:read', 'user:write']);
});
after(async () => { await plaza.stop(); });

const count = async (template) => assertSpec(await api(plaza, tok, 'GET', template, { userId: 'me' }), 200).total_records;

// [what, body, fields named]
const MEETING_CASES = [
  ['topic of the wrong type', { topic: 42 }, ['topic']],
  ['duration of the wrong type', { duration: '60' }, ['duration']],
  ['type of the wrong type', { type: '2' }, ['type']],
  ['unknown meeting type', { type: 4 }, ['type']],
  ['settings not an object', { settings: 'loud' }, ['settings']],
  ['boolean setting of the wrong type', { settings: { host_video: 'yes' } }, ['settings.host_video']],
  ['unknown audio', { settings: { audio: 'smoke_signals' } }, ['settings.audio']],
  ['unknown auto_recording', { settings: { auto_recording: 'tape' } }, ['settings.auto_recording']],
  ['unknown approval_type', { settings: { approval_type: 3 } }, ['settings.approval_type']],
  ['jbh_time not 0, 5 or 10', { settings: { jbh_time: 7 } }, ['settings.jbh_time']],
  ['unknown encryption_type', { settings: { encryption_type: 'rot13' } }, ['settings.encryption_type']],
  ['invitee e-mail malformed', { settings: { meeting_invitees: [{ email: 'not an email' }] } }, ['settings.meeting_invitees[0].email']],
  ['tracking field without field', { tracking_fields: [{ value: 'v' }] }, ['tracking_fields[0].field']],
  ['topic too long', { topic: 'x'.repeat(201) }, ['topic']],
  ['agenda too long', { agenda: 'x'.repeat(2001) }, ['agenda']],
  ['password too long', { password: '12345678901' }, ['password']],
  ['password with forbidden characters', { password: 'a b' }, ['password']],
  ['malformed start_time', { start_time: '21/02/2031 08:00' }, ['start_time']],
  ['impossible start_time', { start_time: '2031-02-30T10:00:00Z' }, ['start_time']],
  ['start_time of the wrong type', { start_time: 1893456000 }, ['start_time']],
  ['unknown timezone', { timezone: 'Atlantis/Capital' }, ['timezone']],
  ['end_times over 60', { type: 8, recurrence: { type: 1, end_times: 61 } }, ['recurrence.end_times']],
  ['unknown recurrence type', { type: 8, recurrence: { type: 9 } }, ['recurrence.type']],
  ['recurrence without type', { type: 8, recurrence: { repeat_interval: 1 } }, ['recurrence.type']],
  ['monthly_week out of range', { type: 8, recurrence: { type: 3, monthly_week: 5, monthly_week_day: 1 } }, ['recurrence.monthly_week']],
  ['malformed end_date_time', { type: 8, recurrence: { type: 1, end_date_time: 'next year' } }, ['recurrence.end_date_time']],
];

test('meeting_create_refuses_each_bad_field_and_stores_nothing', async () => {
  const before = await count(MEETINGS);
  for (const [what, body, fields] of MEETING_CASES) {
    const r = await api(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, { body });
    try {
      assertValidation(r, fields);
    } catch (err) {
      err.message = `${what}: ${err.message}`;
      throw err;
    }
  }
  assert.equal(await count(MEETINGS), before, 'no meeting was created');
});

test('every_bad_field_is_named_in_one_answer', async () => {
  const r = await api(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, {
    body: { topic: 5, duration: 'long', start_time: 'yesterday', settings: { audio: 'bogus', jbh_time: 7 } },
  });
  assertValidation(r, ['topic', 'duration', 'start_time', 'settings.audio', 'settings.jbh_time']);
  assert.equal(r.json.errors.length, 5, r.text);
  assert.deepEqual(Object.keys(r.json), ['code', 'message', 'errors']);
});

test('meeting_update_refuses_bad_fields_and_changes_nothing', async () => {
  const m = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Keep', settings: { audio: 'both' } } });
  // meetingUpdate's schema, unlike meetingCreate's, does not require tracking_fields[].field
  for (const [what, body, fields] of MEETING_CASES.filter(([w]) => !w.startsWith('tracking field'))) {
    const r = await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: m.id }, { body: { ...body, topic: body.topic ?? 'Changed' } });
    try {
      assertValidation(r, fields);
    } catch (err) {
      err.message = `${what}: ${err.message}`;
      throw err;
    }
  }
  const g = assertSpec(await api(plaza, tok, 'GET', '/v2/meetings/{meetingId}', { meetingId: m.id }), 200);
  assert.equal(g.topic, 'Keep');
  assert.equal(g.settings.audio, 'both');
  assert.equal(g.type, 2);
  assert.equal(g.recurrence, undefined);
});

test('webinar_create_refuses_bad_fields', async () => {
  const before = await count(WEBINARS);
  const cases = [
    [{ type: 2 }, ['type']],
    [{ settings: { registrants_restrict_number: 20001 } }, ['settings.registrants_restrict_number']],
    [{ settings: { registrants_restrict_number: -1 } }, ['settings.registrants_restrict_number']],
    [{ settings: { question_and_answer: { answer_questions: 'some' } } }, ['settings.question_and_answer.answer_questions']],
    [{ start_time: '2031-01-01 10:00' }, ['start_time']],
    [{ duration: 1.5 }, ['duration']],
  ];
  for (const [body, fields] of cases) assertValidation(await api(plaza, tok, 'POST', WEBINARS, { userId: 'me' }, { body }), fields);
  assert.equal(await count(WEBINARS), before, 'no webinar was created');
});

test('long_field_paths_are_named_in_full', async () => {
  const r = await api(plaza, tok, 'POST', WEBINARS, { userId: 'me' }, {
    body: { settings: { attendees_and_panelists_reminder_email_notification: { type: 8 } } },
  });
  assertValidation(r, ['settings.attendees_and_panelists_reminder_email_notification.type']);
});

test('bodies_that_are_not_json_objects_are_refused', async () => {
  const before = await count(MEETINGS);
  const headers = { authorization: `Bearer ${tok}`, 'content-type': 'application/json' };
  for (const raw of ['{"topic":', '[1,2]', '"topic"', '{"topic":"a","topic":"b"}', 'null', '{"topic":"\\u0000"}']) {
    const r = await request(plaza, 'POST', '/v2/users/me/meetings', { raw, headers });
    assertZoomError(r, 400, 300, 'Request Body should be a valid JSON object.');
  }
  // an empty POST body too
  assertZoomError(await request(plaza, 'POST', '/v2/users/me/meetings', { headers }), 400, 300);
  assert.equal(await count(MEETINGS), before, 'no meeting was created');
});

test('query_parameters_are_validated_too', async () => {
  const q = (query) => api(plaza, tok, 'GET', MEETINGS, { userId: 'me' }, { query });
  assertValidation(await q({ page_size: 'ten' }), ['page_size']);
  assertValidation(await q({ page_number: '0' }), ['page_number']);
  assertValidation(await q({ type: 'someday' }), ['type']);
  assertValidation(await q({ from: '31-12-2031' }), ['from']);
  const twice = await api(plaza, tok, 'GET', `${MEETINGS}?type=live&type=scheduled`, { userId: 'me' });
  assertZoomError(twice, 400, 300, 'Invalid parameter: type is given more than once.');
});

test('user_and_settings_updates_refuse_bad_fields', async () => {
  const patch = (body) => api(plaza, tok, 'PATCH', '/v2/users/{userId}', { userId: 'me' }, { body });
  assertValidation(await patch({ last_name: 'x'.repeat(65) }), ['last_name']);
  assertValidation(await patch({ display_name: 'x'.repeat(129) }), ['display_name']);
  assertValidation(await patch({ manager: 'boss' }), ['manager']);
  assertValidation(await patch({ host_key: '123' }), ['host_key']);
  assertValidation(await patch({ use_pmi: 'yes' }), ['use_pmi']);
  const u = assertSpec(await api(plaza, tok, 'GET', '/v2/users/{userId}', { userId: 'me' }), 200);
  assert.equal(u.last_name, 'User');
  assert.equal(u.display_name, 'Uma User');
});

// Numbers and enums against the OpenAPI schema's bounds, and the bounds plaza chose where the file
// gives none (spec/request-bounds.tsv, docs/wire-choices.md): the field and the allowed range are named.
const message = (r, field) => r.json.errors.find((e) => e.field === field)?.message;

test('meeting_duration_out_of_range_is_refused_with_the_range', async () => {
  const before = await count(MEETINGS);
  for (const duration of [9223372036854775807, -5, 1441, 2147483648]) {
    const raw = `{"topic":"Too long","duration":${duration === 9223372036854775807 ? '9223372036854775807' : duration}}`;
    const r = await request(plaza, 'POST', '/v2/users/me/meetings', {
      raw, headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
    });
    assertValidation(r, ['duration']);
    assert.equal(message(r, 'duration'), 'must be from 0 to 1440', r.text);
  }
  const patchTarget = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Bounded', duration: 1440 } });
  assert.equal(patchTarget.duration, 1440);
  const r = await api(plaza, tok, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: patchTarget.id }, { body: { duration: -5 } });
  assertValidation(r, ['duration']);
  const w = await api(plaza, tok, 'POST', WEBINARS, { userId: 'me' }, { body: { topic: 'W', duration: 100000 } });
  assertValidation(w, ['duration']);
  const g = assertSpec(await api(plaza, tok, 'GET', '/v2/meetings/{meetingId}', { meetingId: patchTarget.id }), 200);
  assert.equal(g.duration, 1440, 'the refused update changed nothing');
  assert.equal(await count(MEETINGS), before + 1, 'only the valid meeting was created');
});

test('documented_bounds_and_integer_formats_are_enforced_in_bodies', async () => {
  const post = (body) => api(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, { body });
  let r = await post({ type: 8, recurrence: { type: 3, monthly_day: 32 } });
  assertValidation(r, ['recurrence.monthly_day']);
  assert.equal(message(r, 'recurrence.monthly_day'), 'must be from 1 to 31');
  r = await post({ type: 8, recurrence: { type: 1, end_times: 0 } });
  assertValidation(r, ['recurrence.end_times']);
  r = await post({ type: 8, recurrence: { type: 1, repeat_interval: 2147483648 } });
  assertValidation(r, ['recurrence.repeat_interval']);
  assert.equal(message(r, 'recurrence.repeat_interval'), 'must be from -2147483648 to 2147483647');
  const settings = (body) => api(plaza, tok, 'PATCH', '/v2/users/{userId}/settings', { userId: 'me' }, { body });
  r = await settings({ feature: { large_meeting_capacity: 700 } });
  assertValidation(r, ['feature.large_meeting_capacity']);
  assert.equal(message(r, 'feature.large_meeting_capacity'), 'must be one of 500, 1000');
  r = await settings({ feature: { meeting_capacity: 2147483648 } });
  assertValidation(r, ['feature.meeting_capacity']);
  assert.equal(message(r, 'feature.meeting_capacity'), 'must be from 0 to 2147483647');
  r = await settings({ schedule_meeting: { meeting_password_requirement: { length: 11 } } });
  assertValidation(r, ['schedule_meeting.meeting_password_requirement.length']);
});

test('query_parameters_are_checked_against_their_types_enums_and_bounds', async () => {
  const m = await ok(plaza, tok, 'POST', MEETINGS, { userId: 'me' }, 201, { body: { topic: 'Query' } });
  const get = (template, params, query) => api(plaza, tok, 'GET', template, params, { query });
  let r = await get('/v2/meetings/{meetingId}', { meetingId: m.id }, { show_previous_occurrences: 'junk' });
  assertValidation(r, ['show_previous_occurrences']);
  assert.equal(message(r, 'show_previous_occurrences'), 'must be true or false');
  assertSpec(await get('/v2/meetings/{meetingId}', { meetingId: m.id }, { show_previous_occurrences: 'true' }), 200);
  const wb = await ok(plaza, tok, 'POST', WEBINARS, { userId: 'me' }, 201, { body: { topic: 'Query webinar' } });
  assertValidation(await get('/v2/webinars/{webinarId}', { webinarId: wb.id }, { show_previous_occurrences: '1' }),
    ['show_previous_occurrences']);
  r = await get('/v2/users/{userId}', { userId: 'me' }, { login_type: '5' });
  assertValidation(r, ['login_type']);
  assert.match(message(r, 'login_type'), /^must be one of 0, 1, 11, /);
  r = await get('/v2/users/{userId}/token', { userId: 'me' }, { type: 'password' });
  assertValidation(r, ['type']);
  assert.equal(message(r, 'type'), 'must be one of "token", "zak"');
  r = await get('/v2/users/{userId}/meetings', { userId: 'me' }, { page_size: '0', page_number: '-1', from: '2031-02-30' });
  assertValidation(r, ['page_size', 'page_number', 'from']);
  assert.equal(r.json.errors.length, 3, r.text);
  assert.equal(message(r, 'page_size'), 'must be from 1 to 2147483647');
  assert.equal(message(r, 'from'), 'must be a date: yyyy-MM-dd');
  r = await get('/v2/users/{userId}/meetings', { userId: 'me' }, { page_size: '9223372036854775808' });
  assertValidation(r, ['page_size']);
  assert.equal(message(r, 'page_size'), 'must be a whole number');
  const rtok = await userToken(plaza, acc.id, host.id, ['recording:read', 'recording:write']);
  r = await api(plaza, rtok, 'GET', '/v2/users/{userId}/recordings', { userId: 'me' }, { query: { meeting_id: '12x', trash: 'maybe' } });
  assertValidation(r, ['meeting_id', 'trash']);
  r = await api(plaza, rtok, 'GET', '/v2/meetings/{meetingId}/recordings', { meetingId: m.id }, { query: { ttl: '604801' } });
  assertValidation(r, ['ttl']);
  assert.equal(message(r, 'ttl'), 'must be from 0 to 604800');
  const del = await api(plaza, rtok, 'DELETE', '/v2/meetings/{meetingId}/recordings', { meetingId: m.id }, { query: { action: 'shred' } });
  assertValidation(del, ['action']);
  const drop = await api(plaza, tok, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }, { query: { schedule_for_reminder: 'yes' } });
  assertValidation(drop, ['schedule_for_reminder']);
  assertSpec(await get('/v2/meetings/{meetingId}', { meetingId: m.id }), 200); // still there
  // Zoom answers at most 300 records rather than refusing a larger page_size
  assertSpec(await get('/v2/users/{userId}/meetings', { userId: 'me' }, { page_size: '1000' }), 200);
});
