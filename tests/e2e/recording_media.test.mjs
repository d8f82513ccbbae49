// A cloud recording's files are real media: a meeting with auto_recording
// "cloud" where people say things and chat ends with an MP4 (AAC and MPEG-4
// video), an M4A, a WebVTT transcript and the chat file, whose file_size is
// the bytes its download_url serves, to the host's token (bearer or
// ?access_token=) or the download token, in byte ranges, and to nobody else.
// Its share_url and each file's play_url are pages that play the files to
// whoever has the recording's passcode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startPlaza, createAccount, createUser, control, userToken, advanceClock, v2, request, CookieJar, browse, hiddenInput,
} from './lib/plaza.mjs';

const run = promisify(execFile);
const SCOPES = ['meeting:read', 'meeting:write', 'recording:read'];
let plaza, acc, c, dir;

before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  c = control(plaza);
  dir = await mkdtemp(join(tmpdir(), 'plaza-rec-'));
});
after(async () => { await plaza.stop(); await rm(dir, { recursive: true, force: true }); });

async function host(account = acc) {
  const u = await createUser(plaza, account.id);
  return { user: u, tok: await userToken(plaza, account.id, u.id, SCOPES) };
}

const path = (url) => { const u = new URL(url); return u.pathname + u.search; };
const get = (url, headers = {}) => fetch(plaza.url + path(url), { headers });
const bytes = async (res) => Buffer.from(await res.arrayBuffer());

async function probe(buf, name) {
  const f = join(dir, name);
  await writeFile(f, buf);
  const { stdout } = await run('/usr/bin/ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', f]);
  return JSON.parse(stdout);
}

const seconds = (t) => { const [h, m, s] = t.split(':'); return Number(h) * 3600 + Number(m) * 60 + Number(s); };

// A recorded meeting: Ann and Bob say three lines and chat two, `length` virtual seconds in all.
async function recorded(h, length) {
  const m = (await v2(plaza, h.tok, 'POST', '/users/me/meetings', { topic: 'Media', settings: { auto_recording: 'cloud' } })).json;
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const ann = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Ann', email: 'ann@example.test' }, 201);
  const bob = await c.ok('POST', `/meetings/${m.id}/participants`, { name: 'Bob' }, 201);
  const said = [];
  const say = async (p, text) => said.push(await c.ok('POST', `/meetings/${m.id}/say`, { participant_id: p.id, text }, 201));
  await advanceClock(plaza, 2);
  await say(ann, 'Good morning, everyone.');
  await c.ok('POST', `/meetings/${m.id}/chat`, { participant_id: bob.id, text: 'Here is the doc' }, 201);
  await advanceClock(plaza, 6);
  await say(bob, 'Morning! Thanks for having me.');
  await advanceClock(plaza, 6);
  await say(ann, 'Let us begin: A&B --> <now>.');
  await c.ok('POST', `/meetings/${m.id}/chat`, { participant_id: ann.id, text: 'Agreed' }, 201);
  await advanceClock(plaza, length - 14);
  const ended = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  assert.equal(ended.recorded, true);
  const r = await v2(plaza, h.tok, 'GET', `/meetings/${m.id}/recordings?include_fields=download_access_token`);
  assert.equal(r.status, 200, r.text);
  return { m, said, ended, rec: r.json };
}

