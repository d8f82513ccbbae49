// The scope catalogue: GET /_plaza/scopes (search, filters, paging), unknown
// scopes refused with the names meant, every bad value named, and the CLI's
// `plaza scope list [SEARCH]` and --scope-description.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startPlaza, control, request, createAccount, createApp, assertProblem } from './lib/plaza.mjs';

let plaza, c;
before(async () => { plaza = await startPlaza(); c = control(plaza); });
after(async () => { await plaza.stop(); });

const guide = readFileSync(new URL('../../spec/app-scopes-guide.tsv', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));

async function all(query = '') {
  const out = [];
  let token = '';
  for (let pages = 0; pages < 200; pages++) {
    const sep = query ? '&' : '';
    const r = await c.ok('GET', `/scopes?${query}${sep}page_size=50${token ? `&next_page_token=${encodeURIComponent(token)}` : ''}`);
    out.push(...r.scopes);
    token = r.next_page_token;
    if (!token) return { scopes: out, total: r.total_records };
  }
  throw new Error('paging did not end');
}

function cli(args) {
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env, timeout: 20000 }, (err, stdout, stderr) => {
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

test('scopes_list_holds_every_scope_of_the_app_scopes_guide_with_its_description_and_level', async () => {
  const { scopes } = await all();
  const byName = new Map(scopes.map((s) => [s.scope, s]));
  assert.equal(guide.length, 35);
  for (const [level, name, description] of guide) {
    const s = byName.get(name);
    assert.ok(s, `${name} is listed`);
    assert.equal(s.description, description, name);
    assert.ok(s.sources.includes('app-scopes guide'), name);
    if (level === 'admin' && name !== 'imchat:bot') assert.equal(s.level, 'admin', name);
  }
  assert.equal(byName.get('scim2').level, 'admin');
  assert.equal(byName.get('imchat:bot').level, 'user');
  assert.equal(byName.get('user:read').level, 'user');
  assert.equal(byName.get('report:read:admin').accessible_apis, 'GET Reports APIs');
});

test('scopes_list_holds_the_openapi_files_classic_and_granular_scopes_with_their_operations', async () => {
  const { scopes } = await all();
  const byName = new Map(scopes.map((s) => [s.scope, s]));
  const spec = JSON.parse(readFileSync(new URL('../../spec/zoom-meeting-api.2023-10.json', import.meta.url), 'utf8'));
  let checked = 0;
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const ext = op.extensions ?? {};
      for (const [list, kind] of [['x-macro-scopes', null], ['x-granular-scopes', 'granular']]) {
        for (const joined of ext[list] ?? []) {
          for (const name of joined.split(',')) {
            const s = byName.get(name);
            assert.ok(s, `${name} (${method} ${path}) is listed`);
            if (kind) assert.equal(s.kind, kind, name);
            assert.ok(s.operations.some((o) => o.operation_id === op.operationId && o.method === method.toUpperCase()
              && o.path === `/v2${path}`), `${name} lists ${op.operationId}`);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 300);
  // scopes only the 2023-07 file names, in its descriptions
  assert.ok(byName.get('room:read:admin').sources.includes('zoom-meeting-api.2023-07.json'));
  assert.ok(byName.get('workspace:write').operations.length > 0);
  // granular scopes plaza serves from zoom-wire §2.5
  const list = byName.get('meeting:read:list_meetings');
  assert.equal(list.kind, 'granular');
  assert.ok(list.operations.some((o) => o.method === 'GET' && o.path === '/v2/users/{userId}/meetings'));
  for (const s of scopes) {
    assert.ok(s.description.length > 0, s.scope);
    assert.ok(['user', 'admin'].includes(s.level), s.scope);
    if (/:admin(:|$)/.test(s.scope)) assert.equal(s.level, 'admin', s.scope);
  }
});

test('scopes_list_pages_in_name_order_without_gaps_or_repeats', async () => {
  const { scopes, total } = await all();
  assert.equal(scopes.length, total);
  const names = scopes.map((s) => s.scope);
  assert.deepEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), names);
  assert.equal(new Set(names).size, names.length);
  const first = await c.ok('GET', '/scopes?page_size=3');
  assert.equal(first.scopes.length, 3);
  assert.equal(first.page_size, 3);
  assert.equal(first.next_page_token, first.scopes[2].scope);
  const second = await c.ok('GET', `/scopes?page_size=3&next_page_token=${encodeURIComponent(first.next_page_token)}`);
  assert.deepEqual(second.scopes.map((s) => s.scope), names.slice(3, 6));
});

test('scopes_search_finds_by_name_description_or_operation_and_filters_by_level_and_kind', async () => {
  const zak = await c.ok('GET', '/scopes?search=zak');
  const names = zak.scopes.map((s) => s.scope);
  for (const n of ['user_zak:read', 'user:read:zak', 'user:read:zak:admin']) assert.ok(names.includes(n), n);
  assert.equal(zak.total_records, names.length);
  const op = await c.ok('GET', '/scopes?search=meetingCreate');
  assert.ok(op.scopes.some((s) => s.scope === 'meeting:write:meeting'));
  const words = await c.ok('GET', `/scopes?search=${encodeURIComponent('SCIM2 api')}`);
  assert.deepEqual(words.scopes.map((s) => s.scope), ['scim2']);
  const none = await c.ok('GET', '/scopes?search=no-such-scope-anywhere');
  assert.deepEqual(none.scopes, []);
  assert.equal(none.total_records, 0);
  const adminGranular = await all('level=admin&kind=granular');
  assert.ok(adminGranular.scopes.length > 10);
  for (const s of adminGranular.scopes) assert.ok(s.level === 'admin' && s.kind === 'granular', s.scope);
  const user = await all('level=user');
  for (const s of user.scopes) assert.equal(s.level, 'user', s.scope);
});

test('scopes_list_refuses_bad_paging_filters_and_callers_without_the_admin_key', async () => {
  for (const [q, field] of [['page_size=0', 'page_size'], ['page_size=301', 'page_size'], ['page_size=x', 'page_size'],
    ['next_page_token=zzz-not-a-scope', 'next_page_token'], ['level=owner', 'level'], ['kind=modern', 'kind'],
    ['search=a&search=b', 'search'], [`search=${'x'.repeat(201)}`, 'search']]) {
    assertProblem(await c.call('GET', `/scopes?${q}`), 400, field);
  }
  const anon = await request(plaza, 'GET', '/_plaza/scopes');
  assert.equal(anon.status, 401);
});

test('app_create_refuses_unknown_scopes_naming_what_they_are_called_and_every_bad_value', async () => {
  const acc = await createAccount(plaza);
  const bad = ['zak', 'meeting:list', ...Array.from({ length: 12 }, (_, i) => `nonsense${i}:read`)];
  const r = await c.call('POST', '/apps', {
    account_id: acc.id, name: `Scopes ${process.pid}`, type: 'oauth', redirect_url: 'https://app.example.test/cb',
    scopes: ['meeting:read', ...bad],
  });
  assertProblem(r, 400);
  assert.equal(r.json.errors.length, bad.length, r.text);
  bad.forEach((s, i) => {
    const e = r.json.errors.find((x) => x.field === `scopes[${i + 1}]`);
    assert.ok(e, `scopes[${i + 1}] is named`);
    assert.match(e.message, new RegExp(`unknown scope '${s}'`));
  });
  assert.match(r.json.errors[0].message, /did you mean user_zak:read/);
  assert.match(r.json.errors[1].message, /did you mean meeting:read:list_meetings/);
  // nothing was stored: the same name is free
  const ok = await c.ok('POST', '/apps', {
    account_id: acc.id, name: `Scopes ${process.pid}`, type: 'oauth', redirect_url: 'https://app.example.test/cb',
    scopes: ['meeting:read', 'user_zak:read', 'meeting:read:list_meetings'],
  }, 201);
  assert.deepEqual(ok.scopes.map((s) => s.scope).sort(), ['meeting:read', 'meeting:read:list_meetings', 'user_zak:read']);
});

test('a_list_of_128_unknown_scopes_is_answered_with_128_complaints', async () => {
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id);
  const bad = Array.from({ length: 128 }, (_, i) => `made_up_${i}:read`);
  const r = await c.call('PATCH', `/apps/${app.id}`, { scopes: bad, redirect_url: 'ftp://nowhere' });
  assertProblem(r, 400, ['redirect_url', 'scopes[0]', 'scopes[127]']);
  assert.equal(r.json.errors.length, 129, 'every bad value is named');
});

