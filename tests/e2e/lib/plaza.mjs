// Starts the real plaza binary on a random loopback port with an in-memory
// store, and gives tests small helpers to talk to it as a client would.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import assert from 'node:assert/strict';

export const ADMIN_KEY = 'e2e-admin-key-0123456789';

export async function startPlaza({ args = [], env = {} } = {}) {
  const bin = process.env.PLAZA_BIN;
  if (!bin) throw new Error('PLAZA_BIN is not set (run through tests/e2e/run.sh)');
  const proc = spawn(bin, ['serve', '--listen', '127.0.0.1:0', '--db', ':memory:', '--admin-key', ADMIN_KEY,
                           '--threads', '2', '--log-level', 'warn', ...args],
                     { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plaza did not start:\n${stderr}`)), 15000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/plaza is serving on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`plaza exited (${code}):\n${stderr}`)); });
  });
  const plaza = {
    url, proc, adminKey: ADMIN_KEY,
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
