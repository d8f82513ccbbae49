// At least once across a crash: plaza on a database file takes a burst of
// meeting creations by several users while a slow endpoint acknowledges their
// meeting.created deliveries; plaza is killed with SIGKILL in the middle and
// started again on the same file (on another port). Every change that was
// acknowledged with 201 is delivered in the end (duplicates allowed), and a
// delivery waiting for its retry keeps its schedule on the stored clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, createAccount, createUser, createApp, userToken, v2, control, advanceClock } from './lib/plaza.mjs';
import { startReceiver, subscribeActive, deliveries, waitDeliveries, waitFor, tenant, eventsAnswer } from './lib/receiver.mjs';

const SECRET = 'crash-secret-0123456789';
const CHANGES = 200;
const USERS = 4;
const KILL_AFTER = 100; // acknowledged creations before the kill

test('a_kill_9_in_the_middle_of_a_delivery_burst_loses_no_event', async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-crash-'));
  const db = join(dir, 'x.db');
  // slow: each event is acknowledged after 30 ms, so deliveries are in flight when plaza dies
  const rx = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, () => ({ status: 200, json: {}, delayMs: 30 })) });
  const failing = await startReceiver({ secret: SECRET, respond: eventsAnswer(SECRET, () => ({ status: 500 })) });
  let plaza = await startPlaza({ args: ['--db', db] });
  const first = plaza;
  let second;
  try {
    const acc = await createAccount(plaza);
    const app = await createApp(plaza, acc.id, { scopes: ['meeting:read'] });
    const sub = await subscribeActive(plaza, app.id, rx.url, ['meeting.created'], { secret_token: SECRET });
    const tokens = [];
    for (let i = 0; i < USERS; i++) {
      const u = await createUser(plaza, acc.id);
      tokens.push(await userToken(plaza, acc.id, u.id, ['meeting:write']));
    }
    // a delivery waiting for its 5-minute retry when plaza dies
    const t = await tenant(plaza);
    const subFailing = await subscribeActive(plaza, t.app.id, failing.url, ['meeting.created'], { secret_token: SECRET });
    await t.meeting();
    const [retrying] = await waitDeliveries(plaza, { subscription_id: subFailing.id, event: 'meeting.created' },
                                            (l) => l[0]?.status === 'retrying');

    // the burst: 8 clients share the changes round the users; plaza is killed
    // after KILL_AFTER acknowledgements, and the rest of the burst goes to the
    // plaza started again on the same database (the endpoint did not move)
    const made = [];
    let next = 0, killed = false, receivedAtKill = 0;
    const client = async () => {
      while (next < CHANGES) {
        const n = next++;
        let r;
        try {
          r = await v2(plaza, tokens[n % USERS], 'POST', '/users/me/meetings', { topic: `Burst ${n}` });
        } catch {
          return; // plaza is gone: this change may or may not have been made
        }
        assert.equal(r.status, 201, r.text);
        made.push(r.json.id);
        if (made.length === KILL_AFTER && !killed) {
          killed = true;
          receivedAtKill = new Set(rx.events().map((q) => q.json.payload.object.id)).size;
          const exited = once(plaza.proc, 'exit');
          process.kill(plaza.proc.pid, 'SIGKILL');
          await exited;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    assert.ok(killed, 'plaza was killed during the burst');
    assert.ok(receivedAtKill < made.length, `the kill came while deliveries were outstanding (${receivedAtKill} of ${made.length} received)`);
    second = await startPlaza({ args: ['--db', db] });
    plaza = second;
    await Promise.all(Array.from({ length: 8 }, client));
    assert.ok(made.length >= CHANGES - 8, `${made.length} changes acknowledged`);

    const ids = () => new Set(rx.events().map((q) => q.json.payload.object.id));
    await waitFor(() => made.every((id) => ids().has(id)), { timeout: 20000, what: 'every acknowledged change delivered' });
    assert.ok(ids().size >= made.length, `${ids().size} distinct events for ${made.length} changes`);
    const all = await waitDeliveries(plaza, { subscription_id: sub.id, event: 'meeting.created' },
                                     (l) => l.length >= made.length && l.every((d) => d.status === 'delivered'), { timeout: 20000 });
    assert.equal(all.length, ids().size, 'one delivery per event stored');
    ctx.diagnostic(`${made.length} changes acknowledged, ${receivedAtKill} delivered at the kill, ` +
                   `${ids().size} distinct events and ${rx.events().length} requests received in all`);

    // the retry is still due 5 minutes after its attempt, on the clock the file kept
    const after = (await deliveries(plaza, { subscription_id: subFailing.id, event: 'meeting.created' }))[0];
    assert.equal(after.status, 'retrying');
    assert.equal(after.next_attempt_at, retrying.next_attempt_at);
    await advanceClock(plaza, 5 * 60);
    await waitDeliveries(plaza, { subscription_id: subFailing.id, event: 'meeting.created' }, (l) => l[0].attempts === 2 && l[0].status === 'retrying');
    assert.equal(failing.events().length, 2);
    await control(plaza).ok('DELETE', `/apps/${t.app.id}/event_subscriptions/${subFailing.id}`, undefined, 204);
  } finally {
    if (second) await second.stop();
    else if (plaza.proc.exitCode === null) plaza.proc.kill('SIGKILL');
    /* with several nodes, the first plaza's other nodes outlived the kill of its first */
    for (const n of first.nodes ?? []) if (n.proc.exitCode === null) n.proc.kill('SIGKILL');
    first.balancer?.stop();
    await rx.close();
    await failing.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