test('the_files_are_real_media_with_their_sizes_and_the_transcript_matches', async () => {
  const h = await host();
  const { said, ended, rec } = await recorded(h, 30);
  const byType = Object.fromEntries(rec.recording_files.map((f) => [f.file_type, f]));
  assert.deepEqual(Object.keys(byType).sort(), ['CHAT', 'M4A', 'MP4', 'TRANSCRIPT']);
  assert.equal(byType.TRANSCRIPT.file_extension, 'VTT');
  assert.equal(byType.TRANSCRIPT.recording_type, 'audio_transcript');
  assert.equal(byType.CHAT.file_extension, 'TXT');
  assert.equal(byType.CHAT.recording_type, 'chat_file');
  const auth = { authorization: `Bearer ${h.tok}` };
  const got = {};
  for (const [type, f] of Object.entries(byType)) {
    const res = await get(f.download_url, auth);
    assert.equal(res.status, 200, type);
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    got[type] = await bytes(res);
    assert.equal(got[type].length, f.file_size, `${type}: file_size is the bytes served`);
    assert.equal(Number(res.headers.get('content-length')), f.file_size);
    assert.match(res.headers.get('content-type'),
      { MP4: /^video\/mp4/, M4A: /^audio\/mp4/, TRANSCRIPT: /^text\/vtt/, CHAT: /^text\/plain/ }[type]);
  }
  const total = (Date.parse(ended.ended_at) - Date.parse(ended.started_at)) / 1000;
  const mp4 = await probe(got.MP4, 'a.mp4');
  assert.deepEqual(mp4.streams.map((s) => s.codec_name).sort(), ['aac', 'mpeg4']);
  assert.ok(Math.abs(Number(mp4.format.duration) - total) <= 1.5, `${mp4.format.duration} s, meeting ${total} s`);
  const m4a = await probe(got.M4A, 'a.m4a');
  assert.deepEqual(m4a.streams.map((s) => s.codec_name), ['aac']);
  assert.ok(Math.abs(Number(m4a.format.duration) - total) <= 1.5, `${m4a.format.duration} s, meeting ${total} s`);
  for (const f of rec.participant_audio_files) {
    const res = await get(f.download_url, auth);
    assert.equal(res.status, 200);
    const b = await bytes(res);
    assert.equal(b.length, f.file_size);
    assert.deepEqual((await probe(b, 'p.m4a')).streams.map((s) => s.codec_name), ['aac']);
  }

  // the transcript: a cue per line, in order, at its time
  const vtt = got.TRANSCRIPT.toString('utf8');
  assert.ok(vtt.startsWith('WEBVTT\n'));
  const cues = [...vtt.matchAll(/(\d+)\n(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n(.*)\n/g)];
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  assert.deepEqual(cues.map((q) => q[4]), said.map((l) => `${l.name}: ${esc(l.text)}`));
  const start = Date.parse(ended.started_at);
  cues.forEach((q, i) => {
    const at = (Date.parse(said[i].at) - start) / 1000;
    assert.ok(Math.abs(seconds(q[2]) - at) <= 1, `cue ${i} at ${q[2]}, said at ${at} s`);
    assert.ok(seconds(q[3]) > seconds(q[2]), 'speech takes time');
    if (i + 1 < cues.length) assert.ok(seconds(q[3]) <= seconds(cues[i + 1][2]), 'cues do not overlap');
  });
  const chat = got.CHAT.toString('utf8').split('\n').filter(Boolean);
  assert.equal(chat.length, 2);
  assert.match(chat[0], /^00:00:0\d\t From  Bob : Here is the doc$/);
  assert.match(chat[1], /^00:00:1\d\t From  Ann : Agreed$/);
});

test('downloads_need_a_token_that_opens_the_recording', async () => {
  const h = await host();
  const { rec } = await recorded(h, 16);
  const f = rec.recording_files.find((x) => x.file_type === 'M4A');
  const want = await bytes(await get(f.download_url, { authorization: `Bearer ${h.tok}` }));
  assert.equal(want.length, f.file_size);

  const refused = async (res) => {
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.code, 124);
    assert.equal(typeof body.message, 'string');
  };
  await refused(await get(f.download_url));
  await refused(await get(f.download_url, { authorization: 'Bearer not-a-token' }));
  await refused(await get(`${f.download_url}?access_token=${h.tok}x`));
  const other = await createAccount(plaza);
  const stranger = await host(other);
  await refused(await get(f.download_url, { authorization: `Bearer ${stranger.tok}` }));
  await refused(await get(`${f.download_url}?access_token=${stranger.tok}`));
  // a colleague of the same account with only user-level scopes is not the host
  const colleague = await host();
  await refused(await get(f.download_url, { authorization: `Bearer ${colleague.tok}` }));
  // another recording's download token does not open this one
  const { rec: rec2 } = await recorded(h, 15);
  await refused(await get(`${f.download_url}?access_token=${rec2.download_access_token}`));

  assert.deepEqual(await bytes(await get(`${f.download_url}?access_token=${h.tok}`)), want);
  assert.deepEqual(await bytes(await get(`${f.download_url}?access_token=${rec.download_access_token}`)), want);
  assert.deepEqual(await bytes(await get(f.download_url, { authorization: `Bearer ${rec.download_access_token}` })), want);
  const hook = f.download_url.replace('/rec/download/', '/rec/webhook_download/');
  assert.deepEqual(await bytes(await get(`${hook}?access_token=${rec.download_access_token}`)), want);
  // a file nobody has, to the host: 404 in Zoom's shape
  const missing = await get(f.download_url.replace(f.id, '00000000-0000-4000-8000-000000000000'), { authorization: `Bearer ${h.tok}` });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).code, 3301);

  // ranges
  const auth = { authorization: `Bearer ${h.tok}` };
  let res = await get(f.download_url, { ...auth, range: 'bytes=10-99' });
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('content-range'), `bytes 10-99/${want.length}`);
  assert.equal(Number(res.headers.get('content-length')), 90);
  assert.deepEqual(await bytes(res), want.subarray(10, 100));
  res = await get(f.download_url, { ...auth, range: 'bytes=-16' });
  assert.equal(res.status, 206);
  assert.deepEqual(await bytes(res), want.subarray(want.length - 16));
  res = await get(f.download_url, { ...auth, range: `bytes=${want.length - 5}-` });
  assert.equal(res.status, 206);
  assert.deepEqual(await bytes(res), want.subarray(want.length - 5));
  res = await get(f.download_url, { ...auth, range: `bytes=${want.length}-` });
  assert.equal(res.status, 416);
  assert.equal(res.headers.get('content-range'), `bytes */${want.length}`);
  await res.arrayBuffer();
  res = await get(f.download_url, { ...auth, range: 'bytes=abc' });
  assert.equal(res.status, 416);
  await res.arrayBuffer();
  res = await get(f.download_url, { ...auth, range: 'bytes=0-1,5-6' });
  assert.equal(res.status, 200, 'several ranges: the whole file');
  assert.deepEqual(await bytes(res), want);
});

