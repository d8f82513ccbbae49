// Scopes and tenancy on /v2 (zoom-wire §2.1, §2.2, §2.5): a token lacking
// every accepted scope gets 400/4711 listing them all; a user-level token
// (classic or granular) acting on another user's objects gets 4711 listing
// only the :admin ones; account-level tokens act on any user of their account
// and see other accounts' objects as missing (1001 users, 3001 meetings).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  startPlaza, createAccount, createUser, createApp, installUser, userToken, s2sToken, simulateMeeting, assertZoomError,
} from './lib/plaza.mjs';
import { api, ok, assertSpec, fill, operation } from './lib/openapi.mjs';

// zoom-wire §2.5: the scopes each operation accepts, classic then granular.
const both = (classic, granular) => [classic, `${classic}:admin`, granular, `${granular}:admin`];
const ROUTES = [
  ['GET', '/v2/users', ['user:read:admin', 'user:read:list_users:admin']],
  ['GET', '/v2/users/{userId}', ['user:read', 'user:read:admin', 'user_info:read', 'user:read:user', 'user:read:user:admin']],
  ['PATCH', '/v2/users/{userId}', both('user:write', 'user:update:user')],
  ['GET', '/v2/users/{userId}/settings', both('user:read', 'user:read:settings')],
  ['PATCH', '/v2/users/{userId}/settings', both('user:write', 'user:update:settings')],
  ['GET', '/v2/users/{userId}/assistants', both('user:read', 'user:read:list_assistants')],
  ['POST', '/v2/users/{userId}/assistants', both('user:write', 'user:write:assistant')],
  ['DELETE', '/v2/users/{userId}/assistants', both('user:write', 'user:delete:assistant')],
  ['DELETE', '/v2/users/{userId}/assistants/{assistantId}', both('user:write', 'user:delete:assistant')],
  ['GET', '/v2/users/{userId}/token', both('user:read', 'user:read:token')],
  ['DELETE', '/v2/users/{userId}/token', both('user:write', 'user:delete:token')],
  ['POST', '/v2/users/{userId}/picture', both('user:write', 'user:write:profile_picture')],
  ['DELETE', '/v2/users/{userId}/picture', both('user:write', 'user:delete:profile_picture')],
  ['GET', '/v2/users/{userId}/meetings', both('meeting:read', 'meeting:read:list_meetings')],
  ['POST', '/v2/users/{userId}/meetings', both('meeting:write', 'meeting:write:meeting')],
  ['GET', '/v2/meetings/{meetingId}', both('meeting:read', 'meeting:read:meeting')],
  ['PATCH', '/v2/meetings/{meetingId}', both('meeting:write', 'meeting:update:meeting')],
  ['DELETE', '/v2/meetings/{meetingId}', both('meeting:write', 'meeting:delete:meeting')],
  ['GET', '/v2/meetings/{meetingId}/invitation', both('meeting:read', 'meeting:read:invitation')],
  ['PUT', '/v2/meetings/{meetingId}/status', both('meeting:write', 'meeting:update:status')],
  ['POST', '/v2/meetings/{meetingId}/registrants', both('meeting:write', 'meeting:write:registrant')],
  ['GET', '/v2/meetings/{meetingId}/registrants', both('meeting:read', 'meeting:read:list_registrants')],
  ['PUT', '/v2/meetings/{meetingId}/registrants/status', both('meeting:write', 'meeting:update:registrant_status')],
  ['GET', '/v2/users/{userId}/webinars', both('webinar:read', 'webinar:read:list_webinars')],
  ['POST', '/v2/users/{userId}/webinars', both('webinar:write', 'webinar:write:webinar')],
  ['GET', '/v2/webinars/{webinarId}', both('webinar:read', 'webinar:read:webinar')],
  ['PATCH', '/v2/webinars/{webinarId}', both('webinar:write', 'webinar:update:webinar')],
  ['DELETE', '/v2/webinars/{webinarId}', both('webinar:write', 'webinar:delete:webinar')],
  ['PUT', '/v2/webinars/{webinarId}/status', both('webinar:write', 'webinar:update:status')],
  ['POST', '/v2/webinars/{webinarId}/registrants', both('webinar:write', 'webinar:write:registrant')],
  ['GET', '/v2/webinars/{webinarId}/registrants', both('webinar:read', 'webinar:read:list_registrants')],
  ['PUT', '/v2/webinars/{webinarId}/registrants/status', both('webinar:write', 'webinar:update:registrant_status')],
  ['GET', '/v2/webinars/{webinarId}/panelists', both('webinar:read', 'webinar:read:list_panelists')],
  ['POST', '/v2/webinars/{webinarId}/panelists', both('webinar:write', 'webinar:write:panelist')],
  ['DELETE', '/v2/webinars/{webinarId}/panelists', both('webinar:write', 'webinar:delete:panelist')],
  ['DELETE', '/v2/webinars/{webinarId}/panelists/{panelistId}', both('webinar:write', 'webinar:delete:panelist')],
  ['GET', '/v2/past_meetings/{meetingId}', both('meeting:read', 'meeting:read:past_meeting')],
  ['GET', '/v2/past_meetings/{meetingId}/instances', both('meeting:read', 'meeting:read:list_past_instances')],
  ['GET', '/v2/past_meetings/{meetingId}/participants', both('meeting:read', 'meeting:read:list_past_participants')],
  ['GET', '/v2/past_webinars/{webinarId}/instances', both('webinar:read', 'webinar:read:list_past_instances')],
  ['GET', '/v2/past_webinars/{webinarId}/participants', both('webinar:read', 'webinar:read:list_past_participants')],
  ['GET', '/v2/report/meetings/{meetingId}', ['report:read:admin']],
  ['GET', '/v2/report/meetings/{meetingId}/participants', ['report:read:admin']],
  ['GET', '/v2/report/webinars/{webinarId}', ['report:read:admin']],
  ['GET', '/v2/report/webinars/{webinarId}/participants', ['report:read:admin']],
  ['GET', '/v2/users/{userId}/recordings', both('recording:read', 'cloud_recording:read:list_user_recordings')],
  ['GET', '/v2/meetings/{meetingId}/recordings', both('recording:read', 'cloud_recording:read:list_recording_files')],
  ['DELETE', '/v2/meetings/{meetingId}/recordings', both('recording:write', 'cloud_recording:delete:meeting_recording')],
  ['DELETE', '/v2/meetings/{meetingId}/recordings/{recordingId}', both('recording:write', 'cloud_recording:delete:recording_file')],
];

