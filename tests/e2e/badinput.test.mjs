// Hostile and broken input on every surface: malformed forms and JSON,
// non-UTF-8 bytes, doubled parameters, unknown routes and methods, wrong
// content types, oversized bodies, bad Basic headers, huge headers. Each is
// answered in its surface's error shape (Zoom OAuth {reason,error}, Zoom REST
// {code,message}, problem+json), and afterwards the server is still healthy
// and stops cleanly (no sanitizer report).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, request, control, createAccount, createApp, basic, v2, installUser, rawRequest, assertOAuthError,
  assertZoomError, assertProblem,
} from './lib/plaza.mjs';

let plaza, acc, app, bot, access;
const FORM = 'application/x-www-form-urlencoded';

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  bot = await createApp(plaza, acc.id, { type: 'chatbot' });
  access = (await installUser(plaza, app, acc.owner.id)).access_token;
});
after(async () => {
  const h = await request(plaza, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json, { status: 'ok' });
  await plaza.stop();
});

const admin = () => ({ authorization: `Bearer ${plaza.adminKey}` });
const botAuth = () => ({ authorization: basic(bot.credentials.development.client_id, bot.credentials.development.client_secret) });
const tokenRaw = (raw, headers = {}) => request(plaza, 'POST', '/oauth/token', { raw, headers: { 'content-type': FORM, ...botAuth(), ...headers } });
const controlRaw = (method, path, raw, headers = {}) =>
  request(plaza, method, `/_plaza${path}`, { raw, headers: { 'content-type': 'application/json', ...admin(), ...headers } });

// Bytes over a raw connection, for what fetch would re-encode.
async function rawPost(path, contentType, body, extraHeaders = '') {
  const head = `POST ${path} HTTP/1.1\r\nHost: plaza\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n${extraHeaders}Connection: close\r\n\r\n`;
  const r = await rawRequest(plaza, Buffer.concat([Buffer.from(head, 'latin1'), body]));
  let json;
  try { json = JSON.parse(r.body); } catch { json = undefined; }
  return { ...r, json };
}

test('the_control_case_works_so_refusals_below_mean_something', async () => {
  const r = await tokenRaw('grant_type=client_credentials');
  assert.equal(r.status, 200, r.text);
  const charset = await tokenRaw('grant_type=client_credentials', { 'content-type': `${FORM}; charset=UTF-8` });
  assert.equal(charset.status, 200, charset.text);
});

test('malformed_percent_escapes_are_refused_in_each_surfaces_shape', async () => {
  for (const body of ['grant_type=client_credentials&x=%zz', 'grant_type=client_credentials&x=%', 'grant_type=client_credentials&x=%4',
                      'grant_type=client_%credentials', '%=1&grant_type=client_credentials']) {
    assertOAuthError(await tokenRaw(body), 400);
  }
  assertOAuthError(await request(plaza, 'POST', '/oauth/token?grant_type=%G1', { headers: botAuth() }), 400);
  assertZoomError(await v2(plaza, access, 'GET', '/users/me?x=%zz'), 400);
  assertProblem(await request(plaza, 'GET', '/_plaza/accounts?page_size=%2', { headers: admin() }), 400);
});

test('malformed_authorize_query_gets_the_html_error_page', async () => {
  const r = await request(plaza, 'GET', `/oauth/authorize?response_type=code&client_id=%zz`);
  assert.equal(r.status, 400);
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(r.headers.get('location'), null);
});

test('non_utf8_and_nul_bytes_in_forms_are_refused', async () => {
  for (const body of ['grant_type=client_credentials&client_id=%FF%FE', 'grant_type=client_credentials%00',
                      'grant_type=client_credentials&x=%C3%28', 'grant_type=client_credentials&x=%ED%A0%80']) {
    assertOAuthError(await tokenRaw(body), 400);
  }
  const raw = await rawPost('/oauth/token', FORM, Buffer.from([...Buffer.from('grant_type=client_credentials&x='), 0xff, 0xfe]),
                            `Authorization: ${botAuth().authorization}\r\n`);
  assert.equal(raw.status, 400, raw.text);
  assert.deepEqual(Object.keys(raw.json), ['reason', 'error']);
  assertOAuthError(await request(plaza, 'POST', '/oauth/token?grant_type=client_credentials&x=%FF', { headers: botAuth() }), 400);
  assertZoomError(await v2(plaza, access, 'GET', '/users/me?x=%FF'), 400);
});

