// Turns the facts bench/run.sh collected into the summary table (stdout) and
// bench/out/results.json.
//
//   node bench/report.js <facts file> <results.json>
//
// The facts file has one fact a line: `<name> <JSON value>`, e.g.
//   users_me.plaza 41234.5
//   cold_start {"runs":20,"median_ms":9.1,...}
'use strict';
const fs = require('fs');
const path = require('path');

const [factsFile, outFile] = process.argv.slice(2);
const facts = {};
for (const line of fs.readFileSync(factsFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const sp = line.indexOf(' ');
  const name = line.slice(0, sp);
  const value = JSON.parse(line.slice(sp + 1));
  if (name.endsWith('[]')) (facts[name.slice(0, -2)] ||= []).push(value);
  else facts[name] = value;
}

const TARGET = { ratio: 0.5, cold_ms: 20, rss_mb: 10 };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (x) => Math.round(x * 100) / 100;
const r3 = (x) => Math.round(x * 1000) / 1000;

const plaza = facts['users_me.plaza'];
const nginx = facts['users_me.nginx'];
// per wrk run: the server's CPU time per request, and how much CPU other
// processes took meanwhile (0 on a quiet machine; the noise indicator)
const runs = {};
for (const w of facts.wrk || []) {
  runs[w.label] = {
    ...w,
    server_cpu_us_per_request: r2((w.server_cpu_ms * 1000) / w.requests),
    other_cpu_pct: Math.max(0, Math.round(((w.busy_ms - w.server_cpu_ms - w.wrk_cpu_ms) / w.wall_ms / facts.nproc) * 100)),
  };
}
// the interleaved rounds of one comparison (run.sh compare NAME ...)
const roundsOf = (name) => facts[`${name}.plaza`].map((p, i) => {
  const n = facts[`${name}.nginx`][i], pr = runs[`${name}-plaza-${i + 1}`], nr = runs[`${name}-nginx-${i + 1}`];
  return {
    round: i + 1, plaza_rps: p, nginx_rps: n, ratio: r3(p / n),
    plaza_cpu_us_per_request: pr.server_cpu_us_per_request,
    nginx_cpu_us_per_request: nr.server_cpu_us_per_request,
    other_cpu_pct: Math.max(pr.other_cpu_pct, nr.other_cpu_pct),
  };
});
const rounds = roundsOf('users_me');
const medianRatio = r3(median(rounds.map((x) => x.ratio)));
const nginxMedian = median(nginx);
const token = facts['oauth_token.plaza'];
const cold = facts.cold_start;
const rssKb = facts.idle_rss.kb;

const results = {
  date: facts.date,
  machine: { nproc: facts.nproc, cpu: facts.cpu, kernel: facts.kernel, loadavg_1min_at_start: facts.loadavg_start },
  plaza: { binary: facts.plaza_binary, checkout: facts.commit, threads: facts.threads },
  nginx: { version: facts.nginx_version, worker_processes: facts.threads },
  wrk: facts.wrk_config,
  users_me: {
    request: 'GET /v2/users/me, Authorization: Bearer <S2S token>; nginx: return 200 with the same body',
    body_bytes: facts.body_bytes,
    rounds,
    plaza_median_rps: r2(median(plaza)),
    nginx_median_rps: r2(nginxMedian),
    median_ratio: medianRatio,
    target_ratio: TARGET.ratio,
    pass: medianRatio >= TARGET.ratio,
  },
  oauth_token: {
    request: 'POST /oauth/token?grant_type=account_credentials&account_id=..., Basic auth',
    plaza_rps: token,
    ratio_to_nginx_median: r3(token / nginxMedian),
    plaza_cpu_us_per_request: runs.token.server_cpu_us_per_request,
    other_cpu_pct: runs.token.other_cpu_pct,
  },
  wrk_runs: Object.values(runs),
  cold_start: { ...cold, target_ms: TARGET.cold_ms, pass: cold.median_ms <= TARGET.cold_ms },
  idle_rss: {
    ...facts.idle_rss,
    mb: r2(rssKb / 1024),
    target_mb: TARGET.rss_mb,
    pass: rssKb / 1024 <= TARGET.rss_mb,
  },
  rss_after_load_kb: facts['loaded_rss.kb'],
};
if (facts.webhooks) {
  results.webhooks = {
    path: 'POST /v2/users/me/meetings (S2S token) -> meeting.created delivered to local Node endpoints, acknowledged 200',
    ...facts.webhooks,
  };
}

const comparisons = {}; // name -> { rounds, medians, ratio }
for (const [name, request, bytes] of [
  ['meeting_get', 'GET /v2/meetings/{id} (S2S token), 100,000 meetings stored; nginx: the same body from a file',
   facts.meeting_body_bytes],
  ['meeting_list_300', 'GET /v2/users/me/meetings?page_size=300 (S2S token), 100,000 meetings stored; nginx: the same body from a file',
   facts.list300_body_bytes],
]) {
  if (!facts[`${name}.plaza`]) continue;
  const rs = roundsOf(name);
  comparisons[name] = {
    request, body_bytes: bytes, rounds: rs,
    plaza_median_rps: r2(median(facts[`${name}.plaza`])),
    nginx_median_rps: r2(median(facts[`${name}.nginx`])),
    median_ratio: r3(median(rs.map((x) => x.ratio))),
  };
}
if (facts.meetings) {
  results.meetings = {
    latency: 'one host, sequential requests, 100 samples each: list pages of 300 and 30, one meeting',
    ...facts.meetings,
    ...comparisons,
  };
}

// HTTPS (bench_tls): pairs of interleaved rounds, each round's ratio a/b
const pairOf = (name, a, b) => {
  const as = facts[`${name}.${a}`] || [], bs = facts[`${name}.${b}`] || [];
  const ratios = as.map((x, i) => r3(x / bs[i]));
  return { [`${a}_rps`]: as, [`${b}_rps`]: bs, ratios, median_ratio: r3(median(ratios)) };
};
if (facts['tls_keepalive.tls']) {
  results.tls = {
    certificate: 'one EC P-256 certificate for plaza (--tls-cert) and nginx; TLS 1.3 as negotiated by wrk',
    keepalive_vs_plain: { request: 'GET /v2/users/me over HTTPS vs plain HTTP, keep-alive, plaza', ...pairOf('tls_keepalive', 'tls', 'plain') },
    keepalive_vs_nginx: { request: 'GET /v2/users/me over HTTPS, keep-alive, plaza vs nginx return 200', ...pairOf('tls_vs_nginx', 'plaza', 'nginx') },
    handshakes_vs_nginx: { request: 'a new TLS connection per request (Connection: close), plaza vs nginx', ...pairOf('tls_handshakes', 'plaza', 'nginx') },
  };
}

fs.mkdirSync(path.dirname(outFile), { recursive: true });
// indented, but arrays of numbers on one line
const json = JSON.stringify(results, null, 2).replace(/\[[\d.,\s-]*\]/g, (a) => a.replace(/\s+/g, ''));
fs.writeFileSync(outFile, json + '\n');

// ---- the table ----
const ok = (pass) => (pass ? 'ok' : 'MISS');
const num = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const rows = [];
const us = (x) => `${x.toFixed(1)} us`;
for (const x of rounds)
  rows.push([`users/me round ${x.round}`, `plaza ${num(x.plaza_rps)} req/s`, `nginx ${num(x.nginx_rps)} req/s`,
    `ratio ${x.ratio.toFixed(3)}`,
    `CPU/req plaza ${us(x.plaza_cpu_us_per_request)}, nginx ${us(x.nginx_cpu_us_per_request)}; ` +
    `others ${x.other_cpu_pct}% CPU`]);
rows.push(['users/me median ratio', `plaza ${num(median(plaza))} req/s`, `nginx ${num(nginxMedian)} req/s`,
  `ratio ${medianRatio.toFixed(3)}`, `>= ${TARGET.ratio}  ${ok(results.users_me.pass)}`]);
if (results.tls) {
  const t = results.tls, med = (xs) => num(median(xs));
  rows.push(['users/me HTTPS vs HTTP (plaza)', `https ${med(t.keepalive_vs_plain.tls_rps)} req/s`,
    `http ${med(t.keepalive_vs_plain.plain_rps)} req/s`, `ratio ${t.keepalive_vs_plain.median_ratio.toFixed(3)}`,
    'keep-alive; the cost of TLS on a warm connection']);
  rows.push(['users/me HTTPS, plaza vs nginx', `plaza ${med(t.keepalive_vs_nginx.plaza_rps)} req/s`,
    `nginx ${med(t.keepalive_vs_nginx.nginx_rps)} req/s`, `ratio ${t.keepalive_vs_nginx.median_ratio.toFixed(3)}`,
    'keep-alive, same certificate']);
  rows.push(['TLS handshakes/s, plaza vs nginx', `plaza ${med(t.handshakes_vs_nginx.plaza_rps)}/s`,
    `nginx ${med(t.handshakes_vs_nginx.nginx_rps)}/s`, `ratio ${t.handshakes_vs_nginx.median_ratio.toFixed(3)}`,
    'a new connection per request, same certificate']);
}
rows.push(['POST /oauth/token (S2S)', `plaza ${num(token)} req/s`, '',
  `${results.oauth_token.ratio_to_nginx_median.toFixed(3)} x nginx`,
  `CPU/req plaza ${us(results.oauth_token.plaza_cpu_us_per_request)}; others ${runs.token.other_cpu_pct}% CPU (context)`]);
rows.push([`cold start (${cold.runs} runs)`, `median ${cold.median_ms.toFixed(1)} ms`, `max ${cold.max_ms.toFixed(1)} ms`,
  `min ${cold.min_ms.toFixed(1)} ms`, `median <= ${TARGET.cold_ms} ms  ${ok(results.cold_start.pass)}`]);
rows.push(['idle RSS (:memory:)', `${results.idle_rss.mb.toFixed(2)} MB`,
  `anon ${r2(facts.idle_rss.rss_anon_kb / 1024)} + file ${r2(facts.idle_rss.rss_file_kb / 1024)} MB`,
  `PSS ${r2(facts.idle_rss.pss_kb / 1024)} MB`,
  `<= ${TARGET.rss_mb} MB  ${ok(results.idle_rss.pass)}`]);
for (const w of facts.webhooks ? facts.webhooks.runs : []) {
  const label = `webhooks, ${w.endpoints} endpoint${w.endpoints > 1 ? 's' : ''}`;
  const ms = (x) => `${x < 10 ? x.toFixed(1) : num(x)} ms`;
  const sat = w.saturated, paced = w.paced;
  const lost = (p) => (p.all_delivered ? '' : `; ${p.deliveries_expected - p.deliveries_acknowledged} NOT DELIVERED`);
  rows.push([`${label}, saturated`, `${num(sat.delivered_per_s)} deliveries/s`, `${num(sat.changes_fully_delivered_per_s)} changes/s`,
    `p50 ${ms(sat.latency_ms.p50)}, p99 ${ms(sat.latency_ms.p99)}`,
    `change -> endpoint; <= ${w.window} unacknowledged${lost(sat)}`]);
  rows.push([`${label}, paced`, `${num(paced.delivered_per_s)} deliveries/s`, `${paced.rate_per_s} changes/s`,
    `p50 ${ms(paced.latency_ms.p50)}, p99 ${ms(paced.latency_ms.p99)}`, `half the saturated pace (<= 50/s)${lost(paced)}`]);
  if (w.backlog)
    rows.push([`${label}, ${num(w.backlog.queued)} queued`, `${num(w.backlog.delivered_per_s)} deliveries/s`, '', '',
      `over ${w.backlog.seconds} s (vs ${num(sat.delivered_per_s)}/s with <= ${w.window} queued)`]);
}

if (facts.meetings) {
  const ms = (x) => `${x.toFixed(2)} ms`;
  for (const l of facts.meetings.levels)
    rows.push([`meetings: ${num(l.meetings)} stored`, `list 300 p50 ${ms(l.list_300.p50_ms)}`,
      `list 30 p50 ${ms(l.list_30.p50_ms)}`, `get p50 ${ms(l.get_one.p50_ms)}`,
      `p99: ${ms(l.list_300.p99_ms)}, ${ms(l.list_30.p99_ms)}, ${ms(l.get_one.p99_ms)}`]);
  const first = facts.meetings.levels[0], last = facts.meetings.levels.at(-1);
  if (first !== last)
    rows.push([`meetings: ${num(first.meetings)} -> ${num(last.meetings)}`,
      `list 300 x${(last.list_300.p50_ms / first.list_300.p50_ms).toFixed(2)}`,
      `list 30 x${(last.list_30.p50_ms / first.list_30.p50_ms).toFixed(2)}`,
      `get x${(last.get_one.p50_ms / first.get_one.p50_ms).toFixed(2)}`, 'growth of p50 latency']);
  for (const [name, label] of [['meeting_get', 'GET /v2/meetings/{id}'], ['meeting_list_300', 'list page of 300']]) {
    const c = comparisons[name];
    if (!c) continue;
    for (const x of c.rounds)
      rows.push([`${label} round ${x.round}`, `plaza ${num(x.plaza_rps)} req/s`, `nginx ${num(x.nginx_rps)} req/s`,
        `ratio ${x.ratio.toFixed(3)}`, `others ${x.other_cpu_pct}% CPU`]);
    rows.push([`${label} median ratio`, `plaza ${num(c.plaza_median_rps)} req/s`, `nginx ${num(c.nginx_median_rps)} req/s`,
      `ratio ${c.median_ratio.toFixed(3)}`, `${num(c.body_bytes)} byte body, ${num(last.meetings)} meetings`]);
  }
}

const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
const w = facts.wrk_config;
console.log(`\nplaza bench — ${facts.date}, ${facts.nproc} cores (${facts.cpu}), plaza ${facts.threads} threads, ` +
  `nginx ${facts.threads} workers, wrk -t${w.threads} -c${w.connections} -d${w.duration_s}s`);
console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, 0)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
console.log(`\nwritten to ${outFile}`);
