// plaza's HTTPS proxy (--proxy-listen) through the real binary, on 127.0.0.1
// only: other hosts refused without a connection being made, pass-through
// tunnels (--proxy-pass-through) that copy every byte and pass a half-close
// on, the bound on tunnels, names that do not resolve, heads too large or too
// slow, a ClientHello sent along with the head, and a stop with tunnels and
// heads still open. Zoom's hosts through the proxy (curl and an unmodified
// Node app) are in tls.test.mjs and unmodified_app.test.mjs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { startPlaza, request } from './lib/plaza.mjs';
import { rawExchange } from './lib/tls.mjs';

const servers = [];
after(async () => {
  for (const s of servers) s.close();
});

async function plazaWith(args) {
  return startPlaza({ args: ['--proxy-listen', '127.0.0.1:0', ...args, '--log-level', 'info'] });
}

// A TCP server on 127.0.0.1 that counts its connections and hands each to `onConn`.
async function tcpServer(onConn = () => {}) {
  const srv = net.createServer((s) => { srv.accepted++; s.on('error', () => {}); onConn(s); });
  srv.accepted = 0;
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  servers.push(srv);
  return srv;
}

// Opens a tunnel through the proxy: resolves with the socket once the 200 has
// come, and whatever came after it.
function tunnel(proxyPort, target, { early = '' } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: proxyPort }, () =>
      s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n${early}`));
    let head = Buffer.alloc(0);
    const onData = (d) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      s.off('data', onData);
      s.setTimeout(0);
      const status = head.subarray(0, end).toString('latin1');
      if (!status.startsWith('HTTP/1.1 200 ')) { s.destroy(); reject(new Error(status)); return; }
      resolve({ s, rest: head.subarray(end + 4) });
    };
    s.on('data', onData);
    s.on('error', reject);
    s.setTimeout(15000, () => { s.destroy(); reject(new Error(`no answer: ${head}`)); });
  });
}

// Reads from a socket until it ends; resolves with everything read.
function readToEnd(s, first = Buffer.alloc(0)) {
  return new Promise((resolve, reject) => {
    const parts = [first];
    s.on('data', (d) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });
}

test('a_connect_to_another_host_is_refused_and_nothing_is_connected', async () => {
  const target = await tcpServer();
  const p = await plazaWith([]);
  try {
    for (const host of ['127.0.0.1', 'localhost']) {
      const got = await rawExchange(p.proxyPort, `CONNECT ${host}:${target.address().port} HTTP/1.1\r\n\r\n`);
      assert.match(got, /^HTTP\/1\.1 403 Forbidden\r\n/);
      assert.match(got, /content-type: text\/plain/i);
      assert.match(got, /zoom\.us and \*\.zoom\.us/, 'names the hosts served');
      assert.match(got, /--proxy-pass-through/, 'says how to tunnel other hosts');
    }
    const example = await rawExchange(p.proxyPort, 'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n');
    assert.match(example, /^HTTP\/1\.1 403 Forbidden\r\n/);
    assert.equal(target.accepted, 0, 'plaza made no connection for a refused CONNECT');
    assert.match(p.stderr(), /proxy: refused CONNECT example\.test:443: not one of Zoom's hosts/, 'logged with the host');
    assert.match(p.stderr(), new RegExp(`proxy: refused CONNECT localhost:${target.address().port}`));
    const health = await request(p, 'GET', '/healthz');
    assert.equal(health.status, 200, 'still serving');
  } finally {
    await p.stop();
  }
});

test('other_methods_and_targets_are_refused_and_logged_with_what_was_asked', async () => {
  const p = await plazaWith([]);
  try {
    const get = await rawExchange(p.proxyPort, 'GET http://example.test/x HTTP/1.1\r\nHost: example.test\r\n\r\n');
    assert.match(get, /^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    assert.match(get, /content-type: text\/plain/i);
    assert.match(get, /CONNECT/);
    assert.match(p.stderr(), /proxy: refused GET http:\/\/example\.test\/x: not CONNECT/);
    const bad = await rawExchange(p.proxyPort, 'CONNECT example.test:0 HTTP/1.1\r\n\r\n');
    assert.match(bad, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(p.stderr(), /proxy: refused CONNECT example\.test:0: not host:port/);
    assert.match(await rawExchange(p.proxyPort, 'CONNECT [::1]:x HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 /);
    assert.match(await rawExchange(p.proxyPort, 'CONNECT zoom.us:443 HTTP/1.1\r\n\x01\r\n\r\n'), /^HTTP\/1\.1 400 /);
    assert.equal((await request(p, 'GET', '/healthz')).status, 200, 'still serving');
  } finally {
    await p.stop();
  }
});

test('a_head_over_8_kib_is_refused_even_when_it_arrives_whole', async () => {
  const p = await plazaWith([]);
  try {
    const whole = await rawExchange(p.proxyPort, `CONNECT zoom.us:443 HTTP/1.1\r\nX: ${'a'.repeat(9000)}\r\n\r\n`);
    assert.match(whole, /^HTTP\/1\.1 431 /);
    const partial = await rawExchange(p.proxyPort, `CONNECT zoom.us:443 HTTP/1.1\r\nX: ${'a'.repeat(20000)}`);
    assert.match(partial, /^HTTP\/1\.1 431 /);
    assert.equal((await request(p, 'GET', '/healthz')).status, 200, 'still serving');
  } finally {
    await p.stop();
  }
});

test('a_head_that_trickles_in_is_closed_at_its_deadline_while_plaza_serves_others', async () => {
  const target = await tcpServer((s) => s.on('data', (d) => s.write(d)));
  const p = await plazaWith(['--proxy-pass-through']);
  try {
    const slow = net.connect({ host: '127.0.0.1', port: p.proxyPort });
    slow.on('error', () => {});
    let got = '';
    slow.setEncoding('latin1');
    slow.on('data', (d) => { got += d; });
    const closed = once(slow, 'close');
    await once(slow, 'connect');
    slow.write(`CONNECT 127.0.0.1:${target.address().port} HTTP/1.1\r\nX-Slow: `);
    // a byte every 200 ms: reading does not move the deadline
    const drip = setInterval(() => { if (!slow.destroyed) slow.write('a'); }, 200);
    try {
      const { s } = await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`);
      s.end('meanwhile');
      assert.equal((await readToEnd(s)).toString(), 'meanwhile', 'another tunnel works while the head is pending');
      assert.equal((await request(p, 'GET', '/healthz')).status, 200);
      await closed;
    } finally {
      clearInterval(drip);
    }
    assert.equal(got, '', 'closed with nothing said and nothing tunnelled');
    assert.equal(target.accepted, 1, 'only the other tunnel reached the host');
  } finally {
    await p.stop();
  }
});

