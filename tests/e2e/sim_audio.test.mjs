// What a participant hears of a simulated meeting (GET /_plaza/meetings/{id}/audio):
// the audio_url a join answers gives the meeting's audio from a point of its
// timeline up to the virtual now, as WAV (checked with ffprobe) or raw PCM;
// speech where someone said something, the quiet tone elsewhere. Only the
// participant's own token opens it, only while it is in the meeting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, createAccount, control, userToken, v2, advanceClock } from './lib/plaza.mjs';

let plaza, tok, c, dir;

before(async () => {
  plaza = await startPlaza();
  const acc = await createAccount(plaza);
  tok = await userToken(plaza, acc.id, acc.owner.id, ['meeting:read', 'meeting:write']);
  c = control(plaza);
  dir = mkdtempSync(join(tmpdir(), 'plaza-audio-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await plaza.stop();
});

async function live() {
  const r = await v2(plaza, tok, 'POST', '/users/me/meetings', { topic: 'Heard' });
  assert.equal(r.status, 201, r.text);
  await c.ok('POST', `/meetings/${r.json.id}/start`, undefined, 201);
  return r.json;
}

// The audio_url relative to plaza (it names the public URL), with extra query members.
function ears(url, extra = {}) {
  const u = new URL(url);
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return `${plaza.url}${u.pathname}${u.search}`;
}

function probe(bytes) {
  const file = join(dir, `a-${Date.now()}-${Math.random()}.wav`);
  writeFileSync(file, bytes);
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]));
  return out;
}

// Root mean square of s16le samples [a, b).
function rms(pcm, a, b) {
  let sum = 0;
  for (let i = a; i < b; i++) sum += pcm.readInt16LE(i * 2) ** 2;
  return Math.sqrt(sum / Math.max(1, b - a));
}

test('a_participant_hears_speech_at_its_time_and_the_tone_elsewhere', async () => {
  const m = await live();
  const bot = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Recorder Bot' }, 201);
  assert.match(bot.audio_url, new RegExp(`/_plaza/meetings/${m.id}/audio\\?participant_id=${bot.id}&token=[\\w-]{32}$`));
  const jill = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Jill' }, 201);
  await advanceClock(plaza, 10);
  await c.ok('POST', `/meetings/${m.id}/say`, { participant_id: jill.id, text: 'Welcome everyone to the quarterly review.' }, 201);
  await advanceClock(plaza, 20);

  const wav = await fetch(ears(bot.audio_url));
  assert.equal(wav.status, 200);
  assert.equal(wav.headers.get('content-type'), 'audio/wav');
  assert.equal(wav.headers.get('x-plaza-audio-from'), '0');
  const to = Number(wav.headers.get('x-plaza-audio-to'));
  assert.ok(to >= 30 && to <= 35, `up to the virtual now: ${to}`);
  const bytes = Buffer.from(await wav.arrayBuffer());
  assert.equal(Number(wav.headers.get('content-length')), bytes.length);
  const info = probe(bytes);
  assert.equal(info.streams[0].codec_name, 'pcm_s16le');
  assert.equal(info.streams[0].channels, 1);
  const rate = Number(info.streams[0].sample_rate);
  assert.equal(rate, Number(wav.headers.get('x-plaza-audio-rate')));
  assert.ok(Math.abs(Number(info.format.duration) - to) < 0.05, `duration ${info.format.duration} vs ${to}`);

  // the same window as raw samples: speech from the 10th second is louder than the tone before it
  const raw = await fetch(ears(bot.audio_url, { format: 'pcm' }));
  assert.equal(raw.status, 200);
  const pcm = Buffer.from(await raw.arrayBuffer());
  const t = Number(raw.headers.get('x-plaza-audio-to'));
  assert.equal(pcm.length, t * rate * 2);
  const tone = rms(pcm, 1 * rate, 9 * rate), speech = rms(pcm, 10 * rate, 12 * rate);
  assert.ok(tone > 50 && tone < 600, `a quiet tone: ${tone}`);
  assert.ok(speech > 2 * tone, `speech (${speech}) over the tone (${tone})`);

  // the next call starts where this one ended
  const next = await fetch(ears(bot.audio_url, { from: String(t), format: 'pcm' }));
  assert.equal(next.status, 200);
  assert.equal(next.headers.get('x-plaza-audio-from'), String(t));
  assert.ok(Number(next.headers.get('x-plaza-audio-to')) >= t);
  await next.arrayBuffer();
});

test('a_window_is_at_most_a_minute', async () => {
  const m = await live();
  const bot = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Bot' }, 201);
  await advanceClock(plaza, 150);
  const r = await fetch(ears(bot.audio_url, { from: '30', format: 'pcm' }));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-plaza-audio-to'), '90');
  assert.equal((await r.arrayBuffer()).byteLength, 60 * Number(r.headers.get('x-plaza-audio-rate')) * 2);
});

test('only_the_participants_own_token_while_it_is_in_the_meeting', async () => {
  const m = await live();
  const bot = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Bot' }, 201);
  const other = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Other' }, 201);
  const token = new URL(bot.audio_url).searchParams.get('token');
  const cases = [
    [{ token: 'A'.repeat(32) }, 401],
    [{ token: '' }, 400],
    [{ participant_id: other.id }, 401], // the bot's token for another participant
    [{ from: '-1' }, 400],
    [{ from: 'soon' }, 400],
    [{ format: 'mp3' }, 400],
  ];
  for (const [extra, status] of cases) {
    const r = await fetch(ears(bot.audio_url, extra));
    assert.equal(r.status, status, `${JSON.stringify(extra)}: ${await r.text()}`);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }
  const u = new URL(bot.audio_url);
  assert.equal((await fetch(`${plaza.url}/_plaza/meetings/99999999999/audio${u.search}`)).status, 404);
  assert.equal((await fetch(`${plaza.url}/_plaza/meetings/${m.id}/audio?participant_id=${bot.id}&token=${token}&token=${token}`)).status, 400);

  await c.ok('DELETE', `/meetings/${m.id}/participants/${bot.id}`, undefined, 204);
  assert.equal((await fetch(ears(bot.audio_url))).status, 409, 'a participant that left hears nothing');
  const ok = await fetch(ears(other.audio_url));
  assert.equal(ok.status, 200, 'the other participant still hears');
  await ok.arrayBuffer();
  await c.ok('POST', `/meetings/${m.id}/end`, { record: false }, 200);
  assert.equal((await fetch(ears(other.audio_url))).status, 409, 'an ended meeting is silent');
  // the next instance has new tokens: the old one does not open it
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  assert.equal((await fetch(ears(other.audio_url))).status, 401);
});
