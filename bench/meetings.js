// Seeds one host's meetings through the REST API up to 1,000, 10,000 and
// 100,000, and at each size measures the latency of listing them
// (GET /v2/users/me/meetings, pages of 300 and of 30) and of reading one
// (GET /v2/meetings/{id}). Prints one JSON document for report.js.
//
//   node bench/meetings.js PLAZA_URL TOKEN [LEVELS]   (LEVELS: "1000,10000,100000")
'use strict';

const [url, token, levelsArg] = process.argv.slice(2);
const levels = (levelsArg || '1000,10000,100000').split(',').map(Number);
const CONCURRENCY = 32;
const SAMPLES = 100;
const auth = { authorization: `Bearer ${token}` };

async function create(n) {
  // start times spread over the coming year so that every meeting is "scheduled" and upcoming
  const start = new Date(Date.UTC(2031, 0, 1) + n * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await fetch(`${url}/v2/users/me/meetings`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ topic: `Bench meeting ${n}`, type: 2, start_time: start, duration: 30 }),
  });
  const body = await r.json();
  if (r.status !== 201) throw new Error(`create ${n}: ${r.status} ${JSON.stringify(body)}`);
  return body.id;
}

async function seedTo(have, want) {
  let next = have;
  let lastId = 0;
  const worker = async () => {
    while (next < want) {
      const n = next++;
      lastId = await create(n);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: (performance.now() - t0) / 1000, lastId };
}

// p50 and p99 of SAMPLES sequential requests, in milliseconds.
async function latency(path) {
  const ms = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const r = await fetch(url + path, { headers: auth });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const pick = (q) => Number(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(3));
  return { p50_ms: pick(0.5), p99_ms: pick(0.99) };
}

async function main() {
  const out = { levels: [], seed: [] };
  let have = 0;
  let meetingId = 0;
  for (const want of levels) {
    const s = await seedTo(have, want);
    out.seed.push({ from: have, to: want, per_second: Math.round((want - have) / s.seconds) });
    have = want;
    meetingId = s.lastId || meetingId;
    const check = await (await fetch(`${url}/v2/users/me/meetings?page_size=1`, { headers: auth })).json();
    if (check.total_records !== want) throw new Error(`expected ${want} meetings, the list says ${check.total_records}`);
    out.levels.push({
      meetings: want,
      list_300: await latency('/v2/users/me/meetings?page_size=300'),
      list_30: await latency('/v2/users/me/meetings?page_size=30'),
      get_one: await latency(`/v2/meetings/${meetingId}`),
    });
    process.stderr.write(`bench: ${want} meetings: ${JSON.stringify(out.levels.at(-1))}\n`);
  }
  out.meeting_id = meetingId;
  console.log(JSON.stringify(out));
}

main().catch((e) => { console.error(`bench: meetings: ${e.message}`); process.exit(1); });
