// History: a scenario replayed at a past time ("at"), so that a test can set up
// meetings and recordings of last June or last year and query them by date.
// Every step is stamped at its past time (instance, participants, lines, the
// recording and its place in the month lists), the virtual clock does not move,
// and no webhooks go out (Zoom sends none for what happened before now). A
// timeline that is not over before now, a malformed time, a meeting in
// progress or an instance already in that time are refused with nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, control, v2, assertProblem, userToken, advanceClock } from './lib/plaza.mjs';
import { startReceiver, subscribeActive, tenant, rightAnswer, deliveries } from './lib/receiver.mjs';

const SECRET = 'history-secret-0123456789';
const SCOPES = ['meeting:read', 'meeting:write', 'recording:read', 'recording:write'];
let plaza, c, t, rx, sub;

before(async () => {
  plaza = await startPlaza();
  c = control(plaza);
  t = await tenant(plaza, { scopes: SCOPES });
  rx = await startReceiver({ secret: SECRET, respond: rightAnswer(SECRET) });
  sub = await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created', 'meeting.started', 'meeting.ended',
                                                        'meeting.participant_joined', 'meeting.participant_left',
                                                        'recording.completed'], { secret_token: SECRET });
});
after(async () => { await rx?.close(); await plaza.stop(); });

const REVIEW = [
  { at: 0, do: 'start' },
  { at: 30, do: 'join', as: 'ann', name: 'Ann', email: 'ann@example.test' },
  { at: 45, do: 'join', as: 'bob', name: 'Bob' },
  { at: 120, do: 'say', who: 'ann', text: 'The quarter closed well.' },
  { at: 150, do: 'chat', who: 'bob', text: 'Slides: https://example.test/q2' },
  { at: 600, do: 'leave', who: 'bob' },
  { at: 1800, do: 'end', record: true },
];

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms) => iso(ms).slice(0, 10);
const nowMs = async () => Date.parse((await c.ok('GET', '/clock')).now);
const offset = async () => (await c.ok('GET', '/clock')).offset_seconds; // moves only when the clock is advanced
// June 10, 14:00 UTC of the last June wholly before the virtual now; the same month a year before now
function lastJune(now) {
  const d = new Date(now);
  const year = d.getUTCMonth() > 5 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return Date.UTC(year, 5, 10, 14, 0, 0);
}
function lastYear(now) {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), 3, 9, 0, 0);
}
const monthOf = (ms) => {
  const d = new Date(ms);
  return [day(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), day(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0))];
};

