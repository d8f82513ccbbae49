// HTTPS at Zoom's hostnames through the real binary: plaza's CA and the
// certificate it issues, an app's calls to https://zoom.us and
// https://api.zoom.us by name resolution (curl --resolve, Node's lookup) and
// through the CONNECT proxy, and every refusal: other SNI names, plain HTTP on
// the TLS port, untrusted clients, other hosts at the proxy, bad certificates
// given at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, request, createAccount, createUser, createApp, consent, basic, onlySqlite } from './lib/plaza.mjs';
import { caPem, curl, httpsRequest, peerCertificate, rawExchange } from './lib/tls.mjs';

let plaza, dir, caFile, ca, acct, s2s, oauthApp, member;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plaza-tls-'));
  plaza = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--proxy-listen', '127.0.0.1:0'] });
  ca = await caPem(plaza);
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca);
  acct = await createAccount(plaza);
  member = await createUser(plaza, acct.id);
  s2s = await createApp(plaza, acct.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'meeting:write:admin'] });
  oauthApp = await createApp(plaza, acct.id, { scopes: ['user:read', 'meeting:write'] });
});

after(async () => {
  await plaza.stop();
  rmSync(dir, { recursive: true, force: true });
});

const s2sToken = (opts) => curl(['-X', 'POST', '-u', `${s2s.credentials.development.client_id}:${s2s.credentials.development.client_secret}`,
  `https://zoom.us${opts.port ? `:${opts.port}` : ''}/oauth/token?grant_type=account_credentials&account_id=${acct.id}`], opts);

