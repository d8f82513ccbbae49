// Zoom's delivery rules (zoom-wire §3.3–§3.4) through the real worker: only
// 200 or 204 is success; otherwise retries 5, 20 and 60 minutes after the
// previous attempt, driven by the virtual clock, then "failed"; url_validation
// gates a subscription, is repeated every 72 hours, and 6 failed
// revalidations in a row disable it. Bad subscriptions are refused.
//
// "Nothing more happened" is checked with a fence (lib/receiver.mjs): an event
// of another account through the same worker; once it is acknowledged,
// anything that was due has been started.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, control, advanceClock, assertProblem } from './lib/plaza.mjs';
import {
  startReceiver, subscribe, subscribeActive, subscription, waitState, deliveries, waitDeliveries, waitFor, tenant, fence,
  hmacHex, rightAnswer, eventsAnswer, VALIDATION,
} from './lib/receiver.mjs';

const SECRET = 'retry-secret-0123456789';
const MIN = 60;

let plaza, fenced;
const cleanups = [];

before(async () => {
  plaza = await startPlaza();
  fenced = await fence(plaza);
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()();
});
after(async () => {
  await fenced.close();
  await plaza.stop();
});

// A receiver closed, and subscriptions deleted, after the test.
async function receiver(respond) {
  const rx = await startReceiver({ secret: SECRET, respond });
  cleanups.push(() => rx.close());
  return rx;
}
function forget(appId, subId) {
  cleanups.push(() => control(plaza).ok('DELETE', `/apps/${appId}/event_subscriptions/${subId}`, undefined, [204, 404]));
}

// One event to a subscription of a fresh account: its delivery once attempted.
async function oneDelivery(respond) {
  const t = await tenant(plaza);
  const rx = await receiver(respond);
  const sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  forget(t.app.id, sub.id);
  const m = await t.meeting();
  const [d] = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' },
                                   (l) => l.length === 1 && l[0].attempts === 1 && l[0].status !== 'sending');
  return { t, rx, sub, m, d };
}
const get = async (id) => control(plaza).ok('GET', `/deliveries/${id}`, undefined, 200);
const ms = (iso) => Date.parse(iso);
const waitAttempts = (id, n) => waitFor(async () => { const d = await get(id); return d.attempts === n && d.status !== 'sending' && d; },
                                        { what: `delivery ${id} with ${n} attempts` });

test('a_500_is_retried_5_20_and_60_minutes_after_each_attempt_then_fails', async () => {
  const { rx, d } = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 500, body: 'boom' })));
  assert.equal(d.status, 'retrying');
  assert.equal(d.attempt_log[0].status_code, 500);
  assert.equal(d.attempt_log[0].response, 'boom');
  assert.equal(ms(d.next_attempt_at), ms(d.attempt_log[0].at) + 5 * MIN * 1000, 'next retry 5 minutes after the attempt');

  // 4 minutes: not yet
  await advanceClock(plaza, 4 * MIN);
  await fenced();
  const still = await get(d.id);
  assert.equal(still.attempts, 1);
  assert.equal(still.status, 'retrying');

  await advanceClock(plaza, 1 * MIN);
  const d2 = await waitAttempts(d.id, 2);
  assert.equal(d2.status, 'retrying');
  const gap1 = ms(d2.attempt_log[1].at) - ms(d2.attempt_log[0].at);
  assert.ok(gap1 >= 5 * MIN * 1000 && gap1 < 6 * MIN * 1000, `second attempt 5 min after the first (${gap1} ms)`);
  assert.equal(ms(d2.next_attempt_at), ms(d2.attempt_log[1].at) + 20 * MIN * 1000, 'then 20 minutes');

  await advanceClock(plaza, 20 * MIN);
  const d3 = await waitAttempts(d.id, 3);
  const gap2 = ms(d3.attempt_log[2].at) - ms(d3.attempt_log[1].at);
  assert.ok(gap2 >= 20 * MIN * 1000 && gap2 < 21 * MIN * 1000, `third attempt 20 min later (${gap2} ms)`);
  assert.equal(ms(d3.next_attempt_at), ms(d3.attempt_log[2].at) + 60 * MIN * 1000, 'then 60 minutes');

  await advanceClock(plaza, 60 * MIN);
  const d4 = await waitAttempts(d.id, 4);
  assert.equal(d4.status, 'failed');
  assert.equal(d4.next_attempt_at, null);
  assert.equal(d4.delivered_at, null);
  assert.deepEqual(d4.attempt_log.map((a) => [a.n, a.status_code]), [[1, 500], [2, 500], [3, 500], [4, 500]]);

  // given up: two more hours change nothing
  await advanceClock(plaza, 120 * MIN);
  await fenced();
  assert.equal((await get(d.id)).attempts, 4);
  const sent = rx.events();
  assert.equal(sent.length, 4, 'four requests in all');
  assert.ok(sent.every((q) => q.body === d.body), 'the same body each time');
  const stamps = sent.map((q) => Number(q.headers['x-zm-request-timestamp']));
  assert.ok(stamps[1] - stamps[0] >= 300 && stamps[2] - stamps[1] >= 1200 && stamps[3] - stamps[2] >= 3600,
            `signature timestamps on the virtual clock: ${stamps}`);
  assert.equal(new Set(sent.map((q) => q.headers['x-zm-signature'])).size, 4, 'each attempt signed at its own time');
});

