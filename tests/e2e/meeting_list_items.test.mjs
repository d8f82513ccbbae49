// A page of meetings copies each item as it was rendered with the meeting's
// last change (table meeting_texts, migration 16), and GET /meetings/{id}
// the object with this request's host e-mail, status, start URL and join
// origin put in; rows from before have none and are rendered when read. Both give the
// same bytes, and every change re-renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, createAccount, createApp, token, v2, request, control, onlySqlite } from './lib/plaza.mjs';

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

test('stored_items_and_items_rendered_on_read_are_the_same_bytes', { skip: onlySqlite }, async () => {
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
  execFileSync('sqlite3', [db, 'DELETE FROM meeting_texts']);
  assert.equal(await page(), stored);
  const two = JSON.parse(await page(2));
  assert.equal(two.meetings.length, 2);
  assert.ok(two.next_page_token, 'paging still works');
});

test('stored_objects_and_objects_rendered_on_read_are_the_same_bytes', { skip: onlySqlite }, async () => {
  const made = [];
  for (const b of [
    { topic: 'object " \\ \u0001 é', type: 2, agenda: '"host_email":"\u0001" "status":"\u0001"', start_time: '2030-01-02T03:04:05Z' },
    { topic: 'recurring object', type: 8, recurrence: { type: 1, repeat_interval: 1, end_times: 3 }, start_time: '2030-01-02T03:04:05Z' },
    { topic: 'no password', type: 2, password: '', default_password: false },
  ]) {
    const r = await v2(plaza, access, 'POST', '/users/me/meetings', b);
    assert.equal(r.status, 201, r.text);
    made.push(r.json.id);
  }
  assert.equal((await v2(plaza, access, 'PATCH', `/meetings/${made[0]}`, { duration: 75 })).status, 204);
  // the status is put in per request: a started meeting shows it without a re-render
  await control(plaza).ok('POST', `/meetings/${made[2]}/start`, {});
  const get = async (id) => (await request(plaza, 'GET', `/v2/meetings/${id}`,
    { headers: { authorization: `Bearer ${access}` } })).text.replace(/zak=[^"]*/, 'zak=Z');
  const stored = [];
  for (const id of made) stored.push(await get(id));
  const first = JSON.parse(stored[0]);
  assert.equal(first.duration, 75, 'an update re-renders the object');
  assert.equal(first.agenda, '"host_email":"\u0001" "status":"\u0001"', 'text like the marks is kept');
  assert.match(first.host_email, /@/);
  assert.equal(first.status, 'waiting');
  assert.equal(JSON.parse(stored[2]).status, 'started');
  execFileSync('sqlite3', [db, 'DELETE FROM meeting_texts']);
  for (const [i, id] of made.entries()) assert.equal(await get(id), stored[i], `meeting ${id}`);
  // an occurrence, a deleted meeting and someone else's are answered as before
  assert.equal((await v2(plaza, access, 'GET', `/meetings/${made[1]}?occurrence_id=nope`)).status, 400);
});
