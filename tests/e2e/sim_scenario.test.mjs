// A whole meeting from one JSON timeline, replayed on the virtual clock: every
// step happens at its time from the scenario's beginning, with its events
// stamped then; a wrong timeline is refused whole, naming the step, and nothing happens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, control, v2, assertProblem } from './lib/plaza.mjs';
import { startReceiver, subscribeActive, tenant, rightAnswer, waitFor } from './lib/receiver.mjs';

const SECRET = 'scenario-secret-0123456789';
let plaza, c, t, rx;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  t = await tenant(plaza);
  rx = await startReceiver({ secret: SECRET, respond: rightAnswer(SECRET) });
  await subscribeActive(plaza, t.app.id, rx.url, ['meeting.started', 'meeting.ended', 'meeting.participant_joined',
                                                 'meeting.participant_left', 'recording.completed'], { secret_token: SECRET });
});
after(async () => { await rx?.close(); await plaza.stop(); });

const STANDUP = [
  { at: 0, do: 'start' },
  { at: 5, do: 'join', as: 'ann', name: 'Ann', email: 'ann@example.test' },
  { at: 8, do: 'join', as: 'bot', name: 'Notetaker' },
  { at: 20, do: 'say', who: 'ann', text: 'Yesterday I shipped the portal.' },
  { at: 25, do: 'chat', who: 'ann', text: 'Notes: https://example.test/notes' },
  { at: 40, do: 'leave', who: 'ann' },
  { at: 60, do: 'end', record: false },
];

test('a_scenario_plays_every_step_at_its_time_with_its_events_stamped_then', async () => {
  const m = await t.meeting({ topic: 'Scripted standup' });
  const before = Date.parse((await c.ok('GET', '/clock')).now);
  const r = await c.ok('POST', `/meetings/${m.id}/scenario`, { steps: STANDUP }, 201);
  assert.deepEqual(r.steps.map((s) => s.do), STANDUP.map((s) => s.do));
  assert.deepEqual(Object.keys(r.participants), ['ann', 'bot']);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  const startedAt = Date.parse(state.instance.started_at);
  assert.ok(startedAt - before < 2000, 'the first step is now');
  // each step at its time; real time goes on as well while the steps play (a second at most here)
  const near = (t, want, what) => assert.ok(Date.parse(t) - startedAt >= want && Date.parse(t) - startedAt <= want + 1000,
                                            `${what}: ${Date.parse(t) - startedAt} ms, want ${want}`);
  near(state.instance.ended_at, 60000, 'ended');
  const ann = state.participants.find((p) => p.name === 'Ann');
  near(ann.joined_at, 5000, 'Ann joined');
  near(ann.left_at, 40000, 'Ann left');
  assert.deepEqual(state.lines.map((l) => l.kind), ['say', 'chat']);
  near(state.lines[0].at, 20000, 'said');
  near(state.lines[1].at, 25000, 'wrote');
  assert.equal((await v2(plaza, t.tok, 'GET', `/meetings/${m.id}`)).json.status, 'waiting');
  // the events, in the order of the timeline, each stamped at its step's time
  const mine = () => rx.events().filter((e) => String(e.json.payload.object.id) === String(m.id));
  // deliveries go out in parallel, so they are put back in the order of their stamps
  // (event_ts is in milliseconds of the virtual clock, which real time also moves: whole seconds from the first)
  const events = await waitFor(() => (mine().length >= 6 ? mine() : null), { what: 'six events' });
  const first = Math.min(...events.map((e) => e.json.event_ts));
  assert.ok(Math.abs(first - startedAt) < 1000);
  const got = events.map((e) => [Math.floor((e.json.event_ts - first) / 1000) * 1000, e.json.event])
    .sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  assert.deepEqual(got, [[0, 'meeting.started'], [5000, 'meeting.participant_joined'],
                         [8000, 'meeting.participant_joined'], [40000, 'meeting.participant_left'],
                         [60000, 'meeting.ended'], [60000, 'meeting.participant_left']]);
});