test('the_ca_is_a_ca_and_only_its_certificate_leaves_plaza', async () => {
  const x = new X509Certificate(ca);
  assert.equal(x.ca, true);
  assert.match(x.subject, /CN=plaza local CA/);
  assert.doesNotMatch(ca, /PRIVATE KEY/);
  // GET /_plaza/ca is the PEM file, to save as it is; JSON for a client that asks for JSON (the CLI does)
  const file = await request(plaza, 'GET', '/_plaza/ca', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/x-pem-file');
  assert.equal(file.text, ca);
  const asJson = await request(plaza, 'GET', '/_plaza/ca',
    { headers: { authorization: `Bearer ${plaza.adminKey}`, accept: 'application/json' } });
  assert.equal(asJson.status, 200);
  assert.match(asJson.headers.get('content-type'), /^application\/json/);
  const info = asJson.json;
  assert.equal(info.certificate, ca);
  assert.equal(info.sha256_fingerprint, x.fingerprint256);
  assert.doesNotMatch(JSON.stringify(info), /PRIVATE KEY/);
  const out = await new Promise((resolve) => execFile(process.env.PLAZA_BIN, ['ca'],
    { env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey } },
    (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, ca, 'plaza ca prints the PEM alone on stdout');
  for (const how of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'keytool', '--cacert'])
    assert.match(out.stderr, new RegExp(how), `plaza ca says how to trust it with ${how}`);
  assert.doesNotMatch(out.stdout + out.stderr, /PRIVATE KEY/);
  // the control API's CA is behind the admin key like every /_plaza route
  for (const path of ['/_plaza/ca', '/_plaza/ca.pem']) {
    const anon = await fetch(`${plaza.url}${path}`);
    assert.equal(anon.status, 401, path);
    assert.doesNotMatch(await anon.text(), /CERTIFICATE|PRIVATE KEY/, path);
  }
});

test('the_server_certificate_names_zooms_hosts_and_lives_less_than_browsers_allow', async () => {
  const cert = await peerCertificate(plaza.tlsPort, { servername: 'zoom.us', ca });
  assert.equal(cert.subjectAltName,
    'DNS:zoom.us, DNS:*.zoom.us, DNS:api.zoom.us, DNS:marketplace.zoom.us, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  const from = Date.parse(cert.validFrom), to = Date.parse(cert.validTo);
  assert.ok(from <= Date.now(), `valid from ${cert.validFrom}`);
  const days = (to - from) / 86400000;
  assert.ok(days > 30 && days <= 200, `a lifetime of ${days} days`);
  assert.ok(cert.checkIssued(new X509Certificate(ca)), 'issued by the CA plaza prints');
  assert.equal(cert.ca, false);
  for (const name of ['zoom.us', 'api.zoom.us', 'us05web.zoom.us', 'marketplace.zoom.us'])
    assert.ok(cert.checkHost(name), name);
  assert.equal(cert.checkHost('evil.test'), undefined);
});

test('the_public_urls_host_is_named_too', async () => {
  for (const [url, san] of [['https://plaza.example.test:8443', 'DNS:plaza.example.test'], ['http://10.1.2.3:8080', 'IP Address:10.1.2.3']]) {
    const p = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--public-url', url] });
    try {
      const cert = await peerCertificate(p.tlsPort, { servername: 'zoom.us', ca: await caPem(p) });
      assert.ok(cert.subjectAltName.endsWith(`, ${san}`), cert.subjectAltName);
    } finally { await p.stop(); }
  }
});

test('an_app_with_zooms_hostnames_runs_by_name_resolution_with_curl', async () => {
  const port = plaza.tlsPort;
  const t = await s2sToken({ port, ca: caFile });
  assert.equal(t.status, 200, t.body + t.stderr);
  assert.equal(t.json.api_url, `https://api.zoom.us:${port}`, 'api_url keeps the client on plaza');
  const auth = ['-H', `authorization: Bearer ${t.json.access_token}`];
  const me = await curl([...auth, `${t.json.api_url}/v2/users/me`], { port, ca: caFile });
  assert.equal(me.status, 200, me.body);
  assert.equal(me.json.account_id, acct.id);
  const m = await curl([...auth, '-H', 'content-type: application/json', '-d', '{"topic":"over TLS","type":2}',
    `${t.json.api_url}/v2/users/me/meetings`], { port, ca: caFile });
  assert.equal(m.status, 201, m.body);
  assert.ok(m.json.join_url.startsWith(`https://zoom.us:${port}/j/`), m.json.join_url);
  assert.ok(m.json.start_url.startsWith(`https://zoom.us:${port}/s/`), m.json.start_url);
});

test('the_oauth_code_flow_and_a_refresh_with_node_https_at_zooms_hostnames', async () => {
  const port = plaza.tlsPort;
  const dev = oauthApp.credentials.development;
  const authorize = `https://zoom.us:${port}/oauth/authorize?${new URLSearchParams({
    response_type: 'code', client_id: dev.client_id, redirect_uri: oauthApp.redirect_url, state: 's1' })}`;
  const page = await httpsRequest(authorize, { ca });
  assert.equal(page.status, 200, 'the sign-in page is served at zoom.us');
  const c = await consent(plaza, member.id, authorize);
  assert.equal(c.status, 200, c.text);
  const code = new URL(c.json.redirect_to).searchParams.get('code');
  const form = (p) => ({ method: 'POST', ca, body: new URLSearchParams(p).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(dev.client_id, dev.client_secret) } });
  const t = await httpsRequest(`https://zoom.us:${port}/oauth/token`,
    form({ grant_type: 'authorization_code', code, redirect_uri: oauthApp.redirect_url }));
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.api_url, `https://api.zoom.us:${port}`);
  const r = await httpsRequest(`https://zoom.us:${port}/oauth/token`,
    form({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token }));
  assert.equal(r.status, 200, r.text);
  const me = await httpsRequest(`${r.json.api_url}/v2/users/me`, { ca, headers: { authorization: `Bearer ${r.json.access_token}` } });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.id, member.id);
});

