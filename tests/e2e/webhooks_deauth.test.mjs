// Deauthorization and the Data Compliance loop (zoom-wire §1.6, §1.7, §3.6):
// removing an app (POST /oauth/revoke, or DELETE /_plaza/installs/{id}) sends
// a signed app_deauthorized with the legacy authorization header to that app
// only and opens a deauthorization; the app's POST /oauth/data/compliance,
// carrying the event it received, completes it; left open for 10 days
// (virtual) it is overdue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, createUser, createApp, control, installUser, postForm, request, basic, v2, decodeJwt,
  advanceClock, assertOAuthError, assertZoomError,
} from './lib/plaza.mjs';
import { startReceiver, subscribeActive, deliveries, waitDeliveries, waitFor, zoomSignature, fence } from './lib/receiver.mjs';

const SECRET = 'deauth-secret-0123456789';
const VERIFICATION = 'legacy-verification-token-42';
const DAY = 24 * 3600;

let plaza, fenced;
const receivers = [];

before(async () => {
  plaza = await startPlaza();
  fenced = await fence(plaza);
});
after(async () => {
  for (const rx of receivers) await rx.close();
  await fenced.close();
  await plaza.stop();
});

// An account, an OAuth app subscribed to app_deauthorized, a second app of
// the account subscribed too (it must not hear of the first one's removal),
// and a user.
async function setup() {
  const acc = await createAccount(plaza);
  const user = await createUser(plaza, acc.id);
  const app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const bystander = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const rx = await startReceiver({ secret: SECRET });
  const rxBystander = await startReceiver({ secret: SECRET });
  receivers.push(rx, rxBystander);
  const sub = await subscribeActive(plaza, app.id, rx.url, ['app_deauthorized', 'meeting.created'],
                                    { secret_token: SECRET, verification_token: VERIFICATION });
  await subscribeActive(plaza, bystander.id, rxBystander.url, ['app_deauthorized'], { secret_token: SECRET });
  await installUser(plaza, bystander, user.id);
  return { acc, user, app, bystander, rx, rxBystander, sub };
}

const creds = (app) => app.credentials.development;
const auth = (app, secret = creds(app).client_secret) => ({ authorization: basic(creds(app).client_id, secret) });
const deauths = async (query) => (await control(plaza).ok('GET', `/deauthorizations?${new URLSearchParams(query)}`, undefined, 200)).deauthorizations;
const compliance = (app, body, secret) => request(plaza, 'POST', '/oauth/data/compliance', { body, headers: auth(app, secret) });

// The app_deauthorized the app received, checked as §3.6 has it.
async function deauthorizedEvent(s) {
  const [got] = await s.rx.waitForEvents((q) => q.json.event === 'app_deauthorized', { what: 'app_deauthorized' });
  assert.equal(got.headers.authorization, VERIFICATION, 'the legacy verification token (§3.6)');
  assert.equal(got.headers['x-zm-signature'], zoomSignature(SECRET, got.headers['x-zm-request-timestamp'], got.body), 'signed');
  assert.equal(got.headers.clientid, creds(s.app).client_id);
  assert.equal(JSON.stringify(got.json), got.body);
  assert.deepEqual(Object.keys(got.json), ['event', 'payload', 'event_ts']);
  const p = got.json.payload;
  assert.deepEqual(Object.keys(p), ['user_data_retention', 'account_id', 'user_id', 'signature', 'deauthorization_time', 'client_id']);
  assert.equal(p.user_data_retention, 'false', 'a string, as in Zoom\'s example');
  assert.equal(p.account_id, s.acc.id);
  assert.equal(p.user_id, s.user.id);
  assert.match(p.signature, /^[0-9a-f]{64}$/);
  assert.match(p.deauthorization_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'with milliseconds');
  assert.equal(Date.parse(p.deauthorization_time), got.json.event_ts);
  assert.equal(p.client_id, creds(s.app).client_id);
  return got.json;
}
const complianceBody = (s, event, fields = {}) => ({
  client_id: creds(s.app).client_id, user_id: s.user.id, account_id: s.acc.id,
  deauthorization_event_received: event.payload, compliance_completed: true, ...fields,
});