test('app_update_refuses_unknown_scopes_and_keeps_the_scopes_it_had', async () => {
  const acc = await createAccount(plaza);
  const app = await createApp(plaza, acc.id);
  const r = await c.call('PATCH', `/apps/${app.id}`, { scopes: ['user:read', 'meeting:raed'] });
  assertProblem(r, 400, 'scopes[1]');
  assert.match(r.json.errors[0].message, /unknown scope 'meeting:raed'; did you mean meeting:read/);
  const now = await c.ok('GET', `/apps/${app.id}`);
  assert.deepEqual(now.scopes.map((s) => s.scope).sort(), ['meeting:read', 'user:read']);
});

test('cli_scopes_lists_and_searches_the_catalogue', async () => {
  const r = await cli(['scope', 'list', 'zak']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^SCOPE\s+LEVEL\s+KIND\s+DESCRIPTION/);
  assert.match(r.stdout, /user_zak:read\s+user\s+classic/);
  assert.match(r.stdout, /user:read:zak:admin\s+admin\s+granular/);
  const none = await cli(['scope', 'list', 'no-such-scope-anywhere']);
  assert.equal(none.code, 0);
  assert.match(none.stdout, /No scopes match\./);
  const paged = await cli(['scope', 'list', '--level', 'admin', '--page-size', '2']);
  assert.equal(paged.code, 0, paged.stderr);
  assert.match(paged.stdout, /next page: --next-page-token \S+/);
  const json = await cli(['--json', 'scope', 'list', 'scim2']);
  assert.equal(json.code, 0);
  assert.equal(JSON.parse(json.stdout).scopes[0].scope, 'scim2');
  const bad = await cli(['scope', 'list', '--level', 'owner']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /level: must be user or admin/);
});

