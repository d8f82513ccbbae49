// Webinars and panelists through /v2 (zoom-wire §2.9): licensed hosts only,
// create/get/list/update/delete/end, recurring webinars, panelists added,
// listed and removed. Success bodies are checked against Zoom's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, control, userToken, assertZoomError,
} from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const CREATE = '/v2/users/{userId}/webinars';
const ONE = '/v2/webinars/{webinarId}';
const STATUS = '/v2/webinars/{webinarId}/status';
const PANELISTS = '/v2/webinars/{webinarId}/panelists';
const PANELIST = '/v2/webinars/{webinarId}/panelists/{panelistId}';
const SCOPES = ['webinar:read', 'webinar:write', 'meeting:read'];

let plaza, acc, host, tok;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  host = await createUser(plaza, acc.id, { type: 'licensed' });
  tok = await userToken(plaza, acc.id, host.id, SCOPES);
});
after(async () => { await plaza.stop(); });

const create = (t, body = {}) => ok(plaza, t, 'POST', CREATE, { userId: 'me' }, 201, { body });
const get = (t, webinarId, query) => api(plaza, t, 'GET', ONE, { webinarId }, { query });

test('create_webinar_returns_201_with_zooms_shape', async () => {
  const w = await create(tok, {
    topic: 'Launch', type: 5, start_time: '2031-04-01T16:00:00Z', duration: 90, timezone: 'America/New_York',
    agenda: 'All hands', password: 'w3b',
    settings: { host_video: true, panelists_video: true, approval_type: 2, audio: 'voip', question_and_answer: { enable: false } },
  });
  assert.match(w.uuid, /^[A-Za-z0-9+/]{22}==$/);
  assert.ok(Number.isInteger(w.id) && w.id >= 1e9 && w.id < 1e11);
  assert.equal(w.host_id, host.id);
  assert.equal(w.host_email, host.email);
  assert.equal(w.topic, 'Launch');
  assert.equal(w.type, 5);
  assert.equal(w.start_time, '2031-04-01T16:00:00Z');
  assert.equal(w.duration, 90);
  assert.equal(w.timezone, 'America/New_York');
  assert.equal(w.agenda, 'All hands');
  assert.equal(w.password, 'w3b');
  assert.equal(new URL(w.join_url).pathname, `/w/${w.id}`);
  assert.equal(new URL(w.start_url).pathname, `/s/${w.id}`);
  assert.equal(w.settings.host_video, true);
  assert.equal(w.settings.panelists_video, true);
  assert.equal(w.settings.audio, 'voip');
  assert.equal(w.settings.question_and_answer.enable, false);
  assert.equal(w.settings.question_and_answer.allow_submit_questions, true, 'nested settings merge with defaults');
  assert.equal(w.is_simulive, false);
  assert.equal(w.status, undefined, 'webinars carry no meeting status');
  const g = assertSpec(await get(tok, w.id), 200);
  for (const k of Object.keys(w)) if (k !== 'start_url') assert.deepEqual(g[k], w[k], k);
});

test('a_basic_user_cannot_create_webinars_400_code_200', async () => {
  const basic = await createUser(plaza, acc.id, { type: 'basic' });
  const bt = await userToken(plaza, acc.id, basic.id, SCOPES);
  const r = await api(plaza, bt, 'POST', CREATE, { userId: 'me' }, { body: { topic: 'nope' } });
  assertZoomError(r, 400, 200, /^Subscription plan for webinar is missing/);
  const l = assertSpec(await api(plaza, bt, 'GET', CREATE, { userId: 'me' }), 200);
  assert.equal(l.total_records, 0);
  assert.deepEqual(l.webinars, []);
});