test('a_wrong_timeline_is_refused_whole_naming_the_step_and_nothing_happens', async () => {
  const m = await t.meeting({ topic: 'Never happens' });
  const clock = (await c.ok('GET', '/clock')).now;
  const cases = [
    [[{ at: 0, do: 'start' }, { at: 10, do: 'join', as: 'a', name: 'A' }, { at: 5, do: 'say', who: 'a', text: 'x' }], 'steps[2].at'],
    [[{ at: -5, do: 'start' }], 'steps[0].at'],
    [[{ at: 0, do: 'join', as: 'a', name: 'A' }], 'steps[0].do'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'say', who: 'ghost', text: 'boo' }], 'steps[1].who'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'join', as: 'a', name: 'A' }, { at: 2, do: 'leave', who: 'a' },
      { at: 3, do: 'chat', who: 'a', text: 'late' }], 'steps[3].who'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'join', as: 'a', name: 'A' }, { at: 2, do: 'join', as: 'a', name: 'B' }], 'steps[2].as'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'end' }, { at: 2, do: 'join', as: 'a', name: 'A' }], 'steps[1].do'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'dance' }], 'steps[1].do'],
    [[{ at: 0, do: 'start' }, { at: 1, do: 'join', as: 'a' }], 'steps[1].name'],
    [[{ at: 0, do: 'start' }, { at: 90000, do: 'end' }], 'steps[1].at'],
    [[{ at: 0, do: 'start', colour: 'red' }], 'steps[0].colour'],
    [[{ at: '0', do: 'start' }], 'steps[0].at'],
    [[], 'steps'],
  ];
  for (const [steps, field] of cases) {
    assertProblem(await c.call('POST', `/meetings/${m.id}/scenario`, { steps }), 400, [field]);
  }
  assertProblem(await c.call('POST', `/meetings/${m.id}/scenario`, { steps: 'all of it' }), 400, ['steps']);
  assertProblem(await c.call('POST', '/meetings/99999999999/scenario', { steps: STANDUP }), 404);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.equal(state.instance, null, 'nothing started');
  assert.equal((await c.ok('GET', '/clock')).now.slice(0, 16), clock.slice(0, 16), 'the clock did not move');
  // a meeting already in progress: the first step is refused and nothing else happens
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const busy = await c.call('POST', `/meetings/${m.id}/scenario`, { steps: STANDUP });
  assertProblem(busy, 409);
  assert.match(busy.json.detail, /Step 0 \(start\) failed after 0 played/);
  assert.deepEqual((await c.ok('GET', `/meetings/${m.id}`)).participants, []);
});

