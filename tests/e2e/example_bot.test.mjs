// The README's worked example (examples/meeting_bot.mjs) runs as a user runs
// it, against a plaza of its own: a bot joins with a Meeting SDK JWT, hears the
// meeting, and the pipeline downloads the recording recording.completed names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startPlaza } from './lib/plaza.mjs';

let plaza;
before(async () => { plaza = await startPlaza(); });
after(async () => { await plaza.stop(); });

test('the_meeting_bot_example_runs_end_to_end', async () => {
  const script = fileURLToPath(new URL('../../examples/meeting_bot.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [script], {
    env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey }, timeout: 60000,
  });
  assert.match(stdout, /^bot joined as participant \S+$/m);
  assert.match(stdout, /^bot heard (6\d) s: \d+ bytes of audio\/wav$/m);
  for (const type of ['MP4', 'M4A', 'TRANSCRIPT', 'CHAT']) assert.match(stdout, new RegExp(`^${type}: \\d+ bytes`, 'm'));
  assert.match(stdout, /Ann: The quarter closed well\./);
});