test('cli_sets_scope_descriptions_and_shows_unknown_scope_suggestions', async () => {
  const acc = await createAccount(plaza);
  const name = `CLI scopes ${process.pid}`;
  const refused = await cli(['app', 'create', '--account', acc.id, '--name', name, '--type', 'oauth',
    '--redirect-url', 'https://app.example.test/cb', '--scope', 'zak']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /scopes\[0\]: unknown scope 'zak'; did you mean user_zak:read/);
  const made = await cli(['--json', 'app', 'create', '--account', acc.id, '--name', name, '--type', 'oauth',
    '--redirect-url', 'https://app.example.test/cb', '--scope', 'meeting:read', '--scope', 'user:read',
    '--scope-description', 'meeting:read=We read your meetings to send our bot to them']);
  assert.equal(made.code, 0, made.stderr);
  const app = JSON.parse(made.stdout);
  const why = (a, s) => a.scopes.find((x) => x.scope === s)?.description;
  assert.equal(why(app, 'meeting:read'), 'We read your meetings to send our bot to them');
  // alone on an update: the scopes stay, the description changes
  const upd = await cli(['--json', 'app', 'update', app.id, '--scope-description', 'user:read=To greet you by name']);
  assert.equal(upd.code, 0, upd.stderr);
  const after = await c.ok('GET', `/apps/${app.id}`);
  assert.deepEqual(after.scopes.map((s) => s.scope).sort(), ['meeting:read', 'user:read']);
  assert.equal(why(after, 'user:read'), 'To greet you by name');
  assert.equal(why(after, 'meeting:read'), 'We read your meetings to send our bot to them');
  const badArg = await cli(['app', 'update', app.id, '--scope-description', 'no-equals-sign']);
  assert.equal(badArg.code, 2);
  assert.match(badArg.stderr, /--scope-description takes SCOPE=WHY/);
});