test('revoke_sends_app_deauthorized_to_that_app_and_compliance_with_the_event_completes_it_once', async () => {
  const s = await setup();
  const t = await installUser(plaza, s.app, s.user.id);
  const r = await postForm(plaza, '/oauth/revoke', { token: t.access_token }, { headers: auth(s.app) });
  assert.equal(r.status, 200, r.text);
  assertZoomError(await v2(plaza, t.access_token, 'GET', '/users/me'), 401, 124);
  const event = await deauthorizedEvent(s);
  // the endpoint has the event; plaza records the delivery once the answer is back
  const [d] = await waitDeliveries(plaza, { subscription_id: s.sub.id, event: 'app_deauthorized' },
                                   (l) => l.length === 1 && l[0].status === 'delivered');
  assert.equal(d.app_id, s.app.id);

  const [rec] = await deauths({ app_id: s.app.id });
  assert.equal(rec.status, 'open');
  assert.equal(rec.user_id, s.user.id);
  assert.equal(rec.account_id, s.acc.id);
  assert.equal(rec.client_id, creds(s.app).client_id);
  assert.equal(rec.signature, event.payload.signature, 'the record is matched by the event\'s signature');
  assert.equal(Date.parse(rec.compliance_due_at) - Date.parse(rec.deauthorized_at), 10 * DAY * 1000);
  assert.equal(rec.completed_at, null);

  // the app's Data Compliance call, carrying the event it received
  const ok = await compliance(s.app, complianceBody(s, event));
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { status: 'success' });
  const [done] = await deauths({ app_id: s.app.id });
  assert.equal(done.status, 'completed');
  assert.ok(done.completed_at);
  assert.deepEqual((await deauths({ app_id: s.app.id, status: 'open' })), []);
  // twice: refused
  assertOAuthError(await compliance(s.app, complianceBody(s, event)), 400, undefined, 'invalid_request');

  // the other app of the account heard nothing, and was not deauthorized
  await fenced();
  assert.deepEqual(await deliveries(plaza, { app_id: s.bystander.id, event: 'app_deauthorized' }), []);
  assert.equal(s.rxBystander.events().length, 0);
  assert.deepEqual(await deauths({ app_id: s.bystander.id }), []);
});

test('compliance_with_a_wrong_secret_an_unknown_user_or_another_signature_is_refused_and_leaves_it_open', async () => {
  const s = await setup();
  const t = await installUser(plaza, s.app, s.user.id);
  assert.equal((await postForm(plaza, '/oauth/revoke', { token: t.refresh_token }, { headers: auth(s.app) })).status, 200,
               'a refresh token uninstalls too');
  const event = await deauthorizedEvent(s);

  assertOAuthError(await compliance(s.app, complianceBody(s, event), 'wrong-secret'), 400, 'Invalid client_id or client_secret', 'invalid_client');
  const stranger = await createUser(plaza, s.acc.id);
  assertOAuthError(await compliance(s.app, complianceBody(s, event, { user_id: stranger.id })), 400, undefined, 'invalid_request');
  assertOAuthError(await compliance(s.app, complianceBody(s, event, { user_id: 'no-such-user' })), 400, undefined, 'invalid_request');
  const forged = { ...event.payload, signature: '0'.repeat(64) };
  assertOAuthError(await compliance(s.app, complianceBody(s, event, { deauthorization_event_received: forged })), 400, undefined, 'invalid_request');
  // another app cannot answer for this one
  assertOAuthError(await compliance(s.bystander, complianceBody(s, event, { client_id: creds(s.bystander).client_id })),
                   400, undefined, 'invalid_request');
  const [rec] = await deauths({ app_id: s.app.id });
  assert.equal(rec.status, 'open', 'still open after every refusal');
  // compliance_completed false is taken and leaves it open
  assert.equal((await compliance(s.app, complianceBody(s, event, { compliance_completed: false }))).status, 200);
  assert.equal((await deauths({ app_id: s.app.id }))[0].status, 'open');
});

