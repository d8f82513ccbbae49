// Starts the real plaza binary on a random loopback port with an in-memory
// store, and gives tests small helpers to talk to it as a client would.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_KEY = 'e2e-admin-key-0123456789';

// The store the suite runs against (tests/e2e/run.sh sets it): SQLite by
// default; PLAZA_E2E_PG (a server's URL) puts every plaza on a database of its
// own there; PLAZA_E2E_NODES=3 runs every plaza as three nodes on that
// database behind HAProxy, round-robin, and `url` is HAProxy's.
export const storeKind = process.env.PLAZA_E2E_PG ? 'postgres' : 'sqlite';
export const nodeCount = Number(process.env.PLAZA_E2E_NODES ?? 1);
// For tests that look into the SQLite file itself, or need one process.
export const onlySqlite = storeKind !== 'sqlite' && 'reads the SQLite store file';
export const onlyOneNode = nodeCount > 1 && 'needs plaza as one process';

let dbSeq = 0;
// The --db for a plaza: a new PostgreSQL database for ':memory:', one per file
// name for a file (so that a restart finds its data), as the suite's store says.
function storeDb(path, base = process.env.PLAZA_E2E_PG) {
  if (!base) return path;
  const name = path === ':memory:' ? `e2e_${process.pid}_${++dbSeq}`
    : `e2e_f_${createHash('sha256').update(path).digest('hex').slice(0, 20)}`;
  const exists = execFileSync('psql', [base, '-XtAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`]).toString().trim();
  if (!exists) execFileSync('psql', [base, '-Xqc', `CREATE DATABASE ${name}`]);
  return base.replace(/\/[^/]*$/, `/${name}`);
}

function withStore(args, pg) {
  const at = args.lastIndexOf('--db');
  const path = at >= 0 ? args[at + 1] : ':memory:';
  const rest = args.filter((_, i) => !(args[i] === '--db' || args[i - 1] === '--db'));
  return ['--db', storeDb(path, pg), ...rest];
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
}

// A free port to bind later (the balancer's, or a plaza's given --listen), chosen below the kernel's
// ephemeral range (32768 and up here), so that no listener bound to port 0 meanwhile (plaza's sockets set
// SO_REUSEPORT, as HAProxy's do) can take it too.
async function fixedPort() {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return freePort();
}

// `pg` puts this plaza on another PostgreSQL server than the suite's.
export async function startPlaza({ args = [], env = {}, pg } = {}) {
  const full = withStore(args, pg);
  if (nodeCount <= 1) return startNode(full, env);
  // the nodes answer with the balancer's address, as nodes behind a proxy are told to (--public-url)
  const lbPort = await fixedPort();
  if (!full.includes('--public-url')) full.push('--public-url', `http://127.0.0.1:${lbPort}`);
  const first = await startNode(full, env); /* migrates; the others find the schema done */
  let rest;
  try {
    rest = await Promise.all(Array.from({ length: nodeCount - 1 }, () => startNode(full, env)));
  } catch (err) {
    first.proc.kill('SIGKILL');
    throw err;
  }
  const nodes = [first, ...rest];
  const lb = await startBalancer(nodes.map((n) => new URL(n.url).port), lbPort);
  return {
    ...first, url: lb.url, nodes, balancer: lb,
    async stop() {
      lb.stop();
      await Promise.all(nodes.filter((n) => n.proc.exitCode === null).map((n) => n.stop()));
    },
  };
}

// HAProxy in front of the nodes, each request to the next node.
async function startBalancer(ports, port) {
  const cfg = ['global', '  maxconn 4096', 'defaults', '  mode http', '  timeout connect 2s',
    '  timeout client 120s', '  timeout server 120s', '  timeout tunnel 120s',
    /* a node that refuses connections (killed) is skipped: its requests go to the next */
    '  retries 2', '  option redispatch 1',
    'frontend plaza', `  bind 127.0.0.1:${port}`, '  default_backend nodes',
    'backend nodes', '  balance roundrobin',
    ...ports.map((p, i) => `  server n${i + 1} 127.0.0.1:${p} check inter 500 fall 1 rise 2`)].join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'plaza-haproxy-'));
  writeFileSync(join(dir, 'haproxy.cfg'), cfg);
  const proc = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'pipe'] });
  proc.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`haproxy exited:\n${stderr}`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error(`haproxy did not start:\n${stderr}`);
}

