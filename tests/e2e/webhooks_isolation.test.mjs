// Slow and dead endpoints (zoom-wire §3.4: success only within 3 s): an
// endpoint that never answers, or answers byte by byte past 3 s, fails the
// attempt; one that answers slowly within 3 s succeeds; and none of them
// delays deliveries to a healthy endpoint of the same app. The scenarios run
// at once (each waits out real 3 s timeouts), on one plaza and its one worker.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { startPlaza, control } from './lib/plaza.mjs';
import {
  startReceiver, subscribeActive, deliveries, waitDeliveries, waitFor, tenant, eventsAnswer,
} from './lib/receiver.mjs';

const SECRET = 'slow-secret-0123456789';
const TIMEOUT_MS = 3000;

let plaza;
const receivers = [];

before(async () => { plaza = await startPlaza(); });
after(async () => {
  for (const rx of receivers) await rx.close();
  await plaza.stop();
});

// A receiver that validates right and answers events with `answer`.
async function endpoint(answer) {
  const rx = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, answer) });
  receivers.push(rx);
  return rx;
}
// One delivery to an endpoint answering `answer`, once its first attempt is over.
async function attempted(answer) {
  const t = await tenant(plaza);
  const rx = await endpoint(answer);
  const sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  await t.meeting();
  const [d] = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' },
                                   (l) => l[0]?.attempts === 1 && l[0].status !== 'sending', { timeout: 10000 });
  return { d, rx };
}

describe('slow_and_dead_endpoints', { concurrency: true }, () => {
  test('an_endpoint_that_never_answers_fails_after_3_seconds', async () => {
    const { d, rx } = await attempted(() => 'hang');
    assert.equal(rx.events().length, 1, 'the request did arrive');
    assert.equal(d.status, 'retrying');
    const a = d.attempt_log[0];
    assert.equal(a.status_code, 0);
    assert.match(a.error, /time/i);
    assert.ok(a.duration_ms >= TIMEOUT_MS - 50 && a.duration_ms < TIMEOUT_MS + 2000, `gave up at ${a.duration_ms} ms`);
  });

  test('an_endpoint_answering_byte_by_byte_past_3_seconds_fails', async () => {
    // headers at once, then 20 body bytes 250 ms apart: 5 s in all
    const { d, rx } = await attempted(() => ({ drip: 20, everyMs: 250 }));
    assert.equal(rx.events().length, 1);
    assert.equal(d.status, 'retrying', 'a 200 that does not finish within 3 s is no success');
    const a = d.attempt_log[0];
    assert.match(a.error, /time/i);
    assert.ok(a.duration_ms >= TIMEOUT_MS - 50 && a.duration_ms < TIMEOUT_MS + 2000, `gave up at ${a.duration_ms} ms`);
  });

  test('an_endpoint_answering_slowly_within_3_seconds_succeeds', async () => {
    const { d } = await attempted(() => ({ status: 200, json: {}, delayMs: 1500 }));
    assert.equal(d.status, 'delivered');
    assert.ok(d.attempt_log[0].duration_ms >= 1400, `took ${d.attempt_log[0].duration_ms} ms`);
  });

  test('a_dead_and_a_dripping_endpoint_do_not_delay_a_healthy_one_of_the_same_app', async () => {
    const t = await tenant(plaza);
    const dead = await endpoint(() => 'hang');
    const drip = await endpoint(() => ({ drip: 20, everyMs: 250 }));
    const healthy = await endpoint(() => ({ status: 204 }));
    const subDead = await subscribeActive(plaza, t.app.id, dead.url, ['meeting.created'], { secret_token: SECRET });
    const subDrip = await subscribeActive(plaza, t.app.id, drip.url, ['meeting.created'], { secret_token: SECRET });
    await subscribeActive(plaza, t.app.id, healthy.url, ['meeting.created'], { secret_token: SECRET });
    // more events than a subscription may have in flight, so the bad ones also queue
    const N = 6;
    const ids = [];
    for (let i = 0; i < N; i++) ids.push((await t.meeting({ topic: `Burst ${i}` })).id);
    const got = await healthy.waitForEvents(() => true, { timeout: 10000 }).then(() =>
      waitFor(() => { const e = healthy.events(); return e.length === N && e; }, { what: 'all events at the healthy endpoint' }));
    const healthyDone = performance.now();
    assert.deepEqual(got.map((q) => q.json.payload.object.id).sort(), [...ids].sort());
    // at that moment no attempt to the bad endpoints had ended: the healthy one did not wait for their timeouts
    for (const sub of [subDead, subDrip]) {
      const l = await deliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' });
      assert.equal(l.length, N);
      assert.ok(l.every((d) => d.attempt_log.length === 0), 'no attempt to a bad endpoint had finished yet');
    }
    const firstBad = Math.min(dead.events()[0].at, drip.events()[0].at);
    assert.ok(healthyDone < firstBad + TIMEOUT_MS,
              `the healthy endpoint had everything ${Math.round(healthyDone - firstBad)} ms after the first bad request began`);
    // and the bad ones did fail by timeout, later
    await waitDeliveries(plaza, { subscription_id: subDead.id, event: 'meeting.created', status: 'retrying' }, (l) => l.length >= 1,
                         { timeout: 10000 });
  });
});