test('through_the_proxy_zooms_hosts_are_served_by_plaza_at_443', async () => {
  const proxy = `http://127.0.0.1:${plaza.proxyPort}`;
  const t = await s2sToken({ proxy, ca: caFile });
  assert.equal(t.status, 200, t.body + t.stderr);
  assert.equal(t.json.api_url, 'https://api.zoom.us', 'through the proxy the client thinks it is at 443');
  const me = await curl(['-H', `authorization: Bearer ${t.json.access_token}`, 'https://api.zoom.us/v2/users/me'],
    { proxy, ca: caFile });
  assert.equal(me.status, 200, me.body);
  const m = await curl(['-H', `authorization: Bearer ${t.json.access_token}`, '-H', 'content-type: application/json',
    '-d', '{"topic":"through the proxy","type":2}', 'https://api.zoom.us/v2/users/me/meetings'], { proxy, ca: caFile });
  assert.equal(m.status, 201, m.body);
  assert.ok(m.json.join_url.startsWith('https://zoom.us/j/'), m.json.join_url);
});

test('the_proxy_refuses_other_hosts_other_methods_and_garbage_and_keeps_serving', async () => {
  const proxy = `http://127.0.0.1:${plaza.proxyPort}`;
  const other = await curl(['https://example.test/'], { proxy, ca: caFile });
  assert.notEqual(other.code, 0);
  assert.match(other.stderr, /403/);
  const head = await rawExchange(plaza.proxyPort, 'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 403 Forbidden/);
  assert.match(head, /zoom\.us and \*\.zoom\.us[\s\S]*--proxy-pass-through/);
  const local = await rawExchange(plaza.proxyPort, `CONNECT 127.0.0.1:${plaza.tlsPort} HTTP/1.1\r\n\r\n`);
  assert.match(local, /^HTTP\/1\.1 403/, 'not even plaza itself by address: only names are served');
  assert.match(await rawExchange(plaza.proxyPort, 'GET http://zoom.us/ HTTP/1.1\r\nHost: zoom.us\r\n\r\n'), /^HTTP\/1\.1 405/);
  for (const bad of ['CONNECT zoom.us HTTP/1.1\r\n\r\n', 'CONNECT zoom.us:99999 HTTP/1.1\r\n\r\n',
    'CONNECT [::1 HTTP/1.1\r\n\r\n', 'CONNECT ::1:443 HTTP/1.1\r\n\r\n', '\x16\x03\x01garbage\r\n\r\n',
    'CONNECT zoom.us..:443 HTTP/1.1\r\n\r\n', 'CONNECT .zoom.us:443 HTTP/1.1\r\n\r\n'])
    assert.match(await rawExchange(plaza.proxyPort, bad), /^HTTP\/1\.1 400/, JSON.stringify(bad));
  assert.match(await rawExchange(plaza.proxyPort, `CONNECT zoom.us:443 HTTP/1.1\r\nX: ${'a'.repeat(9000)}`), /^HTTP\/1\.1 431/);
  const ok = await s2sToken({ proxy, ca: caFile });
  assert.equal(ok.status, 200, 'still serving');
});

test('https_serves_plazas_routes_at_its_address_and_at_zooms_names', async () => {
  const port = plaza.tlsPort;
  const byAddress = await curl([`https://127.0.0.1:${port}/healthz`], { ca: caFile });
  assert.equal(byAddress.code, 0, byAddress.stderr);
  assert.equal(byAddress.status, 200);
  assert.deepEqual(byAddress.json, { status: 'ok' });
  const byName = await httpsRequest(`https://localhost:${port}/healthz`, { ca });
  assert.equal(byName.status, 200);
  assert.deepEqual(byName.json, { status: 'ok' });
  const alpn = await new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'zoom.us', ca, ALPNProtocols: ['h2', 'http/1.1'] },
      () => { resolve(s.alpnProtocol); s.end(); });
    s.on('error', reject);
  });
  assert.equal(alpn, 'http/1.1', 'HTTP/1.1 is offered, not h2');
});

