// Users through /v2 (zoom-wire §2.5–§2.7): the user object, profile updates,
// settings and their option views, assistants, the ZAK token endpoint and the
// SSO token revocation. Success bodies are checked against Zoom's spec.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, createApp, userToken, s2sToken, decodeJwt, assertZoomError,
} from './lib/plaza.mjs';
import { api, ok, assertSpec, assertValidation } from './lib/openapi.mjs';

const USER = '/v2/users/{userId}';
const SETTINGS = '/v2/users/{userId}/settings';
const ASSISTANTS = '/v2/users/{userId}/assistants';
const ASSISTANT = '/v2/users/{userId}/assistants/{assistantId}';
const TOKEN = '/v2/users/{userId}/token';
const SCOPES = ['user:read', 'user:write'];

let plaza, acc, owner, member, tok, admin;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  owner = acc.owner;
  member = await createUser(plaza, acc.id);
  tok = await userToken(plaza, acc.id, member.id, SCOPES);
  const app = await createApp(plaza, acc.id, {
    type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'user:write:admin'],
  });
  admin = await s2sToken(plaza, app, acc.id);
});
after(async () => { await plaza.stop(); });

const getUser = (t, userId = 'me') => api(plaza, t, 'GET', USER, { userId });

test('get_user_returns_zooms_user_object_for_me_id_and_email', async () => {
  const u = assertSpec(await getUser(tok), 200);
  assert.equal(u.id, member.id);
  assert.equal(u.email, member.email);
  assert.equal(u.first_name, 'Uma');
  assert.equal(u.last_name, 'User');
  assert.equal(u.display_name, 'Uma User');
  assert.equal(u.type, 2);
  assert.equal(u.role_name, 'Member');
  assert.equal(u.account_id, acc.id);
  assert.equal(u.status, 'active');
  assert.equal(u.verified, 1);
  assert.ok(Number.isInteger(u.pmi) && String(u.pmi).length === 10);
  assert.match(u.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(u.jid, `${u.id.toLowerCase()}@xmpp.zoom.us`);
  assert.deepEqual(u.login_types, [100]);
  assert.deepEqual(Object.keys(u).slice(0, 8), ['id', 'first_name', 'last_name', 'display_name', 'email', 'type', 'role_name', 'pmi']);
  assert.deepEqual(assertSpec(await getUser(tok, member.id), 200), u);
  assert.deepEqual(assertSpec(await getUser(tok, member.email), 200), u);
  const o = assertSpec(await getUser(admin, 'me'), 200);
  assert.equal(o.id, owner.id, 'an S2S token\'s me is the account owner');
  assert.equal(o.role_name, 'Owner');
});

test('unknown_user_is_404_code_1001', async () => {
  assertZoomError(await getUser(admin, 'nobody@example.test'), 404, 1001, 'User does not exist: nobody@example.test.');
  assertZoomError(await getUser(admin, 'AAAAAAAAAAAAAAAAAAAAAA'), 404, 1001);
});

test('patch_user_is_204_and_changes_the_profile', async () => {
  const u = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, u.id, SCOPES);
  const r = await api(plaza, t, 'PATCH', USER, { userId: 'me' }, {
    body: { first_name: 'Jill', last_name: 'Chill', timezone: 'Europe/Prague', dept: 'R&D', job_title: 'Engineer',
            location: 'Prague', company: 'Plaza', pronouns: 'she/her', use_pmi: true },
  });
  assertSpec(r, 204);
  const g = assertSpec(await getUser(t), 200);
  assert.equal(g.first_name, 'Jill');
  assert.equal(g.last_name, 'Chill');
  assert.equal(g.display_name, 'Jill Chill');
  assert.equal(g.timezone, 'Europe/Prague');
  assert.equal(g.dept, 'R&D');
  assert.equal(g.job_title, 'Engineer');
  assert.equal(g.location, 'Prague');
  assert.equal(g.company, 'Plaza');
  assert.equal(g.pronouns, 'she/her');
  assert.equal(g.use_pmi, true);
  assert.equal(g.email, u.email, 'what the request did not name stays');
  // display_name can be set on its own
  assertSpec(await api(plaza, t, 'PATCH', USER, { userId: 'me' }, { body: { display_name: 'JC' } }), 204);
  assert.equal(assertSpec(await getUser(t), 200).display_name, 'JC');
  // a new PMI
  assertSpec(await api(plaza, t, 'PATCH', USER, { userId: 'me' }, { body: { pmi: 5551234567 } }), 204);
  assert.equal(assertSpec(await getUser(t), 200).pmi, 5551234567);
});

