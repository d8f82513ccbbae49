// Cold start of plaza: the time from spawning `plaza serve --db :memory:` to
// the first 200 answer from GET /healthz, repeated on fresh ports.
//
//   node bench/coldstart.js <plaza binary> <runs>
//
// Prints one JSON object: {"runs": n, "samples_ms": [...], "median_ms", "max_ms", "min_ms"}.
// The poller retries a raw TCP request as soon as the previous attempt fails
// (connection refused costs ~0.1 ms), so the resolution is well under 1 ms;
// curl in a shell loop costs several ms per attempt and could not resolve this.
'use strict';
const { spawn } = require('child_process');
const net = require('net');

const [plaza, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const ATTEMPT_TIMEOUT_MS = 5000;
if (!plaza) {
  console.error('usage: node coldstart.js <plaza binary> <runs>');
  process.exit(2);
}

let current = null; // the plaza being measured, stopped if we are interrupted
const stopCurrent = () => { if (current && current.exitCode === null) current.kill('SIGKILL'); };
process.on('exit', stopCurrent);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// A port nothing listens on right now (bound to 0, then released).
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// One GET /healthz; resolves true on a 200 status line, false on anything else.
function probe(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    sock.setNoDelay(true);
    sock.once('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    sock.on('data', (d) => {
      got += d;
      if (got.length >= 12) { sock.destroy(); resolve(got.startsWith('HTTP/1.1 200')); }
    });
    sock.once('error', () => { sock.destroy(); resolve(false); });
    sock.once('close', () => resolve(got.startsWith('HTTP/1.1 200')));
  });
}

function waitExit(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
  });
}

async function once() {
  const port = await freePort();
  const args = ['serve', '--db', ':memory:', '--listen', `127.0.0.1:${port}`, '--log-level', 'warn'];
  let stderr = '';
  const t0 = process.hrtime.bigint();
  const child = spawn(plaza, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  current = child;
  child.stderr.on('data', (d) => { stderr += d; });
  let exited = false;
  child.once('exit', () => { exited = true; });
  child.once('error', (e) => { exited = true; stderr += e.message; });
  for (;;) {
    if (await probe(port)) break;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (exited || ms > ATTEMPT_TIMEOUT_MS)
      throw new Error(`plaza did not answer /healthz on port ${port} (${exited ? 'it exited' : 'timeout'}): ${stderr}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  child.kill('SIGTERM');
  await waitExit(child);
  current = null;
  return ms;
}

(async () => {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const r = (x) => Math.round(x * 100) / 100;
  console.log(JSON.stringify({
    runs, samples_ms: samples.map(r), median_ms: r(median), min_ms: r(sorted[0]), max_ms: r(sorted[sorted.length - 1]),
  }));
})().catch((e) => { console.error(`coldstart: ${e.message}`); process.exit(1); });