const ALL_CLASSIC = ['user:read', 'user:write', 'meeting:read', 'meeting:write', 'webinar:read', 'webinar:write', 'recording:read', 'recording:write'];
const ALL_GRANULAR = [...new Set(ROUTES.flatMap(([, , s]) => s.filter((x, i) => i === 2)))];

// The accepted scopes a 4711 message lists, in order.
function listed(r) {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json?.code, 4711, r.text);
  const m = r.json.message.match(/^Invalid access token, does not contain scopes:\[(.*)\]\.$/);
  assert.ok(m, r.text);
  return m[1].split(', ');
}

let plaza, acc, other, alice, bob, aliceClassic, aliceGranular, s2s, otherS2s, bobMeeting, bobWebinar, bobRecorded, otherMeeting;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  other = await createAccount(plaza);
  alice = await createUser(plaza, acc.id);
  bob = await createUser(plaza, acc.id);
  aliceClassic = await userToken(plaza, acc.id, alice.id, ALL_CLASSIC);
  aliceGranular = await userToken(plaza, acc.id, alice.id, ALL_GRANULAR);
  const adminScopes = [...ALL_CLASSIC.map((s) => `${s}:admin`)];
  s2s = await s2sToken(plaza, await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: adminScopes }), acc.id);
  otherS2s = await s2sToken(plaza, await createApp(plaza, other.id, { type: 's2s', redirect_url: undefined, scopes: adminScopes }), other.id);
  const bobTok = await userToken(plaza, acc.id, bob.id, ALL_CLASSIC);
  bobMeeting = await ok(plaza, bobTok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: { settings: { approval_type: 0 } } });
  bobWebinar = await ok(plaza, bobTok, 'POST', '/v2/users/{userId}/webinars', { userId: 'me' }, 201, { body: { settings: { approval_type: 0 } } });
  bobRecorded = await ok(plaza, bobTok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: { settings: { auto_recording: 'cloud' } } });
  await simulateMeeting(plaza, bobRecorded.id);
  otherMeeting = await ok(plaza, otherS2s, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
});
after(async () => { await plaza.stop(); });

