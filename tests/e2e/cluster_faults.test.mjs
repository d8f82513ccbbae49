// Faults of a plaza running as several nodes on one PostgreSQL store (run by
// `tests/e2e/run.sh BIN cluster`, skipped otherwise): a node killed with
// SIGKILL in the middle of a burst of API writes and webhook deliveries, and
// PostgreSQL restarted under running nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, nodeCount, control, v2 } from './lib/plaza.mjs';
import { startReceiver, subscribeActive, tenant, waitFor } from './lib/receiver.mjs';

const cluster = nodeCount > 1 ? {} : { skip: 'runs with three nodes (tests/e2e/run.sh BIN cluster)' };
const clusterScript = new URL('../pg/cluster.sh', import.meta.url).pathname;

test('a_node_killed_mid_burst_loses_no_acknowledged_write_and_every_event_is_delivered', cluster, async () => {
  const plaza = await startPlaza();
  const secret = 'burst-secret-0123456789';
  const rx = await startReceiver({ secret });
  try {
    const t = await tenant(plaza);
    await subscribeActive(plaza, t.app.id, rx.url, ['meeting.created'], { secret_token: secret });
    const victim = plaza.nodes[1];
    const acked = [];
    let failed = 0;
    const write = async (i) => {
      try {
        const r = await v2(plaza, t.tok, 'POST', '/users/me/meetings', { topic: `Burst ${i}` });
        if (r.status === 201) acked.push(r.json.id); else failed++;
      } catch { failed++; }
    };
    const burst = [];
    for (let i = 0; i < 120; i++) {
      burst.push(write(i));
      if (i === 40) process.kill(victim.proc.pid, 'SIGKILL');
      if (i % 8 === 7) await Promise.all(burst.splice(0)); /* eight in flight at a time */
    }
    await Promise.all(burst);
    assert.ok(acked.length >= 100, `most writes are acknowledged (${acked.length}, ${failed} refused)`);
    // every acknowledged meeting is in the store, read through the surviving nodes
    for (const id of acked) {
      const r = await v2(plaza, t.tok, 'GET', `/meetings/${id}`);
      assert.equal(r.status, 200, `meeting ${id}: ${r.text}`);
    }
    // every acknowledged meeting's event arrives, at least once: the dead node's claims end with their lease
    const seen = () => {
      const counts = new Map();
      for (const q of rx.requests) {
        const id = q.json?.payload?.object?.id;
        if (q.json?.event === 'meeting.created' && id) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    await waitFor(() => acked.every((id) => seen().has(id)),
                  { timeout: 40000, interval: 250, what: 'every acknowledged meeting.created delivered' });
    const dupes = [...seen().values()].filter((n) => n > 1).length;
    console.log(`# burst: ${acked.length} acknowledged, ${failed} refused, ${dupes} events delivered twice`);
    // the survivors keep serving
    const r = await v2(plaza, t.tok, 'GET', '/users/me/meetings');
    assert.equal(r.status, 200, r.text);
  } finally {
    rx.close();
    for (const n of plaza.nodes) if (n.proc.exitCode === null && n !== plaza.nodes[1]) await n.stop();
    plaza.balancer?.stop();
  }
});

test('postgresql_restarted_under_running_nodes_gives_fast_zoom_errors_then_recovers', cluster, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-pg-restart-'));
  chmodSync(dir, 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = execFileSync('bash', [clusterScript, 'start', dir, String(port)]).toString().trim();
  let plaza;
  try {
    plaza = await startPlaza({ pg: url });
    const t = await tenant(plaza);
    assert.equal((await v2(plaza, t.tok, 'GET', '/users/me/meetings')).status, 200);
    execFileSync('bash', [clusterScript, 'stop', dir]);
    for (let i = 0; i < 6; i++) {
      const began = performance.now();
      const r = await v2(plaza, t.tok, 'POST', '/users/me/meetings', { topic: 'During the outage' });
      const took = performance.now() - began;
      assert.ok(r.status >= 500, `refused while the store is down: ${r.status} ${r.text}`);
      assert.equal(typeof r.json?.code, 'number', `Zoom's error shape: ${r.text}`);
      assert.equal(typeof r.json?.message, 'string');
      assert.ok(took < 3000, `fails fast (${Math.round(took)} ms)`);
    }
    execFileSync('bash', [clusterScript, 'start', dir, String(port)]);
    // every node reconnects by itself: a write and a read through each
    await waitFor(async () => (await v2(plaza, t.tok, 'POST', '/users/me/meetings', { topic: 'After' })).status === 201,
                  { timeout: 15000, interval: 200, what: 'a write after PostgreSQL is back' });
    for (let i = 0; i < 2 * nodeCount; i++) {
      const r = await v2(plaza, t.tok, 'GET', '/users/me/meetings');
      assert.equal(r.status, 200, r.text);
    }
    await plaza.stop();
    plaza = null;
  } finally {
    if (plaza) {
      for (const n of plaza.nodes) if (n.proc.exitCode === null) n.proc.kill('SIGKILL');
      plaza.balancer.stop();
    }
    execFileSync('bash', [clusterScript, 'stop', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
