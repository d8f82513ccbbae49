// How a new user gets `plaza` onto the PATH and builds it: `make install`
// copies the binary only, under DESTDIR and PREFIX (default /usr/local), and
// `make` runs one job per core unless -j is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.resolve(process.env.PLAZA_BIN);
const build = path.dirname(bin);

// make in the checkout, with the binary under test taken as built (-o: never remade);
// the outer make's jobserver is not handed down.
function make(args) {
  const env = { ...process.env };
  for (const k of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES']) delete env[k];
  return spawnSync('make', ['--no-print-directory', '-C', root, '-o', bin, `BUILD=${build}`, ...args],
                   { env, encoding: 'utf8' });
}

function files(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

test('make_install_copies_only_the_binary_under_destdir_and_prefix', () => {
  const dest = mkdtempSync(path.join(os.tmpdir(), 'plaza-install-'));
  try {
    const r = make(['install', `DESTDIR=${dest}`, 'PREFIX=/opt/plaza']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(files(dest), ['opt/plaza/bin/plaza']);
    const installed = path.join(dest, 'opt/plaza/bin/plaza');
    assert.ok(readFileSync(installed).equals(readFileSync(bin)), 'the same binary');
    assert.equal(statSync(installed).mode & 0o777, 0o755);
    assert.match(execFileSync(installed, ['help'], { encoding: 'utf8' }), /plaza app create/);

    // the default prefix is /usr/local
    const dry = make(['-n', 'install', `DESTDIR=${dest}`]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${dest}/usr/local/bin/plaza`));
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
});

test('make_runs_one_job_per_core_unless_j_is_given', () => {
  const flags = (args) => make(['-pq', ...args, 'all']).stdout.split('\n').find((l) => l.startsWith('MAKEFLAGS'));
  const cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  assert.match(flags([]), new RegExp(`-j${cores}\\b`));
  const one = flags(['-j1']);
  assert.match(one, /-j1\b/);
  if (cores !== 1) assert.doesNotMatch(one, new RegExp(`-j${cores}\\b`));
  assert.match(flags(['-j3']), /-j3\b/);
});