// Path parameters naming bob's objects (his recorded meeting for recording routes).
function bobParams(template = '') {
  return {
    userId: bob.id, meetingId: template.includes('/recordings') ? bobRecorded.id : bobMeeting.id, webinarId: bobWebinar.id, assistantId: alice.id,
    panelistId: 'AAAAAAAAAAAAAAAAAAAAAA', recordingId: '00000000-0000-4000-8000-000000000000',
  };
}
const BODIES = {
  'PATCH /v2/users/{userId}': { first_name: 'X' },
  'PATCH /v2/users/{userId}/settings': { recording: { auto_recording: 'none' } },
  'POST /v2/users/{userId}/assistants': { assistants: [{ id: 'x' }] },
  'POST /v2/users/{userId}/meetings': {},
  'PATCH /v2/meetings/{meetingId}': { topic: 'x' },
  'PUT /v2/meetings/{meetingId}/status': { action: 'end' },
  'POST /v2/meetings/{meetingId}/registrants': { first_name: 'x', email: 'x@example.com' },
  'PUT /v2/meetings/{meetingId}/registrants/status': { action: 'approve' },
  'POST /v2/users/{userId}/webinars': {},
  'PATCH /v2/webinars/{webinarId}': { topic: 'x' },
  'PUT /v2/webinars/{webinarId}/status': { action: 'end' },
  'POST /v2/webinars/{webinarId}/registrants': { first_name: 'x', email: 'x@example.com' },
  'PUT /v2/webinars/{webinarId}/registrants/status': { action: 'approve' },
  'POST /v2/webinars/{webinarId}/panelists': { panelists: [{ name: 'x', email: 'x@example.com' }] },
};

test('the_table_above_lists_every_v2_route_and_each_is_a_spec_operation', () => {
  // routes.c is plaza's route table; its V2 rows are what this suite must cover
  const src = readFileSync(new URL('../../src/http/routes.c', import.meta.url), 'utf8');
  // Team Chat's chatbot route and the account's recordings list are not in the Meetings spec files
  // (chat.test.mjs and api_account_recordings.test.mjs cover their scopes)
  const outsideSpec = ['POST /v2/im/chat/messages', 'GET /v2/accounts/{accountId}/recordings'];
  const served = [...src.matchAll(/V2(?:_UPLOAD)?\("(\w+)",\s*"([^"]+)"/g)].map(([, m, p]) => `${m} ${p}`)
    .filter((r) => !outsideSpec.includes(r)).sort();
  assert.ok(served.length >= 36, `found ${served.length} /v2 routes`);
  assert.deepEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort(), served);
  for (const [method, template] of ROUTES) operation(method, template);
});

test('a_token_without_an_accepted_scope_gets_4711_listing_every_accepted_scope', async () => {
  const unrelated = await userToken(plaza, acc.id, alice.id, ['chat_message:read']);
  for (const [method, template, scopes] of ROUTES) {
    const r = await api(plaza, unrelated, method, template, bobParams(), { body: BODIES[`${method} ${template}`] });
    assert.deepEqual(listed(r).sort(), [...scopes].sort(), `${method} ${template}`);
    assert.deepEqual(Object.keys(r.json), ['code', 'message']);
  }
});

test('each_accepted_scope_alone_opens_its_route', async () => {
  // one classic and one granular scope per route, on alice's own objects
  const own = await ok(plaza, aliceClassic, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: {} });
  for (const [method, template, scopes] of ROUTES.filter(([m, t]) => m === 'GET' && /^\/v2\/meetings\/\{meetingId\}$|users\/\{userId\}(\/settings|\/meetings)?$/.test(t))) {
    for (const scope of [scopes[0], scopes[2]]) {
      const t = await userToken(plaza, acc.id, alice.id, [scope]);
      const r = await api(plaza, t, method, template, { userId: 'me', meetingId: own.id });
      assertSpec(r, 200);
    }
  }
});

