// Optimistic concurrency on an app and its parts: every read answers
// ETag "r<revision>", every change takes If-Match and is refused with 412
// (nothing changed) when the app moved on since; without If-Match a change
// works as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPlaza, request, control, createAccount, createApp, assertProblem } from './lib/plaza.mjs';
import { png } from './lib/market.mjs';

let plaza;
before(async () => { plaza = await startPlaza(); });
after(async () => { await plaza.stop(); });

const auth = () => ({ authorization: `Bearer ${plaza.adminKey}` });
const call = (method, path, { body, ifMatch, raw, type } = {}) => request(plaza, method, `/_plaza${path}`, {
  body, raw,
  headers: { ...auth(), ...(ifMatch ? { 'if-match': ifMatch } : {}), ...(type ? { 'content-type': type } : {}) },
});
const etagOf = async (path) => {
  const r = await call('GET', path);
  assert.equal(r.status, 200, r.text);
  const tag = r.headers.get('etag');
  assert.match(tag ?? '', /^"r\d+"$/, `ETag of GET ${path}`);
  return tag;
};
const revisionOf = (tag) => Number(tag.slice(2, -1));

function assertStale(r, revision) {
  assertProblem(r, 412);
  assert.equal(r.json.type, 'urn:plaza:problem:stale');
  assert.equal(r.json.revision, revision, r.text);
  assert.match(r.json.detail, new RegExp(`revision ${revision} now`));
  assert.equal(r.headers.get('etag'), `"r${revision}"`);
}

async function freshApp() {
  const acc = await createAccount(plaza);
  return createApp(plaza, acc.id);
}

test('two_tabs_saving_the_same_section_one_wins_the_other_is_told_412', async () => {
  const app = await freshApp();
  const tabA = await etagOf(`/apps/${app.id}/sections`);
  const tabB = await etagOf(`/apps/${app.id}/sections`);
  assert.equal(tabA, tabB);

  const a = await call('PATCH', `/apps/${app.id}/sections`,
    { body: { app_listing: { short_description: 'Tab A wrote this.' } }, ifMatch: tabA });
  assert.equal(a.status, 200, a.text);
  const after = a.headers.get('etag');
  assert.equal(revisionOf(after), revisionOf(tabA) + 1, 'a change answers the new revision');

  const b = await call('PATCH', `/apps/${app.id}/sections`,
    { body: { app_listing: { short_description: 'Tab B wrote this.' } }, ifMatch: tabB });
  assertStale(b, revisionOf(after));
  const now = await call('GET', `/apps/${app.id}/sections`);
  assert.equal(now.json.app_listing.short_description, 'Tab A wrote this.', 'the stale change is not applied');
  assert.equal(now.headers.get('etag'), after, 'nor does it move the revision');

  // tab B reads again and reapplies
  const again = await call('PATCH', `/apps/${app.id}/sections`,
    { body: { app_listing: { short_description: 'Tab B wrote this.' } }, ifMatch: now.headers.get('etag') });
  assert.equal(again.status, 200, again.text);
});

test('without_if_match_a_change_works_as_before_and_moves_the_revision', async () => {
  const app = await freshApp();
  const before = revisionOf(await etagOf(`/apps/${app.id}`));
  const r = await call('PATCH', `/apps/${app.id}`, { body: { strict_mode: false } });
  assert.equal(r.status, 200, r.text);
  assert.equal(revisionOf(await etagOf(`/apps/${app.id}`)), before + 1);
  // `*` matches any revision of an app that exists
  assert.equal((await call('PATCH', `/apps/${app.id}`, { body: { strict_mode: true }, ifMatch: '*' })).status, 200);
});

test('every_part_of_the_app_answers_the_same_etag', async () => {
  const app = await freshApp();
  const up = await call('POST', `/apps/${app.id}/media/preview?filename=shot.png`,
    { raw: png(), type: 'application/octet-stream' });
  assert.equal(up.status, 201, up.text);
  const tag = await etagOf(`/apps/${app.id}`);
  for (const path of ['/sections', '/environments/development', '/environments/production', '/checklist', '/history',
                      '/versions', '/media', `/media/${up.json.id}`, '/event_subscriptions']) {
    assert.equal(await etagOf(`/apps/${app.id}${path}`), tag, path);
  }
});