test('webinars_are_not_meetings_and_meetings_are_not_webinars', async () => {
  const w = await create(tok, {});
  const mt = await userToken(plaza, acc.id, host.id, ['meeting:read', 'meeting:write']);
  assertZoomError(await api(plaza, mt, 'GET', '/v2/meetings/{meetingId}', { meetingId: w.id }), 404, 3001);
  const m = await ok(plaza, mt, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
  assertZoomError(await get(tok, m.id), 404, 3001, `Webinar ${m.id} not found or has expired.`);
});

test('list_webinars_with_pagination_and_types', async () => {
  const h = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, h.id, SCOPES);
  const ids = [];
  for (let i = 0; i < 4; i++) ids.push((await create(t, { topic: `w${i}`, start_time: `2031-05-0${i + 1}T10:00:00Z` })).id);
  const p1 = assertSpec(await api(plaza, t, 'GET', CREATE, { userId: 'me' }, { query: { page_size: 3 } }), 200);
  assert.equal(p1.total_records, 4);
  assert.equal(p1.page_count, 2);
  assert.equal(p1.webinars.length, 3);
  assert.ok(p1.next_page_token);
  const item = p1.webinars[0];
  for (const k of ['uuid', 'id', 'host_id', 'topic', 'type', 'start_time', 'duration', 'timezone', 'agenda', 'created_at', 'join_url', 'is_simulive']) {
    assert.ok(k in item, k);
  }
  const p2 = assertSpec(await api(plaza, t, 'GET', CREATE, { userId: 'me' }, { query: { page_size: 3, next_page_token: p1.next_page_token } }), 200);
  assert.equal(p2.webinars.length, 1);
  assert.equal(p2.next_page_token, '');
  assert.deepEqual([...p1.webinars, ...p2.webinars].map((w) => w.id), ids);
  const up = assertSpec(await api(plaza, t, 'GET', CREATE, { userId: 'me' }, { query: { type: 'upcoming' } }), 200);
  assert.equal(up.total_records, 4);
  assertValidation(await api(plaza, t, 'GET', CREATE, { userId: 'me' }, { query: { type: 'live' } }), ['type']);
});

test('update_delete_and_end_a_webinar', async () => {
  const w = await create(tok, { topic: 'Old', settings: { hd_video: false } });
  assertSpec(await api(plaza, tok, 'PATCH', ONE, { webinarId: w.id }, { body: { topic: 'New', settings: { hd_video: true } } }), 204);
  const g = assertSpec(await get(tok, w.id), 200);
  assert.equal(g.topic, 'New');
  assert.equal(g.settings.hd_video, true);
  assert.equal(g.settings.panelists_video, w.settings.panelists_video);
  assertValidation(await api(plaza, tok, 'PATCH', ONE, { webinarId: w.id }, { body: { type: 2 } }), ['type']);
  assertValidation(await api(plaza, tok, 'PATCH', ONE, { webinarId: w.id }, { body: { settings: { audio: 'radio' } } }), ['settings.audio']);

  // end: a webinar in progress ends; only "end" is an action for webinars
  const c = control(plaza);
  await c.ok('POST', `/meetings/${w.id}/start`, undefined, 201);
  assertZoomError(await api(plaza, tok, 'DELETE', ONE, { webinarId: w.id }), 400, 3002,
                  'Sorry, you cannot delete this webinar since it is in progress.');
  // Zoom's 2023-10 file documents 200 with an empty object for webinarStatus; zoom-wire §2.6
  // (the 2023-07 file) says 204, which is what plaza answers.
  const end = await api(plaza, tok, 'PUT', STATUS, { webinarId: w.id }, { body: { action: 'end' } });
  assert.equal(end.status, 204, end.text);
  assert.equal(end.text, '');
  assert.equal((await c.ok('GET', `/meetings/${w.id}`)).status, 'ended');
  assertValidation(await api(plaza, tok, 'PUT', STATUS, { webinarId: w.id }, { body: { action: 'recover' } }), ['action']);

  const d = await create(tok, {});
  assertSpec(await api(plaza, tok, 'DELETE', ONE, { webinarId: d.id }), 204);
  assertZoomError(await get(tok, d.id), 404, 3001, `Webinar ${d.id} not found or has expired.`);
  assertZoomError(await api(plaza, tok, 'DELETE', ONE, { webinarId: d.id }), 404, 3001);
});

test('recurring_webinar_type_9_has_occurrences', async () => {
  const w = await create(tok, { type: 9, start_time: '2031-07-01T10:00:00Z', recurrence: { type: 1, repeat_interval: 7, end_times: 3 } });
  assert.equal(w.type, 9);
  assert.deepEqual(w.occurrences.map((o) => o.start_time), ['2031-07-01T10:00:00Z', '2031-07-08T10:00:00Z', '2031-07-15T10:00:00Z']);
  const one = assertSpec(await get(tok, w.id, { occurrence_id: w.occurrences[2].occurrence_id }), 200);
  assert.equal(one.start_time, '2031-07-15T10:00:00Z');
  assertSpec(await api(plaza, tok, 'DELETE', ONE, { webinarId: w.id }, { query: { occurrence_id: w.occurrences[0].occurrence_id } }), 204);
  assert.equal(assertSpec(await get(tok, w.id), 200).occurrences[0].status, 'deleted');
  const noFixed = await create(tok, { type: 6 });
  assert.equal(noFixed.start_time, undefined);
  assertValidation(await api(plaza, tok, 'POST', CREATE, { userId: 'me' }, { body: { type: 9 } }), ['recurrence']);
  assertValidation(await api(plaza, tok, 'POST', CREATE, { userId: 'me' }, { body: { type: 2 } }), ['type']);
});