async function expectAdminOnly(token, who) {
  for (const [method, template, scopes] of ROUTES) {
    if (template === '/v2/users/{userId}/assistants/{assistantId}' || template.endsWith('/panelists/{panelistId}')) continue;
    const r = await api(plaza, token, method, template, bobParams(template), { body: BODIES[`${method} ${template}`] });
    const want = scopes.filter((s) => s.endsWith(':admin'));
    assert.deepEqual(listed(r).sort(), want.sort(), `${who}: ${method} ${fill(template, bobParams(template))}: ${r.text}`);
  }
}

test('a_classic_user_token_on_another_users_objects_gets_4711_with_only_admin_scopes', async () => {
  await expectAdminOnly(aliceClassic, 'classic');
  // bob's objects are untouched
  assert.equal(assertSpec(await api(plaza, s2s, 'GET', '/v2/meetings/{meetingId}', { meetingId: bobMeeting.id }), 200).topic, bobMeeting.topic);
});

test('a_granular_user_token_on_another_users_objects_gets_4711_with_only_admin_scopes', async () => {
  await expectAdminOnly(aliceGranular, 'granular');
});

test('the_same_tokens_act_on_their_own_users_objects', async () => {
  for (const t of [aliceClassic, aliceGranular]) {
    const m = await ok(plaza, t, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: { topic: 'mine' } });
    assert.equal(m.host_id, alice.id);
    assertSpec(await api(plaza, t, 'GET', '/v2/meetings/{meetingId}', { meetingId: m.id }), 200);
    assertSpec(await api(plaza, t, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: m.id }, { body: { topic: 'still mine' } }), 204);
    assertSpec(await api(plaza, t, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }), 204);
    // alice by id and by e-mail is alice herself
    assertSpec(await api(plaza, t, 'GET', '/v2/users/{userId}', { userId: alice.email }), 200);
  }
});

test('a_user_token_cannot_schedule_for_another_user', async () => {
  const r = await api(plaza, aliceClassic, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: { schedule_for: bob.email } });
  assert.deepEqual(listed(r).sort(), ['meeting:write:admin', 'meeting:write:meeting:admin'].sort());
});

test('an_admin_managed_user_level_app_acts_on_other_users', async () => {
  const app = await createApp(plaza, acc.id, { management: 'admin', scopes: ['meeting:read:admin', 'user:read:admin'] });
  const t = (await installUser(plaza, app, acc.owner.id)).access_token; // an admin installs it
  assert.equal(assertSpec(await api(plaza, t, 'GET', '/v2/meetings/{meetingId}', { meetingId: bobMeeting.id }), 200).id, bobMeeting.id);
  assert.equal(assertSpec(await api(plaza, t, 'GET', '/v2/users/{userId}', { userId: bob.id }), 200).id, bob.id);
  assertZoomError(await api(plaza, t, 'GET', '/v2/meetings/{meetingId}', { meetingId: otherMeeting.id }), 404, 3001);
});

test('s2s_tokens_act_on_any_user_of_their_account', async () => {
  const m = await ok(plaza, s2s, 'POST', '/v2/users/{userId}/meetings', { userId: bob.id }, 201, { body: { topic: 'for bob' } });
  assert.equal(m.host_id, bob.id);
  assert.equal(m.host_email, bob.email);
  const byEmail = await ok(plaza, s2s, 'POST', '/v2/users/{userId}/meetings', { userId: bob.email }, 201, { body: {} });
  assert.equal(byEmail.host_id, bob.id);
  const sf = await ok(plaza, s2s, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, 201, { body: { schedule_for: alice.email } });
  assert.equal(sf.host_id, alice.id, 'schedule_for makes alice the host');
  const list = assertSpec(await api(plaza, s2s, 'GET', '/v2/users/{userId}/meetings', { userId: bob.id }), 200);
  assert.ok(list.meetings.some((x) => x.id === m.id));
  assertSpec(await api(plaza, s2s, 'PATCH', '/v2/meetings/{meetingId}', { meetingId: bobMeeting.id }, { body: { agenda: 'set by admin' } }), 204);
  assert.equal(assertSpec(await api(plaza, s2s, 'GET', '/v2/meetings/{meetingId}', { meetingId: bobMeeting.id }), 200).agenda, 'set by admin');
  assertSpec(await api(plaza, s2s, 'GET', '/v2/users/{userId}/settings', { userId: bob.id }), 200);
  assertSpec(await api(plaza, s2s, 'GET', '/v2/meetings/{meetingId}/recordings', { meetingId: bobRecorded.id }), 200);
  assertSpec(await api(plaza, s2s, 'GET', '/v2/users/{userId}/recordings', { userId: bob.id }), 200);
  assertSpec(await api(plaza, s2s, 'POST', '/v2/meetings/{meetingId}/registrants', { meetingId: bobMeeting.id },
                       { body: { first_name: 'Reg', email: 'reg@example.com' } }), 201);
  assertSpec(await api(plaza, s2s, 'DELETE', '/v2/meetings/{meetingId}', { meetingId: m.id }), 204);
});

