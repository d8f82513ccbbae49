// The install flow as a person goes through it in a browser (zoom-wire §1.1):
// sign-in page, CSRF-protected forms, session cookie, consent page, the
// redirect back with a code or with error=access_denied, and re-consent
// skipped for scopes already granted. fetch plus a cookie jar stand in for
// the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, startPlazaWithPublicUrl, control, createAccount, createApp, token, v2, CookieJar, browse, hiddenInput, htmlUnescape,
  rawRequest,
} from './lib/plaza.mjs';
import { readyApp } from './lib/market.mjs';

const PASSWORD = 'owner-password-1';
let plaza, acc, app;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:read'] });
});
after(async () => { await plaza.stop(); });

const authorizePath = (a, params = {}) => `/oauth/authorize?${new URLSearchParams({
  response_type: 'code', client_id: a.credentials.development.client_id, redirect_uri: a.redirect_url, ...params,
})}`;

function assertHtml(r, status) {
  assert.equal(r.status, status, r.text.slice(0, 500));
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(r.text, /^<!doctype html>/i);
}

// Opens the sign-in page and signs in; returns the jar and the consent page.
async function signIn(path, email = acc.owner.email) {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', path);
  assertHtml(page, 200);
  const r = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email, password: PASSWORD },
  });
  assert.equal(r.status, 303, r.text);
  const consent = await browse(plaza, jar, 'GET', r.headers.get('location'));
  return { jar, consent };
}

const decide = (jar, page, decision, overrides = {}) => browse(plaza, jar, 'POST', '/oauth/consent', {
  form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), decision, ...overrides },
});

test('authorize_without_session_shows_sign_in_form_with_csrf_cookie', async () => {
  const jar = new CookieJar();
  const r = await browse(plaza, jar, 'GET', authorizePath(app, { state: 'st' }));
  assertHtml(r, 200);
  assert.equal(r.headers.get('location'), null);
  assert.match(r.text, /<form method="post" action="\/oauth\/signin">/);
  assert.match(r.text, /name="email"/);
  assert.match(r.text, /name="password"/);
  const csrf = hiddenInput(r.text, 'csrf_token');
  assert.match(csrf, /^[A-Za-z0-9_-]{32,}$/);
  assert.equal(jar.get('plaza_csrf'), csrf, 'double-submit cookie carries the form token');
  const line = jar.setCookieLine('plaza_csrf');
  assert.match(line, /;\s*HttpOnly/i);
  assert.match(line, /;\s*SameSite=(Lax|Strict)/i);
  assert.match(line, /;\s*Path=\//i);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/);
  assert.equal(jar.get('plaza_session'), undefined);
});

test('sign_in_with_wrong_password_answers_401_page', async () => {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', authorizePath(app));
  const r = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email: acc.owner.email, password: 'wrong-password-9' },
  });
  assertHtml(r, 401);
  assert.match(r.text, /action="\/oauth\/signin"/, 'the form is shown again');
  assert.equal(jar.get('plaza_session'), undefined);
  const unknown = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email: 'nobody@example.test', password: PASSWORD },
  });
  assertHtml(unknown, 401);
  assert.equal(jar.get('plaza_session'), undefined);
});

test('sign_in_with_wrong_or_missing_csrf_is_refused_403', async () => {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', authorizePath(app));
  const q = hiddenInput(page.text, 'q');
  const wrong = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: 'A'.repeat(43), q, email: acc.owner.email, password: PASSWORD },
  });
  assertHtml(wrong, 403);
  assert.equal(jar.get('plaza_session'), undefined);
  const missing = await browse(plaza, jar, 'POST', '/oauth/signin', { form: { q, email: acc.owner.email, password: PASSWORD } });
  assertHtml(missing, 403);
  assert.equal(jar.get('plaza_session'), undefined);
  // the right form token without its cookie (a cross-site post) is refused too
  const noCookie = await browse(plaza, new CookieJar(), 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q, email: acc.owner.email, password: PASSWORD },
  });
  assertHtml(noCookie, 403);
  assert.equal(noCookie.headers.getSetCookie().some((l) => l.startsWith('plaza_session=')), false);
});

test('sign_in_sets_session_cookie_and_returns_to_authorize', async () => {
  const path = authorizePath(app, { state: 'st' });
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', path);
  const r = await browse(plaza, jar, 'POST', '/oauth/signin', {
    form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email: acc.owner.email.toUpperCase(), password: PASSWORD },
  });
  assert.equal(r.status, 303, r.text);
  const back = new URL(r.headers.get('location'), plaza.url);
  assert.equal(back.origin, plaza.url);
  assert.equal(back.pathname + back.search, path);
  const line = jar.setCookieLine('plaza_session');
  assert.ok(line, 'plaza_session is set');
  assert.match(line, /;\s*HttpOnly/i);
  assert.match(line, /;\s*SameSite=Lax/i);
  assert.match(jar.get('plaza_session'), /^[A-Za-z0-9_-]{32,}$/);
});