test('non_utf8_and_nul_in_json_are_refused', async () => {
  const owner = { email: `nul-${process.pid}@example.test`, password: 'owner-password-1' };
  const bad = await rawPost('/_plaza/accounts', 'application/json',
                            Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from(`","owner":${JSON.stringify(owner)}}`)]),
                            `Authorization: Bearer ${plaza.adminKey}\r\n`);
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json?.status, 400);
  for (const raw of [`{"name":"a\\u0000b","owner":${JSON.stringify(owner)}}`, `{"name":"\\ud800","owner":${JSON.stringify(owner)}}`,
                     `{"name":"a","name":"b","owner":${JSON.stringify(owner)}}`]) {
    assertProblem(await controlRaw('POST', '/accounts', raw), 400);
  }
  const compliance = await rawPost('/oauth/data/compliance', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
                                   `Authorization: ${botAuth().authorization}\r\n`);
  assert.equal(compliance.status, 400, compliance.text);
  assert.deepEqual(Object.keys(compliance.json), ['reason', 'error']);
});

test('doubled_parameters_are_refused', async () => {
  assertOAuthError(await tokenRaw('grant_type=client_credentials&grant_type=client_credentials'), 400, /grant_type/, 'invalid_request');
  assertOAuthError(await tokenRaw('grant_type=client_credentials&grant_type=refresh_token'), 400, /grant_type/);
  const both = await request(plaza, 'POST', '/oauth/token?grant_type=client_credentials',
                             { raw: 'grant_type=client_credentials', headers: { 'content-type': FORM, ...botAuth() } });
  assertOAuthError(both, 400, /grant_type/);
  const c = bot.credentials.development;
  assertOAuthError(await tokenRaw(`grant_type=client_credentials&client_id=${c.client_id}&client_id=${c.client_id}`, { authorization: '' }), 400);
  assertOAuthError(await request(plaza, 'POST', `/oauth/revoke?token=a&token=b`, { headers: botAuth() }), 400);
  assertProblem(await request(plaza, 'GET', '/_plaza/accounts?page_size=1&page_size=2', { headers: admin() }), 400);
});

test('unknown_routes_answer_in_their_surfaces_shape', async () => {
  for (const path of ['/v2/nope', '/v2', '/v2/groups', '/v2/users/', '/v2/users/me/nope', `/v2/${'a/'.repeat(40)}`]) {
    const r = await v2(plaza, access, 'GET', path.slice(3));
    assertZoomError(r, 404);
  }
  const ctl = await request(plaza, 'GET', '/_plaza/nope', { headers: admin() });
  assertProblem(ctl, 404);
  for (const path of ['/oauth/nope', '/oauth/token/extra']) {
    const r = await request(plaza, 'POST', path);
    assertOAuthError(r, 404);
  }
  const plain = await request(plaza, 'GET', '/nope');
  assert.equal(plain.status, 404);
  assert.equal((await request(plaza, 'GET', '/v2/users/%00', { headers: { authorization: `Bearer ${access}` } })).status, 404);
});

test('wrong_methods_are_405_in_their_surfaces_shape', async () => {
  assertOAuthError(await request(plaza, 'GET', '/oauth/token'), 405);
  assertOAuthError(await request(plaza, 'PUT', '/oauth/revoke'), 405);
  assertZoomError(await v2(plaza, access, 'DELETE', '/users/me'), 405);
  assertProblem(await request(plaza, 'PUT', '/_plaza/accounts', { headers: admin() }), 405);
  assertProblem(await request(plaza, 'POST', '/_plaza/clock/x', { headers: admin() }), 404);
  assert.equal((await request(plaza, 'POST', '/healthz')).status, 405);
});

test('405_answers_carry_an_allow_header', async () => {
  const r = await request(plaza, 'GET', '/oauth/token');
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow') ?? '', /POST/);
  const r2 = await request(plaza, 'PUT', '/_plaza/accounts', { headers: admin() });
  assert.match(r2.headers.get('allow') ?? '', /GET/);
  assert.match(r2.headers.get('allow') ?? '', /POST/);
});