test('removing_an_install_through_the_control_api_deauthorizes_once_and_an_open_record_becomes_overdue_after_10_days', async () => {
  const s = await setup();
  const t = await installUser(plaza, s.app, s.user.id);
  const iid = decodeJwt(t.access_token).payload.iid;
  const installs = (await control(plaza).ok('GET', `/installs?app_id=${s.app.id}`, undefined, 200)).installs;
  assert.ok(installs.some((i) => i.id === iid && i.status === 'installed'));
  await control(plaza).ok('DELETE', `/installs/${iid}`, undefined, 204);
  assertZoomError(await v2(plaza, t.access_token, 'GET', '/users/me'), 401, 124);
  const event = await deauthorizedEvent(s);
  // removing it again changes nothing: no second event, no second record
  await control(plaza).ok('DELETE', `/installs/${iid}`, undefined, 204);
  await fenced();
  assert.equal((await deliveries(plaza, { subscription_id: s.sub.id, event: 'app_deauthorized' })).length, 1);
  assert.equal((await deauths({ app_id: s.app.id })).length, 1);

  await advanceClock(plaza, 10 * DAY - 3600);
  assert.equal((await deauths({ app_id: s.app.id }))[0].status, 'open', 'not yet overdue');
  await advanceClock(plaza, 2 * 3600);
  const [over] = await deauths({ app_id: s.app.id });
  assert.equal(over.status, 'overdue');
  assert.deepEqual((await deauths({ app_id: s.app.id, status: 'overdue' })).map((d) => d.id), [over.id]);
  assert.deepEqual((await deauths({ app_id: s.app.id, status: 'open' })).map((d) => d.id), [over.id], 'open lists overdue ones too');
  assert.deepEqual(await deauths({ app_id: s.app.id, status: 'completed' }), []);
  const bad = await control(plaza).call('GET', '/deauthorizations?status=late');
  assert.equal(bad.status, 400);

  // late is better than never
  assert.equal((await compliance(s.app, complianceBody(s, event))).status, 200);
  assert.equal((await deauths({ app_id: s.app.id }))[0].status, 'completed');
});

// ---- the Deauthorization Notification Endpoint URL (features.deauthorization_url) ----

const setDeauthUrl = (app, url) => control(plaza).ok('PATCH', `/apps/${app.id}/sections`, { features: { deauthorization_url: url } }, 200);
const subscriptionsOf = async (app) => (await control(plaza).ok('GET', `/apps/${app.id}/event_subscriptions`, undefined, 200)).event_subscriptions;
const endpointOf = async (app) => (await subscriptionsOf(app)).filter((x) => x.kind === 'deauthorization_endpoint');

// An app with no event subscription at all, only its deauthorization URL, and a user who installed it.
async function onlyDeauthUrl(respond) {
  const acc = await createAccount(plaza);
  const user = await createUser(plaza, acc.id);
  const app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const rx = await startReceiver({ secret: 'unused', respond });
  receivers.push(rx);
  await setDeauthUrl(app, `${rx.url}/deauth`);
  return { acc, user, app, rx };
}

