// Zoom's own Node SDK, @zoom/rivet, against plaza: its Server-to-Server
// client fetches an account_credentials token and calls /v2 to create, get,
// list, update and delete a meeting, create a webinar and list recordings.
//
// Rivet 0.4.0 takes the API base URL as an option (`baseUrl`), but its OAuth
// host is a constant (OAUTH_BASE_URL = "https://zoom.us" in
// meetings/meetings.mjs) with no option. The test sends Rivet's own token
// request to plaza by rewriting that one origin in an axios request
// interceptor (Rivet calls the shared default axios instance); nothing else
// of Rivet is touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import axios from 'axios';
import { MeetingsS2SAuthClient, ApiResponseError } from '@zoom/rivet/meetings';
import { startPlaza, createAccount, createUser, createApp, simulateMeeting, advanceClock } from './lib/plaza.mjs';
import { assertBody } from './lib/openapi.mjs';

const ZOOM_OAUTH_ORIGIN = 'https://zoom.us';

let plaza, acc, app, client, interceptor;
const oauthCalls = [];

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, {
    type: 's2s', redirect_url: undefined,
    scopes: ['meeting:read:admin', 'meeting:write:admin', 'webinar:read:admin', 'webinar:write:admin',
             'recording:read:admin', 'user:read:admin'],
  });
  interceptor = axios.interceptors.request.use((config) => {
    if (typeof config.url === 'string' && config.url.startsWith(`${ZOOM_OAUTH_ORIGIN}/`)) {
      oauthCalls.push(config.url);
      config.url = plaza.url + config.url.slice(ZOOM_OAUTH_ORIGIN.length);
    }
    return config;
  });
  const dev = app.credentials.development;
  client = new MeetingsS2SAuthClient({
    clientId: dev.client_id, clientSecret: dev.client_secret, accountId: acc.id,
    baseUrl: `${plaza.url}/v2`, disableReceiver: true,
  });
});
after(async () => {
  axios.interceptors.request.eject(interceptor);
  await plaza.stop();
});

test('rivet_s2s_creates_gets_lists_updates_and_deletes_a_meeting', async () => {
  const m = client.endpoints.meetings;
  const created = await m.createMeeting({
    path: { userId: 'me' },
    body: { topic: 'Made by Rivet', type: 2, start_time: '2031-08-01T10:00:00Z', duration: 30, settings: { waiting_room: true } },
  });
  assert.equal(created.statusCode, 201);
  assertBody('POST', '/v2/users/{userId}/meetings', 201, created.data);
  assert.equal(created.data.topic, 'Made by Rivet');
  assert.equal(created.data.host_id, acc.owner.id);
  assert.match(created.trackingId, /^v=2\.0;/, 'Rivet surfaces x-zm-trackingid');
  const id = created.data.id;

  const got = await m.getMeeting({ path: { meetingId: id } });
  assert.equal(got.statusCode, 200);
  assertBody('GET', '/v2/meetings/{meetingId}', 200, got.data);
  assert.equal(got.data.settings.waiting_room, true);

  const listed = await m.listMeetings({ path: { userId: 'me' }, query: { type: 'scheduled', page_size: 10 } });
  assert.equal(listed.statusCode, 200);
  assertBody('GET', '/v2/users/{userId}/meetings', 200, listed.data);
  assert.ok(listed.data.meetings.some((x) => x.id === id));
  assert.equal(listed.data.next_page_token, '');

  const updated = await m.updateMeeting({ path: { meetingId: id }, body: { topic: 'Renamed by Rivet' } });
  assert.equal(updated.statusCode, 204);
  assert.equal((await m.getMeeting({ path: { meetingId: id } })).data.topic, 'Renamed by Rivet');

  const deleted = await m.deleteMeeting({ path: { meetingId: id } });
  assert.equal(deleted.statusCode, 204);
  await assert.rejects(m.getMeeting({ path: { meetingId: id } }), (err) => {
    assert.ok(err instanceof ApiResponseError);
    assert.match(err.message, /^\[404\/3001\]: "Meeting \d+ is not found or has expired\."$/);
    return true;
  });

  // Rivet fetched one token from plaza's /oauth/token and reused it
  assert.deepEqual(oauthCalls, [`${ZOOM_OAUTH_ORIGIN}/oauth/token`]);
});

