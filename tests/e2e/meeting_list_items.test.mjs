// A page of meetings copies each item as it was rendered with the meeting's
// last change (migration 16); rows from before that have none and are
// rendered when read. Both give the same bytes, and every change re-renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, createAccount, createApp, token, v2, request } from './lib/plaza.mjs';

let plaza, dir, db, access;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plaza-items-'));
  db = join(dir, 'plaza.db');
  plaza = await startPlaza({ args: ['--db', db] });
  const acct = await createAccount(plaza);
  const app = await createApp(plaza, acct.id, { type: 's2s', redirect_url: undefined,
    scopes: ['meeting:read:admin', 'meeting:write:admin'] });
  const t = await token(plaza, app.credentials.development.client_id, app.credentials.development.client_secret,
    { grant_type: 'account_credentials', account_id: acct.id });
  access = t.json.access_token;
});
after(async () => {
  await plaza.stop();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (size = 300) => (await request(plaza, 'GET', `/v2/users/me/meetings?page_size=${size}`,
  { headers: { authorization: `Bearer ${access}` } })).text;

test('stored_items_and_items_rendered_on_read_are_the_same_bytes', async () => {
  const bodies = [
    { topic: 'plain', type: 2, start_time: '2030-01-02T03:04:05Z', duration: 45, timezone: 'Europe/Paris', agenda: 'a' },
    { topic: 'quotes " and \\ and \u0001 and é 😀', type: 2, agenda: '"join_url":"\u0001' },
    { topic: 'no password', type: 2, password: '', default_password: false },
    { topic: 'recurring', type: 8, recurrence: { type: 1, repeat_interval: 1, end_times: 2 }, start_time: '2030-01-02T03:04:05Z' },
  ];
  for (const b of bodies) assert.equal((await v2(plaza, access, 'POST', '/users/me/meetings', b)).status, 201);
  const first = await v2(plaza, access, 'GET', '/users/me/meetings?page_size=1');
  assert.equal((await v2(plaza, access, 'PATCH', `/meetings/${first.json.meetings[0].id}`, { topic: 'renamed' })).status, 204);
  const stored = await page();
  const parsed = JSON.parse(stored);
  assert.equal(parsed.meetings.length, 4);
  assert.ok(parsed.meetings.some((m) => m.topic === 'renamed'), 'an update re-renders the item');
  assert.ok(parsed.meetings.some((m) => m.agenda === '"join_url":"\u0001'), 'text that looks like the mark is kept');
  for (const m of parsed.meetings) assert.match(m.join_url, new RegExp(`^${plaza.url}/j/${m.id}`));
  // as rows written before the items were stored
  execFileSync('sqlite3', [db, 'UPDATE meetings SET item_head = NULL, item_tail = NULL']);
  assert.equal(await page(), stored);
  const two = JSON.parse(await page(2));
  assert.equal(two.meetings.length, 2);
  assert.ok(two.next_page_token, 'paging still works');
});