test('a_2xx_on_a_retry_ends_the_retries', async () => {
  let answer = 500;
  const { rx, d } = await oneDelivery(eventsAnswer(SECRET, () => ({ status: answer })));
  assert.equal(d.status, 'retrying');
  answer = 204;
  await advanceClock(plaza, 5 * MIN);
  const done = await waitAttempts(d.id, 2);
  assert.equal(done.status, 'delivered');
  assert.equal(done.next_attempt_at, null);
  assert.ok(done.delivered_at);
  assert.deepEqual(done.attempt_log.map((a) => a.status_code), [500, 204]);
  await advanceClock(plaza, 80 * MIN);
  await fenced();
  assert.equal((await get(d.id)).attempts, 2);
  assert.equal(rx.events().length, 2);
});

test('a_retry_goes_to_the_subscriptions_current_url_and_a_url_that_fails_validation_drops_what_waited', async () => {
  const { t, sub, d } = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 500 })));
  assert.equal(d.status, 'retrying');
  const moved = await receiver(eventsAnswer(SECRET, () => ({ status: 204 })));
  await control(plaza).ok('PATCH', `/apps/${t.app.id}/event_subscriptions/${sub.id}`, { url: moved.url }, 200);
  await waitState(plaza, t.app.id, sub.id, 'active');
  await advanceClock(plaza, 5 * MIN);
  const done = await waitAttempts(d.id, 2);
  assert.equal(done.status, 'delivered');
  assert.equal(done.url, moved.url, 'the retry followed the endpoint');
  assert.equal(moved.events().length, 1);

  // the next endpoint does not validate: the event waiting for its retry is dropped, not kept forever
  const m = await t.meeting();
  await moved.waitForEvents((q) => q.json.payload.object.id === m.id);
  moved.respond((req) => (req.json?.event === VALIDATION ? { status: 403, body: 'no' } : { status: 500 }));
  await t.meeting();
  const [waiting] = await waitDeliveries(plaza, { subscription_id: sub.id, status: 'retrying' }, (l) => l.length === 1);
  const broken = await receiver(() => ({ status: 403 }));
  await control(plaza).ok('PATCH', `/apps/${t.app.id}/event_subscriptions/${sub.id}`, { url: broken.url }, 200);
  await waitState(plaza, t.app.id, sub.id, 'unvalidated');
  const dropped = await get(waiting.id);
  assert.equal(dropped.status, 'failed');
  assert.equal(dropped.attempts, 1, 'no attempt was made to the endpoint that did not validate');
  const [v] = await deliveries(plaza, { subscription_id: sub.id, event: VALIDATION, status: 'failed' });
  assert.equal(v.attempt_log[0].status_code, 403);
  assert.match(v.attempt_log[0].error, /200/, 'why the answer was refused');
  await advanceClock(plaza, 2 * 60 * MIN);
  await fenced();
  assert.equal(broken.events().length, 0);
});

test('answers_201_and_301_are_failures_and_the_redirect_is_not_followed', async () => {
  const target = await receiver();
  const created = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 201, json: { ok: true } })));
  assert.equal(created.d.status, 'retrying');
  assert.equal(created.d.attempt_log[0].status_code, 201);
  const moved = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 301, headers: { location: target.url } })));
  assert.equal(moved.d.status, 'retrying');
  assert.equal(moved.d.attempt_log[0].status_code, 301);
  await fenced();
  assert.equal(target.requests.length, 0, 'plaza did not follow the redirect');
  const ok = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 200, body: 'fine' })));
  assert.equal(ok.d.status, 'delivered', '200 with any body is success');
});

test('a_reset_connection_and_a_refused_connection_are_failures', async () => {
  const { d } = await oneDelivery(eventsAnswer(SECRET, () => 'reset'));
  assert.equal(d.status, 'retrying');
  assert.equal(d.attempt_log[0].status_code, 0);
  assert.ok(d.attempt_log[0].error.length > 0, 'libcurl\'s error is recorded');

  // an endpoint that went away after validating
  const gone = await oneDelivery(eventsAnswer(SECRET, () => ({ status: 204 })));
  assert.equal(gone.d.status, 'delivered');
  await gone.rx.close();
  await gone.t.meeting();
  const [d2] = await waitDeliveries(plaza, { subscription_id: gone.sub.id, status: 'retrying' }, (l) => l.length === 1);
  assert.equal(d2.attempt_log[0].status_code, 0);
  assert.match(d2.attempt_log[0].error, /connect|refused/i);
});