test('a_handshake_arriving_a_byte_at_a_time_goes_through_with_its_first_bytes', async () => {
  // a relay that hands plaza the client's bytes one at a time, the first alone
  const relay = net.createServer((client) => {
    const up = net.connect({ host: '127.0.0.1', port: plaza.tlsPort });
    up.setNoDelay(true);
    let queue = Promise.resolve(), first = true;
    client.on('data', (d) => {
      queue = queue.then(async () => {
        for (const b of d) {
          await new Promise((r) => up.write(Buffer.from([b]), r));
          await new Promise((r) => setTimeout(r, first ? 50 : 0));
          first = false;
        }
      });
    });
    up.on('data', (d) => client.write(d));
    client.on('end', () => queue.then(() => up.end()));
    up.on('end', () => client.end());
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
  });
  await new Promise((r) => relay.listen(0, '127.0.0.1', r));
  try {
    const r = await new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: relay.address().port, path: '/healthz', servername: 'zoom.us',
        headers: { host: '127.0.0.1' }, ca, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
  } finally { relay.close(); }
});

test('handshakes_for_other_names_plain_http_and_untrusted_clients_are_refused_and_plaza_keeps_serving', async () => {
  await assert.rejects(peerCertificate(plaza.tlsPort, { servername: 'evil.test', ca }), /unrecognized name/i,
    'the unrecognized_name alert');
  const good = await peerCertificate(plaza.tlsPort, { servername: 'zoom.us', ca });
  assert.ok(good.checkHost('zoom.us'));
  const plain = await rawExchange(plaza.tlsPort, 'GET /healthz HTTP/1.1\r\nHost: zoom.us\r\n\r\n');
  assert.match(plain, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(plain, /\r\nContent-Type: text\/plain/i);
  assert.match(plain, /\r\nConnection: close\r\n/i);
  assert.match(plain, new RegExp(`\r\n\r\nThis port speaks HTTPS: use https://zoom\\.us:${plaza.tlsPort}/\n$`),
    'the URL the client should have used');
  const withPort = await rawExchange(plaza.tlsPort, 'GET / HTTP/1.1\r\nHost: API.zoom.us:8443\r\n\r\n');
  assert.match(withPort, /use https:\/\/api\.zoom\.us:8443\/\n$/);
  for (const head of ['GET / HTTP/1.0\r\n\r\n', 'GET / HTTP/1.1\r\nHost: <b>x</b>\r\n\r\n', 'GET / HTTP/1.1\r\n'])
    assert.match(await rawExchange(plaza.tlsPort, head), new RegExp(`use https://127\\.0\\.0\\.1:${plaza.tlsPort}/\n$`),
      `${JSON.stringify(head)}: the address it reached`);
  await assert.rejects(httpsRequest(`https://zoom.us:${plaza.tlsPort}/oauth/token`, {}), /certificate/i,
    'a client that does not trust the CA stops at the handshake');
  const t = await s2sToken({ port: plaza.tlsPort, ca: caFile });
  assert.equal(t.status, 200, 'still serving');
});

test('a_file_store_keeps_one_ca_across_restarts_and_is_readable_by_its_owner_only', { skip: onlySqlite }, async () => {
  const db = join(dir, 'store.db');
  const fingerprint = async () => {
    const p = await startPlaza({ args: ['--db', db, '--tls-listen', '127.0.0.1:0'] });
    try {
      const cert = await peerCertificate(p.tlsPort, { servername: 'api.zoom.us', ca: await caPem(p) });
      return { ca: new X509Certificate(await caPem(p)).fingerprint256, leaf: cert.fingerprint256 };
    } finally { await p.stop(); }
  };
  const first = await fingerprint();
  assert.equal(statSync(db).mode & 0o777, 0o600, 'a new store is made readable by its owner only');
  chmodSync(db, 0o644); // as a store from an older plaza, or copied by hand
  const second = await fingerprint();
  assert.equal(first.ca, second.ca, 'the same CA: trusted once');
  assert.notEqual(first.leaf, second.leaf, 'the server certificate is issued at each start');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) {
    let mode;
    try { mode = statSync(f).mode & 0o777; } catch { continue; }
    assert.equal(mode & 0o077, 0, `${f} is mode ${mode.toString(8)}`);
  }
  assert.doesNotMatch(execFileSync('sqlite3', [db, 'SELECT name FROM sqlite_master']).toString(), /^$/);
});

