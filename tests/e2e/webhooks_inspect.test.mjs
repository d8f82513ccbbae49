// What a developer stares at: GET /_plaza/deliveries with its filters and
// pages, each delivery with the exact request sent (headers and body), every
// attempt's status, latency and (truncated) answer, the next retry time; and
// POST /_plaza/deliveries/{id}/redeliver.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, control, createApp, advanceClock, assertProblem, v2, onlySqlite } from './lib/plaza.mjs';
import {
  startReceiver, subscribeActive, deliveries, waitDeliveries, waitFor, tenant, eventsAnswer, zoomSignature, VALIDATION,
  rightAnswer,
} from './lib/receiver.mjs';

const SECRET = 'inspect-secret-0123456789';
const RESPONSE_KEEP = 2048;

let plaza;
const receivers = [];

before(async () => { plaza = await startPlaza(); });
after(async () => {
  for (const rx of receivers) await rx.close();
  await plaza.stop();
});

async function endpoint(answer) {
  const rx = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, answer) });
  receivers.push(rx);
  return rx;
}
const get = (id) => control(plaza).call('GET', `/deliveries/${id}`);
const settled = (l) => l.length > 0 && l.every((d) => d.status !== 'pending' && d.status !== 'sending');

test('deliveries_are_filtered_by_app_event_and_status_and_paged', async () => {
  const t = await tenant(plaza);
  const appB = await createApp(plaza, t.acc.id, { scopes: ['meeting:read'] });
  const ok = await endpoint(() => ({ status: 200 }));
  const failing = await endpoint(() => ({ status: 500 }));
  const subA = await subscribeActive(plaza, t.app.id, ok.url, ['meeting.created', 'meeting.deleted'], { secret_token: SECRET });
  const subB = await subscribeActive(plaza, appB.id, failing.url, ['meeting.created'], { secret_token: SECRET });
  const m = await t.meeting();
  assert.equal((await v2(plaza, t.tok, 'DELETE', `/meetings/${m.id}`)).status, 204);

  const a = await waitDeliveries(plaza, { app_id: t.app.id }, (l) => l.length === 3 && settled(l));
  assert.ok(a.every((d) => d.app_id === t.app.id && d.subscription_id === subA.id));
  assert.deepEqual(a.map((d) => d.event), [VALIDATION, 'meeting.created', 'meeting.deleted'], 'oldest first');
  assert.ok(a.every((d) => d.status === 'delivered'));

  const created = await deliveries(plaza, { app_id: t.app.id, event: 'meeting.created' });
  assert.deepEqual(created.map((d) => d.id), [a[1].id]);
  const b = await waitDeliveries(plaza, { app_id: appB.id, status: 'retrying' }, (l) => l.length === 1);
  assert.equal(b[0].event, 'meeting.created');
  assert.equal(b[0].subscription_id, subB.id);
  assert.deepEqual((await deliveries(plaza, { app_id: appB.id, status: 'delivered' })).map((d) => d.event), [VALIDATION]);
  assert.deepEqual(await deliveries(plaza, { app_id: appB.id, status: 'failed' }), []);
  assert.deepEqual((await deliveries(plaza, { subscription_id: subB.id })).map((d) => d.event), [VALIDATION, 'meeting.created']);
  // the same event, one delivery per subscription
  assert.equal(JSON.parse(b[0].body).payload.object.id, m.id);
  assert.equal(b[0].event_id, a[1].event_id);

  // pages of one
  const seen = [];
  let token = '';
  for (let i = 0; i < 5; i++) {
    const q = new URLSearchParams({ app_id: t.app.id, page_size: '1', ...(token ? { next_page_token: token } : {}) });
    const page = await control(plaza).ok('GET', `/deliveries?${q}`, undefined, 200);
    seen.push(...page.deliveries.map((d) => d.id));
    token = page.next_page_token;
    if (!token) break;
  }
  assert.deepEqual(seen, a.map((d) => d.id));
  assert.deepEqual((await deliveries(plaza, { app_id: t.app.id, after: String(a[0].id) })).map((d) => d.id), [a[1].id, a[2].id]);

  const c = control(plaza);
  assertProblem(await c.call('GET', '/deliveries?status=lost'), 400, 'status');
  assertProblem(await c.call('GET', '/deliveries?page_size=0'), 400, 'page_size');
  assertProblem(await c.call('GET', '/deliveries?page_size=201'), 400, 'page_size');
  assertProblem(await c.call('GET', '/deliveries?next_page_token=abc'), 400, 'next_page_token');
  assert.deepEqual(await deliveries(plaza, { app_id: 'no-such-app' }), []);
});