test('patch_user_refuses_bad_fields_and_changes_nothing', async () => {
  const u = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, u.id, SCOPES);
  const patch = (body) => api(plaza, t, 'PATCH', USER, { userId: 'me' }, { body });
  assertValidation(await patch({ first_name: 'x'.repeat(65) }), ['first_name']);
  assertValidation(await patch({ first_name: 7 }), ['first_name']);
  assertValidation(await patch({ timezone: 'Nowhere/Land', first_name: 'Changed' }), ['timezone']);
  assertValidation(await patch({ pmi: 12345 }), ['pmi']);
  assertValidation(await patch({ type: 7 }), ['type']);
  assertValidation(await patch({ pronouns_option: 9 }), ['pronouns_option']);
  assertValidation(await patch({ phone_numbers: [{ label: 'Pager' }] }), ['phone_numbers[0].label']);
  // only an admin changes the licence type
  assertValidation(await patch({ type: 1 }), ['type']);
  const g = assertSpec(await getUser(t), 200);
  assert.equal(g.first_name, 'Uma');
  assert.equal(g.type, 2);
  assertSpec(await api(plaza, admin, 'PATCH', USER, { userId: u.id }, { body: { type: 1 } }), 204);
  assert.equal(assertSpec(await getUser(t), 200).type, 1);
  const empty = await api(plaza, t, 'PATCH', USER, { userId: 'me' }, { headers: { 'content-type': 'application/json' } });
  assertZoomError(empty, 400, 300, 'Request Body should be a valid JSON object.');
});

test('settings_get_returns_zooms_groups_and_patch_merges', async () => {
  const u = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, u.id, SCOPES);
  const s = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }), 200);
  for (const g of ['schedule_meeting', 'in_meeting', 'email_notification', 'recording', 'telephony', 'feature', 'tsp', 'profile']) {
    assert.equal(typeof s[g], 'object', g);
  }
  assert.equal(s.recording.auto_recording, 'none');
  assert.equal(s.feature.webinar, true, 'a licensed user has the webinar feature');
  const r = await api(plaza, t, 'PATCH', SETTINGS, { userId: 'me' }, {
    body: { recording: { auto_recording: 'cloud' }, in_meeting: { waiting_room: true, who_can_share_screen: 'all' } },
  });
  assertSpec(r, 204);
  const s2 = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }), 200);
  assert.equal(s2.recording.auto_recording, 'cloud');
  assert.equal(s2.recording.cloud_recording, s.recording.cloud_recording, 'the group merges');
  assert.equal(s2.in_meeting.waiting_room, true);
  assert.equal(s2.in_meeting.who_can_share_screen, 'all');
  assert.equal(s2.in_meeting.chat, s.in_meeting.chat);
  // a basic user has no webinar feature
  const basic = await createUser(plaza, acc.id, { type: 'basic' });
  const sb = assertSpec(await api(plaza, admin, 'GET', SETTINGS, { userId: basic.id }), 200);
  assert.equal(sb.feature.webinar, false);
});

test('settings_option_meeting_security_reads_and_writes_that_group', async () => {
  const u = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, u.id, SCOPES);
  const q = { option: 'meeting_security' };
  const s = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }, { query: q }), 200);
  assert.deepEqual(Object.keys(s), ['meeting_security']);
  assert.equal(s.meeting_security.waiting_room, false);
  assert.equal(s.meeting_security.encryption_type, 'enhanced_encryption');
  assertSpec(await api(plaza, t, 'PATCH', SETTINGS, { userId: 'me' }, { query: q, body: { meeting_security: { waiting_room: true } } }), 204);
  const s2 = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }, { query: q }), 200);
  assert.equal(s2.meeting_security.waiting_room, true);
  assert.equal(s2.meeting_security.meeting_password, s.meeting_security.meeting_password);
  // the authentication views
  const a = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }, { query: { option: 'meeting_authentication' } }), 200);
  assert.ok(Array.isArray(a.authentication_options));
  assertValidation(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }, { query: { option: 'everything' } }), ['option']);
  assertValidation(await api(plaza, t, 'PATCH', SETTINGS, { userId: 'me' }, { query: { option: 'everything' }, body: {} }), ['option']);
});

