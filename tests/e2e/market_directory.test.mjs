// The public directory: published apps as anyone browses them, without
// authentication; any app that is not published is 404, and so is every
// media item that is not part of the public listing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, request, control, createAccount, createApp, assertProblem } from './lib/plaza.mjs';
import { readyApp, upload, mp4 } from './lib/market.mjs';

let plaza;
const servers = [];
after(async () => {
  for (const s of servers) await s.close();
  await plaza.stop();
});

const pub = (path) => request(plaza, 'GET', `/_plaza/directory${path}`); // no Authorization at all

// A ready app taken through review; `publish` false stops at approved.
async function reviewedApp(acc, { name, publish = true, category = 'Productivity' } = {}) {
  const c = control(plaza);
  const { app, origin, server } = await readyApp(plaza, acc.id, { fields: name ? { name } : {} });
  servers.push(server);
  await c.ok('PATCH', `/apps/${app.id}/sections`, { app_listing: { category } });
  await c.ok('POST', `/apps/${app.id}/submit`, {});
  await c.ok('POST', `/apps/${app.id}/review`, { decision: 'approve' });
  if (publish) await c.ok('POST', `/apps/${app.id}/publish`, {});
  return { app, origin };
}

let acc, live, approved, draft, gone;
before(async () => {
  plaza = await startPlaza();
  acc = await createAccount(plaza);
  live = await reviewedApp(acc, { name: `Zebra Scheduler ${process.pid}` });
  approved = await reviewedApp(acc, { publish: false });
  draft = await createApp(plaza, acc.id);
  gone = await reviewedApp(acc);
  await control(plaza).ok('DELETE', `/apps/${gone.app.id}`);
});

test('a_published_app_is_listed_with_its_listing_scopes_media_and_install_url', async () => {
  const r = await pub(`/${live.app.id}`);
  assert.equal(r.status, 200, r.text);
  const d = r.json;
  assert.equal(d.id, live.app.id);
  assert.equal(d.name, live.app.name);
  assert.equal(d.short_description, 'Schedules things.');
  assert.equal(d.long_description, 'Schedules many things.');
  assert.equal(d.category, 'Productivity');
  assert.equal(d.developer_name, 'Example Co');
  assert.equal(d.support_url, `${live.origin}/support`);
  assert.equal(d.privacy_policy_url, `${live.origin}/privacy`);
  assert.equal(d.terms_of_use_url, `${live.origin}/terms`);
  assert.equal(d.version, 1);
  assert.deepEqual(d.scopes.map((s) => s.scope), ['user:read']);
  assert.equal(d.scopes[0].purpose, 'Shows the signed-in user their own name.');
  assert.ok(d.scopes[0].description.length > 0);
  // the preview is public; the review's documents are not listed
  assert.deepEqual(d.media.map((m) => m.kind), ['preview']);
  const url = new URL(d.install_url);
  assert.equal(url.pathname, '/oauth/authorize');
  assert.equal(url.searchParams.get('response_type'), 'code');
  const prod = (await control(plaza).ok('GET', `/apps/${live.app.id}`)).credentials.production;
  assert.equal(url.searchParams.get('client_id'), prod.client_id);
  assert.equal(url.searchParams.get('redirect_uri'), `${live.origin}/prod/callback`);
  // nothing secret
  assert.doesNotMatch(r.text, /secret|test_account|reviewer-pass/);
});

test('apps_that_are_not_published_are_404', async () => {
  for (const id of [approved.app.id, draft.id, gone.app.id, 'no-such-app']) {
    assertProblem(await pub(`/${id}`), 404);
  }
  const all = await pub('?page_size=300');
  assert.equal(all.status, 200, all.text);
  const ids = all.json.apps.map((a) => a.id);
  assert.ok(ids.includes(live.app.id));
  for (const id of [approved.app.id, draft.id, gone.app.id]) assert.ok(!ids.includes(id), id);
});

test('q_filters_by_name_and_listing_text_in_any_case', async () => {
  const byName = await pub(`?q=${encodeURIComponent(`zebra scheduler ${process.pid}`)}`);
  assert.deepEqual(byName.json.apps.map((a) => a.id), [live.app.id]);
  const none = await pub('?q=nothing-matches-this');
  assert.deepEqual(none.json.apps, []);
  assert.equal(none.json.next_page_token, '');
  const byText = await pub('?q=PRODUCTIVITY');
  assert.ok(byText.json.apps.some((a) => a.id === live.app.id));
});

test('the_directory_pages_and_refuses_a_bad_page_size', async () => {
  const other = await reviewedApp(acc);
  const seen = [];
  let token = '';
  do {
    const r = await pub(`?page_size=1${token ? `&next_page_token=${token}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.apps.length <= 1);
    seen.push(...r.json.apps.map((a) => a.id));
    token = r.json.next_page_token;
  } while (token);
  assert.deepEqual(seen, [...seen].sort(), 'in id order');
  assert.ok(seen.includes(live.app.id) && seen.includes(other.app.id));
  assert.equal(new Set(seen).size, seen.length);
  for (const bad of ['0', '301', 'ten']) assertProblem(await pub(`?page_size=${bad}`), 400, 'page_size');
});

test('media_of_the_public_listing_is_served_and_anything_else_is_404', async () => {
  const c = control(plaza);
  await c.ok('POST', `/apps/${live.app.id}/withdraw`, {}, [200, 409]); // published: an edit opens a draft
  const video = await upload(plaza, live.app.id, 'video', 'demo.mp4', mp4());
  assert.equal(video.status, 201, video.text);
  const d = (await pub(`/${live.app.id}`)).json;
  const preview = d.media.find((m) => m.kind === 'preview');
  const r = await fetch(preview.url);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(Number(r.headers.get('content-length')), bytes.length);
  assert.equal(bytes.length, preview.size);
  assert.match(r.headers.get('etag') ?? '', /^"[0-9a-f]{64}"$/);
  assert.equal((await fetch(d.media.find((m) => m.kind === 'video').url)).status, 200);

  const all = await c.ok('GET', `/apps/${live.app.id}/media`);
  const privateDoc = all.media.find((m) => m.kind === 'secure_development_document');
  assertProblem(await pub(`/${live.app.id}/media/${privateDoc.id}`), 404);
  assertProblem(await pub(`/${live.app.id}/media/no-such-media`), 404);
  const approvedMedia = (await c.ok('GET', `/apps/${approved.app.id}/media`)).media[0];
  assertProblem(await pub(`/${approved.app.id}/media/${approvedMedia.id}`), 404);
});
