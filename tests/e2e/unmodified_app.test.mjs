// An unmodified app with https://zoom.us and https://api.zoom.us written in it
// (fixtures/zoom-app/app.mjs, plain fetch) runs its OAuth code flow, a token
// refresh, GET /v2/users/me and a meeting create against plaza, configured
// only from outside as a user would: plaza's CA in NODE_EXTRA_CA_CERTS, and
// either name resolution (Zoom's names to 127.0.0.1, plaza on 443) or
// HTTPS_PROXY pointing at plaza's proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlaza, createAccount, createUser, createApp, consent } from './lib/plaza.mjs';
import { caPem, curl } from './lib/tls.mjs';

const appDir = fileURLToPath(new URL('fixtures/zoom-app/', import.meta.url));
let plaza, dir, caFile, acct, user, zoomPort;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plaza-app-'));
  // Zoom's URLs mean port 443: plaza listens there when this machine lets it
  // (root, or CAP_NET_BIND_SERVICE); otherwise the resolver preload also maps
  // the port, as curl's --connect-to would
  // (only a port in use or not allowed falls back: any other failure is plaza's and fails here)
  try {
    plaza = await startPlaza({ args: ['--tls-listen', '127.0.0.1:443', '--proxy-listen', '127.0.0.1:0'] });
  } catch (err) {
    if (!/cannot listen on 127\.0\.0\.1:443: (Address already in use|Permission denied)/.test(err.message)) throw err;
    plaza = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0', '--proxy-listen', '127.0.0.1:0'] });
  }
  zoomPort = plaza.tlsPort === 443 ? 0 : plaza.tlsPort;
  caFile = join(dir, 'plaza-ca.pem');
  writeFileSync(caFile, await caPem(plaza));
  acct = await createAccount(plaza);
  user = await createUser(plaza, acct.id);
});

after(async () => {
  await plaza.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

// Starts the app with `preload` and env, installs it as `user` and returns what the app answered.
async function runApp(preload, env) {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/zoom/callback`;
  const app = await createApp(plaza, acct.id, { redirect_url: redirect, scopes: ['user:read', 'meeting:write'] });
  const dev = app.credentials.development;
  const proc = spawn(process.execPath, ['--import', join(appDir, preload), join(appDir, 'app.mjs')], {
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: caFile, ZOOM_CLIENT_ID: dev.client_id,
      ZOOM_CLIENT_SECRET: dev.client_secret, ZOOM_REDIRECT_URL: redirect, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // kept from the start: an app that dies early must not leave the test waiting for an exit already past
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  try {
    const authorize = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not start: ${err}`)), 15000);
      proc.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) { clearTimeout(timer); resolve(out.split('\n')[0]); }
      });
      proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the app exited (${code}): ${err}`)); });
    });
    assert.match(authorize, /^https:\/\/zoom\.us\/oauth\/authorize\?/, 'the app sends users to zoom.us');
    const c = await consent(plaza, user.id, authorize);
    assert.equal(c.status, 200, c.text);
    const back = await fetch(c.json.redirect_to); // the browser follows the redirect to the app
    const text = await back.text();
    assert.equal(back.status, 200, `the app's calls failed: ${text}\n${err}`);
    return JSON.parse(text);
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  }
}

function assertRan(r, apiUrl) {
  assert.equal(r.token.api_url, apiUrl);
  assert.equal(r.refreshed.api_url, apiUrl);
  assert.equal(r.me.id, user.id);
  assert.equal(r.me.email, user.email);
  assert.match(r.meeting.join_url, /^https:\/\/zoom\.us\/j\/\d+/);
}

test('the_app_runs_unchanged_by_name_resolution', async (t) => {
  if (zoomPort) t.diagnostic(`port 443 is not available here: Zoom's names map to 127.0.0.1:${zoomPort}`);
  const r = await runApp('resolve.mjs', zoomPort ? { ZOOM_PORT: String(zoomPort) } : {});
  assertRan(r, 'https://api.zoom.us'); // the app asked for zoom.us, port 443 as far as it knows
});

test('the_app_runs_unchanged_through_the_proxy', async () => {
  const proxy = `http://127.0.0.1:${plaza.proxyPort}`;
  const r = await runApp('proxy.mjs', { HTTPS_PROXY: proxy, NO_PROXY: '127.0.0.1' });
  assert.equal(r.token.api_url, 'https://api.zoom.us');
  assert.equal(r.me.id, user.id);
  assert.match(r.meeting.join_url, /^https:\/\/zoom\.us\/j\/\d+/);
  // what the app did not need, the proxy does not reach (a name that resolves nowhere:
  // were the proxy to relay, nothing would still leave this machine)
  const elsewhere = await curl(['https://registry.example.invalid/'], { proxy, ca: caFile });
  assert.notEqual(elsewhere.code, 0);
  assert.match(elsewhere.stderr, /403/);
});

test('curl_reaches_zooms_hostnames_at_443_by_resolve_and_through_the_proxy', async () => {
  const app = await createApp(plaza, acct.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin'] });
  const dev = app.credentials.development;
  const args = ['-X', 'POST', '-u', `${dev.client_id}:${dev.client_secret}`,
    `https://zoom.us${zoomPort ? `:${zoomPort}` : ''}/oauth/token?grant_type=account_credentials&account_id=${acct.id}`];
  const byName = await curl(args, { port: zoomPort || 443, ca: caFile });
  assert.equal(byName.status, 200, byName.body + byName.stderr);
  const viaProxy = await curl(args.slice(0, -1).concat(`https://zoom.us/oauth/token?grant_type=account_credentials&account_id=${acct.id}`),
    { proxy: `http://127.0.0.1:${plaza.proxyPort}`, ca: caFile });
  assert.equal(viaProxy.status, 200, viaProxy.body + viaProxy.stderr);
  assert.equal(viaProxy.json.api_url, 'https://api.zoom.us');
});
