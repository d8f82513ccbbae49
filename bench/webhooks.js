// Webhook delivery of plaza: events per second from an API change to the
// acknowledged delivery at local Node endpoints, and the latency from the
// change to the endpoint's arrival (p50, p90, p99, max), with 1 and with 50
// subscribed endpoints.
//
//   node bench/webhooks.js <plaza binary> [seconds per phase (5)] [plaza threads (nproc)]
//
// For each configuration a fresh plaza serves a database file in a temp dir.
// Through the control API: an account, a Server-to-Server app (its
// account_credentials token makes the changes), and webhook-only apps of the
// account with up to 20 event subscriptions each (Zoom's limit) for
// meeting.created, one per endpoint, all validated ("active") before any
// measurement. A change is POST /v2/users/me/meetings; each 201 gives the
// meeting id and the time its request was sent. The endpoints run in a worker
// thread (their own event loop, so the load generator cannot delay their
// answers): 127.0.0.1 HTTP servers that answer 200 {} at once and note when
// each (endpoint, meeting id) arrived, on CLOCK_MONOTONIC, which both threads
// share. Phases, each SECONDS long:
//   saturated  CLIENTS clients change as fast as they can while fewer than
//              WINDOW deliveries are unacknowledged: the steady pace of the
//              whole path (deliveries/s and changes/s fully delivered, from the
//              first change sent to the last arrival), and its latency, which
//              includes waiting behind up to WINDOW deliveries;
//   paced      one change every 1/rate s at half the saturated pace (at most
//              PACED_MAX a second): the latency of the path when it keeps up;
//   backlog    (10 endpoints or more) BACKLOG deliveries queued at once, then
//              the acknowledgements per second until they are all in (or
//              SECONDS have passed).
// Deliveries of the first two phases are awaited (DRAIN_S at most) and counted.
// Prints one JSON object on stdout (progress on stderr). Every process and
// thread it starts is stopped, and the temp dir removed, however it ends.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { Worker } = require('worker_threads');

const [plazaBin, secondsArg, threadsArg] = process.argv.slice(2);
if (!plazaBin) {
  console.error('usage: node webhooks.js <plaza binary> [seconds] [threads]');
  process.exit(2);
}
const SECONDS = Number(secondsArg || 5);
const THREADS = Number(threadsArg || os.cpus().length);
const CLIENTS = 8;
const DRAIN_S = 20;
const WINDOW = 256; // unacknowledged deliveries at most in the saturated phase
const PACED_MAX = 50; // changes a second at most in the paced phase
const BACKLOG = 10000; // deliveries queued at once in the backlog phase
const ADMIN_KEY = 'bench-admin-key-0123456789';
const SECRET = 'bench-webhook-secret-0123';
const PER_APP = 20; // Zoom's limit of subscriptions per app
const CONFIGS = [1, 50];

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const log = (s) => process.stderr.write(`bench: ${s}\n`);

// ---- what is started here, stopped on exit ----
let plaza = null, worker = null;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plaza-bench-wh.'));
function cleanup() {
  if (plaza && plaza.exitCode === null) plaza.kill('SIGKILL');
  if (worker) worker.terminate();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });
