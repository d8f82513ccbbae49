// GET /_plaza/apps/{appId}/deliveries/stream: the app's deliveries as they
// happen, as server-sent events, resumable with Last-Event-ID.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, control, request, assertProblem } from './lib/plaza.mjs';
import { startReceiver, subscribeActive, tenant, eventsAnswer } from './lib/receiver.mjs';

const SECRET = 'tail-secret-0123456789';
let plaza;
const receivers = [];
before(async () => { plaza = await startPlaza(); });
after(async () => {
  for (const rx of receivers) await rx.close();
  await plaza.stop();
});

// An open stream: `next(pred)` waits for the next event that satisfies pred.
async function openStream(appId, { lastEventId } = {}) {
  const ctl = new AbortController();
  const headers = { authorization: `Bearer ${plaza.adminKey}` };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const res = await fetch(`${plaza.url}/_plaza/apps/${appId}/deliveries/stream`, { headers, signal: ctl.signal });
  const events = [];
  const waiters = [];
  let text = '';
  const pump = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        text += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          const ev = {};
          for (const line of block.split('\n')) {
            const m = /^(event|id|data): (.*)$/.exec(line);
            if (m) ev[m[1]] = m[2];
          }
          if (!ev.event) continue; // a comment
          ev.json = JSON.parse(ev.data);
          events.push(ev);
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch { /* aborted */ }
  })();
  let seen = 0;
  return {
    res, events,
    async next(pred = () => true, timeout = 8000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        while (seen < events.length) { const e = events[seen++]; if (pred(e)) return e; }
        if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(events.map((e) => e.json.event))}`);
        await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
      }
    },
    async close() { ctl.abort(); await pump; },
  };
}

async function hooked() {
  const t = await tenant(plaza);
  const rx = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, () => ({ status: 200 })) });
  receivers.push(rx);
  await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  return t;
}

test('deliveries_stream_as_they_happen_and_a_redelivery_shows_up', async () => {
  const t = await hooked();
  const s = await openStream(t.app.id);
  assert.equal(s.res.status, 200);
  assert.match(s.res.headers.get('content-type'), /^text\/event-stream/);
  await t.meeting({ topic: 'Streamed' });
  const created = await s.next((e) => e.json.event === 'meeting.created');
  assert.equal(created.event, 'delivery');
  assert.equal(created.json.app_id, t.app.id);
  const delivered = created.json.status === 'delivered' ? created
    : await s.next((e) => e.json.id === created.json.id && e.json.status === 'delivered');
  // the same shape as GET /_plaza/deliveries/{id}
  const got = await control(plaza).ok('GET', `/deliveries/${delivered.json.id}`);
  assert.deepEqual(Object.keys(delivered.json).sort(), Object.keys(got).sort());
  assert.ok(delivered.json.attempts >= 1);

  const again = await control(plaza).ok('POST', `/deliveries/${created.json.id}/redeliver`, undefined, 201);
  const re = await s.next((e) => e.json.id === again.id);
  assert.equal(re.json.event, 'meeting.created');
  assert.ok(Number(re.id) >= again.id, 'the event id is the newest delivery announced');
  await s.close();
});

test('last_event_id_resumes_after_what_was_seen', async () => {
  const t = await hooked();
  const s = await openStream(t.app.id);
  await t.meeting({ topic: 'First' });
  const first = await s.next((e) => e.json.event === 'meeting.created');
  await s.close();
  await t.meeting({ topic: 'While away' });
  const resumed = await openStream(t.app.id, { lastEventId: first.id });
  const next = await resumed.next((e) => e.json.event === 'meeting.created');
  assert.ok(next.json.id > first.json.id, 'starts after the last event seen');
  assert.ok(!resumed.events.some((e) => e.json.id <= Number(first.id)), 'nothing seen before is sent again');
  await resumed.close();
});

test('an_unknown_app_is_404', async () => {
  assertProblem(await control(plaza).call('GET', '/apps/no-such-app/deliveries/stream'), 404);
  const anon = await request(plaza, 'GET', '/_plaza/apps/no-such-app/deliveries/stream');
  assert.equal(anon.status, 401);
});

test('the_server_still_serves_after_clients_disconnect', async () => {
  const t = await hooked();
  const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(t.app.id)));
  for (const s of streams) await s.close();
  const r = await request(plaza, 'GET', '/healthz');
  assert.equal(r.status, 200);
  // and a stream opened now still works
  const s = await openStream(t.app.id);
  await t.meeting({ topic: 'After' });
  await s.next((e) => e.json.event === 'meeting.created');
  // left open: stopping plaza ends it cleanly (after() checks the exit and the sanitizers)
});
