// Webhook receivers for the webhooks_* suites: endpoints on 127.0.0.1 random
// ports that record every request plaza makes (raw headers and body bytes)
// and answer as a test tells them (right or wrong url_validation, any status,
// a hang, a reset, a byte-by-byte drip), plus one built on @zoom/rivet's own
// receiver, and helpers to subscribe and to poll /_plaza/deliveries.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import assert from 'node:assert/strict';
import { HttpReceiver } from '@zoom/rivet/meetings';
import { control, createAccount, createApp, userToken, v2 } from './plaza.mjs';

export const VALIDATION = 'endpoint.url_validation';

export const hmacHex = (secret, text) => createHmac('sha256', secret).update(text).digest('hex');
// zoom-wire §3.2: "v0=" + hex HMAC-SHA256(secret, "v0:{ts}:{body}")
export const zoomSignature = (secret, ts, body) => `v0=${hmacHex(secret, `v0:${ts}:${body}`)}`;

// Polls `fn` (sync or async) until it returns a truthy value, which it
// returns; fails after `timeout` ms with `what` and the last value seen.
export async function waitFor(fn, { timeout = 5000, interval = 20, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) assert.fail(`timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// What the default endpoint answers: a right url_validation, and 200 {} to events.
export function rightAnswer(secret) {
  return (req) => {
    if (req.json?.event === VALIDATION) {
      const plainToken = req.json.payload.plainToken;
      return { status: 200, json: { plainToken, encryptedToken: hmacHex(secret, plainToken) } };
    }
    return { status: 200, json: {} };
  };
}

// Validation answered right; events answered by `answer(req)`.
export function eventsAnswer(secret, answer) {
  const validate = rightAnswer(secret);
  return (req) => (req.json?.event === VALIDATION ? validate(req) : answer(req));
}

// Starts a recording endpoint. `respond(req)` decides each answer; it gets the
// recorded request and returns one of:
//   { status, json | body, headers, delayMs }   an answer (after delayMs)
//   'hang'                                       never answer (socket kept open)
//   'reset'                                      a TCP reset as soon as the body is in
//   { drip: bytes, everyMs }                     200 headers, then one body byte every everyMs
// Every request is recorded as { n, at (performance.now()), method, url,
// headers (lower-case), rawHeaders, body (string, as received), json, answered }.
export async function startReceiver({ secret, respond } = {}) {
  const requests = [];
  const sockets = new Set();
  const timers = new Set();
  let decide = respond ?? rightAnswer(secret);
  const later = (ms, fn) => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const rec = { n: requests.length, at, method: req.method, url: req.url, headers: req.headers,
                    rawHeaders: req.rawHeaders, body, json, answered: null };
      requests.push(rec);
      const action = decide(rec);
      if (action === 'hang') { rec.answered = 'hang'; return; }
      if (action === 'reset') { rec.answered = 'reset'; req.socket.resetAndDestroy(); return; }
      if (action.drip) {
        rec.answered = 'drip';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(action.drip) });
        res.flushHeaders();
        let left = action.drip;
        const tick = () => {
          if (res.destroyed || left === 0) return;
          res.write(' ');
          if (--left === 0) res.end(); else later(action.everyMs, tick);
        };
        later(action.everyMs, tick);
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        const text = action.json !== undefined ? JSON.stringify(action.json) : (action.body ?? '');
        const headers = { ...(action.json !== undefined ? { 'content-type': 'application/json' } : {}), ...action.headers };
        res.writeHead(action.status, headers);
        res.end(text);
        rec.answered = action.status;
      };
      if (action.delayMs) later(action.delayMs, send); else send();
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const port = server.address().port;
  const events = () => requests.filter((r) => r.json?.event && r.json.event !== VALIDATION);
  return {
    port,
    url: `http://127.0.0.1:${port}/zoom/webhook`,
    requests,
    events,
    validations: () => requests.filter((r) => r.json?.event === VALIDATION),
    // Changes how it answers from now on.
    respond(fn) { decide = fn; },
    waitForEvents(pred, opts = {}) {
      return waitFor(() => { const got = events().filter(pred); return got.length ? got : null; },
                     { what: 'an event at the receiver', ...opts });
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// Rivet's HttpReceiver (its code verifies x-zm-signature and answers
// url_validation), bound to 127.0.0.1 on a random port: Rivet listens on all
// interfaces with no host option, so only the listen call is narrowed here.
class LoopbackRivetReceiver extends HttpReceiver {
  getServerCreator() {
    const create = super.getServerCreator();
    return (options, handler) => {
      const server = create(options, handler);
      const listen = server.listen.bind(server);
      server.listen = (port, cb) => listen(port, '127.0.0.1', cb);
      return server;
    };
  }
}

// Starts a Rivet receiver for `secret`. Records the raw requests (headers and
// body bytes, before Rivet parses them), the status Rivet answered, and the
// events Rivet verified and emitted.
export async function startRivetReceiver({ secret, path = '/zoom/events' }) {
  const requests = [];
  const verified = [];
  const receiver = new LoopbackRivetReceiver({ webhooksSecretToken: secret, endpoints: path, port: 0, logLevel: 'error' });
  receiver.init({ eventEmitter: { emit: async (event, payload) => { verified.push({ event, payload }); } } });
  const server = await receiver.start(0);
  server.prependListener('request', (req, res) => {
    const rec = { headers: req.headers, rawHeaders: req.rawHeaders, body: '', status: null, answer: '' };
    requests.push(rec);
    req.on('data', (c) => { rec.body += c; });
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (status, ...rest) => { rec.status = status; return writeHead(status, ...rest); };
    const end = res.end.bind(res);
    res.end = (chunk, ...rest) => { if (typeof chunk === 'string') rec.answer = chunk; return end(chunk, ...rest); };
  });
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    verified,
    async close() { server.closeAllConnections?.(); await receiver.stop(); },
  };
}

// ---- control API helpers ----

// Subscribes `url` for app `appId`: the 201 body (the subscription).
export async function subscribe(plaza, appId, url, events, fields = {}) {
  return control(plaza).ok('POST', `/apps/${appId}/event_subscriptions`, { url, events, ...fields }, 201);
}

export async function subscription(plaza, appId, id) {
  return control(plaza).ok('GET', `/apps/${appId}/event_subscriptions/${id}`, undefined, 200);
}

// Waits until the subscription is in `state`; returns it.
export async function waitState(plaza, appId, id, state, opts = {}) {
  return waitFor(async () => { const s = await subscription(plaza, appId, id); return s.state === state && s; },
                 { what: `subscription ${id} ${state}`, ...opts });
}

// Subscribes and waits until the url_validation made it active.
export async function subscribeActive(plaza, appId, url, events, fields = {}) {
  const s = await subscribe(plaza, appId, url, events, fields);
  return waitState(plaza, appId, s.id, 'active');
}

// GET /_plaza/deliveries with `query` (an object of filters): the
// deliveries, every page of them, oldest first.
export async function deliveries(plaza, query = {}) {
  const all = [];
  let token = '';
  do {
    const q = new URLSearchParams({ page_size: '200', ...query, ...(token ? { next_page_token: token } : {}) });
    const page = await control(plaza).ok('GET', `/deliveries?${q}`, undefined, 200);
    all.push(...page.deliveries);
    token = page.next_page_token;
  } while (token);
  return all;
}

// Polls deliveries matching `query` until `pred(list)` holds; returns the list.
export async function waitDeliveries(plaza, query, pred, opts = {}) {
  return waitFor(async () => { const l = await deliveries(plaza, query); return pred(l) && l; },
                 { what: `deliveries ${JSON.stringify(query)}`, ...opts });
}

// An account with an app to subscribe, and a host's token to make changes
// with: `meeting(body)` creates a meeting (meeting.created for the account's
// apps), with a fresh token when the clock has outlived the last one.
export async function tenant(plaza, { scopes = ['meeting:read', 'meeting:write'] } = {}) {
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id, { scopes: ['meeting:read'] });
  const t = { acc, app, tok: await userToken(plaza, acc.id, acc.owner.id, scopes) };
  // a token outlived by a moved clock is replaced by a fresh install's
  t.meeting = async (body = {}) => {
    let r = await v2(plaza, t.tok, 'POST', '/users/me/meetings', { topic: 'Hook me', ...body });
    if (r.status === 401) {
      t.tok = await userToken(plaza, acc.id, acc.owner.id, scopes);
      r = await v2(plaza, t.tok, 'POST', '/users/me/meetings', { topic: 'Hook me', ...body });
    }
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  return t;
}

// A fence for "nothing more happened": an event of its own account, through
// plaza's one delivery worker to a healthy endpoint. The worker starts due
// deliveries oldest due first, so once the fence's delivery is acknowledged,
// anything that was due when the fence was made has been started too.
export async function fence(plaza) {
  const t = await tenant(plaza);
  const secret = 'fence-secret-0123456789';
  const rx = await startReceiver({ secret });
  const sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: secret });
  const run = async () => {
    const m = await t.meeting({ topic: 'Fence' });
    await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' },
                         (l) => l.some((d) => d.status === 'delivered' && JSON.parse(d.body).payload.object.id === m.id),
                         { what: 'the fence event' });
  };
  run.close = () => rx.close();
  return run;
}
