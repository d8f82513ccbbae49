// Who may do what on /_plaza (docs/access.md): sessions and their CSRF token,
// personal access tokens, sign-in slowing, the roles, and route by route for
// every role: another account's objects are 404, never 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  startPlaza, control, createAccount, createUser, createApp, request, assertProblem, advanceClock, installUser, v2,
  userToken,
} from './lib/plaza.mjs';
import { signIn, asSession, asToken, OWNER_PASSWORD } from './lib/people.mjs';

let plaza, c, A, B;

// Account A has the objects; account B's people try to reach them.
before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  A = { acc: await createAccount(plaza) };
  A.admin = await createUser(plaza, A.acc.id, { role: 'admin' });
  A.member = await createUser(plaza, A.acc.id);
  A.app = await createApp(plaza, A.acc.id, { scopes: ['meeting:read', 'meeting:write', 'user:read'] });
  const tok = await userToken(plaza, A.acc.id, A.acc.owner.id, ['meeting:read', 'meeting:write']);
  A.meeting = (await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Theirs' })).json;
  await installUser(plaza, A.app, A.member.id);
  A.install = (await c.ok('GET', `/installs?app_id=${A.app.id}`)).installs[0];
  await c.ok('POST', `/apps/${A.app.id}/event_subscriptions`, {
    url: 'https://hooks.example.test/zoom', events: ['meeting.created'], secret_token: 'a-secret-token-0123456789',
  });
  A.delivery = (await c.ok('GET', `/deliveries?app_id=${A.app.id}`)).deliveries[0];

  B = { acc: await createAccount(plaza) };
  B.owner = B.acc.owner;
  B.admin = await createUser(plaza, B.acc.id, { role: 'admin' });
  B.member = await createUser(plaza, B.acc.id);
  B.reviewer = await createUser(plaza, B.acc.id);
  await c.ok('PUT', `/reviewers/${B.reviewer.id}`);
  B.operator = await createUser(plaza, B.acc.id);
  await c.ok('PUT', `/operators/${B.operator.id}`);
  B.as = {
    owner: await signIn(plaza, B.owner.email, OWNER_PASSWORD),
    admin: await signIn(plaza, B.admin.email),
    member: await signIn(plaza, B.member.email),
    reviewer: await signIn(plaza, B.reviewer.email),
  };
});
after(async () => { await plaza.stop(); });

// The control routes and their rules, as the binary has them (`plaza routes`).
function controlRoutes() {
  return execFileSync(plaza.bin ?? process.env.PLAZA_BIN, ['routes'], { encoding: 'utf8' }).trim().split('\n')
    .map((l) => l.split(' '))
    .filter(([, , surface]) => surface === 'control')
    .map(([method, pattern, , rule]) => {
      const [level, object, from, name, flags] = rule.split(':');
      return { method, pattern, level, object, from, name, flags: flags.split(',').filter(Boolean) };
    });
}

// A's object of each kind, by the parameter that names it.
function theirs(kind) {
  return { account: A.acc.id, app: A.app.id, user: A.member.id, meeting: String(A.meeting.id),
           delivery: String(A.delivery.id), install: String(A.install.id) }[kind];
}
const filler = { env: 'development', kind: 'preview', mediaId: 'm1', subscriptionId: 's1', participantId: 'p1',
                 requestId: 'r1', faultId: 'f1', tokenId: 't1' };

function requestFor(route) {
  let path = route.pattern.replace(/^\/_plaza/, '');
  let body;
  path = path.replace(/\{(\w+)\}/g, (_, p) => {
    if (route.from === 'path' && p === route.name) return encodeURIComponent(theirs(route.object));
    if (p === 'accountId') return A.acc.id;
    if (p === 'appId') return A.app.id;
    if (p === 'userId') return A.member.id;
    return filler[p] ?? 'x';
  });
  if (route.from === 'query' && route.object !== '-') path += `?${route.name}=${encodeURIComponent(theirs(route.object))}`;
  if (route.from === 'body' && route.object !== '-') body = { [route.name]: theirs(route.object) };
  else if (!['GET', 'DELETE'].includes(route.method)) body = {};
  return { path, body };
}

