// Request framing and body bounds, attacked with raw bytes over one TCP
// connection: Content-Length with Transfer-Encoding, two different
// Content-Lengths, two Transfer-Encodings (request smuggling, RFC 9112 §6.3),
// a header block over 16 KiB, bodies over a route's bound by Content-Length
// and chunked, and a big body sent to a small route without credentials. Each
// is refused in its surface's shape (Zoom's OAuth {reason,error}, Zoom's REST
// {code,message}, problem+json on /_plaza), the connection is closed so that
// nothing smuggled behind it is read, and the server keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startPlaza, request, createAccount, createApp, installUser, ADMIN_KEY } from './lib/plaza.mjs';

let plaza, access;
const KiB = 1024, MiB = 1024 * 1024;

before(async () => {
  // with several nodes, the bytes go to one node itself: a load balancer in front
  // parses (and refuses) the attacks on its own before plaza would see them
  const started = await startPlaza();
  plaza = started.nodes ? { ...started, url: started.nodes[0].url } : started;
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id, { scopes: ['user:read', 'meeting:write'] });
  access = (await installUser(plaza, app, acc.owner.id)).access_token;
});
after(async () => {
  assert.equal((await request(plaza, 'GET', '/healthz')).status, 200);
  await plaza.stop();
});

// Splits what the server sent into responses (each framed by its
// Content-Length, as plaza's and h2o's are).
function parseResponses(buf) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) { out.push({ partial: buf.subarray(at).toString('latin1') }); break; }
    const [statusLine, ...lines] = buf.subarray(at, end).toString('latin1').split('\r\n');
    const headers = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] ?? 0);
    const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
    let json;
    try { json = JSON.parse(body); } catch { json = undefined; }
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body, json });
    at = end + 4 + len;
  }
  return out;
}