test('every_edit_route_honours_if_match', async () => {
  const app = await freshApp();
  const c = control(plaza);
  const sub = await c.ok('POST', `/apps/${app.id}/event_subscriptions`,
    { url: 'https://hooks.example.test/zoom', events: ['meeting.created'] }, 201);
  const media = (await call('POST', `/apps/${app.id}/media/preview?filename=a.png`,
    { raw: png(), type: 'application/octet-stream' })).json;
  const edits = [
    ['PATCH', '', { body: { name: `Renamed ${app.id}` } }],
    ['PATCH', '/sections', { body: { app_listing: { company_name: 'Stale Co' } } }],
    ['PUT', '/production', { body: { redirect_url: 'https://app.example.test/prod' } }],
    ['PATCH', '/environments/development', { body: { meeting_sdk: true } }],
    ['POST', '/media/preview?filename=b.png', { raw: png(), type: 'application/octet-stream' }],
    ['PUT', `/media/${media.id}?filename=c.png`, { raw: png(), type: 'application/octet-stream' }],
    ['DELETE', `/media/${media.id}`, {}],
    ['POST', '/credentials/development/secret', {}],
    ['POST', '/event_subscriptions', { body: { url: 'https://hooks.example.test/two', events: ['meeting.deleted'] } }],
    ['PATCH', `/event_subscriptions/${sub.id}`, { body: { events: ['meeting.deleted'] } }],
    ['DELETE', `/event_subscriptions/${sub.id}`, {}],
    ['POST', '/submit', { body: {} }],
    ['POST', '/withdraw', { body: {} }],
    ['POST', '/review', { body: { decision: 'start' } }],
    ['POST', '/publish', { body: {} }],
    ['DELETE', '', {}],
  ];
  const old = await etagOf(`/apps/${app.id}`);
  await c.ok('PATCH', `/apps/${app.id}`, { strict_mode: false }); // the app moves on
  const current = revisionOf(await etagOf(`/apps/${app.id}`));
  for (const [method, path, opts] of edits) {
    const r = await call(method, `/apps/${app.id}${path}`, { ...opts, ifMatch: old });
    assertStale(r, current);
  }
  // nothing of it happened
  const got = await c.ok('GET', `/apps/${app.id}`);
  assert.equal(got.name, app.name);
  assert.equal(got.credentials.production, undefined);
  assert.equal((await c.ok('GET', `/apps/${app.id}/media`)).media.length, 1);
  assert.equal((await c.ok('GET', `/apps/${app.id}/event_subscriptions/${sub.id}`)).events.join(), 'meeting.created');
  assert.equal(revisionOf(await etagOf(`/apps/${app.id}`)), current);
  // a tag that is not one of plaza's never matches; an unknown app is still 404
  assertStale(await call('PATCH', `/apps/${app.id}`, { body: { strict_mode: true }, ifMatch: 'W/"r1"' }), current);
  assertProblem(await call('PATCH', '/apps/no-such-app', { body: { strict_mode: true }, ifMatch: '"r1"' }), 404);
  // and with the current tag each kind of change goes through
  const tag = `"r${current}"`;
  const r = await call('POST', `/apps/${app.id}/credentials/development/secret`, { ifMatch: tag });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('etag'), `"r${current + 1}"`);
});

test('a_refused_change_leaves_nothing_half_written_and_the_revision_unmoved', async () => {
  const app = await freshApp();
  const tag = await etagOf(`/apps/${app.id}`);
  // a validation failure answered by the handler: 400, nothing changed, the tag still good
  const bad = await call('PATCH', `/apps/${app.id}`, { body: { name: 'ok name', redirect_url: 'ftp://nope' }, ifMatch: tag });
  assertProblem(bad, 400, 'redirect_url');
  assert.equal(bad.headers.get('etag'), null, 'a failure carries no new tag');
  assert.equal(await etagOf(`/apps/${app.id}`), tag);
  assert.equal((await control(plaza).ok('GET', `/apps/${app.id}`)).name, app.name);
  const ok = await call('PATCH', `/apps/${app.id}`, { body: { name: `Kept ${app.id}` }, ifMatch: tag });
  assert.equal(ok.status, 200, ok.text);
});

test('parallel_saves_with_the_same_etag_exactly_one_wins', async () => {
  const app = await freshApp();
  const tag = await etagOf(`/apps/${app.id}/sections`);
  const n = 8;
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => call('PATCH', `/apps/${app.id}/sections`,
    { body: { app_listing: { short_description: `Writer ${i}` } }, ifMatch: tag })));
  const won = answers.filter((r) => r.status === 200);
  assert.equal(won.length, 1, answers.map((r) => r.status).join());
  assert.ok(answers.every((r) => r.status === 200 || r.status === 412), answers.map((r) => r.status).join());
  const doc = await call('GET', `/apps/${app.id}/sections`);
  assert.equal(doc.json.app_listing.short_description, won[0].json.app_listing.short_description);
  assert.equal(revisionOf(doc.headers.get('etag')), revisionOf(tag) + 1);
});
