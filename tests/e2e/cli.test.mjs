// The `plaza` command-line client, run as a user runs it against a real
// server: human and --json output, the secret shown once, consent, the clock,
// the server's errors, usage errors and an unreachable server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { startPlaza, control } from './lib/plaza.mjs';

let plaza;
before(async () => { plaza = await startPlaza(); });
after(async () => { await plaza.stop(); });

// Runs the client; never throws on a non-zero exit. Settings come from the
// environment unless `env` overrides them.
function cli(args, { env = {} } = {}) {
  const base = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey, ...env };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env: base, timeout: 20000 }, (err, stdout, stderr) => {
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/, `sanitizer report from plaza ${args.join(' ')}`);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

async function ok(args, opts) {
  const r = await cli(args, opts);
  assert.equal(r.code, 0, `plaza ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

// `key: value` lines into an object (nested keys stay dotted).
function lines(stdout) {
  const out = {};
  for (const l of stdout.split('\n')) {
    const m = l.match(/^([\w.[\]]+): (.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

let seq = 0;
const tag = () => `${process.pid}-${++seq}`;

async function newAccount() {
  const t = tag();
  const r = await ok(['account', 'create', '--name', `CLI Account ${t}`, '--plan', 'pro',
                      '--owner-email', `owner-${t}@example.test`, '--owner-first-name', 'Olive',
                      '--owner-password', 'owner-password-1']);
  return { ...lines(r.stdout), email: `owner-${t}@example.test` };
}

async function newApp(accountId, extra = []) {
  const r = await ok(['--json', 'app', 'create', '--account', accountId, '--name', `CLI App ${tag()}`, '--type', 'oauth',
                      '--redirect-url', 'https://app.example.test/cb', '--scope', 'user:read', ...extra]);
  return JSON.parse(r.stdout);
}

test('accounts_create_prints_key_value_lines_and_get_json_matches', async () => {
  const t = tag();
  const r = await ok(['account', 'create', '--name', `Acme ${t}`, '--owner-email', `o-${t}@example.test`,
                      '--owner-first-name', 'Olive', '--owner-last-name', 'Owner']);
  const a = lines(r.stdout);
  assert.match(a.id, /^\S+$/);
  assert.equal(a.name, `Acme ${t}`);
  assert.equal(a['owner.email'], `o-${t}@example.test`);
  assert.equal(a['owner.role'], 'owner');

  // global flags after the command, settings from flags rather than the environment
  const g = await ok(['account', 'get', a.id, '--json', '--url', plaza.url, '--admin-key', plaza.adminKey],
                     { env: { PLAZA_URL: undefined, PLAZA_ADMIN_KEY: undefined } });
  const doc = JSON.parse(g.stdout);
  assert.equal(doc.id, a.id);
  assert.equal(doc.owner.email, `o-${t}@example.test`);

  const list = await ok(['account', 'list', '--page-size', '300']);
  assert.match(list.stdout, /^ID\s+NAME\s+PLAN\s+CREATED\n/);
  assert.ok(list.stdout.split('\n').some((l) => l.startsWith(a.id) && l.includes(`Acme ${t}`)), list.stdout);
});

test('users_create_and_list_print_an_aligned_table', async () => {
  const acct = await newAccount();
  const t = tag();
  const u = lines((await ok(['user', 'create', acct.id, '--email', `uma-${t}@example.test`, '--first-name', 'Uma',
                             '--last-name', 'User', '--role', 'member', '--type', 'basic', '--password', 'pw-123456789'])).stdout);
  assert.equal(u.email, `uma-${t}@example.test`);
  assert.equal(u.role, 'member');
  assert.equal(u.type, 'basic');

  const byEmail = JSON.parse((await ok(['user', 'get', `uma-${t}@example.test`, '--json'])).stdout);
  assert.equal(byEmail.id, u.id);

  const table = (await ok(['user', 'list', acct.id])).stdout.trimEnd().split('\n');
  assert.match(table[0], /^ID\s+EMAIL\s+NAME\s+ROLE\s+TYPE\s+STATUS$/);
  const col = table[0].indexOf('EMAIL');
  const rows = table.slice(1);
  assert.equal(rows.length, 2, table.join('\n'));
  for (const row of rows) assert.match(row.slice(col), /^\S+@example\.test /, 'EMAIL column aligned');
  assert.ok(rows.some((l) => l.includes(`uma-${t}@example.test`) && l.includes('Uma User')));
});

test('apps_create_shows_the_secret_once_with_a_note_and_json_is_one_document', async () => {
  const acct = await newAccount();
  const r = await ok(['app', 'create', '--account', acct.id, '--name', `Human App ${tag()}`, '--type', 'oauth',
                      '--redirect-url', 'https://app.example.test/cb', '--allow-list', 'https://app.example.test/two',
                      '--scope', 'user:read', '--scope', 'meeting:read', '--strict-mode', 'false']);
  const app = lines(r.stdout);
  assert.match(app['credentials.development.client_secret'], /^\S{20,}$/);
  assert.match(r.stdout, /shown only once/);
  assert.equal(app.strict_mode, 'false');
  assert.equal(app['oauth.development.allow_list'], 'https://app.example.test/two');

  const j = await newApp(acct.id, ['--scope', 'meeting:read']);
  assert.equal(j.type, 'oauth');
  assert.match(j.credentials.development.client_secret, /^\S{20,}$/);
  assert.deepEqual(j.scopes.map((s) => s.scope).sort(), ['meeting:read', 'user:read']);

  // reading it back never shows the secret
  const got = await ok(['app', 'get', j.id]);
  assert.doesNotMatch(got.stdout, /client_secret|shown only once/);
  assert.equal(lines(got.stdout)['credentials.development.client_id'], j.credentials.development.client_id);

  const listed = await ok(['app', 'list', '--account', acct.id]);
  assert.match(listed.stdout, /^ID\s+NAME\s+TYPE\s+MANAGEMENT\s+STATUS\s+ACCOUNT\n/);
  assert.equal(listed.stdout.trimEnd().split('\n').length, 3, listed.stdout);

  const upd = lines((await ok(['app', 'update', j.id, '--name', `Renamed ${tag()}`, '--scope', ''])).stdout);
  assert.match(upd.name, /^Renamed /);
  assert.equal(upd.scopes, '-');

  const del = await ok(['app', 'delete', j.id]);
  assert.match(del.stdout, new RegExp(`Deleted app ${j.id}`));
  assert.equal((await cli(['app', 'get', j.id])).code, 1);
});

test('rotate_secret_defaults_to_development_and_prints_the_new_secret_once', async () => {
  const acct = await newAccount();
  const app = await newApp(acct.id);
  const old = app.credentials.development.client_secret;

  const r = await ok(['app', 'rotate-secret', app.id]);
  const out = lines(r.stdout);
  assert.equal(out.environment, 'development');
  assert.equal(out.client_id, app.credentials.development.client_id);
  assert.match(out.client_secret, /^\S{20,}$/);
  assert.notEqual(out.client_secret, old);
  assert.match(r.stdout, /shown only once/);

  const j = JSON.parse((await ok(['--json', 'app', 'rotate-secret', app.id, 'development'])).stdout);
  assert.notEqual(j.client_secret, out.client_secret);
});

test('consent_prints_the_redirect_with_a_code_or_access_denied', async () => {
  const acct = await newAccount();
  const app = await newApp(acct.id);
  const url = `${app.credentials.development.authorize_url}&state=cli-state`;

  const r = await ok(['consent', '--user', acct.email, '--authorize-url', url]);
  const to = new URL(r.stdout.trim());
  assert.equal(`${to.origin}${to.pathname}`, 'https://app.example.test/cb');
  assert.match(to.searchParams.get('code'), /^\S+$/);
  assert.equal(to.searchParams.get('state'), 'cli-state');

  const d = await ok(['consent', '--user', acct.email, '--authorize-url', url, '--deny']);
  assert.equal(new URL(d.stdout.trim()).searchParams.get('error'), 'access_denied');

  const j = JSON.parse((await ok(['consent', '--json', '--user', acct['owner.id'], '--authorize-url', url])).stdout);
  assert.match(j.redirect_to, /[?&]code=/);
});

test('clock_advance_accepts_suffixes_and_moves_the_offset', async () => {
  const before0 = JSON.parse((await ok(['clock', '--json'])).stdout).offset_seconds;
  const h = lines((await ok(['clock', 'advance', '2h'])).stdout);
  assert.equal(Number(h.offset_seconds), before0 + 7200);
  await ok(['clock', 'advance', '90']);
  await ok(['clock', 'advance', '1d']);
  const now = lines((await ok(['clock'])).stdout);
  assert.equal(Number(now.offset_seconds), before0 + 7200 + 90 + 86400);
  assert.match(now.now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const zero = await cli(['clock', 'advance', '0s']);
  assert.equal(zero.code, 1, 'the server refuses a zero advance');
  assert.match(zero.stderr, /^plaza: .+\n {2}advance: /);
});

test('server_problem_prints_detail_and_field_errors_on_stderr_and_exits_1', async () => {
  const missing = await cli(['app', 'get', 'no-such-app']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  const direct = await control(plaza).call('GET', '/apps/no-such-app');
  assert.equal(direct.status, 404);
  assert.equal(missing.stderr, `plaza: ${direct.json.detail}\n`);

  // ids are base64url: one starting with '-' or '--' is an argument, not a flag
  for (const id of ['-_PiPAOyhT3c-TX9QUrdbw', '--PiPAOyhT3c-TX9QUrdbw']) {
    const r = await cli(['app', 'get', id]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^plaza: .*${id}`));
  }

  // a validation failure lists each field
  const acct = await newAccount();
  const bad = await cli(['app', 'create', '--account', acct.id, '--name', `No Redirect ${tag()}`, '--type', 'oauth']);
  assert.equal(bad.code, 1);
  const want = await control(plaza).call('POST', '/apps', { account_id: acct.id, name: `No Redirect ${tag()}`, type: 'oauth' });
  assert.equal(want.status, 400, want.text);
  assert.ok(want.json.errors.length > 0);
  assert.ok(bad.stderr.startsWith(`plaza: ${want.json.detail}\n`), bad.stderr);
  for (const e of want.json.errors) assert.ok(bad.stderr.includes(`\n  ${e.field}: ${e.message}\n`), bad.stderr);

  // without the admin key
  const noKey = await cli(['account', 'list'], { env: { PLAZA_ADMIN_KEY: undefined } });
  assert.equal(noKey.code, 1);
  assert.match(noKey.stderr, /admin key/);
});

