// What participants say and write in the chat of a simulated meeting: kept
// with the instance, in order, at their virtual time, for the recording's
// transcript and chat file; refused when the meeting or the participant is
// not there, or the text is not one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startPlaza, createAccount, control, userToken, v2, assertProblem, advanceClock } from './lib/plaza.mjs';

let plaza, c, tok;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  const acc = await createAccount(plaza);
  tok = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read', 'meeting:write']);
});
after(async () => { await plaza.stop(); });

async function running() {
  const m = (await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Standup' })).json;
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const ann = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Ann', email: 'ann@example.test' }, 201);
  const bob = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Bob' }, 201);
  return { m, ann, bob };
}

test('lines_are_kept_in_order_with_who_and_when', async () => {
  const { m, ann, bob } = await running();
  const said = await c.ok('POST', `/meetings/${m.id}/say`, { participant_id: ann.id, text: 'Good morning, everyone.' }, 201);
  assert.equal(said.kind, 'say');
  assert.equal(said.name, 'Ann');
  await advanceClock(plaza, 5);
  await c.ok('POST', `/meetings/${m.id}/chat`, { participant_id: bob.id, text: 'Link:\thttps://example.test/doc' }, 201);
  await c.ok('POST', `/meetings/${m.id}/say`, { participant_id: bob.id, text: 'Morning! ünïcode ✓' }, 201);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.deepEqual(state.lines.map((l) => [l.kind, l.name, l.text]), [
    ['say', 'Ann', 'Good morning, everyone.'],
    ['chat', 'Bob', 'Link:\thttps://example.test/doc'],
    ['say', 'Bob', 'Morning! ünïcode ✓'],
  ]);
  const apart = Date.parse(state.lines[1].at) - Date.parse(state.lines[0].at);
  assert.ok(apart >= 5000 && apart <= 6000, `${apart} ms: five virtual seconds, and real time goes on too`);
  // a new instance starts with no lines
  await c.ok('POST', `/meetings/${m.id}/end`, {}, 200);
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  assert.deepEqual((await c.ok('GET', `/meetings/${m.id}`)).lines, []);
});

test('lines_are_refused_when_nobody_could_say_them', async () => {
  const { m, ann, bob } = await running();
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: 'nobody', text: 'hi' }), 400, ['participant_id']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { text: 'hi' }), 400, ['participant_id']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: ann.id }), 400, ['text']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: ann.id, text: '' }), 400, ['text']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: ann.id, text: 'x'.repeat(1025) }), 400, ['text']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/chat`, { participant_id: ann.id, text: 'two\nlines' }), 400, ['text']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/chat`, { participant_id: ann.id, text: 'hi', to: 'x' }), 400, ['to']);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: 5, text: 'hi' }), 400, ['participant_id']);
  await c.ok('DELETE', `/meetings/${m.id}/participants/${bob.id}`, undefined, 204);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: bob.id, text: 'still here?' }), 409);
  await c.ok('POST', `/meetings/${m.id}/end`, {}, 200);
  assertProblem(await c.call('POST', `/meetings/${m.id}/say`, { participant_id: ann.id, text: 'after the end' }), 409);
  assertProblem(await c.call('POST', '/meetings/99999999999/say', { participant_id: ann.id, text: 'hi' }), 404);
  assert.deepEqual((await c.ok('GET', `/meetings/${m.id}`)).lines, [], 'nothing was kept');
});

test('plaza_meeting_say_and_chat', async () => {
  const { m, ann } = await running();
  const run = (args) => new Promise((resolve) => execFile(process.env.PLAZA_BIN, args, {
    env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey }, timeout: 20000,
  }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
  const said = await run(['meeting', 'say', String(m.id), '--participant', ann.id, '--text', 'From the CLI']);
  assert.equal(said.code, 0, said.stderr);
  assert.match(said.stdout, /text: From the CLI/);
  const chat = await run(['meeting', 'chat', String(m.id), '--participant', ann.id, '--text', 'Chat from the CLI']);
  assert.equal(chat.code, 0, chat.stderr);
  const bad = await run(['meeting', 'say', String(m.id), '--participant', 'nobody', '--text', 'x']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /participant_id/);
  assert.deepEqual((await c.ok('GET', `/meetings/${m.id}`)).lines.map((l) => l.text), ['From the CLI', 'Chat from the CLI']);
});
