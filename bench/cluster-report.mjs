// Prints bench/cluster.sh's table and writes its JSON: medians over rounds,
// and the ratios the README reports (PostgreSQL/SQLite, three nodes/one).
//   node cluster-report.mjs RESULTS OUT.json NPROC
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const [file, out, nproc] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' '));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pick = (name, who, col) => median(rows.filter((r) => r[0] === name && r[1] === who).map((r) => Number(r[col])));

const result = { nproc: Number(nproc), engines: {}, nodes: {}, revoke: {} };
for (const name of ['users_me', 'token', 'meeting_create', 'list_300']) {
  const sqlite = pick(name, 'sqlite', 2), postgres = pick(name, 'postgres', 2);
  result.engines[name] = { sqlite_rps: sqlite, postgres_rps: postgres, ratio: +(postgres / sqlite).toFixed(2) };
}
for (const k of ['one', 'three']) result.nodes[k] = { rps: pick('nodes', k, 2), p99_ms: pick('nodes', k, 3) };
result.nodes.ratio = +(result.nodes.three.rps / result.nodes.one.rps).toFixed(2);
for (const r of rows.filter((x) => x[0] === 'revoke'))
  result.revoke[r[1]] = { median_ms: Number(r[2]), p99_ms: Number(r[3]), stale_reads: Number(r[4]) };

console.log(`\nplaza on PostgreSQL vs SQLite, one node each (${nproc} cores, medians of rounds, requests/s)`);
console.log('  call              SQLite   PostgreSQL  ratio');
for (const [n, v] of Object.entries(result.engines))
  console.log(`  ${n.padEnd(16)} ${String(Math.round(v.sqlite_rps)).padStart(7)} ${String(Math.round(v.postgres_rps)).padStart(11)}  ${v.ratio}x`);
console.log('\nthree nodes vs one on PostgreSQL, each behind HAProxy: GET /v2/users/me');
for (const k of ['one', 'three']) console.log(`  ${k.padEnd(6)} ${Math.round(result.nodes[k].rps)} req/s, p99 ${result.nodes[k].p99_ms} ms`);
console.log(`  ratio ${result.nodes.ratio}x`);
console.log('\nrevocation reaching every node (POST /oauth/revoke answers once every node applied it)');
for (const [k, v] of Object.entries(result.revoke))
  console.log(`  ${k.padEnd(6)} median ${v.median_ms} ms, p99 ${v.p99_ms} ms, other nodes still accepting after the answer: ${v.stale_reads}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