test('a_wrong_url_validation_answer_leaves_the_subscription_unvalidated_and_it_gets_no_events', async () => {
  const t = await tenant(plaza);
  const wrongs = {
    'wrong encryptedToken': (req) => ({ status: 200, json: { plainToken: req.json.payload.plainToken, encryptedToken: hmacHex('another-secret', req.json.payload.plainToken) } }),
    'another plainToken': () => ({ status: 200, json: { plainToken: 'x', encryptedToken: hmacHex(SECRET, 'x') } }),
    'right tokens with 204': (req) => ({ status: 204, json: rightAnswer(SECRET)(req).json }),
    'empty 200': () => ({ status: 200 }),
    'right tokens with 201': (req) => ({ status: 201, json: rightAnswer(SECRET)(req).json }),
  };
  const bad = [];
  for (const [why, answer] of Object.entries(wrongs)) {
    const rx = await receiver((req) => (req.json?.event === VALIDATION ? answer(req) : { status: 200 }));
    const s = await subscribe(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
    forget(t.app.id, s.id);
    const un = await waitState(plaza, t.app.id, s.id, 'unvalidated');
    assert.equal(un.validated_at, null, why);
    const [v] = await deliveries(plaza, { subscription_id: s.id, event: VALIDATION });
    assert.equal(v.status, 'failed', `${why}: a url_validation is not retried`);
    assert.equal(v.attempts, 1);
    const a = v.attempt_log[0];
    assert.ok(a.error || a.status_code !== 200, `${why}: the reason is recorded (${a.status_code} ${a.error})`);
    bad.push({ rx, s });
  }
  const goodRx = await receiver();
  const good = await subscribeActive(plaza, t.app.id, goodRx.url, ['meeting.created'], { secret_token: SECRET });
  forget(t.app.id, good.id);
  const m = await t.meeting();
  await goodRx.waitForEvents((q) => q.json.payload.object.id === m.id);
  await fenced();
  for (const { rx, s } of bad) {
    assert.equal(rx.events().length, 0, 'no event for an unvalidated subscription');
    assert.deepEqual((await deliveries(plaza, { subscription_id: s.id })).map((d) => d.event), [VALIDATION]);
  }
  // a new URL is validated again before events flow
  const { s } = bad[0];
  const fixed = await receiver();
  const patched = await control(plaza).ok('PATCH', `/apps/${t.app.id}/event_subscriptions/${s.id}`, { url: fixed.url }, 200);
  assert.equal(patched.state, 'pending');
  await waitState(plaza, t.app.id, s.id, 'active');
  const m2 = await t.meeting();
  await fixed.waitForEvents((q) => q.json.payload.object.id === m2.id);
});

test('url_validation_is_repeated_every_72_hours_and_6_failures_in_a_row_disable_the_subscription', async () => {
  const t = await tenant(plaza);
  let right = true;
  const rx = await receiver((req) => {
    if (req.json?.event !== VALIDATION) return { status: 200 };
    return right ? rightAnswer(SECRET)(req) : { status: 200, json: { plainToken: req.json.payload.plainToken, encryptedToken: '0'.repeat(64) } };
  });
  const s = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  forget(t.app.id, s.id);
  assert.equal(ms(s.next_validation_at) - ms(s.validated_at), 72 * 3600 * 1000);
  const healthyRx = await receiver();
  const healthy = await subscribeActive(plaza, t.app.id, healthyRx.url, ['meeting.created'], { secret_token: SECRET });
  forget(t.app.id, healthy.id);

  const validations = async () => (await deliveries(plaza, { subscription_id: s.id, event: VALIDATION })).length;
  await advanceClock(plaza, 71 * 3600);
  await fenced();
  assert.equal(await validations(), 1, 'not before 72 hours');
  await advanceClock(plaza, 3600);
  await waitFor(() => rx.validations().length === 2, { what: 'the 72-hour revalidation' });
  const again = await waitFor(async () => { const x = await subscription(plaza, t.app.id, s.id); return x.validated_at !== s.validated_at && x; },
                              { what: 'validated_at to move' });
  assert.equal(again.state, 'active');
  assert.ok(ms(again.validated_at) >= ms(s.validated_at) + 72 * 3600 * 1000);
  assert.equal(ms(again.next_validation_at), ms(again.validated_at) + 72 * 3600 * 1000);

  right = false;
  for (let i = 1; i <= 6; i++) {
    await advanceClock(plaza, 72 * 3600);
    await waitDeliveries(plaza, { subscription_id: s.id, event: VALIDATION, status: 'failed' }, (l) => l.length === i,
                         { what: `failed revalidation ${i}` });
    const now = await subscription(plaza, t.app.id, s.id);
    assert.equal(now.validation_failures, i);
    assert.equal(now.state, i < 6 ? 'active' : 'disabled', `after ${i} failed revalidations`);
  }
  // disabled: no events, no more validations
  const before = rx.requests.length;
  const m = await t.meeting();
  await healthyRx.waitForEvents((q) => q.json.payload.object.id === m.id);
  await advanceClock(plaza, 72 * 3600);
  await fenced();
  assert.equal(await validations(), 8, 'no revalidation of a disabled subscription');
  assert.deepEqual(await deliveries(plaza, { subscription_id: s.id, event: 'meeting.created' }), [], 'and no event');
  assert.equal(rx.requests.length, before, 'a disabled subscription gets nothing');
  // validating it by hand brings it back
  rx.respond(rightAnswer(SECRET));
  await control(plaza).ok('POST', `/apps/${t.app.id}/event_subscriptions/${s.id}/validate`, undefined, 202);
  const back = await waitState(plaza, t.app.id, s.id, 'active');
  assert.equal(back.validation_failures, 0);
});

test('subscriptions_with_invalid_urls_or_unknown_events_are_refused', async () => {
  const t = await tenant(plaza);
  const c = control(plaza);
  const post = (body) => c.call('POST', `/apps/${t.app.id}/event_subscriptions`, body);
  const good = { url: 'https://hooks.example.com/zoom', events: ['meeting.created'] };
  const cases = [
    [{ ...good, url: 'ftp://hooks.example.com/zoom' }, 'url'],
    [{ ...good, url: 'http://hooks.example.com/zoom' }, 'url'],
    [{ ...good, url: 'not a url' }, 'url'],
    [{ ...good, url: '' }, 'url'],
    [{ ...good, url: 'https://hooks.example.com/zoom#frag' }, 'url'],
    [{ events: ['meeting.created'] }, 'url'],
    [{ ...good, events: ['meeting.exploded'] }, 'events[0]'],
    [{ ...good, events: ['meeting.created', 'Meeting.Created'] }, 'events[1]'],
    [{ ...good, events: [] }, 'events'],
    [{ ...good, events: 'meeting.created' }, 'events'],
    [{ url: good.url }, 'events'],
    [{ ...good, events: [42] }, 'events[0]'],
    [{ ...good, secret_token: 'short' }, 'secret_token'],
    [{ ...good, verification_token: 'has spaces in it' }, 'verification_token'],
    [{ ...good, env: 'staging' }, 'env'],
    [{ ...good, colour: 'blue' }, 'colour'],
  ];
  for (const [body, field] of cases) assertProblem(await post(body), 400, field);
  const r = await post({ ...good, url: 'http://x', events: ['nope'] });
  assertProblem(r, 400, ['url', 'events[0]']);
  assertProblem(await c.call('POST', '/apps/no-such-app/event_subscriptions', good), 404);
  const list = await c.ok('GET', `/apps/${t.app.id}/event_subscriptions`, undefined, 200);
  assert.deepEqual(list.event_subscriptions, [], 'nothing was stored');
  // https anywhere and http on loopback are fine
  const https = await c.ok('POST', `/apps/${t.app.id}/event_subscriptions`, good, 201);
  forget(t.app.id, https.id);
});

test('an_app_has_at_most_20_subscriptions', async () => {
  const t = await tenant(plaza);
  const rx = await receiver();
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const s = await subscribe(plaza, t.app.id, `${rx.url}?n=${i}`, ['meeting.created'], { secret_token: SECRET });
    ids.push(s.id);
    forget(t.app.id, s.id);
  }
  const r = await control(plaza).call('POST', `/apps/${t.app.id}/event_subscriptions`, { url: rx.url, events: ['meeting.created'] });
  assertProblem(r, 409);
  assert.match(r.json.detail, /20/);
  // all 20 validate and each gets the event: duplicates are allowed (§3.4)
  for (const id of ids) await waitState(plaza, t.app.id, id, 'active');
  const m = await t.meeting();
  await waitFor(() => rx.events().filter((q) => q.json.payload.object.id === m.id).length === 20, { what: '20 deliveries' });
  // a removed one frees a place
  await control(plaza).ok('DELETE', `/apps/${t.app.id}/event_subscriptions/${ids[0]}`, undefined, 204);
  const s = await control(plaza).ok('POST', `/apps/${t.app.id}/event_subscriptions`, { url: rx.url, events: ['meeting.created'] }, 201);
  forget(t.app.id, s.id);
});