test('wrong_content_types_are_refused_in_the_right_shape', async () => {
  for (const ct of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
    const r = await tokenRaw(ct === 'application/json' ? '{"grant_type":"client_credentials"}' : 'grant_type=client_credentials', { 'content-type': ct });
    assert.ok([400, 415].includes(r.status), `${ct}: ${r.status}`);
    assert.deepEqual(Object.keys(r.json), ['reason', 'error']);
  }
  const owner = { email: `ct-${process.pid}@example.test`, password: 'owner-password-1' };
  for (const ct of ['text/plain', FORM, 'application/jsonx']) {
    const r = await controlRaw('POST', '/accounts', JSON.stringify({ name: 'CT', owner }), { 'content-type': ct });
    assert.ok([400, 415].includes(r.status), `${ct}: ${r.status}`);
    assertProblem(r, r.status);
  }
  const ok = await controlRaw('POST', '/accounts', JSON.stringify({ name: 'CT', owner }), { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(ok.status, 201, ok.text);
});

test('json_that_is_not_an_object_is_refused', async () => {
  for (const raw of ['[]', '"account"', '42', 'null', 'true', '', '{', '{"name":}', '{} {}', "{'name':'x'}"]) {
    const r = await controlRaw('POST', '/accounts', raw);
    assertProblem(r, 400);
  }
  for (const raw of ['[]', '42', 'null']) {
    assertOAuthError(await request(plaza, 'POST', '/oauth/data/compliance', { raw, headers: { 'content-type': 'application/json', ...botAuth() } }), 400);
  }
});

test('deeply_nested_json_is_refused', async () => {
  const nest = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const deep = await controlRaw('POST', '/accounts', nest(17));
  assertProblem(deep, 400);
  assert.match(deep.json.detail, /deeper|nest/i);
  // at the limit the body parses and is judged on its fields
  const atLimit = await controlRaw('POST', '/accounts', nest(16));
  assertProblem(atLimit, 400, 'a');
  for (const raw of [nest(5000), '['.repeat(100000) + ']'.repeat(100000).slice(0, 10)]) {
    assert.ok(raw.length < 65536 * 4);
    const r = await controlRaw('POST', '/accounts', raw.length > 65536 ? raw.slice(0, 65000) : raw);
    assertProblem(r, 400);
  }
  const arrays = await controlRaw('POST', '/apps', `{"scopes":${'['.repeat(20)}${']'.repeat(20)}}`);
  assertProblem(arrays, 400);
});

test('bodies_over_their_route_bound_are_413_in_the_right_shape', async () => {
  const big = 'x'.repeat(70 * 1024);
  const ctl = await controlRaw('POST', '/accounts', JSON.stringify({ name: big }));
  assertProblem(ctl, 413);
  const tok = await tokenRaw(`grant_type=client_credentials&pad=${big}`);
  assertOAuthError(tok, 413);
  const rev = await request(plaza, 'POST', '/oauth/revoke', { raw: `token=${big}`, headers: { 'content-type': FORM, ...botAuth() } });
  assertOAuthError(rev, 413);
  const comp = await request(plaza, 'POST', '/oauth/data/compliance', { raw: JSON.stringify({ pad: big }), headers: { 'content-type': 'application/json', ...botAuth() } });
  assertOAuthError(comp, 413);
  const api = await request(plaza, 'PATCH', '/v2/users/me', { raw: JSON.stringify({ pad: big }), headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` } });
  assert.ok([405, 413].includes(api.status), `${api.status}`);
  assert.ok(Number.isInteger(api.json?.code), api.text);
  // exactly at the limit is not "too large": 16 KiB for the OAuth forms, 64 KiB for JSON
  const atLimit = await tokenRaw(`grant_type=client_credentials&pad=${'y'.repeat(16384 - 'grant_type=client_credentials&pad='.length)}`);
  assert.equal(atLimit.status, 200, atLimit.text.slice(0, 200));
  assertOAuthError(await tokenRaw(`grant_type=client_credentials&pad=${'y'.repeat(16385 - 'grant_type=client_credentials&pad='.length)}`), 413,
                   'Request body is larger than 16384 bytes.', 'invalid_request');
  const ctlAt = await controlRaw('POST', '/accounts', JSON.stringify({ name: 'y'.repeat(65536 - '{"name":""}'.length) }));
  assertProblem(ctlAt, 400); /* read and judged: the name is too long, not the body */
});

test('too_many_parameters_are_refused', async () => {
  const many = Array.from({ length: 65 }, (_, i) => `p${i}=1`).join('&');
  const r = await tokenRaw(`grant_type=client_credentials&${many}`);
  assert.ok([400, 413].includes(r.status), `${r.status}`);
  assert.deepEqual(Object.keys(r.json), ['reason', 'error']);
  assertZoomError(await v2(plaza, access, 'GET', `/users/me?${many}`), 400);
});

test('bad_basic_headers_are_invalid_client', async () => {
  const c = bot.credentials.development;
  const b64 = (s) => Buffer.from(s, 'latin1').toString('base64');
  const headers = [
    'Basic !!!not-base64***', `Basic ${b64(`${c.client_id}${c.client_secret}`)}`, 'Basic ', 'Basic',
    `Basic ${b64(`${c.client_id}:${c.client_secret}`).replace(/=+$/, '')}x`, `Basic ${b64(`a:${'b'.repeat(3000)}`)}`,
    `Basic ${b64(`${'a'.repeat(300)}:x`)}`, `Basic ${b64(`${c.client_id}:\xff\xfe`)}`, `Basic ${b64(`\x00:${c.client_secret}`)}`,
    `Basic ${b64(`:${c.client_secret}`)}`, `Basic ${b64(`${c.client_id}:`)}`,
  ];
  for (const authorization of headers) {
    const r = await request(plaza, 'POST', '/oauth/token?grant_type=client_credentials', { headers: { authorization } });
    assert.equal(r.status, 400, `${authorization.slice(0, 40)}: ${r.text}`);
    assert.deepEqual(r.json, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' }, authorization.slice(0, 40));
  }
  // the scheme name is case-insensitive
  const lower = await request(plaza, 'POST', '/oauth/token?grant_type=client_credentials',
                              { headers: { authorization: `basic ${b64(`${c.client_id}:${c.client_secret}`)}` } });
  assert.equal(lower.status, 200, lower.text);
});

test('bad_bearer_headers_are_401_code_124', async () => {
  for (const authorization of ['Bearer', 'Bearer ', `Bearer ${'x'.repeat(10000)}`, `Bearer ${access} ${access}`, `Token ${access}`, `Bearer\t${access}x`]) {
    const r = await request(plaza, 'GET', '/v2/users/me', { headers: { authorization } });
    assertZoomError(r, 401, 124);
  }
  assert.equal((await request(plaza, 'GET', '/v2/users/me', { headers: { authorization: `bearer ${access}` } })).status, 200);
});

test('huge_or_many_headers_do_not_hurt_the_server', async () => {
  const big = await rawRequest(plaza, `GET /healthz HTTP/1.1\r\nHost: plaza\r\nX-Big: ${'y'.repeat(1024 * 1024)}\r\nConnection: close\r\n\r\n`);
  assert.ok(big.status === 0 || big.status === 200 || big.status >= 400, `${big.status}`);
  const lines = Array.from({ length: 500 }, (_, i) => `X-H${i}: v\r\n`).join('');
  const many = await rawRequest(plaza, `GET /healthz HTTP/1.1\r\nHost: plaza\r\n${lines}Connection: close\r\n\r\n`);
  assert.ok(many.status === 0 || many.status === 200 || many.status >= 400, `${many.status}`);
  const cookie = await request(plaza, 'GET', `/oauth/authorize?response_type=code&client_id=${app.credentials.development.client_id}`,
                               { headers: { cookie: `plaza_session=${'z'.repeat(8000)}; plaza_csrf=${'%'.repeat(100)}; ;;=;` } });
  assert.equal(cookie.status, 200, 'a junk cookie is no session: the sign-in page');
  const garbage = await rawRequest(plaza, 'GARBAGE\r\n\r\n');
  assert.ok(garbage.status === 0 || garbage.status >= 400);
  const smuggle = await rawRequest(plaza, 'POST /oauth/token HTTP/1.1\r\nHost: plaza\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n');
  assert.ok(smuggle.status === 0 || smuggle.status >= 400);
  assert.equal((await request(plaza, 'GET', '/healthz')).status, 200);
});

test('many_concurrent_bad_requests_leave_the_server_healthy', async () => {
  const jobs = [];
  for (let i = 0; i < 40; i++) {
    jobs.push(tokenRaw(`grant_type=client_credentials&x=%z${i}`));
    jobs.push(controlRaw('POST', '/accounts', '{"name":'));
    jobs.push(v2(plaza, `garbage-${i}`, 'GET', '/users/me'));
  }
  const rs = await Promise.all(jobs);
  for (const r of rs) assert.ok(r.status >= 400 && r.status < 500, `${r.status} ${r.text}`);
  assert.equal((await request(plaza, 'GET', '/healthz')).status, 200);
  assert.equal((await v2(plaza, access, 'GET', '/users/me')).status, 200);
});
