// Fault injection through /_plaza/faults: a rule {path, status, code,
// message, count} makes matching /v2 calls fail exactly `count` times in
// Zoom's error shape, then stops; delay_ms slows calls; rules can be scoped
// by method and account, listed, removed one by one or all at once; bad rule
// bodies are refused with problem+json.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  startPlaza, createAccount, control, userToken, advanceClock, token, assertProblem, assertZoomError, assertOAuthError, onlyOneNode } from './lib/plaza.mjs';
import { api, assertSpec } from './lib/openapi.mjs';

let plaza, c, acc, tok, other, otherTok;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  acc = await createAccount(plaza);
  tok = await userToken(plaza, acc.id, acc.owner.id, ['user:read', 'meeting:read', 'meeting:write']);
  other = await createAccount(plaza);
  otherTok = await userToken(plaza, other.id, other.owner.id, ['user:read']);
});
afterEach(async () => { await c.ok('DELETE', '/faults', undefined, 204); });
after(async () => { await plaza.stop(); });

const me = (t = tok) => api(plaza, t, 'GET', '/v2/users/{userId}', { userId: 'me' });

test('a_rule_fails_matching_calls_exactly_count_times_then_stops', { skip: onlyOneNode }, async () => {
  const rule = await c.ok('POST', '/faults', {
    path: '/v2/users/*', status: 503, code: 5003, message: 'Service is down for maintenance.', count: 2,
  }, 201);
  assert.ok(Number.isInteger(rule.id));
  assert.equal(rule.path, '/v2/users/*');
  assert.equal(rule.status, 503);
  assert.equal(rule.code, 5003);
  assert.equal(rule.message, 'Service is down for maintenance.');
  assert.equal(rule.count, 2);
  assert.equal(rule.hits, 0);
  assert.equal(rule.delay_ms, 0);
  assert.deepEqual((await c.ok('GET', '/faults')).faults.map((f) => f.id), [rule.id]);
  for (let i = 0; i < 2; i++) {
    const r = await me();
    assert.equal(r.status, 503, r.text);
    assert.deepEqual(r.json, { code: 5003, message: 'Service is down for maintenance.' });
    assert.match(r.headers.get('x-zm-trackingid') ?? '', /^v=2\.0;/);
  }
  assertSpec(await me(), 200);
  assertSpec(await me(), 200);
  assert.deepEqual((await c.ok('GET', '/faults')).faults, [], 'a spent rule is gone');
});

test('code_defaults_to_the_status_and_other_paths_are_untouched', { skip: onlyOneNode }, async () => {
  await c.ok('POST', '/faults', { path: '/v2/meetings/*', status: 500, count: 3 }, 201);
  assertSpec(await me(), 200);
  const r = await api(plaza, tok, 'GET', '/v2/meetings/{meetingId}', { meetingId: 1 });
  assertZoomError(r, 500, 500, 'Injected fault.');
  const list = (await c.ok('GET', '/faults')).faults;
  assert.equal(list[0].hits, 1);
  assert.equal(list[0].count, 2, 'count is what is left');
});

test('method_and_account_scope_a_rule', { skip: onlyOneNode }, async () => {
  await c.ok('POST', '/faults', { path: '/v2/users/*', method: 'post', status: 502, count: 5 }, 201);
  assertSpec(await me(), 200);
  const created = await api(plaza, tok, 'POST', '/v2/users/{userId}/meetings', { userId: 'me' }, { body: {} });
  assertZoomError(created, 502, 502);
  await c.ok('DELETE', '/faults', undefined, 204);
  await c.ok('POST', '/faults', { path: '/v2/*', account_id: other.id, status: 429, code: 429, message: 'Slow down.', count: 1 }, 201);
  assertSpec(await me(), 200);
  assertZoomError(await me(otherTok), 429, 429, 'Slow down.');
  assertSpec(await me(otherTok), 200);
});

test('the_first_matching_rule_wins_and_a_rule_can_be_removed', { skip: onlyOneNode }, async () => {
  const a = await c.ok('POST', '/faults', { path: '/v2/users/me', status: 500, code: 1, count: 100 }, 201);
  const b = await c.ok('POST', '/faults', { path: '/v2/users/*', status: 500, code: 2, count: 100 }, 201);
  assert.ok(b.id > a.id);
  assert.equal((await me()).json.code, 1);
  await c.ok('DELETE', `/faults/${a.id}`, undefined, 204);
  assert.equal((await me()).json.code, 2);
  await c.ok('DELETE', `/faults/${b.id}`, undefined, 204);
  assertSpec(await me(), 200);
  assertProblem(await c.call('DELETE', `/faults/${b.id}`), 404);
  assertProblem(await c.call('DELETE', '/faults/abc'), 404);
});