test('s2s_tokens_see_other_accounts_objects_as_missing', async () => {
  const theirs = other.owner;
  const u = (method, template, params, body) => api(plaza, s2s, method, template, params, { body });
  assertZoomError(await u('GET', '/v2/users/{userId}', { userId: theirs.id }), 404, 1001, `User does not exist: ${theirs.id}.`);
  assertZoomError(await u('GET', '/v2/users/{userId}', { userId: theirs.email }), 404, 1001);
  assertZoomError(await u('PATCH', '/v2/users/{userId}', { userId: theirs.id }, { first_name: 'x' }), 404, 1001);
  assertZoomError(await u('GET', '/v2/users/{userId}/settings', { userId: theirs.id }), 404, 1001);
  assertZoomError(await u('GET', '/v2/users/{userId}/meetings', { userId: theirs.id }), 404, 1001);
  assertZoomError(await u('POST', '/v2/users/{userId}/meetings', { userId: theirs.id }, {}), 404, 1001);
  assertZoomError(await u('GET', '/v2/users/{userId}/recordings', { userId: theirs.id }), 404, 1001);
  assertZoomError(await u('GET', '/v2/users/{userId}/token', { userId: theirs.id }), 404, 1001);
  const mid = { meetingId: otherMeeting.id };
  assertZoomError(await u('GET', '/v2/meetings/{meetingId}', mid), 404, 3001, `Meeting ${otherMeeting.id} is not found or has expired.`);
  assertZoomError(await u('GET', '/v2/meetings/{meetingId}', { meetingId: otherMeeting.uuid }), 404, 3001);
  assertZoomError(await u('PATCH', '/v2/meetings/{meetingId}', mid, { topic: 'x' }), 404, 3001);
  assertZoomError(await u('DELETE', '/v2/meetings/{meetingId}', mid), 404, 3001);
  assertZoomError(await u('PUT', '/v2/meetings/{meetingId}/status', mid, { action: 'end' }), 404, 3001);
  assertZoomError(await u('GET', '/v2/meetings/{meetingId}/registrants', mid), 404, 3001);
  assertZoomError(await u('GET', '/v2/meetings/{meetingId}/recordings', mid), 404, 3301);
  // and the other way round
  assertZoomError(await api(plaza, otherS2s, 'GET', '/v2/meetings/{meetingId}', { meetingId: bobMeeting.id }), 404, 3001);
  assertZoomError(await api(plaza, otherS2s, 'GET', '/v2/webinars/{webinarId}', { webinarId: bobWebinar.id }), 404, 3001);
  assertZoomError(await api(plaza, otherS2s, 'GET', '/v2/webinars/{webinarId}/panelists', { webinarId: bobWebinar.id }), 404, 3001);
  assertZoomError(await api(plaza, otherS2s, 'GET', '/v2/meetings/{meetingId}/recordings', { meetingId: bobRecorded.id }), 404, 3301);
  assertZoomError(await api(plaza, otherS2s, 'DELETE', '/v2/meetings/{meetingId}/recordings', { meetingId: bobRecorded.uuid }), 404, 3301);
  // nothing of theirs changed
  assert.equal(assertSpec(await api(plaza, otherS2s, 'GET', '/v2/meetings/{meetingId}', mid), 200).topic, otherMeeting.topic);
});
