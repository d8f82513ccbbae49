// Webhook deliveries checked by Zoom's own SDK: @zoom/rivet's HttpReceiver
// (its code answers endpoint.url_validation and verifies x-zm-signature over
// JSON.stringify of the parsed body) receives plaza's events (zoom-wire
// §3.1–§3.3). The §3.2 test vectors are checked against Rivet and against the
// signing helper the other webhooks suites use, and plaza's recorded
// deliveries are checked with that helper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, createAccount, createApp, userToken, v2, request } from './lib/plaza.mjs';
import {
  startRivetReceiver, subscribe, subscribeActive, waitState, waitFor, deliveries, waitDeliveries, zoomSignature, hmacHex,
  VALIDATION,
} from './lib/receiver.mjs';

// zoom-wire §3.2's vectors
const SECRET = 'plaza-webhook-secret';
const VECTOR_VALIDATION = {
  body: '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000123,"event":"endpoint.url_validation"}',
  signature: 'v0=fa07fc2d30ffdb0b0060f03b874102ca4403afde7e3e52ecf5760fd340b2560e',
  encryptedToken: 'a84f14aa78af4f07f7075768e71d6c2ebe606aa70084aa32e25ad26850754826',
};
const VECTOR_STARTED = {
  body: '{"event":"meeting.started","payload":{"account_id":"D8cJuqWVQ623CI4Q8yQK0Q","object":{"duration":60,"start_time":"2023-11-14T22:13:20Z","timezone":"America/Los_Angeles","topic":"Plaza demo","id":"85746065432","type":2,"uuid":"4444AAAiAAAAAiAiAiiAii==","host_id":"z8yCxjabcdEFGHfp8uQ"}},"event_ts":1700000000456}',
  signature: 'v0=afeb1ee896a12699ade6585e7d232eb398ca2a0856f8d5699b03c36c5a730705',
};

let plaza, acc, app, tok, rivet;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['meeting:read', 'meeting:write'] });
  tok = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read', 'meeting:write']);
  rivet = await startRivetReceiver({ secret: SECRET });
});
after(async () => {
  await rivet.close();
  await plaza.stop();
});

const post = (url, body, headers) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

test('zoom_wire_signature_vectors_verify_with_rivet_and_the_suite_helper', async () => {
  const ts = '1700000000';
  assert.equal(zoomSignature(SECRET, ts, VECTOR_VALIDATION.body), VECTOR_VALIDATION.signature);
  assert.equal(zoomSignature(SECRET, ts, VECTOR_STARTED.body), VECTOR_STARTED.signature);
  assert.equal(hmacHex(SECRET, 'qgg8vlvZRS6UYooatFL8Aw'), VECTOR_VALIDATION.encryptedToken);

  const headers = (signature) => ({ 'x-zm-request-timestamp': ts, 'x-zm-signature': signature });
  const v = await post(rivet.url, VECTOR_VALIDATION.body, headers(VECTOR_VALIDATION.signature));
  assert.equal(v.status, 200);
  assert.deepEqual(await v.json(), { encryptedToken: VECTOR_VALIDATION.encryptedToken, plainToken: 'qgg8vlvZRS6UYooatFL8Aw' });
  const s = await post(rivet.url, VECTOR_STARTED.body, headers(VECTOR_STARTED.signature));
  assert.equal(s.status, 200, 'Rivet verifies the meeting.started vector');
  // Rivet does check: one changed byte of the body is refused
  const tampered = await post(rivet.url, VECTOR_STARTED.body.replace('Plaza demo', 'Plaza demO'), headers(VECTOR_STARTED.signature));
  assert.equal(tampered.status, 400);
  assert.equal(rivet.verified.filter((e) => e.event === 'meeting.started').length, 1);
});