test('a_delivery_shows_the_exact_request_every_attempt_and_the_next_retry', async () => {
  const t = await tenant(plaza);
  const long = 'x'.repeat(5000);
  const rx = await endpoint(() => ({ status: 503, body: long }));
  const sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  await t.meeting({ topic: 'Inspect me' });
  const [d] = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => settled(l));
  const one = await get(d.id);
  assert.equal(one.status, 200);
  assert.deepEqual(one.json, d, 'GET /deliveries/{id} is the listed delivery');
  assert.deepEqual(Object.keys(d), ['id', 'event_id', 'subscription_id', 'destination', 'app_id', 'event', 'url', 'status', 'attempts',
                                    'next_attempt_at', 'first_attempt_at', 'delivered_at', 'created_at', 'body', 'attempt_log']);
  assert.equal(d.url, rx.url);
  assert.equal(d.status, 'retrying');
  assert.equal(d.attempts, 1);
  assert.equal(d.delivered_at, null);
  const [req] = rx.events();
  assert.equal(d.body, req.body, 'the body exactly as sent');
  const [a1] = d.attempt_log;
  assert.equal(a1.n, 1);
  assert.equal(a1.at, d.first_attempt_at);
  for (const [k, v] of Object.entries(a1.request_headers)) {
    if (k !== 'authorization') assert.equal(req.headers[k], v, `header ${k} exactly as sent`);
  }
  assert.equal(a1.request_headers.authorization, '[redacted]', 'the verification token is sent, never shown');
  assert.equal(req.headers.authorization, sub.verification_token);
  assert.equal(a1.request_headers['x-zm-signature'], zoomSignature(SECRET, a1.request_headers['x-zm-request-timestamp'], d.body));
  assert.equal(a1.status_code, 503);
  assert.equal(a1.error, '');
  assert.ok(Number.isInteger(a1.duration_ms) && a1.duration_ms >= 0 && a1.duration_ms < 3000, `latency ${a1.duration_ms} ms`);
  assert.equal(a1.response, long.slice(0, RESPONSE_KEEP), 'the answer, truncated');
  assert.equal(Date.parse(d.next_attempt_at), Date.parse(a1.at) + 5 * 60 * 1000, 'the next retry time');

  await advanceClock(plaza, 5 * 60);
  const d2 = await waitFor(async () => { const x = (await get(d.id)).json; return x.attempts === 2 && x.status === 'retrying' && x; },
                           { what: 'the second attempt' });
  const [, a2] = d2.attempt_log;
  const req2 = rx.events()[1];
  assert.equal(a2.n, 2);
  for (const [k, v] of Object.entries(a2.request_headers)) {
    if (k !== 'authorization') assert.equal(req2.headers[k], v, `attempt 2 header ${k}`);
  }
  assert.equal(a2.request_headers.authorization, '[redacted]');
  assert.notEqual(a2.request_headers['x-zm-request-timestamp'], a1.request_headers['x-zm-request-timestamp'], 'signed anew');
  assert.equal(d2.first_attempt_at, a1.at);
  assert.equal(Date.parse(d2.next_attempt_at), Date.parse(a2.at) + 20 * 60 * 1000);

  assertProblem(await get(999999999), 404);
  assertProblem(await get('abc'), 404);
});

