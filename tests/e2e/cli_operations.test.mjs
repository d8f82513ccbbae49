// The `plaza` client's operational commands, run as a user runs them:
// event subscriptions, deliveries and their tail, simulated meetings, fault
// rules, installs and deauthorizations, an account's rate-limit setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import http from 'node:http';
import crypto from 'node:crypto';
import { startPlaza, createAccount, createApp, token, v2, installUser, control, onlyOneNode } from './lib/plaza.mjs';
import { verificationServer } from './lib/market.mjs';

const SECRET = 'cli-webhook-secret';
let plaza, receiver, hookUrl;
const received = [];

before(async () => {
  plaza = await startPlaza();
  // a receiver that answers endpoint.url_validation and records events
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const j = JSON.parse(body);
      if (j.event === 'endpoint.url_validation') {
        const enc = crypto.createHmac('sha256', SECRET).update(j.payload.plainToken).digest('hex');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ plainToken: j.payload.plainToken, encryptedToken: enc }));
        return;
      }
      received.push(j);
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
});
after(async () => {
  await new Promise((r) => receiver.close(r));
  await plaza.stop();
});

function cli(args) {
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env, timeout: 20000 }, (err, stdout, stderr) => {
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}
async function json(args) {
  const r = await cli(['--json', ...args]);
  assert.equal(r.code, 0, `plaza ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}
async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function s2sApp() {
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id, { type: 's2s', redirect_url: undefined,
                                               scopes: ['user:read:admin', 'meeting:read:admin', 'meeting:write:admin',
                                                                'recording:read:admin'] });
  const c = app.credentials.development;
  const t = (await token(plaza, c.client_id, c.client_secret, { grant_type: 'account_credentials', account_id: acc.id })).json;
  return { acc, app, tok: t.access_token };
}

test('subscriptions_create_validates_then_deliveries_and_tail_show_events', async () => {
  const { app, tok } = await s2sApp();
  const sub = await json(['subscription', 'create', app.id, '--endpoint', hookUrl, '--event', 'meeting.created',
                          '--secret-token', SECRET]);
  assert.equal(sub.url, hookUrl);
  await until(async () => (await json(['subscription', 'get', app.id, sub.id])).state === 'active', 'validation');
  const table = await cli(['subscription', 'list', app.id]);
  assert.match(table.stdout, /active/);

  // tail prints the delivery of a change made while it runs
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  const tail = spawn(process.env.PLAZA_BIN, ['delivery', 'tail', '--app', app.id], { env });
  let out = '';
  tail.stdout.on('data', (d) => { out += d; });
  try {
    await until(() => out.includes('following deliveries'), 'tail to start');
    const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'From the CLI test' });
    assert.equal(r.status, 201, r.text);
    await until(() => /meeting\.created\s+delivered/.test(out), 'the tail to show the delivery');
  } finally {
    tail.kill('SIGTERM');
  }
  const list = await json(['delivery', 'list', '--app', app.id, '--event', 'meeting.created']);
  const d = list.deliveries.at(-1);
  assert.equal(d.status, 'delivered');
  const one = await json(['delivery', 'get', String(d.id)]);
  assert.equal(one.attempt_log[0].status_code, 204);
  const again = await json(['delivery', 'redeliver', String(d.id)]);
  assert.notEqual(again.id, d.id);
  await until(async () => (await json(['delivery', 'get', String(again.id)])).status === 'delivered', 'redelivery');
});

test('meetings_start_join_end_drive_a_simulated_meeting', async () => {
  const { tok } = await s2sApp();
  const m = (await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Simulated' })).json;
  await json(['meeting', 'start', String(m.id)]);
  const p = await json(['meeting', 'join', String(m.id), '--name', 'Jill Chill', '--email', 'jill@example.test']);
  assert.equal(p.name, 'Jill Chill');
  const shown = await json(['meeting', 'show', String(m.id)]);
  assert.equal(shown.status, 'started');
  assert.equal(shown.participants.length, 1);
  const ended = await json(['meeting', 'end', String(m.id), '--record', 'true']);
  assert.equal(ended.recorded, true);
  assert.equal((await v2(plaza, tok, 'GET', `/meetings/${m.id}/recordings`)).status, 200);
});

test('faults_add_list_and_clear_change_what_the_api_answers', { skip: onlyOneNode }, async () => {
  const { tok } = await s2sApp();
  const rule = await json(['fault', 'add', '--path', '/v2/users/*', '--status', '503', '--code', '503',
                           '--message', 'Down for the test', '--count', '1']);
  assert.equal(rule.status, 503);
  assert.match((await cli(['fault', 'list'])).stdout, /\/v2\/users\/\*/);
  const r = await v2(plaza, tok, 'GET', '/users/me');
  assert.equal(r.status, 503);
  assert.deepEqual(r.json, { code: 503, message: 'Down for the test' });
  assert.equal((await v2(plaza, tok, 'GET', '/users/me')).status, 200);
  await json(['fault', 'add', '--path', '/v2/*', '--status', '500']);
  await cli(['fault', 'clear']);
  assert.equal((await json(['fault', 'list'])).faults.length, 0);
  const bad = await cli(['fault', 'add', '--path', '/v2/*', '--status', 'many']);
  assert.notEqual(bad.code, 0);
});

test('installs_remove_sends_app_deauthorized_and_opens_a_deauthorization', async () => {
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id, { scopes: ['user:read'] });
  await installUser(plaza, app, acc.owner.id);
  const list = await json(['install', 'list', '--app', app.id]);
  assert.equal(list.installs.length, 1);
  const r = await cli(['install', 'remove', String(list.installs[0].id)]);
  assert.equal(r.code, 0, r.stderr);
  const after = await json(['install', 'list', '--app', app.id]);
  assert.equal(after.installs[0].status, 'removed');
  const deauth = await json(['deauthorization', 'list', '--app', app.id]);
  assert.equal(deauth.deauthorizations[0].status, 'open');
});

test('accounts_update_turns_rate_limits_on_for_one_account', async () => {
  const { acc, tok } = await s2sApp();
  const a = await json(['account', 'update', acc.id, '--rate-limits', 'zoom']);
  assert.equal(a.rate_limits, 'zoom');
  const r = await v2(plaza, tok, 'GET', '/users/me');
  assert.ok(r.headers.get('x-ratelimit-category'), 'rate-limit headers once limits are on');
  const bad = await cli(['account', 'update', acc.id, '--rate-limits', 'sometimes']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /rate_limits/);
});

test('subscription_delete_prints_the_subscription_it_deleted', async () => {
  const { app } = await s2sApp();
  const sub = await json(['subscription', 'create', app.id, '--endpoint', hookUrl, '--event', 'meeting.created',
                          '--event', 'meeting.deleted', '--name', 'Gone soon', '--secret-token', SECRET]);
  const r = await cli(['subscription', 'delete', app.id, sub.id]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.split('\n');
  assert.equal(out[0], `Deleted subscription ${sub.id} of ${app.id}.`);
  assert.ok(out.includes(`url: ${hookUrl}`), r.stdout);
  assert.ok(out.includes('events: meeting.created, meeting.deleted'), r.stdout);
  assert.ok(out.includes('name: Gone soon'), r.stdout);
  assert.doesNotMatch(r.stdout, new RegExp(SECRET), 'secrets of a deleted subscription are not printed');
  assert.equal((await cli(['subscription', 'get', app.id, sub.id])).code, 1, 'it is gone');

  // --json: the object as it was; an unknown one is refused and nothing is deleted
  const other = await json(['subscription', 'create', app.id, '--endpoint', hookUrl, '--event', 'meeting.created',
                            '--secret-token', SECRET]);
  const j = await json(['subscription', 'delete', app.id, other.id]);
  assert.equal(j.id, other.id);
  assert.equal(j.url, hookUrl);
  const missing = await cli(['subscription', 'delete', app.id, other.id]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
});

test('verify_domains_exits_1_until_every_origin_serves_the_code', async () => {
  const acc = await createAccount(plaza);
  let content = 'not the code';
  const server = await verificationServer(() => content);
  try {
    const app = await createApp(plaza, acc.id, { redirect_url: `${server.origin}/callback`, scopes: ['user:read'] });
    const failed = await cli(['app', 'verify-domains', app.id]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, new RegExp(`${server.origin}.*false.*does not hold the verification code`));
    assert.match(failed.stderr, /^plaza: 1 of 1 origins are not verified$/m);
    const failedJson = await cli(['--json', 'app', 'verify-domains', app.id]);
    assert.equal(failedJson.code, 1, 'the exit status does not depend on --json');
    assert.equal(JSON.parse(failedJson.stdout).domains[0].verified, false);

    content = (await json(['app', 'domains', app.id])).verification_code;
    const done = await cli(['app', 'verify-domains', app.id]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, new RegExp(`${server.origin}.*true`));
    assert.equal(done.stderr, '');
  } finally {
    await server.close();
  }
});