test('usage_errors_print_usage_and_exit_2', async () => {
  for (const args of [['app', 'frobnicate'], ['nonsense'], [], ['account', 'get'], ['account', 'get', 'a', 'b'],
                      ['account', 'create', '--name', 'x'], ['clock', 'advance', '5x'], ['health', '--bogus'],
                      ['app', 'update', 'x', '--strict-mode', 'maybe'], ['--url', 'ftp://example.test', 'health']]) {
    const r = await cli(args);
    assert.equal(r.code, 2, `plaza ${args.join(' ')}: ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /usage/, `plaza ${args.join(' ')}`);
    assert.equal(r.stdout, '');
  }
  const help = await ok(['help']);
  for (const c of ['account create', 'user list', 'app rotate-secret', 'app checklist', 'consent', 'clock advance',
                   'health'])
    assert.ok(help.stdout.includes(`plaza ${c}`), c);
  assert.equal((await ok(['--help'])).stdout, help.stdout);
});

test('unreachable_server_names_the_url_and_exits_1', async () => {
  const srv = net.createServer();
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  const url = `http://127.0.0.1:${port}`;
  const r = await cli(['--url', url, 'health']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^plaza: cannot reach plaza at ${url.replace(/\./g, '\\.')}`));
  const h = await ok(['health']);
  assert.equal(h.stdout, 'ok\n');
});

test('plural_group_names_are_refused_with_the_singular_noun', async () => {
  const renamed = { accounts: 'account', users: 'user', apps: 'app', subscriptions: 'subscription',
                    deliveries: 'delivery', deauthorizations: 'deauthorization', installs: 'install',
                    meetings: 'meeting', faults: 'fault' };
  for (const [old, now] of Object.entries(renamed)) {
    for (const args of [[old], [old, 'list'], ['help', old], [old, '--help']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `plaza ${args.join(' ')}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`'${old}' is now '${now}'.*plaza ${now} --help`), r.stderr);
    }
    const group = await ok([now, '--help']);
    assert.match(group.stdout, new RegExp(`plaza ${now} `));
    assert.doesNotMatch(group.stdout, new RegExp(`plaza ${old} `));
  }
  // one group for apps: registration and the Marketplace lifecycle together
  const app = (await ok(['app', '--help'])).stdout;
  for (const verb of ['create', 'list', 'get', 'update', 'delete', 'rotate-secret', 'checklist', 'submit', 'publish'])
    assert.ok(app.includes(`plaza app ${verb}`), verb);
  assert.doesNotMatch((await ok(['help'])).stdout, /plaza apps /);
});

