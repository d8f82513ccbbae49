// The Marketplace's install rules at authorization (zoom-wire §1.1): apps in
// development install only in their own account, admin-managed apps need an
// owner or admin, scopes are cut to what the app registered, and bad clients
// or redirect URIs get an error page, never a redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, control, createAccount, createUser, createApp, installUser, authorizeUrl, authorizeCode, consent,
  CookieJar, browse, hiddenInput, assertProblem, token, assertOAuthError,
} from './lib/plaza.mjs';

let plaza, acc, admin, member, outsider, app, adminApp;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  admin = await createUser(plaza, acc.id, { role: 'admin' });
  member = await createUser(plaza, acc.id, { role: 'member' });
  const other = await createAccount(plaza);
  outsider = other.owner;
  app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:read'] });
  adminApp = await createApp(plaza, acc.id, { management: 'admin', scopes: ['user:read:admin'] });
});
after(async () => { await plaza.stop(); });

const params = (a, extra = {}) => ({
  response_type: 'code', client_id: a.credentials.development.client_id, redirect_uri: a.redirect_url, state: 'st', ...extra,
});
const pathOf = (a, extra) => `/oauth/authorize?${new URLSearchParams(params(a, extra))}`;

function assertErrorPage(r, status) {
  assert.equal(r.status, status, r.text.slice(0, 400));
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(r.headers.get('location'), null, 'an error page, never a redirect');
  assert.match(r.text, /Oops! We were unable to complete your request\./);
  assert.match(r.text, /\(4,7\d\d\)/);
}

// A browser session for `user` (e-mail, password) on the app's authorize URL.
async function session(email, password, a = app) {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', pathOf(a));
  const r = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email, password },
  });
  assert.equal(r.status, 303, r.text);
  return jar;
}

test('unpublished_app_is_refused_to_a_user_of_another_account_via_control_consent', async () => {
  const r = await consent(plaza, outsider.id, authorizeUrl(plaza, params(app)));
  assertProblem(r, 403);
  assert.equal(r.json.redirect_to, undefined);
});

test('unpublished_app_is_refused_to_a_user_of_another_account_in_the_browser', async () => {
  const jar = await session(outsider.email, 'owner-password-1');
  const r = await browse(plaza, jar, 'GET', pathOf(app));
  assertErrorPage(r, 403);
  // posting a consent form anyway changes nothing
  const page = await browse(plaza, await session(acc.owner.email, 'owner-password-1'), 'GET', pathOf(app));
  const forced = await browse(plaza, jar, 'POST', '/oauth/consent', {
    form: { csrf_token: 'x'.repeat(43), q: hiddenInput(page.text, 'q'), decision: 'allow' },
  });
  assert.ok(forced.status >= 400, `${forced.status}`);
  assert.equal(forced.headers.get('location'), null);
});

test('any_user_of_the_developers_account_may_install_a_user_managed_app', async () => {
  for (const u of [acc.owner, admin, member]) {
    const t = await installUser(plaza, app, u.id);
    assert.equal(typeof t.access_token, 'string');
  }
});

test('admin_managed_app_needs_an_owner_or_admin', async () => {
  const refused = await consent(plaza, member.id, authorizeUrl(plaza, params(adminApp)));
  assertProblem(refused, 403);
  assert.match(refused.json.detail, /admin/i);
  for (const u of [acc.owner, admin]) {
    const t = await installUser(plaza, adminApp, u.id);
    assert.equal(t.scope, 'user:read:admin');
  }
  const jar = await session(member.email, 'user-password-1', adminApp);
  assertErrorPage(await browse(plaza, jar, 'GET', pathOf(adminApp)), 403);
});

test('scopes_beyond_the_apps_registration_are_not_granted', async () => {
  const t = await installUser(plaza, app, acc.owner.id, { scope: 'user:read meeting:write user:read:admin' });
  assert.equal(t.scope, 'user:read');
  const commas = await installUser(plaza, app, acc.owner.id, { scope: 'meeting:read,user:read' });
  assert.deepEqual(commas.scope.split(' ').sort(), ['meeting:read', 'user:read']);
  const all = await installUser(plaza, app, acc.owner.id);
  assert.deepEqual(all.scope.split(' ').sort(), ['meeting:read', 'user:read']);
});

test('asking_only_for_unregistered_scopes_is_refused', async () => {
  const r = await consent(plaza, acc.owner.id, authorizeUrl(plaza, params(app, { scope: 'meeting:write' })));
  assertProblem(r, 400);
  const jar = await session(acc.owner.email, 'owner-password-1');
  assertErrorPage(await browse(plaza, jar, 'GET', pathOf(app, { scope: 'meeting:write recording:read' })), 400);
});

test('redirect_uri_not_matching_in_strict_mode_gets_an_error_page', async () => {
  assert.equal(app.strict_mode, true, 'strict mode is the default');
  const bad = ['https://evil.example.test/callback', `${app.redirect_url}/`, `${app.redirect_url}?x=1`,
               app.redirect_url.replace('https:', 'http:'), 'https://app.example.test/callback/../other', 'not a url'];
  for (const redirect_uri of bad) {
    // without a session: the check comes before sign-in
    assertErrorPage(await browse(plaza, new CookieJar(), 'GET', pathOf(app, { redirect_uri })), 400);
    const r = await consent(plaza, acc.owner.id, authorizeUrl(plaza, params(app, { redirect_uri })));
    assertProblem(r, 400);
  }
  const jar = await session(acc.owner.email, 'owner-password-1');
  const r = await browse(plaza, jar, 'GET', pathOf(app, { redirect_uri: 'https://evil.example.test/callback' }));
  assertErrorPage(r, 400);
  assert.match(r.text, /\(4,709\)/);
});