// One HTTP request to plaza; resolves { status, json }.
function call(base, method, p, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : JSON.stringify(body);
    const req = http.request(base + p, {
      method, agent,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function startPlaza(dbName) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  plaza = spawn(plazaBin, ['serve', '--listen', `127.0.0.1:${port}`, '--db', path.join(tmp, dbName), '--admin-key', ADMIN_KEY,
                           '--threads', String(THREADS), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  plaza.stderr.on('data', (d) => { stderr += d; });
  const t0 = Date.now();
  for (;;) {
    const ok = await call(url, 'GET', '/healthz').then((r) => r.status === 200, () => false);
    if (ok) return url;
    if (plaza.exitCode !== null || Date.now() - t0 > 5000) throw new Error(`plaza did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stopPlaza() {
  if (!plaza || plaza.exitCode !== null) return;
  const exited = new Promise((r) => plaza.once('exit', r));
  plaza.kill('SIGTERM');
  const t = setTimeout(() => plaza.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
  plaza = null;
}

// ---- the endpoints, in a worker thread ----
const endpointsSource = `
const http = require('http');
const { createHmac } = require('crypto');
const { parentPort, workerData } = require('worker_threads');
const now = () => Number(process.hrtime.bigint()) / 1e6;
let batch = [];
setInterval(() => { if (batch.length) { parentPort.postMessage({ arrivals: batch }); batch = []; } }, 20).unref();
const servers = [];
function listen(index) {
  return new Promise((resolve) => {
    const s = http.createServer({ keepAlive: true }, (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const t = now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body.event === 'endpoint.url_validation') {
          const plainToken = body.payload.plainToken;
          const encryptedToken = createHmac('sha256', workerData.secret).update(plainToken).digest('hex');
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ plainToken, encryptedToken }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        batch.push([index, body.payload.object.id, t]);
      });
    });
    s.keepAliveTimeout = 30000;
    s.listen(0, '127.0.0.1', () => resolve(s.address().port));
    servers.push(s);
  });
}
parentPort.on('message', async (m) => {
  if (m.start) {
    const ports = [];
    for (let i = 0; i < m.start; i++) ports.push(await listen(i));
    parentPort.postMessage({ ports });
  } else if (m.flush) {
    parentPort.postMessage({ arrivals: batch, flushed: true });
    batch = [];
  }
});
`;

function startEndpoints(n) {
  worker = new Worker(endpointsSource, { eval: true, workerData: { secret: SECRET } });
  const arrivals = []; // [endpoint index, meeting id, ms]
  let onFlush = null;
  worker.on('message', (m) => {
    if (m.arrivals) arrivals.push(...m.arrivals);
    if (m.flushed && onFlush) onFlush();
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    const onPorts = (m) => {
      if (!m.ports) return;
      worker.off('message', onPorts);
      resolve({
        ports: m.ports, arrivals,
        flush: () => new Promise((r) => { onFlush = r; worker.postMessage({ flush: true }); }),
      });
    };
    worker.on('message', onPorts);
    worker.postMessage({ start: n });
  });
}

// ---- one configuration ----
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const r1 = (x) => Math.round(x * 10) / 10;

async function run(endpoints) {
  const base = await startPlaza(`wh-${endpoints}.db`);
  const admin = { authorization: `Bearer ${ADMIN_KEY}` };
  const ctl = async (method, p, body, want) => {
    const r = await call(base, method, `/_plaza${p}`, { body, headers: admin });
    if (r.status !== want) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
    return r.json;
  };
  const acc = await ctl('POST', '/accounts', {
    name: 'Bench Corp', plan: 'business',
    owner: { email: 'owner@bench.test', first_name: 'Bea', last_name: 'Bench', password: 'bench-password-1' },
  }, 201);
  const s2s = await ctl('POST', '/apps', { account_id: acc.id, name: 'Bench Server', type: 's2s', scopes: ['meeting:write:admin'] }, 201);
  const c = s2s.credentials.development;
  const basic = 'Basic ' + Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64');
  const tr = await call(base, 'POST', `/oauth/token?grant_type=account_credentials&account_id=${acc.id}`, { headers: { authorization: basic } });
  if (tr.status !== 200) throw new Error(`token: ${tr.status} ${tr.text}`);
  const bearer = { authorization: `Bearer ${tr.json.access_token}` };

  const eps = await startEndpoints(endpoints);
  const subs = [];
  for (let i = 0; i < endpoints; i++) {
    if (i % PER_APP === 0) {
      const app = await ctl('POST', '/apps', { account_id: acc.id, name: `Bench Hooks ${i / PER_APP + 1}`, type: 'webhook' }, 201);
      subs.push({ app: app.id, ids: [] });
    }
    const s = await ctl('POST', `/apps/${subs.at(-1).app}/event_subscriptions`,
                        { url: `http://127.0.0.1:${eps.ports[i]}/zoom/webhook`, events: ['meeting.created'], secret_token: SECRET }, 201);
    subs.at(-1).ids.push(s.id);
  }
  const t0v = Date.now();
  for (const { app, ids } of subs) {
    for (const id of ids) {
      for (;;) {
        const s = await ctl('GET', `/apps/${app}/event_subscriptions/${id}`, undefined, 200);
        if (s.state === 'active') break;
        if (s.state !== 'pending' || Date.now() - t0v > 10000) throw new Error(`subscription ${id} is ${s.state}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
  await eps.flush();
  eps.arrivals.length = 0;

  const tracker = track(eps, endpoints);
  const create = (n) => call(base, 'POST', '/v2/users/me/meetings',
                             { body: { topic: `Bench ${n}`, type: 2, start_time: '2031-01-01T10:00:00Z' }, headers: bearer });

  // 1. saturated: CLIENTS clients change as fast as they can while fewer than
  //    WINDOW deliveries are unacknowledged (a bounded backlog, so what is
  //    measured is the steady pace of the whole path, not an ever-growing queue)
  const sat = await phase(tracker, async (until, record) => {
    let n = 0;
    const client = async () => {
      while (nowMs() < until) {
        if (tracker.outstanding() >= WINDOW) { await sleep(2); continue; }
        const t = nowMs();
        const r = await create(n++);
        record(r, t);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  });
  // 2. paced: one change every 1/rate s, at half the saturated pace of changes
  //    (at most PACED_MAX a second): the latency of the path when it keeps up
  const rate = Math.max(0.5, Math.min(PACED_MAX, sat.changes_fully_delivered_per_s / 2));
  const paced = await phase(tracker, async (until, record) => {
    const pending = [];
    for (let n = 0, next = nowMs(); next < until; n++, next += 1000 / rate) {
      await sleep(Math.max(0, next - nowMs()));
      const t = nowMs();
      pending.push(create(`paced ${n}`).then((r) => record(r, t)));
    }
    await Promise.all(pending);
  });
  paced.rate_per_s = r1(rate);
  // 3. backlog (with many endpoints): BACKLOG deliveries queued at once, then
  //    the pace of acknowledgements over SECONDS, without waiting for the rest
  const backlog = endpoints >= 10 ? await backlogPhase(tracker, create, endpoints) : null;

  const failed = await ctl('GET', '/deliveries?status=failed&page_size=1', undefined, 200);
  await worker.terminate();
  worker = null;
  await stopPlaza();
  const result = { endpoints, apps: subs.length, clients: CLIENTS, window: WINDOW, saturated: sat, paced,
                   ...(backlog ? { backlog } : {}),
                   duplicates: tracker.duplicates(), failed_deliveries: failed.deliveries.length };
  log(`${endpoints} endpoint(s): saturated ${sat.changes} changes, ${sat.delivered_per_s} deliveries/s acknowledged ` +
      `(${sat.changes_fully_delivered_per_s} changes/s), p50 ${sat.latency_ms.p50} ms, p99 ${sat.latency_ms.p99} ms; ` +
      `paced at ${paced.rate_per_s}/s: p50 ${paced.latency_ms.p50} ms, p99 ${paced.latency_ms.p99} ms` +
      (backlog ? `; with ${backlog.queued} queued: ${backlog.delivered_per_s} deliveries/s` : ''));
  return result;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function backlogPhase(tracker, create, endpoints) {
  const changes = Math.ceil(BACKLOG / endpoints);
  const ids = new Set();
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < changes) {
      const n = next++;
      const t = nowMs();
      const r = await create(`backlog ${n}`);
      if (r.status === 201) { ids.add(r.json.id); tracker.sent.set(r.json.id, t); }
    }
  }));
  tracker.take();
  const count = () => tracker.arrivals.filter(([id]) => ids.has(id)).length;
  const before = count();
  const queued = ids.size * endpoints - before;
  const start = nowMs();
  // until the backlog is drained or SECONDS have passed, whichever comes first
  let acked = 0;
  while (nowMs() - start < SECONDS * 1000) {
    await sleep(20);
    tracker.take();
    acked = count() - before;
    if (acked >= queued) break;
  }
  const elapsed = (nowMs() - start) / 1000;
  return { queued, seconds: r1(elapsed), acknowledged: acked, drained: acked >= queued,
           delivered_per_s: r1(acked / elapsed) };
}

// Counts acknowledgements as the endpoints report them.
function track(eps, endpoints) {
  const sent = new Map(); // meeting id -> ms its request was sent
  const seen = new Set();
  let read = 0;
  const arrivals = []; // [meeting id, ms] first acknowledgement of each (endpoint, id)
  let duplicates = 0;
  const take = () => {
    for (; read < eps.arrivals.length; read++) {
      const [ep, id, t] = eps.arrivals[read];
      const key = `${ep}:${id}`;
      if (seen.has(key)) { duplicates++; continue; }
      seen.add(key);
      arrivals.push([id, t]);
    }
  };
  return {
    sent, arrivals, take,
    duplicates: () => duplicates,
    outstanding() { take(); return sent.size * endpoints - arrivals.length; },
    endpoints,
  };
}

// Runs `load(until, record)` for SECONDS, waits for its deliveries (DRAIN_S at
// most) and returns the phase's figures.
async function phase(tracker, load) {
  const mine = new Map();
  let errors = 0;
  const start = nowMs();
  await load(start + SECONDS * 1000, (r, t) => {
    if (r.status === 201) { tracker.sent.set(r.json.id, t); mine.set(r.json.id, t); } else errors++;
  });
  const loadEnd = nowMs();
  const expected = mine.size * tracker.endpoints;
  const got = () => tracker.arrivals.filter(([id]) => mine.has(id));
  let drained = false;
  while (nowMs() - loadEnd < DRAIN_S * 1000) {
    tracker.take();
    if (got().length >= expected) { drained = true; break; }
    await sleep(20);
  }
  const arr = got();
  const latencies = arr.map(([id, t]) => t - mine.get(id)).sort((a, b) => a - b);
  const first = Math.min(...mine.values());
  const last = Math.max(...arr.map(([, t]) => t));
  const span = (last - first) / 1000;
  return {
    seconds: r1((loadEnd - start) / 1000),
    changes: mine.size,
    api_errors: errors,
    changes_per_s: r1(mine.size / ((loadEnd - start) / 1000)),
    deliveries_expected: expected,
    deliveries_acknowledged: arr.length,
    all_delivered: drained,
    delivered_per_s: r1(arr.length / span),
    changes_fully_delivered_per_s: r1(mine.size / span),
    drain_after_load_s: r1(Math.max(0, last - loadEnd) / 1000),
    latency_ms: {
      p50: r1(pct(latencies, 50)), p90: r1(pct(latencies, 90)), p99: r1(pct(latencies, 99)), max: r1(latencies.at(-1) ?? 0),
    },
  };
}

(async () => {
  const runs = [];
  for (const n of CONFIGS) runs.push(await run(n));
  console.log(JSON.stringify({ threads: THREADS, seconds: SECONDS, runs }));
})().catch((e) => { console.error(`webhooks bench: ${e.stack || e.message}`); process.exit(1); });