test('a_long_meeting_is_capped_and_a_silent_one_has_no_chat_file', async () => {
  const h = await host();
  const m = (await v2(plaza, h.tok, 'POST', '/users/me/meetings', { topic: 'Long', settings: { auto_recording: 'cloud' } })).json;
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await advanceClock(plaza, 3600);
  await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  h.tok = await userToken(plaza, acc.id, h.user.id, SCOPES); // the first one expired during the hour
  const r = await v2(plaza, h.tok, 'GET', `/meetings/${m.id}/recordings`);
  assert.equal(r.status, 200, r.text);
  const rec = r.json;
  assert.deepEqual(rec.recording_files.map((f) => f.file_type).sort(), ['M4A', 'MP4', 'TRANSCRIPT']);
  const f = rec.recording_files.find((x) => x.file_type === 'M4A');
  const b = await bytes(await get(f.download_url, { authorization: `Bearer ${h.tok}` }));
  const d = Number((await probe(b, 'long.m4a')).format.duration);
  assert.ok(Math.abs(d - 300) <= 1, `${d} s: capped at five minutes`);
  const t = rec.recording_files.find((x) => x.file_type === 'TRANSCRIPT');
  assert.equal((await bytes(await get(t.download_url, { authorization: `Bearer ${h.tok}` }))).toString(), 'WEBVTT\n');
});

// The loudest sample of each second of an audio file, decoded by ffmpeg to 16-bit mono.
async function loudness(buf, name) {
  const f = join(dir, name);
  await writeFile(f, buf);
  const { stdout } = await run('/usr/bin/ffmpeg', ['-v', 'error', '-i', f, '-f', 's16le', '-ac', '1', '-ar', '8000', '-'],
    { encoding: 'buffer', maxBuffer: 1 << 26 });
  const peaks = [];
  for (let i = 0; i + 1 < stdout.length; i += 2) {
    const s = Math.floor(i / 2 / 8000);
    peaks[s] = Math.max(peaks[s] ?? 0, Math.abs(stdout.readInt16LE(i)));
  }
  return peaks;
}