test('an_app_with_only_a_deauthorization_url_receives_app_deauthorized_signed_retried_and_inspectable', async () => {
  let status = 500;
  const s = await onlyDeauthUrl(() => ({ status, json: {} }));
  // the endpoint is shown with the app's subscriptions: its tokens are what signs there
  const [ep] = await endpointOf(s.app);
  assert.equal(ep.url, `${s.rx.url}/deauth`);
  assert.deepEqual(ep.events, ['app_deauthorized']);
  assert.equal(ep.state, 'active', 'no url_validation for a deauthorization endpoint');
  assert.equal(ep.env, 'development');
  assert.match(ep.secret_token, /^[A-Za-z0-9_-]{22}$/);

  const t = await installUser(plaza, s.app, s.user.id);
  assert.equal((await postForm(plaza, '/oauth/revoke', { token: t.access_token }, { headers: auth(s.app) })).status, 200);
  const [got] = await s.rx.waitForEvents((q) => q.json.event === 'app_deauthorized', { what: 'app_deauthorized at the deauthorization URL' });
  assert.equal(s.rx.validations().length, 0, 'never a url_validation');
  assert.equal(new URL(got.url, 'http://x').pathname, '/zoom/webhook/deauth');
  assert.equal(got.headers['x-zm-signature'], zoomSignature(ep.secret_token, got.headers['x-zm-request-timestamp'], got.body), 'signed with the endpoint\'s secret token');
  assert.equal(got.headers.authorization, ep.verification_token);
  assert.equal(got.headers.clientid, creds(s.app).client_id);
  assert.equal(got.headers['user-agent'], 'Zoom Marketplace/1.0a');
  assert.deepEqual(Object.keys(got.json), ['event', 'payload', 'event_ts']);
  assert.equal(got.json.payload.user_id, s.user.id);

  // in the inspector like any delivery, and retried on Zoom's schedule
  const [d] = await waitDeliveries(plaza, { app_id: s.app.id, event: 'app_deauthorized' }, (l) => l[0]?.status === 'retrying');
  assert.equal(d.destination, 'deauthorization_endpoint');
  assert.equal(d.subscription_id, ep.id);
  assert.equal(d.url, `${s.rx.url}/deauth`);
  assert.equal(d.body, got.body);
  assert.equal(d.attempt_log[0].status_code, 500);
  assert.equal(d.attempt_log[0].request_headers.authorization, '[redacted]');
  assert.equal(Date.parse(d.next_attempt_at) - Date.parse(d.attempt_log[0].at), 5 * 60 * 1000);
  status = 200;
  await advanceClock(plaza, 5 * 60);
  const [done] = await waitDeliveries(plaza, { app_id: s.app.id, event: 'app_deauthorized' }, (l) => l[0]?.status === 'delivered');
  assert.equal(done.attempts, 2);
  assert.equal(s.rx.events().length, 2);
  assert.equal(s.rx.events()[1].body, got.body, 'the same event again');

  // the Data Compliance loop closes with what the endpoint received
  const ok = await compliance(s.app, { client_id: creds(s.app).client_id, user_id: s.user.id, account_id: s.acc.id,
                                       deauthorization_event_received: got.json.payload, compliance_completed: true });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await deauths({ app_id: s.app.id }))[0].status, 'completed');
});

test('a_subscription_and_the_deauthorization_url_at_one_url_get_one_delivery_at_two_urls_one_each', async () => {
  const acc = await createAccount(plaza);
  const user = await createUser(plaza, acc.id);
  const app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  const rx = await startReceiver({ secret: SECRET });
  const other = await startReceiver({ secret: SECRET });
  receivers.push(rx, other);
  const sub = await subscribeActive(plaza, app.id, rx.url, ['app_deauthorized'], { secret_token: SECRET, verification_token: VERIFICATION });
  await setDeauthUrl(app, rx.url);
  // made after the subscription: it signs with the same tokens, as Zoom signs everything of an app with one Secret Token
  const [ep] = await endpointOf(app);
  assert.equal(ep.secret_token, SECRET);
  assert.equal(ep.verification_token, VERIFICATION);
  assert.deepEqual((await subscriptionsOf(app)).map((x) => x.kind), ['event_subscription', 'deauthorization_endpoint']);

  const t1 = await installUser(plaza, app, user.id);
  assert.equal((await postForm(plaza, '/oauth/revoke', { token: t1.access_token }, { headers: auth(app) })).status, 200);
  await rx.waitForEvents((q) => q.json.event === 'app_deauthorized');
  await fenced();
  const once = await deliveries(plaza, { app_id: app.id, event: 'app_deauthorized' });
  assert.equal(once.length, 1, 'one delivery for one URL');
  assert.equal(once[0].subscription_id, sub.id, 'through the subscription');
  assert.equal(once[0].destination, 'event_subscription');
  assert.equal(rx.events().length, 1);

  // the deauthorization URL moves elsewhere: each URL gets it once
  await setDeauthUrl(app, other.url);
  const t2 = await installUser(plaza, app, user.id);
  assert.equal((await postForm(plaza, '/oauth/revoke', { token: t2.access_token }, { headers: auth(app) })).status, 200);
  const [atOther] = await other.waitForEvents((q) => q.json.event === 'app_deauthorized');
  await rx.waitForEvents((q) => q.json.event === 'app_deauthorized' && q.body === atOther.body);
  await fenced();
  const twice = (await deliveries(plaza, { app_id: app.id, event: 'app_deauthorized' })).slice(1);
  assert.deepEqual(twice.map((d) => d.destination).sort(), ['deauthorization_endpoint', 'event_subscription']);
  assert.equal(new Set(twice.map((d) => d.body)).size, 1, 'the same event');
  assert.equal(atOther.headers['x-zm-signature'], zoomSignature(SECRET, atOther.headers['x-zm-request-timestamp'], atOther.body));
  assert.equal(rx.events().length, 2);
  assert.equal(other.events().length, 1);
});

