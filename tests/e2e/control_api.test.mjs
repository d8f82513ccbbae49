// plaza's control API (/_plaza): the admin key, accounts, users, apps and the
// virtual clock; validation answered as problem+json naming the fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, control, createAccount, createUser, createApp, token, v2, installUser, assertProblem,
  assertZoomError,
} from './lib/plaza.mjs';

let plaza, c, acc;
let seq = 0;
const tag = () => `ctl-${process.pid}-${++seq}`;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  acc = await createAccount(plaza);
});
after(async () => { await plaza.stop(); });

const newOwner = (extra = {}) => ({ email: `${tag()}@example.test`, first_name: 'Ada', last_name: 'Admin', password: 'owner-password-1', ...extra });
const appBody = (extra = {}) => ({
  account_id: acc.id, name: `App ${tag()}`, type: 'oauth', redirect_url: 'https://app.example.test/cb', scopes: ['user:read'], ...extra,
});

test('missing_or_wrong_admin_key_is_401_problem', async () => {
  const cases = [
    {},
    { authorization: 'Bearer wrong-key-0123456789' },
    { authorization: `Bearer ${plaza.adminKey}x` },
    { authorization: `Bearer ${plaza.adminKey.slice(0, -1)}` },
    { authorization: `Basic ${Buffer.from(`admin:${plaza.adminKey}`).toString('base64')}` },
    { authorization: 'Bearer ' },
  ];
  for (const headers of cases) {
    for (const [method, path, body] of [['GET', '/_plaza/accounts'], ['POST', '/_plaza/accounts', { name: 'x' }],
                                        ['POST', '/_plaza/clock', { advance: 1 }], ['DELETE', `/_plaza/accounts/${acc.id}`]]) {
      const r = await request(plaza, method, path, { headers, body });
      assertProblem(r, 401);
      assert.ok(r.headers.get('www-authenticate'), 'WWW-Authenticate on 401');
    }
  }
  const inQuery = await request(plaza, 'GET', `/_plaza/accounts?admin_key=${plaza.adminKey}`);
  assertProblem(inQuery, 401);
  assert.equal((await c.call('GET', `/accounts/${acc.id}`)).status, 200, 'refused calls changed nothing');
});