test('each_participants_audio_holds_their_own_speech_and_only_the_tone_else', async () => {
  const h = await host();
  const m = (await v2(plaza, h.tok, 'POST', '/users/me/meetings', { topic: 'Voices', settings: { auto_recording: 'cloud' } })).json;
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  const who = {};
  for (const name of ['Ann', 'Bob', 'Cy', 'Dee'])
    who[name] = await c.ok('POST', `/meetings/${m.id}/participants`, { name }, 201);
  const say = (name, text) => c.ok('POST', `/meetings/${m.id}/say`, { participant_id: who[name].id, text }, 201);
  await advanceClock(plaza, 2);
  await say('Ann', 'Good morning, everyone, and welcome.');
  await advanceClock(plaza, 8);
  await say('Bob', 'Thank you, the numbers are ready.');
  await advanceClock(plaza, 10);
  const ended = await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  const start = Date.parse(ended.started_at);
  const rec = (await v2(plaza, h.tok, 'GET', `/meetings/${m.id}/recordings`)).json;
  const auth = { authorization: `Bearer ${h.tok}` };
  const files = {}, peaks = {};
  for (const f of rec.participant_audio_files) {
    const name = f.file_name.replace('Audio only - ', '');
    files[name] = await bytes(await get(f.download_url, auth));
    assert.equal(files[name].length, f.file_size);
    peaks[name] = await loudness(files[name], `${name}.m4a`);
  }
  assert.deepEqual(Object.keys(files).sort(), ['Ann', 'Bob', 'Cy', 'Dee']);
  const { lines } = await c.ok('GET', `/meetings/${m.id}`, undefined, 200);
  const at = (name) => Math.round((Date.parse(lines.find((l) => l.name === name).at) - start) / 1000);
  const loud = (p, s) => Math.max(p[s], p[s + 1]) > 3000;
  // speech is loud, the tone is quiet (300 of 32767)
  assert.ok(loud(peaks.Ann, at('Ann')), `Ann's speech at ${at('Ann')} s: ${peaks.Ann}`);
  assert.ok(!loud(peaks.Ann, at('Bob')), `Ann's file has none of Bob's: ${peaks.Ann}`);
  assert.ok(loud(peaks.Bob, at('Bob')), `Bob's speech at ${at('Bob')} s: ${peaks.Bob}`);
  assert.ok(!loud(peaks.Bob, at('Ann')), `Bob's file has none of Ann's: ${peaks.Bob}`);
  for (const quiet of ['Cy', 'Dee']) {
    assert.ok(Math.max(...peaks[quiet]) < 1500, `${quiet} said nothing: ${peaks[quiet]}`);
    assert.ok(peaks[quiet].length >= 19, `${quiet}'s file lasts the meeting`);
  }
  assert.deepEqual(files.Cy, files.Dee, 'two who said nothing have the same audio');
});

const unescape = (s) => s.replace(/&amp;/g, '&');
const sources = (html) => [...html.matchAll(/<(video|audio)[^>]* src="([^"]+)"/g)].map((x) => [x[1], unescape(x[2])]);

test('the_share_url_and_play_url_pages_play_the_files_behind_the_passcode', async () => {
  const h = await host();
  const { rec } = await recorded(h, 16);
  assert.ok(rec.password, 'the meeting has a passcode, so the recording has one');
  const share = new URL(rec.share_url).pathname;
  const jar = new CookieJar();
  const locked = await browse(plaza, jar, 'GET', share);
  assert.equal(locked.status, 200);
  assert.match(locked.headers.get('content-security-policy'), /media-src 'self'/);
  assert.match(locked.text, /<h1>Media<\/h1>/);
  assert.match(locked.text, /name="passcode"/);
  assert.deepEqual(sources(locked.text), [], 'nothing plays before the passcode');
  assert.doesNotMatch(locked.text, /access_token/);
  const csrf = hiddenInput(locked.text, 'csrf_token');

  const wrong = await browse(plaza, jar, 'POST', share, { form: { csrf_token: csrf, passcode: 'nope' } });
  assert.equal(wrong.status, 403);
  assert.match(wrong.text, /The passcode is wrong/);
  assert.deepEqual(sources(wrong.text), []);
  const stale = await browse(plaza, new CookieJar(), 'POST', share, { form: { csrf_token: csrf, passcode: rec.password } });
  assert.equal(stale.status, 403);
  assert.match(stale.text, /form expired/);
  assert.deepEqual(sources(stale.text), []);

  const open = await browse(plaza, jar, 'POST', share, { form: { csrf_token: csrf, passcode: rec.password } });
  assert.equal(open.status, 200, open.text);
  const played = sources(open.text);
  const byId = Object.fromEntries([...rec.recording_files, ...rec.participant_audio_files].map((f) => [f.id, f]));
  assert.deepEqual(played.map(([tag, src]) => [tag, byId[src.match(/\/rec\/download\/([^?]+)/)[1]]?.file_type]).sort(),
    [['audio', 'M4A'], ['audio', 'M4A'], ['audio', 'M4A'], ['video', 'MP4']].sort(), 'a player for the MP4, the M4A and each participant\'s M4A');
  assert.match(open.text, /Audio transcript \(WebVTT\)/);
  // the players' sources serve the files' bytes, in ranges too
  const [, videoSrc] = played.find(([tag]) => tag === 'video');
  const mp4 = rec.recording_files.find((f) => f.file_type === 'MP4');
  const whole = await fetch(plaza.url + videoSrc);
  assert.equal(whole.status, 200);
  assert.equal((await bytes(whole)).length, mp4.file_size);
  const part = await fetch(plaza.url + videoSrc, { headers: { range: 'bytes=0-99' } });
  assert.equal(part.status, 206);
  assert.equal((await bytes(part)).length, 100);

  // Zoom's links may carry the passcode: ?pwd= opens the page at once
  const direct = await browse(plaza, new CookieJar(), 'GET', `${share}?pwd=${encodeURIComponent(rec.password)}`);
  assert.equal(direct.status, 200);
  assert.equal(sources(direct.text).length, 4);
  const badPwd = await browse(plaza, new CookieJar(), 'GET', `${share}?pwd=wrong`);
  assert.equal(badPwd.status, 403);
  assert.deepEqual(sources(badPwd.text), []);

  // a share token is the recording's own: a forged or altered one names nothing
  const token = share.split('/').pop();
  for (const bad of [`${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`, 'abcd.0123456789abcdef012345', 'x', `${'41'.repeat(40)}.${token.split('.')[1]}`]) {
    const r = await browse(plaza, new CookieJar(), 'GET', `/rec/share/${bad}`);
    assert.equal(r.status, 404, bad);
    assert.doesNotMatch(r.text, /name="passcode"/);
  }

  // a file's play_url plays that file only
  const m4a = rec.recording_files.find((f) => f.file_type === 'M4A');
  const play = new URL(m4a.play_url).pathname;
  const pj = new CookieJar();
  const pl = await browse(plaza, pj, 'GET', play);
  assert.equal(pl.status, 200);
  assert.match(pl.text, /name="passcode"/);
  const po = await browse(plaza, pj, 'POST', play, { form: { csrf_token: hiddenInput(pl.text, 'csrf_token'), passcode: rec.password } });
  assert.equal(po.status, 200);
  assert.deepEqual(sources(po.text).map(([tag, src]) => [tag, src.split('?')[0]]), [['audio', `/rec/download/${m4a.id}`]]);
  assert.equal((await browse(plaza, new CookieJar(), 'GET', '/rec/play/no-such-file')).status, 404);
});