test('delete_all_clears_every_rule', { skip: onlyOneNode }, async () => {
  for (let i = 0; i < 3; i++) await c.ok('POST', '/faults', { path: '/v2/*', status: 500, count: 10 }, 201);
  assert.equal((await c.ok('GET', '/faults')).faults.length, 3);
  await c.ok('DELETE', '/faults', undefined, 204);
  assert.deepEqual((await c.ok('GET', '/faults')).faults, []);
  assertSpec(await me(), 200);
});

test('delay_ms_slows_a_call_that_then_succeeds_or_fails', { skip: onlyOneNode }, async () => {
  await c.ok('POST', '/faults', { path: '/v2/users/*', delay_ms: 300, count: 1 }, 201);
  let t0 = Date.now();
  const slow = await me();
  assert.ok(Date.now() - t0 >= 300, `took ${Date.now() - t0} ms`);
  assertSpec(slow, 200);
  await c.ok('POST', '/faults', { path: '/v2/users/*', delay_ms: 200, status: 504, message: 'Gateway timeout.', count: 1 }, 201);
  t0 = Date.now();
  const failed = await me();
  assert.ok(Date.now() - t0 >= 200, `took ${Date.now() - t0} ms`);
  assertZoomError(failed, 504, 504, 'Gateway timeout.');
});

test('ttl_seconds_keeps_a_rule_until_it_expires', { skip: onlyOneNode }, async () => {
  await c.ok('POST', '/faults', { path: '/v2/users/*', status: 500, ttl_seconds: 60 }, 201);
  for (let i = 0; i < 3; i++) assertZoomError(await me(), 500);
  await advanceClock(plaza, 61);
  assertSpec(await me(), 200);
  assert.deepEqual((await c.ok('GET', '/faults')).faults, []);
});

test('oauth_calls_fail_in_the_oauth_shape_and_control_calls_never', { skip: onlyOneNode }, async () => {
  await c.ok('POST', '/faults', { path: '/oauth/token', status: 503, message: 'Token service unavailable.', count: 1 }, 201);
  const r = await token(plaza, 'x', 'y', { grant_type: 'client_credentials' });
  assertOAuthError(r, 503, 'Token service unavailable.', 'server_error');
  await c.ok('POST', '/faults', { path: '/_plaza/*', status: 500, count: 1 }, 201);
  assert.equal((await c.call('GET', '/clock')).status, 200);
});

test('bad_rule_bodies_are_refused_with_problem_json', { skip: onlyOneNode }, async () => {
  const bad = async (body, field) => assertProblem(await c.call('POST', '/faults', body), 400, field);
  await bad({}, 'path');
  await bad({ path: 'v2/users', status: 500 }, 'path');
  await bad({ path: 42, status: 500 }, 'path');
  await bad({ path: '/v2/*' }, 'status');
  await bad({ path: '/v2/*', status: 200 }, 'status');
  await bad({ path: '/v2/*', status: 600 }, 'status');
  await bad({ path: '/v2/*', status: '500' }, 'status');
  await bad({ path: '/v2/*', status: 500, count: 0 }, 'count');
  await bad({ path: '/v2/*', status: 500, count: 1.5 }, 'count');
  await bad({ path: '/v2/*', delay_ms: -1 }, 'delay_ms');
  await bad({ path: '/v2/*', status: 500, ttl_seconds: 0 }, 'ttl_seconds');
  await bad({ path: '/v2/*', status: 500, message: 7 }, 'message');
  await bad({ path: '/v2/*', status: 500, colour: 'red' }, 'colour');
  const notJson = await c.call('POST', '/faults', undefined);
  assertProblem(notJson, 400);
  assert.deepEqual((await c.ok('GET', '/faults')).faults, [], 'nothing was added');
  // the control API wants its key
  const r = await fetch(`${plaza.url}/_plaza/faults`, { method: 'POST', body: '{"path":"/v2/*","status":500}' });
  assert.equal(r.status, 401);
});
