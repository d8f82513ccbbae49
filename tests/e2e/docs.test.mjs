// The documentation against the binary: every `plaza …` command shown in
// README.md and docs/*.md exists (its group and its subcommand), every
// /_plaza, /v2 and /oauth route they mention is in the route table (with the
// method, when one is written), and docs/api-coverage.md is what `make docs`
// generates from the route table today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.PLAZA_BIN;
const docFiles = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const docs = docFiles.map((f) => ({ file: f, text: readFileSync(path.join(root, f), 'utf8') }));

function run(args, input) {
  return execFileSync(bin, args, { input, encoding: 'utf8', maxBuffer: 16 << 20 });
}

// `plaza help`: "  plaza GROUP [VERB] [SYNOPSIS]" lines; a verb is a lower-case word,
// a synopsis starts with a flag, a bracket or an upper-case placeholder.
function commandTable() {
  const groups = new Map(); // group -> { verbs: Set, bare: boolean }
  for (const line of run(['help']).split('\n')) {
    const m = line.match(/^ {2}plaza (\S+)(?: (\S+))?/);
    if (!m || m[1] === 'serve') continue;
    const g = groups.get(m[1]) ?? { verbs: new Set(), bare: false };
    if (m[2] && /^[a-z][a-z-]*$/.test(m[2])) g.verbs.add(m[2]);
    else g.bare = true;
    groups.set(m[1], g);
  }
  return groups;
}

// "METHOD PATH SURFACE" lines of `plaza routes`.
function routeTable() {
  return run(['routes']).trim().split('\n').map((l) => {
    const [method, pattern] = l.split(' ');
    return { method, segments: pattern.split('/').slice(1) };
  });
}

// Where each line sits: in which fenced block (and its language), under which heading.
function* lines(text) {
  let fence = null, heading = '';
  for (const [i, line] of text.split('\n').entries()) {
    const f = line.match(/^```(\w*)/);
    if (f) { fence = fence === null ? f[1] : null; continue; }
    if (fence === null && line.startsWith('#')) heading = line;
    yield { line, n: i + 1, fence, heading };
  }
}

// The command lines: in shell blocks where a command starts (line start, $(, &&, ;, |),
// in other blocks after a "$ " prompt, and in `inline code` that starts with plaza.
function commandsIn(doc) {
  const found = [];
  for (const { line, n, fence } of lines(doc.text)) {
    if (fence === 'sh') {
      const code = line.replace(/\s+#\s.*$/, '');
      for (const m of code.matchAll(/(?:^|\$\(|&&|;|\|)\s*((?:build\/)?plaza\s.*)$/g))
        found.push({ where: `${doc.file}:${n}`, cmd: m[1], runnable: true });
    } else if (fence !== null) {
      const m = line.match(/^\$ ((?:build\/)?plaza\s.*)$/);
      if (m) found.push({ where: `${doc.file}:${n}`, cmd: m[1], runnable: true });
    } else {
      for (const m of line.matchAll(/`((?:build\/)?plaza [^`]+)`/g))
        found.push({ where: `${doc.file}:${n}`, cmd: m[1], runnable: false });
    }
  }
  return found;
}

const placeholder = (t) => !t || t.startsWith('-') || t.startsWith('[') || t.startsWith('$') || t.startsWith('{') ||
  t.startsWith('<') || t.startsWith('"') || t.startsWith('…') || /^[A-Z0-9_]+(\.\.\.|…)?$/.test(t) || t === '...';

function checkCommand(groups, { where, cmd, runnable }) {
  // "\|" separates alternatives in a table cell; a bare "|", "&&", ";", ")", "&" or a redirection ends the command
  const tokens = cmd.replace(/\\\|/g, '¦').replace(/\s+&&.*$|\s*[|;)].*$|\s+&$|\s+\d?>.*$/, '').split(/\s+/).filter(Boolean);
  let i = 1;
  while (i < tokens.length && tokens[i].startsWith('--'))  // global flags before the group
    i += ['--url', '--admin-key'].includes(tokens[i]) ? 2 : 1;
  const group = tokens[i], word = tokens[i + 1];
  if (placeholder(group)) return null; // `plaza GROUP --help`, `plaza …`
  if (['serve', 'help'].includes(group)) return null;
  const g = groups.get(group);
  if (!g) return `${where}: \`${cmd}\`: no command group '${group}'`;
  const alts = (word ?? '').split('¦').map((a) => a.replace(/[…,.]+$/, '')).filter(Boolean);
  if (!alts.length || placeholder(alts[0])) {
    if (g.bare || (!runnable && (!word || /^(…|\.\.\.)$/.test(word)))) return null; // `plaza clock`; `plaza app …` in prose
    return `${where}: \`${cmd}\`: 'plaza ${group}' needs one of its commands`;
  }
  for (const verb of alts) {
    if (placeholder(verb)) continue;
    if (!g.verbs.has(verb)) return `${where}: \`${cmd}\`: no command 'plaza ${group} ${verb}'`;
  }
  return null;
}

test('every_documented_plaza_command_exists_in_the_binary', () => {
  const groups = commandTable();
  assert.ok(groups.get('app')?.verbs.has('create'), 'plaza help is readable');
  const cmds = docs.flatMap(commandsIn);
  assert.ok(cmds.length > 40, `commands found in the docs: ${cmds.length}`);
  const wrong = cmds.map((c) => checkCommand(groups, c)).filter(Boolean);
  assert.deepEqual(wrong, []);
  // one spelling in examples: `plaza`, on the PATH after `make install` (README, The CLI)
  assert.deepEqual(cmds.filter((c) => c.runnable && c.cmd.startsWith('build/')).map((c) => c.where), []);
});