// ---- the user's own certificate ----

function openssl(args) { return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }); }

function ownCertificate(name, { startdate, enddate, host = 'zoom.us' } = {}) {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
  if (!startdate) {
    openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${host}`, '-days', '30', '-out', `${name}.pem`,
      '-addext', `subjectAltName=DNS:${host},DNS:*.${host}`]);
    return;
  }
  // openssl ca sets any validity window, an expired one included
  writeFileSync(join(dir, `${name}.cnf`), `[ca]\ndefault_ca=own\n[own]\ndatabase=${name}.index\nnew_certs_dir=.\n` +
    `serial=${name}.serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncommonName=supplied\n`);
  writeFileSync(join(dir, `${name}.index`), '');
  writeFileSync(join(dir, `${name}.serial`), '01\n');
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', '/CN=zoom.us', '-out', `${name}.csr`]);
  openssl(['ca', '-batch', '-config', `${name}.cnf`, '-selfsign', '-keyfile', `${name}.key`, '-in', `${name}.csr`,
    '-startdate', startdate, '-enddate', enddate, '-out', `${name}.pem`, '-notext']);
}

function startFails(args, env = {}) {
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, ['serve', '--listen', '127.0.0.1:0', '--db', ':memory:', '--admin-key',
      'e2e-admin-key-0123456789', ...args], { timeout: 15000, env: { ...process.env, ...env } },
    (err, stdout, stderr) => resolve({ code: err?.code ?? 0, stderr }));
  });
}

test('an_orderly_stop_closes_tls_connections_idle_mid_handshake_and_mid_request', async () => {
  const p = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--threads', '1'] });
  const pem = await caPem(p);
  const closes = [];
  const closed = (s) => { s.on('error', () => {}); closes.push(new Promise((r) => s.on('close', r))); return s; };
  // a keep-alive connection, idle after one request
  const agent = new https.Agent({ keepAlive: true, ca: pem });
  await new Promise((resolve, reject) => https.get(`https://127.0.0.1:${p.tlsPort}/healthz`, { agent },
    (r) => { r.resume(); r.on('end', resolve); }).on('error', reject));
  const idle = Object.values(agent.freeSockets).flat();
  assert.equal(idle.length, 1);
  closed(idle[0]);
  // the first bytes of a handshake and no more
  const half = closed(net.connect({ host: '127.0.0.1', port: p.tlsPort }, () => half.write(Buffer.from([0x16, 0x03, 0x01]))));
  // connected, nothing sent
  closed(net.connect({ host: '127.0.0.1', port: p.tlsPort }));
  // handshake done, half a request
  await new Promise((resolve, reject) => {
    const s = closed(tls.connect({ host: '127.0.0.1', port: p.tlsPort, ca: pem, servername: 'zoom.us' }, () => {
      s.write('GET /healthz HTTP/1.1\r\nHost: zoom.us\r\n');
      resolve();
    }));
    s.once('error', reject);
  });
  // one loop: the connections above are taken before this request is answered
  assert.equal((await httpsRequest(`https://zoom.us:${p.tlsPort}/oauth/authorize`, { ca: pem })).status, 400);
  await p.stop(); // exit status 0, no sanitizer report
  await Promise.all(closes);
  assert.doesNotMatch(p.stderr(), /connections still open at stop/, 'nothing held the stop until its deadline');
});