test('settings_patch_refuses_unknown_enum_values', async () => {
  const u = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, u.id, SCOPES);
  const r = await api(plaza, t, 'PATCH', SETTINGS, { userId: 'me' }, { body: { recording: { auto_recording: 'bogus' } } });
  assertValidation(r, ['recording.auto_recording']);
  const s = assertSpec(await api(plaza, t, 'GET', SETTINGS, { userId: 'me' }), 200);
  assert.equal(s.recording.auto_recording, 'none');
});

test('assistants_add_list_delete_one_and_all', async () => {
  const boss = await createUser(plaza, acc.id);
  const a1 = await createUser(plaza, acc.id);
  const a2 = await createUser(plaza, acc.id);
  const a3 = await createUser(plaza, acc.id);
  const t = await userToken(plaza, acc.id, boss.id, SCOPES);
  const listed = async () => assertSpec(await api(plaza, t, 'GET', ASSISTANTS, { userId: 'me' }), 200).assistants;
  assert.deepEqual(await listed(), []);
  const add = await ok(plaza, t, 'POST', ASSISTANTS, { userId: 'me' }, 201, {
    body: { assistants: [{ id: a1.id }, { email: a2.email }, { email: a3.email }] },
  });
  assert.deepEqual(add.ids.split(','), [a1.id, a2.id, a3.id]);
  assert.match(add.add_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const all = await listed();
  assert.deepEqual(all.map((a) => a.id).sort(), [a1.id, a2.id, a3.id].sort());
  for (const a of all) assert.equal(a.email, [a1, a2, a3].find((x) => x.id === a.id).email);
  // adding one again changes nothing
  await ok(plaza, t, 'POST', ASSISTANTS, { userId: 'me' }, 201, { body: { assistants: [{ id: a1.id }] } });
  assert.equal((await listed()).length, 3);
  assertSpec(await api(plaza, t, 'DELETE', ASSISTANT, { userId: 'me', assistantId: a2.id }), 204);
  assert.deepEqual((await listed()).map((a) => a.id).sort(), [a1.id, a3.id].sort());
  assertZoomError(await api(plaza, t, 'DELETE', ASSISTANT, { userId: 'me', assistantId: a2.id }), 404, 1001);
  assertSpec(await api(plaza, t, 'DELETE', ASSISTANTS, { userId: 'me' }), 204);
  assert.deepEqual(await listed(), []);
  assertSpec(await api(plaza, t, 'DELETE', ASSISTANTS, { userId: 'me' }), 204);
});

test('assistants_refuses_bad_lists_and_free_accounts', async () => {
  const t = tok;
  const add = (body) => api(plaza, t, 'POST', ASSISTANTS, { userId: 'me' }, { body });
  assertValidation(await add({ assistants: [] }), ['assistants']);
  assertValidation(await add({ assistants: 'x' }), ['assistants']);
  assertValidation(await add({ assistants: [{ email: 'stranger@example.test' }] }), ['assistants[0]']);
  assertValidation(await add({ assistants: [{ id: member.id }] }), ['assistants[0]']);
  const other = await createAccount(plaza);
  assertValidation(await add({ assistants: [{ id: other.owner.id }] }), ['assistants[0]']);
  assert.deepEqual(assertSpec(await api(plaza, t, 'GET', ASSISTANTS, { userId: 'me' }), 200).assistants, []);
  // assistants are a paid feature
  const free = await createAccount(plaza, { plan: 'free' });
  const fu = await createUser(plaza, free.id);
  const ft = await userToken(plaza, free.id, free.owner.id, SCOPES);
  assertZoomError(await api(plaza, ft, 'POST', ASSISTANTS, { userId: 'me' }, { body: { assistants: [{ id: fu.id }] } }), 400, 200);
});

test('token_type_zak_returns_a_zak_with_the_requested_ttl', async () => {
  const get = (query) => api(plaza, tok, 'GET', TOKEN, { userId: 'me' }, { query });
  const zak = assertSpec(await get({ type: 'zak' }), 200);
  assert.deepEqual(Object.keys(zak), ['token']);
  const { header, payload } = decodeJwt(zak.token);
  assert.equal(header.alg, 'HS256');
  assert.equal(header.sv, '000001');
  assert.equal(header.zm_skm, 'zm_o2m');
  assert.equal(payload.aud, 'clientsm');
  assert.equal(payload.iss, 'web');
  assert.equal(payload.uid, member.id);
  assert.equal(payload.aid, acc.id);
  assert.equal(payload.exp - payload.iat, 7200, 'two hours by default');
  const custom = decodeJwt(assertSpec(await get({ type: 'zak', ttl: 600 }), 200).token).payload;
  assert.equal(custom.exp - custom.iat, 600);
  const year = decodeJwt(assertSpec(await get({ type: 'zak', ttl: 31536000 }), 200).token).payload;
  assert.equal(year.exp - year.iat, 31536000, 'at most one year');
  for (const ttl of ['0', '-5', '31536001', 'abc', '1.5']) assertValidation(await get({ type: 'zak', ttl }), ['ttl']);
  assertValidation(await get({ type: 'sso' }), ['type']);
  // type defaults to token, still a token string
  assert.equal(typeof assertSpec(await get(), 200).token, 'string');
  assert.equal(typeof assertSpec(await get({ type: 'token' }), 200).token, 'string');
  // an admin reads another user's ZAK
  const other = decodeJwt(assertSpec(await api(plaza, admin, 'GET', TOKEN, { userId: member.id }, { query: { type: 'zak' } }), 200).token);
  assert.equal(other.payload.uid, member.id);
});

test('delete_token_is_204', async () => {
  assertSpec(await api(plaza, tok, 'DELETE', TOKEN, { userId: 'me' }), 204);
  assertSpec(await api(plaza, admin, 'DELETE', TOKEN, { userId: member.id }), 204);
  assertZoomError(await api(plaza, admin, 'DELETE', TOKEN, { userId: 'ghost@example.test' }), 404, 1001);
  // the OAuth token that made the call still works: it revokes SSO tokens, not OAuth ones
  assertSpec(await getUser(tok), 200);
});

test('the_account_lists_its_users_to_an_account_level_token_paged_and_filtered', async () => {
  const LIST = '/v2/users';
  const other = await createAccount(plaza);
  const admins = [await createUser(plaza, acc.id, { role: 'admin' })];
  for (let i = 0; i < 3; i++) await createUser(plaza, acc.id);
  const all = await ok(plaza, admin, 'GET', LIST, {}, 200);
  const ids = all.users.map((u) => u.id);
  assert.equal(all.total_records, all.users.length);
  assert.ok(all.users.length >= 6, `${all.users.length} users`);
  assert.deepEqual(ids, [...ids].sort(), 'in id order');
  assert.ok(ids.includes(owner.id) && ids.includes(member.id) && ids.includes(admins[0].id));
  assert.ok(!ids.includes(other.owner.id), 'another account\'s users never show');
  const mine = all.users.find((u) => u.id === member.id);
  assert.equal(mine.email, member.email);
  assert.equal(mine.type, 2);
  assert.equal(mine.status, 'active');
  assert.equal(mine.role_id, '2');
  assert.equal(mine.host_key, undefined);
  assert.equal(mine.account_id, undefined, 'the list\'s items are not the whole user object');
  // pages by token, and by the deprecated page_number
  const seen = [];
  let token = '';
  let pages = 0;
  do {
    const r = await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { page_size: 2, next_page_token: token || undefined } });
    assert.equal(r.page_count, Math.ceil(all.total_records / 2));
    seen.push(...r.users.map((u) => u.id));
    token = r.next_page_token;
    pages++;
  } while (token && pages < 20);
  assert.deepEqual(seen, ids);
  const second = await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { page_size: 2, page_number: 2 } });
  assert.deepEqual(second.users.map((u) => u.id), ids.slice(2, 4));
  assert.equal(second.page_number, 2);
  // role_id: Zoom's built-in roles
  const owners = await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { role_id: '0' } });
  assert.deepEqual(owners.users.map((u) => u.id), [owner.id]);
  const adminsOnly = await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { role_id: '1' } });
  assert.deepEqual(adminsOnly.users.map((u) => u.id), admins.map((u) => u.id));
  assert.equal((await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { role_id: 'custom-role' } })).total_records, 0);
  assert.equal((await ok(plaza, admin, 'GET', LIST, {}, 200, { query: { status: 'inactive' } })).total_records, 0);
  // bad input
  assertValidation(await api(plaza, admin, 'GET', LIST, {}, { query: { status: 'asleep' } }), ['status']);
  assertZoomError(await api(plaza, admin, 'GET', LIST, {}, { query: { next_page_token: 'forged' } }), 400, 300);
  assertValidation(await api(plaza, admin, 'GET', LIST, {}, { query: { page_size: 'lots' } }), ['page_size']);
  // a user-level token lists nothing: the route takes account-level scopes only
  const r = await api(plaza, tok, 'GET', LIST, {});
  assert.equal(r.json?.code, 4711, r.text);
});
