// Publishable URLs and listing media as a developer drives them from the CLI
// and the control API: showing the link is the default and changes nothing;
// a new link is asked for explicitly and says which link it kills; the state
// says why a link went stale (an edit, the end of a sharing window). Media
// are deleted and replaced, and the checklist follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlaza, control, createAccount, createApp, assertProblem, advanceClock } from './lib/plaza.mjs';
import { png, pdf, upload, readyApp } from './lib/market.mjs';

let plaza, c, dev;
const servers = [];
before(async () => { plaza = await startPlaza(); c = control(plaza); dev = await createAccount(plaza); });
after(async () => { for (const s of servers) await s.close(); await plaza.stop(); });

function cli(args) {
  const env = { ...process.env, PLAZA_URL: plaza.url, PLAZA_ADMIN_KEY: plaza.adminKey };
  return new Promise((resolve) => {
    execFile(process.env.PLAZA_BIN, args, { env, timeout: 20000 }, (err, stdout, stderr) => {
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:/);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

test('showing_the_publishable_url_keeps_it_and_only_new_replaces_it_saying_what_dies', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const none = await cli(['app', 'publishable-url', app.id]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /--new/);

  const made = await cli(['app', 'publishable-url', app.id, '--new']);
  assert.equal(made.code, 0, made.stderr);
  const url = made.stdout.match(/^url\s+(\S+)/m)[1];
  assert.match(made.stdout, /^invalidates\s+nothing/m);

  for (let i = 0; i < 2; i++) { // showing is idempotent: the link shared stays the link
    const shown = await cli(['app', 'publishable-url', app.id]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout.match(/^url\s+(\S+)/m)[1], url);
    assert.match(shown.stdout, /^state\s+active/m);
    assert.match(shown.stdout, /^installs\s+users of the app's own account/m);
  }
  assert.equal((await c.ok('GET', `/apps/${app.id}/publishable-url`)).url, url);

  const again = await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  assert.notEqual(again.url, url);
  assert.equal(again.replaced.url, url);
  assert.match(again.invalidates, /stops working: every copy already shared is refused/);
  const cliNew = await cli(['app', 'publishable-url', app.id, '--new']);
  assert.match(cliNew.stdout, /^invalidates\s+the Publishable URL made at .* stops working/m);

  const wrong = await cli(['app', 'publishable-url', app.id, '--environment', 'production']);
  assert.equal(wrong.code, 2, 'an environment without --new is a usage error, not a silent new link');
});

test('a_stale_link_shows_why_and_the_cli_says_how_to_make_a_new_one', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  await c.ok('PATCH', `/apps/${app.id}`, { redirect_url: 'https://elsewhere.example.com/cb' });
  const l = await c.ok('GET', `/apps/${app.id}/publishable-url`);
  assert.equal(l.state, 'stale');
  assert.equal(l.valid, false);
  assert.match(l.invalid_reason, /redirect URL changed at/);
  const shown = await cli(['app', 'publishable-url', app.id]);
  assert.match(shown.stdout, /^state\s+stale/m);
  assert.match(shown.stdout, /^why\s+the app's redirect URL changed/m);
  assert.match(shown.stdout, /--new makes a new link/);
});

test('a_link_whose_sharing_window_ended_says_it_expired_and_when', async () => {
  const { app, server } = await readyApp(plaza, dev.id, { verify: 'none' });
  servers.push(server);
  const req = await c.ok('POST', `/apps/${app.id}/share-requests`, {
    will_publish: true, customers: 3, customer_type: 'beta_customers', duration_days: 30, reason: 'A closed beta.' }, 201);
  await c.ok('POST', `/share-requests/${req.id}/decision`, { decision: 'approve' });
  await c.ok('POST', `/apps/${app.id}/publishable-url`, {}, 201);
  const open = await c.ok('GET', `/apps/${app.id}/publishable-url`);
  assert.equal(open.state, 'active');
  assert.match(open.installs, /until .* any account it is shared with/);
  await advanceClock(plaza, 31 * 86400);
  const ended = await c.ok('GET', `/apps/${app.id}/publishable-url`);
  assert.equal(ended.state, 'sharing_expired');
  assert.match(ended.invalid_reason, /sharing window ended at .*expired/);
  assert.ok(ended.sharing_expired_at);
});

test('media_are_deleted_and_replaced_from_the_cli_and_the_checklist_follows', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const dir = mkdtempSync(join(tmpdir(), 'plaza-media-'));
  const shot = join(dir, 'shot.png'), other = join(dir, 'other.png'), doc = join(dir, 'doc.pdf');
  writeFileSync(shot, png()); writeFileSync(other, png()); writeFileSync(doc, pdf());
  const first = (await upload(plaza, app.id, 'preview', 'shot.png', png())).json;
  const second = (await upload(plaza, app.id, 'preview', 'two.png', png())).json;

  const rep = await cli(['app', 'replace-media', app.id, first.id, other]);
  assert.equal(rep.code, 0, rep.stderr);
  let list = (await c.ok('GET', `/apps/${app.id}/media`)).media;
  assert.deepEqual(list.map((m) => m.filename), ['other.png', 'two.png'], 'the new file takes the old one\'s place');
  assert.ok(!list.some((m) => m.id === first.id));
  const bad = await cli(['app', 'replace-media', app.id, list[0].id, doc]);
  assert.equal(bad.code, 1, 'a preview is replaced only by a preview');
  assert.match(bad.stderr, /file/);

  for (const m of list) assert.equal((await cli(['app', 'delete-media', app.id, m.id])).code, 0);
  const cl = await c.ok('GET', `/apps/${app.id}/checklist`);
  assert.ok(cl.sections.find((s) => s.section === 'app_listing').missing.some((m) => m.field === 'app_listing.preview_images'));
  assert.equal((await cli(['app', 'delete-media', app.id, second.id])).code, 1, 'deleting twice is refused');
});

test('replacing_media_through_the_api_checks_the_file_and_names_what_is_wrong', async () => {
  const app = await createApp(plaza, dev.id, { scopes: ['user:read'] });
  const m = (await upload(plaza, app.id, 'architecture_diagram', 'a.png', png(64, 64))).json;
  const put = (id, name, bytes) => fetch(`${plaza.url}/_plaza/apps/${app.id}/media/${id}?filename=${name}`, {
    method: 'PUT', body: bytes, headers: { authorization: `Bearer ${plaza.adminKey}` } });
  const r = await put(m.id, 'b.png', png(32, 32));
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.replaced, m.id);
  assert.equal(j.kind, 'architecture_diagram');
  assert.equal(j.width, 32);
  const missing = await put('nope', 'b.png', png());
  assert.equal(missing.status, 404);
  const noName = await fetch(`${plaza.url}/_plaza/apps/${app.id}/media/${j.id}`, {
    method: 'PUT', body: png(), headers: { authorization: `Bearer ${plaza.adminKey}` } });
  assert.equal(noName.status, 400);
  assert.ok((await noName.json()).errors.some((e) => e.field === 'filename'));
  const wrongName = await put(j.id, 'b.jpg', png());
  assert.equal(wrongName.status, 400);
});