async function recordings(query) {
  const r = await v2(plaza, t.tok, 'GET', `/users/me/recordings${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// The meeting's deliveries to the tenant's app (events are stored with their deliveries, in the change's transaction).
async function deliveredFor(meetingId) {
  return (await deliveries(plaza, { app_id: t.app.id }))
    .filter((d) => String(JSON.parse(d.body).payload?.object?.id) === String(meetingId));
}

test('a_scenario_replayed_last_june_has_june_dates_everywhere_and_the_clock_stays', async () => {
  const m = await t.meeting({ topic: 'Quarterly review', settings: { auto_recording: 'cloud' } });
  const clockBefore = await nowMs(), offsetBefore = await offset();
  const at = lastJune(clockBefore);
  const r = await c.ok('POST', `/meetings/${m.id}/scenario`, { at: iso(at), steps: REVIEW }, 201);
  assert.equal(r.at, iso(at));
  assert.deepEqual(r.steps.map((s) => s.do), REVIEW.map((s) => s.do));
  assert.equal(r.steps[0].started_at, iso(at));
  assert.equal(r.steps.at(-1).ended_at, iso(at + 1800e3));
  // rendering the recording's media takes real seconds: the offset is what must not move
  assert.equal(await offset(), offsetBefore, 'the clock did not move');

  // the instance, the participants and the lines, each at its past time, exactly
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.equal(state.instance.started_at, iso(at));
  assert.equal(state.instance.ended_at, iso(at + 1800e3));
  const ann = state.participants.find((p) => p.name === 'Ann');
  const bob = state.participants.find((p) => p.name === 'Bob');
  assert.equal(ann.joined_at, iso(at + 30e3));
  assert.equal(ann.left_at, iso(at + 1800e3), 'everyone left when it ended');
  assert.equal(bob.joined_at, iso(at + 45e3));
  assert.equal(bob.left_at, iso(at + 600e3));
  assert.deepEqual(state.lines.map((l) => [l.kind, l.at]), [['say', iso(at + 120e3)], ['chat', iso(at + 150e3)]]);
  // the meeting is not in progress now: its status is what an end leaves, and a live start still works
  const rest = await v2(plaza, t.tok, 'GET', `/meetings/${m.id}`);
  assert.equal(rest.json.status, 'waiting', 'as after a live end');

  // the recording: June dates in every field, found in June's window and not today's
  const [from, to] = monthOf(at);
  const june = await recordings(`?from=${from}&to=${to}`);
  const rec = june.meetings.find((x) => String(x.id) === String(m.id));
  assert.ok(rec, `June's list has it: ${JSON.stringify(june)}`);
  assert.equal(rec.start_time, iso(at));
  assert.equal(rec.duration, 30);
  assert.ok(rec.recording_files.length >= 1);
  for (const f of rec.recording_files) {
    assert.equal(f.recording_start, iso(at));
    assert.equal(f.recording_end, iso(at + 1800e3));
  }
  const today = await recordings('');
  assert.ok(!today.meetings.some((x) => String(x.id) === String(m.id)), 'not in today\'s list');
  const now = await nowMs();
  const thisMonth = await recordings(`?from=${monthOf(now)[0]}&to=${day(now)}`);
  assert.ok(!thisMonth.meetings.some((x) => String(x.id) === String(m.id)), 'not in this month\'s list');
  const byMeeting = await v2(plaza, t.tok, 'GET', `/meetings/${m.id}/recordings`);
  assert.equal(byMeeting.status, 200, byMeeting.text);
  assert.equal(byMeeting.json.start_time, iso(at));

  // no webhooks for history: not one delivery of this meeting's events, though the subscription is live
  const later = await t.meeting({ topic: 'Live after history' });
  const all = await deliveries(plaza, { subscription_id: sub.id });
  assert.ok(all.some((d) => JSON.parse(d.body).payload?.object?.id === later.id), 'the subscription delivers live events');
  assert.deepEqual((await deliveredFor(m.id)).map((d) => d.event), ['meeting.created']);
  assert.ok(!rx.events().some((e) => e.json.event !== 'meeting.created' &&
                                     String(e.json.payload?.object?.id) === String(m.id)));

  // afterwards the meeting runs live as usual: a new instance now, with its events
  const live = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  assert.notEqual(live.uuid, state.instance.uuid);
  assert.ok(Math.abs(Date.parse(live.started_at) - now) < 5000);
  await c.ok('POST', `/meetings/${m.id}/end`, { record: false }, 200);
  assert.deepEqual((await deliveredFor(m.id)).map((d) => d.event).sort(),
                   ['meeting.created', 'meeting.ended', 'meeting.started']);
});