test('accounts_create_returns_the_account_and_its_owner', async () => {
  const owner = newOwner();
  const r = await c.call('POST', '/accounts', { name: 'Acme', plan: 'business', owner });
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const a = r.json;
  assert.match(a.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(a.name, 'Acme');
  assert.equal(a.plan, 'business');
  assert.match(a.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(a.owner.email, owner.email);
  assert.equal(a.owner.role, 'owner');
  assert.equal(a.owner.account_id, a.id);
  assert.equal(a.owner.has_password, true);
  assert.equal(a.owner.password, undefined);
  assert.ok(!JSON.stringify(a).includes(owner.password), 'the password never comes back');

  const got = await c.ok('GET', `/accounts/${a.id}`, undefined, 200);
  assert.equal(got.id, a.id);
  assert.equal(got.owner.id, a.owner.id);
  const plan = (await c.ok('POST', '/accounts', { name: 'Default plan', owner: newOwner() }, 201)).plan;
  assert.equal(plan, 'pro');
});

test('accounts_create_validates_and_names_the_fields', async () => {
  assertProblem(await c.call('POST', '/accounts', { plan: 'pro', owner: newOwner() }), 400, 'name');
  assertProblem(await c.call('POST', '/accounts', { name: 'x', plan: 'gold', owner: newOwner() }), 400, 'plan');
  assertProblem(await c.call('POST', '/accounts', { name: 'x' }), 400, 'owner');
  assertProblem(await c.call('POST', '/accounts', { name: 'x', owner: newOwner({ email: 'not-an-email' }) }), 400, 'owner.email');
  assertProblem(await c.call('POST', '/accounts', { name: 'x', owner: newOwner({ password: 'short' }) }), 400, 'owner.password');
  assertProblem(await c.call('POST', '/accounts', { name: 'x', owner: newOwner(), colour: 'blue' }), 400, 'colour');
  assertProblem(await c.call('POST', '/accounts', { name: 42, owner: newOwner() }), 400, 'name');
  assertProblem(await c.call('POST', '/accounts', { name: 'x'.repeat(129), owner: newOwner() }), 400, 'name');
  const nested = await c.call('POST', '/accounts', { name: 'x', owner: { ...newOwner(), shoe_size: 9 } });
  assertProblem(nested, 400);
  assert.match(JSON.stringify(nested.json.errors), /shoe_size/);
});

test('account_owner_email_already_used_is_409', async () => {
  const r = await c.call('POST', '/accounts', { name: 'Dup', owner: newOwner({ email: acc.owner.email.toUpperCase() }) });
  assertProblem(r, 409, 'owner.email');
});

test('account_get_unknown_is_404_problem', async () => {
  assertProblem(await c.call('GET', '/accounts/NoSuchAccount000000000'), 404);
  assertProblem(await c.call('DELETE', '/accounts/NoSuchAccount000000000'), 404);
});

test('accounts_list_paginates_with_next_page_token', async () => {
  const made = [];
  for (let i = 0; i < 5; i++) made.push((await c.ok('POST', '/accounts', { name: `Page ${i}`, owner: newOwner() }, 201)).id);
  const seen = [];
  let next = '';
  let pages = 0;
  do {
    const r = await c.ok('GET', `/accounts?page_size=2${next ? `&next_page_token=${encodeURIComponent(next)}` : ''}`, undefined, 200);
    assert.equal(r.page_size, 2);
    assert.ok(r.accounts.length <= 2);
    assert.equal(typeof r.next_page_token, 'string');
    seen.push(...r.accounts.map((a) => a.id));
    next = r.next_page_token;
    assert.ok(++pages < 50, 'pagination ends');
  } while (next !== '');
  assert.equal(new Set(seen).size, seen.length, 'no account twice');
  for (const id of [...made, acc.id]) assert.ok(seen.includes(id), id);
  const all = await c.ok('GET', '/accounts', undefined, 200);
  assert.equal(all.page_size, 30);
});

test('list_page_size_and_token_are_validated', async () => {
  for (const q of ['page_size=0', 'page_size=301', 'page_size=abc', 'page_size=-1', 'page_size=2&page_size=3', 'next_page_token=']) {
    assertProblem(await c.call('GET', `/accounts?${q}`), 400);
  }
  assert.equal((await c.call('GET', '/accounts?page_size=300')).status, 200);
});

test('users_create_and_duplicate_email_is_409_naming_the_field', async () => {
  const email = `${tag()}@example.test`;
  const u = await c.ok('POST', `/accounts/${acc.id}/users`, { email, first_name: 'Uma', last_name: 'User', role: 'admin', type: 'basic' }, 201);
  assert.equal(u.email, email);
  assert.equal(u.role, 'admin');
  assert.equal(u.type, 'basic');
  assert.equal(u.account_id, acc.id);
  assert.equal(u.has_password, false);
  assert.equal((await c.ok('GET', `/users/${u.id}`, undefined, 200)).email, email);

  const dup = await c.call('POST', `/accounts/${acc.id}/users`, { email: email.toUpperCase(), first_name: 'Other' });
  assertProblem(dup, 409, 'email');
  const other = await createAccount(plaza);
  assertProblem(await c.call('POST', `/accounts/${other.id}/users`, { email }), 409, 'email');
});

test('users_create_validates_and_names_the_fields', async () => {
  const p = `/accounts/${acc.id}/users`;
  assertProblem(await c.call('POST', p, { first_name: 'No mail' }), 400, 'email');
  assertProblem(await c.call('POST', p, { email: `${tag()}@example.test`, role: 'king' }), 400, 'role');
  assertProblem(await c.call('POST', p, { email: `${tag()}@example.test`, type: 'gold' }), 400, 'type');
  assertProblem(await c.call('POST', p, { email: `${tag()}@example.test`, nickname: 'x' }), 400, 'nickname');
  assertProblem(await c.call('POST', p, { email: `${tag()}@example.test`, first_name: 'x'.repeat(65) }), 400, 'first_name');
  const owner = await c.call('POST', p, { email: `${tag()}@example.test`, role: 'owner' });
  assert.ok([400, 409].includes(owner.status), owner.text);
  assertProblem(owner, owner.status, 'role');
  assertProblem(await c.call('POST', '/accounts/NoSuchAccount000000000/users', { email: `${tag()}@example.test` }), 404);
  assertProblem(await c.call('GET', '/users/NoSuchUser000000000000'), 404);
});

test('users_list_paginates', async () => {
  const a = await createAccount(plaza);
  for (let i = 0; i < 3; i++) await c.ok('POST', `/accounts/${a.id}/users`, { email: `${tag()}@example.test` }, 201);
  const first = await c.ok('GET', `/accounts/${a.id}/users?page_size=3`, undefined, 200);
  assert.equal(first.users.length, 3);
  assert.notEqual(first.next_page_token, '');
  const second = await c.ok('GET', `/accounts/${a.id}/users?page_size=3&next_page_token=${first.next_page_token}`, undefined, 200);
  assert.equal(second.users.length, 1);
  assert.equal(second.next_page_token, '');
  const ids = [...first.users, ...second.users].map((u) => u.id);
  assert.equal(new Set(ids).size, 4);
  assert.ok(ids.includes(a.owner.id));
});

test('apps_create_returns_credentials_once_and_get_hides_the_secret', async () => {
  const r = await c.call('POST', '/apps', appBody({ scopes: ['user:read', { scope: 'meeting:read', description: 'To list your meetings' }] }));
  assert.equal(r.status, 201, r.text);
  const a = r.json;
  assert.equal(a.type, 'oauth');
  assert.equal(a.management, 'user');
  assert.equal(a.published, false);
  assert.equal(a.strict_mode, true);
  assert.match(a.credentials.development.client_id, /^[A-Za-z0-9_-]{22}$/);
  assert.match(a.credentials.development.client_secret, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(a.credentials.development.authorize_url,
               `${plaza.url}/oauth/authorize?response_type=code&client_id=${a.credentials.development.client_id}&redirect_uri=${encodeURIComponent(a.redirect_url)}`);
  assert.deepEqual(a.scopes.map((s) => s.scope).sort(), ['meeting:read', 'user:read']);
  assert.equal(a.scopes.find((s) => s.scope === 'meeting:read').description, 'To list your meetings');
  const got = await c.ok('GET', `/apps/${a.id}`, undefined, 200);
  assert.equal(got.credentials.development.client_secret, undefined);
  assert.equal(got.credentials.development.client_id, a.credentials.development.client_id);
  assert.ok(!JSON.stringify(got).includes(a.credentials.development.client_secret));
  assertProblem(await c.call('GET', '/apps/NoSuchApp0000000000000'), 404);
});

test('apps_create_refuses_bad_input_naming_the_fields', async () => {
  const cases = [
    [{ scopes: ['user:read', 'user:teleport'] }, 'scopes[1]'],
    [{ scopes: ['user:read:admin'] }, 'scopes[0]'],
    [{ scopes: ['user:read', 'user:read'] }, 'scopes[1]'],
    [{ scopes: 'user:read' }, 'scopes'],
    [{ redirect_url: 'http://example.com/cb' }, 'redirect_url'],
    [{ redirect_url: 'ftp://example.com/cb' }, 'redirect_url'],
    [{ redirect_url: '/relative/cb' }, 'redirect_url'],
    [{ redirect_url: 'https://user:pw@example.com/cb' }, 'redirect_url'],
    [{ redirect_url: 'https://example.com/cb#frag' }, 'redirect_url'],
    [{ redirect_url: undefined }, 'redirect_url'],
    [{ allow_list: ['http://example.com/other'] }, 'allow_list[0]'],
    [{ type: 'plugin' }, 'type'],
    [{ type: undefined }, 'type'],
    [{ management: 'everyone' }, 'management'],
    [{ type: 's2s', management: 'user', redirect_url: undefined, scopes: [] }, 'management'],
    [{ account_id: 'NoSuchAccount000000000' }, 'account_id'],
    [{ name: '' }, 'name'],
    [{ name: ' padded ' }, 'name'],
    [{ strict_mode: 'yes' }, 'strict_mode'],
    [{ icon: 'x.png' }, 'icon'],
  ];
  for (const [extra, field] of cases) {
    const body = appBody(extra);
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    assertProblem(await c.call('POST', '/apps', body), 400, field);
  }
});

test('apps_create_allows_http_only_for_loopback_redirects', async () => {
  for (const redirect_url of ['http://localhost:3000/cb', 'http://127.0.0.1:8080/oauth/cb']) {
    const r = await c.call('POST', '/apps', appBody({ redirect_url }));
    assert.equal(r.status, 201, r.text);
  }
});

test('apps_create_with_a_taken_name_is_409', async () => {
  const a = await createApp(plaza, acc.id);
  assertProblem(await c.call('POST', '/apps', appBody({ name: a.name })), 409, 'name');
});

test('apps_patch_changes_settings_and_validates', async () => {
  const a = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const p = await c.ok('PATCH', `/apps/${a.id}`, { name: `Renamed ${tag()}`, redirect_url: 'https://new.example.test/cb', scopes: ['user:read', 'meeting:read'] }, 200);
  assert.match(p.name, /^Renamed/);
  assert.equal(p.redirect_url, 'https://new.example.test/cb');
  assert.deepEqual(p.scopes.map((s) => s.scope).sort(), ['meeting:read', 'user:read']);
  assert.equal(p.credentials.development.client_secret, undefined);

  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { scopes: ['user:fly'] }), 400, 'scopes[0]');
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { scopes: ['meeting:read:admin'] }), 400, 'scopes[0]');
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { redirect_url: 'http://example.com/cb' }), 400, 'redirect_url');
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { type: 's2s' }), 400, 'type');
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { account_id: (await createAccount(plaza)).id }), 400, 'account_id');
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { wibble: 1 }), 400, 'wibble');
  assertProblem(await c.call('PATCH', '/apps/NoSuchApp0000000000000', { name: 'x' }), 404);
  const unchanged = await c.ok('GET', `/apps/${a.id}`, undefined, 200);
  assert.equal(unchanged.redirect_url, 'https://new.example.test/cb');

  // an admin-managed app may take admin scopes; going back to user-managed with them is refused
  await c.ok('PATCH', `/apps/${a.id}`, { management: 'admin', scopes: ['user:read:admin'] }, 200);
  assertProblem(await c.call('PATCH', `/apps/${a.id}`, { management: 'user' }), 400, 'management');
});