test('the_command_checker_refuses_what_does_not_exist', () => {
  const groups = commandTable();
  const bad = ['plaza apps list', 'build/plaza app frobnicate ID', 'plaza delivery', 'plaza app checklist\\|frob ID'];
  for (const cmd of bad) assert.ok(checkCommand(groups, { where: 'x', cmd, runnable: true }), cmd);
  assert.ok(checkCommand(groups, { where: 'x', cmd: 'plaza delivery [--app ID]', runnable: false }), 'a table row');
  assert.equal(checkCommand(groups, { where: 'x', cmd: 'plaza app …', runnable: false }), null, 'prose');
  const good = ['plaza app list', 'plaza --json app get $APP', 'plaza clock', 'plaza clock advance 31d',
                'plaza GROUP --help', 'plaza subscription list\\|get\\|delete APP_ID [ID]', 'plaza serve --demo'];
  for (const cmd of good) assert.equal(checkCommand(groups, { where: 'x', cmd, runnable: true }), null, cmd);
});

// Routes written in the docs: an optional METHOD (or METHOD/METHOD) and a path
// under /_plaza/, /v2/ or /oauth/. "Not served yet" sections name what is not routed.
function routesIn(doc) {
  const found = [];
  // a path starts a word or follows $PLAZA_URL: not http://127.0.0.1:3000/oauth/callback, not src/oauth/grants.c
  const re = /(?:\b((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*)\s+)?(?<=^|[\s`'"(\[]|PLAZA_URL)(\/(?:_plaza|v2|oauth)\/[^\s`'"),|\\<>]+)/g;
  for (const { line, n, heading } of lines(doc.text)) {
    if (/not served/i.test(heading)) continue;
    // {development\|production} is one path parameter
    for (const m of line.replace(/\{[^}\s`]*\}/g, '{x}').matchAll(re)) {
      const p = m[2].split(/[?#]/)[0].replace(/[[\]]/g, '').replace(/[.,:;]+$/, '');
      if (p.includes('*') || p.includes('…') || p.endsWith('/')) continue; // fault patterns, elisions
      found.push({ where: `${doc.file}:${n}`, methods: m[1] ? m[1].split('/') : [], path: p });
    }
  }
  return found;
}

const variable = (s) => /^[{<$:]/.test(s) || /^[A-Z][A-Z0-9_]*$/.test(s);

function routeExists(table, method, p) {
  const segs = p.split('/').slice(1);
  return table.some((r) => (!method || r.method === method) && r.segments.length === segs.length &&
    r.segments.every((s, i) => s === segs[i] || s.startsWith('{') || variable(segs[i])));
}

test('every_documented_route_is_in_the_route_table', () => {
  const table = routeTable();
  assert.ok(table.length > 50, 'plaza routes lists the table');
  const found = docs.flatMap(routesIn);
  assert.ok(found.length > 100, `routes found in the docs: ${found.length}`);
  const wrong = [];
  for (const r of found) {
    for (const m of r.methods.length ? r.methods : [null])
      if (!routeExists(table, m, r.path)) wrong.push(`${r.where}: ${m ?? ''} ${r.path}`.replace(': ', ': ').trim());
  }
  assert.deepEqual(wrong, []);
  // and the check itself refuses a route that is not there
  assert.ok(!routeExists(table, 'PUT', '/_plaza/accounts'));
  assert.ok(!routeExists(table, null, '/v2/users/me/zak'));
  assert.ok(routeExists(table, 'GET', '/v2/users/me'));
});

test('access_md_is_what_make_docs_generates_from_the_route_table_and_lists_every_control_route', () => {
  const template = readFileSync(path.join(root, 'docs/access.md.in'), 'utf8');
  const generated = run(['routes', '--access'], template);
  const committed = readFileSync(path.join(root, 'docs/access.md'), 'utf8');
  assert.ok(generated === committed, 'docs/access.md is stale: run `make docs` and commit it');
  for (const l of run(['routes']).trim().split('\n')) {
    const [method, pattern, surface] = l.split(' ');
    if (surface === 'control') assert.ok(committed.includes(`| \`${method} ${pattern}\` |`), `${method} ${pattern}`);
  }
});

test('api_coverage_md_is_what_make_docs_generates_from_the_route_table', () => {
  const template = readFileSync(path.join(root, 'docs/api-coverage.md.in'), 'utf8');
  const generated = run(['routes', '--markdown'], template);
  const committed = readFileSync(path.join(root, 'docs/api-coverage.md'), 'utf8');
  assert.ok(generated === committed, 'docs/api-coverage.md is stale: run `make docs` and commit it');
  // every route of the table is in it
  for (const l of run(['routes']).trim().split('\n')) {
    const [method, pattern] = l.split(' ');
    assert.ok(committed.includes(`\`${method} ${pattern}\``), `${method} ${pattern}`);
  }
});

test('plaza_routes_markdown_refuses_a_note_for_a_route_that_does_not_exist', () => {
  let err;
  try {
    execFileSync(bin, ['routes', '--markdown'], { input: '@routes v2\n@routes oauth\n@routes control\n@routes plain\n' +
      '@note GET /v2/users/{userId}/zak no such route\n', encoding: 'utf8', stdio: 'pipe' });
  } catch (e) { err = e; }
  assert.ok(err, 'exits non-zero');
  assert.equal(err.status, 1);
  assert.match(err.stderr, /@note for GET \/v2\/users\/\{userId\}\/zak, which is not a route/);
  let missing;
  try {
    execFileSync(bin, ['routes', '--markdown'], { input: '@routes v2\n', encoding: 'utf8', stdio: 'pipe' });
  } catch (e) { missing = e; }
  assert.ok(missing, 'a route in no table fails');
  assert.match(missing.stderr, /POST \/oauth\/token is in no @routes table/);
});
