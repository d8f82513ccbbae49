// Zoom's hostnames divide the work (zoom.us: OAuth and the pages plaza writes
// URLs for; api.zoom.us: /v2; marketplace.zoom.us: nothing (the portal is at plaza's own address); never the
// control API), on every listener, and the URLs plaza writes follow the host
// the request came to. Plain HTTP with a Host header reaches the same routing
// as HTTPS does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startPlaza, createAccount, createUser, createApp, installUser, basic } from './lib/plaza.mjs';

let plaza, port, acct, s2s;

before(async () => {
  plaza = await startPlaza();
  port = Number(new URL(plaza.url).port);
  acct = await createAccount(plaza);
  s2s = await createApp(plaza, acct.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'meeting:read:admin', 'meeting:write:admin'] });
});
after(() => plaza.stop());

// A request with the given Host header (or none, as HTTP/1.0 may send).
function hosted(host, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (host !== null) h.host = host;
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, setHost: false, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function s2sToken(host) {
  const dev = s2s.credentials.development;
  return hosted(host, 'POST', `/oauth/token?grant_type=account_credentials&account_id=${acct.id}`,
    { headers: { authorization: basic(dev.client_id, dev.client_secret) } });
}

test('each_zoom_host_serves_its_own_paths_and_names_the_host_for_the_others', async () => {
  const rows = [
    // host, path, status, content type, what the body says
    ['api.zoom.us', '/v2/users/me', 401, /json/, /"code":124/],
    ['api.zoom.us', '/oauth/token', 404, /json/, /served at zoom\.us/],
    ['api.zoom.us', '/healthz', 404, /text\/plain/, /REST API \(\/v2\) only/],
    ['zoom.us', '/v2/users/me', 404, /json/, /"code":404,"message":"The REST API is served at api\.zoom\.us\."/],
    ['zoom.us', '/oauth/authorize', 400, null, null],
    ['zoom.us', '/p/nobody/x.png', 404, null, null],
    ['us05web.zoom.us', '/v2/users/me', 404, /json/, /api\.zoom\.us/],
    ['marketplace.zoom.us', '/', 404, /text\/plain/, /portal is served at \/marketplace on plaza's own address/],
    ['marketplace.zoom.us', '/v2/users/me', 404, /json/, /portal is served at \/marketplace/],
  ];
  for (const [host, path, status, type, body] of rows) {
    const r = await hosted(host, 'GET', path);
    assert.equal(r.status, status, `${host}${path}: ${r.text}`);
    if (type) assert.match(r.headers['content-type'] ?? '', type, `${host}${path}`);
    if (body) assert.match(r.text, body, `${host}${path}`);
  }
});

test('the_control_api_is_never_served_at_zooms_hostnames', async () => {
  for (const host of ['zoom.us', 'api.zoom.us', 'marketplace.zoom.us', 'x.zoom.us']) {
    const r = await hosted(host, 'GET', '/_plaza/accounts', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
    assert.equal(r.status, 404, host);
    assert.match(r.headers['content-type'], /problem\+json/);
    assert.match(r.json.detail, /not served at Zoom's hostnames: use http:\/\/127\.0\.0\.1:\d+\/_plaza/);
  }
  const mine = await hosted(`127.0.0.1:${port}`, 'GET', '/_plaza/accounts', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
  assert.equal(mine.status, 200, 'the plain origin serves everything as before');
});

test('host_headers_in_any_case_with_a_port_or_a_trailing_dot_and_bad_ones', async () => {
  for (const host of ['ZOOM.US', 'zoom.us.', 'Zoom.Us:8443', 'API.zoom.us.:443']) {
    const r = await hosted(host, 'GET', '/_plaza/accounts', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
    assert.equal(r.status, 404, `${host} is a Zoom host`);
  }
  // not Zoom's: served as the plain origin
  for (const host of [null, 'notzoom.us', 'zoom.us.evil.test', '[::1]:8080', 'example.test']) {
    const r = await hosted(host, 'GET', '/healthz');
    assert.equal(r.status, 200, `${host}: ${r.text}`);
  }
  // a Zoom name with a port that is not one is still Zoom's: no way to the control API under it
  for (const host of ['zoom.us:notaport', 'zoom.us:99999', 'api.zoom.us:', 'zoom.us:0']) {
    const r = await hosted(host, 'GET', '/_plaza/accounts', { headers: { authorization: `Bearer ${plaza.adminKey}` } });
    assert.equal(r.status, 404, `${host}: ${r.text}`);
  }
});

test('urls_plaza_writes_stay_on_the_host_the_request_came_to', async () => {
  const zoom = await s2sToken('zoom.us');
  assert.equal(zoom.status, 200, zoom.text);
  assert.equal(zoom.json.api_url, 'https://api.zoom.us');
  const ported = await s2sToken('zoom.us:8443');
  assert.equal(ported.json.api_url, 'https://api.zoom.us:8443');
  const plain = await s2sToken(`127.0.0.1:${port}`);
  assert.equal(plain.json.api_url, plaza.url, 'the public URL otherwise');

  const auth = { authorization: `Bearer ${zoom.json.access_token}`, 'content-type': 'application/json' };
  const m = await hosted('api.zoom.us', 'POST', '/v2/users/me/meetings', { headers: auth, body: JSON.stringify({ topic: 'hosts', type: 2 }) });
  assert.equal(m.status, 201, m.text);
  assert.match(m.json.join_url, /^https:\/\/zoom\.us\/j\/\d+/);
  assert.match(m.json.start_url, /^https:\/\/zoom\.us\/s\/\d+/);
  const me = await hosted('api.zoom.us', 'GET', '/v2/users/me', { headers: auth });
  assert.match(me.json.personal_meeting_url, /^https:\/\/zoom\.us\/j\//);
  // list items are stored rendered, with the origin put in per request
  const listZoom = await hosted('api.zoom.us:8443', 'GET', '/v2/users/me/meetings?page_size=300', { headers: auth });
  const item = listZoom.json.meetings.find((x) => x.id === m.json.id);
  assert.equal(item.join_url, m.json.join_url.replace('https://zoom.us/', 'https://zoom.us:8443/'));
  const listPlain = await hosted(`127.0.0.1:${port}`, 'GET', '/v2/users/me/meetings?page_size=300', { headers: auth });
  assert.ok(listPlain.json.meetings.find((x) => x.id === m.json.id).join_url.startsWith(`${plaza.url}/j/`));
  const viaPlain = await hosted(`127.0.0.1:${port}`, 'GET', `/v2/meetings/${m.json.id}`, { headers: auth });
  assert.equal(viaPlain.status, 200, viaPlain.text);
  assert.ok(viaPlain.json.start_url.startsWith(plaza.url), 'the same meeting read at the plain origin: its URLs');
});

test('the_oauth_flow_at_zoom_us_hands_out_api_zoom_us', async () => {
  const user = await createUser(plaza, acct.id);
  const app = await createApp(plaza, acct.id, { scopes: ['user:read'] });
  const dev = app.credentials.development;
  const page = await hosted('zoom.us', 'GET', `/oauth/authorize?response_type=code&client_id=${dev.client_id}&redirect_uri=${encodeURIComponent(app.redirect_url)}`);
  assert.equal(page.status, 200, 'the sign-in page is served at zoom.us');
  assert.match(page.headers['content-type'], /text\/html/);
  const t = await installUser(plaza, app, user.id);
  assert.equal(t.api_url, plaza.url);
});

test('with_zooms_hostnames_served_a_client_of_the_plain_origin_still_gets_the_public_url', async () => {
  const p = await startPlaza({ args: ['--tls-listen', '127.0.0.1:0'] });
  try {
    const a = await createAccount(p);
    const app = await createApp(p, a.id, { type: 's2s', redirect_url: undefined, scopes: ['user:read:admin', 'meeting:write:admin'] });
    const dev = app.credentials.development;
    const t = await fetch(`${p.url}/oauth/token?grant_type=account_credentials&account_id=${a.id}`,
      { method: 'POST', headers: { authorization: basic(dev.client_id, dev.client_secret) } }).then((r) => r.json());
    assert.equal(t.api_url, p.url, 'a client at plaza\'s own origin is not sent to api.zoom.us');
    const auth = { authorization: `Bearer ${t.access_token}`, 'content-type': 'application/json' };
    const me = await fetch(`${t.api_url}/v2/users/me`, { headers: auth }).then((r) => r.json());
    assert.ok(me.personal_meeting_url.startsWith(`${p.url}/j/`), me.personal_meeting_url);
    const m = await fetch(`${t.api_url}/v2/users/me/meetings`, { method: 'POST', headers: auth, body: JSON.stringify({ topic: 'plain', type: 2 }) })
      .then((r) => r.json());
    assert.ok(m.join_url.startsWith(`${p.url}/j/`), m.join_url);
    assert.ok(m.start_url.startsWith(`${p.url}/s/`), m.start_url);
  } finally {
    await p.stop();
  }
});