test('rivet_s2s_acts_for_another_user_of_the_account', async () => {
  const member = await createUser(plaza, acc.id);
  const r = await client.endpoints.meetings.createMeeting({ path: { userId: member.email }, body: { topic: 'For a member' } });
  assert.equal(r.data.host_id, member.id);
  const l = await client.endpoints.meetings.listMeetings({ path: { userId: member.id } });
  assert.deepEqual(l.data.meetings.map((x) => x.id), [r.data.id]);
});

test('rivet_s2s_creates_a_webinar_for_a_licensed_owner', async () => {
  const w = await client.endpoints.webinars.createWebinar({
    path: { userId: 'me' }, body: { topic: 'Rivet webinar', type: 5, start_time: '2031-08-02T10:00:00Z', duration: 60 },
  });
  assert.equal(w.statusCode, 201);
  assertBody('POST', '/v2/users/{userId}/webinars', 201, w.data);
  assert.equal(w.data.type, 5);
  const got = await client.endpoints.webinars.getWebinar({ path: { webinarId: w.data.id } });
  assertBody('GET', '/v2/webinars/{webinarId}', 200, got.data);
  // a basic user has no webinar plan: Rivet throws Zoom's error
  const basic = await createUser(plaza, acc.id, { type: 'basic' });
  await assert.rejects(client.endpoints.webinars.createWebinar({ path: { userId: basic.id }, body: {} }),
                       /^ApiResponseError: \[400\/200\]: "Subscription plan for webinar is missing/);
});

test('rivet_s2s_lists_cloud_recordings', async () => {
  const m = await client.endpoints.meetings.createMeeting({ path: { userId: 'me' }, body: { topic: 'Rivet recorded', settings: { auto_recording: 'cloud' } } });
  const { started } = await simulateMeeting(plaza, m.data.id, { participants: [{ name: 'Jill Chill', email: 'jill@example.com' }] });
  const today = started.started_at.slice(0, 10);
  const r = await client.endpoints.cloudRecording.listAllRecordings({ path: { userId: 'me' }, query: { from: today, to: today } });
  assert.equal(r.statusCode, 200);
  assertBody('GET', '/v2/users/{userId}/recordings', 200, r.data);
  const rec = r.data.meetings.find((x) => x.id === m.data.id);
  assert.ok(rec, JSON.stringify(r.data));
  assert.ok(rec.recording_files.length > 0);
  const one = await client.endpoints.cloudRecording.getMeetingRecordings({ path: { meetingId: m.data.id } });
  assertBody('GET', '/v2/meetings/{meetingId}/recordings', 200, one.data);
  assert.equal(one.data.uuid, m.data.uuid);
});

test('rivet_sees_plazas_401_124_once_the_virtual_clock_expires_its_token', async () => {
  // Rivet renews 60 s before expires_in runs out on the real clock; plaza's tokens
  // expire on the virtual clock, so after a virtual hour Rivet's cached token is refused.
  await advanceClock(plaza, 3600);
  await assert.rejects(client.endpoints.meetings.listMeetings({ path: { userId: 'me' } }), /\[401\/124\]: "Access token is expired\."/);
  const fresh = new MeetingsS2SAuthClient({
    clientId: app.credentials.development.client_id, clientSecret: app.credentials.development.client_secret,
    accountId: acc.id, baseUrl: `${plaza.url}/v2`, disableReceiver: true,
  });
  assert.equal((await fresh.endpoints.meetings.listMeetings({ path: { userId: 'me' } })).statusCode, 200);
});