// The worker looks at 128 due deliveries a pass (IN_FLIGHT_MAX * 2); a dead
// endpoint's backlog of more than that must not fill the window and make every
// other endpoint wait for its 3 s timeouts (fixed in 3ae2d1e: each
// subscription offers at most its own share).
test('a_dead_endpoints_backlog_does_not_delay_another_accounts_endpoint', async () => {
  const t = await tenant(plaza);
  const dead = await endpoint(() => 'hang');
  const sub = await subscribeActive(plaza, t.app.id, dead.url, ['meeting.created'], { secret_token: SECRET });
  const other = await tenant(plaza);
  const healthy = await endpoint(() => ({ status: 204 }));
  const subHealthy = await subscribeActive(plaza, other.app.id, healthy.url, ['meeting.created'], { secret_token: SECRET });
  try {
    const BACKLOG = 140;
    for (let i = 0; i < BACKLOG; i++) await t.meeting({ topic: `Backlog ${i}` });
    const m = await other.meeting({ topic: 'Behind the backlog' });
    const made = performance.now();
    // well under one 3 s timeout of the dead endpoint
    await waitDeliveries(plaza, { subscription_id: subHealthy.id, event: 'meeting.created', status: 'delivered' },
                         (l) => l.some((d) => JSON.parse(d.body).payload.object.id === m.id), { timeout: TIMEOUT_MS - 500 });
    assert.ok(performance.now() - made < TIMEOUT_MS);
  } finally {
    await control(plaza).ok('DELETE', `/apps/${t.app.id}/event_subscriptions/${sub.id}`, undefined, 204);
  }
});

// While a subscription has its 4 transfers in flight and more deliveries due,
// the worker sleeps until a transfer ends instead of looping over the queue:
// waiting for slow endpoints costs no CPU.
test('waiting_on_a_slow_endpoint_with_a_backlog_does_not_spin_the_worker', async () => {
  const t = await tenant(plaza);
  const slow = await endpoint(() => ({ status: 200, json: {}, delayMs: 600 }));
  const sub = await subscribeActive(plaza, t.app.id, slow.url, ['meeting.created'], { secret_token: SECRET });
  try {
    for (let i = 0; i < 12; i++) await t.meeting({ topic: `Queued ${i}` }); // 3 rounds of 4
    await waitFor(() => slow.events().length >= 1, { what: 'the first slow request' });
    const cpuMs = () => {
      const f = readFileSync(`/proc/${plaza.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 1000 / 100; // utime + stime, in clock ticks of 10 ms
    };
    const c0 = cpuMs(), w0 = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    const used = cpuMs() - c0, wall = performance.now() - w0;
    assert.ok(used < wall * 0.5, `plaza used ${used} ms of CPU in ${Math.round(wall)} ms while only waiting`);
  } finally {
    await control(plaza).ok('DELETE', `/apps/${t.app.id}/event_subscriptions/${sub.id}`, undefined, 204);
  }
});