async function startNode(args, env) {
  const bin = process.env.PLAZA_BIN;
  if (!bin) throw new Error('PLAZA_BIN is not set (run through tests/e2e/run.sh)');
  const proc = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--admin-key', ADMIN_KEY,
                           '--threads', '2', '--log-level', 'warn', ...args],
                     { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; if (process.env.PLAZA_E2E_STDERR) process.stderr.write(d); });
  let url;
  // the HTTPS and proxy lines follow the database line when those listeners are asked for
  const more = (args.includes('--tls-listen') ? 1 : 0) + (args.includes('--proxy-listen') ? 1 : 0);
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`plaza did not start:\n${stderr}`)), 15000);
      proc.stdout.on('data', (d) => {
        stdout += d;
        const m = stdout.match(/listening\s+(http:\/\/\S+)/);
        const tail = stdout.split(/\n  database .*\n/)[1];
        const ready = tail !== undefined && (more === 0 || tail.split('\n').length > more);
        if (m && ready) { clearTimeout(timer); resolve(m[1]); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`plaza exited (${code}):\n${stderr}`)); });
    });
  } catch (err) {
    if (proc.exitCode === null) proc.kill('SIGKILL'); /* never leave a half-started plaza behind */
    throw err;
  }
  const tlsPort = Number(stdout.match(/HTTPS\s+https:\/\/[^\s:]+:(\d+)/)?.[1] ?? 0);
  const proxyPort = Number(stdout.match(/HTTPS proxy\s+http:\/\/[^\s:]+:(\d+)/)?.[1] ?? 0);
  const plaza = {
    url, proc, adminKey: ADMIN_KEY, tlsPort, proxyPort,
    stdout: () => stdout,
    stderr: () => stderr,
    // Stops plaza with SIGTERM and fails if it did not exit cleanly or a sanitizer spoke.
    async stop() {
      if (proc.exitCode !== null) throw new Error(`plaza had already exited (${proc.exitCode}):\n${stderr}`);
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      const [code] = await exited;
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, 'sanitizer report');
      assert.equal(code, 0, `plaza exit code ${code}\n${stderr.slice(-4000)}`);
    },
  };
  return plaza;
}