test('a_replay_last_year_lands_in_that_month_and_history_can_be_built_instance_by_instance', async () => {
  const m = await t.meeting({ topic: 'Monthly sync', type: 3 });
  const now = await nowMs();
  const june = lastJune(now), year = lastYear(now);
  const steps = [{ at: 0, do: 'start' }, { at: 10, do: 'join', as: 'cy', name: 'Cy' }, { at: 900, do: 'end', record: true }];
  // the later instance first, then an earlier one: each keeps its own dates
  const a = await c.ok('POST', `/meetings/${m.id}/scenario`, { at: iso(june), steps }, 201);
  const b = await c.ok('POST', `/meetings/${m.id}/scenario`, { at: iso(year), steps }, 201);
  assert.notEqual(a.steps[0].uuid, b.steps[0].uuid, 'each replay is its own instance');
  assert.equal(b.steps[0].started_at, iso(year));
  // the meeting's state shows its latest instance: June's, not last year's replayed after it
  assert.equal((await c.ok('GET', `/meetings/${m.id}`)).instance.started_at, iso(june));
  const [from, to] = monthOf(year);
  const list = await recordings(`?from=${from}&to=${to}`);
  const found = list.meetings.filter((x) => String(x.id) === String(m.id));
  assert.deepEqual(found.map((x) => x.start_time), [iso(year)], 'last year\'s month holds last year\'s instance only');
  assert.equal(found[0].uuid, b.steps[0].uuid);
  assert.equal(found[0].recording_files[0].recording_end, iso(year + 900e3));
  const [jf, jt] = monthOf(june);
  const inJune = (await recordings(`?from=${jf}&to=${jt}`)).meetings.filter((x) => String(x.id) === String(m.id));
  assert.deepEqual(inJune.map((x) => x.start_time), [iso(june)]);
  // an instance overlapping one already there is refused, naming at, and nothing changes
  const overlap = await c.call('POST', `/meetings/${m.id}/scenario`, { at: iso(june + 600e3), steps });
  assertProblem(overlap, 409, ['at']);
  assert.match(overlap.json.errors.find((e) => e.field === 'at').message, new RegExp(a.steps[0].uuid.replace(/[+/]/g, '.')));
  const again = (await recordings(`?from=${jf}&to=${jt}`)).meetings.filter((x) => String(x.id) === String(m.id));
  assert.equal(again.length, 1);
  // right after it is fine
  await c.ok('POST', `/meetings/${m.id}/scenario`, { at: iso(june + 901e3), steps }, 201);
  assert.equal((await deliveredFor(m.id)).filter((d) => d.event !== 'meeting.created').length, 0, 'no webhooks');
});