test('apps_list_filters_by_account_and_paginates', async () => {
  const a = await createAccount(plaza);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await createApp(plaza, a.id)).id);
  const page1 = await c.ok('GET', `/apps?account_id=${a.id}&page_size=2`, undefined, 200);
  assert.equal(page1.apps.length, 2);
  const page2 = await c.ok('GET', `/apps?account_id=${a.id}&page_size=2&next_page_token=${page1.next_page_token}`, undefined, 200);
  assert.equal(page2.next_page_token, '');
  const got = [...page1.apps, ...page2.apps].map((x) => x.id).sort();
  assert.deepEqual(got, ids.sort());
  for (const x of [...page1.apps, ...page2.apps]) assert.equal(x.account_id, a.id);
});

test('app_delete_removes_it_and_its_tokens_stop_working', async () => {
  const a = await createApp(plaza, acc.id);
  const t = await installUser(plaza, a, acc.owner.id);
  assert.equal((await c.call('DELETE', `/apps/${a.id}`)).status, 204);
  assertProblem(await c.call('GET', `/apps/${a.id}`), 404);
  assertZoomError(await v2(plaza, t.access_token, 'GET', '/users/me'), 401, 124);
  const dev = a.credentials.development;
  const r = await token(plaza, dev.client_id, dev.client_secret, { grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.deepEqual(r.json, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  assertProblem(await c.call('DELETE', `/apps/${a.id}`), 404);
});

test('account_delete_removes_users_and_apps_and_their_tokens_stop_working', async () => {
  const d = await createAccount(plaza);
  const member = await createUser(plaza, d.id);
  const app = await createApp(plaza, d.id, { scopes: ['user:read'] });
  const s2s = await createApp(plaza, d.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
  const tOwner = await installUser(plaza, app, d.owner.id);
  const tMember = await installUser(plaza, app, member.id);
  const sc = s2s.credentials.development;
  const tS2s = (await token(plaza, sc.client_id, sc.client_secret, { grant_type: 'account_credentials', account_id: d.id })).json;
  for (const t of [tOwner, tMember, tS2s]) assert.equal((await v2(plaza, t.access_token, 'GET', '/users/me')).status, 200);

  const r = await c.call('DELETE', `/accounts/${d.id}`);
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assertProblem(await c.call('GET', `/accounts/${d.id}`), 404);
  for (const t of [tOwner, tMember, tS2s]) assertZoomError(await v2(plaza, t.access_token, 'GET', '/users/me'), 401, 124);
  for (const a of [app, s2s]) assertProblem(await c.call('GET', `/apps/${a.id}`), 404);
  for (const u of [d.owner, member]) assertProblem(await c.call('GET', `/users/${u.id}`), 404);
  const list = await c.ok('GET', `/apps?account_id=${d.id}`, undefined, 200);
  assert.deepEqual(list.apps, []);
  const again = await token(plaza, sc.client_id, sc.client_secret, { grant_type: 'account_credentials', account_id: d.id });
  assert.deepEqual(again.json, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  // the e-mail is free again
  assert.equal((await c.call('POST', `/accounts/${acc.id}/users`, { email: member.email })).status, 201);
  // other accounts are untouched
  assert.equal((await c.call('GET', `/accounts/${acc.id}`)).status, 200);
});

test('clock_get_and_advance', async () => {
  const before = await c.ok('GET', '/clock', undefined, 200);
  assert.deepEqual(Object.keys(before), ['now', 'now_ms', 'offset_seconds']);
  assert.match(before.now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(Number.isInteger(before.now_ms));
  assert.ok(Math.abs(before.now_ms - Date.now() - before.offset_seconds * 1000) < 5000);
  const after = await c.ok('POST', '/clock', { advance: 3600 }, 200);
  assert.equal(after.offset_seconds, before.offset_seconds + 3600);
  assert.ok(after.now_ms - before.now_ms >= 3600 * 1000);
  assert.ok(after.now_ms - before.now_ms < 3600 * 1000 + 5000);
  assert.equal((await c.ok('GET', '/clock', undefined, 200)).offset_seconds, after.offset_seconds);
});

test('clock_advance_refuses_bad_values', async () => {
  const start = (await c.ok('GET', '/clock', undefined, 200)).offset_seconds;
  for (const body of [{ advance: 0 }, { advance: -60 }, { advance: '60' }, { advance: 1.5 }, { advance: null }, {},
                      { advance: 10 * 366 * 86400 + 1 }, { advance: 1e300 }, { advance: true }, { advance: 60, by: 'me' }]) {
    assertProblem(await c.call('POST', '/clock', body), 400);
  }
  assertProblem(await c.call('POST', '/clock', { advance: '60' }), 400, 'advance');
  assertProblem(await c.call('POST', '/clock', { advance: 60, by: 'me' }), 400, 'by');
  const notJson = await request(plaza, 'POST', '/_plaza/clock', {
    raw: 'advance=60', headers: { authorization: `Bearer ${plaza.adminKey}`, 'content-type': 'application/json' },
  });
  assertProblem(notJson, 400);
  assert.equal((await c.ok('GET', '/clock', undefined, 200)).offset_seconds, start, 'nothing moved');
});

// The statuses docs/control-api.md lists, answered as written there.
test('documented_statuses_415_405_409_422_are_what_plaza_answers', async () => {
  const auth = { authorization: `Bearer ${plaza.adminKey}` };
  const wrongType = await request(plaza, 'POST', '/_plaza/clock', {
    raw: '{"advance":60}', headers: { ...auth, 'content-type': 'text/plain' },
  });
  assertProblem(wrongType, 415);
  assert.equal(wrongType.json.type, 'urn:plaza:problem:invalid-request');
  assert.match(wrongType.json.detail, /application\/json/);

  const method = await request(plaza, 'PUT', '/_plaza/accounts', { headers: auth });
  assertProblem(method, 405);
  assert.match(method.headers.get('allow') ?? '', /GET/);

  const app = await createApp(plaza, acc.id, { name: `Statuses ${tag()}` });
  const notReady = await c.call('POST', `/apps/${app.id}/submit`, {});
  assertProblem(notReady, 422);
  assert.equal(notReady.json.type, 'urn:plaza:problem:not-ready');
  assert.ok(notReady.json.errors.length > 0 && notReady.json.checklist, notReady.text);

  const early = await c.call('POST', `/apps/${app.id}/publish`, {});
  assertProblem(early, 409, 'status');
  assert.equal(early.json.type, 'urn:plaza:problem:conflict');
  assert.match(early.json.errors.find((e) => e.field === 'status').message, /draft; what can happen from here: /);
});

test('validation_messages_name_the_field_and_every_allowed_value', async () => {
  const cases = [
    [await c.call('POST', '/accounts', { name: `Plan ${tag()}`, plan: 'gold', owner: { email: `g-${tag()}@example.test` } }),
      'plan', ['free', 'pro', 'business', 'business_plus', 'enterprise']],
    [await c.call('POST', '/apps', { account_id: acc.id, name: `Type ${tag()}`, type: 'bot' }),
      'type', ['oauth', 's2s', 'webhook', 'chatbot']],
    [await c.call('GET', '/apps?status=live'),
      'status', ['draft', 'submitted', 'in_review', 'approved', 'published', 'rejected', 'withdrawn']],
    [await c.call('GET', '/deliveries?status=lost'), 'status', ['pending', 'sending', 'retrying', 'delivered', 'failed']],
    [await c.call('GET', '/deauthorizations?status=late'), 'status', ['open', 'overdue', 'completed']],
    [await c.call('GET', '/share-requests?status=maybe'), 'status', ['pending', 'approved', 'denied']],
    [await c.call('POST', `/accounts/${acc.id}/users`, { email: `r-${tag()}@example.test`, role: 'boss' }),
      'role', ['admin', 'member']],
  ];
  for (const [r, field, values] of cases) {
    assertProblem(r, 400, field);
    const message = r.json.errors.find((e) => e.field === field).message;
    for (const v of values) assert.match(message, new RegExp(`\\b${v}\\b`), `${field}: ${message}`);
  }
  // a filter given twice: the message names the filters
  for (const [path, names] of [['/deliveries?app_id=a&app_id=b', ['app_id', 'event', 'status', 'subscription_id']],
                               ['/deauthorizations?status=open&status=open', ['app_id', 'status']],
                               ['/installs?user_id=a&user_id=b', ['app_id', 'account_id', 'user_id']]]) {
    const r = await c.call('GET', path);
    assertProblem(r, 400);
    for (const n of names) assert.ok(r.json.detail.includes(n), `${path}: ${r.json.detail}`);
  }
  // an unknown event type says where the known ones are listed
  const app = await createApp(plaza, acc.id, { name: `Events ${tag()}` });
  const sub = await c.call('POST', `/apps/${app.id}/event_subscriptions`, {
    url: 'http://127.0.0.1:9/hook', events: ['meeting.exploded'], secret_token: 'secret-token-1' });
  assertProblem(sub, 400, 'events[0]');
  assert.match(sub.json.errors[0].message, /unknown event type 'meeting\.exploded': .*api-coverage\.md#events/);
});
