// The README's CRM example (examples/crm_attendance.mjs) runs as a user runs
// it, against a plaza of its own: meeting.ended arrives, and the CRM reads the
// past meeting and who attended, e-mails of the host's account only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startPlaza } from './lib/plaza.mjs';

let plaza;
before(async () => { plaza = await startPlaza(); });
after(async () => { await plaza.stop(); });

test('the_crm_attendance_example_runs_end_to_end', async () => {
  const script = fileURLToPath(new URL('../../examples/crm_attendance.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey }, timeout: 60000,
  });
  assert.match(stdout, /^Product demo for Initech: 3\d min, 3 participants$/m);
  const lines = stdout.split('\n').filter((l) => l.startsWith('attended: '));
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^attended: owner-\S+@example\.test from \S+Z for 3\d min$/);
  assert.match(lines[1], /^attended: sam-\S+@example\.test from \S+Z for 3\d min$/);
  assert.match(lines[2], /^attended: \(outside the account\) Peter Gibbons from \S+Z for 20 min$/);
});