test('the_deauthorization_endpoint_keeps_its_url_from_the_app_and_only_its_tokens_change', async () => {
  let status = 500;
  const s = await onlyDeauthUrl(() => ({ status, json: {} }));
  const c = control(plaza);
  const [ep] = await endpointOf(s.app);
  assertProblemStatus(await c.call('PATCH', `/apps/${s.app.id}/event_subscriptions/${ep.id}`, { url: `${s.rx.url}/x` }), 400);
  assertProblemStatus(await c.call('PATCH', `/apps/${s.app.id}/event_subscriptions/${ep.id}`, { events: ['meeting.created'] }), 400);
  assertProblemStatus(await c.call('DELETE', `/apps/${s.app.id}/event_subscriptions/${ep.id}`), 409);
  assertProblemStatus(await c.call('POST', `/apps/${s.app.id}/event_subscriptions/${ep.id}/validate`), 409);
  const NEW = 'new-deauth-secret-0123456789';
  const patched = await c.ok('PATCH', `/apps/${s.app.id}/event_subscriptions/${ep.id}`, { secret_token: NEW }, 200);
  assert.equal(patched.secret_token, NEW);
  assert.equal(patched.state, 'active', 'no validation after new tokens either');
  // not counted among the app's 20 subscriptions
  assert.equal((await subscriptionsOf(s.app)).filter((x) => x.kind === 'event_subscription').length, 0);

  // a retry goes to the app's deauthorization URL as it is at the time of the attempt
  const t = await installUser(plaza, s.app, s.user.id);
  await c.ok('DELETE', `/installs/${decodeJwt(t.access_token).payload.iid}`, undefined, 204);
  const [first] = await s.rx.waitForEvents((q) => q.json.event === 'app_deauthorized');
  assert.equal(first.headers['x-zm-signature'], zoomSignature(NEW, first.headers['x-zm-request-timestamp'], first.body));
  await waitDeliveries(plaza, { app_id: s.app.id, event: 'app_deauthorized' }, (l) => l[0]?.status === 'retrying');
  await setDeauthUrl(s.app, `${s.rx.url}/moved`);
  status = 204;
  await advanceClock(plaza, 5 * 60);
  const [d] = await waitDeliveries(plaza, { app_id: s.app.id, event: 'app_deauthorized' }, (l) => l[0]?.status === 'delivered');
  assert.equal(d.url, `${s.rx.url}/moved`);
  assert.equal(new URL(s.rx.events()[1].url, 'http://x').pathname, '/zoom/webhook/moved');

  // no URL any more: nothing goes, and the endpoint shows disabled
  await setDeauthUrl(s.app, null);
  const [gone] = await endpointOf(s.app);
  assert.equal(gone.state, 'disabled');
  const t2 = await installUser(plaza, s.app, s.user.id);
  await c.ok('DELETE', `/installs/${decodeJwt(t2.access_token).payload.iid}`, undefined, 204);
  await fenced();
  assert.equal((await deliveries(plaza, { app_id: s.app.id, event: 'app_deauthorized' })).length, 1);
  assert.equal((await deauths({ app_id: s.app.id })).length, 2, 'the removal is still recorded for compliance');
});

function assertProblemStatus(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
}