test('redeliver_sends_the_same_body_again_as_a_new_delivery_to_the_current_url', async () => {
  const t = await tenant(plaza);
  let answer = 500;
  const rx = await endpoint(() => ({ status: answer }));
  const sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
  await t.meeting();
  const [d] = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' }, (l) => settled(l));
  assert.equal(d.status, 'retrying');

  answer = 200;
  const re = await control(plaza).call('POST', `/deliveries/${d.id}/redeliver`);
  assert.equal(re.status, 201, re.text);
  assert.ok(re.json.id > d.id);
  assert.equal(re.json.event_id, d.event_id);
  assert.equal(re.json.subscription_id, sub.id);
  assert.equal(re.json.body, d.body);
  assert.equal(re.json.attempts, 0);
  const fresh = await waitFor(async () => { const x = (await get(re.json.id)).json; return x.status === 'delivered' && x; },
                              { what: 'the redelivery' });
  assert.equal(fresh.attempts, 1);
  const sent = rx.events();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].body, d.body, 'the same body');
  assert.equal(sent[1].headers['x-zm-signature'], zoomSignature(SECRET, sent[1].headers['x-zm-request-timestamp'], d.body));
  assert.notEqual(sent[1].headers['x-zm-trackingid'], sent[0].headers['x-zm-trackingid']);
  assert.equal((await get(d.id)).json.status, 'retrying', 'the original goes on by itself');

  // to the subscription's URL of now
  const moved = await endpoint(() => ({ status: 204 }));
  await control(plaza).ok('PATCH', `/apps/${t.app.id}/event_subscriptions/${sub.id}`, { url: moved.url }, 200);
  await waitFor(async () => (await control(plaza).ok('GET', `/apps/${t.app.id}/event_subscriptions/${sub.id}`)).state === 'active',
                { what: 'the new URL validated' });
  const again = await control(plaza).ok('POST', `/deliveries/${fresh.id}/redeliver`, undefined, 201);
  assert.equal(again.url, moved.url);
  await moved.waitForEvents((q) => q.body === d.body);

  const [validation] = await deliveries(plaza, { subscription_id: sub.id, event: VALIDATION });
  assertProblem(await control(plaza).call('POST', `/deliveries/${validation.id}/redeliver`), 404);
  assertProblem(await control(plaza).call('POST', '/deliveries/999999999/redeliver'), 404);
});

// ---- no secret at rest: the verification token in the legacy authorization header ----

let sqlite = true;
try { execFileSync('sqlite3', ['-version'], { stdio: 'ignore' }); } catch { sqlite = false; }

