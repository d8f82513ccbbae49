// Every event plaza emits, as a subscribed endpoint receives it: signed, with
// a body that round-trips through JSON.stringify, and with zoom-wire §3.5's
// shapes and id types (numbers in CRUD and recording events, strings in
// started/ended/participant events). Changes go through /v2 and the meeting
// simulation of the control API, as an app's users would make them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, createApp, control, userToken, v2, decodeJwt, request,
} from './lib/plaza.mjs';
import { startReceiver, subscribeActive, deliveries, waitFor, zoomSignature } from './lib/receiver.mjs';

const SECRET = 'events-secret-0123456789';
const EVENTS = [
  'meeting.created', 'meeting.updated', 'meeting.deleted', 'meeting.started', 'meeting.ended',
  'meeting.participant_joined', 'meeting.participant_left', 'meeting.registration_created',
  'webinar.created', 'webinar.updated', 'webinar.deleted', 'webinar.started', 'webinar.ended',
  'webinar.participant_joined', 'webinar.participant_left', 'recording.completed', 'recording.trashed', 'recording.deleted',
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let plaza, acc, host, app, tok, rx, sub, onlyCreated, rxCreated;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  host = await createUser(plaza, acc.id, { type: 'licensed' });
  tok = await userToken(plaza, acc.id, host.id, ['meeting:read', 'meeting:write', 'webinar:read', 'webinar:write',
                                                  'recording:read', 'recording:write']);
  app = await createApp(plaza, acc.id, { scopes: ['meeting:read'] });
  rx = await startReceiver({ secret: SECRET });
  sub = await subscribeActive(plaza, app.id, rx.url, EVENTS, { secret_token: SECRET });
  rxCreated = await startReceiver({ secret: SECRET });
  onlyCreated = await subscribeActive(plaza, app.id, rxCreated.url, ['meeting.created'], { secret_token: SECRET });
});
after(async () => {
  await rx.close();
  await rxCreated.close();
  await plaza.stop();
});

// Waits for `event` whose payload.object matches `pred` at the receiver, checks
// what every delivery must be, and returns the parsed envelope.
async function received(event, pred = () => true, r = rx) {
  const [got] = await r.waitForEvents((q) => q.json.event === event && pred(q.json.payload.object ?? {}, q.json),
                                      { what: event });
  assert.equal(got.method, 'POST');
  assert.equal(got.headers['x-zm-signature'], zoomSignature(SECRET, got.headers['x-zm-request-timestamp'], got.body), `${event} signed`);
  assert.equal(JSON.stringify(got.json), got.body, `${event} body round-trips (§3.2)`);
  assert.ok(Number.isInteger(got.json.event_ts) && got.json.event_ts > 1e12, 'event_ts in milliseconds');
  if (event !== 'recording.completed') assert.deepEqual(Object.keys(got.json), ['event', 'payload', 'event_ts'], `${event} key order`);
  assert.equal(got.json.payload.account_id, acc.id);
  return got.json;
}