test('every_route_answers_404_for_another_accounts_object_to_every_role_of_another_account', async () => {
  const routes = controlRoutes();
  assert.ok(routes.length > 90, `control routes: ${routes.length}`);
  let checked = 0;
  for (const route of routes.filter((r) => r.object !== '-')) {
    const { path, body } = requestFor(route);
    for (const [role, who] of Object.entries(B.as)) {
      const r = await who.call(route.method, path, body);
      const reviewerMay = role === 'reviewer' && route.level === 'reviewer';
      if (reviewerMay) {
        assert.notEqual(r.status, 404, `${role} ${route.method} ${path}: ${r.text}`);
        assert.notEqual(r.status, 401);
      } else {
        assert.equal(r.status, 404, `${role} ${route.method} ${route.pattern} as ${path}: ${r.status} ${r.text}`);
        assert.match(r.headers.get('content-type'), /problem\+json/);
      }
      checked++;
    }
  }
  assert.ok(checked > 200, `checked ${checked}`);
});

test('a_foreign_object_and_an_unknown_one_get_the_same_answer', async () => {
  const foreign = await B.as.owner.call('GET', `/apps/${A.app.id}`);
  const unknown = await B.as.owner.call('GET', `/apps/${A.app.id.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))}`);
  assert.equal(foreign.status, 404);
  assert.equal(unknown.status, 404);
  assert.equal(foreign.json.type, unknown.json.type);
  assert.equal(foreign.json.title, unknown.json.title);
});

test('operator_only_routes_are_403_to_every_role_but_the_operator_and_the_operator_role_may_do_everything', async () => {
  const routes = controlRoutes().filter((r) => r.level === 'operator' && r.object === '-');
  assert.ok(routes.length >= 10);
  for (const route of routes) {
    const { path, body } = requestFor(route);
    for (const [role, who] of Object.entries(B.as)) {
      const r = await who.call(route.method, path, body);
      assertProblem(r, 403);
      assert.match(r.json.detail, /operator role/, `${role} ${route.method} ${route.pattern}`);
    }
  }
  const op = await signIn(plaza, B.operator.email);
  assert.equal((await op.call('GET', '/accounts')).status, 200);
  assert.equal((await op.call('GET', `/apps/${A.app.id}`)).status, 200, 'an operator reaches every account');
  assert.equal((await op.call('GET', '/faults')).status, 200);
  const me = await op.ok('GET', '/session');
  assert.deepEqual(me.roles, { reviewer: false, operator: true });
});

