// The portal's first load (`make bench`, bench/portal.sh): what a browser
// fetches to show /marketplace (the page, its stylesheet, every JS module it
// imports, wave by wave as a browser discovers them, each wave in parallel),
// from plaza and from nginx serving the same files from disk, over
// 127.0.0.1. Prints bytes, the median and p90 time of a first load (no cache)
// and of a reload (If-None-Match on every file: 304s), and the ratio
// plaza/nginx, measured in the same run, interleaved.
//
//   node bench/portal.mjs PLAZA_URL NGINX_URL [RUNS]
const [plazaUrl, nginxUrl, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 30);
const BUDGET = 150 * 1024; // the asset total the portal keeps under (README, Benchmarks)

const refsOf = (path, text) => {
  const out = new Set();
  if (path.endsWith('.html')) for (const m of text.matchAll(/(?:src|href)="(\/marketplace\/[^"]+)"/g)) out.add(m[1]);
  if (path.endsWith('.js')) {
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"\n]*?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      out.add(new URL(m[1], `http://x${path}`).pathname);
    }
  }
  return [...out];
};

// One load: waves of parallel fetches; `etags` given: a reload with If-None-Match.
async function load(base, etags) {
  const seen = new Map(); // path -> { bytes, status, etag }
  let wave = ['/marketplace'];
  const t0 = process.hrtime.bigint();
  while (wave.length) {
    const got = await Promise.all(wave.map(async (p) => {
      const headers = etags?.get(p) ? { 'if-none-match': etags.get(p) } : {};
      const r = await fetch(base + p, { headers });
      const body = r.status === 200 ? await r.text() : (await r.arrayBuffer(), '');
      if (r.status !== 200 && r.status !== 304) throw new Error(`${base}${p}: ${r.status}`);
      seen.set(p, { bytes: Buffer.byteLength(body), status: r.status, etag: r.headers.get('etag') });
      return [p === '/marketplace' ? '/index.html' : p, body];
    }));
    const next = new Set();
    for (const [p, body] of got) for (const ref of refsOf(p, body)) if (!seen.has(ref)) next.add(ref);
    // a reload learns nothing from a 304: it follows the first load's graph
    if (etags) for (const p of wave) for (const ref of etags.graph.get(p) ?? []) if (!seen.has(ref)) next.add(ref);
    if (!etags) for (const [p, body] of got) (load.graph ??= new Map()).set(p === '/index.html' ? '/marketplace' : p, refsOf(p, body));
    wave = [...next];
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, seen };
}

const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

const first = await load(plazaUrl);
const files = [...first.seen].map(([p, v]) => ({ path: p, bytes: v.bytes }));
const total = files.reduce((n, f) => n + f.bytes, 0);
const etags = new Map([...first.seen].map(([p, v]) => [p, v.etag]));
etags.graph = load.graph;
const times = { plaza: { cold: [], reload: [] }, nginx: { cold: [], reload: [] } };
for (let i = 0; i < RUNS; i++) {
  for (const [name, base] of [['plaza', plazaUrl], ['nginx', nginxUrl]]) {
    times[name].cold.push((await load(base)).ms);
  }
  times.plaza.reload.push((await load(plazaUrl, etags)).ms);
}
const med = (n, k) => pct(times[n][k], 0.5);
const result = {
  files: files.length, bytes: total, budget: BUDGET, within_budget: total <= BUDGET,
  plaza_first_load_ms: { median: med('plaza', 'cold'), p90: pct(times.plaza.cold, 0.9) },
  nginx_first_load_ms: { median: med('nginx', 'cold'), p90: pct(times.nginx.cold, 0.9) },
  plaza_reload_ms: { median: med('plaza', 'reload'), p90: pct(times.plaza.reload, 0.9) },
  first_load_ratio_plaza_over_nginx: +(med('plaza', 'cold') / med('nginx', 'cold')).toFixed(2),
  reload_all_304: [...(await load(plazaUrl, etags)).seen.values()].every((v) => v.status === 304),
};
console.log(`portal first load: ${files.length} files, ${(total / 1024).toFixed(1)} KiB (budget ${BUDGET / 1024} KiB: ${result.within_budget ? 'within' : 'OVER'})`);
console.log(`  plaza ${result.plaza_first_load_ms.median.toFixed(2)} ms median (p90 ${result.plaza_first_load_ms.p90.toFixed(2)}), ` +
            `nginx ${result.nginx_first_load_ms.median.toFixed(2)} ms: ratio ${result.first_load_ratio_plaza_over_nginx}`);
console.log(`  reload with If-None-Match: ${result.plaza_reload_ms.median.toFixed(2)} ms median, all 304: ${result.reload_all_304}`);
console.log(JSON.stringify(result));
if (!result.within_budget) process.exitCode = 1;