test('url_validation_answered_by_rivet_makes_the_subscription_active', async () => {
  const before = rivet.requests.length;
  const s = await subscribe(plaza, app.id, rivet.url, ['meeting.created', 'meeting.updated'], { secret_token: SECRET });
  assert.equal(s.state, 'pending');
  const active = await waitState(plaza, app.id, s.id, 'active');
  assert.ok(active.validated_at);
  assert.equal(active.validation_failures, 0);
  // the challenge as sent: key order payload, event_ts, event (§3.3), signed, answered 200 by Rivet
  const got = rivet.requests.slice(before);
  assert.equal(got.length, 1);
  const challenge = got[0];
  assert.deepEqual(Object.keys(JSON.parse(challenge.body)), ['payload', 'event_ts', 'event']);
  assert.equal(JSON.parse(challenge.body).event, VALIDATION);
  assert.equal(challenge.headers['x-zm-signature'], zoomSignature(SECRET, challenge.headers['x-zm-request-timestamp'], challenge.body));
  assert.equal(challenge.status, 200);
  const answer = JSON.parse(challenge.answer);
  assert.equal(answer.encryptedToken, hmacHex(SECRET, JSON.parse(challenge.body).payload.plainToken));
  // the delivery of the validation is on record, delivered
  const [d] = await deliveries(plaza, { subscription_id: s.id, event: VALIDATION });
  assert.equal(d.status, 'delivered');
  assert.equal(d.event_id, null);
  assert.equal(d.body, challenge.body);
});

test('rivet_with_another_secret_refuses_the_challenge_and_the_subscription_stays_unvalidated', async () => {
  const other = await startRivetReceiver({ secret: 'not-the-secret-0123' });
  try {
    const s = await subscribe(plaza, app.id, other.url, ['meeting.created'], { secret_token: SECRET });
    await waitState(plaza, app.id, s.id, 'unvalidated');
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0].status, 400, 'Rivet could not verify the signature');
    const [d] = await deliveries(plaza, { subscription_id: s.id });
    assert.equal(d.status, 'failed');
    assert.equal(d.attempt_log[0].status_code, 400);
  } finally {
    await other.close();
  }
});

test('signed_events_verify_with_rivet_with_zooms_headers_and_a_body_that_round_trips', async () => {
  const s = await subscribeActive(plaza, app.id, rivet.url, ['meeting.created'], { secret_token: SECRET });
  const verifiedBefore = rivet.verified.length;
  const requestsBefore = rivet.requests.length;
  // characters JSON encoders disagree on: '/', non-ASCII, quotes, backslash, tab, newline
  const topic = 'Café ☕ 会議 "quoted" \\ back/slash </script>\t\n🎉';
  const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic, type: 2, start_time: '2031-05-01T09:00:00Z' });
  assert.equal(r.status, 201, r.text);
  const [d] = await waitDeliveries(plaza, { subscription_id: s.id, event: 'meeting.created' },
                                   (l) => l.length === 1 && l[0].status === 'delivered');
  const got = await waitFor(() => rivet.verified.slice(verifiedBefore).find((e) => e.payload.payload.object.id === r.json.id),
                            { what: 'Rivet to verify and emit meeting.created' });
  assert.equal(got.event, 'meeting.created');
  assert.equal(got.payload.payload.object.topic, topic);
  const sent = d.attempt_log[0].request_headers;
  // two subscriptions of the app point here: this one's request is the one with its tracking id
  const raw = rivet.requests.slice(requestsBefore).find((q) => q.headers['x-zm-trackingid'] === sent['x-zm-trackingid']);
  assert.ok(raw, 'the receiver got the request plaza recorded');
  assert.equal(raw.body, d.body, 'the exact body plaza recorded');
  assert.equal(raw.status, 200, 'Rivet answered 200');
  assert.equal(JSON.stringify(JSON.parse(raw.body)), raw.body, 'the body survives JSON.stringify(JSON.parse(body)) (§3.2)');
  assert.deepEqual(Object.keys(JSON.parse(raw.body)), ['event', 'payload', 'event_ts']);

  // Zoom's headers (§3.1)
  const h = raw.headers;
  assert.equal(h['user-agent'], 'Zoom Marketplace/1.0a');
  assert.equal(h['content-type'], 'application/json; charset=utf-8');
  assert.equal(h.authorization, s.verification_token, 'legacy verification token');
  assert.equal(h.clientid, app.credentials.development.client_id);
  assert.match(h['x-zm-request-timestamp'], /^\d{10}$/, 'seconds');
  const clock = (await request(plaza, 'GET', '/_plaza/clock', { headers: { authorization: `Bearer ${plaza.adminKey}` } })).json;
  assert.ok(Math.abs(Number(h['x-zm-request-timestamp']) - clock.now_ms / 1000) < 60, 'on the virtual clock');
  assert.match(h['x-zm-signature'], /^v0=[0-9a-f]{64}$/);
  assert.equal(h['x-zm-signature'], zoomSignature(SECRET, h['x-zm-request-timestamp'], raw.body));
  assert.ok(h['x-zm-trackingid'], 'x-zm-trackingid');
  assert.equal(h['accept-encoding'], 'gzip', 'zoom-wire §3.1');
  assert.equal(Number(h['content-length']), Buffer.byteLength(raw.body));

  // what plaza recorded is what was sent
  for (const [k, v] of Object.entries(sent)) {
    if (k !== 'authorization') assert.equal(h[k], v, `recorded header ${k}`);
  }
  assert.equal(sent.authorization, '[redacted]', 'the verification token is sent, never recorded');
  assert.deepEqual(Object.keys(sent).sort(),
                   ['accept-encoding', 'authorization', 'clientid', 'content-type', 'user-agent', 'x-zm-request-timestamp', 'x-zm-signature', 'x-zm-trackingid']);
});