// A request to plaza; `body` objects are sent as JSON. Returns status, headers and the parsed body.
export async function request(plaza, method, path, { body, headers = {}, raw } = {}) {
  const h = { ...headers };
  let payload = raw;
  if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
  const res = await fetch(plaza.url + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

// The control API, with the admin key.
export function control(plaza) {
  const auth = { authorization: `Bearer ${plaza.adminKey}` };
  const call = (method, path, body) => request(plaza, method, `/_plaza${path}`, { body, headers: auth });
  return {
    call,
    async ok(method, path, body, expected = [200, 201, 204]) {
      const r = await call(method, path, body);
      assert.ok([].concat(expected).includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
      return r.json;
    },
  };
}

let seq = 0;
const unique = (s) => `${s}-${process.pid}-${++seq}`;

// An account with an owner (and a password), returned as the control API gave it.
export async function createAccount(plaza, { plan = 'pro', name } = {}) {
  const c = control(plaza);
  const tag = unique('acct');
  return c.ok('POST', '/accounts', {
    name: name ?? `Account ${tag}`, plan,
    owner: { email: `owner-${tag}@example.test`, first_name: 'Olive', last_name: 'Owner', password: 'owner-password-1' },
  });
}

export async function createUser(plaza, accountId, { role = 'member', type = 'licensed', password = 'user-password-1' } = {}) {
  const tag = unique('user');
  return control(plaza).ok('POST', `/accounts/${accountId}/users`, {
    email: `${role}-${tag}@example.test`, first_name: 'Uma', last_name: 'User', role, type, password,
  });
}

export async function createApp(plaza, accountId, fields = {}) {
  return control(plaza).ok('POST', '/apps', {
    account_id: accountId, name: unique('App'), type: 'oauth',
    redirect_url: 'https://app.example.test/callback', scopes: ['user:read', 'meeting:read'], ...fields,
  });
}

export function basic(id, secret) {
  return 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
}

// Posts to /oauth/token with a form body and Basic client authentication.
export async function token(plaza, clientId, clientSecret, params) {
  return request(plaza, 'POST', '/oauth/token', {
    raw: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, clientSecret) },
  });
}

// Runs consent through the control API and returns the redirect's query parameters.
export async function consent(plaza, user, authorizeUrl, decision = 'approve') {
  const r = await control(plaza).call('POST', '/oauth/consent', { user, authorize_url: authorizeUrl, decision });
  return r;
}

export function authorizeUrl(plaza, params) {
  return `${plaza.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', ...params })}`;
}

// Installs an OAuth app for a user and exchanges the code: the token response.
export async function installUser(plaza, app, user, { scope, redirectUri } = {}) {
  const dev = app.credentials.development;
  const redirect = redirectUri ?? app.redirect_url;
  const params = { client_id: dev.client_id, redirect_uri: redirect, state: 'st' };
  if (scope) params.scope = scope;
  const r = await consent(plaza, user, authorizeUrl(plaza, params));
  assert.equal(r.status, 200, r.text);
  const code = new URL(r.json.redirect_to).searchParams.get('code');
  const t = await token(plaza, dev.client_id, dev.client_secret,
                        { grant_type: 'authorization_code', code, redirect_uri: redirect });
  assert.equal(t.status, 200, t.text);
  return t.json;
}

export async function v2(plaza, accessToken, method, path, body) {
  return request(plaza, method, `/v2${path}`, { body, headers: { authorization: `Bearer ${accessToken}` } });
}

// ---- helpers for the OAuth, control-API, browser and bad-input suites ----

// Posts a form (URLSearchParams-able object or a raw string) to `path`.
export async function postForm(plaza, path, params, { headers = {} } = {}) {
  const raw = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return request(plaza, 'POST', path, { raw, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}

// The header and claims of a JWS, decoded from base64url (no signature check).
export function decodeJwt(jwt) {
  const parts = jwt.split('.');
  assert.equal(parts.length, 3, `not a JWS: ${jwt}`);
  const part = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: part(parts[0]), payload: part(parts[1]), signature: parts[2] };
}

// Moves plaza's virtual clock forward by `seconds`.
export async function advanceClock(plaza, seconds) {
  return control(plaza).ok('POST', '/clock', { advance: seconds }, 200);
}

// Consent through the control API for `user` (id or e-mail) on the app's
// development credentials; returns the redirect URL, its code and state.
export async function authorizeCode(plaza, app, user, params = {}) {
  const dev = app.credentials.development;
  const q = { client_id: dev.client_id, redirect_uri: app.redirect_url, state: 'st', ...params };
  for (const k of Object.keys(q)) if (q[k] === undefined) delete q[k];
  const r = await consent(plaza, user, authorizeUrl(plaza, q));
  assert.equal(r.status, 200, r.text);
  const to = new URL(r.json.redirect_to);
  return { redirect: to, code: to.searchParams.get('code'), state: to.searchParams.get('state') };
}

// A PKCE verifier and its challenge (RFC 7636) for 'S256' or 'plain'.
export function pkcePair(method = 'S256') {
  const verifier = randomBytes(48).toString('base64url'); // 64 characters
  const challenge = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge, method };
}

// The shapes of errors on each surface.
export function assertOAuthError(r, status, reason, error) {
  assert.equal(r.status, status, r.text);
  assert.deepEqual(Object.keys(r.json ?? {}), ['reason', 'error'], r.text);
  if (reason instanceof RegExp) assert.match(r.json.reason, reason);
  else if (reason !== undefined) assert.equal(r.json.reason, reason);
  if (error !== undefined) assert.equal(r.json.error, error);
}

export function assertZoomError(r, status, code, message) {
  assert.equal(r.status, status, r.text);
  assert.ok(r.json && Number.isInteger(r.json.code) && typeof r.json.message === 'string', r.text);
  assert.deepEqual(Object.keys(r.json).slice(0, 2), ['code', 'message'], r.text);
  if (code !== undefined) assert.equal(r.json.code, code, r.text);
  if (message instanceof RegExp) assert.match(r.json.message, message);
  else if (message !== undefined) assert.equal(r.json.message, message);
}

export function assertProblem(r, status, fields) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, r.text);
  assert.equal(r.json?.status, status, r.text);
  assert.equal(typeof r.json.type, 'string');
  assert.equal(typeof r.json.title, 'string');
  assert.equal(typeof r.json.detail, 'string');
  for (const f of [].concat(fields ?? [])) {
    assert.ok((r.json.errors ?? []).some((e) => e.field === f), `errors[] names ${f}: ${r.text}`);
  }
}