// Writes `pieces` (strings or Buffers) in order on one connection, each after
// the previous one is accepted by the kernel, and stops writing once an answer
// has arrived. Resolves with the responses and whether the server closed the
// connection (it has to, within `timeoutMs`, in every case here).
function exchange(pieces, { timeoutMs = 10000 } = {}) {
  const u = new URL(plaza.url);
  const sock = net.connect(Number(u.port), '127.0.0.1');
  const chunks = [];
  return new Promise((resolve) => {
    let closed = false, answered = false;
    const finish = () => { clearTimeout(timer); resolve({ responses: parseResponses(Buffer.concat(chunks)), closed }); };
    const timer = setTimeout(() => { sock.destroy(); finish(); }, timeoutMs);
    sock.on('data', (d) => { chunks.push(d); answered = true; });
    sock.on('end', () => { closed = true; });
    sock.on('error', () => { closed = true; }); /* a reset after the answer: closed as well */
    sock.on('close', finish);
    sock.on('connect', async () => {
      for (const p of pieces) {
        if (answered || sock.destroyed) break;
        if (!sock.write(p)) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
  });
}

const ADMIN = `Authorization: Bearer ${ADMIN_KEY}\r\n`;
const SMUGGLED = 'GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n' + ADMIN + '\r\n';

function assertOAuthShape(r, status, reason) {
  assert.equal(r.status, status, r.body);
  assert.deepEqual(Object.keys(r.json ?? {}), ['reason', 'error'], r.body);
  assert.equal(r.json.error, 'invalid_request');
  if (reason) assert.match(r.json.reason, reason);
}
function assertZoomShape(r, status, message) {
  assert.equal(r.status, status, r.body);
  assert.deepEqual(Object.keys(r.json ?? {}).slice(0, 2), ['code', 'message'], r.body);
  if (message) assert.match(r.json.message, message);
}
function assertProblemShape(r, status, detail) {
  assert.equal(r.status, status, r.body);
  assert.match(r.headers['content-type'], /^application\/problem\+json/);
  assert.equal(r.json?.status, status, r.body);
  if (detail) assert.match(r.json.detail, detail);
}
// The one answer the attack gets, with Connection: close, and nothing after it.
function assertRefusedAndClosed(x, check) {
  assert.equal(x.responses.length, 1, `exactly one response, nothing smuggled: ${JSON.stringify(x.responses)}`);
  check(x.responses[0]);
  assert.equal(x.responses[0].headers.connection, 'close');
  assert.ok(x.closed, 'the server closed the connection');
}

test('content_length_with_transfer_encoding_is_400_on_every_surface_and_closes', async () => {
  const body = '0\r\n\r\n' + SMUGGLED;
  const attack = (path, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: plaza\r\n${extra}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`;
  assertRefusedAndClosed(await exchange([attack('/oauth/token')]),
    (r) => assertOAuthShape(r, 400, /both Content-Length and Transfer-Encoding/));
  assertRefusedAndClosed(await exchange([attack('/_plaza/accounts', ADMIN)]),
    (r) => assertProblemShape(r, 400, /both Content-Length and Transfer-Encoding/));
  assertRefusedAndClosed(await exchange([attack('/v2/users/me/meetings', `Authorization: Bearer ${access}\r\n`)]),
    (r) => assertZoomShape(r, 400, /both Content-Length and Transfer-Encoding/));
  assertRefusedAndClosed(await exchange([attack('/oauth/consent')]), (r) => {
    assert.equal(r.status, 400);
    assert.match(r.headers['content-type'], /^text\/html/); /* the consent pages answer people in HTML */
  });
  // the other order of the two headers, and a Content-Length of 0
  const reversed = `POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n${SMUGGLED}`;
  assertRefusedAndClosed(await exchange([reversed]), (r) => assertOAuthShape(r, 400, /both/));
  // an upgrade to cleartext HTTP/2 does not carry the request past the check
  const h2c = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n${body}`;
  assertRefusedAndClosed(await exchange([h2c]), (r) => assertProblemShape(r, 400, /both Content-Length and Transfer-Encoding/));
});

test('two_different_content_lengths_are_400_and_close', async () => {
  const attack = `POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\nContent-Length: ${5 + SMUGGLED.length}\r\n\r\nx=1&y${SMUGGLED}`;
  assertRefusedAndClosed(await exchange([attack]), (r) => assertOAuthShape(r, 400, /two different Content-Length/));
  const ctl = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}${SMUGGLED}`;
  assertRefusedAndClosed(await exchange([ctl]), (r) => assertProblemShape(r, 400, /two different Content-Length/));
  // the same length twice frames the body one way: read and judged by the handler
  const same = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;
  const ok = await exchange([same]);
  assert.equal(ok.responses.length, 1);
  assertProblemShape(ok.responses[0], 400, /^Validation Failed/); /* {} names no owner */
});

test('two_transfer_encodings_are_400_and_close', async () => {
  const attack = `POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nTransfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`;
  assertRefusedAndClosed(await exchange([attack]), (r) => assertOAuthShape(r, 400, /Transfer-Encoding once/));
});

test('a_header_block_over_16_kib_is_431_in_the_surface_shape_and_closes', async () => {
  const pad = `X-Pad: ${'p'.repeat(17 * KiB)}\r\n`;
  assertRefusedAndClosed(await exchange([`GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}${pad}\r\n${SMUGGLED}`]),
    (r) => assertProblemShape(r, 431, /larger than 16384 bytes/));
  assertRefusedAndClosed(await exchange([`GET /v2/users/me HTTP/1.1\r\nHost: plaza\r\nAuthorization: Bearer ${access}\r\n${pad}\r\n`]),
    (r) => assertZoomShape(r, 431, /larger than 16384 bytes/));
  assertRefusedAndClosed(await exchange([`POST /oauth/token HTTP/1.1\r\nHost: plaza\r\n${pad}Content-Length: 0\r\n\r\n`]),
    (r) => assertOAuthShape(r, 431));
  // many small headers count the same as one big one
  const many = Array.from({ length: 90 }, (_, i) => `X-H${i}: ${'m'.repeat(200)}\r\n`).join('');
  assertRefusedAndClosed(await exchange([`GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}${many}\r\n`]),
    (r) => assertProblemShape(r, 431));
  // just under the bound is served
  const under = `X-Pad: ${'p'.repeat(15 * KiB)}\r\n`;
  const ok = await exchange([`GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}${under}Connection: close\r\n\r\n`]);
  assert.equal(ok.responses[0].status, 200, ok.responses[0].body);
  // past h2o's own limit (8 KiB + 4 KiB per header, 100 headers) h2o answers 400 itself, in plain text
  const huge = await exchange([`GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\nX-Big: ${'y'.repeat(420 * KiB)}\r\n\r\n`]);
  assert.equal(huge.responses[0].status, 400);
  assert.ok(huge.closed);
});

test('a_body_over_the_route_bound_by_content_length_is_413_before_authentication_and_closes', async () => {
  const big = 'x'.repeat(20 * KiB); /* the token endpoint takes forms of at most 16 KiB */
  assertRefusedAndClosed(
    await exchange([`POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${big.length}\r\n\r\n${big}`]),
    (r) => assertOAuthShape(r, 413, /larger than 16384 bytes/));
  // exactly the bound is read and judged by the endpoint (here: no client credentials)
  const at = 'x'.repeat(16 * KiB);
  const atBound = await exchange([`POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${at.length}\r\nConnection: close\r\n\r\n${at}`]);
  assert.notEqual(atBound.responses[0].status, 413, atBound.responses[0].body);
  // over every route's bound (the 10 MiB media rule), refused on the head alone: no byte of the body is sent
  const head = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\nContent-Length: ${20 * MiB}\r\n\r\n`;
  const x = await exchange([head]);
  assert.equal(x.responses.length, 1);
  assert.equal(x.responses[0].status, 413);
  assert.ok(x.closed, 'closed without waiting for the body');
});