test('plaza_meeting_scenario_reads_the_timeline_from_a_file', async () => {
  const m = await t.meeting({ topic: 'From a file' });
  const dir = mkdtempSync(join(tmpdir(), 'plaza-scenario-'));
  try {
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ steps: [{ at: 0, do: 'start' }, { at: 3, do: 'end' }] }));
    writeFileSync(join(dir, 'bad.json'), '{"steps": [');
    const run = (args) => new Promise((resolve) => execFile(process.env.PLAZA_BIN, args, {
      env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey }, timeout: 20000,
    }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
    const ok = await run(['--json', 'meeting', 'scenario', String(m.id), join(dir, 'ok.json')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout).steps.map((s) => s.do), ['start', 'end']);
    const bad = await run(['meeting', 'scenario', String(m.id), join(dir, 'bad.json')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The whole path of a recorded meeting: a scripted timeline, every webhook in the order of its steps and then
// recording.completed, whose download_token opens files that hold what the script said (ffprobe, the transcript).
test('a_scripted_meeting_with_recording_delivers_every_event_in_order_and_files_that_match_the_script', async () => {
  const m = await t.meeting({ topic: 'Recorded standup', settings: { auto_recording: 'cloud' } });
  const steps = [
    { at: 0, do: 'start' },
    { at: 3, do: 'join', as: 'ann', name: 'Ann', email: 'ann@example.test' },
    { at: 6, do: 'join', as: 'bob', name: 'Bob' },
    { at: 10, do: 'say', who: 'ann', text: 'Good morning, this is the standup.' },
    { at: 20, do: 'say', who: 'bob', text: 'I fixed the login bug.' },
    { at: 25, do: 'chat', who: 'bob', text: 'PR is up' },
    { at: 40, do: 'leave', who: 'bob' },
    { at: 60, do: 'end' }, // auto_recording: cloud
  ];
  const r = await c.ok('POST', `/meetings/${m.id}/scenario`, { steps }, 201);
  assert.equal(r.steps.at(-1).recorded, true);
  const mine = () => rx.events().filter((e) => String(e.json.payload.object.id) === String(m.id));
  const events = await waitFor(() => (mine().length >= 7 ? mine() : null), { what: 'seven events', timeout: 15000 });
  const first = Math.min(...events.map((e) => e.json.event_ts));
  const order = { 'meeting.started': 0, 'meeting.participant_joined': 1, 'meeting.participant_left': 2, 'meeting.ended': 3,
                  'recording.completed': 4 };
  const got = events.map((e) => [Math.floor((e.json.event_ts - first) / 1000) * 1000, e.json.event,
                                 e.json.payload.object.participant?.user_name ?? ''])
    .sort((x, y) => x[0] - y[0] || order[x[1]] - order[y[1]] || x[2].localeCompare(y[2]));
  // recording.completed comes once the files are made, a few real seconds after the end
  const done = got.filter(([, ev]) => ev === 'recording.completed');
  assert.equal(done.length, 1);
  assert.ok(done[0][0] >= 60000 && done[0][0] <= 70000, `recording.completed at ${done[0][0]}`);
  assert.deepEqual(got.filter(([, ev]) => ev !== 'recording.completed'), [
    [0, 'meeting.started', ''], [3000, 'meeting.participant_joined', 'Ann'], [6000, 'meeting.participant_joined', 'Bob'],
    [40000, 'meeting.participant_left', 'Bob'], [60000, 'meeting.participant_left', 'Ann'], [60000, 'meeting.ended', ''],
  ].sort((x, y) => x[0] - y[0] || order[x[1]] - order[y[1]] || x[2].localeCompare(y[2])));

  // the REST state after the end: waiting again, and the recording listed
  assert.equal((await v2(plaza, t.tok, 'GET', `/meetings/${m.id}`)).json.status, 'waiting');
  const completed = events.find((e) => e.json.event === 'recording.completed').json;
  const files = Object.fromEntries(completed.payload.object.recording_files.map((f) => [f.file_type, f]));
  assert.deepEqual(Object.keys(files).sort(), ['CHAT', 'M4A', 'MP4', 'TRANSCRIPT']);
  const download = async (f) => {
    const u = new URL(f.download_url);
    assert.match(u.pathname, /^\/rec\/webhook_download\//);
    const res = await fetch(`${plaza.url}${u.pathname}?access_token=${completed.download_token}`);
    assert.equal(res.status, 200, f.file_type);
    const b = Buffer.from(await res.arrayBuffer());
    assert.equal(b.length, f.file_size);
    return b;
  };
  const vtt = (await download(files.TRANSCRIPT)).toString();
  const cues = [...vtt.matchAll(/(\d\d):(\d\d):(\d\d)\.\d\d\d --> .*\n(.*)\n/g)];
  // at the step's second (or the next: real time runs on while the steps play)
  assert.deepEqual(cues.map((q) => q[4]), ['Ann: Good morning, this is the standup.', 'Bob: I fixed the login bug.']);
  cues.forEach((q, i) => {
    const at = Number(q[2]) * 60 + Number(q[3]);
    assert.ok(at - [10, 20][i] >= 0 && at - [10, 20][i] <= 1, `cue ${i} at ${at} s`);
  });
  assert.match((await download(files.CHAT)).toString(), /^00:00:2[56]\t From  Bob : PR is up\n$/);
  const dir = mkdtempSync(join(tmpdir(), 'plaza-scenario-'));
  try {
    const file = join(dir, 'a.m4a');
    writeFileSync(file, await download(files.M4A));
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
    const info = JSON.parse(stdout);
    assert.equal(info.streams[0].codec_name, 'aac');
    assert.ok(Math.abs(Number(info.format.duration) - 60) <= 1.5, `${info.format.duration} s`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  // a download without the token is refused
  assert.equal((await fetch(`${plaza.url}${new URL(files.M4A.download_url).pathname}`)).status, 401);
});
