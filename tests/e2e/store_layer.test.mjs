// The store layer, checked in the sources: SQL is written only in store files
// (src/*/*_store.c, and core/'s engines, migrations and node sync), every
// table is owned by one store file, and docs/architecture.md's ownership map
// is the one the sources make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const src = join(root, 'src');
const layer = new Set(['core/db.c', 'core/db_sqlite.c', 'core/db_pg.c', 'core/schema.c', 'core/sync.c']);
const isStore = (f) => f.endsWith('_store.c') || layer.has(f);
const files = readdirSync(src).flatMap((d) => {
  try { return readdirSync(join(src, d)).filter((f) => f.endsWith('.c')).map((f) => `${d}/${f}`); } catch { return []; }
});
const text = (f) => readFileSync(join(src, f), 'utf8');
// C string literals, adjacent ones joined, comments left out
function literals(code) {
  const noComments = code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const out = [];
  const re = /((?:"(?:[^"\\\n]|\\.)*"\s*)+)/g;
  let m;
  while ((m = re.exec(noComments))) out.push([...m[1].matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((x) => x[1]).join(''));
  return out;
}
const isSql = (s) => /^\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS|CREATE (TABLE|INDEX|UNIQUE)|ALTER TABLE|PRAGMA|BEGIN|COMMIT|ROLLBACK)\b/.test(s);
const storeCalls = /\bdb_(query|run|exec|exec_ddl|step|text|int|is_null|blob|copy|changes|begin|commit|rollback)\s*\(/;

test('no_sql_and_no_store_calls_outside_the_store_layer', () => {
  const offenders = [];
  for (const f of files) {
    if (isStore(f)) continue;
    const code = text(f);
    const sql = literals(code).filter(isSql);
    if (sql.length) offenders.push(`${f}: SQL ${JSON.stringify(sql[0].slice(0, 60))}`);
    const call = code.replace(/\/\*[\s\S]*?\*\//g, ' ').match(storeCalls);
    if (call) offenders.push(`${f}: calls ${call[0]}`);
  }
  assert.deepEqual(offenders, [], 'SQL belongs in the store files (src/*/*_store.c)');
});

const tables = [...text('core/schema.c').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g)].map((m) => m[1]);

function owners() {
  const map = new Map(tables.map((t) => [t, new Set()]));
  // the store files, the nodes' sync, and the migration runner's own schema_version (not the migrations)
  const owning = files.filter((x) => x.endsWith('_store.c') || x === 'core/sync.c' || x === 'core/schema.c');
  for (const f of owning) {
    const sql = literals(text(f)).filter(isSql).filter((s) => f !== 'core/schema.c' || /schema_version/.test(s) && !/CREATE TABLE (?!IF)/.test(s));
    for (const s of sql) {
      for (const t of tables) {
        if (new RegExp(`\\b(INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\\s+${t}\\b`).test(s)) map.get(t).add(f);
      }
    }
  }
  return map;
}

test('every_table_has_one_owner', () => {
  const shared = [...owners()].filter(([, fs]) => fs.size > 1).map(([t, fs]) => `${t}: ${[...fs].join(', ')}`);
  assert.deepEqual(shared, [], 'a table is read and written by one store file');
});

test('the_architecture_docs_show_the_ownership_the_sources_have', () => {
  const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  for (const [t, fs] of owners()) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${t}\` |`));
    assert.ok(row, `docs/architecture.md has a row for ${t}`);
    const want = fs.size ? [...fs][0] : '(migrations only)';
    assert.ok(row.includes(want), `${t} is owned by ${want}: ${row}`);
  }
});
