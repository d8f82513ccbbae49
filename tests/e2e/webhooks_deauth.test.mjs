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