// The first bytes a TLS client sends for zoom.us (its ClientHello), caught on a local socket.
async function clientHello() {
  const catcher = await tcpServer();
  const got = new Promise((r) => catcher.once('connection', (s) => s.once('data', (d) => { r(d); s.destroy(); })));
  const c = tls.connect({ host: '127.0.0.1', port: catcher.address().port, servername: 'zoom.us' });
  c.on('error', () => {});
  const hello = await got;
  c.destroy();
  return hello;
}

test('a_client_hello_sent_with_the_connect_head_goes_to_the_handshake_for_zooms_hosts', async () => {
  const hello = await clientHello();
  assert.equal(hello[0], 0x16, 'a TLS handshake record');
  const p = await plazaWith([]);
  try {
    const reply = await new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port: p.proxyPort }, () =>
        s.write(Buffer.concat([Buffer.from('CONNECT api.zoom.us:443 HTTP/1.1\r\nHost: api.zoom.us:443\r\n\r\n'), hello])));
      let got = Buffer.alloc(0);
      s.on('data', (d) => {
        got = Buffer.concat([got, d]);
        const end = got.indexOf('\r\n\r\n');
        if (end >= 0 && got.length >= end + 6) { s.destroy(); resolve({ head: got.subarray(0, end + 4).toString(), tls: got.subarray(end + 4) }); }
      });
      s.on('error', reject);
      s.on('close', () => reject(new Error(`closed after ${got}`)));
      s.setTimeout(15000, () => { s.destroy(); reject(new Error(`no answer: ${got}`)); });
    });
    assert.equal(reply.head, 'HTTP/1.1 200 Connection Established\r\n\r\n');
    assert.equal(reply.tls[0], 0x16, 'the server handshake answers the hello sent with the head');
    assert.equal(reply.tls[1], 0x03);
  } finally {
    await p.stop();
  }
});