// A browser's cookie jar, enough for plaza's own cookies (one origin, Path=/).
export class CookieJar {
  constructor() { this.cookies = new Map(); this.raw = []; }
  // Takes the Set-Cookie headers of a response; Max-Age=0 deletes.
  take(headers) {
    for (const line of headers.getSetCookie()) {
      this.raw.push(line);
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      const maxAge = attrs.find((a) => /^max-age=/i.test(a));
      if ((maxAge && Number(maxAge.split('=')[1]) <= 0) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  // The last Set-Cookie line seen for `name`, with its attributes.
  setCookieLine(name) { return [...this.raw].reverse().find((l) => l.startsWith(`${name}=`)); }
  get(name) { return this.cookies.get(name); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

// A request as a browser would send it: the jar's cookies go out, Set-Cookie comes back in.
export async function browse(plaza, jar, method, path, { form, headers = {} } = {}) {
  const h = { ...headers };
  const cookie = jar.header();
  if (cookie) h.cookie = cookie;
  let raw;
  if (form !== undefined) {
    raw = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    h['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const r = await request(plaza, method, path, { raw, headers: h });
  jar.take(r.headers);
  return r;
}

// The value of a hidden input of an HTML form, unescaped.
export function hiddenInput(html, name) {
  const m = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`));
  return m ? htmlUnescape(m[1]) : undefined;
}

export function htmlUnescape(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

// Sends bytes as they are over one TCP connection (for what fetch refuses to
// send) and returns what came back until the server closed it or `timeoutMs`
// passed: the raw text, the status and the header lines.
export async function rawRequest(plaza, bytes, { timeoutMs = 5000 } = {}) {
  const u = new URL(plaza.url);
  const sock = net.connect(Number(u.port), u.hostname);
  const chunks = [];
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => { sock.destroy(); resolve(); }, timeoutMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('close', () => { clearTimeout(timer); resolve(); });
    sock.on('error', () => {});
  });
  sock.write(bytes);
  await done;
  const text = Buffer.concat(chunks).toString('latin1');
  const head = text.split('\r\n\r\n')[0];
  const [statusLine, ...headerLines] = head.split('\r\n');
  const m = statusLine.match(/^HTTP\/1\.[01] (\d{3})/);
  return { text, status: m ? Number(m[1]) : 0, headerLines, body: text.slice(head.length + 4) };
}

// Starts plaza with --public-url `publicUrl` (which it prints instead of its
// listening address) on a free loopback port chosen here; `url` is that real
// address. Kills the child if it does not come up, so a test cannot hang.
export async function startPlazaWithPublicUrl(publicUrl, { args = [], env = {} } = {}) {
  const port = await fixedPort();
  const bin = process.env.PLAZA_BIN;
  if (!bin) throw new Error('PLAZA_BIN is not set (run through tests/e2e/run.sh)');
  const proc = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--admin-key', ADMIN_KEY,
                           '--threads', '2', '--log-level', 'warn', '--public-url', publicUrl, ...withStore(args)],
                     { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`plaza did not start:\n${stderr}`)), 15000);
      proc.stdout.on('data', (d) => {
        stdout += d;
        if (/plaza is serving on \S+/.test(stdout)) { clearTimeout(timer); resolve(); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`plaza exited (${code}):\n${stderr}`)); });
    });
  } catch (err) {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`, publicUrl, proc, adminKey: ADMIN_KEY,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode !== null) throw new Error(`plaza had already exited (${proc.exitCode}):\n${stderr}`);
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      const [code] = await exited;
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, 'sanitizer report');
      assert.equal(code, 0, `plaza exit code ${code}\n${stderr.slice(-4000)}`);
    },
  };
}

// ---- helpers for the REST API (api_*) suites ----

// An access token from a Server-to-Server app's account_credentials grant.
export async function s2sToken(plaza, app, accountId) {
  const c = app.credentials.development;
  const r = await token(plaza, c.client_id, c.client_secret, { grant_type: 'account_credentials', account_id: accountId });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

// A user-managed OAuth app with `scopes`, installed by `userId`: its access token.
export async function userToken(plaza, accountId, userId, scopes, fields = {}) {
  const app = await createApp(plaza, accountId, { scopes, ...fields });
  return (await installUser(plaza, app, userId)).access_token;
}

// Runs a simulated meeting through the control API: start, the participants
// join ({name, email}), end (with `record` when given). Returns the control
// API's answers to the start and the end: { started, ended }.
export async function simulateMeeting(plaza, meetingId, { participants = [], record } = {}) {
  const c = control(plaza);
  const started = await c.ok('POST', `/meetings/${meetingId}/start`, undefined, 201);
  for (const p of participants) await c.ok('POST', `/meetings/${meetingId}/participants`, p, 201);
  const ended = await c.ok('POST', `/meetings/${meetingId}/end`, record === undefined ? undefined : { record }, 200);
  return { started, ended };
}