test('a_users_own_certificate_is_served_as_given', async () => {
  ownCertificate('own');
  const p = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--tls-cert', join(dir, 'own.pem'),
    '--tls-key', join(dir, 'own.key')] });
  try {
    const pem = openssl(['x509', '-in', 'own.pem']).toString();
    const cert = await peerCertificate(p.tlsPort, { servername: 'zoom.us', ca: pem });
    assert.equal(cert.fingerprint256, new X509Certificate(pem).fingerprint256);
    assert.doesNotMatch(p.stderr(), /names neither zoom\.us nor api\.zoom\.us/);
  } finally { await p.stop(); }
});

test('a_users_own_certificate_for_other_names_is_served_for_those_names_only_with_a_warning', async () => {
  ownCertificate('elsewhere', { host: 'plaza.example.test' });
  const p = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--tls-cert', join(dir, 'elsewhere.pem'),
    '--tls-key', join(dir, 'elsewhere.key'), '--log-level', 'info'] });
  try {
    assert.match(p.stderr(), /--tls-cert \S*elsewhere\.pem names neither zoom\.us nor api\.zoom\.us/);
    const pem = openssl(['x509', '-in', 'elsewhere.pem']).toString();
    const cert = await peerCertificate(p.tlsPort, { servername: 'api.plaza.example.test', ca: pem });
    assert.ok(cert.checkHost('api.plaza.example.test'));
    await assert.rejects(peerCertificate(p.tlsPort, { servername: 'zoom.us', ca: pem }), /unrecognized name/i);
  } finally { await p.stop(); }
  assert.match(p.stderr(), /refused a handshake for zoom\.us: the certificate does not name it/, 'logged');
});

test('bad_certificates_and_flags_at_start_are_clear_errors', async () => {
  ownCertificate('expired', { startdate: '20200101000000Z', enddate: '20200201000000Z' });
  ownCertificate('future', { startdate: '20900101000000Z', enddate: '20910101000000Z' });
  ownCertificate('other');
  writeFileSync(join(dir, 'empty.pem'), 'not PEM at all\n');
  openssl(['pkey', '-in', 'other.key', '-aes256', '-passout', 'pass:secret', '-out', 'locked.key']);
  const own = (c, k) => ['--tls-listen', '127.0.0.1:0', '--tls-cert', join(dir, c), '--tls-key', join(dir, k)];
  const cases = [
    [own('expired.pem', 'expired.key'), 1, /expired on 2020-02-01/],
    [own('future.pem', 'future.key'), 1, /not valid before 2090-01-01/],
    [own('other.pem', 'expired.key'), 1, /does not match the certificate/],
    [own('missing.pem', 'other.key'), 1, /--tls-cert .*missing\.pem: cannot be read \(No such file or directory\)/],
    [own('other.pem', 'missing.key'), 1, /--tls-key .*missing\.key: cannot be read \(No such file or directory\)/],
    [own('.', 'other.key'), 1, /--tls-cert .*: cannot be read \(Is a directory\)/],
    [own('other.pem', '.'), 1, /--tls-key .*: cannot be read \(Is a directory\)/],
    [own('empty.pem', 'other.key'), 1, /not a PEM certificate/],
    [own('other.pem', 'empty.pem'), 1, /--tls-key .*empty\.pem: not a PEM private key/],
    [own('other.pem', 'locked.key'), 1, /--tls-key .*locked\.key: the key has a passphrase; give it unencrypted/],
    [own('other.key', 'other.key'), 1, /not a PEM certificate/],
    [['--tls-listen', '127.0.0.1:0', '--tls-cert', join(dir, 'other.pem')], 2, /--tls-cert and --tls-key go together/],
    [['--proxy-pass-through'], 2, /--proxy-pass-through is for --proxy-listen/],
    [['--tls-listen', 'nowhere'], 2, /--tls-listen wants HOST:PORT/],
    [['--listen', '127.0.0.1:18080', '--tls-listen', '127.0.0.1:18080'], 2, /--tls-listen and --listen need ports of their own/],
    [['--listen', '127.0.0.1:18080', '--proxy-listen', '0.0.0.0:18080'], 2, /--proxy-listen and --listen need ports of their own/],
    [['--tls-listen', '127.0.0.1:18443', '--proxy-listen', '127.0.0.1:18443'], 2, /--proxy-listen and --tls-listen need ports of their own/],
  ];
  for (const [args, code, message] of cases) {
    const r = await startFails(args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
  }
});

test('the_tls_listener_and_own_certificate_can_be_given_by_environment', async () => {
  ownCertificate('byenv');
  const env = { PLAZA_TLS_LISTEN: '127.0.0.1:0', PLAZA_TLS_CERT: join(dir, 'byenv.pem'), PLAZA_TLS_KEY: join(dir, 'byenv.key') };
  const p = await startPlaza({ env });
  try {
    while (!/HTTPS\s+https:/.test(p.stdout())) await new Promise((r) => setTimeout(r, 20));
    const port = Number(p.stdout().match(/HTTPS\s+https:\/\/[^\s:]+:(\d+)/)[1]);
    const pem = openssl(['x509', '-in', 'byenv.pem']).toString();
    const cert = await peerCertificate(port, { servername: 'zoom.us', ca: pem });
    assert.equal(cert.fingerprint256, new X509Certificate(pem).fingerprint256);
  } finally { await p.stop(); }
  const r = await startFails([], { ...env, PLAZA_TLS_KEY: join(dir, 'nowhere.key') });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /--tls-key \S*nowhere\.key: cannot be read/);
});