test('a_wrong_time_or_a_meeting_in_progress_is_refused_with_nothing_changed', async () => {
  const m = await t.meeting({ topic: 'Not history' });
  const clock = await nowMs(), offsetBefore = await offset();
  const steps = [{ at: 0, do: 'start' }, { at: 60, do: 'end', record: true }];
  const cases = [
    [{ at: iso(clock + 3600e3), steps }, 'at', /not in the past/],
    [{ at: iso(clock - 30e3), steps }, 'at', /reaches the virtual now/],
    [{ at: iso(clock - 20 * 366 * 86400e3), steps }, 'at', /ten years/],
    [{ at: 'last June', steps }, 'at', /UTC date-time/],
    [{ at: '2026-06-10T14:00:00', steps }, 'at', /UTC date-time/],
    [{ at: '2026-13-10T14:00:00Z', steps }, 'at', /UTC date-time/],
    [{ at: 1781100000, steps }, 'at', /UTC date-time/],
    [{ at: iso(lastJune(clock)), steps: steps.slice(0, 1) }, 'steps[0].do', /must be end/],
    [{ at: iso(lastJune(clock)), steps: [{ at: 0, do: 'start' }, { at: 9, do: 'leave', who: 'ghost' }, { at: 10, do: 'end' }] },
     'steps[1].who', /not a participant/],
  ];
  for (const [body, field, why] of cases) {
    const r = await c.call('POST', `/meetings/${m.id}/scenario`, body);
    assertProblem(r, 400, [field]);
    assert.match(r.json.errors.find((e) => e.field === field).message, why, r.text);
  }
  // a step the timeline's check lets through but the meeting refuses: the replay is undone whole
  const long = await c.call('POST', `/meetings/${m.id}/scenario`, {
    at: iso(lastJune(clock)), steps: [{ at: 0, do: 'start' }, { at: 5, do: 'join', as: 'x', name: 'N'.repeat(200) }, { at: 9, do: 'end' }],
  });
  assertProblem(long, 400, ['name']);
  assert.match(long.json.detail, /Step 1 \(join\) failed, nothing was kept/);
  assert.equal((await c.ok('GET', `/meetings/${m.id}`)).instance, null, 'nothing happened');
  const [from, to] = monthOf(lastJune(clock));
  assert.ok(!(await recordings(`?from=${from}&to=${to}`)).meetings.some((x) => String(x.id) === String(m.id)));
  assertProblem(await c.call('POST', '/meetings/99999999999/scenario', { at: iso(lastJune(clock)), steps }), 404);

  // a meeting in progress: refused before anything happens
  const live = await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const busy = await c.call('POST', `/meetings/${m.id}/scenario`, { at: iso(lastJune(clock)), steps });
  assertProblem(busy, 409);
  assert.match(busy.json.detail, /in progress/);
  const state = await c.ok('GET', `/meetings/${m.id}`);
  assert.equal(state.instance.uuid, live.uuid);
  assert.equal(state.instance.ended_at, null);
  assert.equal((await v2(plaza, t.tok, 'GET', `/meetings/${m.id}`)).json.status, 'started');
  assert.equal(await offset(), offsetBefore, 'the clock did not move');
  // the live instance counts too: a replay over its time is refused
  await advanceClock(plaza, 300);
  await c.ok('POST', `/meetings/${m.id}/end`, { record: false }, 200);
  const over = await c.call('POST', `/meetings/${m.id}/scenario`, { at: iso(Date.parse(live.started_at) - 60e3), steps: [{ at: 0, do: 'start' }, { at: 110, do: 'end' }] });
  assertProblem(over, 409, ['at']);
});

test('plaza_meeting_scenario_at_replays_a_file_in_the_past', async () => {
  const m = await t.meeting({ topic: 'From a file, last June' });
  const at = lastJune(await nowMs());
  const dir = mkdtempSync(join(tmpdir(), 'plaza-history-'));
  try {
    writeFileSync(join(dir, 'tl.json'), JSON.stringify({ steps: [{ at: 0, do: 'start' }, { at: 300, do: 'end', record: true }] }));
    writeFileSync(join(dir, 'list.json'), JSON.stringify([{ at: 0, do: 'start' }]));
    const run = (args) => new Promise((resolve) => execFile(process.env.PLAZA_BIN, args, {
      env: { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey }, timeout: 20000,
    }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
    const ok = await run(['--json', 'meeting', 'scenario', String(m.id), join(dir, 'tl.json'), '--at', iso(at)]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).at, iso(at));
    assert.equal((await c.ok('GET', `/meetings/${m.id}`)).instance.ended_at, iso(at + 300e3));
    const future = await run(['meeting', 'scenario', String(m.id), join(dir, 'tl.json'), '--at', iso(Date.now() + 400 * 86400e3)]);
    assert.notEqual(future.code, 0);
    assert.match(future.stderr, /not in the past/);
    const list = await run(['meeting', 'scenario', String(m.id), join(dir, 'list.json'), '--at', iso(at)]);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /JSON object/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a_token_minted_now_still_expires_on_the_virtual_now_after_a_replay', async () => {
  // expiries read the virtual now, not the replay's past times: a fresh token works right after a replay
  const m = await t.meeting({ topic: 'Expiry check' });
  await c.ok('POST', `/meetings/${m.id}/scenario`, { at: iso(lastYear(await nowMs())), steps: [{ at: 0, do: 'start' }, { at: 60, do: 'end' }] }, 201);
  const tok = await userToken(plaza, t.acc.id, t.acc.owner.id, SCOPES);
  assert.equal((await v2(plaza, tok, 'GET', `/meetings/${m.id}`)).status, 200);
});