test('a_recording_without_a_passcode_plays_at_once_and_a_trashed_one_is_gone', async () => {
  const h = await host();
  const m = (await v2(plaza, h.tok, 'POST', '/users/me/meetings', { topic: 'Open', password: '', settings: { auto_recording: 'cloud' } })).json;
  await c.ok('POST', `/meetings/${m.id}/start`, undefined, 201);
  await advanceClock(plaza, 5);
  await c.ok('POST', `/meetings/${m.id}/end`, undefined, 200);
  const rec = (await v2(plaza, h.tok, 'GET', `/meetings/${m.id}/recordings`)).json;
  assert.equal(rec.password, '');
  const share = new URL(rec.share_url).pathname;
  const page = await browse(plaza, new CookieJar(), 'GET', share);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /name="passcode"/);
  assert.equal(sources(page.text).length, 2, 'the MP4 and the M4A');
  // trashed, the recording's links open nothing
  const writer = await userToken(plaza, acc.id, h.user.id, [...SCOPES, 'recording:write']);
  const trashed = await v2(plaza, writer, 'DELETE', `/meetings/${m.id}/recordings`);
  assert.equal(trashed.status, 204, trashed.text);
  assert.equal((await browse(plaza, new CookieJar(), 'GET', share)).status, 404);
  assert.equal((await browse(plaza, new CookieJar(), 'GET', new URL(rec.recording_files[0].play_url).pathname)).status, 404);
});

test('wrong_passcodes_on_a_share_page_slow_down_the_next_tries', async () => {
  const h = await host();
  const { rec } = await recorded(h, 16);
  const share = new URL(rec.share_url).pathname;
  const jar = new CookieJar();
  const csrf = hiddenInput((await browse(plaza, jar, 'GET', share)).text, 'csrf_token');
  const tryWith = (passcode) => browse(plaza, jar, 'POST', share, { form: { csrf_token: csrf, passcode } });
  for (let i = 0; i < 5; i++) assert.equal((await tryWith(`wrong-${i}`)).status, 403);
  const waiting = await tryWith(rec.password);
  assert.equal(waiting.status, 429, 'even the right passcode waits');
  assert.match(waiting.text, /Too many wrong passcodes: try again in \d+ seconds/);
  assert.deepEqual(sources(waiting.text), []);
  await advanceClock(plaza, 31);
  const open = await tryWith(rec.password);
  assert.equal(open.status, 200);
  assert.equal(sources(open.text).length, 4);
  assert.equal((await tryWith('wrong-again')).status, 403, 'the right one cleared the count');
});