test('pass_through_copies_every_byte_value_both_ways_unchanged', async () => {
  const payload = randomBytes(1 << 20);
  // the host speaks first (a greeting), then echoes what it gets, then ends after the client does
  const target = await tcpServer((s) => { s.write('greeting\n'); s.pipe(s); });
  const p = await plazaWith(['--proxy-pass-through']);
  try {
    const { s, rest } = await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`, { early: 'sent-with-the-head;' });
    const back = readToEnd(s, rest);
    s.end(payload);
    const all = await back;
    const want = Buffer.concat([Buffer.from('greeting\nsent-with-the-head;'), payload]);
    assert.equal(all.length, want.length);
    assert.equal(createHash('sha256').update(all).digest('hex'), createHash('sha256').update(want).digest('hex'));
  } finally {
    await p.stop();
  }
});

test('pass_through_passes_a_half_close_on_and_the_answer_still_comes_back', async () => {
  // an HTTP/1.0-style host: reads the request until the client has finished sending, then answers and closes
  const target = await tcpServer((s) => {
    const parts = [];
    s.on('data', (d) => parts.push(d));
    s.on('end', () => s.end(`got ${Buffer.concat(parts).length} bytes: ${Buffer.concat(parts).toString().slice(0, 5)}`));
  });
  const p = await plazaWith(['--proxy-pass-through']);
  try {
    const { s, rest } = await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`);
    const back = readToEnd(s, rest);
    s.end('hello, host');
    assert.equal((await back).toString(), 'got 11 bytes: hello');
  } finally {
    await p.stop();
  }
});

test('pass_through_answers_502_for_a_name_that_does_not_resolve_or_a_port_that_refuses', async () => {
  const p = await plazaWith(['--proxy-pass-through']);
  try {
    const unresolved = await rawExchange(p.proxyPort, 'CONNECT nowhere.invalid:443 HTTP/1.1\r\n\r\n');
    assert.match(unresolved, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
    assert.match(unresolved, /could not resolve/);
    assert.match(p.stderr(), /proxy: CONNECT nowhere\.invalid:443 failed: the name does not resolve/);
    const gone = await tcpServer();
    const port = gone.address().port;
    await new Promise((r) => gone.close(r));
    const refused = await rawExchange(p.proxyPort, `CONNECT 127.0.0.1:${port} HTTP/1.1\r\n\r\n`);
    assert.match(refused, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
    assert.match(refused, /could not connect/);
    assert.equal((await request(p, 'GET', '/healthz')).status, 200, 'still serving');
  } finally {
    await p.stop();
  }
});

test('at_most_64_tunnels_are_open_and_the_next_gets_503_until_one_ends', async () => {
  const ended = [];
  const target = await tcpServer((s) => { s.on('end', () => { s.end(); ended.push(s); }); });
  const p = await plazaWith(['--proxy-pass-through']);
  const open = [];
  try {
    for (let i = 0; i < 64; i++) open.push((await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`)).s);
    const full = await rawExchange(p.proxyPort, `CONNECT 127.0.0.1:${target.address().port} HTTP/1.1\r\n\r\n`);
    assert.match(full, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(p.stderr(), /proxy: refused CONNECT 127\.0\.0\.1:\d+: no tunnel can be opened now \(64 at most\)/);
    assert.equal(target.accepted, 64, 'the refused one reached nothing');
    // one tunnel ends: its place is given to the next CONNECT (once its thread has finished)
    const first = open.shift();
    first.end();
    await readToEnd(first);
    let again;
    for (let tries = 0; tries < 100 && !again; tries++) {
      again = await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`).catch((e) => {
        assert.match(e.message, /^HTTP\/1\.1 503 /);
        return new Promise((r) => setTimeout(() => r(undefined), 50));
      });
    }
    assert.ok(again, 'a tunnel opens again once one has ended');
    open.push(again.s);
  } finally {
    for (const s of open) s.destroy();
    await p.stop();
  }
});

test('stop_closes_open_tunnels_pending_heads_and_tunnels_whose_client_reads_nothing', { timeout: 30000 }, async () => {
  // the host sends without end; the client never reads, so plaza's writes to it block
  const flood = Buffer.alloc(1 << 16, 0x61);
  const target = await tcpServer((s) => {
    const more = () => { while (!s.destroyed && s.write(flood)); };
    s.on('drain', more);
    more();
  });
  const p = await plazaWith(['--proxy-pass-through']);
  const { s } = await tunnel(p.proxyPort, `127.0.0.1:${target.address().port}`);
  s.pause();
  const sClosed = once(s, 'close');
  const pending = net.connect({ host: '127.0.0.1', port: p.proxyPort });
  pending.on('error', () => {});
  await once(pending, 'connect');
  pending.write('CONNECT zoom.us:443 HTTP/1.1\r\n');
  const pendingClosed = once(pending, 'close');
  // wait until the tunnel is surely stuck: the host's writes no longer drain
  await new Promise((r) => setTimeout(r, 300));
  await p.stop(); // exits 0 with no sanitizer report (checked by stop)
  s.destroy();
  await Promise.all([sClosed, pendingClosed]);
});