test('pass_through_tunnels_other_hosts_unchanged_and_only_when_asked', async () => {
  const echo = net.createServer((s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d]))));
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  const port = echo.address().port;
  const p = await startPlaza({ args: ['--proxy-listen', '127.0.0.1:0', '--proxy-pass-through'] });
  try {
    writeFileSync(join(dir, 'pt-ca.pem'), await caPem(p));
    const got = await new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port: p.proxyPort }, () =>
        s.write(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\nearly`));
      let text = '';
      s.setEncoding('latin1');
      s.on('data', (d) => {
        text += d;
        if (text.includes('echo:early') && !text.includes('echo:later')) s.write('later');
        if (text.includes('echo:later')) { s.end(); resolve(text); }
      });
      s.on('error', reject);
      s.setTimeout(10000, () => { s.destroy(); reject(new Error(text)); });
    });
    assert.match(got, /^HTTP\/1\.1 200 Connection Established\r\n\r\n/);
    assert.match(got, /echo:early[\s\S]*echo:later/, 'bytes go both ways unchanged, those sent with the head too');
    const closed = net.createServer();
    await new Promise((r) => closed.listen(0, '127.0.0.1', r));
    const dead = closed.address().port;
    await new Promise((r) => closed.close(r));
    assert.match(await rawExchange(p.proxyPort, `CONNECT 127.0.0.1:${dead} HTTP/1.1\r\n\r\n`), /^HTTP\/1\.1 502/);
    // Zoom's hosts are still plaza's own, never forwarded
    const zoom = await rawExchange(p.proxyPort, 'CONNECT zoom.us:443 HTTP/1.1\r\n\r\n', { until: /\r\n\r\n/ });
    assert.match(zoom, /^HTTP\/1\.1 200 Connection Established/);
    // a tunnel still open when plaza stops is closed, and plaza exits cleanly (checked by stop below)
    const open = net.connect({ host: '127.0.0.1', port: p.proxyPort }, () => open.write(`CONNECT 127.0.0.1:${port} HTTP/1.1\r\n\r\n`));
    open.on('error', () => {});
    await new Promise((r) => open.once('data', r));
    const t = await curl(['https://api.zoom.us/v2/users/me'], { proxy: `http://127.0.0.1:${p.proxyPort}`, ca: await caPem(p) ? join(dir, 'pt-ca.pem') : '' });
    assert.equal(t.status, 401, 'served by plaza itself (no token: Zoom\'s 401)');
  } finally {
    await p.stop();
    echo.close();
  }
});