test('redirect_uri_on_the_allow_list_is_accepted_and_must_be_repeated', async () => {
  const extra = 'https://app.example.test/other-callback';
  const a = await createApp(plaza, acc.id, { scopes: ['user:read'], allow_list: [extra] });
  const t = await installUser(plaza, a, acc.owner.id, { redirectUri: extra });
  assert.equal(typeof t.access_token, 'string');
  const { redirect } = await authorizeCode(plaza, a, acc.owner.id, { redirect_uri: extra });
  assert.equal(`${redirect.origin}${redirect.pathname}`, extra);
  const c = a.credentials.development;
  const r = await token(plaza, c.client_id, c.client_secret,
                        { grant_type: 'authorization_code', code: redirect.searchParams.get('code'), redirect_uri: a.redirect_url });
  assertOAuthError(r, 400, 'Redirect URI mismatch.');
});

// Found by tests/fuzz/fuzz_urls.c: an escaped host ended in ".app.example.test" and matched as a subdomain,
// though a browser decodes it into another host ("evil.test/.app.example.test").
test('redirect_uri_with_an_escaped_host_is_no_subdomain_of_an_allowed_host', async () => {
  const a = await createApp(plaza, acc.id, { scopes: ['user:read'], strict_mode: false, subdomain_check: false });
  const { redirect } = await authorizeCode(plaza, a, acc.owner.id, { redirect_uri: 'https://sub.app.example.test/callback' });
  assert.equal(redirect.host, 'sub.app.example.test', 'a real subdomain is accepted without the subdomain check');
  for (const redirect_uri of ['https://evil.test%2f.app.example.test/callback', 'https://evil.test%40.app.example.test/callback',
                              'https://e!vil.app.example.test/callback']) {
    assertErrorPage(await browse(plaza, new CookieJar(), 'GET', pathOf(a, { redirect_uri })), 400);
  }
  const r = await control(plaza).call('POST', '/apps', {
    account_id: acc.id, name: `Escaped host ${Date.now()}`, type: 'oauth', scopes: ['user:read'],
    redirect_url: 'https://app.example.test/callback', allow_list: ['https://evil.test%2f.example.test/cb'],
  });
  assertProblem(r, 400, 'allow_list[0]');
});

test('authorize_without_redirect_uri_goes_to_the_apps_redirect_url', async () => {
  const { redirect } = await authorizeCode(plaza, app, acc.owner.id, { redirect_uri: undefined });
  assert.equal(`${redirect.origin}${redirect.pathname}`, app.redirect_url);
});

test('bad_client_id_gets_an_error_page', async () => {
  for (const client_id of ['NoSuchClient0000000000', '', 'x'.repeat(300)]) {
    const r = await browse(plaza, new CookieJar(), 'GET', pathOf(app, { client_id }));
    assertErrorPage(r, 400);
  }
  const missing = await browse(plaza, new CookieJar(), 'GET', `/oauth/authorize?response_type=code&redirect_uri=${encodeURIComponent(app.redirect_url)}`);
  assertErrorPage(missing, 400);
  const r = await consent(plaza, acc.owner.id, authorizeUrl(plaza, params(app, { client_id: 'NoSuchClient0000000000' })));
  assertProblem(r, 400);
});

test('server_to_server_app_cannot_be_authorized', async () => {
  const s2s = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
  const r = await browse(plaza, new CookieJar(), 'GET',
                         `/oauth/authorize?response_type=code&client_id=${s2s.credentials.development.client_id}`);
  assertErrorPage(r, 400);
});

test('unsupported_response_type_or_pkce_method_gets_an_error_page', async () => {
  for (const extra of [{ response_type: 'token' }, { response_type: '' },
                       { code_challenge: 'a'.repeat(43), code_challenge_method: 'S512' },
                       { code_challenge: 'short', code_challenge_method: 'S256' },
                       { code_challenge_method: 'S256' }]) {
    const r = await browse(plaza, new CookieJar(), 'GET', pathOf(app, extra));
    assertErrorPage(r, 400);
  }
});

test('duplicate_authorize_parameters_get_an_error_page', async () => {
  const r = await browse(plaza, new CookieJar(), 'GET', `${pathOf(app)}&client_id=${app.credentials.development.client_id}`);
  assertErrorPage(r, 400);
  const r2 = await browse(plaza, new CookieJar(), 'GET', `${pathOf(app)}&redirect_uri=${encodeURIComponent('https://evil.example.test/')}`);
  assertErrorPage(r2, 400);
});

test('control_consent_deny_redirects_with_access_denied', async () => {
  const r = await consent(plaza, acc.owner.id, authorizeUrl(plaza, params(app, { state: 'no thanks' })), 'deny');
  assert.equal(r.status, 200, r.text);
  const to = new URL(r.json.redirect_to);
  assert.equal(to.searchParams.get('error'), 'access_denied');
  assert.equal(to.searchParams.get('state'), 'no thanks');
  assert.equal(to.searchParams.get('code'), null);
});

test('control_consent_validates_its_own_fields', async () => {
  const c = control(plaza);
  assertProblem(await c.call('POST', '/oauth/consent', { authorize_url: authorizeUrl(plaza, params(app)), decision: 'approve' }), 400, 'user');
  assertProblem(await c.call('POST', '/oauth/consent', { user: acc.owner.id, decision: 'approve' }), 400, 'authorize_url');
  assertProblem(await c.call('POST', '/oauth/consent', { user: acc.owner.id, authorize_url: authorizeUrl(plaza, params(app)), decision: 'yes' }), 400, 'decision');
  assertProblem(await c.call('POST', '/oauth/consent', { user: 'nobody@example.test', authorize_url: authorizeUrl(plaza, params(app)), decision: 'approve' }), 404);
});
