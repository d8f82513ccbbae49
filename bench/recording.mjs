// Ending a recorded meeting (`make bench`, bench/recording.sh): the end of a
// five-minute meeting (the media cap) with three participants and ten say
// lines, with its cloud recording rendered (M4A, MP4, transcript, chat, each
// participant's audio) vs the same end without recording, the baseline,
// interleaved in one run on one plaza.
//   node recording.mjs URL ADMIN_KEY RUNS
const [url, key, runs] = process.argv.slice(2);
const admin = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function call(method, path, body, headers = admin) {
  const r = await fetch(`${url}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const tag = Date.now().toString(36);
const acc = await call('POST', '/_plaza/accounts', {
  name: `Bench ${tag}`, plan: 'pro',
  owner: { email: `bench-${tag}@example.test`, first_name: 'B', last_name: 'Ench', password: 'bench-password-1' },
});
const app = await call('POST', '/_plaza/apps', { account_id: acc.id, name: `Bench ${tag}`, type: 's2s', scopes: ['meeting:write:admin'] });
const { client_id: id, client_secret: secret } = app.credentials.development;
async function token() {
  const r = await call('POST', `/oauth/token?grant_type=account_credentials&account_id=${acc.id}`, undefined,
                       { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  return { authorization: `Bearer ${r.access_token}`, 'content-type': 'application/json' };
}

// One meeting, five virtual minutes long, ended with or without its recording: the end's milliseconds.
async function meeting(record) {
  const m = await call('POST', `/v2/users/${acc.owner.id}/meetings`, { topic: 'Bench' }, await token());
  await call('POST', `/_plaza/meetings/${m.id}/start`);
  const people = [];
  for (const name of ['Ann', 'Bob', 'Cy']) people.push(await call('POST', `/_plaza/meetings/${m.id}/participants`, { name }));
  for (let i = 0; i < 10; i++) {
    await call('POST', `/_plaza/meetings/${m.id}/say`, { participant_id: people[i % 3].id, text: `Point number ${i} of the agenda is settled.` });
    await call('POST', '/_plaza/clock', { advance: 30 });
  }
  const began = performance.now();
  const ended = await call('POST', `/_plaza/meetings/${m.id}/end`, { record });
  const ms = performance.now() - began;
  if (ended.recorded !== record) throw new Error('the end did not do as asked');
  return ms;
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const plain = [], recorded = [];
for (let i = 0; i < Number(runs); i++) {
  plain.push(await meeting(false));
  recorded.push(await meeting(true));
}
const p = median(plain), r = median(recorded);
console.log(`end of a 5-minute meeting, 3 participants, 10 say lines; median of ${runs} each, interleaved`);
console.log(`  without recording (baseline): ${p.toFixed(1)} ms`);
console.log(`  with its recording rendered:  ${r.toFixed(1)} ms  (${(r / p).toFixed(0)}x the baseline)`);