test('consent_page_shows_app_name_and_scope_words', async () => {
  const { consent } = await signIn(authorizePath(app, { state: 'st' }));
  assertHtml(consent, 200);
  assert.ok(consent.text.includes(app.name), 'app name');
  assert.match(consent.text, /View your user information/);
  assert.match(consent.text, /View your meetings/);
  assert.match(consent.text, /user:read/);
  assert.match(consent.text, /<form method="post" action="\/oauth\/consent">/);
  assert.match(consent.text, /name="decision" value="allow"/);
  assert.match(consent.text, /name="decision" value="deny"/);
  assert.ok(htmlUnescape(consent.text).includes(acc.owner.email), 'who is signed in');
  // the consent buttons must not be framable (clickjacking)
  const framing = `${consent.headers.get('x-frame-options') ?? ''} ${consent.headers.get('content-security-policy') ?? ''}`;
  assert.match(framing, /DENY|frame-ancestors 'none'/i);
});

test('consent_deny_redirects_with_access_denied_and_state', async () => {
  const state = 'deny me & keep/this';
  const { jar, consent } = await signIn(authorizePath(app, { state }));
  const r = await decide(jar, consent, 'deny');
  assert.equal(r.status, 302, r.text);
  const to = new URL(r.headers.get('location'));
  assert.equal(`${to.origin}${to.pathname}`, app.redirect_url);
  assert.equal(to.searchParams.get('error'), 'access_denied');
  assert.equal(to.searchParams.get('state'), state);
  assert.equal(to.searchParams.get('code'), null);
});

test('consent_allow_redirects_with_code_then_second_authorize_skips_consent', async () => {
  const user = await control(plaza).ok('POST', `/accounts/${acc.id}/users`, {
    email: `allow-${process.pid}@example.test`, first_name: 'Al', last_name: 'Low', password: PASSWORD,
  });
  const state = 'st-1';
  const { jar, consent } = await signIn(authorizePath(app, { state }), user.email);
  assertHtml(consent, 200);
  const r = await decide(jar, consent, 'allow');
  assert.equal(r.status, 302, r.text);
  const to = new URL(r.headers.get('location'));
  assert.equal(`${to.origin}${to.pathname}`, app.redirect_url);
  assert.equal(to.searchParams.get('state'), state);
  const code = to.searchParams.get('code');
  assert.match(code, /^[A-Za-z0-9_-]{32,33}$/);

  const dev = app.credentials.development;
  const t = await token(plaza, dev.client_id, dev.client_secret, { grant_type: 'authorization_code', code, redirect_uri: app.redirect_url });
  assert.equal(t.status, 200, t.text);
  const me = await v2(plaza, t.json.access_token, 'GET', '/users/me');
  assert.equal(me.json.id, user.id);

  // same user, same scopes: straight back with a new code, no page
  const again = await browse(plaza, jar, 'GET', authorizePath(app, { state: 'st-2' }));
  assert.equal(again.status, 302, again.text.slice(0, 300));
  const to2 = new URL(again.headers.get('location'));
  assert.equal(to2.searchParams.get('state'), 'st-2');
  assert.ok(to2.searchParams.get('code'));
  assert.notEqual(to2.searchParams.get('code'), code);
  const t2 = await token(plaza, dev.client_id, dev.client_secret,
                         { grant_type: 'authorization_code', code: to2.searchParams.get('code'), redirect_uri: app.redirect_url });
  assert.equal(t2.status, 200, t2.text);

  // a subset of the granted scopes needs no consent either
  const subset = await browse(plaza, jar, 'GET', authorizePath(app, { scope: 'user:read' }));
  assert.equal(subset.status, 302);
});

test('new_scope_on_the_app_asks_for_consent_again', async () => {
  const a = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const { jar, consent } = await signIn(authorizePath(a));
  assert.equal((await decide(jar, consent, 'allow')).status, 302);
  assert.equal((await browse(plaza, jar, 'GET', authorizePath(a))).status, 302);
  await control(plaza).ok('PATCH', `/apps/${a.id}`, { scopes: ['user:read', 'meeting:read'] }, 200);
  const page = await browse(plaza, jar, 'GET', authorizePath(a));
  assertHtml(page, 200);
  assert.match(page.text, /View your meetings/);
});

test('a_published_apps_consent_offers_only_its_live_versions_scopes', async () => {
  const c = control(plaza);
  const { app: pub, origin, server } = await readyApp(plaza, acc.id, { verify: 'manual' });
  try {
    for (const p of ['submit', 'review', 'publish'])
      await c.ok('POST', `/apps/${pub.id}/${p}`, p === 'review' ? { decision: 'approve' } : {});
    // version 2 adds a scope to the Production tab and waits for review; version 1 stays live
    await c.ok('PATCH', `/apps/${pub.id}/environments/production`, { scopes: [{ scope: 'user:read' },
      { scope: 'meeting:read', description: 'Lists the meetings the app schedules for you.' }] });
    const outside = await createAccount(plaza);
    const prod = (await c.ok('GET', `/apps/${pub.id}`)).credentials.production; // shown once approved
    const path = `/oauth/authorize?${new URLSearchParams({ response_type: 'code',
      client_id: prod.client_id, redirect_uri: `${origin}/prod/callback` })}`;
    const { jar, consent } = await signIn(path, outside.owner.email);
    assertHtml(consent, 200);
    assert.match(consent.text, /user:read/);
    assert.doesNotMatch(consent.text, /meeting:read/, 'a scope still in review is not offered');
    assert.equal((await decide(jar, consent, 'allow')).status, 302);
    const again = await browse(plaza, jar, 'GET', path);
    assert.equal(again.status, 302, 'everything live is granted: no second consent page');
  } finally {
    await server.close();
  }
});

