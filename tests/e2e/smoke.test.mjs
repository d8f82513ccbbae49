// The binary starts, answers /healthz, and stops cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, request } from './lib/plaza.mjs';

test('healthz_answers_ok_and_server_stops_cleanly', async () => {
  const plaza = await startPlaza();
  const r = await request(plaza, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  await plaza.stop();
});