test('a_chunked_body_over_the_route_bound_is_413_and_closes', async () => {
  const chunk = `${(32 * KiB).toString(16)}\r\n${'c'.repeat(32 * KiB)}\r\n`;
  const attack = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}${chunk}0\r\n\r\n`;
  assertRefusedAndClosed(await exchange([attack]), (r) => assertProblemShape(r, 413, /larger than 65536 bytes/));
  // past the largest bound h2o stops reading and answers 413 itself, before the body ends
  const mib = Buffer.concat([Buffer.from(`${MiB.toString(16)}\r\n`), Buffer.alloc(MiB, 0x61), Buffer.from('\r\n')]);
  const pieces = [`POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Transfer-Encoding: chunked\r\n\r\n`,
    ...Array.from({ length: 12 }, () => mib), '0\r\n\r\n'];
  const x = await exchange(pieces);
  assert.equal(x.responses[0]?.status, 413);
  assert.ok(x.closed);
});

test('a_big_body_to_a_small_route_without_credentials_is_413_before_the_credentials_are_checked', async () => {
  const body = 'z'.repeat(MiB);
  assertRefusedAndClosed(
    await exchange([`POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`]),
    (r) => assertProblemShape(r, 413, /larger than 65536 bytes/));
  assertRefusedAndClosed(
    await exchange([`POST /v2/users/me/meetings HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`]),
    (r) => assertZoomShape(r, 413, /larger than 65536 bytes/));
  // within the bound, the missing credentials are what is refused
  const small = await exchange(['POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}']);
  assertProblemShape(small.responses[0], 401);
});

test('keep_alive_requests_are_judged_by_their_own_heads', async () => {
  // a chunked request, then a plain one, then an attack, pipelined on one connection
  const good = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`;
  const plain = `GET /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}\r\n`;
  const attack = `POST /_plaza/accounts HTTP/1.1\r\nHost: plaza\r\n${ADMIN}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`;
  const x = await exchange([good + plain + attack + SMUGGLED]);
  assert.equal(x.responses.length, 3, JSON.stringify(x.responses.map((r) => r.status)));
  assertProblemShape(x.responses[0], 400, /^Validation Failed/); /* the handler read {}, which names no owner */
  assert.equal(x.responses[0].headers.connection, 'keep-alive');
  assert.equal(x.responses[1].status, 200);
  assertProblemShape(x.responses[2], 400, /both Content-Length and Transfer-Encoding/);
  assert.ok(x.closed);
});

test('the_server_keeps_serving_after_the_attacks', async () => {
  const jobs = [];
  for (let i = 0; i < 8; i++) {
    jobs.push(exchange([`POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`]));
    jobs.push(exchange([`POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Length: ${20 * MiB}\r\n\r\n`]));
  }
  for (const x of await Promise.all(jobs)) assert.ok([400, 413].includes(x.responses[0]?.status) && x.closed);
  const me = await request(plaza, 'GET', '/v2/users/me', { headers: { authorization: `Bearer ${access}` } });
  assert.equal(me.status, 200, me.text);
  assert.equal((await request(plaza, 'GET', '/healthz')).status, 200);
});