test('panelists_add_list_delete_one_and_all', async () => {
  const w = await create(tok, {});
  const listed = async () => assertSpec(await api(plaza, tok, 'GET', PANELISTS, { webinarId: w.id }), 200);
  assert.deepEqual(await listed(), { panelists: [], total_records: 0 });
  const added = await ok(plaza, tok, 'POST', PANELISTS, { webinarId: w.id }, 201, {
    body: { panelists: [{ name: 'Jill Chill', email: 'JChill@Example.com', name_tag_name: 'Jill' }, { name: 'Bo', email: 'bo@example.com' }] },
  });
  assert.equal(added.id, String(w.id), 'the 201 id is the webinar id, as a string');
  assert.match(added.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const l = await listed();
  assert.equal(l.total_records, 2);
  const jill = l.panelists.find((p) => p.name === 'Jill Chill');
  assert.equal(jill.email, 'jchill@example.com');
  assert.equal(jill.name_tag_name, 'Jill');
  assert.equal(jill.virtual_background_id, '');
  assert.match(jill.id, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(jill.join_url.includes(`/w/${w.id}`));
  // the same e-mail again updates the panelist, it does not add one
  await ok(plaza, tok, 'POST', PANELISTS, { webinarId: w.id }, 201, { body: { panelists: [{ name: 'Jill C.', email: 'jchill@example.com' }] } });
  const l2 = await listed();
  assert.equal(l2.total_records, 2);
  assert.equal(l2.panelists.find((p) => p.id === jill.id).name, 'Jill C.');
  assertSpec(await api(plaza, tok, 'DELETE', PANELIST, { webinarId: w.id, panelistId: jill.id }), 204);
  assert.deepEqual((await listed()).panelists.map((p) => p.name), ['Bo']);
  assertZoomError(await api(plaza, tok, 'DELETE', PANELIST, { webinarId: w.id, panelistId: jill.id }), 404);
  assertSpec(await api(plaza, tok, 'DELETE', PANELISTS, { webinarId: w.id }), 204);
  assert.equal((await listed()).total_records, 0);
});

test('panelists_refuses_bad_bodies_and_unknown_webinars', async () => {
  const w = await create(tok, {});
  const add = (body, webinarId = w.id) => api(plaza, tok, 'POST', PANELISTS, { webinarId }, { body });
  assertValidation(await add({ panelists: [] }), ['panelists']);
  assertValidation(await add({}), ['panelists']);
  assertValidation(await add({ panelists: [{ name: 'No mail' }] }), ['panelists[0]']);
  assertValidation(await add({ panelists: [{ name: 'x', email: 'x@example.com' }, { email: 'nameless@example.com' }] }), ['panelists[1]']);
  assert.equal(assertSpec(await api(plaza, tok, 'GET', PANELISTS, { webinarId: w.id }), 200).total_records, 0, 'nothing stored');
  assertZoomError(await add({ panelists: [{ name: 'a', email: 'a@example.com' }] }, 12312312312), 404, 3001);
  assertZoomError(await api(plaza, tok, 'GET', PANELISTS, { webinarId: 12312312312 }), 404, 3001);
  assertZoomError(await api(plaza, tok, 'DELETE', PANELISTS, { webinarId: 12312312312 }), 404, 3001);
  // at most 100 panelists per webinar
  for (let b = 0; b < 4; b++) {
    const batch = Array.from({ length: 25 }, (_, i) => ({ name: `P${b}-${i}`, email: `p${b}-${i}@example.com` }));
    assert.equal((await add({ panelists: batch })).status, 201);
  }
  assertZoomError(await add({ panelists: [{ name: 'one too many', email: 'late@example.com' }] }), 400, 3000);
  assert.equal(assertSpec(await api(plaza, tok, 'GET', PANELISTS, { webinarId: w.id }), 200).total_records, 100);
});