test('within_an_account_members_read_admins_govern_and_a_lacking_role_is_403', async () => {
  const acc = await createAccount(plaza);
  const admin = await createUser(plaza, acc.id, { role: 'admin' });
  const m1 = await createUser(plaza, acc.id), m2 = await createUser(plaza, acc.id);
  const [asAdmin, as1, as2] = [await signIn(plaza, admin.email), await signIn(plaza, m1.email), await signIn(plaza, m2.email)];
  // a member creates an app in their account and manages it; another member reads it but may not change it
  const mine = await as1.ok('POST', '/apps', { account_id: acc.id, name: `Mine ${Date.now()}`, type: 'oauth',
                                                 redirect_url: 'https://m1.example.test/cb', scopes: ['user:read'] }, 201);
  assert.equal((await as1.call('PATCH', `/apps/${mine.id}`, { name: `Mine renamed ${Date.now()}` })).status, 200);
  assert.equal((await as2.call('GET', `/apps/${mine.id}`)).status, 200);
  const denied = await as2.call('PATCH', `/apps/${mine.id}`, { name: 'Not yours' });
  assertProblem(denied, 403);
  assert.match(denied.json.detail, /Marketplace permissions role, or the app's creator/);
  assert.equal((await asAdmin.call('PATCH', `/apps/${mine.id}`, { strict_mode: false })).status, 200, 'admins manage every app');
  // the list is the caller's account unless a filter names another (404)
  const list = await as2.ok('GET', '/apps');
  assert.ok(list.apps.every((a) => a.account_id === acc.id) && list.apps.some((a) => a.id === mine.id));
  assert.equal((await as2.call('GET', `/apps?account_id=${A.acc.id}`)).status, 404);
  // an app for another account is refused as if it did not exist
  assert.equal((await as1.call('POST', '/apps', { account_id: A.acc.id, name: 'Elsewhere', type: 's2s' })).status, 404);
  // governance: members 403, admins allowed
  assertProblem(await as1.call('PATCH', `/accounts/${acc.id}/app-policy`, { require_preapproval: true }), 403);
  assert.equal((await asAdmin.call('PATCH', `/accounts/${acc.id}/app-policy`, { require_preapproval: true })).status, 200);
  assertProblem(await as1.call('POST', `/accounts/${acc.id}/users`, { email: `x${Date.now()}@example.test`,
                                                                    first_name: 'X', last_name: 'Y' }), 403);
  // the acting user is the signed-in one: naming another is refused, leaving it out means them
  assertProblem(await as2.call('POST', `/apps/${mine.id}/withdraw`, { actor: m1.id }), 403);
  const named = await as1.call('PUT', `/accounts/${acc.id}/marketplace-permissions/${m2.id}`, { actor: admin.id });
  assertProblem(named, 403);
  await asAdmin.ok('PUT', `/accounts/${acc.id}/marketplace-permissions/${m2.id}`, {});
  assert.equal((await as2.call('PATCH', `/apps/${mine.id}`, { strict_mode: true })).status, 200,
               'the Marketplace permissions role manages every app of the account');
});

test('a_session_is_a_cookie_with_a_csrf_token_that_every_change_needs', async () => {
  const r = await request(plaza, 'POST', '/_plaza/session', { body: { email: B.member.email, password: 'user-password-1' } });
  assert.equal(r.status, 201);
  const line = r.headers.getSetCookie().find((l) => l.startsWith('plaza_session='));
  assert.match(line, /HttpOnly/);
  assert.match(line, /SameSite=Lax/);
  assert.match(line, /Path=\//);
  assert.doesNotMatch(line, /Secure/, 'http public URL');
  assert.equal(r.json.user.email, B.member.email);
  assert.equal(typeof r.json.csrf_token, 'string');
  const s = asSession(plaza, line.split(';')[0], r.json.csrf_token);
  const name = `Csrf ${Date.now()}`;
  const body = { account_id: B.acc.id, name, type: 'oauth', redirect_url: 'https://csrf.example.test/cb' };
  for (const headers of [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': r.json.csrf_token + 'x' }]) {
    const bad = await s.call('POST', '/apps', body, { csrf: false, headers });
    assertProblem(bad, 403);
    assert.equal(bad.json.error, 'csrf');
  }
  assert.equal((await c.call('GET', `/apps?account_id=${B.acc.id}`)).json.apps.some((a) => a.name === name), false,
               'nothing was created');
  assert.equal((await s.call('POST', '/apps', body)).status, 201);
  // reads need no token; signing out ends the session
  assert.equal((await s.call('GET', '/session')).status, 200);
  assert.equal((await s.call('DELETE', '/session')).status, 204);
  assertProblem(await s.call('GET', '/apps'), 401);
  // forged and garbage cookies are 401 on protected routes, ignored on the sign-in route
  const forged = asSession(plaza, 'plaza_session=' + 'A'.repeat(43), 'x');
  assertProblem(await forged.call('GET', '/apps'), 401);
  assertProblem(await asSession(plaza, 'plaza_session=%00%ff', 'x').call('GET', '/apps'), 401);
  assert.equal((await request(plaza, 'POST', '/_plaza/session', {
    body: { email: B.member.email, password: 'user-password-1' }, headers: { cookie: forged.cookie } })).status, 201);
  assertProblem(await request(plaza, 'GET', '/_plaza/apps'), 401);
});

test('failed_sign_ins_slow_the_next_ones_down_until_the_wait_is_over', async () => {
  const u = await createUser(plaza, B.acc.id);
  const wrong = () => request(plaza, 'POST', '/_plaza/session', { body: { email: u.email.toUpperCase(), password: 'nope' } });
  for (let i = 0; i < 5; i++) assertProblem(await wrong(), 401);
  const slowed = await request(plaza, 'POST', '/_plaza/session', { body: { email: u.email, password: 'user-password-1' } });
  assertProblem(slowed, 429);
  // the virtual clock runs with real time: a second may pass between the last failure and this try
  assert.match(slowed.json.detail, /try again in (29|30) seconds/);
  // the OAuth sign-in page counts the same failures
  await advanceClock(plaza, 31);
  assert.equal((await request(plaza, 'POST', '/_plaza/session', { body: { email: u.email, password: 'user-password-1' } })).status, 201);
  // bad bodies are named
  assertProblem(await request(plaza, 'POST', '/_plaza/session', { body: { email: u.email } }), 400, ['password']);
  assertProblem(await request(plaza, 'POST', '/_plaza/session', { body: { email: 5, password: 'x' } }), 400, ['email']);
});

test('personal_access_tokens_act_as_their_user_until_revoked', async () => {
  const s = B.as.member;
  const made = await s.ok('POST', '/tokens', { name: 'ci' }, 201);
  assert.match(made.token, /^plz_[A-Za-z0-9_-]{43}$/);
  const t = asToken(plaza, made.token);
  const me = await t.ok('GET', '/session');
  assert.equal(me.user.id, B.member.id);
  assert.equal((await t.call('GET', `/apps/${A.app.id}`)).status, 404, 'a token is its user: not their account');
  assert.equal((await t.call('POST', '/apps', { account_id: B.acc.id, name: `Tok ${Date.now()}`, type: 's2s' })).status,
               201, 'no CSRF token with a bearer token');
  const list = await t.ok('GET', '/tokens');
  assert.ok(list.tokens.some((x) => x.id === made.id && x.last_used_at) && list.tokens.every((x) => !x.token));
  // by e-mail and password, as `plaza login` does
  const byPassword = await request(plaza, 'POST', '/_plaza/tokens', {
    body: { name: 'laptop', email: B.member.email, password: 'user-password-1' } });
  assert.equal(byPassword.status, 201);
  assertProblem(await request(plaza, 'POST', '/_plaza/tokens', { body: { name: 'x', email: B.member.email, password: 'no' } }), 401);
  assertProblem(await request(plaza, 'POST', '/_plaza/tokens', { body: { name: 'x' } }), 401);
  assertProblem(await s.call('POST', '/tokens', {}), 400, ['name']);
  assertProblem(await s.call('POST', '/tokens', { name: 'x'.repeat(81) }), 400, ['name']);
  assertProblem(await c.call('POST', '/tokens', { name: 'admin' }), 403);
  // another user cannot revoke it; its owner can, and it stops at once
  assert.equal((await B.as.admin.call('DELETE', `/tokens/${made.id}`)).status, 404);
  assert.equal((await s.call('DELETE', `/tokens/${made.id}`)).status, 204);
  assertProblem(await t.call('GET', '/session'), 401);
  assertProblem(await asToken(plaza, 'plz_' + 'x'.repeat(43)).call('GET', '/apps'), 401);
});

test('a_reviewer_lists_the_queue_of_every_account_but_reads_no_draft_and_cannot_review_for_someone_else', async () => {
  const r = B.as.reviewer;
  assert.equal((await r.call('GET', `/apps/${A.app.id}`)).status, 404, 'a draft of another account');
  const queue = await r.ok('GET', '/apps?status=submitted');
  assert.ok(Array.isArray(queue.apps));
  assert.equal((await B.as.member.call('GET', '/apps?status=submitted')).json.apps.every((a) => a.account_id === B.acc.id), true);
  const own = await createApp(plaza, B.acc.id);
  const review = await r.call('POST', `/apps/${own.id}/review`, { decision: 'approve', reviewer: B.member.id });
  assertProblem(review, 403, ['reviewer']);
});

// last: it moves the clock past every session of this file
test('sessions_end_on_the_virtual_clock', async () => {
  const u = await createUser(plaza, B.acc.id);
  const s = await signIn(plaza, u.email);
  assert.equal((await s.call('GET', '/apps')).status, 200);
  await advanceClock(plaza, 12 * 3600 + 1);
  assertProblem(await s.call('GET', '/apps'), 401);
  assertProblem(await s.call('GET', '/session'), 401);
});

test('plaza_login_keeps_a_token_the_cli_then_acts_with_and_logout_revokes_it', async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, readFileSync, statSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/plaza-login-`);
  const creds = `${dir}/sub/credentials`;
  const run = (args, env = {}, input) => new Promise((resolve) => {
    const p = execFile(process.env.PLAZA_BIN, args, {
      env: { PATH: process.env.PATH, PLAZA_URL: plaza.url, PLAZA_CREDENTIALS: creds, ...env }, timeout: 20000,
    }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
    p.stdin.end(input ?? '');
  });
  const u = await createUser(plaza, B.acc.id);
  try {
    const bad = await run(['login', u.email], { PLAZA_PASSWORD: 'wrong' });
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /not right/);
    const inn = await run(['login', u.email, '--name', 'laptop'], {}, 'user-password-1\n');
    assert.equal(inn.code, 0, inn.stderr);
    assert.match(inn.stdout, /signed in to .* as /);
    assert.equal(statSync(creds).mode & 0o777, 0o600);
    assert.doesNotMatch(readFileSync(creds, 'utf8'), /user-password-1/);
    const who = await run(['whoami', '--json']);
    assert.equal(JSON.parse(who.stdout).user.id, u.id);
    const list = await run(['app', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.ok(JSON.parse(list.stdout).apps.every((a) => a.account_id === B.acc.id), 'the user sees their account');
    const theirs = await run(['app', 'get', A.app.id]);
    assert.equal(theirs.code, 1);
    const out = await run(['logout']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal((await run(['whoami'])).code, 1, 'no token is sent any more');
    assert.equal(readFileSync(creds, 'utf8'), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one_session_serves_the_portal_and_zooms_sign_in_page_both_ways', async () => {
  const u = await createUser(plaza, B.acc.id);
  const app = await createApp(plaza, B.acc.id, { scopes: ['user:read'] });
  const authorize = `/oauth/authorize?${new URLSearchParams({ response_type: 'code',
    client_id: app.credentials.development.client_id, redirect_uri: app.redirect_url })}`;
  // signed in through the portal: the authorize page goes straight to consent
  const s = await signIn(plaza, u.email);
  const consentPage = await request(plaza, 'GET', authorize, { headers: { cookie: s.cookie } });
  assert.equal(consentPage.status, 200);
  assert.match(consentPage.text, /action="\/oauth\/consent"/);
  assert.doesNotMatch(consentPage.text, /action="\/oauth\/signin"/);
  // signed in through Zoom's page: the portal's session knows the user
  const page = await request(plaza, 'GET', authorize);
  const csrfCookie = page.headers.getSetCookie().find((l) => l.startsWith('plaza_csrf=')).split(';')[0];
  const csrf = page.text.match(/name="csrf_token" value="([^"]+)"/)[1];
  const q = page.text.match(/name="q" value="([^"]+)"/)[1].replace(/&amp;/g, '&');
  const signed = await request(plaza, 'POST', '/oauth/signin', {
    raw: new URLSearchParams({ email: u.email, password: 'user-password-1', csrf_token: csrf, q }).toString(),
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(signed.status, 303, signed.text);
  const cookie = signed.headers.getSetCookie().find((l) => l.startsWith('plaza_session=')).split(';')[0];
  const me = await request(plaza, 'GET', '/_plaza/session', { headers: { cookie } });
  assert.equal(me.status, 200);
  assert.equal(me.json.user.id, u.id);
});