test('consent_post_without_the_sessions_csrf_token_is_refused', async () => {
  const { jar, consent } = await signIn(authorizePath(app, { state: 'x' }));
  const q = hiddenInput(consent.text, 'q');
  const missing = await browse(plaza, jar, 'POST', '/oauth/consent', { form: { q, decision: 'allow' } });
  assertHtml(missing, 403);
  assert.equal(missing.headers.get('location'), null);
  const wrong = await decide(jar, consent, 'allow', { csrf_token: 'B'.repeat(43) });
  assertHtml(wrong, 403);
  assert.equal(wrong.headers.get('location'), null);
  // another session's token does not work either
  const other = await signIn(authorizePath(app, { state: 'y' }));
  const crossed = await decide(jar, consent, 'allow', { csrf_token: hiddenInput(other.consent.text, 'csrf_token') });
  assertHtml(crossed, 403);
  // and without any session there is nothing to consent with
  const noSession = await decide(new CookieJar(), consent, 'allow');
  assert.ok([401, 403].includes(noSession.status), `${noSession.status}`);
  assert.equal(noSession.headers.get('location'), null);
});

test('consent_post_with_a_bad_decision_is_refused', async () => {
  const { jar, consent } = await signIn(authorizePath(app));
  const r = await decide(jar, consent, 'maybe');
  assertHtml(r, 400);
  assert.equal(r.headers.get('location'), null);
});

test('consent_page_escapes_the_app_name', async () => {
  const name = `<b>Bold & "quoted"</b> ${process.pid}`;
  const a = await createApp(plaza, acc.id, { name, scopes: ['user:read'] });
  const { consent } = await signIn(authorizePath(a));
  assertHtml(consent, 200);
  assert.ok(!consent.text.includes('<b>Bold'), 'no raw markup from the app name');
  assert.ok(consent.text.includes('&lt;b&gt;Bold &amp; '), 'escaped app name');
});

test('cookies_are_secure_when_the_public_url_is_https', async () => {
  const p = await startPlazaWithPublicUrl('https://zoom.example.test');
  try {
    const a = await createAccount(p);
    const ap = await createApp(p, a.id, { scopes: ['user:read'] });
    const jar = new CookieJar();
    const page = await browse(p, jar, 'GET', authorizePath(ap));
    assert.match(jar.setCookieLine('plaza_csrf'), /;\s*Secure/i);
    await browse(p, jar, 'POST', '/oauth/signin', {
      form: { csrf_token: hiddenInput(page.text, 'csrf_token'), q: hiddenInput(page.text, 'q'), email: a.owner.email, password: PASSWORD },
    });
    const line = jar.setCookieLine('plaza_session');
    assert.match(line, /;\s*Secure/i);
    assert.match(line, /;\s*HttpOnly/i);
  } finally {
    await p.stop();
  }
});

test('sign_in_redirect_never_carries_raw_control_characters', async () => {
  const jar = new CookieJar();
  const page = await browse(plaza, jar, 'GET', authorizePath(app, { state: 's' }));
  const q = hiddenInput(page.text, 'q').replace('state=s', 'state=a\r\nSet-Cookie: evil=1');
  const body = new URLSearchParams({ csrf_token: hiddenInput(page.text, 'csrf_token'), q, email: acc.owner.email, password: PASSWORD }).toString();
  const r = await rawRequest(plaza, `POST /oauth/signin HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Cookie: ${jar.header()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  assert.ok([303, 400].includes(r.status), r.text.slice(0, 300));
  assert.equal(r.headerLines.some((l) => /^set-cookie:\s*evil/i.test(l)), false, r.text.slice(0, 600));
});

test('session_ends_after_twelve_hours_on_the_virtual_clock', async () => {
  const { jar, consent } = await signIn(authorizePath(app, { state: 'late' }));
  assertHtml(consent, 200);
  await control(plaza).ok('POST', '/clock', { advance: 12 * 3600 + 1 }, 200);
  const page = await browse(plaza, jar, 'GET', authorizePath(app, { state: 'late' }));
  assertHtml(page, 200);
  assert.match(page.text, /action="\/oauth\/signin"/, 'signed out: the sign-in form again');
  const late = await decide(jar, consent, 'allow');
  assert.ok([401, 403].includes(late.status), `${late.status}`);
  assert.equal(late.headers.get('location'), null);
});