const create = async (path, body) => {
  const r = await v2(plaza, tok, 'POST', path, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const change = async (method, path, body, status = 204) => {
  const r = await v2(plaza, tok, method, path, body);
  assert.equal(r.status, status, r.text);
};

test('meeting_created_updated_deleted_carry_numeric_ids_and_the_operator', async () => {
  const m = await create('/users/me/meetings', { topic: 'Hooked', type: 2, start_time: '2031-02-01T10:00:00Z', duration: 30,
                                                 timezone: 'Europe/Paris', password: 'pw123' });
  const c = await received('meeting.created', (o) => o.id === m.id);
  assert.deepEqual(Object.keys(c.payload), ['account_id', 'operator', 'operator_id', 'object']);
  assert.equal(c.payload.operator, host.email);
  assert.equal(c.payload.operator_id, host.id);
  const o = c.payload.object;
  assert.equal(typeof o.id, 'number', 'numeric id in meeting.created (§3.5)');
  assert.equal(o.uuid, m.uuid);
  assert.equal(o.host_id, host.id);
  assert.equal(o.topic, 'Hooked');
  assert.equal(o.type, 2);
  assert.equal(o.start_time, '2031-02-01T10:00:00Z');
  assert.equal(o.duration, 30);
  assert.equal(o.timezone, 'Europe/Paris');
  assert.equal(o.join_url, m.join_url);
  assert.equal(o.password, 'pw123');
  assert.deepEqual(o.settings, { use_pmi: false, alternative_hosts: '' });
  // the subscription that wants only meeting.created has it too
  await received('meeting.created', (x) => x.id === m.id, rxCreated);

  await change('PATCH', `/meetings/${m.id}`, { topic: 'Rehooked', duration: 45 });
  const u = await received('meeting.updated', (x) => x.id === m.id);
  assert.deepEqual(Object.keys(u.payload), ['account_id', 'operator', 'operator_id', 'object', 'time_stamp', 'old_object']);
  assert.deepEqual(u.payload.object, { id: m.id, topic: 'Rehooked', duration: 45 });
  assert.deepEqual(u.payload.old_object, { id: m.id, topic: 'Hooked', duration: 30 });
  assert.ok(Number.isInteger(u.payload.time_stamp) && u.payload.time_stamp > 1e12, 'time_stamp in ms');

  await change('DELETE', `/meetings/${m.id}`);
  const d = await received('meeting.deleted', (x) => x.id === m.id);
  assert.equal(typeof d.payload.object.id, 'number');
  assert.equal(d.payload.object.uuid, m.uuid);
  assert.equal(d.payload.object.host_id, host.id);
  assert.equal(d.payload.operator, host.email);
});

test('a_simulated_meeting_delivers_started_participants_ended_with_string_ids_and_recording_completed', async () => {
  const m = await create('/users/me/meetings', { topic: 'Live', type: 2, start_time: '2031-02-02T10:00:00Z', timezone: 'America/Denver' });
  const c = control(plaza);
  const inst = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const started = await received('meeting.started', (o) => o.id === String(m.id));
  const so = started.payload.object;
  assert.deepEqual(Object.keys(started.payload), ['account_id', 'object']);
  assert.deepEqual(Object.keys(so), ['duration', 'start_time', 'timezone', 'topic', 'id', 'type', 'uuid', 'host_id'],
                   'the order of Zoom\'s sample (§3.5)');
  assert.equal(typeof so.id, 'string', 'string id in meeting.started (§3.5)');
  assert.equal(so.uuid, inst.uuid);
  assert.equal(so.host_id, host.id);
  assert.equal(so.timezone, 'America/Denver');
  assert.match(so.start_time, ISO);

  const p = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Jill Chill', email: 'jill@example.com' }, 201);
  const joined = await received('meeting.participant_joined', (o) => o.id === String(m.id));
  const jo = joined.payload.object;
  assert.equal(typeof jo.id, 'string');
  assert.equal(jo.uuid, inst.uuid);
  assert.equal(jo.topic, 'Live');
  const jp = jo.participant;
  assert.match(jp.user_id, /^\d+$/, 'a per-meeting number, as a string');
  assert.equal(jp.user_name, 'Jill Chill');
  assert.equal(jp.email, 'jill@example.com');
  assert.equal(jp.participant_uuid, p.id);
  assert.match(jp.join_time, ISO);
  assert.equal(jp.leave_time, undefined);

  await c.ok('DELETE', `/meetings/${m.id}/participants/${p.id}`, undefined, 204);
  const left = await received('meeting.participant_left', (o) => o.id === String(m.id));
  const lp = left.payload.object.participant;
  assert.equal(typeof left.payload.object.id, 'string');
  assert.equal(lp.user_name, 'Jill Chill');
  assert.match(lp.leave_time, ISO);
  assert.equal(lp.join_time, undefined, 'no join_time in participant_left (§3.5)');

  await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Ann Other' }, 201);
  await c.ok('POST', `/meetings/${m.id}/end`, { record: true }, 200);
  const ended = await received('meeting.ended', (o) => o.id === String(m.id));
  assert.equal(typeof ended.payload.object.id, 'string');
  assert.match(ended.payload.object.end_time, ISO);
  // everyone still there leaves when it ends
  await received('meeting.participant_left', (o) => o.id === String(m.id) && o.participant.user_name === 'Ann Other');

  const rec = await received('recording.completed', (o) => o.id === m.id);
  assert.deepEqual(Object.keys(rec), ['payload', 'event_ts', 'event', 'download_token'], 'recording.completed key order (§3.5)');
  const ro = rec.payload.object;
  assert.equal(typeof ro.id, 'number', 'numeric id in recording.completed');
  assert.equal(ro.uuid, inst.uuid);
  assert.equal(ro.host_id, host.id);
  assert.equal(ro.host_email, host.email);
  assert.equal(ro.account_id, acc.id);
  assert.equal(ro.on_prem, false);
  assert.ok(ro.recording_files.length >= 1);
  for (const f of ro.recording_files) {
    assert.equal(f.meeting_id, inst.uuid);
    assert.match(f.download_url, /\/rec\/webhook_download\//);
    assert.equal(f.status, 'completed');
  }
  assert.deepEqual(ro.participant_audio_files.map((f) => f.file_name).sort(), ['Audio only - Ann Other', 'Audio only - Jill Chill']);
  const jwt = decodeJwt(rec.download_token);
  assert.equal(jwt.header.alg, 'HS512');
  assert.equal(jwt.payload.iss, 'https://event.zoom.us');
  assert.equal(jwt.payload.aud, 'https://oauth.zoom.us');
  assert.equal(jwt.payload.accountId, acc.id);
  assert.equal(jwt.payload.mid, inst.uuid);
  assert.equal(jwt.payload.userId, host.id);
  const hours = (jwt.payload.exp - rec.event_ts / 1000) / 3600;
  assert.ok(hours > 23 && hours <= 24, `download_token lives about 24 h (${hours})`);

  await change('DELETE', `/meetings/${m.id}/recordings`);
  const trashed = await received('recording.trashed', (o) => o.id === m.id);
  assert.equal(typeof trashed.payload.object.id, 'number');
  assert.equal(trashed.payload.object.uuid, inst.uuid);
  assert.equal(trashed.payload.operator, host.email);
  assert.equal(trashed.payload.operator_id, host.id);
  await change('DELETE', `/meetings/${encodeURIComponent(encodeURIComponent(inst.uuid))}/recordings?action=delete`);
  const deleted = await received('recording.deleted', (o) => o.id === m.id);
  assert.equal(deleted.payload.object.uuid, inst.uuid);
  assert.equal(deleted.payload.operator_id, host.id);
});

test('registration_created_carries_the_meeting_and_the_registrant', async () => {
  const m = await create('/users/me/meetings', { topic: 'Register', type: 2, start_time: '2031-02-03T10:00:00Z',
                                                 settings: { approval_type: 0 } });
  const reg = await create(`/meetings/${m.id}/registrants`, { first_name: 'Reg', last_name: 'Istrant', email: 'reg@example.com' });
  const e = await received('meeting.registration_created', (o) => o.id === m.id);
  const o = e.payload.object;
  assert.equal(typeof o.id, 'number');
  assert.equal(o.uuid, m.uuid);
  assert.equal(o.host_id, host.id);
  assert.equal(o.topic, 'Register');
  assert.equal(o.registrant.id, reg.registrant_id);
  assert.equal(o.registrant.email, 'reg@example.com');
  assert.equal(o.registrant.first_name, 'Reg');
  assert.equal(o.registrant.status, 'approved');
});

test('webinar_created_updated_deleted_started_ended', async () => {
  const w = await create('/users/me/webinars', { topic: 'Webcast', type: 5, start_time: '2031-02-04T16:00:00Z', duration: 60 });
  const c = await received('webinar.created', (o) => o.id === w.id);
  assert.deepEqual(Object.keys(c.payload), ['account_id', 'operator', 'operator_id', 'object']);
  assert.equal(typeof c.payload.object.id, 'number', 'numeric id in webinar.created (§3.5)');
  assert.equal(c.payload.object.uuid, w.uuid);
  assert.equal(c.payload.object.type, 5);
  assert.equal(c.payload.object.topic, 'Webcast');
  assert.equal(c.payload.object.join_url, w.join_url);

  await change('PATCH', `/webinars/${w.id}`, { topic: 'Webcast 2' });
  const u = await received('webinar.updated', (o) => o.id === w.id);
  assert.deepEqual(u.payload.object, { id: w.id, topic: 'Webcast 2' });
  assert.deepEqual(u.payload.old_object, { id: w.id, topic: 'Webcast' });

  await change('DELETE', `/webinars/${w.id}`);
  const d = await received('webinar.deleted', (o) => o.id === w.id);
  assert.equal(typeof d.payload.object.id, 'number');
  assert.equal(d.payload.object.uuid, w.uuid);

  // an ended webinar cannot be deleted (Zoom's 3007): another one runs
  const live = await create('/users/me/webinars', { topic: 'Live webcast', type: 5, start_time: '2031-02-05T16:00:00Z' });
  await control(plaza).ok('POST', `/meetings/${live.id}/start`, undefined, 201);
  const s = await received('webinar.started', (o) => o.id === String(live.id));
  assert.equal(typeof s.payload.object.id, 'string', 'string id in webinar.started');
  assert.equal(s.payload.object.type, 5);
  assert.equal(s.payload.object.uuid, live.uuid);

  // panelists (by their e-mail) and attendees join, with webinar.participant_joined / _left
  const added = await v2(plaza, tok, 'POST', `/webinars/${live.id}/panelists`,
                         { panelists: [{ name: 'Pat Panel', email: 'pat@example.test' }] });
  assert.equal(added.status, 201, added.text);
  const ctl = control(plaza);
  const pat = await ctl.ok('POST', `/meetings/${live.id}/participants`, { name: 'Pat Panel', email: 'PAT@example.test', role: 'panelist' }, 201);
  assert.equal(pat.role, 'panelist');
  const ann = await ctl.ok('POST', `/meetings/${live.id}/participants`, { name: 'Ann Attendee', email: 'ann@example.test' }, 201);
  assert.equal(ann.role, 'attendee');
  const bad = [
    [{ name: 'Ivy', email: 'ivy@example.test', role: 'panelist' }, /one of the webinar's panelists/],
    [{ name: 'Ivy', role: 'panelist' }, /one of the webinar's panelists/],
    [{ name: 'Ivy', email: 'ivy@example.test', role: 'host' }, /host's own role/],
    [{ name: 'Ivy', role: 'speaker' }, /attendee, panelist or host/],
  ];
  for (const [body, why] of bad) {
    const r = await ctl.call('POST', `/meetings/${live.id}/participants`, body);
    assert.equal(r.status, 400, r.text);
    assert.match(r.text, why);
  }
  const j = await received('webinar.participant_joined', (o) => o.id === String(live.id) && o.participant.user_name === 'Pat Panel');
  assert.equal(j.payload.object.uuid, live.uuid);
  assert.equal(j.payload.object.participant.participant_uuid, pat.id);
  assert.match(j.payload.object.participant.join_time, ISO);
  await ctl.ok('DELETE', `/meetings/${live.id}/participants/${ann.id}`, undefined, 204);
  const l = await received('webinar.participant_left', (o) => o.id === String(live.id) && o.participant.user_name === 'Ann Attendee');
  assert.match(l.payload.object.participant.leave_time, ISO);
  const state = await ctl.ok('GET', `/meetings/${live.id}`);
  assert.deepEqual(state.participants.map((p) => [p.name, p.role]), [['Pat Panel', 'panelist'], ['Ann Attendee', 'attendee']]);

  // a meeting has no panelists
  const meeting = await create('/users/me/meetings', { topic: 'No panel' });
  await ctl.ok('POST', `/meetings/${meeting.id}/start`, undefined, 201);
  const r = await ctl.call('POST', `/meetings/${meeting.id}/participants`, { name: 'Pat', email: 'pat@example.test', role: 'panelist' });
  assert.equal(r.status, 400, r.text);
  assert.match(r.text, /webinar role/);
  await ctl.ok('POST', `/meetings/${meeting.id}/end`, { record: false }, 200);

  await ctl.ok('POST', `/meetings/${live.id}/end`, { record: false }, 200);
  await received('webinar.participant_left', (o) => o.id === String(live.id) && o.participant.user_name === 'Pat Panel');
  const e = await received('webinar.ended', (o) => o.id === String(live.id));
  assert.equal(typeof e.payload.object.id, 'string');
  assert.match(e.payload.object.end_time, ISO);
});

// Found by tests/fuzz/fuzz_webhook.c: numbers a client sent (settings plaza does not know are kept as sent)
// were written as jansson writes them (0.10000000000000001, 2.0, 1e21), and integer-like keys in the order
// sent, so a receiver checking the signature over JSON.stringify(req.body), as Zoom's samples do, refused it.
test('numbers_a_client_sent_reach_the_receiver_as_json_stringify_writes_them', async () => {
  const rxSettings = await startReceiver({ secret: SECRET });
  try {
    await subscribeActive(plaza, app.id, rxSettings.url, ['user.settings_updated'], { secret_token: SECRET });
    const userTok = await userToken(plaza, acc.id, host.id, ['user:write']);
    const raw = '{"in_meeting":{"chat":true,"x_ratio":0.1,"x_whole":2.0,"x_big":1e21,"x_small":0.000001,' +
                '"x_tiny":1e-7,"x_neg":-0.0,"x_exp":1.5E+3,"x_huge":9007199254740993,"x_list":[3.14159,100.0,1e300],' +
                '"x_keys":{"b":1,"10":2,"2":3,"01":4}}}';
    const r = await request(plaza, 'PATCH', '/v2/users/me/settings',
                            { raw, headers: { authorization: `Bearer ${userTok}`, 'content-type': 'application/json' } });
    assert.equal(r.status, 204, r.text);
    const [got] = await rxSettings.waitForEvents((q) => q.json.event === 'user.settings_updated', { what: 'settings event' });
    assert.equal(got.headers['x-zm-signature'], zoomSignature(SECRET, got.headers['x-zm-request-timestamp'], got.body));
    assert.equal(JSON.stringify(got.json), got.body, 'the body round-trips through JSON.stringify (§3.2)');
    const x = got.json.payload.object.settings.in_meeting;
    assert.deepEqual([x.x_ratio, x.x_whole, x.x_big, x.x_small, x.x_tiny, x.x_exp, x.x_list],
                     [0.1, 2, 1e21, 0.000001, 1e-7, 1500, [3.14159, 100, 1e300]]);
    assert.match(got.body, /"x_keys":\{"2":3,"10":2,"b":1,"01":4\}/, 'integer-like keys first, as JS lists them');
  } finally {
    await rxSettings.close();
  }
});

test('every_delivery_of_the_run_was_acknowledged_and_only_wanted_events_were_sent', async () => {
  // the receivers got the events the subscriptions asked for and nothing else
  const kinds = new Set(rx.events().map((q) => q.json.event));
  for (const k of kinds) assert.ok(EVENTS.includes(k), k);
  for (const k of EVENTS) assert.ok(kinds.has(k), `${k} was delivered`);
  assert.deepEqual([...new Set(rxCreated.events().map((q) => q.json.event))], ['meeting.created']);
  // and plaza recorded them all as delivered on the first attempt
  const list = await waitFor(async () => {
    const l = await deliveries(plaza, { subscription_id: sub.id });
    return l.every((d) => d.status === 'delivered') && l;
  }, { what: 'every delivery delivered' });
  assert.equal(list.filter((d) => d.event !== 'endpoint.url_validation').length, rx.events().length);
  assert.ok(list.every((d) => d.attempts === 1));
  // another account's changes never reach this app
  const other = await createAccount(plaza);
  const otherTok = await userToken(plaza, other.id, other.owner.id, ['meeting:write']);
  const m = await v2(plaza, otherTok, 'POST', '/users/me/meetings', { topic: 'Elsewhere' });
  assert.equal(m.status, 201);
  const fence = await create('/users/me/meetings', { topic: 'Fence' });
  await received('meeting.created', (o) => o.id === fence.id);
  assert.ok(!rx.events().some((q) => q.json.payload.object?.id === m.json.id));
});