const runCli = (p, args) => new Promise((resolve) => {
  execFile(process.env.PLAZA_BIN, args, { env: { ...process.env, PLAZA_URL: p.url, PLAZA_ADMIN_KEY: p.adminKey }, timeout: 20000 },
           (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
});
// Every byte plaza keeps on disk for the database (the file, its WAL and journal).
const storeBytes = (db) => ['', '-wal', '-journal', '-shm'].map((x) => db + x).filter(existsSync)
  .map((f) => readFileSync(f).toString('latin1')).join('');

test('the_verification_token_is_sent_but_stored_and_shown_redacted', { skip: onlySqlite || (!sqlite && 'the sqlite3 shell is not installed') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-redact-'));
  const db = join(dir, 'x.db');
  const VERIFY = 'VerifyTokenAtRest0123456789';
  let p = await startPlaza({ args: ['--db', db] });
  try {
    const t = await tenant(p);
    const rx = await startReceiver({ secret: SECRET, respond: rightAnswer(SECRET) });
    receivers.push(rx);
    const sub = await subscribeActive(p, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET, verification_token: VERIFY });
    await t.meeting();
    const list = await waitDeliveries(p, { subscription_id: sub.id }, (l) => l.length === 2 && l.every((d) => d.status === 'delivered'));
    // sent, as Zoom's legacy header
    assert.equal(rx.requests.length, 2, 'the url_validation and the event');
    for (const req of rx.requests) assert.equal(req.headers.authorization, VERIFY);
    // shown redacted by the control API, in lists and one by one
    for (const d of list) {
      assert.equal(d.attempt_log[0].request_headers.authorization, '[redacted]');
      const one = await control(p).ok('GET', `/deliveries/${d.id}`, undefined, 200);
      assert.doesNotMatch(JSON.stringify(one), new RegExp(VERIFY));
    }
    // and by the CLI
    const shown = await runCli(p, ['delivery', 'get', String(list[1].id)]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /\[redacted\]/);
    assert.doesNotMatch(shown.stdout, new RegExp(VERIFY));
    await p.stop();
    p = null;
    // stored redacted: nowhere in the database's bytes (the subscription keeps it sealed)
    assert.doesNotMatch(storeBytes(db), new RegExp(VERIFY));

    // an attempt recorded by an older plaza, with the token in plain text, is redacted at the next start
    execFileSync('sqlite3', [db, `UPDATE delivery_attempts SET request_headers = replace(request_headers, '[redacted]', '${VERIFY}') WHERE delivery_id = ${list[1].id}; PRAGMA wal_checkpoint(TRUNCATE);`]);
    assert.match(storeBytes(db), new RegExp(VERIFY), 'the old row as an older plaza left it');
    p = await startPlaza({ args: ['--db', db] });
    const again = await waitFor(async () => {
      const d = (await control(p).ok('GET', `/deliveries/${list[1].id}`, undefined, 200));
      return d.attempt_log[0].request_headers.authorization === '[redacted]' && d;
    }, { what: 'the old attempt shown redacted' });
    assert.equal(again.attempt_log[0].request_headers['x-zm-signature'], list[1].attempt_log[0].request_headers['x-zm-signature'],
                 'the other headers are kept');
    await p.stop();
    p = null;
    execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE);']);
    assert.doesNotMatch(storeBytes(db), new RegExp(VERIFY), 'rewritten in the store, not only hidden when shown');
  } finally {
    if (p) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a_delivery_plaza_cannot_start_is_recorded_as_a_failed_attempt_with_the_reason_and_retried', { skip: onlySqlite || (!sqlite && 'the sqlite3 shell is not installed') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-unstartable-'));
  const db = join(dir, 'x.db');
  let p = await startPlaza({ args: ['--db', db] });
  try {
    const t = await tenant(p);
    const rx = await startReceiver({ secret: SECRET, respond: rightAnswer(SECRET) });
    receivers.push(rx);
    const sub = await subscribeActive(p, t.app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
    await p.stop();
    p = null;
    // the sealed secret token no longer opens (as with a store copied without its keys)
    execFileSync('sqlite3', [db, `UPDATE event_subscriptions SET secret_token = 'not-sealed' WHERE id = '${sub.id}';`]);
    p = await startPlaza({ args: ['--db', db] });
    const m = await v2(p, t.tok, 'POST', '/users/me/meetings', { topic: 'Unsigned' });
    assert.equal(m.status, 201, m.text);
    const [d] = await waitDeliveries(p, { subscription_id: sub.id, event: 'meeting.created' }, (l) => l[0]?.status === 'retrying');
    assert.equal(d.attempts, 1);
    const [a] = d.attempt_log;
    assert.equal(a.status_code, 0);
    assert.match(a.error, /could not send it: the subscription's tokens could not be read/);
    assert.equal(Date.parse(d.next_attempt_at) - Date.parse(a.at), 5 * 60 * 1000, 'retried on the same schedule');
    assert.equal(rx.events().length, 0, 'nothing unsigned went out');
    // the log line may reach the pipe after the store has the attempt
    const logged = /error thread=webhooks webhooks: delivery \d+ attempt 1 not sent: the subscription's tokens could not be read/;
    await waitFor(() => logged.test(p.stderr()), { what: 'the log line' });
  } finally {
    if (p) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