// The values the server accepts for an option, taken from its own validation
// message ("must be one of a, b or c"), so the help and the server cannot drift apart.
function allowedValues(message) {
  const tail = message.includes('one of ') ? message.slice(message.lastIndexOf('one of ') + 7)
    : message.includes(': ') ? message.slice(message.lastIndexOf(': ') + 2)
      : message.replace(/^must be /, '');
  return tail.replace(/[.)]$/, '').split(/,\s*|\s+or\s+/).map((v) => v.trim().split(' ')[0]).filter(Boolean);
}

test('help_lists_the_values_each_option_takes_as_the_server_does', async () => {
  const acct = await newAccount();
  const app = await newApp(acct.id);
  const cases = [
    { help: ['app', 'list'], bad: ['app', 'list', '--status', 'bogus'], field: 'status' },
    { help: ['app', 'create'], bad: ['app', 'create', '--account', acct.id, '--name', `T ${tag()}`, '--type', 'bogus'],
      field: 'type' },
    { help: ['app', 'create'], bad: ['app', 'create', '--account', acct.id, '--name', `M ${tag()}`, '--type', 'oauth',
      '--redirect-url', 'https://example.test/cb', '--management', 'bogus'], field: 'management' },
    { help: ['account', 'create'], bad: ['account', 'create', '--name', `P ${tag()}`, '--owner-email',
      `p-${tag()}@example.test`, '--plan', 'bogus'], field: 'plan' },
    { help: ['user', 'create'], bad: ['user', 'create', acct.id, '--email', `t-${tag()}@example.test`, '--type', 'bogus'],
      field: 'type' },
    { help: ['subscription', 'create'], bad: ['subscription', 'create', app.id, '--endpoint', 'http://127.0.0.1:9/h',
      '--event', 'meeting.created', '--env', 'bogus'], field: 'env' },
    { help: ['delivery', 'list'], bad: ['delivery', 'list', '--status', 'bogus'], field: 'status' },
    { help: ['deauthorization', 'list'], bad: ['deauthorization', 'list', '--status', 'bogus'], field: 'status' },
    { help: ['share', 'queue'], bad: ['share', 'queue', '--status', 'bogus'], field: 'status' },
    { help: ['app', 'publishable-url'], bad: ['app', 'publishable-url', app.id, '--new', '--environment', 'bogus'],
      field: 'environment' },
  ];
  for (const c of cases) {
    const bad = await cli(c.bad);
    assert.equal(bad.code, 1, `plaza ${c.bad.join(' ')}: ${bad.stderr}`);
    const line = bad.stderr.split('\n').find((l) => l.startsWith(`  ${c.field}: `));
    assert.ok(line, `the server names ${c.field}: ${bad.stderr}`);
    const values = allowedValues(line.slice(c.field.length + 4));
    assert.ok(values.length >= 2, `allowed values in '${line}'`);
    const help = (await ok([...c.help, '--help'])).stdout;
    for (const v of values) assert.ok(help.includes(v), `plaza ${c.help.join(' ')} --help lists ${v}\n${help}`);
  }
  // values the server checks later than the flags (sharing settings, review sections)
  const share = (await ok(['share', 'request', '--help'])).stdout;
  for (const v of ['internal', 'beta_customers', 'partners', 'single_customer']) assert.ok(share.includes(v), v);
  const reject = (await ok(['review', 'reject', '--help'])).stdout;
  for (const v of ['basic_information', 'app_listing', 'features', 'scopes', 'technical_design', 'submission'])
    assert.ok(reject.includes(v), v);
});