test('meeting_updated_with_old_object_verifies_with_rivet', async () => {
  const s = await subscribeActive(plaza, app.id, rivet.url, ['meeting.updated'], { secret_token: SECRET });
  const m = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Before' });
  assert.equal(m.status, 201, m.text);
  const verifiedBefore = rivet.verified.length;
  assert.equal((await v2(plaza, tok, 'PATCH', `/meetings/${m.json.id}`, { topic: 'After' })).status, 204);
  await waitDeliveries(plaza, { subscription_id: s.id, event: 'meeting.updated' }, (l) => l[0]?.status === 'delivered');
  const got = await waitFor(() => rivet.verified.slice(verifiedBefore).find((e) => e.event === 'meeting.updated'),
                            { what: 'Rivet to verify meeting.updated' });
  assert.deepEqual(got.payload.payload.object, { id: m.json.id, topic: 'After' });
  assert.deepEqual(got.payload.payload.old_object, { id: m.json.id, topic: 'Before' });
});

// jansson writes control characters as \u001F where JSON.stringify writes
// \u001f; plaza lowers the escapes (998e0a7) so such a body still survives
// JSON.stringify(JSON.parse(body)) and Rivet can verify it.
test('a_topic_with_control_characters_still_round_trips_and_verifies_with_rivet', async () => {
  const s = await subscribeActive(plaza, app.id, rivet.url, ['meeting.created'], { secret_token: SECRET });
  const verifiedBefore = rivet.verified.length;
  const topic = 'pasted\u000btext\u001f\u0001end';
  const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic });
  assert.equal(r.status, 201, r.text);
  const [d] = await waitDeliveries(plaza, { subscription_id: s.id, event: 'meeting.created' },
                                   (l) => l.length === 1 && ['delivered', 'retrying'].includes(l[0].status));
  assert.equal(JSON.stringify(JSON.parse(d.body)), d.body, 'the body survives JSON.stringify(JSON.parse(body)) (§3.2)');
  assert.equal(d.status, 'delivered', `Rivet answered ${d.attempt_log[0].status_code}`);
  assert.ok(rivet.verified.slice(verifiedBefore).some((e) => e.payload.payload.object.id === r.json.id));
});
